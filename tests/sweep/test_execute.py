"""Sweeps on Dask: identical results for any workers, a real scheduler, SIGKILL and resume."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest

from clausewitz.errors import UserError
from clausewitz.store import query
from clausewitz.sweep.design import Range, make_design
from clausewitz.sweep.execute import SweepSpec, run_sweep

EVAL = "clausewitz.sweep.testfunctions:ishigami_runs"
PI = float(np.pi)


def _spec(name: str, points: int = 12, sleep: float = 0.0) -> SweepSpec:
    design = make_design(
        [Range("x1", -PI, PI), Range("x2", -PI, PI), Range("x3", -PI, PI)],
        "sobol",
        points=points,
        seed=5,
    )
    payload = {"sleep": sleep} if sleep else {}
    # The sleep only slows the chunks down so the test can kill mid-sweep; results ignore it.
    return SweepSpec(name, EVAL, design, runs_per_point=3, seed=9, chunk_points=2, payload=payload)


def _chunks(root: Path, name: str) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((root / name / "runs").glob("chunk-*"))}


@pytest.mark.slow
def test_same_files_in_process_and_on_two_workers(tmp_path: Path) -> None:
    a = run_sweep(_spec("s"), tmp_path / "one", scheduler="synchronous")
    b = run_sweep(_spec("s"), tmp_path / "two", workers=2)
    assert a.chunks_total == b.chunks_total == 6
    assert _chunks(tmp_path / "one", "s") == _chunks(tmp_path / "two", "s")
    n = query("SELECT count(*) AS n, count(DISTINCT point) AS p FROM runs", tmp_path / "two")
    assert n.to_pylist() == [{"n": 36, "p": 12}]


def test_existing_experiment_needs_resume_and_same_settings(tmp_path: Path) -> None:
    (tmp_path / "s").mkdir()
    (tmp_path / "s" / "manifest.json").write_text('{"fingerprint": "other"}')
    with pytest.raises(UserError, match="already exists"):
        run_sweep(_spec("s"), tmp_path)
    with pytest.raises(UserError, match="other settings"):
        run_sweep(_spec("s"), tmp_path, resume=True)
    with pytest.raises(UserError, match="nothing to resume"):
        run_sweep(_spec("t"), tmp_path, resume=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def dask_processes(tmp_path: Path) -> Iterator[str]:
    """A Dask scheduler and one worker started as separate processes, as on a real cluster."""
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    bindir = Path(sys.executable).parent
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    sched = subprocess.Popen(
        [
            str(bindir / "dask"),
            "scheduler",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-dashboard",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
        start_new_session=True,
    )
    worker = subprocess.Popen(
        [
            str(bindir / "dask"),
            "worker",
            address,
            "--nworkers",
            "1",
            "--nthreads",
            "1",
            "--no-dashboard",
            "--local-directory",
            str(tmp_path / "dask-worker"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
        start_new_session=True,
    )
    try:
        from distributed import Client

        deadline = time.monotonic() + 60
        while True:
            try:
                with Client(address, timeout="2s") as c:
                    if c.scheduler_info()["workers"]:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("dask scheduler/worker did not come up")
            time.sleep(0.5)
        yield address
    finally:
        for p in (worker, sched):
            os.killpg(p.pid, signal.SIGTERM)
        for p in (worker, sched):
            p.wait(timeout=30)


@pytest.mark.slow
def test_runs_on_a_separately_started_scheduler(tmp_path: Path, dask_processes: str) -> None:
    run_sweep(_spec("s"), tmp_path / "cluster", scheduler=dask_processes)
    run_sweep(_spec("s"), tmp_path / "local", scheduler="synchronous")
    assert _chunks(tmp_path / "cluster", "s") == _chunks(tmp_path / "local", "s")


_KILLABLE = """
import sys
from pathlib import Path
sys.path.insert(0, {tests!r})
from test_execute import _spec
from clausewitz.sweep.execute import run_sweep
run_sweep(_spec("s", points=40, sleep=0.25), Path({root!r}), workers=1)
"""


@pytest.mark.slow
def test_sigkill_then_resume_matches_uninterrupted(tmp_path: Path) -> None:
    killed = tmp_path / "killed"
    code = _KILLABLE.format(tests=str(Path(__file__).parent), root=str(killed))
    proc = subprocess.Popen([sys.executable, "-c", code], start_new_session=True)
    runs = killed / "s" / "runs"
    deadline = time.monotonic() + 120
    while len(list(runs.glob("chunk-*.parquet"))) < 6:
        assert proc.poll() is None, "sweep ended before it could be killed"
        assert time.monotonic() < deadline, "sweep made no progress"
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)  # the driver and its Dask workers, mid-write
    proc.wait()
    partial = len(list(runs.glob("chunk-*.parquet")))
    assert 6 <= partial < 20
    res = run_sweep(_spec("s", points=40, sleep=0.25), killed, workers=2, resume=True)
    assert not list(runs.glob(".chunk-*"))
    assert res.chunks_skipped == partial and res.chunks_run == 20 - partial
    run_sweep(_spec("s", points=40), tmp_path / "whole", scheduler="synchronous")
    assert _chunks(killed, "s") == _chunks(tmp_path / "whole", "s")
    table = pq.read_table(runs).to_pandas()
    assert len(table) == 120 and not table.duplicated(["point", "run"]).any()
