"""Force generation, commitment of reserves and their movement (reference engine).

    line[s] += ready contingents * deployment weight + reserves arriving from transit (per day)
    transit[s] += allocation[s] * reserve, arriving transit_days[s] days later (0: at once)
    reserve  = start + arrivals + recruits + returned wounded - committed

Contingents arrive and train on their schedules, recruits accumulate deterministically and the
wounded return after their delay: an accounting of our own [ENG] that conserves personnel
exactly. ``docs/model.md`` §1 and §2.
"""

from __future__ import annotations

import math

from clausewitz.engine.reference.params import RunParams
from clausewitz.engine.reference.state import RunState


def mix(quality: float, troops: float, new_quality: float, new_troops: float) -> float:
    """Troop-weighted mean quality after ``new_troops`` of ``new_quality`` join."""
    total = troops + new_troops
    if total <= 0.0:
        return quality
    return (quality * troops + new_quality * new_troops) / total


def to_reserve(st: RunState, side: int, troops: float, quality: float) -> None:
    """Add troops of a given quality to a side's reserve."""
    st.reserve_quality[side] = mix(st.reserve_quality[side], st.reserve[side], quality, troops)
    st.reserve[side] += troops


def to_line(st: RunState, side: int, s: int, troops: float, quality: float) -> None:
    """Add troops of a given quality to a side's line in sector ``s``."""
    st.line_quality[side][s] = mix(st.line_quality[side][s], st.line[side][s], quality, troops)
    st.line[side][s] += troops


def generate(p: RunParams, st: RunState, t: int) -> None:
    """§1: contingents arrive and become ready, recruits graduate, wounded return, and today's
    recruits enter training (whole recruits; the fractional remainder is carried)."""
    if not p.switches.force_generation:
        return
    f = p.forces
    S = p.n_sectors
    for c, side in enumerate(f.contingent_side):
        troops = f.contingent_troops[c]
        arrival, ready = f.contingent_arrival[c], f.contingent_ready[c]
        deploy = False
        if arrival == t:
            st.arrivals[side] += troops
            if ready == t:
                deploy = True
            else:
                st.training[side] += troops
        elif ready == t and arrival < t:
            st.training[side] -= troops
            deploy = True
        if deploy:
            if f.contingent_to_reserve[c]:
                to_reserve(st, side, troops, f.contingent_quality[c])
            else:
                for s in range(S):
                    n = f.contingent_split[c][s]
                    if n > 0.0:
                        to_line(st, side, s, n, f.contingent_quality[c])
    L = f.ring_length
    slot = t % L
    for side in (0, 1):
        graduates = st.train_ring[side][slot]
        st.train_ring[side][slot] = 0.0
        if graduates > 0.0:
            to_reserve(st, side, graduates, 1.0)
            st.training[side] -= graduates
        back = st.wound_ring[side][slot]
        st.wound_ring[side][slot] = 0.0
        if back > 0.0:
            st.reserve[side] += back  # they rejoin at the reserve's quality
            st.awaiting[side] -= back
            st.returned[side] += back
        rate = f.recruits_per_day[side]
        if st.crisis_day[side] >= 0:
            rate = rate * (1.0 - f.recruit_crisis_cut)
        st.recruit_remainder[side] += rate
        n = math.floor(st.recruit_remainder[side])
        st.recruit_remainder[side] -= n
        if n > 0:
            st.recruits[side] += n
            delay = f.recruit_delay[side]
            if delay <= 0:
                to_reserve(st, side, float(n), 1.0)
            else:
                st.train_ring[side][(t + delay) % L] += n
                st.training[side] += n


def arrive(p: RunParams, st: RunState, t: int) -> None:
    """§2: troops whose movement ends today arrive (before the sides observe): withdrawn line
    troops join the reserve, reserves join their sector's line, each at the mean quality they
    set out with."""
    L = p.forces.transit_ring_length
    slot = t % L
    for side in (0, 1):
        back = st.return_ring[side][slot]
        if back > 0.0:
            to_reserve(st, side, back, st.return_qsum[side][slot] / back)
            st.transit[side] -= back
        st.return_ring[side][slot] = 0.0
        st.return_qsum[side][slot] = 0.0
        ring, qsum = st.transit_ring[side][slot], st.transit_qsum[side][slot]
        for s in range(p.n_sectors):
            n = ring[s]
            if n > 0.0:
                to_line(st, side, s, n, qsum[s] / n)
                st.transit[side] -= n
            ring[s] = 0.0
            qsum[s] = 0.0


def withdraw(p: RunParams, st: RunState, t: int, side: int, shares: list[float]) -> None:
    """§2: take ``floor(share x line)`` troops of each sector back into the reserve (at the
    line's quality), before the day's commitment: what a side masses elsewhere. They march
    back to the reserve for the sector's ``transit_days`` (0: they are in it at once)."""
    days = p.forces.transit_days[side]
    L = p.forces.transit_ring_length
    for s in range(p.n_sectors):
        n = math.floor(shares[s] * st.line[side][s])
        if n > 0:
            st.line[side][s] -= n
            q = st.line_quality[side][s]
            d = days[s]
            if d <= 0:
                to_reserve(st, side, float(n), q)
            else:
                slot = (t + d) % L
                st.return_ring[side][slot] += n
                st.return_qsum[side][slot] += n * q
                st.transit[side] += n


def commit(p: RunParams, st: RunState, t: int, side: int, allocation: list[float]) -> None:
    """§2: send ``floor(share x reserve)`` troops to each sector, the shares applying to the
    reserve as it stood before any of today's commitments. Troops sent to a sector
    ``d = transit_days[side][s] > 0`` days away are in transit, in no line, until day
    ``t + d``, when they join it (:func:`arrive`)."""
    available = st.reserve[side]
    quality = st.reserve_quality[side]
    days = p.forces.transit_days[side]
    L = p.forces.transit_ring_length
    for s in range(p.n_sectors):
        n = math.floor(allocation[s] * available)
        if n > 0:
            st.reserve[side] -= n
            d = days[s]
            if d <= 0:
                to_line(st, side, s, float(n), quality)
            else:
                slot = (t + d) % L
                st.transit_ring[side][slot][s] += n
                st.transit_qsum[side][slot][s] += n * quality
                st.transit[side] += n
