"""``clausewitz optimize SCENARIO``: search one side's levers for its best and robust strategy."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from clausewitz.cli.options import Days, Json, Report, Seed, Workers
from clausewitz.cli.progress import progress_bar
from clausewitz.errors import UserError


def _list(text: str | None, option: str) -> list[str] | None:
    if text is None:
        return None
    names = [n.strip() for n in text.split(",") if n.strip()]
    if not names:
        raise UserError(f"{option} needs at least one name (comma-separated)")
    return names


def register(app: typer.Typer) -> None:
    """Add the ``optimize`` command to ``app``."""

    @app.command("optimize")
    def optimize(
        scenario: str = typer.Argument(
            ..., help="A scenario file, or the name of a bundled scenario (see 'scenarios')."
        ),
        side: str = typer.Option("attacker", "--side", help="The side whose levers are searched."),
        against: str | None = typer.Option(
            None,
            "--against",
            help="The other side's postures, comma-separated (default: all the scenario names).",
        ),
        trials: int = typer.Option(30, "--trials", help="Points evaluated (built-ins included)."),
        runs: int = typer.Option(300, "--runs", help="Runs per point and posture (the same runs)."),
        seed: Seed = 0,
        days: Days = None,
        levers: str | None = typer.Option(
            None, "--levers", help="Levers searched, comma-separated (default: all of the side's)."
        ),
        base: str | None = typer.Option(
            None, "--base", help="Strategy giving the levers not searched (default: the side's)."
        ),
        objectives: str | None = typer.Option(
            None,
            "--objectives",
            help="Criteria, comma-separated, of time, losses, ground (default: all three).",
        ),
        population: int = typer.Option(10, "--population", help="Trials per NSGA-II generation."),
        study: Path | None = typer.Option(
            None, "--study", help="Journal file of the search: created, or resumed if it exists."
        ),
        workers: Workers = 1,
        report: Report = None,
        as_json: Json = False,
    ) -> None:
        """Search one side's lever space (NSGA-II, seeded) on the same runs against each of the
        other side's postures: the Pareto frontier of time to take the main objective, own
        losses and ground taken, each point with its 95% interval; the best reply to each
        posture; the robust choice by minimax regret across postures and across runs.

        Example: [bold]clausewitz optimize pokrovsk-2025 --side attacker --against
        defend-in-depth,hold-every-metre,elastic --trials 30 --runs 300 --seed 1[/]
        """
        from clausewitz.optimize import optimize as run_optimize
        from clausewitz.scenario.loader import load_scenario

        loaded = load_scenario(scenario)
        with progress_bar("optimising", sys.stderr.isatty()) as bar:
            res = run_optimize(
                loaded,
                side=side,
                against=_list(against, "--against"),
                trials=trials,
                runs=runs,
                seed=seed,
                days=days,
                free_levers=_list(levers, "--levers"),
                base=base,
                study=study,
                workers=workers,
                population=population,
                objectives=_list(objectives, "--objectives"),
                progress=bar.set if bar else None,
            )
        out = res.to_dict()
        written: list[Path] = []
        if report is not None:
            from clausewitz.report.optimization import optimization_report

            written = optimization_report(res, loaded).save(report)
            out["report"] = str(report)
        if as_json:
            typer.echo(json.dumps(out, indent=2, default=str))
            return
        _print(res)
        if written:
            typer.echo(f"report: {written[0]}")


def _print(res: object) -> None:
    from clausewitz.optimize import OptimizeResult
    from clausewitz.report.optimization import describe_candidate, headline_text, name_of

    assert isinstance(res, OptimizeResult)
    typer.echo(headline_text(res))
    typer.echo("")
    typer.echo("Pareto frontier (mean over postures and runs [95% CI]):")
    for i in res.frontier:
        typer.echo("  " + describe_candidate(res, i))
    typer.echo("Best reply to each posture:")
    for o, i in res.best_reply.items():
        c = res.candidates[i]
        typer.echo(f"  {o}: {name_of(c)}, {res.primary.label} {c.mean(res.primary.kpi, o):.1f}")
    rp, rd = res.candidates[res.robust_posture], res.candidates[res.robust_draw]
    typer.echo(
        f"Robust: across postures {name_of(rp)} (worst regret "
        f"{res.posture_regret[res.robust_posture].max():.1f} {res.primary.unit}s); across "
        f"postures and runs {name_of(rd)} (worst 90th-percentile regret "
        f"{res.draw_regret[res.robust_draw].max():.1f} {res.primary.unit}s)"
    )
