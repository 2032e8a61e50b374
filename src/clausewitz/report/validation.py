"""The validation report: one self-contained HTML page (figures inline as SVG, a PNG beside
each), built with :mod:`clausewitz.report.page`. It opens with the list of failures."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from clausewitz.report import validation_labels as words
from clausewitz.report.page import Report, count, paragraph, table_html
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
    ax.set_ylabel("strength (men)")
    ax.legend(fontsize=8)
    ax.set_title("Iwo Jima: Helmbold's checkpoints and the reproduction")
    return fig


def _reliability_figure(v: Validation) -> Any:
    fig = Figure(figsize=(5.5, 5.0))
    ax = fig.add_subplot(1, 1, 1)
    ax.plot([0, 1], [0, 1], color="#999", lw=1, ls="--")
    for key, rel in v.outcomes.reliability.items():
        ok = rel.count > 0
        ax.plot(rel.mean_forecast[ok], rel.observed[ok], marker="o", label=words.short(key))
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
            _ecdf(ax, breaks[side], words.short(key))
        ax.set_xlim(0, 1)
        ax.set_xlabel(f"{side}'s loss fraction at the break\n(casualties / strength)")
        ax.set_ylabel("share of breaks at or below")
        ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


def _ardennes_figure(v: Validation) -> Any:
    fig = Figure(figsize=(9, 3.8))
    for i, side in enumerate(("attacker", "defender")):
        ax = fig.add_subplot(1, 2, i + 1)
        data = [v.ardennes_observed[side]] + [e[side] for e in v.ardennes_engine.values()]
        # "engine_published" -> "engine\npublished": long labels would overlap
        labels = ["ADE\nobserved", *(_ardennes_label(k) for k in v.ardennes_engine)]
        ax.boxplot(data, whis=(5, 95), showfliers=False)
        ax.set_xticks(range(1, len(labels) + 1), labels)
        ax.set_ylabel(f"{side}'s daily loss fraction (casualties / strength)")
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
        ax.set_title(words.short(key))
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
    named = words.named_in(summary["failures"])
    legend = "; ".join(f"{k}: {words.forecaster(k)}" for k in named)
    rep.add(
        "Where the model fails",
        f"<div class='lead'><p>Stated plainly, from the numbers below:</p><ul>{fails}</ul></div>"
        + (
            paragraph(
                f"In brackets, the forecasters as the JSON summary names them: {legend}.", "note"
            )
            if named
            else ""
        ),
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
    checkpoints = count(iwo["checkpoints"], "checkpoint")
    rep.add(
        "Iwo Jima",
        paragraph(
            f"Helmbold's sheet (square law; A = {iwo['coefficients']['us_kills']} US kills per "
            f"Marine per day, D = {iwo['coefficients']['japanese_kills']} Japanese kills per "
            f"defender per day, the daily landings) reproduced by clausewitz battle: "
            f"{checkpoints}, "
            f"largest relative error {iwo['max_rel_error']:.2g} (six significant figures needs "
            f"5e-06). The Japanese garrison reaches 0 men on D+{iwo['japanese_zero_day']}; the "
            f"US end at {iwo['final']['us']:,.0f} men. Fitted back, the square law recovers both "
            "coefficients and ranks first by AIC under the count models."
        )
        + rep.figure("iwo-jima", _iwo_jima_figure(v), "Lines: clausewitz; circles: the sheet."),
    )


def _fitting_laws(rep: Report, v: Validation, summary: dict[str, Any]) -> None:
    """Recovery of known coefficients and the Ardennes totals by law."""
    names = sorted({k for r in v.recovery for k in r.coverage}, key=_coefficient_order)
    rec_rows = [
        {
            "law": r.law,
            "method": words.METHODS.get(r.method, r.method),
            "trials": r.trials,
            **{words.coefficient(k): c for k, c in r.coverage.items()},
        }
        for r in v.recovery
    ]
    cols = ["law", "method", "trials", *(words.coefficient(k) for k in names)]
    tot = summary["fits"]["ardennes_totals"]
    best = "; ".join(
        f"{words.METHODS.get(m, m)}: {law or 'none'}" for m, law in tot["best"].items()
    )
    law_rows = [
        {words.LAW_COLUMNS.get(k, k): x for k, x in row.items()}
        for row in tot["comparison"]["negbin"]
    ]
    rep.add(
        "Fitting laws",
        paragraph(
            "Recovery: battles simulated from known coefficients (each side's daily losses "
            "drawn with mean k x firer^a x target^b; the square law has a = 1, b = 0, only the "
            "generalised law fits a and b), fitted in one batch. Each cell is the share of the "
            "trials whose 95% interval covers the true coefficient (the acceptance bar is "
            "0.90); a blank cell: the law fixes that exponent. X's kill rate k is in "
            "casualties per day per man firing for the square law, per day per pair of men "
            "for the linear law, per day for the logarithmic law."
        )
        + table_html(rec_rows, cols)
        + paragraph(
            "Ardennes campaign totals (days 2-33): laws compared by AIC within each method. "
            f"Best by AIC: {best}. The table: negative-binomial likelihood (log-likelihood "
            "in natural units; AIC and BIC above the best law's: lower is better, a difference "
            "under 2 is no evidence)."
        )
        + table_html(law_rows, digits=5),
    )


def _ardennes(rep: Report, v: Validation, summary: dict[str, Any]) -> None:
    """The engine's attrition law fitted to the Ardennes division-days."""
    att = summary["attrition_fit"]
    rows = [
        {
            "constant": words.ATTRITION[k],
            "estimate": att[k]["value"],
            "95% from": att[k]["ci_low"],
            "95% to": att[k]["ci_high"],
        }
        for k in words.ATTRITION
    ]
    ard = summary["ardennes"]
    rep.add(
        "Attrition: Ardennes division-days",
        paragraph(
            f"The engine's assault law (defender's losses per day k_assault x A^phi2 x "
            f"D^phi1, attacker's k_hold x D^phi2 x A^phi1, A and D in men) fitted to "
            f"{att['n_division_days']} ADE division-days by negative-binomial likelihood "
            f"(dispersion {att['dispersion']:.2f}); constraining phi1 + phi2 = 1 costs "
            f"{att['loglik_unconstrained'] - att['loglik']:.1f} in log-likelihood. With "
            "phi1 + phi2 = 1 the rates k are fractions of the strength lost per day at a "
            "force ratio of 1."
        )
        + table_html(rows, digits=4)
        + paragraph(
            "Median daily loss fraction, defender's over attacker's (a ratio): observed "
            f"{ard['observed']['defender_over_attacker_median']:.2f}; engine (defaults) "
            f"{ard['engine']['defender_over_attacker_median']:.2f}; engine (published "
            f"constants, QJM) {ard['engine_published']['defender_over_attacker_median']:.2f}."
        )
        + rep.figure(
            "ardennes",
            _ardennes_figure(v),
            "Daily loss fraction (casualties / strength) per division-day. Boxes: quartiles; "
            "whiskers: 5% and 95%.",
        ),
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
            "forecaster": words.forecaster(k),
            "in the JSON": k,
            "Brier score": cdb["brier"][k],
            "Brier 95%": band(k, "brier"),
            "log loss": cdb["log_loss"][k],
            "log loss 95%": band(k, "log_loss"),
        }
        for k in cdb["brier"]
    ]
    diff_rows: list[dict[str, object]] = [
        {
            "engine": words.forecaster(a),
            "minus": words.forecaster(b),
            "Brier 95%": band(key, "brier"),
            "log loss 95%": band(key, "log_loss"),
        }
        for key in iv
        if " - " in key and key.startswith("engagement")
        for a, b in [key.split(" - ", 1)]
    ]
    slopes = summary.get("force_ratio_slope", {})
    slope_rows = [
        {"source": f"CDB90 training battles, {words.RECORD_SLOPES.get(name, name)}", **_slope(e)}
        for name, e in slopes.get("record", {}).items()
    ] + [
        {"source": f"{words.short(name)}, {posture} defence", **_slope(e)}
        for name, table in slopes.get("engine", {}).items()
        for posture, e in table.items()
    ]
    diag_rows = [
        {
            "forecaster": words.short(key),
            "mean forecast": d["mean_forecast"],
            "5% to 95% of forecasts": "{:.2f} to {:.2f}".format(*d["forecast_p05_p95"]),
            **{
                words.DRIVERS.get(name, name): e["share"]
                for name, e in d["drivers_of_log_odds"].items()
            },
        }
        for key, d in cdb.get("diagnosis", {}).items()
        if key != "base_rate"
    ]
    kappa = "; ".join(
        f"{words.short(k)} {x:g}" + (" (CEA not read)" if k == "engagement_a_priori" else "")
        for k, x in cdb["engagement_kappa"].items()
    )
    notes = "".join(
        f"<li><b>{html.escape(words.forecaster(key))}</b>: {html.escape(note)}.</li>"
        for key, note in cdb.get("engine_calibrations", {}).items()
    )
    rep.add(
        "CDB90: who wins, on held-out battles",
        paragraph(
            f"Split fixed before scoring: {cdb['split']}. Training {cdb['n_train']} battles "
            f"(attacker success {cdb['success_rate_train']:.2f} of them), test "
            f"{cdb['n_test']} (success {cdb['success_rate_test']:.2f}). Each forecaster gives "
            "the probability that the attack succeeds; Brier score (mean squared error of "
            "that probability, 0 to 1) and log loss (mean negative log-likelihood, in nats) "
            "on the test battles, lower is better, with 95% bootstrap intervals. The engine's "
            "kappa (the weight of CEA, CDB90's relative combat effectiveness, in its quality "
            f"ratio exp(kappa x CEA)): {kappa}."
        )
        + table_html(score_rows, digits=4)
        + f"<p>The engine's forecasters:</p><ul>{notes}</ul>"
        + paragraph(
            "The engine's score minus a baseline's (95% bootstrap interval of the paired "
            "difference, in the score's units; below 0: engine better):"
        )
        + table_html(diff_rows, digits=3)
        + paragraph(
            "Slope of the log odds of success per unit of log force ratio (attacker / "
            "defender), with its 95% interval; the engine's in the open at equal quality:"
        )
        + table_html(slope_rows, digits=3)
        + paragraph(
            f"Diagnosis on the test battles: each forecaster's mean forecast probability "
            f"(training base rate {cdb['success_rate_train']:.3f}, test rate "
            f"{cdb['success_rate_test']:.3f}), the spread of its forecasts, and each input's "
            "share of the variance of its log odds (least squares on the inputs; the shares "
            "sum to R^2, between 0 and 1; a small negative share is a correlation between "
            "inputs)."
        )
        + table_html(diag_rows, digits=3)
        + rep.figure(
            "reliability",
            _reliability_figure(v),
            "Reliability diagram: the test battles in five bins of each forecaster's "
            "probability; on the dashed diagonal a forecast of p comes true a share p of the "
            "time.",
        ),
    )


def _breakpoints(rep: Report, v: Validation, summary: dict[str, Any]) -> None:
    """Loss fractions at the break: CDB90, Helmbold and the engine."""
    bp = summary["breakpoints"]

    def quantiles(e: dict[str, Any]) -> dict[str, Any]:
        return {words.quantile(float(q)): x for q, x in e.items()}

    q_rows = [
        {"source": "CDB90 test battles", "side that broke": side, **quantiles(bp["observed"][side])}
        for side in ("attacker", "defender")
    ]
    for key, e in bp["engine_by_calibration"].items():
        for side in ("attacker", "defender"):
            q_rows.append(
                {"source": words.short(key), "side that broke": side, **quantiles(e[side])}
            )

    def shares(e: dict[str, Any]) -> dict[str, Any]:
        return {words.HELMBOLD.get(k, k): x for k, x in e.items()}

    h_rows = [{"source": "Helmbold (summary)", **shares(bp["helmbold"])}]
    h_rows.append({"source": "CDB90, all battles", **shares(bp["helmbold_checks_cdb90_all"])})
    for key, e in bp["engine_by_calibration"].items():
        h_rows.append({"source": words.short(key), **shares(e["helmbold_checks"])})
    what = bp["what"]
    rep.add(
        "Breakpoints",
        paragraph(
            what[:1].upper() + what[1:] + ". The table: quantiles of that fraction "
            f"({', '.join(words.quantile(q) for q in QUANTILES)} of the breaks at or below)."
        )
        + table_html(q_rows, digits=3)
        + paragraph("Helmbold's findings, as shares of the battles each describes:")
        + table_html(h_rows, digits=3)
        + rep.figure(
            "breakpoints",
            _breakpoint_figure(v),
            "Cumulative distributions of the loss fraction (casualties / strength) at the break.",
        ),
    )


def _odds_and_data(rep: Report, v: Validation, summary: dict[str, Any]) -> None:
    """The engine's odds by force ratio and posture, and the data's sources."""
    fort = (summary["cdb90"].get("a_priori") or {}).get("fortification")
    chosen = (
        f" The a-priori forecaster's fortification, chosen on the training battles: prepared "
        f"{fort['prepared']:g}, fortified {fort['fortified']:g} (hasty 1); postures with the "
        "same fortification draw one line over another."
        if fort
        else ""
    )
    rep.add(
        "Engagement odds",
        paragraph(
            "The engine's probability that the attack succeeds, by force ratio and posture "
            "(open terrain, equal quality, common random numbers across the grid)."
        )
        + rep.figure(
            "odds",
            _odds_figure(v),
            "Posture enters as the belt's fortification (our values: hasty 1, prepared 1.5, "
            "fortified 2 in the first three panels)." + chosen,
        ),
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


def _coefficient_order(name: str) -> tuple[int, str]:
    """Kill rates first, then the exponents, side by side."""
    side, _, what = name.partition(".")
    return ({"kills": 0, "a": 1, "b": 2}.get(what, 3), side)


def _ardennes_label(key: str) -> str:
    """``engine_published`` -> ``engine\npublished`` (long labels would overlap)."""
    return key.replace("_", "\n", 1)
