"""Who wins: CDB90's attacker success against the statistical model, two baselines and the
engine's own engagement odds, scored on the held-out test battles (out of sample except for
the engine's default breakpoints, fitted on that era: see :mod:`clausewitz.validation.split`).

* ``model``: logistic regression of the attacker's success on the log force ratio, the
  defender's posture (prepared, fortified; hasty is the reference), CDB90's relative combat
  effectiveness code (CEA, the engine's quality ratio) and difficult terrain (rough, forest,
  urban, river), fitted on the training battles;
* ``force_ratio``: logistic regression on the log force ratio alone (training battles);
* ``base_rate``: the training battles' share of attacker successes, for every battle;
* ``engagement``: the engine's probability that the defender breaks first
  (:func:`clausewitz.validation.engagements.simulate_cases`) with the battle's strengths,
  posture, terrain and a quality ratio ``exp(kappa x CEA)``, kappa chosen on the training
  battles from :data:`KAPPAS` (the one scalar the engine's odds are tuned with);
* ``engagement_a_priori`` (the second attempt, :mod:`clausewitz.validation.a_priori`): the
  engine with its defaults reading only what is known before the battle (strengths, posture,
  terrain; no CEA), the fortification of prepared and fortified defences chosen on the
  training battles.

Everything is scored on the test battles (:mod:`clausewitz.validation.split`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from clausewitz.engine.plan import Plan
from clausewitz.validation.a_priori import (
    FortificationChoice,
    a_priori_cases,
    choose_fortification,
)
from clausewitz.validation.diagnosis import Diagnosis, diagnose
from clausewitz.validation.engagements import (
    CaseOutcomes,
    base_plan,
    simulate_battles,
)
from clausewitz.validation.scoring import (
    Logistic,
    Reliability,
    bootstrap_scores,
    brier,
    clip_runs,
    fit_logistic,
    log_loss,
    reliability,
)

F = NDArray[np.float64]

KAPPAS: tuple[float, ...] = (0.0, 0.5, 1.0, 1.5, 2.0)
"""Candidate scales of CEA onto the engine's quality ratio, ``Q = exp(kappa x CEA)`` (the
outcome fit's grid, :data:`clausewitz.validation.outcome_fit.CEA_KAPPAS`, and 0)."""

SCORING_MAX_DAYS = 120
"""Time limit of the engine's engagements when scoring CDB90: long enough that few end
unbroken (their share is reported), since CDB90 records who won, not how fast."""

FEATURES: tuple[str, ...] = ("log_force_ratio", "prepared", "fortified", "cea", "difficult_terrain")


def features(frame: pd.DataFrame) -> F:
    """The model's covariates (:data:`FEATURES`) of each battle."""
    return np.column_stack(
        [
            np.log(frame["force_ratio"].to_numpy(float)),
            (frame["posture"] == "prepared").to_numpy(float),
            (frame["posture"] == "fortified").to_numpy(float),
            frame["cea"].to_numpy(float),
            frame["terrain"].isin(["rough", "forest", "urban", "river"]).to_numpy(float),
        ]
    )


def engine_cases(
    frame: pd.DataFrame,
    *,
    kappa: float,
    runs: int,
    seed: int,
    base: Plan,
    max_days: int = SCORING_MAX_DAYS,
) -> CaseOutcomes:
    """The engine's engagements for the battles of ``frame``."""
    return simulate_battles(
        frame,
        quality_ratio=np.exp(kappa * frame["cea"].to_numpy(float)),
        runs=runs,
        seed=seed,
        max_days=max_days,
        base=base,
    )


@dataclass(frozen=True)
class EngineScore:
    """The engine's odds on the test battles under one calibration."""

    calibration: str
    kappa: float
    kappa_train_log_loss: dict[float, float]
    p_test: F
    cases: CaseOutcomes

    @property
    def timed_out(self) -> float:
        return float(np.mean(~(self.cases.attacker_broke | self.cases.defender_broke)))


def score_engine(
    train: pd.DataFrame,
    test: pd.DataFrame,
    calibration: str,
    overrides: dict[str, float],
    *,
    runs: int,
    tune_runs: int,
    seed: int,
    kappas: tuple[float, ...] = KAPPAS,
    max_days: int = SCORING_MAX_DAYS,
) -> EngineScore:
    """Choose kappa among ``kappas`` on ``train`` (log loss), then simulate ``test`` with it."""
    base = base_plan(overrides)
    y = train["success"].to_numpy(float)
    losses: dict[float, float] = {}
    for kappa in kappas:
        cases = engine_cases(
            train, kappa=kappa, runs=tune_runs, seed=seed, base=base, max_days=max_days
        )
        losses[kappa] = log_loss(clip_runs(cases.p_success, tune_runs), y)
    kappa = min(losses, key=lambda k: losses[k])
    cases = engine_cases(test, kappa=kappa, runs=runs, seed=seed + 1, base=base, max_days=max_days)
    return EngineScore(calibration, kappa, losses, clip_runs(cases.p_success, runs), cases)


def score_a_priori(
    train: pd.DataFrame,
    test: pd.DataFrame,
    overrides: dict[str, float],
    *,
    runs: int,
    tune_runs: int,
    seed: int,
    max_days: int = SCORING_MAX_DAYS,
) -> tuple[EngineScore, FortificationChoice]:
    """The second attempt (:mod:`clausewitz.validation.a_priori`): choose the fortification
    of prepared and fortified defences on ``train`` (``tune_runs`` runs per battle, ``seed``),
    then simulate ``test`` with it (``runs`` runs, ``seed + 1``), reading no CEA (its scale,
    reported as ``kappa``, is 0)."""
    base = base_plan(overrides)
    choice = choose_fortification(train, base, runs=tune_runs, seed=seed, max_days=max_days)
    cases = a_priori_cases(
        test, choice.fortification, runs=runs, seed=seed + 1, base=base, max_days=max_days
    )
    score = EngineScore("a_priori", 0.0, {}, clip_runs(cases.p_success, runs), cases)
    return score, choice


@dataclass
class OutcomeScores:
    """Scores on the test battles of every forecaster (see the module docstring)."""

    n_train: int
    n_test: int
    split: str
    base_rate: float
    model: Logistic
    force_ratio: Logistic
    forecasts: dict[str, F]
    engines: dict[str, EngineScore]
    y_test: F
    brier: dict[str, float] = field(default_factory=dict)
    log_loss: dict[str, float] = field(default_factory=dict)
    reliability: dict[str, Reliability] = field(default_factory=dict)
    diagnosis: dict[str, Diagnosis] = field(default_factory=dict)
    """Mean, spread and drivers of each forecaster's probabilities on the test battles."""
    intervals: dict[str, dict[str, list[float]]] = field(default_factory=dict)
    """95% bootstrap intervals of each score, and of each forecaster's score minus the base
    rate's and the force ratio's (:func:`clausewitz.validation.scoring.bootstrap_scores`)."""
    a_priori: FortificationChoice | None = None
    """The second attempt's choice on the training battles (``engagement_a_priori``)."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "n_train": self.n_train,
            "n_test": self.n_test,
            "split": self.split,
            "success_rate_train": self.base_rate,
            "success_rate_test": float(self.y_test.mean()),
            "brier": self.brier,
            "log_loss": self.log_loss,
            "intervals": self.intervals,
            "model_coefficients": self.model.to_dict(),
            "force_ratio_coefficients": self.force_ratio.to_dict(),
            "engagement_kappa": {k: e.kappa for k, e in self.engines.items()},
            "engagement_kappa_train_log_loss": {
                k: {str(kk): v for kk, v in e.kappa_train_log_loss.items()}
                for k, e in self.engines.items()
            },
            "engagement_share_unbroken": {k: e.timed_out for k, e in self.engines.items()},
            "reliability": {k: r.to_dict() for k, r in self.reliability.items()},
            "diagnosis": {k: d.to_dict() for k, d in self.diagnosis.items()},
            "a_priori": None if self.a_priori is None else self.a_priori.to_dict(),
        }


def score_outcomes(
    train: pd.DataFrame,
    test: pd.DataFrame,
    split: str,
    calibrations: dict[str, dict[str, float]],
    *,
    runs: int = 200,
    tune_runs: int = 50,
    seed: int = 0,
    kappas: tuple[float, ...] = KAPPAS,
    max_days: int = SCORING_MAX_DAYS,
    n_boot: int = 999,
    a_priori: dict[str, float] | None = None,
) -> OutcomeScores:
    """Fit the statistical forecasters on ``train``, run the engine under each calibration,
    and score everything on ``test``. The engine's ``defaults`` calibration is reported as
    ``engagement``, any other as ``engagement_<name>``. With ``a_priori`` (engine overrides,
    ``{}`` for the defaults) the second attempt is scored too, as ``engagement_a_priori``
    (:func:`score_a_priori`)."""
    y_train = train["success"].to_numpy(float)
    y_test = test["success"].to_numpy(float)
    X_train, X_test = features(train), features(test)
    model = fit_logistic(X_train, y_train, FEATURES)
    fr = fit_logistic(X_train[:, :1], y_train, FEATURES[:1])
    base = float(y_train.mean())
    forecasts: dict[str, F] = {
        "model": model.predict(X_test),
        "base_rate": np.full(len(test), base),
        "force_ratio": fr.predict(X_test[:, :1]),
    }
    engines: dict[str, EngineScore] = {}
    for name, over in calibrations.items():
        key = "engagement" if name == "defaults" else f"engagement_{name}"
        engines[key] = score_engine(
            train,
            test,
            name,
            over,
            runs=runs,
            tune_runs=tune_runs,
            seed=seed,
            kappas=kappas,
            max_days=max_days,
        )
        forecasts[key] = engines[key].p_test
    choice = None
    if a_priori is not None:
        engines["engagement_a_priori"], choice = score_a_priori(
            train,
            test,
            a_priori,
            runs=runs,
            tune_runs=tune_runs,
            seed=seed,
            max_days=max_days,
        )
        forecasts["engagement_a_priori"] = engines["engagement_a_priori"].p_test
    out = OutcomeScores(
        n_train=len(train),
        n_test=len(test),
        split=split,
        base_rate=base,
        model=model,
        force_ratio=fr,
        forecasts=forecasts,
        engines=engines,
        y_test=y_test,
        a_priori=choice,
    )
    for key, p in forecasts.items():
        out.brier[key] = brier(p, y_test)
        out.log_loss[key] = log_loss(p, y_test)
        out.reliability[key] = reliability(p, y_test)
        out.diagnosis[key] = diagnose(p, y_test, X_test, FEATURES, base_rate_train=base)
    out.intervals = bootstrap_scores(
        forecasts, y_test, n_boot=n_boot, seed=seed, against=("base_rate", "force_ratio")
    )
    return out
