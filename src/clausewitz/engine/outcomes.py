"""What a simulation returns: per-run outcomes, and (optionally) the full daily state.

:data:`DAILY` lists the state variables both engines can record each day, with their shape
after the run axis. The fast engine's observer receives them as read-only views
(:class:`DayState`); the reference engine's :class:`Trajectory` stores them for every day.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np
from numpy.typing import NDArray

from clausewitz.engine.plan import LOSS_KINDS, SIDES

DAILY: Mapping[str, str] = MappingProxyType(
    {
        # name: shape after the run axis (S sectors, O objectives, E edges, N nodes)
        "front": "S",
        "line": "2S",
        "line_quality": "2S",
        "reserve": "2",
        "reserve_quality": "2",
        "training": "2",
        "awaiting": "2",
        "transit": "2",
        "recruits": "2",
        "arrivals": "2",
        "returned": "2",
        "killed": "2",
        "wounded": "2",
        "missing": "2",
        "wounded_perm": "2",
        "loss_today": "2S",
        "observed_enemy": "2S",
        "supply": "2S",
        "edge_flow": "E",
        "edge_capacity": "E",
        "source_flow": "N",
        "posture": "2S",
        "threshold": "2S",
        "engaged": "S",
        "pause": "S",
        "withdrawal": "S",
        "prosecution": "S",
        "fall_day": "O",
        "econ_reserves": "2",
        "stress": "2",
        "crisis_day": "2",
        "belief_a": "2",
        "belief_b": "2",
        "hazard": "",
        "ceasefire_day": "",
    }
)
"""State variables recorded per day, with their shape codes."""

INTEGER_DAILY = frozenset(
    {"posture", "engaged", "pause", "fall_day", "crisis_day", "ceasefire_day"}
)
"""Daily variables that are integers (compared exactly between engines)."""


@dataclass(frozen=True)
class DayState:
    """Read-only views of the state of all runs at the end of a day (valid during the call).

    ``values[name]`` has shape ``(R, ...)`` as described by :data:`DAILY`.
    """

    day: int
    values: Mapping[str, NDArray[np.generic]]

    def __getitem__(self, name: str) -> NDArray[np.generic]:
        return self.values[name]


@dataclass(frozen=True)
class Outcomes:
    """Per-run results of a simulation (arrays with the run as first axis)."""

    run_ids: NDArray[np.int64]
    sector_ids: tuple[str, ...]
    objective_ids: tuple[str, ...]
    days: int
    """Days simulated."""
    fall_day: NDArray[np.int64]
    """(R, O) day each objective fell, -1 if it did not."""
    front: NDArray[np.float64]
    """(R, S) final front, km advanced."""
    losses: NDArray[np.float64]
    """(R, 2, 3) cumulative losses by side (attacker, defender) and kind (killed, wounded,
    missing)."""
    returned: NDArray[np.float64]
    """(R, 2) wounded who returned to duty."""
    territory_km2: NDArray[np.float64]
    """(R,) ground taken: sum over sectors of front x frontage."""
    ceasefire_day: NDArray[np.int64]
    """(R,) day a ceasefire began, -1 if none."""
    crisis_day: NDArray[np.int64]
    """(R, 2) day of each side's fiscal crisis, -1 if none."""
    line: NDArray[np.float64]
    """(R, 2) troops in the line at the end."""
    reserve: NDArray[np.float64]
    """(R, 2) troops in reserve at the end."""
    defender_breaks: NDArray[np.int64]
    """(R, S) times the defender broke."""
    attacker_breaks: NDArray[np.int64]
    """(R, S) times the attacker broke."""

    @property
    def n_runs(self) -> int:
        """R."""
        return int(self.run_ids.shape[0])

    def columns(self) -> dict[str, NDArray[np.generic]]:
        """Flat one-dimensional columns (one row per run), e.g. for a Parquet table:
        ``run``, ``fall_day.<objective>``, ``front.<sector>``, ``losses.<side>.<kind>``, ..."""
        cols: dict[str, NDArray[np.generic]] = {"run": self.run_ids}
        for o, name in enumerate(self.objective_ids):
            cols[f"fall_day.{name}"] = self.fall_day[:, o]
        for s, name in enumerate(self.sector_ids):
            cols[f"front.{name}"] = self.front[:, s]
        for i, side in enumerate(SIDES):
            for k, kind in enumerate(LOSS_KINDS):
                cols[f"losses.{side}.{kind}"] = self.losses[:, i, k]
            cols[f"losses.{side}"] = self.losses[:, i, :].sum(axis=1)
            cols[f"returned.{side}"] = self.returned[:, i]
            cols[f"crisis_day.{side}"] = self.crisis_day[:, i]
            cols[f"line.{side}"] = self.line[:, i]
            cols[f"reserve.{side}"] = self.reserve[:, i]
        cols["territory_km2"] = self.territory_km2
        cols["ceasefire_day"] = self.ceasefire_day
        for s, name in enumerate(self.sector_ids):
            cols[f"defender_breaks.{name}"] = self.defender_breaks[:, s]
            cols[f"attacker_breaks.{name}"] = self.attacker_breaks[:, s]
        return cols

    @staticmethod
    def concatenate(parts: list[Outcomes]) -> Outcomes:
        """Outcomes of several chunks of the same job, in the given order."""
        first = parts[0]
        arrays = {
            name: np.concatenate([getattr(p, name) for p in parts])
            for name in (
                "run_ids",
                "fall_day",
                "front",
                "losses",
                "returned",
                "territory_km2",
                "ceasefire_day",
                "crisis_day",
                "line",
                "reserve",
                "defender_breaks",
                "attacker_breaks",
            )
        }
        return Outcomes(
            sector_ids=first.sector_ids,
            objective_ids=first.objective_ids,
            days=first.days,
            **arrays,
        )


@dataclass(frozen=True)
class Trajectory:
    """One run simulated by the reference engine: its outcomes (R = 1) and every day's state.

    ``daily[name]`` has shape ``(days, ...)`` (no run axis), for each name of :data:`DAILY`.
    """

    outcomes: Outcomes
    daily: Mapping[str, NDArray[np.generic]] = field(default_factory=dict)


@dataclass
class Recording:
    """The full daily state of all runs of a fast simulation (meant for small R): an observer
    that copies each day's :class:`DayState`. ``daily[name]`` has shape ``(days, R, ...)``."""

    names: tuple[str, ...] = tuple(DAILY)
    _days: list[dict[str, NDArray[np.generic]]] = field(default_factory=list)

    def __call__(self, day: int, state: DayState) -> None:
        self._days.append({name: np.array(state[name], copy=True) for name in self.names})

    @property
    def daily(self) -> dict[str, NDArray[np.generic]]:
        """Stacked daily arrays."""
        return {name: np.stack([d[name] for d in self._days]) for name in self.names}
