"""The lever space: built-in strategies are named points that simulate exactly as before."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.strategies.test_library import observation

from clausewitz.errors import UserError
from clausewitz.prepare.prepared import PreparedScenario
from clausewitz.scenario.loader import load_scenario
from clausewitz.strategies import Strategies
from clausewitz.strategies.attacker import attrition
from clausewitz.strategies.levers import (
    POLICIES,
    POLICY_DEFAULTS,
    describe,
    levers,
    make_point,
    named_point,
    point_of,
    spec,
)


@pytest.mark.parametrize("side", ["attacker", "defender"])
def test_every_builtin_default_lies_in_its_levers_ranges(side: str) -> None:
    for policy in POLICIES[side].values():
        p = point_of(side, policy, {})
        assert p.policy == policy
        checked = make_point(side, p.values)  # raises if a default is out of range
        assert checked.settings() == {k: float(v) for k, v in p.settings().items()}  # type: ignore[arg-type]
        # every setting a lever moves carries the policy's default
        for name, value in p.settings().items():
            assert float(value) == float(POLICY_DEFAULTS[policy][name])  # type: ignore[arg-type]


@pytest.mark.parametrize("scenario", ["pokrovsk-2025", "ukraine-front-2025"])
def test_bundled_strategies_round_trip_through_their_points(scenario: str) -> None:
    sc = load_scenario(scenario).scenario
    for side, choices in sc.strategies.items():
        for name, entry in choices.items():
            p = named_point(side, name, choices)
            merged = {**POLICY_DEFAULTS[p.policy], **entry.settings}
            for key, value in p.settings().items():
                assert merged[key] == value, (side, name, key)
            assert set(entry.settings) <= set(p.settings())


def test_named_points_simulate_exactly_as_the_named_strategies() -> None:
    loaded = load_scenario("pokrovsk-2025")
    prep = PreparedScenario(loaded, seed=3, days=60)
    samples = prep.base_samples(16)
    ids = np.arange(16, dtype=np.int64)
    for a, d in [("decisive", "elastic"), ("envelop", "hold-every-metre")]:
        by_name = prep.simulate_rows(samples, ids, prep.strategies({"attacker": a, "defender": d}))
        pts = Strategies(
            spec(named_point("attacker", a, loaded.scenario.strategies["attacker"]), a),
            spec(named_point("defender", d, loaded.scenario.strategies["defender"]), d),
        )
        by_point = prep.simulate_rows(samples, ids, pts)
        np.testing.assert_array_equal(by_name.fall_day, by_point.fall_day)
        np.testing.assert_array_equal(by_name.losses, by_point.losses)
        np.testing.assert_array_equal(by_name.territory_km2, by_point.territory_km2)


def test_out_of_range_and_unknown_levers_are_clear_errors() -> None:
    with pytest.raises(UserError, match=r"tempo' = 3 is outside \[0.1, 1\]"):
        make_point("attacker", {"approach": "broad", "tempo": 3.0})
    with pytest.raises(UserError, match="unknown attacker lever"):
        make_point("attacker", {"approach": "broad", "airpower": 0.5})
    with pytest.raises(UserError, match="needs the lever 'approach'"):
        make_point("attacker", {"tempo": 0.5})
    with pytest.raises(UserError, match="not one of"):
        make_point("defender", {"posture": "retreat"})
    assert describe("defender")[0]["lever"] == "posture"


def test_reserve_from_day_holds_the_reserve_until_that_day() -> None:
    held = attrition(observation(day=5), {"reserve_from_day": 10.0})
    assert held.allocation.sum() == 0.0
    sent = attrition(observation(day=10), {"reserve_from_day": 10.0})
    np.testing.assert_allclose(sent.allocation, attrition(observation(day=10), {}).allocation)


@settings(max_examples=40, deadline=None)
@given(
    side=st.sampled_from(["attacker", "defender"]),
    u=st.lists(st.floats(0.0, 1.0), min_size=8, max_size=8),
    k=st.integers(0, 2),
)
def test_any_point_compiles_back_to_itself(side: str, u: list[float], k: int) -> None:
    lv = levers(side)
    values: dict[str, object] = {lv[0].name: lv[0].choices[k]}
    for lever, x in zip(lv[1:], u, strict=False):
        values[lever.name] = lever.low + x * (lever.high - lever.low)
    p = make_point(side, values)  # type: ignore[arg-type]
    back = point_of(side, p.policy, p.settings())
    for name, value in back.values.items():
        lever = next(x for x in lv if x.name == name)
        if lever.settings.get(p.policy) or lever.categorical:
            assert value == p.values[name]
