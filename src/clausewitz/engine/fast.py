"""The fast engine: all runs of a plan at once, the day loop in Python, each step a Numba
kernel over (runs x sectors).

It follows the daily order of ``docs/model.md`` exactly as the reference engine does and is
tested to produce the same trajectory for the same plan, seed and run. Per day it allocates
nothing that grows with the number of runs except what the strategies themselves return.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np
from numpy.typing import NDArray

from clausewitz.engine.draws import check_runs, check_seed
from clausewitz.engine.kernels import (
    advance,
    attrition,
    breakpoints,
    ceasefire,
    economy,
    forces,
    logistics,
    objectives,
    observe,
)
from clausewitz.engine.kernels.packs import Pack, pack_arrays, pack_plan
from clausewitz.engine.orders import Observation, Strategies
from clausewitz.engine.outcomes import DayState, Outcomes
from clausewitz.engine.plan import SIDES, Plan
from clausewitz.engine.state import FastState

Observer = Callable[[int, DayState], None]
"""Called at the end of each day with the day and read-only views of the state."""

__all__ = ["Observer", "simulate"]


_A = TypeVar("_A", bound=NDArray[Any])


def _readonly(a: _A) -> _A:
    view: _A = a.view()
    view.flags.writeable = False
    return view


@dataclass
class _Buffers:
    """One side's observation arrays, refilled in place every day."""

    belt: NDArray[np.int64]
    line: NDArray[np.float64]
    reserve: NDArray[np.float64]
    supply: NDArray[np.float64]
    losses: NDArray[np.float64]
    yesterday: NDArray[np.float64]
    enemy: NDArray[np.float64]
    paused: NDArray[np.int64]
    distance: NDArray[np.float64]
    fallen: NDArray[np.bool_]
    crisis: NDArray[np.bool_]
    ceasefire: NDArray[np.bool_]

    @classmethod
    def allocate(cls, R: int, S: int, n_obj: int) -> _Buffers:
        return cls(
            belt=np.zeros((R, S), np.int64),
            line=np.zeros((R, S)),
            reserve=np.zeros(R),
            supply=np.zeros((R, S)),
            losses=np.zeros(R),
            yesterday=np.zeros((R, S)),
            enemy=np.zeros((R, S)),
            paused=np.zeros((R, S), np.int64),
            distance=np.zeros((R, n_obj)),
            fallen=np.zeros((R, n_obj), np.bool_),
            crisis=np.zeros(R, np.bool_),
            ceasefire=np.zeros(R, np.bool_),
        )


@dataclass
class _Simulation:
    """One simulation in progress: the plan, the state and their packs for the kernels."""

    plan: Plan
    seed: int
    strategies: Strategies
    state: FastState
    packed_plan: Pack
    packed_state: Pack
    buffers: tuple[_Buffers, _Buffers]
    observed: tuple[Pack, Pack]
    scratch: Pack
    losses: Pack
    economy_on: bool
    talks_on: bool

    @classmethod
    def start(cls, plan: Plan, seed: int, strategies: Strategies) -> _Simulation:
        """The initial state of every run, packed once for the whole simulation."""
        R, S, n_obj = plan.n_runs, plan.n_sectors, plan.theatre.n_objectives
        state = FastState.initial(plan)
        buffers = (_Buffers.allocate(R, S, n_obj), _Buffers.allocate(R, S, n_obj))
        sw = plan.switches
        return cls(
            plan=plan,
            seed=seed,
            strategies=strategies,
            state=state,
            packed_plan=pack_plan(plan),
            packed_state=pack_arrays(state),
            buffers=buffers,
            observed=(pack_arrays(buffers[0]), pack_arrays(buffers[1])),
            scratch=logistics.scratch(plan),
            losses=attrition.scratch(plan),
            economy_on=sw.economy and bool(plan.economy.enabled.any()),
            talks_on=sw.ceasefire and plan.talks.enabled,
        )


def _observe(sim: _Simulation, t: int, side: int) -> Observation:
    th, st, buf = sim.plan.theatre, sim.state, sim.buffers[side]
    observe.fill(side, sim.packed_plan, sim.packed_state, sim.observed[side])
    ro = _readonly
    return Observation(
        side=SIDES[side],
        day=t,
        sector_ids=th.sector_ids,
        main_axis=ro(th.main_axis),
        frontage=ro(th.frontage),
        front=ro(st.front),
        belt=ro(buf.belt),
        n_belts=ro(th.n_belts),
        own_line=ro(buf.line),
        own_reserves=ro(buf.reserve),
        own_supply=ro(buf.supply),
        own_losses=ro(buf.losses),
        own_losses_yesterday=ro(buf.yesterday),
        enemy_losses_observed=ro(buf.enemy),
        attack_paused=ro(buf.paused),
        objective_ids=th.objective_ids,
        objective_sector=ro(th.objective_sector),
        objective_hub=ro(th.objective_hub),
        objective_distance=ro(buf.distance),
        objectives_fallen=ro(buf.fallen),
        crisis=ro(buf.crisis),
        ceasefire=ro(buf.ceasefire),
    )


def simulate(
    plan: Plan,
    seed: int,
    strategies: Strategies,
    *,
    days: int | None = None,
    observer: Observer | None = None,
) -> Outcomes:
    """Simulate every run of ``plan`` for ``days`` days (default: the plan's horizon).

    ``seed`` and each run's global index (``plan.run_ids``) key every random draw, so a run's
    trajectory does not depend on the other runs simulated with it. ``observer(day, state)``
    is called at the end of every day with read-only views (:class:`DayState`).
    """
    horizon = plan.horizon_days if days is None else int(days)
    seed = check_seed(seed)
    check_runs(plan.run_ids, plan.n_sectors, plan.logistics.n_edges)
    sim = _Simulation.start(plan, seed, strategies)
    for t in range(horizon):
        _day(sim, t)
        if observer is not None:
            observer(t, sim.state.day_state(t))
    return outcomes_of(plan, sim.state, horizon)


def _day(sim: _Simulation, t: int) -> None:
    """One day of every run, in the order of ``docs/model.md``."""
    seed, plan, state = sim.seed, sim.packed_plan, sim.packed_state
    if sim.plan.switches.force_generation:
        forces.generate(t, plan, state)  # §1 force generation
    _orders(sim, t)  # §2 arrivals, observation, orders, commitment, effective postures
    if sim.plan.switches.logistics:
        logistics.supply(t, seed, plan, state, sim.scratch)  # §3 logistics
    np.copyto(sim.state.front_before, sim.state.front)
    # §4 attrition (an engagement starts, with its break thresholds, before the losses)
    breakpoints.start_engagements(seed, plan, state)
    attrition.attrition(t, seed, plan, state, sim.losses)
    breakpoints.breakpoints(t, seed, plan, state)  # §5 breakpoints
    advance.advance(t, seed, plan, state)  # §6 advance and objectives
    objectives.objectives(t, seed, plan, state)
    advance.advance_today(state)
    if sim.economy_on:
        economy.economy(t, seed, plan, state)  # §7 economy
    if sim.talks_on:
        ceasefire.ceasefire(t, seed, plan, state)  # §8 ceasefire


def _orders(sim: _Simulation, t: int) -> None:
    """§2: troops in transit arrive, each side observes and decides, reserves move, and the
    postures that take effect are set."""
    plan, state, st = sim.packed_plan, sim.packed_state, sim.state
    forces.arrive(t, state)
    orders = [sim.strategies.of(side).decide(_observe(sim, t, side)) for side in (0, 1)]
    for side in (0, 1):
        withdraw = orders[side].withdraw
        if withdraw is not None and withdraw.any():
            forces.withdraw(t, side, withdraw, plan, state)
        forces.commit(t, side, orders[side].allocation, plan, state)
        st.tempo[:, side, :] = orders[side].tempo
        st.tolerance[:, side, :] = orders[side].loss_tolerance
    forces.effective_postures(orders[0].posture, orders[1].posture, state)


def outcomes_of(plan: Plan, st: FastState, days: int) -> Outcomes:
    """Per-run outcomes from a final state."""
    territory = np.zeros(plan.n_runs)
    for s in range(plan.n_sectors):
        territory = territory + st.front[:, s] * plan.theatre.frontage[:, s]
    line = np.zeros((plan.n_runs, 2))
    for s in range(plan.n_sectors):
        line = line + st.line[:, :, s]
    return Outcomes(
        run_ids=plan.run_ids.copy(),
        sector_ids=plan.theatre.sector_ids,
        objective_ids=plan.theatre.objective_ids,
        days=days,
        fall_day=st.fall_day.copy(),
        front=st.front.copy(),
        losses=st.losses.copy(),
        returned=st.returned.copy(),
        territory_km2=territory,
        ceasefire_day=st.ceasefire_day.copy(),
        crisis_day=st.crisis_day.copy(),
        line=line,
        reserve=st.reserve.copy(),
        defender_breaks=st.defender_breaks.copy(),
        attacker_breaks=st.attacker_breaks.copy(),
    )
