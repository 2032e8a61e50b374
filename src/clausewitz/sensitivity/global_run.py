"""Global sensitivity of a scenario KPI: Sobol indices or Morris screening over its parameters.

The factors are the scenario's parameters, each with the distribution the engine samples it
from (:mod:`.factors`); the analysis itself is
:func:`clausewitz.stats.global_sensitivity.sobol` / ``morris``, the code path checked on
the Ishigami function. Only the evaluator is the scenario's: a design point fixes the factors
at its values and the KPI is its mean over ``runs`` runs, the *same* runs at every point
(common random numbers). The parameters not analysed are sampled per run as usual, so the
indices are those of the KPI's expected value over the rest of the uncertainty; with the same
runs at every point, the run-to-run noise adds no variance between points, and the indices
are not diluted by it.

A KPI that is a conditional mean (``objective_day.<o>``) is undefined at a point where the
objective never fell; such points take the horizon (the objective held at least that long),
and :attr:`GlobalResult.censored_points` says how many there were.
"""

from __future__ import annotations

import math
import os
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from clausewitz.errors import UserError
from clausewitz.evidence.distributions import Empirical
from clausewitz.prepare.prepared import DEFAULT_MAX_ROWS, PreparedScenario
from clausewitz.scenario.loader import LoadedScenario
from clausewitz.sensitivity.factors import select, uncertainty
from clausewitz.sensitivity.kpis import per_run, point_means
from clausewitz.sensitivity.model import Progress, RunCounter, build_model
from clausewitz.stats.global_sensitivity import MorrisResult, SobolResult, morris, sobol
from clausewitz.stats.uncertainty import Uncertainty

F64 = NDArray[np.float64]
Method = Literal["sobol", "morris"]


@dataclass(frozen=True)
class GlobalResult:
    """Indices of every factor, with what they were computed from."""

    method: Method
    kpi: str
    parameters: tuple[Uncertainty, ...]
    strategies: dict[str, str]
    runs: int
    """Runs per design point (the same runs at every point)."""
    seed: int
    days: int
    points: int
    """Design points evaluated."""
    censored_points: int
    """Points where the KPI was undefined and took the horizon (see the module docstring)."""
    kpi_mean: float
    """Mean of the KPI over the design points."""
    kpi_std: float
    """Its standard deviation over the design points (what the indices share out)."""
    sobol: SobolResult | None = None
    morris: MorrisResult | None = None
    notes: list[str] = field(default_factory=list)

    def records(self) -> list[dict[str, Any]]:
        """One dict per parameter: name, basis, unit, quantiles and its indices, ranked
        (by ST for Sobol, by μ* for Morris), largest first."""
        res: SobolResult | MorrisResult | None = self.sobol or self.morris
        assert res is not None
        rows = []
        for p, rec in zip(self.parameters, res.as_records(), strict=True):
            p05, median, p95 = (float(v) for v in p.quantiles([0.05, 0.5, 0.95]))
            rows.append(
                {
                    "parameter": p.name,
                    "basis": p.basis,
                    "unit": p.unit,
                    "p05": p05,
                    "median": median,
                    "p95": p95,
                    **{k: v for k, v in rec.items() if k != "parameter"},
                }
            )
        key = "ST" if self.method == "sobol" else "mu_star"
        return sorted(rows, key=lambda r: -_finite(float(r[key])))

    def to_json(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "method": self.method,
            "kpi": self.kpi,
            "strategies": self.strategies,
            "runs_per_point": self.runs,
            "seed": self.seed,
            "days": self.days,
            "points": self.points,
            "censored_points": self.censored_points,
            "kpi_mean": self.kpi_mean,
            "kpi_std": self.kpi_std,
            "indices": self.records(),
            "notes": list(self.notes),
        }


def _finite(x: float) -> float:
    return x if math.isfinite(x) else -math.inf


def _design_size(method: Method, samples: int | None, k: int) -> tuple[int, int]:
    """Sobol's base samples or Morris's trajectories (checked), and the design's points."""
    if method == "sobol":
        n_base = samples or 64
        if n_base < 2 or n_base & (n_base - 1):
            raise UserError(f"Sobol needs a power of two base samples (got {n_base})")
        return n_base, n_base * (k + 2)
    trajectories = samples or 10
    if trajectories < 2:
        raise UserError("Morris needs at least 2 trajectories")
    return trajectories, trajectories * (k + 1)


def _notes(y: F64, censored: int, days: int) -> list[str]:
    """What a reader must know about the KPI over the design (undefined points, no spread)."""
    notes = []
    if censored:
        notes.append(
            f"{censored} of {y.size} points had no run where the KPI is defined; "
            f"they count as the horizon ({days} days)"
        )
    if float(y.std()) == 0.0:
        notes.append("the KPI did not vary over the design: every index is 0 or undefined")
    return notes


def _joint_notes(model: PreparedScenario, names: Sequence[str]) -> list[str]:
    """Factors that are columns of one table of joint draws: the design varies each over its
    own marginal, independently (what Sobol's and Morris's indices assume), so the table's
    correlations are not kept at the design points."""
    by_table: dict[str, list[str]] = {}
    for name in names:
        dist = model.estimates[name].distribution
        if isinstance(dist, Empirical):
            by_table.setdefault(dist.table, []).append(name)
    return [
        f"{', '.join(cols)} {'are columns' if len(cols) > 1 else 'is a column'} of draws "
        f"table '{table}': the design varies {'each' if len(cols) > 1 else 'it'} over its "
        "marginal, independently of the others (the indices assume independent factors), so "
        "the table's correlations are not kept at the design points"
        for table, cols in by_table.items()
    ]


def global_sensitivity(
    scenario: str | os.PathLike[str] | LoadedScenario,
    kpi: str,
    *,
    method: Method = "sobol",
    parameters: Sequence[str] | None = None,
    strategies: Mapping[str, str] | None = None,
    runs: int = 16,
    seed: int = 0,
    days: int | None = None,
    samples: int | None = None,
    progress: Progress | None = None,
) -> GlobalResult:
    """Sobol (S1, ST with 95% confidence half-widths) or Morris (μ*, σ) indices of ``kpi``.

    ``samples`` is Sobol's base sample size N (a power of two; ``N·(k+2)`` points, default
    64) or Morris's number of trajectories (``r·(k+1)`` points, default 10). ``parameters``
    defaults to every parameter the model uses that varies.
    """
    if method not in ("sobol", "morris"):
        raise UserError(f"unknown method {method!r} (choose sobol or morris)")
    if runs < 1:
        raise UserError(f"--runs must be at least 1 (got {runs})")
    model = build_model(scenario, kpi, seed=seed, days=days)
    names = select(model, parameters)
    if not names:
        raise UserError("no parameter varies: nothing to analyse")
    factors = [uncertainty(model, n) for n in names]
    size, total_points = _design_size(method, samples, len(names))
    counter = RunCounter(total_points * runs, progress)
    censored = [0]
    all_y: list[F64] = []
    chosen = model.strategies(strategies)

    def evaluate(x: F64) -> F64:
        per_batch = max(1, DEFAULT_MAX_ROWS // runs)
        out = np.empty(x.shape[0])
        for lo in range(0, x.shape[0], per_batch):
            hi = min(lo + per_batch, x.shape[0])
            overrides = {n: x[lo:hi, j] for j, n in enumerate(names)}
            outcomes, _ = model.simulate_points(
                overrides, runs, strategies, rows_done=counter, checked=False
            )
            out[lo:hi] = point_means(per_run(outcomes, kpi), hi - lo)
        undefined = np.isnan(out)
        censored[0] += int(undefined.sum())
        out[undefined] = float(model.days)
        all_y.append(out)
        return out

    sob: SobolResult | None = None
    mor: MorrisResult | None = None
    with warnings.catch_warnings():
        # a KPI constant over the design makes SALib divide by a zero variance; the indices
        # come out NaN and the notes below say why
        warnings.simplefilter("ignore", RuntimeWarning)
        if method == "sobol":
            sob = sobol(factors, evaluate, n_base=size, seed=seed)
        else:
            mor = morris(factors, evaluate, trajectories=size, seed=seed)
    y = np.concatenate(all_y)
    notes = _notes(y, censored[0], model.days) + _joint_notes(model, names)
    return GlobalResult(
        method=method,
        kpi=kpi,
        parameters=tuple(factors),
        strategies=dict(chosen.names),
        runs=runs,
        seed=seed,
        days=model.days,
        points=int(y.size),
        censored_points=censored[0],
        kpi_mean=float(y.mean()),
        kpi_std=float(y.std()),
        sobol=sob,
        morris=mor,
        notes=notes,
    )
