"""Ctrl-C in the middle of a command exits 130 with a word on stderr, never 0."""

from __future__ import annotations

import pytest

import clausewitz.scenario.catalogue as catalogue
from clausewitz.cli.main import run


def test_ctrl_c_exits_130_not_0(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted() -> list[object]:
        raise KeyboardInterrupt

    monkeypatch.setattr(catalogue, "list_bundled", interrupted)
    code = run(["scenarios"])
    err = capsys.readouterr().err
    assert code == 130
    assert "interrupted" in err


def test_a_finished_command_still_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["scenarios"]) == 0
    assert "tutorial" in capsys.readouterr().out
