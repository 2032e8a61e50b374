"""The strategy interface, the two defaults and the registry."""

from __future__ import annotations

import numpy as np
import pytest
from engine_helpers import base_scenario, build, make_plan

from clausewitz.engine import fast
from clausewitz.engine.plan import ATTACK, DEFEND
from clausewitz.errors import UserError
from clausewitz.strategies import (
    Observation,
    OrderError,
    Orders,
    Strategies,
    StrategySpec,
    choose,
    default_strategies,
    get_strategy,
    register_strategy,
)
from clausewitz.strategies.builtin import hold_line, steady_pressure


def observation(R: int = 2) -> Observation:
    S, n_obj = 3, 1
    return Observation(
        side="attacker",
        day=4,
        sector_ids=("a", "b", "c"),
        main_axis=np.array([True, False, False]),
        frontage=np.tile([10.0, 20.0, 30.0], (R, 1)),
        front=np.zeros((R, S)),
        belt=np.zeros((R, S), np.int64),
        n_belts=np.ones(S, np.int64),
        own_line=np.tile([1000.0, 0.0, 500.0], (R, 1)),
        own_reserves=np.full(R, 900.0),
        own_supply=np.ones((R, S)),
        own_losses=np.zeros(R),
        own_losses_yesterday=np.zeros((R, S)),
        enemy_losses_observed=np.zeros((R, S)),
        attack_paused=np.zeros((R, S), np.int64),
        objective_ids=("x",),
        objective_sector=np.zeros(n_obj, np.int64),
        objective_hub=np.ones(n_obj, np.bool_),
        objective_distance=np.ones((R, n_obj)),
        objectives_fallen=np.zeros((R, n_obj), np.bool_),
        crisis=np.zeros(R, np.bool_),
        ceasefire=np.zeros(R, np.bool_),
    )


def test_steady_pressure_splits_its_commitment_between_main_axis_and_the_rest() -> None:
    orders = steady_pressure(
        observation(), {"commit_share": 0.2, "main_axis_share": 0.5, "tempo": 0.7}
    )
    np.testing.assert_allclose(orders.allocation[0], [0.1, 0.1 * 20 / 50, 0.1 * 30 / 50])
    np.testing.assert_array_equal(orders.posture[0], [ATTACK, DEFEND, ATTACK])  # no troops in b
    assert np.all(orders.tempo == 0.7) and np.all(orders.loss_tolerance == 1.0)


def test_hold_line_reinforces_the_thinnest_line_per_km() -> None:
    orders = hold_line(observation(), {"commit_share": 0.3})
    thin = np.array([10 / 1000, 20 / 1, 30 / 500])
    np.testing.assert_allclose(orders.allocation[0], 0.3 * thin / thin.sum())
    assert np.all(orders.posture == DEFEND)


def test_unknown_or_malformed_settings_are_user_errors() -> None:
    with pytest.raises(UserError, match="unknown strategy setting"):
        steady_pressure(observation(), {"tempos": 1.0})
    with pytest.raises(UserError, match="must be a number"):
        hold_line(observation(), {"commit_share": "lots"})
    with pytest.raises(UserError, match=r"\[0, 1\]"):
        steady_pressure(observation(), {"commit_share": 1.5})


def test_orders_are_checked() -> None:
    ok = Orders.uniform(2, 3)
    ok.checked(2, 3, "test")
    bad = [
        Orders(np.full((2, 3), 0.5), ok.posture, ok.tempo, ok.loss_tolerance),  # rows sum 1.5
        Orders(ok.allocation, np.full((2, 3), 3), ok.tempo, ok.loss_tolerance),
        Orders(ok.allocation, ok.posture, np.full((2, 3), -1.0), ok.loss_tolerance),
        Orders(ok.allocation, ok.posture, ok.tempo, np.zeros((2, 3))),
        Orders(np.full((2, 3), np.nan), ok.posture, ok.tempo, ok.loss_tolerance),
        Orders(np.zeros((5, 5)), ok.posture, ok.tempo, ok.loss_tolerance),
    ]
    for orders in bad:
        with pytest.raises(OrderError):
            orders.checked(2, 3, "test")
    # scalars broadcast
    Orders(np.zeros((2, 3)), np.int64(ATTACK), np.float64(1.0), np.float64(1.0)).checked(2, 3, "x")  # type: ignore[arg-type]


def test_a_strategy_returning_bad_orders_stops_the_simulation_clearly() -> None:
    plan = make_plan(build(base_scenario(5)), 2)

    def greedy(obs: Observation, settings: object) -> Orders:
        base = Orders.uniform(obs.n_runs, obs.n_sectors)
        everything = np.ones((obs.n_runs, obs.n_sectors))  # rows sum to S > 1
        return Orders(everything, base.posture, base.tempo, base.loss_tolerance)

    spec = StrategySpec("greedy", greedy)
    with pytest.raises(OrderError, match="greedy"):
        fast.simulate(plan, 1, Strategies(spec, choose("defender")))

    def wrong_type(obs: Observation, settings: object) -> Orders:
        return "attack"  # type: ignore[return-value]

    with pytest.raises(OrderError, match="not Orders"):
        fast.simulate(plan, 1, Strategies(StrategySpec("bad", wrong_type), choose("defender")))


def test_observations_are_read_only_and_hide_the_enemy() -> None:
    plan = make_plan(build(base_scenario(3)), 2)
    seen: list[Observation] = []

    def spy(obs: Observation, settings: object) -> Orders:
        seen.append(obs)
        with pytest.raises(ValueError):
            obs.own_line[0, 0] = 1.0
        return Orders.uniform(obs.n_runs, obs.n_sectors)

    fast.simulate(plan, 1, Strategies(StrategySpec("spy", spy), choose("defender")))
    assert len(seen) == 3 and seen[0].side == "attacker"
    fields = set(Observation.__dataclass_fields__)
    assert not any(f.startswith("enemy_line") or f.startswith("enemy_reserve") for f in fields)


def test_registry_resolves_builtins_paths_and_reports_unknown_names() -> None:
    assert get_strategy("steady-pressure") is steady_pressure
    assert get_strategy("clausewitz.strategies.builtin:hold_line") is hold_line
    with pytest.raises(UserError, match="unknown strategy 'nope'"):
        get_strategy("nope")
    with pytest.raises(UserError, match="cannot import"):
        get_strategy("no.such.module:thing")
    with pytest.raises(UserError, match="has no attribute"):
        get_strategy("clausewitz.strategies.builtin:missing")
    with pytest.raises(ValueError, match="already registered"):
        register_strategy("hold-line", steady_pressure)


def test_choose_reads_the_scenarios_choices() -> None:
    scenario = build(
        {
            **base_scenario(5),
            "strategies": {
                "attacker": {"push": {"use": "steady-pressure", "settings": {"tempo": 0.9}}},
            },
        }
    )
    spec = choose("attacker", "push", scenario.strategies["attacker"])
    assert (
        spec.name == "push" and spec.function is steady_pressure and spec.settings == {"tempo": 0.9}
    )
    assert choose("defender").function is hold_line
    names = default_strategies().names
    assert names == {"attacker": "steady-pressure", "defender": "hold-line"}


def test_a_misspelt_strategy_is_named_with_the_sides_choices() -> None:
    scenario_choices = {"slow-squeeze": object()}
    with pytest.raises(UserError) as info:
        choose("attacker", "decisve", available=scenario_choices)
    msg = str(info.value)
    assert "unknown strategy 'decisve' (did you mean 'decisive'?)" in msg
    listed = msg.split("the attacker's strategies: ")[1]
    for name in ("slow-squeeze", "attrition", "decisive", "envelop", "steady-pressure"):
        assert name in listed
    for name in ("defend-in-depth", "hold-every-metre", "elastic", "hold-line"):
        assert name not in listed  # the other side's built-ins are no answer
    with pytest.raises(UserError, match=r"did you mean 'hold-every-metre'\?"):
        choose("defender", "hold-evry-metre")
