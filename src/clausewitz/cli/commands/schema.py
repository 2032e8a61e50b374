"""``clausewitz schema``: the JSON Schema of a scenario file, or the engine's defaults."""

from __future__ import annotations

import json
import sys

import typer


def register(app: typer.Typer) -> None:
    """Add the ``schema`` command to ``app``."""

    @app.command("schema")
    def schema(
        defaults: bool = typer.Option(
            False,
            "--defaults",
            help="Print the default parameters (basis, value, unit, rationale or citation).",
        ),
        as_json: bool = typer.Option(False, "--json", help="With --defaults: print JSON."),
    ) -> None:
        """Print the JSON Schema of a scenario file (for editors and validators), or with
        --defaults the engine's default parameters, which a scenario overrides by name.

        Examples: [bold]clausewitz schema > scenario.schema.json[/];
        [bold]clausewitz schema --defaults[/]
        """
        from clausewitz.scenario.parameters import defaults_rows
        from clausewitz.scenario.schema import scenario_json_schema_text

        if not defaults:
            typer.echo(scenario_json_schema_text(), nl=False)
            return
        rows = defaults_rows()
        if as_json:
            typer.echo(json.dumps(rows, indent=2))
            return
        if not rows:
            typer.echo("no default parameters are registered")
            return
        if sys.stdout.isatty():
            from rich.console import Console
            from rich.markup import escape
            from rich.table import Table

            table = Table("name", "basis", "value", "unit", "rationale / citation")
            for r in rows:
                why = r["rationale"] + (f" [{r['citation']}]" if r["citation"] else "")
                table.add_row(
                    *(escape(x) for x in (r["name"], r["basis"], r["value"], r["unit"], why))
                )
            Console().print(table)
            return
        typer.echo("name\tbasis\tvalue\tunit\trationale\tcitation")
        for r in rows:
            fields = [r["name"], r["basis"], r["value"], r["unit"], r["rationale"], r["citation"]]
            typer.echo("\t".join(fields))
