"""What a killed ``compare`` leaves for its re-run: finished chunks and their daily bands.

A comparison writes each arm's chunks of runs as it goes (``runs/chunk-NNNNNN.parquet``, the
chunk index fixed by the plan, not by arrival order) and, beside each, the chunk's share of the
daily bands (``bands/chunk-NNNNNN.npz``: histogram counts, minima, maxima; exact to merge). A
re-run with the same settings (same :func:`fingerprint`) reads the chunks that are complete
instead of simulating them again, so its results equal an uninterrupted run's. The ``bands``
folder is dropped when the comparison completes.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from clausewitz.errors import UserError
from clausewitz.runner.bands import DailyBands
from clausewitz.store import ExperimentWriter
from clausewitz.store.layout import _atomic_write_bytes, chunk_is_complete, chunk_name

BANDS_TABLE = "bands"
_ARRAYS = ("counts", "mins", "maxs", "nonfinite")


def fingerprint(settings: Mapping[str, Any]) -> str:
    """Hash of what determines a comparison's files; a resume must match it exactly."""
    body = json.dumps(settings, sort_keys=True, default=str)
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def resumable(store: ExperimentWriter, print_: str) -> bool:
    """Whether ``store`` holds a started comparison with fingerprint ``print_``."""
    try:
        manifest = store.read_manifest()
    except (UserError, OSError, ValueError):  # none, or unreadable: start afresh
        return False
    return manifest.get("kind") == "compare" and manifest.get("fingerprint") == print_


def save_bands(store: ExperimentWriter, index: int, bands: DailyBands) -> None:
    """Write one chunk's bands (atomically, like every chunk)."""
    buf = io.BytesIO()
    np.savez(buf, **{name: getattr(bands, name) for name in _ARRAYS})
    target = store.path / BANDS_TABLE / chunk_name(index).replace(".parquet", ".npz")
    _atomic_write_bytes(target, buf.getvalue())


def load_chunk(
    store: ExperimentWriter, index: int, empty: DailyBands, drop: list[str]
) -> tuple[pa.Table, DailyBands] | None:
    """Chunk ``index``'s rows (without the columns in ``drop``) and bands, or None if either is
    missing or damaged."""
    runs = store.path / "runs" / chunk_name(index)
    bands_file = store.path / BANDS_TABLE / chunk_name(index).replace(".parquet", ".npz")
    if not (runs.is_file() and bands_file.is_file() and chunk_is_complete(runs)):
        return None
    try:
        with np.load(bands_file) as data:
            arrays = {name: data[name] for name in _ARRAYS}
    except (OSError, ValueError, KeyError):
        return None
    for name in _ARRAYS:
        if arrays[name].shape != getattr(empty, name).shape:
            return None
        getattr(empty, name)[...] = arrays[name]
    table = pq.read_table(runs)
    return table.drop_columns([c for c in drop if c in table.column_names]), empty


def drop_bands(store: ExperimentWriter) -> None:
    """Remove the per-chunk bands once the comparison's daily table is written."""
    folder: Path = store.path / BANDS_TABLE
    if folder.is_dir():
        for f in folder.iterdir():
            f.unlink(missing_ok=True)
        folder.rmdir()
