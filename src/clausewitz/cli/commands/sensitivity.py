"""``clausewitz sensitivity SCENARIO --kpi K``: the assumptions and sources an answer hinges on."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from clausewitz.cli.options import Days, Json, Report, Seed
from clausewitz.cli.output import echo_json

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

    from clausewitz.sensitivity.study import SensitivityStudy


Kpi = Annotated[
    str,
    typer.Option("--kpi", help="KPI as 'clausewitz run' prints it, e.g. objective_day.pokrovsk."),
]
Method = Annotated[str, typer.Option("--method", help="Global analysis: sobol, morris or none.")]
Params = Annotated[
    list[str],
    typer.Option(
        "--params",
        help="Parameters to analyse (repeatable or comma-separated; default: all that "
        "vary, and for Sobol the --top of the tornado).",
    ),
]
Strategy = Annotated[
    list[str],
    typer.Option("--strategy", metavar="SIDE=NAME", help="Strategy of a side (repeatable)."),
]
Compare = Annotated[
    str | None,
    typer.Option(
        "--compare",
        metavar="[SIDE=]A,B",
        help="Two strategies of a side: report which sources flip their ranking.",
    ),
]
Runs = Annotated[
    int, typer.Option("--runs", help="Runs per tornado end and per dropped source or claim.")
]
PointRuns = Annotated[
    int, typer.Option("--point-runs", help="Runs per design point of the global analysis.")
]
Samples = Annotated[
    int | None,
    typer.Option(
        "--samples",
        help="Sobol base samples N (power of two, default 64) or Morris trajectories (10).",
    ),
]
Top = Annotated[int, typer.Option("--top", help="Sobol: parameters taken from the tornado.")]
NoTornado = Annotated[bool, typer.Option("--no-tornado", help="Skip the tornado.")]
NoSources = Annotated[bool, typer.Option("--no-sources", help="Skip source ranking.")]
NoClaims = Annotated[bool, typer.Option("--no-claims", help="Rank sources, not claims.")]


def register(app: typer.Typer) -> None:
    """Add the ``sensitivity`` command."""

    @app.command("sensitivity")
    def sensitivity_cmd(
        scenario: str = typer.Argument(
            ..., help="A scenario file, or the name of a bundled scenario."
        ),
        kpi: Kpi = ...,  # type: ignore[assignment]
        method: Method = "sobol",
        params: Params = [],  # noqa: B006 (typer reads the default; it is never mutated)
        strategy: Strategy = [],  # noqa: B006
        compare: Compare = None,
        runs: Runs = 200,
        point_runs: PointRuns = 16,
        samples: Samples = None,
        top: Top = 8,
        days: Days = None,
        seed: Seed = 0,
        no_tornado: NoTornado = False,
        no_sources: NoSources = False,
        no_claims: NoClaims = False,
        as_json: Json = False,
        report: Report = None,
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
                progress=(lambda phase, d, t: bar.set(d, t, phase)) if bar else None,
            )
        _output(study, report, as_json)


def _output(study: Any, report: Path | None, as_json: bool) -> None:
    """Write the report when asked, then print the study as JSON or as tables."""
    written: list[Path] = []
    if report is not None:
        from clausewitz.report.sensitivity import save_report

        written = save_report(study, report)
    if as_json:
        body = study.to_json()
        body["report"] = [str(p) for p in written]
        echo_json(body)
        return
    _print(study)
    for p in written:
        typer.echo(f"wrote {p}")


def _print(study: SensitivityStudy) -> None:
    from clausewitz.cli.output import console as stdout_console

    console = stdout_console()
    names = ", ".join(f"{k}={v}" for k, v in study.strategies.items())
    console.print(
        f"[bold]{study.scenario}[/]: sensitivity of {study.kpi} ({names}, "
        f"{study.days} days, seed {study.seed})"
    )
    for part in (_tornado_table, _global_table):
        table = part(study)
        if table is not None:
            console.print(table)
    g = study.global_result
    for note in g.notes if g is not None else []:
        console.print(f"note: {note}")
    if study.sources is not None:
        _print_sources(console, study)


def _tornado_table(study: SensitivityStudy) -> Table | None:
    from rich.table import Table

    from clausewitz.report.sensitivity import fmt

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
        return t
    return None


def _global_table(study: SensitivityStudy) -> Table | None:
    from rich.table import Table

    from clausewitz.report.sensitivity import fmt

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
        return t
    return None


def _print_sources(console: Console, study: SensitivityStudy) -> None:
    from rich.table import Table

    from clausewitz.report.sensitivity import fmt

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
