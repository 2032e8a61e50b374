"""Objectives (reference engine): a town falls when the front passes it or it is encircled.

    fall_day[o] = t  when  front[sector(o)] >= depth(o)  or  every encircled_when condition holds

An engineering rule of ours [ENG]; ``docs/model.md`` §6.
:mod:`clausewitz.engine.kernels.objectives` mirrors it.
"""

from __future__ import annotations

from clausewitz.engine.reference.params import RunParams
from clausewitz.engine.reference.state import RunState


def objectives(p: RunParams, st: RunState, t: int) -> None:
    """§6: an objective falls when its sector's front passes its depth, or when every one of
    its ``encircled_when`` conditions holds."""
    th = p.theatre
    st.falls_today = 0
    for o in range(len(st.fall_day)):
        if st.fall_day[o] >= 0:
            continue
        fell = st.front[th.objective_sector[o]] >= th.objective_depth[o]
        conditions = [k for k, x in enumerate(th.encircle_sector[o]) if x >= 0]
        if not fell and conditions:
            fell = all(
                st.front[th.encircle_sector[o][k]] >= th.encircle_depth[o][k] for k in conditions
            )
        if fell:
            st.fall_day[o] = t
            st.falls_today += 1
