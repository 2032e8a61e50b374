"""``clausewitz scenarios``: list the scenarios bundled with the package."""

from __future__ import annotations

import json
import sys

import typer


def register(app: typer.Typer) -> None:
    """Add the ``scenarios`` command to ``app``."""

    @app.command("scenarios")
    def scenarios(
        as_json: bool = typer.Option(False, "--json", help="Print the list as JSON."),
    ) -> None:
        """List the bundled scenarios with their title and knowledge date.

        A bundled scenario's name can be given wherever a scenario file is expected.

        Example: [bold]clausewitz scenarios[/]
        """
        from clausewitz.scenario.catalogue import list_bundled

        items = list_bundled()
        if as_json:
            rows = [
                {
                    "name": s.name,
                    "title": s.title,
                    "knowledge_date": s.knowledge_date.isoformat() if s.knowledge_date else None,
                    "path": str(s.path),
                    "problem": s.problem or None,
                }
                for s in items
            ]
            typer.echo(json.dumps(rows, indent=2))
            return
        if not items:
            typer.echo("no bundled scenarios")
            return
        if sys.stdout.isatty():
            from rich.console import Console
            from rich.markup import escape
            from rich.table import Table

            table = Table("name", "knowledge date", "title")
            for s in items:
                kd = s.knowledge_date.isoformat() if s.knowledge_date else "?"
                table.add_row(escape(s.name), kd, escape(s.title or f"({s.problem})"))
            Console().print(table)
            return
        width = max(len(s.name) for s in items)
        for s in items:
            kd = s.knowledge_date.isoformat() if s.knowledge_date else "?"
            typer.echo(f"{s.name:<{width}}  {kd:<10}  {s.title or '(' + s.problem + ')'}")
