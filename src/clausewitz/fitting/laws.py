"""Estimating Lanchester coefficients (and exponents) from loss series.

The model for the losses ``L`` a side suffers in a step of length ``dt`` is the law of
:mod:`clausewitz.battle`, ``E[L_target] = k_firer * firer^a * target^b * dt``, with the
classical laws fixing ``(a, b)`` (Lanchester 1916; Peterson) and the generalised law estimating
them, as in the log-linear form of Bracken (1995, *Naval Research Logistics* 42), Fricker
(1998, *NRL* 45) and Wiper, Pettit & Young (2000, *NRL* 47):
``log E[L] = log k + a log firer + b log target + log dt``.

Three estimators, each fitted separately to each side's losses:

* ``ls``: least squares on the losses themselves, ``min sum (L - E[L])^2``; intervals by the
  pairs bootstrap (days resampled with replacement, percentile interval).
* ``poisson``: maximum likelihood with ``L ~ Poisson(E[L])``; profile-likelihood intervals.
* ``negbin``: maximum likelihood with ``L ~ NegBin(E[L], alpha)`` (NB2, ``Var = m + alpha m^2``);
  profile-likelihood intervals (alpha profiled out too).

Laws are compared by AIC and BIC within a likelihood family (Poisson, negative binomial;
least squares uses the Gaussian likelihood with the variance profiled out).
Steps where either side has zero strength are left out (no combat in the model), and so are
steps in which the target lost everything it had (the count is truncated by the floor at zero,
as on Iwo Jima's last day of Japanese resistance: a censored observation, not a draw of the law).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from clausewitz.battle.spec import LAW_EXPONENTS, LAWS
from clausewitz.errors import UserError
from clausewitz.fitting.glm import (
    bootstrap_ls,
    fit_glm,
    fit_ls,
    profile_interval,
)
from clausewitz.fitting.series import LossSeries

Method = Literal["ls", "poisson", "negbin"]
METHODS: tuple[Method, ...] = ("ls", "poisson", "negbin")
CI_METHODS: dict[str, str] = {
    "ls": "pairs bootstrap (steps resampled with replacement), percentile interval",
    "poisson": "profile likelihood",
    "negbin": "profile likelihood (dispersion profiled out)",
}
F = NDArray[np.float64]


@dataclass(frozen=True)
class BatchEstimates:
    """Fits of many loss series at once (arrays over the batch).

    Columns of ``estimate``, ``lower`` and ``upper`` are ``(k, a, b)``; for the fixed laws the
    exponents are the law's, with zero-width intervals.
    """

    estimate: F  # (n, 3)
    lower: F  # (n, 3)
    upper: F  # (n, 3)
    loglik: F  # (n,) log-likelihood (Gaussian with profiled variance for ls)
    dispersion: F  # (n,) NB alpha; nan otherwise
    n_obs: NDArray[np.int64]  # (n,)
    n_params: int  # per series, including the NB dispersion / LS variance


def design(firer: F, target: F, dt: F, law: str) -> tuple[F, F, F, bool]:
    """``(X, offset, weights, intercept)`` for a batch ``(n, T)`` of firer/target strengths."""
    valid = (firer > 0) & (target > 0) & (dt > 0)
    lf = np.log(np.where(valid, firer, 1.0))
    lt = np.log(np.where(valid, target, 1.0))
    ldt = np.log(np.where(valid, dt, 1.0))
    n, T = firer.shape
    if law == "generalised":
        X = np.stack([np.ones((n, T)), lf, lt], axis=2)
        off = ldt
    elif law in LAW_EXPONENTS:
        a, b = LAW_EXPONENTS[law]
        X = np.ones((n, T, 1))
        off = ldt + a * lf + b * lt
    else:
        raise UserError(f"unknown law {law!r}; choose one of {', '.join(LAWS)}")
    return X, off, valid.astype(np.float64), True


def fit_losses(
    losses: F,
    firer: F,
    target: F,
    dt: F,
    law: str,
    method: Method = "negbin",
    *,
    level: float = 0.95,
    n_boot: int = 999,
    seed: int = 0,
    intervals: bool = True,
) -> BatchEstimates:
    """Fit ``E[losses] = k * firer^a * target^b * dt`` to each row of a batch ``(n, T)``.

    This is the vectorised core behind :func:`fit_law`; simulation studies call it directly.
    """
    y = np.atleast_2d(np.asarray(losses, dtype=np.float64))
    f = np.atleast_2d(np.asarray(firer, dtype=np.float64))
    t = np.atleast_2d(np.asarray(target, dtype=np.float64))
    d = np.broadcast_to(np.asarray(dt, dtype=np.float64), y.shape)
    X, off, w, intercept = design(f, t, d, law)
    # a step that wiped the target out is truncated by the floor at zero: leave it out
    w = np.where(y < t, w, 0.0)
    y = np.where(w > 0, y, 0.0)
    n, _T, p = X.shape
    n_obs = (w > 0).sum(axis=1).astype(np.int64)
    if (n_obs <= p).any():
        raise UserError(
            f"too few steps with both sides present to fit the {law} law "
            f"({int(n_obs.min())} steps for {p + (method != 'poisson')} parameters)"
        )
    lower = np.full((n, p), np.nan)
    upper = np.full((n, p), np.nan)
    dispersion = np.full(n, np.nan)
    if method == "ls":
        lsf = fit_ls(y, X, off, w, intercept=intercept)
        beta = lsf.beta
        nobs = n_obs.astype(np.float64)
        sigma2 = np.maximum(lsf.rss / nobs, 1e-300)
        loglik = -0.5 * nobs * (np.log(2.0 * np.pi * sigma2) + 1.0)
        n_params = p + 1
        if intervals:
            rng = np.random.default_rng(seed)
            lower, upper = bootstrap_ls(
                y, X, off, w, lsf, n_boot=n_boot, rng=rng, level=level, intercept=intercept
            )
    elif method in ("poisson", "negbin"):
        gf = fit_glm(y, X, off, w, method, intercept=intercept)
        beta = gf.beta
        loglik = gf.loglik
        n_params = p + (1 if method == "negbin" else 0)
        if method == "negbin":
            dispersion = np.exp(-gf.log_r)
        if intervals:
            for j in range(p):
                lo, hi = profile_interval(
                    y, X, off, w, method, gf, j, level=level, intercept=intercept
                )
                lower[:, j], upper[:, j] = lo, hi
    else:
        raise UserError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")
    est = np.empty((n, 3))
    lo3 = np.empty((n, 3))
    hi3 = np.empty((n, 3))
    with np.errstate(over="ignore"):
        est[:, 0], lo3[:, 0], hi3[:, 0] = (
            np.exp(beta[:, 0]),
            np.exp(lower[:, 0]),
            np.exp(upper[:, 0]),
        )
    if law == "generalised":
        est[:, 1:], lo3[:, 1:], hi3[:, 1:] = beta[:, 1:], lower[:, 1:], upper[:, 1:]
    else:
        a, b = LAW_EXPONENTS[law]
        est[:, 1], est[:, 2] = a, b
        lo3[:, 1:], hi3[:, 1:] = est[:, 1:], est[:, 1:]
    return BatchEstimates(
        estimate=est,
        lower=lo3,
        upper=hi3,
        loglik=np.asarray(loglik),
        dispersion=dispersion,
        n_obs=n_obs,
        n_params=n_params,
    )


# --------------------------------------------------------------------------------------------
# the user-facing fit of one series


@dataclass(frozen=True)
class Estimate:
    """A point estimate with its confidence interval (equal bounds: fixed by the law)."""

    value: float
    lower: float
    upper: float

    @property
    def fixed(self) -> bool:
        return self.lower == self.value == self.upper

    def to_dict(self) -> dict[str, Any]:
        return {"value": _num(self.value), "ci": [_num(self.lower), _num(self.upper)]}


def _num(v: float) -> float | None:
    """JSON-safe float: infinities (unbounded intervals) become None."""
    return float(v) if np.isfinite(v) else None


@dataclass(frozen=True)
class SideFit:
    """The losses one side inflicts: ``kills * firer^a * target^b`` (fitted on the other
    side's losses)."""

    side: str
    kills: Estimate
    a: Estimate
    b: Estimate
    dispersion: float | None
    loglik: float
    n_obs: int

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "kills": self.kills.to_dict(),
            "a": self.a.to_dict(),
            "b": self.b.to_dict(),
            "loglik": self.loglik,
            "n_obs": self.n_obs,
        }
        if self.dispersion is not None:
            out["dispersion_alpha"] = self.dispersion
        return out


@dataclass(frozen=True)
class LawFit:
    """A law fitted to both sides of a series with one method."""

    law: str
    method: str
    level: float
    x: SideFit
    y: SideFit
    n_params: int
    loglik: float
    aic: float
    bic: float
    n_obs: int
    ci_method: str = field(default="")

    def to_dict(self) -> dict[str, Any]:
        return {
            "law": self.law,
            "method": self.method,
            "ci_method": self.ci_method,
            "level": self.level,
            "x": self.x.to_dict(),
            "y": self.y.to_dict(),
            "n_obs": self.n_obs,
            "n_params": self.n_params,
            "loglik": self.loglik,
            "aic": self.aic,
            "bic": self.bic,
        }


def fit_law(
    series: LossSeries,
    law: str,
    method: Method = "negbin",
    *,
    level: float = 0.95,
    n_boot: int = 999,
    seed: int = 0,
    intervals: bool = True,
) -> LawFit:
    """Fit ``law`` to both sides of ``series``: ``x.kills`` from y's losses and ``y.kills``
    from x's losses (see the module docstring for the estimators and intervals).

    ``intervals=False`` skips the confidence intervals (NaN bounds): enough for comparing laws.
    """
    if law not in LAWS:
        raise UserError(f"unknown law {law!r}; choose one of {', '.join(LAWS)} (or 'all')")
    if method not in METHODS:
        raise UserError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")
    losses = np.stack([series.y_losses, series.x_losses])
    firer = np.stack([series.x, series.y])
    target = np.stack([series.y, series.x])
    dt = np.stack([series.dt, series.dt])
    if (losses < 0).any():
        raise UserError("the series has negative losses; check the strengths and reinforcements")
    be = fit_losses(
        losses,
        firer,
        target,
        dt,
        law,
        method,
        level=level,
        n_boot=n_boot,
        seed=seed,
        intervals=intervals,
    )
    sides = []
    for i, name in enumerate(("x", "y")):
        est = [
            Estimate(float(be.estimate[i, j]), float(be.lower[i, j]), float(be.upper[i, j]))
            for j in range(3)
        ]
        disp = float(be.dispersion[i]) if method == "negbin" else None
        sides.append(
            SideFit(name, est[0], est[1], est[2], disp, float(be.loglik[i]), int(be.n_obs[i]))
        )
    n_obs = int(be.n_obs.sum())
    k = 2 * be.n_params
    ll = float(be.loglik.sum())
    return LawFit(
        law=law,
        method=method,
        level=level,
        x=sides[0],
        y=sides[1],
        n_params=k,
        loglik=ll,
        aic=2 * k - 2 * ll,
        bic=k * float(np.log(n_obs)) - 2 * ll,
        n_obs=n_obs,
        ci_method=CI_METHODS[method],
    )


@dataclass(frozen=True)
class Comparison:
    """Fits of several laws with several methods, and their ranking by AIC/BIC."""

    fits: list[LawFit]

    def table(self, method: str) -> list[dict[str, Any]]:
        """Laws fitted with ``method``, best AIC first, with AIC/BIC differences."""
        rows = [f for f in self.fits if f.method == method]
        if not rows:
            return []
        best_aic = min(f.aic for f in rows)
        best_bic = min(f.bic for f in rows)
        out = []
        for f in sorted(rows, key=lambda f: f.aic):
            out.append(
                {
                    "law": f.law,
                    "n_params": f.n_params,
                    "loglik": f.loglik,
                    "aic": f.aic,
                    "bic": f.bic,
                    "delta_aic": f.aic - best_aic,
                    "delta_bic": f.bic - best_bic,
                }
            )
        return out

    def best(self, method: str, criterion: str = "aic") -> str | None:
        """The law with the lowest AIC (or BIC) under ``method``."""
        rows = self.table(method)
        if not rows:
            return None
        return str(min(rows, key=lambda r: r[criterion])["law"])

    def to_dict(self) -> dict[str, Any]:
        methods = sorted({f.method for f in self.fits}, key=METHODS.index)
        return {
            "fits": [f.to_dict() for f in self.fits],
            "comparison": {m: self.table(m) for m in methods},
            "best": {m: {"aic": self.best(m, "aic"), "bic": self.best(m, "bic")} for m in methods},
            "ci_methods": {m: CI_METHODS[m] for m in methods},
        }


def compare_laws(
    series: LossSeries,
    laws: tuple[str, ...] = LAWS,
    methods: tuple[Method, ...] = METHODS,
    *,
    level: float = 0.95,
    n_boot: int = 999,
    seed: int = 0,
    intervals: bool | tuple[str, ...] = True,
) -> Comparison:
    """Fit every law in ``laws`` with every method in ``methods``.

    ``intervals`` says which fits get confidence intervals: all (True), none (False) or only
    those of the laws named (the others serve only the AIC/BIC comparison).
    """

    def wanted(law: str) -> bool:
        return intervals if isinstance(intervals, bool) else law in intervals

    fits = [
        fit_law(series, law, m, level=level, n_boot=n_boot, seed=seed, intervals=wanted(law))
        for law in laws
        for m in methods
    ]
    return Comparison(fits)
