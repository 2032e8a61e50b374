"""Record every random draw the engine makes, so that the draws alone can be timed.

The reference engine and the fast engine make exactly the same draws (same sampler, same
stream coordinates, same parameters: the equivalence tests check the trajectories they
produce). :func:`record_draws` runs the reference engine on some runs with each sampler it
calls wrapped to append ``(sampler, coordinates, parameters)`` to a :class:`DrawLog`, and counts
the Philox blocks those samplers consume. :mod:`clausewitz.bench.rng_floor` then replays the log
with the compiled samplers of the fast engine: the time of "just drawing the same random
numbers with the same generator".

The wrapping replaces module attributes of ``clausewitz.engine.reference`` and
``clausewitz.rng.streams`` for the duration of the ``with`` block only (single-threaded
measurement code, never used by a simulation that matters).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

import numpy as np
from numpy.typing import NDArray

from clausewitz import rng
from clausewitz.engine import reference
from clausewitz.engine.plan import Plan
from clausewitz.engine.reference import (
    advance,
    attrition,
    breakpoints,
    ceasefire,
    economy,
    logistics,
    objectives,
)
from clausewitz.rng import streams
from clausewitz.strategies import Strategies

SAMPLERS: tuple[str, ...] = (
    "beta",
    "binomial",
    "lognormal",
    "negative_binomial",
    "poisson",
    "bernoulli",
    "uniform",
)
"""Samplers the engine draws from; a draw's kind is its index here."""

_CALLERS: tuple[tuple[ModuleType, tuple[str, ...]], ...] = (
    (attrition, ("binomial", "lognormal", "negative_binomial", "poisson")),
    (breakpoints, ("beta", "uniform")),
    (advance, ("lognormal",)),
    (objectives, ("uniform",)),
    (economy, ("bernoulli",)),
    (logistics, ("lognormal",)),
    (ceasefire, ("bernoulli",)),
)
"""Reference-engine modules and the samplers each imports (every random draw of the engine)."""


@dataclass
class DrawLog:
    """The draws of some runs: kind, stream coordinates and up to two parameters each."""

    seed: int
    kinds: list[int] = field(default_factory=list)
    coords: list[tuple[int, int, int, int, int]] = field(default_factory=list)
    """``(run, process, sector, day, slot)`` of each draw."""
    params: list[tuple[float, float]] = field(default_factory=list)
    """``(a, b)``: beta ``(a, b)``, binomial ``(n, p)``, lognormal ``(mu, sigma)``, negative
    binomial ``(mean, dispersion)``, Poisson ``(lam, 0)``, Bernoulli ``(p, 0)``, uniform
    ``(low, high)``."""
    values: list[float] = field(default_factory=list)
    """The value each draw returned (integers and Bernoulli outcomes as floats)."""
    philox_blocks: int = 0
    """Philox4x32 blocks the draws consumed (rejection loops included)."""
    run_days: int = 0
    """Run-days simulated to make these draws."""

    def __len__(self) -> int:
        return len(self.kinds)

    def arrays(self) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64]]:
        """``(kinds (n,), coords (n, 5), params (n, 2))`` for the compiled replay."""
        kinds = np.asarray(self.kinds, dtype=np.int64)
        coords = np.asarray(self.coords, dtype=np.int64).reshape(-1, 5)
        params = np.asarray(self.params, dtype=np.float64).reshape(-1, 2)
        return kinds, coords, params

    def counts(self) -> dict[str, int]:
        """Draws per sampler."""
        per_kind = np.bincount(np.asarray(self.kinds, dtype=np.int64), minlength=len(SAMPLERS))
        return {name: int(n) for name, n in zip(SAMPLERS, per_kind, strict=True)}


def _logging(log: DrawLog, name: str, sampler: Callable[..., Any]) -> Callable[..., Any]:
    kind = SAMPLERS.index(name)
    two = name not in ("poisson", "bernoulli")

    def logged(
        seed: int, run: int, process: int, sector: int, day: int, slot: int, *args: Any
    ) -> Any:
        log.kinds.append(kind)
        log.coords.append((run, process, sector, day, slot))
        log.params.append((float(args[0]), float(args[1]) if two else 0.0))
        value = sampler(seed, run, process, sector, day, slot, *args)
        log.values.append(float(value))
        return value

    return logged


@contextlib.contextmanager
def _recording(log: DrawLog) -> Iterator[None]:
    saved: list[tuple[ModuleType, str, Any]] = []
    block = streams.philox4x32

    def counted(c0: int, c1: int, c2: int, c3: int, k0: int, k1: int) -> tuple[int, ...]:
        log.philox_blocks += 1
        return block(c0, c1, c2, c3, k0, k1)

    try:
        for module, names in _CALLERS:
            for name in names:
                saved.append((module, name, getattr(module, name)))
                setattr(module, name, _logging(log, name, getattr(rng, name)))
        saved.append((streams, "philox4x32", block))
        streams.philox4x32 = counted  # type: ignore[assignment]
        yield
    finally:
        for module, name, value in reversed(saved):
            setattr(module, name, value)


def record_draws(
    plan: Plan, seed: int, strategies: Strategies, runs: int, days: int | None = None
) -> DrawLog:
    """The draws of the first ``runs`` runs of ``plan`` (simulated by the reference engine)."""
    log = DrawLog(seed)
    horizon = plan.horizon_days if days is None else days
    with _recording(log):
        for i in range(runs):
            reference.simulate_run(plan, i, seed, strategies, days=horizon)
    log.run_days = runs * horizon
    return log
