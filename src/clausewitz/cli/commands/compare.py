"""``clausewitz compare SCENARIO``: strategies on the same runs, paired statistics, a report."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any

import typer

from clausewitz.cli.options import Days, Json, Report, Seed, Workers, check_report_path
from clausewitz.cli.progress import progress_bar
from clausewitz.errors import UserError


def _names(text: str, option: str) -> list[str]:
    names = [n.strip() for n in text.split(",") if n.strip()]
    if not names:
        raise UserError(f"{option} needs at least one strategy name (comma-separated)")
    if len(set(names)) != len(names):
        raise UserError(f"{option} names a strategy twice: {text}")
    return names


def _scenario_names(choices: Mapping[Any, Mapping[str, Any]], side: str, option: str) -> list[str]:
    """Every strategy the scenario names for ``side``, in its order (the default of ``option``)."""
    names = list(choices.get(side, {}))
    if not names:
        raise UserError(f"the scenario names no {side} strategies: give {option} a,b,...")
    return names


def _check_numbers(
    runs: int | None,
    precision: float | None,
    max_runs: int,
    tornado_params: int,
    tornado_runs: int,
    report: Path | None,
) -> None:
    """Options that would only fail after the simulation, checked before it."""
    import math

    from clausewitz.runner.chunks import MAX_RUNS

    if runs is not None and not 2 <= runs <= MAX_RUNS:
        raise UserError(f"--runs must be in [2, {MAX_RUNS:_}] (got {runs})")
    if precision is not None and not (math.isfinite(precision) and precision > 0):
        raise UserError(f"--precision must be a positive number (got {precision})")
    if not 1 <= max_runs <= MAX_RUNS:
        raise UserError(f"--max-runs must be in [1, {MAX_RUNS:_}] (got {max_runs})")
    if tornado_params < 0:
        raise UserError(f"--tornado-params must be 0 or more (got {tornado_params})")
    if report is not None and tornado_params > 0 and not 2 <= tornado_runs <= MAX_RUNS:
        raise UserError(f"--tornado-runs must be in [2, {MAX_RUNS:_}] (got {tornado_runs})")


def _free_out(out: Path) -> Path:
    """``out`` if a comparison may be written there (nothing in it yet), else
    :class:`UserError`."""
    from clausewitz.store.staging import require_empty

    return require_empty(out)


def _print_table(summary: dict[str, Any], kpis: list[tuple[str, str]]) -> None:
    from rich.console import Console
    from rich.table import Table

    from clausewitz.report.comparison import kpi_table

    rows = kpi_table(summary, kpis)
    table = Table(
        title=f"{summary['scenario']}: {summary['runs']:,} runs per strategy, seed "
        f"{summary['seed']} (mean [95% CI])"
    )
    for col in rows[0]:
        table.add_column(col, justify="left" if col == "strategy" else "right", no_wrap=True)
    for r in rows:
        table.add_row(*[str(v) for v in r.values()])
    console = Console()
    if not console.is_terminal:  # a file or pipe: no terminal width to respect
        console = Console(width=200)
    console.print(table)


Side = Annotated[str, typer.Option("--side", help="The side whose strategies compete.")]
Strategies = Annotated[
    str | None,
    typer.Option(
        "--strategies",
        help="Comma-separated strategies of --side, e.g. attrition,decisive (default: every "
        "strategy the scenario names for --side).",
    ),
]
Opponent = Annotated[
    str | None,
    typer.Option("--opponent", help="The other side's strategy (default: the scenario's)."),
]
Matrix = Annotated[
    bool,
    typer.Option(
        "--matrix", help="Also play every --strategies entry against every --opponents entry."
    ),
]
Opponents = Annotated[
    str | None,
    typer.Option(
        "--opponents",
        help="Other side's strategies for --matrix (default: all the scenario names).",
    ),
]
Runs = Annotated[
    int | None,
    typer.Option(
        "--runs",
        help="Runs per strategy (default 1000; with --precision, the first batch, default 500).",
    ),
]
Precision = Annotated[
    float | None,
    typer.Option("--precision", help="Target half-width of the paired-difference 95% CI of --kpi."),
]
Kpi = Annotated[
    str | None,
    typer.Option(
        "--kpi",
        help="KPI for --precision, the matrix and the report's tornado, e.g. "
        "objective_rday.pokrovsk (the day it fell, or the days simulated where it did "
        "not: defined on every run, so it can be paired). Default: objective_rday of the "
        "first hub on the main axis (the objective the report's answer is about).",
    ),
]
MaxRuns = Annotated[int, typer.Option("--max-runs", help="Cap on runs with --precision.")]
SensitivityLink = Annotated[
    str | None,
    typer.Option(
        "--sensitivity-report",
        help="Link the report to this 'clausewitz sensitivity --report' page (path or URL).",
    ),
]
TornadoParams = Annotated[
    int,
    typer.Option(
        "--tornado-params", help="Parameters in the report's one-at-a-time tornado (0: none)."
    ),
]
TornadoRuns = Annotated[int, typer.Option("--tornado-runs", help="Runs per tornado bar end.")]
Out = Annotated[
    Path | None,
    typer.Option(
        "--out",
        help="Results folder of this experiment (default: "
        "clausewitz-results/compare-<scenario>-seed<K>-<time>).",
    ),
]


def _default_out(name: str, seed: int) -> Path:
    from clausewitz.store import DEFAULT_RESULTS_DIR

    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    return DEFAULT_RESULTS_DIR / f"compare-{name}-seed{seed}-{stamp}"


def _print_text(result: Any, mat: Any, out: Path, written: list[Path]) -> None:
    """The table and the lines ``clausewitz compare`` prints without ``--json``."""
    from clausewitz.report.comparison import headline_kpis, headline_objective

    c, summary = result.comparison, result.summary
    _print_table(summary, headline_kpis(c, headline_objective(c)))
    crn = summary["crn_variance_ratio"]
    hk = f"objective_rday.{headline_objective(c)}"
    typer.echo(
        f"common random numbers: variance ratio {crn.get(hk) or float('nan'):.2f} on {hk}, "
        f"{crn.get('attacker_losses') or float('nan'):.2f} on attacker_losses"
    )
    if c.stopping.get("rule") == "chow-robbins":
        typer.echo(
            f"stopping: Chow-Robbins on {c.stopping['kpi']} half-width "
            f"{c.stopping['half_width']}: {'met' if c.stopping['satisfied'] else 'NOT met'} "
            f"after {c.runs:,} runs"
        )
    if mat is not None:
        typer.echo(
            f"matrix on {mat.kpi}: robust attacker choice {mat.robust('attacker')}, "
            f"defender {mat.robust('defender')}"
        )
    typer.echo(f"results: {out}")
    if written:
        typer.echo(f"report: {written[0]}")


def _matrix(
    result: Any,
    names: list[str],
    opponents: str | None,
    *,
    kpi: str | None,
    out: Path,
    precision: float | None,
    workers: int,
) -> Any:
    """``--matrix``: every strategy against every opponent, stored beside ``out``."""
    from clausewitz import api
    from clausewitz.engine.plan import SIDES
    from clausewitz.report.comparison import headline_objective

    c = result.comparison
    other = SIDES[1 - SIDES.index(c.side)]
    opp_names = (
        _names(opponents, "--opponents")
        if opponents
        else _scenario_names(c.loaded.scenario.strategies, other, "--opponents")
    )
    atk, dfd = (names, opp_names) if c.side == "attacker" else (opp_names, names)
    mout = _free_out(out.parent / (out.name + "-matrix"))
    with progress_bar("matrix", sys.stderr.isatty(), unit="runs") as bar:
        return api.compare_matrix(
            c.loaded,
            atk,
            dfd,
            kpi=kpi or f"objective_rday.{headline_objective(c)}",
            runs=c.runs if precision is None else min(c.runs, 2000),
            seed=c.seed,
            days=c.days,
            workers=workers,
            out=mout,
            progress=bar.advance if bar else None,
        )


def _write_report(
    result: Any,
    mat: Any,
    report: Path,
    tornado: tuple[str | None, int, int],
    sensitivity_link: str | None,
) -> list[Path]:
    """``--report``: the page (with its tornado of ``(kpi, params, runs)``), saved."""
    from clausewitz import api

    kpi, params, runs = tornado
    with progress_bar("tornado", sys.stderr.isatty() and params > 0) as bar:
        rep = api.compare_report(
            result,
            kpi=kpi,
            tornado_params=params,
            tornado_runs=runs,
            matrix=mat,
            sensitivity_link=sensitivity_link,
            progress=bar.set if bar else None,
        )
    written = rep.save(report)
    result.summary["report"] = str(report)
    return written


def register(app: typer.Typer) -> None:
    """Add the ``compare`` command to ``app``."""

    @app.command("compare")
    def compare(
        scenario: str = typer.Argument(
            ..., help="A scenario file, or the name of a bundled scenario (see 'scenarios')."
        ),
        side: Side = "attacker",
        strategies: Strategies = None,
        opponent: Opponent = None,
        matrix: Matrix = False,
        opponents: Opponents = None,
        runs: Runs = None,
        precision: Precision = None,
        kpi: Kpi = None,
        max_runs: MaxRuns = 100_000,
        seed: Seed = 0,
        days: Days = None,
        workers: Workers = 1,
        report: Report = None,
        sensitivity_report: SensitivityLink = None,
        tornado_params: TornadoParams = 8,
        tornado_runs: TornadoRuns = 300,
        out: Out = None,
        as_json: Json = False,
    ) -> None:
        """Run strategies on the same runs (common random numbers) and compare them: per
        strategy and KPI the mean and 95% CI; per pair the paired difference with its 95% CI and
        the probability that one beats the other; the variance reduction common random numbers
        bought; optionally a report and a strategy matrix.

        Example: [bold]clausewitz compare pokrovsk-2025 --strategies attrition,decisive,envelop
        --opponent defend-in-depth --runs 4000 --report out/pokrovsk-2025/report.html[/]
        """
        from clausewitz import api
        from clausewitz.compare.kpis import check_kpi
        from clausewitz.engine.plan import SIDES

        if side not in SIDES:
            raise UserError(f"--side must be one of {', '.join(SIDES)} (got {side!r})")
        _check_numbers(runs, precision, max_runs, tornado_params, tornado_runs, report)
        report = check_report_path(report) if report is not None else None
        loaded = api.load(scenario)
        sc = loaded.scenario
        names = _names(strategies, "--strategies") if strategies is not None else None
        names = names or _scenario_names(sc.strategies, side, "--strategies")
        if kpi is not None:
            check_kpi(kpi, [o.id for o in sc.theatre.objectives])
        out = _free_out((out or _default_out(sc.meta.name, seed)).absolute())
        with progress_bar("simulating", sys.stderr.isatty(), unit="runs") as bar:
            result = api.compare(
                loaded,
                names,
                side=side,
                opponent=opponent,
                runs=runs,
                seed=seed,
                days=days,
                precision=precision,
                kpi=kpi,
                max_runs=max_runs,
                workers=workers,
                out=out,
                progress=bar.advance if bar else None,
            )
        summary = result.summary
        mat = None
        if matrix:
            mat = _matrix(
                result, names, opponents, kpi=kpi, out=out, precision=precision, workers=workers
            )
            summary["matrix"] = mat.to_dict()
        written: list[Path] = []
        if report is not None:
            tornado = (kpi, tornado_params, tornado_runs)
            written = _write_report(result, mat, report, tornado, sensitivity_report)
        if as_json:
            typer.echo(json.dumps(summary, indent=2, default=str))
            return
        _print_text(result, mat, out, written)
