"""Micro-benchmark of the compiled random streams: uniforms/s and Poisson draws/s.

Usage: ``.venv/bin/python benchmarks/bench_rng.py [n]`` (default ``n = 5_000_000`` per case).
Single-threaded: the compiled samplers called in a compiled loop over run indices, as the
engine's kernels call them; the first call of each kernel (compilation or cache load) is
excluded. Prints the best of three timings per case.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

import numpy as np
from numba import njit

from clausewitz.rng import Process, philox4x32_array, u01_runs
from clausewitz.rng.samplers import gamma_nb, poisson_nb, standard_normal_nb


@njit(cache=True)
def standard_normal_runs(seed: int, runs: np.ndarray, process: int) -> np.ndarray:
    out = np.empty(runs.shape[0])
    for i in range(runs.shape[0]):
        out[i] = standard_normal_nb(seed, runs[i], process, 0, 0, 0)
    return out


@njit(cache=True)
def gamma_runs(seed: int, runs: np.ndarray, process: int, shape: float) -> np.ndarray:
    out = np.empty(runs.shape[0])
    for i in range(runs.shape[0]):
        out[i] = gamma_nb(seed, runs[i], process, 0, 0, 0, shape, 1.0)
    return out


@njit(cache=True)
def poisson_runs(seed: int, runs: np.ndarray, process: int, lam: np.ndarray) -> np.ndarray:
    out = np.empty(runs.shape[0], dtype=np.int64)
    step = 1 if lam.shape[0] == runs.shape[0] else 0
    for i in range(runs.shape[0]):
        out[i] = poisson_nb(seed, runs[i], process, 0, 0, 0, lam[i * step])
    return out


def _rate(func: Callable[[], object], n: int, repeats: int = 3) -> float:
    func()  # compile / load from cache, warm up
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return n / best


def main(n: int = 5_000_000) -> None:
    """Print throughput of the compiled samplers for ``n`` runs per case."""
    seed = 20250101
    runs = np.arange(n, dtype=np.int64)
    losses = int(Process.LOSSES_ATTACKER)
    counters = np.zeros((n, 4), dtype=np.uint32)
    counters[:, 0] = runs
    print(f"clausewitz.rng micro-benchmark, {n:,} draws per case, one thread")
    rate = _rate(lambda: philox4x32_array(counters, 1, 2), n)
    print(f"  philox4x32_array   {rate / 1e6:8.1f} M blocks/s  ({2 * rate / 1e6:.1f} M doubles/s)")
    rate = _rate(lambda: u01_runs(seed, runs, losses, 0, 0, 0, 0), n)
    print(f"  u01_runs           {rate / 1e6:8.1f} M uniforms/s")
    rate = _rate(lambda: standard_normal_runs(seed, runs, losses), n)
    print(f"  standard_normal    {rate / 1e6:8.1f} M draws/s")
    rate = _rate(lambda: gamma_runs(seed, runs, losses, 2.5), n)
    print(f"  gamma(2.5)         {rate / 1e6:8.1f} M draws/s")
    for lam in (0.5, 5.0, 30.0, 1e4, 1e6):
        lam_arr = np.array([lam])
        rate = _rate(lambda lam_arr=lam_arr: poisson_runs(seed, runs, losses, lam_arr), n)
        label = f"poisson({lam:g})"
        print(f"  {label:<18} {rate / 1e6:8.1f} M draws/s")
    lam_mixed = np.random.default_rng(1).uniform(0.0, 100.0, n)
    rate = _rate(lambda: poisson_runs(seed, runs, losses, lam_mixed), n)
    print(f"  {'poisson(U(0,100))':<18} {rate / 1e6:8.1f} M draws/s  (a new mean per run)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5_000_000)
