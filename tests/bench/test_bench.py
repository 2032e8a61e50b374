"""The benchmark's parts: the draw log and its replay, the report's targets, the streamed child,
and the ``bench`` command (tiny sizes: these test the measuring, not the speed)."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from clausewitz.bench import BenchOptions, run_bench
from clausewitz.bench.draw_log import SAMPLERS, record_draws
from clausewitz.bench.report import BenchReport, DrawStats, Timing, markdown, scaling_exponent
from clausewitz.bench.rng_floor import philox_seconds, replay, replay_seconds
from clausewitz.bench.stream import StreamResult, measure_stream
from clausewitz.bench.workload import THEATRE_SCENARIO, Workload
from clausewitz.cli.main import run
from clausewitz.engine import reference
from clausewitz.errors import UserError
from clausewitz.rng import streams

DAYS = 20


@pytest.fixture(scope="module")
def workload() -> Workload:
    return Workload("pokrovsk-2025", seed=11, days=DAYS)


def test_replay_draws_exactly_what_the_reference_engine_drew(workload: Workload) -> None:
    plan = workload.plan(3)
    log = record_draws(plan, workload.seed, workload.resolved_strategies, 2, DAYS)
    counts = log.counts()
    assert set(counts) == set(SAMPLERS)
    # the flagship draws losses, their split, observation and interdiction noise every day
    assert counts["negative_binomial"] > 0 and counts["binomial"] > counts["negative_binomial"]
    assert counts["lognormal"] > 0 and counts["bernoulli"] > 0
    # ... and the advance's daily factor (lognormal, stream ADVANCE) in every assaulting sector
    advance = {c[2] for c in log.coords if c[1] == int(streams.Process.ADVANCE) and c[4] == 0}
    assert advance, "the advance law draws its daily factor"
    assert log.run_days == 2 * DAYS
    assert {c[0] for c in log.coords} == {0, 1}
    assert {c[3] for c in log.coords} == set(range(DAYS))
    # the compiled replay gives back every value the reference engine got, bit for bit
    np.testing.assert_array_equal(replay(log), np.asarray(log.values))
    # rejection loops make some draws take more than one block
    assert log.philox_blocks > len(log)


def test_the_theatre_replays_exactly_too() -> None:
    """The whole front (reserves in transit, 12 sectors): the same draws, bit for bit."""
    theatre = Workload(THEATRE_SCENARIO, seed=11, days=5)
    plan = theatre.plan(2)
    assert plan.n_sectors == 12 and plan.forces.transit_days.max() > 0
    log = record_draws(plan, theatre.seed, theatre.resolved_strategies, 1, 5)
    assert log.run_days == 5
    np.testing.assert_array_equal(replay(log), np.asarray(log.values))


def test_recording_leaves_the_reference_engine_as_it_was(workload: Workload) -> None:
    plan = workload.plan(1)
    before = streams.philox4x32
    record_draws(plan, workload.seed, workload.resolved_strategies, 1, 3)
    assert streams.philox4x32 is before
    from clausewitz.engine.reference import attrition

    assert attrition.negative_binomial.__module__ == "clausewitz.rng.samplers"
    # and the trajectory is the one the unrecorded engine computes
    a = reference.simulate_run(plan, 0, workload.seed, workload.resolved_strategies, days=3)
    log = record_draws(plan, workload.seed, workload.resolved_strategies, 1, 3)
    assert len(log) > 0
    b = reference.simulate_run(plan, 0, workload.seed, workload.resolved_strategies, days=3)
    np.testing.assert_array_equal(a.outcomes.losses, b.outcomes.losses)


def test_floor_timings_are_positive_and_finite(workload: Workload) -> None:
    log = record_draws(workload.plan(1), workload.seed, workload.resolved_strategies, 1, 5)
    for seconds in (replay_seconds(log, repeats=2), philox_seconds(1000, 3, repeats=2)):
        assert 0.0 < seconds < 10.0


def _stream(runs: int, cpu: float, rss: float = 300.0, days: int = 365) -> StreamResult:
    return StreamResult(runs, days, 10_000, 1, cpu * 1.1, cpu, "x", rss, rss)


def _report(streams: list[StreamResult], fast_s: float = 1.0, ref_s: float = 5.0) -> BenchReport:
    fast = Timing(runs=1000, days=365, sectors=4, seconds=fast_s)
    ref = Timing(runs=2, days=365, sectors=4, seconds=ref_s)
    floor = Timing(runs=2, days=365, sectors=4, seconds=0.001)
    draws = DrawStats(floor, draws=30_000, by_sampler={}, philox_blocks=60_000, philox_seconds=2e-4)
    return BenchReport("pokrovsk-2025", "x", 1, {}, 365, 4, fast, ref, draws, streams, {}, "0", [])


def test_report_ratios_are_per_sector_day() -> None:
    r = _report([])
    # fast: 1 s for 1000 runs; reference: 5 s for 2 runs -> 2500 times slower per sector-day
    assert r.ratio_vs_reference == pytest.approx(2500.0)
    # floor: 1 ms for 2 runs -> 0.5 ms per run against the engine's 1 ms per run
    assert r.ratio_vs_rng_floor == pytest.approx(2.0)
    assert r.sector_days_per_s == pytest.approx(1000 * 365 * 4)
    t = r.targets()
    assert t["ratio_vs_reference"]["met"] and t["ratio_vs_rng_floor"]["met"]
    assert t["peak_rss_mb"]["met"] is None and t["scaling"]["met"] is None
    assert r.to_dict()["peak_rss_mb"] is None


def test_memory_target_needs_a_million_runs_of_365_days() -> None:
    small = _report([_stream(10_000, 10.0), _stream(100_000, 100.0, rss=3000.0)])
    assert small.targets()["peak_rss_mb"]["met"] is None
    assert small.peak_rss_mb == 3000.0
    big = _report([_stream(1_000_000, 1000.0, rss=900.0), _stream(10_000, 10.0)])
    assert big.targets()["peak_rss_mb"]["met"] is True
    too_big = _report([_stream(1_000_000, 1000.0, rss=2100.0)])
    assert too_big.targets()["peak_rss_mb"]["met"] is False


def test_scaling_exponent_of_linear_and_quadratic_costs() -> None:
    linear = [_stream(n, n * 1e-3) for n in (10_000, 100_000, 1_000_000)]
    assert scaling_exponent(linear) == pytest.approx(1.0)
    quadratic = [_stream(n, (n / 1e4) ** 2) for n in (10_000, 100_000)]
    assert scaling_exponent(quadratic) == pytest.approx(2.0)
    assert scaling_exponent(linear[:1]) is None
    r = _report(linear)
    assert r.targets()["scaling"]["met"] is True
    assert r.scaling == {"10000": 11.0, "100000": 110.0, "1000000": 1100.0}
    assert _report(quadratic).targets()["scaling"]["met"] is False
    assert "| `ratio_vs_rng_floor` | 2.00 | <= 3 | met |" in markdown(r)


@pytest.mark.slow
def test_streamed_child_reports_time_and_memory() -> None:
    seen: list[tuple[int, int]] = []
    result = measure_stream(
        scenario="pokrovsk-2025",
        seed=2,
        strategies=["attacker=steady-pressure", "defender=hold-line"],
        runs=25,
        days=4,
        chunk=10,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert seen[0] == (0, 25) and seen[-1] == (25, 25) and len(seen) == 4
    assert result.seconds > 0 and result.cpu_seconds > 0
    # a Python process with NumPy, Numba and Arrow loaded: well above 50 MiB, far below 4 GiB
    assert 50.0 < result.peak_rss_mb < 4096.0
    # sampled while it ran, so at most the exact peak (plus what sampling rounding allows)
    assert 0.0 < result.peak_tree_rss_mb <= result.peak_rss_mb * 1.05
    assert result.scenario_sha256 == Workload("pokrovsk-2025").loaded.sha256


def test_run_bench_in_a_notebook() -> None:
    stages: list[str] = []
    options = BenchOptions(days=3, runs=30, reference_runs=1, scaling=(), repeats=1)
    report = run_bench(options, lambda stage, done, total: stages.append(stage))
    d = report.to_dict()
    assert {"sector_days_per_s", "ratio_vs_reference", "ratio_vs_rng_floor"} <= set(d)
    assert d["scaling"] == {} and d["peak_rss_mb"] is None
    assert report.fast.runs == 30 and report.reference.runs == 1 and report.days == 3
    assert d["workload"]["strategies"] == {"attacker": "steady-pressure", "defender": "hold-line"}
    assert math.isfinite(d["ratio_vs_rng_floor"]) and d["ratio_vs_rng_floor"] > 0
    assert d["details"]["rng_floor"]["draws"] > 0
    assert {"fast engine", "reference engine", "RNG floor"} <= set(stages)


def test_bench_command_json(capsys: pytest.CaptureFixture[str]) -> None:
    # no streamed sizes here: the child process is tested above, once
    argv = ["bench", "--json", "--days", "3", "--runs", "20", "--reference-runs", "1"]
    code = run([*argv, "--scaling", "", "--strategy", "defender=hold-line"])
    assert code == 0
    d = json.loads(capsys.readouterr().out)
    for key in ("sector_days_per_s", "ratio_vs_reference", "ratio_vs_rng_floor"):
        assert d[key] > 0
    assert d["scaling"] == {} and d["peak_rss_mb"] is None
    assert d["targets"]["peak_rss_mb"]["met"] is None
    assert d["workload"]["days"] == 3 and d["details"]["fast"]["runs"] == 20
    assert d["machine"]["cores"] >= 1 and d["machine"]["numba"]


def test_bench_command_measures_the_theatre(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["bench", "--theatre", "--json", "--days", "2", "--runs", "4", "--reference-runs", "1"]
    assert run([*argv, "--scaling", ""]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["workload"]["scenario"] == THEATRE_SCENARIO and d["workload"]["sectors"] == 12


@pytest.mark.parametrize(
    "args",
    [
        ["--scaling", "ten"],
        ["--reference-runs", "0"],
        ["--runs", "2", "--reference-runs", "3"],
        ["--strategy", "attacker=no-such-strategy"],
        ["--strategy", "nobody=hold-line"],
        ["--days", "0"],
    ],
)
def test_bench_command_rejects_bad_options(
    args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["bench", "--scaling", "", *args]) == 2
    assert "error" in capsys.readouterr().err


def test_options_check() -> None:
    with pytest.raises(UserError):
        BenchOptions(scaling=(0,)).check()
    assert BenchOptions.quick().runs < BenchOptions().runs
