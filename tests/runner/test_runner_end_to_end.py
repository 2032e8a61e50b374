"""run_scenario end to end on the tutorial: chunk and worker invariance, files, KPIs, bands."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest

from clausewitz.engine.fast import simulate
from clausewitz.engine.outcomes import Recording
from clausewitz.errors import UserError
from clausewitz.runner import RunResult, run_scenario
from clausewitz.runner.chunks import ChunkRange
from clausewitz.runner.job import prepare_job
from clausewitz.scenario.loader import LoadedScenario
from clausewitz.stats.paired import mean_ci, proportion_ci
from clausewitz.store import query

# The engine's defaults (always available); the tutorial's own defaults (attrition,
# defend-in-depth) belong to the strategy library.
STRATEGIES = {"attacker": "steady-pressure", "defender": "hold-line"}

# 90 days: the advance law moves a few hundred metres a day, so the hub (about 6 km away)
# falls in some runs only after weeks
RUNS, DAYS = 1200, 90


def _files(result: RunResult) -> dict[str, bytes]:
    return {
        str(p.relative_to(result.out)): p.read_bytes()
        for p in sorted(result.out.glob("*/*.parquet"))
    }


@pytest.fixture(scope="module")
def base(tutorial: LoadedScenario, tmp_path_factory: pytest.TempPathFactory) -> RunResult:
    out = tmp_path_factory.mktemp("base") / "tut"
    return run_scenario(
        tutorial, runs=RUNS, seed=7, strategies=STRATEGIES, days=DAYS, chunk=1000, out=out
    )


def test_byte_identical_files_for_chunk_1000_and_333(
    base: RunResult, tutorial: LoadedScenario, tmp_path: Path
) -> None:
    other = run_scenario(
        tutorial, runs=RUNS, seed=7, strategies=STRATEGIES, days=DAYS, chunk=333,
        out=tmp_path / "tut",
    )  # fmt: skip
    assert _files(other) == _files(base)
    assert set(_files(base)) == {"runs/chunk-000000.parquet", "daily/chunk-000000.parquet"}
    assert other.summary == base.summary
    assert other.manifest["chunk"] == 333 and base.manifest["chunk"] == 1000


def test_same_files_with_two_workers(tutorial: LoadedScenario, tmp_path: Path) -> None:
    kw = {"runs": 90, "seed": 3, "strategies": STRATEGIES, "days": 8, "chunk": 30}
    one = run_scenario(tutorial, **kw, workers=1, out=tmp_path / "one")  # type: ignore[arg-type]
    two = run_scenario(tutorial, **kw, workers=2, out=tmp_path / "two")  # type: ignore[arg-type]
    assert _files(one) == _files(two)
    assert two.manifest["workers"] == 2


def test_per_run_table_layout_and_order(base: RunResult) -> None:
    table = pq.read_table(base.runs_files[0])
    assert table.num_rows == RUNS
    assert table.column("run").to_pylist() == list(range(RUNS))
    names = table.column_names
    for required in (
        "objective_day.pokrovsk", "objective_day.rodynske", "front_km.south",
        "front_km.north-east", "losses.attacker.killed", "losses.defender.missing",
        "attacker_losses", "defender_losses", "territory_km2", "ceasefire_day",
        "fiscal_crisis_day.attacker", "fiscal_crisis_day.defender", "param.ru-troops",
    ):  # fmt: skip
        assert required in names, required
    # constants are not written: only parameters that differ between runs
    params = [n for n in names if n.startswith("param.")]
    assert "param.missing-share" not in params
    for p in params:
        assert len(set(table.column(p).to_pylist())) > 1, p
    kinds = ("killed", "wounded", "missing")
    total = sum(table.column(f"losses.attacker.{k}").to_numpy() for k in kinds)
    assert np.array_equal(total, table.column("attacker_losses").to_numpy())
    day = table.column("objective_day.pokrovsk")
    assert day.null_count > 0  # in 90 days the hub does not always fall: null, not -1
    assert min(d for d in day.to_pylist() if d is not None) >= 0


def test_kpis_agree_with_the_written_runs(base: RunResult) -> None:
    df = pq.read_table(base.runs_files[0]).to_pandas()
    s = base.summary
    iv = {k: v.interval for k, v in s.items()}
    fell = df["objective_day.pokrovsk"].notna()
    ref = proportion_ci(fell.astype(float))
    assert (
        iv["objective_captured.pokrovsk"].estimate,
        iv["objective_captured.pokrovsk"].low,
    ) == (
        pytest.approx(ref.estimate),
        pytest.approx(ref.low),
    )
    day = mean_ci(df.loc[fell, "objective_day.pokrovsk"].astype(float))
    assert iv["objective_day.pokrovsk"].n == int(fell.sum())
    assert iv["objective_day.pokrovsk"].high == pytest.approx(day.high, rel=1e-9)
    losses = mean_ci(df["defender_losses"])
    assert iv["defender_losses"].estimate == pytest.approx(losses.estimate, rel=1e-12)
    assert iv["defender_losses"].low == pytest.approx(losses.low, rel=1e-9)
    assert iv["ceasefire"].estimate == 0.0  # the tutorial switches talks off


def test_manifest_and_store_view(base: RunResult) -> None:
    m = json.loads(base.manifest_file.read_text())
    for key in (
        "scenario", "scenario_sha256", "seed", "strategies", "runs", "days", "chunk", "workers",
        "version", "created", "kpis", "bands",
    ):  # fmt: skip
        assert key in m, key
    assert m["status"] == "complete" and m["scenario"] == "tutorial"
    assert m["strategies"] == STRATEGIES and m["runs"] == RUNS and m["days"] == DAYS
    assert len(m["scenario_sha256"]) == 64
    assert m["kpis"]["attacker_losses"]["ci"] == "student-t"
    rows = query(
        "SELECT count(*) AS n, avg(attacker_losses) AS a FROM runs", base.out.parent
    ).to_pylist()
    assert rows[0]["n"] == RUNS


def test_bands_match_the_recorded_daily_state(tutorial: LoadedScenario) -> None:
    job = prepare_job(tutorial, seed=5, strategies=STRATEGIES, days=6, runs=40, bins=2000)
    result = job.run_chunk(ChunkRange(0, 0, 40))
    plan, _ = job.plan(np.arange(40))
    rec = Recording(names=("front", "line", "supply", "reserve"))
    simulate(plan, 5, job.strategies, days=6, observer=rec)
    daily = rec.daily
    names = [v.name for v in job.band_variables]
    q = result.bands.quantiles([0.5])[:, :, 0]
    width = result.bands.width
    exact = {
        "forces.defender": daily["line"][:, :, 1, :].sum(axis=2),
        "reserves.attacker": daily["reserve"][:, :, 0],
        "front.south": daily["front"][:, :, 0],
        "supply.attacker.north-east": daily["supply"][:, :, 0, 1],
        "territory_km2": (daily["front"] * plan.theatre.frontage[None]).sum(axis=2),
    }
    for name, values in exact.items():
        v = names.index(name)
        for day in range(6):
            true = np.quantile(values[day], 0.5, method="inverted_cdf")
            assert abs(q[day, v] - true) <= width[v] * (1 + 1e-9), (name, day)
    assert result.bands.n[0, 0] == 40


def test_a_chunk_costs_the_same_whatever_the_total(tutorial: LoadedScenario) -> None:
    """Bounded memory by design: a chunk's result holds its own runs, and bands of fixed size,
    whether the job has a hundred runs or a million."""
    small = prepare_job(tutorial, seed=1, strategies=STRATEGIES, days=4, runs=100)
    huge = prepare_job(tutorial, seed=1, strategies=STRATEGIES, days=4, runs=1_000_000)
    a = small.run_chunk(ChunkRange(3, 90, 100))
    b = huge.run_chunk(ChunkRange(99_999, 90, 100))
    assert a.runs.num_rows == b.runs.num_rows == 10
    assert a.bands.nbytes == b.bands.nbytes
    assert a.runs.equals(b.runs)  # run i is run i, whatever job it belongs to


def test_invalid_requests(tutorial: LoadedScenario, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="--runs must be at least 1"):
        run_scenario(tutorial, runs=0, out=tmp_path / "x")
    with pytest.raises(UserError, match="--days"):
        run_scenario(tutorial, runs=5, days=0, out=tmp_path / "x")
    with pytest.raises(UserError, match="unknown strategy 'atrition'"):
        run_scenario(
            tutorial, runs=5, days=2, strategies={"attacker": "atrition"}, out=tmp_path / "x"
        )
    with pytest.raises(UserError, match="unknown side"):
        run_scenario(tutorial, runs=5, strategies={"navy": "x"}, out=tmp_path / "x")
