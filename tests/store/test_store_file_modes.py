"""Results are written with the modes a plain open() would give them, not mkstemp's 0600."""

from __future__ import annotations

import os
from pathlib import Path

import pyarrow as pa

from clausewitz.store import ExperimentWriter


def test_results_are_readable_by_whoever_shares_the_folder(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        w = ExperimentWriter(tmp_path, "e1")
        w.write_manifest({"kind": "run", "status": "complete", "seed": 1})
        w.write_chunk("runs", 0, pa.table({"run": [0, 1]}))
    finally:
        os.umask(old)
    files = [p for p in w.path.rglob("*") if p.is_file()]
    assert len(files) == 2
    for p in files:
        assert p.stat().st_mode & 0o777 == 0o644, p.name  # as a plain open() would make it
