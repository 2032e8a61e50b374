"""Targets and naive forecasts on a synthetic record whose front moves north at a known pace."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest
import shapely
from located_tutorial import write_polygon

from clausewitz.backtest import baselines
from clausewitz.backtest.targets import Targets, build_targets, month_windows
from clausewitz.scenario.loader import load_scenario
from clausewitz.truth.record import OccupiedRecord, _scan

KM_PER_DEG_LAT = 111.2  # near 48 N, within 0.1%
STEP_DEG = 0.01  # the front's north edge moves this much per week


def _record(folder: Path) -> OccupiedRecord:
    """Weekly boxes from 3 March 2025, edge at 48.05 N moving 0.01° a week, to 4 Aug 2025."""
    start = dt.date(2025, 3, 3)
    for k in range(23):
        day = start + dt.timedelta(weeks=k)
        write_polygon(folder, f"{day:%Y%m%d}", shapely.box(36.9, 47.9, 37.5, 48.05 + STEP_DEG * k))
    return OccupiedRecord(_scan(folder))


@pytest.fixture
def targets(located_tutorial: Path, tmp_path: Path) -> Targets:
    folder = tmp_path / "synthetic"
    folder.mkdir()
    return build_targets(load_scenario(located_tutorial), _record(folder))


def test_targets(targets: Targets) -> None:
    assert targets.anchor == dt.date(2025, 6, 30)  # the last record before 6 July
    assert targets.dates[0] == dt.date(2025, 7, 7) and targets.dates[-1] == dt.date(2025, 8, 4)
    # distances shrink a step a week; nothing reaches Pokrovsk (48.28 N) by 4 August (48.27 N)
    np.testing.assert_allclose(np.diff(targets.distance[0]), -STEP_DEG * KM_PER_DEG_LAT, rtol=0.01)
    assert (targets.fall_day == targets.censor).all()
    assert targets.censor == (targets.dates[-1] - targets.start_date).days + 1
    assert "derived" in targets.region_note


def test_persistence_is_a_point_mass_at_the_anchor(targets: Targets) -> None:
    f = baselines.persistence(targets)
    assert f.members == 1
    np.testing.assert_array_equal(
        f.distance[:, :, 0], targets.anchor_distance[:, None] * np.ones((1, len(targets.dates)))
    )
    assert (f.p_fall(targets.censor) == 0).all()


def test_trailing_rate_follows_the_pace(targets: Targets) -> None:
    f = baselines.trailing_rate(targets)
    rate = STEP_DEG * KM_PER_DEG_LAT / 7  # km/day
    days = np.array([(d - targets.anchor).days for d in targets.dates])
    expected = targets.anchor_distance[:, None] - rate * days[None, :]
    # a steady pace: every past rate is the same, so the spread is nil
    np.testing.assert_allclose(f.distance.min(axis=2), expected, atol=0.05)
    np.testing.assert_allclose(f.distance.max(axis=2), expected, atol=0.05)
    assert "90-day" in f.note


def test_climatology_is_seeded_and_centred_on_past_moves(targets: Targets) -> None:
    a = baselines.climatology(targets, seed=4)
    b = baselines.climatology(targets, seed=4)
    np.testing.assert_array_equal(a.distance, b.distance)
    # every past move was one step a week: the walk is that pace exactly
    weeks = np.array([(d - targets.anchor).days / 7 for d in targets.dates])
    expected = targets.anchor_distance[:, None] - STEP_DEG * KM_PER_DEG_LAT * weeks[None, :]
    np.testing.assert_allclose(a.distance.mean(axis=2), expected, atol=0.05)


def test_month_windows_skip_stubs() -> None:
    dates = [dt.date(2025, 7, 7), dt.date(2025, 7, 14), dt.date(2025, 8, 4), dt.date(2025, 8, 11),
             dt.date(2025, 9, 1)]  # fmt: skip
    anchor = dt.date(2025, 6, 30)
    assert month_windows(dates, anchor) == [
        (anchor, dt.date(2025, 8, 4)),  # 7 July is only a week after the anchor: merged
        (dt.date(2025, 8, 4), dt.date(2025, 9, 1)),
    ]


def test_the_scenarios_region_is_used(located_tutorial: Path, tmp_path: Path) -> None:
    text = located_tutorial.read_text(encoding="utf-8")
    region = (
        "  region:\n    box: [36.9, 48.0, 37.5, 48.5]\n"
        "    rationale: The two towns and the ground south of them.\n"
    )
    path = tmp_path / "with-region.yaml"
    path.write_text(text.replace("\nlogistics:\n", "\n" + region + "\nlogistics:\n", 1), "utf-8")
    folder = tmp_path / "synthetic"
    folder.mkdir()
    t = build_targets(load_scenario(path), _record(folder))
    assert t.region_note.startswith("the scenario's theatre.region (box [36.9, 48.0, 37.5, 48.5])")
    assert t.region.bounds == (36.9, 48.0, 37.5, 48.5)
    # the boxes' north edge moves 0.01° a week across the region's 0.6° of longitude
    lon_km = 0.6 * 111.32 * np.cos(np.radians(48.2))
    assert t.area_gained.sum() == pytest.approx(
        lon_km * STEP_DEG * KM_PER_DEG_LAT * (t.months[-1][1] - t.months[0][0]).days / 7,
        rel=0.02,
    )
