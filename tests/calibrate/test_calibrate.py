"""A calibration end to end on the tutorial and a synthetic record (tiny budgets): the files it
writes check and carry the trace, a resumed calibration ends where one in a single go does, and
on a synthetic case the posterior covers the parameters that made the data."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from calibrate_support import located_tutorial_file, synthetic_record

from clausewitz.calibrate.api import CalibrationResult, prepare_calibration, run_calibration
from clausewitz.calibrate.evaluate import simulate_summaries
from clausewitz.calibrate.hindcast import Target
from clausewitz.calibrate.posterior import TABLE, posterior_draws
from clausewitz.calibrate.settings import POSTERIOR_DRAWS, CalibrationSettings
from clausewitz.calibrate.waves import WAVES_FOLDER, history_match, systematic_resample
from clausewitz.errors import UserError
from clausewitz.evidence import estimate_all
from clausewitz.evidence.distributions import Empirical
from clausewitz.prepare.prepared import PreparedScenario
from clausewitz.scenario.loader import check_scenario, load_scenario
from clausewitz.scenario.parameters import collect_parameters

TINY = CalibrationSettings(waves=2, points=6, runs=8, seed=3, chunk_points=2)
PARAMS = ["advance-base-km-per-day", "attrition-rate-assault"]


@pytest.fixture(scope="module")
def calibrated(tmp_path_factory: pytest.TempPathFactory) -> tuple[CalibrationResult, Path]:
    base = tmp_path_factory.mktemp("cal")
    scenario = located_tutorial_file(base)
    record = synthetic_record(base / "truth")
    result = run_calibration(scenario, out=base / "out", params=PARAMS, settings=TINY, truth=record)
    return result, scenario


def test_posterior_file_round_trips_through_check(
    calibrated: tuple[CalibrationResult, Path],
) -> None:
    result, _ = calibrated
    checked = check_scenario(result.scenario_file)
    assert checked.loaded is not None, [str(e) for e in checked.errors]
    loaded = checked.loaded
    assert loaded.scenario.meta.name == "tutorial-calibrated"
    table = collect_parameters(loaded)
    estimates = estimate_all(loaded)
    for f in result.fitted:
        p = table[f.name].parameter
        assert p.basis == "calibrated"
        assert p.calibration is not None
        assert p.calibration.window_end == result.hindcast.window.end
        assert p.calibration.window_end < loaded.scenario.meta.knowledge_date
        assert p.calibration.settings["runs"] == TINY.runs
        assert p.calibration.scenario_sha256 == result.loaded.sha256
        assert "2025-04-14 to 2025-06-30" in estimates[f.name].calibration
        lo, hi = estimates[f.name].distribution.support
        assert lo == pytest.approx(f.low, rel=1e-5) and hi == pytest.approx(f.high, rel=1e-5)
        assert lo <= f.q50 <= hi
        dist = estimates[f.name].distribution
        assert isinstance(dist, Empirical) and (dist.table, dist.column) == (TABLE, f.name)
        assert "posterior 90%" in p.rationale and "prior [" in p.rationale
    # the posterior is one table of joint draws, in the draws' order, with the trace
    draws = loaded.scenario.draws[TABLE]
    assert draws.columns == PARAMS and len(draws.rows) == POSTERIOR_DRAWS
    assert draws.calibration is not None and draws.calibration.settings["seed"] == TINY.seed
    expected = posterior_draws(result.priors, result.match.posterior_u)
    np.testing.assert_allclose(np.array(draws.rows), expected, rtol=1e-5)
    # a run of the calibrated scenario takes one whole posterior draw
    samples = PreparedScenario(loaded, seed=2).base_samples(64)
    rows = {tuple(r) for r in draws.rows}
    assert all(tuple(samples[n][i] for n in PARAMS) in rows for i in range(64))
    summary = json.loads((result.folder / "calibration.json").read_text(encoding="utf-8"))
    assert summary["window"] == ["2025-04-14", "2025-06-30"]
    assert [p["name"] for p in summary["parameters"]] == PARAMS


def test_resume_ends_where_one_go_does(
    calibrated: tuple[CalibrationResult, Path], tmp_path: Path
) -> None:
    result, scenario = calibrated
    record = synthetic_record(tmp_path / "truth")
    killed = tmp_path / "killed"
    shutil.copytree(result.folder, killed)
    # as if killed during wave 2: one of its chunks missing, nothing written after it
    wave2 = killed / WAVES_FOLDER / "wave-2"
    chunks = sorted((wave2 / "runs").glob("chunk-*.parquet"))
    assert len(chunks) == 3
    chunks[1].unlink()
    for name in ("calibrated.yaml", "calibration.json"):
        (killed / name).unlink()
    shutil.rmtree(killed / "scenario")
    with pytest.raises(UserError, match="--resume"):
        run_calibration(scenario, out=killed, params=PARAMS, settings=TINY, truth=record)
    again = run_calibration(
        scenario, out=killed, params=PARAMS, settings=TINY, truth=record, resume=True
    )
    np.testing.assert_array_equal(again.match.posterior_u, result.match.posterior_u)
    for a, b in zip(again.match.waves, result.match.waves, strict=True):
        np.testing.assert_array_equal(a.means, b.means)
    assert (killed / "calibrated.yaml").read_text() == result.parameters_file.read_text()


def test_a_rerun_writes_the_same_bytes(
    calibrated: tuple[CalibrationResult, Path], tmp_path: Path
) -> None:
    result, scenario = calibrated
    record = synthetic_record(tmp_path / "truth")
    again = run_calibration(
        scenario, out=tmp_path / "again", params=PARAMS, settings=TINY, truth=record
    )
    assert again.parameters_file.read_bytes() == result.parameters_file.read_bytes()
    copy = again.scenario_file.parent / "calibrated.yaml"
    assert copy.read_bytes() == result.parameters_file.read_bytes()


def test_calibrating_other_parameters_of_a_calibrated_scenario_adds_a_second_table(
    calibrated: tuple[CalibrationResult, Path], tmp_path: Path
) -> None:
    result, _ = calibrated
    record = synthetic_record(tmp_path / "truth")
    tiny = CalibrationSettings(waves=1, points=4, runs=4, seed=3, chunk_points=2)
    again = run_calibration(
        result.scenario_file, out=tmp_path / "more", params=["kill-zone-strength"],
        settings=tiny, truth=record,
    )  # fmt: skip
    loaded = load_scenario(again.scenario_file)
    assert set(loaded.scenario.draws) == {TABLE, f"{TABLE}-2"}
    assert loaded.scenario.draws[f"{TABLE}-2"].columns == ["kill-zone-strength"]
    estimates = estimate_all(loaded)
    kill_zone = estimates["kill-zone-strength"].distribution
    assert isinstance(kill_zone, Empirical) and kill_zone.table == f"{TABLE}-2"
    first = estimates[PARAMS[0]].distribution
    assert isinstance(first, Empirical) and first.table == TABLE


def test_systematic_resampling_keeps_the_weights() -> None:
    rng = np.random.default_rng(0)
    for _ in range(50):
        k = int(rng.integers(1, 40))
        w = rng.dirichlet(np.full(k, 0.3))
        n = int(rng.integers(1, 2000))
        idx = systematic_resample(w, n, np.random.default_rng(7))
        assert idx.size == n and np.all(np.diff(idx) >= 0)
        counts = np.bincount(idx, minlength=k)
        # each index drawn floor(n w) or ceil(n w) times (up to rounding of the cumulative sum)
        assert np.all(np.abs(counts - n * w) < 1.0 + 1e-9), (counts, n * w)
        again = systematic_resample(w, n, np.random.default_rng(7))
        np.testing.assert_array_equal(idx, again)


def test_synthetic_case_posterior_covers_the_truth(tmp_path: Path) -> None:
    """Targets made by the hindcast itself at known rates: the posterior must cover them and
    rule out part of the prior."""
    scenario = located_tutorial_file(tmp_path)
    settings = CalibrationSettings(waves=3, points=10, runs=16, seed=5)
    setup = prepare_calibration(
        scenario, params=PARAMS, settings=settings, truth=synthetic_record(tmp_path / "t")
    )
    h = setup.hindcast
    true_u = np.array([[0.3, 0.7]])
    truth = setup.priors.values(true_u)
    model = PreparedScenario(load_scenario(scenario), seed=11, days=h.window.days)
    overrides = {n: truth[n].to_numpy() for n in PARAMS}
    made, _, _ = simulate_summaries(model, h.payload(), overrides, 64)
    h.targets = [
        Target(t.name, t.kind, float(made[0, k]), t.sd, t.per_run) for k, t in enumerate(h.targets)
    ]
    match = history_match(h, setup.priors, settings, tmp_path / "out")
    post = match.posterior_u
    assert not match.fallback
    assert 0.0 < match.non_implausible_share <= 1.0
    # the truth sits inside the posterior's cloud, not at its edge: within its 2.5-97.5%
    lo, hi = np.quantile(post, [0.025, 0.975], axis=0)
    assert np.all(lo <= true_u[0]) and np.all(true_u[0] <= hi), (lo, hi)
    # and the record says something: some parameter's 95% interval is well inside the prior's
    assert np.min(hi - lo) < 0.8, (lo, hi)


def test_dask_workers_give_the_same_posterior(tmp_path: Path) -> None:
    scenario = located_tutorial_file(tmp_path)
    record = synthetic_record(tmp_path / "truth")
    small = CalibrationSettings(waves=2, points=4, runs=4, seed=8, chunk_points=2)
    one = run_calibration(
        scenario, out=tmp_path / "one", params=PARAMS, settings=small, truth=record
    )
    two = run_calibration(
        scenario, out=tmp_path / "two", params=PARAMS, settings=small, truth=record, workers=2
    )
    np.testing.assert_array_equal(one.match.posterior_u, two.match.posterior_u)
    assert one.parameters_file.read_text() == two.parameters_file.read_text()
