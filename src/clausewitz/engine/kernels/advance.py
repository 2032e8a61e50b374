"""Advance through depth over all runs (Numba kernels): the continuous daily advance law

    v = T_s * tempo_A * s_A^eta * f^-phi * (v0 * (A / D)^epsilon * (1 - k * s_D^eta) + v_inf) * LN

capped at the advance cap, and Epstein's prosecution rate of the attacker (*The Calculus of
Conventional War*, Brookings 1985). Each kernel mirrors the function of the same name in
:mod:`clausewitz.engine.reference.advance`. ``docs/model.md`` §6.
"""

from __future__ import annotations

import numpy as np
from numba import njit
from numpy.typing import NDArray

from clausewitz.engine.draws import ADVANCE, SLOT_ADVANCE
from clausewitz.engine.kernels.observe import belt_index
from clausewitz.rng import lognormal_nb

F64 = NDArray[np.float64]
I64 = NDArray[np.int64]

_ADVANCE = ADVANCE
_SLOT = SLOT_ADVANCE


@njit(cache=True)
def fortification(n_belts: int, depths: F64, forts: F64, front: float) -> float:
    """The fortification of the belt the front is in (1 beyond the last belt)."""
    b = belt_index(n_belts, depths, front)
    return forts[b] if b < n_belts else 1.0


@njit(cache=True)
def advance_rate(
    attackers: float,
    defenders: float,
    tempo: float,
    supply_a: float,
    supply_d: float,
    fort: float,
    terrain: float,
    advance_base: float,
    elasticity: float,
    fort_exponent: float,
    kill_zone: float,
    infiltration: float,
    supply_exponent: float,
    cap: float,
) -> float:
    """The expected advance of an assault (see the reference's ``advance.advance_rate``)."""
    if tempo <= 0.0 or attackers <= 0.0:
        return 0.0
    zone = 1.0 - kill_zone * supply_d**supply_exponent
    if defenders > 0.0:
        frontal = advance_base * (attackers / defenders) ** elasticity * zone
    else:
        frontal = cap
    slowed = terrain * tempo * supply_a**supply_exponent / fort**fort_exponent
    return slowed * (frontal + infiltration)


@njit(cache=True)
def advance(
    t: int,
    seed: int,
    run_ids: I64,
    advance_on: bool,
    n_belts: I64,
    belt_depth: F64,
    belt_fortification: F64,
    terrain_advance: F64,
    advance_cap: F64,
    advance_base: F64,
    elasticity: F64,
    fort_exponent: F64,
    kill_zone: F64,
    infiltration: F64,
    sigma: F64,
    supply_exponent: F64,
    adm_threshold: F64,
    adm_min: F64,
    ceasefire_day: I64,
    assault: I64,
    defender_broke: NDArray[np.bool_],
    attacker_broke: NDArray[np.bool_],
    line: F64,
    supply: F64,
    tempo: F64,
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
        run = run_ids[r]
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
            fort = fortification(
                n_belts[s], belt_depth[r, s], belt_fortification[r, s], front[r, s]
            )
            mean = advance_rate(
                line[r, 0, s], line[r, 1, s], tempo[r, 0, s], supply[r, 0, s], supply[r, 1, s],
                fort,
                terrain_advance[r, s], advance_base[r], elasticity[r], fort_exponent[r],
                kill_zone[r], infiltration[r], supply_exponent[r], advance_cap[r],
            )  # fmt: skip
            sg = sigma[r]
            noise = lognormal_nb(seed, run, _ADVANCE, s, t, _SLOT, -0.5 * sg * sg, sg)
            v = min(mean * noise, advance_cap[r])
            front[r, s] = front[r, s] + v
            withdrawal[r, s] = v
            a_start = start_line[r, 0, s]
            alpha_a = loss_today[r, 0, s] / a_start if a_start > 0.0 else 0.0
            threshold_a = adm_threshold[r] * tolerance[r, 0, s]
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
