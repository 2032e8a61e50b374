"""The ceasefire over all runs (Numba kernel): beliefs, costs, the bargaining gap, the hazard.

    gap = E[p_A] - E[p_D] - (c_A + c_D)
    h   = h0 * sigma(-kappa * gap) * (1 + nu * (1 - Var_t / Var_0))     P(ceasefire) = 1 - e^-h

An engineering synthesis of ours [ENG] of published pieces: the bargaining gap of Fearon (1995,
*International Organization* 49), beliefs that converge as battles reveal strength (Slantchev
2003, *APSR* 97) and the commitment problem that suppresses talks before a shift in power
(Powell 2006). Mirrors :mod:`clausewitz.engine.reference.ceasefire`; ``docs/model.md`` §8.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit
from numpy.typing import NDArray

from clausewitz.engine.draws import CEASEFIRE
from clausewitz.rng import bernoulli_nb

F64 = NDArray[np.float64]
I64 = NDArray[np.int64]

_CEASEFIRE = CEASEFIRE


@njit(cache=True)
def _logistic(z: float) -> float:
    if z >= 0.0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


@njit(cache=True)
def _beta_variance(a: float, b: float) -> float:
    n = a + b
    return a * b / (n * n * (n + 1.0))


@njit(cache=True)
def ceasefire(
    t: int,
    seed: int,
    run_ids: I64,
    base_hazard: F64,
    sensitivity: F64,
    convergence: F64,
    casualty_weight: F64,
    fiscal_weight: F64,
    prior_strength: F64,
    optimism: F64,
    horizon_days: F64,
    distance_km: F64,
    suppression: F64,
    update_weight: F64,
    casualty_window: F64,
    objective_hub: NDArray[np.bool_],
    objective_sector: I64,
    objective_depth: F64,
    start_total: F64,
    falls_today: I64,
    defender_broke: NDArray[np.bool_],
    attacker_broke: NDArray[np.bool_],
    loss_today: F64,
    advance_today: F64,
    stress: F64,
    front: F64,
    fall_day: I64,
    belief_a: F64,
    belief_b: F64,
    casualty_rate: F64,
    speed: F64,
    hazard_out: F64,
    ceasefire_day: I64,
) -> None:
    """§8 for every run (see the reference's ``ceasefire.step``)."""
    R = front.shape[0]
    S = front.shape[1]
    n_obj = fall_day.shape[1]
    for r in range(R):
        if ceasefire_day[r] >= 0:
            continue
        successes = float(falls_today[r])
        failures = 0.0
        for s in range(S):
            if defender_broke[r, s]:
                successes += 1.0
            if attacker_broke[r, s]:
                failures += 1.0
        window = casualty_window[r]
        horizon = max(horizon_days[r], 1.0)
        for side in range(2):
            belief_a[r, side] += update_weight[r] * successes
            belief_b[r, side] += update_weight[r] * failures
            lost = 0.0
            for s in range(S):
                lost += loss_today[r, side, s]
            share = lost / start_total[r, side]
            casualty_rate[r, side] += (share - casualty_rate[r, side]) / window
        for s in range(S):
            speed[r, s] += (advance_today[r, s] - speed[r, s]) / horizon
        mean_a = belief_a[r, 0] / (belief_a[r, 0] + belief_b[r, 0])
        mean_d = belief_a[r, 1] / (belief_a[r, 1] + belief_b[r, 1])
        ratio = 0.0
        for side in range(2):
            a0 = prior_strength[r] * optimism[r, side]
            b0 = prior_strength[r] * (1.0 - optimism[r, side])
            ratio += _beta_variance(belief_a[r, side], belief_b[r, side]) / _beta_variance(a0, b0)
        ratio = ratio / 2.0
        cost_a = casualty_weight[r] * window * casualty_rate[r, 0] + fiscal_weight[r] * stress[r, 0]
        cost_d = casualty_weight[r] * window * casualty_rate[r, 1] + fiscal_weight[r] * stress[r, 1]
        gap = mean_a - mean_d - (cost_a + cost_d)
        hazard = base_hazard[r] * _logistic(-sensitivity[r] * gap)
        hazard = hazard * (1.0 + convergence[r] * (1.0 - ratio))
        gathered = 1.0 - (1.0 - 1.0 / horizon) ** float(t + 1)
        for o in range(n_obj):
            if not objective_hub[o] or fall_day[r, o] >= 0:
                continue
            s = objective_sector[o]
            remaining = objective_depth[r, o] - front[r, s]
            v = speed[r, s] / gathered
            imminent = 0.0 < remaining <= distance_km[r] and v > 0.0
            if imminent and remaining <= v * horizon_days[r]:
                hazard = hazard * (1.0 - suppression[r])
                break
        hazard_out[r] = hazard
        probability = 1.0 - math.exp(-hazard)
        if bernoulli_nb(seed, run_ids[r], _CEASEFIRE, 0, t, 0, probability):
            ceasefire_day[r] = t
