"""Results store: atomic chunks, resumable bookkeeping, DuckDB views across experiments."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest

from clausewitz.cli.main import run
from clausewitz.errors import UserError
from clausewitz.store import ExperimentWriter, list_experiments, query


def _write(root: Path, exp: str, chunks: int, extra: str | None = None) -> None:
    w = ExperimentWriter(root, exp)
    w.write_manifest({"kind": "run", "seed": 1, "runs": chunks * 3})
    for i in range(chunks):
        cols: dict[str, list[float] | list[int]] = {
            "run": [3 * i, 3 * i + 1, 3 * i + 2],
            "attacker_losses": [10.0 * i, 11.0, 12.0],
        }
        if extra:
            cols[extra] = [1.0, 2.0, 3.0]
        w.write_chunk("runs", i, pa.table(cols))
        w.write_chunk("daily", i, pa.table({"day": [0, 1], "front": [0.0, 0.1 * i]}))


def test_views_union_experiments_and_name_them(tmp_path: Path) -> None:
    _write(tmp_path, "exp-a", 2)
    _write(tmp_path, "exp-b", 3, extra="k_attacker")
    t = query(
        "SELECT experiment, count(*) AS n, max(k_attacker) AS k FROM runs "
        "GROUP BY experiment ORDER BY experiment",
        tmp_path,
    ).to_pylist()
    assert t == [
        {"experiment": "exp-a", "n": 6, "k": None},
        {"experiment": "exp-b", "n": 9, "k": 3.0},
    ]
    exps = query("SELECT experiment, runs FROM experiments ORDER BY 1", tmp_path).to_pylist()
    assert exps == [{"experiment": "exp-a", "runs": 6}, {"experiment": "exp-b", "runs": 9}]
    assert query("SELECT count(*) AS n FROM daily", tmp_path).to_pylist() == [{"n": 10}]


def test_rewriting_a_chunk_replaces_it(tmp_path: Path) -> None:
    _write(tmp_path, "e", 2)
    _write(tmp_path, "e", 2)
    assert query("SELECT count(*) AS n FROM runs", tmp_path).to_pylist() == [{"n": 6}]
    assert ExperimentWriter(tmp_path, "e").done_chunks("runs") == {0, 1}


def test_no_temporary_files_are_left(tmp_path: Path) -> None:
    _write(tmp_path, "e", 3)
    assert not [p for p in tmp_path.rglob("*") if p.name.startswith(".")]


def test_bad_ids_and_missing_store_are_user_errors(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="invalid experiment id"):
        ExperimentWriter(tmp_path, "../escape")
    with pytest.raises(UserError, match="does not exist"):
        query("SELECT 1", tmp_path / "nope")
    _write(tmp_path, "e", 1)
    with pytest.raises(UserError, match="query failed"):
        query("SELECT no_such_column FROM runs", tmp_path)
    assert list_experiments(tmp_path / "nope") == []


def test_query_cli_json_csv_and_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write(tmp_path, "e", 2)
    sql = "SELECT run, attacker_losses FROM runs ORDER BY run LIMIT 2"
    assert run(["query", sql, "--results", str(tmp_path), "--json"]) == 0
    out = capsys.readouterr().out
    assert '"attacker_losses": 0.0' in out and '"run": 1' in out
    assert run(["query", sql, "--results", str(tmp_path), "--csv"]) == 0
    assert capsys.readouterr().out.splitlines()[:2] == ["run,attacker_losses", "0,0.0"]
    assert run(["query", "SELEC nonsense", "--results", str(tmp_path)]) == 2
    assert "query failed" in capsys.readouterr().err
    assert run(["query", "SELECT 1", "--results", str(tmp_path), "--json", "--csv"]) == 2
