"""A tutorial scenario with coordinates and a tiny truth folder of box-shaped occupied areas."""

from __future__ import annotations

from pathlib import Path

import pytest
import shapely
from located_tutorial import located_tutorial_file, write_polygon


@pytest.fixture
def located_tutorial(tmp_path: Path) -> Path:
    """The tutorial with locations for its two objectives."""
    return located_tutorial_file(tmp_path)


@pytest.fixture
def box_truth(tmp_path: Path) -> Path:
    """Three weekly files after the tutorial's knowledge date: the occupied area's north edge
    moves from 48.24 N to 48.26 N, then past Pokrovsk (48.30 N) on 4 August 2025."""
    folder = tmp_path / "truth"
    folder.mkdir()
    for date, north in (("20250714", 48.24), ("20250721", 48.26), ("20250804", 48.30)):
        write_polygon(folder, date, shapely.box(36.9, 48.0, 37.5, north))
    return folder
