"""What the benchmark simulates: a scenario, a seed, a pair of strategies and a horizon.

Every measurement of :mod:`clausewitz.bench` runs the same work (by default the flagship
``pokrovsk-2025`` for its full 365 days), so the numbers can be divided by one another.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from clausewitz.engine.plan import SIDES, Plan
from clausewitz.errors import UserError
from clausewitz.runner.job import EngineJob
from clausewitz.scenario.loader import LoadedScenario, load_scenario
from clausewitz.strategies import Strategies

DEFAULT_SCENARIO = "pokrovsk-2025"
THEATRE_SCENARIO = "ukraine-front-2025"
"""The whole front (12 sectors, reserves in transit): ``clausewitz bench --theatre``."""
DEFAULT_STRATEGIES: Mapping[str, str] = {"attacker": "steady-pressure", "defender": "hold-line"}
"""The engine's own default strategies: always registered, so the benchmark never depends on
the strategy library."""
DEFAULT_SEED = 1


@dataclass
class Workload:
    """A scenario, seed, strategies and days; builds plans for any run range."""

    scenario: str = DEFAULT_SCENARIO
    seed: int = DEFAULT_SEED
    strategies: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_STRATEGIES))
    days: int | None = None
    """Days simulated (default: the scenario's horizon)."""

    def __post_init__(self) -> None:
        unknown = set(self.strategies) - set(SIDES)
        if unknown:
            raise UserError(f"unknown side(s) {sorted(unknown)} (sides: {', '.join(SIDES)})")
        if self.days is not None and self.days < 1:
            raise UserError(f"--days must be at least 1 (got {self.days})")

    @cached_property
    def loaded(self) -> LoadedScenario:
        """The loaded, validated scenario."""
        return load_scenario(self.scenario)

    @cached_property
    def job(self) -> EngineJob:
        """The runner's job for this workload (it samples parameters and compiles plans)."""
        return EngineJob(self.loaded, self.seed, dict(self.strategies), self.horizon)

    @property
    def horizon(self) -> int:
        """Days simulated."""
        return self.days if self.days is not None else self.loaded.scenario.meta.horizon_days

    @property
    def resolved_strategies(self) -> Strategies:
        """Both sides' strategies (:class:`UserError` if a name is unknown)."""
        return self.job.strategies

    @property
    def strategy_names(self) -> dict[str, str]:
        """Side -> the strategy actually used."""
        return self.resolved_strategies.names

    def plan(self, runs: int) -> Plan:
        """The compiled plan of runs ``[0, runs)``."""
        plan, _ = self.job.plan(np.arange(runs, dtype=np.int64))
        return plan

    def strategy_options(self) -> list[str]:
        """The strategies as ``--strategy SIDE=NAME`` values (for a child process)."""
        return [f"{side}={name}" for side, name in self.strategy_names.items()]
