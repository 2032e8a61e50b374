"""Real processes on one results folder: a second writer is refused, a killed one leaves nothing
that a query counts and its re-run resumes (issue cases 1 and 3)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from clausewitz.errors import UserError
from clausewitz.store import query

TIMEOUT = 900.0  # generous: the machine running the tests may be busy


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "clausewitz.cli.main", *args]


def _start(cwd: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        _cli(*args),
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "MPLBACKEND": "Agg"},
    )


def _wait_for(path: Path, proc: subprocess.Popen[str]) -> None:
    """Poll until ``path`` exists (the writer got that far), failing if the writer ends first."""
    deadline = time.monotonic() + TIMEOUT
    while not path.exists():
        if proc.poll() is not None:
            _, err = proc.communicate()
            pytest.fail(f"writer ended before {path.name} appeared: {proc.returncode}\n{err}")
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"{path} never appeared")
        time.sleep(0.02)


COMPARE = ["compare", "tutorial", "--strategies", "attrition,decisive", "--days", "20"]


@pytest.mark.slow
def test_a_second_writer_is_refused_and_the_first_finishes_alone(tmp_path: Path) -> None:
    first = _start(tmp_path, *COMPARE, "--runs", "600", "--seed", "1", "--out", "X", "--json")
    # the first writer holds the lock once its partial folder exists; stopping it there makes
    # the overlap certain however fast or slow the machine is
    _wait_for(tmp_path / ".X.partial" / "manifest.json", first)
    os.kill(first.pid, signal.SIGSTOP)
    try:
        second = subprocess.run(
            _cli(
                "compare",
                "tutorial",
                "--strategies",
                "attrition,decisive,envelop",
                "--days",
                "20",
                "--runs",
                "500",
                "--seed",
                "2",
                "--out",
                "X",
            ),
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
        )
        also = subprocess.run(
            _cli("run", "tutorial", "--runs", "50", "--days", "5", "--out", "X", "--overwrite"),
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
        )
    finally:
        os.kill(first.pid, signal.SIGCONT)
    _, err = first.communicate(timeout=TIMEOUT)
    for refused in (second, also):
        assert refused.returncode == 2, refused.stderr
        assert "being written by another clausewitz process" in refused.stderr
        assert "Traceback" not in refused.stderr
    assert first.returncode == 0, err
    manifest = json.loads((tmp_path / "X" / "manifest.json").read_text())
    assert manifest["seed"] == 1 and manifest["runs"] == 600
    rows = query(
        "SELECT arm, count(*) AS n, count(DISTINCT run) AS d FROM runs GROUP BY 1 ORDER BY 1",
        tmp_path / "X",
    ).to_pylist()
    assert rows == [
        {"arm": "attrition", "n": 600, "d": 600},
        {"arm": "decisive", "n": 600, "d": 600},
    ]


@pytest.mark.slow
def test_a_killed_compare_counts_for_nothing_and_its_rerun_resumes(tmp_path: Path) -> None:
    args = [*COMPARE, "--runs", "6000", "--seed", "3", "--out", "K", "--json"]
    proc = _start(tmp_path, *args)
    first_chunk = tmp_path / ".K.partial" / "runs" / "chunk-000000.parquet"
    # a chunk is finished once its bands are written too (they follow its rows)
    _wait_for(tmp_path / ".K.partial" / "bands" / "chunk-000000.npz", proc)
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=TIMEOUT)
    kept = first_chunk.stat().st_ino
    # nothing published: the folder is not an experiment, and a query says so
    assert not (tmp_path / "K").exists()
    with pytest.raises(UserError, match="no experiment"):
        query("SELECT count(*) FROM runs", tmp_path)
    # the same command again is not refused: it resumes and keeps the finished chunk
    rerun = subprocess.run(
        _cli(*args), cwd=tmp_path, capture_output=True, text=True, timeout=TIMEOUT
    )
    assert rerun.returncode == 0, rerun.stderr
    assert (tmp_path / "K" / "runs" / "chunk-000000.parquet").stat().st_ino == kept
    assert not (tmp_path / ".K.partial").exists()
    assert not (tmp_path / "K" / "bands").exists()
    n = query("SELECT count(*) AS n, count(DISTINCT (arm, run)) AS d FROM runs", tmp_path)
    assert n.to_pylist() == [{"n": 12000, "d": 12000}]


@pytest.mark.slow
def test_a_killed_run_counts_for_nothing_and_does_not_block_a_rerun(tmp_path: Path) -> None:
    args = ["run", "tutorial", "--runs", "3000", "--chunk", "100", "--days", "20", "--out", "R"]
    proc = _start(tmp_path, *args)
    # the runs files are cut at 50 000 rows: wait for the writer's partial manifest instead
    _wait_for(tmp_path / ".R.partial" / "manifest.json", proc)
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=TIMEOUT)
    assert not (tmp_path / "R").exists()
    with pytest.raises(UserError, match="no experiment"):
        query("SELECT count(*) FROM runs", tmp_path)
    small = ["run", "tutorial", "--runs", "40", "--days", "5", "--out", "R", "--json"]
    rerun = subprocess.run(
        _cli(*small), cwd=tmp_path, capture_output=True, text=True, timeout=TIMEOUT
    )
    assert rerun.returncode == 0, rerun.stderr
    assert query("SELECT count(*) AS n FROM runs", tmp_path).to_pylist() == [{"n": 40}]
