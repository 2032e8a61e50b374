"""``clausewitz compare SCENARIO``: strategies on the same runs, paired statistics, a report."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import typer

from clausewitz.cli.options import Days, Seed, Workers
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


def check_report_path(report: Path) -> Path:
    """The ``--report`` file, or :class:`UserError` if it cannot be written (checked before
    any simulation: a report that fails at the end loses the work)."""
    import os

    from clausewitz.store.lock import ensure_parent

    report = report.absolute()
    if report.is_dir():
        raise UserError(f"--report {report} is a directory; give an .html file")
    ensure_parent(report, "--report")
    if not os.access(report.parent, os.W_OK):
        raise UserError(f"--report {report}: cannot write in {report.parent}")
    if report.exists() and not os.access(report, os.W_OK):
        raise UserError(f"--report {report}: the file is not writable")
    return report


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


def register(app: typer.Typer) -> None:
    """Add the ``compare`` command to ``app``."""

    @app.command("compare")
    def compare(
        scenario: str = typer.Argument(
            ..., help="A scenario file, or the name of a bundled scenario (see 'scenarios')."
        ),
        side: str = typer.Option("attacker", "--side", help="The side whose strategies compete."),
        strategies: str | None = typer.Option(
            None,
            "--strategies",
            help="Comma-separated strategies of --side, e.g. attrition,decisive (default: every "
            "strategy the scenario names for --side).",
        ),
        opponent: str | None = typer.Option(
            None, "--opponent", help="The other side's strategy (default: the scenario's)."
        ),
        matrix: bool = typer.Option(
            False,
            "--matrix",
            help="Also play every --strategies entry against every --opponents entry.",
        ),
        opponents: str | None = typer.Option(
            None,
            "--opponents",
            help="Other side's strategies for --matrix (default: all the scenario names).",
        ),
        runs: int | None = typer.Option(
            None, "--runs", help="Runs per strategy (default 1000; with --precision, the pilot)."
        ),
        precision: float | None = typer.Option(
            None, "--precision", help="Target half-width of the paired-difference 95% CI of --kpi."
        ),
        kpi: str | None = typer.Option(
            None,
            "--kpi",
            help="KPI for --precision, the matrix and the report's tornado, e.g. "
            "objective_rday.pokrovsk (the day it fell, or the days simulated where it did "
            "not: defined on every run, so it can be paired).",
        ),
        max_runs: int = typer.Option(100_000, "--max-runs", help="Cap on runs with --precision."),
        seed: Seed = 0,
        days: Days = None,
        workers: Workers = 1,
        report: Path | None = typer.Option(
            None, "--report", help="Write a self-contained HTML report (PNGs beside it)."
        ),
        sensitivity_report: str | None = typer.Option(
            None,
            "--sensitivity-report",
            help="Link the report to this 'clausewitz sensitivity --report' page (path or URL).",
        ),
        tornado_params: int = typer.Option(
            8,
            "--tornado-params",
            help="Parameters in the report's one-at-a-time tornado (0: none).",
        ),
        tornado_runs: int = typer.Option(300, "--tornado-runs", help="Runs per tornado bar end."),
        out: Path | None = typer.Option(
            None,
            "--out",
            help="Results folder of this experiment (default: "
            "clausewitz-results/compare-<scenario>-seed<K>-<time>).",
        ),
        as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
    ) -> None:
        """Run strategies on the same runs (common random numbers) and compare them: per
        strategy and KPI the mean and 95% CI; per pair the paired difference with its 95% CI and
        the probability that one beats the other; the variance reduction common random numbers
        bought; optionally a report and a strategy matrix.

        Example: [bold]clausewitz compare pokrovsk-2025 --strategies attrition,decisive,envelop
        --opponent defend-in-depth --runs 4000 --report out/pokrovsk-2025/report.html[/]
        """
        from clausewitz import api
        from clausewitz.compare import compare_matrix
        from clausewitz.compare.kpis import check_kpi
        from clausewitz.engine.plan import SIDES
        from clausewitz.scenario.loader import load_scenario
        from clausewitz.store import DEFAULT_RESULTS_DIR
        from clausewitz.store.lock import experiment_lock
        from clausewitz.store.staging import StagedExperiment

        if side not in SIDES:
            raise UserError(f"--side must be one of {', '.join(SIDES)} (got {side!r})")
        _check_numbers(runs, precision, max_runs, tornado_params, tornado_runs, report)
        if report is not None:
            report = check_report_path(report)
        other = SIDES[1 - SIDES.index(side)]
        loaded = load_scenario(scenario)
        sc = loaded.scenario
        names = (
            _names(strategies, "--strategies")
            if strategies is not None
            else _scenario_names(sc.strategies, side, "--strategies")
        )
        objective_ids = [o.id for o in sc.theatre.objectives]
        if kpi is not None:
            check_kpi(kpi, objective_ids)
        if out is None:
            stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
            out = DEFAULT_RESULTS_DIR / f"compare-{sc.meta.name}-seed{seed}-{stamp}"
        out = _free_out(out.absolute())
        tty = sys.stderr.isatty()
        with progress_bar("simulating", tty, unit="runs") as bar:
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
        c, summary = result.comparison, result.summary
        mat = None
        if matrix:
            opp_names = (
                _names(opponents, "--opponents")
                if opponents
                else _scenario_names(sc.strategies, other, "--opponents")
            )
            atk, dfd = (names, opp_names) if side == "attacker" else (opp_names, names)
            from clausewitz.report.comparison import headline_objective

            mkpi = kpi or f"objective_rday.{headline_objective(c)}"
            mout = _free_out(out.parent / (out.name + "-matrix"))
            with experiment_lock(mout), progress_bar("matrix", tty, unit="runs") as bar:
                _free_out(mout)
                mstaged = StagedExperiment(mout)
                mat = compare_matrix(
                    loaded,
                    atk,
                    dfd,
                    kpi=mkpi,
                    runs=c.runs if precision is None else min(c.runs, 2000),
                    seed=seed,
                    days=days,
                    workers=workers,
                    store=mstaged.writer(fresh=False),
                    progress=bar.advance if bar else None,
                )
                mstaged.publish()
            summary["matrix"] = mat.to_dict()
        written: list[Path] = []
        if report is not None:
            from clausewitz.evidence import estimate_all
            from clausewitz.report.comparison import (
                comparison_report,
                headline_objective,
                screen_parameters,
            )

            ckpi = kpi or f"objective_captured.{headline_objective(c)}"
            rows: list[Any] = []
            if tornado_params > 0:
                from clausewitz.sensitivity.oat import tornado

                params = screen_parameters(c, ckpi, tornado_params)
                with progress_bar("tornado", tty) as bar:
                    rows = tornado(
                        loaded,
                        ckpi,
                        strategies=dict(c.arms[0].arm.strategies),
                        runs=tornado_runs,
                        seed=seed,
                        parameters=params,
                        days=days,
                        progress=bar.set if bar else None,
                    )
            rep = comparison_report(
                c,
                summary,
                estimates=estimate_all(loaded),
                tornado=rows,
                tornado_kpi=ckpi,
                matrix=mat,
                sensitivity_link=sensitivity_report,
            )
            written = rep.save(report)
            summary["report"] = str(report)
        if as_json:
            typer.echo(json.dumps(summary, indent=2, default=str))
            return
        from clausewitz.report.comparison import headline_kpis, headline_objective

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
