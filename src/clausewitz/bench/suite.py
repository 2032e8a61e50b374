"""``run_bench``: every measurement of issue 4's benchmark, on one workload, in one process.

1. the fast engine on ``runs`` runs (here, after loading its kernels): sector-days per second;
2. the reference engine on the first ``reference_runs`` of them: ``ratio_vs_reference``;
3. the draws of those reference runs, recorded and replayed with the compiled samplers:
   ``ratio_vs_rng_floor``;
4. ``clausewitz run`` for each size of ``scaling`` in a child process (time and peak RSS).

All ratios are per sector-day, so the engines may be timed on different numbers of runs.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from clausewitz import __version__
from clausewitz.bench.draw_log import record_draws
from clausewitz.bench.machine import machine_info
from clausewitz.bench.report import BenchReport, DrawStats, Timing
from clausewitz.bench.rng_floor import philox_seconds, replay_seconds
from clausewitz.bench.stream import measure_stream
from clausewitz.bench.workload import (
    DEFAULT_SCENARIO,
    DEFAULT_SEED,
    DEFAULT_STRATEGIES,
    Workload,
)
from clausewitz.engine import fast, reference
from clausewitz.errors import UserError
from clausewitz.runner.chunks import DEFAULT_CHUNK

Progress = Callable[[str, float, float], None]
"""``progress(stage, done, total)``; stages are announced with ``done = 0`` first."""

FULL_SCALING: tuple[int, ...] = (10_000, 100_000, 1_000_000)
QUICK_SCALING: tuple[int, ...] = (1_000, 3_000, 10_000)


@dataclass(frozen=True)
class BenchOptions:
    """What to measure and how much of it."""

    scenario: str = DEFAULT_SCENARIO
    seed: int = DEFAULT_SEED
    strategies: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_STRATEGIES))
    days: int | None = None
    """Days per run (default: the scenario's horizon, 365 for the flagship)."""
    runs: int = 10_000
    """Runs of the in-process fast-engine timing (one chunk of the runner's default size)."""
    reference_runs: int = 5
    """Runs of the reference engine (about a second each for the flagship) and of the draw
    log."""
    scaling: Sequence[int] = FULL_SCALING
    """Sizes streamed in a child process (time and peak RSS); empty to skip."""
    chunk: int = DEFAULT_CHUNK
    workers: int = 1
    repeats: int = 5
    """Repetitions of the (short) replay timings; the best counts."""

    @classmethod
    def quick(cls, **kw: object) -> BenchOptions:
        """Minutes, not an hour: smaller sizes (the memory target is then not measured)."""
        base: dict[str, object] = {
            "runs": 2_000,
            "reference_runs": 2,
            "scaling": QUICK_SCALING,
            "repeats": 3,
        }
        base.update(kw)
        return cls(**base)  # type: ignore[arg-type]

    def check(self) -> None:
        """:class:`UserError` for sizes that make no sense."""
        if self.runs < 1 or self.reference_runs < 1:
            raise UserError("--runs and --reference-runs must be at least 1")
        if self.reference_runs > self.runs:
            raise UserError("--reference-runs cannot exceed --runs")
        if any(n < 1 for n in self.scaling):
            raise UserError("--scaling sizes must be at least 1")
        if self.chunk < 1 or self.workers < 1:
            raise UserError("--chunk and --workers must be at least 1")


def _noop(stage: str, done: float, total: float) -> None:
    return None


def run_bench(options: BenchOptions | None = None, progress: Progress | None = None) -> BenchReport:
    """Run every measurement of the benchmark (see the module docstring)."""
    opts = options or BenchOptions()
    opts.check()
    report = progress or _noop
    work = Workload(opts.scenario, opts.seed, dict(opts.strategies), opts.days)
    strategies = work.resolved_strategies
    days = work.horizon

    report("compile plan", 0, 1)
    plan = work.plan(opts.runs)
    S = plan.n_sectors
    # load (or compile) every kernel before timing anything
    fast.simulate(plan.take(slice(0, 2)), opts.seed, strategies, days=2)
    report("compile plan", 1, 1)

    report("fast engine", 0, days)

    def each_day(t: int, _: object) -> None:
        report("fast engine", t + 1, days)

    start = time.process_time()
    fast.simulate(plan, opts.seed, strategies, days=days, observer=each_day if progress else None)
    fast_timing = Timing(opts.runs, days, S, time.process_time() - start)

    k = opts.reference_runs
    report("reference engine", 0, k)
    start = time.process_time()
    for i in range(k):
        reference.simulate_run(plan, i, opts.seed, strategies, days=days)
        report("reference engine", i + 1, k)
    ref_timing = Timing(k, days, S, time.process_time() - start)

    report("RNG floor", 0, 2)
    log = record_draws(plan, opts.seed, strategies, k, days)
    report("RNG floor", 1, 2)
    replay = Timing(k, days, S, replay_seconds(log, opts.repeats))
    philox = philox_seconds(log.philox_blocks, opts.seed, opts.repeats)
    report("RNG floor", 2, 2)
    draws = DrawStats(replay, len(log), log.counts(), log.philox_blocks, philox)

    streams = []
    for n in opts.scaling:
        stage = f"stream {n:,} runs"
        report(stage, 0, n)

        def streamed(done: int, total: int, stage: str = stage) -> None:
            report(stage, done, total)

        streams.append(
            measure_stream(
                scenario=opts.scenario,
                seed=opts.seed,
                strategies=work.strategy_options(),
                runs=n,
                days=days,
                chunk=opts.chunk,
                workers=opts.workers,
                progress=streamed,
            )
        )
    sha = work.loaded.sha256
    notes = [
        f"the streamed runs of {s.runs:,} loaded another version of the scenario than the "
        "in-process measurements (was it edited during the benchmark?)"
        for s in streams
        if s.scenario_sha256 != sha
    ]
    notes += [
        "ratios are per sector-day; the reference and the RNG floor are measured on the first "
        f"{k} run(s), the fast engine on {opts.runs:,}",
        "RNG floor: the recorded draws of the reference runs replayed with the fast engine's "
        "compiled samplers (same Philox4x32-10 streams, same parameters), best of "
        f"{opts.repeats}",
    ]
    return BenchReport(
        scenario=work.loaded.scenario.meta.name,
        scenario_sha256=sha,
        seed=opts.seed,
        strategies=work.strategy_names,
        days=days,
        sectors=S,
        fast=fast_timing,
        reference=ref_timing,
        draws=draws,
        streams=streams,
        machine=machine_info(),
        version=__version__,
        notes=notes,
    )
