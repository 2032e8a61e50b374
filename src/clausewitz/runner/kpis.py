"""Key performance indicators of a run set, with 95% confidence intervals, in one pass.

The KPIs are those of the catalogue (:mod:`clausewitz.kpis`), in its order, each computed from
the per-run outcomes table (see :mod:`clausewitz.runner.outputs`):

``objective_captured.<objective>``
    share of runs in which the objective fell; Wilson score interval (Wilson 1927), which stays
    inside [0, 1] and keeps its coverage near 0 and 1 where the normal interval does not.
``objective_day.<objective>``
    mean day of the fall *among the runs where it fell* (``n`` says how many); Student-t
    interval. Runs where it did not fall are left out rather than counted at the horizon, which
    would bias the mean by the horizon's choice; read it together with
    ``objective_captured.<objective>``. Null when it never fell.
``objective_rday.<objective>``
    restricted mean day of the fall: the day it fell, or the horizon (the days simulated) in
    runs where it did not, over every run; Student-t interval (defined on every run, so
    ``clausewitz compare`` pairs it).
``attacker_losses``, ``defender_losses``
    mean total losses (killed + wounded + missing) per run; Student-t interval.
``exchange_ratio``
    mean attacker losses per defender loss (defender losses floored at 1); Student-t interval.
``territory_km2``
    mean territory gained by the attacker per run; Student-t interval.
``ceasefire``
    share of runs ending in a ceasefire; Wilson interval.
``fiscal_crisis.<side>``
    share of runs in which the side had a fiscal crisis; Wilson interval.

Means and variances are accumulated with the pairwise update of Chan, Golub and LeVeque (1979),
fed in fixed blocks of runs in run order, so the summary is bit-identical for any chunking.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa
from numpy.typing import NDArray
from scipy import stats

from clausewitz.kpis import kpi_names
from clausewitz.stats.interval import Interval
from clausewitz.stats.paired import wilson_ci

LEVEL = 0.95


@dataclass
class Moments:
    """Count, mean and sum of squared deviations of a stream of numbers."""

    n: int = 0
    mean: float = 0.0
    m2: float = 0.0

    def add(self, x: NDArray[np.float64]) -> None:
        """Add a block of observations (Chan et al. 1979 pairwise combination)."""
        arr = np.asarray(x, dtype=np.float64)
        nb = int(arr.size)
        if nb == 0:
            return
        mb = float(arr.mean())
        m2b = float(np.sum((arr - mb) ** 2))
        self.merge(Moments(nb, mb, m2b))

    def merge(self, other: Moments) -> None:
        """Combine with another stream's moments."""
        if other.n == 0:
            return
        n = self.n + other.n
        delta = other.mean - self.mean
        self.mean += delta * other.n / n
        self.m2 += other.m2 + delta * delta * self.n * other.n / n
        self.n = n

    @property
    def variance(self) -> float:
        """Sample variance (``n - 1`` denominator); 0 for fewer than two observations."""
        return self.m2 / (self.n - 1) if self.n > 1 else 0.0


@dataclass(frozen=True)
class KpiSummary:
    """One KPI: its estimate with the 95% confidence interval, and how it was computed."""

    name: str
    interval: Interval
    """Estimate, bounds and observations behind them (runs, or runs where the objective
    fell); NaN with ``n == 0`` when no run observed the KPI."""
    method: str
    """``wilson`` (a proportion) or ``student-t`` (a mean)."""

    @property
    def observed(self) -> bool:
        """Whether any run observed the KPI."""
        return bool(self.interval.n)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (null estimate and bounds where nothing was observed)."""
        iv = self.interval
        seen = self.observed
        return {
            "mean": iv.estimate if seen else None,
            "ci_low": iv.low if seen else None,
            "ci_high": iv.high if seen else None,
            "n": iv.n,
            "ci": self.method,
        }


def _unobserved(name: str, method: str) -> KpiSummary:
    # math.nan is one object, so two summaries of the same unobserved KPI compare equal
    # (tuple comparison tries identity before ==), as the chunking tests need
    return KpiSummary(name, Interval(math.nan, math.nan, math.nan, 0), method)


def t_interval(m: Moments, name: str, level: float = LEVEL) -> KpiSummary:
    """Mean with a Student-t interval ``mean ± t_{1-α/2,n-1}·s/√n`` (zero width for n = 1)."""
    if m.n == 0:
        return _unobserved(name, "student-t")
    if m.n == 1:
        return KpiSummary(name, Interval(m.mean, m.mean, m.mean, 1), "student-t")
    half = float(stats.t.ppf(0.5 + level / 2.0, m.n - 1)) * math.sqrt(m.variance / m.n)
    return KpiSummary(name, Interval(m.mean, m.mean - half, m.mean + half, m.n), "student-t")


def wilson_interval(successes: int, n: int, name: str, level: float = LEVEL) -> KpiSummary:
    """Share ``successes / n`` with the Wilson score interval."""
    if n == 0:
        return _unobserved(name, "wilson")
    return KpiSummary(name, wilson_ci(successes / n, n, level), "wilson")


class KpiAccumulator:
    """Streams blocks of the per-run outcomes table into the KPI summary.

    Memory is a few numbers per KPI, whatever the number of runs.
    """

    def __init__(
        self, objectives: Sequence[str], sides: Sequence[str], horizon: int | None = None
    ) -> None:
        self.objectives = tuple(objectives)
        self.sides = tuple(sides)
        self.horizon = horizon
        """Days simulated; without it the restricted means are left out."""
        self.restricted_day = {o: Moments() for o in self.objectives}
        self.runs = 0
        self.captured = dict.fromkeys(self.objectives, 0)
        self.fall_day = {o: Moments() for o in self.objectives}
        self.losses = {s: Moments() for s in self.sides}
        self.exchange = Moments()
        self.territory = Moments()
        self.ceasefires = 0
        self.crises = dict.fromkeys(self.sides, 0)

    def update(self, block: pa.Table) -> None:
        """Add a block of rows of the per-run outcomes table."""
        from clausewitz.runner.outputs import (
            CEASEFIRE_DAY,
            TERRITORY,
            crisis_column,
            losses_total_column,
            objective_column,
        )

        self.runs += block.num_rows
        for o in self.objectives:
            days = block.column(objective_column(o))
            fell = days.drop_null().to_numpy().astype(np.float64)
            self.captured[o] += int(fell.size)
            self.fall_day[o].add(fell)
            if self.horizon is not None:
                self.restricted_day[o].add(
                    days.fill_null(self.horizon).to_numpy().astype(np.float64)
                )
        for s in self.sides:
            self.losses[s].add(_floats(block.column(losses_total_column(s))))
            self.crises[s] += block.num_rows - block.column(crisis_column(s)).null_count
        attacker = _floats(block.column(losses_total_column("attacker")))
        defender = _floats(block.column(losses_total_column("defender")))
        self.exchange.add(attacker / np.maximum(defender, 1.0))
        self.territory.add(_floats(block.column(TERRITORY)))
        self.ceasefires += block.num_rows - block.column(CEASEFIRE_DAY).null_count

    def summary(self) -> dict[str, KpiSummary]:
        """Every KPI by name, in catalogue order (objectives and sides in scenario order)."""
        out: list[KpiSummary] = []
        for o in self.objectives:
            out.append(wilson_interval(self.captured[o], self.runs, f"objective_captured.{o}"))
            out.append(t_interval(self.fall_day[o], f"objective_day.{o}"))
            if self.horizon is not None:
                out.append(t_interval(self.restricted_day[o], f"objective_rday.{o}"))
        for s in self.sides:
            out.append(t_interval(self.losses[s], f"{s}_losses"))
        out.append(t_interval(self.exchange, "exchange_ratio"))
        out.append(t_interval(self.territory, "territory_km2"))
        out.append(wilson_interval(self.ceasefires, self.runs, "ceasefire"))
        for s in self.sides:
            out.append(wilson_interval(self.crises[s], self.runs, f"fiscal_crisis.{s}"))
        by_name = {k.name: k for k in out}
        order = kpi_names(self.objectives)
        return {name: by_name[name] for name in order if name in by_name}


def _floats(col: pa.ChunkedArray) -> NDArray[np.float64]:
    return np.asarray(col.to_numpy(zero_copy_only=False), dtype=np.float64)
