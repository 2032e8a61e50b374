"""Results replace old ones only when complete; a killed comparison resumes to the same
results; a truncated chunk is redone; the API checks its arguments (issue cases 2, 3, 10)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from clausewitz.compare import Arm, compare_arms, experiment
from clausewitz.errors import UserError
from clausewitz.runner import api
from clausewitz.runner.api import run_scenario
from clausewitz.scenario.loader import LoadedScenario, load_scenario
from clausewitz.store import ExperimentWriter, query
from clausewitz.store.staging import StagedExperiment
from clausewitz.sweep.design import Range, make_design
from clausewitz.sweep.execute import SweepSpec, run_sweep


@pytest.fixture(scope="module")
def tutorial() -> LoadedScenario:
    return load_scenario("tutorial")


def test_a_failed_overwrite_keeps_the_old_results(
    tutorial: LoadedScenario, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "r"
    run_scenario(tutorial, runs=30, days=4, seed=1, out=out)
    before = {p.name: p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    real = api.execute_chunks

    def failing(*args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        yield from list(real(*args, **kwargs))[:1]  # type: ignore[arg-type]
        raise MemoryError("the new run fails half-way")

    monkeypatch.setattr(api, "execute_chunks", failing)
    with pytest.raises(MemoryError):
        run_scenario(tutorial, runs=60, days=4, seed=2, chunk=20, out=out, overwrite=True)
    after = {p.name: p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    assert after == before
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["status"] == "complete" and manifest["runs"] == 30
    assert query("SELECT count(*) AS n FROM runs", out).to_pylist() == [{"n": 30}]
    # the failed writer cleaned up after itself (only the lock file stays, unlocked)
    assert not (tmp_path / ".r.partial").exists() and not (tmp_path / ".r.replaced").exists()


def test_a_successful_overwrite_replaces_them(tutorial: LoadedScenario, tmp_path: Path) -> None:
    out = tmp_path / "r"
    run_scenario(tutorial, runs=30, days=4, seed=1, out=out)
    result = run_scenario(tutorial, runs=40, days=4, seed=2, out=out, overwrite=True)
    assert result.out == out.absolute() and result.manifest_file.is_file()
    assert all(p.is_file() for p in result.runs_files)
    assert query("SELECT count(*) AS n FROM runs", out).to_pylist() == [{"n": 40}]


def test_a_crash_between_the_two_renames_is_repaired(tmp_path: Path) -> None:
    folder = tmp_path / "exp"
    old = tmp_path / ".exp.replaced"
    ExperimentWriter(tmp_path, "x", root=old).write_manifest({"status": "complete"})
    StagedExperiment(folder)  # the next writer finds the old results put aside: restores them
    assert (folder / "manifest.json").is_file() and not old.exists()


def test_a_killed_comparison_resumes_to_the_same_results(
    tutorial: LoadedScenario, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    arms = [Arm(n, {"attacker": n}) for n in ("attrition", "decisive")]
    kw = {"runs": 90, "seed": 4, "days": 6, "chunk": 30}
    fresh = compare_arms(tutorial, arms, **kw)  # type: ignore[arg-type]

    staged = StagedExperiment(tmp_path / "c")
    real = experiment.execute_chunks
    calls = {"n": 0}

    def dies_after_two_chunks(*args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        for res in real(*args, **kwargs):  # type: ignore[arg-type]
            if calls["n"] == 2:
                raise KeyboardInterrupt  # as good as a SIGKILL for what is on disk
            calls["n"] += 1
            yield res

    monkeypatch.setattr(experiment, "execute_chunks", dies_after_two_chunks)
    with pytest.raises(KeyboardInterrupt):
        compare_arms(tutorial, arms, store=staged.writer(fresh=False), **kw)  # type: ignore[arg-type]
    monkeypatch.setattr(experiment, "execute_chunks", real)
    done = ExperimentWriter(tmp_path, "c", root=staged.partial).done_chunks("runs")
    assert done == {0, 1}

    simulated: list[int] = []

    def counting(job, chunks, workers=1):  # type: ignore[no-untyped-def]
        simulated.extend(c.index for c in chunks)
        yield from real(job, chunks, workers)

    monkeypatch.setattr(experiment, "execute_chunks", counting)
    resumed = compare_arms(tutorial, arms, store=staged.writer(fresh=False), **kw)  # type: ignore[arg-type]
    assert sorted(simulated) == [2, 3, 4, 5]  # the two finished chunks were read back
    for a, b in zip(fresh.arms, resumed.arms, strict=True):
        assert a.table.equals(b.table)
        assert a.bands is not None and b.bands is not None
        assert np.array_equal(a.bands.counts, b.bands.counts)


def test_a_truncated_sweep_chunk_is_redone_on_resume(tmp_path: Path) -> None:
    ranges = [Range(f"x{i}", -3.0, 3.0) for i in (1, 2, 3)]
    design = make_design(ranges, "sobol", points=8)
    spec = SweepSpec(
        "s", "clausewitz.sweep.testfunctions:ishigami_runs", design, 2, seed=9, chunk_points=2
    )
    run_sweep(spec, tmp_path, scheduler="synchronous")
    chunk = tmp_path / "s" / "runs" / "chunk-000001.parquet"
    whole = chunk.read_bytes()
    chunk.write_bytes(whole[: len(whole) // 2])
    writer = ExperimentWriter(tmp_path, "s")
    assert 1 not in writer.done_chunks("runs")
    result = run_sweep(spec, tmp_path, scheduler="synchronous", resume=True)
    assert result.chunks_run == 1 and chunk.read_bytes() == whole


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"seed": 1.5}, "seed"),
        ({"seed": True}, "seed"),
        ({"runs": 10.0}, "runs"),
        ({"runs": "10"}, "runs"),
        ({"days": 2.5}, "days"),
        ({"chunk": None}, "chunk"),
        ({"workers": 1.0}, "workers"),
        ({"strategies": ["attrition"]}, "strategies"),
    ],
)
def test_the_api_checks_argument_types(
    tutorial: LoadedScenario, tmp_path: Path, kwargs: dict[str, object], name: str
) -> None:
    args: dict[str, object] = {"runs": 5, "days": 2, "out": tmp_path / "o", **kwargs}
    with pytest.raises((UserError, TypeError), match=name) as info:
        run_scenario(tutorial, **args)  # type: ignore[arg-type]
    assert isinstance(info.value, TypeError) and isinstance(info.value, UserError)
    assert not (tmp_path / "o").exists()
