"""``clausewitz validate``: every validation against real battles, as JSON and an HTML report."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from clausewitz.cli.options import Seed, report_callback
from clausewitz.cli.output import echo_json, json_safe


def register(app: typer.Typer) -> None:
    """Add the ``validate`` command to ``app``."""

    @app.command("validate")
    def validate(
        as_json: bool = typer.Option(False, "--json", help="Print the JSON summary."),
        report: Path | None = typer.Option(
            None,
            "--report",
            help="Write the HTML report here (PNG figures beside it).",
            callback=report_callback,
        ),
        quick: bool = typer.Option(
            False, "--quick", help="Far fewer simulated runs: a first look in seconds."
        ),
        seed: Seed = 0,
    ) -> None:
        """Run every validation: Iwo Jima reproduced and fitted; fits recovering simulated
        coefficients; CDB90 attacker success scored on held-out battles (Brier score, log loss)
        against the base rate, the force ratio alone and the engine's engagement odds (with
        its defaults, whose breakpoints were fitted on that era, and two calibrations scored
        out of sample); loss
        fractions at the break against CDB90 and Helmbold; Ardennes daily loss rates against
        the engine's. Prints a summary and where the model fails.

        Example: [bold]clausewitz validate --report out/validation.html --json[/]
        """
        import dataclasses

        from clausewitz.errors import UserError
        from clausewitz.validation.suite import Settings, run_validation

        if not 0 <= seed < 2**63:
            raise UserError("--seed must be in [0, 2**63)")
        if report is not None and report.suffix.lower() not in (".html", ".htm"):
            raise UserError(f"--report must name an .html file, got {report}")
        settings = dataclasses.replace(Settings.quick() if quick else Settings(), seed=seed)
        result = run_validation(settings)
        summary = json_safe(result.summary())
        if report is not None:
            from clausewitz.report.validation import write_report

            try:
                written = write_report(result, report)
            except OSError as exc:
                raise UserError(f"cannot write the report to {report}: {exc}") from None
            summary["report"] = [str(p) for p in written]
        if as_json:
            echo_json(summary)
            return
        _print(summary)
        if report is not None:
            typer.echo(f"report: {report}")


def _print(summary: dict[str, Any]) -> None:
    """The text form of ``validate``: each validation's headline numbers, then the failures."""
    iwo = summary["iwo_jima"]
    verdict = "reproduced" if iwo["reproduced"] else "NOT reproduced"
    typer.echo(
        f"Iwo Jima: {iwo['checkpoints']} checkpoints, max relative error "
        f"{iwo['max_rel_error']:.2g} ({verdict})"
    )
    _print_cdb90(summary["cdb90"])
    _print_a_priori(summary["cdb90"])
    _print_diagnosis(summary["cdb90"])
    _print_slopes(summary["force_ratio_slope"])
    typer.echo("Where the model fails:")
    for line in summary["failures"]:
        typer.echo(f"  - {line}")


def _print_cdb90(cdb: dict[str, Any]) -> None:
    """CDB90 scores of each forecaster, and the engine's minus the baselines'."""
    from clausewitz.validation.tables import emit_rows

    iv = cdb["intervals"]

    def band(key: str, score: str) -> str:
        lo, hi = iv[key][score]
        return f"{lo:.3f} to {hi:.3f}"

    emit_rows(
        [
            {
                "forecaster": k,
                "brier": cdb["brier"][k],
                "brier 95%": band(k, "brier"),
                "log loss": cdb["log_loss"][k],
                "log loss 95%": band(k, "log_loss"),
                "out of sample": "no" if k == "engagement_modern" else "yes",
            }
            for k in cdb["brier"]
        ],
        ["forecaster", "brier", "brier 95%", "log loss", "log loss 95%", "out of sample"],
        title=f"CDB90 test battles ({cdb['n_test']}; trained on {cdb['n_train']} before "
        "1939; 95% bootstrap intervals)",
        echo=typer.echo,
    )
    emit_rows(
        [
            {
                "difference": f"{k} - {other}",
                "brier": band(f"{k} - {other}", "brier"),
                "log loss": band(f"{k} - {other}", "log_loss"),
            }
            for k in cdb["brier"]
            if k.startswith("engagement")
            for other in ("base_rate", "force_ratio")
        ],
        ["difference", "brier", "log loss"],
        title="The engine's score minus a baseline's (95% bootstrap; below 0: engine better)",
        echo=typer.echo,
    )


def _print_a_priori(cdb: dict[str, Any]) -> None:
    """The second attempt's inputs and its choice on the training battles."""
    prior = cdb.get("a_priori")
    if not prior:
        return
    fort = prior["fortification"]
    best = min(prior["train_log_loss"])
    typer.echo(
        "engagement_a_priori (second attempt, designed after the first's test score): reads "
        f"{', '.join(prior['inputs'])}, never {', '.join(prior['excluded'])}; fortification "
        f"chosen on the training battles: prepared {fort['prepared']:g}, fortified "
        f"{fort['fortified']:g} (training log loss {best:.3f}, "
        f"{prior['cv']['folds']}-fold cross-validated {prior['cv']['log_loss']:.3f})"
    )


def _print_diagnosis(cdb: dict[str, Any]) -> None:
    """Why the engine's forecasts score as they do: their mean, spread, reliability bins and
    the inputs that drive their log odds."""
    typer.echo(
        "Diagnosis on the test battles (mean forecast against the training base rate "
        f"{cdb['success_rate_train']:.3f} and the test rate {cdb['success_rate_test']:.3f}; "
        "reliability: mean forecast -> observed share (battles), in fifths of [0, 1]; "
        "share of the forecast's log-odds variance by input):"
    )
    for key, diag in cdb["diagnosis"].items():
        if not key.startswith("engagement") and key != "force_ratio":
            continue
        lo, hi = diag["forecast_p05_p95"]
        bins = ", ".join(
            f"{b['mean_forecast']:.2f} -> {b['observed']:.2f} ({b['n']})"
            for b in cdb["reliability"][key]
            if b["n"]
        )
        drivers = ", ".join(
            f"{name} {d['share']:.0%}" for name, d in diag["drivers_of_log_odds"].items()
        )
        typer.echo(
            f"  {key}: mean {diag['mean_forecast']:.3f}, 5-95% {lo:.2f}-{hi:.2f}; {bins}; {drivers}"
        )


def _print_slopes(slopes: dict[str, Any]) -> None:
    """The force-ratio slope of the record and of the engine."""
    rec = slopes["record"]
    typer.echo("Log odds of success per unit of log force ratio (95% intervals):")
    for label, entry in (
        ("CDB90 training battles, force ratio alone", rec["force_ratio_alone"]),
        (
            "CDB90 training battles, given CEA, posture, terrain",
            rec["given_cea_posture_terrain"],
        ),
        *(
            (f"engine ({name}), hasty, open, equal quality", table["hasty"])
            for name, table in slopes["engine"].items()
        ),
    ):
        lo, hi = entry["ci"]
        typer.echo(f"  {label}: {entry['slope']:.2f} ({lo:.2f} to {hi:.2f})")
