"""Labels on a map that do not overlap: a deterministic greedy placement.

Each label tries offsets around its point, nearest first (eight directions on rings of growing
radius), and takes the first whose box overlaps no label placed before it, no marker and no
legend, and stays inside the axes; a label moved off its first ring gets a thin leader line to
its point. Our own scheme (no randomness, no iteration to a fixed point), so a figure is
the same from run to run; the first label placed gets the best spot, so callers list the
important ones first.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from matplotlib.backends.backend_agg import FigureCanvasAgg

#: Rings of offsets tried, in points from the label's point (a drawing choice: the first
#: clears an 8-point marker; the last reaches a few lines of text away before giving up).
RINGS_PT: tuple[float, ...] = (6.0, 12.0, 19.0, 27.0, 37.0, 49.0, 63.0, 80.0, 100.0)

#: Directions tried on each ring, in degrees anticlockwise from east: the usual spot first
#: (above right), then the other diagonals, the sides, and the directions between.
DIRECTIONS_DEG: tuple[float, ...] = (
    45.0, -45.0, 135.0, -135.0, 0.0, 180.0, 90.0, -90.0,
    20.0, -20.0, 160.0, -160.0, 70.0, -70.0, 110.0, -110.0,
)  # fmt: skip

#: Half the side of the box a marker occupies, in points.
MARKER_HALF_PT = 4.0


@dataclass(frozen=True)
class Label:
    """A label for the point (x, y) in data coordinates."""

    x: float
    y: float
    text: str
    fontsize: float = 8.0
    color: str = "#111111"


Box = tuple[float, float, float, float]
"""x0, y0, x1, y1 in display pixels."""


def place_labels(
    ax: Any, labels: Sequence[Label], markers: Sequence[tuple[float, float]] = ()
) -> list[Any]:
    """Annotate ``ax`` with ``labels`` (in order of importance) so that no two overlap and
    none covers a label's point, one of ``markers`` (data coordinates) or the legend. Call it
    last, after the limits, the aspect and the legend are set: it fixes the layout to measure
    the text. Returns the annotations."""
    fig = ax.figure
    if not isinstance(fig.canvas, FigureCanvasAgg):
        FigureCanvasAgg(fig)
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    # the layout is measured now: keep it (limits, legend) as the labels are added
    ax.set_xlim(ax.get_xlim())
    ax.set_ylim(ax.get_ylim())
    legend = ax.get_legend()
    taken: list[Box] = []
    if legend is not None:
        bb = legend.get_window_extent(renderer)
        corner = ax.transAxes.inverted().transform((bb.x0, bb.y0))
        legend.set_loc((float(corner[0]), float(corner[1])))
        taken.append((bb.x0, bb.y0, bb.x1, bb.y1))
    frame = ax.get_window_extent(renderer)
    px = fig.dpi / 72.0
    half = MARKER_HALF_PT * px
    for mx, my in [*markers, *((lab.x, lab.y) for lab in labels)]:
        dx, dy = ax.transData.transform((mx, my))
        taken.append((dx - half, dy - half, dx + half, dy + half))
    out = []
    for lab in labels:
        w, h = _text_size(ax, lab, renderer)
        ax_, ay_ = ax.transData.transform((lab.x, lab.y))
        best: tuple[float, float, float, float] | None = None  # overlap, ring, dx, dy
        for ring in RINGS_PT:
            for deg in DIRECTIONS_DEG:
                ox, oy = ring * math.cos(math.radians(deg)), ring * math.sin(math.radians(deg))
                b = _box(ax_ + ox * px, ay_ + oy * px, w, h, ox, oy)
                cost = sum(_overlap(b, t) for t in taken) + _outside(b, frame)
                if best is None or cost < best[0]:
                    best = (cost, ring, ox, oy)
                if cost == 0.0:
                    break
            if best is not None and best[0] == 0.0:
                break
        assert best is not None
        _, ring, ox, oy = best
        taken.append(_box(ax_ + ox * px, ay_ + oy * px, w, h, ox, oy))
        ann = ax.annotate(
            lab.text,
            (lab.x, lab.y),
            xytext=(ox, oy),
            textcoords="offset points",
            ha=_ha(ox),
            va=_va(oy),
            fontsize=lab.fontsize,
            color=lab.color,
            arrowprops=(
                dict(arrowstyle="-", color="#777777", lw=0.6, shrinkA=0.0, shrinkB=2.0)
                if ring > RINGS_PT[0]
                else None
            ),
        )
        ann.set_in_layout(False)
        out.append(ann)
    return out


def _text_size(ax: Any, lab: Label, renderer: Any) -> tuple[float, float]:
    """Width and height in pixels of the label's text."""
    t = ax.text(0.0, 0.0, lab.text, fontsize=lab.fontsize)
    bb = t.get_window_extent(renderer)
    t.remove()
    return float(bb.width), float(bb.height)


def _ha(ox: float) -> str:
    return "left" if ox > 1e-9 else "right" if ox < -1e-9 else "center"


def _va(oy: float) -> str:
    return "bottom" if oy > 1e-9 else "top" if oy < -1e-9 else "center"


def _box(x: float, y: float, w: float, h: float, ox: float, oy: float) -> Box:
    """The text's box when its anchor (chosen by the offset's direction) is at (x, y)."""
    x0 = {"left": x, "right": x - w, "center": x - w / 2}[_ha(ox)]
    y0 = {"bottom": y, "top": y - h, "center": y - h / 2}[_va(oy)]
    return (x0, y0, x0 + w, y0 + h)


def _overlap(a: Box, b: Box) -> float:
    """Area shared by two boxes (0 when apart)."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def _outside(b: Box, frame: Any) -> float:
    """Area of the box outside the axes, weighed heavily: a clipped label is unreadable."""
    inside = _overlap(b, (frame.x0, frame.y0, frame.x1, frame.y1))
    return 10.0 * ((b[2] - b[0]) * (b[3] - b[1]) - inside)
