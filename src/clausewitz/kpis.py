"""The KPI catalogue: every measure of a run set, its one name, unit, estimator and interval.

``clausewitz run`` summarises these KPIs (:mod:`clausewitz.runner.kpis`, streamed from the
per-run table), ``clausewitz compare`` pairs the ones defined in every run
(:mod:`clausewitz.compare.kpis`), ``clausewitz sensitivity`` evaluates them from the engine's
outcome arrays (:mod:`clausewitz.sensitivity.kpis`) and the reports label them; each reads its
names, order, intervals and directions from here, so a measure has one name everywhere. Names
are ``family`` or ``family.<objective>`` / ``family.<side>``; the per-run columns they are
computed from are those of :mod:`clausewitz.runner.outputs`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from clausewitz.engine.plan import SIDES
from clausewitz.errors import UserError
from clausewitz.scenario.messages import suggest

Per = Literal["", "objective", "side"]
Estimator = Literal["share", "mean", "conditional mean"]
IntervalMethod = Literal["wilson", "student-t"]


@dataclass(frozen=True)
class Kpi:
    """One measure of a run set."""

    family: str
    """The name, or its head before ``.<objective>`` / ``.<side>``."""
    per: Per
    """``objective`` or ``side``: one KPI per objective or side; empty: one KPI."""
    unit: str
    estimator: Estimator
    """``share`` of runs in which it happened, ``mean`` over every run, or ``conditional
    mean`` over the runs in which it is defined (the others left out)."""
    interval: IntervalMethod
    """Wilson score interval (Wilson 1927) for shares, Student t for means."""
    better: Mapping[str, int] = field(default_factory=dict)
    """Side -> +1 if a higher value is better for it, -1 if lower is (``fiscal_crisis``: the
    side's own crisis is bad for it, the enemy's good)."""
    description: str = ""

    @property
    def pairable(self) -> bool:
        """Defined in every run, so two strategies can be compared run by run."""
        return self.estimator != "conditional mean"

    def names(self, objectives: Sequence[str]) -> list[str]:
        """This measure's KPI names for a scenario's objectives."""
        if self.per == "objective":
            return [f"{self.family}.{o}" for o in objectives]
        if self.per == "side":
            return [f"{self.family}.{s}" for s in SIDES]
        return [self.family]


_ATTACKER_WANTS_MORE = {"attacker": 1, "defender": -1}
_ATTACKER_WANTS_LESS = {"attacker": -1, "defender": 1}

CATALOGUE: tuple[Kpi, ...] = (
    Kpi(
        "objective_captured",
        "objective",
        "share of runs",
        "share",
        "wilson",
        _ATTACKER_WANTS_MORE,
        "the objective fell within the days simulated",
    ),
    Kpi(
        "objective_day",
        "objective",
        "day",
        "conditional mean",
        "student-t",
        _ATTACKER_WANTS_LESS,
        "day of the fall, over the runs where it fell (read with objective_captured)",
    ),
    Kpi(
        "objective_rday",
        "objective",
        "day",
        "mean",
        "student-t",
        _ATTACKER_WANTS_LESS,
        "restricted mean day of the fall: the day it fell, or the days simulated where it did not",
    ),
    Kpi(
        "attacker_losses",
        "",
        "troops",
        "mean",
        "student-t",
        _ATTACKER_WANTS_LESS,
        "attacker killed + wounded + missing",
    ),
    Kpi(
        "defender_losses",
        "",
        "troops",
        "mean",
        "student-t",
        _ATTACKER_WANTS_MORE,
        "defender killed + wounded + missing",
    ),
    Kpi(
        "exchange_ratio",
        "",
        "attacker per defender loss",
        "mean",
        "student-t",
        _ATTACKER_WANTS_LESS,
        "attacker losses per defender loss (defender losses floored at 1)",
    ),
    Kpi(
        "territory_km2",
        "",
        "km²",
        "mean",
        "student-t",
        _ATTACKER_WANTS_MORE,
        "ground taken by the attacker",
    ),
    Kpi(
        "ceasefire",
        "",
        "share of runs",
        "share",
        "wilson",
        # our choice: a ceasefire counts as good for both (it ends the losses)
        {"attacker": 1, "defender": 1},
        "a ceasefire was agreed",
    ),
    Kpi(
        "fiscal_crisis",
        "side",
        "share of runs",
        "share",
        "wilson",
        {},
        "the side's war economy went into fiscal crisis",
    ),
)
"""Every measure, in the order the commands print them."""

_BY_FAMILY = {k.family: k for k in CATALOGUE}


def kpi_names(objectives: Sequence[str], *, pairable: bool = False) -> list[str]:
    """Every KPI name of a scenario, in catalogue order (only the pairable ones if asked)."""
    out: list[str] = []
    for kpi in CATALOGUE:
        if kpi.pairable or not pairable:
            out += kpi.names(objectives)
    return out


def kpi_of(name: str) -> Kpi:
    """The measure a KPI name belongs to (:class:`KeyError` if none)."""
    return _BY_FAMILY[name.partition(".")[0]]


def check_kpi(name: str, objectives: Sequence[str], *, pairable: bool = False) -> str:
    """``name`` if it names a KPI of the scenario; else :class:`UserError` listing them all.

    ``pairable``: the KPI must be defined in every run (a comparison's); a conditional mean
    is refused with the name of its restricted counterpart.
    """
    head, _, tail = name.partition(".")
    if pairable and head == "objective_day" and tail in objectives:
        raise UserError(
            f"KPI '{name}' is the mean day over the runs where it fell, which is not defined in "
            f"every run and so cannot be paired; compare the restricted mean 'objective_rday."
            f"{tail}' (the day it fell, or the days simulated where it did not)"
        )
    names = kpi_names(objectives, pairable=pairable)
    if name not in names:
        close = suggest(name, names, "KPI", listing=0)
        hint = f" ({close})" if close else ""
        raise UserError(f"unknown KPI '{name}'{hint}; valid KPIs: {', '.join(names)}")
    return name


def higher_is_better(name: str, side: str) -> bool:
    """Whether a higher value of the KPI ``name`` is better for ``side``."""
    head, _, tail = name.partition(".")
    if head == "fiscal_crisis":
        return tail != side
    kpi = _BY_FAMILY.get(head)
    return kpi is None or kpi.better.get(side, 1) > 0
