"""The war economy over all runs (Numba kernel): the daily fiscal-crisis hazard

    h = (ln 2 / 365.25) * exp(beta * (S - crisis_threshold)),    P(crisis) = 1 - e^-h,

of the fiscal stress ``S`` (runway of reserves and spending share), all forms ours [ENG]: no
published model links war spending to a crisis. Mirrors
:mod:`clausewitz.engine.reference.economy`, which states every term; ``docs/model.md`` §7.
"""

from __future__ import annotations

import math

from numba import njit

from clausewitz.engine.draws import CRISIS
from clausewitz.engine.kernels.packs import Pack
from clausewitz.rng import bernoulli_nb

_CRISIS_A, _CRISIS_D = CRISIS
LN2_PER_DAY = math.log(2.0) / 365.25
MAX_EXPONENT = 50.0


@njit(cache=True)
def economy(t: int, seed: int, plan: Pack, state: Pack) -> None:
    """§7 for every run (see the reference's ``economy.step``): each side's fiscal stress,
    then the day's crisis draw of each side not yet in crisis."""
    ec, st = plan.economy, state
    enabled, baseline_spending, budget_share = ec.enabled, ec.baseline_spending, ec.budget_share
    aid, deficit, elasticity, reference_loss = ec.aid, ec.deficit, ec.elasticity, ec.reference_loss
    runway_reference, spending_weight, stress_cap = (
        ec.runway_reference, ec.spending_weight, ec.stress_cap
    )  # fmt: skip
    start_total, loss_today, econ_reserves = (
        plan.forces.start_total,
        st.loss_today,
        st.econ_reserves,
    )
    stress = st.stress
    S = loss_today.shape[2]
    for r in range(loss_today.shape[0]):
        for side in range(2):
            if not enabled[side]:
                continue
            baseline = baseline_spending[r, side]
            reference = reference_loss[r] * start_total[r, side]
            losses = 0.0
            for s in range(S):
                losses += loss_today[r, side, s]
            intensity = losses / reference if reference > 0.0 else 0.0
            spending = baseline * (1.0 + elasticity[r] * max(intensity - 1.0, 0.0))
            net = deficit[r, side] + (spending - baseline) - aid[r, side]
            reserves = econ_reserves[r, side] - net
            if reserves < 0.0:
                reserves = 0.0
            econ_reserves[r, side] = reserves
            if net > 0.0:
                if reserves > 0.0:
                    runway = min(runway_reference[r] * net / reserves, stress_cap[r])
                else:
                    runway = stress_cap[r]
            else:
                runway = 0.0
            rise = spending / baseline - 1.0 if baseline > 0.0 else 0.0
            stress[r, side] = runway + spending_weight[r] * budget_share[r, side] * rise
    _crises(t, seed, plan, st)


@njit(cache=True)
def _crises(t: int, seed: int, plan: Pack, st: Pack) -> None:
    """The day's fiscal-crisis draw of each side not yet in crisis, at its stress."""
    ec, run_ids, stress, crisis_day = plan.economy, plan.run_ids, st.stress, st.crisis_day
    enabled, steepness, crisis_threshold = ec.enabled, ec.steepness, ec.crisis_threshold
    for r in range(stress.shape[0]):
        for side in range(2):
            if not enabled[side] or crisis_day[r, side] >= 0:
                continue
            exponent = min(
                steepness[r] * (stress[r, side] - crisis_threshold[r, side]), MAX_EXPONENT
            )
            hazard = LN2_PER_DAY * math.exp(exponent)
            probability = 1.0 - math.exp(-hazard)
            proc = _CRISIS_A if side == 0 else _CRISIS_D
            if bernoulli_nb(seed, run_ids[r], proc, 0, t, 0, probability):
                crisis_day[r, side] = t
