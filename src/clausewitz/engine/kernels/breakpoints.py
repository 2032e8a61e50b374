"""Breakpoints over all runs (Numba kernels): when an engagement's losses break a side.

A side breaks when ``losses since the engagement's start / troops at its start >= theta *
loss_tolerance``, ``theta ~ Beta(a, b)`` drawn when the engagement starts (after Helmbold,
RAND 1971; the Beta form is ours [ENG]), scaled by the side's force ratio at the start to
the power ``kappa`` (a mixed loss-fraction / force-ratio breakpoint, after Taylor 1983) and by
the engagement's unobserved relative effectiveness (a lognormal draw: the attacker's threshold
times it, the defender's over it); a
defender's break gives up a bounded depth (an exponential draw, capped) [ENG]. Each kernel
mirrors the function of the same name in
:mod:`clausewitz.engine.reference.breakpoints`. ``docs/model.md`` §5.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from clausewitz.engine.draws import ADVANCE, BREAKPOINTS, ENGAGEMENT, SLOT_WITHDRAWAL
from clausewitz.engine.kernels.packs import Pack
from clausewitz.engine.plan import ATTACK
from clausewitz.rng import beta_nb, lognormal_nb, uniform_nb

_BREAK_A, _BREAK_D = BREAKPOINTS
_ADVANCE = ADVANCE
_ENGAGEMENT = ENGAGEMENT
_SLOT_WITHDRAWAL = SLOT_WITHDRAWAL


@njit(cache=True)
def force_ratio_scale(attacker: float, defender: float, exponent: float) -> tuple[float, float]:
    """Multipliers of the attacker's and the defender's break thresholds (see the reference's
    ``force_ratio_scale``)."""
    if exponent == 0.0 or attacker <= 0.0 or defender <= 0.0:
        return 1.0, 1.0
    ratio = attacker / defender
    return ratio**exponent, (1.0 / ratio) ** exponent


@njit(cache=True)
def effectiveness_scale(seed: int, run: int, s: int, k: int, sigma: float) -> float:
    """The engagement's relative effectiveness of the attacker (see the reference's
    ``effectiveness_scale``)."""
    if sigma <= 0.0:
        return 1.0
    return lognormal_nb(seed, run, _ENGAGEMENT, s, k, 0, 0.0, sigma)


@njit(cache=True)
def start_engagements(seed: int, plan: Pack, state: Pack) -> None:
    """§4-5: who assaults; engagements start (thresholds drawn) or end."""
    cb, st, run_ids = plan.combat, state, plan.run_ids
    breakpoints_on = plan.switches.breakpoints
    break_a, break_b, break_force_ratio = cb.break_a, cb.break_b, cb.break_force_ratio
    break_heterogeneity = cb.break_heterogeneity
    posture, line, assault, engaged = st.posture, st.line, st.assault, st.engaged
    engagements, threshold = st.engagements, st.threshold
    engaged_attacker, engaged_defender = st.engaged_attacker, st.engaged_defender
    engaged_loss_attacker, engaged_loss_defender = (
        st.engaged_loss_attacker, st.engaged_loss_defender
    )  # fmt: skip
    R = line.shape[0]
    S = line.shape[2]
    for r in range(R):
        run = run_ids[r]
        for s in range(S):
            pa = posture[r, 0, s]
            pd = posture[r, 1, s]
            if pa == ATTACK:
                assault[r, s] = 1
            elif pd == ATTACK:
                assault[r, s] = 2
            else:
                assault[r, s] = 0
            if assault[r, s] == 1 and not engaged[r, s]:
                engaged[r, s] = True
                engagements[r, s] += 1
                engaged_attacker[r, s] = line[r, 0, s]
                engaged_defender[r, s] = line[r, 1, s]
                engaged_loss_attacker[r, s] = 0.0
                engaged_loss_defender[r, s] = 0.0
                if breakpoints_on:
                    k = engagements[r, s]
                    shift_a, shift_d = force_ratio_scale(
                        line[r, 0, s], line[r, 1, s], break_force_ratio[r]
                    )
                    m = effectiveness_scale(seed, run, s, k, break_heterogeneity[r])
                    shift_a *= m
                    shift_d /= m
                    threshold[r, 0, s] = shift_a * beta_nb(
                        seed, run, _BREAK_A, s, k, 0, break_a[r, 0], break_b[r, 0]
                    )
                    threshold[r, 1, s] = shift_d * beta_nb(
                        seed, run, _BREAK_D, s, k, 0, break_a[r, 1], break_b[r, 1]
                    )
            elif assault[r, s] != 1 and engaged[r, s]:
                engaged[r, s] = False


@njit(cache=True)
def breakpoints(t: int, seed: int, plan: Pack, state: Pack) -> None:
    """§5 for every run (see the reference's ``breakpoints.breakpoints``)."""
    cb, st, run_ids = plan.combat, state, plan.run_ids
    breakpoints_on = plan.switches.breakpoints
    fallback_km, fallback_cap, pause_days = cb.fallback_km, cb.fallback_cap, cb.pause_days
    front, engaged, threshold, tolerance = st.front, st.engaged, st.threshold, st.tolerance
    engaged_attacker, engaged_defender = st.engaged_attacker, st.engaged_defender
    engaged_loss_attacker, engaged_loss_defender = (
        st.engaged_loss_attacker, st.engaged_loss_defender
    )  # fmt: skip
    withdrawal, pause = st.withdrawal, st.pause
    defender_breaks, attacker_breaks = st.defender_breaks, st.attacker_breaks
    defender_broke, attacker_broke = st.defender_broke, st.attacker_broke
    R = front.shape[0]
    S = front.shape[1]
    for r in range(R):
        for s in range(S):
            defender_broke[r, s] = False
            attacker_broke[r, s] = False
            if not breakpoints_on or not engaged[r, s]:
                continue
            a0 = engaged_attacker[r, s]
            d0 = engaged_defender[r, s]
            frac_a = engaged_loss_attacker[r, s] / a0 if a0 > 0.0 else 1.0
            frac_d = engaged_loss_defender[r, s] / d0 if d0 > 0.0 else 1.0
            broke_d = frac_d >= threshold[r, 1, s] * tolerance[r, 1, s]
            broke_a = frac_a >= threshold[r, 0, s] * tolerance[r, 0, s]
            if broke_d:
                u = uniform_nb(seed, run_ids[r], _ADVANCE, s, t, _SLOT_WITHDRAWAL, 0.0, 1.0)
                front[r, s] = front[r, s] + min(-fallback_km[r] * np.log1p(-u), fallback_cap[r])
                withdrawal[r, s] = 0.0
                defender_breaks[r, s] += 1
                defender_broke[r, s] = True
            if broke_a:
                pause[r, s] = pause_days[r]
                attacker_breaks[r, s] += 1
                attacker_broke[r, s] = True
            if broke_d or broke_a:
                engaged[r, s] = False
