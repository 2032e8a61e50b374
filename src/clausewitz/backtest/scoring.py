"""Proper scores of an ensemble forecast on the targets, PIT values, and skill against a
baseline with bootstrap intervals.

CRPS is ``scoringrules.crps_ensemble`` with the ``qd`` estimator: the exact CRPS of the
ensemble's empirical distribution (for a one-member forecast, the absolute error).

Fall days are scored censored: forecast members and the truth are both replaced by
``min(day, censor)``, where ``censor`` is one day after the last scored record, so "not
fallen by the end of the data or the horizon" is one value that every forecast can hit. The
CRPS of the censored variable is proper for it (it scores exactly what can be observed); a
forecast is not rewarded or punished for what it says beyond the censoring point.

PIT values are randomised (``F(y-) + U (F(y) - F(y-))``) so that point masses (a town taken,
a censored fall day, a one-member forecast) still give a uniform PIT under a calibrated
forecast.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from clausewitz.backtest.forecast import Forecast
from clausewitz.backtest.targets import Targets

FAMILIES: tuple[str, ...] = ("fall_day", "fall_brier", "distance", "area")
"""Target families, each scored on its own and then together (``overall``)."""

RATIO_FLOOR = 1e-6
"""[ENG] Score ratios below this count as this in the overall skill (a perfect family score
would otherwise give log 0)."""

FAMILY_TITLES: Mapping[str, str] = {
    "fall_day": "fall day (CRPS, days, censored)",
    "fall_brier": "falls within the window (Brier)",
    "distance": "weekly distance to town (CRPS, km)",
    "area": "monthly area gained in region (CRPS, km²)",
}

BOOTSTRAP_DRAWS = 2000
"""[ENG] Bootstrap resamples of towns (and months) for the skill intervals."""


def crps(obs: NDArray[np.float64], ens: NDArray[np.float64]) -> NDArray[np.float64]:
    """CRPS of ensembles ``ens`` (members on the last axis) at observations ``obs``."""
    import scoringrules as sr  # compiles its kernels on import (seconds): only when scoring

    out = sr.crps_ensemble(np.asarray(obs, float), np.asarray(ens, float), estimator="qd")
    return np.asarray(out, dtype=np.float64)


def randomized_pit(
    obs: NDArray[np.float64], ens: NDArray[np.float64], rng: np.random.Generator
) -> NDArray[np.float64]:
    """Randomised PIT of ``obs`` under the empirical distribution of ``ens`` (last axis)."""
    obs = np.asarray(obs, float)[..., None]
    below = (ens < obs).mean(axis=-1)
    at_or_below = (ens <= obs).mean(axis=-1)
    u = rng.random(below.shape)
    pit: NDArray[np.float64] = below + u * (at_or_below - below)
    return pit


@dataclass
class ForecastScores:
    """Scores per scoring unit of one forecast."""

    name: str
    fall_day: NDArray[np.float64]
    """(towns,) CRPS of the censored fall day."""
    fall_brier: NDArray[np.float64]
    """(towns,) Brier score of "falls within the window"."""
    distance: NDArray[np.float64]
    """(towns, dates) CRPS of the distance."""
    area: NDArray[np.float64]
    """(months,) CRPS of the area gained."""
    pit_fall: NDArray[np.float64]
    pit_distance: NDArray[np.float64]
    p_fall: NDArray[np.float64]

    def mean(self, family: str) -> float | None:
        """Mean score of a family (None when it has no unit)."""
        a = getattr(self, family)
        return float(np.mean(a)) if a.size else None


def score(targets: Targets, forecast: Forecast, seed: int) -> ForecastScores:
    """Score ``forecast`` on every target (PIT randomisation keyed by ``seed``)."""
    rng = np.random.default_rng([seed, 0x917])
    truth_fall = targets.fall_day
    fell = (truth_fall < targets.censor).astype(np.float64)
    p = forecast.p_fall(targets.censor)
    fall_crps = crps(truth_fall, forecast.fall_day)
    dist_crps = crps(targets.distance, forecast.distance)
    area_crps = crps(targets.area_gained, forecast.area_gained)
    return ForecastScores(
        name=forecast.name,
        fall_day=fall_crps,
        fall_brier=(p - fell) ** 2,
        distance=dist_crps,
        area=area_crps,
        pit_fall=randomized_pit(truth_fall, forecast.fall_day, rng),
        pit_distance=randomized_pit(targets.distance, forecast.distance, rng),
        p_fall=p,
    )


@dataclass(frozen=True)
class Skill:
    """1 - score/score_baseline with a percentile bootstrap interval."""

    value: float | None
    low: float | None
    high: float | None

    def to_dict(self) -> dict[str, float | None]:
        return {"skill": self.value, "ci_low": self.low, "ci_high": self.high}


def _ratio_skill(model: NDArray[np.float64], base: NDArray[np.float64]) -> NDArray[np.float64]:
    with np.errstate(divide="ignore", invalid="ignore"):
        out: NDArray[np.float64] = np.where(base > 0, 1.0 - model / base, np.nan)
    return out


def _family_means(
    s: ForecastScores, towns: NDArray[np.int64], months: NDArray[np.int64]
) -> dict[str, NDArray[np.float64]]:
    """Mean score of each family for each bootstrap draw (rows of ``towns``/``months``)."""
    out: dict[str, NDArray[np.float64]] = {}
    if s.fall_day.size:
        out["fall_day"] = s.fall_day[towns].mean(axis=1)
        out["fall_brier"] = s.fall_brier[towns].mean(axis=1)
        out["distance"] = s.distance.mean(axis=1)[towns].mean(axis=1)
    if s.area.size:
        out["area"] = s.area[months].mean(axis=1)
    return out


def skills(
    model: ForecastScores, base: ForecastScores, seed: int, draws: int = BOOTSTRAP_DRAWS
) -> dict[str, Skill]:
    """Skill of ``model`` over ``base`` per family, ``1 - S_model / S_base``, and overall.

    ``overall`` is ``1 - exp(mean(log(S_model / S_base)))`` over the families (a geometric mean
    of the score ratios): every family counts alike whatever its unit, and one family whose
    baseline scores near 0 cannot swamp the others as it would in a mean of skills. 95%
    intervals come from resampling towns (the same draw for every town family) and months.
    A family whose baseline scores 0 has no skill (None) and is left out of ``overall``.
    """
    rng = np.random.default_rng([seed, 0xB007])
    T, M = model.fall_day.size, model.area.size
    towns_b = rng.integers(0, max(T, 1), size=(draws, max(T, 1)))
    months_b = rng.integers(0, max(M, 1), size=(draws, max(M, 1)))
    point_t, point_m = np.arange(max(T, 1))[None, :], np.arange(max(M, 1))[None, :]
    mp, bp = _family_means(model, point_t, point_m), _family_means(base, point_t, point_m)
    mb, bb = _family_means(model, towns_b, months_b), _family_means(base, towns_b, months_b)
    out: dict[str, Skill] = {}
    log_point, log_boot = [], []
    for fam in FAMILIES:
        if fam not in mp:
            continue
        if not bp[fam][0] > 0:
            out[fam] = Skill(None, None, None)
            continue
        out[fam] = _interval(float(1.0 - mp[fam][0] / bp[fam][0]), _ratio_skill(mb[fam], bb[fam]))
        with np.errstate(divide="ignore", invalid="ignore"):
            log_point.append(np.log(max(mp[fam][0] / bp[fam][0], RATIO_FLOOR)))
            ratio_b = np.where(bb[fam] > 0, mb[fam] / bb[fam], np.nan)
            log_boot.append(np.log(np.maximum(ratio_b, RATIO_FLOOR)))
    if log_point:
        overall = float(1.0 - np.exp(np.mean(log_point)))
        boot = 1.0 - np.exp(np.nanmean(np.vstack(log_boot), axis=0))
        out["overall"] = _interval(overall, boot)
    else:
        out["overall"] = Skill(None, None, None)
    return out


def _interval(value: float, boot: NDArray[np.float64]) -> Skill:
    ok = boot[np.isfinite(boot)]
    if not ok.size:
        return Skill(value, None, None)
    lo, hi = np.percentile(ok, [2.5, 97.5])
    return Skill(value, float(lo), float(hi))
