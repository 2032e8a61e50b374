"""The sensitivity report: an HTML page (``clausewitz.report.page``) with PNGs beside it.

Sections: the answer in words (top assumptions, top sources, flips), the tornado, the Sobol
(or Morris) bars, the source ranking and the claim ranking, and how it was computed.
Figures are built on :class:`matplotlib.figure.Figure` objects (no pyplot state).
"""

from __future__ import annotations

import html
import math
from pathlib import Path

import numpy as np
from matplotlib.figure import Figure

from clausewitz.kpis import kpi_of
from clausewitz.report.page import Report, table_html
from clausewitz.sensitivity.global_run import GlobalResult
from clausewitz.sensitivity.oat import TornadoRow
from clausewitz.sensitivity.sources import Drop, SourceSensitivity
from clausewitz.sensitivity.study import SensitivityStudy

TOP_BARS = 20
"""Bars shown in the tornado and source figures (the tables list everything)."""

_STRATEGY_COLOURS = ("#2f6690", "#d1793b", "#3a7d44", "#7a7a7a")
_BASIS_COLOUR = {
    "evidence": "#2f6690",
    "assumption": "#d1793b",
    "engineering": "#7a7a7a",
    "calibrated": "#3a7d44",
}


def fmt(x: float | None, digits: int = 4) -> str:
    """A number for people: thousands separators when large, ``-`` when undefined."""
    if x is None or not math.isfinite(x):
        return "-"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    return f"{x:.{digits}g}"


def kpi_unit(kpi: str) -> str:
    """The unit a KPI's values and changes are in (``days``, ``troops``, ...; empty if the
    name is not in the catalogue)."""
    try:
        unit = kpi_of(kpi).unit
    except KeyError:
        return ""
    return "days" if unit == "day" else unit


def with_unit(kpi: str) -> str:
    """The KPI's name with its unit: ``objective_day.pokrovsk (days)``."""
    unit = kpi_unit(kpi)
    return f"{kpi} ({unit})" if unit else kpi


def amount(x: float | None, kpi: str) -> str:
    """A value or change of the KPI with its unit: ``19.58 days``, ``0.12 (share of runs)``."""
    unit = kpi_unit(kpi)
    if not unit or x is None or not math.isfinite(x):
        return fmt(x)
    return f"{fmt(x)} {unit}" if unit in ("days", "troops", "km²") else f"{fmt(x)} ({unit})"


def tornado_figure(rows: list[TornadoRow], kpi: str) -> Figure:
    """Horizontal bars from the KPI at p05 to the KPI at p95, around the base value."""
    shown = [r for r in rows if math.isfinite(r.swing)][:TOP_BARS][::-1]
    fig = Figure(figsize=(9, 0.38 * max(len(shown), 3) + 1.4))
    ax = fig.subplots()
    if not shown:
        ax.text(0.5, 0.5, "the KPI is undefined at every end", ha="center", va="center")
        return fig
    base = shown[0].kpi_base
    y = np.arange(len(shown))
    for i, r in enumerate(shown):
        colour = _BASIS_COLOUR.get(r.basis, "#555555")
        ax.barh(i, r.kpi_low - base, left=base, color=colour, alpha=0.55, height=0.7)
        ax.barh(i, r.kpi_high - base, left=base, color=colour, alpha=0.95, height=0.7)
    ax.axvline(base, color="black", linewidth=0.8)
    ax.set_yticks(y, [f"{r.parameter} ({r.basis})" for r in shown], fontsize=8)
    ax.set_xlabel(
        f"{with_unit(kpi)}; pale: parameter at its 5% quantile, dark: at its 95% quantile"
    )
    ax.set_title(f"Tornado of {kpi}: base {amount(base, kpi)}", fontsize=10)
    fig.tight_layout()
    return fig


def global_figure(res: GlobalResult) -> Figure:
    """Sobol S1 and ST with their 95% half-widths, or Morris μ* with its interval."""
    recs = res.records()[:TOP_BARS][::-1]
    fig = Figure(figsize=(9, 0.38 * max(len(recs), 3) + 1.4))
    ax = fig.subplots()
    y = np.arange(len(recs))
    names = [str(r["parameter"]) for r in recs]
    if res.method == "sobol":
        h = 0.38
        ax.barh(
            y + h / 2,
            [r["ST"] for r in recs],
            height=h,
            xerr=[r["ST_conf"] for r in recs],
            color="#2f6690",
            label="total (ST)",
        )
        ax.barh(
            y - h / 2,
            [r["S1"] for r in recs],
            height=h,
            xerr=[r["S1_conf"] for r in recs],
            color="#9cc3d5",
            label="first order (S1)",
        )
        ax.set_xlabel(f"Sobol index of {res.kpi} (bars: 95% confidence half-widths)")
        ax.legend(fontsize=8, loc="lower right")
    else:
        ax.barh(
            y, [r["mu_star"] for r in recs], xerr=[r["mu_star_conf"] for r in recs], color="#2f6690"
        )
        ax.set_xlabel(
            f"Morris μ* of {with_unit(res.kpi)} (KPI change over a parameter's full range)"
        )
    ax.set_yticks(y, names, fontsize=8)
    ax.set_title(
        f"{res.method.capitalize()} indices ({res.points:,} points × {res.runs} runs)", fontsize=10
    )
    fig.tight_layout()
    return fig


def sources_figure(ranking: SourceSensitivity) -> Figure:
    """The KPI's shift under each strategy when a source is dropped (95% paired intervals);
    sources whose removal swaps the compared strategies are marked in red."""
    shown = [d for d in ranking.sources if d.status == "assessed"][:TOP_BARS][::-1]
    fig = Figure(figsize=(9, 0.45 * max(len(shown), 3) + 1.4))
    ax = fig.subplots()
    if not shown:
        ax.text(
            0.5,
            0.5,
            "no source moves a parameter the model uses on its own",
            ha="center",
            va="center",
        )
        return fig
    labels = list(ranking.strategies)
    h = 0.8 / len(labels)
    y = np.arange(len(shown))
    for k, (label, colour) in enumerate(zip(labels, _STRATEGY_COLOURS, strict=False)):
        shifts = [d.shift[label] for d in shown]
        lo = [s.estimate - s.low if math.isfinite(s.low) else 0.0 for s in shifts]
        hi = [s.high - s.estimate if math.isfinite(s.high) else 0.0 for s in shifts]
        offset = (k - (len(labels) - 1) / 2) * h
        ax.barh(
            y + offset,
            [s.estimate for s in shifts],
            height=h,
            xerr=[lo, hi],
            color=colour,
            label=label,
            error_kw={"linewidth": 0.8},
        )
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_yticks(y, [f"{d.id} ({d.grade})" for d in shown], fontsize=8)
    for tick, d in zip(ax.get_yticklabels(), shown, strict=True):
        if d.flips:
            tick.set_color("#c0392b")
    ax.set_xlabel(
        f"change of {with_unit(ranking.kpi)} when the source is dropped "
        "(red name: the compared strategies swap places)"
    )
    ax.legend(fontsize=8, loc="lower right")
    ax.set_title("Sources ranked by how much the answer moves without them", fontsize=10)
    fig.tight_layout()
    return fig


def _drop_rows(drops: list[Drop], ranking: SourceSensitivity) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for d in drops:
        row: dict[str, object] = {"id": d.id, "grade": d.grade, "status": d.status}
        for label in ranking.strategies:
            s = d.shift.get(label)
            row[f"shift ({label})"] = (
                "-" if s is None else f"{fmt(s.estimate)} [{fmt(s.low)}, {fmt(s.high)}]"
            )
        if ranking.compare is not None:
            row["comparison"] = "-" if d.comparison is None else fmt(d.comparison.estimate)
            row["flips"] = "yes" if d.flips else ""
        row["parameters"] = ", ".join(d.parameters)
        rows.append(row)
    return rows


def answer_html(study: SensitivityStudy) -> str:
    """The answer in a few sentences."""
    parts = []
    if study.tornado:
        top = [r for r in study.tornado if math.isfinite(r.swing)][:3]
        items = ", ".join(
            f"<b>{html.escape(r.parameter)}</b> ({r.basis}; {fmt(r.low_value)}–"
            f"{fmt(r.high_value)} {html.escape(r.unit)}: swing {amount(r.swing, study.kpi)})"
            for r in top
        )
        parts.append(f"<p class='lead'>{html.escape(study.kpi)} hinges most on {items}.</p>")
    if study.global_result is not None:
        recs = study.global_result.records()[:3]
        key = "ST" if study.global_result.method == "sobol" else "mu_star"
        items = ", ".join(
            f"{html.escape(str(r['parameter']))} ({fmt(float(r[key]), 3)})" for r in recs
        )
        parts.append(f"<p>Largest {study.global_result.method} indices ({key}): {items}.</p>")
    if study.sources is not None:
        ranking = study.sources
        top_sources = [d for d in ranking.sources if d.status == "assessed"][:3]
        if top_sources:
            items = ", ".join(
                f"<b>{html.escape(d.id)}</b> ({d.grade}; shift {amount(d.max_shift, study.kpi)})"
                for d in top_sources
            )
            parts.append(f"<p>Sources the answer moves most without: {items}.</p>")
        sole = sorted(
            (
                (study.largest_swing(d.parameters), d)
                for d in ranking.sources
                if d.status == "sole support"
            ),
            key=lambda t: -t[0],
        )
        items = ", ".join(
            f"<b>{html.escape(d.id)}</b> (only support of "
            f"{html.escape(', '.join(d.parameters))}; tornado swing {amount(swing, study.kpi)})"
            for swing, d in sole[:3]
            if swing > 0
        )
        if items:
            parts.append(f"<p>Sources some parameter rests on alone: {items}.</p>")
        if ranking.compare is not None and ranking.base_comparison is not None:
            c, b = ranking.compare, ranking.base_comparison
            parts.append(
                f"<p>With every source, {html.escape(c.first)} − {html.escape(c.second)} on "
                f"{html.escape(ranking.kpi)} = {amount(b.estimate, ranking.kpi)} (95% interval "
                f"{fmt(b.low)} to {amount(b.high, ranking.kpi)}).</p>"
            )
        for s in ranking.statements():
            parts.append(f"<p class='lead'>{html.escape(s)}</p>")
        if ranking.compare is not None and not ranking.flips():
            c = ranking.compare
            parts.append(
                f"<p>No single source or claim, dropped, flips the ranking of "
                f"{html.escape(c.first)} and {html.escape(c.second)} on "
                f"{html.escape(ranking.kpi)}.</p>"
            )
    return "".join(parts) or "<p class='note'>(nothing computed)</p>"


def build_report(study: SensitivityStudy) -> Report:
    """The report of a study (save it with :meth:`Report.save`)."""
    names = ", ".join(f"{k}={v}" for k, v in study.strategies.items())
    rep = Report(
        f"Sensitivity of {with_unit(study.kpi)}: {study.scenario}",
        subtitle=(
            f"strategies {names}; seed {study.seed}; {study.days} days; scenario SHA-256 "
            f"{study.scenario_sha256[:12]}"
        ),
    )
    rep.add("Answer", answer_html(study))
    if study.tornado:
        rep.add_figure(
            "Tornado",
            "tornado",
            tornado_figure(study.tornado, study.kpi),
            caption=(
                f"Each parameter fixed at its 5% and 95% quantiles, every other sampled as "
                f"usual, {study.runs} common runs per end."
            ),
        )
        table: list[dict[str, object]] = [dict(r.to_dict()) for r in study.tornado]
        rep.add("Tornado table", table_html(table))
    if study.global_result is not None:
        res = study.global_result
        rep.add_figure(
            "Global indices",
            "global",
            global_figure(res),
            caption="; ".join(res.notes)
            or "Indices over the parameters' own distributions, common runs at every design point.",
        )
        rep.add("Global indices table", table_html(res.records()))
    if study.sources is not None:
        ranking = study.sources
        rep.add_figure(
            "Sources",
            "sources",
            sources_figure(ranking),
            caption="Shift of the KPI (with 95% paired interval) when a source is "
            "dropped and the evidence re-fused.",
        )
        sole = [d for d in ranking.sources if d.status == "sole support"]
        body = table_html(_drop_rows(ranking.sources, ranking))
        if sole:
            items = "".join(
                f"<li>{html.escape(d.id)}: only support of "
                + ", ".join(
                    f"{html.escape(p)} (tornado swing {amount(study.swing_of(p), study.kpi)})"
                    for p in d.parameters
                )
                + "</li>"
                for d in sole
            )
            body += (
                "<p class='note'>Sole support: without these sources a parameter has no "
                "evidence left, so dropping them is not simulated; the tornado shows how much "
                f"the parameter matters.</p><ul>{items}</ul>"
            )
        rep.add("Source ranking", body)
        if ranking.claims:
            rep.add("Claim ranking", table_html(_drop_rows(ranking.claims, ranking)))
    rep.add("Method", _method_html(study))
    return rep


def _method_html(study: SensitivityStudy) -> str:
    lines = [
        f"Tornado and sources: {study.runs} runs per evaluation; the same runs (seed "
        f"{study.seed}) at every evaluation, so differences are not luck (common random "
        "numbers).",
    ]
    if study.global_result is not None:
        g = study.global_result
        lines.append(
            f"Global: {g.method}, {g.points:,} design points × {g.runs} runs, parameters drawn "
            "from their own (fused or assumed) distributions; SALib."
        )
    return "<ul>" + "".join(f"<li>{html.escape(x)}</li>" for x in lines) + "</ul>"


def save_report(study: SensitivityStudy, path: Path) -> list[Path]:
    """Write the HTML report and its PNG figures; returns the paths written."""
    return build_report(study).save(Path(path))
