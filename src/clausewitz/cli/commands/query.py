"""``clausewitz query``: DuckDB SQL over every stored result."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from clausewitz.cli.output import console as stdout_console
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
            DEFAULT_RESULTS_DIR,
            "--results",
            help="Results directory to query, or one experiment's folder.",
        ),
        as_json: bool = typer.Option(False, "--json", help="Print rows as JSON."),
        as_csv: bool = typer.Option(False, "--csv", help="Print rows as CSV."),
        allow_files: bool = typer.Option(
            False,
            "--allow-files",
            help="Let the SQL read and write other files and the network (off by default: "
            "a query reads the store only).",
        ),
    ) -> None:
        """Run one DuckDB SQL statement over stored results (views: runs, daily,
        experiments). The query reads the store and nothing else unless --allow-files.

        Example:
          clausewitz query "SELECT experiment, avg(attacker_losses) FROM runs GROUP BY 1"
        """
        if as_json and as_csv:
            raise UserError("choose one of --json and --csv")
        skipped: list[str] = []
        table = run_query(sql, results, allow_files=allow_files, skipped=skipped)
        err = Console(stderr=True, highlight=False)
        for exp in skipped:
            err.print(
                Text(
                    f"warning: experiment {exp} has a damaged chunk and was left out "
                    "(re-run or resume it)"
                )
            )
        if as_json:
            # strict JSON: non-finite numbers are null (table_records), never NaN/Infinity
            typer.echo(json.dumps(table_records(table), indent=2, allow_nan=False))
        elif as_csv:
            table.to_pandas().to_csv(sys.stdout, index=False)
        else:
            # cells are Text, never Rich markup: a value such as '[/]' prints as itself
            out = Table(show_lines=False)
            for name in table.column_names:
                out.add_column(Text(name))
            for row in table.to_pylist():
                out.add_row(*(Text("" if v is None else str(v)) for v in row.values()))
            stdout_console(highlight=False).print(out)
