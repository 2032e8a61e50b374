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
    """§7 for every run (see the reference's ``economy.step``)."""
    ec, st = plan.economy, state
    start_total = plan.forces.start_total
    R = st.loss_today.shape[0]
    S = st.loss_today.shape[2]
    for r in range(R):
        for side in range(2):
            if not ec.enabled[side]:
                continue
            baseline = ec.baseline_spending[r, side]
            reference = ec.reference_loss[r] * start_total[r, side]
            losses = 0.0
            for s in range(S):
                losses += st.loss_today[r, side, s]
            intensity = losses / reference if reference > 0.0 else 0.0
            spending = baseline * (1.0 + ec.elasticity[r] * max(intensity - 1.0, 0.0))
            net = ec.deficit[r, side] + (spending - baseline) - ec.aid[r, side]
            reserves = st.econ_reserves[r, side] - net
            if reserves < 0.0:
                reserves = 0.0
            st.econ_reserves[r, side] = reserves
            if net > 0.0:
                if reserves > 0.0:
                    runway = min(ec.runway_reference[r] * net / reserves, ec.stress_cap[r])
                else:
                    runway = ec.stress_cap[r]
            else:
                runway = 0.0
            rise = spending / baseline - 1.0 if baseline > 0.0 else 0.0
            value = runway + ec.spending_weight[r] * ec.budget_share[r, side] * rise
            st.stress[r, side] = value
            if st.crisis_day[r, side] < 0:
                _crisis(t, seed, plan, st, r, side, value)


@njit(cache=True)
def _crisis(t: int, seed: int, plan: Pack, st: Pack, r: int, side: int, stress: float) -> None:
    """The day's fiscal-crisis draw of one side at stress ``stress``."""
    ec = plan.economy
    exponent = min(ec.steepness[r] * (stress - ec.crisis_threshold[r, side]), MAX_EXPONENT)
    hazard = LN2_PER_DAY * math.exp(exponent)
    probability = 1.0 - math.exp(-hazard)
    proc = _CRISIS_A if side == 0 else _CRISIS_D
    if bernoulli_nb(seed, plan.run_ids[r], proc, 0, t, 0, probability):
        st.crisis_day[r, side] = t
