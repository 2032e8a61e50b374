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
    th, cb, st, run_ids = plan.theatre, plan.combat, state, plan.run_ids
    advance_on = plan.switches.advance
    n_belts, belt_depth, belt_fortification = th.n_belts, th.belt_depth, th.belt_fortification
    terrain_advance, advance_cap, advance_sigma = (
        th.terrain_advance,
        cb.advance_cap,
        cb.advance_sigma,
    )
    adm_threshold, adm_min = cb.adm_threshold, cb.adm_min
    front, line, supply, tempo = st.front, st.line, st.supply, st.tempo
    assault, defender_broke, attacker_broke = st.assault, st.defender_broke, st.attacker_broke
    withdrawal, prosecution, ceasefire_day = st.withdrawal, st.prosecution, st.ceasefire_day
    start_line, loss_today, tolerance = st.start_line, st.loss_today, st.tolerance
    for r in range(front.shape[0]):
        run = run_ids[r]
        for s in range(front.shape[1]):
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
                fort, terrain_advance[r, s], cb.advance_base[r], cb.advance_elasticity[r],
                cb.advance_fortification[r], cb.kill_zone[r], cb.infiltration[r],
                cb.supply_exponent[r], advance_cap[r],
            )  # fmt: skip
            sg = advance_sigma[r]
            noise = lognormal_nb(seed, run, _ADVANCE, s, t, _SLOT, -0.5 * sg * sg, sg)
            v = min(mean * noise, advance_cap[r])
            front[r, s] = front[r, s] + v
            withdrawal[r, s] = v
            a_start = start_line[r, 0, s]
            alpha_a = loss_today[r, 0, s] / a_start if a_start > 0.0 else 0.0
            threshold_a = adm_threshold[r] * tolerance[r, 0, s]
            if threshold_a > 0.0:
                x = prosecution_rate(prosecution[r, s], alpha_a, threshold_a)
                prosecution[r, s] = min(max(x, adm_min[r]), 1.0)


@njit(cache=True)
def prosecution_rate(x: float, alpha: float, threshold: float) -> float:
    """Epstein's prosecution rate after a day of loss rate ``alpha`` against the attacker's
    threshold (*The Calculus of Conventional War*, 1985): it rises toward 1 below the
    threshold and falls in proportion above it."""
    if alpha <= threshold:
        return x - (1.0 - x) * (alpha / threshold - 1.0)
    return x * threshold / alpha


@njit(cache=True)
def advance_today(state: Pack) -> None:
    """How far each sector's front moved today."""
    front, before, out = state.front, state.front_before, state.advance_today
    for r in range(front.shape[0]):
        for s in range(front.shape[1]):
            out[r, s] = front[r, s] - before[r, s]
