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

F64 = NDArray[np.float64]
I64 = NDArray[np.int64]


@njit(cache=True)
def belt_index(n_belts: int, depths: F64, front: float) -> int:
    """Number of belts whose far edge the front has reached."""
    b = 0
    while b < n_belts and depths[b] <= front:
        b += 1
    return b


@njit(cache=True)
def fill(
    side: int,
    front: F64,
    n_belts: I64,
    belt_depth: F64,
    objective_sector: I64,
    objective_depth: F64,
    fall_day: I64,
    line: F64,
    reserve: F64,
    supply: F64,
    losses: F64,
    loss_today: F64,
    observed_enemy: F64,
    pause: I64,
    crisis_day: I64,
    ceasefire_day: I64,
    o_belt: I64,
    o_line: F64,
    o_reserve: F64,
    o_supply: F64,
    o_losses: F64,
    o_yesterday: F64,
    o_enemy: F64,
    o_paused: I64,
    o_distance: F64,
    o_fallen: NDArray[np.bool_],
    o_crisis: NDArray[np.bool_],
    o_ceasefire: NDArray[np.bool_],
) -> None:
    """Copy what ``side`` may see of the state into the ``o_*`` buffers."""
    R = front.shape[0]
    S = front.shape[1]
    n_obj = fall_day.shape[1]
    for r in range(R):
        for s in range(S):
            o_belt[r, s] = belt_index(n_belts[s], belt_depth[r, s], front[r, s])
            o_line[r, s] = line[r, side, s]
            o_supply[r, s] = supply[r, side, s]
            o_yesterday[r, s] = loss_today[r, side, s]
            o_enemy[r, s] = observed_enemy[r, side, s]
            o_paused[r, s] = pause[r, s] if side == 0 else 0
        o_reserve[r] = reserve[r, side]
        o_losses[r] = losses[r, side, 0] + losses[r, side, 1] + losses[r, side, 2]
        for o in range(n_obj):
            o_distance[r, o] = objective_depth[r, o] - front[r, objective_sector[o]]
            o_fallen[r, o] = fall_day[r, o] >= 0
        o_crisis[r] = crisis_day[r, side] >= 0
        o_ceasefire[r] = ceasefire_day[r] >= 0
