"""Global sensitivity analysis (Sobol indices, Morris screening) with SALib.

The design is sampled on the unit hypercube and each column is mapped through its factor's
inverse CDF (``ppf``), so the analysis runs over the factors' own distributions: for a scenario
the fused or assumed parameter distributions, for a test function its textbook ranges. The
scenario path and the Ishigami check therefore share this code: only the ``evaluate`` callable
differs.

References: Saltelli et al., *Global Sensitivity Analysis: The Primer* (2008); Saltelli et al.
(2010) estimators as implemented by SALib (Herman & Usher, JOSS 2017); Morris (1991) elementary
effects with the μ* of Campolongo et al. (2007).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from SALib.analyze import morris as morris_analyze
from SALib.analyze import sobol as sobol_analyze
from SALib.sample import morris as morris_sample
from SALib.sample import sobol as sobol_sample

from clausewitz.stats.uncertainty import Uncertainty

FloatArray = NDArray[np.float64]
Evaluator = Callable[[FloatArray], FloatArray]
"""Maps a design matrix (n points × k factors, in factor units) to n KPI values."""


@dataclass(frozen=True)
class SobolResult:
    """First-order (S1) and total (ST) Sobol indices with confidence half-widths."""

    names: tuple[str, ...]
    s1: FloatArray
    s1_conf: FloatArray
    st: FloatArray
    st_conf: FloatArray
    n_evaluations: int

    def as_records(self) -> list[dict[str, float | str]]:
        return [
            {
                "parameter": n,
                "S1": float(self.s1[i]),
                "S1_conf": float(self.s1_conf[i]),
                "ST": float(self.st[i]),
                "ST_conf": float(self.st_conf[i]),
            }
            for i, n in enumerate(self.names)
        ]


@dataclass(frozen=True)
class MorrisResult:
    """Morris elementary-effects screening: μ* (mean |EE|), its CI, and σ."""

    names: tuple[str, ...]
    mu_star: FloatArray
    mu_star_conf: FloatArray
    sigma: FloatArray
    n_evaluations: int

    def as_records(self) -> list[dict[str, float | str]]:
        return [
            {
                "parameter": n,
                "mu_star": float(self.mu_star[i]),
                "mu_star_conf": float(self.mu_star_conf[i]),
                "sigma": float(self.sigma[i]),
            }
            for i, n in enumerate(self.names)
        ]


# Keep unit-cube samples off 0 and 1 so unbounded inverse CDFs stay finite.
_EPS = 1e-9


def _problem(factors: Sequence[Uncertainty]) -> dict[str, object]:
    if not factors:
        raise ValueError("no factors to analyse")
    names = [f.name for f in factors]
    if len(set(names)) != len(names):
        raise ValueError("factor names must be unique")
    return {"num_vars": len(factors), "names": names, "bounds": [[0.0, 1.0]] * len(factors)}


def to_factor_space(unit: FloatArray, factors: Sequence[Uncertainty]) -> FloatArray:
    """Map a unit-hypercube design to factor values, column by column."""
    u = np.clip(np.asarray(unit, dtype=np.float64), _EPS, 1.0 - _EPS)
    return np.column_stack([f.ppf(u[:, j]) for j, f in enumerate(factors)])


def _evaluate(evaluate: Evaluator, x: FloatArray) -> FloatArray:
    y = np.asarray(evaluate(x), dtype=np.float64).ravel()
    if y.shape[0] != x.shape[0]:
        raise ValueError(f"evaluator returned {y.shape[0]} values for {x.shape[0]} points")
    if not np.all(np.isfinite(y)):
        raise ValueError("evaluator returned non-finite KPI values")
    return y


def sobol(
    factors: Sequence[Uncertainty],
    evaluate: Evaluator,
    *,
    n_base: int = 1024,
    seed: int = 0,
    num_resamples: int = 200,
) -> SobolResult:
    """Sobol first-order and total indices by Saltelli sampling (``n_base·(k+2)`` evaluations).

    ``n_base`` should be a power of two (Sobol sequence balance).
    """
    problem = _problem(factors)
    unit = sobol_sample.sample(problem, n_base, calc_second_order=False, seed=seed)
    y = _evaluate(evaluate, to_factor_space(unit, factors))
    res = sobol_analyze.analyze(
        problem, y, calc_second_order=False, num_resamples=num_resamples, seed=seed
    )
    return SobolResult(
        names=tuple(f.name for f in factors),
        s1=np.asarray(res["S1"], dtype=np.float64),
        s1_conf=np.asarray(res["S1_conf"], dtype=np.float64),
        st=np.asarray(res["ST"], dtype=np.float64),
        st_conf=np.asarray(res["ST_conf"], dtype=np.float64),
        n_evaluations=int(y.size),
    )


def morris(
    factors: Sequence[Uncertainty],
    evaluate: Evaluator,
    *,
    trajectories: int = 20,
    num_levels: int = 4,
    seed: int = 0,
) -> MorrisResult:
    """Morris screening with ``trajectories·(k+1)`` evaluations; for many factors."""
    problem = _problem(factors)
    unit = morris_sample.sample(problem, trajectories, num_levels=num_levels, seed=seed)
    y = _evaluate(evaluate, to_factor_space(unit, factors))
    res = morris_analyze.analyze(problem, unit, y, num_levels=num_levels, seed=seed)
    return MorrisResult(
        names=tuple(f.name for f in factors),
        mu_star=np.asarray(res["mu_star"], dtype=np.float64),
        mu_star_conf=np.asarray(res["mu_star_conf"], dtype=np.float64),
        sigma=np.asarray(res["sigma"], dtype=np.float64),
        n_evaluations=int(y.size),
    )


def ishigami(x: FloatArray, a: float = 7.0, b: float = 0.1) -> FloatArray:
    """Ishigami & Homma (1990) test function on ``[-π, π]³``."""
    x = np.asarray(x, dtype=np.float64)
    return np.sin(x[:, 0]) + a * np.sin(x[:, 1]) ** 2 + b * x[:, 2] ** 4 * np.sin(x[:, 0])


def ishigami_indices(a: float = 7.0, b: float = 0.1) -> dict[str, tuple[float, ...]]:
    """Analytical first-order and total Sobol indices of the Ishigami function."""
    pi4 = np.pi**4
    v1 = 0.5 * (1 + b * pi4 / 5) ** 2
    v2 = a * a / 8
    v13 = b * b * np.pi**8 * (1 / 18 - 1 / 50)
    var = v1 + v2 + v13
    return {"S1": (v1 / var, v2 / var, 0.0), "ST": ((v1 + v13) / var, v2 / var, v13 / var)}
