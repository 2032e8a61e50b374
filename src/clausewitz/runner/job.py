"""A run set as a job for the engine: sample, compile and simulate one chunk, then reduce it.

:class:`EngineJob` holds only what determines results (the loaded scenario, seed, strategy
names, days, the band variables and the parameter columns) and is sent to worker processes
once; each process rebuilds its :class:`~clausewitz.prepare.prepared.PreparedScenario`
(estimates, bounds, strategies: deterministic) and caches it. :func:`prepare_job` chooses the
fixed band ranges *before* the run, from the scenario and a pilot of the first runs, so that
every chunk bins the same way.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa
from numpy.typing import NDArray

from clausewitz.engine.outcomes import DayState, Outcomes
from clausewitz.engine.plan import LOSS_KINDS, SIDES, Plan
from clausewitz.prepare.prepared import PreparedScenario
from clausewitz.runner import outputs as col
from clausewitz.runner.bands import DEFAULT_BINS, BandVariable, DailyBands
from clausewitz.runner.chunks import ChunkRange
from clausewitz.runner.execute import ChunkResult
from clausewitz.scenario.loader import LoadedScenario
from clausewitz.scenario.positions import Positions
from clausewitz.strategies import Strategies

PILOT_RUNS = 256
"""Runs simulated before the real run to choose the ranges of the front and territory bands."""
PILOT_MARGIN = 1.5
"""Band ranges from the pilot are its largest value times this: the pilot sees only a sample,
so later runs may go further (values beyond still count, at coarser resolution)."""


class _NoPositions(Positions):
    """No file positions, and unlike :class:`Positions` picklable (sent to workers)."""

    def __init__(self) -> None:
        super().__init__({}, {}, {})

    def __reduce__(self) -> tuple[type[_NoPositions], tuple[()]]:
        return (_NoPositions, ())


@dataclass
class EngineJob:
    """Simulates chunks of runs of one scenario with the fast engine (picklable)."""

    loaded: LoadedScenario
    seed: int
    strategy_names: Mapping[str, str]
    days: int
    band_variables: tuple[BandVariable, ...] = ()
    bins: int = DEFAULT_BINS
    param_names: tuple[str, ...] = ()
    """Parameters written per run (those that vary between runs), in name order."""
    _prepared: PreparedScenario | None = field(default=None, repr=False, compare=False)

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_prepared"] = None  # each process derives its own
        # File positions only serve error messages, which the main process has already had a
        # chance to raise while preparing the job; they do not pickle.
        state["loaded"] = dataclasses.replace(self.loaded, positions=_NoPositions())
        return state

    @property
    def prepared(self) -> PreparedScenario:
        """The prepared scenario: estimates, bounds and strategies (built once per process)."""
        if self._prepared is None:
            self._prepared = PreparedScenario(self.loaded, seed=self.seed, days=self.days)
        return self._prepared

    @property
    def strategies(self) -> Strategies:
        """Both sides' strategies (:class:`UserError` if a name is unknown)."""
        return self.prepared.strategies(self.strategy_names)

    def samples(self, run_ids: NDArray[np.int64]) -> dict[str, NDArray[np.float64]]:
        """Every parameter's value for each run."""
        return self.prepared.sample(run_ids)

    def plan(self, run_ids: NDArray[np.int64]) -> tuple[Plan, dict[str, NDArray[np.float64]]]:
        """The compiled plan of ``run_ids`` and the samples it was compiled from."""
        samples = self.samples(run_ids)
        return self.prepared.compile(samples, run_ids), samples

    def new_bands(self) -> DailyBands:
        """Empty bands of this job's variables."""
        return DailyBands(self.band_variables, self.days, self.bins)

    def run_chunk(self, chunk: ChunkRange) -> ChunkResult:
        """Simulate runs ``[chunk.start, chunk.stop)``: their rows and their daily bands."""
        run_ids = np.arange(chunk.start, chunk.stop, dtype=np.int64)
        plan, samples = self.plan(run_ids)
        bands = self.new_bands()
        observer = BandObserver(bands, plan)
        outcomes = self.prepared.simulate(plan, self.strategies, observer=observer)
        table = runs_table(outcomes, samples, self.param_names)
        return ChunkResult(chunk, table, bands)


# ---------------------------------------------------------------------------------------------
# the per-run table


def _nullable_day(day: NDArray[np.int64]) -> pa.Array:
    """Days with -1 ("did not happen") as nulls."""
    return pa.array(day.astype(np.int32), mask=day < 0)


def runs_table(
    outcomes: Outcomes, samples: Mapping[str, NDArray[np.float64]], param_names: Sequence[str]
) -> pa.Table:
    """One row per run, columns as documented in :mod:`clausewitz.runner.outputs`."""
    o = outcomes
    cols: dict[str, pa.Array] = {col.RUN: pa.array(o.run_ids.astype(np.int64))}
    for i, name in enumerate(o.objective_ids):
        cols[col.objective_column(name)] = _nullable_day(o.fall_day[:, i])
    for s, name in enumerate(o.sector_ids):
        cols[col.front_column(name)] = pa.array(o.front[:, s])
    for i, side in enumerate(SIDES):
        for k, kind in enumerate(LOSS_KINDS):
            cols[col.losses_column(side, kind)] = pa.array(o.losses[:, i, k])
    for i, side in enumerate(SIDES):
        # summed in a fixed order (killed + wounded + missing): identical for any chunking
        total = o.losses[:, i, 0] + o.losses[:, i, 1] + o.losses[:, i, 2]
        cols[col.losses_total_column(side)] = pa.array(total)
    cols[col.TERRITORY] = pa.array(o.territory_km2)
    cols[col.CEASEFIRE_DAY] = _nullable_day(o.ceasefire_day)
    for i, side in enumerate(SIDES):
        cols[col.crisis_column(side)] = _nullable_day(o.crisis_day[:, i])
    for i, side in enumerate(SIDES):
        cols[f"returned.{side}"] = pa.array(o.returned[:, i])
        cols[f"line_end.{side}"] = pa.array(o.line[:, i])
        cols[f"reserve_end.{side}"] = pa.array(o.reserve[:, i])
    for s, name in enumerate(o.sector_ids):
        cols[f"defender_breaks.{name}"] = pa.array(o.defender_breaks[:, s].astype(np.int32))
        cols[f"attacker_breaks.{name}"] = pa.array(o.attacker_breaks[:, s].astype(np.int32))
    for name in param_names:
        cols[col.param_column(name)] = pa.array(np.asarray(samples[name], dtype=np.float64))
    return pa.table(cols)


# ---------------------------------------------------------------------------------------------
# daily bands


def band_layout(sector_ids: Sequence[str], transit: bool = False) -> list[str]:
    """Names of the banded variables, in column order of :class:`BandObserver`; with
    ``transit`` (a side's reserve stands at a location, so troops march), each side's troops
    in transit last."""
    names = [f"forces.{side}" for side in SIDES]
    names += [f"reserves.{side}" for side in SIDES]
    names += [f"front.{s}" for s in sector_ids]
    names += [f"supply.{side}.{s}" for side in SIDES for s in sector_ids]
    names.append("territory_km2")
    if transit:
        names += [f"transit.{side}" for side in SIDES]
    return names


class BandObserver:
    """Engine observer that adds each day's state of a chunk to :class:`DailyBands`.

    ``forces.<side>`` is the side's troops in the line over all sectors, ``reserves.<side>``
    its uncommitted troops, ``front.<sector>`` km advanced, ``supply.<side>.<sector>`` supply
    satisfaction in [0, 1], ``territory_km2`` the ground taken (front × frontage, summed),
    and, when the bands have them, ``transit.<side>`` the side's troops on the march.
    One buffer of ``runs × variables`` is reused every day.
    """

    def __init__(self, bands: DailyBands, plan: Plan) -> None:
        self.bands = bands
        self.n_sectors = plan.n_sectors
        self.frontage = plan.theatre.frontage
        self.buffer = np.empty((plan.n_runs, len(bands.variables)))
        self.transit = any(v.name.startswith("transit.") for v in bands.variables)
        if [v.name for v in bands.variables] != band_layout(plan.theatre.sector_ids, self.transit):
            raise ValueError("band variables do not match the plan's sectors")

    def __call__(self, day: int, state: DayState) -> None:
        S = self.n_sectors
        buf = self.buffer
        line = state["line"]  # (R, 2, S)
        np.sum(line, axis=2, out=buf[:, 0:2])
        buf[:, 2:4] = state["reserve"]
        front = np.asarray(state["front"], dtype=np.float64)  # (R, S)
        buf[:, 4 : 4 + S] = front
        buf[:, 4 + S : 4 + 3 * S] = state["supply"].reshape(buf.shape[0], 2 * S)
        # territory summed over sectors in sector order, as the engine's outcomes do
        terr = buf[:, 4 + 3 * S]
        terr[:] = 0.0
        for s in range(S):
            terr += front[:, s] * self.frontage[:, s]
        if self.transit:
            buf[:, 5 + 3 * S : 7 + 3 * S] = state["transit"]
        self.bands.add(day, buf)


# ---------------------------------------------------------------------------------------------
# preparing a job


def _personnel_bound(plan: Plan, days: int) -> NDArray[np.float64]:
    """(2,) most troops a side could ever have: start + arrivals + recruits, no losses."""
    fo = plan.forces
    arrivals = np.zeros((plan.n_runs, 2))
    for c in range(fo.n_contingents):
        arrivals[:, fo.contingent_side[c]] += fo.contingent_troops[:, c]
    most = fo.start_total + arrivals + fo.recruits_per_day * days
    bound: NDArray[np.float64] = most.max(axis=0)
    return bound


def prepare_job(
    loaded: LoadedScenario,
    *,
    seed: int,
    strategies: Mapping[str, str],
    days: int,
    runs: int,
    bins: int = DEFAULT_BINS,
) -> EngineJob:
    """An :class:`EngineJob` with its band ranges and parameter columns chosen.

    Ranges: supply [0, 1] exactly; forces, reserves and transit [0, the most personnel the
    side can have] over the pilot's parameter draws, times :data:`PILOT_MARGIN`; front and
    territory [0, the pilot's largest value × PILOT_MARGIN]. The pilot is runs
    ``[0, min(runs, 256))``, so the ranges depend on the seed, scenario and strategies, never
    on chunking.
    """
    job = EngineJob(loaded, seed, dict(strategies), days, bins=bins)
    pilot_ids = np.arange(min(runs, PILOT_RUNS), dtype=np.int64)
    plan, _ = job.plan(pilot_ids)
    sector_ids = plan.theatre.sector_ids
    S = plan.n_sectors
    front_max = np.zeros(S)
    terr_max = np.zeros(1)

    def track(day: int, state: DayState) -> None:
        front = np.asarray(state["front"], dtype=np.float64)
        np.maximum(front_max, front.max(axis=0), out=front_max)
        terr_max[0] = max(terr_max[0], float((front * plan.theatre.frontage).sum(axis=1).max()))

    job.prepared.simulate(plan, job.strategies, observer=track)
    personnel = _personnel_bound(plan, days) * PILOT_MARGIN
    # troops march only where a side's reserve stands at a location (docs/model.md §2)
    transit = bool(np.any(plan.forces.transit_days > 0))
    variables: list[BandVariable] = []
    for name in band_layout(sector_ids, transit):
        kind = name.split(".", 1)[0]
        if kind in ("forces", "reserves", "transit"):
            side = SIDES.index(name.split(".")[1])
            hi = float(personnel[side])
        elif kind == "front":
            hi = float(front_max[sector_ids.index(name.split(".", 1)[1])]) * PILOT_MARGIN
        elif kind == "supply":
            hi = 1.0
        else:
            hi = float(terr_max[0]) * PILOT_MARGIN
        # a range never collapses: a front that did not move in the pilot still gets 1 km
        variables.append(BandVariable(name, 0.0, max(hi, 1.0)))
    job.band_variables = tuple(variables)
    job.param_names = job.prepared.varying()
    return job
