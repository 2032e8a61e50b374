"""The ceasefire (reference engine): beliefs, costs, the bargaining gap and the daily hazard.

    gap = E[p_A] - E[p_D] - (c_A + c_D)
    h   = h0 * sigma(-kappa * gap) * (1 + nu * (1 - Var_t / Var_0))     P(ceasefire) = 1 - e^-h

An engineering synthesis of ours [ENG] of published pieces: the bargaining gap of Fearon (1995,
*International Organization* 49), beliefs that converge as battles reveal strength (Slantchev
2003, *APSR* 97) and the commitment problem that suppresses talks before a shift in power
(Powell 2006). ``docs/model.md`` §8.
"""

from __future__ import annotations

import math

from clausewitz.engine import draws
from clausewitz.engine.reference.params import RunParams
from clausewitz.engine.reference.state import RunState
from clausewitz.rng import bernoulli


def beta_variance(a: float, b: float) -> float:
    """Variance of Beta(a, b)."""
    n = a + b
    return a * b / (n * n * (n + 1.0))


def logistic(z: float) -> float:
    """1 / (1 + exp(-z)), written so that it never overflows."""
    if z >= 0.0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def step(p: RunParams, st: RunState, t: int, seed: int) -> None:
    """§8: update beliefs and costs, compute the hazard, draw whether a ceasefire starts."""
    S = p.n_sectors
    k = p.talks
    if not (p.switches.ceasefire and k.enabled) or st.ceasefire_day >= 0:
        return
    successes = float(st.falls_today)
    failures = 0.0
    for s in range(S):
        if st.defender_broke[s]:
            successes += 1.0
        if st.attacker_broke[s]:
            failures += 1.0
    window = k.casualty_window
    horizon = max(k.horizon_days, 1.0)
    for side in (0, 1):
        st.belief_a[side] += k.update_weight * successes
        st.belief_b[side] += k.update_weight * failures
        share = sum(st.loss_today[side]) / p.forces.start_total[side]
        st.casualty_rate[side] += (share - st.casualty_rate[side]) / window
    for s in range(S):
        st.speed[s] += (st.advance_today[s] - st.speed[s]) / horizon
    mean = [st.belief_a[i] / (st.belief_a[i] + st.belief_b[i]) for i in (0, 1)]
    ratio = 0.0
    for side in (0, 1):
        a0 = k.prior_strength * k.optimism[side]
        b0 = k.prior_strength * (1.0 - k.optimism[side])
        ratio += beta_variance(st.belief_a[side], st.belief_b[side]) / beta_variance(a0, b0)
    ratio = ratio / 2.0
    cost = [
        k.casualty_weight * window * st.casualty_rate[i] + k.fiscal_weight * st.stress[i]
        for i in (0, 1)
    ]
    gap = mean[0] - mean[1] - (cost[0] + cost[1])
    hazard = k.base_hazard * logistic(-k.sensitivity * gap)
    hazard = hazard * (1.0 + k.convergence * (1.0 - ratio))
    th = p.theatre
    # the moving average starts at 0: divide by the weight it has gathered (bias correction)
    gathered = 1.0 - (1.0 - 1.0 / horizon) ** float(t + 1)
    for o in range(len(st.fall_day)):
        if not th.objective_hub[o] or st.fall_day[o] >= 0:
            continue
        s = th.objective_sector[o]
        remaining = th.objective_depth[o] - st.front[s]
        speed = st.speed[s] / gathered
        # the hub is near, and at the recent speed it falls within the horizon
        imminent = 0.0 < remaining <= k.distance_km and speed > 0.0
        if imminent and remaining <= speed * k.horizon_days:
            hazard = hazard * (1.0 - k.suppression)
            break
    st.hazard = hazard
    probability = 1.0 - math.exp(-hazard)
    if bernoulli(seed, p.run, draws.CEASEFIRE, 0, t, 0, probability):
        st.ceasefire_day = t
