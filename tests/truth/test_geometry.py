"""Geodesic distance, inside test and area against independent computations."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from pyproj import Geod

from clausewitz.truth import load_record
from clausewitz.truth.geometry import area_km2, buffer_km, distance_km, is_inside

GEOD = Geod(ellps="WGS84")
SQUARE = shapely.box(37.0, 48.0, 37.2, 48.2)  # lon/lat


def _inv_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    return float(GEOD.inv(lon1, lat1, lon2, lat2)[2]) / 1000.0


def test_distance_to_a_corner_is_the_geodesic_to_that_vertex() -> None:
    # south-west of the square, inside the corner's normal cone: the nearest point is the corner
    lat, lon = 47.9, 36.85
    assert distance_km(SQUARE, lat, lon) == pytest.approx(_inv_km(lon, lat, 37.0, 48.0), abs=1e-3)


def test_distance_to_an_edge_due_south() -> None:
    # due south of the south edge's middle: along the meridian to latitude 48
    d = distance_km(SQUARE, 47.8, 37.1)
    assert d == pytest.approx(_inv_km(37.1, 47.8, 37.1, 48.0), abs=0.02)


def test_inside_is_zero() -> None:
    assert is_inside(SQUARE, 48.1, 37.1)
    assert distance_km(SQUARE, 48.1, 37.1) == 0.0
    assert not is_inside(SQUARE, 47.9, 37.1)


@settings(max_examples=60, deadline=None)
@given(lat=st.floats(47.0, 49.2), lon=st.floats(36.0, 38.2))
def test_distance_is_at_most_the_nearest_vertex_and_zero_only_inside(
    lat: float, lon: float
) -> None:
    d = distance_km(SQUARE, lat, lon)
    corners = [(37.0, 48.0), (37.2, 48.0), (37.2, 48.2), (37.0, 48.2)]
    nearest_vertex = min(_inv_km(lon, lat, x, y) for x, y in corners)
    assert 0.0 <= d <= nearest_vertex + 1e-6
    assert (d == 0.0) == is_inside(SQUARE, lat, lon)


def test_known_town_against_brute_force_over_the_real_polygon() -> None:
    """Pokrovsk on 3 July 2025: the nearest occupied vertex by Geod.inv bounds our distance
    from above, and with vertices every few hundred metres it is close."""
    record = load_record()
    polygon = record.polygon(dt.date(2025, 7, 3))
    lat, lon = 48.281979, 37.17585
    near = polygon.intersection(shapely.box(lon - 0.5, lat - 0.5, lon + 0.5, lat + 0.5))
    xy = shapely.get_coordinates(near)
    _, _, dist = GEOD.inv(np.full(len(xy), lon), np.full(len(xy), lat), xy[:, 0], xy[:, 1])
    brute = float(dist.min()) / 1000.0
    ours = distance_km(polygon, lat, lon)
    assert ours <= brute + 1e-6
    assert brute - ours < 0.5
    # the flagship's calculated distance (5.97 km) from the same file
    assert ours == pytest.approx(5.97, abs=0.01)


def test_area_of_a_degree_box_against_the_spherical_formula() -> None:
    """The geodesic area of a 1°x1° box against R² Δλ (sin φ2 - sin φ1) on the authalic sphere
    (the ellipsoid and the sphere differ by a few tenths of a percent)."""
    box = shapely.box(37.0, 48.0, 38.0, 49.0)
    r = 6371.0072
    sphere = r * r * math.radians(1.0) * (math.sin(math.radians(49)) - math.sin(math.radians(48)))
    assert area_km2(box) == pytest.approx(sphere, rel=0.005)
    assert area_km2(box, shapely.box(37.0, 48.0, 37.5, 49.0)) == pytest.approx(
        area_km2(box) / 2, rel=1e-3
    )


def test_buffer_grows_by_the_distance() -> None:
    grown = buffer_km(shapely.Point(37.0, 48.0), 10.0)
    # a point 9.9 km north is inside, one 10.1 km north is not
    lon9, lat9, _ = GEOD.fwd(37.0, 48.0, 0.0, 9900.0)
    lon11, lat11, _ = GEOD.fwd(37.0, 48.0, 0.0, 10100.0)
    assert is_inside(grown, lat9, lon9)
    assert not is_inside(grown, lat11, lon11)
