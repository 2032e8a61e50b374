"""Force generation, commitment of reserves and their movement over all runs (Numba kernels).

    line[s] += ready contingents * deployment weight + reserves arriving from transit (per day)
    transit[s] += allocation[s] * reserve, arriving transit_days[s] days later (0: at once)
    reserve  = start + arrivals + recruits + returned wounded - committed

Contingents arrive and train on their schedules, recruits accumulate deterministically and the
wounded return after their delay: an accounting of our own [ENG] that conserves personnel
exactly. ``docs/model.md`` §1 and §2.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit
from numpy.typing import NDArray

from clausewitz.engine.kernels.packs import Pack
from clausewitz.engine.plan import ATTACK, DEFEND, IDLE

F64 = NDArray[np.float64]
I64 = NDArray[np.int64]


@njit(cache=True)
def _mix(quality: float, troops: float, new_quality: float, new_troops: float) -> float:
    total = troops + new_troops
    if total <= 0.0:
        return quality
    return (quality * troops + new_quality * new_troops) / total


@njit(cache=True)
def generate(t: int, plan: Pack, state: Pack) -> None:
    """§1 for every run (see the reference's ``forces.generate``): contingents, then each
    side's graduates and returning wounded, then its recruits. Runs are independent, so each
    step is one pass over all runs."""
    slot = t % state.train_ring.shape[2]
    _contingents(t, plan.forces, state)
    _graduate_and_return(state, slot)
    _recruit(t, plan.forces, state)


@njit(cache=True)
def _contingents(t: int, fo: Pack, st: Pack) -> None:
    """Contingents arrive (into training) or, trained, deploy to their reserve or line."""
    c_side, c_to_reserve, c_troops = (
        fo.contingent_side,
        fo.contingent_to_reserve,
        fo.contingent_troops,
    )
    c_quality, c_arrival, c_ready = (
        fo.contingent_quality,
        fo.contingent_arrival,
        fo.contingent_ready,
    )
    c_split = fo.contingent_split
    line, line_q, reserve, reserve_q = st.line, st.line_quality, st.reserve, st.reserve_quality
    training, arrivals = st.training, st.arrivals
    S = line.shape[2]
    for r in range(line.shape[0]):
        for c in range(c_side.shape[0]):
            side = c_side[c]
            troops = c_troops[r, c]
            arrival = c_arrival[r, c]
            ready = c_ready[r, c]
            deploy = False
            if arrival == t:
                arrivals[r, side] += troops
                if ready == t:
                    deploy = True
                else:
                    training[r, side] += troops
            elif ready == t and arrival < t:
                training[r, side] -= troops
                deploy = True
            if deploy:
                q = c_quality[r, c]
                if c_to_reserve[c]:
                    reserve_q[r, side] = _mix(reserve_q[r, side], reserve[r, side], q, troops)
                    reserve[r, side] += troops
                else:
                    for s in range(S):
                        n = c_split[r, c, s]
                        if n > 0.0:
                            line_q[r, side, s] = _mix(line_q[r, side, s], line[r, side, s], q, n)
                            line[r, side, s] += n


@njit(cache=True)
def _graduate_and_return(st: Pack, slot: int) -> None:
    """Today's graduates of training and returning wounded join the reserve."""
    reserve, reserve_q, training = st.reserve, st.reserve_quality, st.training
    train_ring, wound_ring, awaiting, returned = (
        st.train_ring,
        st.wound_ring,
        st.awaiting,
        st.returned,
    )
    for r in range(reserve.shape[0]):
        for side in range(2):
            graduates = train_ring[r, side, slot]
            train_ring[r, side, slot] = 0.0
            if graduates > 0.0:
                reserve_q[r, side] = _mix(reserve_q[r, side], reserve[r, side], 1.0, graduates)
                reserve[r, side] += graduates
                training[r, side] -= graduates
            back = wound_ring[r, side, slot]
            wound_ring[r, side, slot] = 0.0
            if back > 0.0:
                reserve[r, side] += back
                awaiting[r, side] -= back
                returned[r, side] += back


@njit(cache=True)
def _recruit(t: int, fo: Pack, st: Pack) -> None:
    """Whole recruits of the accumulated daily rate, to the reserve or into training."""
    recruits_per_day, recruit_delay, crisis_cut = (
        fo.recruits_per_day,
        fo.recruit_delay,
        fo.recruit_crisis_cut,
    )
    reserve, reserve_q, training, remainder = (
        st.reserve,
        st.reserve_quality,
        st.training,
        st.recruit_remainder,
    )
    train_ring, recruits, crisis_day = st.train_ring, st.recruits, st.crisis_day
    L = train_ring.shape[2]
    for r in range(reserve.shape[0]):
        for side in range(2):
            rate = recruits_per_day[r, side]
            if crisis_day[r, side] >= 0:
                rate = rate * (1.0 - crisis_cut[r])
            remainder[r, side] += rate
            n = math.floor(remainder[r, side])
            remainder[r, side] -= n
            if n > 0:
                recruits[r, side] += n
                delay = recruit_delay[r, side]
                if delay <= 0:
                    reserve_q[r, side] = _mix(reserve_q[r, side], reserve[r, side], 1.0, float(n))
                    reserve[r, side] += n
                else:
                    train_ring[r, side, (t + delay) % L] += n
                    training[r, side] += n


@njit(cache=True)
def arrive(t: int, state: Pack) -> None:
    """§2: troops whose movement ends today arrive: withdrawn line troops in the reserve,
    reserves in their line (see the reference's ``forces.arrive``)."""
    st = state
    line, line_q, reserve, reserve_q = st.line, st.line_quality, st.reserve, st.reserve_quality
    transit_ring, transit_qsum, transit = st.transit_ring, st.transit_qsum, st.transit
    return_ring, return_qsum = st.return_ring, st.return_qsum
    S = line.shape[2]
    slot = t % transit_ring.shape[2]
    for r in range(line.shape[0]):
        for side in range(2):
            back = return_ring[r, side, slot]
            if back > 0.0:
                q = return_qsum[r, side, slot] / back
                reserve_q[r, side] = _mix(reserve_q[r, side], reserve[r, side], q, back)
                reserve[r, side] += back
                transit[r, side] -= back
            return_ring[r, side, slot] = 0.0
            return_qsum[r, side, slot] = 0.0
            for s in range(S):
                n = transit_ring[r, side, slot, s]
                if n > 0.0:
                    q = transit_qsum[r, side, slot, s] / n
                    line_q[r, side, s] = _mix(line_q[r, side, s], line[r, side, s], q, n)
                    line[r, side, s] += n
                    transit[r, side] -= n
                transit_ring[r, side, slot, s] = 0.0
                transit_qsum[r, side, slot, s] = 0.0


@njit(cache=True)
def withdraw(t: int, side: int, shares: F64, plan: Pack, state: Pack) -> None:
    """§2: whole troops ``floor(share x line)`` of each sector back into the reserve, at once
    or after marching ``transit_days`` (see the reference's ``forces.withdraw``)."""
    st, transit_days = state, plan.forces.transit_days
    line, line_q, reserve, reserve_q = st.line, st.line_quality, st.reserve, st.reserve_quality
    return_ring, return_qsum, transit = st.return_ring, st.return_qsum, st.transit
    L = return_ring.shape[2]
    for r in range(line.shape[0]):
        for s in range(line.shape[2]):
            n = math.floor(shares[r, s] * line[r, side, s])
            if n > 0:
                line[r, side, s] -= n
                q = line_q[r, side, s]
                d = transit_days[r, side, s]
                if d <= 0:
                    reserve_q[r, side] = _mix(reserve_q[r, side], reserve[r, side], q, float(n))
                    reserve[r, side] += n
                else:
                    slot = (t + d) % L
                    return_ring[r, side, slot] += n
                    return_qsum[r, side, slot] += n * q
                    transit[r, side] += n


@njit(cache=True)
def commit(t: int, side: int, allocation: F64, plan: Pack, state: Pack) -> None:
    """§2: whole troops ``floor(share x reserve)`` to each sector, for one side; to its line
    at once, or into transit for ``transit_days`` days."""
    st, transit_days = state, plan.forces.transit_days
    line, line_q, reserve, reserve_q = st.line, st.line_quality, st.reserve, st.reserve_quality
    transit_ring, transit_qsum, transit = st.transit_ring, st.transit_qsum, st.transit
    L = transit_ring.shape[2]
    for r in range(line.shape[0]):
        available = reserve[r, side]
        quality = reserve_q[r, side]
        for s in range(line.shape[2]):
            n = math.floor(allocation[r, s] * available)
            if n > 0:
                reserve[r, side] -= n
                d = transit_days[r, side, s]
                if d <= 0:
                    line_q[r, side, s] = _mix(
                        line_q[r, side, s], line[r, side, s], quality, float(n)
                    )
                    line[r, side, s] += n
                else:
                    slot = (t + d) % L
                    transit_ring[r, side, slot, s] += n
                    transit_qsum[r, side, slot, s] += n * quality
                    transit[r, side] += n


@njit(cache=True)
def effective_postures(posture_a: I64, posture_d: I64, state: Pack) -> None:
    """§2: the postures that take effect after pause, ceasefire and empty sectors."""
    line, pause, ceasefire_day, posture = (
        state.line,
        state.pause,
        state.ceasefire_day,
        state.posture,
    )
    for r in range(line.shape[0]):
        for s in range(line.shape[2]):
            pa = posture_a[r, s]
            pd = posture_d[r, s]
            if pause[r, s] > 0:
                if pa == ATTACK:
                    pa = DEFEND
                pause[r, s] -= 1
            if ceasefire_day[r] >= 0:
                pa = IDLE
                pd = IDLE
            if line[r, 0, s] <= 0.0:
                pa = IDLE
            if line[r, 1, s] <= 0.0:
                pd = IDLE
            posture[r, 0, s] = pa
            posture[r, 1, s] = pd
