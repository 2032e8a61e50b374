"""Attrition over all runs (Numba kernels): the generalised Lanchester law, then drawn.

    lambda_D = k_assault * A^phi2 * D^phi1 * (q_A / q_D) * s_A^eta * fatigue * T * I / f
    lambda_A = k_hold * D^phi2 * A^phi1 * (q_D / q_A) * s_D^eta * T * I * f^gamma

(Lanchester 1916, generalised as in Bracken 1995, Fricker 1998 and Wiper, Pettit & Young 2000;
QJM's caps and CEV, Dupuy 1979 and Lawrence 1996). Each kernel mirrors the function of the
same name in :mod:`clausewitz.engine.reference.attrition`, expression for expression, so that
both engines compute bit-identical (or, through libm, ulp-close) numbers. ``docs/model.md`` §4.
"""

from __future__ import annotations

import numpy as np
from numba import njit
from numpy.typing import NDArray

from clausewitz.engine.draws import (
    LOSSES,
    OBSERVATION,
    SLOT_KILLED,
    SLOT_MISSING,
    SLOT_RETURNING,
    SLOT_TOTAL,
)
from clausewitz.engine.kernels.advance import fortification
from clausewitz.engine.kernels.packs import Pack, pack
from clausewitz.engine.plan import IDLE, Plan
from clausewitz.rng import binomial_nb, lognormal_nb, negative_binomial_nb, poisson_nb

F64 = NDArray[np.float64]

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


def scratch(plan: Plan) -> Pack:
    """Work space of :func:`attrition`, allocated once: ``lam``, each side's expected losses
    of the day (runs x sides x sectors)."""
    return pack(lam=np.zeros((plan.n_runs, 2, plan.n_sectors)))


@njit(cache=True)
def attrition(t: int, seed: int, plan: Pack, state: Pack, scratch: Pack) -> None:
    """§4 for every run (see the reference's ``expected_losses`` and ``attrition``), one step
    at a time over all runs (runs and sectors are independent within the step, and every draw
    is keyed by its coordinates): the day's expected losses, their draws and booking, the
    enemy's noisy count of them, the days of assault."""
    st = state
    for r in range(st.line.shape[0]):
        for s in range(st.line.shape[2]):
            st.start_line[r, 0, s] = st.line[r, 0, s]
            st.start_line[r, 1, s] = st.line[r, 1, s]
            st.loss_today[r, 0, s] = 0.0
            st.loss_today[r, 1, s] = 0.0
    if plan.switches.attrition:
        expected_losses(plan, st, scratch.lam)
        _take_losses(t, seed, plan, st, scratch.lam)
        _observe_losses(t, seed, plan, st)
    assault, attack_days = st.assault, st.attack_days
    for r in range(assault.shape[0]):
        for s in range(assault.shape[1]):
            attack_days[r, s] = attack_days[r, s] + 1 if assault[r, s] == 1 else 0


@njit(cache=True)
def expected_losses(plan: Pack, st: Pack, lam: F64) -> None:
    """Each side's expected losses today in each sector of each run at war, into ``lam`` (the
    reference's ``expected_losses``): an assault, a counter-attack or positional fire."""
    th, cb = plan.theatre, plan.combat
    n_belts, belt_depth, belt_fortification = th.n_belts, th.belt_depth, th.belt_fortification
    terrain_attrition, terrain_advance = th.terrain_attrition, th.terrain_advance
    exponent_own, exponent_enemy, supply_exponent = (
        cb.exponent_own, cb.exponent_enemy, cb.supply_exponent
    )  # fmt: skip
    rate_assault, rate_hold, rate_positional = cb.rate_assault, cb.rate_hold, cb.rate_positional
    cap_attacker, cap_defender, idle_factor = cb.cap_attacker, cb.cap_defender, cb.idle_factor
    withdrawal_max, fatigue, fort_exponent = (
        cb.withdrawal_max, cb.fatigue, cb.fortification_exponent
    )  # fmt: skip
    line, line_q, supply, posture = st.line, st.line_quality, st.supply, st.posture
    front, assault, withdrawal, tempo = st.front, st.assault, st.withdrawal, st.tempo
    prosecution, attack_days, ceasefire_day = st.prosecution, st.attack_days, st.ceasefire_day
    for r in range(line.shape[0]):
        if ceasefire_day[r] >= 0:
            continue
        for s in range(line.shape[2]):
            A = line[r, 0, s]
            D = line[r, 1, s]
            lam[r, 0, s] = 0.0
            lam[r, 1, s] = 0.0
            if not (A > 0.0 and D > 0.0):
                continue
            qa = line_q[r, 0, s]
            qd = line_q[r, 1, s]
            eta = supply_exponent[r]
            sa = supply[r, 0, s] ** eta
            sd = supply[r, 1, s] ** eta
            terrain = terrain_attrition[r, s]
            fort = fortification(
                n_belts[s], belt_depth[r, s], belt_fortification[r, s], front[r, s]
            )
            fire_a = A ** exponent_enemy[r] * D ** exponent_own[r]
            fire_d = D ** exponent_enemy[r] * A ** exponent_own[r]
            idle_a = idle_factor[r] if posture[r, 0, s] == IDLE else 1.0
            idle_d = idle_factor[r] if posture[r, 1, s] == IDLE else 1.0
            if assault[r, s] == 1:
                wmax = withdrawal_max[r] * terrain_advance[r, s] / fort
                contact = 1.0 - withdrawal[r, s] / wmax if wmax > 0.0 else 1.0
                contact = max(contact, 0.0)
                intensity = tempo[r, 0, s] * prosecution[r, s] * contact
                tired = 1.0 / (1.0 + fatigue[r] * attack_days[r, s])
                lam_d = (
                    rate_assault[r] * fire_a * (qa / qd) * sa * tired * terrain * intensity / fort
                )
                cost = fort ** fort_exponent[r]
                lam_a = rate_hold[r] * fire_d * (qd / qa) * sd * terrain * intensity * cost * idle_d
                lam[r, 0, s] = min(lam_a, cap_attacker[r] * A)
                lam[r, 1, s] = min(lam_d, cap_defender[r] * D)
            elif assault[r, s] == 2:
                intensity = tempo[r, 1, s]
                lam_a = rate_assault[r] * fire_d * (qd / qa) * sd * terrain * intensity
                lam_d = rate_hold[r] * fire_a * (qa / qd) * sa * terrain * intensity * idle_a
                lam[r, 0, s] = min(lam_a, cap_defender[r] * A)
                lam[r, 1, s] = min(lam_d, cap_attacker[r] * D)
            else:
                lam_d = rate_positional[r] * fire_a * (qa / qd) * sa * terrain * idle_a / fort
                lam_a = rate_positional[r] * fire_d * (qd / qa) * sd * terrain * idle_d
                lam[r, 0, s] = min(lam_a, cap_defender[r] * A)
                lam[r, 1, s] = min(lam_d, cap_defender[r] * D)


@njit(cache=True)
def _take_losses(t: int, seed: int, plan: Pack, st: Pack, lam: F64) -> None:
    """Draw each side's losses of the day and book them: killed, wounded (some returning after
    their delay), missing; an engagement counts its losses."""
    fo, run_ids = plan.forces, plan.run_ids
    returning, negative_binomial = plan.switches.force_generation, plan.switches.negative_binomial
    dispersion, killed_share, missing_share = (
        plan.combat.dispersion, fo.killed_share, fo.missing_share
    )  # fmt: skip
    return_share, return_delay = fo.wounded_return_share, fo.wounded_return_delay
    line, losses, wounded_perm, awaiting = st.line, st.losses, st.wounded_perm, st.awaiting
    wound_ring, loss_today, engaged = st.wound_ring, st.loss_today, st.engaged
    L = wound_ring.shape[2]
    for r in range(line.shape[0]):
        if st.ceasefire_day[r] >= 0:
            continue
        for s in range(line.shape[2]):
            for side in range(2):
                proc = _LOSSES_A if side == 0 else _LOSSES_D
                present = line[r, side, s]
                rho = return_share[r, side] if returning else 0.0
                k, wr, wp, m = _draw_losses(
                    seed, run_ids[r], proc, s, t, lam[r, side, s], present, negative_binomial,
                    dispersion[r], killed_share[r, side], missing_share[r, side], rho,
                )  # fmt: skip
                total = k + wr + wp + m
                line[r, side, s] = present - total
                losses[r, side, 0] += k
                losses[r, side, 1] += wr + wp
                losses[r, side, 2] += m
                wounded_perm[r, side] += wp
                if wr > 0.0:
                    delay = max(return_delay[r, side], 1)
                    awaiting[r, side] += wr
                    wound_ring[r, side, (t + delay) % L] += wr
                loss_today[r, side, s] = total
            if engaged[r, s]:
                st.engaged_loss_attacker[r, s] += loss_today[r, 0, s]
                st.engaged_loss_defender[r, s] += loss_today[r, 1, s]


@njit(cache=True)
def _observe_losses(t: int, seed: int, plan: Pack, st: Pack) -> None:
    """Each side's noisy count of the enemy's losses today (lognormal of mean 1)."""
    observation_sigma, run_ids = plan.combat.observation_sigma, plan.run_ids
    loss_today, observed_enemy = st.loss_today, st.observed_enemy
    for r in range(loss_today.shape[0]):
        if st.ceasefire_day[r] >= 0:
            continue
        sigma = observation_sigma[r]
        for s in range(loss_today.shape[2]):
            for observer in range(2):
                seen = loss_today[r, 1 - observer, s]
                if seen > 0.0:
                    proc = _OBSERVE_A if observer == 0 else _OBSERVE_D
                    mu = -0.5 * sigma * sigma
                    noise = lognormal_nb(seed, run_ids[r], proc, s, t, 0, mu, sigma)
                    observed_enemy[r, observer, s] += seen * noise
