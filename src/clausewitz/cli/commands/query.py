"""``clausewitz query``: DuckDB SQL over every stored result."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from clausewitz.errors import UserError
from clausewitz.store import DEFAULT_RESULTS_DIR
from clausewitz.store.query import query as run_query
from clausewitz.store.query import table_records


def register(app: typer.Typer) -> None:
    """Add the ``query`` command."""

    @app.command("query")
    def query_cmd(
        sql: str = typer.Argument(..., help="SQL over the views runs, daily and experiments."),
        results: Path = typer.Option(
            DEFAULT_RESULTS_DIR, "--results", help="Results directory to query."
        ),
        as_json: bool = typer.Option(False, "--json", help="Print rows as JSON."),
        as_csv: bool = typer.Option(False, "--csv", help="Print rows as CSV."),
    ) -> None:
        """Run DuckDB SQL over stored results (views: runs, daily, experiments).

        Example:
          clausewitz query "SELECT experiment, avg(attacker_losses) FROM runs GROUP BY 1"
        """
        if as_json and as_csv:
            raise UserError("choose one of --json and --csv")
        table = run_query(sql, results)
        if as_json:
            typer.echo(json.dumps(table_records(table), indent=2))
        elif as_csv:
            table.to_pandas().to_csv(sys.stdout, index=False)
        else:
            out = Table(show_lines=False)
            for name in table.column_names:
                out.add_column(name)
            for row in table_records(table):
                out.add_row(*("" if v is None else str(v) for v in row.values()))
            Console().print(out)
