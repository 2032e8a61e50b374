"""``clausewitz --help`` lists each command's summary as sentences, not broken mid-line."""

from __future__ import annotations

import pytest

from clausewitz.cli.main import app, run


def test_every_summary_is_one_line_and_its_docstrings_first_paragraph() -> None:
    for info in app.registered_commands:
        assert info.short_help, info.name
        assert "\n" not in info.short_help, info.name


def test_the_listing_does_not_break_a_summary_mid_sentence(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COLUMNS", "400")
    assert run(["--help"]) == 0
    out = capsys.readouterr().out
    # wide enough for the whole summary: it reads on one line
    assert "compare them: per strategy and KPI the mean and 95% CI" in out
    assert "The query reads the store and nothing else unless --allow-files" in out
