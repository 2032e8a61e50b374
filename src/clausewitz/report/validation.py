"""The validation report: one self-contained HTML page (figures inline as SVG, a PNG beside
each), built with :mod:`clausewitz.report.page`. It opens with the list of failures."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from clausewitz.report.page import Report, paragraph, table_html
from clausewitz.validation.breakpoints import QUANTILES
from clausewitz.validation.engagements import POSTURES
from clausewitz.validation.suite import GRID_FORCE_RATIOS, Validation


def _iwo_jima_figure(v: Validation) -> Any:
    fig = Figure(figsize=(7.5, 3.8))
    ax = fig.add_subplot(1, 1, 1)
    sheet, res = v.iwo_jima.sheet, v.iwo_jima.result
    days = np.arange(sheet.days)
    ax.plot(days, [p.x for p in res.trajectory[1:]], color="#2f6690", label="US, clausewitz")
    ax.plot(days, [p.y for p in res.trajectory[1:]], color="#b23a48", label="Japan, clausewitz")
    ax.plot(days, sheet.calc_us, "o", ms=3.5, mfc="none", color="#2f6690", label="US, sheet")
    ax.plot(
        days, sheet.calc_japanese, "o", ms=3.5, mfc="none", color="#b23a48", label="Japan, sheet"
    )
    ax.set_xlabel("day (D+)")
    ax.set_ylabel("strength")
    ax.legend(fontsize=8)
    ax.set_title("Iwo Jima: Helmbold's checkpoints and the reproduction")
    return fig


def _reliability_figure(v: Validation) -> Any:
    fig = Figure(figsize=(5.5, 5.0))
    ax = fig.add_subplot(1, 1, 1)
    ax.plot([0, 1], [0, 1], color="#999", lw=1, ls="--")
    for key, rel in v.outcomes.reliability.items():
        ok = rel.count > 0
        ax.plot(rel.mean_forecast[ok], rel.observed[ok], marker="o", label=key)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel("forecast probability of the attacker's success")
    ax.set_ylabel("observed share of successes")
    ax.set_title(f"CDB90 test battles (n = {v.outcomes.n_test})")
    ax.legend(fontsize=8)
    return fig


def _ecdf(ax: Any, values: np.ndarray, label: str, **kw: Any) -> None:
    x = np.sort(values)
    if x.size:
        ax.step(x, np.arange(1, x.size + 1) / x.size, where="post", label=label, **kw)


def _breakpoint_figure(v: Validation) -> Any:
    fig = Figure(figsize=(9, 3.8))
    for i, side in enumerate(("attacker", "defender")):
        ax = fig.add_subplot(1, 2, i + 1)
        _ecdf(ax, v.observed_breaks[side], "CDB90 (test)", color="k", lw=2)
        for key, breaks in v.engine_breaks.items():
            _ecdf(ax, breaks[side], key)
        ax.set_xlim(0, 1)
        ax.set_xlabel(f"{side}'s loss fraction at the break")
        ax.set_ylabel("share of breaks at or below")
        ax.legend(fontsize=8)
    return fig


def _ardennes_figure(v: Validation) -> Any:
    fig = Figure(figsize=(9, 3.8))
    for i, side in enumerate(("attacker", "defender")):
        ax = fig.add_subplot(1, 2, i + 1)
        data = [v.ardennes_observed[side]] + [e[side] for e in v.ardennes_engine.values()]
        # "engine_published" -> "engine\npublished": long labels would overlap
        labels = ["ADE\nobserved", *(k.replace("_", "\n", 1) for k in v.ardennes_engine)]
        ax.boxplot(data, whis=(5, 95), showfliers=False)
        ax.set_xticks(range(1, len(labels) + 1), labels)
        ax.set_ylabel(f"{side}'s daily loss fraction")
        ax.set_title(f"Ardennes, {side}s")
    fig.tight_layout()
    return fig


def _odds_figure(v: Validation) -> Any:
    from matplotlib.ticker import FixedLocator, NullLocator

    fig = Figure(figsize=(10, 3.8))
    first = None
    for i, (key, grid) in enumerate(v.odds_grid.items()):
        ax = fig.add_subplot(1, len(v.odds_grid), i + 1, sharey=first)
        first = first or ax
        for j, posture in enumerate(POSTURES):
            ax.plot(GRID_FORCE_RATIOS, grid[j], marker="o", label=posture)
        ax.set_xscale("log")
        # the grid's own ratios as plain ticks (log-scale minor labels overlap)
        ax.xaxis.set_major_locator(FixedLocator(list(GRID_FORCE_RATIOS)))
        ax.xaxis.set_minor_locator(NullLocator())
        ax.set_xticklabels([f"{r:g}" for r in GRID_FORCE_RATIOS])
        ax.set_ylim(0, 1)
        ax.set_xlabel("force ratio (attacker / defender)")
        if i == 0:
            ax.set_ylabel("P(attacker succeeds)")
        else:
            ax.tick_params(labelleft=False)
        ax.set_title(f"engine, {key}")
        ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


def build_report(v: Validation) -> Report:
    """The report page of a validation (:func:`clausewitz.validation.suite.run_validation`)."""
    summary = v.summary()
    rep = Report(
        title="clausewitz validation against real battles",
        subtitle="Iwo Jima (Helmbold's sheet), CDB90 (660 battles, 1600-1982), the Ardennes "
        "1944-45 (ACSDB division-days and campaign totals). Figures: observed against predicted.",
    )
    fails = "".join(f"<li>{html.escape(f)}</li>" for f in summary["failures"])
    rep.add(
        "Where the model fails",
        f"<div class='lead'><p>Stated plainly, from the numbers below:</p><ul>{fails}</ul></div>",
    )
    _iwo_jima(rep, v, summary)
    _fitting_laws(rep, v, summary)
    _ardennes(rep, v, summary)
    _cdb90(rep, v, summary)
    _breakpoints(rep, v, summary)
    _odds_and_data(rep, v, summary)
    return rep


def _iwo_jima(rep: Report, v: Validation, summary: dict[str, Any]) -> None:
    """Iwo Jima: Helmbold's sheet reproduced and fitted back."""
    iwo = summary["iwo_jima"]
    rep.add(
        "Iwo Jima",
        paragraph(
            f"Helmbold's sheet (coefficients A = {iwo['coefficients']['us_kills']}, D = "
            f"{iwo['coefficients']['japanese_kills']} per day, the daily landings) reproduced "
            f"by clausewitz battle: {iwo['checkpoints']} checkpoints, largest relative error "
            f"{iwo['max_rel_error']:.2g} (six significant figures needs 5e-06). The Japanese "
            f"garrison reaches 0 on D+{iwo['japanese_zero_day']}; the US end at "
            f"{iwo['final']['us']:.1f}. Fitted back, the square law recovers both coefficients "
            "and ranks first by AIC under the count models."
        )
        + rep.figure("iwo-jima", _iwo_jima_figure(v), "Lines: clausewitz; circles: the sheet."),
    )


def _fitting_laws(rep: Report, v: Validation, summary: dict[str, Any]) -> None:
    """Recovery of known coefficients and the Ardennes totals by law."""
    rec_rows = [
        {"law": r.law, "method": r.method, "trials": r.trials, **r.coverage} for r in v.recovery
    ]
    cols = ["law", "method", "trials", "x.kills", "y.kills", "x.a", "x.b", "y.a", "y.b"]
    tot = summary["fits"]["ardennes_totals"]
    rep.add(
        "Fitting laws",
        paragraph(
            "Recovery: battles simulated from known coefficients, fitted in one batch; share of "
            "95% intervals that cover the truth (the acceptance bar is 0.90)."
        )
        + table_html(rec_rows, cols)
        + paragraph(
            "Ardennes campaign totals (days 2-33): laws compared by AIC within each method; "
            f"best: {tot['best']}."
        )
        + table_html(tot["comparison"]["negbin"], digits=5),
    )


def _ardennes(rep: Report, v: Validation, summary: dict[str, Any]) -> None:
    """The engine's attrition law fitted to the Ardennes division-days."""
    att = summary["attrition_fit"]
    rows = [
        {"parameter": k, **{kk: vv for kk, vv in att[k].items()}}
        for k in ("k_assault", "k_hold", "attrition_exponent_enemy", "attrition_exponent_own")
    ]
    ard = summary["ardennes"]
    rep.add(
        "Attrition: Ardennes division-days",
        paragraph(
            f"The engine's assault law fitted to {att['n_division_days']} ADE division-days "
            f"(negative binomial, dispersion {att['dispersion']:.2f}; phi1 + phi2 = 1 costs "
            f"{att['loglik_unconstrained'] - att['loglik']:.1f} in log-likelihood)."
        )
        + table_html(rows, digits=4)
        + paragraph(
            "Median daily loss fraction, defender over attacker: observed "
            f"{ard['observed']['defender_over_attacker_median']:.2f}; engine (defaults) "
            f"{ard['engine']['defender_over_attacker_median']:.2f}; engine (published "
            f"constants, QJM) {ard['engine_published']['defender_over_attacker_median']:.2f}."
        )
        + rep.figure("ardennes", _ardennes_figure(v), "Boxes: quartiles; whiskers: 5% and 95%."),
    )


def _cdb90(rep: Report, v: Validation, summary: dict[str, Any]) -> None:
    """CDB90: scores on held-out battles, differences, force-ratio slopes."""
    cdb = summary["cdb90"]
    iv = cdb.get("intervals", {})

    def band(key: str, score: str) -> str:
        lo, hi = iv[key][score] if key in iv else (float("nan"), float("nan"))
        return f"{lo:.3f} to {hi:.3f}"

    score_rows = [
        {
            "forecaster": k,
            "brier": cdb["brier"][k],
            "brier 95%": band(k, "brier"),
            "log_loss": cdb["log_loss"][k],
            "log loss 95%": band(k, "log_loss"),
        }
        for k in cdb["brier"]
    ]
    diff_rows = [
        {"difference": key, "brier 95%": band(key, "brier"), "log loss 95%": band(key, "log_loss")}
        for key in iv
        if " - " in key and key.startswith("engagement")
    ]
    slopes = summary.get("force_ratio_slope", {})
    slope_rows = [
        {"source": f"CDB90 training battles, {name.replace('_', ' ')}", **_slope(e)}
        for name, e in slopes.get("record", {}).items()
    ] + [
        {"source": f"engine ({name}), {posture}", **_slope(e)}
        for name, table in slopes.get("engine", {}).items()
        for posture, e in table.items()
    ]
    diag_rows = [
        {
            "forecaster": key,
            "mean forecast": d["mean_forecast"],
            "5-95%": "{:.2f} to {:.2f}".format(*d["forecast_p05_p95"]),
            **{f"{name} share": e["share"] for name, e in d["drivers_of_log_odds"].items()},
        }
        for key, d in cdb.get("diagnosis", {}).items()
        if key != "base_rate"
    ]
    rep.add(
        "CDB90: who wins, on held-out battles",
        paragraph(
            f"Split fixed before scoring: {cdb['split']}. Training {cdb['n_train']} battles "
            f"(attacker success {cdb['success_rate_train']:.2f}), test {cdb['n_test']} "
            f"(success {cdb['success_rate_test']:.2f}). Engine kappa (CEA onto quality): "
            f"{cdb['engagement_kappa']}."
        )
        + table_html(score_rows, digits=4)
        + paragraph(
            "; ".join(f"{key}: {note}" for key, note in cdb.get("engine_calibrations", {}).items())
            + "."
        )
        + paragraph(
            "The engine's score minus a baseline's (95% bootstrap; below 0: engine better):"
        )
        + table_html(diff_rows, digits=3)
        + paragraph("Log odds of success per unit of log force ratio (95% intervals):")
        + table_html(slope_rows, digits=3)
        + paragraph(
            f"Diagnosis on the test battles: each forecaster's mean (training base rate "
            f"{cdb['success_rate_train']:.3f}, test rate {cdb['success_rate_test']:.3f}), the "
            "spread of its forecasts, and each input's share of the variance of its log odds "
            "(least squares on the inputs; the shares sum to R^2)."
        )
        + table_html(diag_rows, digits=3)
        + rep.figure("reliability", _reliability_figure(v), "Reliability diagram, five bins."),
    )


def _breakpoints(rep: Report, v: Validation, summary: dict[str, Any]) -> None:
    """Loss fractions at the break: CDB90, Helmbold and the engine."""
    bp = summary["breakpoints"]
    q_rows = [
        {"source": "CDB90 test", "side": side, **bp["observed"][side]}
        for side in ("attacker", "defender")
    ]
    for key, e in bp["engine_by_calibration"].items():
        for side in ("attacker", "defender"):
            q_rows.append({"source": key, "side": side, **e[side]})
    h_rows = [{"source": "Helmbold (summary)", **bp["helmbold"]}]
    h_rows.append({"source": "CDB90, all battles", **bp["helmbold_checks_cdb90_all"]})
    for key, e in bp["engine_by_calibration"].items():
        h_rows.append({"source": key, **e["helmbold_checks"]})
    rep.add(
        "Breakpoints",
        paragraph(bp["what"] + f"; quantiles {', '.join(map(str, QUANTILES))}.")
        + table_html(q_rows, digits=3)
        + paragraph("Helmbold's findings as shares:")
        + table_html(h_rows, digits=3)
        + rep.figure("breakpoints", _breakpoint_figure(v), "Cumulative distributions."),
    )


def _odds_and_data(rep: Report, v: Validation, summary: dict[str, Any]) -> None:
    """The engine's odds by force ratio and posture, and the data's sources."""
    rep.add(
        "Engagement odds",
        paragraph(
            "The engine's probability that the attack succeeds, by force ratio and posture "
            "(open terrain, equal quality, common random numbers across the grid)."
        )
        + rep.figure("odds", _odds_figure(v), "Posture enters as the belt's fortification."),
    )
    rep.add(
        "Data",
        paragraph(
            "CDB90 (US Army CAA; tidy version by J. B. Arnold, ODC-BY), PAR datadisk (CAA 1994, "
            "public domain), Ardennes totals (yiyuezhuo/lanchester-model-review, no licence "
            "stated): see clausewitz/data/historical/README.md."
        ),
    )


def write_report(v: Validation, path: Path) -> list[Path]:
    """Write the HTML page and its PNGs; return the paths written."""
    return build_report(v).save(Path(path))


def _slope(entry: dict[str, Any]) -> dict[str, Any]:
    lo, hi = entry["ci"]
    return {"slope": entry["slope"], "95%": f"{lo:.2f} to {hi:.2f}"}
