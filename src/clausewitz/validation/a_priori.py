"""The second CDB90 attempt: the engine fed only what is known before the battle.

``docs/validation.md`` ("CDB90, second attempt") gives the reason and the protocol, which were
fixed before any test score of this form existed. CDB90's combat-effectiveness code (CEA) and
its other factor codes are HERO's assessments of what influenced each battle's outcome, made
with the outcome known, so a forecaster must not read them: this form reads the battle's
strengths, the defender's posture and the terrain (:data:`INPUTS`), and runs the engine with
its defaults and a quality ratio of 1.

The only parameters chosen, on the training battles alone, are the fortification multipliers
of a prepared and of a fortified defence, from the five points of :data:`FORTIFICATION_GRID`,
by the engine's log loss on all training battles (:func:`choose_fortification`); the random
k-fold cross-validated log loss of that selection is computed beside it, for information.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from clausewitz.engine.plan import Plan
from clausewitz.validation.engagements import CaseOutcomes, simulate_battles
from clausewitz.validation.grid_choice import cross_validate
from clausewitz.validation.scoring import brier, clip_runs, log_loss

F = NDArray[np.float64]

INPUTS: tuple[str, ...] = ("attacker", "defender", "posture", "terrain")
"""The columns of a CDB90 frame (:func:`clausewitz.validation.datasets.load_cdb90`) this form
reads: the strengths, the defender's posture and the terrain."""

EXCLUDED: tuple[str, ...] = ("cea", "surprise")
"""CDB90's factor codes in the frame, assessed after the battle, that this form never reads."""

FORTIFICATION_GRID: tuple[tuple[float, float], ...] = (
    (1.0, 1.0),
    (1.0, 1.5),
    (1.0, 2.0),
    (1.5, 1.5),
    (1.5, 2.0),
)
"""Candidate (prepared, fortified) fortification multipliers (a hasty defence stays at 1, the
engine's open field): from no posture effect up to the first attempt's values (1.5, 2), never
less for a fortified than for a prepared defence. Pre-registered; ties go to the earlier
point."""

CV_FOLDS = 5
"""Folds of the cross-validated log loss reported beside the choice (not used to choose)."""


def fortification_table(point: tuple[float, float]) -> dict[str, float]:
    """Posture -> fortification for a (prepared, fortified) grid point."""
    prepared, fortified = point
    return {"hasty": 1.0, "prepared": float(prepared), "fortified": float(fortified)}


def a_priori_cases(
    frame: pd.DataFrame,
    fortification: dict[str, float],
    *,
    runs: int,
    seed: int,
    base: Plan,
    max_days: int,
) -> CaseOutcomes:
    """The engine's engagements for the battles of ``frame``, reading only :data:`INPUTS`
    (the quality ratio is 1)."""
    return simulate_battles(
        frame,
        quality_ratio=1.0,
        runs=runs,
        seed=seed,
        max_days=max_days,
        base=base,
        fortification=fortification,
    )


@dataclass(frozen=True)
class FortificationChoice:
    """The result of :func:`choose_fortification`."""

    grid: tuple[tuple[float, float], ...]
    train_log_loss: F
    """Per grid point: the engine's log loss on all training battles."""
    train_brier: F
    chosen: tuple[float, float]
    cv_log_loss: float
    """Random-fold cross-validated log loss of choosing by training log loss."""
    cv_brier: float
    runs: int
    seed: int

    @property
    def fortification(self) -> dict[str, float]:
        """Posture -> fortification at the chosen point."""
        return fortification_table(self.chosen)

    def to_dict(self) -> dict[str, Any]:
        return {
            "inputs": list(INPUTS),
            "excluded": list(EXCLUDED),
            "quality_ratio": 1.0,
            "fortification": self.fortification,
            "grid": [list(p) for p in self.grid],
            "train_log_loss": self.train_log_loss.tolist(),
            "train_brier": self.train_brier.tolist(),
            "cv": {"folds": CV_FOLDS, "log_loss": self.cv_log_loss, "brier": self.cv_brier},
            "runs": self.runs,
            "seed": self.seed,
        }


def choose_fortification(
    train: pd.DataFrame,
    base: Plan,
    *,
    runs: int,
    seed: int,
    max_days: int,
    grid: tuple[tuple[float, float], ...] = FORTIFICATION_GRID,
) -> FortificationChoice:
    """Choose the (prepared, fortified) point of ``grid`` with the lowest log loss of the
    engine's win probabilities on ``train`` (the same seed at every point: common random
    numbers); ties go to the earlier point."""
    y = train["success"].to_numpy(float)
    p = np.empty((len(grid), len(train)))
    for i, point in enumerate(grid):
        cases = a_priori_cases(
            train, fortification_table(point), runs=runs, seed=seed, base=base, max_days=max_days
        )
        p[i] = clip_runs(cases.p_success, runs)
    ll = np.array([log_loss(row, y) for row in p])
    br = np.array([brier(row, y) for row in p])
    best = int(np.argmin(ll))  # the first minimum: ties to the earlier point
    cv = cross_validate(p, y, np.ones(len(grid), dtype=np.bool_), folds=CV_FOLDS, seed=seed)
    return FortificationChoice(
        grid=tuple(grid),
        train_log_loss=ll,
        train_brier=br,
        chosen=grid[best],
        cv_log_loss=cv["log_loss"],
        cv_brier=cv["brier"],
        runs=runs,
        seed=seed,
    )
