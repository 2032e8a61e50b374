"""The engine's engagement model fitted to who won, on CDB90's training battles only.

The engine decides an engagement by its break rule (``docs/model.md`` §5): each side draws a
threshold ``theta ~ Beta(a, b)``, scaled by its force ratio at the start to the power
``kappa`` (``breakpoint-force-ratio-exponent``) and by the engagement's unobserved relative
effectiveness ``exp(sigma z)`` (``engagement-effectiveness-sigma``), and the first side whose
loss fraction reaches its threshold loses. :func:`fit_outcomes` fits that model to the
training battles (before 1939, :mod:`clausewitz.validation.split`) in two steps:

1. ``(a, b)`` per side by censored maximum likelihood of the loss fractions
   (:func:`clausewitz.validation.breakpoints.fit_thresholds`, ``kappa = 0``);
2. ``kappa`` from :data:`FORCE_RATIO_EXPONENTS`, ``sigma`` from :data:`SIGMAS` and the scale
   of CDB90's combat-effectiveness code onto the engine's quality ratio from
   :data:`CEA_KAPPAS` (the engine's quality ratio is ``exp(scale x CEA)``) by the log loss of
   the engine's own win probabilities (:func:`clausewitz.validation.outcomes.engine_cases`,
   the fast engine's engagement path) on the training battles.

Which *form* to keep (:data:`FORMS`: the pure loss-fraction rule, ``kappa = sigma = 0``; the
force-ratio rule, ``kappa`` free; the force-ratio rule with engagement heterogeneity, both
free) is decided by cross-validation on the training battles, by default in ``folds`` random
folds (:func:`cross_validate`); forward in time (:func:`forward_validate`: the battles in year
order cut into ``folds`` blocks, each later block scored with the grid point chosen on the
blocks before it, as the test battles are later than every training battle) is scored too and
reported beside it. The form with the lower cross-validated log loss wins, and its grid point
is then chosen on all training battles. Nothing here reads a test battle.

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
from clausewitz.validation.grid_choice import cross_validate, expand, forward_validate, loss_grid
from clausewitz.validation.outcomes import SCORING_MAX_DAYS, engine_cases
from clausewitz.validation.scoring import clip_runs

F = NDArray[np.float64]

FORCE_RATIO_EXPONENTS: tuple[float, ...] = (0.0, 0.125, 0.25)
"""Candidate values of ``breakpoint-force-ratio-exponent`` (kappa; 0.5 scored worse than
each of these in the previous fit, log loss 0.691)."""

SIGMAS: tuple[float, ...] = (0.0, 0.25, 0.5, 0.75, 1.0)
"""Candidate values of ``engagement-effectiveness-sigma``."""

CEA_KAPPAS: tuple[float, ...] = (0.5, 1.0, 1.5, 2.0)
"""Candidate scales of CDB90's CEA onto the engine's quality ratio (0, no quality effect,
scored worst of all in the previous fit; 2.0 lets heterogeneity trade off against it)."""

FORMS: dict[str, tuple[bool, bool]] = {
    "loss_fraction": (False, False),
    "force_ratio": (True, False),
    "heterogeneity": (True, True),
}
"""The forms compared by cross-validation: whether each leaves kappa and sigma free (a form
that does not fixes it at 0)."""


@dataclass(frozen=True)
class OutcomeFit:
    """The fit of :func:`fit_outcomes`."""

    form: str
    """The form cross-validation chose (a key of :data:`FORMS`)."""
    exponent: float
    """kappa, chosen on all training battles within the form."""
    sigma: float
    """sigma, chosen with kappa."""
    cea_kappa: float
    """Scale of CEA onto the quality ratio, chosen with kappa and sigma."""
    thresholds: dict[str, float]
    """``breakpoint-{attacker,defender}-{a,b}`` from the loss fractions."""
    train_log_loss: F
    """(exponents, sigmas, CEA scales): the engine's log loss on all training battles."""
    train_brier: F
    cv: dict[str, dict[str, float]]
    """Per form: cross-validated ``log_loss`` and ``brier`` on the training battles, under
    the ``scheme`` that chose the form."""
    scheme: str
    """The cross-validation scheme that chose the form (:data:`SCHEMES`)."""
    cv_by_scheme: dict[str, dict[str, dict[str, float]]]
    """The same scores under every scheme."""
    exponents: tuple[float, ...]
    sigmas: tuple[float, ...]
    cea_kappas: tuple[float, ...]
    runs: int
    seed: int

    def parameters(self) -> dict[str, float]:
        """The fitted engine constants (thresholds, kappa and sigma) by parameter name."""
        return {
            **self.thresholds,
            "breakpoint-force-ratio-exponent": self.exponent,
            "engagement-effectiveness-sigma": self.sigma,
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "form": self.form,
            "breakpoint-force-ratio-exponent": self.exponent,
            "engagement-effectiveness-sigma": self.sigma,
            "cea_kappa": self.cea_kappa,
            "thresholds": self.thresholds,
            "cv": self.cv,
            "scheme": self.scheme,
            "cv_by_scheme": self.cv_by_scheme,
            "grid": {
                "exponents": list(self.exponents),
                "sigmas": list(self.sigmas),
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
    sigmas: tuple[float, ...],
    cea_kappas: tuple[float, ...],
    *,
    runs: int,
    seed: int,
    max_days: int = SCORING_MAX_DAYS,
) -> F:
    """The engine's win probabilities, shape ``(exponents, sigmas, cea_kappas, battles)``,
    with ``overrides`` and each grid point; the same seed everywhere (common random
    numbers)."""
    out = np.empty((len(exponents), len(sigmas), len(cea_kappas), len(battles)))
    for i, exponent in enumerate(exponents):
        for h, sigma in enumerate(sigmas):
            base = base_plan(
                {
                    **overrides,
                    "breakpoint-force-ratio-exponent": exponent,
                    "engagement-effectiveness-sigma": sigma,
                }
            )
            for j, kappa in enumerate(cea_kappas):
                cases = engine_cases(
                    battles, kappa=kappa, runs=runs, seed=seed, base=base, max_days=max_days
                )
                out[i, h, j] = clip_runs(cases.p_success, runs)
    return out


SCHEMES: tuple[str, ...] = ("forward", "random")
"""How :func:`fit_outcomes` cross-validates the forms: ``random`` (:func:`cross_validate`,
random folds; the default, the scheme that chose the defaults) or ``forward``
(:func:`forward_validate` over the battles in time order: the test battles are later than
every training battle, so this checks the choice the same way, on later battles)."""


def form_mask(
    form: str, exponents: tuple[float, ...], sigmas: tuple[float, ...]
) -> NDArray[np.bool_]:
    """(exponents, sigmas): the grid points a form of :data:`FORMS` allows."""
    kappa_free, sigma_free = FORMS[form]
    e = np.asarray(exponents) == 0.0
    s = np.asarray(sigmas) == 0.0
    return (e | kappa_free)[:, None] & (s | sigma_free)[None, :]


def fit_outcomes(
    train: pd.DataFrame,
    attrition: dict[str, float],
    *,
    runs: int = 100,
    seed: int = 0,
    folds: int = 5,
    exponents: tuple[float, ...] = FORCE_RATIO_EXPONENTS,
    sigmas: tuple[float, ...] = SIGMAS,
    cea_kappas: tuple[float, ...] = CEA_KAPPAS,
    scheme: str = "random",
) -> OutcomeFit:
    """Fit the break rule to ``train`` (see the module docstring); ``attrition`` holds the
    engine's attrition constants to use (the Ardennes fit). The form is chosen by the
    cross-validation ``scheme`` (:data:`SCHEMES`, ``folds`` folds or blocks); both schemes'
    scores are kept."""
    if scheme not in SCHEMES:
        raise ValueError(f"scheme must be one of {', '.join(SCHEMES)}, not {scheme!r}")
    if 0.0 not in exponents or 0.0 not in sigmas:
        raise ValueError("the exponents and sigmas must include 0 (the loss-fraction form)")
    thresholds = threshold_parameters(train)
    p = grid_forecasts(
        train, {**attrition, **thresholds}, exponents, sigmas, cea_kappas, runs=runs, seed=seed
    )
    y = train["success"].to_numpy(float)
    everything = np.ones(y.size, dtype=np.bool_)
    ll = loss_grid(p, y, everything)
    br = np.asarray(((p - y) ** 2).mean(axis=-1))
    years = train["year"].to_numpy(float)
    by_scheme: dict[str, dict[str, dict[str, float]]] = {"forward": {}, "random": {}}
    for form in FORMS:
        allowed = form_mask(form, exponents, sigmas)
        by_scheme["forward"][form] = forward_validate(p, y, allowed, years, blocks=folds)
        by_scheme["random"][form] = cross_validate(p, y, allowed, folds=folds, seed=seed)
    cv = by_scheme[scheme]
    # ties go to the form with fewer free constants
    form = min(cv, key=lambda f: (cv[f]["log_loss"], sum(FORMS[f])))
    masked = np.where(expand(form_mask(form, exponents, sigmas), ll.shape), ll, np.inf)
    i, h, j = np.unravel_index(int(np.argmin(masked)), masked.shape)
    return OutcomeFit(
        form=form,
        exponent=float(exponents[i]),
        sigma=float(sigmas[h]),
        cea_kappa=float(cea_kappas[j]),
        thresholds=thresholds,
        train_log_loss=ll,
        train_brier=br,
        cv=cv,
        scheme=scheme,
        cv_by_scheme=by_scheme,
        exponents=tuple(exponents),
        sigmas=tuple(sigmas),
        cea_kappas=tuple(cea_kappas),
        runs=runs,
        seed=seed,
    )
