"""Support for the calibration tests: the tutorial with coordinates, and a synthetic record of
a front moving north past it.

The record is a box of occupied ground south of a latitude that moves north week by week, one
file per Monday from 2 December 2024 to 14 July 2025: the tutorial's knowledge date is
6 July 2025, so the last two files lie on or after it and the calibration must never read them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import shapely
from located_tutorial import located_tutorial_file as located_tutorial
from located_tutorial import write_polygon

from clausewitz.truth.record import OccupiedRecord

FIRST = dt.date(2024, 12, 2)
WEEKS = 33
KNOWLEDGE_DATE = dt.date(2025, 7, 6)


def front_latitude(week: int) -> float:
    """The synthetic front's latitude in week ``week`` (about 60 m a day north)."""
    return 48.10 + 0.0038 * week


def located_tutorial_file(tmp_path: Path) -> Path:
    """The tutorial with locations for its two objectives, in its own scenario folder."""
    return located_tutorial(tmp_path / "scenario")


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
