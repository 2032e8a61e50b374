"""``clausewitz sweep SCENARIO``: vary parameters over a design, run every point on Dask."""

from __future__ import annotations

import json
import re
import shlex
import sys
from pathlib import Path
from typing import Annotated

import typer

from clausewitz.cli.options import Days, Json, Seed
from clausewitz.cli.progress import progress_bar
from clausewitz.store import DEFAULT_RESULTS_DIR

Vary = Annotated[
    list[str],
    typer.Option(
        "--vary",
        metavar="NAME=LOW:HIGH[:STEPS]",
        help="Vary a parameter (repeatable), in the parameter's own unit.",
    ),
]
Design = Annotated[
    Path | None,
    typer.Option("--design", help="CSV design: a header of parameter names, one row per point."),
]
SamplerOpt = Annotated[
    str, typer.Option("--sampler", help="grid (STEPS per parameter, 5 by default), lhs or sobol.")
]
Points = Annotated[
    int | None, typer.Option("--points", help="Points of an lhs or sobol design (default 64).")
]
Strategies = Annotated[
    list[str],
    typer.Option(
        "--strategies",
        "--strategy",
        metavar="SIDE=NAME[,NAME...]",
        help="Strategies run at every point (repeatable; every combination runs).",
    ),
]
RunsPerPoint = Annotated[
    int,
    typer.Option("--runs-per-point", help="Runs per point (the same runs at every point)."),
]
Scheduler = Annotated[
    str,
    typer.Option(
        "--scheduler",
        help="'local' (a Dask cluster on this machine), a Dask scheduler address "
        "(tcp://HOST:8786), or 'synchronous' (no Dask).",
    ),
]
ClusterWorkers = Annotated[
    int, typer.Option("--workers", help="Worker processes of a local cluster.")
]
ChunkPoints = Annotated[
    int | None,
    typer.Option("--chunk-points", help="Points per chunk (default: about 256 runs a chunk)."),
]
Experiment = Annotated[
    str | None,
    typer.Option("--experiment", help="Experiment id (default: <scenario>-sweep-<time>)."),
]
Resume = Annotated[
    str | None,
    typer.Option("--resume", metavar="EXPERIMENT", help="Finish a sweep that was interrupted."),
]
Results = Annotated[Path, typer.Option("--results", help="Results directory.")]


def _print(
    summary: dict[str, object], combinations: int, results: Path, columns: list[str]
) -> None:
    typer.echo(
        f"sweep {summary['experiment']}: {summary['points']:,} points × "
        f"{combinations} strategy combination(s) × {summary['runs_per_point']} runs "
        f"= {summary['runs']:,} runs; {summary['chunks_run']} chunk(s) run, "
        f"{summary['chunks_kept']} kept"
    )
    typer.echo(f"results: {summary['path']}")
    params = ", ".join(f'"param.{c}"' for c in columns)
    sql = (
        f"SELECT point, {params}, avg(attacker_losses) FROM runs "
        f"WHERE experiment = '{summary['experiment']}' GROUP BY ALL ORDER BY point"
    )
    # quoted for a POSIX shell, so the line can be pasted as it is: the SQL's own double
    # quotes (around "param.<name>") would otherwise end the shell's string
    typer.echo(f"query: clausewitz query --results {shlex.quote(str(results))} {_shell_dq(sql)}")


def _shell_dq(text: str) -> str:
    """``text`` in double quotes for a POSIX shell (backslash, double quote, dollar and
    backquote escaped)."""
    return '"' + re.sub(r'([\\"$`])', r"\\\1", text) + '"'


def register(app: typer.Typer) -> None:
    """Add the ``sweep`` command."""

    @app.command("sweep")
    def sweep_cmd(
        scenario: str = typer.Argument(
            ..., help="A scenario file, or the name of a bundled scenario."
        ),
        vary: Vary = [],  # noqa: B006 (typer reads the default; it is never mutated)
        design: Design = None,
        sampler: SamplerOpt = "grid",
        points: Points = None,
        strategies: Strategies = [],  # noqa: B006
        runs_per_point: RunsPerPoint = 20,
        days: Days = None,
        seed: Seed = 0,
        scheduler: Scheduler = "local",
        workers: ClusterWorkers = 2,
        chunk_points: ChunkPoints = None,
        experiment: Experiment = None,
        resume: Resume = None,
        results: Results = DEFAULT_RESULTS_DIR,
        as_json: Json = False,
    ) -> None:
        """Run a scenario at every point of a design (grid, Latin hypercube, Sobol or a CSV),
        the same runs at every point, on a Dask cluster; write one row per point and run into
        the results store (see 'clausewitz query').

        Example: [bold]clausewitz sweep pokrovsk-2025
        --vary ru-pokrovsk-grouping-troops=80000:140000:5 --vary kpa-troops-2025=0:30000:3
        --strategies attacker=attrition,decisive --runs-per-point 50[/]

        An interrupted sweep is finished with [bold]--resume EXPERIMENT[/] (alone, or with the
        options it was started with).
        """
        from clausewitz.sweep.execute import run_sweep
        from clausewitz.sweep.scenario_sweep import SweepSettings, sweep_to_run

        settings = SweepSettings(
            vary=vary,
            design_file=design,
            sampler=sampler,  # type: ignore[arg-type]  # checked by sweep_to_run
            points=points,
            strategies=strategies,
            runs_per_point=runs_per_point,
            days=days,
            seed=seed,
            chunk_points=chunk_points,
        )
        sweep = sweep_to_run(
            scenario, results, settings, scheduler=scheduler, resume=resume, experiment=experiment
        )
        with progress_bar("sweeping", sys.stderr.isatty()) as bar:
            result = run_sweep(
                sweep.spec,
                results,
                scheduler=scheduler,
                workers=workers,
                resume=resume is not None,
                progress=(lambda d, t: bar.set(d, t, sweep.progress_text(d))) if bar else None,
                describe=sweep.describe,
            )
        summary = sweep.summary(result)
        if as_json:
            typer.echo(json.dumps(summary, indent=2))
            return
        _print(summary, sweep.combinations, results, list(sweep.spec.design.columns))
