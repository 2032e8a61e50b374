"""Objectives over all runs (Numba kernel): a town falls when the front passes it, or with the
envelopment hazard once its flanks are turned (engineering rules of ours [ENG]). Mirrors
:mod:`clausewitz.engine.reference.objectives`; ``docs/model.md`` §6.
"""

from __future__ import annotations

import numpy as np
from numba import njit
from numpy.typing import NDArray

from clausewitz.engine.draws import ENVELOPMENT
from clausewitz.engine.kernels.packs import Pack
from clausewitz.rng import uniform_nb

F64 = NDArray[np.float64]
I64 = NDArray[np.int64]

_ENVELOPMENT = ENVELOPMENT


@njit(cache=True)
def objectives(t: int, seed: int, plan: Pack, state: Pack) -> None:
    """§6: objectives fall by depth or by encirclement (see the reference's ``objectives``)."""
    th, st = plan.theatre, state
    objective_sector, objective_depth = th.objective_sector, th.objective_depth
    front, fall_day, falls_today, ceasefire_day = (
        st.front, st.fall_day, st.falls_today, st.ceasefire_day
    )  # fmt: skip
    encircle_sector, encircle_depth = th.encircle_sector, th.encircle_depth
    envelopment_days, run_ids = plan.combat.envelopment_days, plan.run_ids
    for r in range(front.shape[0]):
        falls_today[r] = 0
        for o in range(fall_day.shape[1]):
            if fall_day[r, o] >= 0:
                continue
            fell = front[r, objective_sector[o]] >= objective_depth[r, o]
            if (
                not fell
                and ceasefire_day[r] < 0
                and _encircled(front, encircle_sector, encircle_depth, r, o)
            ):
                h = envelopment_days[r]
                prob = 1.0 if h <= 0.0 else -np.expm1(-1.0 / h)
                u = uniform_nb(seed, run_ids[r], _ENVELOPMENT, o, t, 0, 0.0, 1.0)
                fell = u < prob
            if fell:
                fall_day[r, o] = t
                falls_today[r] += 1


@njit(cache=True)
def _encircled(front: F64, encircle_sector: I64, encircle_depth: F64, r: int, o: int) -> bool:
    """Whether every flank condition of objective ``o`` holds in run ``r`` (and there is one)."""
    any_condition = False
    all_hold = True
    for k in range(encircle_sector.shape[1]):
        x = encircle_sector[o, k]
        if x >= 0:
            any_condition = True
            if not front[r, x] >= encircle_depth[r, o, k]:
                all_hold = False
    return any_condition and all_hold
