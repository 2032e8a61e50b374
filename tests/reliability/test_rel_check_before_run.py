"""``check`` finds what ``run`` would crash on, and options fail before any simulation
(issue cases 7 and 8)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from clausewitz.cli.main import run
from clausewitz.scenario.registry import find_bundled

LOCATED = re.compile(r"^[^:]+\.yaml:\d+:\d+: ")

TUTORIAL_SETTINGS = "settings: {main_axis_share: 0.5, tempo: 0.5}"
FRONTAGE = "frontage: {unit: km, basis: assumption, value: 24,"
SYRSKYI_DATE = (
    "    date: 2025-06-27\n    parameter: ru-troops\n    unit: troops\n    credibility: 2  "
)

CASES: dict[str, tuple[str, str, str]] = {
    "troops of 1e308": ("value: 111000", "value: 1.0e+308", "beyond what the engine"),
    "a frontage of 1e308": (
        FRONTAGE,
        FRONTAGE.replace("24", "1.0e+308"),
        "beyond what the engine",
    ),
    "a strategy that imports os": (
        "attrition: {description: Broad",
        "attrition: {use: 'os:system', description: Broad",
        "never a Python module",
    ),
    "an unknown strategy setting": (
        TUTORIAL_SETTINGS,
        "settings: {main_axis_share: 0.5, tempo: 0.5, bogus: 3}",
        "unknown setting",
    ),
    "a setting out of range": (
        TUTORIAL_SETTINGS,
        "settings: {main_axis_share: 7, tempo: 0.5}",
        "outside [0.0, 1.0]",
    ),
    "all-zero evidence weights": (
        "sides:\n  attacker:",
        "evidence:\n  reliability_weights: {A: 0, B: 0, C: 0, D: 0, E: 0, F: 0}\n"
        "sides:\n  attacker:",
        "are all zero",
    ),
    "a zero-width sector": (FRONTAGE, FRONTAGE.replace("24", "0"), "frontage must be positive"),
    "belts out of order": (
        "depth: {unit: km, basis: assumption, value: 9, rationale: The built-up",
        "depth: {unit: km, basis: assumption, value: 9, rationale: The built-up",
        "",
    ),
    "horizon_days: true": ("horizon_days: 120", "horizon_days: true", "horizon_days"),
    "start a year after knowledge": (
        "start_date: 2025-07-03",
        "start_date: 2026-07-03",
        "after knowledge_date",
    ),
    "a claim decades before its source": (
        "    date: 2025-06-27\n    parameter: ru-troops\n    unit: troops\n    credibility: 2 ",
        "    date: 1990-06-27\n    parameter: ru-troops\n    unit: troops\n    credibility: 2 ",
        "before its source",
    ),
    "a defender's strategy for the attacker": (
        "    attrition: {description: Broad",
        "    elastic: {description: Give ground.}\n    attrition: {description: Broad",
        "defender's strategy",
    ),
}


def _tutorial() -> str:
    path = find_bundled("tutorial")
    assert path is not None
    return path.read_text(encoding="utf-8")


def _belts_out_of_order(text: str) -> str:
    """The north-east sector with two belts, the deeper one listed first."""
    old = (
        "        - id: rodynske\n"
        "          depth: {unit: km, basis: assumption, value: 12, rationale: Just beyond "
        "Rodynske.}\n"
    )
    assert text.count(old) == 1
    new = (
        "        - id: far\n"
        "          depth: {unit: km, basis: assumption, value: 20, rationale: Far.}\n"
        '          fortification: {unit: "1", basis: assumption, value: 1.0, rationale: x.}\n' + old
    )
    return text.replace(old, new)


def _variant(tmp_path: Path, name: str) -> tuple[Path, str]:
    old, new, needle = CASES[name]
    text = _tutorial()
    if name == "belts out of order":
        text, needle = _belts_out_of_order(text), "not ordered by depth"
    else:
        assert text.count(old) == 1, name
        text = text.replace(old, new)
    path = tmp_path / "variant.yaml"
    path.write_text(text, encoding="utf-8")
    return path, needle


def _cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = run(argv)
    out = capsys.readouterr()
    return code, out.out + out.err


@pytest.mark.parametrize("name", sorted(CASES))
def test_check_rejects_what_run_cannot_do(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, needle = _variant(tmp_path, name)
    code, text = _cli(["check", str(path)], capsys)
    assert code == 2, text
    lines = [ln for ln in text.splitlines() if needle in ln]
    assert lines, text
    assert LOCATED.match(lines[0]), lines[0]  # FILE:LINE:COL
    assert "internal error" not in text


@pytest.mark.parametrize("name", ["troops of 1e308", "a strategy that imports os"])
def test_run_refuses_the_same_before_simulating(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, needle = _variant(tmp_path, name)
    code, text = _cli(
        ["run", str(path), "--runs", "4", "--days", "2", "--out", str(tmp_path / "o")], capsys
    )
    assert code == 2, text
    assert needle in text
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize(
    "argv",
    [
        [
            "sweep",
            "tutorial",
            "--vary",
            "ua-troops=30000:40000",
            "--sampler",
            "lhs",
            "--points",
            "0",
            "--scheduler",
            "synchronous",
        ],
        ["sweep", "tutorial", "--vary", "ua-troops=30000:40000", "--scheduler", "banana"],
        [
            "compare",
            "tutorial",
            "--strategies",
            "attrition,decisive",
            "--precision",
            "nan",
            "--kpi",
            "attacker_losses",
        ],
        [
            "compare",
            "tutorial",
            "--strategies",
            "attrition,decisive",
            "--report",
            "REPORT_DIR",
            "--tornado-runs",
            "0",
        ],
        ["compare", "tutorial", "--strategies", "attrition,decisive", "--report", "REPORT_DIR"],
        ["compare", "tutorial", "--strategies", "attrition,decisive", "--out", "/proc/x/y"],
        ["run", "tutorial", "--out", "/proc/x/y"],
        ["run", "tutorial", "--runs", "1000000000000"],
        ["run", "tutorial", "--days", "100000"],
    ],
)
def test_bad_options_fail_before_any_simulation(
    argv: list[str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "REPORT_DIR").mkdir()
    # any simulation would go through the engine's entry point: make it fail loudly
    import clausewitz.engine.fast as fast

    def no_simulation(*args: object, **kwargs: object) -> None:
        raise AssertionError("simulated before checking the options")

    monkeypatch.setattr(fast, "simulate", no_simulation)
    code, text = _cli(argv, capsys)
    assert code == 2, text
    assert "error" in text and "internal error" not in text
    assert not list(tmp_path.glob("clausewitz-results/*"))
