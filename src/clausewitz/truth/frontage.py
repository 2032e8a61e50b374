"""The length of a stretch of the front line, measured on DeepState's occupied-area polygon.

A stretch is given by three points: where it starts, a point it passes near, and where it ends.
Each is projected onto the nearest edge of the polygon's part closest to the ``via`` point; the
ring of that part is cut at the two end points into two arcs, and the stretch is the arc that
passes nearest to ``via``. So a stretch never runs the long way round (along the coast or the
state border), and a salient on the state border is measured along its front, not along the
border, by naming the two points where the front meets the border.

The arc is smoothed before it is measured (:data:`SMOOTHING_KM`) and its length is geodesic on
the WGS84 ellipsoid (pyproj). Shapely does the set operations; nothing here is hand-written
geometry.
"""

from __future__ import annotations

from dataclasses import dataclass

from shapely.geometry import LineString, Point, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.ops import substring

from clausewitz.errors import UserError
from clausewitz.truth.geometry import GEOD, on_ground

SMOOTHING_KM = 2.0
"""[ENG] Douglas-Peucker tolerance (km) applied to a stretch before measuring it. DeepState
traces every street-level salient; an advance across a sector sweeps its front as a staff map
draws it, so the frontage is the line with bends of under about 2 km straightened (the raw
length is 20-40% longer and grows with the map's detail, the coastline effect)."""


@dataclass(frozen=True)
class Stretch:
    """A stretch of the front: from ``start`` past ``via`` to ``end``, each (lat, lon)."""

    start: tuple[float, float]
    via: tuple[float, float]
    end: tuple[float, float]


@dataclass(frozen=True)
class Measured:
    """A stretch as measured: its length (km, smoothed and raw) and its midpoint (lat, lon)."""

    km: float
    raw_km: float
    midpoint: tuple[float, float]


def _parts(polygon: BaseGeometry) -> list[Polygon]:
    if isinstance(polygon, Polygon):
        return [polygon]
    return [g for g in getattr(polygon, "geoms", []) if isinstance(g, Polygon)]


def _arc(ring: LineString, a: float, b: float) -> LineString:
    """The ring's arc from position ``a`` forward to position ``b`` (wrapping past the end)."""
    total = ring.length
    if b >= a:
        return LineString(substring(ring, a, b).coords)
    head = list(substring(ring, a, total).coords)
    tail = list(substring(ring, 0.0, b).coords)
    return LineString(head + tail[1:])


def _geodesic_km(line: LineString) -> float:
    return float(GEOD.geometry_length(line)) / 1000.0


def _smoothed(line: LineString, km: float) -> LineString:
    """``line`` simplified with tolerance ``km`` on an equidistant plane at its centre."""
    flat = on_ground(line, lambda g: g.simplify(km * 1000.0, preserve_topology=False))
    return LineString(flat.coords)


def measure(
    polygon: BaseGeometry, stretch: Stretch, *, smoothing_km: float = SMOOTHING_KM
) -> Measured:
    """The length of ``stretch`` on the front line of ``polygon`` (the occupied area)."""
    parts = _parts(polygon)
    if not parts:
        raise UserError("frontage: the occupied area holds no polygon")
    via = Point(stretch.via[1], stretch.via[0])
    part = min(parts, key=lambda g: g.exterior.distance(via))
    ring = LineString(part.exterior.coords)
    a = ring.project(Point(stretch.start[1], stretch.start[0]))
    b = ring.project(Point(stretch.end[1], stretch.end[0]))
    forward, backward = _arc(ring, a, b), _arc(ring, b, a)
    arc = forward if forward.distance(via) <= backward.distance(via) else backward
    if arc.length <= 0.0:
        raise UserError("frontage: the stretch's start and end meet the line at the same point")
    mid = arc.interpolate(0.5, normalized=True)
    return Measured(
        km=_geodesic_km(_smoothed(arc, smoothing_km)),
        raw_km=_geodesic_km(arc),
        midpoint=(float(mid.y), float(mid.x)),
    )
