"""``clausewitz evidence SCENARIO``: what each parameter rests on, and what fusion made of it."""

from __future__ import annotations

import json
import sys

import typer


def register(app: typer.Typer) -> None:
    """Add the ``evidence`` command to ``app``."""

    @app.command("evidence")
    def evidence(
        scenario: str = typer.Argument(
            ..., help="A scenario file, or the name of a bundled scenario (see 'scenarios')."
        ),
        as_json: bool = typer.Option(False, "--json", help="Print a JSON list, one per parameter."),
        parameter: list[str] = typer.Option(
            [], "--parameter", "-p", help="Show only this parameter (repeatable)."
        ),
        defaults: bool = typer.Option(
            False, "--defaults", help="Also show the engine defaults the scenario leaves alone."
        ),
        exclude_source: list[str] = typer.Option(
            [], "--exclude-source", help="Re-fuse without this source's claims (repeatable)."
        ),
        exclude_claim: list[str] = typer.Option(
            [], "--exclude-claim", help="Re-fuse without this claim (repeatable)."
        ),
    ) -> None:
        """Show each parameter's basis, its graded claims and weight shares, and the fused
        median and 90% interval, then a summary line.

        Weights come from the Admiralty grades (docs/evidence.md); a grade reads e.g. "B2"
        (source usually reliable, information probably true).

        Example: [bold]clausewitz evidence pokrovsk-2025 --parameter kpa-kursk-casualties[/]
        """
        # imported here so that the CLI starts fast when another command runs
        from clausewitz.evidence import estimate_all
        from clausewitz.evidence.table import json_rows, rich_table, select, summarize, text_lines
        from clausewitz.scenario.loader import load_scenario

        loaded = load_scenario(scenario)
        estimates = estimate_all(
            loaded, exclude_sources=exclude_source, exclude_claims=exclude_claim
        )
        shown = select(estimates, parameter, include_defaults=defaults)
        if as_json:
            typer.echo(json.dumps(json_rows(shown), indent=2))
            return
        hidden = 0 if parameter or defaults else len(estimates) - len(shown)
        summary = summarize(shown, hidden_defaults=hidden)
        if sys.stdout.isatty():
            from rich.console import Console

            console = Console()
            console.print(rich_table(shown, title=loaded.scenario.meta.title))
            console.print(summary.text(), highlight=False)
            return
        for line in text_lines(shown):
            typer.echo(line)
        typer.echo(summary.text())
