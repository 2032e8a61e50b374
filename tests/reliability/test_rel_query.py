"""``query`` reads the store and nothing else, on a results folder or one experiment's folder,
and always prints what it read: no markup, strict JSON (issue case 9)."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pytest

from clausewitz.cli.main import run
from clausewitz.errors import UserError
from clausewitz.store import ExperimentWriter, query


def _experiment(root: Path, name: str, status: str = "complete") -> Path:
    w = ExperimentWriter(root, name)
    w.write_manifest({"kind": "run", "status": status, "seed": 1})
    w.write_chunk(
        "runs",
        0,
        pa.table(
            {"run": [0, 1, 2], "x": [1.0, float("inf"), float("nan")], "t": ["[/]", "a", "b"]}
        ),
    )
    return w.path


def _cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = run(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_an_experiment_folder_and_its_parent_both_query(tmp_path: Path) -> None:
    folder = _experiment(tmp_path, "e1")
    _experiment(tmp_path, "e2")
    one = query("SELECT experiment, count(*) AS n FROM runs GROUP BY 1", folder).to_pylist()
    assert one == [{"experiment": "e1", "n": 3}]
    both = query("SELECT count(*) AS n FROM runs", tmp_path).to_pylist()
    assert both == [{"n": 6}]


def test_a_folder_without_an_experiment_says_so(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(UserError, match="no experiment in"):
        query("SELECT count(*) FROM runs", tmp_path / "empty")


def test_unfinished_and_partial_experiments_are_not_counted(tmp_path: Path) -> None:
    _experiment(tmp_path, "done")
    _experiment(tmp_path, "killed", status="running")
    # a writer's partial folder (complete manifest and all) is hidden until published
    partial = ExperimentWriter(tmp_path, "next", root=tmp_path / ".next.partial")
    partial.write_manifest({"kind": "run", "status": "complete"})
    partial.write_chunk("runs", 0, pa.table({"run": [0]}))
    rows = query("SELECT experiment, count(*) AS n FROM runs GROUP BY 1", tmp_path).to_pylist()
    assert rows == [{"experiment": "done", "n": 3}]
    exps = query("SELECT experiment, status FROM experiments ORDER BY 1", tmp_path).to_pylist()
    assert {"experiment": "killed", "status": "running"} in exps


def test_a_truncated_chunk_leaves_out_its_experiment_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _experiment(tmp_path, "good")
    bad = _experiment(tmp_path, "bad") / "runs" / "chunk-000000.parquet"
    bad.write_bytes(bad.read_bytes()[:-20])
    code, out, err = _cli(
        ["query", "--results", str(tmp_path), "--json", "SELECT experiment FROM runs"], capsys
    )
    assert code == 0, err
    assert {r["experiment"] for r in json.loads(out)} == {"good"}
    assert "bad" in err and "damaged" in err


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT * FROM read_csv('/etc/passwd')",
        "COPY (SELECT 1) TO 'OUTSIDE.csv'",
        "ATTACH 'OUTSIDE.duckdb' AS o",
        "INSTALL httpfs",
        "SET enable_external_access = true",
        "SELECT * FROM read_parquet('RESULTS/e1/runs/*.parquet')",
    ],
)
def test_queries_cannot_touch_files_by_default(
    sql: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _experiment(tmp_path / "RESULTS", "e1")
    code, _, err = _cli(["query", "--results", "RESULTS", sql], capsys)
    assert code == 2, err
    assert "error" in err and "internal error" not in err
    assert not (tmp_path / "OUTSIDE.csv").exists()
    assert not (tmp_path / "OUTSIDE.duckdb").exists()


def test_allow_files_lifts_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _experiment(tmp_path / "RESULTS", "e1")
    (tmp_path / "extra.csv").write_text("a\n7\n")
    code, out, err = _cli(
        [
            "query",
            "--results",
            "RESULTS",
            "--allow-files",
            "--json",
            "SELECT a FROM read_csv('extra.csv')",
        ],
        capsys,
    )
    assert code == 0, err
    assert json.loads(out) == [{"a": 7}]


@pytest.mark.parametrize("sql", ["", "   ", "SELECT 1; SELECT 2"])
def test_empty_or_several_statements_are_usage_errors(
    sql: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _experiment(tmp_path, "e1")
    code, _, err = _cli(["query", "--results", str(tmp_path), sql], capsys)
    assert code == 2, err
    assert "internal error" not in err


def test_values_are_printed_not_parsed_as_markup_and_json_is_strict(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _experiment(tmp_path, "e1")
    code, out, err = _cli(
        ["query", "--results", str(tmp_path), 'SELECT t AS "[bold]", x FROM runs ORDER BY run'],
        capsys,
    )
    assert code == 0, err
    assert "[/]" in out and "[bold]" in out
    code, out, err = _cli(
        ["query", "--results", str(tmp_path), "--json", "SELECT x FROM runs ORDER BY run"], capsys
    )
    assert code == 0, err
    assert "Infinity" not in out and "NaN" not in out
    assert json.loads(out) == [{"x": 1.0}, {"x": None}, {"x": None}]
