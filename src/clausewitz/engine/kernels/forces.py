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
def generate(
    t: int,
    c_side: I64,
    c_to_reserve: NDArray[np.bool_],
    c_troops: F64,
    c_quality: F64,
    c_arrival: I64,
    c_ready: I64,
    c_split: F64,
    recruits_per_day: F64,
    recruit_delay: I64,
    crisis_cut: F64,
    crisis_day: I64,
    line: F64,
    line_q: F64,
    reserve: F64,
    reserve_q: F64,
    training: F64,
    awaiting: F64,
    remainder: F64,
    train_ring: F64,
    wound_ring: F64,
    recruits: F64,
    arrivals: F64,
    returned: F64,
) -> None:
    """§1 for every run (see the reference's ``forces.generate``)."""
    R = line.shape[0]
    S = line.shape[2]
    C = c_side.shape[0]
    L = train_ring.shape[2]
    slot = t % L
    for r in range(R):
        for c in range(C):
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
def arrive(
    t: int,
    transit_ring: F64,
    transit_qsum: F64,
    return_ring: F64,
    return_qsum: F64,
    transit: F64,
    line: F64,
    line_q: F64,
    reserve: F64,
    reserve_q: F64,
) -> None:
    """§2: troops whose movement ends today arrive: withdrawn line troops in the reserve,
    reserves in their line (see the reference's ``forces.arrive``)."""
    R = line.shape[0]
    S = line.shape[2]
    L = transit_ring.shape[2]
    slot = t % L
    for r in range(R):
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
def withdraw(
    t: int,
    side: int,
    shares: F64,
    transit_days: I64,
    line: F64,
    line_q: F64,
    reserve: F64,
    reserve_q: F64,
    return_ring: F64,
    return_qsum: F64,
    transit: F64,
) -> None:
    """§2: whole troops ``floor(share x line)`` of each sector back into the reserve, at once
    or after marching ``transit_days`` (see the reference's ``forces.withdraw``)."""
    R = line.shape[0]
    S = line.shape[2]
    L = return_ring.shape[2]
    for r in range(R):
        for s in range(S):
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
def commit(
    t: int,
    side: int,
    allocation: F64,
    transit_days: I64,
    line: F64,
    line_q: F64,
    reserve: F64,
    reserve_q: F64,
    transit_ring: F64,
    transit_qsum: F64,
    transit: F64,
) -> None:
    """§2: whole troops ``floor(share x reserve)`` to each sector, for one side; to its line
    at once, or into transit for ``transit_days`` days."""
    R = line.shape[0]
    S = line.shape[2]
    L = transit_ring.shape[2]
    for r in range(R):
        available = reserve[r, side]
        quality = reserve_q[r, side]
        for s in range(S):
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
def effective_postures(
    posture_a: I64,
    posture_d: I64,
    pause: I64,
    ceasefire_day: I64,
    line: F64,
    posture: I64,
) -> None:
    """§2: the postures that take effect after pause, ceasefire and empty sectors."""
    R = line.shape[0]
    S = line.shape[2]
    for r in range(R):
        for s in range(S):
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
