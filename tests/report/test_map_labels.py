"""The whole front's maps: every town's and sector's label readable (none overlaps another),
in the comparison report's axis map and its territory map."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text

import clausewitz as cw
from clausewitz.report.comparison_figures import axis_map
from clausewitz.report.decision_figures import territory_map


@pytest.fixture(scope="module")
def front() -> object:
    return cw.compare("ukraine-front-2025", ["attrition", "decisive"], runs=6, seed=2, days=20)


def _overlaps(fig: Figure) -> list[tuple[str, str]]:
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    boxes = [(t.get_text(), Text.get_window_extent(t, renderer)) for t in fig.axes[0].texts]
    assert len(boxes) >= 24  # the Donbas cluster and the twelve sectors are all there
    return [
        (a, b)
        for (a, p), (b, q) in itertools.combinations(boxes, 2)
        if min(p.x1, q.x1) - max(p.x0, q.x0) > 0.5 and min(p.y1, q.y1) - max(p.y0, q.y0) > 0.5
    ]


def test_axis_map_labels_do_not_overlap(front: cw.ComparisonResult) -> None:
    fig = axis_map(front.comparison)
    assert fig is not None
    assert _overlaps(fig) == []


def test_territory_map_labels_do_not_overlap(front: cw.ComparisonResult) -> None:
    fig = territory_map(front.comparison, None, None, 20)
    assert fig is not None
    assert _overlaps(fig) == []


def test_axis_map_dates_the_start_front_by_the_scenario() -> None:
    c = cw.compare("pokrovsk-2024", ["attrition"], runs=4, seed=1, days=5).comparison
    start = c.loaded.scenario.meta.start_date
    fig = axis_map(c)
    assert fig is not None
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert f"each sector's front on {start.day} {start:%b}" in legend
    assert start != dt.date(2025, 7, 3)
