"""Scoring probability forecasts of a binary outcome: Brier score, log loss, reliability.

Both scores are "lower is better" means over the scored cases. Probabilities are clipped to
``[eps, 1 - eps]`` before the log loss (a simulated probability of exactly 0 or 1 from a finite
number of runs would otherwise cost an infinite penalty for one surprise); :func:`clip_runs`
gives the clip that matches ``R`` simulated runs, half a run from each end.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import statsmodels.api as sm
from numpy.typing import NDArray

F = NDArray[np.float64]


def clip_runs(p: F, runs: int) -> F:
    """Probabilities from ``runs`` simulations, kept half a run away from 0 and 1."""
    eps = 0.5 / runs
    return np.clip(np.asarray(p, dtype=np.float64), eps, 1.0 - eps)


def brier(p: F, y: F) -> float:
    """Mean squared difference between forecast probability and outcome (0/1)."""
    return float(np.mean((np.asarray(p, dtype=np.float64) - y) ** 2))


def log_loss(p: F, y: F, eps: float = 1e-6) -> float:
    """Mean negative log-likelihood of the outcomes (natural log)."""
    q = np.clip(np.asarray(p, dtype=np.float64), eps, 1.0 - eps)
    return float(-np.mean(y * np.log(q) + (1.0 - y) * np.log(1.0 - q)))


@dataclass(frozen=True)
class Reliability:
    """A reliability diagram's bins: mean forecast against observed frequency."""

    lower: F
    upper: F
    count: NDArray[np.int64]
    mean_forecast: F
    observed: F

    def to_dict(self) -> list[dict[str, Any]]:
        return [
            {
                "bin": [float(lo), float(hi)],
                "n": int(n),
                "mean_forecast": None if n == 0 else float(f),
                "observed": None if n == 0 else float(o),
            }
            for lo, hi, n, f, o in zip(
                self.lower,
                self.upper,
                self.count,
                self.mean_forecast,
                self.observed,
                strict=True,
            )
        ]


def reliability(p: F, y: F, bins: int = 5) -> Reliability:
    """Equal-width bins of the forecast on [0, 1]; empty bins have NaN means."""
    p = np.asarray(p, dtype=np.float64)
    edges = np.linspace(0.0, 1.0, bins + 1)
    # bin i holds [i/bins, (i+1)/bins); the last bin includes 1
    idx = np.clip(np.floor(p * bins + 1e-9).astype(np.int64), 0, bins - 1)
    count = np.bincount(idx, minlength=bins)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_f = np.bincount(idx, weights=p, minlength=bins) / count
        obs = np.bincount(idx, weights=y, minlength=bins) / count
    return Reliability(edges[:-1], edges[1:], count.astype(np.int64), mean_f, obs)


@dataclass(frozen=True)
class Logistic:
    """A logistic regression fitted by maximum likelihood (statsmodels)."""

    names: tuple[str, ...]
    coef: F
    se: F

    def predict(self, X: F) -> F:
        eta = np.column_stack([np.ones(len(X)), X]) @ self.coef
        return np.asarray(1.0 / (1.0 + np.exp(-eta)), dtype=np.float64)

    def to_dict(self) -> dict[str, dict[str, float]]:
        return {
            n: {"coef": float(c), "se": float(s)}
            for n, c, s in zip(("intercept", *self.names), self.coef, self.se, strict=True)
        }


def fit_logistic(X: F, y: F, names: tuple[str, ...]) -> Logistic:
    """Logistic regression of ``y`` on the columns of ``X`` (an intercept is added)."""
    design = np.column_stack([np.ones(len(X)), np.asarray(X, dtype=np.float64)])
    model = sm.Logit(np.asarray(y, dtype=np.float64), design).fit(disp=0, maxiter=200)
    return Logistic(names, np.asarray(model.params), np.asarray(model.bse))


def bootstrap_scores(
    forecasts: dict[str, F],
    y: F,
    *,
    n_boot: int,
    seed: int,
    level: float = 0.95,
    against: tuple[str, ...] = (),
) -> dict[str, dict[str, list[float]]]:
    """Percentile intervals of each forecaster's Brier score and log loss, resampling the
    scored cases with replacement (the same resamples for every forecaster, so differences
    are paired). With ``against`` (forecaster names), also the interval of every other
    forecaster's score minus theirs, keyed ``"<name> - <other>"`` (negative: ``name`` better).

    Returns ``{key: {"brier": [low, high], "log_loss": [low, high]}}``."""
    y = np.asarray(y, dtype=np.float64)
    n = y.size
    idx = np.random.default_rng(seed).integers(0, n, size=(n_boot, n))
    yb = y[idx]
    per_case: dict[str, dict[str, F]] = {}
    for key, p in forecasts.items():
        p = np.asarray(p, dtype=np.float64)
        q = np.clip(p, 1e-6, 1.0 - 1e-6)
        per_case[key] = {
            "brier": (p[idx] - yb) ** 2,
            "log_loss": -(yb * np.log(q[idx]) + (1.0 - yb) * np.log(1.0 - q[idx])),
        }
    tail = (1.0 - level) / 2.0

    def interval(values: F) -> list[float]:
        means = values.mean(axis=1)
        return [float(np.quantile(means, tail)), float(np.quantile(means, 1.0 - tail))]

    out: dict[str, dict[str, list[float]]] = {
        key: {score: interval(v) for score, v in scores.items()} for key, scores in per_case.items()
    }
    for other in against:
        for key, scores in per_case.items():
            if key == other:
                continue
            out[f"{key} - {other}"] = {
                score: interval(v - per_case[other][score]) for score, v in scores.items()
            }
    return out
