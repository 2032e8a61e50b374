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
from clausewitz.engine.kernels.packs import Pack
from clausewitz.rng import lognormal_nb

F64 = NDArray[np.float64]

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
def advance(t: int, seed: int, plan: Pack, state: Pack) -> None:
    """§6 for every run (see the reference's ``advance.advance``)."""
    th, cb, st = plan.theatre, plan.combat, state
    advance_on = plan.switches.advance
    R = st.front.shape[0]
    S = st.front.shape[1]
    for r in range(R):
        run = plan.run_ids[r]
        for s in range(S):
            moving = (
                advance_on
                and st.assault[r, s] == 1
                and not st.defender_broke[r, s]
                and not st.attacker_broke[r, s]
                and st.ceasefire_day[r] < 0
            )
            if not moving:
                st.withdrawal[r, s] = 0.0
                continue
            fort = fortification(
                th.n_belts[s], th.belt_depth[r, s], th.belt_fortification[r, s], st.front[r, s]
            )
            mean = advance_rate(
                st.line[r, 0, s], st.line[r, 1, s], st.tempo[r, 0, s], st.supply[r, 0, s],
                st.supply[r, 1, s], fort, th.terrain_advance[r, s], cb.advance_base[r],
                cb.advance_elasticity[r], cb.advance_fortification[r], cb.kill_zone[r],
                cb.infiltration[r], cb.supply_exponent[r], cb.advance_cap[r],
            )  # fmt: skip
            sg = cb.advance_sigma[r]
            noise = lognormal_nb(seed, run, _ADVANCE, s, t, _SLOT, -0.5 * sg * sg, sg)
            v = min(mean * noise, cb.advance_cap[r])
            st.front[r, s] = st.front[r, s] + v
            st.withdrawal[r, s] = v
            _prosecute(cb, st, r, s)


@njit(cache=True)
def _prosecute(cb: Pack, st: Pack, r: int, s: int) -> None:
    """Epstein's prosecution rate after the day's attacker losses (Epstein 1985)."""
    a_start = st.start_line[r, 0, s]
    alpha_a = st.loss_today[r, 0, s] / a_start if a_start > 0.0 else 0.0
    threshold_a = cb.adm_threshold[r] * st.tolerance[r, 0, s]
    if threshold_a > 0.0:
        x = st.prosecution[r, s]
        if alpha_a <= threshold_a:
            x = x - (1.0 - x) * (alpha_a / threshold_a - 1.0)
        else:
            x = x * threshold_a / alpha_a
        st.prosecution[r, s] = min(max(x, cb.adm_min[r]), 1.0)


@njit(cache=True)
def advance_today(state: Pack) -> None:
    """How far each sector's front moved today."""
    front, before, out = state.front, state.front_before, state.advance_today
    for r in range(front.shape[0]):
        for s in range(front.shape[1]):
            out[r, s] = front[r, s] - before[r, s]
