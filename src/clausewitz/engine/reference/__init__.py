"""The reference engine: one run at a time, in plain Python, to be read next to docs/model.md.

It is the oracle the fast engine is tested against: no NumPy vectorisation, no Numba, random
numbers from the plain-Python forms of :mod:`clausewitz.engine.draws`. Each step of the daily
order is a function in the module of its mechanism, named in its section of ``docs/model.md``:

1. :func:`forces.generate` (§1), 2. :func:`observe.observe`, strategies,
:func:`forces.commit`, :func:`observe.effective_postures` (§2), 3. :func:`logistics.supply`
(§3), 4. :func:`breakpoints.start_engagements` and :func:`attrition.attrition` (§4),
5. :func:`breakpoints.breakpoints` (§5), 6. :func:`advance.advance` and
:func:`objectives.objectives` (§6), 7. :func:`economy.step` (§7), 8. :func:`ceasefire.step`
(§8).
"""

from __future__ import annotations

import copy

import numpy as np

from clausewitz.engine.draws import check_runs, check_seed
from clausewitz.engine.orders import Strategies
from clausewitz.engine.outcomes import DAILY, Outcomes, Trajectory
from clausewitz.engine.plan import Plan
from clausewitz.engine.reference import (
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
from clausewitz.engine.reference.params import RunParams
from clausewitz.engine.reference.state import RunState

__all__ = ["simulate_run"]


def _snapshot(st: RunState) -> dict[str, object]:
    """A copy of the recorded state variables (see :data:`DAILY`)."""
    return {name: copy.deepcopy(getattr(st, name)) for name in DAILY}


def simulate_run(
    plan: Plan,
    run_index: int,
    seed: int,
    strategies: Strategies,
    *,
    days: int | None = None,
) -> Trajectory:
    """Simulate the run at position ``run_index`` of ``plan`` (its global index is
    ``plan.run_ids[run_index]``) for ``days`` days (default: the plan's horizon)."""
    seed = check_seed(seed)
    check_runs(plan.run_ids[run_index : run_index + 1], plan.n_sectors, plan.logistics.n_edges)
    p = RunParams.of(plan, run_index)
    horizon = plan.horizon_days if days is None else int(days)
    st = RunState.initial(p)
    record: list[dict[str, object]] = []
    for t in range(horizon):
        forces.generate(p, st, t)  # §1
        forces.arrive(p, st, t)  # §2: reserves at the end of their movement join the line
        seen = [observe.observe(p, st, t, side) for side in (0, 1)]  # §2
        orders = (strategies.attacker.decide(seen[0]), strategies.defender.decide(seen[1]))
        for side in (0, 1):
            withdraw = orders[side].withdraw
            if withdraw is not None:
                forces.withdraw(p, st, t, side, withdraw[0].tolist())
            forces.commit(p, st, t, side, orders[side].allocation[0].tolist())
        observe.effective_postures(p, st, orders)
        logistics.supply(p, st, t, seed)  # §3
        front_before = list(st.front)
        breakpoints.start_engagements(p, st, seed)  # §4
        attrition.attrition(p, st, t, seed)
        breakpoints.breakpoints(p, st, t, seed)  # §5
        advance.advance(p, st, t, seed)  # §6
        objectives.objectives(p, st, t, seed)
        st.advance_today = [st.front[s] - front_before[s] for s in range(p.n_sectors)]
        economy.step(p, st, t, seed)  # §7
        ceasefire.step(p, st, t, seed)  # §8
        record.append(_snapshot(st))
    daily = {name: np.array([day[name] for day in record], dtype=np.float64) for name in DAILY}
    return Trajectory(outcomes=_outcomes(plan, p, st, horizon), daily=daily)


def _outcomes(plan: Plan, p: RunParams, st: RunState, horizon: int) -> Outcomes:
    S = p.n_sectors
    territory = 0.0
    for s in range(S):
        territory += st.front[s] * p.theatre.frontage[s]
    return Outcomes(
        run_ids=np.array([p.run], dtype=np.int64),
        sector_ids=plan.theatre.sector_ids,
        objective_ids=plan.theatre.objective_ids,
        days=horizon,
        fall_day=np.array([st.fall_day], dtype=np.int64),
        front=np.array([st.front]),
        losses=np.array([[[st.killed[i], st.wounded[i], st.missing[i]] for i in (0, 1)]]),
        returned=np.array([st.returned]),
        territory_km2=np.array([territory]),
        ceasefire_day=np.array([st.ceasefire_day], dtype=np.int64),
        crisis_day=np.array([st.crisis_day], dtype=np.int64),
        line=np.array([[sum(st.line[0]), sum(st.line[1])]]),
        reserve=np.array([st.reserve]),
        defender_breaks=np.array([st.defender_breaks], dtype=np.int64),
        attacker_breaks=np.array([st.attacker_breaks], dtype=np.int64),
    )
