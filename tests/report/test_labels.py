"""Map labels that do not overlap (clausewitz.report.labels)."""

from __future__ import annotations

import itertools

import numpy as np
from matplotlib.figure import Figure
from matplotlib.text import Text

from clausewitz.report.labels import Label, place_labels


def _cluster_figure() -> tuple[Figure, list[Label]]:
    """A Donbas-like cluster: twelve towns within a few km, on a map 300 km wide."""
    rng = np.random.default_rng(3)
    fig = Figure(figsize=(6.0, 5.0), layout="constrained")
    ax = fig.subplots()
    far = [Label(-140.0, 120.0, "Sumy"), Label(-150.0, -120.0, "Kherson")]
    pts = rng.uniform(-6.0, 6.0, size=(12, 2))
    near = [Label(float(x), float(y), f"Town number {i}") for i, (x, y) in enumerate(pts)]
    labels = [*far, *near]
    ax.plot([lab.x for lab in labels], [lab.y for lab in labels], "o", label="towns")
    ax.set_xlim(-160, 140)
    ax.set_ylim(-150, 150)
    ax.set_aspect("equal")
    ax.legend(loc="upper right")
    return fig, labels


def _boxes(fig: Figure) -> list[tuple[float, float, float, float]]:
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    out = []
    for t in fig.axes[0].texts:
        bb = Text.get_window_extent(t, renderer)  # the text, not its leader line
        out.append((bb.x0, bb.y0, bb.x1, bb.y1))
    return out


def test_labels_of_a_cluster_do_not_overlap_and_stay_inside_the_axes() -> None:
    fig, labels = _cluster_figure()
    anns = place_labels(fig.axes[0], labels)
    assert [a.get_text() for a in anns] == [lab.text for lab in labels]
    boxes = _boxes(fig)
    for a, b in itertools.combinations(boxes, 2):
        w = min(a[2], b[2]) - max(a[0], b[0])
        h = min(a[3], b[3]) - max(a[1], b[1])
        assert w <= 0.5 or h <= 0.5, (a, b)
    frame = fig.axes[0].get_window_extent()
    for b in boxes:
        assert frame.x0 - 0.5 <= b[0] and b[2] <= frame.x1 + 0.5
        assert frame.y0 - 0.5 <= b[1] and b[3] <= frame.y1 + 0.5
    legend = fig.axes[0].get_legend().get_window_extent()
    for b in boxes:
        assert min(b[2], legend.x1) - max(b[0], legend.x0) <= 0.5 or (
            min(b[3], legend.y1) - max(b[1], legend.y0) <= 0.5
        )


def test_a_label_moved_away_from_its_point_gets_a_leader_line() -> None:
    fig, labels = _cluster_figure()
    anns = place_labels(fig.axes[0], labels)
    # the lone towns keep the first spot, without a line; the crowded ones cannot all
    assert anns[0].arrow_patch is None and anns[1].arrow_patch is None
    assert any(a.arrow_patch is not None for a in anns[2:])


def test_placement_is_deterministic() -> None:
    first = [a.xyann for a in place_labels(_cluster_figure()[0].axes[0], _cluster_figure()[1])]
    fig, labels = _cluster_figure()
    second = [a.xyann for a in place_labels(fig.axes[0], labels)]
    assert first == second
