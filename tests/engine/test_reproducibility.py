"""Reproducibility and common random numbers: what the keyed streams promise, precisely."""

from __future__ import annotations

from typing import Any

import numpy as np
from engine_helpers import base_scenario, build, duel_doc, eng, make_plan, q
from engine_random import fickle_attacker

from clausewitz.engine import fast
from clausewitz.engine.outcomes import Outcomes, Recording
from clausewitz.engine.plan import ATTACK, DEFEND
from clausewitz.strategies import Observation, Orders, Strategies, StrategySpec, default_strategies


def assert_outcomes_equal(a: Outcomes, b: Outcomes) -> None:
    for name, col in a.columns().items():
        np.testing.assert_array_equal(col, b.columns()[name], err_msg=name)


def test_chunks_give_the_same_runs_as_one_job() -> None:
    plan = make_plan(build(base_scenario(90)), 10)
    whole = fast.simulate(plan, 42, default_strategies())
    parts = [
        fast.simulate(plan.take(sl), 42, default_strategies())
        for sl in (slice(0, 3), slice(3, 4), slice(4, 10))
    ]
    assert_outcomes_equal(whole, Outcomes.concatenate(parts))


def test_run_i_is_the_same_in_a_10_run_and_a_1000_run_job() -> None:
    scenario = build(base_scenario(40))
    small = make_plan(scenario, 10, seed=5)
    large = make_plan(scenario, 1000, seed=5)
    # parameter samples are keyed by (seed, run, name): identical for the shared runs
    np.testing.assert_array_equal(small.forces.line, large.forces.line[:10])
    out_small = fast.simulate(small, 5, default_strategies())
    out_large = fast.simulate(large, 5, default_strategies())
    for name, col in out_small.columns().items():
        np.testing.assert_array_equal(col, out_large.columns()[name][:10], err_msg=name)
    # and a job of other run ids only: run 999 alone equals run 999 of the large job
    alone = fast.simulate(make_plan(scenario, [999], seed=5), 5, default_strategies())
    for name, col in alone.columns().items():
        np.testing.assert_array_equal(col, out_large.columns()[name][999:], err_msg=name)


def test_another_seed_gives_other_draws() -> None:
    plan = make_plan(build(base_scenario(40)), 5)
    a = fast.simulate(plan, 1, default_strategies())
    b = fast.simulate(plan, 2, default_strategies())
    assert not np.array_equal(a.losses, b.losses)


def sector_only(tempo_in_second: float) -> StrategySpec:
    """Attack in both sectors; the tempo differs only in the second one; no reserves move."""

    def strategy(obs: Observation, settings: Any) -> Orders:
        R, S = obs.n_runs, obs.n_sectors
        tempo = np.ones((R, S))
        tempo[:, 1] = tempo_in_second
        return Orders(np.zeros((R, S)), np.full((R, S), ATTACK), tempo, np.ones((R, S)))

    return StrategySpec(f"second-{tempo_in_second}", strategy)


def holding() -> StrategySpec:
    def strategy(obs: Observation, settings: Any) -> Orders:
        R, S = obs.n_runs, obs.n_sectors
        return Orders(np.zeros((R, S)), np.full((R, S), DEFEND), np.ones((R, S)), np.ones((R, S)))

    return StrategySpec("holding", strategy)


def two_sectors() -> dict:
    doc = duel_doc(
        on=("attrition", "breakpoints", "advance"), horizon=60, belts=((3.0, 1.5), (8.0, 2.0))
    )
    doc["theatre"]["sectors"].append(
        {
            "id": "second",
            "frontage": q(10, "km"),
            "terrain": "mixed",
            "belts": [{"id": "x", "depth": q(4, "km"), "fortification": q(1.2)}],
        }
    )
    for side in ("attacker", "defender"):
        doc["sides"][side]["contingents"][0]["deployment"] = {"main": 0.5, "second": 0.5}
    doc["parameters"]["advance-base-km-per-day"] = eng(1.0, "km/day")
    return doc


def record(plan: Any, seed: int, strategies: Strategies) -> tuple[Outcomes, dict]:
    rec = Recording()
    out = fast.simulate(plan, seed, strategies, observer=rec)
    return out, rec.daily


def test_changing_the_attackers_strategy_leaves_an_unaffected_sector_identical() -> None:
    # the two strategies differ only in the second sector; with reserves, logistics, economy
    # and talks out of play nothing couples the sectors, so under common random numbers the
    # first sector's whole trajectory (losses, thresholds, breaks, front) is the same
    plan = make_plan(build(two_sectors()), 30)
    out_a, a = record(plan, 9, Strategies(sector_only(0.2), holding()))
    out_b, b = record(plan, 9, Strategies(sector_only(1.5), holding()))
    for name in ("front", "loss_today", "threshold", "engaged", "withdrawal", "prosecution"):
        np.testing.assert_array_equal(a[name][..., 0], b[name][..., 0], err_msg=name)
    np.testing.assert_array_equal(a["line"][:, :, :, 0], b["line"][:, :, :, 0])
    np.testing.assert_array_equal(out_a.defender_breaks[:, 0], out_b.defender_breaks[:, 0])
    # while the second sector did change
    assert not np.array_equal(a["loss_today"][..., 1], b["loss_today"][..., 1])


def thresholds_by_engagement(plan: Any, daily: dict, sector: int) -> dict[tuple[int, int], tuple]:
    """(run, engagement number) -> the thresholds drawn when it started."""
    out: dict[tuple[int, int], tuple] = {}
    engaged = daily["engaged"][:, :, sector]
    posture = daily["posture"][:, :, 0, sector]
    for r in range(plan.n_runs):
        k = 0
        was = False
        for t in range(engaged.shape[0]):
            started = posture[t, r] == ATTACK and not was
            if started:
                k += 1
                out[(r, k)] = tuple(daily["threshold"][t, r, :, sector])
            was = posture[t, r] == ATTACK and bool(engaged[t, r])
    return out


def test_break_thresholds_depend_on_the_engagement_not_on_the_strategy() -> None:
    # the k-th engagement of a sector draws the same thresholds under any strategy (they are
    # keyed by engagement number), although the strategies start engagements on other days;
    # without the force-ratio term, which scales a draw by the strengths of the day (§5)
    doc = two_sectors()
    doc.setdefault("parameters", {})["breakpoint-force-ratio-exponent"] = eng(0.0)
    plan = make_plan(build(doc), 20)
    _, a = record(plan, 3, Strategies(StrategySpec("fickle", fickle_attacker), holding()))
    _, b = record(plan, 3, Strategies(sector_only(1.0), holding()))
    ta = thresholds_by_engagement(plan, a, 0)
    tb = thresholds_by_engagement(plan, b, 0)
    shared = set(ta) & set(tb)
    assert len(shared) > 20
    for key in shared:
        assert ta[key] == tb[key]
    # parameter samples do not depend on strategies at all: the plan is compiled before them
    again = make_plan(build(two_sectors()), 20)
    np.testing.assert_array_equal(plan.forces.line, again.forces.line)
