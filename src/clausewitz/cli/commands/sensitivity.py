"""``clausewitz sensitivity SCENARIO --kpi K``: the assumptions and sources an answer hinges on."""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any

import typer

from clausewitz.cli.options import Days, Seed


def _jsonable(value: Any) -> Any:
    """NaN and infinities as null (JSON has no NaN)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def register(app: typer.Typer) -> None:
    """Add the ``sensitivity`` command."""

    @app.command("sensitivity")
    def sensitivity_cmd(
        scenario: str = typer.Argument(
            ..., help="A scenario file, or the name of a bundled scenario."
        ),
        kpi: str = typer.Option(
            ..., "--kpi", help="KPI as 'clausewitz run' prints it, e.g. objective_day.pokrovsk."
        ),
        method: str = typer.Option(
            "sobol", "--method", help="Global analysis: sobol, morris or none."
        ),
        params: list[str] = typer.Option(
            [],
            "--params",
            help="Parameters to analyse (repeatable or comma-separated; default: all that "
            "vary, and for Sobol the --top of the tornado).",
        ),
        strategy: list[str] = typer.Option(
            [], "--strategy", metavar="SIDE=NAME", help="Strategy of a side (repeatable)."
        ),
        compare: str | None = typer.Option(
            None,
            "--compare",
            metavar="[SIDE=]A,B",
            help="Two strategies of a side: report which sources flip their ranking.",
        ),
        runs: int = typer.Option(
            200, "--runs", help="Runs per tornado end and per dropped source or claim."
        ),
        point_runs: int = typer.Option(
            16, "--point-runs", help="Runs per design point of the global analysis."
        ),
        samples: int | None = typer.Option(
            None,
            "--samples",
            help="Sobol base samples N (power of two, default 64) or Morris trajectories (10).",
        ),
        top: int = typer.Option(8, "--top", help="Sobol: parameters taken from the tornado."),
        days: Days = None,
        seed: Seed = 0,
        no_tornado: bool = typer.Option(False, "--no-tornado", help="Skip the tornado."),
        no_sources: bool = typer.Option(False, "--no-sources", help="Skip source ranking."),
        no_claims: bool = typer.Option(False, "--no-claims", help="Rank sources, not claims."),
        as_json: bool = typer.Option(False, "--json", help="Print the results as JSON."),
        report: Path | None = typer.Option(
            None, "--report", help="Write an HTML report (PNG figures beside it)."
        ),
    ) -> None:
        """Rank the assumptions (tornado; Sobol or Morris indices) and the sources (drop each,
        re-fuse the evidence, re-run on the same runs) a KPI hinges on.

        Example: [bold]clausewitz sensitivity pokrovsk-2025 --kpi objective_day.pokrovsk
        --compare attacker=attrition,decisive --report sensitivity.html[/]
        """
        from clausewitz.cli.progress import progress_bar
        from clausewitz.errors import UserError
        from clausewitz.runner.options import parse_strategy_options
        from clausewitz.scenario.loader import load_scenario
        from clausewitz.sensitivity.sources import parse_compare
        from clausewitz.sensitivity.study import run_study

        if method not in ("sobol", "morris", "none"):
            raise UserError(f"--method {method!r}: choose sobol, morris or none")
        chosen = parse_strategy_options(strategy)
        names = [p.strip() for text in params for p in text.split(",") if p.strip()]
        loaded = load_scenario(scenario)
        pair = parse_compare(compare, loaded) if compare else None
        with progress_bar("sensitivity", sys.stderr.isatty() and not as_json) as bar:

            def progress(phase: str, done: int, total: int) -> None:
                if bar is not None:
                    bar.set(done, total, phase)

            study = run_study(
                loaded,
                kpi,
                method=None if method == "none" else method,  # type: ignore[arg-type]
                parameters=names or None,
                strategies=chosen,
                compare=pair,
                runs=runs,
                point_runs=point_runs,
                samples=samples,
                top=top,
                seed=seed,
                days=days,
                with_tornado=not no_tornado,
                with_sources=not no_sources,
                with_claims=not no_claims,
                progress=progress,
            )
        written: list[Path] = []
        if report is not None:
            from clausewitz.report.sensitivity import save_report

            written = save_report(study, report)
        if as_json:
            body = study.to_json()
            body["report"] = [str(p) for p in written]
            typer.echo(json.dumps(_jsonable(body), indent=2))
            return
        _print(study)
        for p in written:
            typer.echo(f"wrote {p}")


def _print(study: Any) -> None:
    from rich.console import Console
    from rich.table import Table

    from clausewitz.report.sensitivity import fmt
    from clausewitz.sensitivity.study import SensitivityStudy

    assert isinstance(study, SensitivityStudy)
    console = Console()
    names = ", ".join(f"{k}={v}" for k, v in study.strategies.items())
    console.print(
        f"[bold]{study.scenario}[/]: sensitivity of {study.kpi} ({names}, "
        f"{study.days} days, seed {study.seed})"
    )
    if study.tornado:
        t = Table(
            title=f"Tornado ({study.runs} runs per end; base {fmt(study.tornado[0].kpi_base)})"
        )
        for col in (
            "parameter",
            "basis",
            "p05",
            "p95",
            "unit",
            "KPI at p05",
            "KPI at p95",
            "swing",
        ):
            t.add_column(col, justify="left" if col in ("parameter", "basis", "unit") else "right")
        for r in study.tornado[:15]:
            t.add_row(
                r.parameter,
                r.basis,
                fmt(r.low_value),
                fmt(r.high_value),
                r.unit,
                fmt(r.kpi_low),
                fmt(r.kpi_high),
                fmt(r.swing),
            )
        console.print(t)
    g = study.global_result
    if g is not None:
        t = Table(title=f"{g.method.capitalize()} ({g.points:,} points × {g.runs} runs)")
        t.add_column("parameter")
        cols = (
            ("S1", "S1_conf", "ST", "ST_conf")
            if g.method == "sobol"
            else ("mu_star", "mu_star_conf", "sigma")
        )
        for c in cols:
            t.add_column(c.replace("_conf", " ±"), justify="right")
        for rec in g.records()[:15]:
            t.add_row(str(rec["parameter"]), *(fmt(float(rec[c]), 3) for c in cols))
        console.print(t)
        for note in g.notes:
            console.print(f"note: {note}")
    s = study.sources
    if s is not None:
        t = Table(
            title=f"Sources ({s.runs} runs each; KPI with every source: "
            + ", ".join(f"{k} {fmt(v)}" for k, v in s.base.items())
            + ")"
        )
        for col in (
            "source",
            "grade",
            "status",
            "largest shift",
            "flips",
            "tornado swing",
            "parameters",
        ):
            t.add_column(
                col, justify="right" if col in ("largest shift", "tornado swing") else "left"
            )
        assessed = [d for d in s.sources if d.status == "assessed"][:10]
        sole = sorted(
            (d for d in s.sources if d.status == "sole support"),
            key=lambda d: -study.largest_swing(d.parameters),
        )
        for d in [*assessed, *sole]:
            shift = fmt(d.max_shift) if d.status == "assessed" else "-"
            swing = fmt(study.largest_swing(d.parameters)) if study.tornado else "-"
            params = ", ".join(d.parameters)
            t.add_row(d.id, d.grade, d.status, shift, "yes" if d.flips else "", swing, params)
        console.print(t)
        unused = sum(d.status == "unused" for d in s.sources)
        if unused:
            console.print(f"{unused} source(s) inform only parameters the model does not use.")
        if s.base_comparison is not None and s.compare is not None:
            b = s.base_comparison
            console.print(
                f"{s.compare.first} − {s.compare.second} on {s.kpi}: {fmt(b.estimate)} "
                f"[{fmt(b.low)}, {fmt(b.high)}] with every source"
            )
        for line in s.statements():
            console.print(f"[bold red]{line}[/]")
        if s.compare is not None and not s.flips():
            console.print("No single source or claim, dropped, flips the ranking.")
