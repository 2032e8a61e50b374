"""Running several strategies on the same runs: common random numbers, sequential stopping.

Every draw of the engine is keyed by (seed, run, process, day, sector), and parameter samples
by (seed, run, parameter name); so run ``i`` under one strategy sees the same parameters, the
same loss dice and the same crisis and ceasefire dice as run ``i`` under another, and the
difference between the two is the strategy's effect on that run plus only the noise the
strategies' different paths cause (docs/model.md §9). Each arm is simulated chunk by chunk
with the runner's job (:class:`~clausewitz.runner.job.EngineJob`), and its per-run rows and
daily bands are written to the results store as they come.

Sequential stopping (``precision``): after a first batch of runs, the paired differences of the
chosen KPI between every pair of arms are tested against the Chow–Robbins (1965) fixed-width
rule (:func:`~clausewitz.stats.paired.chow_robbins_satisfied`); while some pair fails, the
next batch is sized from the pilot estimate ``(t s / H)^2`` (at least half again as many runs)
and run on every arm. The rule is checked at batch ends only (a group-sequential use of it);
its coverage tends to the nominal level as ``H`` shrinks.
"""

from __future__ import annotations

import datetime as dt
import itertools
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
from numpy.typing import NDArray

from clausewitz import __version__
from clausewitz.compare.kpis import check_kpi, per_run_kpis
from clausewitz.compare.resume import drop_bands, fingerprint, load_chunk, resumable, save_bands
from clausewitz.errors import UserError
from clausewitz.runner.bands import DailyBands
from clausewitz.runner.chunks import ChunkRange
from clausewitz.runner.execute import execute_chunks
from clausewitz.runner.job import EngineJob, prepare_job
from clausewitz.scenario.loader import LoadedScenario
from clausewitz.stats.paired import chow_robbins_satisfied, runs_needed
from clausewitz.store import ExperimentWriter

Progress = Callable[[int, int], None]
"""``progress(advance, more_total)``: ``advance`` arm-runs just finished; ``more_total`` arm-runs
newly planned (when a batch is added)."""

DEFAULT_CHUNK = 2_000
"""Runs per chunk in a comparison (several arms are in flight, so smaller than ``run``'s)."""
PRECISION_PILOT = 500
"""Runs per arm before the first stopping check when only ``precision`` is given."""


@dataclass(frozen=True)
class Arm:
    """One combination of strategies, one per side, under a label (usually the name of the
    compared side's strategy)."""

    label: str
    strategies: Mapping[str, str]


@dataclass
class ArmResult:
    """What one arm produced: its job, per-run rows (run order) and daily bands."""

    arm: Arm
    job: EngineJob
    tables: list[pa.Table] = field(default_factory=list)
    bands: DailyBands | None = None

    @property
    def table(self) -> pa.Table:
        """All per-run rows of the arm, in run order."""
        return pa.concat_tables(self.tables).sort_by("run")


@dataclass
class Comparison:
    """The arms of a comparison run on runs ``[0, runs)`` with the same seed."""

    loaded: LoadedScenario
    side: str
    seed: int
    days: int
    runs: int
    arms: list[ArmResult]
    stopping: dict[str, Any]
    manifest: dict[str, Any]
    out: Path | None
    _kpis: dict[str, dict[str, NDArray[np.float64]]] = field(default_factory=dict, repr=False)

    @property
    def labels(self) -> list[str]:
        """Arm labels in order."""
        return [a.arm.label for a in self.arms]

    @property
    def objective_ids(self) -> list[str]:
        """The scenario's objectives, in order."""
        return [o.id for o in self.loaded.scenario.theatre.objectives]

    def kpis(self, label: str) -> dict[str, NDArray[np.float64]]:
        """KPI name -> per-run values of arm ``label`` (run order: paired across arms)."""
        if label not in self._kpis:
            arm = self.arms[self.labels.index(label)]
            self._kpis[label] = per_run_kpis(arm.table, self.objective_ids, self.days)
        return self._kpis[label]


def _ranges(start: int, stop: int, chunk: int, first_index: int) -> list[ChunkRange]:
    out = []
    for i, s in enumerate(range(start, stop, chunk)):
        out.append(ChunkRange(first_index + i, s, min(s + chunk, stop)))
    return out


def _with_arm_columns(table: pa.Table, arm: Arm) -> pa.Table:
    n = table.num_rows
    cols = {"arm": arm.label}
    cols.update({f"{side}_strategy": name for side, name in arm.strategies.items()})
    for i, (name, value) in enumerate(cols.items()):
        table = table.add_column(i + 1, name, pa.array([value] * n, pa.string()))
    return table


def compare_arms(
    loaded: LoadedScenario,
    arms: Sequence[Arm],
    *,
    side: str = "attacker",
    runs: int | None = None,
    seed: int = 0,
    days: int | None = None,
    precision: float | None = None,
    kpi: str | None = None,
    max_runs: int = 100_000,
    chunk: int = DEFAULT_CHUNK,
    workers: int = 1,
    store: ExperimentWriter | None = None,
    progress: Progress | None = None,
) -> Comparison:
    """Simulate every arm on runs ``[0, n)`` with the same seed and return the comparison.

    With ``precision`` (and ``kpi``) runs are added until the 95% interval of every pair's
    paired difference of ``kpi`` has half-width at most ``precision`` or ``max_runs`` is
    reached (``runs`` then is the first batch). Otherwise exactly ``runs`` runs per arm.

    With a ``store`` that already holds a started comparison with the same settings (a killed
    run's partial folder), finished chunks are read back instead of simulated again.
    """
    objective_ids = [o.id for o in loaded.scenario.theatre.objectives]
    _check_precision(arms, precision, kpi, objective_ids)
    first = runs if runs is not None else (PRECISION_PILOT if precision is not None else 1000)
    if first < 2:
        raise UserError(f"--runs must be at least 2 (got {first})")
    if chunk < 1 or workers < 1:
        raise UserError("--chunk and --workers must be at least 1")
    max_runs = max(max_runs, first)
    horizon = days if days is not None else loaded.scenario.meta.horizon_days
    if horizon < 1:
        raise UserError(f"--days must be at least 1 (got {horizon})")
    results = _arm_results(loaded, arms, seed=seed, days=horizon, runs=first)
    started = time.perf_counter()
    created = dt.datetime.now(dt.UTC)
    settings = {
        "scenario_sha256": loaded.sha256,
        "seed": seed,
        "side": side,
        "arms": [{"label": r.arm.label, "strategies": dict(r.arm.strategies)} for r in results],
        "runs": first,
        "days": horizon,
        "precision": precision,
        "kpi": kpi,
        "max_runs": max_runs if precision is not None else None,
        "chunk": chunk,
        "version": __version__,
    }
    print_ = fingerprint(settings)
    resuming = _start_store(store, print_, loaded.scenario.meta.name, seed)
    batch = _Batches(results, chunk, workers, store, resuming, progress)
    if progress:
        progress(0, first * len(results))
    batch.run(0, first)
    done = first
    stopping: dict[str, Any] = {"rule": "fixed", "runs": first}
    if precision is not None and kpi is not None:
        stopping, done = _until_precise(batch, kpi, precision, max_runs, objective_ids, horizon)
    manifest: dict[str, Any] = {
        "kind": "compare",
        "status": "complete",
        "scenario": loaded.scenario.meta.name,
        **{k: settings[k] for k in ("scenario_sha256", "seed", "side", "arms")},
        "runs": done,
        "days": horizon,
        "chunk": chunk,
        "workers": workers,
        "stopping": stopping,
        "fingerprint": print_,
        "version": __version__,
        "created": created.isoformat(timespec="seconds"),
        "elapsed_s": round(time.perf_counter() - started, 3),
    }
    out = _finish_store(store, results, manifest) if store is not None else None
    for r in results:
        r.tables = [r.table]
    return Comparison(loaded, side, seed, horizon, done, results, stopping, manifest, out)


def _check_precision(
    arms: Sequence[Arm], precision: float | None, kpi: str | None, objective_ids: list[str]
) -> None:
    """The arms are distinct; ``--precision`` is positive and has a KPI and a pair to pin."""
    if len({a.label for a in arms}) != len(arms) or len(arms) < 1:
        raise UserError("give at least one strategy, each once")
    if precision is not None:
        if precision <= 0:
            raise UserError(f"--precision must be positive (got {precision})")
        if kpi is None:
            raise UserError("--precision needs --kpi (the KPI whose difference to pin down)")
        check_kpi(kpi, objective_ids)
        if len(arms) < 2:
            raise UserError("--precision needs at least two strategies to compare")


def _arm_results(
    loaded: LoadedScenario, arms: Sequence[Arm], *, seed: int, days: int, runs: int
) -> list[ArmResult]:
    """Each arm's prepared job, its strategies named as each side actually uses them (the
    scenario's defaults resolved)."""
    results = [
        ArmResult(
            arm,
            prepare_job(loaded, seed=seed, strategies=dict(arm.strategies), days=days, runs=runs),
        )
        for arm in arms
    ]
    for r in results:
        r.arm = Arm(r.arm.label, r.job.strategies.names)
    return results


def _start_store(store: ExperimentWriter | None, print_: str, scenario: str, seed: int) -> bool:
    """Mark the store's comparison as running; whether it resumes a killed one (the same
    settings' ``print_``)."""
    if store is None:
        return False
    resuming = resumable(store, print_)
    store.write_manifest(
        {
            "kind": "compare",
            "status": "running",
            "fingerprint": print_,
            "scenario": scenario,
            "seed": seed,
        }
    )
    return resuming


class _Batches:
    """Runs ``[start, stop)`` of every arm, chunk by chunk, read back from a killed run's
    store where they are there already, written to the store as they finish."""

    def __init__(
        self,
        results: list[ArmResult],
        chunk: int,
        workers: int,
        store: ExperimentWriter | None,
        resuming: bool,
        progress: Progress | None,
    ) -> None:
        self.results = results
        self.chunk = chunk
        self.workers = workers
        self.store = store
        self.resuming = resuming
        self.progress = progress
        self.sizes: list[int] = []
        # chunk indices follow the plan (batch, arm, range), never the order chunks finish
        # in, so a re-run finds each chunk under the same name
        self._next_index = itertools.count()

    def run(self, start: int, stop: int) -> None:
        """Simulate (or read back) runs ``[start, stop)`` of every arm."""
        store, progress = self.store, self.progress
        for r in self.results:
            ranges = [
                ChunkRange(next(self._next_index), c.start, c.stop)
                for c in _ranges(start, stop, self.chunk, 0)
            ]
            todo = []
            drop = ["arm", *(f"{s}_strategy" for s in r.arm.strategies)]
            for c in ranges:
                kept = (
                    load_chunk(store, c.index, r.job.new_bands(), drop)
                    if store is not None and self.resuming
                    else None
                )
                if kept is None:
                    todo.append(c)
                    continue
                _collect(r, kept[0], kept[1])
                if progress:
                    progress(c.size, 0)
            for res in execute_chunks(r.job, todo, self.workers):
                _collect(r, res.runs, res.bands)
                if store is not None:
                    store.write_chunk("runs", res.chunk.index, _with_arm_columns(res.runs, r.arm))
                    save_bands(store, res.chunk.index, res.bands)
                if progress:
                    progress(res.chunk.size, 0)
        self.sizes.append(stop - start)


def _until_precise(
    batch: _Batches,
    kpi: str,
    precision: float,
    max_runs: int,
    objective_ids: list[str],
    horizon: int,
) -> tuple[dict[str, Any], int]:
    """Add batches until every pair's paired difference of ``kpi`` meets the Chow-Robbins
    rule for half-width ``precision`` or ``max_runs`` is reached; the stopping record and the
    runs done."""
    done = batch.sizes[0]
    results, progress = batch.results, batch.progress
    stopping: dict[str, Any] = {
        "rule": "chow-robbins",
        "kpi": kpi,
        "half_width": precision,
        "max_runs": max_runs,
        "satisfied": False,
    }
    while True:
        z = [
            per_run_kpis(pa.concat_tables(a.tables), objective_ids, horizon)[kpi]
            - per_run_kpis(pa.concat_tables(b.tables), objective_ids, horizon)[kpi]
            for a, b in itertools.combinations([_sorted(r) for r in results], 2)
        ]
        if all(chow_robbins_satisfied(d, precision) for d in z):
            stopping["satisfied"] = True
            break
        if done >= max_runs:
            break
        need = max(runs_needed(d, precision) for d in z)
        target = min(max_runs, max(int(need * 1.05) + 1, done + done // 2))
        if progress:
            progress(0, (target - done) * len(results))
        batch.run(done, target)
        done = target
    stopping["runs"] = done
    stopping["batches"] = batch.sizes
    return stopping, done


def _finish_store(
    store: ExperimentWriter, results: list[ArmResult], manifest: dict[str, Any]
) -> Path:
    """Write each arm's daily bands and the complete manifest; the experiment's folder."""
    for i, r in enumerate(results):
        assert r.bands is not None
        daily = r.bands.to_table()
        store.write_chunk("daily", i, _with_arm_columns(daily, r.arm))
    drop_bands(store)
    store.write_manifest(manifest)
    manifest["experiment"] = store.experiment_id
    return store.path


def _collect(r: ArmResult, runs: pa.Table, bands: DailyBands) -> None:
    """Add one chunk's rows and bands to arm ``r``."""
    r.tables.append(runs.replace_schema_metadata(None))
    if r.bands is None:
        r.bands = bands
    else:
        r.bands.merge(bands)


def _sorted(r: ArmResult) -> ArmResult:
    """The arm with its tables concatenated in run order (chunks may arrive out of order)."""
    r.tables = [r.table]
    return r
