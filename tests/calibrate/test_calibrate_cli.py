"""``clausewitz calibrate``: a tiny end-to-end run on the shipped record, and user errors as
one line with exit code 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from clausewitz.cli.main import run


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(["calibrate", *args])
    out, err = capsys.readouterr()
    return code, out, err


def _one_line_error(code: int, out: str, err: str) -> str:
    assert code == 2
    assert "Traceback" not in out + err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


def test_end_to_end_json(
    capsys: pytest.CaptureFixture[str], located_tutorial: Path, tmp_path: Path
) -> None:
    out_dir = tmp_path / "cal"
    args = [str(located_tutorial), "--params", "attrition-rate-hold", "--waves", "1",
            "--points", "3", "--runs", "4", "--seed", "2", "--out", str(out_dir)]  # fmt: skip
    code, out, err = _cli(capsys, *args, "--json")
    assert code == 0, err
    summary = json.loads(out)
    assert summary["window"] == ["2025-04-14", "2025-07-03"]  # the last file before 6 July
    assert summary["parameters"][0]["name"] == "attrition-rate-hold"
    assert (out_dir / "report.html").is_file()
    assert "Predictive check" in (out_dir / "report.html").read_text(encoding="utf-8")
    assert (out_dir / "scenario" / "calibrated.yaml").is_file()
    line = _one_line_error(*_cli(capsys, *args))
    assert "--resume" in line


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (["--params", "attrition-rate-hld"], "unknown parameter 'attrition-rate-hld'"),
        (["--params", "ru-casualties-per-km2"], "not an input of the model"),
        (["--waves", "0"], "--waves must be at least 1"),
        (["--window-start", "2025-13-01"], "expected a date"),
        (["--window-start", "2025-07-07"], "not a record date"),
        (["--window-days", "84"], "nothing recent to calibrate to"),
    ],
)
def test_user_errors_are_one_line(
    capsys: pytest.CaptureFixture[str],
    located_tutorial: Path,
    tmp_path: Path,
    extra: list[str],
    expected: str,
) -> None:
    scenario = "pokrovsk-2025-02" if "ru-casualties-per-km2" in extra else str(located_tutorial)
    if "--window-days" in extra:
        scenario = "pokrovsk-2024"  # no record in the 84 days before 8 July 2024
    line = _one_line_error(*_cli(capsys, scenario, "--out", str(tmp_path / "o"), *extra))
    assert expected in line


@pytest.mark.parametrize("extra", [[], ["--params", "kill-zone-strength,attrition-rate-hold"]])
def test_an_already_calibrated_parameter_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, extra: list[str]
) -> None:
    """The flagship ships calibrated: calibrating it again would use the posterior as a prior
    and count the same record twice, so the command stops before any work and says why."""
    line = _one_line_error(*_cli(capsys, "pokrovsk-2025", "--out", str(tmp_path / "o"), *extra))
    assert "already calibrated to the record from 2025-04-14 to 2025-07-03" in line
    assert "kill-zone-strength" in line
    assert "attrition-rate-hold" not in line  # an assumption, not calibrated
    assert not (tmp_path / "o").exists()
