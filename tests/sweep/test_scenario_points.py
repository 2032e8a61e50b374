"""Scenario points: fixing parameters by name, common random numbers, the sweep's rows."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from clausewitz.errors import UserError
from clausewitz.evidence.distributions import PointMass
from clausewitz.prepare.overrides import fixed_estimates, override_samples
from clausewitz.prepare.prepared import PreparedScenario
from clausewitz.prepare.sampling import sample
from clausewitz.scenario.loader import LoadedScenario, load_scenario
from clausewitz.sweep.scenario_points import scenario_runs, sweep_payload
from clausewitz.sweep.strategy_sets import parse_strategy_sets

STRATS = {"attacker": "steady-pressure", "defender": "hold-line"}


@pytest.fixture(scope="module")
def tutorial() -> LoadedScenario:
    return load_scenario("tutorial")


@pytest.fixture(scope="module")
def model(tutorial: LoadedScenario) -> PreparedScenario:
    return PreparedScenario(tutorial, seed=11, days=40)


def test_override_samples_equal_sampling_with_a_point_mass(model: PreparedScenario) -> None:
    values = np.array([70_000.0, np.nan, 150_000.0])
    rows = model.point_samples({"ru-troops": values}, runs=16)
    ids = np.arange(16, dtype=np.int64)
    for p, v in enumerate(values):
        fixed = {} if np.isnan(v) else {"ru-troops": float(v)}
        expected = sample(fixed_estimates(model.estimates, fixed), 11, ids, bounds=model.bounds)
        for name, col in expected.items():
            assert np.array_equal(rows[name][p * 16 : (p + 1) * 16], col), name
    # every other parameter keeps its draws, run by run, at every point
    assert np.array_equal(rows["ua-troops"][:16], rows["ua-troops"][32:])
    assert isinstance(fixed_estimates(model.estimates, {"ru-troops": 1.0})["ru-troops"], PointMass)


@given(
    st.integers(1, 5),
    st.integers(1, 6),
    st.lists(st.one_of(st.none(), st.floats(-1e6, 1e6)), min_size=1, max_size=5),
)
def test_override_layout_is_point_major(runs: int, n_base: int, raw: list[float | None]) -> None:
    base = {f"p{i}": np.arange(runs, dtype=np.float64) + 10 * i for i in range(n_base)}
    values = np.array([np.nan if v is None else v for v in raw])
    out = override_samples(base, {"p0": values}, len(values))
    grid = out["p0"].reshape(len(values), runs)
    for p, v in enumerate(values):
        assert np.array_equal(grid[p], base["p0"] if np.isnan(v) else np.full(runs, v))
    for name in list(base)[1:]:
        assert np.array_equal(out[name], np.tile(base[name], len(values)))


def test_points_simulated_together_equal_points_simulated_alone(model: PreparedScenario) -> None:
    values = np.array([80_000.0, 140_000.0])
    both, _ = model.simulate_points({"ru-troops": values}, 12, STRATS, max_rows=7)
    for p, v in enumerate(values):
        alone, _ = model.simulate_points({"ru-troops": np.array([v])}, 12, STRATS)
        rows = slice(p * 12, (p + 1) * 12)
        assert np.array_equal(alone.fall_day, both.fall_day[rows])
        assert np.array_equal(alone.losses, both.losses[rows])
        assert np.array_equal(alone.territory_km2, both.territory_km2[rows])
    # the fixed value matters: more attackers take more ground on average
    low, high = both.territory_km2[:12].mean(), both.territory_km2[12:].mean()
    assert high != low


def test_unknown_names_and_values_outside_bounds_are_user_errors(model: PreparedScenario) -> None:
    with pytest.raises(UserError, match="did you mean 'ru-troops'"):
        model.check_overrides({"ru-troop": np.array([1.0])})
    name = next(n for n, (lo, _) in model.bounds.items() if lo is not None)
    low = model.bounds[name][0]
    assert low is not None
    with pytest.raises(UserError, match="outside its bounds"):
        model.check_overrides({name: np.array([low - 1.0])})
    with pytest.raises(UserError, match="not a finite"):
        model.check_overrides({name: np.array([np.inf])})


def test_scenario_runs_rows(tutorial: LoadedScenario) -> None:
    combos = [
        {"attacker": "steady-pressure", "defender": "hold-line"},
        {"attacker": "hold-line", "defender": "hold-line"},
    ]
    payload = sweep_payload(tutorial, "tutorial", strategies=combos, days=30)
    points = pd.DataFrame({"point": [4, 5, 6], "ru-troops": [90_000.0, 90_000.0, 120_000.0]})
    table = scenario_runs(payload, points, 3, 5).to_pandas()
    assert len(table) == 3 * 2 * 3
    assert list(table.columns[:4]) == ["point", "strategy.attacker", "strategy.defender", "run"]
    assert "objective_day.pokrovsk" in table and "param.ru-troops" in table
    assert table["point"].tolist() == [p for p in (4, 5, 6) for _ in range(6)]
    assert table["run"].tolist() == [0, 1, 2] * 6
    assert table["strategy.attacker"].tolist()[:6] == ["steady-pressure"] * 3 + ["hold-line"] * 3
    # points 4 and 5 fix the same value: common random numbers make their rows identical
    cols = [c for c in table.columns if c != "point"]
    a = table[table.point == 4][cols].reset_index(drop=True)
    b = table[table.point == 5][cols].reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b)
    assert set(table["param.ru-troops"]) == {90_000.0, 120_000.0}


def test_a_changed_scenario_is_refused(tutorial: LoadedScenario) -> None:
    payload = sweep_payload(tutorial, "tutorial", strategies=[STRATS], days=5)
    payload["scenario_sha256"] = "0" * 64
    points = pd.DataFrame({"point": [0], "ru-troops": [90_000.0]})
    with pytest.raises(UserError, match="has changed"):
        scenario_runs(payload, points, 1, 0)


def test_strategy_sets() -> None:
    assert parse_strategy_sets([]) == [{}]
    assert parse_strategy_sets(["defender=x", "attacker=a,b"]) == [
        {"attacker": "a", "defender": "x"},
        {"attacker": "b", "defender": "x"},
    ]
    for bad, msg in [
        (["attacker"], "expected SIDE=NAME"),
        (["navy=a"], "unknown side"),
        (["attacker=a", "attacker=b"], "twice"),
        (["attacker=a,a"], "listed twice"),
    ]:
        with pytest.raises(UserError, match=msg):
            parse_strategy_sets(bad)
