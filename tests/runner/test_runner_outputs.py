"""The runs writer re-cuts chunks into fixed files: same bytes for any chunking or order."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clausewitz.runner.chunks import plan_chunks
from clausewitz.runner.outputs import RunsWriter
from clausewitz.store import ExperimentWriter


def _rows(start: int, stop: int) -> pa.Table:
    runs = np.arange(start, stop, dtype=np.int64)
    return pa.table({"run": runs, "x": np.sin(runs.astype(np.float64))})


def _write(root: Path, total: int, chunk: int, order: list[int], per_file: int) -> dict[str, bytes]:
    blocks: list[pa.Table] = []
    writer = RunsWriter(
        ExperimentWriter(root, "exp"), total, rows_per_file=per_file, on_block=blocks.append
    )
    chunks = plan_chunks(total, chunk)
    for i in order:
        c = chunks[i]
        writer.add(c.start, _rows(c.start, c.stop))
    paths = writer.close()
    assert [b.num_rows for b in blocks] == [pq.read_metadata(p).num_rows for p in paths]
    assert pa.concat_tables(blocks).column("run").to_pylist() == list(range(total))
    return {p.name: p.read_bytes() for p in paths}


@settings(max_examples=25)
@given(
    total=st.integers(1, 60),
    chunk=st.integers(1, 70),
    per_file=st.integers(1, 25),
    data=st.data(),
)
def test_files_identical_whatever_the_chunking_and_arrival_order(
    tmp_path_factory: pytest.TempPathFactory,
    total: int,
    chunk: int,
    per_file: int,
    data: st.DataObject,
) -> None:
    n_chunks = len(plan_chunks(total, chunk))
    order = data.draw(st.permutations(range(n_chunks)))
    ref = _write(tmp_path_factory.mktemp("a"), total, total, [0], per_file)
    got = _write(tmp_path_factory.mktemp("b"), total, chunk, list(order), per_file)
    assert got == ref
    assert len(ref) == -(-total // per_file)


def test_buffer_is_bounded_by_a_file_not_by_the_runs(tmp_path: Path) -> None:
    writer = RunsWriter(ExperimentWriter(tmp_path, "exp"), 10_000, rows_per_file=100)
    peak = 0
    for c in plan_chunks(10_000, 30):
        writer.add(c.start, _rows(c.start, c.stop))
        peak = max(peak, writer.pending_rows)
    writer.close()
    assert peak < 100 + 30


def test_misuse_is_refused(tmp_path: Path) -> None:
    writer = RunsWriter(ExperimentWriter(tmp_path, "exp"), 10, rows_per_file=4)
    writer.add(0, _rows(0, 5))
    with pytest.raises(ValueError, match="already written"):
        writer.add(0, _rows(0, 5))
    with pytest.raises(ValueError, match="beyond"):
        writer.add(5, _rows(5, 11))
    with pytest.raises(RuntimeError, match="5 of 10"):
        writer.close()
