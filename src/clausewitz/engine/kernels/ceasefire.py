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
from clausewitz.engine.kernels.packs import Pack
from clausewitz.rng import bernoulli_nb

F64 = NDArray[np.float64]

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
def ceasefire(t: int, seed: int, plan: Pack, state: Pack) -> None:
    """§8 for every run still at war (see the reference's ``ceasefire.step``), one step at a
    time over all runs (runs are independent)."""
    st = state
    _learn(plan.talks, plan.forces.start_total, st)
    _hazard(plan.talks, st)
    _suppress(t, plan, st)
    hazard, ceasefire_day, run_ids = st.hazard, st.ceasefire_day, plan.run_ids
    for r in range(ceasefire_day.shape[0]):
        if ceasefire_day[r] >= 0:
            continue
        probability = 1.0 - math.exp(-hazard[r])
        if bernoulli_nb(seed, run_ids[r], _CEASEFIRE, 0, t, 0, probability):
            ceasefire_day[r] = t


@njit(cache=True)
def _learn(tk: Pack, start_total: F64, st: Pack) -> None:
    """Beliefs updated by the day's battles, smoothed casualty rates and advance speeds."""
    defender_broke, attacker_broke, loss_today = st.defender_broke, st.attacker_broke, st.loss_today
    belief_a, belief_b, casualty_rate = st.belief_a, st.belief_b, st.casualty_rate
    speed, advance_today, falls_today = st.speed, st.advance_today, st.falls_today
    casualty_window, horizon_days, update_weight = (
        tk.casualty_window, tk.horizon_days, tk.update_weight
    )  # fmt: skip
    S = speed.shape[1]
    for r in range(speed.shape[0]):
        if st.ceasefire_day[r] >= 0:
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


@njit(cache=True)
def _hazard(tk: Pack, st: Pack) -> None:
    """The daily hazard of the bargaining gap, raised as beliefs converge."""
    belief_a, belief_b, casualty_rate, stress = (
        st.belief_a,
        st.belief_b,
        st.casualty_rate,
        st.stress,
    )
    prior_strength, optimism, casualty_window = tk.prior_strength, tk.optimism, tk.casualty_window
    casualty_weight, fiscal_weight = tk.casualty_weight, tk.fiscal_weight
    base_hazard, sensitivity, convergence = tk.base_hazard, tk.sensitivity, tk.convergence
    for r in range(belief_a.shape[0]):
        if st.ceasefire_day[r] >= 0:
            continue
        mean_a = belief_a[r, 0] / (belief_a[r, 0] + belief_b[r, 0])
        mean_d = belief_a[r, 1] / (belief_a[r, 1] + belief_b[r, 1])
        ratio = 0.0
        for side in range(2):
            a0 = prior_strength[r] * optimism[r, side]
            b0 = prior_strength[r] * (1.0 - optimism[r, side])
            ratio += _beta_variance(belief_a[r, side], belief_b[r, side]) / _beta_variance(a0, b0)
        ratio = ratio / 2.0
        window = casualty_window[r]
        cost_a = casualty_weight[r] * window * casualty_rate[r, 0] + fiscal_weight[r] * stress[r, 0]
        cost_d = casualty_weight[r] * window * casualty_rate[r, 1] + fiscal_weight[r] * stress[r, 1]
        gap = mean_a - mean_d - (cost_a + cost_d)
        hazard = base_hazard[r] * _logistic(-sensitivity[r] * gap)
        st.hazard[r] = hazard * (1.0 + convergence[r] * (1.0 - ratio))


@njit(cache=True)
def _suppress(t: int, plan: Pack, st: Pack) -> None:
    """The hazard cut while a hub is about to fall at the current speed (the commitment
    problem)."""
    tk, th = plan.talks, plan.theatre
    objective_hub, objective_sector, objective_depth = (
        th.objective_hub, th.objective_sector, th.objective_depth
    )  # fmt: skip
    fall_day, front, speed, hazard = st.fall_day, st.front, st.speed, st.hazard
    horizon_days, distance_km, suppression = tk.horizon_days, tk.distance_km, tk.suppression
    for r in range(front.shape[0]):
        if st.ceasefire_day[r] >= 0:
            continue
        horizon = max(horizon_days[r], 1.0)
        gathered = 1.0 - (1.0 - 1.0 / horizon) ** float(t + 1)
        for o in range(fall_day.shape[1]):
            if not objective_hub[o] or fall_day[r, o] >= 0:
                continue
            s = objective_sector[o]
            remaining = objective_depth[r, o] - front[r, s]
            v = speed[r, s] / gathered
            imminent = 0.0 < remaining <= distance_km[r] and v > 0.0
            if imminent and remaining <= v * horizon_days[r]:
                hazard[r] = hazard[r] * (1.0 - suppression[r])
                break
