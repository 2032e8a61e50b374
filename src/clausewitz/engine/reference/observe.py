"""What each side observes, and the postures that take effect (reference engine).

A side sees its own line, reserves, supply and losses, and the enemy's losses only through
lognormal noise of mean 1 (``observed = true * LN(-sigma^2 / 2, sigma)``); the enemy's troops,
reserves and thresholds are hidden. What a side cannot know is not in its observation [ENG].
``docs/model.md`` §2.
"""

from __future__ import annotations

import numpy as np

from clausewitz.engine.orders import Observation, Orders
from clausewitz.engine.plan import ATTACK, ATTACKER, DEFEND, IDLE, SIDES
from clausewitz.engine.reference.params import RunParams
from clausewitz.engine.reference.state import RunState


def observe(p: RunParams, st: RunState, t: int, side: int) -> Observation:
    """Side ``side``'s observation at the start of day ``t``, as arrays with one run."""
    S = p.n_sectors
    th = p.theatre

    def row(values: list[float]) -> np.ndarray:
        return np.array([values], dtype=np.float64)

    # the enemy's troops are not observed: only its losses, through noise (§4)
    return Observation(
        side=SIDES[side],
        day=t,
        sector_ids=th.sector_ids,
        main_axis=np.array(th.main_axis, dtype=np.bool_),
        frontage=row(th.frontage),
        front=row(st.front),
        belt=np.array([[st.belt(p, s) for s in range(S)]], dtype=np.int64),
        n_belts=np.array(th.n_belts, dtype=np.int64),
        own_line=row(st.line[side]),
        own_reserves=np.array([st.reserve[side]]),
        own_supply=row(st.supply[side]),
        own_losses=np.array([st.killed[side] + st.wounded[side] + st.missing[side]]),
        own_losses_yesterday=row(st.loss_today[side]),
        enemy_losses_observed=row(st.observed_enemy[side]),
        attack_paused=np.array([st.pause if side == ATTACKER else [0] * S], dtype=np.int64),
        objective_ids=th.objective_ids,
        objective_sector=np.array(th.objective_sector, dtype=np.int64),
        objective_hub=np.array(th.objective_hub, dtype=np.bool_),
        objective_distance=row(
            [
                th.objective_depth[o] - st.front[th.objective_sector[o]]
                for o in range(len(st.fall_day))
            ]
        ),
        objectives_fallen=np.array([[d >= 0 for d in st.fall_day]], dtype=np.bool_),
        crisis=np.array([st.crisis_day[side] >= 0]),
        ceasefire=np.array([st.ceasefire_day >= 0]),
    )


def effective_postures(p: RunParams, st: RunState, orders: tuple[Orders, Orders]) -> None:
    """§2: today's posture, tempo and tolerance per side and sector, after the overrides: a
    ceasefire makes everyone idle, a paused attack holds (the pause counts down), and a side
    without troops in a sector is idle there."""
    for side in (0, 1):
        st.tempo[side] = orders[side].tempo[0].tolist()
        st.tolerance[side] = orders[side].loss_tolerance[0].tolist()
    for s in range(p.n_sectors):
        pa = int(orders[0].posture[0, s])
        pd = int(orders[1].posture[0, s])
        if st.pause[s] > 0:
            if pa == ATTACK:
                pa = DEFEND
            st.pause[s] -= 1
        if st.ceasefire_day >= 0:
            pa = IDLE
            pd = IDLE
        if st.line[0][s] <= 0.0:
            pa = IDLE
        if st.line[1][s] <= 0.0:
            pd = IDLE
        st.posture[0][s] = pa
        st.posture[1][s] = pd
