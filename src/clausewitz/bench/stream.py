"""Streamed runs in a child process: wall time and peak resident memory of ``clausewitz run``.

:func:`measure_stream` starts ``python -m clausewitz.bench.stream`` (this module's
:func:`main`), which runs :func:`~clausewitz.runner.run_scenario` exactly as ``clausewitz run``
does (chunks streamed through the fast engine, per-run Parquet, daily bands, manifest) into a
temporary folder. The child reports its progress and its time as JSON lines on stdout; its peak
resident set size comes from the kernel when it exits (``wait4``), so the parent's own memory
never counts, and neither does anything the child allocated before it started streaming
(it is all in the peak, which is what bounds a real run).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

Progress = Callable[[int, int], None]
"""``progress(runs_done, runs_total)``."""

SAMPLE_SECONDS = 2.0
"""Interval of the sampling of a child's process tree (memory and the workers' CPU time).
Reading a process's PSS costs about 10 ms, and a chunk lasts tens of seconds, so sampling
more often would cost the measured run CPU without seeing a higher peak."""


def _memory(proc: Any) -> int:
    """Proportional set size where the OS reports it (pages shared between the fork server
    and its workers are counted once, not once per process), else RSS."""
    try:
        return int(proc.memory_full_info().pss)
    except (AttributeError, OSError):
        return int(proc.memory_info().rss)


class _TreeSampler(threading.Thread):
    """Samples a process and its descendants until stopped: the peak of their summed memory,
    and the last CPU time seen of each descendant (workers are not children of the child
    when a fork server starts them, so the child's own accounting misses them)."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0
        self.descendant_cpu: dict[int, float] = {}
        self.done = threading.Event()

    def run(self) -> None:
        import psutil

        try:
            root = psutil.Process(self.pid)
        except psutil.Error:
            return
        while not self.done.is_set():
            total = 0
            try:
                family = [root, *root.children(recursive=True)]
            except psutil.Error:
                return
            for proc in family:
                with contextlib.suppress(psutil.Error):
                    total += _memory(proc)
                    if proc.pid != self.pid:
                        times = proc.cpu_times()
                        self.descendant_cpu[proc.pid] = times.user + times.system
            self.peak = max(self.peak, total)
            self.done.wait(SAMPLE_SECONDS)


@dataclass(frozen=True)
class StreamResult:
    """One streamed run set: how many runs, how long, how much memory at most."""

    runs: int
    days: int
    chunk: int
    workers: int
    seconds: float
    """Wall time of ``run_scenario`` in the child (interpreter start and imports excluded)."""
    cpu_seconds: float
    """CPU time of the same: the child's own, exact, plus its workers' (and their fork
    server's), sampled every :data:`SAMPLE_SECONDS`. On a shared machine it counts only the
    work, not the waits for a core."""
    scenario_sha256: str
    """Hash of the scenario the child loaded (the parent checks it is the one it measured)."""
    peak_rss_mb: float
    """Peak resident set size of the child (MiB), exact, from the kernel; with workers, the
    largest of the processes (that is what the kernel reports for waited-for children)."""
    peak_tree_rss_mb: float
    """Peak of the summed memory (PSS on Linux) of the child and its workers, sampled every
    :data:`SAMPLE_SECONDS`: what a run with workers holds in all. Without workers it is at
    most the exact peak above."""

    @property
    def memory_mb(self) -> float:
        """The memory the run set needed: the larger of the exact single-process peak and the
        sampled peak of all its processes together."""
        return max(self.peak_rss_mb, self.peak_tree_rss_mb)

    @property
    def us_per_run_day(self) -> float:
        """Microseconds per simulated run-day."""
        return self.seconds / (self.runs * self.days) * 1e6


def _maxrss_mb(ru_maxrss: int) -> float:
    # Linux reports KiB, macOS bytes.
    return ru_maxrss / (2**20 if sys.platform == "darwin" else 2**10)


def measure_stream(
    *,
    scenario: str,
    seed: int,
    strategies: list[str],
    runs: int,
    days: int,
    chunk: int,
    workers: int = 1,
    progress: Progress | None = None,
) -> StreamResult:
    """Stream ``runs`` runs of ``scenario`` in a child process; its time and peak memory."""
    with tempfile.TemporaryDirectory(prefix="clausewitz-bench-") as tmp:
        cmd = [sys.executable, "-m", "clausewitz.bench.stream", scenario]
        cmd += ["--seed", str(seed), "--runs", str(runs), "--days", str(days)]
        cmd += ["--chunk", str(chunk), "--workers", str(workers)]
        cmd += ["--out", str(Path(tmp) / "run")]
        for opt in strategies:
            cmd += ["--strategy", opt]
        # stderr to a file, not a pipe: a chatty child must never block on a full pipe
        with open(Path(tmp) / "stderr.txt", "w+", encoding="utf-8") as err:
            proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=err, text=True)
            assert proc.stdout is not None
            sampler = _TreeSampler(proc.pid)
            sampler.start()
            result: dict[str, Any] | None = None
            sha = ""
            for line in proc.stdout:
                message = json.loads(line)
                sha = str(message.get("scenario_sha256", sha))
                if "done" in message and progress is not None:
                    progress(int(message["done"]), int(message["total"]))
                if "seconds" in message:
                    result = message
            sampler.done.set()
            sampler.join()
            # wait4 instead of wait(): the kernel's resource usage of exactly this child
            _, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(status)
            err.seek(0)
            errors = err.read().strip()
        if proc.returncode != 0 or result is None:
            code = proc.returncode
            raise RuntimeError(f"the streamed benchmark run failed (exit {code}): {errors[-2000:]}")
    return StreamResult(
        runs=runs,
        days=days,
        chunk=chunk,
        workers=workers,
        seconds=float(result["seconds"]),
        cpu_seconds=float(result["cpu_seconds"]) + sum(sampler.descendant_cpu.values()),
        scenario_sha256=sha,
        peak_rss_mb=_maxrss_mb(usage.ru_maxrss),
        peak_tree_rss_mb=sampler.peak / 2**20,
    )


def _emit(message: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def main(argv: list[str] | None = None) -> int:
    """Child entry: run the scenario as ``clausewitz run`` would, print JSON lines."""
    parser = argparse.ArgumentParser(prog="python -m clausewitz.bench.stream")
    parser.add_argument("scenario")
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--runs", type=int, required=True)
    parser.add_argument("--days", type=int, required=True)
    parser.add_argument("--chunk", type=int, required=True)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--out", required=True)
    parser.add_argument("--strategy", action="append", default=[])
    args = parser.parse_args(argv)

    from clausewitz.bench.workload import Workload
    from clausewitz.engine.fast import simulate
    from clausewitz.runner import run_scenario
    from clausewitz.runner.options import parse_strategy_options

    strategies = parse_strategy_options(args.strategy)
    workload = Workload(args.scenario, args.seed, strategies, args.days)
    _emit({"scenario_sha256": workload.loaded.sha256})
    # Load the compiled kernels before the clock starts: a one-off cost, not a per-run one.
    simulate(workload.plan(2), args.seed, workload.resolved_strategies, days=2)

    def progress(done: int, total: int) -> None:
        _emit({"done": done, "total": total})

    start, cpu_start = time.perf_counter(), time.process_time()
    run_scenario(
        workload.loaded,
        runs=args.runs,
        seed=args.seed,
        strategies=strategies,
        days=args.days,
        chunk=args.chunk,
        workers=args.workers,
        out=args.out,
        progress=progress,
    )
    # this process only: the parent samples the workers' CPU time
    _emit({"seconds": time.perf_counter() - start, "cpu_seconds": time.process_time() - cpu_start})
    return 0


if __name__ == "__main__":
    sys.exit(main())
