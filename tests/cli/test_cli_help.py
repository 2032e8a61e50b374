"""``clausewitz --help`` lists each command's summary as sentences, not broken mid-line."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

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


REPO = Path(__file__).resolve().parents[2]
_INPUT = re.compile(r"(?<![>=])\s((?:[\w.-]+/)*[\w.-]+\.(?:yaml|yml|csv))\b")


def test_every_input_file_an_example_names_exists() -> None:
    """An example one copies must run: the data files it reads are in the repository (the
    files it writes, after --report, --out or '>', are not checked)."""
    for info in app.registered_commands:
        doc = inspect.cleandoc(info.callback.__doc__ or "") if info.callback else ""
        for example in re.findall(r"Examples?:(.*?)(?:\n\n|$)", doc, flags=re.S):
            text = re.sub(r"(--report|--out|--study|>)\s+\S+", "", example.replace("\n", " "))
            for path in _INPUT.findall(" " + text):
                assert (REPO / path).is_file(), f"{info.name}: example reads {path}"
