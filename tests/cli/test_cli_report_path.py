"""A --report one cannot write is refused as the command line is read, before any work."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from unwritable import unwritable_folder

from clausewitz.cli.main import run


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
    report = unwritable_folder(tmp_path) / "report.html"
    started = time.perf_counter()
    code = run([*argv, "--report", str(report)])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "--report" in err and "cannot write in" in err
    assert "internal error" not in err
    assert time.perf_counter() - started < 5  # refused up front, not after the simulation
