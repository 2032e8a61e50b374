"""Geodesic measures on the WGS84 ellipsoid: a point's distance to a polygon, whether it lies
inside, and a polygon's area (optionally within a region).

Shapely does the set operations and pyproj the geodesy; nothing here is hand-written geometry.
The distance projects the polygon onto an azimuthal equidistant plane centred on the point,
where the distance from the centre to any vertex is its exact geodesic distance; between
vertices the edge is straight on that plane rather than a geodesic, which at the tens of km of
a front line differs by metres.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import numpy as np
import shapely
from numpy.typing import NDArray
from pyproj import CRS, Geod, Transformer
from shapely.geometry.base import BaseGeometry

GEOD = Geod(ellps="WGS84")
"""The ellipsoid every distance and area is measured on."""

SEARCH_RADIUS_DEG = 4.0
"""[ENG] Largest half-width (degrees) of the box around a point to which the polygon is clipped
before projecting it (only to keep the projection small); if nothing lies within it, the
whole polygon is projected, so the answer never depends on it."""


@lru_cache(maxsize=256)
def _to_aeqd(lat: float, lon: float) -> Transformer:
    crs = CRS.from_proj4(f"+proj=aeqd +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m")
    return Transformer.from_crs("EPSG:4326", crs, always_xy=True)


def _project(geom: BaseGeometry, lat: float, lon: float) -> BaseGeometry:
    tr = _to_aeqd(lat, lon)

    def f(xy: NDArray[np.float64]) -> NDArray[np.float64]:
        x, y = tr.transform(xy[:, 0], xy[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geom, f)


def is_inside(polygon: BaseGeometry, lat: float, lon: float) -> bool:
    """Whether the point (``lat``, ``lon``) lies inside (or on the edge of) ``polygon``."""
    return bool(shapely.intersects_xy(polygon, lon, lat))


def distance_km(polygon: BaseGeometry, lat: float, lon: float) -> float:
    """Geodesic distance (km) from the point to the nearest point of ``polygon``; 0 inside."""
    if polygon.is_empty:
        return float("inf")
    if is_inside(polygon, lat, lon):
        return 0.0
    # The nearest point on the ground lies within d/cos(lat) degrees of the point, where d is
    # the planar distance in degrees (a degree of longitude is the shorter one): clip to that
    # box (with a margin) so that only the nearby edges are projected.
    d = float(polygon.distance(shapely.Point(lon, lat)))
    r = min(SEARCH_RADIUS_DEG, 1.1 * d / max(np.cos(np.radians(lat)), 1e-6) + 0.05)
    near = polygon.intersection(shapely.box(lon - r, lat - r, lon + r, lat + r))
    target = near if not near.is_empty else polygon
    projected = _project(target, lat, lon)
    return float(projected.distance(shapely.Point(0.0, 0.0))) / 1000.0


def area_km2(polygon: BaseGeometry, region: BaseGeometry | None = None) -> float:
    """Geodesic area (km²) of ``polygon``, or of its part inside ``region``."""
    geom = polygon if region is None else polygon.intersection(region)
    if geom.is_empty:
        return 0.0
    area, _ = GEOD.geometry_area_perimeter(geom)
    return abs(float(area)) / 1e6


def on_ground(geom: BaseGeometry, op: Callable[[BaseGeometry], BaseGeometry]) -> BaseGeometry:
    """``op`` applied to ``geom`` in metres: on an azimuthal equidistant plane at its centre,
    then brought back to lon/lat (distances near the centre are true on the ground)."""
    c = geom.centroid
    tr = _to_aeqd(c.y, c.x)

    def fwd(xy: NDArray[np.float64]) -> NDArray[np.float64]:
        x, y = tr.transform(xy[:, 0], xy[:, 1])
        return np.column_stack([x, y])

    def back(xy: NDArray[np.float64]) -> NDArray[np.float64]:
        x, y = tr.transform(xy[:, 0], xy[:, 1], direction="INVERSE")
        return np.column_stack([x, y])

    return shapely.transform(op(shapely.transform(geom, fwd)), back)


def buffer_km(geom: BaseGeometry, km: float) -> BaseGeometry:
    """``geom`` grown by ``km`` on the ground."""
    return on_ground(geom, lambda g: g.buffer(km * 1000.0, quad_segs=16))
