"""Objectives over all runs (Numba kernel): a town falls when the front passes it or it is
encircled (an engineering rule of ours [ENG]). Mirrors
:mod:`clausewitz.engine.reference.objectives`; ``docs/model.md`` §6.
"""

from __future__ import annotations

import numpy as np
from numba import njit
from numpy.typing import NDArray

F64 = NDArray[np.float64]
I64 = NDArray[np.int64]


@njit(cache=True)
def objectives(
    t: int,
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
            if not fell:
                any_condition = False
                all_hold = True
                for k in range(K):
                    x = encircle_sector[o, k]
                    if x >= 0:
                        any_condition = True
                        if not front[r, x] >= encircle_depth[r, o, k]:
                            all_hold = False
                fell = any_condition and all_hold
            if fell:
                fall_day[r, o] = t
                falls_today[r] += 1
