"""Cutting runs ``[0, N)`` into chunks that are simulated one at a time.

Chunk ``i`` covers runs ``[i·C, min((i+1)·C, N))``. A chunk is the unit of work and of memory:
the engine holds the state of one chunk's runs at a time, so memory is bounded by ``C``, not by
``N``. Results never depend on ``C``: every random draw is keyed by the run index.
"""

from __future__ import annotations

from dataclasses import dataclass

from clausewitz.errors import UserError

DEFAULT_CHUNK = 10_000
"""Runs per chunk when none is given: a few MB of engine state for the flagship, and long
enough per chunk (about a second) that per-chunk overheads (compiling the plan, sending bands
back from a worker) stay small."""


MAX_RUNS = 100_000_000
"""[ENG] Most runs one command accepts: days of CPU for the flagship already; a larger count
is a typo (``--runs 10**12``) and is refused before any work starts."""
MAX_CHUNKS = 1_000_000
"""[ENG] Most chunks a run set is cut into (``--chunk 1`` with many runs would spend its
time and memory on bookkeeping)."""
MAX_WORKERS = 1024
"""[ENG] Most worker processes accepted."""
MAX_DAYS = 3650
"""Longest horizon in days, the scenario schema's limit on ``meta.horizon_days`` too."""


@dataclass(frozen=True, order=True)
class ChunkRange:
    """Runs ``[start, stop)`` of chunk ``index``."""

    index: int
    start: int
    stop: int

    @property
    def size(self) -> int:
        """Number of runs in the chunk."""
        return self.stop - self.start


def validate_counts(runs: int, chunk: int, workers: int) -> None:
    """Raise :class:`UserError` unless runs, chunk and workers are positive and bounded."""
    if runs < 1:
        raise UserError(f"--runs must be at least 1 (got {runs})")
    if runs > MAX_RUNS:
        raise UserError(f"--runs must be at most {MAX_RUNS:_} (got {runs})")
    if chunk < 1:
        raise UserError(f"--chunk must be at least 1 (got {chunk})")
    if workers < 1:
        raise UserError(f"--workers must be at least 1 (got {workers})")
    if workers > MAX_WORKERS:
        raise UserError(f"--workers must be at most {MAX_WORKERS} (got {workers})")
    if -(-runs // chunk) > MAX_CHUNKS:
        raise UserError(
            f"--runs {runs} in chunks of {chunk} makes more than {MAX_CHUNKS:_} chunks; "
            "use a larger --chunk"
        )


def plan_chunks(runs: int, chunk: int) -> list[ChunkRange]:
    """The chunks covering runs ``[0, runs)``, in run order, each at most ``chunk`` runs."""
    validate_counts(runs, chunk, 1)
    return [
        ChunkRange(i, start, min(start + chunk, runs))
        for i, start in enumerate(range(0, runs, chunk))
    ]
