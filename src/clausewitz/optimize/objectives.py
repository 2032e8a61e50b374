"""What the optimiser trades off: time to take the main objective, own losses, ground.

Each criterion is a KPI of the catalogue (:mod:`clausewitz.kpis`) computed per run from the
engine's outcomes, with the direction the optimised side wants it to go. Costs (lower is
better) flip the sign of a KPI the side wants high.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from clausewitz.engine.outcomes import Outcomes
from clausewitz.errors import UserError
from clausewitz.kpis import higher_is_better
from clausewitz.scenario.schema import Scenario

F64 = NDArray[np.float64]


@dataclass(frozen=True)
class Criterion:
    """One objective of the search: a KPI, its label and unit, and the side's direction."""

    kpi: str
    label: str
    unit: str
    maximise: bool

    def cost(self, values: F64) -> F64:
        """``values`` as costs (lower is better for the optimised side)."""
        return -values if self.maximise else values


def main_objective(scenario: Scenario) -> str:
    """The objective a decision is about: the first hub on the main axis, else the first hub,
    else the first objective (as the comparison report's headline)."""
    main = {s.id for s in scenario.theatre.sectors if s.main_axis}
    objs = scenario.theatre.objectives
    for cand in (
        [o for o in objs if o.kind == "hub" and o.sector in main],
        [o for o in objs if o.kind == "hub"],
        list(objs),
    ):
        if cand:
            return cand[0].id
    raise ValueError("the scenario has no objectives")


CRITERIA = ("time", "losses", "ground")
"""Names of the criteria, in the order the results list them."""


def criteria(
    side: str, objective: str, name: str, only: Sequence[str] | None = None
) -> list[Criterion]:
    """The criteria of ``side`` (``only`` a subset of :data:`CRITERIA`, default all): the
    restricted-mean day ``objective`` (named ``name``) falls, the side's own losses, the ground
    the attacker took."""
    chosen = list(only or CRITERIA)
    bad = [c for c in chosen if c not in CRITERIA]
    if bad or not chosen or len(set(chosen)) != len(chosen):
        raise UserError(
            f"--objectives must name some of {', '.join(CRITERIA)} once each (got {chosen})"
        )
    out = []
    for key, (kpi, label, unit) in zip(
        CRITERIA,
        (
            (f"objective_rday.{objective}", f"day {name} falls", "day"),
            (f"{side}_losses", f"{side} losses", "troops"),
            ("territory_km2", "ground taken", "km²"),
        ),
        strict=True,
    ):
        if key in chosen:
            out.append(Criterion(kpi, label, unit, higher_is_better(kpi, side)))
    return out


def per_run(outcomes: Outcomes, kpi: str) -> F64:
    """(runs,) values of ``kpi`` from the engine's outcomes (the same definitions as the
    comparison's per-run KPIs: a town that did not fall counts the days simulated)."""
    if kpi.startswith("objective_rday."):
        o = outcomes.objective_ids.index(kpi.split(".", 1)[1])
        day = outcomes.fall_day[:, o]
        return np.where(day >= 0, day, outcomes.days).astype(np.float64)
    if kpi in ("attacker_losses", "defender_losses"):
        i = 0 if kpi.startswith("attacker") else 1
        return np.asarray(outcomes.losses[:, i, :].sum(axis=1), dtype=np.float64)
    if kpi == "territory_km2":
        return np.asarray(outcomes.territory_km2, dtype=np.float64)
    raise ValueError(f"no per-run values for KPI '{kpi}'")
