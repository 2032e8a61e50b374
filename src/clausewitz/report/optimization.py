"""The ``optimize`` report: the recommended strategy, what it buys and what it costs.

Read top to bottom by a decision-maker: a headline paragraph written from the numbers; the
chance the choice pays off run by run beside the interval of the mean; the frontier; the best
reply to each posture and the regret tables; then, in appendices, the levers of every point on
the frontier, the common-random-numbers diagnostics and the manifest.
"""

from __future__ import annotations

import html
import json
from typing import TYPE_CHECKING, Any

import numpy as np

from clausewitz.optimize import OptimizeResult, p_better
from clausewitz.optimize.search import Candidate
from clausewitz.report.page import Report, table_html
from clausewitz.scenario.loader import LoadedScenario
from clausewitz.stats.paired import mean_ci

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def _fmt(x: float, unit: str) -> str:
    if unit == "day":
        return f"{x:.0f}"
    return f"{x:,.0f}"


def _units(unit: str) -> str:
    """A criterion's unit after a number: ``days``, ``troops``, ``km²``."""
    return "days" if unit == "day" else unit


def _signed(x: float, unit: str) -> str:
    """A signed difference: ``-65.9`` (days, to a tenth), ``-12,529`` (troops, km²)."""
    return f"{x:+.1f}" if unit == "day" else f"{x:+,.0f}"


def _change(x: float, unit: str) -> str:
    """A signed difference with its unit: ``-65.9 days``, ``-12,529 troops``, ``+243 km²``."""
    return f"{_signed(x, unit)} {_units(unit)}"


def baseline_index(res: OptimizeResult) -> int:
    """The candidate the recommendation is measured against: the first built-in evaluated
    (the scenario's first strategy of the side), else the first trial."""
    for i, c in enumerate(res.candidates):
        if not c.label.isdigit():
            return i
    return 0


def name_of(c: Candidate) -> str:
    """A built-in's name, or ``trial N (policy)``."""
    return f"trial {c.label} ({c.point.policy})" if c.label.isdigit() else c.label


def headline_text(res: OptimizeResult) -> str:
    """The recommendation in one paragraph of plain text, from the numbers."""
    rec = res.candidates[res.robust_draw]
    base = res.candidates[baseline_index(res)]
    crit = res.criteria
    p = res.primary
    a, b = p.cost(rec.pooled(p.kpi)), p.cost(base.pooled(p.kpi))
    win, lose, tie = p_better(a, b)
    d = mean_ci(rec.pooled(p.kpi) - base.pooled(p.kpi))
    parts = [
        f"Recommended for the {res.side}: {name_of(rec)}, the choice whose regret is least "
        f"in its worst case over the {len(res.against)} postures of the other side and over "
        f"{res.runs} parameter draws ({len(res.candidates)} strategies tried)."
    ]
    if rec is base:
        parts.append(f"No point tried beats {base.label} on that criterion.")
    else:
        parts.append(
            f"Against {base.label}: {p.label} {_change(d.estimate, p.unit)} on average (95% CI "
            f"{_signed(d.low, p.unit)} to {_signed(d.high, p.unit)}); run by run it is better in "
            f"{win:.0%} of runs, worse in {lose:.0%} and the same in {tie:.0%}."
        )
        for c in crit[1:]:
            dc = mean_ci(rec.pooled(c.kpi) - base.pooled(c.kpi))
            parts.append(
                f"{c.label[0].upper() + c.label[1:]}: {_change(dc.estimate, c.unit)} "
                f"(95% CI {_signed(dc.low, c.unit)} to {_signed(dc.high, c.unit)})."
            )
    worst = max(res.against, key=lambda o: p.cost(rec.values[o][p.kpi]).mean())
    parts.append(
        f"Its hardest posture is {worst}: {p.label} "
        f"{_fmt(rec.mean(p.kpi, worst), p.unit)} {_units(p.unit)} on average."
    )
    return " ".join(parts)


def describe_candidate(res: OptimizeResult, i: int) -> str:
    """One line: name, then each criterion's mean [95% CI]."""
    c = res.candidates[i]
    cells = []
    for k in res.criteria:
        ci = mean_ci(c.pooled(k.kpi))
        cells.append(
            f"{k.label} {_fmt(ci.estimate, k.unit)} [{_fmt(ci.low, k.unit)}, "
            f"{_fmt(ci.high, k.unit)}]"
        )
    return f"{name_of(c)}: " + "; ".join(cells)


def frontier_figure(res: OptimizeResult) -> Figure:
    """Every trial in the plane of the first two criteria; the frontier with its intervals;
    the built-ins and the recommendation named."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    fig = Figure(figsize=(8.5, 5.2))
    ax = fig.add_subplot(1, 1, 1)
    k0, k1 = res.criteria[0], res.criteria[min(1, len(res.criteria) - 1)]
    xs = np.array([c.mean(k0.kpi) for c in res.candidates])
    ys = np.array([c.mean(k1.kpi) for c in res.candidates])
    colour: Any = "#9aa5b1"
    if len(res.criteria) > 2:
        colour = np.array([c.mean(res.criteria[2].kpi) for c in res.candidates])
    sc = ax.scatter(xs, ys, c=colour, s=22, cmap="viridis", alpha=0.8, label="trials")
    if len(res.criteria) > 2:
        cb = fig.colorbar(sc, ax=ax)
        cb.set_label(f"{res.criteria[2].label} ({res.criteria[2].unit})")
    for i in res.frontier:
        c = res.candidates[i]
        cx, cy = mean_ci(c.pooled(k0.kpi)), mean_ci(c.pooled(k1.kpi))
        ax.errorbar(
            cx.estimate,
            cy.estimate,
            xerr=[[cx.estimate - cx.low], [cx.high - cx.estimate]],
            yerr=[[cy.estimate - cy.low], [cy.high - cy.estimate]],
            fmt="o",
            mfc="none",
            mec="#c0392b",
            ecolor="#c0392b",
            ms=9,
            lw=1,
        )
    for i, c in enumerate(res.candidates):
        if not c.label.isdigit():
            ax.annotate(c.label, (xs[i], ys[i]), xytext=(6, 4), textcoords="offset points")
    r = res.robust_draw
    ax.scatter([xs[r]], [ys[r]], marker="*", s=260, c="#e67e22", edgecolors="k", zorder=5)
    ax.annotate(
        "recommended", (xs[r], ys[r]), xytext=(8, -14), textcoords="offset points", weight="bold"
    )
    ax.set_xlabel(f"{k0.label} ({k0.unit}, mean over postures and runs)")
    ax.set_ylabel(f"{k1.label} ({k1.unit})")
    ax.set_title("Trials (dots), Pareto frontier with 95% intervals (red), recommendation (star)")
    ax.grid(alpha=0.3)
    return fig


def paired_figure(res: OptimizeResult) -> Figure:
    """Run-by-run difference of the primary criterion, recommendation minus baseline."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    rec, base = res.candidates[res.robust_draw], res.candidates[baseline_index(res)]
    p = res.primary
    fig = Figure(figsize=(8.5, 3.4))
    axes = fig.subplots(1, len(res.against), sharey=True, squeeze=False)[0]
    for ax, o in zip(axes, res.against, strict=True):
        d = rec.values[o][p.kpi] - base.values[o][p.kpi]
        ci = mean_ci(d)
        ax.hist(d, bins=30, color="#2f6690", alpha=0.8)
        ax.axvline(0.0, color="k", lw=1, ls="--")
        ax.axvspan(ci.low, ci.high, color="#e67e22", alpha=0.35, label="95% CI of mean")
        win, lose, _ = p_better(p.cost(rec.values[o][p.kpi]), p.cost(base.values[o][p.kpi]))
        ax.set_title(f"vs {o}\nbetter in {win:.0%}, worse in {lose:.0%}", fontsize=9)
        ax.set_xlabel(f"Δ {p.label} ({p.unit}s)")
    axes[0].set_ylabel("runs")
    axes[0].legend(fontsize=8)
    return fig


def optimization_report(res: OptimizeResult, loaded: LoadedScenario) -> Report:
    """The report of a search (save it with :meth:`Report.save`)."""
    meta = loaded.scenario.meta
    rep = Report(
        title=f"{meta.title or meta.name}: the {res.side}'s best strategy and its price",
        subtitle=(
            f"Scenario {meta.name} (sha256 {loaded.sha256[:12]}), knowledge date "
            f"{meta.knowledge_date}, {res.days} days; {len(res.candidates)} strategies tried, "
            f"each on the same {res.runs} runs against {', '.join(res.against)}; seed "
            f"{res.seed}."
        ),
    )
    rep.add("The recommendation", f"<p class='lead'>{html.escape(headline_text(res))}</p>")
    base = res.candidates[baseline_index(res)]
    rep.add_figure(
        "Does it pay off run by run?",
        "paired",
        paired_figure(res),
        f"Per run (the same parameter draws and dice), the {res.primary.label} under the "
        f"recommendation minus under {base.label}, against each posture: the histogram is the "
        "chance the choice pays off in a given war; the orange band is the 95% interval of the "
        "mean difference, which says how sure the average is, not how often the choice wins.",
    )
    rep.add_figure(
        "The frontier: what each choice buys and costs",
        "frontier",
        frontier_figure(res),
        "Each dot a strategy tried (a point of the lever space); red circles the Pareto "
        "frontier (no other point is at least as good on every criterion and better on one).",
    )
    rep.add("The frontier, point by point", table_html(_frontier_rows(res)))
    _postures(rep, res)
    _appendices(rep, res, base)
    return rep


def _frontier_rows(res: OptimizeResult) -> list[dict[str, object]]:
    """Each frontier point's criteria: mean [95% interval]."""
    rows: list[dict[str, object]] = []
    for i in res.frontier:
        c = res.candidates[i]
        row: dict[str, object] = {"strategy": name_of(c)}
        for k in res.criteria:
            ci = mean_ci(c.pooled(k.kpi))
            row[f"{k.label} ({k.unit})"] = (
                f"{_fmt(ci.estimate, k.unit)} [{_fmt(ci.low, k.unit)}, {_fmt(ci.high, k.unit)}]"
            )
        rows.append(row)
    return rows


def _postures(rep: Report, res: OptimizeResult) -> None:
    """The built-ins, best replies and robust choices against each posture, with regrets."""
    p = res.primary
    shown = sorted(
        {res.robust_draw, res.robust_posture, *res.best_reply.values()}
        | {i for i, c in enumerate(res.candidates) if not c.label.isdigit()}
    )
    matrix_rows: list[dict[str, object]] = []
    for i in shown:
        c = res.candidates[i]
        row: dict[str, object] = {"strategy": name_of(c)}
        for o in res.against:
            mark = " (best reply)" if res.best_reply[o] == i else ""
            row[o] = f"{c.mean(p.kpi, o):.1f}{mark}"
        row["worst regret (means)"] = f"{res.posture_regret[i].max():.1f}"
        row["worst regret (runs, p90)"] = f"{res.draw_regret[i].max():.1f}"
        matrix_rows.append(row)
    rep.add(
        "Against each posture of the other side",
        f"<p>Mean {html.escape(p.label)} ({p.unit}s) of the built-ins, the best reply to each "
        "posture and the robust choices. Regret is how much worse a choice does than the best "
        "choice against the same posture: on the means (minimax regret across postures: "
        f"<b>{html.escape(name_of(res.candidates[res.robust_posture]))}</b>), and run by run, "
        "the 90th percentile over the parameter draws (minimax regret across postures and the "
        f"scenario's uncertainty: <b>{html.escape(name_of(res.candidates[res.robust_draw]))}"
        "</b>, the recommendation).</p>" + table_html(matrix_rows),
    )


def _appendices(rep: Report, res: OptimizeResult, base: Candidate) -> None:
    """The frontier's lever settings, what common random numbers saved, the manifest."""
    lever_rows: list[dict[str, object]] = []
    for i in res.frontier:
        c = res.candidates[i]
        lever_rows.append({"strategy": name_of(c), "policy": c.point.policy, **c.point.settings()})
    rep.add(
        "Appendix A: the settings of every point on the frontier",
        "<p>The levers of each point as the settings of the built-in policy that fights it "
        "(docs/strategies.md): put them in a scenario's <code>strategies:</code> block to "
        "compare them with <code>clausewitz compare</code>.</p>" + table_html(lever_rows),
    )
    crn_rows: list[dict[str, object]] = []
    if base is not res.candidates[res.robust_draw]:
        rec = res.candidates[res.robust_draw]
        for k in res.criteria:
            a, b = rec.pooled(k.kpi), base.pooled(k.kpi)
            paired = float(np.var(a - b, ddof=1))
            independent = float(np.var(a, ddof=1) + np.var(b, ddof=1))
            crn_rows.append(
                {
                    "criterion": k.label,
                    "variance ratio (independent / paired)": (
                        independent / paired if paired > 0 else "n/a"
                    ),
                }
            )
    rep.add(
        "Appendix B: common random numbers",
        "<p>Every strategy tried met the same parameter draws and dice; the variance of the "
        "difference between the recommendation and the baseline with independent runs, over "
        "its variance on the same runs, is the factor of runs the pairing saved.</p>"
        + table_html(crn_rows),
    )
    rep.add(
        "Appendix C: manifest",
        "<pre>" + html.escape(json.dumps(res.manifest, indent=2, default=str)) + "</pre>",
    )
