"""Shared plumbing of the sensitivity analyses: the scenario model and progress counting."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping

from clausewitz.prepare.prepared import PreparedScenario
from clausewitz.scenario.loader import LoadedScenario, load_scenario
from clausewitz.sensitivity.kpis import check_kpi

Progress = Callable[[int, int], None]
"""``progress(runs_done, runs_total)``, called after each engine call."""


def build_model(
    scenario: str | os.PathLike[str] | LoadedScenario,
    kpi: str,
    *,
    seed: int,
    days: int | None,
) -> PreparedScenario:
    """Load the scenario (if needed), check the KPI against it and build the model."""
    loaded = scenario if isinstance(scenario, LoadedScenario) else load_scenario(scenario)
    model = PreparedScenario(loaded, seed=seed, days=days)
    check_kpi(kpi, model.objectives)
    return model


class RunCounter:
    """Counts simulated runs towards a known total and reports them to a :data:`Progress`."""

    def __init__(self, total: int, progress: Progress | None) -> None:
        self.total = total
        self.done = 0
        self.progress = progress
        if progress is not None:
            progress(0, total)

    def __call__(self, n: int) -> None:
        self.done += n
        if self.progress is not None:
            self.progress(self.done, self.total)


def strategy_key(names: Mapping[str, str]) -> str:
    """``attacker=a,defender=b``: a stable label of a strategy combination."""
    return ",".join(f"{side}={name}" for side, name in names.items())
