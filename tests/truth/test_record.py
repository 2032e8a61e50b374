"""The shipped record, the General Staff claims, and the errors of a bad --truth folder."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import shapely
from shapely.geometry import mapping

from clausewitz.errors import UserError
from clausewitz.truth import load_personnel_claims, load_record


def write_polygon(folder: Path, date: str, geom: shapely.Geometry) -> Path:
    path = folder / f"deepstatemap_data_{date}.geojson"
    doc = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},
                                                      "geometry": mapping(geom)}]}  # fmt: skip
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def test_shipped_record_spans_snapshots_and_weekly_files() -> None:
    record = load_record()
    assert record.dates[0] == dt.date(2023, 5, 31)
    assert record.dates[-1] == dt.date(2025, 7, 3)
    assert len(record.dates) == 56
    # provenance's check: 109,361 km² on 8 July 2024 (geodesic)
    assert record.area_km2(dt.date(2024, 7, 8)) == pytest.approx(109_361, abs=1)
    # Pokrovsk was 37.0 km from the occupied area on 18 Feb 2024 (snapshot extract)
    assert record.distance_km(dt.date(2024, 2, 18), 48.281979, 37.17585) == pytest.approx(
        37.0, abs=0.05
    )


def test_user_files_are_added_and_win(tmp_path: Path) -> None:
    write_polygon(tmp_path, "20250801", shapely.box(37.0, 48.0, 37.3, 48.3))
    write_polygon(tmp_path, "20250703", shapely.box(37.0, 48.0, 37.1, 48.1))
    record = load_record(tmp_path)
    assert record.dates[-1] == dt.date(2025, 8, 1)
    assert record.inside(dt.date(2025, 8, 1), 48.281979, 37.17585)
    assert record.area_km2(dt.date(2025, 7, 3)) < 200  # the user's file replaced the shipped one


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("deepstatemap_data_20250801.geojson", "{not json", "not valid JSON"),
        ("deepstatemap_data_20250801.geojson", '{"type": "Feature"}', "not FeatureCollection"),
        (
            "deepstatemap_data_20250801.geojson",
            '{"type": "FeatureCollection", "features": []}',
            "holds no Polygon",
        ),
        ("deepstatemap_data_20251340.geojson", "{}", "not a real date"),
    ],
)
def test_malformed_file_is_a_user_error(
    tmp_path: Path, name: str, content: str, message: str
) -> None:
    (tmp_path / name).write_text(content, encoding="utf-8")
    with pytest.raises(UserError) as err:
        load_record(tmp_path)
    assert message in str(err.value)
    assert name in str(err.value)
    assert "\n" not in str(err.value)


def test_missing_or_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="folder not found"):
        load_record(tmp_path / "nope")
    (tmp_path / "readme.txt").write_text("x", encoding="utf-8")
    with pytest.raises(UserError, match="holds no file named deepstatemap_data_YYYYMMDD"):
        load_record(tmp_path)


def test_personnel_claims() -> None:
    claims = load_personnel_claims()
    assert claims.last == dt.date(2025, 7, 6)
    # provenance: 1,020,010 on 2025-06-30 and 1,023,090 on 2025-07-03
    assert claims.between(dt.date(2025, 6, 30), dt.date(2025, 7, 3)) == 3080
    assert claims.between(dt.date(2025, 7, 3), dt.date(2025, 8, 1)) is None
