"""How interstate wars ended, and the ceasefire base hazard it gives a scenario.

The hazards of settlement and of victory of the Correlates of War interstate wars (competing
risks, censored; :mod:`clausewitz.fitting.war_termination`), conditioned on a war's age, and,
for a scenario, the base hazard ``h0`` that makes its mean realised ceasefire hazard match the
settlement rate (:mod:`clausewitz.validation.hazard_scale`; docs/ceasefire.md).
"""

from __future__ import annotations

from typing import Any, Literal

from clausewitz.errors import UserError
from clausewitz.fitting.war_termination import (
    War,
    fit_cause,
    rate_after_age,
    read_interstate_wars,
    settlement_links,
)

CAUSES: tuple[Literal["settlement", "victory"], ...] = ("settlement", "victory")


def _check(min_age_days: int, level: float, runs: int, wars: tuple[War, ...]) -> None:
    if not 0.0 < level < 1.0:
        raise UserError(f"--level must be between 0 and 1, got {level:g}")
    if min_age_days < 0:
        raise UserError(f"--min-age-days must be 0 or more, got {min_age_days}")
    if runs < 1:
        raise UserError(f"--runs must be at least 1, got {runs}")
    longest = max(w.days for w in wars)
    if min_age_days >= longest:
        raise UserError(
            f"--min-age-days {min_age_days}: no war lasted longer (the longest: {longest} days)"
        )


def _scenario_h0(
    scenario: str, settlement: dict[str, Any], *, runs: int, seed: int
) -> dict[str, Any]:
    """The scenario's base hazard: the settlement rate over its realised hazard factor."""
    from clausewitz.scenario.loader import load_scenario
    from clausewitz.validation.hazard_scale import realised_hazard_scale

    loaded = load_scenario(scenario)
    if loaded.scenario.negotiation is None:
        raise UserError(f"scenario {scenario!r} has no 'negotiation' section")
    scale = realised_hazard_scale(loaded, runs=runs, seed=seed)
    median, sigma = settlement["lognormal"].values()
    return {
        "name": loaded.scenario.meta.name,
        "runs": runs,
        "seed": seed,
        "realised_factor": scale.exposure_weighted,
        "h0_median": median / scale.exposure_weighted,
        "h0_sigma": sigma,
    }


def war_endings(
    min_age_days: int = 1095,
    level: float = 0.9,
    scenario: str | None = None,
    *,
    runs: int = 500,
    seed: int = 1,
) -> dict[str, Any]:
    """What ``clausewitz war-endings --json`` prints: per cause the rate after
    ``min_age_days`` of war with its ``level`` interval and the Weibull shape over all wars;
    the settlement links; with ``scenario``, its ``h0`` from ``runs`` runs of ``seed``."""
    wars = read_interstate_wars()
    _check(min_age_days, level, runs, wars)
    out: dict[str, Any] = {"wars": len(wars), "min_age_days": min_age_days, "level": level}
    for cause in CAUSES:
        r = rate_after_age(wars, cause, min_age_days, level=level)
        w = fit_cause(wars, cause)
        out[cause] = {
            "wars_at_risk": len(r.wars),
            "events": r.events,
            "exposure_days": r.exposure_days,
            "rate_per_day": r.rate,
            "interval": list(r.ci),
            "lognormal": dict(zip(("median", "sigma"), r.lognormal, strict=True)),
            "weibull_shape_all_wars": w.shape,
            "weibull_shape_interval": list(w.shape_interval(level)),
        }
    out["links"] = [
        {"covariate": x.covariate, "hazard_ratio": x.hazard_ratio, "interval": list(x.ci)}
        for x in settlement_links(wars, level=level)
    ]
    if scenario is not None:
        out["scenario"] = _scenario_h0(scenario, out["settlement"], runs=runs, seed=seed)
    return out
