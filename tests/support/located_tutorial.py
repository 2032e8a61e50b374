"""The tutorial with coordinates, and DeepState-format record files, for the tests of the
backtest and the calibration (both score a scenario against a synthetic record)."""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources
from pathlib import Path

import shapely
from shapely.geometry import mapping

TUTORIAL = Path(str(resources.files("clausewitz") / "scenarios" / "tutorial.yaml"))
POKROVSK = (48.281979, 37.17585)
RODYNSKE = (48.35199, 37.20602)


def write_polygon(folder: Path, date: dt.date | str, geom: shapely.Geometry) -> Path:
    """One record file in DeepState's weekly format (``date`` a date or ``YYYYMMDD``)."""
    stamp = date if isinstance(date, str) else f"{date:%Y%m%d}"
    path = folder / f"deepstatemap_data_{stamp}.geojson"
    feature = {"type": "Feature", "properties": {}, "geometry": mapping(geom)}
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}), "utf-8")
    return path


def located_tutorial_file(folder: Path) -> Path:
    """The tutorial with locations for its two objectives, written into ``folder``."""
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
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "tutorial-located.yaml"
    path.write_text(text, encoding="utf-8")
    return path
