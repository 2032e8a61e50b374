"""``clausewitz evidence`` through the real entry point."""

from __future__ import annotations

import json

import pytest

from clausewitz.cli.main import run
from clausewitz.scenario.loader import load_scenario
from clausewitz.scenario.parameters import collect_parameters

Capture = pytest.CaptureFixture[str]


def test_text_report_of_one_parameter(capsys: Capture) -> None:
    assert run(["evidence", "pokrovsk-2025", "--parameter", "kpa-kursk-casualties"]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0] == "kpa-kursk-casualties  [evidence: mixture of 5 claims]  troops"
    assert lines[1] == "    median 5,159  90% [3,162, 8,106]"
    assert lines[2].split() == ["claim", "source", "grade", "stated", "share"]
    assert lines[4].split() == ["kpa-cas-seed-hundreds", "seed-toutiao-2025-07-05", "D5", "<=",
                                "999", "0.7%"]  # fmt: skip
    assert lines[-1] == (
        "1 parameter: 1 on evidence (100%), 0 on assumption (0%), 0 on engineering (0%); "
        "5 claims from 4 sources"
    )
    assert err == ""


def test_json_report(capsys: Capture) -> None:
    args = ["evidence", "pokrovsk-2025", "--json", "-p", "kpa-kursk-casualties", "-p", "ru-gdp"]
    assert run(args) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["parameter"] for r in rows] == ["kpa-kursk-casualties", "ru-gdp"]
    kpa = rows[0]
    assert kpa["basis"] == "evidence"
    assert set(kpa["fused"]) >= {"median", "p05", "p95", "unit"}
    assert kpa["fused"]["unit"] == "troops"
    assert kpa["fused"]["p05"] < kpa["fused"]["median"] < kpa["fused"]["p95"]
    first = kpa["claims"][0]
    assert set(first) >= {"id", "source", "reliability", "credibility", "value", "weight"}
    assert (first["id"], first["reliability"], first["credibility"], first["value"]) == (
        "kpa-cas-seed-4000",
        "D",
        3,
        4000.0,
    )
    assert sum(c["share"] for c in kpa["claims"]) == pytest.approx(1.0)
    assert kpa["distribution"]["kind"] == "mixture"


def test_whole_scenario_and_assumptions(capsys: Capture) -> None:
    assert run(["evidence", "tutorial"]) == 0
    out = capsys.readouterr().out
    assert "[assumption: fixed]" in out
    summary = out.splitlines()[-1]
    assert "on evidence" in summary and "on assumption" in summary
    assert summary.endswith("engine defaults not shown (--defaults)")


def test_exclusions_and_errors(capsys: Capture) -> None:
    args = ["evidence", "pokrovsk-2025", "--json", "-p", "kpa-kursk-casualties"]
    assert run([*args, "--exclude-source", "ukdi-ki-2025-06-15"]) == 0
    (kpa,) = json.loads(capsys.readouterr().out)
    assert kpa["excluded"] == ["kpa-cas-ukdi-june"]
    assert len(kpa["claims"]) == 4
    assert run(["evidence", "pokrovsk-2025", "-p", "kpa-kursk-casualty"]) == 2
    err = capsys.readouterr().err
    assert "no parameter 'kpa-kursk-casualty'" in err
    assert "did you mean 'kpa-kursk-casualties'" in err
    table = collect_parameters(load_scenario("pokrovsk-2025"))
    lone = next(e for e in table.values() if len(e.claims) == 1)
    assert run(["evidence", "pokrovsk-2025", "--exclude-claim", lone.claims[0]]) == 2
    assert f"no claim left for '{lone.name}'" in capsys.readouterr().err
    assert run(["evidence", "no-such-scenario"]) == 2


def test_help_has_an_example(capsys: Capture) -> None:
    assert run(["evidence", "--help"]) == 0
    out = capsys.readouterr().out
    assert "clausewitz evidence pokrovsk-2025" in out
    assert "--exclude-source" in out
