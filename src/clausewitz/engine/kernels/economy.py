"""The war economy over all runs (Numba kernel): the daily fiscal-crisis hazard

    h = (ln 2 / 365.25) * exp(beta * (S - crisis_threshold)),    P(crisis) = 1 - e^-h,

of the fiscal stress ``S`` (runway of reserves and spending share), all forms ours [ENG]: no
published model links war spending to a crisis. Mirrors
:mod:`clausewitz.engine.reference.economy`, which states every term; ``docs/model.md`` §7.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit
from numpy.typing import NDArray

from clausewitz.engine.draws import CRISIS
from clausewitz.rng import bernoulli_nb

F64 = NDArray[np.float64]
I64 = NDArray[np.int64]

_CRISIS_A, _CRISIS_D = CRISIS
LN2_PER_DAY = math.log(2.0) / 365.25
MAX_EXPONENT = 50.0


@njit(cache=True)
def economy(
    t: int,
    seed: int,
    run_ids: I64,
    enabled: NDArray[np.bool_],
    baseline_spending: F64,
    budget_share: F64,
    aid: F64,
    deficit: F64,
    crisis_threshold: F64,
    elasticity: F64,
    reference_loss: F64,
    runway_reference: F64,
    spending_weight: F64,
    stress_cap: F64,
    steepness: F64,
    start_total: F64,
    loss_today: F64,
    econ_reserves: F64,
    stress: F64,
    crisis_day: I64,
) -> None:
    """§7 for every run (see the reference's ``economy.step``)."""
    R = loss_today.shape[0]
    S = loss_today.shape[2]
    for r in range(R):
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
            value = runway + spending_weight[r] * budget_share[r, side] * rise
            stress[r, side] = value
            if crisis_day[r, side] < 0:
                exponent = min(steepness[r] * (value - crisis_threshold[r, side]), MAX_EXPONENT)
                hazard = LN2_PER_DAY * math.exp(exponent)
                probability = 1.0 - math.exp(-hazard)
                proc = _CRISIS_A if side == 0 else _CRISIS_D
                if bernoulli_nb(seed, run_ids[r], proc, 0, t, 0, probability):
                    crisis_day[r, side] = t
