"""Filling one side's observation buffers for all runs (Numba kernel).

A side sees its own line, reserves, supply and losses, and the enemy's losses only through
lognormal noise of mean 1 (``observed = true * LN(-sigma^2 / 2, sigma)``); the enemy's troops,
reserves and thresholds are hidden. What a side cannot know is not in its observation [ENG].
``docs/model.md`` §2.
"""

from __future__ import annotations

import numpy as np
from numba import njit
from numpy.typing import NDArray

from clausewitz.engine.kernels.packs import Pack

F64 = NDArray[np.float64]


@njit(cache=True)
def belt_index(n_belts: int, depths: F64, front: float) -> int:
    """Number of belts whose far edge the front has reached."""
    b = 0
    while b < n_belts and depths[b] <= front:
        b += 1
    return b


@njit(cache=True)
def fill(side: int, plan: Pack, state: Pack, out: Pack) -> None:
    """Copy what ``side`` may see of the state into the observation buffers ``out`` (fields
    ``belt``, ``line``, ``reserve``, ``supply``, ``losses``, ``yesterday``, ``enemy``,
    ``paused``, ``distance``, ``fallen``, ``crisis``, ``ceasefire``)."""
    th, st = plan.theatre, state
    n_belts, belt_depth, objective_sector, objective_depth = (
        th.n_belts, th.belt_depth, th.objective_sector, th.objective_depth
    )  # fmt: skip
    front, line, supply, reserve, losses = st.front, st.line, st.supply, st.reserve, st.losses
    loss_today, observed_enemy, pause = st.loss_today, st.observed_enemy, st.pause
    fall_day, crisis_day, ceasefire_day = st.fall_day, st.crisis_day, st.ceasefire_day
    o_belt, o_line, o_supply, o_yesterday = out.belt, out.line, out.supply, out.yesterday
    o_enemy, o_paused, o_reserve, o_losses = out.enemy, out.paused, out.reserve, out.losses
    o_distance, o_fallen, o_crisis, o_ceasefire = (
        out.distance, out.fallen, out.crisis, out.ceasefire
    )  # fmt: skip
    S = front.shape[1]
    for r in range(front.shape[0]):
        for s in range(S):
            o_belt[r, s] = belt_index(n_belts[s], belt_depth[r, s], front[r, s])
            o_line[r, s] = line[r, side, s]
            o_supply[r, s] = supply[r, side, s]
            o_yesterday[r, s] = loss_today[r, side, s]
            o_enemy[r, s] = observed_enemy[r, side, s]
            o_paused[r, s] = pause[r, s] if side == 0 else 0
        o_reserve[r] = reserve[r, side]
        o_losses[r] = losses[r, side, 0] + losses[r, side, 1] + losses[r, side, 2]
        for o in range(fall_day.shape[1]):
            o_distance[r, o] = objective_depth[r, o] - front[r, objective_sector[o]]
            o_fallen[r, o] = fall_day[r, o] >= 0
        o_crisis[r] = crisis_day[r, side] >= 0
        o_ceasefire[r] = ceasefire_day[r] >= 0
