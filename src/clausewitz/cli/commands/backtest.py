"""``clausewitz backtest SCENARIO``: forecast from the knowledge date, score against the record
and against three naive forecasts."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import typer

from clausewitz.cli.options import report_callback
from clausewitz.errors import UserError


@contextmanager
def _progress_bar(enabled: bool) -> Iterator[Callable[[int, int], None] | None]:
    """A Rich progress bar of runs on a terminal; nothing otherwise."""
    if not enabled:
        yield None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns = (
        TextColumn("[bold]forecasting"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, transient=True) as bar:
        task = bar.add_task("runs", total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def _towns(value: str | None) -> list[str] | None:
    if value is None:
        return None
    names = [t.strip() for t in value.split(",") if t.strip()]
    if not names:
        raise UserError(
            "--towns: give town ids separated by commas, e.g. --towns pokrovsk,selydove"
        )
    return names


def register(app: typer.Typer) -> None:
    """Add the ``backtest`` command."""

    @app.command("backtest")
    def backtest_cmd(
        scenario: str = typer.Argument(
            ..., help="A scenario file, or the name of a bundled scenario (see 'scenarios')."
        ),
        truth: Path | None = typer.Option(
            None,
            "--truth",
            help="Folder of newer DeepState files (deepstatemap_data_YYYYMMDD.geojson), "
            "added to the shipped record.",
        ),
        runs: int = typer.Option(2000, "--runs", help="Runs of the model's forecast."),
        seed: int = typer.Option(0, "--seed", help="Seed of every random stream."),
        towns: str | None = typer.Option(
            None, "--towns", metavar="A,B", help="Score only these objectives (ids)."
        ),
        workers: int = typer.Option(1, "--workers", help="Worker processes."),
        as_json: bool = typer.Option(False, "--json", help="Print the full table as JSON."),
        report: Path | None = typer.Option(
            None,
            "--report",
            help="Write an HTML report (figures as PNG beside it).",
            callback=report_callback,
        ),
    ) -> None:
        """Forecast a scenario from its knowledge date with its default strategies and score
        it on every record date after that date: each town's fall day (CRPS, censored; Brier
        of falling within the window; PIT), the weekly distance from the front to each town
        (CRPS), the area gained per month in the scenario's region (CRPS), beside three naive
        forecasts (persistence, trailing-rate ruler, climatology) scored the same way. Skill
        is 1 - score/score_baseline, with bootstrap intervals over towns and months.

        Example: [bold]clausewitz backtest pokrovsk-2024 --runs 2000 --seed 1 --report
        backtest.html[/]
        """
        from clausewitz.backtest import run_backtest

        with _progress_bar(sys.stderr.isatty() and not as_json) as progress:
            result = run_backtest(
                scenario,
                truth=truth,
                runs=runs,
                seed=seed,
                towns=_towns(towns),
                workers=workers,
                progress=progress,
            )
        written: list[Path] = []
        if report is not None:
            from clausewitz.report.backtest import backtest_report

            written = backtest_report(result).save(report)
        if as_json:
            typer.echo(json.dumps(result.to_dict(), indent=2))
            return
        _print(result)
        if written:
            typer.echo(f"report: {written[0]}")


def _fmt(x: float | None, digits: int = 3) -> str:
    if x is None:
        return "-"
    return f"{x:,.0f}" if abs(x) >= 1000 else f"{x:.{digits}g}"


def _skill(x: float | None) -> str:
    if x is None:
        return "-"
    return f"{x:+,.0f}" if abs(x) >= 100 else f"{x:+.2f}"


def _print(result: object) -> None:
    from rich.console import Console
    from rich.table import Table

    from clausewitz.backtest.api import BacktestResult
    from clausewitz.backtest.scoring import FAMILIES, FAMILY_TITLES

    assert isinstance(result, BacktestResult)
    t = result.targets
    console = Console()
    if not console.is_terminal:  # a file or pipe: no terminal width to respect
        console = Console(width=160)
    console.print(
        f"[bold]{t.scenario}[/]: knowledge date {t.knowledge_date}, forecast from "
        f"{t.start_date}; scored on {len(t.dates)} record dates {t.dates[0]} to "
        f"{t.dates[-1]} (record ends {t.record_end}), {len(t.towns)} towns, "
        f"{len(t.months)} months; {result.runs:,} runs, seed {result.seed}"
    )
    names = list(result.scores)
    table = Table(title="Mean scores (lower is better)")
    table.add_column("target", no_wrap=True)
    for n in names:
        table.add_column(n, justify="right")
    for fam in FAMILIES:
        table.add_row(FAMILY_TITLES[fam], *(_fmt(result.scores[n].mean(fam)) for n in names))
    console.print(table)
    sk = Table(title="Skill of the model over each baseline: 1 - score/score_baseline [95% CI]")
    sk.add_column("target", no_wrap=True)
    for base in result.skills:
        sk.add_column(f"vs {base}", justify="right")
    for fam in (*FAMILIES, "overall"):
        cells = []
        for base in result.skills:
            s = result.skills[base].get(fam)
            if s is None or s.value is None:
                cells.append("-")
            else:
                cells.append(f"{_skill(s.value)} [{_skill(s.low)}, {_skill(s.high)}]")
        sk.add_row(FAMILY_TITLES.get(fam, fam), *cells)
    console.print(sk)
    model = result.forecasts["model"]
    towns = Table(title="Towns: what happened and what the model said")
    for c in ("town", "km at anchor", "truth fall", "model P(fall)", "model median day"):
        towns.add_column(c, justify="left" if c == "town" else "right")
    p = model.p_fall(t.censor)

    def day(x: float) -> str:
        return f"day {x:.0f}" if x < t.censor else "not by end"

    for i, town in enumerate(t.towns):
        towns.add_row(
            town.name,
            f"{t.anchor_distance[i]:.1f}",
            day(float(t.fall_day[i])),
            f"{p[i]:.2f}",
            day(float(sorted(model.fall_day[i])[len(model.fall_day[i]) // 2])),
        )
    console.print(towns)
    lo = result.losses
    console.print(
        f"attacker losses per km² gained, {lo.start} to {lo.end}: model "
        f"{_fmt(lo.model_per_km2)}; General Staff claim {_fmt(lo.claim_per_km2)}; "
        f"ratio {_fmt(lo.ratio)} ({lo.note})",
        highlight=False,
    )
    console.print(
        f"attacker losses, {lo.start} to {lo.end}: model {_fmt(lo.model_losses)}; General Staff "
        f"claim {_fmt(lo.claim_losses)}; claim ratio {_fmt(lo.losses_ratio)}",
        highlight=False,
    )
    console.print(f"region: {t.region_note}", highlight=False)
    for base, f in result.forecasts.items():
        if base != "model":
            console.print(f"{base}: {f.note}", highlight=False)
    if t.skipped:
        console.print(f"not scored: {'; '.join(t.skipped)}", highlight=False)
    console.print(f"strategies: {', '.join(f'{k}={v}' for k, v in result.strategies.items())}")
