"""Run chunks of runs in this process or in worker processes, streaming their results back.

:func:`execute_chunks` is the seam between *what* a chunk computes (a :class:`ChunkJob`: plan,
engine, reductions) and *where* it runs. Any number of workers gives the same results, because
a chunk's result depends only on its run range (every draw is keyed by the run index); results
come back in completion order and the caller re-orders them (see
:class:`~clausewitz.runner.outputs.RunsWriter`). At most ``2 × workers`` chunks are in flight,
so memory stays bounded by a few chunks whatever the number of runs.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from typing import Protocol

import pyarrow as pa

from clausewitz.runner.bands import DailyBands
from clausewitz.runner.chunks import ChunkRange


@dataclass(frozen=True)
class ChunkResult:
    """What one chunk sends back: its per-run rows and its share of the daily bands."""

    chunk: ChunkRange
    runs: pa.Table
    bands: DailyBands


class ChunkJob(Protocol):
    """Everything needed to simulate any chunk of a run set; picklable, so workers get it."""

    def run_chunk(self, chunk: ChunkRange) -> ChunkResult:
        """Simulate runs ``[chunk.start, chunk.stop)`` and reduce them."""
        ...


_WORKER_JOB: list[ChunkJob] = []
"""The job of this worker process, sent once when the worker starts (not with every chunk)."""


def _init_worker(job: ChunkJob) -> None:
    _WORKER_JOB[:] = [job]


def _run_chunk(chunk: ChunkRange) -> ChunkResult:
    return _WORKER_JOB[0].run_chunk(chunk)


PRELOAD: tuple[str, ...] = (
    "clausewitz.runner.warmup",
    "clausewitz.runner.job",
    "clausewitz.engine.fast",
    "clausewitz.evidence",
    "clausewitz.prepare.compile",
)
"""Modules the fork server imports once, so each worker starts without re-importing them."""


def _context() -> multiprocessing.context.BaseContext:
    """``forkserver`` where it exists (workers fork from a clean single-threaded server that has
    imported :data:`PRELOAD`: fast to start, and safe with the progress bar's and Arrow's
    threads in this process, which a plain ``fork`` is not); ``spawn`` elsewhere. Numba's
    on-disk cache spares every worker a recompile."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(list(PRELOAD))
        return ctx
    return multiprocessing.get_context("spawn")


def execute_chunks(
    job: ChunkJob, chunks: Sequence[ChunkRange], workers: int = 1
) -> Iterator[ChunkResult]:
    """Yield each chunk's result as it completes.

    ``workers == 1`` runs the chunks here, in order. Otherwise a pool of ``workers`` processes
    runs them; see :func:`_context` for how they start.
    """
    if workers < 1:
        raise ValueError("workers must be at least 1")
    if workers == 1 or len(chunks) <= 1:
        for chunk in chunks:
            yield job.run_chunk(chunk)
        return
    context = _context()
    pool = ProcessPoolExecutor(
        max_workers=min(workers, len(chunks)),
        mp_context=context,
        initializer=_init_worker,
        initargs=(job,),
    )
    try:
        todo = iter(chunks)
        pending: set[Future[ChunkResult]] = set()

        def refill() -> None:
            while len(pending) < 2 * workers:
                chunk = next(todo, None)
                if chunk is None:
                    return
                pending.add(pool.submit(_run_chunk, chunk))

        refill()
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for fut in sorted(done, key=lambda f: f.result().chunk.index):
                pending.discard(fut)
                yield fut.result()
            refill()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
