"""§4 Attrition, §5 breakpoints, §6 advance and objectives (reference engine)."""

from __future__ import annotations

from clausewitz.engine import draws
from clausewitz.engine.plan import ATTACK, IDLE
from clausewitz.engine.reference.params import RunParams
from clausewitz.engine.reference.state import RunState
from clausewitz.rng import beta, binomial, lognormal, negative_binomial, poisson


def withdrawal_max(p: RunParams, st: RunState, s: int) -> float:
    """W_max of sector ``s`` today: the base rate times terrain, over the belt's fortification."""
    return p.combat.withdrawal_max * p.theatre.terrain_advance[s] / st.fortification(p, s)


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
                for side in (0, 1):
                    st.threshold[side][s] = beta(
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


def breakpoints(p: RunParams, st: RunState) -> None:
    """§5: a side whose engagement losses pass its threshold (times its loss tolerance) breaks:
    the defender falls back to the far edge of its belt, the attacker pauses."""
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
            b = st.belt(p, s)
            if b < p.theatre.n_belts[s]:
                st.front[s] = p.theatre.belt_depth[s][b]
            else:
                st.front[s] = st.front[s] + p.combat.fallback_km
            st.withdrawal[s] = 0.0
            st.defender_breaks[s] += 1
            st.defender_broke[s] = True
        if broke_a:
            st.pause[s] = p.combat.pause_days
            st.attacker_breaks[s] += 1
            st.attacker_broke[s] = True
        if broke_d or broke_a:
            st.engaged[s] = False


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


def objectives(p: RunParams, st: RunState, t: int) -> None:
    """§6: an objective falls when its sector's front passes its depth, or when every one of
    its ``encircled_when`` conditions holds."""
    th = p.theatre
    st.falls_today = 0
    for o in range(len(st.fall_day)):
        if st.fall_day[o] >= 0:
            continue
        fell = st.front[th.objective_sector[o]] >= th.objective_depth[o]
        conditions = [k for k, x in enumerate(th.encircle_sector[o]) if x >= 0]
        if not fell and conditions:
            fell = all(
                st.front[th.encircle_sector[o][k]] >= th.encircle_depth[o][k] for k in conditions
            )
        if fell:
            st.fall_day[o] = t
            st.falls_today += 1
