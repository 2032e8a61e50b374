"""How much of the base hazard ``h0`` a scenario's ceasefire model actually realises.

The model's daily hazard is ``h = h0 sigma(-kappa gap) (1 + nu (1 - Var/Var0))``, cut by the
commitment override (docs/model.md §8). A historical settlement rate is a *realised* hazard:
what wars in their actual state (far apart, bleeding, learning) ended at. To set ``h0`` from
such a rate, divide it by the factor ``M = h / h0`` the scenario realises, averaged the way the
historical rate is: over every run-day still at war (exposure-weighted), so that the
scenario's mean realised hazard equals the historical one (docs/ceasefire.md gives the
arithmetic for pokrovsk-2025).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from clausewitz.engine.outcomes import DayState
from clausewitz.scenario.loader import LoadedScenario

F = NDArray[np.float64]


@dataclass(frozen=True)
class HazardScale:
    """The realised factor ``h / h0`` of a scenario's ceasefire hazard."""

    exposure_weighted: float
    """Sum of ``h / h0`` over run-days at war, over the number of those run-days."""
    per_run: F
    """Each run's mean of ``h / h0`` over its days at war."""
    runs: int
    seed: int


def realised_hazard_scale(
    loaded: LoadedScenario,
    *,
    runs: int = 500,
    seed: int = 1,
    strategies: Mapping[str, str] | None = None,
    days: int | None = None,
) -> HazardScale:
    """Simulate ``runs`` runs (fast engine) and average ``h / h0`` over their days at war.

    A run is at war on day ``t`` until and including the day its ceasefire starts. Raises
    ``ValueError`` if the scenario has no negotiation.
    """
    from clausewitz.prepare.prepared import PreparedScenario

    if loaded.scenario.negotiation is None:
        raise ValueError(f"scenario {loaded.scenario.meta.name!r} has no negotiation")
    prepared = PreparedScenario(loaded, seed=seed, days=days)
    run_ids = np.arange(runs, dtype=np.int64)
    plan = prepared.compile(prepared.base_samples(runs), run_ids)
    h0 = np.asarray(plan.talks.base_hazard, dtype=np.float64)
    total = np.zeros(runs)
    at_war_days = np.zeros(runs)

    def observe(day: int, state: DayState) -> None:
        ceasefire = np.asarray(state["ceasefire_day"])
        at_war = (ceasefire < 0) | (ceasefire == day)
        total[at_war] += np.asarray(state["hazard"], dtype=np.float64)[at_war] / h0[at_war]
        at_war_days[at_war] += 1.0

    prepared.simulate(plan, prepared.strategies(strategies), observer=observe)
    return HazardScale(
        exposure_weighted=float(total.sum() / at_war_days.sum()),
        per_run=total / np.maximum(at_war_days, 1.0),
        runs=runs,
        seed=seed,
    )
