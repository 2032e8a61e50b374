"""The war economy (reference engine): spending, reserves, stress and the fiscal-crisis hazard.

    stress S = min(R_ref * net draw / reserves, cap) + w * budget share * (m / m0 - 1)
    hazard h = (ln 2 / 365.25) * exp(beta * (S - crisis_threshold))    P(crisis) = 1 - e^-h

with spending ``m = m0 * (1 + elasticity * max(losses / reference losses - 1, 0))``: at the
threshold a crisis has an even chance within a year. No published model links war spending
to a fiscal crisis, so every form here is ours [ENG]; the inputs (military spending share,
reserves, deficit) are SIPRI's and the finance ministries' figures in the scenarios.
``docs/model.md`` §7.
"""

from __future__ import annotations

import math

from clausewitz.engine import draws
from clausewitz.engine.reference.params import RunParams
from clausewitz.engine.reference.state import RunState
from clausewitz.rng import bernoulli

LN2_PER_DAY = math.log(2.0) / 365.25
"""Hazard per day of a 50% chance a year (the crisis threshold's definition)."""
MAX_EXPONENT = 50.0
"""Cap of the hazard's exponent (exp(50) already makes a crisis certain the same day)."""


def step(p: RunParams, st: RunState, t: int, seed: int) -> None:
    """§7: today's military spending and its draw on reserves, the stress index, and the
    crisis draw for each side with an economy."""
    if not p.switches.economy:
        return
    ec = p.economy
    for side in (0, 1):
        if not ec.enabled[side]:
            continue
        baseline = ec.baseline_spending[side]
        reference = ec.reference_loss * p.forces.start_total[side]
        losses = sum(st.loss_today[side])
        intensity = losses / reference if reference > 0.0 else 0.0
        spending = baseline * (1.0 + ec.elasticity * max(intensity - 1.0, 0.0))
        net = ec.deficit[side] + (spending - baseline) - ec.aid[side]
        reserves = st.econ_reserves[side] - net
        if reserves < 0.0:
            reserves = 0.0
        st.econ_reserves[side] = reserves
        if net > 0.0:
            if reserves > 0.0:
                runway = min(ec.runway_reference * net / reserves, ec.stress_cap)
            else:
                runway = ec.stress_cap
        else:
            runway = 0.0
        rise = spending / baseline - 1.0 if baseline > 0.0 else 0.0
        stress = runway + ec.spending_weight * ec.budget_share[side] * rise
        st.stress[side] = stress
        if st.crisis_day[side] < 0:
            exponent = min(ec.steepness * (stress - ec.crisis_threshold[side]), MAX_EXPONENT)
            hazard = LN2_PER_DAY * math.exp(exponent)
            probability = 1.0 - math.exp(-hazard)
            if bernoulli(seed, p.run, draws.CRISIS[side], 0, t, 0, probability):
                st.crisis_day[side] = t
