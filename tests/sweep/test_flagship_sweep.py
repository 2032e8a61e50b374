"""The flagship on a Dask cluster of separate processes: SIGKILL half way, resume, same result.

A 3-parameter grid of 100 points of ``pokrovsk-2025`` (a short horizon keeps it fast; the
machinery does not depend on it) runs through ``clausewitz sweep`` against a scheduler and
workers started as their own processes, as on a real cluster. The driver is killed with
SIGKILL mid-sweep and finished with ``--resume EXPERIMENT``; every chunk must then be
byte-identical to an uninterrupted sweep run in one process.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from clausewitz.cli.main import run
from clausewitz.store import query

EXPERIMENT = "flagship-grid"
SWEEP = [
    "sweep",
    "pokrovsk-2025",
    "--vary",
    "ru-pokrovsk-grouping-troops=70000:150000:5",
    "--vary",
    "ua-pokrovsk-defence-troops=40000:65000:5",
    "--vary",
    "theatre.sectors.pokrovsk.belts.agglomeration.fortification=1.5:2.8:4",
    "--runs-per-point",
    "2",
    "--days",
    "30",
    "--chunk-points",
    "2",
    "--seed",
    "3",
]
CHUNKS = 50


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start(args: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        args,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
        start_new_session=True,
    )


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[str]:
    """``dask scheduler`` and ``dask worker --nworkers 2`` as separate processes."""
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    dask = str(Path(sys.executable).parent / "dask")
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    sched = _start(
        [dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"], env
    )
    worker = _start(
        [
            dask,
            "worker",
            address,
            "--nworkers",
            "2",
            "--nthreads",
            "1",
            "--no-dashboard",
            "--local-directory",
            str(tmp_path / "dask-worker"),
        ],
        env,
    )
    try:
        from distributed import Client

        deadline = time.monotonic() + 60
        while True:
            try:
                with Client(address, timeout="2s") as c:
                    if len(c.scheduler_info()["workers"]) == 2:
                        break
            except OSError:
                pass
            assert time.monotonic() < deadline, "dask scheduler/workers did not come up"
            time.sleep(0.5)
        yield address
    finally:
        for p in (worker, sched):
            os.killpg(p.pid, signal.SIGTERM)
        for p in (worker, sched):
            p.wait(timeout=30)


def _chunks(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((root / EXPERIMENT / "runs").glob("chunk-*"))}


@pytest.mark.slow
def test_flagship_sweep_killed_and_resumed_on_a_cluster(tmp_path: Path, cluster: str) -> None:
    killed = tmp_path / "killed"
    clausewitz = str(Path(sys.executable).parent / "clausewitz")
    args = [*SWEEP, "--scheduler", cluster, "--experiment", EXPERIMENT, "--results", str(killed)]
    driver = subprocess.Popen(
        [clausewitz, *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    runs_dir = killed / EXPERIMENT / "runs"
    deadline = time.monotonic() + 120
    while len(list(runs_dir.glob("chunk-*.parquet"))) < 8:
        assert driver.poll() is None, f"sweep ended early: {driver.stderr.read()!r}"  # type: ignore[union-attr]
        assert time.monotonic() < deadline, "sweep made no progress"
        time.sleep(0.02)
    os.killpg(driver.pid, signal.SIGKILL)
    driver.wait()
    time.sleep(1.0)  # a chunk the workers were computing may still land; that is harmless
    partial = len(list(runs_dir.glob("chunk-*.parquet")))
    assert 8 <= partial < CHUNKS, "not killed half way"

    # --resume alone: everything else comes from the stored manifest and design
    code = run(
        [
            "sweep",
            "pokrovsk-2025",
            "--resume",
            EXPERIMENT,
            "--results",
            str(killed),
            "--scheduler",
            cluster,
            "--json",
        ]
    )
    assert code == 0
    assert not list(runs_dir.glob(".chunk-*"))

    whole = tmp_path / "whole"
    assert (
        run(
            [
                *SWEEP,
                "--scheduler",
                "synchronous",
                "--experiment",
                EXPERIMENT,
                "--results",
                str(whole),
            ]
        )
        == 0
    )
    assert _chunks(killed) == _chunks(whole)
    assert len(_chunks(whole)) == CHUNKS

    table = pq.read_table(runs_dir).to_pandas()
    assert len(table) == 100 * 2 and not table.duplicated(["point", "run"]).any()
    stats = query(
        f"SELECT count(DISTINCT point) AS points, count(*) AS runs FROM runs "
        f"WHERE experiment = '{EXPERIMENT}'",
        killed,
    ).to_pylist()
    assert stats == [{"points": 100, "runs": 200}]
    status = query("SELECT status, kind, scenario FROM experiments", killed).to_pylist()
    assert status == [{"status": "complete", "kind": "sweep", "scenario": "pokrovsk-2025"}]
