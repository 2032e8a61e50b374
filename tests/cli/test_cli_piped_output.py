"""Tables written to a file or a pipe are not cut to 80 columns: ids and names stay whole."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest

from clausewitz.cli.main import run
from clausewitz.store import ExperimentWriter


def test_a_piped_query_prints_long_values_whole(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    w = ExperimentWriter(tmp_path, "e1")
    w.write_manifest({"kind": "run", "status": "complete", "seed": 1})
    source = "tme30-451-consumption-rates-for-a-division-in-heavy-fighting-per-thousand-men"
    w.write_chunk("runs", 0, pa.table({"run": [0], "source": [source], "note": ["x" * 40]}))
    code = run(["query", "--results", str(tmp_path), "SELECT run, source, note FROM runs"])
    out = capsys.readouterr().out
    assert code == 0
    assert source in out  # one line, not folded or cut with an ellipsis
    assert "x" * 40 in out
