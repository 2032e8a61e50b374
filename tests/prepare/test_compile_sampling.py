"""Parameter sampling (keyed by name) and compiling a scenario into a Plan."""

from __future__ import annotations

import numpy as np
import pytest
from engine_helpers import Fixed, base_scenario, build, make_plan, q
from scipy import stats

from clausewitz.errors import ScenarioError
from clausewitz.prepare.compile import compile_plan, split_whole
from clausewitz.prepare.sampling import name_key, sample, uniforms
from clausewitz.scenario.parameters import collect_parameters


def test_samples_are_keyed_by_name_and_run() -> None:
    dists = {"a": stats.norm(0, 1), "b": stats.uniform(0, 1)}
    one = sample(dists, 11, [0, 1, 2, 3])
    more = sample({"zzz": stats.norm(5, 1), **dists, "c": stats.expon()}, 11, [3, 2, 1, 0, 7])
    # adding parameters and reordering runs changes nothing for a given (name, run)
    np.testing.assert_array_equal(one["a"], more["a"][[3, 2, 1, 0]])
    np.testing.assert_array_equal(one["b"], more["b"][[3, 2, 1, 0]])
    # different names and seeds draw differently
    assert not np.array_equal(one["a"], stats.norm(0, 1).ppf(uniforms("b", 11, np.arange(4))))
    assert not np.array_equal(one["a"], sample(dists, 12, [0, 1, 2, 3])["a"])
    assert name_key("a") != name_key("b")
    assert all(0 <= w < 2**16 for w in name_key("frontage"))


def test_samples_follow_the_distribution_and_the_bounds() -> None:
    u = uniforms("x", 3, np.arange(20000))
    assert stats.kstest(u, "uniform").pvalue > 1e-3
    out = sample({"x": stats.norm(0, 1)}, 3, np.arange(20000), bounds={"x": (-1.0, None)})
    assert out["x"].min() == -1.0
    assert stats.kstest(out["x"][out["x"] > -1.0], stats.truncnorm(-1, np.inf).cdf).pvalue > 1e-4


def test_compile_converts_units() -> None:
    doc = base_scenario(10)
    doc["theatre"]["sectors"][0]["frontage"] = q(20000, "m")
    doc["theatre"]["objectives"][1]["depth"] = q(3000, "m")
    plan = make_plan(build(doc), 3)
    np.testing.assert_allclose(plan.theatre.frontage[:, 0], 20.0)
    np.testing.assert_allclose(plan.theatre.objective_depth[:, 1], 3.0)
    # GDP per year to spending per day, in the side's own currency
    np.testing.assert_allclose(plan.economy.baseline_spending[:, 0], 200e12 * 0.06 / 365.25)
    np.testing.assert_allclose(plan.economy.deficit[:, 1], 45e9 / 365.25)
    assert plan.economy.currency == ("RUB_2025", "USD_2025")
    # engine defaults arrive as per-run arrays in the engine's unit (half a year in days)
    np.testing.assert_allclose(plan.economy.runway_reference, 0.5 * 365.25)


def test_compile_lays_out_forces_and_routes() -> None:
    plan = make_plan(build(base_scenario(10)), 50)
    f = plan.forces
    # whole troops, split by weights (0.6 / 0.4 and 0.5 / 0.5), all in the line
    assert np.all(f.line == np.round(f.line))
    np.testing.assert_array_equal(f.line.sum(axis=2), f.start_total)
    assert np.all(np.abs(f.line[:, 0, 0] - 0.6 * f.start_total[:, 0]) <= 1)
    assert np.all(f.reserve == 0)
    assert f.recruit_delay.tolist() == [[5, 3]] * 50
    assert f.ring_length == 11  # the wounded return after 10 days
    lg = plan.logistics
    # each side feeds both sectors through one route of one edge
    assert lg.route_count.tolist() == [[1, 1], [1, 1]]
    assert lg.modelled.all()
    assert plan.logistics.node_objective.tolist() == [-1, 0, -1, -1]


def test_split_whole_is_exact_and_fair() -> None:
    troops = np.array([10.0, 7.0, 0.0, 100001.0])
    parts = split_whole(troops, [1.0, 1.0, 1.0])
    np.testing.assert_array_equal(parts.sum(axis=1), troops)
    assert parts[0].tolist() == [4.0, 3.0, 3.0]
    assert np.all(parts.max(axis=1) - parts.min(axis=1) <= 1)


def test_belts_are_kept_in_order_when_samples_cross() -> None:
    doc = base_scenario(10)
    doc["theatre"]["sectors"][0]["belts"][0]["depth"] = q(7, "km")  # beyond the next belt (6)
    plan = make_plan(build(doc), 2)
    assert plan.theatre.belt_depth[0, 0].tolist() == [7.0, 7.0]


def test_compile_reports_missing_samples_and_bad_structure() -> None:
    scenario = build(base_scenario(10))
    with pytest.raises(ScenarioError, match="no sample for parameter"):
        compile_plan(scenario, {}, [0])
    doc = base_scenario(10)
    doc["logistics"]["edges"][0]["to"] = "a-front"  # a defender depot to an attacker node
    bad = build(doc)
    table = collect_parameters(bad)
    samples = {name: Fixed(0.5).ppf(np.zeros(1)) for name in table}
    with pytest.raises(ScenarioError, match="same side"):
        compile_plan(bad, samples, [0])


def test_plan_take_keeps_the_structure_and_selects_runs() -> None:
    plan = make_plan(build(base_scenario(10)), 6)
    sub = plan.take([4, 1])
    assert sub.run_ids.tolist() == [4, 1]
    np.testing.assert_array_equal(sub.forces.line, plan.forces.line[[4, 1]])
    assert sub.logistics.route_edges is plan.logistics.route_edges
    assert plan.take(slice(2, 5)).n_runs == 3
