"""Files a run writes, and the layout of its per-run outcomes table.

::

    <out>/
      manifest.json               what was run and the KPI summary
      runs/chunk-000000.parquet   runs [0, 50 000), one row per run, ordered by run index
      runs/chunk-000001.parquet   runs [50 000, 100 000) ...
      daily/chunk-000000.parquet  per-day quantile bands (one row per variable and day)

``<out>`` is an experiment folder of the results store (:mod:`clausewitz.store`), so
``clausewitz query`` sees it when ``<out>`` sits in the results directory. The ``runs`` files
hold fixed ranges of :data:`ROWS_PER_FILE` runs whatever ``--chunk`` and ``--workers`` were, so
the files themselves (not just their rows) are byte-identical for any chunking: results arrive
from the engine chunk by chunk, possibly out of order, and :class:`RunsWriter` re-cuts them.

Per-run columns (``null`` means "did not happen"; SQL ``avg`` then skips it):

=================================  =======  =====================================================
``run``                            int64    run index
``objective_day.<objective>``      int32    day the objective fell, null if it did not
``front_km.<sector>``              float64  final front (km advanced) per sector
``losses.<side>.<kind>``           float64  killed, wounded, missing per side
``attacker_losses``, ...           float64  total losses per side
``territory_km2``                  float64  territory gained by the attacker
``ceasefire_day``                  int32    day of the ceasefire, null if none
``fiscal_crisis_day.<side>``       int32    day the side's fiscal crisis began, null if none
``param.<name>``                   float64  sampled parameter values of the run
=================================  =======  =====================================================
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyarrow as pa

from clausewitz.store import ExperimentWriter

ROWS_PER_FILE = 50_000
"""Runs per ``runs/`` file: bounds the writer's buffer (tens of MB) independently of N."""

RUNS_TABLE = "runs"
DAILY_TABLE = "daily"
RUN = "run"
TERRITORY = "territory_km2"
CEASEFIRE_DAY = "ceasefire_day"
LOSS_KINDS: tuple[str, ...] = ("killed", "wounded", "missing")


def objective_column(objective: str) -> str:
    """Column of the day ``objective`` fell."""
    return f"objective_day.{objective}"


def front_column(sector: str) -> str:
    """Column of the final front in ``sector``."""
    return f"front_km.{sector}"


def losses_column(side: str, kind: str) -> str:
    """Column of ``side``'s losses of ``kind`` (killed, wounded, missing)."""
    return f"losses.{side}.{kind}"


def losses_total_column(side: str) -> str:
    """Column of ``side``'s total losses (``attacker_losses``, ``defender_losses``)."""
    return f"{side}_losses"


def crisis_column(side: str) -> str:
    """Column of the day ``side``'s fiscal crisis began."""
    return f"fiscal_crisis_day.{side}"


def param_column(name: str) -> str:
    """Column of a sampled parameter."""
    return f"param.{name}"


class RunsWriter:
    """Writes per-run rows into fixed run ranges of :data:`ROWS_PER_FILE`, in run order.

    :meth:`add` takes the rows of any contiguous run range, in any order; rows are buffered
    until every earlier run has arrived, then cut into files. ``on_block`` sees each file's
    rows in run order (the KPI summary is fed from it, so it too is independent of chunking).
    The buffer holds at most one file's rows plus the chunks that arrived early.
    """

    def __init__(
        self,
        store: ExperimentWriter,
        total_runs: int,
        *,
        rows_per_file: int = ROWS_PER_FILE,
        on_block: Callable[[pa.Table], None] | None = None,
    ) -> None:
        if rows_per_file < 1:
            raise ValueError("rows_per_file must be at least 1")
        self.store = store
        self.total_runs = total_runs
        self.rows_per_file = rows_per_file
        self.on_block = on_block
        self.next_run = 0
        self.paths: list[Path] = []
        self._early: dict[int, pa.Table] = {}
        self._buffer: list[pa.Table] = []
        self._buffered = 0

    @property
    def pending_rows(self) -> int:
        """Rows held in memory (waiting for earlier runs, or for their file to fill)."""
        return self._buffered + sum(t.num_rows for t in self._early.values())

    def add(self, start: int, table: pa.Table) -> None:
        """Rows for runs ``[start, start + table.num_rows)``."""
        if start < self.next_run or start in self._early:
            raise ValueError(f"rows from run {start} were already written")
        if start + table.num_rows > self.total_runs:
            raise ValueError("rows beyond the last run")
        self._early[start] = table
        while self.next_run in self._early:
            block = self._early.pop(self.next_run)
            self.next_run += block.num_rows
            self._buffer.append(block)
            self._buffered += block.num_rows
            self._flush(final=self.next_run == self.total_runs)

    def _flush(self, *, final: bool) -> None:
        file_start = self.next_run - self._buffered
        while self._buffered and (self._buffered >= self._room(file_start) or final):
            rows = min(self._room(file_start), self._buffered)
            merged = pa.concat_tables(self._buffer)
            # one contiguous chunk per column: Parquet bytes must not depend on how the rows
            # arrived
            head = merged.slice(0, rows).combine_chunks()
            rest = merged.slice(rows)
            self._buffer = [rest] if rest.num_rows else []
            self._buffered -= rows
            index = file_start // self.rows_per_file
            self.paths.append(self.store.write_chunk(RUNS_TABLE, index, head))
            if self.on_block is not None:
                self.on_block(head)
            file_start += rows

    def _room(self, file_start: int) -> int:
        return self.rows_per_file - file_start % self.rows_per_file

    def close(self) -> list[Path]:
        """Check every run was written; the paths of the files, in run order."""
        if self.next_run != self.total_runs or self._early or self._buffered:
            raise RuntimeError(
                f"runs writer closed after {self.next_run} of {self.total_runs} runs"
            )
        return list(self.paths)
