"""KPIs of simulated runs, named and defined by the catalogue (:mod:`clausewitz.kpis`).

Sensitivity analyses evaluate a KPI at thousands of points, so it is computed here straight
from the engine's :class:`~clausewitz.engine.outcomes.Outcomes` arrays, per run, and averaged
per point; :mod:`clausewitz.runner.kpis` defines the same KPIs on the stored table (a test
checks that both agree). Per run:

* ``objective_captured.<o>``, ``ceasefire``, ``fiscal_crisis.<side>``: 1 if it happened, else 0;
* ``objective_day.<o>``: the day the objective fell, *undefined* in runs where it did not (the
  KPI is the mean over the runs where it fell, as in ``clausewitz run``);
* ``objective_rday.<o>``: the day it fell, or the days simulated where it did not (a
  restricted mean, defined on every run: ``clausewitz compare``'s ``objective_day``);
* ``attacker_losses``, ``defender_losses``: killed + wounded + missing (summed in that order);
* ``exchange_ratio``: attacker losses per defender loss (defender losses floored at 1);
* ``territory_km2``: ground taken.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import stats

from clausewitz.engine.outcomes import Outcomes
from clausewitz.engine.plan import SIDES
from clausewitz.kpis import check_kpi, kpi_names
from clausewitz.stats.interval import Interval

F64 = NDArray[np.float64]

__all__ = ["RunValues", "check_kpi", "difference", "kpi_names", "per_run", "point_means"]


@dataclass(frozen=True)
class RunValues:
    """A KPI's value in each run, and in which runs it is defined."""

    values: F64
    defined: NDArray[np.bool_]

    @property
    def all_defined(self) -> bool:
        """True unless the KPI is a conditional mean with runs left out."""
        return bool(self.defined.all())

    def mean(self) -> float:
        """The KPI: mean over the runs where it is defined (NaN if none)."""
        if not self.defined.any():
            return math.nan
        return float(self.values[self.defined].mean())

    def slice(self, lo: int, hi: int) -> RunValues:
        """Rows ``lo .. hi-1``."""
        return RunValues(self.values[lo:hi], self.defined[lo:hi])


def per_run(outcomes: Outcomes, kpi: str) -> RunValues:
    """The KPI's per-run values (see the module docstring)."""
    n = outcomes.n_runs
    everywhere = np.ones(n, dtype=np.bool_)
    head, _, tail = kpi.partition(".")
    if head in ("objective_captured", "objective_day", "objective_rday") and (
        tail in outcomes.objective_ids
    ):
        day = outcomes.fall_day[:, outcomes.objective_ids.index(tail)]
        if head == "objective_captured":
            return RunValues((day >= 0).astype(np.float64), everywhere)
        if head == "objective_rday":
            return RunValues(np.where(day >= 0, day, outcomes.days).astype(np.float64), everywhere)
        return RunValues(day.astype(np.float64), day >= 0)
    for i, side in enumerate(SIDES):
        if kpi == f"{side}_losses":
            lo = outcomes.losses[:, i, :]
            return RunValues(lo[:, 0] + lo[:, 1] + lo[:, 2], everywhere)
        if kpi == f"fiscal_crisis.{side}":
            return RunValues((outcomes.crisis_day[:, i] >= 0).astype(np.float64), everywhere)
    if kpi == "exchange_ratio":
        att = outcomes.losses[:, 0, :]
        dfd = outcomes.losses[:, 1, :]
        total_att = att[:, 0] + att[:, 1] + att[:, 2]
        total_dfd = dfd[:, 0] + dfd[:, 1] + dfd[:, 2]
        return RunValues(total_att / np.maximum(total_dfd, 1.0), everywhere)
    if kpi == "territory_km2":
        return RunValues(np.asarray(outcomes.territory_km2, dtype=np.float64), everywhere)
    if kpi == "ceasefire":
        return RunValues((outcomes.ceasefire_day >= 0).astype(np.float64), everywhere)
    check_kpi(kpi, list(outcomes.objective_ids))
    raise AssertionError(f"KPI {kpi} is listed but not computed")  # pragma: no cover


def point_means(values: RunValues, n_points: int) -> F64:
    """The KPI of each of ``n_points`` consecutive blocks of runs (NaN where undefined)."""
    n = values.values.size
    if n_points < 1 or n % n_points:
        raise ValueError(f"{n} runs do not split into {n_points} points")
    v = values.values.reshape(n_points, -1)
    d = values.defined.reshape(n_points, -1)
    count = d.sum(axis=1)
    total = np.where(d, v, 0.0).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(count > 0, total / np.maximum(count, 1), np.nan)


def difference(a: RunValues, b: RunValues, level: float = 0.95) -> Interval:
    """KPI ``a`` minus KPI ``b``, both observed on the same runs (common random numbers).

    Returns the difference with its 95% interval (NaN bounds where none can be had) and the
    number of runs.

    The difference is that of the two KPIs as defined (means over the runs where each is
    defined). Its interval pairs the runs: each KPI is linearised into per-run influence
    values ``d_i (x_i - m) / p`` (``d_i`` 1 where defined, ``m`` the KPI, ``p`` the share of
    runs where it is defined: the delta method for a ratio of means, Cochran, *Sampling
    Techniques*, 1977, ch. 6), and a Student-t interval is taken on the per-run differences
    of those. When both KPIs are defined in every run this is exactly the paired t interval
    of :func:`clausewitz.stats.paired.paired_difference` (Law 2015).
    """
    if a.values.shape != b.values.shape:
        raise ValueError("differences need the same runs on both sides")
    n = int(a.values.size)
    ma, mb = a.mean(), b.mean()
    if math.isnan(ma) or math.isnan(mb):
        return Interval(math.nan, math.nan, math.nan, n)
    d = ma - mb
    if n < 2:
        return Interval(d, math.nan, math.nan, n)

    def influence(x: RunValues, m: float) -> F64:
        share = float(x.defined.mean())
        return np.where(x.defined, x.values - m, 0.0) / share

    z = influence(a, ma) - influence(b, mb)
    se = float(z.std(ddof=1)) / math.sqrt(n)
    half = float(stats.t.ppf(0.5 + level / 2.0, n - 1)) * se
    return Interval(d, d - half, d + half, n)
