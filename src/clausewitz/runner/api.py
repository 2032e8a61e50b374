"""``run_scenario``: simulate N runs of a scenario in streamed chunks and write the results.

The Python face of ``clausewitz run``, callable from a notebook::

    from clausewitz.runner import run_scenario
    result = run_scenario("tutorial", runs=10_000, seed=1, out="clausewitz-results/tut")
    result.summary["objective_captured.pokrovsk"].interval   # Interval(estimate, low, high, n)
    import pandas as pd; pd.read_parquet(result.runs_dir)   # one row per run
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import numbers
import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from clausewitz.engine.plan import SIDES
from clausewitz.errors import ScenarioError, UserError
from clausewitz.prepare.runnable import smoke_check
from clausewitz.runner.bands import DEFAULT_BINS, DailyBands
from clausewitz.runner.chunks import DEFAULT_CHUNK, MAX_DAYS, plan_chunks, validate_counts
from clausewitz.runner.execute import execute_chunks
from clausewitz.runner.job import prepare_job
from clausewitz.runner.kpis import KpiAccumulator, KpiSummary
from clausewitz.runner.manifest import build_manifest
from clausewitz.runner.outputs import DAILY_TABLE, RunsWriter
from clausewitz.scenario.loader import LoadedScenario, load_scenario
from clausewitz.store import DEFAULT_RESULTS_DIR
from clausewitz.store.layout import MANIFEST
from clausewitz.store.lock import ensure_parent, experiment_lock
from clausewitz.store.staging import StagedExperiment

Progress = Callable[[int, int], None]
"""``progress(runs_done, runs_total)``, called after each chunk."""


@dataclass(frozen=True)
class RunResult:
    """What a run produced: the KPI summary, where the files are, and the manifest."""

    summary: dict[str, KpiSummary]
    out: Path
    runs_files: list[Path]
    daily_file: Path
    manifest_file: Path
    manifest: dict[str, Any]
    bands: DailyBands

    def moved(self, src: Path, dst: Path) -> RunResult:
        """The same result with its paths under ``src`` re-rooted at ``dst`` (after
        publication)."""

        def move(p: Path) -> Path:
            return dst / p.relative_to(src)

        return dataclasses.replace(
            self,
            out=dst,
            runs_files=[move(p) for p in self.runs_files],
            daily_file=move(self.daily_file),
            manifest_file=move(self.manifest_file),
        )

    @property
    def runs_dir(self) -> Path:
        """Folder of the per-run Parquet files (``pandas.read_parquet`` reads it whole)."""
        return self.out / "runs"

    def summary_json(self) -> dict[str, Any]:
        """The summary as printed by ``clausewitz run --json``."""
        m = self.manifest
        return {
            "scenario": m["scenario"],
            "scenario_sha256": m["scenario_sha256"],
            "seed": m["seed"],
            "strategies": m["strategies"],
            "runs": m["runs"],
            "days": m["days"],
            "out": str(self.out),
            "kpis": {k: s.to_dict() for k, s in self.summary.items()},
        }


def default_out(scenario: str, seed: int) -> Path:
    """``clausewitz-results/<scenario>-seed<seed>-<UTC time>``."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    return DEFAULT_RESULTS_DIR / f"{scenario}-seed{seed}-{stamp}"


class ArgumentTypeError(UserError, TypeError):
    """An API argument of the wrong type (``run_scenario(seed=1.5)``)."""


def require_int(name: str, value: object) -> int:
    """``value`` as an int; :class:`ArgumentTypeError` for floats, bools, text and the rest."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ArgumentTypeError(f"{name} must be an integer (got {value!r})")
    return int(value)


def check_out(out: Path, overwrite: bool) -> Path:
    """The absolute ``--out`` folder, or :class:`UserError` if a run cannot be written there
    (checked before any simulation, and again under the lock)."""
    out = Path(out).absolute()
    if out.exists() and not out.is_dir():
        raise UserError(f"--out {out} exists and is not a directory")
    if out.is_dir() and any(out.iterdir()):
        if not (out / MANIFEST).is_file():
            raise UserError(f"--out {out} is a non-empty folder that holds no run; choose another")
        if not overwrite:
            raise UserError(f"--out {out} already holds a run (use --overwrite to replace it)")
    ensure_parent(out)
    if not os.access(out.parent, os.W_OK):
        raise UserError(f"--out {out}: cannot write in {out.parent}")
    return out


def run_scenario(
    scenario: str | os.PathLike[str] | LoadedScenario,
    *,
    runs: int,
    seed: int = 0,
    strategies: Mapping[str, str] | None = None,
    days: int | None = None,
    chunk: int = DEFAULT_CHUNK,
    workers: int = 1,
    out: str | os.PathLike[str] | None = None,
    bins: int = DEFAULT_BINS,
    overwrite: bool = False,
    progress: Progress | None = None,
) -> RunResult:
    """Simulate runs ``[0, runs)`` of ``scenario`` and write per-run outcomes, daily bands and
    a manifest under ``out``.

    ``strategies`` maps ``attacker``/``defender`` to a strategy name (default: the scenario's
    ``default_strategy``, else the engine's default). ``days`` overrides the horizon. Memory is
    bounded by ``chunk`` runs (times ``workers``), not by ``runs``; results are identical for
    any ``chunk`` and ``workers``.

    The results are written into a hidden partial folder beside ``out`` and renamed into place
    only when complete, under an exclusive lock on ``out``: a failed or killed run leaves the
    previous contents of ``out`` (if any) untouched, and a second writer stops with an error.
    """
    runs = require_int("runs", runs)
    seed = require_int("seed", seed)
    chunk = require_int("chunk", chunk)
    workers = require_int("workers", workers)
    bins = require_int("bins", bins)
    if days is not None:
        days = require_int("days", days)
    if strategies is not None and not isinstance(strategies, Mapping):
        raise ArgumentTypeError(
            f"strategies must be a mapping of side to name (got {strategies!r})"
        )
    validate_counts(runs, chunk, workers)
    if days is not None and not 1 <= days <= MAX_DAYS:
        raise UserError(f"--days must be in [1, {MAX_DAYS}] (got {days})")
    if not 0 <= seed < 2**63:
        raise UserError(f"--seed must be in [0, 2**63) (got {seed})")
    unknown = set(strategies or {}) - set(SIDES)
    if unknown:
        raise UserError(f"unknown side(s) {sorted(unknown)} (sides: {', '.join(SIDES)})")
    loaded = scenario if isinstance(scenario, LoadedScenario) else load_scenario(scenario)
    name = loaded.scenario.meta.name
    target = check_out(Path(out) if out is not None else default_out(name, seed), overwrite)
    problems = smoke_check(loaded)  # what would fail mid-run fails now, located in the file
    if problems:
        raise ScenarioError(problems)
    with experiment_lock(target):
        check_out(target, overwrite)
        staged = StagedExperiment(target)
        try:
            result = _run_into(
                staged, loaded, runs, seed, strategies, days, chunk, workers, bins, progress
            )
        except BaseException:
            staged.discard()
            raise
        staged.publish()
    return result.moved(staged.partial, target)


def _run_into(
    staged: StagedExperiment,
    loaded: LoadedScenario,
    runs: int,
    seed: int,
    strategies: Mapping[str, str] | None,
    days: int | None,
    chunk: int,
    workers: int,
    bins: int,
    progress: Progress | None,
) -> RunResult:
    """Simulate and write every file into the partial folder of ``staged``."""
    name = loaded.scenario.meta.name
    horizon = days if days is not None else loaded.scenario.meta.horizon_days
    job = prepare_job(
        loaded, seed=seed, strategies=dict(strategies or {}), days=horizon, runs=runs, bins=bins
    )
    chosen = job.strategies.names
    store = staged.writer(fresh=True)
    created = dt.datetime.now(dt.UTC)
    common: dict[str, Any] = {
        "scenario": name,
        "scenario_sha256": loaded.sha256,
        "seed": seed,
        "strategies": chosen,
        "runs": runs,
        "days": horizon,
        "chunk": chunk,
        "workers": workers,
        "created": created,
    }
    total = job.new_bands()
    store.write_manifest(build_manifest(**common, bands=total, kpis=None, status="running"))

    sc = loaded.scenario
    kpis = KpiAccumulator([o.id for o in sc.theatre.objectives], SIDES, horizon=horizon)
    writer = RunsWriter(store, runs, on_block=kpis.update)
    started = time.perf_counter()
    done = 0
    if progress:
        progress(0, runs)
    for result in execute_chunks(job, plan_chunks(runs, chunk), workers):
        writer.add(result.chunk.start, result.runs)
        total.merge(result.bands)
        done += result.chunk.size
        if progress:
            progress(done, runs)
    runs_files = writer.close()
    daily_file = store.write_chunk(DAILY_TABLE, 0, total.to_table())
    summary = kpis.summary()
    files = {
        "runs": [str(p.relative_to(store.path)) for p in runs_files],
        "daily": str(daily_file.relative_to(store.path)),
    }
    manifest = build_manifest(
        **common,
        bands=total,
        kpis=summary,
        status="complete",
        elapsed_s=round(time.perf_counter() - started, 3),
        files=files,
    )
    manifest_file = store.write_manifest(manifest)
    manifest["experiment"] = store.experiment_id
    return RunResult(summary, store.path, runs_files, daily_file, manifest_file, manifest, total)
