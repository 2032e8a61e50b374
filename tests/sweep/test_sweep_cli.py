"""``clausewitz sweep``: the store sees it, resume from the manifest alone, user errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from clausewitz.cli.main import run
from clausewitz.store import query

STRATS = ["--strategies", "attacker=steady-pressure", "--strategies", "defender=hold-line"]


def test_sweep_writes_the_store_and_resumes_from_the_manifest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    design = tmp_path / "design.csv"
    design.write_text("ru-troops,ua-troops\n80000,40000\n120000,40000\n120000,60000\n")
    args = ["sweep", "tutorial", "--design", str(design), *STRATS, "--runs-per-point", "3"]
    args += ["--days", "20", "--scheduler", "synchronous", "--chunk-points", "2"]
    args += ["--experiment", "tut", "--results", str(tmp_path / "res"), "--json"]
    assert run(args) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["points"] == 3 and summary["runs"] == 9 and summary["chunks_run"] == 2
    rows = query(
        'SELECT point, count(*) AS n, min("param.ua-troops") AS ua FROM runs '
        "GROUP BY point ORDER BY point",
        tmp_path / "res",
    ).to_pylist()
    assert rows == [
        {"point": 0, "n": 3, "ua": 40000.0},
        {"point": 1, "n": 3, "ua": 40000.0},
        {"point": 2, "n": 3, "ua": 60000.0},
    ]
    manifest = query("SELECT status, scenario, sampler FROM experiments", tmp_path / "res")
    assert manifest.to_pylist() == [
        {"status": "complete", "scenario": "tutorial", "sampler": "design-file"}
    ]
    # a finished sweep resumed: nothing to run, every chunk kept
    resume = ["sweep", "tutorial", "--resume", "tut", "--results", str(tmp_path / "res")]
    assert run([*resume, "--scheduler", "synchronous", "--json"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert again["chunks_run"] == 0 and again["chunks_kept"] == 2
    # started again without --resume: refused, with the way out
    assert run(args) == 2
    assert "--resume tut" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--vary", "ru-troop=1:2", *STRATS], "did you mean 'ru-troops'"),
        (["--vary", "ru-troops=1:2", "--design", "x.csv"], "either --vary"),
        (STRATS, "either --vary"),
        (["--vary", "ru-troops=1:2", "--sampler", "random"], "choose grid, lhs or sobol"),
        (["--vary", "ru-troops=1:2", "--strategies", "attacker=nope"], "unknown strategy"),
        (["--vary", "loss-cap-attacker=0.5:1.5", *STRATS], "outside its bounds [0, 1]"),
        (
            ["--vary", "ru-killed-share=0.2:1.2", *STRATS],
            "outside what sides.attacker.killed_share accepts [0, 1]",
        ),
    ],
)
def test_user_errors_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    code = run(["sweep", "tutorial", *extra, "--results", str(tmp_path)])
    assert code == 2
    assert message in capsys.readouterr().err


def test_help_has_an_example(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["sweep", "--help"]) == 0
    out = capsys.readouterr().out
    assert "Example" in out and "--resume" in out and "--scheduler" in out


def test_the_printed_query_runs_when_pasted_into_a_shell(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import shlex

    results = tmp_path / "my results"  # a space in the path, too
    args = ["sweep", "tutorial", "--vary", "ru-troops=80000:120000:2", *STRATS]
    args += ["--runs-per-point", "2", "--days", "10", "--scheduler", "synchronous"]
    args += ["--experiment", "g", "--results", str(results)]
    assert run(args) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("query: "))
    argv = shlex.split(line.removeprefix("query: "))  # what a POSIX shell passes on
    assert argv[:4] == ["clausewitz", "query", "--results", str(results)]
    assert '"param.ru-troops"' in argv[4]
    assert run(argv[1:]) == 0
    assert "80000" in capsys.readouterr().out


def test_resuming_another_scenarios_sweep_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    results = ["--results", str(tmp_path / "res"), "--scheduler", "synchronous"]
    args = ["sweep", "tutorial", "--vary", "ru-troops=80000:120000:2", *STRATS]
    assert run([*args, "--runs-per-point", "2", "--days", "10", "--experiment", "g", *results]) == 0
    capsys.readouterr()
    code = run(["sweep", "pokrovsk-2024", "--resume", "g", *results])
    err = capsys.readouterr().err
    assert code == 2
    assert "that sweep is of scenario tutorial, not pokrovsk-2024" in err
    assert "clausewitz sweep tutorial --resume g" in err
