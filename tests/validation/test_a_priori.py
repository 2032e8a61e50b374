"""The second CDB90 attempt: the engine reading only what is known before the battle."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from clausewitz.errors import UserError
from clausewitz.validation.a_priori import (
    EXCLUDED,
    FORTIFICATION_GRID,
    INPUTS,
    a_priori_cases,
    choose_fortification,
    fortification_table,
)
from clausewitz.validation.datasets import load_cdb90
from clausewitz.validation.engagements import (
    POSTURE_FORTIFICATION,
    base_plan,
    fortification_of,
    simulate_cases,
)
from clausewitz.validation.outcomes import SCORING_MAX_DAYS, engine_cases, score_a_priori
from clausewitz.validation.split import train_test
from clausewitz.validation.suite import Settings

CHOSEN = (1.5, 1.5)
"""The (prepared, fortified) fortification the pre-registered selection chose at the default
settings (recorded in docs/validation.md)."""


@pytest.fixture(scope="module")
def split() -> tuple[pd.DataFrame, pd.DataFrame]:
    return train_test(load_cdb90().frame)


@pytest.fixture(scope="module")
def plan() -> object:
    return base_plan()


def test_the_grid_is_the_pre_registered_one() -> None:
    # five points, from no posture effect to the first attempt's values, never less for a
    # fortified than for a prepared defence
    assert len(FORTIFICATION_GRID) == 5
    assert FORTIFICATION_GRID[0] == (1.0, 1.0)
    assert (POSTURE_FORTIFICATION["prepared"], POSTURE_FORTIFICATION["fortified"]) in (
        FORTIFICATION_GRID
    )
    assert all(1.0 <= p <= f for p, f in FORTIFICATION_GRID)
    assert fortification_table((1.5, 2.0)) == {"hasty": 1.0, "prepared": 1.5, "fortified": 2.0}


def test_inputs_exclude_the_codes_assessed_after_the_battle(
    split: tuple[pd.DataFrame, pd.DataFrame], plan: object
) -> None:
    battles = split[1].head(40)
    fort = fortification_table((1.5, 2.0))
    kw = {"runs": 30, "seed": 5, "base": plan, "max_days": 30}
    reference = a_priori_cases(battles, fort, **kw)  # type: ignore[arg-type]
    # scrambling CEA and surprise changes nothing, nor does dropping every other column
    rng = np.random.default_rng(1)
    scrambled = battles.copy()
    for col in EXCLUDED:
        scrambled[col] = rng.integers(-4, 5, len(battles)).astype(float)
    for frame in (scrambled, battles[list(INPUTS)]):
        again = a_priori_cases(frame, fort, **kw)  # type: ignore[arg-type]
        np.testing.assert_array_equal(again.success, reference.success)
        np.testing.assert_array_equal(again.days, reference.days)
    # while the first attempt's engine does read CEA, so the check above can fail
    first = engine_cases(battles, kappa=1.0, **kw)  # type: ignore[arg-type]
    moved = engine_cases(scrambled, kappa=1.0, **kw)  # type: ignore[arg-type]
    assert not np.array_equal(first.p_success, moved.p_success)
    # and equals the engine at quality 1 with the same fortification
    direct = simulate_cases(
        battles["attacker"],
        battles["defender"],
        posture=battles["posture"].to_numpy(object),
        terrain=battles["terrain"].to_numpy(object),
        quality_ratio=1.0,
        fortification=fort,
        **kw,  # type: ignore[arg-type]
    )
    np.testing.assert_array_equal(direct.success, reference.success)


def test_the_choice_reproduces_on_a_fixed_seed_and_reads_only_training(
    split: tuple[pd.DataFrame, pd.DataFrame], plan: object
) -> None:
    train = split[0]
    kw = {"runs": 8, "seed": 2, "max_days": 30}
    one = choose_fortification(train, plan, **kw)  # type: ignore[arg-type]
    two = choose_fortification(train, plan, **kw)  # type: ignore[arg-type]
    np.testing.assert_array_equal(one.train_log_loss, two.train_log_loss)
    assert one.chosen == two.chosen == FORTIFICATION_GRID[int(np.argmin(one.train_log_loss))]
    assert one.cv_log_loss == two.cv_log_loss
    # the cross-validated score of choosing cannot beat the best in-sample point
    assert one.cv_log_loss >= one.train_log_loss.min() - 1e-12
    # the grid points differ only in the fortification of prepared and fortified defences:
    # on hasty defences alone every point forecasts the same
    hasty = train[train["posture"] == "hasty"]
    only_hasty = choose_fortification(hasty, plan, **kw)  # type: ignore[arg-type]
    assert np.ptp(only_hasty.train_log_loss) == 0.0
    assert only_hasty.chosen == FORTIFICATION_GRID[0]  # ties go to the earlier point
    d = one.to_dict()
    assert d["excluded"] == list(EXCLUDED) and d["quality_ratio"] == 1.0
    assert d["fortification"] == fortification_table(one.chosen)


def test_scoring_uses_the_choice_and_a_different_seed_on_test(
    split: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    train, test = split
    score, choice = score_a_priori(train, test.head(30), {}, runs=10, tune_runs=6, seed=4)
    assert score.calibration == "a_priori" and score.kappa == 0.0
    again = a_priori_cases(
        test.head(30),
        choice.fortification,
        runs=10,
        seed=5,
        base=base_plan(),
        max_days=SCORING_MAX_DAYS,
    )
    np.testing.assert_array_equal(score.cases.success, again.success)


def test_fortification_tables_are_checked() -> None:
    assert fortification_of(["hasty", "fortified"]).tolist() == [1.0, 2.0]
    assert fortification_of(["fortified"], fortification_table((1.0, 1.5))).tolist() == [1.5]
    with pytest.raises(UserError, match="no fortification"):
        fortification_of(["hasty"], {"hasty": 1.0})
    with pytest.raises(UserError, match="at least 1"):
        fortification_of(["hasty"], {"hasty": 1.0, "prepared": 0.5, "fortified": 1.0})


@pytest.mark.refit
def test_the_documented_choice_is_the_selection_at_default_settings(
    split: tuple[pd.DataFrame, pd.DataFrame], plan: object
) -> None:
    s = Settings()
    choice = choose_fortification(
        split[0],
        plan,  # type: ignore[arg-type]
        runs=s.tune_runs,
        seed=s.seed,
        max_days=s.scoring_max_days,
    )
    assert choice.chosen == CHOSEN
