"""The engine's engagement model fitted to who won, on CDB90's training battles only.

The engine decides an engagement by its break rule (``docs/model.md`` §5): each side draws a
threshold ``theta ~ Beta(a, b)``, scaled by its force ratio at the start to the power
``kappa`` (``breakpoint-force-ratio-exponent``), and the first side whose loss fraction
reaches its threshold loses. :func:`fit_outcomes` fits that model to the training battles
(before 1939, :mod:`clausewitz.validation.split`) in two steps:

1. ``(a, b)`` per side by censored maximum likelihood of the loss fractions
   (:func:`clausewitz.validation.breakpoints.fit_thresholds`, ``kappa = 0``);
2. ``kappa`` from :data:`FORCE_RATIO_EXPONENTS` and the scale of CDB90's combat-effectiveness
   code onto the engine's quality ratio from :data:`CEA_KAPPAS` (the engine's quality ratio is
   ``exp(scale x CEA)``) by the log loss of the engine's own win probabilities
   (:func:`clausewitz.validation.outcomes.engine_cases`, the fast engine's engagement path)
   on the training battles.

Which *form* to keep, the pure loss-fraction rule (``kappa = 0``) or the force-ratio rule
(``kappa`` free), is decided by ``folds``-fold cross-validation on the training battles: in
each fold the grid point is chosen on the other folds and scored on the held-out one; the form
with the lower cross-validated log loss wins. Nothing here reads a test battle.

Known shortcut: the thresholds of step 1 are fitted once on all training battles, not per
fold (they come from loss fractions, not from outcomes).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from clausewitz.validation.breakpoints import fit_thresholds
from clausewitz.validation.engagements import base_plan
from clausewitz.validation.outcomes import SCORING_MAX_DAYS, engine_cases
from clausewitz.validation.scoring import brier, clip_runs, log_loss

F = NDArray[np.float64]

FORCE_RATIO_EXPONENTS: tuple[float, ...] = (0.0, 0.125, 0.25, 0.5)
"""Candidate values of ``breakpoint-force-ratio-exponent`` (kappa)."""

CEA_KAPPAS: tuple[float, ...] = (0.0, 0.5, 1.0, 1.5)
"""Candidate scales of CDB90's CEA onto the engine's quality ratio (as in the validation)."""

FORMS: dict[str, tuple[float, ...]] = {
    "loss_fraction": (0.0,),
    "force_ratio": FORCE_RATIO_EXPONENTS,
}
"""The forms compared by cross-validation and the exponents each allows."""


@dataclass(frozen=True)
class OutcomeFit:
    """The fit of :func:`fit_outcomes`."""

    form: str
    """The form cross-validation chose (a key of :data:`FORMS`)."""
    exponent: float
    """kappa, chosen on all training battles within the form."""
    cea_kappa: float
    """Scale of CEA onto the quality ratio, chosen with kappa."""
    thresholds: dict[str, float]
    """``breakpoint-{attacker,defender}-{a,b}`` from the loss fractions."""
    train_log_loss: F
    """(exponents, CEA scales): the engine's log loss on all training battles."""
    train_brier: F
    cv: dict[str, dict[str, float]]
    """Per form: cross-validated ``log_loss`` and ``brier`` on the training battles."""
    exponents: tuple[float, ...]
    cea_kappas: tuple[float, ...]
    runs: int
    seed: int

    def parameters(self) -> dict[str, float]:
        """The fitted engine constants (thresholds and kappa) by parameter name."""
        return {**self.thresholds, "breakpoint-force-ratio-exponent": self.exponent}

    def to_dict(self) -> dict[str, Any]:
        return {
            "form": self.form,
            "breakpoint-force-ratio-exponent": self.exponent,
            "cea_kappa": self.cea_kappa,
            "thresholds": self.thresholds,
            "cv": self.cv,
            "grid": {
                "exponents": list(self.exponents),
                "cea_kappas": list(self.cea_kappas),
                "train_log_loss": self.train_log_loss.tolist(),
                "train_brier": self.train_brier.tolist(),
            },
            "runs": self.runs,
            "seed": self.seed,
        }


def threshold_parameters(battles: pd.DataFrame) -> dict[str, float]:
    """``breakpoint-{attacker,defender}-{a,b}`` fitted to the battles' loss fractions."""
    thr = fit_thresholds(
        battles["attacker_frac"].to_numpy(float),
        battles["defender_frac"].to_numpy(float),
        battles["outcome"].to_numpy(int),
    )
    return {
        "breakpoint-attacker-a": thr["attacker"].a,
        "breakpoint-attacker-b": thr["attacker"].b,
        "breakpoint-defender-a": thr["defender"].a,
        "breakpoint-defender-b": thr["defender"].b,
    }


def grid_forecasts(
    battles: pd.DataFrame,
    overrides: dict[str, float],
    exponents: tuple[float, ...],
    cea_kappas: tuple[float, ...],
    *,
    runs: int,
    seed: int,
    max_days: int = SCORING_MAX_DAYS,
) -> F:
    """The engine's win probabilities, shape ``(exponents, cea_kappas, battles)``, with
    ``overrides`` and each grid point; the same seed everywhere (common random numbers)."""
    out = np.empty((len(exponents), len(cea_kappas), len(battles)))
    for i, exponent in enumerate(exponents):
        base = base_plan({**overrides, "breakpoint-force-ratio-exponent": exponent})
        for j, kappa in enumerate(cea_kappas):
            cases = engine_cases(
                battles, kappa=kappa, runs=runs, seed=seed, base=base, max_days=max_days
            )
            out[i, j] = clip_runs(cases.p_success, runs)
    return out


def _loss_grid(p: F, y: F, rows: NDArray[np.bool_]) -> F:
    q = np.clip(p[:, :, rows], 1e-6, 1 - 1e-6)
    yy = y[rows]
    return np.asarray(-(yy * np.log(q) + (1 - yy) * np.log(1 - q)).mean(axis=2))


def cross_validate(
    p: F, y: F, allowed: NDArray[np.bool_], *, folds: int, seed: int
) -> dict[str, float]:
    """Cross-validated log loss and Brier score of choosing the grid point (among the
    ``allowed`` exponent rows of ``p``) by training log loss: each fold is scored with the
    point chosen on the other folds."""
    n = y.size
    fold = np.random.default_rng(seed).permutation(n) % folds
    pred = np.empty(n)
    for k in range(folds):
        held = fold == k
        losses = _loss_grid(p, y, ~held)
        losses[~allowed] = np.inf
        i, j = np.unravel_index(int(np.argmin(losses)), losses.shape)
        pred[held] = p[i, j, held]
    return {"log_loss": log_loss(pred, y), "brier": brier(pred, y)}


def fit_outcomes(
    train: pd.DataFrame,
    attrition: dict[str, float],
    *,
    runs: int = 100,
    seed: int = 0,
    folds: int = 5,
    exponents: tuple[float, ...] = FORCE_RATIO_EXPONENTS,
    cea_kappas: tuple[float, ...] = CEA_KAPPAS,
) -> OutcomeFit:
    """Fit the break rule to ``train`` (see the module docstring); ``attrition`` holds the
    engine's attrition constants to use (the Ardennes fit)."""
    if 0.0 not in exponents:
        raise ValueError("the exponents must include 0 (the loss-fraction form)")
    thresholds = threshold_parameters(train)
    p = grid_forecasts(
        train, {**attrition, **thresholds}, exponents, cea_kappas, runs=runs, seed=seed
    )
    y = train["success"].to_numpy(float)
    everything = np.ones(y.size, dtype=np.bool_)
    ll = _loss_grid(p, y, everything)
    br = np.asarray(((p - y) ** 2).mean(axis=2))
    cv: dict[str, dict[str, float]] = {}
    for form, allowed_values in FORMS.items():
        allowed = np.isin(np.asarray(exponents), allowed_values)
        cv[form] = cross_validate(p, y, allowed, folds=folds, seed=seed)
    form = min(cv, key=lambda f: (cv[f]["log_loss"], len(FORMS[f])))
    allowed = np.isin(np.asarray(exponents), FORMS[form])
    masked = np.where(allowed[:, None], ll, np.inf)
    i, j = np.unravel_index(int(np.argmin(masked)), masked.shape)
    return OutcomeFit(
        form=form,
        exponent=float(exponents[i]),
        cea_kappa=float(cea_kappas[j]),
        thresholds=thresholds,
        train_log_loss=ll,
        train_brier=br,
        cv=cv,
        exponents=tuple(exponents),
        cea_kappas=tuple(cea_kappas),
        runs=runs,
        seed=seed,
    )
