"""§1 force generation and §2 commitment in isolation."""

from __future__ import annotations

import math

import numpy as np
from engine_helpers import duel_doc, eng, pressing, q, run_fast


def contingent_doc(deployment: object, training: float | None) -> dict:
    doc = duel_doc(on=("force_generation",), horizon=25)
    late = {
        "id": "late",
        "troops": q(3000, "troops"),
        "quality": q(0.5),
        "arrival_day": q(10, "day"),
        "deployment": deployment,
    }
    if training is not None:
        late["training_days"] = q(training, "day")
    doc["sides"]["attacker"]["contingents"].append(late)
    return doc


def test_an_arrival_adds_exactly_that_contingent_on_its_day() -> None:
    _, _, daily = run_fast(contingent_doc("reserve", 5), runs=2)
    arrivals = daily["arrivals"][:, :, 0]
    training = daily["training"][:, :, 0]
    reserve = daily["reserve"][:, :, 0]
    days = np.arange(25)[:, None]
    np.testing.assert_array_equal(arrivals, np.where(days >= 10, 3000.0, 0.0).repeat(2, 1))
    np.testing.assert_array_equal(
        training, np.where((days >= 10) & (days < 15), 3000.0, 0.0).repeat(2, 1)
    )
    np.testing.assert_array_equal(reserve, np.where(days >= 15, 3000.0, 0.0).repeat(2, 1))
    # its quality enters the reserve's mean
    np.testing.assert_array_equal(daily["reserve_quality"][15:, :, 0], 0.5)
    # the line is untouched (nobody commits reserves) and the defender gets nothing
    np.testing.assert_array_equal(daily["line"][:, :, 0, 0], 20000.0)
    assert daily["arrivals"][:, :, 1].sum() == 0


def test_a_contingent_with_sectors_joins_them_when_ready() -> None:
    _, _, daily = run_fast(contingent_doc({"main": 1.0}, None), runs=1)
    line = daily["line"][:, 0, 0, 0]
    np.testing.assert_array_equal(line[:10], 20000.0)
    np.testing.assert_array_equal(line[10:], 23000.0)
    # quality: troop-weighted mean of 20,000 at 1 and 3,000 at 0.5
    np.testing.assert_allclose(daily["line_quality"][10, 0, 0, 0], (20000 + 1500) / 23000)


def test_recruits_enter_whole_with_the_remainder_carried() -> None:
    doc = duel_doc(on=("force_generation",), horizon=20)
    doc["sides"]["attacker"]["recruitment_per_day"] = q(40.5, "troops/day")
    doc["sides"]["attacker"]["recruit_training_days"] = q(5, "day")
    _, _, daily = run_fast(doc, runs=1)
    t = np.arange(20)
    expected = np.floor(40.5 * (t + 1))
    np.testing.assert_array_equal(daily["recruits"][:, 0, 0], expected)
    # each day's recruits join the reserve five days later
    joined = np.where(t >= 5, np.floor(40.5 * (t - 4)), 0.0)
    np.testing.assert_array_equal(daily["reserve"][:, 0, 0], joined)
    np.testing.assert_array_equal(daily["training"][:, 0, 0], expected - joined)


def test_wounded_return_after_their_delay() -> None:
    doc = duel_doc(on=("attrition", "force_generation"), horizon=30)
    doc["sides"]["attacker"]["wounded_return_delay_days"] = q(7, "day")
    _, _, daily = run_fast(doc, runs=3)
    # the wounded who will return are drawn at wounding time (binomial) and come back on day
    # t + 7: what returned by day t is what awaited on day t - 7 plus earlier returns
    awaiting = daily["awaiting"][:, :, 0]
    returned = daily["returned"][:, :, 0]
    assert np.all(returned[:7] == 0)
    assert returned[-1].min() > 0
    back_by = awaiting + returned  # every wounded-who-returns drawn so far
    np.testing.assert_array_equal(returned[7:], back_by[:-7])
    # the share returning is about the side's share (0.5) of the wounded
    wounded = daily["wounded"][-1, :, 0]
    assert abs(back_by[-1].sum() / wounded.sum() - 0.5) < 0.05


def test_no_wounded_return_without_force_generation() -> None:
    _, out, daily = run_fast(duel_doc(on=("attrition",)), runs=3)
    assert daily["awaiting"].sum() == 0 and out.returned.sum() == 0
    np.testing.assert_array_equal(daily["wounded_perm"][-1], daily["wounded"][-1])


def test_a_fiscal_crisis_cuts_recruitment() -> None:
    doc = duel_doc(on=("force_generation", "economy"), horizon=10)
    doc["sides"]["attacker"]["recruitment_per_day"] = q(100, "troops/day")
    doc["sides"]["attacker"]["recruit_training_days"] = q(0, "day")
    doc["economy"] = {
        "attacker": {
            "currency": "RUB_2025",
            "gdp_per_year": q(200, "trillion RUB_2025/year"),
            "military_share_gdp": q(0.06),
            "military_share_budget": q(0.33),
            "reserves": q(0, "RUB_2025"),
            "deficit_per_year": q(1, "trillion RUB_2025/year"),
            "crisis_threshold": q(-100),
        }
    }
    doc["parameters"]["crisis-recruitment-cut"] = eng(0.5)
    _, out, daily = run_fast(doc, runs=2)
    assert np.all(out.crisis_day[:, 0] == 0)
    # 100 on day 0, then 50 a day
    np.testing.assert_array_equal(daily["recruits"][:, 0, 0], 100 + 50 * np.arange(10))
    np.testing.assert_array_equal(daily["reserve"][:, 0, 0], 100 + 50 * np.arange(10))


def test_reserves_are_committed_in_whole_troops_by_share() -> None:
    doc = duel_doc(on=("force_generation",), horizon=3)
    doc["sides"]["attacker"]["contingents"].append(
        {"id": "res", "troops": q(1001, "troops"), "deployment": "reserve", "quality": q(2.0)}
    )
    _, _, daily = run_fast(doc, runs=1, strategies=pressing(commit=0.1))
    reserve = daily["reserve"][:, 0, 0]
    committed = [math.floor(0.1 * 1001)]
    left = 1001 - committed[0]
    for _ in range(2):
        committed.append(math.floor(0.1 * left))
        left -= committed[-1]
    np.testing.assert_array_equal(reserve, 1001 - np.cumsum(committed))
    np.testing.assert_array_equal(daily["line"][:, 0, 0, 0], 20000 + np.cumsum(committed))
    # quality 2 reserves raise the line's mean quality
    assert daily["line_quality"][-1, 0, 0, 0] > 1.0
