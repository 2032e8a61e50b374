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
    """Raise :class:`UserError` unless runs, chunk and workers are positive."""
    if runs < 1:
        raise UserError(f"--runs must be at least 1 (got {runs})")
    if chunk < 1:
        raise UserError(f"--chunk must be at least 1 (got {chunk})")
    if workers < 1:
        raise UserError(f"--workers must be at least 1 (got {workers})")


def plan_chunks(runs: int, chunk: int) -> list[ChunkRange]:
    """The chunks covering runs ``[0, runs)``, in run order, each at most ``chunk`` runs."""
    validate_counts(runs, chunk, 1)
    return [
        ChunkRange(i, start, min(start + chunk, runs))
        for i, start in enumerate(range(0, runs, chunk))
    ]
