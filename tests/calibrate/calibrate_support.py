"""Support for the calibration tests: the tutorial with coordinates, and a synthetic record of
a front moving north past it.

The record is a box of occupied ground south of a latitude that moves north week by week, one
file per Monday from 2 December 2024 to 14 July 2025: the tutorial's knowledge date is
6 July 2025, so the last two files lie on or after it and the calibration must never read them.
"""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources
from pathlib import Path

import shapely
from shapely.geometry import mapping

from clausewitz.truth.record import OccupiedRecord

TUTORIAL = Path(str(resources.files("clausewitz") / "scenarios" / "tutorial.yaml"))
POKROVSK = (48.281979, 37.17585)
RODYNSKE = (48.35199, 37.20602)
FIRST = dt.date(2024, 12, 2)
WEEKS = 33
KNOWLEDGE_DATE = dt.date(2025, 7, 6)


def write_polygon(folder: Path, date: dt.date, geom: shapely.Geometry) -> Path:
    """One record file in DeepState's weekly format."""
    path = folder / f"deepstatemap_data_{date:%Y%m%d}.geojson"
    feature = {"type": "Feature", "properties": {}, "geometry": mapping(geom)}
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}), "utf-8")
    return path


def front_latitude(week: int) -> float:
    """The synthetic front's latitude in week ``week`` (about 60 m a day north)."""
    return 48.10 + 0.0038 * week


def located_tutorial_file(tmp_path: Path) -> Path:
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
    path = tmp_path / "scenario" / "tutorial-located.yaml"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    return path


def synthetic_folder(folder: Path, *, after_kd_shift: float = 0.0) -> Path:
    """Write the synthetic record; ``after_kd_shift`` moves the files on or after the
    knowledge date (so a test can check that they are never read)."""
    folder.mkdir(parents=True, exist_ok=True)
    for w in range(WEEKS + 1):
        day = FIRST + dt.timedelta(weeks=w)
        lat = front_latitude(w) + (after_kd_shift if day >= KNOWLEDGE_DATE else 0.0)
        write_polygon(folder, day, shapely.box(36.8, 47.8, 37.6, lat))
    return folder


def synthetic_record(folder: Path, *, after_kd_shift: float = 0.0) -> OccupiedRecord:
    """The synthetic record (the shipped one is not used)."""
    synthetic_folder(folder, after_kd_shift=after_kd_shift)
    files = {
        dt.datetime.strptime(p.stem.rsplit("_", 1)[1], "%Y%m%d").date(): p
        for p in folder.glob("*.geojson")
    }
    return OccupiedRecord(files)
