"""``clausewitz calibrate SCENARIO``: calibrate the rates that drive movement and losses to the
record before the scenario's knowledge date, and write the posterior as a scenario file."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import typer

from clausewitz.calibrate.settings import WINDOW_DAYS
from clausewitz.errors import UserError


def _names(value: str | None) -> list[str] | None:
    if value is None:
        return None
    names = [t.strip() for t in value.split(",") if t.strip()]
    if not names:
        raise UserError("--params: give parameter names separated by commas")
    return names


def _date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UserError(f"--window-start {value!r}: expected a date YYYY-MM-DD") from None


def register(app: typer.Typer) -> None:
    """Add the ``calibrate`` command."""

    @app.command("calibrate")
    def calibrate_cmd(
        scenario: str = typer.Argument(
            ..., help="A scenario file, or the name of a bundled scenario (see 'scenarios')."
        ),
        out: Path | None = typer.Option(
            None, "--out", help="Output folder (default out/calibrate/<scenario>)."
        ),
        params: str | None = typer.Option(
            None,
            "--params",
            metavar="A,B",
            help="Parameters to calibrate (default: the rates that drive movement and losses).",
        ),
        waves: int = typer.Option(5, "--waves", help="Waves of history matching."),
        points: int = typer.Option(60, "--points", help="Design points per wave."),
        runs: int = typer.Option(200, "--runs", help="Runs of the hindcast at each point."),
        seed: int = typer.Option(0, "--seed", help="Seed of every random stream and design."),
        window_days: int = typer.Option(
            WINDOW_DAYS,
            "--window-days",
            help="Days of record before the knowledge date to use (the last 12 weeks: the "
            "regime most likely to continue is the latest).",
        ),
        window_start: str | None = typer.Option(
            None, "--window-start", metavar="DATE", help="Start the hindcast on this record date."
        ),
        truth: Path | None = typer.Option(
            None,
            "--truth",
            help="Folder of DeepState files (deepstatemap_data_YYYYMMDD.geojson) added to the "
            "shipped record (only dates before the knowledge date are read).",
        ),
        workers: int = typer.Option(1, "--workers", help="Dask worker processes (1: no Dask)."),
        resume: bool = typer.Option(
            False, "--resume", help="Finish a calibration killed in this --out folder."
        ),
        as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
    ) -> None:
        """Calibrate a scenario's uncertain rates jointly to the record before its knowledge
        date: a hindcast from an earlier record date (each town at its measured distance then)
        up to the last record date before the knowledge date, compared with DeepState's
        distances to the towns, the area gained and the loss claims, by history matching with
        Gaussian-process emulators in waves (each wave a resumable sweep, on Dask with
        --workers > 1), the surviving candidates weighted by a synthetic likelihood. Writes
        calibrated.yaml (basis: calibrated), a calibrated copy of the
        scenario, calibration.json and report.html into --out.

        Example: [bold]clausewitz calibrate pokrovsk-2025-02 --seed 1 --workers 2[/]
        """
        from clausewitz.calibrate.api import run_calibration
        from clausewitz.calibrate.settings import CalibrationSettings
        from clausewitz.cli.progress import progress_bar
        from clausewitz.report.calibration import calibration_report
        from clausewitz.truth.record import load_record

        settings = CalibrationSettings(
            waves=waves, points=points, runs=runs, seed=seed, window_days=window_days
        )
        name = Path(scenario).stem if scenario.endswith((".yaml", ".yml")) else scenario
        folder = out if out is not None else Path("out") / "calibrate" / name
        with progress_bar("calibrating", sys.stderr.isatty() and not as_json) as bar:

            def progress(done: int, total: int, what: str) -> None:
                if bar is not None:
                    bar.set(done, total, what)

            result = run_calibration(
                scenario,
                out=folder,
                params=_names(params),
                settings=settings,
                window_start=_date(window_start),
                truth=load_record(truth) if truth is not None else None,
                workers=workers,
                resume=resume,
                progress=progress,
            )
        written = calibration_report(result).save(folder / "report.html")
        if as_json:
            typer.echo(json.dumps(result.to_dict(), indent=2))
            return
        _print(result, written[0])


def _print(result: object, report: Path) -> None:
    from rich.console import Console
    from rich.table import Table

    from clausewitz.calibrate.api import CalibrationResult

    assert isinstance(result, CalibrationResult)
    h = result.hindcast
    console = Console()
    if not console.is_terminal:
        console = Console(width=140)
    meta = result.loaded.scenario.meta
    console.print(
        f"[bold]{meta.name}[/]: hindcast {h.window.start} to {h.window.end} (knowledge date "
        f"{meta.knowledge_date}), {len(h.towns)} towns, {len(h.window.checkpoints)} "
        f"checkpoints, {len(h.targets)} targets",
        highlight=False,
    )
    table = Table(title="Prior and posterior (5%, median, 95%)")
    for c in ("parameter", "unit", "prior", "posterior"):
        table.add_column(c, justify="left" if c in ("parameter", "unit") else "right")
    for f in result.fitted:
        table.add_row(
            f.name,
            f.unit,
            f"{f.prior_q05:.4g}  {f.prior_q50:.4g}  {f.prior_q95:.4g}",
            f"{f.q05:.4g}  {f.q50:.4g}  {f.q95:.4g}",
        )
    console.print(table)
    shares = ", ".join(f"{w.non_implausible_share:.1%}" for w in result.match.waves)
    console.print(
        f"not ruled out after each wave: {shares}; posterior resampled by likelihood weights "
        f"(effective sample size {result.match.effective_draws:.0f})",
        highlight=False,
    )
    for note in result.notes:
        console.print(f"[yellow]{note}[/]", highlight=False)
    console.print(f"parameters: {result.parameters_file}", highlight=False)
    console.print(f"calibrated scenario: {result.scenario_file}", highlight=False)
    console.print(f"report: {report}", highlight=False)
