"""Figures a decision-maker reads: the map of the ground, capture-day CDFs per town, the
run-by-run paired differences, and the ceasefire and fiscal-crisis panels.

The map is drawn with shapely and matplotlib from the DeepState occupied-area polygons shipped
with the package (:mod:`clausewitz.truth`), without a tile server: the occupied area on the
last record date not after the knowledge date, the towns, and each strategy's projected front
(median and 10–90% band of each sector's advance, placed along the sector's ``bearing_deg``
from its ``front_start``).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib

matplotlib.use("Agg")
import numpy as np
import shapely
from matplotlib.figure import Figure
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry

from clausewitz.compare.experiment import Comparison
from clausewitz.kpis import higher_is_better
from clausewitz.optimize.decision import p_better, pareto_mask
from clausewitz.report.comparison_figures import colour
from clausewitz.report.labels import Label, place_labels
from clausewitz.stats.paired import kpi_interval, mean_ci

MAP_MARGIN_KM = 25.0
"""Ground shown around the theatre's towns and fronts [ENG]."""


def _km(lat0: float, lon0: float) -> Any:
    """(lon, lat) -> km east and north of (lat0, lon0), equirectangular (fine over ~100 km)."""
    kx = 111.32 * math.cos(math.radians(lat0))

    def f(x: Any, y: Any, z: Any = None) -> tuple[Any, Any]:
        return (np.asarray(x) - lon0) * kx, (np.asarray(y) - lat0) * 110.57

    return f


def _draw_polygon(ax: Any, geom: BaseGeometry, **kw: Any) -> None:
    polys = getattr(geom, "geoms", [geom])
    for i, p in enumerate(polys):
        if p.is_empty or p.geom_type != "Polygon":
            continue
        x, y = p.exterior.xy
        ax.fill(x, y, **({**kw, "label": kw.get("label") if i == 0 else None}))
        for hole in p.interiors:
            hx, hy = hole.xy
            ax.fill(hx, hy, color="white")


def territory_map(
    c: Comparison, occupied: BaseGeometry | None, occupied_date: dt.date | None, day: int
) -> Figure | None:
    """The ground: occupied area (if given), towns, and each strategy's projected front on
    ``day`` (median line, 10–90% band per sector). None without the scenario's geometry."""
    sc = c.loaded.scenario
    sectors = [
        s for s in sc.theatre.sectors if s.front_start is not None and s.bearing_deg is not None
    ]
    towns = [o for o in sc.theatre.objectives if o.location is not None]
    if not sectors:
        return None
    pts = [(s.front_start.lat, s.front_start.lon) for s in sectors if s.front_start]
    pts += [(o.location.lat, o.location.lon) for o in towns if o.location]
    lat0 = float(np.mean([p[0] for p in pts]))
    lon0 = float(np.mean([p[1] for p in pts]))
    proj = _km(lat0, lon0)
    xy = np.array([proj(lon, lat) for lat, lon in pts], dtype=np.float64)
    lo, hi = xy.min(axis=0) - MAP_MARGIN_KM, xy.max(axis=0) + MAP_MARGIN_KM
    view = box(lo[0], lo[1], hi[0], hi[1])
    fig = Figure(figsize=(9.0, 7.5), layout="constrained")
    ax = fig.subplots()
    ax.set_facecolor("#f4f1ea")
    if occupied is not None:
        kx = 111.32 * math.cos(math.radians(lat0))
        scale = np.array([kx, 110.57])
        shift = np.array([lon0, lat0])
        ground = shapely.transform(occupied, lambda xy: (xy - shift) * scale).intersection(view)
        _draw_polygon(
            ax,
            ground,
            color="#e8b4b4",
            alpha=0.75,
            label=f"occupied on {occupied_date} (DeepState)",
        )
    markers = _draw_fronts(ax, c, sectors, proj, max(1, min(day, c.days)))
    labels = _draw_places(ax, sectors, towns, proj)
    ax.plot([], [], "X", color="#7a0000", label="each sector's front on the start date")
    ax.set_xlim(lo[0], hi[0])
    ax.set_ylim(lo[1], hi[1])
    ax.set_aspect("equal")
    ax.set_xlabel(f"km east of {lon0:.2f}°E")
    ax.set_ylabel(f"km north of {lat0:.2f}°N")
    ax.grid(alpha=0.25)
    ax.legend(fontsize=7, loc="lower left")
    place_labels(ax, labels, markers)
    return fig


def _draw_fronts(
    ax: Any, c: Comparison, sectors: list[Any], proj: Any, day: int
) -> list[tuple[float, float]]:
    """Each strategy's front on ``day`` along each sector's axis: median dot, 10-90% band.
    Returns the median dots (labels keep off them)."""
    dots: list[tuple[float, float]] = []
    for i, arm in enumerate(c.arms):
        bands = arm.bands
        assert bands is not None
        index = {v.name: k for k, v in enumerate(bands.variables)}
        q = bands.quantiles((0.1, 0.5, 0.9))[day - 1]
        med_pts = []
        for s in sectors:
            assert s.front_start is not None and s.bearing_deg is not None
            x0, y0 = proj(s.front_start.lon, s.front_start.lat)
            ux, uy = math.sin(math.radians(s.bearing_deg)), math.cos(math.radians(s.bearing_deg))
            k = index[f"front.{s.id}"]
            q10, q50, q90 = (float(v) if np.isfinite(v) else 0.0 for v in q[k])
            off = (i - (len(c.arms) - 1) / 2) * 0.9  # strategies side by side across the axis
            bx, by = float(x0) + off * uy, float(y0) - off * ux
            ax.plot(
                [bx + ux * q10, bx + ux * q90],
                [by + uy * q10, by + uy * q90],
                color=colour(i),
                lw=6,
                alpha=0.3,
                solid_capstyle="butt",
            )
            med_pts.append((bx + ux * q50, by + uy * q50))
        dots.extend(med_pts)
        mx, my = zip(*med_pts, strict=True)
        ax.plot(
            mx,
            my,
            "o",
            color=colour(i),
            ms=6,
            label=f"{arm.arm.label}: median front, day {day} (band 10–90%)",
        )
    return dots


def _draw_places(ax: Any, sectors: list[Any], towns: list[Any], proj: Any) -> list[Label]:
    """Each sector's front on the start date (crosses) and the towns (squares: hubs). Returns
    their labels, towns first, for :func:`clausewitz.report.labels.place_labels`."""
    labels: list[Label] = []
    for o in towns:
        assert o.location is not None
        x, y = proj(o.location.lon, o.location.lat)
        hub = o.kind == "hub"
        ax.plot([x], [y], "s" if hub else "o", color="#111", ms=8 if hub else 5)
        labels.append(Label(float(x), float(y), o.name or o.id, fontsize=9))
    for s in sectors:
        assert s.front_start is not None
        x0, y0 = proj(s.front_start.lon, s.front_start.lat)
        ax.plot([x0], [y0], "X", color="#7a0000", ms=8)
        labels.append(Label(float(x0), float(y0), s.id, fontsize=7))
    return labels


def capture_cdfs(
    c: Comparison,
    objectives: Sequence[str],
    names: Mapping[str, str],
    start: dt.date,
    knowledge: dt.date,
) -> Figure:
    """One small panel per town: the share of runs in which it has fallen by each date, one
    line per strategy; the knowledge date marked."""
    n = len(objectives)
    cols = min(3, n)
    rows = math.ceil(n / cols)
    fig = Figure(figsize=(3.3 * cols, 2.6 * rows), layout="constrained")
    axes = np.atleast_1d(fig.subplots(rows, cols, sharex=True, sharey=True, squeeze=False)).ravel()
    days = np.arange(c.days + 1)
    dates = [start + dt.timedelta(days=int(d)) for d in days]
    for ax, o in zip(axes, objectives, strict=False):
        for i, lab in enumerate(c.labels):
            rday = c.kpis(lab)[f"objective_rday.{o}"]
            fell = c.kpis(lab)[f"objective_captured.{o}"] > 0
            cdf = [(fell & (rday <= d)).mean() for d in days]
            ax.plot(dates, cdf, color=colour(i), lw=1.6, label=lab)
        ax.axvline(knowledge, color="#444", ls=":", lw=1)
        ax.set_title(names.get(o, o), fontsize=9)
        ax.set_ylim(0, 1)
        ax.grid(alpha=0.3)
        ax.tick_params(axis="x", labelrotation=30, labelsize=7)
    for ax in axes[n:]:
        ax.set_visible(False)
    axes[0].set_ylabel("share of runs fallen")
    axes[0].legend(fontsize=7, loc="center right")
    axes[0].annotate(
        "knowledge date",
        (knowledge, 0.02),
        xytext=(4, 0),
        textcoords="offset points",
        fontsize=7,
        color="#444",
    )
    return fig


def paired_histograms(c: Comparison, kpi: str, label: str, best: str) -> Figure:
    """Per run, ``kpi`` under ``best`` minus under each other strategy: the distribution of the
    paired differences (the chance the choice pays off) beside the 95% interval of their mean."""
    others = [lab for lab in c.labels if lab != best]
    fig = Figure(figsize=(3.6 * max(1, len(others)), 3.0), layout="constrained")
    axes = np.atleast_1d(fig.subplots(1, max(1, len(others)), sharey=True, squeeze=False)).ravel()
    hib = higher_is_better(kpi, c.side)
    a = c.kpis(best)[kpi]
    for ax, other in zip(axes, others, strict=False):
        b = c.kpis(other)[kpi]
        d = a - b
        ci = mean_ci(d)
        ax.hist(d, bins=40, color="#2f6690", alpha=0.85)
        ax.axvline(0.0, color="k", ls="--", lw=1)
        ax.axvspan(ci.low, ci.high, color="#e67e22", alpha=0.4, label="95% CI of the mean")
        sign = -1.0 if hib else 1.0
        win, lose, _ = p_better(sign * a, sign * b)
        ax.set_title(
            f"{best} − {other}\nbetter in {win:.0%} of runs, worse in {lose:.0%}", fontsize=9
        )
        ax.set_xlabel(f"Δ {label}")
        ax.grid(alpha=0.3)
    axes[0].set_ylabel("runs")
    axes[0].legend(fontsize=7)
    return fig


def risk_panels(c: Comparison) -> Figure:
    """P(ceasefire) and P(fiscal crisis) of each side by strategy, with 95% intervals."""
    panels = [
        ("ceasefire", "ceasefire within the horizon"),
        ("fiscal_crisis.attacker", "attacker's fiscal crisis"),
        ("fiscal_crisis.defender", "defender's fiscal crisis"),
    ]
    fig = Figure(figsize=(10.0, 2.9), layout="constrained")
    axes = fig.subplots(1, len(panels), sharex=True)
    y = np.arange(len(c.labels))
    for ax, (kpi, title) in zip(axes, panels, strict=True):
        for i, lab in enumerate(c.labels):
            iv = kpi_interval(c.kpis(lab)[kpi])
            ax.barh([i], [iv.estimate], color=colour(i), alpha=0.8)
            ax.errorbar(
                [iv.estimate],
                [i],
                # a Wilson bound can round to a hair inside a share of 0 or 1
                xerr=[[max(0.0, iv.estimate - iv.low)], [max(0.0, iv.high - iv.estimate)]],
                fmt="none",
                ecolor="k",
                capsize=3,
            )
        ax.set_yticks(y, c.labels)
        ax.set_title(title, fontsize=9)
        ax.set_xlim(0, 1)
        ax.set_xlabel("share of runs")
        ax.grid(alpha=0.3, axis="x")
    return fig


def occupied_at(knowledge: dt.date) -> tuple[BaseGeometry | None, dt.date | None]:
    """The shipped DeepState occupied area on the last record date not after ``knowledge``
    (None, None where the record holds none)."""
    from clausewitz.truth.record import load_record

    record = load_record()
    date = record.on_or_before(knowledge)
    if date is None:
        return None, None
    return record.polygon(date), date


def strategy_frontier(c: Comparison, kpi: str, label: str) -> Figure:
    """Each strategy in the plane of time (``kpi``) against own losses, with 95% intervals
    on both, the strategies no other beats on both (the frontier) joined."""
    own = f"{c.side}_losses"
    fig = Figure(figsize=(7.0, 4.2), layout="constrained")
    ax = fig.subplots()
    means = []
    for i, lab in enumerate(c.labels):
        x, y = mean_ci(c.kpis(lab)[kpi]), mean_ci(c.kpis(lab)[own])
        means.append((x.estimate, y.estimate))
        ax.errorbar(
            [x.estimate],
            [y.estimate],
            xerr=[[x.estimate - x.low], [x.high - x.estimate]],
            yerr=[[y.estimate - y.low], [y.high - y.estimate]],
            fmt="o",
            color=colour(i),
            ms=8,
            capsize=3,
        )
        ax.annotate(lab, (x.estimate, y.estimate), xytext=(7, 5), textcoords="offset points")
    sx = -1.0 if higher_is_better(kpi, c.side) else 1.0
    sy = -1.0 if higher_is_better(own, c.side) else 1.0
    costs = np.array([[sx * m[0], sy * m[1]] for m in means])
    front = sorted(np.flatnonzero(pareto_mask(costs)), key=lambda i: means[i][0])
    if len(front) > 1:
        ax.plot([means[i][0] for i in front], [means[i][1] for i in front], "--", color="#888")
    ax.set_xlabel(label)
    ax.set_ylabel(f"{c.side} losses (troops)")
    ax.grid(alpha=0.3)
    return fig
