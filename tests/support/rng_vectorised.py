"""Draws of a compiled sampler over many run indices, for the statistical tests.

The package's samplers are scalar (``poisson``, and ``poisson_nb`` inside compiled kernels):
the engine calls them from its own loops. The tests need a hundred thousand draws at a time,
so these loops call a ``*_nb`` sampler once per run; a parameter array has one value per run or
a single value for all.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from numba import njit

from clausewitz.rng import samplers

OUT_DTYPE = {"bernoulli": np.bool_, "poisson": np.int64, "negative_binomial": np.int64}
OUT_DTYPE["binomial"] = np.int64
ARITY = {"standard_normal": 0, "bernoulli": 1, "poisson": 1}


@njit
def _stride(param_len, n):  # pragma: no cover - compiled
    if param_len == n:
        return 1
    if param_len == 1:
        return 0
    raise ValueError("a parameter array must have length len(runs) or 1")


# The sampler is passed in as a compiled function (one specialisation per sampler).
@njit
def _loop0(f, out, seed, runs, process, sector, day, slot):  # pragma: no cover - compiled
    for i in range(runs.shape[0]):
        out[i] = f(seed, runs[i], process, sector, day, slot)


@njit
def _loop1(f, out, seed, runs, process, sector, day, slot, a):  # pragma: no cover - compiled
    sa = _stride(a.shape[0], runs.shape[0])
    for i in range(runs.shape[0]):
        out[i] = f(seed, runs[i], process, sector, day, slot, a[i * sa])


@njit
def _loop2(f, out, seed, runs, process, sector, day, slot, a, b):  # pragma: no cover - compiled
    sa = _stride(a.shape[0], runs.shape[0])
    sb = _stride(b.shape[0], runs.shape[0])
    for i in range(runs.shape[0]):
        out[i] = f(seed, runs[i], process, sector, day, slot, a[i * sa], b[i * sb])


def over_runs(name: str) -> Callable[..., np.ndarray]:
    """``name``'s draws for each run: ``f(seed, runs, process, sector, day, slot, *params)``."""
    compiled = getattr(samplers, f"{name}_nb")
    loop = (_loop0, _loop1, _loop2)[ARITY.get(name, 2)]

    def draw(seed: int, runs: np.ndarray, *args: Any) -> np.ndarray:
        out = np.empty(np.asarray(runs).shape[0], dtype=OUT_DTYPE.get(name, np.float64))
        loop(compiled, out, seed, np.asarray(runs, dtype=np.int64), *args)
        return out

    return draw
