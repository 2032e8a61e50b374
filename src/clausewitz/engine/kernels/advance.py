"""Advance through depth over all runs (Numba kernels): Epstein's Adaptive Dynamic Model.

    W_t = 0                                                   if alpha_d <= alpha_dT
    W_t = W_{t-1} + (W_max - W_{t-1}) / (1 - alpha_dT) * (alpha_d - alpha_dT)   otherwise
    x_t = x_{t-1} - (1 - x_{t-1}) * (alpha_a / alpha_aT - 1)   (alpha_a <= alpha_aT)

(Epstein, *The Calculus of Conventional War*, Brookings 1985; ``W`` capped at Dupuy's 1987
historical maximum advance). Each kernel mirrors the function of the same name in
:mod:`clausewitz.engine.reference.advance`. ``docs/model.md`` §6.
"""

from __future__ import annotations

import numpy as np
from numba import njit
from numpy.typing import NDArray

from clausewitz.engine.kernels.observe import belt_index

F64 = NDArray[np.float64]
I64 = NDArray[np.int64]


@njit(cache=True)
def fortification(n_belts: int, depths: F64, forts: F64, front: float) -> float:
    """The fortification of the belt the front is in (1 beyond the last belt)."""
    b = belt_index(n_belts, depths, front)
    return forts[b] if b < n_belts else 1.0


@njit(cache=True)
def advance(
    advance_on: bool,
    n_belts: I64,
    belt_depth: F64,
    belt_fortification: F64,
    terrain_advance: F64,
    withdrawal_max: F64,
    advance_cap: F64,
    adm_threshold: F64,
    adm_min: F64,
    ceasefire_day: I64,
    assault: I64,
    defender_broke: NDArray[np.bool_],
    attacker_broke: NDArray[np.bool_],
    start_line: F64,
    loss_today: F64,
    tolerance: F64,
    front: F64,
    withdrawal: F64,
    prosecution: F64,
) -> None:
    """§6 for every run (see the reference's ``advance.advance``)."""
    R = front.shape[0]
    S = front.shape[1]
    for r in range(R):
        for s in range(S):
            moving = (
                advance_on
                and assault[r, s] == 1
                and not defender_broke[r, s]
                and not attacker_broke[r, s]
                and ceasefire_day[r] < 0
            )
            if not moving:
                withdrawal[r, s] = 0.0
                continue
            d_start = start_line[r, 1, s]
            a_start = start_line[r, 0, s]
            alpha_d = loss_today[r, 1, s] / d_start if d_start > 0.0 else 1.0
            alpha_a = loss_today[r, 0, s] / a_start if a_start > 0.0 else 0.0
            threshold_d = min(adm_threshold[r, 1] * tolerance[r, 1, s], 0.99)
            fort = fortification(
                n_belts[s], belt_depth[r, s], belt_fortification[r, s], front[r, s]
            )
            wmax = withdrawal_max[r] * terrain_advance[r, s] / fort
            w = withdrawal[r, s]
            if alpha_d <= threshold_d:
                w = 0.0
            else:
                w = w + (wmax - w) / (1.0 - threshold_d) * (alpha_d - threshold_d)
            w = min(max(w, 0.0), wmax)
            w = min(w, advance_cap[r])
            front[r, s] = front[r, s] + w
            withdrawal[r, s] = w
            threshold_a = adm_threshold[r, 0] * tolerance[r, 0, s]
            if threshold_a > 0.0:
                x = prosecution[r, s]
                if alpha_a <= threshold_a:
                    x = x - (1.0 - x) * (alpha_a / threshold_a - 1.0)
                else:
                    x = x * threshold_a / alpha_a
                prosecution[r, s] = min(max(x, adm_min[r]), 1.0)


@njit(cache=True)
def advance_today(front_before: F64, front: F64, out: F64) -> None:
    """How far each sector's front moved today."""
    R = front.shape[0]
    S = front.shape[1]
    for r in range(R):
        for s in range(S):
            out[r, s] = front[r, s] - front_before[r, s]
