"""Comparisons: common random numbers, the JSON contract, sequential stopping, the matrix,
the CLI's errors and the report in a browser."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from clausewitz.cli.main import run as cli
from clausewitz.compare import Arm, MatrixResult, compare_arms, summarise
from clausewitz.compare.kpis import higher_is_better
from clausewitz.report.browser import find_chromium, render
from clausewitz.scenario.loader import LoadedScenario, load_scenario
from clausewitz.store import ExperimentWriter
from clausewitz.store.query import query


@pytest.fixture(scope="module")
def tutorial() -> LoadedScenario:
    return load_scenario("tutorial")


def _arms(*names: str) -> list[Arm]:
    return [Arm(n, {"attacker": n, "defender": "defend-in-depth"}) for n in names]


def test_json_contract_and_crn_variance_reduction(tutorial: LoadedScenario, tmp_path: Path) -> None:
    store = ExperimentWriter(tmp_path, "cmp")
    c = compare_arms(tutorial, _arms("attrition", "decisive"), runs=300, seed=2, store=store)
    s = summarise(c)
    for key in (
        "scenario",
        "seed",
        "runs",
        "strategies",
        "kpis",
        "paired",
        "crn_variance_ratio",
        "manifest",
    ):
        assert key in s
    assert s["strategies"] == ["attrition", "decisive"] and s["runs"] == 300
    assert set(s["kpis"]["attrition"]["objective_rday.pokrovsk"]) == {"mean", "ci_low", "ci_high"}
    pair = s["paired"]["attrition-decisive"]["objective_rday.pokrovsk"]
    assert {"diff_mean", "ci_low", "ci_high", "p_better"} <= set(pair)
    # the paired difference is the difference of the means, run by run
    a, d = c.kpis("attrition"), c.kpis("decisive")
    assert pair["diff_mean"] == pytest.approx(
        float(np.mean(a["objective_rday.pokrovsk"] - d["objective_rday.pokrovsk"]))
    )
    # common random numbers pay: the difference varies far less than independent runs would
    assert s["crn_variance_ratio"]["objective_rday.pokrovsk"] > 1.3
    assert s["crn_variance_ratio"]["attacker_losses"] > 1.3
    # attacker: an earlier fall is better, so p_better of a later-taking strategy is small
    if pair["diff_mean"] > 0:
        assert pair["p_better"] < 0.5
    # stored: one runs row per run and arm, queryable
    rows = query("SELECT arm, count(*) AS n FROM runs GROUP BY arm ORDER BY arm", tmp_path)
    assert rows.to_pylist() == [{"arm": "attrition", "n": 300}, {"arm": "decisive", "n": 300}]


def test_same_runs_whatever_the_chunking(tutorial: LoadedScenario) -> None:
    one = compare_arms(
        tutorial, _arms("attrition", "decisive"), runs=120, seed=4, days=40, chunk=120
    )
    many = compare_arms(
        tutorial, _arms("attrition", "decisive"), runs=120, seed=4, days=40, chunk=37
    )
    for label in one.labels:
        for k, v in one.kpis(label).items():
            np.testing.assert_array_equal(v, many.kpis(label)[k], err_msg=k)


def test_precision_adds_runs_until_the_interval_is_narrow(tutorial: LoadedScenario) -> None:
    c = compare_arms(
        tutorial,
        _arms("attrition", "decisive"),
        runs=100,
        seed=1,
        days=150,
        precision=3.0,
        kpi="objective_rday.pokrovsk",
        max_runs=5000,
    )
    s = summarise(c)
    pair = s["paired"]["attrition-decisive"]["objective_rday.pokrovsk"]
    assert c.stopping["satisfied"] and c.runs > 100
    assert (pair["ci_high"] - pair["ci_low"]) / 2 <= 3.0
    assert c.runs == sum(c.stopping["batches"])


def test_matrix_robust_choice_is_the_maximin() -> None:
    m = MatrixResult(
        "objective_rday.x",
        ["a1", "a2"],
        ["d1", "d2"],
        mean=[[100.0, 300.0], [150.0, 160.0]],
        ci_low=[[0, 0], [0, 0]],
        ci_high=[[0, 0], [0, 0]],
        runs=10,
    )
    # the attacker wants an early day: a2's worst (160) beats a1's worst (300)
    assert m.robust("attacker") == "a2"
    # the defender wants a late day: d2's worst (160) beats d1's worst (100)
    assert m.robust("defender") == "d2"
    assert higher_is_better("fiscal_crisis.defender", "attacker")
    assert not higher_is_better("fiscal_crisis.attacker", "attacker")


def test_cli_json_and_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rc = cli(
        [
            "compare",
            "tutorial",
            "--strategies",
            "attrition,decisive",
            "--runs",
            "40",
            "--days",
            "30",
            "--json",
            "--out",
            str(tmp_path / "x"),
        ]
    )
    assert rc == 0
    out = json.loads(capsys.readouterr().out)
    assert out["runs"] == 40 and out["manifest"]["kind"] == "compare"
    rc = cli(["compare", "tutorial", "--strategies", "attrition,decisiv", "--runs", "10"])
    err = capsys.readouterr().err
    assert rc == 2 and "unknown strategy 'decisiv'" in err
    rc = cli(
        [
            "compare",
            "tutorial",
            "--strategies",
            "attrition,decisive",
            "--precision",
            "2",
            "--kpi",
            "objective_rday.pokrovks",
        ]
    )
    err = capsys.readouterr().err
    assert rc == 2 and "did you mean 'objective_rday.pokrovsk'" in err
    rc = cli(["compare", "tutorial", "--strategies", "attrition,attrition"])
    assert rc == 2 and "twice" in capsys.readouterr().err


@pytest.mark.browser
def test_report_renders_in_chromium_without_errors(tmp_path: Path) -> None:
    if find_chromium() is None:
        pytest.skip(
            "Chromium is not installed: run `make browser` to check the report in a browser"
        )
    html = tmp_path / "report.html"
    rc = cli(
        [
            "compare",
            "tutorial",
            "--strategies",
            "attrition,decisive",
            "--runs",
            "60",
            "--days",
            "60",
            "--report",
            str(html),
            "--tornado-params",
            "2",
            "--tornado-runs",
            "20",
            "--out",
            str(tmp_path / "res"),
            "--sensitivity-report",
            "sensitivity.html",
        ]
    )
    assert rc == 0
    text = html.read_text()
    assert "href='sensitivity.html'" in text
    for section in (
        "The answer",
        "Does the choice pay off run by run?",
        "The ground",
        "When each town falls",
        "Ceasefire and fiscal crisis",
        "Paired differences",
        "What the answer hinges on",
        "Appendix A: how much common random numbers helped",
        "Appendix B: the evidence",
        "Appendix C: manifest",
    ):
        assert section in text, section
    assert "http://" not in text.split("<body>")[0] and "<script src" not in text  # offline
    for name in (
        "fan",
        "capture-cdf",
        "losses",
        "forest",
        "map",
        "tornado",
        "paired-runs",
        "ground",
        "risks",
    ):
        assert (tmp_path / f"report-{name}.png").stat().st_size > 5000
    check = render(html, tmp_path / "shot.png")
    assert check.console_errors == []
    assert check.dom_chars > 10_000


def test_compare_fall_day_is_runs_restricted_mean(tutorial: LoadedScenario, tmp_path: Path) -> None:
    # compare's objective_rday (paired, every run) is run's objective_rday
    from clausewitz.runner.api import run_scenario

    c = compare_arms(tutorial, _arms("attrition"), runs=120, seed=5)
    r = run_scenario(
        tutorial,
        runs=120,
        seed=5,
        strategies={"attacker": "attrition", "defender": "defend-in-depth"},
        out=tmp_path / "run",
    )
    fell = c.kpis("attrition")["objective_captured.pokrovsk"]
    assert 0 < fell.mean() < 1, "some runs must hold for the two means to differ"
    rday = r.summary["objective_rday.pokrovsk"].interval.estimate
    assert rday == pytest.approx(float(np.mean(c.kpis("attrition")["objective_rday.pokrovsk"])))
    assert r.summary["objective_day.pokrovsk"].interval.estimate != pytest.approx(rday)


def test_report_tornado_on_the_fall_day(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # one name per measure: the restricted mean is objective_rday in run, sensitivity and
    # compare alike, and the report's tornado is computed on it
    html = tmp_path / "report.html"
    argv = ["compare", "tutorial", "--strategies", "attrition,decisive", "--runs", "40"]
    argv += ["--days", "60", "--kpi", "objective_rday.pokrovsk", "--report", str(html)]
    argv += ["--tornado-params", "2", "--tornado-runs", "10", "--out", str(tmp_path / "res")]
    assert cli([*argv, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert "objective_rday.pokrovsk" in out["paired"]["attrition-decisive"]
    assert "objective_day.pokrovsk" not in out["paired"]["attrition-decisive"]
    assert "objective_rday.pokrovsk" in html.read_text()


def test_the_conditional_fall_day_cannot_be_paired(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["compare", "tutorial", "--strategies", "attrition,decisive", "--runs", "10"]
    assert cli([*argv, "--kpi", "objective_day.pokrovsk"]) == 2
    err = capsys.readouterr().err
    assert "cannot be paired" in err and "objective_rday.pokrovsk" in err


@pytest.mark.parametrize("given", [None, "decisive"])
def test_matrix_with_and_without_strategies(
    given: str | None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--matrix`` plays every attacker strategy of the scenario against every defender one;
    ``--strategies`` narrows the attacker's rows (it used to be required: a crash without it)."""
    args = ["compare", "tutorial", "--matrix", "--runs", "20", "--days", "30", "--json"]
    if given is not None:
        args += ["--strategies", given]
    rc = cli([*args, "--out", str(tmp_path / "m")])
    assert rc == 0
    out = json.loads(capsys.readouterr().out)
    expected = ["attrition", "decisive"] if given is None else ["decisive"]
    assert out["matrix"]["attackers"] == expected
    assert out["matrix"]["defenders"] == ["defend-in-depth", "hold-every-metre"]
    assert len(out["matrix"]["mean"]) == len(expected)
    assert all(len(row) == 2 for row in out["matrix"]["mean"])


@pytest.mark.browser
def test_every_report_figure_is_drawn_in_chromium(tmp_path: Path) -> None:
    """Each figure of the comparison report, rendered on its own in headless Chromium, is
    present and not blank (a blank control page is caught)."""
    if find_chromium() is None:
        pytest.skip("Chromium is not installed: run `make browser`")
    from clausewitz.report.browser import check_figures

    html = tmp_path / "report.html"
    rc = cli(
        [
            "compare",
            "pokrovsk-2025",
            "--runs",
            "20",
            "--days",
            "90",
            "--matrix",
            "--report",
            str(html),
            "--tornado-params",
            "0",
            "--out",
            str(tmp_path / "res"),
        ]
    )
    assert rc == 0
    checks = check_figures(html, tmp_path / "figures")
    sections = {c.section for c in checks}
    for s in ("the-ground", "when-each-town-falls", "ceasefire-and-fiscal-crisis", "losses"):
        assert s in sections, s
    assert "does-the-choice-pay-off-run-by-run" in sections
    assert "what-each-strategy-buys-and-costs" in sections
    assert "against-every-answer-of-the-other-side" in sections
    blank = [c.section for c in checks if c.blank]
    assert blank == [], blank
    control = tmp_path / "blank.html"
    control.write_text("<html><body><figure><svg width='400' height='300'></svg></figure>")
    assert all(c.blank for c in check_figures(control, tmp_path / "control"))


def test_risk_panels_draw_shares_of_zero(tutorial: LoadedScenario) -> None:
    """A ceasefire or crisis that never happens is a share of 0 with a Wilson interval whose
    lower bound may round a hair above 0: the panel must still draw."""
    from clausewitz.report.decision_figures import risk_panels

    c = compare_arms(
        tutorial,
        [Arm("attrition", {"attacker": "attrition"}), Arm("decisive", {"attacker": "decisive"})],
        runs=200,  # at n = 200 the Wilson lower bound of 0/200 is 1.7e-18
        days=10,
    )
    assert c.kpis("attrition")["ceasefire"].sum() == 0.0
    fig = risk_panels(c)
    assert len(fig.axes) == 3
