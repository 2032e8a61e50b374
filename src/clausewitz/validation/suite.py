"""Every validation at once: the library behind ``clausewitz validate``.

:func:`run_validation` runs, in order, the Iwo Jima reproduction and fit, the recovery study of
the law fits, the law fits to the Ardennes totals, the engine's attrition law fitted to (and
compared with) the Ardennes division-days, the CDB90 out-of-sample scores, and the loss
fractions at the break. :meth:`Validation.summary` is the JSON summary; :meth:`Validation.failures`
lists, in plain words, where the model fails; :mod:`clausewitz.report.validation` draws the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from scipy import stats

from clausewitz.fitting.laws import Comparison, compare_laws
from clausewitz.fitting.simulate import Recovery, recovery_study
from clausewitz.scenario.defaults import DEFAULTS
from clausewitz.validation.attrition import AttritionFit, ade_engagements, daily_rates, fit_ade
from clausewitz.validation.breakpoints import (
    HELMBOLD,
    QUANTILES,
    BetaFit,
    fit_thresholds,
    helmbold_checks,
    quantile_dict,
)
from clausewitz.validation.calibration import CALIBRATIONS, overrides
from clausewitz.validation.datasets import load_ardennes_totals, load_cdb90
from clausewitz.validation.engagements import (
    DEFAULT_MAX_DAYS,
    POSTURES,
    CaseOutcomes,
    OddsTable,
    base_plan,
    odds_table,
    simulate_cases,
)
from clausewitz.validation.iwo_jima import IwoJimaCheck, check_iwo_jima
from clausewitz.validation.outcomes import (
    KAPPAS,
    SCORING_MAX_DAYS,
    OutcomeScores,
    score_outcomes,
)
from clausewitz.validation.split import SPLIT, SPLIT_YEAR, train_test

F = NDArray[np.float64]

ARDENNES_TERRAIN = "forest"
"""Terrain given to the engine's Ardennes engagements (wooded hills; our reading)."""

ARDENNES_MAX_DAYS = 30

GRID_FORCE_RATIOS: tuple[float, ...] = (0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0)
"""Force ratios of the engagement-odds grid (attacker / defender, defender 10,000)."""


@dataclass(frozen=True)
class Settings:
    """How much simulation the validation spends (``quick`` for tests and a first look)."""

    runs: int = 200
    tune_runs: int = 50
    recovery_trials: int = 200
    ardennes_runs: int = 100
    n_boot: int = 199
    score_boot: int = 999
    """Bootstrap resamples of the CDB90 scores' intervals."""
    seed: int = 0
    kappas: tuple[float, ...] = KAPPAS
    scoring_max_days: int = SCORING_MAX_DAYS

    @classmethod
    def quick(cls) -> Settings:
        return cls(
            runs=20,
            tune_runs=10,
            recovery_trials=40,
            ardennes_runs=10,
            n_boot=49,
            score_boot=199,
            kappas=(1.0,),
            scoring_max_days=30,
        )


@dataclass
class Validation:
    """Results of :func:`run_validation`."""

    settings: Settings
    iwo_jima: IwoJimaCheck
    recovery: list[Recovery]
    ardennes_totals: Comparison
    attrition: AttritionFit
    ardennes_observed: dict[str, F]
    ardennes_engine: dict[str, dict[str, F]]
    outcomes: OutcomeScores
    observed_breaks: dict[str, F]
    threshold_fit_all: dict[str, BetaFit]
    threshold_fit_modern: dict[str, BetaFit]
    cdb90_all: pd.DataFrame
    engine_breaks: dict[str, dict[str, F]] = field(default_factory=dict)
    odds_grid: dict[str, F] = field(default_factory=dict)
    """(posture, force ratio) probability of success per calibration, open terrain, Q = 1."""
    odds_tables: dict[str, OddsTable] = field(default_factory=dict)
    """The same grids with the engine's slope of the log odds on the log force ratio."""

    # ---------------------------------------------------------------------------------------

    def _breakpoints(self) -> dict[str, Any]:
        def thresholds(calibration: str) -> dict[str, Any]:
            over = overrides(calibration)
            out: dict[str, Any] = {}
            for side in ("attacker", "defender"):
                a = over.get(f"breakpoint-{side}-a", DEFAULTS[f"breakpoint-{side}-a"].value)
                b = over.get(f"breakpoint-{side}-b", DEFAULTS[f"breakpoint-{side}-b"].value)
                out[side] = {
                    "a": a,
                    "b": b,
                    "quantiles": dict(
                        zip(
                            map(str, QUANTILES),
                            map(float, stats.beta.ppf(QUANTILES, a, b)),
                            strict=True,
                        )
                    ),
                }
            return out

        all_b = self.cdb90_all
        observed_all = helmbold_checks(
            all_b["attacker_frac"].to_numpy(float),
            all_b["defender_frac"].to_numpy(float),
            (all_b["outcome"] == 1).to_numpy(),
        )
        engine: dict[str, Any] = {}
        for key, breaks in self.engine_breaks.items():
            engine[key] = {
                "attacker": quantile_dict(breaks["attacker"]),
                "defender": quantile_dict(breaks["defender"]),
                "helmbold_checks": {
                    k: float(v) for k, v in _engine_helmbold(self.outcomes, key).items()
                },
                "thresholds": thresholds(calibration_of(key)),
            }
        return {
            "what": "loss fraction (casualties / strength) of the side that broke: observed, "
            "CDB90 test battles (the attacker when it lost, the defender when the attacker "
            "won); engine, the same battles simulated, at the first break",
            "observed": {
                "attacker": quantile_dict(self.observed_breaks["attacker"]),
                "defender": quantile_dict(self.observed_breaks["defender"]),
                "n": {k: int(v.size) for k, v in self.observed_breaks.items()},
            },
            "engine": engine.get("engagement", {}),
            "engine_by_calibration": engine,
            "helmbold": HELMBOLD,
            "helmbold_checks_cdb90_all": observed_all,
            "threshold_fit_cdb90_all": {k: v.to_dict() for k, v in self.threshold_fit_all.items()},
            "threshold_fit_cdb90_1939_on": {
                k: v.to_dict() for k, v in self.threshold_fit_modern.items()
            },
        }

    def _ardennes(self) -> dict[str, Any]:
        obs = self.ardennes_observed
        out: dict[str, Any] = {
            "what": "daily loss fraction of attacker and defender in the ADE division-days "
            "with a moving front, and the engine's mean daily loss fraction in the same "
            f"engagements (strengths as recorded, hasty posture, {ARDENNES_TERRAIN} terrain)",
            "observed": {
                "attacker": quantile_dict(obs["attacker"]),
                "defender": quantile_dict(obs["defender"]),
                "defender_over_attacker_median": float(
                    np.median(obs["defender"]) / np.median(obs["attacker"])
                ),
            },
        }
        for key, eng in self.ardennes_engine.items():
            out[key] = {
                "attacker": quantile_dict(eng["attacker"]),
                "defender": quantile_dict(eng["defender"]),
                "defender_over_attacker_median": float(
                    np.median(eng["defender"]) / np.median(eng["attacker"])
                ),
            }
        totals = load_ardennes_totals()
        out["campaign_totals"] = {
            "allied_daily_fraction_median": float(np.median(totals.x_losses / totals.x)),
            "german_daily_fraction_median": float(np.median(totals.y_losses / totals.y)),
        }
        return out

    def summary(self) -> dict[str, Any]:
        """The JSON summary (see ``docs/validation.md`` for every key)."""
        tot = self.ardennes_totals
        return {
            "iwo_jima": self.iwo_jima.to_dict(),
            "cdb90": {**self.outcomes.to_dict(), "engine_calibrations": CALIBRATION_NOTES},
            "breakpoints": self._breakpoints(),
            "ardennes": self._ardennes(),
            "attrition_fit": self.attrition.to_dict(),
            "fits": {
                "recovery": [r.to_dict() for r in self.recovery],
                "ardennes_totals": {
                    "best": {m: tot.best(m) for m in ("ls", "poisson", "negbin")},
                    "comparison": {m: tot.table(m) for m in ("ls", "poisson", "negbin")},
                    "generalised_negbin": next(
                        f.to_dict()
                        for f in tot.fits
                        if f.law == "generalised" and f.method == "negbin"
                    ),
                },
            },
            "force_ratio_slope": self.slopes(),
            "engagement_odds": {
                "force_ratios": list(GRID_FORCE_RATIOS),
                "postures": list(POSTURES),
                "p_attacker_success": {k: v.tolist() for k, v in self.odds_grid.items()},
            },
            "settings": self.settings.__dict__,
            "failures": self.failures(),
        }

    def slopes(self) -> dict[str, Any]:
        """Slope of the log odds of success on the log force ratio: the record's (training
        battles; alone, and given CEA, posture and terrain) and the engine's (each posture of
        the odds grid), each with its 95% interval."""
        z = 1.959963984540054

        def entry(coef: float, se: float) -> dict[str, Any]:
            return {"slope": float(coef), "se": float(se), "ci": [coef - z * se, coef + z * se]}

        sc = self.outcomes
        record = {
            "force_ratio_alone": entry(sc.force_ratio.coef[1], sc.force_ratio.se[1]),
            "given_cea_posture_terrain": entry(sc.model.coef[1], sc.model.se[1]),
        }
        engine = {
            name: {
                posture: entry(table.slope[i], table.slope_se[i])
                for i, posture in enumerate(table.postures)
            }
            for name, table in self.odds_tables.items()
        }
        return {
            "what": "logistic slope of success on log(attacker / defender); the record's on "
            "CDB90's training battles, the engine's fitted to its simulated engagements at the "
            "force ratios of engagement_odds (open terrain, equal quality)",
            "record": record,
            "engine": engine,
        }

    def failures(self) -> list[str]:
        """Where the model fails, in plain words, from the numbers measured."""
        out: list[str] = []
        sc = self.outcomes
        for key in (k for k in sc.brier if k.startswith("engagement")):
            if sc.brier[key] > sc.brier["base_rate"]:
                out.append(
                    f"CDB90 outcomes: the engine's odds ({key}, Brier {sc.brier[key]:.3f}, log "
                    f"loss {sc.log_loss[key]:.3f}) score worse on the test battles than the base "
                    f"rate (Brier {sc.brier['base_rate']:.3f}, log loss "
                    f"{sc.log_loss['base_rate']:.3f})."
                )
        for key in (k for k in sc.brier if k.startswith("engagement")):
            if (
                sc.brier[key] > sc.brier["force_ratio"]
                or sc.log_loss[key] > sc.log_loss["force_ratio"]
            ) and sc.brier[key] <= sc.brier["base_rate"]:
                out.append(
                    f"CDB90 outcomes: the engine's odds ({key}, Brier {sc.brier[key]:.3f}, log "
                    f"loss {sc.log_loss[key]:.3f}) do not beat the force ratio alone on both "
                    f"scores (Brier {sc.brier['force_ratio']:.3f}, log loss "
                    f"{sc.log_loss['force_ratio']:.3f})."
                )
        if sc.brier["model"] > sc.brier["base_rate"]:
            out.append(
                "CDB90 outcomes: even the logistic model on force ratio, posture, CEA and terrain "
                f"(Brier {sc.brier['model']:.3f}) does not beat the base rate out of sample: the "
                "recorded inputs say little about who wins."
            )
        slopes = self.slopes()
        lo, hi = slopes["record"]["given_cea_posture_terrain"]["ci"]
        for name, entry in slopes["engine"].items():
            value = entry["hasty"]["slope"]
            if not lo <= value <= hi:
                out.append(
                    f"Force ratio ({name}): the engine's log odds rise {value:.2f} per unit of "
                    f"log force ratio (hasty, open, equal quality), outside the 95% interval "
                    f"of the record's slope given CEA, posture and terrain on the training "
                    f"battles ({lo:.2f}-{hi:.2f})."
                )
        obs = self.observed_breaks
        for key, breaks in self.engine_breaks.items():
            for side in ("attacker", "defender"):
                mo, me = np.median(obs[side]), np.median(breaks[side])
                if abs(np.log(me / mo)) > np.log(1.5):
                    out.append(
                        f"Breakpoints ({key}): the engine's {side}s break at a median loss "
                        f"fraction of {me:.3f}, CDB90's at {mo:.3f}."
                    )
        old = self.cdb90_all[self.cdb90_all["year"] < SPLIT_YEAR]
        old_a = np.median(old.loc[old["outcome"] == -1, "attacker_frac"])
        old_d = np.median(old.loc[old["outcome"] == 1, "defender_frac"])
        new_a, new_d = np.median(obs["attacker"]), np.median(obs["defender"])
        if old_a > 2 * new_a or old_d > 2 * new_d:
            out.append(
                "Era: losing attackers lost a median "
                f"{old_a:.1%} and losing defenders {old_d:.1%} before {SPLIT_YEAR}, against "
                f"{new_a:.1%} and {new_d:.1%} in the test battles: thresholds fitted on older "
                "battles do not carry to modern ones."
            )
        days = np.median(self.cdb90_all["days"])
        for key, e in sc.engines.items():
            med = float(np.median(e.cases.days))
            if med > 3 * days:
                out.append(
                    f"Duration ({key}): the engine's engagements last a median {med:.0f} days, "
                    f"CDB90's battles {days:.0f}: its daily loss rates are campaign rates, well "
                    "below a pitched battle's, and its break thresholds "
                    f"({_threshold_text(key)}) take that long to reach."
                )
        a_obs = self.ardennes_observed
        ratio_obs = np.median(a_obs["defender"]) / np.median(a_obs["attacker"])
        for key, eng in self.ardennes_engine.items():
            ratio = np.median(eng["defender"]) / np.median(eng["attacker"])
            if (ratio - 1.0) * (ratio_obs - 1.0) < 0:
                out.append(
                    f"Ardennes ({key}): in the division-days the defender loses "
                    f"{ratio_obs:.1f} times the attacker's daily fraction; the engine has it "
                    f"the other way ({ratio:.2f})."
                )
        gen = next(
            f for f in self.ardennes_totals.fits if f.law == "generalised" and f.method == "negbin"
        )
        if not (0.0 <= gen.x.a.value <= 2.0 and 0.0 <= gen.x.b.value <= 2.0):
            out.append(
                "Ardennes campaign totals: strengths vary too little (835k to 768k) to identify "
                f"the generalised law's exponents (fitted a = {gen.x.a.value:.0f}, b = "
                f"{gen.x.b.value:.0f}); its better AIC is an artefact of the trend."
            )
        return out


def calibration_of(key: str) -> str:
    """The engine calibration (:data:`clausewitz.validation.calibration.CALIBRATIONS`) behind
    an engine forecaster of ``cdb90`` (``engagement``, ``engagement_<name>``); the second
    attempt, ``engagement_a_priori``, runs the defaults."""
    if key in ("engagement", "engagement_a_priori"):
        return "defaults"
    return key.split("_", 1)[1]


def _threshold_text(key: str) -> str:
    over = overrides(calibration_of(key))
    medians = []
    for side in ("attacker", "defender"):
        a = over.get(f"breakpoint-{side}-a", DEFAULTS[f"breakpoint-{side}-a"].value)
        b = over.get(f"breakpoint-{side}-b", DEFAULTS[f"breakpoint-{side}-b"].value)
        medians.append(f"{side}s' median {float(stats.beta.median(a, b)):.2f}")
    return ", ".join(medians)


CALIBRATION_NOTES: dict[str, str] = {
    "engagement": "the engine's defaults: attrition fitted to the Ardennes division-days, "
    "breakpoints (thresholds and force-ratio exponent) to CDB90's training battles (before "
    "1939): out of sample",
    "engagement_modern": "the previous defaults: the same attrition, thresholds fitted to "
    "CDB90's battles of 1939-1982, which include the test battles, no force-ratio term: not "
    "out of sample",
    "engagement_published": "the constants from the literature (QJM standard rates, Helmbold's "
    "breakpoints, Wiper-Pettit-Young exponents): out of sample",
    "engagement_a_priori": "the second attempt, designed after the first attempt's test score "
    "was known: the defaults reading only what is known before the battle (strengths, posture, "
    "terrain; no CEA), the fortification of prepared and fortified defences chosen on the "
    "training battles (a_priori): out of sample",
}
"""What each engine forecaster in ``cdb90`` is, and whether its score is out of sample."""


def _engine_helmbold(outcomes: OutcomeScores, key: str) -> dict[str, float]:
    cases = outcomes.engines[key].cases
    return helmbold_checks(
        cases.attacker_loss_fraction.ravel(),
        cases.defender_loss_fraction.ravel(),
        cases.success.ravel(),
    )


def _break_fractions(cases: CaseOutcomes) -> dict[str, F]:
    return {
        "attacker": cases.attacker_loss_fraction[cases.attacker_broke],
        "defender": cases.defender_loss_fraction[cases.defender_broke],
    }


def run_validation(settings: Settings | None = None) -> Validation:
    """Run every validation (see the module docstring)."""
    s = settings or Settings()
    iwo = check_iwo_jima(n_boot=s.n_boot, seed=s.seed)
    recovery = [
        recovery_study(law, method, trials=s.recovery_trials, n_boot=s.n_boot, seed=s.seed)
        for law in ("square", "linear", "logarithmic", "generalised")
        for method in ("poisson", "negbin")
    ]
    recovery.append(
        recovery_study("square", "ls", trials=s.recovery_trials, n_boot=s.n_boot, seed=s.seed)
    )
    totals = compare_laws(load_ardennes_totals(), n_boot=s.n_boot, seed=s.seed)
    attrition = fit_ade()
    battles = load_cdb90().frame
    train, test = train_test(battles)
    modern = battles[battles["year"] >= SPLIT_YEAR]
    calibrations = {name: overrides(name) for name in CALIBRATIONS}
    outcomes = score_outcomes(
        train,
        test,
        SPLIT,
        calibrations,
        runs=s.runs,
        tune_runs=s.tune_runs,
        seed=s.seed,
        kappas=s.kappas,
        max_days=s.scoring_max_days,
        n_boot=s.score_boot,
        a_priori=overrides("defaults"),
    )
    observed_breaks = {
        "attacker": test.loc[test["outcome"] == -1, "attacker_frac"].to_numpy(float),
        "defender": test.loc[test["outcome"] == 1, "defender_frac"].to_numpy(float),
    }
    engine_breaks = {key: _break_fractions(e.cases) for key, e in outcomes.engines.items()}
    ade = ade_engagements()
    ardennes_engine: dict[str, dict[str, F]] = {}
    for name, over in calibrations.items():
        key = "engine" if name == "defaults" else f"engine_{name}"
        cases = simulate_cases(
            ade["attacker"].to_numpy(float),
            ade["defender"].to_numpy(float),
            posture="hasty",
            terrain=ARDENNES_TERRAIN,
            runs=s.ardennes_runs,
            seed=s.seed,
            max_days=ARDENNES_MAX_DAYS,
            base=base_plan(over),
        )
        ardennes_engine[key] = {
            "attacker": (cases.attacker_loss_fraction / cases.days).ravel(),
            "defender": (cases.defender_loss_fraction / cases.days).ravel(),
        }
    tables = {
        name: odds_grid(over, runs=s.runs, seed=s.seed) for name, over in calibrations.items()
    }
    if outcomes.a_priori is not None:
        # the second attempt: the defaults with the fortification chosen on training
        tables["a_priori"] = odds_grid(
            overrides("defaults"),
            runs=s.runs,
            seed=s.seed,
            fortification=outcomes.a_priori.fortification,
        )
    return Validation(
        settings=s,
        iwo_jima=iwo,
        recovery=recovery,
        ardennes_totals=totals,
        attrition=attrition,
        ardennes_observed=daily_rates(),
        ardennes_engine=ardennes_engine,
        outcomes=outcomes,
        observed_breaks=observed_breaks,
        threshold_fit_all=fit_thresholds(
            battles["attacker_frac"].to_numpy(float),
            battles["defender_frac"].to_numpy(float),
            battles["outcome"].to_numpy(int),
        ),
        threshold_fit_modern=fit_thresholds(
            modern["attacker_frac"].to_numpy(float),
            modern["defender_frac"].to_numpy(float),
            modern["outcome"].to_numpy(int),
        ),
        cdb90_all=battles,
        engine_breaks=engine_breaks,
        odds_grid={name: t.p for name, t in tables.items()},
        odds_tables=tables,
    )


def odds_grid(
    over: dict[str, float],
    *,
    runs: int,
    seed: int,
    fortification: dict[str, float] | None = None,
) -> OddsTable:
    """Probability of the attacker's success on a grid of postures (rows) and force ratios
    (columns), with common random numbers across the grid, and its slope per posture
    (``fortification``: posture -> belt fortification, default the engagement command's)."""
    return odds_table(
        ratios=GRID_FORCE_RATIOS,
        postures=POSTURES,
        defender=10000.0,
        terrain="open",
        runs=runs,
        seed=seed,
        max_days=DEFAULT_MAX_DAYS,
        overrides=over,
        fortification=fortification,
    )
