"""On-disk layout of stored results, written atomically chunk by chunk.

::

    <results>/
      <experiment id>/
        manifest.json                 what was run: scenario hash, seed, strategies, version...
        runs/chunk-000000.parquet     one row per run (outcomes and sampled parameters)
        daily/chunk-000000.parquet    per-day series or quantile bands
        <table>/chunk-NNNNNN.parquet  any other table an experiment needs

Every file is written to a temporary name in the same folder and renamed into place
(``os.replace`` is atomic on POSIX), so a process killed at any moment leaves either a whole
chunk or none: a resumed experiment rewrites exactly the chunks that are missing. The chunk
index is part of the file name, so re-running a chunk overwrites it rather than adding rows.
A chunk counts as done only when its Parquet footer reads (:func:`chunk_is_complete`): a file
truncated by a full disk or a copy is redone, never taken for a finished chunk.

Folders whose name starts with ``.`` are not experiments: ``run`` and ``compare`` write into a
hidden partial folder and publish it by rename (:mod:`clausewitz.store.staging`).
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from clausewitz.errors import UserError

DEFAULT_RESULTS_DIR = Path("clausewitz-results")
_EXPERIMENT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$")
_TABLE = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
MANIFEST = "manifest.json"


def _file_mode() -> int:
    """The mode a plain ``open`` would give a new file (0666 less the umask): mkstemp's 0600
    would keep the results from the colleagues who share the folder."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _atomic_write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, _file_mode())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _atomic_write_table(path: Path, table: pa.Table) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        pq.write_table(table, tmp, compression="zstd")
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.chmod(tmp, _file_mode())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def chunk_is_complete(path: Path) -> bool:
    """Whether ``path`` is a whole Parquet file (its footer and schema read)."""
    try:
        pq.read_metadata(path)
    except (OSError, ValueError, pa.ArrowException):
        return False
    return True


def chunk_name(index: int) -> str:
    """File name of chunk ``index`` (zero-padded so names sort in chunk order)."""
    if index < 0:
        raise ValueError("chunk index must be non-negative")
    return f"chunk-{index:06d}.parquet"


@dataclass
class ExperimentWriter:
    """Writes one experiment's manifest and chunks into a results directory.

    ``root`` (optional) is the folder actually written, e.g. a partial folder published later
    under ``results_dir / experiment_id``; the manifest names the experiment either way.
    """

    results_dir: Path
    experiment_id: str
    root: Path | None = None

    def __post_init__(self) -> None:
        self.results_dir = Path(self.results_dir)
        if not _EXPERIMENT_ID.match(self.experiment_id):
            raise UserError(
                f"invalid experiment id {self.experiment_id!r} "
                "(letters, digits, '.', '_' or '-', starting with a letter or digit)"
            )
        if self.results_dir.exists() and not self.results_dir.is_dir():
            raise UserError(f"results path {self.results_dir} exists and is not a directory")

    @property
    def path(self) -> Path:
        return self.root if self.root is not None else self.results_dir / self.experiment_id

    def write_manifest(self, manifest: Mapping[str, Any]) -> Path:
        """Write ``manifest.json`` (atomically); the experiment id is recorded in it."""
        body = {"experiment": self.experiment_id, **manifest}
        data = json.dumps(body, indent=2, sort_keys=True, default=str).encode("utf-8")
        target = self.path / MANIFEST
        _atomic_write_bytes(target, data + b"\n")
        return target

    def read_manifest(self) -> dict[str, Any]:
        target = self.path / MANIFEST
        if not target.is_file():
            raise UserError(f"no experiment {self.experiment_id!r} in {self.results_dir}")
        data: dict[str, Any] = json.loads(target.read_text(encoding="utf-8"))
        return data

    def write_chunk(self, table_name: str, index: int, table: pa.Table) -> Path:
        """Write chunk ``index`` of ``table_name`` atomically, replacing any earlier copy."""
        if not _TABLE.match(table_name):
            raise ValueError(f"invalid table name {table_name!r}")
        target = self.path / table_name / chunk_name(index)
        _atomic_write_table(target, table)
        return target

    def done_chunks(self, table_name: str) -> set[int]:
        """Indices of chunks of ``table_name`` already complete on disk."""
        folder = self.path / table_name
        if not folder.is_dir():
            return set()
        done = set()
        for p in folder.glob("chunk-*.parquet"):
            try:
                index = int(p.stem.split("-", 1)[1])
            except ValueError:
                continue
            if chunk_is_complete(p):
                done.add(index)
        return done


def list_experiments(results_dir: Path) -> list[dict[str, Any]]:
    """Manifests of every experiment in ``results_dir`` (sorted by experiment id)."""
    root = Path(results_dir)
    if not root.is_dir():
        return []
    out = []
    for manifest in sorted(root.glob(f"*/{MANIFEST}")):
        if manifest.parent.name.startswith("."):
            continue  # a partial or replaced folder, not an experiment
        try:
            data = json.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if not isinstance(data, dict):
            continue
        data.setdefault("experiment", manifest.parent.name)
        out.append(data)
    return out
