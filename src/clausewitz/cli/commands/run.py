"""``clausewitz run SCENARIO``: simulate many runs in streamed chunks and summarise the KPIs."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from clausewitz.cli.options import Days, Seed, Workers
from clausewitz.cli.progress import progress_bar


def register(app: typer.Typer) -> None:
    """Add the ``run`` command."""

    @app.command("run")
    def run_cmd(
        scenario: str = typer.Argument(
            ..., help="A scenario file, or the name of a bundled scenario (see 'scenarios')."
        ),
        strategy: list[str] = typer.Option(
            [],
            "--strategy",
            metavar="SIDE=NAME",
            help="Strategy of a side (repeatable), e.g. attacker=steady-pressure.",
        ),
        runs: int = typer.Option(1000, "--runs", help="Number of runs."),
        seed: Seed = 0,
        days: Days = None,
        chunk: int = typer.Option(
            10_000, "--chunk", help="Runs simulated at once (bounds memory; not the results)."
        ),
        workers: Workers = 1,
        out: Path | None = typer.Option(
            None,
            "--out",
            help="Output folder (default: clausewitz-results/<scenario>-seed<K>-<time>).",
        ),
        overwrite: bool = typer.Option(False, "--overwrite", help="Replace a run in --out."),
        as_json: bool = typer.Option(False, "--json", help="Print the KPI summary as JSON."),
    ) -> None:
        """Simulate runs of a scenario in streamed chunks; write per-run outcomes (Parquet),
        per-day quantile bands and a manifest; print the KPIs with 95% confidence intervals.

        Results are identical for any --chunk and --workers.

        Example: [bold]clausewitz run tutorial --runs 10000 --strategy attacker=steady-pressure
        --out clausewitz-results/tutorial-10k[/]
        """
        from clausewitz.runner.api import run_scenario
        from clausewitz.runner.options import parse_strategy_options

        chosen = parse_strategy_options(strategy)
        with progress_bar("simulating", sys.stderr.isatty(), unit="runs") as bar:
            result = run_scenario(
                scenario,
                runs=runs,
                seed=seed,
                strategies=chosen,
                days=days,
                chunk=chunk,
                workers=workers,
                out=out,
                overwrite=overwrite,
                progress=bar.set if bar else None,
            )
        if as_json:
            typer.echo(json.dumps(result.summary_json(), indent=2))
            return
        _print_summary(result)


def _print_summary(result: object) -> None:
    from rich.console import Console
    from rich.table import Table

    from clausewitz.runner.api import RunResult

    assert isinstance(result, RunResult)
    m = result.manifest
    table = Table(title=f"{m['scenario']}: {m['runs']:,} runs, {m['days']} days, seed {m['seed']}")
    table.add_column("KPI", no_wrap=True)
    for name in ("mean", "95% CI", "n"):
        table.add_column(name, justify="right", no_wrap=True)
    table.add_column("interval")
    for k, s in result.summary.items():
        iv = s.interval
        if not s.observed:
            table.add_row(k, "-", "-", str(iv.n), s.method)
            continue
        row = (_num(iv.estimate), f"[{_num(iv.low)}, {_num(iv.high)}]", f"{iv.n:,}")
        table.add_row(k, *row, s.method)
    console = Console()
    console.print(table)
    strategies = ", ".join(f"{side}={name}" for side, name in m["strategies"].items())
    console.print(f"strategies: {strategies}")
    console.print(f"results: {result.out}")


def _num(x: float | None) -> str:
    """Thousands separators for large values, four significant digits otherwise."""
    if x is None:
        return "-"
    return f"{x:,.0f}" if abs(x) >= 1000 else f"{x:.4g}"
