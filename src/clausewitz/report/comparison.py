"""The comparison report: the question, the answer with its uncertainty, and the evidence.

:func:`comparison_report` turns a finished :class:`~clausewitz.compare.Comparison` (and, when
given, one-at-a-time sensitivity rows and a strategy matrix) into a self-contained HTML page
with inline SVG figures and a PNG of each beside it.
"""

from __future__ import annotations

import html
import json
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from scipy import stats

from clausewitz.compare.experiment import Comparison
from clausewitz.compare.kpis import higher_is_better
from clausewitz.compare.summary import best_label
from clausewitz.evidence.estimate import fmt_number
from clausewitz.kpis import kpi_of
from clausewitz.report import comparison_figures as figs
from clausewitz.report.page import Report, table_html


def headline_objective(c: Comparison) -> str:
    """The objective a comparison is about: the first hub on the main axis, else the first
    hub, else the first objective."""
    sc = c.loaded.scenario
    main = {s.id for s in sc.theatre.sectors if s.main_axis}
    objs = sc.theatre.objectives
    for cand in (
        [o for o in objs if o.kind == "hub" and o.sector in main],
        [o for o in objs if o.kind == "hub"],
        list(objs),
    ):
        if cand:
            return cand[0].id
    raise ValueError("the scenario has no objectives")


def _pct(x: float | None) -> str:
    if x is None:
        return "n/a"
    if 0.0 < x < 0.005:
        return "<0.5%"
    if 0.995 < x < 1.0:
        return ">99.5%"
    return f"{100 * x:.0f}%"


def _prob(x: float | None) -> str:
    """A probability from a normal approximation: never shown as a certainty."""
    if x is not None and x >= 0.995:
        return ">99.5%"
    if x is not None and x <= 0.005:
        return "<0.5%"
    return _pct(x)


def _n(x: float | None, digits: int = 0) -> str:
    if x is None or not math.isfinite(x):
        return "n/a"
    return f"{x:,.{digits}f}"


def _p_best_better(p_a_better: float | None, *, best_is_a: bool) -> float:
    """The probability that the best strategy's average is better, from the pair's
    ``p_better`` (that ``a``'s is): a certain 0.0 is a probability, not a missing one."""
    if p_a_better is None:
        return 0.5
    return p_a_better if best_is_a else 1.0 - p_a_better


def _run_shares(c: Comparison, best: str, other: str, kpi: str) -> tuple[float, float]:
    """Share of runs in which ``best`` does better on ``kpi`` than ``other``, and worse (for
    the compared side; ties in neither)."""
    a, b = c.kpis(best)[kpi], c.kpis(other)[kpi]
    if higher_is_better(kpi, c.side):
        a, b = -a, -b
    return float(np.mean(a < b)), float(np.mean(a > b))


def headline(summary: Mapping[str, Any], c: Comparison, objective: str) -> str:
    """The answer in plain words (HTML), with its uncertainty."""
    name = {o.id: (o.name or o.id) for o in c.loaded.scenario.theatre.objectives}[objective]
    side = summary["side"]
    kd = f"objective_rday.{objective}"
    kc = f"objective_captured.{objective}"
    best = best_label(summary, kd)
    k = summary["kpis"]
    parts = [
        f"<p class='answer'>Of the {side}'s strategies compared, <b>{html.escape(best)}</b> "
        f"{'takes' if side == 'attacker' else 'holds'} {html.escape(name)} "
        f"{'soonest' if side == 'attacker' else 'longest'} on average. "
    ]
    falls = []
    for lab in summary["strategies"]:
        v = k[lab][kc]
        falls.append(
            f"{html.escape(lab)}: {_pct(v['mean'])} "
            f"(95% CI {_pct(v['ci_low'])}–{_pct(v['ci_high'])})"
        )
    parts.append(
        f"Probability that {html.escape(name)} falls within {summary['days']} days — "
        + "; ".join(falls)
        + ".</p>"
    )
    rows = []
    for pair, block in summary["paired"].items():
        a, b = pair.split("-", 1) if pair.count("-") == 1 else _split_pair(pair, summary)
        if best not in (a, b):
            continue
        d = block[kd]
        other = b if a == best else a
        sign = 1 if a == best else -1
        diff = sign * (d["diff_mean"] or 0.0)
        lo, hi = sorted((sign * (d["ci_low"] or 0.0), sign * (d["ci_high"] or 0.0)))
        p = _p_best_better(d["p_better"], best_is_a=a == best)
        word = "earlier" if diff < 0 else "later"
        la = block["attacker_losses"]
        ldiff = sign * (la["diff_mean"] or 0.0)
        wins, losses = _run_shares(c, best, other, kd)
        rows.append(
            f"<li>against <b>{html.escape(other)}</b>: {html.escape(name)} falls "
            f"{abs(diff):.0f} days {word} on average (95% CI {lo:+.0f} to {hi:+.0f} days), "
            f"at {_n(abs(ldiff))} {'more' if ldiff > 0 else 'fewer'} attacker losses over the "
            f"horizon. <b>Run by run, {html.escape(best)} is the better choice in "
            f"{wins:.0%} of runs and the worse in {losses:.0%}</b>; the confidence that its "
            f"<i>average</i> is better is {_prob(p)}.</li>"
        )
    if rows:
        parts.append("<ul>" + "".join(rows) + "</ul>")
    parts.append(
        "<p class='note'>Days are restricted means: a run in which the town does not fall "
        f"counts as day {summary['days']}. Intervals are over the simulation's runs, which "
        "sample every parameter from its evidence or assumption; they do not cover the model's "
        "own structural error (see the validation report and docs/model.md).</p>"
    )
    return "".join(parts)


def _split_pair(pair: str, summary: Mapping[str, Any]) -> tuple[str, str]:
    for a in summary["strategies"]:
        if pair.startswith(a + "-") and pair[len(a) + 1 :] in summary["strategies"]:
            return a, pair[len(a) + 1 :]
    raise ValueError(f"cannot split pair {pair!r}")


def kpi_table(
    summary: Mapping[str, Any], kpis: Sequence[tuple[str, str]]
) -> list[dict[str, object]]:
    """Rows of the headline table: one per strategy, KPI mean with 95% CI."""
    out = []
    for lab in summary["strategies"]:
        row: dict[str, object] = {"strategy": lab}
        for kpi, title in kpis:
            v = summary["kpis"][lab][kpi]
            if v["mean"] is None:
                row[title] = "n/a"
                continue
            if kpi.startswith(("objective_captured", "ceasefire", "fiscal_crisis")):
                row[title] = f"{_pct(v['mean'])} [{_pct(v['ci_low'])}, {_pct(v['ci_high'])}]"
            else:
                digits = 2 if kpi == "exchange_ratio" else 0
                row[title] = (
                    f"{_n(v['mean'], digits)} "
                    f"[{_n(v['ci_low'], digits)}, {_n(v['ci_high'], digits)}]"
                )
        out.append(row)
    return out


def headline_kpis(c: Comparison, objective: str) -> list[tuple[str, str]]:
    """(KPI, column title) of the headline table."""
    name = {o.id: (o.name or o.id) for o in c.loaded.scenario.theatre.objectives}[objective]
    return [
        (f"objective_captured.{objective}", f"{name} falls"),
        (f"objective_rday.{objective}", f"{name} day"),
        ("attacker_losses", "attacker losses"),
        ("defender_losses", "defender losses"),
        ("exchange_ratio", "exchange ratio"),
        ("territory_km2", "km² taken"),
        ("ceasefire", "ceasefire"),
    ]


def screen_parameters(c: Comparison, kpi: str, top: int) -> list[str]:
    """The ``top`` sampled parameters most rank-correlated with ``kpi`` over the first arm's
    runs (a cheap screen that picks which parameters the one-at-a-time tornado perturbs)."""
    table = c.arms[0].table
    y = c.kpis(c.labels[0])[kpi]
    params = c.arms[0].job.prepared.table
    scores = []
    for name in table.column_names:
        if not name.startswith("param."):
            continue
        entry = params.get(name.removeprefix("param."))
        if entry is None or not entry.used:  # observations: varied, but nothing reads them
            continue
        x = np.asarray(table.column(name).to_numpy(), dtype=np.float64)
        if np.ptp(x) == 0 or np.ptp(y) == 0:
            continue
        rho = stats.spearmanr(x, y).statistic
        if math.isfinite(rho):
            scores.append((abs(float(rho)), name.removeprefix("param.")))
    scores.sort(reverse=True)
    return [n for _, n in scores[:top]]


def evidence_rows(estimates: Mapping[str, Any]) -> list[dict[str, object]]:
    """One row per claim behind an evidence parameter: grades, weight share, fused result."""
    rows: list[dict[str, object]] = []
    for e in estimates.values():
        if getattr(e, "origin", "") == "default":
            continue
        j = e.to_json()
        fused = j.get("fused") or {}
        fused_txt = (
            f"{fmt_number(fused.get('median', 0))} [{fmt_number(fused.get('p05', 0))}, "
            f"{fmt_number(fused.get('p95', 0))}] {fused.get('unit', '')}"
            if fused
            else ""
        )
        if j["basis"] != "evidence":
            rows.append(
                {
                    "parameter": j["parameter"],
                    "basis": j["basis"],
                    "claim": "",
                    "source": "",
                    "grade": "",
                    "stated": "",
                    "weight share": "",
                    "fused": fused_txt,
                }
            )
            continue
        for cl in j["claims"]:
            value = cl["value"]
            stated = (
                f"{value[0]:g}–{value[1]:g}" if isinstance(value, list) else f"{value:g}"
            ) + f" {cl['unit']}"
            rows.append(
                {
                    "parameter": j["parameter"],
                    "basis": "evidence",
                    "claim": cl["id"],
                    "source": cl["source"],
                    "grade": cl["grade"],
                    "stated": stated,
                    "weight share": f"{100 * (cl['share'] or 0):.0f}%",
                    "fused": fused_txt,
                }
            )
    return rows


def kpi_label(kpi: str, names: Mapping[str, str]) -> str:
    """A KPI as a reader names it, with its unit: ``objective_rday.pokrovsk`` is "Pokrovsk day
    (days)", ``attacker_losses`` "attacker losses (troops)"."""
    head, _, tail = kpi.partition(".")
    unit = kpi_of(kpi).unit
    if head in ("objective_rday", "objective_day"):
        text = f"{names.get(tail, tail)} day"
        unit = "days"
    elif head == "objective_captured":
        text = f"{names.get(tail, tail)} falls"
    elif head == "territory_km2":
        text = "ground taken"
    else:
        text = head.replace("_", " ") + (f", {tail}" if tail else "")
    return f"{text} ({unit})"


def _restricted_note(kpi: str, days: int) -> str:
    """How a restricted mean day counts the runs in which the town holds."""
    if kpi.startswith("objective_rday."):
        return f" (a run in which it holds counts as day {days})"
    return ""


def comparison_report(
    c: Comparison,
    summary: Mapping[str, Any],
    *,
    estimates: Mapping[str, Any],
    tornado: Sequence[Any] = (),
    tornado_kpi: str = "",
    matrix: Any = None,
    sensitivity_link: str | None = None,
) -> Report:
    """The report of a comparison (save it with :meth:`Report.save`)."""
    sc = c.loaded.scenario
    meta = sc.meta
    objective = headline_objective(c)
    names = {o.id: (o.name or o.id) for o in sc.theatre.objectives}
    rep = Report(
        title=f"{meta.title or meta.name}: which {c.side} strategy?",
        subtitle=(
            f"Scenario {meta.name} (sha256 {c.loaded.sha256[:12]}), knowledge date "
            f"{meta.knowledge_date}, start {meta.start_date}, {c.days} days; {c.runs:,} runs per "
            f"strategy with common random numbers, seed {c.seed}."
        ),
    )
    others = {
        a.arm.strategies.get("defender" if c.side == "attacker" else "attacker") for a in c.arms
    }
    question = (
        f"<p>{html.escape((meta.description or '').strip())}</p>"
        f"<p>Compared: the {c.side}'s strategies {', '.join(html.escape(x) for x in c.labels)} "
        f"against the other side's {', '.join(html.escape(str(o)) for o in others)}.</p>"
    )
    kpis = headline_kpis(c, objective)
    rep.add(
        "The answer",
        headline(summary, c, objective)
        + table_html(kpi_table(summary, kpis))
        + "<p class='note'>Mean over runs [95% confidence interval]. Losses are killed, "
        "wounded and missing over the whole horizon; the exchange ratio is attacker losses per "
        "defender loss.</p>",
    )
    rep.add("The question", question)
    _decision_sections(rep, c, summary, objective, names, matrix)
    _figure_sections(rep, c, summary, objective, names)
    if tornado:
        _tornado_sections(rep, c, tornado, tornado_kpi or f"objective_rday.{objective}")
    if sensitivity_link:
        rep.add(
            "Sensitivity to assumptions and sources",
            f"<p><a href='{html.escape(sensitivity_link)}'>The global sensitivity and source "
            "ranking report</a>.</p>",
        )
    _appendices(rep, c, summary, kpis, estimates)
    return rep


def _figure_sections(
    rep: Report,
    c: Comparison,
    summary: Mapping[str, Any],
    objective: str,
    names: Mapping[str, str],
) -> None:
    """The front and forces over time, the losses, the paired differences and the axis."""
    sc = c.loaded.scenario
    sectors = [s.id for s in sc.theatre.sectors]
    rep.add_figure(
        "The front and the forces over time",
        "fan",
        figs.fan_charts(c, sectors=sectors),
        "Median (line), 50% (dark) and 90% (light) bands over runs, per strategy."
        + (
            " Troops in transit are committed reserves and withdrawn lines on the march "
            "between the reserve's location and the axes: in no line, fighting nowhere."
            if figs.has_transit(c)
            else ""
        ),
    )
    rep.add_figure(
        "Losses",
        "losses",
        figs.loss_distributions(c),
        "Distribution over runs of each side's losses over the horizon.",
    )
    if len(c.labels) > 1:
        rep.add_figure(
            "Paired differences",
            "forest",
            figs.forest_plot(
                summary,
                [
                    (f"objective_rday.{objective}", f"{names[objective]} day (days)"),
                    ("attacker_losses", "attacker losses"),
                    ("defender_losses", "defender losses"),
                    ("territory_km2", "km² taken"),
                ],
            ),
            "Mean paired difference (first minus second strategy) with its 95% interval; a "
            "difference whose interval crosses the dashed zero line is not resolved.",
        )
    fig_map = figs.axis_map(c)
    if fig_map is not None:
        rep.add_figure(
            "The axis",
            "map",
            fig_map,
            "Towns (squares: hubs), the front on the start date (crosses) and each strategy's "
            "median front after 90, 180 and 365 days along each sector's axis of advance.",
        )


def _tornado_sections(rep: Report, c: Comparison, tornado: Sequence[Any], kd: str) -> None:
    """The one-at-a-time tornado of ``kd``, as a figure and a table."""
    names = {o.id: (o.name or o.id) for o in c.loaded.scenario.theatre.objectives}
    label = kpi_label(kd, names)
    rep.add_figure(
        "What the answer hinges on",
        "tornado",
        figs.tornado_chart(tornado, label),
        f"One at a time: each parameter set to its 5th and 95th percentile with all others "
        f"sampled as usual (same runs), under {html.escape(c.labels[0])}; the parameters "
        f"shown are those most rank-correlated with the KPI over the runs. The KPI is "
        f"{kd}, {label}: {kpi_of(kd).description}.",
    )
    rep.add(
        "Tornado table",
        table_html(
            [
                {
                    "parameter": r.parameter,
                    "basis": r.basis,
                    "p05": r.low_value,
                    "p95": r.high_value,
                    "unit": r.unit,
                    "KPI at p05": r.kpi_low,
                    "KPI at p95": r.kpi_high,
                    "swing": r.swing,
                }
                for r in tornado
            ]
        ),
    )


def _appendices(
    rep: Report,
    c: Comparison,
    summary: Mapping[str, Any],
    kpis: Sequence[tuple[str, str]],
    estimates: Mapping[str, Any],
) -> None:
    """How much common random numbers helped, the evidence, and the manifest."""
    crn = summary["crn_variance_ratio"]
    crn_rows = [
        {"KPI": title, "CRN variance ratio": crn.get(k) if crn.get(k) is not None else "n/a"}
        for k, title in kpis
    ]
    rep.add(
        "Appendix A: how much common random numbers helped",
        "<p>Variance of the difference between strategies with independent streams, divided by "
        "its variance with common random numbers (paired runs): the factor of runs saved.</p>"
        + table_html(crn_rows),
    )
    rep.add(
        "Appendix B: the evidence",
        "<p>Every parameter the scenario sets: for evidence, each claim with its source, "
        "Admiralty grade (source reliability A–F, information credibility 1–6), what it states "
        "and its share of the fused weight; then the fused median and 90% interval.</p>"
        + table_html(evidence_rows(estimates)),
    )
    directions = {k: ("higher" if higher_is_better(k, c.side) else "lower") for k, _ in kpis}
    rep.add(
        "Appendix C: manifest",
        "<p class='note'>What was run; the same scenario, seed and version give the same "
        f"numbers. Better for the {c.side}: "
        + ", ".join(f"{html.escape(k)} {v}" for k, v in directions.items())
        + ".</p><pre>"
        + html.escape(json.dumps(summary["manifest"], indent=2, default=str))
        + "</pre>",
    )


def _decision_sections(
    rep: Report,
    c: Comparison,
    summary: Mapping[str, Any],
    objective: str,
    names: Mapping[str, str],
    matrix: Any,
) -> None:
    """What a decision-maker reads after the answer: the chance the choice pays off run by
    run, the matrix against the other side's postures, the ground, when the towns fall, and
    the ceasefire and fiscal-crisis risks."""
    from clausewitz.report import decision_figures as dfig

    sc = c.loaded.scenario
    kd = f"objective_rday.{objective}"
    best = best_label(summary, kd)
    if len(c.labels) > 1:
        rep.add_figure(
            "Does the choice pay off run by run?",
            "paired-runs",
            dfig.paired_histograms(c, kd, f"{names[objective]} day (days)", best),
            f"Per run (the same parameter draws and dice), the day {names[objective]} falls "
            f"under {best} minus under each other strategy. The histogram is the chance the "
            "choice pays off in a given war; the orange band, the 95% interval of the mean "
            "difference, says only how sure the average is.",
        )
    if len(c.labels) > 1:
        rep.add_figure(
            "What each strategy buys and costs",
            "frontier",
            dfig.strategy_frontier(c, kd, f"{names[objective]} day (mean, days)"),
            f"Each strategy's mean {names[objective]} day against its mean {c.side} losses, "
            "with 95% intervals; the dashed line joins the strategies no other beats on both "
            "(the frontier); clausewitz optimize searches the whole lever space for it.",
        )
    if matrix is not None:
        rep.add_figure(
            "Against every answer of the other side",
            "matrix",
            figs.matrix_heatmap(matrix, kpi_label(matrix.kpi, names)),
            f"Mean {kpi_label(matrix.kpi, names)} for each attacker (rows) and defender "
            f"(columns) strategy{_restricted_note(matrix.kpi, c.days)}. "
            f"Robust (maximin) attacker choice: {matrix.robust('attacker')}; defender: "
            f"{matrix.robust('defender')}.",
        )
    occupied, on = dfig.occupied_at(sc.meta.knowledge_date)
    horizon = min(c.days, 180)
    fig_map = dfig.territory_map(c, occupied, on, horizon)
    if fig_map is not None:
        rep.add_figure(
            "The ground",
            "ground",
            fig_map,
            f"Occupied area (DeepState, {on}) and each strategy's projected front on day "
            f"{horizon}: the median advance of each sector along its axis (dots, joined) and "
            "the 10–90% band over runs (thick translucent bars).",
        )
    fallen = [
        o.id
        for o in sc.theatre.objectives
        if any(c.kpis(lab)[f"objective_captured.{o.id}"].mean() > 0.01 for lab in c.labels)
    ][:9]
    if fallen:
        rep.add_figure(
            "When each town falls",
            "capture-cdf",
            dfig.capture_cdfs(c, fallen, names, sc.meta.start_date, sc.meta.knowledge_date),
            "Share of runs in which each town has fallen by each date, per strategy; the "
            "dotted line is the knowledge date.",
        )
    rep.add_figure(
        "Ceasefire and fiscal crisis",
        "risks",
        dfig.risk_panels(c),
        "Share of runs with a ceasefire, and with each side's fiscal crisis, within the "
        "horizon, per strategy (95% Wilson intervals).",
    )


def save_report(rep: Report, path: Path) -> list[Path]:
    """Write the report and its PNGs; return the paths."""
    return rep.save(path)
