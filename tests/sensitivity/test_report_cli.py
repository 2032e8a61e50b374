"""``clausewitz sensitivity``: JSON, the HTML report with its figures, and user errors."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest

from clausewitz.cli.main import run
from clausewitz.report.browser import find_chromium, render

SMALL = ["--runs", "6", "--point-runs", "2", "--samples", "4", "--days", "30", "--seed", "1"]


@pytest.fixture(scope="module")
def cli_json(
    scenario_file: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[dict[str, object], Path]:
    out = tmp_path_factory.mktemp("report")
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        code = run(
            [
                "sensitivity",
                str(scenario_file),
                "--kpi",
                "attacker_losses",
                "--compare",
                "gentle,hard",
                "--top",
                "2",
                *SMALL,
                "--json",
                "--report",
                str(out / "sens.html"),
            ]
        )
    assert code == 0
    return json.loads(buf.getvalue()), out


def test_json_has_every_part(cli_json: tuple[dict[str, object], Path]) -> None:
    body, _ = cli_json
    assert body["kpi"] == "attacker_losses"
    assert body["strategies"] == {"attacker": "gentle", "defender": "line"}
    tornado = body["tornado"]
    assert isinstance(tornado, list) and len(tornado) == 6
    glob = body["global"]
    assert isinstance(glob, dict) and glob["method"] == "sobol"
    # Sobol over the --top 2 parameters of the tornado (those that moved the KPI)
    top = [r["parameter"] for r in tornado if r["swing"] > 0][:2]
    assert sorted(r["parameter"] for r in glob["indices"]) == sorted(top)
    assert glob["points"] == 4 * (2 + 2)
    sources = body["sources"]
    assert isinstance(sources, dict) and sources["compare"]["first"] == "gentle"
    assert len(sources["sources"]) == 5 and len(sources["claims"]) == 7
    # sources some parameter rests on alone, with how much those parameters move the KPI
    sole = {(s["kind"], s["id"]): s for s in body["sole_support"]}  # type: ignore[union-attr]
    deepstate = sole[("source", "deepstate-2025-07-03")]
    swings = {r["parameter"]: r["swing"] for r in tornado}
    assert deepstate["tornado_swing"] == max(swings[p] for p in deepstate["parameters"])
    assert ("claim", "ru-troops-cnn") not in sole


def test_report_and_figures(cli_json: tuple[dict[str, object], Path]) -> None:
    body, out = cli_json
    names = sorted(p.name for p in out.iterdir())
    assert names == ["sens-global.png", "sens-sources.png", "sens-tornado.png", "sens.html"]
    html = (out / "sens.html").read_text(encoding="utf-8")
    for section in ("Answer", "Tornado", "Global indices", "Source ranking", "Claim ranking"):
        assert f">{section}</h2>" in html
    assert html.count("<svg") == 3
    assert "deepstate-2025-07-03: only support of" in html
    assert "hinges most on" in html
    assert body["report"] == [
        str(out / n)
        for n in ("sens.html", "sens-tornado.png", "sens-global.png", "sens-sources.png")
    ]


@pytest.mark.browser
@pytest.mark.skipif(find_chromium() is None, reason="Chromium not installed (make browser)")
def test_report_renders_in_chromium(cli_json: tuple[dict[str, object], Path]) -> None:
    _, out = cli_json
    check = render(out / "sens.html", out.parent / "shot.png")
    assert check.console_errors == []
    assert check.dom_chars > 5_000


def test_table_output_and_morris(scenario_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = run(
        [
            "sensitivity",
            str(scenario_file),
            "--kpi",
            "defender_losses",
            "--method",
            "morris",
            "--params",
            "ru-troops,ua-troops",
            "--no-claims",
            *SMALL,
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "Tornado" in out and "Morris" in out and "Sources" in out
    assert "ru-troops" in out and "mu_star" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--kpi", "attacker_loss"], "did you mean 'attacker_losses'"),
        (["--kpi", "ceasefire", "--params", "ru-troop"], "did you mean 'ru-troops'"),
        (["--kpi", "ceasefire", "--method", "fast"], "choose sobol, morris or none"),
        (["--kpi", "ceasefire", "--compare", "gentle"], "two different strategies"),
        (["--kpi", "ceasefire", "--strategy", "attacker=nope"], "unknown strategy 'nope'"),
    ],
)
def test_user_errors_exit_2(
    scenario_file: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert run(["sensitivity", str(scenario_file), *args, *SMALL]) == 2
    assert message in capsys.readouterr().err


def test_help_has_an_example(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["sensitivity", "--help"]) == 0
    out = capsys.readouterr().out
    assert "Example" in out and "--compare" in out
