"""Advance through depth (reference engine): a continuous daily advance law per sector.

On a day the attacker assaults sector ``s`` and does not break (``docs/model.md`` §6):

    v = T_s * tempo_A * s_A^eta * f^-phi * (v0 * (A / D)^epsilon * (1 - k * s_D^eta) + v_inf) * LN

``T_s`` the terrain multiplier, ``s_A^eta`` the attacker's supply (an attacker outrunning its
supply culminates, §3), ``f`` the fortification of the belt the front is in (a belt
slows the advance, Dupuy's verity), ``A / D`` the troops in the line, ``k s_D^eta`` the share
of the assault's progress the defender's supplied fires stop (the kill zone), ``v_inf`` the
infiltration of small assault groups, ``LN`` a daily lognormal factor of mean 1 (stream
ADVANCE, slot 0); ``v <= advance-cap-km-per-day``. On a day either side breaks the front does
not advance by this law (a defender's break gives up its own bounded depth, §5).
The attacker's prosecution rate keeps Epstein's recursion (*The Calculus of Conventional
War*, Brookings 1985). :mod:`clausewitz.engine.kernels.advance` mirrors it.
"""

from __future__ import annotations

from clausewitz.engine import draws
from clausewitz.engine.reference.params import RunParams
from clausewitz.engine.reference.state import RunState
from clausewitz.rng import lognormal


def withdrawal_max(p: RunParams, st: RunState, s: int) -> float:
    """W_max of sector ``s`` today: the base rate times terrain, over the belt's fortification
    (the reference of the contact term in §4)."""
    return p.combat.withdrawal_max * p.theatre.terrain_advance[s] / st.fortification(p, s)


def advance_rate(
    p: RunParams,
    attackers: float,
    defenders: float,
    tempo: float,
    supply_a: float,
    supply_d: float,
    fort: float,
    s: int,
) -> float:
    """§6: the expected advance (km/day) of an assault in sector ``s``, before the daily
    variation and the cap."""
    c = p.combat
    if tempo <= 0.0 or attackers <= 0.0:
        return 0.0
    kill_zone = 1.0 - c.kill_zone * supply_d**c.supply_exponent
    if defenders > 0.0:
        frontal = c.advance_base * (attackers / defenders) ** c.advance_elasticity * kill_zone
    else:
        frontal = c.advance_cap  # nobody holds the sector: the cap binds
    slowed = (
        p.theatre.terrain_advance[s]
        * tempo
        * supply_a**c.supply_exponent
        / fort**c.advance_fortification
    )
    return slowed * (frontal + c.infiltration)


def advance(p: RunParams, st: RunState, t: int, seed: int) -> None:
    """§6: each assaulting sector's front moves by the advance law; the attacker's
    prosecution rate adapts to its losses (Epstein)."""
    c = p.combat
    for s in range(p.n_sectors):
        moving = (
            p.switches.advance
            and st.assault[s] == 1
            and not st.defender_broke[s]
            and not st.attacker_broke[s]
            and st.ceasefire_day < 0
        )
        if not moving:
            st.withdrawal[s] = 0.0
            continue
        mean = advance_rate(
            p,
            st.line[0][s],
            st.line[1][s],
            st.tempo[0][s],
            st.supply[0][s],
            st.supply[1][s],
            st.fortification(p, s),
            s,
        )
        sigma = c.advance_sigma
        noise = lognormal(
            seed, p.run, draws.ADVANCE, s, t, draws.SLOT_ADVANCE, -0.5 * sigma * sigma, sigma
        )
        v = min(mean * noise, c.advance_cap)
        st.front[s] = st.front[s] + v
        st.withdrawal[s] = v
        a_start = st.start_line[0][s]
        alpha_a = st.loss_today[0][s] / a_start if a_start > 0.0 else 0.0
        threshold_a = c.adm_threshold * st.tolerance[0][s]
        if threshold_a > 0.0:
            x = st.prosecution[s]
            if alpha_a <= threshold_a:
                x = x - (1.0 - x) * (alpha_a / threshold_a - 1.0)  # Epstein: rise toward 1
            else:
                x = x * threshold_a / alpha_a  # ours: cut back to the threshold's rate
            st.prosecution[s] = min(max(x, c.adm_min), 1.0)
