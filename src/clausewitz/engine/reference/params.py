"""One run's slice of a :class:`~clausewitz.engine.plan.Plan` as plain Python values.

The reference engine reads ``p.theatre.frontage[s]`` and gets a Python ``float``: every array
of the plan is turned into (nested) lists once per run, so the simulation itself is plain
Python arithmetic, easy to read next to ``docs/model.md``.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np

from clausewitz.engine.plan import Plan


class Group:
    """Attribute access to one plan group's values for one run (lists, floats, ints)."""

    def __init__(self, values: dict[str, Any]) -> None:
        self._values = values

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["_values"][name]
        except KeyError:
            raise AttributeError(name) from None


def _plain(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    return value


def _group(group: Any, run: int) -> Group:
    values: dict[str, Any] = {}
    for f in dataclasses.fields(group):
        value = getattr(group, f.name)
        if f.metadata.get("per_run"):
            value = value[run]
        values[f.name] = _plain(value)
    return Group(values)


@dataclasses.dataclass(frozen=True)
class RunParams:
    """A plan's values for one run, as Python numbers and lists."""

    run: int
    """Global run index (keys the random draws)."""
    horizon_days: int
    switches: Any
    theatre: Group
    forces: Group
    combat: Group
    logistics: Group
    economy: Group
    talks: Group

    @property
    def n_sectors(self) -> int:
        """S."""
        return len(self.theatre.sector_ids)

    @classmethod
    def of(cls, plan: Plan, index: int) -> RunParams:
        """The values of the run at position ``index`` of ``plan``."""
        return cls(
            run=int(plan.run_ids[index]),
            horizon_days=plan.horizon_days,
            switches=plan.switches,
            theatre=_group(plan.theatre, index),
            forces=_group(plan.forces, index),
            combat=_group(plan.combat, index),
            logistics=_group(plan.logistics, index),
            economy=_group(plan.economy, index),
            talks=_group(plan.talks, index),
        )
