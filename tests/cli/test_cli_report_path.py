"""A --report one cannot write is refused as the command line is read, before any work."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from clausewitz.cli.main import run


def _unwritable_folder(tmp_path: Path) -> Path:
    """A folder in which this process cannot create a file (even as root: /proc)."""
    if os.geteuid() != 0:
        ro = tmp_path / "read-only"
        ro.mkdir()
        ro.chmod(0o555)
        return ro
    if not Path("/proc").is_dir():
        pytest.skip("no folder that root cannot write in")
    return Path("/proc")


@pytest.mark.parametrize(
    "argv",
    [
        ["compare", "tutorial", "--runs", "10"],
        ["backtest", "pokrovsk-2024", "--runs", "10"],
        ["optimize", "tutorial", "--trials", "2", "--runs", "10"],
        ["sensitivity", "tutorial", "--runs", "10"],
        ["validate", "--quick"],
    ],
    ids=lambda a: a[0],
)
def test_an_unwritable_report_exits_2_before_any_work(
    argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = _unwritable_folder(tmp_path) / "report.html"
    started = time.perf_counter()
    code = run([*argv, "--report", str(report)])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "--report" in err and "cannot write in" in err
    assert "internal error" not in err
    assert time.perf_counter() - started < 5  # refused up front, not after the simulation
