"""The HTML page of a calibration: prior against posterior for each parameter, the posterior's
pairs, and the posterior predictive checks (the hindcast at prior and posterior draws against
the record), built with :mod:`clausewitz.report.page`."""

from __future__ import annotations

import html
import itertools

import numpy as np
from matplotlib.figure import Figure
from scipy import stats

from clausewitz.calibrate.api import METHOD, CalibrationResult
from clausewitz.report.page import Report, count, figure_grid, generated_stamp, table_html

PRIOR = "#9a9a9a"
POSTERIOR = "#1b6ca8"
TRUTH = "#111111"

#: Draws of each prior in the histograms (enough for a smooth 30-bin histogram).
PRIOR_DRAWS = 4000

#: The unit of each kind of target (``clausewitz.calibrate.hindcast.Target.kind``).
TARGET_UNITS = {
    "distance": "km",
    "area": "km²",
    "losses-per-km2": "ln(losses per km²)",
    "exchange-ratio": "ln(exchange ratio)",
}


def marginals(r: CalibrationResult) -> Figure:
    """Per parameter: histograms of prior draws and of the posterior draws."""
    fig, axes = figure_grid(len(r.priors.priors), fit_columns=True)
    rng = np.random.default_rng(r.settings.seed)
    post_u = r.match.posterior_u
    for i, (ax, p) in enumerate(zip(axes, r.priors.priors, strict=True)):
        prior = p.ppf(rng.random(PRIOR_DRAWS))
        post = p.ppf(post_u[:, i])
        lo, hi = float(min(prior.min(), post.min())), float(max(prior.max(), post.max()))
        bins = np.linspace(lo, hi, 31) if hi > lo else 10
        ax.hist(prior, bins=bins, density=True, color=PRIOR, alpha=0.5, label="prior")
        ax.hist(post, bins=bins, density=True, color=POSTERIOR, alpha=0.6, label="posterior")
        ax.set_title(with_unit(p.name, p.unit), fontsize=9)
        ax.set_ylabel(
            "density" if _dimensionless(p.unit) else f"density (per {p.unit})", fontsize=7
        )
        ax.tick_params(labelsize=7)
    if axes:
        axes[0].legend(fontsize=7)
    return fig


def pairs(r: CalibrationResult) -> Figure:
    """The joint posterior draws of each pair of parameters, with their units and Spearman's
    rank correlation (the correlations the scenario file keeps: a run takes one whole row of
    the draws)."""
    combos = list(itertools.combinations(range(len(r.priors.priors)), 2))
    fig, axes = figure_grid(max(len(combos), 1), size=(3.2, 2.8), fit_columns=True)
    if not combos:
        axes[0].text(0.5, 0.5, "one parameter: no pairs", ha="center", va="center")
        axes[0].set_axis_off()
        return fig
    u = r.match.posterior_u
    pri = r.priors.priors
    for ax, (i, j) in zip(axes, combos, strict=True):
        xs, ys = pri[i].ppf(u[:, i]), pri[j].ppf(u[:, j])
        ax.scatter(xs, ys, s=3, alpha=0.4, color=POSTERIOR)
        ax.set_xlabel(with_unit(pri[i].name, pri[i].unit), fontsize=7)
        ax.set_ylabel(with_unit(pri[j].name, pri[j].unit), fontsize=7)
        ax.set_title(f"rank correlation {_spearman(xs, ys):+.2f}", fontsize=8)
        ax.tick_params(labelsize=6)
    return fig


def distance_checks(r: CalibrationResult) -> Figure:
    """Per town: the record's distance at the start and each checkpoint, against the prior's
    and the posterior's predictive 5-95% bands and medians (means over runs at each draw)."""
    h = r.hindcast
    towns = h.towns
    fig, axes = figure_grid(len(towns), fit_columns=True)
    x = [h.window.start, *h.window.checkpoints]
    index = {t.name: k for k, t in enumerate(h.targets)}
    for ax, town in zip(axes, towns, strict=True):
        cols = [index[f"distance.{town.id}.{d.isoformat()}"] for d in h.window.checkpoints]
        for arr, colour, label in (
            (r.predictive.prior, PRIOR, "prior"),
            (r.predictive.posterior, POSTERIOR, "posterior"),
        ):
            v = np.column_stack([np.full(arr.shape[0], town.start_km), arr[:, cols]])
            q = np.quantile(v, [0.05, 0.5, 0.95], axis=0)
            ax.fill_between(x, q[0], q[2], color=colour, alpha=0.2, lw=0)
            ax.plot(x, q[1], color=colour, lw=1.5, label=label)
        spread = np.r_[0.0, r.predictive.posterior_sd[:, cols].mean(axis=0)]
        centre = np.r_[town.start_km, np.median(r.predictive.posterior[:, cols], axis=0)]
        for sign in (-1, 1):
            ax.plot(x, np.maximum(centre + sign * spread, 0), color=POSTERIOR, lw=0.8, ls=":",
                    label="± 1 sd of runs" if sign > 0 else None)  # fmt: skip
        real = [town.start_km, *(h.targets[c].observed for c in cols)]
        ax.plot(x, real, color=TRUTH, lw=2, marker=".", label="DeepState")
        ax.set_title(f"{town.id}: km to the occupied area", fontsize=9)
        ax.set_ylabel("km", fontsize=7)
        ax.set_ylim(bottom=0)
        ax.tick_params(labelsize=7)
        ax.tick_params(axis="x", labelrotation=30)
        ax.grid(alpha=0.3)
    if axes:
        axes[0].legend(fontsize=7)
    return fig


def area_checks(r: CalibrationResult) -> Figure:
    """Area gained between checkpoints: the record against the predictive 5-95% intervals."""
    h = r.hindcast
    cols = [k for k, t in enumerate(h.targets) if t.kind == "area"]
    fig = Figure(figsize=(7.5, 3.2), layout="constrained")
    ax = fig.subplots()
    x = np.arange(len(cols))
    for off, (arr, colour, label) in zip(
        (-0.12, 0.12),
        ((r.predictive.prior, PRIOR, "prior"), (r.predictive.posterior, POSTERIOR, "posterior")),
        strict=True,
    ):
        q = np.quantile(arr[:, cols], [0.05, 0.5, 0.95], axis=0)
        if label == "posterior":  # the spread of single runs, which the record is one of
            spread = r.predictive.posterior_sd[:, cols].mean(axis=0)
            ax.vlines(x + off + 0.06, np.maximum(q[1] - spread, 0), q[1] + spread,
                      color=colour, lw=4, alpha=0.25, label="posterior ± 1 sd of runs")  # fmt: skip
        ax.errorbar(x + off, q[1], yerr=[q[1] - q[0], q[2] - q[1]], fmt="o", color=colour,
                    capsize=3, label=f"{label} predictive")  # fmt: skip
    ax.scatter(x, [h.targets[c].observed for c in cols], color=TRUTH, marker="s", zorder=3,
               label="DeepState")  # fmt: skip
    ax.set_xticks(x, [h.targets[c].name.removeprefix("area.").replace(".", " to ") for c in cols],
                  fontsize=7)  # fmt: skip
    ax.set_xlim(-0.5, len(cols) - 0.5)  # one checkpoint: keep the bars at the centre
    ax.set_ylabel("km² gained in the region", fontsize=8)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7)
    return fig


def calibration_report(r: CalibrationResult) -> Report:
    """The report of a calibration (save it with ``.save(path)``)."""
    meta = r.loaded.scenario.meta
    s = r.settings
    rep = Report(
        title=f"Calibration of {meta.name} to the record before {meta.knowledge_date.isoformat()}",
        subtitle=(
            f"{count(s.waves, 'wave')} of {count(s.points, 'point')}, "
            f"{count(s.runs, 'run')} each, seed {s.seed}; " + generated_stamp()
        ),
    )
    _summary(rep, r)
    _waves_and_checks(rep, r)
    _targets_and_files(rep, r)
    return rep


def _summary(rep: Report, r: CalibrationResult) -> None:
    """The hindcast compared, the outcome, and each parameter's prior and posterior."""
    h = r.hindcast
    outcome = (
        "<b>No candidate came within the cut-off</b>: the posterior is the least implausible "
        "candidates, and the model cannot reproduce the record within its tolerances with these "
        "parameters."
        if r.match.fallback
        else f"{r.match.non_implausible_share:.1%} of the prior is not ruled out."
    )
    rep.add(
        "Summary",
        f"<p class='lead'>Hindcast from {h.window.start.isoformat()} to "
        f"{h.window.end.isoformat()} (the last record date before the knowledge date), compared "
        f"with the record at {count(len(h.window.checkpoints), 'checkpoint')} on "
        f"{count(len(h.towns), 'town')}, the area gained in the region and the loss claims: "
        f"{count(len(h.targets), 'target')}. "
        f"Method: {html.escape(METHOD)}. {outcome}</p>"
        f"<p class='note'>Region: {html.escape(h.region_note)}</p>"
        + table_html(
            [
                {
                    "parameter": f.name,
                    "unit": "dimensionless" if _dimensionless(f.unit) else f.unit,
                    "prior 5%": f.prior_q05,
                    "prior median": f.prior_q50,
                    "prior 95%": f.prior_q95,
                    "posterior 5%": f.q05,
                    "posterior median": f.q50,
                    "posterior 95%": f.q95,
                }
                for f in r.fitted
            ]
        ),
    )


def _waves_and_checks(rep: Report, r: CalibrationResult) -> None:
    """The waves, and the figures: marginals, pairs and the predictive checks."""
    rep.add(
        "Waves",
        table_html(
            [
                {
                    "wave": w.index,
                    "points": int(w.u.shape[0]),
                    "share of the prior not ruled out after it": f"{w.non_implausible_share:.1%}",
                }
                for w in r.match.waves
            ]
        ),
    )
    n = count(int(r.match.posterior_u.shape[0]), "joint posterior draw")
    rep.add_figure(
        "Prior and posterior",
        "marginals",
        marginals(r),
        f"Histograms of {PRIOR_DRAWS:,} draws from each parameter's prior and of the {n}, one "
        "parameter at a time (each panel in the parameter's unit; the height is a density).",
    )
    rep.add_figure(
        "Posterior pairs",
        "pairs",
        pairs(r),
        f"The {n} by pairs of parameters, with Spearman's rank correlation. The calibrated "
        "scenario file keeps them as one table of joint draws, and a run takes one whole row, "
        "so these correlations carry into every forecast (they are not fitted marginals).",
    )
    rep.add_figure(
        "Predictive check: distances",
        "distances",
        distance_checks(r),
        "The hindcast's mean distance over runs at prior and posterior draws (5-95% and "
        "median), the spread of single runs at the posterior (dotted), against DeepState's.",
    )
    rep.add_figure(
        "Predictive check: area gained",
        "area",
        area_checks(r),
        "Area gained between checkpoints, the hindcast's mean over runs at prior and posterior "
        "draws (5-95% and median), and the spread of single runs at the posterior (the record "
        "is one run of history), against DeepState's in the region.",
    )


def _targets_and_files(rep: Report, r: CalibrationResult) -> None:
    """Each target's record against the predictive medians, and the files written."""
    h = r.hindcast
    rows: list[dict[str, object]] = [
        {
            "target": t.name,
            "unit": TARGET_UNITS.get(t.kind, ""),
            "record": t.observed,
            "tolerance": t.sd,
            "prior predictive": float(np.median(r.predictive.prior[:, k])),
            "posterior predictive": float(np.median(r.predictive.posterior[:, k])),
            "sd of runs": float(r.predictive.posterior_sd[:, k].mean()),
        }
        for k, t in enumerate(h.targets)
    ]
    rep.add(
        "Targets",
        "<p class='note'>Every number of a row is in its target's unit. Ratios (losses per "
        "km², exchange ratio) are natural logarithms; "
        "predictive values are medians over draws of the mean over runs; the sd of runs is "
        "the spread of single runs at the posterior, which the implausibility counts (the "
        "record is one run of history).</p>" + table_html(rows),
    )
    notes = "".join(f"<li>{html.escape(n)}</li>" for n in [*h.notes, *r.notes])
    rep.add(
        "Files",
        f"<p>Parameters: <code>{html.escape(str(r.parameters_file))}</code>; calibrated "
        f"scenario: <code>{html.escape(str(r.scenario_file))}</code>.</p><ul>{notes}</ul>",
    )


def with_unit(name: str, unit: str) -> str:
    """``name (unit)``; ``name (dimensionless)`` for a ratio or multiplier (unit ``1``)."""
    return f"{name} (dimensionless)" if _dimensionless(unit) else f"{name} ({unit})"


def _dimensionless(unit: str) -> bool:
    return unit.strip() in ("", "1", "dimensionless")


def _spearman(x: np.ndarray, y: np.ndarray) -> float:
    """Spearman's rank correlation, ties at their average rank (the resampling repeats a
    candidate); ``nan`` when one of the two does not vary."""
    if np.ptp(x) == 0 or np.ptp(y) == 0:
        return float("nan")
    return float(stats.spearmanr(x, y).statistic)
