"""Where the fast engine's time goes: CPU time per step of the day, and per sampler.

Usage: ``.venv/bin/python benchmarks/profile_kernels.py [runs] [days] [reference_runs]``
(defaults 2,000 runs, 365 days, 3 reference runs for the draw log) on the flagship with the
engine's default strategies. Prints microseconds per run-day of every kernel call, of the
strategies and of the observation, then the RNG floor of the same work split by sampler (the
draws of the reference runs replayed with the compiled samplers, see ``clausewitz.bench``).

Each call is wrapped in a CPU timer (``time.process_time``); the wrapping costs well under a
microsecond per call and there are about twenty calls a day, so for thousands of runs the
figures are the kernels' own.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

import numpy as np

from clausewitz.bench.draw_log import SAMPLERS, DrawLog, record_draws
from clausewitz.bench.rng_floor import replay_seconds
from clausewitz.bench.workload import Workload
from clausewitz.engine import fast
from clausewitz.engine.kernels import (
    advance,
    attrition,
    breakpoints,
    ceasefire,
    economy,
    forces,
    logistics,
    objectives,
    observe,
)
from clausewitz.strategies import StrategySpec

STEPS: tuple[tuple[Any, tuple[str, ...]], ...] = (
    (forces, ("generate", "arrive", "withdraw", "commit", "effective_postures")),
    (observe, ("fill",)),
    (logistics, ("supply",)),
    (breakpoints, ("start_engagements",)),
    (attrition, ("attrition",)),
    (breakpoints, ("breakpoints",)),
    (advance, ("advance",)),
    (objectives, ("objectives",)),
    (advance, ("advance_today",)),
    (economy, ("economy",)),
    (ceasefire, ("ceasefire",)),
)


def _timed(spent: Counter[str], label: str, func: Callable[..., Any]) -> Callable[..., Any]:
    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return func(*args, **kwargs)
        finally:
            spent[label] += time.process_time() - start

    return timed


def profile_engine(work: Workload, runs: int) -> tuple[Counter[str], float]:
    """CPU seconds per step and in all, for ``runs`` runs of ``work``."""
    plan = work.plan(runs)
    strategies = work.resolved_strategies
    fast.simulate(plan.take(slice(0, 2)), work.seed, strategies, days=2)  # load the kernels
    spent: Counter[str] = Counter()
    saved: list[tuple[Any, str, Any]] = []
    for module, names in STEPS:
        for name in names:
            saved.append((module, name, getattr(module, name)))
            label = f"{module.__name__.rsplit('.', 1)[-1]}.{name}"
            setattr(module, name, _timed(spent, label, getattr(module, name)))
    saved.append((fast, "_observe", fast._observe))
    fast._observe = _timed(spent, "observation (Python)", fast._observe)  # type: ignore[assignment]
    for side in ("attacker", "defender"):
        spec: StrategySpec = getattr(strategies, side)
        object.__setattr__(spec, "function", _timed(spent, f"strategy {spec.name}", spec.function))
    try:
        start = time.process_time()
        fast.simulate(plan, work.seed, strategies, days=work.horizon)
        total = time.process_time() - start
    finally:
        for module, name, value in reversed(saved):
            setattr(module, name, value)
    # the observation's time includes its kernel's, counted on its own line
    spent["observation (Python)"] -= spent["observe.fill"]
    return spent, total


def sampler_floor(work: Workload, runs: int) -> tuple[DrawLog, dict[str, float]]:
    """The draw log of ``runs`` reference runs and the replay time of each sampler's draws."""
    plan = work.plan(runs)
    log = record_draws(plan, work.seed, work.resolved_strategies, runs, work.horizon)
    kinds, coords, params = log.arrays()
    out: dict[str, float] = {}
    for k, name in enumerate(SAMPLERS):
        keep = np.flatnonzero(kinds == k)
        if keep.size == 0:
            continue
        part = DrawLog(log.seed)
        part.kinds = kinds[keep].tolist()
        part.coords = [tuple(c) for c in coords[keep].tolist()]  # type: ignore[misc]
        part.params = [tuple(p) for p in params[keep].tolist()]  # type: ignore[misc]
        out[name] = replay_seconds(part, repeats=5)
    return log, out


def main(runs: int = 2000, days: int = 365, reference_runs: int = 3) -> None:
    """Print the breakdown."""
    work = Workload(days=days)
    spent, total = profile_engine(work, runs)
    run_days = runs * work.horizon
    print(f"fast engine, {work.scenario}, {runs:,} runs x {work.horizon} days (CPU time)")
    print(f"  {'step':<34}{'us/run-day':>12}{'share':>8}")
    for label, seconds in spent.most_common():
        print(f"  {label:<34}{seconds / run_days * 1e6:>12.3f}{seconds / total:>8.1%}")
    other = total - sum(spent.values())
    print(f"  {'day loop, orders, copies':<34}{other / run_days * 1e6:>12.3f}{other / total:>8.1%}")
    print(f"  {'total':<34}{total / run_days * 1e6:>12.3f}")

    log, floor = sampler_floor(work, reference_runs)
    floor_days = log.run_days
    print(f"RNG floor by sampler ({reference_runs} reference runs, {len(log):,} draws)")
    print(f"  {'sampler':<34}{'draws/run-day':>14}{'us/run-day':>12}")
    counts = log.counts()
    for name, seconds in floor.items():
        per_day = counts[name] / floor_days
        print(f"  {name:<34}{per_day:>14.2f}{seconds / floor_days * 1e6:>12.3f}")
    floor_us = sum(floor.values()) / floor_days * 1e6
    print(f"  {'total':<34}{len(log) / floor_days:>14.2f}{floor_us:>12.3f}")


if __name__ == "__main__":
    numbers = [int(a) for a in sys.argv[1:4]]
    main(*numbers)
