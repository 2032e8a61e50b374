"""Helpers of the backtest tests."""

from __future__ import annotations

import json
from pathlib import Path

import shapely
from shapely.geometry import mapping


def write_polygon(folder: Path, date: str, geom: shapely.Geometry) -> Path:
    """One record file in DeepState's weekly format."""
    path = folder / f"deepstatemap_data_{date}.geojson"
    feature = {"type": "Feature", "properties": {}, "geometry": mapping(geom)}
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}), "utf-8")
    return path
