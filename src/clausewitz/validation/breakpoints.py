"""Break thresholds fitted to CDB90's loss fractions, and the record they are checked against.

The engine's breakpoint rule (``docs/model.md`` §5): each side draws a threshold
``theta ~ Beta(a, b)`` per engagement and breaks when its engagement loss fraction reaches it;
the first side to break loses. Read against a battle in CDB90 that ended with a winner, the
rule says the loser's loss fraction is its threshold (an observation of ``theta``) and the
winner's is below its own threshold (a right-censored observation). :func:`fit_thresholds`
maximises that likelihood per side:

    sum over losers log f(frac) + sum over winners and draws log (1 - F(frac))

(``f``, ``F`` the Beta density and distribution function). A draw censors both sides.

Known bias: CDB90's casualties include losses after the break (pursuit, prisoners), so a
loser's fraction overstates its threshold; the fit is an upper reading of where sides break.

:func:`helmbold_checks` states Helmbold's summary findings (Helmbold, RAND 1971) as shares that
can be computed from any set of battles (CDB90's record, or the engine's simulated outcomes).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import optimize, stats

F = NDArray[np.float64]

QUANTILES: tuple[float, ...] = (0.1, 0.25, 0.5, 0.75, 0.9)
"""Quantiles reported for loss fractions at the break."""

_EPS = 1e-4  # fractions are kept inside (0, 1): a Beta density is 0 or infinite at the ends


@dataclass(frozen=True)
class BetaFit:
    """A Beta(a, b) threshold distribution fitted with censoring."""

    a: float
    b: float
    n_observed: int
    n_censored: int
    loglik: float

    def quantiles(self, qs: tuple[float, ...] = QUANTILES) -> list[float]:
        return [float(v) for v in stats.beta.ppf(qs, self.a, self.b)]

    def to_dict(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "b": self.b,
            "n_broke": self.n_observed,
            "n_censored": self.n_censored,
            "loglik": self.loglik,
            "quantiles": dict(zip(map(str, QUANTILES), self.quantiles(), strict=True)),
        }


def fit_beta_censored(
    observed: F,
    censored: F,
    observed_scale: F | None = None,
    censored_scale: F | None = None,
) -> BetaFit:
    """Maximum likelihood of Beta(a, b) from exact values and right-censored values.

    With ``*_scale`` (> 0, one per value) a value is ``scale x theta``, ``theta ~ Beta(a, b)``:
    the fit reads ``value / scale`` (the Jacobian ``-log scale`` enters the reported
    log-likelihood of the exact values)."""
    obs_raw = np.asarray(observed, dtype=np.float64)
    cen_raw = np.asarray(censored, dtype=np.float64)
    s_obs = np.ones_like(obs_raw) if observed_scale is None else np.asarray(observed_scale, float)
    s_cen = np.ones_like(cen_raw) if censored_scale is None else np.asarray(censored_scale, float)
    obs = np.clip(obs_raw / s_obs, _EPS, 1.0 - _EPS)
    cen = np.clip(cen_raw / s_cen, _EPS, 1.0 - _EPS)
    jacobian = -float(np.log(s_obs).sum())

    def nll(p: F) -> float:
        a, b = np.exp(p)
        value = stats.beta.logpdf(obs, a, b).sum() + stats.beta.logsf(cen, a, b).sum()
        return float(-value) if np.isfinite(value) else 1e300

    # a method-of-moments start from the observed values
    m, v = float(obs.mean()), float(obs.var()) + 1e-6
    common = max(m * (1 - m) / v - 1.0, 0.5)
    start = np.log([max(m * common, 0.05), max((1 - m) * common, 0.05)])
    res = optimize.minimize(
        nll, start, method="Nelder-Mead", options={"xatol": 1e-8, "fatol": 1e-10, "maxiter": 4000}
    )
    a, b = (float(x) for x in np.exp(res.x))
    return BetaFit(
        a=a,
        b=b,
        n_observed=int(obs.size),
        n_censored=int(cen.size),
        loglik=-float(res.fun) + jacobian,
    )


def fit_thresholds(
    attacker_frac: F,
    defender_frac: F,
    outcome: NDArray[np.int64],
    force_ratio: F | None = None,
    kappa: float = 0.0,
) -> dict[str, BetaFit]:
    """Both sides' thresholds from battles' loss fractions and outcomes (1 attacker won, 0
    draw, -1 attacker lost): ``{"attacker": BetaFit, "defender": BetaFit}``.

    With ``force_ratio`` (attacker / defender at the start) and ``kappa``, the engine's
    force-ratio breakpoint (``docs/model.md`` §5): the attacker's threshold is
    ``ratio^kappa x theta``, the defender's ``ratio^-kappa x theta``, and ``(a, b)`` are those
    of ``theta``."""
    won = outcome == 1
    lost = outcome == -1
    if force_ratio is None or kappa == 0.0:
        s_att = np.ones_like(np.asarray(attacker_frac, dtype=np.float64))
    else:
        s_att = np.asarray(force_ratio, dtype=np.float64) ** kappa
    s_def = 1.0 / s_att
    return {
        "attacker": fit_beta_censored(
            attacker_frac[lost], attacker_frac[~lost], s_att[lost], s_att[~lost]
        ),
        "defender": fit_beta_censored(
            defender_frac[won], defender_frac[~won], s_def[won], s_def[~won]
        ),
    }


def quantile_dict(values: F, qs: tuple[float, ...] = QUANTILES) -> dict[str, float]:
    """Quantiles of ``values`` keyed by the quantile's text (nan when empty)."""
    v = np.asarray(values, dtype=np.float64)
    if v.size == 0:
        return {str(q): float("nan") for q in qs}
    return {str(q): float(x) for q, x in zip(qs, np.quantile(v, qs), strict=True)}


def helmbold_checks(
    attacker_frac: F, defender_frac: F, attacker_won: NDArray[np.bool_]
) -> dict[str, float]:
    """Helmbold's findings (RAND 1971) as shares of the battles given.

    * ``winning_defenders_lost_20pct_or_less``: about 0.9 in Helmbold's 1,080 battles;
    * ``failing_attackers_lost_under_40pct``: over 0.9;
    * ``losing_defenders_lost_40pct_or_less``: about 0.9 (of the attacker's wins).
    """
    won = np.asarray(attacker_won, dtype=bool)
    d_win = defender_frac[~won]
    a_fail = attacker_frac[~won]
    d_lose = defender_frac[won]

    def share(x: F) -> float:
        return float(np.mean(x)) if x.size else float("nan")

    return {
        "winning_defenders_lost_20pct_or_less": share(d_win <= 0.20),
        "failing_attackers_lost_under_40pct": share(a_fail < 0.40),
        "losing_defenders_lost_40pct_or_less": share(d_lose <= 0.40),
    }


HELMBOLD: dict[str, float] = {
    "winning_defenders_lost_20pct_or_less": 0.9,
    "failing_attackers_lost_under_40pct": 0.9,
    "losing_defenders_lost_40pct_or_less": 0.9,
}
"""Helmbold's (RAND 1971) shares as published in summary ("about", "over" 90%)."""
