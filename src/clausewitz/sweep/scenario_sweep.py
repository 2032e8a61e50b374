"""A sweep of a scenario: the design, strategies and runs that ``clausewitz sweep`` executes.

:func:`prepare_sweep` checks everything a user can get wrong *before* any worker starts
(parameter names with a "did you mean", values inside each parameter's bounds, parameters the
model actually uses, strategy names) and builds the :class:`~clausewitz.sweep.execute.SweepSpec`
whose chunks :func:`~clausewitz.sweep.scenario_points.scenario_runs` evaluates.
:func:`stored_sweep` rebuilds the spec of a stored sweep from its manifest and design, so
``--resume EXPERIMENT`` needs no other option.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from clausewitz.errors import UserError
from clausewitz.prepare.prepared import PreparedScenario
from clausewitz.scenario.loader import load_scenario, resolve_scenario
from clausewitz.store import ExperimentWriter
from clausewitz.sweep.design import Sampler, make_design, parse_vary, read_design
from clausewitz.sweep.execute import SweepResult, SweepSpec, check_scheduler
from clausewitz.sweep.scenario_points import EVALUATOR, sweep_payload
from clausewitz.sweep.strategy_sets import parse_strategy_sets

RUNS_PER_CHUNK = 256
"""Runs a chunk should hold when ``chunk_points`` is not given: long enough (about a second on
the flagship) that per-chunk costs stay small, short enough that a killed sweep loses little."""


@dataclass(frozen=True)
class ScenarioSweep:
    """A sweep ready to run: its spec, and the manifest fields people read."""

    spec: SweepSpec
    describe: dict[str, Any]

    @property
    def points(self) -> int:
        """Points of the design."""
        return len(self.spec.design)

    @property
    def combinations(self) -> int:
        """Strategy combinations run at every point."""
        return len(self.spec.payload["strategies"])

    @property
    def runs_total(self) -> int:
        """Rows the sweep writes: points × combinations × runs per point."""
        return self.points * self.combinations * self.spec.runs_per_point

    def runs_in_chunks(self, chunks: int) -> int:
        """Rows in the first ``chunks`` chunks (all chunks but the last are full)."""
        points = min(chunks * self.spec.chunk_points, self.points)
        return points * self.combinations * self.spec.runs_per_point

    def progress_text(self, chunks: int) -> str:
        """``points P/N · runs R/M`` after ``chunks`` chunks."""
        pts = min(chunks * self.spec.chunk_points, self.points)
        return (
            f"points {pts:,}/{self.points:,} · runs "
            f"{self.runs_in_chunks(chunks):,}/{self.runs_total:,}"
        )

    def summary(self, result: SweepResult) -> dict[str, Any]:
        """What ``clausewitz sweep --json`` prints about the finished ``result``."""
        return {
            "experiment": result.experiment,
            "path": str(result.path),
            "points": self.points,
            "strategies": self.describe.get("strategies"),
            "runs_per_point": self.spec.runs_per_point,
            "runs": self.runs_total,
            "chunks": result.chunks_total,
            "chunks_run": result.chunks_run,
            "chunks_kept": result.chunks_skipped,
        }


def _scenario_ref(scenario: str) -> str:
    """How workers find the scenario: a bundled name as is, a file as an absolute path."""
    path, _ = resolve_scenario(scenario)
    return str(path.absolute()) if Path(scenario).exists() else scenario


def default_experiment(name: str) -> str:
    """``<scenario>-sweep-<UTC time>``."""
    return f"{name}-sweep-{dt.datetime.now(dt.UTC).strftime('%Y%m%d-%H%M%S')}"


@dataclass(frozen=True)
class SweepSettings:
    """What a new sweep varies and how it runs each point: ``clausewitz sweep``'s options.

    ``vary`` holds ``NAME=LOW:HIGH[:STEPS]`` texts (or give ``design_file``, a CSV with one
    column per parameter); ``strategies`` holds ``SIDE=NAME[,NAME...]`` texts, every
    combination of which runs at every point on the same runs.
    """

    vary: Sequence[str] = ()
    design_file: Path | None = None
    sampler: Sampler = "grid"
    points: int | None = None
    strategies: Sequence[str] = ()
    runs_per_point: int = 20
    days: int | None = None
    seed: int = 0
    chunk_points: int | None = None


def prepare_sweep(
    scenario: str, settings: SweepSettings, *, experiment: str | None = None
) -> ScenarioSweep:
    """Check a sweep's settings against the scenario and build its spec."""
    if bool(settings.vary) == (settings.design_file is not None):
        raise UserError("give either --vary (one or more) or --design FILE.csv")
    if settings.runs_per_point < 1:
        raise UserError("--runs-per-point must be at least 1")
    loaded = load_scenario(scenario)
    model = PreparedScenario(loaded, seed=settings.seed, days=settings.days)
    if settings.design_file is not None:
        design = read_design(settings.design_file)
    else:
        ranges = [parse_vary(v) for v in settings.vary]
        design = make_design(ranges, settings.sampler, points=settings.points, seed=settings.seed)
    overrides = {str(c): design[c].to_numpy(dtype=np.float64) for c in design.columns}
    model.check_overrides(overrides)
    unused = [n for n in overrides if not model.table[n].used]
    if unused:
        raise UserError(
            f"parameter '{unused[0]}' is not used by the model (no field or engine constant "
            "reads it), so varying it changes nothing"
        )
    combos = [model.strategies(c).names for c in parse_strategy_sets(settings.strategies)]
    for combo in combos:
        model.preflight(combo)
    payload = sweep_payload(loaded, _scenario_ref(scenario), strategies=combos, days=settings.days)
    chunk_points = settings.chunk_points
    if chunk_points is None:
        chunk_points = max(1, math.ceil(RUNS_PER_CHUNK / (settings.runs_per_point * len(combos))))
    name = loaded.scenario.meta.name
    spec = SweepSpec(
        experiment=experiment or default_experiment(name),
        evaluator=EVALUATOR,
        design=design,
        runs_per_point=settings.runs_per_point,
        seed=settings.seed,
        chunk_points=chunk_points,
        payload=payload,
    )
    describe = {
        "scenario": name,
        "scenario_sha256": loaded.sha256,
        "strategies": combos,
        "days": payload["days"],
        "runs": len(design) * len(combos) * settings.runs_per_point,
        "sampler": "design-file" if settings.design_file is not None else settings.sampler,
    }
    return ScenarioSweep(spec, describe)


def stored_sweep(results_dir: Path, experiment: str) -> ScenarioSweep:
    """The sweep stored as ``experiment`` (its manifest and ``design.csv``), to resume it."""
    writer = ExperimentWriter(Path(results_dir), experiment)
    manifest = writer.read_manifest()
    if manifest.get("kind") != "sweep" or manifest.get("evaluator") != EVALUATOR:
        raise UserError(f"experiment {experiment!r} is not a scenario sweep")
    design_path = writer.path / "design.csv"
    if not design_path.is_file():
        raise UserError(
            f"experiment {experiment!r} has no design.csv (it was killed while starting); "
            "resume it with the same --vary/--design options as the first time"
        )
    spec = SweepSpec(
        experiment=experiment,
        evaluator=EVALUATOR,
        design=read_design(design_path),
        runs_per_point=int(manifest["runs_per_point"]),
        seed=int(manifest["seed"]),
        chunk_points=int(manifest["chunk_points"]),
        payload=dict(manifest["payload"]),
    )
    if spec.fingerprint() != manifest.get("fingerprint"):
        raise UserError(
            f"experiment {experiment!r}: design.csv does not match the manifest; resume it "
            "with the same --vary/--design options as the first time"
        )
    current = load_scenario(spec.payload["scenario"]).sha256
    if current != spec.payload["scenario_sha256"]:
        raise UserError(
            f"experiment {experiment!r}: scenario {spec.payload['scenario']} has changed since "
            "the sweep started (its SHA-256 differs); start a new sweep"
        )
    keys = ("scenario", "scenario_sha256", "strategies", "days", "runs", "sampler")
    return ScenarioSweep(spec, {k: manifest[k] for k in keys if k in manifest})


def sweep_to_run(
    scenario: str,
    results_dir: Path,
    settings: SweepSettings,
    *,
    scheduler: str,
    resume: str | None = None,
    experiment: str | None = None,
) -> ScenarioSweep:
    """The sweep ``clausewitz sweep`` runs: the stored one when ``resume`` names it and no
    design is given, else a new one (see :func:`prepare_sweep`).
    Options that would only fail later (the scheduler, the sampler) are checked first."""
    check_scheduler(scheduler)  # before any work: a typo here must not cost the pilot
    if settings.sampler not in ("grid", "lhs", "sobol"):
        raise UserError(f"--sampler {settings.sampler!r}: choose grid, lhs or sobol")
    if resume and experiment and experiment != resume:
        raise UserError("--resume names the experiment; leave out --experiment")
    if resume and not settings.vary and settings.design_file is None:
        stored = stored_sweep(results_dir, resume)
        # the scenario named on the command line must be the one the sweep runs: resuming
        # another scenario's sweep would finish it and report it as this one's
        if load_scenario(scenario).sha256 != stored.spec.payload["scenario_sha256"]:
            raise UserError(
                f"--resume {resume}: that sweep is of scenario "
                f"{stored.spec.payload['scenario']}, not {scenario}; resume it with "
                f"'clausewitz sweep {stored.spec.payload['scenario']} --resume {resume}', or "
                "start a new sweep with another --experiment"
            )
        return stored
    return prepare_sweep(scenario, settings, experiment=resume or experiment)
