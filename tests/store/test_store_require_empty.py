"""A folder a new experiment may not be written to says what it holds."""

from __future__ import annotations

from pathlib import Path

import pytest

from clausewitz.errors import UserError
from clausewitz.store import ExperimentWriter
from clausewitz.store.staging import require_empty


def test_a_finished_experiment_is_named_with_how_to_read_it(tmp_path: Path) -> None:
    w = ExperimentWriter(tmp_path, "cmp")
    w.write_manifest(
        {"kind": "compare", "status": "complete", "scenario": "tutorial", "seed": 1, "runs": 3}
    )
    with pytest.raises(UserError) as info:
        require_empty(w.path)
    msg = str(info.value)
    assert (
        "already holds the results of a finished compare (scenario tutorial, seed 1, runs 3" in msg
    )
    assert f"clausewitz query --results {w.path}" in msg


def test_other_files_are_just_files(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(UserError, match="already holds files; choose another folder"):
        require_empty(tmp_path)
    assert require_empty(tmp_path / "new") == tmp_path / "new"
