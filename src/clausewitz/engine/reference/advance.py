"""Advance through depth (reference engine): Epstein's Adaptive Dynamic Model per sector.

The defender's withdrawal rate W (km/day) adapts to its pain, the attacker's prosecution rate
x to its own (Epstein, *The Calculus of Conventional War*, Brookings 1985):

    W_t = 0                                                   if alpha_d <= alpha_dT
    W_t = W_{t-1} + (W_max - W_{t-1}) / (1 - alpha_dT) * (alpha_d - alpha_dT)   otherwise
    x_t = x_{t-1} - (1 - x_{t-1}) * (alpha_a / alpha_aT - 1)   (alpha_a <= alpha_aT)

with ``W_max`` the base rate times terrain over the belt's fortification and ``W`` capped at
Dupuy's (1987) historical maximum advance. ``docs/model.md`` §6;
:mod:`clausewitz.engine.kernels.advance` mirrors it.
"""

from __future__ import annotations

from clausewitz.engine.reference.params import RunParams
from clausewitz.engine.reference.state import RunState


def withdrawal_max(p: RunParams, st: RunState, s: int) -> float:
    """W_max of sector ``s`` today: the base rate times terrain, over the belt's fortification."""
    return p.combat.withdrawal_max * p.theatre.terrain_advance[s] / st.fortification(p, s)


def advance(p: RunParams, st: RunState, t: int) -> None:
    """§6: Epstein's adaptive withdrawal W and prosecution rate per sector; the front moves by
    W; objectives fall."""
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
        d_start = st.start_line[1][s]
        a_start = st.start_line[0][s]
        alpha_d = st.loss_today[1][s] / d_start if d_start > 0.0 else 1.0
        alpha_a = st.loss_today[0][s] / a_start if a_start > 0.0 else 0.0
        threshold_d = min(c.adm_threshold[1] * st.tolerance[1][s], 0.99)
        wmax = withdrawal_max(p, st, s)
        w = st.withdrawal[s]
        if alpha_d <= threshold_d:
            w = 0.0
        else:
            w = w + (wmax - w) / (1.0 - threshold_d) * (alpha_d - threshold_d)
        w = min(max(w, 0.0), wmax)
        w = min(w, c.advance_cap)
        st.front[s] = st.front[s] + w
        st.withdrawal[s] = w
        threshold_a = c.adm_threshold[0] * st.tolerance[0][s]
        if threshold_a > 0.0:
            x = st.prosecution[s]
            if alpha_a <= threshold_a:
                x = x - (1.0 - x) * (alpha_a / threshold_a - 1.0)  # Epstein: rise toward 1
            else:
                x = x * threshold_a / alpha_a  # ours: cut back to the threshold's rate
            st.prosecution[s] = min(max(x, c.adm_min), 1.0)
