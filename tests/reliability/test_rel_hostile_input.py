"""Small hostile files cause bounded work and a located exit-2 error (issue cases 5 and 6)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from clausewitz.cli.main import run
from clausewitz.scenario.loader import check_scenario
from clausewitz.scenario.registry import find_bundled
from clausewitz.units import UnitError, parse_unit

LOCATED = re.compile(r"^(?P<file>[^:]+\.yaml):(?P<line>\d+)")


def _check(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = run(["check", str(path)])
    out = capsys.readouterr()
    return code, out.out + out.err


def _located_error(path: Path, capsys: pytest.CaptureFixture[str], needle: str) -> str:
    code, text = _check(path, capsys)
    assert code == 2, text
    assert "Traceback" not in text and "internal error" not in text
    line = next(ln for ln in text.splitlines() if needle in ln)
    m = LOCATED.match(line)
    assert m is not None and m.group("file").endswith(path.name), line
    return line


def _bomb(levels: int, under: str = "x-bomb") -> str:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    return f"{under}:\n" + "\n".join("  " + ln for ln in lines) + "\nmeta: {name: x}\n"


@pytest.mark.parametrize("levels", [7, 9])
@pytest.mark.parametrize("under", ["x-bomb", "meta-notes"])
def test_an_alias_bomb_is_refused_under_any_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], levels: int, under: str
) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(_bomb(levels, under))
    _located_error(path, capsys, "expands to more than")


def test_many_aliases_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "aliases.yaml"
    path.write_text("x-a: &a 1\nmeta: [" + ", ".join(["*a"] * 150) + "]\n")
    _located_error(path, capsys, "too many YAML aliases")


@pytest.mark.parametrize(
    "text",
    [
        "meta: " + "[" * 5000 + "]" * 5000 + "\n",
        "meta:\n" + "".join(" " * i + "- \n" for i in range(1, 400)),
    ],
)
def test_deep_nesting_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str
) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text(text)
    _located_error(path, capsys, "nesting too deep")


def test_huge_integers_and_files_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    big = tmp_path / "bigint.yaml"
    big.write_text("meta:\n  name: x\n  horizon_days: " + "9" * 401 + "\n")
    line = _located_error(big, capsys, "integer too large")
    assert line.startswith(f"{big}:3:") or ":3:" in line
    huge = tmp_path / "huge.yaml"
    huge.write_text("meta:\n  name: x\n" + "# padding\n" * 200_000)
    _located_error(huge, capsys, "file too large")
    wide = tmp_path / "wide.yaml"
    wide.write_text("meta: [" + ", ".join(["1"] * 30_000) + "]\n")
    _located_error(wide, capsys, "too many YAML values")


@pytest.mark.parametrize(
    "unit", ["troops * 10**10**10", "km**99", "(((10**12)**12)**12)**12", "m" + "**2" * 50]
)
def test_unit_expressions_are_bounded_before_pint(unit: str) -> None:
    with pytest.raises(UnitError):
        parse_unit(unit)


def test_a_hanging_unit_in_a_scenario_is_a_located_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = find_bundled("tutorial").read_text(encoding="utf-8")  # type: ignore[union-attr]
    path = tmp_path / "unit.yaml"
    path.write_text(text.replace("unit: troops", "unit: 'troops * 10**10**10'", 1))
    _located_error(path, capsys, "10**10**10")


def test_includes_stay_in_the_scenario_folder_and_never_echo_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:TOP-SECRET-LINE\n")
    folder = tmp_path / "scenario"
    folder.mkdir()
    path = folder / "inc.yaml"
    path.write_text("include: [../secret.txt, ../../../../../../../../etc/passwd]\nmeta: {}\n")
    line = _located_error(path, capsys, "leaves the scenario's folder")
    assert "include[0]" in line
    code = run(["check", str(path), "--json"])
    out = capsys.readouterr().out
    assert code == 2
    assert "TOP-SECRET-LINE" not in out and "root:" not in out
    json.loads(out)
    # inside the folder a non-YAML file is reported by kind, never by content
    (folder / "notes.yaml").write_text("TOP-SECRET-LINE and more\n")
    path.write_text("include: [notes.yaml]\nmeta: {}\n")
    result = check_scenario(path)
    rendered = "\n".join(d.render() for d in result.errors)
    assert "must be a mapping" in rendered and "TOP-SECRET-LINE" not in rendered


@pytest.mark.parametrize(
    ("include", "needle"),
    [
        ('"a\\0b.yaml"', "control character"),
        ('"a\\nb.yaml"', "control character"),
        ("x" * 5000 + ".yaml", "characters long"),
        ("/".join(["d" * 300] * 2) + ".yaml", "255"),
    ],
    ids=["nul", "newline", "5000-chars", "long-name"],
)
def test_unusable_include_paths_are_located_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], include: str, needle: str
) -> None:
    # Found by the fuzzer: a NUL byte, a newline or an over-long name in an include path
    # reached the file system and ended in a traceback.
    path = tmp_path / "inc.yaml"
    path.write_text(f"include: [{include}]\nmeta: {{}}\n")
    line = _located_error(path, capsys, "include[0]")
    assert needle in line
