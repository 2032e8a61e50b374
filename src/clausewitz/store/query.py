"""DuckDB over the results store: views ``runs``, ``daily`` and ``experiments``.

``runs`` and ``daily`` union every finished experiment's chunks (by column name, so experiments
with different parameters or objectives sit in one view, missing columns as NULL) and add an
``experiment`` column taken from the folder name. ``experiments`` has one row per manifest,
including experiments still running (``status``); their rows are not in ``runs`` or ``daily``
until they are complete, so a killed or unfinished writer never adds rows to a query.

The store is read through Arrow datasets handed to DuckDB, and DuckDB itself is then shut off
from files and the network (``enable_external_access=false``, configuration locked): a query
reads the store and nothing else, writes nothing, attaches nothing, installs nothing. Exactly
one SQL statement runs. ``allow_files=True`` (``clausewitz query --allow-files``) leaves
DuckDB's file access on, for queries that join the store with other files or export results.

``results_dir`` is a results directory (every experiment in it) or one experiment's folder
(``run --out`` writes one; it is queried alone).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.dataset as pads
import pyarrow.parquet as pq

from clausewitz.errors import UserError
from clausewitz.store.layout import MANIFEST, chunk_is_complete, list_experiments

VIEWS = ("runs", "daily", "experiments")


@dataclass(frozen=True)
class StoreSelection:
    """The experiments a query sees: their folders and manifests, and what was left out."""

    root: Path
    manifests: list[dict[str, Any]]
    folders: dict[str, Path]
    skipped: list[str] = field(default_factory=list)


def _finished(manifest: dict[str, Any]) -> bool:
    # manifests written before ``status`` existed have none: they were complete
    return manifest.get("status", "complete") != "running"


def select_experiments(results_dir: Path) -> StoreSelection:
    """The experiments under ``results_dir`` (a results directory or one experiment folder)."""
    root = Path(results_dir)
    if not root.is_dir():
        raise UserError(f"results directory {root} does not exist (run an experiment first)")
    if (root / MANIFEST).is_file() and not root.name.startswith("."):
        manifests = [m for m in list_experiments(root.parent) if m["experiment"] == root.name]
        if not manifests:
            raise UserError(f"{root / MANIFEST} cannot be read")
        return StoreSelection(root.parent, manifests, {root.name: root})
    manifests = list_experiments(root)
    if not manifests:
        raise UserError(
            f"no experiment in {root}: give the results directory that 'run', 'compare' or "
            "'sweep' wrote into, or one experiment's folder (it holds manifest.json)"
        )
    return StoreSelection(
        root, manifests, {m["experiment"]: root / m["experiment"] for m in manifests}
    )


def _dataset(files: list[Path]) -> pads.Dataset:
    schemas = [pq.read_schema(f) for f in files]
    schema = pa.unify_schemas(schemas, promote_options="permissive")
    return pads.dataset([str(f) for f in files], schema=schema, format="parquet")


def _ident(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _sql_str(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def connect(results_dir: Path, *, allow_files: bool = False) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with the store's views defined over ``results_dir``.

    File and network access is off unless ``allow_files``; experiments with a damaged chunk
    are left out of ``runs`` and ``daily`` (:func:`connect_selection` names them).
    """
    con, _ = connect_selection(select_experiments(results_dir), allow_files=allow_files)
    return con


def connect_selection(
    selection: StoreSelection, *, allow_files: bool = False
) -> tuple[duckdb.DuckDBPyConnection, list[str]]:
    """A connection over ``selection``; also the experiments left out for damaged chunks."""
    con = duckdb.connect(database=":memory:")
    skipped: list[str] = []
    finished = [m["experiment"] for m in selection.manifests if _finished(m)]
    for table in ("runs", "daily"):
        parts: list[str] = []
        for exp in finished:
            files = sorted((selection.folders[exp] / table).glob("chunk-*.parquet"))
            if not files:
                continue
            if not all(chunk_is_complete(f) for f in files):
                if exp not in skipped:
                    skipped.append(exp)
                continue
            name = f"_{table}_{len(parts)}"
            con.register(name, _dataset(files))
            parts.append(f"SELECT {_sql_str(exp)} AS experiment, * FROM {_ident(name)}")
        if parts:
            con.execute(f"CREATE VIEW {table} AS " + " UNION ALL BY NAME ".join(parts))
        else:
            con.execute(f"CREATE VIEW {table} AS SELECT NULL::VARCHAR AS experiment WHERE false")
    exp_df = pd.DataFrame(
        [
            {k: (json.dumps(v) if isinstance(v, dict | list) else v) for k, v in m.items()}
            for m in selection.manifests
        ]
    )
    if exp_df.empty:
        exp_df = pd.DataFrame({"experiment": pd.Series(dtype="str")})
    con.register("experiments_df", exp_df)
    con.execute("CREATE VIEW experiments AS SELECT * FROM experiments_df")
    if not allow_files:
        con.execute("SET enable_external_access = false")
        con.execute("SET lock_configuration = true")
    return con, skipped


def query(
    sql: str,
    results_dir: Path,
    *,
    allow_files: bool = False,
    skipped: list[str] | None = None,
) -> pa.Table:
    """Run one SQL statement over the store and return an Arrow table (``.to_pandas()`` for
    pandas). Experiments left out for a damaged chunk are appended to ``skipped``."""
    if not isinstance(sql, str) or not sql.strip():
        raise UserError("the query is empty (e.g. 'SELECT count(*) FROM runs')")
    selection = select_experiments(results_dir)
    con, left_out = connect_selection(selection, allow_files=allow_files)
    if skipped is not None:
        skipped.extend(left_out)
    try:
        statements = con.extract_statements(sql)
        if len(statements) != 1:
            raise UserError(f"give one SQL statement (got {len(statements)})")
        result = con.sql(sql)
        if result is None:
            raise UserError("the statement returns no rows (give a SELECT)")
        return result.to_arrow_table()
    except duckdb.Error as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        hint = ""
        if not allow_files and isinstance(exc, duckdb.PermissionException):
            hint = "; queries read the store only (--allow-files lifts this)"
        raise UserError(f"query failed: {first} (views: {', '.join(VIEWS)}){hint}") from exc
    finally:
        con.close()


def table_records(table: pa.Table) -> list[dict[str, Any]]:
    """Rows of an Arrow table as JSON-ready dicts (NaN and infinities become ``None``)."""
    return [{k: _jsonable(v) for k, v in row.items()} for row in table.to_pylist()]


def _jsonable(v: Any) -> Any:
    if isinstance(v, float) and not math.isfinite(v):
        return None
    if isinstance(v, (int, float, str, bool)) or v is None:
        return v
    if isinstance(v, list):
        return [_jsonable(x) for x in v]
    if isinstance(v, dict):
        return {str(k): _jsonable(x) for k, x in v.items()}
    return str(v)
