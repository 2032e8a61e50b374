"""Statistics for comparing strategies run on common random numbers.

Every strategy is run on the same runs with the same random streams, so run ``j`` of strategy
``a`` and run ``j`` of strategy ``b`` form a pair. The comparison works on the per-run paired
differences ``Z_j = X_aj - X_bj`` (Law, *Simulation Modeling and Analysis*, 2015):
``Var(Z) = Var X_a + Var X_b - 2 Cov``, which common random numbers shrink when the
covariance is positive.

Conventions:

* Confidence intervals are two-sided 95% Student-t intervals on a mean (§8.3:
  ``h = t_{1-α/2, n-1} · s / √n``); for a proportion (a 0/1 KPI) the Wilson score interval.
* ``p_better`` is the probability that ``a`` beats ``b`` *on average* on the KPI, from the
  normal approximation to the sampling distribution of the paired mean difference (equivalently
  the posterior probability under a flat prior); "beats" uses the KPI's direction
  (``higher_is_better``). ``share_runs_better`` is the share of runs in which ``a`` did better
  than ``b`` (ties count half).
* ``crn_variance_ratio`` is ``(Var X_a + Var X_b) / Var(X_a - X_b)``: the variance the paired
  difference would have with independent streams over the variance it has with common random
  numbers. Above 1 means common random numbers helped.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import stats

from clausewitz.stats.interval import Interval

Z95 = float(stats.norm.ppf(0.975))


@dataclass(frozen=True)
class PairedDifference:
    """The paired difference ``a - b`` of one KPI over common runs."""

    diff: Interval
    """Mean of ``a - b`` with its Student-t interval and the number of pairs."""
    p_better: float
    share_runs_better: float
    crn_variance_ratio: float

    def to_dict(self) -> dict[str, float]:
        """JSON form: ``diff_mean``, ``ci_low``, ``ci_high``, ``p_better``."""
        return {**self.diff.to_dict("diff_mean"), "p_better": self.p_better}


def _clean(x: ArrayLike) -> NDArray[np.float64]:
    arr = np.asarray(x, dtype=np.float64).ravel()
    if arr.size == 0:
        raise ValueError("no observations")
    if not np.all(np.isfinite(arr)):
        raise ValueError("observations must be finite (filter runs where a KPI is undefined)")
    return arr


def is_binary(x: ArrayLike) -> bool:
    """True when every observation is 0 or 1 (a proportion KPI)."""
    arr = np.asarray(x, dtype=np.float64)
    return bool(np.all((arr == 0.0) | (arr == 1.0)))


def mean_ci(x: ArrayLike, level: float = 0.95) -> Interval:
    """Mean with a Student-t confidence interval (a single observation gives a zero-width one)."""
    arr = _clean(x)
    n = arr.size
    m = float(arr.mean())
    if n < 2:
        return Interval(m, m, m, n)
    se = float(arr.std(ddof=1)) / math.sqrt(n)
    t = float(stats.t.ppf(0.5 + level / 2.0, n - 1))
    return Interval(m, m - t * se, m + t * se, n)


def proportion_ci(x: ArrayLike, level: float = 0.95) -> Interval:
    """Proportion of ones with the Wilson score interval (Wilson 1927)."""
    arr = _clean(x)
    return wilson_ci(float(arr.mean()), arr.size, level)


def wilson_ci(p: float, n: int, level: float = 0.95) -> Interval:
    """The Wilson (1927) score interval of a share ``p`` observed in ``n > 0`` trials."""
    z = float(stats.norm.ppf(0.5 + level / 2.0))
    denom = 1.0 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    # exact at the edges and never beside its own estimate: the score interval always holds
    # p, but rounding can leave 5e-20 above 0 at p = 0 (or a hair above p elsewhere)
    low = 0.0 if p == 0.0 else min(p, max(0.0, centre - half))
    high = 1.0 if p == 1.0 else max(p, min(1.0, centre + half))
    return Interval(p, low, high, n)


def kpi_interval(x: ArrayLike, level: float = 0.95) -> Interval:
    """Wilson interval for a 0/1 KPI, Student-t interval otherwise."""
    return proportion_ci(x, level) if is_binary(x) else mean_ci(x, level)


def paired_difference(
    a: ArrayLike, b: ArrayLike, *, higher_is_better: bool = True, level: float = 0.95
) -> PairedDifference:
    """Compare KPI values ``a`` and ``b`` observed on the same runs (common random numbers)."""
    xa, xb = _clean(a), _clean(b)
    if xa.shape != xb.shape:
        raise ValueError(f"paired samples differ in length: {xa.size} vs {xb.size}")
    z = xa - xb
    n = z.size
    ci = mean_ci(z, level)
    sign = 1.0 if higher_is_better else -1.0
    if n >= 2:
        var_z = float(z.var(ddof=1))
        se = math.sqrt(var_z / n)
        if se > 0:
            p_better = float(stats.norm.cdf(sign * ci.estimate / se))
        else:
            p_better = 0.5 if ci.estimate == 0 else float(sign * ci.estimate > 0)
        var_indep = float(xa.var(ddof=1) + xb.var(ddof=1))
        # With no variance in the difference CRN removed all of it (or there was none).
        no_var = math.inf if var_indep > 0 else 1.0
        ratio = var_indep / var_z if var_z > 0 else no_var
    else:
        p_better = 0.5 if ci.estimate == 0 else float(sign * ci.estimate > 0)
        ratio = 1.0
    better = np.sign(sign * z)
    share = float(np.mean(np.where(better > 0, 1.0, np.where(better < 0, 0.0, 0.5))))
    return PairedDifference(ci, p_better, share, ratio)


def chow_robbins_satisfied(z: ArrayLike, half_width: float, *, level: float = 0.95) -> bool:
    """Chow–Robbins (1965) fixed-width stopping rule for the mean of ``z``.

    Stop at the first ``n`` with ``S_n² + 1/n ≤ n·H² / a_n²``, where ``a_n`` is the Student-t
    quantile (→ the normal quantile). The ``1/n`` term keeps the rule from stopping early on a
    spuriously small sample variance; coverage tends to the nominal level as ``H → 0``
    (Chow & Robbins, *Ann. Math. Statist.* 36 (1965) 457–462).
    """
    arr = _clean(z)
    n = arr.size
    if n < 2:
        return False
    if half_width <= 0:
        raise ValueError("half_width must be positive")
    a_n = float(stats.t.ppf(0.5 + level / 2.0, n - 1))
    s2 = float(arr.var(ddof=1))
    return s2 + 1.0 / n <= n * half_width * half_width / (a_n * a_n)


def runs_needed(z: ArrayLike, half_width: float, *, level: float = 0.95) -> int:
    """Pilot-based replication estimate ``n ≈ (t·s/H)²`` (Kelton, Sadowski & Sturrock,
    *Simulation with Arena*, ch. 6)."""
    arr = _clean(z)
    if arr.size < 2:
        raise ValueError("a pilot needs at least two runs")
    t = float(stats.t.ppf(0.5 + level / 2.0, arr.size - 1))
    s = float(arr.std(ddof=1))
    return max(arr.size, math.ceil((t * s / half_width) ** 2))
