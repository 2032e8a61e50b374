"""Attrition over all runs (Numba kernels): the generalised Lanchester law, then drawn.

    lambda_D = k_assault * A^phi2 * D^phi1 * (q_A / q_D) * s_A^eta * fatigue * T * I / f
    lambda_A = k_hold * D^phi2 * A^phi1 * (q_D / q_A) * s_D^eta * T * I * f^gamma

(Lanchester 1916, generalised as in Bracken 1995, Fricker 1998 and Wiper, Pettit & Young 2000;
QJM's caps and CEV, Dupuy 1979 and Lawrence 1996). Each kernel mirrors the function of the
same name in :mod:`clausewitz.engine.reference.attrition`, expression for expression, so that
both engines compute bit-identical (or, through libm, ulp-close) numbers. ``docs/model.md`` §4.
"""

from __future__ import annotations

from numba import njit

from clausewitz.engine.draws import (
    LOSSES,
    OBSERVATION,
    SLOT_KILLED,
    SLOT_MISSING,
    SLOT_RETURNING,
    SLOT_TOTAL,
)
from clausewitz.engine.kernels.advance import fortification
from clausewitz.engine.kernels.packs import Pack
from clausewitz.engine.plan import IDLE
from clausewitz.rng import binomial_nb, lognormal_nb, negative_binomial_nb, poisson_nb

_LOSSES_A, _LOSSES_D = LOSSES
_OBSERVE_A, _OBSERVE_D = OBSERVATION


@njit(cache=True)
def _draw_losses(
    seed: int,
    run: int,
    proc: int,
    s: int,
    t: int,
    lam: float,
    present: float,
    negative_binomial: bool,
    dispersion: float,
    pk: float,
    pm: float,
    rho: float,
) -> tuple[float, float, float, float]:
    if lam <= 0.0 or present <= 0.0:
        return 0.0, 0.0, 0.0, 0.0
    if negative_binomial and dispersion > 0.0:
        total = negative_binomial_nb(seed, run, proc, s, t, SLOT_TOTAL, lam, 1.0 / dispersion)
    else:
        total = poisson_nb(seed, run, proc, s, t, SLOT_TOTAL, lam)
    total = min(total, int(present))
    pm_rest = min(pm / (1.0 - pk), 1.0) if pk < 1.0 else 0.0
    k = binomial_nb(seed, run, proc, s, t, SLOT_KILLED, total, pk)
    m = binomial_nb(seed, run, proc, s, t, SLOT_MISSING, total - k, pm_rest)
    w = total - k - m
    wr = binomial_nb(seed, run, proc, s, t, SLOT_RETURNING, w, rho)
    return float(k), float(wr), float(w - wr), float(m)


@njit(cache=True)
def attrition(t: int, seed: int, plan: Pack, state: Pack) -> None:
    """§4 for every run (see the reference's ``expected_losses`` and ``attrition``)."""
    st = state
    attrition_on = plan.switches.attrition
    S = st.line.shape[2]
    for r in range(st.line.shape[0]):
        ceasefire = st.ceasefire_day[r] >= 0
        for s in range(S):
            st.start_line[r, 0, s] = st.line[r, 0, s]
            st.start_line[r, 1, s] = st.line[r, 1, s]
            st.loss_today[r, 0, s] = 0.0
            st.loss_today[r, 1, s] = 0.0
            if not attrition_on or ceasefire:
                continue
            lam_a, lam_d = expected_losses(plan, st, r, s)
            _take_losses(t, seed, plan, st, r, s, 0, lam_a)
            _take_losses(t, seed, plan, st, r, s, 1, lam_d)
            if st.engaged[r, s]:
                st.engaged_loss_attacker[r, s] += st.loss_today[r, 0, s]
                st.engaged_loss_defender[r, s] += st.loss_today[r, 1, s]
            _observe_losses(t, seed, plan, st, r, s)
        for s in range(S):
            st.attack_days[r, s] = st.attack_days[r, s] + 1 if st.assault[r, s] == 1 else 0


@njit(cache=True)
def expected_losses(plan: Pack, st: Pack, r: int, s: int) -> tuple[float, float]:
    """The attacker's and the defender's expected losses today in sector ``s`` (the
    reference's ``expected_losses``): an assault, a counter-attack or positional fire."""
    A = st.line[r, 0, s]
    D = st.line[r, 1, s]
    if not (A > 0.0 and D > 0.0):
        return 0.0, 0.0
    th, cb = plan.theatre, plan.combat
    pa = st.posture[r, 0, s]
    pd = st.posture[r, 1, s]
    qa = st.line_quality[r, 0, s]
    qd = st.line_quality[r, 1, s]
    eta = cb.supply_exponent[r]
    sa = st.supply[r, 0, s] ** eta
    sd = st.supply[r, 1, s] ** eta
    terrain = th.terrain_attrition[r, s]
    fort = fortification(
        th.n_belts[s], th.belt_depth[r, s], th.belt_fortification[r, s], st.front[r, s]
    )
    fire_a = A ** cb.exponent_enemy[r] * D ** cb.exponent_own[r]
    fire_d = D ** cb.exponent_enemy[r] * A ** cb.exponent_own[r]
    idle_a = cb.idle_factor[r] if pa == IDLE else 1.0
    idle_d = cb.idle_factor[r] if pd == IDLE else 1.0
    if st.assault[r, s] == 1:
        wmax = cb.withdrawal_max[r] * th.terrain_advance[r, s] / fort
        contact = 1.0 - st.withdrawal[r, s] / wmax if wmax > 0.0 else 1.0
        contact = max(contact, 0.0)
        intensity = st.tempo[r, 0, s] * st.prosecution[r, s] * contact
        tired = 1.0 / (1.0 + cb.fatigue[r] * st.attack_days[r, s])
        lam_d = cb.rate_assault[r] * fire_a * (qa / qd) * sa * tired * terrain * intensity / fort
        cost = fort ** cb.fortification_exponent[r]
        lam_a = cb.rate_hold[r] * fire_d * (qd / qa) * sd * terrain * intensity * cost * idle_d
        return min(lam_a, cb.cap_attacker[r] * A), min(lam_d, cb.cap_defender[r] * D)
    if st.assault[r, s] == 2:
        intensity = st.tempo[r, 1, s]
        lam_a = cb.rate_assault[r] * fire_d * (qd / qa) * sd * terrain * intensity
        lam_d = cb.rate_hold[r] * fire_a * (qa / qd) * sa * terrain * intensity * idle_a
        return min(lam_a, cb.cap_defender[r] * A), min(lam_d, cb.cap_attacker[r] * D)
    lam_d = cb.rate_positional[r] * fire_a * (qa / qd) * sa * terrain * idle_a / fort
    lam_a = cb.rate_positional[r] * fire_d * (qd / qa) * sd * terrain * idle_d
    return min(lam_a, cb.cap_defender[r] * A), min(lam_d, cb.cap_defender[r] * D)


@njit(cache=True)
def _take_losses(
    t: int, seed: int, plan: Pack, st: Pack, r: int, s: int, side: int, lam: float
) -> None:
    """Draw one side's losses of the day and book them: killed, wounded (some returning after
    their delay), missing."""
    fo = plan.forces
    proc = _LOSSES_A if side == 0 else _LOSSES_D
    present = st.line[r, side, s]
    rho = fo.wounded_return_share[r, side] if plan.switches.force_generation else 0.0
    k, wr, wp, m = _draw_losses(
        seed, plan.run_ids[r], proc, s, t, lam, present, plan.switches.negative_binomial,
        plan.combat.dispersion[r], fo.killed_share[r, side], fo.missing_share[r, side], rho,
    )  # fmt: skip
    total = k + wr + wp + m
    st.line[r, side, s] = present - total
    st.losses[r, side, 0] += k
    st.losses[r, side, 1] += wr + wp
    st.losses[r, side, 2] += m
    st.wounded_perm[r, side] += wp
    if wr > 0.0:
        delay = max(fo.wounded_return_delay[r, side], 1)
        st.awaiting[r, side] += wr
        st.wound_ring[r, side, (t + delay) % st.wound_ring.shape[2]] += wr
    st.loss_today[r, side, s] = total


@njit(cache=True)
def _observe_losses(t: int, seed: int, plan: Pack, st: Pack, r: int, s: int) -> None:
    """Each side's noisy count of the enemy's losses today (lognormal of mean 1)."""
    sigma = plan.combat.observation_sigma[r]
    for observer in range(2):
        seen = st.loss_today[r, 1 - observer, s]
        if seen > 0.0:
            proc = _OBSERVE_A if observer == 0 else _OBSERVE_D
            noise = lognormal_nb(seed, plan.run_ids[r], proc, s, t, 0, -0.5 * sigma * sigma, sigma)
            st.observed_enemy[r, observer, s] += seen * noise
