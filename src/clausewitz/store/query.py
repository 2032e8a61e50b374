"""DuckDB over the results store: views ``runs``, ``daily`` and ``experiments``.

``runs`` and ``daily`` union every experiment's chunks (``union_by_name``, so experiments with
different parameters or objectives sit in one view, missing columns as NULL) and add an
``experiment`` column taken from the folder name. ``experiments`` has one row per manifest.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa

from clausewitz.errors import UserError
from clausewitz.store.layout import list_experiments

VIEWS = ("runs", "daily", "experiments")


def _sql_str(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def connect(results_dir: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with the store's views defined over ``results_dir``."""
    root = Path(results_dir)
    if not root.is_dir():
        raise UserError(f"results directory {root} does not exist (run an experiment first)")
    con = duckdb.connect(database=":memory:")
    for table in ("runs", "daily"):
        files = sorted(root.glob(f"*/{table}/chunk-*.parquet"))
        if files:
            listing = "[" + ", ".join(_sql_str(str(f)) for f in files) + "]"
            con.execute(
                f"CREATE VIEW {table} AS SELECT regexp_extract(filename, "
                f"'([^/\\\\]+)[/\\\\]{table}[/\\\\]chunk-[0-9]+[.]parquet$', 1) AS experiment,"
                f" * EXCLUDE (filename)"
                f" FROM read_parquet({listing}, union_by_name=true, filename=true)"
            )
        else:
            con.execute(f"CREATE VIEW {table} AS SELECT NULL::VARCHAR AS experiment WHERE false")
    manifests = list_experiments(root)
    exp_df = pd.DataFrame(
        [
            {k: (json.dumps(v) if isinstance(v, dict | list) else v) for k, v in m.items()}
            for m in manifests
        ]
    )
    if exp_df.empty:
        exp_df = pd.DataFrame({"experiment": pd.Series(dtype="str")})
    con.register("experiments_df", exp_df)
    con.execute("CREATE VIEW experiments AS SELECT * FROM experiments_df")
    return con


def query(sql: str, results_dir: Path) -> pa.Table:
    """Run ``sql`` over the store and return an Arrow table (``.to_pandas()`` for pandas)."""
    con = connect(results_dir)
    try:
        return con.sql(sql).to_arrow_table()
    except duckdb.Error as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise UserError(f"query failed: {first} (views: {', '.join(VIEWS)})") from exc
    finally:
        con.close()


def table_records(table: pa.Table) -> list[dict[str, Any]]:
    """Rows of an Arrow table as JSON-ready dicts."""
    return [{k: _jsonable(v) for k, v in row.items()} for row in table.to_pylist()]


def _jsonable(v: Any) -> Any:
    if isinstance(v, float) and v != v:  # NaN
        return None
    if isinstance(v, (int, float, str, bool)) or v is None:
        return v
    return str(v)
