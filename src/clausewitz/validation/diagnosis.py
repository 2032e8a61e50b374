"""Why a probability forecaster scores as it does on CDB90's test battles.

Two questions (``docs/validation.md``, "Who wins"): is the forecaster's mean where the
outcomes are (its mean forecast against the training base rate and the test battles' success
rate), and which recorded inputs move its forecasts to the extremes. For the second, the
forecast's log odds are regressed (least squares) on the battle's inputs; each input's share
of the log odds' variance is ``coef_j x cov(x_j, logit p) / var(logit p)``, a decomposition
that sums to the regression's R^2 (shares can be negative when inputs are correlated).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

F = NDArray[np.float64]


@dataclass(frozen=True)
class Diagnosis:
    """Mean, spread and drivers of one forecaster's probabilities on the scored battles."""

    mean_forecast: float
    base_rate_train: float
    success_rate_test: float
    p05: float
    p95: float
    drivers: dict[str, dict[str, float]]
    """Per input: ``coef`` (on the log odds) and ``share`` (of the log odds' variance)."""
    r2: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "mean_forecast": self.mean_forecast,
            "base_rate_train": self.base_rate_train,
            "success_rate_test": self.success_rate_test,
            "forecast_p05_p95": [self.p05, self.p95],
            "drivers_of_log_odds": self.drivers,
            "r2": self.r2,
        }

    def main_driver(self) -> str:
        """The input with the largest share of the log odds' variance."""
        return max(self.drivers, key=lambda k: self.drivers[k]["share"])


def diagnose(
    p: F, y: F, X: F, names: Sequence[str], *, base_rate_train: float, eps: float = 1e-3
) -> Diagnosis:
    """The :class:`Diagnosis` of forecasts ``p`` of outcomes ``y`` with inputs ``X``
    (battles x ``names``); probabilities are kept ``eps`` from 0 and 1 before the log odds."""
    p = np.asarray(p, dtype=np.float64)
    X = np.asarray(X, dtype=np.float64)
    if X.shape != (p.size, len(names)):
        raise ValueError(f"X has shape {X.shape}, expected ({p.size}, {len(names)})")
    q = np.clip(p, eps, 1.0 - eps)
    logit = np.log(q / (1.0 - q))
    design = np.column_stack([np.ones(p.size), X])
    coef, *_ = np.linalg.lstsq(design, logit, rcond=None)
    var = float(np.var(logit))
    drivers: dict[str, dict[str, float]] = {}
    for j, name in enumerate(names):
        cov = float(np.mean((X[:, j] - X[:, j].mean()) * (logit - logit.mean())))
        share = float(coef[j + 1] * cov / var) if var > 0 else 0.0
        drivers[name] = {"coef": float(coef[j + 1]), "share": share}
    return Diagnosis(
        mean_forecast=float(p.mean()),
        base_rate_train=float(base_rate_train),
        success_rate_test=float(np.mean(y)),
        p05=float(np.quantile(p, 0.05)),
        p95=float(np.quantile(p, 0.95)),
        drivers=drivers,
        r2=float(sum(d["share"] for d in drivers.values())),
    )
