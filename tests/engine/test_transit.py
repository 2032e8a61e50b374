"""§2 reserves in transit: moving a reserve takes the stated days, troops in transit fight
nowhere, and personnel and losses add up over the axes, the reserve and the transit."""

from __future__ import annotations

import math

import numpy as np
import pytest
from engine_helpers import build, duel_doc, eng, make_plan, pressing, q, run_fast
from hypothesis import given, settings
from hypothesis import strategies as st
from pyproj import Geod

from clausewitz.engine import fast
from clausewitz.engine.outcomes import Recording
from clausewitz.engine.reference import simulate_run
from clausewitz.errors import ScenarioError
from clausewitz.strategies import Strategies, StrategySpec
from clausewitz.strategies.defender import defend_in_depth

RESERVE_AT = (48.0, 36.0)  # lat, lon
FRONT_AT = (48.0, 38.0)
DEFENDER_RESERVE_AT = (48.6, 37.2)  # about 110 km from FRONT_AT


def transit_doc(march: float, horizon: int = 12, on: tuple[str, ...] = ("force_generation",)):  # type: ignore[no-untyped-def]
    doc = duel_doc(on=on, horizon=horizon)
    doc["theatre"]["sectors"][0]["front_start"] = {"lat": FRONT_AT[0], "lon": FRONT_AT[1]}
    doc["sides"]["attacker"]["reserve_location"] = {"lat": RESERVE_AT[0], "lon": RESERVE_AT[1]}
    doc["sides"]["attacker"]["contingents"].append(
        {"id": "res", "troops": q(1000, "troops"), "deployment": "reserve", "quality": q(2.0)}
    )
    doc["parameters"]["reserve-march-km-per-day"] = eng(march, "km/day")
    return doc


def _km() -> float:
    _, _, m = Geod(ellps="WGS84").inv(RESERVE_AT[1], RESERVE_AT[0], FRONT_AT[1], FRONT_AT[0])
    return float(m) / 1000.0


def test_moving_the_reserve_takes_the_stated_days() -> None:
    march = 50.0
    days = math.ceil(_km() / march)  # about 149 km: 3 days
    assert days == 3
    plan, _, daily = run_fast(transit_doc(march), runs=2, strategies=pressing(commit=1.0))
    np.testing.assert_array_equal(plan.forces.transit_days[:, 0, 0], days)
    np.testing.assert_array_equal(plan.forces.transit_days[:, 1, 0], 0)  # defender: no location
    line = daily["line"][:, :, 0, 0]
    transit = daily["transit"][:, :, 0]
    # committed on day 0: in transit on days 0-2, in the line from day 3, never both
    np.testing.assert_array_equal(transit[:days], 1000.0)
    np.testing.assert_array_equal(transit[days:], 0.0)
    np.testing.assert_array_equal(line[:days], 20000.0)
    np.testing.assert_array_equal(line[days:], 21000.0)
    np.testing.assert_array_equal(daily["reserve"][:, :, 0], 0.0)
    # it keeps the quality it left with
    np.testing.assert_allclose(daily["line_quality"][days, :, 0, 0], (20000 + 2000) / 21000)


def test_troops_in_transit_fight_nowhere() -> None:
    """Attacking while the reserve marches: the attacker's losses and line are those of a run
    without the reserve until it arrives."""
    plan, _, daily = run_fast(
        transit_doc(20.0, horizon=10, on=("attrition", "force_generation")),
        runs=3,
        strategies=pressing(commit=1.0),
    )
    days = int(plan.forces.transit_days[0, 0, 0])
    assert days == math.ceil(_km() / 20.0)
    base = duel_doc(on=("attrition", "force_generation"), horizon=10)
    _, _, without = run_fast(base, runs=3, strategies=pressing(commit=1.0))
    for name in ("loss_today", "line"):
        np.testing.assert_array_equal(daily[name][:days, :, 1], without[name][:days, :, 1])
    assert np.all(daily["transit"][:days, :, 0] == 1000.0)


def test_the_reference_engine_moves_reserves_the_same_way() -> None:
    plan = make_plan(build(transit_doc(30.0, on=("attrition", "force_generation"))), 2, seed=3)
    rec = Recording()
    fast.simulate(plan, 3, pressing(commit=0.5), observer=rec)
    for i in range(2):
        ref = simulate_run(plan, i, 3, pressing(commit=0.5))
        for name in ("transit", "line", "reserve", "line_quality"):
            np.testing.assert_allclose(ref.daily[name], rec.daily[name][:, i], rtol=1e-9)


def _with_defender_reserve(doc):  # type: ignore[no-untyped-def]
    """The defender stands a 2,000-troop reserve at DEFENDER_RESERVE_AT."""
    loc = {"lat": DEFENDER_RESERVE_AT[0], "lon": DEFENDER_RESERVE_AT[1]}
    doc["sides"]["defender"]["reserve_location"] = loc
    doc["sides"]["defender"]["contingents"].append(
        {"id": "dres", "troops": q(2000, "troops"), "deployment": "reserve", "quality": q(1.0)}
    )
    return doc


def _focused_defence(commit: float, focus_share: float, massing: float) -> Strategies:
    """The pressing attacker against defend-in-depth with the defender's reserve levers."""
    base = pressing(commit=commit)
    settings = {"commit_share": commit, "focus_share": focus_share, "massing": massing}
    return Strategies(base.attacker, StrategySpec("focused", defend_in_depth, settings))


@settings(max_examples=15, deadline=None)
@given(
    st.floats(10.0, 200.0),
    st.floats(0.0, 1.0),
    st.floats(0.0, 1.0),
    st.floats(0.0, 0.6),
    st.integers(0, 1000),
)
def test_personnel_and_losses_add_up_over_axes_reserve_and_transit(
    march: float, commit: float, focus_share: float, massing: float, seed: int
) -> None:
    """Every day, for both sides (the defender massing its far line towards the main axis):
    the theatre's personnel is the sum over the axes' lines, the reserve, the troops in
    transit, training and the wounded awaiting return, plus its losses; the losses summed
    over the axes and days are the theatre's losses; and both engines agree."""
    doc = transit_doc(march, horizon=20, on=("attrition", "force_generation", "breakpoints"))
    doc["theatre"]["sectors"].append(
        {
            "id": "far",
            "frontage": q(30, "km"),
            "terrain": "open",
            "front_start": {"lat": 49.5, "lon": 38.5},
        }
    )
    doc = _with_defender_reserve(doc)
    doc["sides"]["defender"]["contingents"][0]["deployment"] = {"main": 0.6, "far": 0.4}
    strategies = _focused_defence(commit, focus_share, massing)
    plan, _, d = run_fast(doc, runs=3, seed=seed, strategies=strategies)
    assert plan.forces.transit_days[0, 0, 1] >= plan.forces.transit_days[0, 0, 0] > 0
    assert plan.forces.transit_days[0, 1, 1] > 0  # the defender's far line marches too
    present = d["line"].sum(axis=3) + d["reserve"] + d["transit"] + d["training"] + d["awaiting"]
    gone = d["killed"] + d["wounded_perm"] + d["missing"]
    start = plan.forces.start_total
    np.testing.assert_array_equal(start[0], [21000.0, 12000.0])
    np.testing.assert_allclose(present + gone, start + d["recruits"] + d["arrivals"], atol=1e-6)
    losses = d["killed"] + d["wounded"] + d["missing"]
    np.testing.assert_allclose(np.cumsum(d["loss_today"].sum(axis=3), axis=0), losses, atol=1e-6)
    if massing * 4000 >= 1:  # the far line (40% of 10,000) lost floor(massing x line) on day 0
        assert np.all(d["line"][0, :, 1, 1] <= 4000 - np.floor(massing * 4000))
    ref = simulate_run(plan, 0, seed, strategies)
    for name in ("transit", "line", "reserve", "killed"):
        np.testing.assert_allclose(ref.daily[name], d[name][:, 0], rtol=1e-9, atol=1e-9)


def test_a_sector_without_front_start_is_a_located_error() -> None:
    doc = transit_doc(50.0)
    del doc["theatre"]["sectors"][0]["front_start"]
    with pytest.raises(ScenarioError, match=r"theatre\.sectors\[main\]\.front_start"):
        make_plan(build(doc), 1, seed=1)


def _withdrawing(day: int, share: float, side: str = "attacker") -> Strategies:
    """The pressing strategies, but ``side`` takes ``share`` of its line back on ``day`` and
    commits nothing."""
    base = pressing(commit=0.0)
    spec = getattr(base, side)

    def withdraw(obs, settings):  # type: ignore[no-untyped-def]
        orders = spec.function(obs, settings)
        w = np.full(obs.own_line.shape, share if obs.day == day else 0.0)
        return type(orders)(
            orders.allocation, orders.posture, orders.tempo, orders.loss_tolerance, w
        )

    sides = {"attacker": base.attacker, "defender": base.defender}
    sides[side] = StrategySpec("w", withdraw, spec.settings)
    return Strategies(sides["attacker"], sides["defender"])


def test_withdrawn_line_troops_march_back_to_the_reserve() -> None:
    """Taken out of the line on day 1, they are in transit (in no line, in no reserve) for
    the sector's transit days and join the reserve on day 1 + d; both engines agree."""
    plan = make_plan(build(transit_doc(50.0, horizon=8)), 2, seed=4)
    d = int(plan.forces.transit_days[0, 0, 0])
    assert d == 3
    strategies = _withdrawing(1, 0.25)
    rec = Recording()
    fast.simulate(plan, 4, strategies, observer=rec)
    line = rec.daily["line"][:, :, 0, 0]
    taken = np.floor(0.25 * 20000.0)
    np.testing.assert_array_equal(line[0], 20000.0)
    np.testing.assert_array_equal(line[1:], 20000.0 - taken)
    transit = rec.daily["transit"][:, :, 0]
    np.testing.assert_array_equal(transit[1 : 1 + d], taken)
    np.testing.assert_array_equal(transit[1 + d :], 0.0)
    reserve = rec.daily["reserve"][:, :, 0]
    np.testing.assert_array_equal(reserve[: 1 + d], 1000.0)
    np.testing.assert_array_equal(reserve[1 + d :], 1000.0 + taken)
    for i in range(2):
        ref = simulate_run(plan, i, 4, strategies)
        for name in ("transit", "line", "reserve", "reserve_quality"):
            np.testing.assert_allclose(ref.daily[name], rec.daily[name][:, i], rtol=1e-9)


def test_the_defenders_withdrawn_lines_march_back_for_the_stated_days() -> None:
    """The defender's massing marches as the attacker's does: taken out of the line on day 2,
    in transit for ``ceil(km / march)`` days from its own reserve's location, then in its
    reserve; the attacker's reserve is untouched; both engines agree."""
    march = 40.0
    doc = _with_defender_reserve(transit_doc(march, horizon=10))
    plan = make_plan(build(doc), 2, seed=6)
    _, _, m = Geod(ellps="WGS84").inv(
        DEFENDER_RESERVE_AT[1], DEFENDER_RESERVE_AT[0], FRONT_AT[1], FRONT_AT[0]
    )
    d = math.ceil(m / 1000.0 / march)
    assert d == 3
    np.testing.assert_array_equal(plan.forces.transit_days[:, 1, 0], d)
    strategies = _withdrawing(2, 0.3, "defender")
    rec = Recording()
    fast.simulate(plan, 6, strategies, observer=rec)
    taken = np.floor(0.3 * 10000.0)
    line = rec.daily["line"][:, :, 1, 0]
    np.testing.assert_array_equal(line[:2], 10000.0)
    np.testing.assert_array_equal(line[2:], 10000.0 - taken)
    transit = rec.daily["transit"][:, :, 1]
    np.testing.assert_array_equal(transit[:2], 0.0)
    np.testing.assert_array_equal(transit[2 : 2 + d], taken)
    np.testing.assert_array_equal(transit[2 + d :], 0.0)
    reserve = rec.daily["reserve"][:, :, 1]
    np.testing.assert_array_equal(reserve[: 2 + d], 2000.0)
    np.testing.assert_array_equal(reserve[2 + d :], 2000.0 + taken)
    np.testing.assert_array_equal(rec.daily["transit"][:, :, 0], 0.0)
    for i in range(2):
        ref = simulate_run(plan, i, 6, strategies)
        for name in ("transit", "line", "reserve", "reserve_quality"):
            np.testing.assert_allclose(ref.daily[name], rec.daily[name][:, i], rtol=1e-9)
