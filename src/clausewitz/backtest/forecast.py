"""Forecasts as ensembles, and the model's forecast extracted from the engine.

Every forecast, the model's or a naive one, is an ensemble on the same targets: each town's
distance to the front on each scored date, each town's fall day (censored), and the area
gained in each month. The engine's runs are the model's members.

The model's distance to a town on day ``D`` is ``max(0, depth0 - front[sector](D))`` and 0
once the town has fallen (by the front or by encirclement); its area gained is the sum over
sectors of frontage × the front's advance, as the engine's ``territory_km2``. Only the
weekly front per sector is recorded per run (runs × recorded days × sectors floats).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
from numpy.typing import NDArray

from clausewitz.backtest.targets import Targets
from clausewitz.engine.outcomes import DayState
from clausewitz.engine.plan import Plan
from clausewitz.runner.bands import DailyBands
from clausewitz.runner.chunks import ChunkRange, plan_chunks
from clausewitz.runner.execute import ChunkResult, execute_chunks
from clausewitz.runner.job import EngineJob

Progress = Callable[[int, int], None]


@dataclass
class Forecast:
    """An ensemble forecast of every target (members on the last axis)."""

    name: str
    distance: NDArray[np.float64]
    """(towns, dates, members) km."""
    fall_day: NDArray[np.float64]
    """(towns, members) days from the start date, censored at the targets' ``censor``."""
    area_gained: NDArray[np.float64]
    """(months, members) km²."""
    note: str = ""
    losses: NDArray[np.float64] | None = None
    """(members,) attacker losses over the scored window (the model only)."""
    area_window: NDArray[np.float64] | None = None
    """(members,) km² gained over the scored window (the model only)."""

    @property
    def members(self) -> int:
        """Ensemble size."""
        return int(self.fall_day.shape[1])

    def p_fall(self, censor: float) -> NDArray[np.float64]:
        """(towns,) probability that each town falls within the window."""
        p: NDArray[np.float64] = (self.fall_day < censor).mean(axis=1)
        return p


class _Recorder:
    """Observer keeping the front per sector and the attacker's losses on chosen days."""

    def __init__(self, days: Sequence[int], plan: Plan) -> None:
        self.index = {d: k for k, d in enumerate(days)}
        R, S = plan.n_runs, plan.n_sectors
        self.front = np.zeros((len(days), R, S))
        self.losses = np.zeros((len(days), R))

    def __call__(self, day: int, state: DayState) -> None:
        k = self.index.get(day)
        if k is None:
            return
        self.front[k] = state["front"]
        # attacker (side 0): killed + wounded + missing, cumulative
        killed, wounded, missing = (
            np.asarray(state[name][:, 0], dtype=np.float64)
            for name in ("killed", "wounded", "missing")
        )
        self.losses[k] = killed + wounded + missing


@dataclass
class ForecastJob:
    """Simulates chunks of a scenario and keeps what the backtest scores (picklable)."""

    engine: EngineJob
    record_days: tuple[int, ...]
    """Engine days (0-based, end of day) whose state is kept."""

    def run_chunk(self, chunk: ChunkRange) -> ChunkResult:
        """Runs ``[chunk.start, chunk.stop)`` as one row each."""
        run_ids = np.arange(chunk.start, chunk.stop, dtype=np.int64)
        plan, _ = self.engine.plan(run_ids)
        rec = _Recorder(self.record_days, plan)
        out = self.engine.prepared.simulate(plan, self.engine.strategies, observer=rec)
        th = plan.theatre
        cols: dict[str, pa.Array] = {"run": pa.array(run_ids)}
        for o in range(th.n_objectives):
            cols[f"fall.{o}"] = pa.array(out.fall_day[:, o])
            cols[f"depth.{o}"] = pa.array(th.objective_depth[:, o])
            cols[f"sector.{o}"] = pa.array(np.full(plan.n_runs, th.objective_sector[o]))
        for s in range(th.n_sectors):
            cols[f"frontage.{s}"] = pa.array(th.frontage[:, s])
        for k in range(len(self.record_days)):
            for s in range(th.n_sectors):
                cols[f"front.{k}.{s}"] = pa.array(rec.front[k, :, s])
            cols[f"losses.{k}"] = pa.array(rec.losses[k])
        return ChunkResult(chunk, pa.table(cols), DailyBands((), 1, 1))


@dataclass
class ModelRuns:
    """The recorded state of every run, in run order."""

    record_days: tuple[int, ...]
    fall_day: NDArray[np.int64]
    """(R, O) engine fall day, -1 if never."""
    depth: NDArray[np.float64]
    """(R, O) km from the start front."""
    sector: NDArray[np.int64]
    """(O,) sector of each objective."""
    frontage: NDArray[np.float64]
    """(R, S) km."""
    front: NDArray[np.float64]
    """(K, R, S) km advanced at the end of each recorded day."""
    losses: NDArray[np.float64]
    """(K, R) attacker losses, cumulative."""


def simulate_runs(
    engine: EngineJob,
    record_days: Sequence[int],
    *,
    runs: int,
    chunk: int,
    workers: int,
    progress: Progress | None = None,
) -> ModelRuns:
    """Simulate runs ``[0, runs)`` and gather their recorded state (same for any chunking)."""
    job = ForecastJob(engine, tuple(record_days))
    tables: dict[int, pa.Table] = {}
    done = 0
    if progress:
        progress(0, runs)
    for result in execute_chunks(job, plan_chunks(runs, chunk), workers):
        tables[result.chunk.index] = result.runs
        done += result.chunk.size
        if progress:
            progress(done, runs)
    table = pa.concat_tables([tables[i] for i in sorted(tables)])
    n_obj = sum(1 for c in table.column_names if c.startswith("fall."))
    n_sec = sum(1 for c in table.column_names if c.startswith("frontage."))
    K = len(record_days)

    def col(name: str) -> NDArray[np.float64]:
        return np.asarray(table.column(name).to_numpy(), dtype=np.float64)

    return ModelRuns(
        record_days=tuple(record_days),
        fall_day=np.column_stack(
            [table.column(f"fall.{o}").to_numpy() for o in range(n_obj)]
        ).astype(np.int64),
        depth=np.column_stack([col(f"depth.{o}") for o in range(n_obj)]),
        sector=np.array(
            [int(table.column(f"sector.{o}")[0].as_py()) for o in range(n_obj)], dtype=np.int64
        ),
        frontage=np.column_stack([col(f"frontage.{s}") for s in range(n_sec)]),
        front=np.stack(
            [np.column_stack([col(f"front.{k}.{s}") for s in range(n_sec)]) for k in range(K)]
        ),
        losses=np.stack([col(f"losses.{k}") for k in range(K)]),
    )


def needed_days(targets: Targets) -> list[int]:
    """Engine days whose state the scores need: the end of the day before each scored date,
    month boundary and the anchor (negative ones need no simulation: nothing moved yet)."""
    days = {targets.day(d) for d in targets.dates}
    days |= {targets.day(d) for w in targets.months for d in w}
    days.add(targets.day(targets.anchor))
    return sorted(d - 1 for d in days if d >= 1)


def model_forecast(targets: Targets, runs: ModelRuns) -> Forecast:
    """The model's ensemble on the targets."""
    index = {d: k for k, d in enumerate(runs.record_days)}
    R = runs.fall_day.shape[0]

    def front_on(day: int) -> NDArray[np.float64]:
        """(R, S) front at the map of ``day`` (days from the start)."""
        if day < 1:
            return np.zeros_like(runs.frontage)
        return runs.front[index[day - 1]]

    def losses_on(day: int) -> NDArray[np.float64]:
        return np.zeros(R) if day < 1 else runs.losses[index[day - 1]]

    def area_on(day: int) -> NDArray[np.float64]:
        total = np.zeros(R)
        front = front_on(day)
        for s in range(front.shape[1]):  # summed in sector order, as the engine does
            total = total + front[:, s] * runs.frontage[:, s]
        return total

    towns = targets.towns
    dist = np.empty((len(towns), len(targets.dates), R))
    fall = np.empty((len(towns), R))
    for i, town in enumerate(towns):
        o = town.index
        s = int(runs.sector[o])
        fd = runs.fall_day[:, o]
        for j, d in enumerate(targets.dates):
            day = targets.day(d)
            fallen = (fd >= 0) & (fd <= day - 1)
            left = np.maximum(0.0, runs.depth[:, o] - front_on(day)[:, s])
            dist[i, j] = np.where(fallen, 0.0, left)
        fall[i] = np.where(fd >= 0, fd + 1.0, np.inf)
    fall = np.minimum(fall, targets.censor)
    area = np.empty((len(targets.months), R))
    for m, (a, b) in enumerate(targets.months):
        area[m] = area_on(targets.day(b)) - area_on(targets.day(a))
    first, last = targets.day(targets.anchor), targets.last_day
    return Forecast(
        name="model",
        distance=dist,
        fall_day=fall,
        area_gained=area,
        note=f"{R:,} runs of the engine",
        losses=losses_on(last) - losses_on(first),
        area_window=area_on(last) - area_on(first),
    )
