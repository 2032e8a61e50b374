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
from clausewitz.engine.plan import IDLE
from clausewitz.rng import binomial_nb, lognormal_nb, negative_binomial_nb, poisson_nb

F64 = NDArray[np.float64]
I64 = NDArray[np.int64]

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
def attrition(
    t: int,
    seed: int,
    run_ids: I64,
    attrition_on: bool,
    negative_binomial: bool,
    force_generation_on: bool,
    # plan
    n_belts: I64,
    belt_depth: F64,
    belt_fortification: F64,
    terrain_attrition: F64,
    terrain_advance: F64,
    exponent_own: F64,
    exponent_enemy: F64,
    rate_assault: F64,
    rate_hold: F64,
    rate_positional: F64,
    fortification_exponent: F64,
    cap_attacker: F64,
    cap_defender: F64,
    idle_factor: F64,
    dispersion: F64,
    fatigue: F64,
    supply_exponent: F64,
    withdrawal_max: F64,
    observation_sigma: F64,
    killed_share: F64,
    missing_share: F64,
    return_share: F64,
    return_delay: I64,
    # state
    ceasefire_day: I64,
    front: F64,
    line: F64,
    line_q: F64,
    supply: F64,
    posture: I64,
    tempo: F64,
    assault: I64,
    prosecution: F64,
    withdrawal: F64,
    attack_days: I64,
    engaged: NDArray[np.bool_],
    engaged_loss_attacker: F64,
    engaged_loss_defender: F64,
    start_line: F64,
    loss_today: F64,
    losses: F64,
    wounded_perm: F64,
    awaiting: F64,
    wound_ring: F64,
    observed_enemy: F64,
) -> None:
    """§4 for every run (see the reference's ``expected_losses`` and ``attrition``)."""
    R = line.shape[0]
    S = line.shape[2]
    L = wound_ring.shape[2]
    for r in range(R):
        run = run_ids[r]
        ceasefire = ceasefire_day[r] >= 0
        sigma = observation_sigma[r]
        for s in range(S):
            start_line[r, 0, s] = line[r, 0, s]
            start_line[r, 1, s] = line[r, 1, s]
            loss_today[r, 0, s] = 0.0
            loss_today[r, 1, s] = 0.0
            if not attrition_on or ceasefire:
                continue
            A = line[r, 0, s]
            D = line[r, 1, s]
            lam_a = 0.0
            lam_d = 0.0
            if A > 0.0 and D > 0.0:
                pa = posture[r, 0, s]
                pd = posture[r, 1, s]
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
                idle_a = idle_factor[r] if pa == IDLE else 1.0
                idle_d = idle_factor[r] if pd == IDLE else 1.0
                if assault[r, s] == 1:
                    wmax = withdrawal_max[r] * terrain_advance[r, s] / fort
                    contact = 1.0 - withdrawal[r, s] / wmax if wmax > 0.0 else 1.0
                    contact = max(contact, 0.0)
                    intensity = tempo[r, 0, s] * prosecution[r, s] * contact
                    tired = 1.0 / (1.0 + fatigue[r] * attack_days[r, s])
                    lam_d = (
                        rate_assault[r]
                        * fire_a
                        * (qa / qd)
                        * sa
                        * tired
                        * terrain
                        * intensity
                        / fort
                    )
                    cost = fort ** fortification_exponent[r]
                    lam_a = (
                        rate_hold[r] * fire_d * (qd / qa) * sd * terrain * intensity * cost * idle_d
                    )
                    lam_a = min(lam_a, cap_attacker[r] * A)
                    lam_d = min(lam_d, cap_defender[r] * D)
                elif assault[r, s] == 2:
                    intensity = tempo[r, 1, s]
                    lam_a = rate_assault[r] * fire_d * (qd / qa) * sd * terrain * intensity
                    lam_d = rate_hold[r] * fire_a * (qa / qd) * sa * terrain * intensity * idle_a
                    lam_d = min(lam_d, cap_attacker[r] * D)
                    lam_a = min(lam_a, cap_defender[r] * A)
                else:
                    lam_d = rate_positional[r] * fire_a * (qa / qd) * sa * terrain * idle_a / fort
                    lam_a = rate_positional[r] * fire_d * (qd / qa) * sd * terrain * idle_d
                    lam_d = min(lam_d, cap_defender[r] * D)
                    lam_a = min(lam_a, cap_defender[r] * A)
            for side in range(2):
                lam = lam_a if side == 0 else lam_d
                proc = _LOSSES_A if side == 0 else _LOSSES_D
                present = line[r, side, s]
                rho = return_share[r, side] if force_generation_on else 0.0
                k, wr, wp, m = _draw_losses(
                    seed,
                    run,
                    proc,
                    s,
                    t,
                    lam,
                    present,
                    negative_binomial,
                    dispersion[r],
                    killed_share[r, side],
                    missing_share[r, side],
                    rho,
                )
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
                engaged_loss_attacker[r, s] += loss_today[r, 0, s]
                engaged_loss_defender[r, s] += loss_today[r, 1, s]
            for observer in range(2):
                seen = loss_today[r, 1 - observer, s]
                if seen > 0.0:
                    proc_o = _OBSERVE_A if observer == 0 else _OBSERVE_D
                    noise = lognormal_nb(seed, run, proc_o, s, t, 0, -0.5 * sigma * sigma, sigma)
                    observed_enemy[r, observer, s] += seen * noise
        for s in range(S):
            attack_days[r, s] = attack_days[r, s] + 1 if assault[r, s] == 1 else 0
