"""The optimiser on the tutorial: it finds a known optimum, is reproducible and resumes."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from clausewitz.errors import UserError
from clausewitz.optimize import optimize
from clausewitz.optimize.search import _Evaluator
from clausewitz.scenario.loader import LoadedScenario, load_scenario
from clausewitz.strategies.levers import make_point, named_point

RDAY = "objective_rday.pokrovsk"


@pytest.fixture(scope="module")
def tutorial() -> LoadedScenario:
    return load_scenario("tutorial")


def test_recovers_the_known_optimum_of_one_lever(tutorial: LoadedScenario) -> None:
    """With tempo the only free lever, the fall day decreases and the losses increase with
    it on the tutorial (checked here on a grid): the fastest choice is the top of the range,
    the cheapest its bottom, and the frontier runs between them in tempo order."""
    kpis = [RDAY, "attacker_losses", "territory_km2"]
    ev = _Evaluator(tutorial, "attacker", ["defend-in-depth"], 40, 2, 150, kpis)
    base = named_point("attacker", "attrition", tutorial.scenario.strategies["attacker"])
    grid = np.linspace(0.1, 1.0, 7)
    days = []
    for x in grid:
        r = ev(make_point("attacker", {**base.values, "tempo": float(x)}), "g")
        days.append(r["defend-in-depth"][RDAY].mean())
    assert np.all(np.diff(days) < 0)  # the optimum of the fall day is tempo = 1.0
    res = optimize(
        tutorial,
        side="attacker",
        against=["defend-in-depth"],
        trials=40,
        runs=40,
        seed=2,
        days=150,
        free_levers=["tempo"],
        population=4,
        objectives=["time"],
    )
    best = res.candidates[res.best_reply["defend-in-depth"]]
    # a population search on a budget gets near the bound, not onto it: within a fifth of
    # the range of the fall day over the lever's range
    assert float(best.point.values["tempo"]) > 0.8
    assert best.mean(RDAY) - days[-1] <= 0.2 * (days[0] - days[-1])
    assert best.mean(RDAY) == min(c.mean(RDAY) for c in res.candidates)
    assert res.robust_posture == res.best_reply["defend-in-depth"]  # one posture: no regret
    both = optimize(
        tutorial,
        side="attacker",
        against=["defend-in-depth"],
        trials=8,
        runs=40,
        seed=2,
        days=150,
        free_levers=["tempo"],
        population=4,
        objectives=["time", "losses"],
    )
    # time and losses trade off monotonically in tempo: the frontier, ordered by fall day,
    # runs from the highest tempo tried (fastest) to the lowest (cheapest)
    tempos = [float(both.candidates[i].point.values["tempo"]) for i in both.frontier]
    tried = [float(c.point.values["tempo"]) for c in both.candidates]
    assert tempos == sorted(tempos, reverse=True)
    assert tempos[0] == max(tried) and tempos[-1] == min(tried)
    assert len(tempos) >= len(tried) - 2


def test_same_seed_same_trials_and_study_resumes(tutorial: LoadedScenario, tmp_path: Path) -> None:
    kw = dict(side="attacker", trials=6, runs=12, seed=5, days=30, population=3)
    a = optimize(tutorial, **kw)  # type: ignore[arg-type]
    b = optimize(tutorial, **kw)  # type: ignore[arg-type]
    assert [c.point.values for c in a.candidates] == [c.point.values for c in b.candidates]
    assert a.to_dict()["robust"] == b.to_dict()["robust"]
    assert a.candidates[0].label == "attrition" and a.candidates[1].label == "decisive"
    study = tmp_path / "study.log"
    first = optimize(tutorial, **{**kw, "trials": 3}, study=study)  # type: ignore[arg-type]
    assert len(first.candidates) == 3
    resumed = optimize(tutorial, **kw, study=study)  # type: ignore[arg-type]
    assert len(resumed.candidates) == 6
    assert [c.point.values for c in resumed.candidates[:3]] == [
        c.point.values for c in first.candidates
    ]
    np.testing.assert_array_equal(
        resumed.candidates[0].values["defend-in-depth"][RDAY],
        a.candidates[0].values["defend-in-depth"][RDAY],
    )
    with pytest.raises(UserError, match="runs=12"):
        optimize(tutorial, **{**kw, "runs": 20}, study=study)  # type: ignore[arg-type]


def test_cli_prints_the_decision_and_writes_the_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from clausewitz.cli.main import run as cli

    args = ["optimize", "tutorial", "--trials", "4", "--runs", "10", "--days", "30"]
    rc = cli([*args, "--population", "2", "--report", str(tmp_path / "r.html")])
    assert rc == 0
    out = capsys.readouterr().out
    assert "Recommended for the attacker" in out and "Pareto frontier" in out
    text = (tmp_path / "r.html").read_text()
    for section in ("The recommendation", "Does it pay off run by run?", "The frontier"):
        assert section in text
    for name in ("paired", "frontier"):
        assert (tmp_path / f"r-{name}.png").stat().st_size > 5000
    rc = cli([*args, "--levers", "tempo,airpower"])
    assert rc == 2 and "unknown attacker lever(s) airpower" in capsys.readouterr().err
    rc = cli([*args, "--against", "retreat"])
    assert rc == 2 and "unknown strategy 'retreat'" in capsys.readouterr().err


def test_dask_workers_give_the_same_trials(tutorial: LoadedScenario) -> None:
    kw = dict(side="attacker", trials=4, runs=10, seed=3, days=20, population=2)
    one = optimize(tutorial, **kw)  # type: ignore[arg-type]
    two = optimize(tutorial, **kw, workers=2)  # type: ignore[arg-type]
    assert [c.point.values for c in one.candidates] == [c.point.values for c in two.candidates]
    for a, b in zip(one.candidates, two.candidates, strict=True):
        np.testing.assert_array_equal(
            a.values["hold-every-metre"]["attacker_losses"],
            b.values["hold-every-metre"]["attacker_losses"],
        )


@pytest.mark.browser
def test_optimize_report_figures_are_drawn_in_chromium(tmp_path: Path) -> None:
    from clausewitz.cli.main import run as cli
    from clausewitz.report.browser import check_figures, find_chromium, render

    if find_chromium() is None:
        pytest.skip("Chromium is not installed: run `make browser`")
    html = tmp_path / "o.html"
    args = ["optimize", "tutorial", "--trials", "5", "--runs", "20", "--days", "40"]
    assert cli([*args, "--population", "3", "--report", str(html)]) == 0
    page = render(html, tmp_path / "shot.png")
    assert page.console_errors == [] and page.dom_chars > 5_000
    checks = check_figures(html, tmp_path / "figures")
    assert {c.section for c in checks} == {
        "does-it-pay-off-run-by-run",
        "the-frontier--what-each-choice-buys-and-costs",
    }
    assert not any(c.blank for c in checks)


def test_a_study_file_that_is_not_a_journal_is_a_user_error(
    tutorial: LoadedScenario, tmp_path: Path
) -> None:
    kw = dict(side="attacker", trials=2, runs=4, seed=5, days=10, population=2)
    other = tmp_path / "manifest.json"
    other.write_text('{\n  "kind": "compare"\n}\n')
    with pytest.raises(UserError, match="not a journal written by clausewitz optimize"):
        optimize(tutorial, **kw, study=other)  # type: ignore[arg-type]
    assert other.read_text() == '{\n  "kind": "compare"\n}\n'  # left as it was
    with pytest.raises(UserError, match="is a folder"):
        optimize(tutorial, **kw, study=tmp_path)  # type: ignore[arg-type]
