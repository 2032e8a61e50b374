"""Objectives (reference engine): a town falls when the front reaches it, or by envelopment.

    fall_day[o] = t  when  front[sector(o)] >= depth(o)
                   or    every encircled_when condition holds and U < 1 - exp(-1 / H)

``H`` = ``envelopment-holding-days``: once its flanks are turned an objective holds a while
(a daily hazard, stream ENVELOPMENT keyed by the objective, none under a ceasefire);
``H = 0`` makes it fall at once.
Engineering rules of ours [ENG]; ``docs/model.md`` §6.
:mod:`clausewitz.engine.kernels.objectives` mirrors it.
"""

from __future__ import annotations

import math

from clausewitz.engine import draws
from clausewitz.engine.reference.params import RunParams
from clausewitz.engine.reference.state import RunState
from clausewitz.rng import uniform


def envelopment_probability(holding_days: float) -> float:
    """The daily probability that an enveloped objective falls (hazard ``1 / holding_days``)."""
    if holding_days <= 0.0:
        return 1.0
    return -math.expm1(-1.0 / holding_days)


def objectives(p: RunParams, st: RunState, t: int, seed: int) -> None:
    """§6: an objective falls when its sector's front passes its depth, or, once every one of
    its ``encircled_when`` conditions holds, with the envelopment hazard."""
    th = p.theatre
    st.falls_today = 0
    prob = envelopment_probability(p.combat.envelopment_days)
    for o in range(len(st.fall_day)):
        if st.fall_day[o] >= 0:
            continue
        fell = st.front[th.objective_sector[o]] >= th.objective_depth[o]
        conditions = [k for k, x in enumerate(th.encircle_sector[o]) if x >= 0]
        if not fell and conditions and st.ceasefire_day < 0:
            enveloped = all(
                st.front[th.encircle_sector[o][k]] >= th.encircle_depth[o][k] for k in conditions
            )
            if enveloped:
                u = uniform(seed, p.run, draws.ENVELOPMENT, o, t, 0, 0.0, 1.0)
                fell = u < prob
        if fell:
            st.fall_day[o] = t
            st.falls_today += 1
