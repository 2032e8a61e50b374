"""Sobol and Morris over a scenario's parameters, through the code path the Ishigami check uses."""

from __future__ import annotations

import numpy as np
import pytest
from SALib.sample import sobol as sobol_sample
from sensitivity_helpers import STRATEGIES

from clausewitz.errors import UserError
from clausewitz.prepare.prepared import PreparedScenario
from clausewitz.scenario.loader import LoadedScenario
from clausewitz.sensitivity.factors import uncertainty
from clausewitz.sensitivity.global_run import GlobalResult, global_sensitivity
from clausewitz.sensitivity.kpis import per_run, point_means
from clausewitz.stats.global_sensitivity import to_factor_space

PARAMS = ["ru-troops", "ua-troops"]


@pytest.fixture(scope="module")
def result(loaded: LoadedScenario) -> GlobalResult:
    return global_sensitivity(
        loaded,
        "attacker_losses",
        parameters=PARAMS,
        strategies=STRATEGIES,
        runs=4,
        seed=2,
        days=40,
        samples=16,
    )


def test_sobol_design_is_the_scenario_at_its_factor_quantiles(
    result: GlobalResult, loaded: LoadedScenario
) -> None:
    assert result.points == 16 * (len(PARAMS) + 2) and result.sobol is not None
    assert result.sobol.n_evaluations == result.points
    # the same design evaluated by hand: SALib's points mapped through the parameters' own
    # inverse CDFs, the scenario run on the same 4 runs at each
    model = PreparedScenario(loaded, seed=2, days=40)
    problem = {"num_vars": 2, "names": PARAMS, "bounds": [[0.0, 1.0]] * 2}
    unit = sobol_sample.sample(problem, 16, calc_second_order=False, seed=2)
    x = to_factor_space(unit, [uncertainty(model, n) for n in PARAMS])
    outcomes, _ = model.simulate_points({n: x[:, j] for j, n in enumerate(PARAMS)}, 4, STRATEGIES)
    y = point_means(per_run(outcomes, "attacker_losses"), len(x))
    assert result.kpi_mean == pytest.approx(float(y.mean()), rel=1e-12)
    assert result.kpi_std == pytest.approx(float(y.std()), rel=1e-12)
    assert result.kpi_std > 0
    recs = result.records()
    assert [r["ST"] for r in recs] == sorted((r["ST"] for r in recs), reverse=True)
    assert {r["parameter"] for r in recs} == set(PARAMS)
    assert all(np.isfinite(float(r["S1_conf"])) for r in recs)


def test_same_seed_same_indices(result: GlobalResult, loaded: LoadedScenario) -> None:
    again = global_sensitivity(
        loaded,
        "attacker_losses",
        parameters=PARAMS,
        strategies=STRATEGIES,
        runs=4,
        seed=2,
        days=40,
        samples=16,
    )
    assert again.sobol is not None and result.sobol is not None
    assert np.array_equal(again.sobol.st, result.sobol.st)


def test_morris_and_censored_points(loaded: LoadedScenario) -> None:
    res = global_sensitivity(
        loaded,
        "objective_day.pokrovsk",
        method="morris",
        parameters=PARAMS,
        strategies=STRATEGIES,
        runs=2,
        seed=1,
        days=1,
        samples=3,
    )
    assert res.morris is not None and res.points == 3 * 3
    # in one day nothing falls: every point is censored at the horizon, nothing varies
    assert res.censored_points == res.points and res.kpi_mean == 1.0
    assert any("count as the horizon" in n for n in res.notes)
    assert np.all(res.morris.mu_star == 0.0)


def test_bad_settings_are_user_errors(loaded: LoadedScenario) -> None:
    with pytest.raises(UserError, match="power of two"):
        global_sensitivity(loaded, "ceasefire", parameters=PARAMS, samples=12, days=2)
    with pytest.raises(UserError, match="unknown method"):
        global_sensitivity(loaded, "ceasefire", method="fast", days=2)  # type: ignore[arg-type]
    with pytest.raises(UserError, match="unknown KPI 'cease'"):
        global_sensitivity(loaded, "cease", days=2)
