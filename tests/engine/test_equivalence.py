"""Two implementations, one truth: the fast engine reproduces the reference engine exactly.

For the same plan, seed and run, every daily state variable and every outcome agree: integers
exactly, floats to 1e-9 relative.
"""

from __future__ import annotations

import numpy as np
import pytest
from engine_helpers import base_scenario, build, make_plan
from engine_random import scenarios, strategy_pairs
from hypothesis import given, settings
from hypothesis import strategies as st

from clausewitz.engine import fast, reference
from clausewitz.engine.outcomes import DAILY, INTEGER_DAILY, Outcomes, Recording
from clausewitz.engine.plan import Plan
from clausewitz.strategies import Strategies, default_strategies


def assert_same_outcomes(a: Outcomes, b: Outcomes, i: int) -> None:
    """Outcome arrays of run position ``i`` of ``a`` against the single run ``b``."""
    for name in ("fall_day", "ceasefire_day", "crisis_day", "defender_breaks", "attacker_breaks"):
        np.testing.assert_array_equal(getattr(a, name)[i], getattr(b, name)[0], err_msg=name)
    for name in ("front", "losses", "returned", "territory_km2", "line", "reserve"):
        np.testing.assert_allclose(
            getattr(a, name)[i], getattr(b, name)[0], rtol=1e-9, atol=1e-9, err_msg=name
        )
    assert a.run_ids[i] == b.run_ids[0]


def assert_engines_agree(
    plan: Plan, seed: int, strategies: Strategies, days: int | None = None
) -> None:
    """Every run of ``plan``: the fast engine's daily state equals the reference's."""
    record = Recording()
    out = fast.simulate(plan, seed, strategies, days=days, observer=record)
    daily = record.daily
    for i in range(plan.n_runs):
        traj = reference.simulate_run(plan, i, seed, strategies, days=days)
        for name in DAILY:
            got = daily[name][:, i].astype(np.float64)
            want = traj.daily[name]
            if name in INTEGER_DAILY:
                np.testing.assert_array_equal(got, want, err_msg=f"run {i}: {name}")
            else:
                np.testing.assert_allclose(
                    got, want, rtol=1e-9, atol=1e-9, err_msg=f"run {i}: {name}"
                )
        assert_same_outcomes(out, traj.outcomes, i)


def test_base_scenario_agrees_over_the_full_horizon() -> None:
    plan = make_plan(build(base_scenario(120)), 3)
    assert_engines_agree(plan, 20250703, default_strategies())


@settings(max_examples=25)
@given(scenarios(max_days=40), strategy_pairs(), st.integers(0, 2**63 - 1))
def test_random_scenarios_agree(case: tuple, strategies: Strategies, seed: int) -> None:
    scenario, _days = case
    plan = make_plan(scenario, [0, 17, 123456])
    assert_engines_agree(plan, seed, strategies)


def test_days_argument_shortens_both_engines() -> None:
    plan = make_plan(build(base_scenario(60)), 2)
    out = fast.simulate(plan, 1, default_strategies(), days=10)
    traj = reference.simulate_run(plan, 1, 1, default_strategies(), days=10)
    assert out.days == traj.outcomes.days == 10
    assert traj.daily["front"].shape[0] == 10
    assert_same_outcomes(out, traj.outcomes, 1)


@pytest.mark.parametrize("seed", [0, 2**63 - 1])
def test_extreme_seeds_agree(seed: int) -> None:
    plan = make_plan(build(base_scenario(30)), [5, 2**32 - 1])
    assert_engines_agree(plan, seed, default_strategies())
