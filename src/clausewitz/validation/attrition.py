"""The engine's attrition law fitted to the Ardennes division-days, and compared with them.

The engine's expected daily losses in an assault (``docs/model.md`` §4), with every multiplier
at 1, are

    lambda_D = k_assault * A^phi2 * D^phi1        lambda_A = k_hold * D^phi2 * A^phi1

(attacker ``A``, defender ``D``). :func:`fit_ade` estimates ``k_assault``, ``k_hold``,
``phi1``, ``phi2`` and the negative-binomial dispersion by maximum likelihood from the
Ardennes Campaign Simulation Data Base's division-day matchups (Helmbold's ADE sheet, PAR
datadisk), pooling both sides' losses with shared exponents, as the engine uses them.

Which side attacked on a given day is not recorded; we take the side that advanced (the sheet's
opposed advance), and leave out the days without movement. This selects days on which the
attack made ground, which favours the attacker's exchange: the fitted ``k_hold / k_assault``
is, if anything, too low. The exponents are constrained to ``phi1 + phi2 = 1`` (the engine's
loss *fractions* then depend on the force ratio only, whatever the size of the forces, which is
what lets one set of rates serve a platoon and an army; an engineering choice whose cost in
fit is reported as ``loglik_unconstrained``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from clausewitz.fitting.glm import fit_glm, profile_interval
from clausewitz.stats.interval import Interval
from clausewitz.validation.datasets import load_ade

F = NDArray[np.float64]


@dataclass(frozen=True)
class AttritionFit:
    """The engine's attrition law fitted to division-days."""

    k_assault: Interval
    k_hold: Interval
    phi_enemy: Interval
    """phi2, exponent on the firing side's strength (``attrition-exponent-enemy``)."""
    phi_own: Interval
    """phi1 = 1 - phi2, exponent on the losing side's own strength."""
    dispersion: float
    """NB2 alpha: Var = mu + alpha mu^2."""
    n_days: int
    loglik: float
    loglik_unconstrained: float
    """Log-likelihood with phi1 and phi2 free (two more parameters, one more than here)."""
    phi_unconstrained: tuple[float, float]
    """(phi1, phi2) of the unconstrained fit."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "k_assault": self.k_assault.to_dict("value"),
            "k_hold": self.k_hold.to_dict("value"),
            "attrition_exponent_enemy": self.phi_enemy.to_dict("value"),
            "attrition_exponent_own": self.phi_own.to_dict("value"),
            "dispersion": self.dispersion,
            "n_division_days": self.n_days,
            "loglik": self.loglik,
            "loglik_unconstrained": self.loglik_unconstrained,
            "phi_unconstrained": {
                "own": self.phi_unconstrained[0],
                "enemy": self.phi_unconstrained[1],
            },
        }


def ade_engagements(frame: pd.DataFrame | None = None) -> pd.DataFrame:
    """Division-days with a moving front, as engagements: ``attacker``, ``defender``
    strengths, their losses that day, and who attacked (``german_attack``)."""
    ade = load_ade() if frame is None else frame
    moving = ade[ade["advance_km"] != 0]
    german = (moving["advance_km"] < 0).to_numpy()
    g, a = moving["german"].to_numpy(), moving["allied"].to_numpy()
    gc, ac = moving["german_cas"].to_numpy(), moving["allied_cas"].to_numpy()
    return pd.DataFrame(
        {
            "day": moving["day"].to_numpy(),
            "german_attack": german,
            "attacker": np.where(german, g, a),
            "defender": np.where(german, a, g),
            "attacker_losses": np.where(german, gc, ac),
            "defender_losses": np.where(german, ac, gc),
        }
    )


def fit_ade(level: float = 0.95) -> AttritionFit:
    """Fit the engine's attrition law to the ADE division-days (see the module docstring)."""
    eng = ade_engagements()
    A = eng["attacker"].to_numpy(float)
    D = eng["defender"].to_numpy(float)
    y = np.concatenate([eng["defender_losses"].to_numpy(float), eng["attacker_losses"]])
    firer = np.concatenate([A, D])
    target = np.concatenate([D, A])
    hold = np.concatenate([np.zeros(A.size), np.ones(A.size)])
    w = np.ones((1, y.size))
    off = np.log(target)[None]
    # log E[L] = c0 + c1 [row is the attacker's losses] + phi2 log(firer / target) + log target
    ratio = np.log(firer / target)
    estimates: dict[str, Interval] = {}
    for name, flag in (("assault", hold), ("hold", 1.0 - hold)):
        X = np.stack([np.ones_like(y), flag, ratio], axis=1)[None]
        fit = fit_glm(y[None], X, off, w, "negbin")
        lo, hi = profile_interval(y[None], X, off, w, "negbin", fit, 0, level=level)
        estimates[f"k_{name}"] = Interval(
            float(np.exp(fit.beta[0, 0])), float(np.exp(lo[0])), float(np.exp(hi[0]))
        )
        if name == "assault":
            plo, phi = profile_interval(y[None], X, off, w, "negbin", fit, 2, level=level)
            phi2 = Interval(float(fit.beta[0, 2]), float(plo[0]), float(phi[0]))
            loglik = float(fit.loglik[0])
            alpha = float(np.exp(-fit.log_r[0]))
    free = np.stack([np.ones_like(y), hold, np.log(firer), np.log(target)], axis=1)[None]
    unconstrained = fit_glm(y[None], free, np.zeros((1, y.size)), w, "negbin")
    return AttritionFit(
        k_assault=estimates["k_assault"],
        k_hold=estimates["k_hold"],
        phi_enemy=phi2,
        phi_own=phi2.flipped(1.0),
        dispersion=alpha,
        n_days=int(A.size),
        loglik=loglik,
        loglik_unconstrained=float(unconstrained.loglik[0]),
        phi_unconstrained=(float(unconstrained.beta[0, 3]), float(unconstrained.beta[0, 2])),
    )


def daily_rates(frame: pd.DataFrame | None = None) -> dict[str, F]:
    """Observed daily loss fractions of attackers and defenders in the ADE engagements."""
    eng = ade_engagements(frame)
    return {
        "attacker": (eng["attacker_losses"] / eng["attacker"]).to_numpy(float),
        "defender": (eng["defender_losses"] / eng["defender"]).to_numpy(float),
        "force_ratio": (eng["attacker"] / eng["defender"]).to_numpy(float),
    }
