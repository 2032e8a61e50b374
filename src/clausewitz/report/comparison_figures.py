"""The figures of a comparison report, each a function from results to a matplotlib figure.

They read only the comparison's in-memory results (per-run KPI arrays, daily bands) and the
scenario's geometry; nothing here runs the engine.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from matplotlib.figure import Figure
from numpy.typing import NDArray

from clausewitz.compare.experiment import Comparison
from clausewitz.report.labels import Label, place_labels

PALETTE = ("#1b6ca8", "#d1495b", "#2a9d8f", "#8d6cab", "#e9a03b", "#5c5c5c")
STYLES = ("-", "--", ":", "-.")


def colour(i: int) -> str:
    """The i-th strategy's colour."""
    return PALETTE[i % len(PALETTE)]


def _band_index(c: Comparison) -> dict[str, int]:
    bands = c.arms[0].bands
    assert bands is not None
    return {v.name: i for i, v in enumerate(bands.variables)}


def has_transit(c: Comparison) -> bool:
    """Whether the comparison's daily bands hold troops in transit (reserves march)."""
    return "transit.attacker" in _band_index(c)


def fan_charts(c: Comparison, *, sectors: Sequence[str]) -> Figure:
    """Median and 50%/90% bands over time: the front per sector, then each side's troops in
    the line, and, where reserves march (a scenario with a reserve location), each side's
    troops in transit; one panel each, strategies overlaid."""
    names = [f"front.{s}" for s in sectors] + ["forces.attacker", "forces.defender"]
    titles = [f"front, {s} (km advanced)" for s in sectors] + [
        "attacker troops in the line",
        "defender troops in the line",
    ]
    if has_transit(c):
        names += ["transit.attacker", "transit.defender"]
        titles += ["attacker troops in transit", "defender troops in transit"]
    n = len(names)
    cols = 3
    rows = math.ceil(n / cols)
    fig = Figure(figsize=(4.2 * cols, 2.9 * rows), layout="constrained")
    axes = fig.subplots(rows, cols, squeeze=False).ravel()
    days = np.arange(c.days)
    for ai, (name, title) in enumerate(zip(names, titles, strict=True)):
        ax = axes[ai]
        for i, arm in enumerate(c.arms):
            bands = arm.bands
            assert bands is not None
            idx = {v.name: k for k, v in enumerate(bands.variables)}[name]
            q = bands.quantiles((0.05, 0.25, 0.5, 0.75, 0.95))[:, idx, :]
            col = colour(i)
            ax.fill_between(days, q[:, 0], q[:, 4], color=col, alpha=0.10, lw=0)
            ax.fill_between(days, q[:, 1], q[:, 3], color=col, alpha=0.22, lw=0)
            ax.plot(days, q[:, 2], color=col, lw=1.6, label=arm.arm.label)
        ax.set_title(title, fontsize=9)
        ax.set_xlabel("day", fontsize=8)
        ax.tick_params(labelsize=7)
        ax.grid(alpha=0.3)
    for ax in axes[n:]:
        ax.set_axis_off()
    axes[0].legend(fontsize=7, loc="upper left")
    return fig


def capture_curves(c: Comparison, objectives: Sequence[str], names: Mapping[str, str]) -> Figure:
    """Cumulative probability that each objective has fallen by each day, per strategy:
    objectives by colour, strategies by line style."""
    fig = Figure(figsize=(9.5, 4.6), layout="constrained")
    ax = fig.subplots()
    t = np.arange(c.days + 1)
    for j, obj in enumerate(objectives):
        for i, label in enumerate(c.labels):
            k = c.kpis(label)
            fell = k[f"objective_captured.{obj}"] > 0
            day = k[f"objective_rday.{obj}"][fell]
            cdf = np.searchsorted(np.sort(day), t, side="right") / max(fell.size, 1)
            ax.plot(
                t,
                cdf,
                color=PALETTE[j % len(PALETTE)],
                ls=STYLES[i % len(STYLES)],
                lw=1.5,
                label=f"{names.get(obj, obj)} ({label})",
            )
    ax.set_xlabel("day of the campaign")
    ax.set_ylabel("probability fallen by then")
    ax.set_ylim(0, 1)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7, ncol=2, loc="upper left")
    return fig


def loss_distributions(c: Comparison) -> Figure:
    """Histograms of each side's total losses over the horizon, per strategy."""
    fig = Figure(figsize=(9.5, 3.4), layout="constrained")
    axes = fig.subplots(1, 2)
    for ax, kpi, title in zip(
        axes,
        ("attacker_losses", "defender_losses"),
        ("attacker losses (killed, wounded, missing)", "defender losses"),
        strict=True,
    ):
        allv = np.concatenate([c.kpis(label)[kpi] for label in c.labels])
        bins = np.linspace(np.percentile(allv, 0.5), np.percentile(allv, 99.5), 40)
        for i, label in enumerate(c.labels):
            ax.hist(
                c.kpis(label)[kpi],
                bins=bins,
                histtype="step",
                lw=1.6,
                color=colour(i),
                label=label,
                density=True,
            )
        ax.set_title(title, fontsize=9)
        ax.set_xlabel("troops lost over the horizon (share of runs: bar height)", fontsize=8)
        ax.set_yticks([])
        ax.tick_params(labelsize=7)
        ax.grid(alpha=0.3)
    axes[0].legend(fontsize=7)
    return fig


def forest_plot(summary: Mapping[str, Any], kpis: Sequence[tuple[str, str]]) -> Figure:
    """Paired differences with 95% intervals, one panel per KPI, one row per pair."""
    pairs = list(summary["paired"])
    fig = Figure(figsize=(3.2 * len(kpis), 0.55 * len(pairs) + 1.3), layout="constrained")
    axes = fig.subplots(1, len(kpis), squeeze=False)[0]
    for ax, (kpi, title) in zip(axes, kpis, strict=True):
        for r, pair in enumerate(pairs):
            d = summary["paired"][pair][kpi]
            if d["diff_mean"] is None:
                continue
            lo = d["ci_low"] if d["ci_low"] is not None else d["diff_mean"]
            hi = d["ci_high"] if d["ci_high"] is not None else d["diff_mean"]
            ax.plot([lo, hi], [r, r], color="#333", lw=2)
            ax.plot([d["diff_mean"]], [r], "o", color=colour(r), ms=6)
        ax.axvline(0, color="#999", lw=1, ls="--")
        ax.set_yticks(range(len(pairs)))
        ax.set_yticklabels([p.replace("-", " − ", 1) for p in pairs], fontsize=7)
        ax.set_ylim(-0.7, len(pairs) - 0.3)
        ax.invert_yaxis()
        ax.set_title(title, fontsize=9)
        ax.tick_params(labelsize=7)
        ax.grid(alpha=0.3, axis="x")
    return fig


def _project(lat: float, lon: float, lat0: float, lon0: float) -> tuple[float, float]:
    """km east and north of (lat0, lon0), equirectangular (fine over tens of km)."""
    x = (lon - lon0) * 111.32 * math.cos(math.radians(lat0))
    y = (lat - lat0) * 110.57
    return x, y


def axis_map(c: Comparison, days: Sequence[int] = (90, 180, 365)) -> Figure | None:
    """Towns, the front at the start and each strategy's median front at the given days, from
    the scenario's coordinates (sectors need ``front_start`` and ``bearing_deg``). ``None`` when
    the scenario has no geometry."""
    sc = c.loaded.scenario
    sectors = [
        s for s in sc.theatre.sectors if s.front_start is not None and s.bearing_deg is not None
    ]
    objectives = [o for o in sc.theatre.objectives if o.location is not None]
    if not sectors and not objectives:
        return None
    pts = [(s.front_start.lat, s.front_start.lon) for s in sectors if s.front_start]
    pts += [(o.location.lat, o.location.lon) for o in objectives if o.location]
    lat0 = float(np.mean([p[0] for p in pts]))
    lon0 = float(np.mean([p[1] for p in pts]))
    fig = Figure(figsize=(8.5, 7.0), layout="constrained")
    ax = fig.subplots()
    labels: list[Label] = []
    markers: list[tuple[float, float]] = []
    for o in objectives:
        assert o.location is not None
        x, y = _project(o.location.lat, o.location.lon, lat0, lon0)
        hub = o.kind == "hub"
        ax.plot([x], [y], "s" if hub else "o", color="#222", ms=7 if hub else 5)
        labels.append(Label(x, y, o.name or o.id, fontsize=8))
    start = sc.meta.start_date
    started = f"{start.day} {start:%b}"  # the scenario's start, e.g. "3 Jul"
    marks = ("o", "^", "D", "v")
    shown_days = [d for d in days if d <= c.days]
    for s in sectors:
        assert s.front_start is not None and s.bearing_deg is not None
        x0, y0 = _project(s.front_start.lat, s.front_start.lon, lat0, lon0)
        ux, uy = math.sin(math.radians(s.bearing_deg)), math.cos(math.radians(s.bearing_deg))
        ax.plot([x0], [y0], "X", color="#b00", ms=9)
        # the id alone: the date is the legend's, so the crowded Donbas keeps its room
        labels.append(Label(x0, y0, s.id, fontsize=7, color="#b00"))
        for i, arm in enumerate(c.arms):
            bands = arm.bands
            assert bands is not None
            idx = {v.name: k for k, v in enumerate(bands.variables)}[f"front.{s.id}"]
            med = bands.quantiles((0.5,))[:, idx, 0]
            # strategies side by side, across the axis of advance
            off = (i - (len(c.arms) - 1) / 2) * 0.8
            px, py = x0 + off * uy, y0 - off * ux
            xs = [px] + [px + ux * med[d - 1] for d in shown_days]
            ys = [py] + [py + uy * med[d - 1] for d in shown_days]
            ax.plot(
                xs,
                ys,
                "-",
                color=colour(i),
                lw=1.4,
                alpha=0.8,
                label=arm.arm.label if s is sectors[0] else None,
            )
            for k, _d in enumerate(shown_days):
                ax.plot([xs[k + 1]], [ys[k + 1]], marks[k % len(marks)], color=colour(i), ms=6)
            markers.extend(zip(xs[1:], ys[1:], strict=True))
    for k, d in enumerate(shown_days):
        ax.plot([], [], marks[k % len(marks)], color="#555", label=f"median front, day {d}")
    if sectors:
        ax.plot([], [], "X", color="#b00", label=f"each sector's front on {started}")
    ax.set_aspect("equal")
    ax.set_xlabel("km east")
    ax.set_ylabel("km north")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7, loc="best")
    place_labels(ax, labels, markers)
    return fig


def tornado_chart(rows: Sequence[Any], kpi_label: str) -> Figure:
    """One-at-a-time swings of the KPI, largest first (``rows``: TornadoRow-like objects)."""
    rows = list(rows)
    fig = Figure(figsize=(8.5, 0.42 * len(rows) + 1.4), layout="constrained")
    ax = fig.subplots()
    base = rows[0].kpi_base if rows else 0.0
    for r, row in enumerate(rows):
        lo, hi = row.kpi_low - base, row.kpi_high - base
        ax.barh(r, lo, color="#1b6ca8", alpha=0.8)
        ax.barh(r, hi, color="#d1495b", alpha=0.8)
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels([f"{row.parameter} [{row.basis}]" for row in rows], fontsize=7)
    ax.invert_yaxis()
    ax.axvline(0, color="#333", lw=1)
    ax.set_xlabel(f"change in {kpi_label} (blue: parameter at its 5th percentile, red: 95th)")
    ax.grid(alpha=0.3, axis="x")
    return fig


def matrix_heatmap(result: Any, label: str) -> Figure:
    """The KPI of every attacker (rows) against every defender (columns) strategy; ``label``
    names the KPI with its unit (the colour bar's label)."""
    m: NDArray[np.float64] = np.asarray(result.mean, dtype=np.float64)
    fig = Figure(
        figsize=(1.6 * len(result.defenders) + 3.4, 0.7 * len(result.attackers) + 1.9),
        layout="constrained",
    )
    ax = fig.subplots()
    im = ax.imshow(m, cmap="viridis", aspect="auto")
    ax.set_xticks(range(len(result.defenders)))
    ax.set_xticklabels(result.defenders, fontsize=8)
    ax.set_yticks(range(len(result.attackers)))
    ax.set_yticklabels(result.attackers, fontsize=8)
    ax.set_xlabel("defender strategy", fontsize=9)
    ax.set_ylabel("attacker strategy", fontsize=9)
    for i in range(m.shape[0]):
        for j in range(m.shape[1]):
            ax.text(
                j,
                i,
                f"{m[i, j]:,.3g}",
                ha="center",
                va="center",
                fontsize=8,
                color=_ink_on(tuple(im.cmap(im.norm(m[i, j])))),
            )
    bar = fig.colorbar(im, ax=ax)
    bar.set_label(label, fontsize=9)
    return fig


def _ink_on(rgba: Sequence[float]) -> str:
    """Black or white, whichever reads on a cell of colour ``rgba`` (relative luminance,
    WCAG 2.1; the threshold 0.4 is our choice: viridis's yellows take black, its blues white)."""
    lum = 0.2126 * rgba[0] + 0.7152 * rgba[1] + 0.0722 * rgba[2]
    return "black" if lum > 0.4 else "white"
