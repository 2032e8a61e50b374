"""The fast engine's state: one set of arrays for all runs of a chunk, allocated once.

Names match the reference engine's :class:`~clausewitz.engine.reference.state.RunState`
fields, with the run as first axis.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
from numpy.typing import NDArray

from clausewitz.engine.outcomes import DAILY, DayState
from clausewitz.engine.plan import Plan

F64 = NDArray[np.float64]
I64 = NDArray[np.int64]
B = NDArray[np.bool_]


@dataclass
class FastState:
    """All state arrays of a fast simulation (see ``docs/model.md`` §0)."""

    front: F64
    fall_day: I64
    line: F64
    line_quality: F64
    reserve: F64
    reserve_quality: F64
    training: F64
    awaiting: F64
    recruit_remainder: F64
    train_ring: F64
    wound_ring: F64
    transit: F64
    transit_ring: F64
    transit_qsum: F64
    return_ring: F64
    return_qsum: F64
    recruits: F64
    arrivals: F64
    returned: F64
    losses: F64
    wounded_perm: F64
    loss_today: F64
    observed_enemy: F64
    supply: F64
    edge_flow: F64
    edge_capacity: F64
    source_flow: F64
    posture: I64
    tempo: F64
    tolerance: F64
    start_line: F64
    assault: I64
    defender_broke: B
    attacker_broke: B
    front_before: F64
    advance_today: F64
    falls_today: I64
    engaged: B
    engaged_attacker: F64
    engaged_defender: F64
    engaged_loss_attacker: F64
    engaged_loss_defender: F64
    threshold: F64
    engagements: I64
    pause: I64
    attack_days: I64
    withdrawal: F64
    prosecution: F64
    defender_breaks: I64
    attacker_breaks: I64
    econ_reserves: F64
    stress: F64
    crisis_day: I64
    belief_a: F64
    belief_b: F64
    casualty_rate: F64
    speed: F64
    hazard: F64
    ceasefire_day: I64

    @classmethod
    def initial(cls, plan: Plan) -> FastState:
        """The state of all runs at the start of day 0."""
        R, S = plan.n_runs, plan.n_sectors
        n_obj = plan.theatre.n_objectives
        E = plan.logistics.n_edges
        N = len(plan.logistics.node_ids)
        L = plan.forces.ring_length
        f = plan.forces
        k = plan.talks

        def z(*shape: int) -> F64:
            return np.zeros(shape, dtype=np.float64)

        def zi(*shape: int) -> I64:
            return np.zeros(shape, dtype=np.int64)

        def zb(*shape: int) -> B:
            return np.zeros(shape, dtype=np.bool_)

        strength = k.prior_strength[:, None]
        return cls(
            front=z(R, S),
            fall_day=np.full((R, n_obj), -1, dtype=np.int64),
            line=f.line.copy(),
            line_quality=f.line_quality.copy(),
            reserve=f.reserve.copy(),
            reserve_quality=f.reserve_quality.copy(),
            training=z(R, 2),
            awaiting=z(R, 2),
            recruit_remainder=z(R, 2),
            train_ring=z(R, 2, L),
            wound_ring=z(R, 2, L),
            transit=z(R, 2),
            transit_ring=z(R, 2, f.transit_ring_length, S),
            transit_qsum=z(R, 2, f.transit_ring_length, S),
            return_ring=z(R, 2, f.transit_ring_length),
            return_qsum=z(R, 2, f.transit_ring_length),
            recruits=z(R, 2),
            arrivals=z(R, 2),
            returned=z(R, 2),
            losses=z(R, 2, 3),
            wounded_perm=z(R, 2),
            loss_today=z(R, 2, S),
            observed_enemy=z(R, 2, S),
            supply=np.ones((R, 2, S)),
            edge_flow=z(R, E),
            edge_capacity=z(R, E),
            source_flow=z(R, N),
            posture=zi(R, 2, S),
            tempo=z(R, 2, S),
            tolerance=np.ones((R, 2, S)),
            start_line=z(R, 2, S),
            assault=zi(R, S),
            defender_broke=zb(R, S),
            attacker_broke=zb(R, S),
            front_before=z(R, S),
            advance_today=z(R, S),
            falls_today=zi(R),
            engaged=zb(R, S),
            engaged_attacker=z(R, S),
            engaged_defender=z(R, S),
            engaged_loss_attacker=z(R, S),
            engaged_loss_defender=z(R, S),
            threshold=z(R, 2, S),
            engagements=zi(R, S),
            pause=zi(R, S),
            attack_days=zi(R, S),
            withdrawal=z(R, S),
            prosecution=np.repeat(plan.combat.adm_initial[:, None], S, axis=1),
            defender_breaks=zi(R, S),
            attacker_breaks=zi(R, S),
            econ_reserves=plan.economy.reserves.copy(),
            stress=z(R, 2),
            crisis_day=np.full((R, 2), -1, dtype=np.int64),
            belief_a=strength * k.optimism,
            belief_b=strength * (1.0 - k.optimism),
            casualty_rate=z(R, 2),
            speed=z(R, S),
            hazard=z(R),
            ceasefire_day=np.full(R, -1, dtype=np.int64),
        )

    def day_state(self, day: int) -> DayState:
        """Read-only views of the recorded variables (:data:`DAILY`)."""
        values: dict[str, NDArray[np.generic]] = {}
        for name in DAILY:
            view = self._daily(name).view()
            view.flags.writeable = False
            values[name] = view
        return DayState(day=day, values=values)

    def _daily(self, name: str) -> NDArray[np.generic]:
        if name in ("killed", "wounded", "missing"):
            return self.losses[:, :, ("killed", "wounded", "missing").index(name)]
        value: NDArray[np.generic] = getattr(self, name)
        return value

    def nbytes(self) -> int:
        """Memory held by the state arrays."""
        return sum(getattr(self, f.name).nbytes for f in fields(self))
