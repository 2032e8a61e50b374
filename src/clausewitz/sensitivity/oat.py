"""One-at-a-time sensitivity: the tornado.

Each parameter in turn is fixed at its 5% quantile, then at its 95% quantile (of the
distribution the engine samples it from), every other parameter being sampled as usual; the
KPI's mean over the same runs (same seed, common random numbers) at both ends, against its
mean with nothing fixed, gives one bar of the tornado. The swing ``|KPI(p95) - KPI(p05)|``
ranks the parameters. OAT ignores interactions (a global analysis, :mod:`.global_run`,
measures them); it is cheap (``2k + 1`` evaluations) and reads directly in the KPI's unit.

A KPI that is a conditional mean (``objective_day.<o>``: among runs where the objective fell)
is NaN at an end where it never fell; such rows sort last.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from clausewitz.prepare.prepared import DEFAULT_MAX_ROWS
from clausewitz.scenario.loader import LoadedScenario
from clausewitz.sensitivity.factors import select, uncertainty
from clausewitz.sensitivity.kpis import per_run, point_means
from clausewitz.sensitivity.model import RunCounter, build_model


@dataclass(frozen=True)
class TornadoRow:
    """One parameter's bar: the KPI with it at its 5% and 95% quantiles."""

    parameter: str
    basis: str
    """``evidence``, ``assumption`` or ``engineering``."""
    low_value: float
    """The parameter's 5% quantile, in ``unit``."""
    high_value: float
    """The parameter's 95% quantile, in ``unit``."""
    unit: str
    kpi_low: float
    """KPI mean with the parameter at ``low_value``."""
    kpi_high: float
    """KPI mean with the parameter at ``high_value``."""
    kpi_base: float
    """KPI mean with nothing fixed (the same for every row)."""

    @property
    def swing(self) -> float:
        """``|kpi_high - kpi_low|``."""
        return abs(self.kpi_high - self.kpi_low)

    def to_dict(self) -> dict[str, float | str]:
        """JSON-ready form (NaN as ``None`` is left to the caller's encoder)."""
        return {
            "parameter": self.parameter,
            "basis": self.basis,
            "unit": self.unit,
            "low_value": self.low_value,
            "high_value": self.high_value,
            "kpi_low": self.kpi_low,
            "kpi_high": self.kpi_high,
            "kpi_base": self.kpi_base,
            "swing": self.swing,
        }


def _sort_key(row: TornadoRow) -> tuple[bool, float]:
    s = row.swing
    return (math.isnan(s), -s if not math.isnan(s) else 0.0)


def tornado(
    scenario: LoadedScenario,
    kpi: str,
    *,
    strategies: Mapping[str, str] | None,
    runs: int,
    seed: int,
    parameters: Sequence[str] | None = None,
    days: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[TornadoRow]:
    """The tornado of ``kpi``: one row per parameter, sorted by swing, largest first.

    ``parameters`` defaults to every parameter the model uses that varies. ``strategies``
    maps sides to strategy names (the scenario's defaults where ``None`` or a side is
    missing). ``runs`` runs per evaluation, the same runs (same ``seed``) at every one;
    ``progress(runs_done, runs_total)`` is called as the runs complete. An unknown KPI or
    parameter is a :class:`~clausewitz.errors.UserError` listing the valid ones.
    """
    model = build_model(scenario, kpi, seed=seed, days=days)
    names = select(model, parameters)
    inputs = [uncertainty(model, n) for n in names]
    ranges = [(float(lo), float(hi)) for lo, hi in (u.quantiles([0.05, 0.95]) for u in inputs)]
    n_points = 1 + 2 * len(names)
    # point 0: nothing fixed; point 2i+1: parameter i at p05; point 2i+2: at p95
    table = np.full((n_points, len(names)), np.nan)
    for i, (p05, p95) in enumerate(ranges):
        table[2 * i + 1, i] = p05
        table[2 * i + 2, i] = p95
    counter = RunCounter(n_points * runs, progress)
    per_batch = max(1, DEFAULT_MAX_ROWS // runs)
    means = np.empty(n_points)
    for lo in range(0, n_points, per_batch):
        hi = min(lo + per_batch, n_points)
        overrides = {n: table[lo:hi, i] for i, n in enumerate(names)}
        outcomes, _ = model.simulate_points(
            overrides, runs, strategies, rows_done=counter, checked=False
        )
        means[lo:hi] = point_means(per_run(outcomes, kpi), hi - lo)
    base = float(means[0])
    rows = [
        TornadoRow(
            parameter=u.name,
            basis=u.basis,
            low_value=p05,
            high_value=p95,
            unit=u.unit,
            kpi_low=float(means[2 * i + 1]),
            kpi_high=float(means[2 * i + 2]),
            kpi_base=base,
        )
        for i, (u, (p05, p95)) in enumerate(zip(inputs, ranges, strict=True))
    ]
    return sorted(rows, key=_sort_key)
