"""``clausewitz bench``: engine throughput, ratios to the reference and the RNG floor, memory
and scaling (the measurements live in :mod:`clausewitz.bench`)."""

from __future__ import annotations

import json
import sys

import typer

from clausewitz.cli.options import Days, Seed
from clausewitz.cli.progress import progress_bar
from clausewitz.errors import UserError


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError:
        raise UserError(f"--scaling {text!r}: expected run counts like 10000,100000") from None
    return sizes


def register(app: typer.Typer) -> None:
    """Add the ``bench`` command."""

    @app.command("bench")
    def bench_cmd(
        as_json: bool = typer.Option(False, "--json", help="Print the results as JSON."),
        quick: bool = typer.Option(
            False,
            "--quick",
            help="Smaller sizes (2,000 runs; scaling 1k/3k/10k): a few minutes, memory target "
            "not measured.",
        ),
        scenario: str = typer.Option("pokrovsk-2025", "--scenario", help="Scenario measured."),
        theatre: bool = typer.Option(
            False,
            "--theatre",
            help="Measure the whole front (ukraine-front-2025: 12 sectors, reserves in "
            "transit) instead of --scenario.",
        ),
        strategy: list[str] = typer.Option(
            [],
            "--strategy",
            metavar="SIDE=NAME",
            help="Strategy of a side (default: attacker=steady-pressure, defender=hold-line).",
        ),
        seed: Seed = 1,
        days: Days = None,
        runs: int | None = typer.Option(
            None, "--runs", help="Runs of the in-process fast-engine timing (default 10,000)."
        ),
        reference_runs: int | None = typer.Option(
            None, "--reference-runs", help="Runs of the reference engine (default 5)."
        ),
        scaling: str | None = typer.Option(
            None,
            "--scaling",
            help="Comma-separated run counts streamed in a child process (default "
            "10000,100000,1000000; '' to skip).",
        ),
        chunk: int = typer.Option(10_000, "--chunk", help="Runs per chunk when streaming."),
        workers: int = typer.Option(1, "--workers", help="Worker processes when streaming."),
    ) -> None:
        """Measure the fast engine on a scenario (default: the flagship for 365 days):
        sector-days per second, speed-up over the reference engine, time over the time of
        drawing the same random numbers, peak memory and time of streamed runs.

        The full benchmark streams 1,110,000 runs (about an hour on one core); --quick
        takes a few minutes.

        Example: [bold]clausewitz bench --quick --json[/] (the whole front: [bold]clausewitz
        bench --theatre --quick --scaling 1000[/])
        """
        from clausewitz.bench import BenchOptions, run_bench
        from clausewitz.bench.report import summary_rows
        from clausewitz.bench.workload import THEATRE_SCENARIO
        from clausewitz.runner.options import parse_strategy_options

        if theatre:
            scenario = THEATRE_SCENARIO

        chosen = parse_strategy_options(strategy)
        given: dict[str, object] = {"scenario": scenario, "seed": seed, "days": days}
        given.update(chunk=chunk, workers=workers)
        if chosen:
            from clausewitz.bench.workload import DEFAULT_STRATEGIES

            given["strategies"] = {**DEFAULT_STRATEGIES, **chosen}
        if runs is not None:
            given["runs"] = runs
        if reference_runs is not None:
            given["reference_runs"] = reference_runs
        if scaling is not None:
            given["scaling"] = _sizes(scaling)
        options = BenchOptions.quick(**given) if quick else BenchOptions(**given)  # type: ignore[arg-type]
        with progress_bar("bench", sys.stderr.isatty()) as bar:

            def progress(stage: str, done: float, total: float) -> None:
                if bar is not None:
                    bar.set(done, total, stage)

            report = run_bench(options, progress)
        if as_json:
            typer.echo(json.dumps(report.to_dict(), indent=2))
            return
        from rich.console import Console
        from rich.table import Table

        table = Table(title=f"{report.scenario}: {report.days} days, {report.sectors} sectors")
        for name in ("measure", "value", "target", ""):
            table.add_column(name)
        for row in summary_rows(report):
            table.add_row(*row)
        console = Console()
        console.print(table)
        m = report.machine
        console.print(
            f"{m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB; Python {m['python']}, "
            f"NumPy {m['numpy']}, Numba {m['numba']}"
        )
