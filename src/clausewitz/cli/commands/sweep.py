"""``clausewitz sweep SCENARIO``: vary parameters over a design, run every point on Dask."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from clausewitz.cli.options import Days, Seed
from clausewitz.cli.progress import progress_bar
from clausewitz.store import DEFAULT_RESULTS_DIR


def register(app: typer.Typer) -> None:
    """Add the ``sweep`` command."""

    @app.command("sweep")
    def sweep_cmd(
        scenario: str = typer.Argument(
            ..., help="A scenario file, or the name of a bundled scenario."
        ),
        vary: list[str] = typer.Option(
            [],
            "--vary",
            metavar="NAME=LOW:HIGH[:STEPS]",
            help="Vary a parameter (repeatable), in the parameter's own unit.",
        ),
        design: Path | None = typer.Option(
            None, "--design", help="CSV design: a header of parameter names, one row per point."
        ),
        sampler: str = typer.Option(
            "grid", "--sampler", help="grid (STEPS per parameter, 5 by default), lhs or sobol."
        ),
        points: int | None = typer.Option(
            None, "--points", help="Points of an lhs or sobol design (default 64)."
        ),
        strategies: list[str] = typer.Option(
            [],
            "--strategies",
            "--strategy",
            metavar="SIDE=NAME[,NAME...]",
            help="Strategies run at every point (repeatable; every combination runs).",
        ),
        runs_per_point: int = typer.Option(
            20, "--runs-per-point", help="Runs per point (the same runs at every point)."
        ),
        days: Days = None,
        seed: Seed = 0,
        scheduler: str = typer.Option(
            "local",
            "--scheduler",
            help="'local' (a Dask cluster on this machine), a Dask scheduler address "
            "(tcp://HOST:8786), or 'synchronous' (no Dask).",
        ),
        workers: int = typer.Option(2, "--workers", help="Worker processes of a local cluster."),
        chunk_points: int | None = typer.Option(
            None, "--chunk-points", help="Points per chunk (default: about 256 runs a chunk)."
        ),
        experiment: str | None = typer.Option(
            None, "--experiment", help="Experiment id (default: <scenario>-sweep-<time>)."
        ),
        resume: str | None = typer.Option(
            None, "--resume", metavar="EXPERIMENT", help="Finish a sweep that was interrupted."
        ),
        results: Path = typer.Option(DEFAULT_RESULTS_DIR, "--results", help="Results directory."),
        as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
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
        from clausewitz.errors import UserError
        from clausewitz.sweep.execute import check_scheduler, run_sweep
        from clausewitz.sweep.scenario_sweep import prepare_sweep, stored_sweep

        check_scheduler(scheduler)  # before any work: a typo here must not cost the pilot
        if sampler not in ("grid", "lhs", "sobol"):
            raise UserError(f"--sampler {sampler!r}: choose grid, lhs or sobol")
        if resume and experiment and experiment != resume:
            raise UserError("--resume names the experiment; leave out --experiment")
        if resume and not vary and design is None:
            sweep = stored_sweep(results, resume)
        else:
            sweep = prepare_sweep(
                scenario,
                vary=vary,
                design_file=design,
                sampler=sampler,  # type: ignore[arg-type]
                points=points,
                strategies=strategies,
                runs_per_point=runs_per_point,
                days=days,
                seed=seed,
                chunk_points=chunk_points,
                experiment=resume or experiment,
            )
        with progress_bar("sweeping", sys.stderr.isatty()) as bar:

            def progress(done: int, total: int) -> None:
                if bar is None:
                    return
                pts = min(done * sweep.spec.chunk_points, sweep.points)
                text = (
                    f"points {pts:,}/{sweep.points:,} · runs "
                    f"{sweep.runs_in_chunks(done):,}/{sweep.runs_total:,}"
                )
                bar.set(done, total, text)

            result = run_sweep(
                sweep.spec,
                results,
                scheduler=scheduler,
                workers=workers,
                resume=resume is not None,
                progress=progress,
                describe=sweep.describe,
            )
        summary = {
            "experiment": result.experiment,
            "path": str(result.path),
            "points": sweep.points,
            "strategies": sweep.describe.get("strategies"),
            "runs_per_point": sweep.spec.runs_per_point,
            "runs": sweep.runs_total,
            "chunks": result.chunks_total,
            "chunks_run": result.chunks_run,
            "chunks_kept": result.chunks_skipped,
        }
        if as_json:
            typer.echo(json.dumps(summary, indent=2))
            return
        typer.echo(
            f"sweep {result.experiment}: {sweep.points:,} points × "
            f"{sweep.combinations} strategy combination(s) × {sweep.spec.runs_per_point} runs "
            f"= {sweep.runs_total:,} runs; {result.chunks_run} chunk(s) run, "
            f"{result.chunks_skipped} kept"
        )
        typer.echo(f"results: {result.path}")
        params = ", ".join(f'"param.{c}"' for c in sweep.spec.design.columns)
        typer.echo(
            "query: clausewitz query --results "
            f'{results} "SELECT point, {params}, avg(attacker_losses) FROM runs '
            f"WHERE experiment = '{result.experiment}' GROUP BY ALL ORDER BY point\""
        )
