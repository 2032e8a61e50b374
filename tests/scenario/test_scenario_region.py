"""The optional theatre.region: a box or a polygon, with a rationale."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from clausewitz.scenario.schema import Region


def test_box_or_polygon() -> None:
    assert Region(box=[36.9, 48.0, 37.5, 48.5], rationale="r").box == [36.9, 48.0, 37.5, 48.5]
    corners = [{"lat": 48.0, "lon": 37.0}, {"lat": 48.5, "lon": 37.0}, {"lat": 48.2, "lon": 37.6}]
    assert Region(polygon=corners, rationale="r").polygon is not None


@pytest.mark.parametrize(
    "fields",
    [
        {"rationale": "neither"},
        {"box": [36.9, 48.0, 37.5, 48.5], "polygon": [{"lat": 1, "lon": 2}] * 3, "rationale": "r"},
        {"box": [37.5, 48.0, 36.9, 48.5], "rationale": "west after east"},
        {"box": [36.9, 48.0, 37.5, 48.5]},
    ],
)
def test_invalid_regions(fields: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        Region(**fields)
