"""The ``check``, ``schema`` and ``scenarios`` commands through the real entry point."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from clausewitz.cli.main import run
from clausewitz.scenario import defaults, registry
from clausewitz.scenario.schema import Parameter

MINIMAL = Path(__file__).parent / "fixtures" / "minimal.yaml"
Capture = pytest.CaptureFixture[str]


def test_check_valid(capsys: Capture, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(MINIMAL.parent)
    assert run(["check", "minimal.yaml"]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(
        "minimal.yaml:44:1: warning: parameters: 20 parameters rest only on assumptions: "
    )
    n_params = 22 + len(defaults.DEFAULTS)  # the fixture's own plus the engine's defaults
    assert lines[1].startswith(
        f"minimal.yaml: 0 errors, 1 warning (1 file, 2 sources, 2 claims, {n_params} parameters;"
    )
    assert err == ""


def test_check_json(capsys: Capture) -> None:
    assert run(["check", str(MINIMAL), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is True
    assert report["errors"] == []
    assert [w["severity"] for w in report["warnings"]] == ["warning"]
    assert report["files"] == [str(MINIMAL.resolve())]
    assert len(report["sha256"]) == 64


def test_check_json_with_errors(capsys: Capture, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(MINIMAL.read_text().replace("reliability: B", "reliability: Z"))
    assert run(["check", str(bad), "--json"]) == 2
    out, err = capsys.readouterr()
    report = json.loads(out)
    assert report["ok"] is False
    (error,) = report["errors"]
    assert error["path"] == "sources[syrskyi-2025-06-27].reliability"
    assert error["text"].endswith("'Z' is not allowed here (one of: A, B, C, D, E, F)")
    assert err.startswith("error: ")


def test_schema_prints_the_json_schema(capsys: Capture) -> None:
    assert run(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["title"] == "clausewitz scenario"
    assert set(schema["required"]) == {"meta", "sides", "theatre"}
    troops = schema["$defs"]["Contingent"]["properties"]["troops"]
    assert troops["unit"] == "troops"


def test_schema_defaults(capsys: Capture, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(
        defaults._DEFAULTS,
        "qjm-max-loss-attacker",
        Parameter(
            unit="1/day", basis="engineering", value=0.1344, rationale="cap", citation="Dupuy 1979"
        ),
    )
    assert run(["schema", "--defaults"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "name\tbasis\tvalue\tunit\trationale\tcitation"
    assert "qjm-max-loss-attacker\tengineering\t0.1344\t1/day\tcap\tDupuy 1979" in out
    assert run(["schema", "--defaults", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {"name": "qjm-max-loss-attacker", "citation": "Dupuy 1979"}.items() <= next(
        r for r in rows if r["name"] == "qjm-max-loss-attacker"
    ).items()


def test_scenarios(capsys: Capture, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    shutil.copy(MINIMAL, tmp_path / "demo.yaml")
    monkeypatch.setattr(registry, "scenarios_dir", lambda: tmp_path)
    assert run(["scenarios"]) == 0
    assert capsys.readouterr().out == "demo  2025-07-06  Minimal test scenario\n"
    assert run(["scenarios", "--json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert (row["name"], row["knowledge_date"], row["problem"]) == ("demo", "2025-07-06", None)
    assert run(["check", "demo"]) == 0


@pytest.mark.parametrize("command", ["check", "schema", "scenarios"])
def test_help_has_an_example(command: str, capsys: Capture) -> None:
    assert run([command, "--help"]) == 0
    assert "Example" in capsys.readouterr().out
