"""KPIs computed from outcomes agree with ``clausewitz run``; differences and their intervals."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from sensitivity_helpers import STRATEGIES

from clausewitz.errors import UserError
from clausewitz.prepare.prepared import PreparedScenario
from clausewitz.runner.api import run_scenario
from clausewitz.scenario.loader import LoadedScenario
from clausewitz.sensitivity.kpis import (
    RunValues,
    check_kpi,
    difference,
    kpi_names,
    per_run,
    point_means,
)
from clausewitz.stats.paired import paired_difference


def test_every_kpi_equals_the_run_summary(loaded: LoadedScenario, tmp_path: Path) -> None:
    result = run_scenario(
        loaded, runs=48, seed=4, strategies=STRATEGIES, days=150, out=tmp_path / "r"
    )
    model = PreparedScenario(loaded, seed=4, days=150)
    outcomes, _ = model.simulate_points({}, 48, STRATEGIES)
    names = kpi_names(model.objectives)
    assert names == list(result.summary)
    fell = 0
    for name in names:
        expected = result.summary[name].interval.estimate
        got = per_run(outcomes, name).mean()
        if not result.summary[name].observed:
            assert np.isnan(got), name
        else:
            fell += name.startswith("objective_day")
            assert got == pytest.approx(expected, rel=1e-12), name
    assert fell >= 1, "no objective fell: the comparison of objective_day checked nothing"
    day = outcomes.fall_day[:, 0]
    rday = per_run(outcomes, f"objective_rday.{model.objectives[0]}")
    assert rday.all_defined
    np.testing.assert_array_equal(rday.values, np.where(day >= 0, day, 150))


def test_unknown_kpi_lists_the_valid_ones() -> None:
    with pytest.raises(UserError) as err:
        check_kpi("objective_day.pokrovks", ["pokrovsk", "kramatorsk"])
    text = str(err.value)
    assert "did you mean 'objective_day.pokrovsk'" in text
    assert "objective_captured.kramatorsk" in text and "fiscal_crisis.defender" in text
    assert check_kpi("ceasefire", []) == "ceasefire"


def test_point_means_of_a_conditional_kpi() -> None:
    values = RunValues(
        np.array([10.0, 20.0, 5.0, 7.0, 1.0, 2.0]),
        np.array([True, True, False, False, True, False]),
    )
    means = point_means(values, 3)
    assert means[0] == 15.0 and np.isnan(means[1]) and means[2] == 1.0
    with pytest.raises(ValueError, match="do not split"):
        point_means(values, 4)


def test_difference_of_kpis_defined_everywhere_is_the_paired_t() -> None:
    rng = np.random.default_rng(1)
    common = rng.normal(100.0, 30.0, 400)  # what the runs share: cancels in the pairs
    xa = common + 2.0 + rng.normal(0, 1, 400)
    every = np.ones(400, dtype=np.bool_)
    d = difference(RunValues(xa, every), RunValues(common, every))
    p = paired_difference(xa, common)
    assert (d.estimate, d.low, d.high) == pytest.approx((p.diff.estimate, p.diff.low, p.diff.high))
    assert d.excludes(0.0) and d.low < 2.0 < d.high and d.high - d.low < 0.5


def test_difference_of_conditional_means_pairs_the_runs() -> None:
    rng = np.random.default_rng(2)
    day = rng.uniform(50, 150, 300)
    fell = rng.uniform(size=300) < 0.6
    a = RunValues(day, fell)
    # the same runs, the objective falling 3 days later in each: CRN leaves no noise
    shifted = difference(RunValues(day + 3.0, fell), a)
    assert shifted.estimate == pytest.approx(3.0)
    assert shifted.high - shifted.low == pytest.approx(0.0, abs=1e-9)
    # one more run falls: the KPI moves by a computable amount, the interval covers it
    more = fell.copy()
    more[np.flatnonzero(~fell)[0]] = True
    d = difference(RunValues(day, more), a)
    assert d.estimate == pytest.approx(day[more].mean() - day[fell].mean())
    assert d.low <= d.estimate <= d.high
    # by hand: influence values d_i (x_i - m) / p, then a t interval on their differences
    ia = np.where(more, day - day[more].mean(), 0.0) / more.mean()
    ib = np.where(fell, day - day[fell].mean(), 0.0) / fell.mean()
    half = 1.9679296690656698 * (ia - ib).std(ddof=1) / np.sqrt(300)
    assert d.high - d.estimate == pytest.approx(half)
    none = RunValues(np.zeros(300), np.zeros(300, dtype=np.bool_))
    assert np.isnan(difference(a, none).estimate)
