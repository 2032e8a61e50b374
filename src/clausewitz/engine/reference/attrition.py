"""Attrition (reference engine): expected losses by a generalised Lanchester law, then drawn.

    lambda_D = k_assault * A^phi2 * D^phi1 * (q_A / q_D) * s_A^eta * fatigue * T * I / f
    lambda_A = k_hold * D^phi2 * A^phi1 * (q_D / q_A) * s_D^eta * T * I * f^gamma

on a day the attacker assaults (the roles swap when the defender counter-attacks; positional
rates otherwise), capped at QJM's daily loss caps. The power law is Lanchester's (1916) square
law generalised as in Bracken (1995), Fricker (1998) and Wiper, Pettit & Young (2000); the
caps and quality ratio (CEV) are the QJM's (Dupuy 1979; Lawrence 1996); the day's total is
negative binomial (or Poisson) and split by binomial thinning into killed, missing and wounded.
``docs/model.md`` §4 states every term; :mod:`clausewitz.engine.kernels.attrition` mirrors it.
"""

from __future__ import annotations

from clausewitz.engine import draws
from clausewitz.engine.plan import IDLE
from clausewitz.engine.reference.advance import withdrawal_max
from clausewitz.engine.reference.params import RunParams
from clausewitz.engine.reference.state import RunState
from clausewitz.rng import binomial, lognormal, negative_binomial, poisson


def expected_losses(p: RunParams, st: RunState, s: int) -> tuple[float, float]:
    """§4: expected losses (attacker, defender) in sector ``s`` today, after the caps.

    Generalised Lanchester (model-theory §1.8-1.9): a side's losses are
    ``k * enemy^phi2 * own^phi1 * M`` with the multipliers M of the text.
    """
    c = p.combat
    A = st.line[0][s]
    D = st.line[1][s]
    if A <= 0.0 or D <= 0.0:
        return 0.0, 0.0
    pa = st.posture[0][s]
    pd = st.posture[1][s]
    qa = st.line_quality[0][s]
    qd = st.line_quality[1][s]
    sa = st.supply[0][s] ** c.supply_exponent
    sd = st.supply[1][s] ** c.supply_exponent
    terrain = p.theatre.terrain_attrition[s]
    fort = st.fortification(p, s)
    fire_a = A**c.exponent_enemy * D**c.exponent_own  # the attacker's fire on the defender
    fire_d = D**c.exponent_enemy * A**c.exponent_own  # the defender's fire on the attacker
    idle_a = c.idle_factor if pa == IDLE else 1.0
    idle_d = c.idle_factor if pd == IDLE else 1.0
    if st.assault[s] == 1:
        wmax = withdrawal_max(p, st, s)
        contact = 1.0 - st.withdrawal[s] / wmax if wmax > 0.0 else 1.0
        contact = max(contact, 0.0)
        intensity = st.tempo[0][s] * st.prosecution[s] * contact
        fatigue = 1.0 / (1.0 + c.fatigue * st.attack_days[s])
        lam_d = c.rate_assault * fire_a * (qa / qd) * sa * fatigue * terrain * intensity / fort
        cost = fort**c.fortification_exponent
        lam_a = c.rate_hold * fire_d * (qd / qa) * sd * terrain * intensity * cost * idle_d
        lam_a = min(lam_a, c.cap_attacker * A)
        lam_d = min(lam_d, c.cap_defender * D)
    elif st.assault[s] == 2:
        intensity = st.tempo[1][s]
        lam_a = c.rate_assault * fire_d * (qd / qa) * sd * terrain * intensity
        lam_d = c.rate_hold * fire_a * (qa / qd) * sa * terrain * intensity * idle_a
        lam_d = min(lam_d, c.cap_attacker * D)
        lam_a = min(lam_a, c.cap_defender * A)
    else:
        lam_d = c.rate_positional * fire_a * (qa / qd) * sa * terrain * idle_a / fort
        lam_a = c.rate_positional * fire_d * (qd / qa) * sd * terrain * idle_d
        lam_d = min(lam_d, c.cap_defender * D)
        lam_a = min(lam_a, c.cap_defender * A)
    return lam_a, lam_d


def draw_losses(
    p: RunParams, seed: int, side: int, s: int, t: int, lam: float, present: float
) -> tuple[float, float, float, float]:
    """§4: today's (killed, wounded returning, wounded not returning, missing) of one side in
    one sector: the total is negative binomial (a gamma-mixed Poisson, one gamma draw) or
    Poisson with mean ``lam``, capped at the troops present, then split exactly by binomial
    thinning with the side's shares; the wounded who will return are a binomial share of the
    wounded, drawn now."""
    if lam <= 0.0 or present <= 0.0:
        return 0.0, 0.0, 0.0, 0.0
    f = p.forces
    proc = draws.LOSSES[side]
    dispersion = p.combat.dispersion
    if p.switches.negative_binomial and dispersion > 0.0:
        total = negative_binomial(seed, p.run, proc, s, t, draws.SLOT_TOTAL, lam, 1.0 / dispersion)
    else:
        total = poisson(seed, p.run, proc, s, t, draws.SLOT_TOTAL, lam)
    total = min(total, int(present))
    pk = f.killed_share[side]
    pm = f.missing_share[side]
    pm_rest = min(pm / (1.0 - pk), 1.0) if pk < 1.0 else 0.0
    rho = f.wounded_return_share[side] if p.switches.force_generation else 0.0
    k = binomial(seed, p.run, proc, s, t, draws.SLOT_KILLED, total, pk)
    m = binomial(seed, p.run, proc, s, t, draws.SLOT_MISSING, total - k, pm_rest)
    w = total - k - m
    wr = binomial(seed, p.run, proc, s, t, draws.SLOT_RETURNING, w, rho)
    return float(k), float(wr), float(w - wr), float(m)


def attrition(p: RunParams, st: RunState, t: int, seed: int) -> None:
    """§4: draw and apply today's losses in every sector."""
    S = p.n_sectors
    f = p.forces
    L = f.ring_length
    sigma = p.combat.observation_sigma
    ceasefire = st.ceasefire_day >= 0
    for s in range(S):
        st.start_line[0][s] = st.line[0][s]
        st.start_line[1][s] = st.line[1][s]
        st.loss_today[0][s] = 0.0
        st.loss_today[1][s] = 0.0
        if not p.switches.attrition or ceasefire:
            continue
        lams = expected_losses(p, st, s)
        for side in (0, 1):
            present = st.line[side][s]
            k, wr, wp, m = draw_losses(p, seed, side, s, t, lams[side], present)
            total = k + wr + wp + m
            st.line[side][s] = present - total
            st.killed[side] += k
            st.wounded[side] += wr + wp
            st.missing[side] += m
            st.wounded_perm[side] += wp
            if wr > 0.0:
                delay = max(f.wounded_return_delay[side], 1)
                st.awaiting[side] += wr
                st.wound_ring[side][(t + delay) % L] += wr
            st.loss_today[side][s] = total
        if st.engaged[s]:
            st.engaged_loss_attacker[s] += st.loss_today[0][s]
            st.engaged_loss_defender[s] += st.loss_today[1][s]
        for observer in (0, 1):
            seen = st.loss_today[1 - observer][s]
            if seen > 0.0:
                noise = lognormal(
                    seed, p.run, draws.OBSERVATION[observer], s, t, 0, -0.5 * sigma * sigma, sigma
                )
                st.observed_enemy[observer][s] += seen * noise
    for s in range(S):
        st.attack_days[s] = st.attack_days[s] + 1 if st.assault[s] == 1 else 0
