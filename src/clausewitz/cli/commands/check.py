"""``clausewitz check SCENARIO``: validate a scenario and report every error and warning."""

from __future__ import annotations

import json

import typer

from clausewitz.errors import UserError


def register(app: typer.Typer) -> None:
    """Add the ``check`` command to ``app``."""

    @app.command("check")
    def check(
        scenario: str = typer.Argument(
            ..., help="A scenario file, or the name of a bundled scenario (see 'scenarios')."
        ),
        as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
    ) -> None:
        """Validate a scenario: print every error and warning, then a one-line summary.

        Exit code 2 if there is any error, 0 otherwise (warnings allowed).

        Example: [bold]clausewitz check pokrovsk-2025[/]
        """
        # imported here so that the CLI starts fast when another command runs
        from clausewitz.prepare.runnable import check_runnable_scenario
        from clausewitz.scenario.diagnostics import check_report, render_diagnostic

        result = check_runnable_scenario(scenario)
        report = check_report(result)
        if as_json:
            typer.echo(json.dumps(report, indent=2))
        else:
            for diag in [*result.errors, *result.warnings]:
                typer.echo(render_diagnostic(diag))
            if result.ok:
                typer.echo(report["summary"])
        if not result.ok:
            # the entry point prints this summary on stderr and exits with code 2
            raise UserError(report["summary"])
