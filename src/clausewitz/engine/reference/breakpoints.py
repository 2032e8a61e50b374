"""Breakpoints (reference engine): when an engagement's losses break a side.

An engagement starts when the attacker begins an assault in a sector; each side then draws a
break threshold ``theta ~ Beta(a, b)`` on its cumulative loss fraction, and breaks when

    losses since the start / troops at the start >= theta * loss_tolerance.

Battles end by a decision long before annihilation (Helmbold, RAND 1971, over 1,080 battles);
the Beta form is ours [ENG], its defaults fitted to CDB90 (``docs/validation.md``). Each
threshold is scaled by the side's force ratio at the engagement's start to the power kappa
(:func:`force_ratio_scale`) and by the engagement's unobserved relative effectiveness
(:func:`effectiveness_scale`). A defender's break is local: the front moves by a bounded
withdrawal depth (an exponential draw, capped well below a belt or a town) [ENG].
``docs/model.md`` §5; :mod:`clausewitz.engine.kernels.breakpoints` mirrors it.
"""

from __future__ import annotations

import math

from clausewitz.engine import draws
from clausewitz.engine.plan import ATTACK
from clausewitz.engine.reference.params import RunParams
from clausewitz.engine.reference.state import RunState
from clausewitz.rng import beta, lognormal, uniform


def force_ratio_scale(attacker: float, defender: float, exponent: float) -> tuple[float, float]:
    """§5: multipliers of the attacker's and the defender's break thresholds, each side's
    force ratio at the engagement's start to the power ``exponent`` (kappa):
    ``(A/D)^kappa`` and ``(D/A)^kappa``. The outnumbered side breaks at a smaller loss
    fraction. A mix of two battle-termination rules of the Lanchester literature, the fixed
    loss-fraction and the fixed force-ratio breakpoint (J. G. Taylor, *Lanchester Models of
    Warfare*, 1983; Helmbold 1971 examined breakpoint hypotheses against battle data); the
    power form is ours, kappa fitted to CDB90 (``docs/validation.md``). kappa = 0 is the pure
    loss-fraction rule."""
    if exponent == 0.0 or attacker <= 0.0 or defender <= 0.0:
        return 1.0, 1.0
    ratio = attacker / defender
    return ratio**exponent, (1.0 / ratio) ** exponent


def effectiveness_scale(seed: int, run: int, s: int, k: int, sigma: float) -> float:
    """§5: the ``k``-th engagement of sector ``s``'s unobserved relative effectiveness of the
    attacker, ``m = exp(sigma z)``, z standard normal (stream ENGAGEMENT, day word ``k``,
    slot 0); 1 when ``sigma`` (``engagement-effectiveness-sigma``) is 0, without a draw.

    The attacker's break threshold is multiplied by ``m`` and the defender's divided by it:
    for who breaks first this is the same as multiplying the attacker's loss-inflicting power
    by ``m`` and the defender's by ``1 / m`` (the ratio of the two sides' loss fractions per
    unit of threshold moves by ``m^2`` either way), while the expected daily losses, fitted to
    the Ardennes, stay as they are. The spread of battles around any model of their
    measured inputs is Dupuy's "intangibles" (leadership, training, morale, surprise; Dupuy
    1987, *Understanding War*) and the residual variance of Lanchester fits to battles
    (Helmbold 1961; Hartley 2001, *Predicting Combat Effects*); the lognormal form is ours,
    sigma fitted to CDB90 (``docs/validation.md``)."""
    if sigma <= 0.0:
        return 1.0
    return lognormal(seed, run, draws.ENGAGEMENT, s, k, 0, 0.0, sigma)


def start_engagements(p: RunParams, st: RunState, seed: int) -> None:
    """§4-5: decide who assaults in each sector; start an engagement (and draw both sides'
    break thresholds) where the attacker begins an assault, end it where it stopped."""
    for s in range(p.n_sectors):
        pa = st.posture[0][s]
        pd = st.posture[1][s]
        if pa == ATTACK:
            st.assault[s] = 1
        elif pd == ATTACK:
            st.assault[s] = 2
        else:
            st.assault[s] = 0
        if st.assault[s] == 1 and not st.engaged[s]:
            st.engaged[s] = True
            st.engagements[s] += 1
            st.engaged_attacker[s] = st.line[0][s]
            st.engaged_defender[s] = st.line[1][s]
            st.engaged_loss_attacker[s] = 0.0
            st.engaged_loss_defender[s] = 0.0
            if p.switches.breakpoints:
                c = p.combat
                shift = force_ratio_scale(st.line[0][s], st.line[1][s], c.break_force_ratio)
                m = effectiveness_scale(seed, p.run, s, st.engagements[s], c.break_heterogeneity)
                shift = (shift[0] * m, shift[1] / m)
                for side in (0, 1):
                    st.threshold[side][s] = shift[side] * beta(
                        seed,
                        p.run,
                        draws.BREAKPOINTS[side],
                        s,
                        st.engagements[s],
                        0,
                        c.break_a[side],
                        c.break_b[side],
                    )
        elif st.assault[s] != 1 and st.engaged[s]:
            st.engaged[s] = False


def withdrawal_depth(p: RunParams, s: int, t: int, seed: int) -> float:
    """§5: the depth (km) a defender breaking in sector ``s`` on day ``t`` gives up: exponential
    with mean ``fallback-depth-km``, capped at ``fallback-cap-km`` (stream ADVANCE, slot 1)."""
    c = p.combat
    u = uniform(seed, p.run, draws.ADVANCE, s, t, draws.SLOT_WITHDRAWAL, 0.0, 1.0)
    return min(-c.fallback_km * math.log1p(-u), c.fallback_cap)


def breakpoints(p: RunParams, st: RunState, t: int, seed: int) -> None:
    """§5: a side whose engagement losses pass its threshold (times its loss tolerance) breaks:
    the defender gives up a bounded depth in that sector, the attacker pauses."""
    for s in range(p.n_sectors):
        st.defender_broke[s] = False
        st.attacker_broke[s] = False
        if not p.switches.breakpoints or not st.engaged[s]:
            continue
        a0 = st.engaged_attacker[s]
        d0 = st.engaged_defender[s]
        frac_a = st.engaged_loss_attacker[s] / a0 if a0 > 0.0 else 1.0
        frac_d = st.engaged_loss_defender[s] / d0 if d0 > 0.0 else 1.0
        broke_d = frac_d >= st.threshold[1][s] * st.tolerance[1][s]
        broke_a = frac_a >= st.threshold[0][s] * st.tolerance[0][s]
        if broke_d:
            st.front[s] = st.front[s] + withdrawal_depth(p, s, t, seed)
            st.withdrawal[s] = 0.0
            st.defender_breaks[s] += 1
            st.defender_broke[s] = True
        if broke_a:
            st.pause[s] = p.combat.pause_days
            st.attacker_breaks[s] += 1
            st.attacker_broke[s] = True
        if broke_d or broke_a:
            st.engaged[s] = False
