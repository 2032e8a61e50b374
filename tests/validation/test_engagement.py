"""``clausewitz engagement``: the fast engine's own engagement, its odds and its JSON."""

from __future__ import annotations

import json

import numpy as np
import pytest

from clausewitz.cli.main import run
from clausewitz.engine import fast
from clausewitz.engine.engagement import (
    BELT_DEPTH_KM,
    engagement_plan,
    engagement_strategies,
    simulate_engagements,
)
from clausewitz.engine.outcomes import Recording
from clausewitz.validation.calibration import PUBLISHED
from clausewitz.validation.datasets import load_cdb90
from clausewitz.validation.engagements import (
    POSTURES,
    base_plan,
    engagement_odds,
    simulate_cases,
)
from clausewitz.validation.outcomes import FEATURES, features
from clausewitz.validation.scoring import fit_logistic
from clausewitz.validation.split import train_test


@pytest.fixture(scope="module")
def grid() -> np.ndarray:
    """P(success) over postures (rows) and force ratios 0.5-6 (columns), 400 runs each."""
    ratios = np.array([0.5, 1.0, 2.0, 3.0, 6.0])
    cases = simulate_cases(
        np.tile(10000.0 * ratios, 3),
        10000.0,
        posture=np.repeat(np.array(POSTURES, dtype=object), ratios.size),
        runs=400,
        seed=5,
    )
    return cases.p_success.reshape(3, ratios.size)


def test_success_rises_with_force_ratio(grid: np.ndarray) -> None:
    # common random numbers across the grid: differences are the engine's, not noise
    assert np.all(np.diff(grid, axis=1) > 0)
    # ... with the slope of CDB90's training battles: the log odds per unit of log force ratio
    # (hasty, open, equal quality) fall inside the 95% interval of the record's slope given
    # CEA, posture and terrain
    train, _ = train_test(load_cdb90().frame)
    model = fit_logistic(features(train), train["success"].to_numpy(float), FEATURES)
    lo = model.coef[1] - 1.96 * model.se[1]
    hi = model.coef[1] + 1.96 * model.se[1]
    ratios = np.log([0.5, 1.0, 2.0, 3.0, 6.0])
    engine = np.polyfit(ratios, np.log(grid[0] / (1 - grid[0])), 1)[0]
    assert lo < engine < hi


def test_success_falls_with_fortification(grid: np.ndarray) -> None:
    assert np.all(np.diff(grid, axis=0) < 0)


def test_the_engagement_is_the_fast_engines_own_trajectory() -> None:
    # the same plan run by fast.simulate, recorded day by day: the first day on which the
    # engagement ended is the engagement's duration, and the side that broke is the one whose
    # losses reached its drawn threshold
    plan = engagement_plan(base_plan(), [20000.0] * 50, [10000.0] * 50, fortification=1.5)
    record = Recording(names=("engaged", "threshold", "killed", "wounded", "missing", "front"))
    fast.simulate(plan, 9, engagement_strategies(), days=120, observer=record)
    out = simulate_engagements(plan, 9, max_days=120)
    daily = record.daily
    engaged = daily["engaged"][:, :, 0]
    n_ended = 0
    for r in range(50):
        ended = np.flatnonzero(~engaged[:, r])
        if not ended.size:  # nobody broke within 120 days: a failure of the attack
            assert out.days[r] == 120 and not (out.attacker_broke[r] or out.defender_broke[r])
            continue
        n_ended += 1
        day = int(ended[0])
        assert out.days[r] == day + 1
        losses = daily["killed"][day, r] + daily["wounded"][day, r] + daily["missing"][day, r]
        frac = losses / np.array([20000.0, 10000.0])
        threshold = daily["threshold"][day, r, :, 0]
        assert out.attacker_broke[r] == (frac[0] >= threshold[0])
        assert out.defender_broke[r] == (frac[1] >= threshold[1])
        assert out.defender_broke[r] == (daily["front"][day, r, 0] >= BELT_DEPTH_KM)
        np.testing.assert_allclose(
            [out.attacker_loss_fraction[r], out.defender_loss_fraction[r]], frac
        )
    assert n_ended > 40
    assert out.success.any() and (~out.success).any()


def test_runs_are_reproducible_and_keyed_by_run() -> None:
    a = simulate_cases([20000.0, 30000.0], 10000.0, runs=50, seed=3)
    b = simulate_cases([30000.0], 10000.0, runs=50, seed=3)
    np.testing.assert_array_equal(a.days[1], b.days[0])
    np.testing.assert_array_equal(a.defender_loss_fraction[1], b.defender_loss_fraction[0])
    c = simulate_cases([30000.0], 10000.0, runs=50, seed=4)
    assert not np.array_equal(b.days[0], c.days[0])


def test_time_limit_ends_engagements_that_nobody_broke() -> None:
    out = simulate_cases([20000.0], 10000.0, runs=200, seed=1, max_days=2)
    assert out.days.max() <= 2
    unbroken = ~(out.attacker_broke | out.defender_broke)
    assert unbroken.any()
    assert not out.success[unbroken].any()


def test_odds_summary_and_bands() -> None:
    res = engagement_odds(30000, 10000, "prepared", terrain="forest", runs=300, seed=2)
    assert 0.0 < res["p_attacker_success"] < 1.0
    lo, hi = res["p_attacker_success_ci"]
    assert lo < res["p_attacker_success"] < hi
    for key in ("attacker_loss_fraction", "defender_loss_fraction", "duration_days"):
        band = res[key]
        assert band["p05"] <= band["median"] <= band["p95"]
    assert 0 < res["attacker_loss_fraction"]["p95"] < 1
    assert res["duration_days"]["p95"] <= 30
    assert res["share_defender_broke"] == pytest.approx(res["p_attacker_success"])


def test_published_calibration_changes_the_engine_constants() -> None:
    published = engagement_odds(30000, 10000, "hasty", runs=200, overrides=PUBLISHED)
    default = engagement_odds(30000, 10000, "hasty", runs=200)
    # Helmbold's defender threshold (90% below 0.20) sits far below the one fitted to CDB90's
    # training battles (median 0.35): the published defender breaks at a smaller loss fraction
    assert (
        published["defender_loss_fraction"]["median"]
        < 0.5 * default["defender_loss_fraction"]["median"]
    )
    assert published["p_attacker_success"] != default["p_attacker_success"]


def test_engagement_command_json_keys(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["engagement", "--attacker", "30000", "--defender", "10000", "--posture", "fortified"]
    assert run([*argv, "--runs", "200", "--seed", "7", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    for key in ("attacker_loss_fraction", "defender_loss_fraction", "duration_days"):
        assert set(out[key]) == {"median", "p05", "p95"}
    assert {"p_attacker_success", "duration_days"} <= set(out)
    assert out["inputs"]["fortification"] == 2.0
    assert run([*argv, "--runs", "200", "--seed", "7", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == out
    assert run([*argv, "--runs", "100"]) == 0
    assert "P(attacker succeeds)" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("extra", "piece"),
    [
        (["--posture", "bunker"], "unknown posture 'bunker'"),
        (["--posture", "hasty", "--terrain", "swamp"], "unknown terrain swamp"),
        (["--posture", "hasty", "--quality-ratio", "0"], "--quality-ratio must be positive"),
        (["--posture", "hasty", "--runs", "0"], "--runs must be between"),
        (["--posture", "hasty", "--calibration", "magic"], "unknown calibration 'magic'"),
    ],
)
def test_engagement_command_rejects_bad_input(
    capsys: pytest.CaptureFixture[str], extra: list[str], piece: str
) -> None:
    code = run(["engagement", "--attacker", "3000", "--defender", "1000", *extra])
    assert code == 2
    assert piece in capsys.readouterr().err
