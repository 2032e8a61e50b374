"""The tornado: ends at p05/p95, common random numbers, the base equal to a plain run."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from sensitivity_helpers import STRATEGIES

from clausewitz.errors import UserError
from clausewitz.prepare.prepared import PreparedScenario
from clausewitz.runner.api import run_scenario
from clausewitz.scenario.loader import LoadedScenario
from clausewitz.sensitivity.kpis import per_run
from clausewitz.sensitivity.oat import TornadoRow, tornado

KPI = "attacker_losses"
RUNS = 24


@pytest.fixture(scope="module")
def rows_and_calls(loaded: LoadedScenario) -> tuple[list[TornadoRow], list[tuple[int, int]]]:
    calls: list[tuple[int, int]] = []
    rows = tornado(
        loaded,
        KPI,
        strategies=STRATEGIES,
        runs=RUNS,
        seed=5,
        days=50,
        progress=lambda done, total: calls.append((done, total)),
    )
    return rows, calls


def test_rows_cover_every_varying_parameter_sorted_by_swing(
    rows_and_calls: tuple[list[TornadoRow], list[tuple[int, int]]], loaded: LoadedScenario
) -> None:
    rows, calls = rows_and_calls
    model = PreparedScenario(loaded, seed=5, days=50)
    varying = [
        n
        for n, e in model.estimates.items()
        if model.table[n].used and e.interval90[1] > e.interval90[0]
    ]
    assert sorted(r.parameter for r in rows) == sorted(varying)
    assert "observed-rate" not in varying  # unused: never a tornado row
    swings = [r.swing for r in rows]
    assert swings == sorted(swings, reverse=True)
    assert swings[0] > 0
    for r in rows:
        est = model.estimates[r.parameter]
        assert (r.low_value, r.high_value) == pytest.approx(est.interval90)
        assert r.basis == est.basis and r.unit == est.unit
        assert r.swing == abs(r.kpi_high - r.kpi_low)
    assert calls[0] == (0, (2 * len(rows) + 1) * RUNS)
    assert calls[-1][0] == calls[-1][1]


def test_base_is_the_plain_run_and_ends_are_fixed_value_runs(
    rows_and_calls: tuple[list[TornadoRow], list[tuple[int, int]]],
    loaded: LoadedScenario,
    tmp_path: Path,
) -> None:
    rows, _ = rows_and_calls
    plain = run_scenario(
        loaded, runs=RUNS, seed=5, strategies=STRATEGIES, days=50, out=tmp_path / "r"
    )
    for r in rows:
        assert r.kpi_base == pytest.approx(plain.summary[KPI].interval.estimate, rel=1e-12)
    # an end computed on its own: the parameter fixed, everything else as in the plain run
    top = rows[0]
    model = PreparedScenario(loaded, seed=5, days=50)
    for value, kpi in ((top.low_value, top.kpi_low), (top.high_value, top.kpi_high)):
        outcomes, samples = model.simulate_points(
            {top.parameter: np.array([value])}, RUNS, STRATEGIES
        )
        assert np.all(samples[top.parameter] == value)
        assert per_run(outcomes, KPI).mean() == pytest.approx(kpi, rel=1e-12)


def test_tornado_on_chosen_parameters(loaded: LoadedScenario) -> None:
    rows = tornado(loaded, KPI, strategies=None, runs=4, seed=1, parameters=["ru-troops"], days=20)
    assert [r.parameter for r in rows] == ["ru-troops"]
    with pytest.raises(UserError, match="did you mean 'ru-troops'"):
        tornado(loaded, KPI, strategies=None, runs=4, seed=1, parameters=["ru-trops"], days=5)
    with pytest.raises(UserError, match="not used by the model"):
        tornado(loaded, KPI, strategies=None, runs=4, seed=1, parameters=["observed-rate"])
    with pytest.raises(UserError, match="does not vary"):
        tornado(loaded, KPI, strategies=None, runs=4, seed=1, parameters=["missing-share"])
    with pytest.raises(UserError, match=r"valid KPIs: .*territory_km2"):
        tornado(loaded, "losses", strategies=None, runs=4, seed=1)
