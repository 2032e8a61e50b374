"""Fixtures of the calibration tests (see calibrate_support)."""

from __future__ import annotations

from pathlib import Path

import pytest
from calibrate_support import located_tutorial_file, synthetic_record

from clausewitz.truth.record import OccupiedRecord


@pytest.fixture
def located_tutorial(tmp_path: Path) -> Path:
    """The tutorial with locations for its two objectives."""
    return located_tutorial_file(tmp_path)


@pytest.fixture
def record(tmp_path: Path) -> OccupiedRecord:
    """The synthetic record."""
    return synthetic_record(tmp_path / "truth")
