"""``clausewitz bench``: engine throughput, ratios to the reference and the RNG floor, memory
and scaling (the measurements live in :mod:`clausewitz.bench`)."""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer

from clausewitz.cli.options import Days, Json, Seed
from clausewitz.cli.progress import progress_bar
from clausewitz.errors import UserError

Quick = Annotated[
    bool,
    typer.Option(
        "--quick",
        help="Smaller sizes (2,000 runs; scaling 1k/3k/10k): a few minutes, memory target "
        "not measured.",
    ),
]
ScenarioOpt = Annotated[str, typer.Option("--scenario", help="Scenario measured.")]
Theatre = Annotated[
    bool,
    typer.Option(
        "--theatre",
        help="Measure the whole front (ukraine-front-2025: 12 sectors, reserves in "
        "transit) instead of --scenario.",
    ),
]
Strategy = Annotated[
    list[str],
    typer.Option(
        "--strategy",
        metavar="SIDE=NAME",
        help="Strategy of a side (default: attacker=steady-pressure, defender=hold-line).",
    ),
]
Runs = Annotated[
    int | None,
    typer.Option("--runs", help="Runs of the in-process fast-engine timing (default 10,000)."),
]
ReferenceRuns = Annotated[
    int | None, typer.Option("--reference-runs", help="Runs of the reference engine (default 5).")
]
Scaling = Annotated[
    str | None,
    typer.Option(
        "--scaling",
        help="Comma-separated run counts streamed in a child process (default "
        "10000,100000,1000000; '' to skip).",
    ),
]
Chunk = Annotated[int, typer.Option("--chunk", help="Runs per chunk when streaming.")]
StreamWorkers = Annotated[int, typer.Option("--workers", help="Worker processes when streaming.")]


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
        as_json: Json = False,
        quick: Quick = False,
        scenario: ScenarioOpt = "pokrovsk-2025",
        theatre: Theatre = False,
        strategy: Strategy = [],  # noqa: B006 (typer reads the default; it is never mutated)
        seed: Seed = 1,
        days: Days = None,
        runs: Runs = None,
        reference_runs: ReferenceRuns = None,
        scaling: Scaling = None,
        chunk: Chunk = 10_000,
        workers: StreamWorkers = 1,
    ) -> None:
        """Measure the fast engine on a scenario (default: the flagship for 365 days):
        sector-days per second, speed-up over the reference engine, time over the time of
        drawing the same random numbers, peak memory and time of streamed runs.

        The full benchmark streams 1,110,000 runs (about an hour on one core); --quick
        takes a few minutes.

        Example: [bold]clausewitz bench --quick --json[/] (the whole front: [bold]clausewitz
        bench --theatre --quick --scaling 1000[/])
        """
        from clausewitz.bench import run_bench

        given: dict[str, Any] = {"scenario": scenario, "seed": seed, "days": days}
        given.update(chunk=chunk, workers=workers, strategy=strategy, theatre=theatre)
        given.update(runs=runs, reference_runs=reference_runs, scaling=scaling)
        options = _options(quick, given)
        with progress_bar("bench", sys.stderr.isatty()) as bar:

            def progress(stage: str, done: float, total: float) -> None:
                if bar is not None:
                    bar.set(done, total, stage)

            report = run_bench(options, progress)
        if as_json:
            typer.echo(json.dumps(report.to_dict(), indent=2))
            return
        _print(report)


def _options(quick: bool, given: dict[str, Any]) -> Any:
    """The :class:`~clausewitz.bench.BenchOptions` of the command line: the options given
    override the full (or, with ``--quick``, the quick) defaults."""
    from clausewitz.bench import BenchOptions
    from clausewitz.bench.workload import DEFAULT_STRATEGIES, THEATRE_SCENARIO
    from clausewitz.runner.options import parse_strategy_options

    if given.pop("theatre"):
        given["scenario"] = THEATRE_SCENARIO
    chosen = parse_strategy_options(given.pop("strategy"))
    if chosen:
        given["strategies"] = {**DEFAULT_STRATEGIES, **chosen}
    if given["scaling"] is not None:
        given["scaling"] = _sizes(given["scaling"])
    given = {k: v for k, v in given.items() if v is not None or k == "days"}
    return BenchOptions.quick(**given) if quick else BenchOptions(**given)


def _print(report: Any) -> None:
    """The benchmark's summary table and the machine it ran on."""
    from rich.console import Console
    from rich.table import Table

    from clausewitz.bench.report import summary_rows

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
