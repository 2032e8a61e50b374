"""The experiment lock: a folder one may not write in is named as such, not as busy."""

from __future__ import annotations

from pathlib import Path

import pytest
from unwritable import unwritable_folder

from clausewitz.errors import UserError
from clausewitz.store.lock import ExperimentBusy, experiment_lock


def test_an_unwritable_folder_is_not_reported_as_busy(tmp_path: Path) -> None:
    out = unwritable_folder(tmp_path) / "results"
    with pytest.raises(UserError) as info, experiment_lock(out):
        pass
    assert not isinstance(info.value, ExperimentBusy)
    assert "cannot write in" in str(info.value)
    assert "another clausewitz process" not in str(info.value)


def test_a_second_writer_is_still_busy(tmp_path: Path) -> None:
    out = tmp_path / "results"
    with experiment_lock(out), pytest.raises(ExperimentBusy), experiment_lock(out):
        pass
