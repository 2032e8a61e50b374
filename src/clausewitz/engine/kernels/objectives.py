"""Objectives over all runs (Numba kernel): a town falls when the front passes it, or with the
envelopment hazard once its flanks are turned (engineering rules of ours [ENG]). Mirrors
:mod:`clausewitz.engine.reference.objectives`; ``docs/model.md`` §6.
"""

from __future__ import annotations

import numpy as np
from numba import njit
from numpy.typing import NDArray

from clausewitz.engine.draws import ENVELOPMENT
from clausewitz.rng import uniform_nb

F64 = NDArray[np.float64]
I64 = NDArray[np.int64]

_ENVELOPMENT = ENVELOPMENT


@njit(cache=True)
def objectives(
    t: int,
    seed: int,
    run_ids: I64,
    envelopment_days: F64,
    ceasefire_day: I64,
    objective_sector: I64,
    objective_depth: F64,
    encircle_sector: I64,
    encircle_depth: F64,
    front: F64,
    fall_day: I64,
    falls_today: I64,
) -> None:
    """§6: objectives fall by depth or by encirclement (see the reference's ``objectives``)."""
    R = front.shape[0]
    n_obj = fall_day.shape[1]
    K = encircle_sector.shape[1]
    for r in range(R):
        falls_today[r] = 0
        for o in range(n_obj):
            if fall_day[r, o] >= 0:
                continue
            fell = front[r, objective_sector[o]] >= objective_depth[r, o]
            if not fell and ceasefire_day[r] < 0:
                any_condition = False
                all_hold = True
                for k in range(K):
                    x = encircle_sector[o, k]
                    if x >= 0:
                        any_condition = True
                        if not front[r, x] >= encircle_depth[r, o, k]:
                            all_hold = False
                if any_condition and all_hold:
                    h = envelopment_days[r]
                    prob = 1.0 if h <= 0.0 else -np.expm1(-1.0 / h)
                    u = uniform_nb(seed, run_ids[r], _ENVELOPMENT, o, t, 0, 0.0, 1.0)
                    fell = u < prob
            if fell:
                fall_day[r, o] = t
                falls_today[r] += 1
