"""The record of occupied territory: DeepState polygons by date, read from GeoJSON files.

A record is a set of files named ``deepstatemap_data_YYYYMMDD.geojson`` (the format of the
``cyterat/deepstate-map-data`` archive: a FeatureCollection in lon/lat whose Polygon and
MultiPolygon features together are the occupied area). The package ships the weekly files of
8 July 2024 to 3 July 2025 and occupied-area extracts of three earlier snapshots (see the
``PROVENANCE.md`` beside them); :func:`load_record` adds a user's folder of newer files, which
win over shipped files of the same date.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from clausewitz.errors import UserError
from clausewitz.truth.geometry import area_km2, distance_km, is_inside

FILE_PATTERN = re.compile(r"^deepstatemap_data_(\d{8})\.geojson$")
"""Name of a record file; the eight digits are the date (YYYYMMDD) the map shows."""

SHIPPED_FOLDERS: tuple[str, ...] = ("deepstate_snapshots", "deepstate_weekly")
"""Folders under ``clausewitz/data/ukraine`` that make up the shipped record, oldest first."""


def shipped_folders() -> list[Path]:
    """The shipped record's folders."""
    base = Path(str(resources.files("clausewitz") / "data" / "ukraine"))
    return [base / name for name in SHIPPED_FOLDERS]


def _file_date(path: Path) -> dt.date | None:
    m = FILE_PATTERN.match(path.name)
    if m is None:
        return None
    try:
        return dt.datetime.strptime(m.group(1), "%Y%m%d").date()
    except ValueError:
        raise UserError(
            f"{path}: the name's date {m.group(1)} is not a real date "
            "(expected deepstatemap_data_YYYYMMDD.geojson)"
        ) from None


def read_polygon(path: Path) -> BaseGeometry:
    """The occupied area in one file (the union of its polygon features), or
    :class:`UserError` naming the file and what a valid one holds."""
    expected = "expected a GeoJSON FeatureCollection of Polygon or MultiPolygon features in lon/lat"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"{path}: cannot be read ({exc.__class__.__name__}); {expected}") from None
    except json.JSONDecodeError as exc:
        raise UserError(f"{path}:{exc.lineno}: not valid JSON ({exc.msg}); {expected}") from None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise UserError(f"{path}: type is not FeatureCollection; {expected}")
    features = data.get("features")
    if not isinstance(features, list):
        raise UserError(f"{path}: features is not a list; {expected}")
    parts = []
    for i, feat in enumerate(features):
        geom = feat.get("geometry") if isinstance(feat, dict) else None
        if not isinstance(geom, dict) or geom.get("type") not in ("Polygon", "MultiPolygon"):
            continue
        try:
            parts.append(shape(geom))
        except (ValueError, TypeError, AttributeError, IndexError, KeyError) as exc:
            raise UserError(
                f"{path}: features[{i}].geometry is malformed ({exc}); {expected}"
            ) from None
    if not parts:
        raise UserError(f"{path}: holds no Polygon or MultiPolygon feature; {expected}")
    polygon = shapely.make_valid(shapely.union_all(parts))
    west, south, east, north = polygon.bounds
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        raise UserError(f"{path}: coordinates are outside lon/lat ranges; {expected}")
    return polygon


@dataclass
class OccupiedRecord:
    """Occupied-area polygons by date, read on first use and kept."""

    files: dict[dt.date, Path]
    _polygons: dict[dt.date, BaseGeometry] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.files = dict(sorted(self.files.items()))

    @property
    def dates(self) -> list[dt.date]:
        """Every date in the record, in order."""
        return list(self.files)

    def polygon(self, date: dt.date) -> BaseGeometry:
        """The occupied area on ``date`` (a date of the record)."""
        if date not in self._polygons:
            self._polygons[date] = read_polygon(self.files[date])
        return self._polygons[date]

    def distance_km(self, date: dt.date, lat: float, lon: float) -> float:
        """Geodesic km from the point to the occupied area on ``date`` (0 inside)."""
        return distance_km(self.polygon(date), lat, lon)

    def inside(self, date: dt.date, lat: float, lon: float) -> bool:
        """Whether the point is in the occupied area on ``date``."""
        return is_inside(self.polygon(date), lat, lon)

    def area_km2(self, date: dt.date, region: BaseGeometry | None = None) -> float:
        """Geodesic occupied area (km²) on ``date``, within ``region`` if given."""
        return area_km2(self.polygon(date), region)

    def area_gained_km2(
        self, start: dt.date, end: dt.date, region: BaseGeometry | None = None
    ) -> float:
        """Change of the occupied area (km²) in ``region`` from ``start`` to ``end``."""
        return self.area_km2(end, region) - self.area_km2(start, region)

    def on_or_before(self, date: dt.date) -> dt.date | None:
        """The latest record date not after ``date``."""
        earlier = [d for d in self.files if d <= date]
        return earlier[-1] if earlier else None


def _scan(folder: Path) -> dict[dt.date, Path]:
    out: dict[dt.date, Path] = {}
    for path in sorted(folder.iterdir()):
        day = _file_date(path)
        if day is not None and path.is_file():
            out[day] = path
    return out


def load_record(truth: Path | str | None = None, *, validate: bool = True) -> OccupiedRecord:
    """The shipped record plus the files of ``truth`` (a folder), which win on equal dates.

    A missing folder, a folder without record files, or (with ``validate``) any of its files
    that is not a valid occupied-area GeoJSON raises :class:`UserError` with one line.
    """
    files: dict[dt.date, Path] = {}
    for folder in shipped_folders():
        files.update(_scan(folder))
    if truth is not None:
        folder = Path(truth)
        if not folder.exists():
            raise UserError(f"--truth {folder}: folder not found")
        if not folder.is_dir():
            raise UserError(f"--truth {folder}: not a folder (give the folder of GeoJSON files)")
        given = _scan(folder)
        if not given:
            raise UserError(
                f"--truth {folder}: holds no file named deepstatemap_data_YYYYMMDD.geojson"
            )
        record = OccupiedRecord(given)
        if validate:
            for day in given:
                record.polygon(day)  # raises on a malformed file, before any simulation
        files.update(given)
        merged = OccupiedRecord(files)
        merged._polygons.update(record._polygons)
        return merged
    return OccupiedRecord(files)
