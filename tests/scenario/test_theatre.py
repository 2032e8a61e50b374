"""The whole-front scenarios: their frontages and depths are the measurement, re-derived here,
and their Pokrovsk axes are the flagships'."""

from __future__ import annotations

import itertools

import pytest

from clausewitz.scenario.loader import load_scenario
from clausewitz.truth.front_axes import (
    AXES_2024,
    AXES_2025,
    AXES_2025_DATE,
    CUTS,
    measure_axes,
    town_depths,
)
from clausewitz.truth.frontage import Stretch, measure
from clausewitz.truth.geometry import GEOD
from clausewitz.truth.record import load_record


@pytest.fixture(scope="module")
def theatre():  # type: ignore[no-untyped-def]
    return load_scenario("ukraine-front-2025").scenario


def _claims(scenario, prefix: str) -> dict[str, float]:  # type: ignore[no-untyped-def]
    return {
        c.parameter.removeprefix(prefix): float(c.value)
        for c in scenario.claims
        if c.parameter.startswith(prefix) and c.value is not None
    }


FLAGSHIP_AXES = {2024: ("pokrovsk",), 2025: ("pokrovsk", "kostiantynivka")}
"""Measured stretches that are the included flagship's sectors (not recorded again)."""


@pytest.mark.parametrize("year", [2024, 2025])
def test_recorded_frontages_are_the_measured_ones(year: int) -> None:
    scenario = load_scenario(f"ukraine-front-{year}").scenario
    date, axes, _ = CUTS[year]
    measured = {k: round(sum(m.km for m in v), 1) for k, v in measure_axes(date, axes).items()}
    recorded = _claims(scenario, "frontage-")
    own = {k: v for k, v in measured.items() if k not in FLAGSHIP_AXES[year]}
    assert recorded == own
    sectors = {s.id for s in scenario.theatre.sectors}
    assert set(own) <= sectors
    assert {"pokrovsk", "west", "rodynske", "kostiantynivka"} <= sectors  # the flagship's


@pytest.mark.parametrize("year", [2024, 2025])
def test_recorded_depths_are_the_measured_ones(year: int) -> None:
    recorded = _claims(load_scenario(f"ukraine-front-{year}").scenario, "depth-")
    date, _, towns = CUTS[year]
    for name, km in town_depths(date, towns).items():
        assert recorded[name] == round(km, 2), name


def test_flagship_axes_agree_with_their_measured_stretches(theatre) -> None:  # type: ignore[no-untyped-def]
    """The flagship's map-read frontages (triangular ranges) hold the measured lengths."""
    measured = {k: sum(m.km for m in v) for k, v in measure_axes().items()}
    ranges = {}
    for s in theatre.theatre.sectors:
        dist = getattr(s.frontage, "distribution", None)
        if dist is not None:
            ranges[s.id] = (dist.low, dist.mode, dist.high)
    low = sum(ranges[s][0] for s in ("pokrovsk", "west", "rodynske"))
    high = sum(ranges[s][2] for s in ("pokrovsk", "west", "rodynske"))
    assert low <= measured["pokrovsk"] <= high
    assert ranges["kostiantynivka"][0] <= measured["kostiantynivka"] <= ranges["kostiantynivka"][2]


@pytest.mark.parametrize("axes", [AXES_2024, AXES_2025])
def test_the_stretches_join_end_to_end(axes) -> None:  # type: ignore[no-untyped-def]
    """From Kupiansk to Kherson each axis starts where the previous one ends."""
    main = list(axes)[list(axes).index("kupiansk") :]
    for a, b in itertools.pairwise(main):
        assert axes[a][-1].end == axes[b][0].start, (a, b)


def test_a_stretch_is_the_arc_past_its_via_point() -> None:
    """Swapping start and end measures the same arc; a via point on the other side of the
    ring measures the other arc, and the two arcs make up the ring."""
    polygon = load_record().polygon(AXES_2025_DATE)
    s = AXES_2025["kupiansk"][0]
    there = measure(polygon, s, smoothing_km=0.0)
    back = measure(polygon, Stretch(s.end, s.via, s.start), smoothing_km=0.0)
    assert there.raw_km == pytest.approx(back.raw_km, rel=1e-9)
    assert 100.0 < there.raw_km < 150.0
    crimea = (45.0, 34.0)  # a via point the long way round, past the coast
    other = measure(polygon, Stretch(s.start, crimea, s.end), smoothing_km=0.0)
    main = max(polygon.geoms, key=lambda g: g.area)
    ring_km = GEOD.geometry_length(main.exterior) / 1000.0
    assert there.raw_km + other.raw_km == pytest.approx(ring_km, rel=1e-6)
    assert measure(polygon, s).km < there.raw_km  # smoothing straightens bends
