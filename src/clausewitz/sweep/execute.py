"""Run a sweep on Dask in resumable chunks, writing each chunk atomically to the store.

The points of a design are cut into chunks of ``chunk_points`` points. Each chunk is one Dask
task that evaluates its points (``runs_per_point`` runs each) and writes its rows to
``<results>/<experiment>/runs/chunk-NNNNNN.parquet`` itself, so results never travel back
through the scheduler and a worker's memory is bounded by one chunk. A chunk's content depends
only on the design, the seed and the chunk's points (the engine's counter-based streams), never
on which worker ran it or when, so any number of workers gives the same files, and a sweep
killed at any moment and resumed recomputes exactly the chunks that are missing.

The evaluator is named by an import path (``"package.module:function"``) so that workers in
other processes, or on other machines, import it instead of receiving pickled code.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import math
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

from clausewitz import __version__
from clausewitz.errors import UserError
from clausewitz.store import ExperimentWriter
from clausewitz.store.lock import experiment_lock

ChunkEvaluator = Callable[[dict[str, Any], pd.DataFrame, int, int], pa.Table]
"""``(payload, points, runs_per_point, seed) -> table`` for the points of one chunk.

``points`` has the design columns plus ``point`` (the point's index in the design).
"""


@dataclass(frozen=True)
class SweepSpec:
    """Everything that determines a sweep's results (and nothing that doesn't)."""

    experiment: str
    evaluator: str
    design: pd.DataFrame
    runs_per_point: int
    seed: int
    chunk_points: int = 4
    payload: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.runs_per_point < 1:
            raise UserError("--runs-per-point must be at least 1")
        if self.chunk_points < 1:
            raise UserError("chunk size must be at least 1 point")
        if len(self.design) == 0:
            raise UserError("the design has no points")

    @property
    def n_chunks(self) -> int:
        return math.ceil(len(self.design) / self.chunk_points)

    def chunk_points_frame(self, index: int) -> pd.DataFrame:
        lo = index * self.chunk_points
        hi = min(lo + self.chunk_points, len(self.design))
        frame = self.design.iloc[lo:hi].copy()
        frame.insert(0, "point", range(lo, hi))
        return frame.reset_index(drop=True)

    def fingerprint(self) -> str:
        """Hash of what determines the results; a resume must match it exactly."""
        body = json.dumps(
            {
                "evaluator": self.evaluator,
                "design": self.design.to_dict(orient="split"),
                "runs_per_point": self.runs_per_point,
                "seed": self.seed,
                "chunk_points": self.chunk_points,
                "payload": self.payload,
            },
            sort_keys=True,
            default=str,
        )
        return hashlib.sha256(body.encode("utf-8")).hexdigest()


def load_evaluator(path: str) -> ChunkEvaluator:
    """Import ``package.module:function``."""
    module, _, attr = path.partition(":")
    if not module or not attr:
        raise UserError(f"evaluator {path!r}: expected 'package.module:function'")
    try:
        fn = getattr(importlib.import_module(module), attr)
    except (ImportError, AttributeError) as exc:
        raise UserError(f"evaluator {path!r} cannot be imported: {exc}") from exc
    if not callable(fn):
        raise UserError(f"evaluator {path!r} is not callable")
    return fn


def run_chunk(
    results_dir: str,
    experiment: str,
    evaluator: str,
    points: pd.DataFrame,
    runs_per_point: int,
    seed: int,
    payload: dict[str, Any],
    index: int,
) -> int:
    """Evaluate one chunk and write it atomically; returns the number of rows written.

    Module-level so Dask workers in other processes import it by name.
    """
    table = load_evaluator(evaluator)(payload, points, runs_per_point, seed)
    ExperimentWriter(Path(results_dir), experiment).write_chunk("runs", index, table)
    return int(table.num_rows)


_ADDRESS = re.compile(r"^(?:(?:tcp|tls|ucx|inproc)://)?[A-Za-z0-9_.\-\[\]:]+:\d{1,5}$")


def check_scheduler(scheduler: str) -> None:
    """:class:`UserError` unless ``scheduler`` is ``local``, ``synchronous`` or an address."""
    if scheduler in ("local", "synchronous") or _ADDRESS.match(scheduler):
        return
    raise UserError(
        f"--scheduler {scheduler!r}: give 'local', 'synchronous' or a Dask scheduler address "
        "such as tcp://10.0.0.5:8786"
    )


@contextmanager
def dask_client(scheduler: str = "local", workers: int = 2) -> Iterator[Any]:
    """A Dask client: a local cluster of ``workers`` processes, or a scheduler address.

    The dashboard binds a free port (``:0``) so several clusters can run side by side.
    """
    from distributed import Client, LocalCluster

    if scheduler == "local":
        if workers < 1:
            raise UserError("--workers must be at least 1")
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            silence_logs=40,
        )
        client = Client(cluster)
        try:
            yield client
        finally:
            client.close()
            cluster.close()
    else:
        try:
            client = Client(scheduler, timeout="20s")
        except (OSError, TimeoutError) as exc:
            raise UserError(f"cannot reach Dask scheduler at {scheduler}: {exc}") from exc
        try:
            yield client
        finally:
            client.close()


@dataclass(frozen=True)
class SweepResult:
    experiment: str
    path: Path
    chunks_total: int
    chunks_run: int
    chunks_skipped: int


def run_sweep(
    spec: SweepSpec,
    results_dir: Path,
    *,
    scheduler: str = "local",
    workers: int = 2,
    resume: bool = False,
    progress: Callable[[int, int], None] | None = None,
    describe: Mapping[str, Any] | None = None,
) -> SweepResult:
    """Run (or resume) a sweep; chunks already on disk are kept when resuming.

    ``scheduler`` is ``"local"`` (a Dask cluster of ``workers`` processes on this machine), a
    Dask scheduler address such as ``tcp://10.0.0.5:8786``, or ``"synchronous"`` (no Dask: each
    chunk in this process, for debugging and tiny sweeps). ``describe`` adds fields to the
    manifest for people and queries (scenario, strategies, ...); they are not part of the
    fingerprint. The manifest's ``status`` is ``running`` until every chunk is on disk (and
    queries leave the sweep's rows out until then). One process at a time writes a sweep: a
    second one stops with an error while the first holds the experiment's lock.
    """
    check_scheduler(scheduler)
    writer = ExperimentWriter(Path(results_dir), spec.experiment)
    with experiment_lock(writer.path, "experiment"):
        return _run_sweep_locked(
            spec, writer, Path(results_dir), scheduler, workers, resume, progress, describe
        )


def _run_sweep_locked(
    spec: SweepSpec,
    writer: ExperimentWriter,
    results_dir: Path,
    scheduler: str,
    workers: int,
    resume: bool,
    progress: Callable[[int, int], None] | None,
    describe: Mapping[str, Any] | None,
) -> SweepResult:
    manifest = {
        "kind": "sweep",
        "evaluator": spec.evaluator,
        "fingerprint": spec.fingerprint(),
        "points": len(spec.design),
        "parameters": list(spec.design.columns),
        "runs_per_point": spec.runs_per_point,
        "seed": spec.seed,
        "chunk_points": spec.chunk_points,
        "chunks": spec.n_chunks,
        "payload": spec.payload,
        "version": __version__,
        **dict(describe or {}),
        "status": "running",
    }
    manifest_exists = (writer.path / "manifest.json").is_file()
    if manifest_exists and not resume:
        raise UserError(
            f"experiment {spec.experiment!r} already exists in {results_dir} "
            f"(use --resume {spec.experiment} to finish it, or choose another name)"
        )
    if resume:
        if not manifest_exists:
            raise UserError(f"nothing to resume: no experiment {spec.experiment!r}")
        old = writer.read_manifest()
        if old.get("fingerprint") != manifest["fingerprint"]:
            raise UserError(
                f"experiment {spec.experiment!r} was started with other settings; "
                "resume it with the same scenario, design, seed and runs"
            )
    else:
        writer.write_manifest(manifest)
        spec.design.to_csv(writer.path / "design.csv", index=False)
    if resume:  # a killed writer may leave a temporary file; it never counts as a chunk
        for stale in (writer.path / "runs").glob(".chunk-*.tmp"):
            stale.unlink(missing_ok=True)
    done = writer.done_chunks("runs") if resume else set()
    todo = [i for i in range(spec.n_chunks) if i not in done]
    if progress:
        progress(len(done), spec.n_chunks)

    def chunk_args(i: int) -> tuple[Any, ...]:
        """What :func:`run_chunk` takes for chunk ``i``, in this process or on a worker."""
        frame = spec.chunk_points_frame(i)
        return (str(results_dir), spec.experiment, spec.evaluator, frame, spec.runs_per_point,
                spec.seed, spec.payload, i)  # fmt: skip

    finished = len(done)
    if todo and scheduler == "synchronous":  # in this process, one chunk after another
        for i in todo:
            run_chunk(*chunk_args(i))
            finished += 1
            if progress:
                progress(finished, spec.n_chunks)
    elif todo:
        from distributed import as_completed

        with dask_client(scheduler, workers) as client:
            futures = [
                client.submit(
                    run_chunk, *chunk_args(i), key=f"sweep-{spec.experiment}-{i}", pure=False
                )
                for i in todo
            ]
            for fut in as_completed(futures):
                fut.result()  # re-raise a worker's error here
                finished += 1
                if progress:
                    progress(finished, spec.n_chunks)
    writer.write_manifest({**manifest, "status": "complete"})
    return SweepResult(spec.experiment, writer.path, spec.n_chunks, len(todo), len(done))
