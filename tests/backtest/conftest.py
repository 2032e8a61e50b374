"""A tutorial scenario with coordinates and a tiny truth folder of box-shaped occupied areas."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
import shapely
from backtest_helpers import write_polygon

TUTORIAL = Path(str(resources.files("clausewitz") / "scenarios" / "tutorial.yaml"))

POKROVSK = (48.281979, 37.17585)
RODYNSKE = (48.35199, 37.20602)


@pytest.fixture
def located_tutorial(tmp_path: Path) -> Path:
    """The tutorial with locations for its two objectives."""
    text = TUTORIAL.read_text(encoding="utf-8")
    subs = [
        (
            "      depth: pokrovsk-depth\n",
            "      depth: pokrovsk-depth\n"
            f"      location: {{lat: {POKROVSK[0]}, lon: {POKROVSK[1]}}}\n",
        ),
        (
            "name: Rodynske, sector: north-east, depth: rodynske-depth}",
            "name: Rodynske, sector: north-east, depth: rodynske-depth, "
            f"location: {{lat: {RODYNSKE[0]}, lon: {RODYNSKE[1]}}}}}",
        ),
    ]
    for old, new in subs:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = tmp_path / "tutorial-located.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def box_truth(tmp_path: Path) -> Path:
    """Three weekly files after the tutorial's knowledge date: the occupied area's north edge
    moves from 48.24 N to 48.26 N, then past Pokrovsk (48.30 N) on 4 August 2025."""
    folder = tmp_path / "truth"
    folder.mkdir()
    for date, north in (("20250714", 48.24), ("20250721", 48.26), ("20250804", 48.30)):
        write_polygon(folder, date, shapely.box(36.9, 48.0, 37.5, north))
    return folder
