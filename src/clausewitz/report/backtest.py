"""The HTML page of a backtest: the real front over the model's fan charts, capture-day CDFs
with the truth marked, PIT histograms, the area gained per month, and the naive forecasts
beside the model's (built with :mod:`clausewitz.report.page`)."""

from __future__ import annotations

import datetime as dt
import html

import numpy as np
from matplotlib.figure import Figure

from clausewitz.backtest.api import BacktestResult
from clausewitz.backtest.scoring import FAMILIES, FAMILY_TITLES
from clausewitz.report.page import Report, figure_grid, generated_stamp, notes_html, table_html

COLOURS = {
    "model": "#1b6ca8",
    "persistence": "#5c5c5c",
    "trailing-rate": "#d1495b",
    "climatology": "#2a9d8f",
}
TRUTH = "#111111"


def fan_charts(r: BacktestResult) -> Figure:
    """Per town: the model's 50%/90% bands and median of the distance, the baselines' medians,
    and the real distance."""
    t = r.targets
    fig, axes = figure_grid(len(t.towns))
    x = [t.anchor, *t.dates]
    for i, (ax, town) in enumerate(zip(axes, t.towns, strict=True)):
        for name, f in r.forecasts.items():
            d = np.concatenate([np.full((1, f.members), t.anchor_distance[i]), f.distance[i]])
            if name == "model":
                q = np.quantile(d, [0.05, 0.25, 0.5, 0.75, 0.95], axis=1)
                ax.fill_between(x, q[0], q[4], color=COLOURS[name], alpha=0.12, lw=0)
                ax.fill_between(x, q[1], q[3], color=COLOURS[name], alpha=0.25, lw=0)
                ax.plot(x, q[2], color=COLOURS[name], lw=1.5, label="model")
            else:
                ax.plot(x, np.median(d, axis=1), color=COLOURS[name], lw=1, ls="--", label=name)
        real = np.concatenate([[t.anchor_distance[i]], t.distance[i]])
        ax.plot(x, real, color=TRUTH, lw=2, marker=".", ms=3, label="DeepState")
        ax.set_title(f"{town.name}: km to the occupied area", fontsize=9)
        ax.set_ylim(bottom=0)
        ax.tick_params(labelsize=7)
        ax.tick_params(axis="x", labelrotation=30)
        ax.grid(alpha=0.3)
    if axes:
        axes[0].legend(fontsize=7)
    return fig


def capture_cdfs(r: BacktestResult) -> Figure:
    """Per town: probability of having fallen by each day, per forecast; the truth marked."""
    t = r.targets
    fig, axes = figure_grid(len(t.towns))
    first, last = t.day(t.anchor), t.last_day
    days = np.arange(first, last + 1)
    for i, (ax, town) in enumerate(zip(axes, t.towns, strict=True)):
        for name, f in r.forecasts.items():
            cdf = (f.fall_day[i][None, :] <= days[:, None]).mean(axis=1)
            ax.step(days, cdf, where="post", color=COLOURS[name], lw=1.5 if name == "model" else 1,
                    ls="-" if name == "model" else "--", label=name)  # fmt: skip
        if t.fall_day[i] < t.censor:
            ax.axvline(t.fall_day[i], color=TRUTH, lw=2, label="fell (DeepState)")
        else:
            ax.text(0.02, 0.9, "did not fall by the end", transform=ax.transAxes, fontsize=7)
        ax.set_ylim(-0.02, 1.02)
        ax.set_title(f"{town.name}: P(fallen by day)", fontsize=9)
        ax.set_xlabel(f"day from {t.start_date.isoformat()}", fontsize=7)
        ax.tick_params(labelsize=7)
        ax.grid(alpha=0.3)
    if axes:
        axes[0].legend(fontsize=7)
    return fig


def pit_histograms(r: BacktestResult) -> Figure:
    """PIT of the fall day and of the weekly distances, per forecast (flat when calibrated)."""
    fig = Figure(figsize=(3.2 * len(r.scores), 5.0), layout="constrained")
    axes = fig.subplots(2, len(r.scores), squeeze=False)
    bins = np.linspace(0, 1, 11)
    for j, (name, s) in enumerate(r.scores.items()):
        for row, (vals, what) in enumerate(
            ((s.pit_fall, "fall day"), (s.pit_distance.ravel(), "weekly distance"))
        ):
            ax = axes[row, j]
            ax.hist(vals, bins=bins, density=True, color=COLOURS.get(name, "#888"), alpha=0.8)
            ax.axhline(1.0, color="#333", lw=0.8, ls=":")
            ax.set_title(f"{name}: PIT of {what} (n={vals.size})", fontsize=8)
            ax.tick_params(labelsize=7)
    return fig


def area_chart(r: BacktestResult) -> Figure:
    """Area gained per month in the region: the model's 90% interval and median, the
    baselines' medians, and the truth."""
    t = r.targets
    fig = Figure(figsize=(8, 3.4), layout="constrained")
    ax = fig.subplots()
    x = np.arange(len(t.months))
    width = 0.8 / len(r.forecasts)
    for k, (name, f) in enumerate(r.forecasts.items()):
        q = np.quantile(f.area_gained, [0.05, 0.5, 0.95], axis=1)
        pos = x - 0.4 + width * (k + 0.5)
        ax.errorbar(pos, q[1], yerr=[q[1] - q[0], q[2] - q[1]], fmt="o", ms=4,
                    color=COLOURS[name], label=name, capsize=2)  # fmt: skip
    ax.scatter(x, t.area_gained, marker="_", s=400, color=TRUTH, lw=2.5, label="DeepState")
    ax.set_xticks(x, [f"{a:%d %b}-{b:%d %b %y}" for a, b in t.months], fontsize=7, rotation=30)
    ax.set_ylabel("km² gained in region", fontsize=8)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7)
    return fig


def _skill_rows(r: BacktestResult) -> list[dict[str, object]]:
    rows = []
    for fam in (*FAMILIES, "overall"):
        row: dict[str, object] = {"target": FAMILY_TITLES.get(fam, fam)}
        for base, fams in r.skills.items():
            s = fams.get(fam)
            if s is None or s.value is None:
                row[f"vs {base}"] = "-"
            else:
                lo = "-" if s.low is None else f"{s.low:+.2f}"
                hi = "-" if s.high is None else f"{s.high:+.2f}"
                row[f"vs {base}"] = f"{s.value:+.2f} [{lo}, {hi}]"
        rows.append(row)
    return rows


def backtest_report(r: BacktestResult) -> Report:
    """The report of a backtest (save it with ``.save(path)``)."""
    t = r.targets
    model = r.forecasts["model"]
    rep = Report(
        title=f"Backtest of {t.scenario} from {t.knowledge_date.isoformat()}",
        subtitle=(
            f"{r.runs:,} runs, seed {r.seed}, strategies "
            f"{', '.join(f'{k}={v}' for k, v in r.strategies.items())}; truth: {r.truth}; "
            + generated_stamp()
        ),
    )
    overall = {b: f.get("overall") for b, f in r.skills.items()}
    lead = ", ".join(
        f"{b}: {s.value:+.2f}" for b, s in overall.items() if s is not None and s.value is not None
    )
    rep.add(
        "Summary",
        f"<p class='lead'>Scored on {len(t.dates)} DeepState dates from "
        f"{t.dates[0].isoformat()} to {t.dates[-1].isoformat()} (the record ends "
        f"{t.record_end.isoformat()}), {len(t.towns)} towns and {len(t.months)} months. "
        f"Overall skill of the model (1 - score ratio, geometric mean over target families; "
        f"above 0 beats the baseline): {html.escape(lead)}.</p>" + table_html(_skill_rows(r)),
    )
    score_rows: list[dict[str, object]] = [
        {"target": FAMILY_TITLES[fam], **{n: s.mean(fam) for n, s in r.scores.items()}}
        for fam in FAMILIES
    ]
    rep.add("Mean scores (lower is better)", table_html(score_rows))
    p = model.p_fall(t.censor)
    town_rows: list[dict[str, object]] = [
        {
            "town": town.name,
            "km at anchor": float(t.anchor_distance[i]),
            "fell (DeepState)": (t.start_date + dt.timedelta(days=int(t.fall_day[i]))).isoformat()
            if t.fall_day[i] < t.censor
            else "not by end",
            "km at end": float(t.distance[i, -1]),
            "model P(fall)": float(p[i]),
            # the fall day's CRPS of every forecast, named as in the tables above
            **{f"{name} CRPS (days)": float(s.fall_day[i]) for name, s in r.scores.items()},
        }
        for i, town in enumerate(t.towns)
    ]
    rep.add(
        "Towns",
        table_html(town_rows)
        + "<p class='note'>CRPS of each forecast's fall day (censored at the end of the "
        "record; lower is better).</p>",
    )
    rep.add_figure(
        "Distance to each town: the real front over the model's fan",
        "fans",
        fan_charts(r),
        "Model: median, 50% and 90% bands over runs; dashed: naive forecasts' medians; "
        "black: DeepState's occupied area.",
    )
    rep.add_figure(
        "Capture-day CDFs",
        "capture",
        capture_cdfs(r),
        "Probability that each town has fallen by each day; the black line is the first "
        "DeepState file that shows the town's centre occupied.",
    )
    rep.add_figure("PIT histograms", "pit", pit_histograms(r), "Randomised PIT; flat = calibrated.")
    if t.months:
        rep.add_figure(
            "Area gained per month in the region",
            "area",
            area_chart(r),
            "Model and naive forecasts: median and 90% interval; black: DeepState.",
        )
    lo = r.losses
    notes = [
        f"Region: {t.region_note}.",
        *(f"{b}: {f.note}." for b, f in r.forecasts.items() if b != "model"),
        f"Attacker losses per km² gained {lo.start} to {lo.end}: model "
        f"{'-' if lo.model_per_km2 is None else f'{lo.model_per_km2:,.0f}'}, General Staff "
        f"claim {'-' if lo.claim_per_km2 is None else f'{lo.claim_per_km2:,.0f}'} "
        f"({lo.note}).",
        *(f"Not scored: {s}." for s in t.skipped),
    ]
    rep.add("Notes", notes_html(notes))
    return rep
