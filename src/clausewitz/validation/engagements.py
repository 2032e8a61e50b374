"""Engagement odds from the engine: the library behind ``clausewitz engagement``.

:func:`base_plan` compiles a one-sector scenario through the ordinary scenario pipeline, so the
engine constants are exactly the defaults of :mod:`clausewitz.scenario.defaults` (or the
overrides given); :func:`simulate_cases` turns engagements described in troops, posture,
terrain and quality into the engine's arrays (:func:`clausewitz.engine.engagement.engagement_plan`)
and runs them; :func:`engagement_odds` summarises one engagement for the command.

Posture enters as the fortification of the engagement's belt (:data:`POSTURE_FORTIFICATION`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from clausewitz.engine.engagement import (
    EngagementOutcomes,
    engagement_plan,
    simulate_engagements,
)
from clausewitz.engine.plan import TERRAINS, Plan
from clausewitz.errors import UserError
from clausewitz.prepare.compile import compile_plan
from clausewitz.scenario.defaults import DEFAULTS
from clausewitz.scenario.parameters import collect_parameters
from clausewitz.scenario.schema import Scenario
from clausewitz.stats.interval import Interval
from clausewitz.stats.paired import wilson_ci

F = NDArray[np.float64]

POSTURES: tuple[str, ...] = ("hasty", "prepared", "fortified")

#: Fortification multiplier (>= 1) of the defender's position for each posture. Our values
#: (Dupuy's QJM/TNDM posture tables, Dupuy 1979 and 1990, were not available): a hasty
#: defence has no prepared works (1, the engine's open field); a prepared defence 1.5 and a
#: fortified one 2.0, the values the tutorial scenario gives a strongpoint and an urban belt.
#: ``docs/validation.md`` reports what CDB90 says about them (little: posture barely predicts
#: the outcome once the force ratio is known).
POSTURE_FORTIFICATION: Mapping[str, float] = {"hasty": 1.0, "prepared": 1.5, "fortified": 2.0}

DEFAULT_MAX_DAYS = 30
"""Time limit of an engagement, days (our choice: a month of continuous assault)."""


def _eng(value: float, unit: str) -> dict[str, Any]:
    return {"unit": unit, "basis": "engineering", "value": value, "rationale": "override"}


def _q(value: float, unit: str = "1") -> dict[str, Any]:
    return {"unit": unit, "basis": "assumption", "value": value, "rationale": "engagement"}


def _side(cid: str) -> dict[str, Any]:
    # strengths here are placeholders: engagement_plan sets each run's troops
    return {
        "name": cid,
        "contingents": [{"id": cid, "troops": _q(1000, "troops"), "deployment": {"s": 1.0}}],
        "recruitment_per_day": _q(0, "troops/day"),
        "wounded_return_share": _q(0),
        "wounded_return_delay_days": _q(1, "day"),
        # the split of losses into killed, wounded and missing does not change the totals
        "killed_share": _q(0.25),
        "missing_share": _q(0.05),
    }


def base_plan(overrides: Mapping[str, float] | None = None) -> Plan:
    """A one-run, one-sector plan carrying the engine's constants: the defaults, with
    ``overrides`` (parameter name -> value in the default's unit) in their place."""
    overrides = dict(overrides or {})
    unknown = sorted(set(overrides) - set(DEFAULTS))
    if unknown:
        raise UserError(f"unknown engine parameter(s): {', '.join(unknown)}")
    doc: dict[str, Any] = {
        "meta": {
            "name": "engagement",
            "title": "One engagement",
            "knowledge_date": "2025-01-01",
            "start_date": "2025-01-01",
            "horizon_days": DEFAULT_MAX_DAYS,
        },
        "sides": {"attacker": _side("att"), "defender": _side("def")},
        "theatre": {
            "sectors": [{"id": "s", "frontage": _q(10, "km"), "terrain": "open", "belts": []}],
            "objectives": [],
        },
        "mechanisms": {
            "attrition": True,
            "breakpoints": True,
            "advance": True,
            "logistics": False,
            "force_generation": False,
            "economy": False,
            "ceasefire": False,
        },
        "parameters": {k: _eng(v, DEFAULTS[k].unit) for k, v in overrides.items()},
    }
    scenario = Scenario.model_validate(doc)
    table = collect_parameters(scenario)
    samples = {}
    for name, entry in table.items():
        value = entry.parameter.value
        if value is None:  # pragma: no cover - every parameter above has a value
            raise UserError(f"parameter {name} has no point value")
        samples[name] = np.array([float(value)])
    return compile_plan(scenario, samples, [0], table=table)


def terrain_multipliers(terrain: ArrayLike) -> tuple[F, F]:
    """The attrition and withdrawal multipliers of each terrain name (the engine defaults'
    ``terrain-attrition-<terrain>`` and ``terrain-advance-<terrain>``)."""
    names = np.atleast_1d(np.asarray(terrain, dtype=object))
    bad = sorted({str(t) for t in names} - set(TERRAINS))
    if bad:
        raise UserError(f"unknown terrain {', '.join(bad)}; choose one of {', '.join(TERRAINS)}")
    att = np.array([float(DEFAULTS[f"terrain-attrition-{t}"].value or 0.0) for t in names])
    adv = np.array([float(DEFAULTS[f"terrain-advance-{t}"].value or 0.0) for t in names])
    return att, adv


def fortification_of(posture: ArrayLike, fortification: Mapping[str, float] | None = None) -> F:
    """The belt fortification of each posture name: ``fortification`` (posture -> multiplier)
    if given, else :data:`POSTURE_FORTIFICATION`."""
    table = POSTURE_FORTIFICATION if fortification is None else fortification
    names = np.atleast_1d(np.asarray(posture, dtype=object))
    bad = sorted({str(p) for p in names} - set(POSTURES))
    if bad:
        raise UserError(f"unknown posture {', '.join(bad)}; choose one of {', '.join(POSTURES)}")
    missing = sorted(set(POSTURES) - set(table))
    if missing:
        raise UserError(f"no fortification given for posture {', '.join(missing)}")
    if any(not (np.isfinite(v) and v >= 1.0) for v in table.values()):
        raise UserError("a posture's fortification must be a number of at least 1")
    return np.array([float(table[str(p)]) for p in names])


@dataclass(frozen=True)
class CaseOutcomes:
    """``runs`` engine replicates of each of ``n`` engagements (arrays ``(n, runs)``)."""

    success: NDArray[np.bool_]
    attacker_broke: NDArray[np.bool_]
    defender_broke: NDArray[np.bool_]
    days: NDArray[np.int64]
    attacker_loss_fraction: F
    defender_loss_fraction: F
    max_days: int

    @property
    def p_success(self) -> F:
        """Probability the attack succeeds, per engagement."""
        return np.asarray(self.success.mean(axis=1), dtype=np.float64)


def simulate_cases(
    attacker: ArrayLike,
    defender: ArrayLike,
    *,
    posture: ArrayLike = "hasty",
    terrain: ArrayLike = "open",
    quality_ratio: ArrayLike = 1.0,
    runs: int = 200,
    seed: int = 0,
    max_days: int = DEFAULT_MAX_DAYS,
    base: Plan | None = None,
    fortification: Mapping[str, float] | None = None,
) -> CaseOutcomes:
    """Run ``runs`` engine replicates of each engagement (all in one plan).

    Replicate ``k`` of every engagement has run index ``k``: the engagements share their random
    numbers (common random numbers), so differences between them are not noise.
    ``fortification`` maps each posture to its belt fortification (default
    :data:`POSTURE_FORTIFICATION`).
    """
    a = np.atleast_1d(np.asarray(attacker, dtype=np.float64))
    n = a.size
    d = np.broadcast_to(np.asarray(defender, dtype=np.float64), (n,))
    fort = np.broadcast_to(fortification_of(posture, fortification), (n,))
    t_att, t_adv = terrain_multipliers(terrain)
    t_att = np.broadcast_to(t_att, (n,))
    t_adv = np.broadcast_to(t_adv, (n,))
    q = np.broadcast_to(np.asarray(quality_ratio, dtype=np.float64), (n,))
    if runs < 1:
        raise UserError("runs must be at least 1")
    plan = engagement_plan(
        base if base is not None else base_plan(),
        np.repeat(a, runs),
        np.repeat(d, runs),
        fortification=np.repeat(fort, runs),
        terrain_attrition=np.repeat(t_att, runs),
        terrain_advance=np.repeat(t_adv, runs),
        quality_ratio=np.repeat(q, runs),
        run_ids=np.tile(np.arange(runs, dtype=np.int64), n),
    )
    out: EngagementOutcomes = simulate_engagements(plan, seed, max_days=max_days)
    shape = (n, runs)
    return CaseOutcomes(
        success=out.success.reshape(shape),
        attacker_broke=out.attacker_broke.reshape(shape),
        defender_broke=out.defender_broke.reshape(shape),
        days=out.days.reshape(shape),
        attacker_loss_fraction=out.attacker_loss_fraction.reshape(shape),
        defender_loss_fraction=out.defender_loss_fraction.reshape(shape),
        max_days=max_days,
    )


def simulate_battles(
    frame: pd.DataFrame,
    *,
    quality_ratio: ArrayLike,
    runs: int,
    seed: int,
    base: Plan,
    max_days: int,
    fortification: Mapping[str, float] | None = None,
) -> CaseOutcomes:
    """:func:`simulate_cases` for the battles of a CDB90 ``frame``: their strengths
    (``attacker``, ``defender``), ``posture`` and ``terrain``, with the quality ratio given."""
    return simulate_cases(
        frame["attacker"].to_numpy(float),
        frame["defender"].to_numpy(float),
        posture=frame["posture"].to_numpy(object),
        terrain=frame["terrain"].to_numpy(object),
        quality_ratio=quality_ratio,
        runs=runs,
        seed=seed,
        max_days=max_days,
        base=base,
        fortification=fortification,
    )


def _band(values: F) -> dict[str, float]:
    return {
        "median": float(np.median(values)),
        "p05": float(np.quantile(values, 0.05)),
        "p95": float(np.quantile(values, 0.95)),
    }


def engagement_odds(
    attacker: float,
    defender: float,
    posture: str,
    *,
    terrain: str = "open",
    quality_ratio: float = 1.0,
    runs: int = 1000,
    seed: int = 0,
    max_days: int = DEFAULT_MAX_DAYS,
    overrides: Mapping[str, float] | None = None,
) -> dict[str, Any]:
    """One engagement, ``runs`` times: the summary ``clausewitz engagement`` prints.

    ``overrides`` replace engine defaults by name (e.g.
    :data:`clausewitz.validation.calibration.PUBLISHED`).

    Keys: ``p_attacker_success`` (with its 95% Wilson interval as ``p_attacker_success_ci``),
    ``attacker_loss_fraction``, ``defender_loss_fraction`` and ``duration_days`` (each
    ``{median, p05, p95}``), the shares of runs in which the attacker broke, the defender broke
    and nobody broke, and the inputs.
    """
    if not (np.isfinite(attacker) and attacker > 0 and np.isfinite(defender) and defender > 0):
        raise UserError("--attacker and --defender must be positive numbers of troops")
    if not (np.isfinite(quality_ratio) and quality_ratio > 0):
        raise UserError("--quality-ratio must be positive")
    if max_days < 1:
        raise UserError("--max-days must be at least 1")
    res = simulate_cases(
        [attacker],
        [defender],
        posture=[posture],
        terrain=[terrain],
        quality_ratio=[quality_ratio],
        runs=runs,
        seed=seed,
        max_days=max_days,
        base=base_plan(overrides),
    )
    p = float(res.p_success[0])
    return {
        "p_attacker_success": p,
        "p_attacker_success_ci": _bounds(wilson_ci(p, runs)),
        "attacker_loss_fraction": _band(res.attacker_loss_fraction[0]),
        "defender_loss_fraction": _band(res.defender_loss_fraction[0]),
        "duration_days": _band(res.days[0].astype(np.float64)),
        "share_attacker_broke": float(res.attacker_broke[0].mean()),
        "share_defender_broke": float(res.defender_broke[0].mean()),
        "share_time_limit": float((~(res.attacker_broke[0] | res.defender_broke[0])).mean()),
        "inputs": {
            "attacker": attacker,
            "defender": defender,
            "force_ratio": attacker / defender,
            "posture": posture,
            "fortification": POSTURE_FORTIFICATION[posture],
            "terrain": terrain,
            "quality_ratio": quality_ratio,
            "runs": runs,
            "seed": seed,
            "max_days": max_days,
        },
    }


def _bounds(iv: Interval) -> list[float]:
    """``[low, high]`` of a 95% Wilson interval, as the JSON holds it."""
    return [iv.low, iv.high]


TABLE_FORCE_RATIOS: tuple[float, ...] = (0.5, 1.0, 2.0, 3.0, 4.0, 6.0, 8.0)
"""Force ratios of ``clausewitz engagement --table``."""


@dataclass(frozen=True)
class OddsTable:
    """The engine's odds of success over force ratios (columns) for each posture (rows)."""

    ratios: tuple[float, ...]
    postures: tuple[str, ...]
    p: F
    """(postures, ratios) probability that the attack succeeds."""
    slope: F
    """(postures,) logistic slope of success on the log force ratio (per unit of log ratio)."""
    slope_se: F
    runs: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "force_ratios": list(self.ratios),
            "runs": self.runs,
            "postures": {
                posture: {
                    "p_attacker_success": [float(v) for v in self.p[i]],
                    "p_attacker_success_ci": [
                        _bounds(wilson_ci(float(v), self.runs)) for v in self.p[i]
                    ],
                    "logit_slope": float(self.slope[i]),
                    "logit_slope_ci": [
                        float(self.slope[i] - 1.959963984540054 * self.slope_se[i]),
                        float(self.slope[i] + 1.959963984540054 * self.slope_se[i]),
                    ],
                }
                for i, posture in enumerate(self.postures)
            },
        }


def logit_slope(log_ratio: F, success: NDArray[np.bool_]) -> tuple[float, float]:
    """Slope (and its standard error) of a logistic regression of ``success`` on
    ``log_ratio`` with an intercept (nan if the outcome does not vary)."""
    import statsmodels.api as sm

    y = np.asarray(success, dtype=np.float64).ravel()
    x = np.asarray(log_ratio, dtype=np.float64).ravel()
    if y.min() == y.max():
        return float("nan"), float("nan")
    fit = sm.Logit(y, np.column_stack([np.ones_like(x), x])).fit(disp=0, maxiter=200)
    return float(fit.params[1]), float(fit.bse[1])


def odds_table(
    *,
    ratios: tuple[float, ...] = TABLE_FORCE_RATIOS,
    postures: tuple[str, ...] = POSTURES,
    defender: float = 10000.0,
    terrain: str = "open",
    quality_ratio: float = 1.0,
    runs: int = 1000,
    seed: int = 0,
    max_days: int = DEFAULT_MAX_DAYS,
    overrides: Mapping[str, float] | None = None,
    fortification: Mapping[str, float] | None = None,
) -> OddsTable:
    """The engine's odds at each force ratio and posture (attacker ``ratio x defender``),
    with common random numbers across the table, and the slope of the log odds on the log
    force ratio fitted to the simulated outcomes. ``fortification`` maps each posture to its
    belt fortification (default :data:`POSTURE_FORTIFICATION`)."""
    if not (np.isfinite(defender) and defender > 0):
        raise UserError("--defender must be a positive number of troops")
    if not ratios or any(not (np.isfinite(r) and r > 0) for r in ratios):
        raise UserError("force ratios must be positive numbers")
    r = np.asarray(ratios, dtype=np.float64)
    res = simulate_cases(
        np.tile(defender * r, len(postures)),
        defender,
        posture=np.repeat(np.array(postures, dtype=object), r.size),
        terrain=terrain,
        quality_ratio=quality_ratio,
        runs=runs,
        seed=seed,
        max_days=max_days,
        base=base_plan(overrides),
        fortification=fortification,
    )
    success = res.success.reshape(len(postures), r.size, runs)
    slopes = np.empty(len(postures))
    ses = np.empty(len(postures))
    for i in range(len(postures)):
        x = np.repeat(np.log(r), runs)
        slopes[i], ses[i] = logit_slope(x, success[i].ravel())
    return OddsTable(
        ratios=tuple(float(v) for v in r),
        postures=tuple(postures),
        p=success.mean(axis=2),
        slope=slopes,
        slope_se=ses,
        runs=runs,
    )
