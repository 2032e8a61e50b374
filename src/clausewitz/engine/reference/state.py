"""The state of one run (reference engine): every quantity the model carries from day to day.

Lists are indexed ``[side]`` (0 attacker, 1 defender), ``[sector]``, ``[objective]`` or
``[edge]``; troops are whole numbers stored as floats.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from clausewitz.engine.reference.params import RunParams


def _zeros2(n: int) -> list[list[float]]:
    return [[0.0] * n, [0.0] * n]


@dataclass
class RunState:
    """Everything that changes during a run; see ``docs/model.md`` §0 for the meaning."""

    # ground
    front: list[float]
    """km the attacker has advanced, per sector."""
    fall_day: list[int]
    """Day each objective fell (-1: standing)."""
    # forces
    line: list[list[float]]
    line_quality: list[list[float]]
    reserve: list[float]
    reserve_quality: list[float]
    training: list[float]
    """Recruits and contingents not yet ready."""
    awaiting: list[float]
    """Wounded who will return."""
    recruit_remainder: list[float]
    train_ring: list[list[float]]
    wound_ring: list[list[float]]
    transit: list[float]
    """Reserves moving to a sector, in no line yet."""
    transit_ring: list[list[list[float]]]
    """[side][due day % length][sector] troops arriving."""
    transit_qsum: list[list[list[float]]]
    """[side][due day % length][sector] their quality x troops."""
    return_ring: list[list[float]]
    """[side][due day % length] withdrawn line troops marching back to the reserve."""
    return_qsum: list[list[float]]
    """[side][due day % length] their quality x troops."""
    # cumulative accounts
    recruits: list[float]
    arrivals: list[float]
    returned: list[float]
    killed: list[float]
    wounded: list[float]
    missing: list[float]
    wounded_perm: list[float]
    # today
    loss_today: list[list[float]]
    observed_enemy: list[list[float]]
    supply: list[list[float]]
    edge_flow: list[float]
    edge_capacity: list[float]
    source_flow: list[float]
    posture: list[list[int]]
    tempo: list[list[float]]
    tolerance: list[list[float]]
    start_line: list[list[float]]
    assault: list[int]
    """Per sector today: 0 nobody assaults, 1 the attacker, 2 the defender (counter-attack)."""
    defender_broke: list[bool]
    attacker_broke: list[bool]
    advance_today: list[float]
    falls_today: int
    # engagements (§5) and adaptation (§6)
    engaged: list[bool]
    engaged_attacker: list[float]
    engaged_defender: list[float]
    engaged_loss_attacker: list[float]
    engaged_loss_defender: list[float]
    threshold: list[list[float]]
    engagements: list[int]
    pause: list[int]
    attack_days: list[int]
    withdrawal: list[float]
    prosecution: list[float]
    defender_breaks: list[int]
    attacker_breaks: list[int]
    # economy (§7) and talks (§8)
    econ_reserves: list[float]
    stress: list[float]
    crisis_day: list[int]
    belief_a: list[float]
    belief_b: list[float]
    casualty_rate: list[float]
    speed: list[float]
    hazard: float
    ceasefire_day: int
    extra: dict[str, float] = field(default_factory=dict)

    @classmethod
    def initial(cls, p: RunParams) -> RunState:
        """The state at the start of day 0."""
        S = p.n_sectors
        n_obj = len(p.theatre.objective_ids)
        E = len(p.logistics.edge_ids)
        N = len(p.logistics.node_ids)
        L = p.forces.ring_length
        Lt = p.forces.transit_ring_length
        f = p.forces
        strength = p.talks.prior_strength
        a = [strength * f_ for f_ in p.talks.optimism]
        b = [strength * (1.0 - f_) for f_ in p.talks.optimism]
        return cls(
            front=[0.0] * S,
            fall_day=[-1] * n_obj,
            line=[list(f.line[0]), list(f.line[1])],
            line_quality=[list(f.line_quality[0]), list(f.line_quality[1])],
            reserve=list(f.reserve),
            reserve_quality=list(f.reserve_quality),
            training=[0.0, 0.0],
            awaiting=[0.0, 0.0],
            recruit_remainder=[0.0, 0.0],
            train_ring=_zeros2(L),
            wound_ring=_zeros2(L),
            transit=[0.0, 0.0],
            transit_ring=[[[0.0] * S for _ in range(Lt)] for _ in range(2)],
            transit_qsum=[[[0.0] * S for _ in range(Lt)] for _ in range(2)],
            return_ring=[[0.0] * Lt for _ in range(2)],
            return_qsum=[[0.0] * Lt for _ in range(2)],
            recruits=[0.0, 0.0],
            arrivals=[0.0, 0.0],
            returned=[0.0, 0.0],
            killed=[0.0, 0.0],
            wounded=[0.0, 0.0],
            missing=[0.0, 0.0],
            wounded_perm=[0.0, 0.0],
            loss_today=_zeros2(S),
            observed_enemy=_zeros2(S),
            supply=[[1.0] * S, [1.0] * S],
            edge_flow=[0.0] * E,
            edge_capacity=[0.0] * E,
            source_flow=[0.0] * N,
            posture=[[0] * S, [0] * S],
            tempo=_zeros2(S),
            tolerance=[[1.0] * S, [1.0] * S],
            start_line=_zeros2(S),
            assault=[0] * S,
            defender_broke=[False] * S,
            attacker_broke=[False] * S,
            advance_today=[0.0] * S,
            falls_today=0,
            engaged=[False] * S,
            engaged_attacker=[0.0] * S,
            engaged_defender=[0.0] * S,
            engaged_loss_attacker=[0.0] * S,
            engaged_loss_defender=[0.0] * S,
            threshold=_zeros2(S),
            engagements=[0] * S,
            pause=[0] * S,
            attack_days=[0] * S,
            withdrawal=[0.0] * S,
            prosecution=[p.combat.adm_initial] * S,
            defender_breaks=[0] * S,
            attacker_breaks=[0] * S,
            econ_reserves=list(p.economy.reserves),
            stress=[0.0, 0.0],
            crisis_day=[-1, -1],
            belief_a=a,
            belief_b=b,
            casualty_rate=[0.0, 0.0],
            speed=[0.0] * S,
            hazard=0.0,
            ceasefire_day=-1,
        )

    def belt(self, p: RunParams, s: int) -> int:
        """Index of the belt sector ``s``'s front is in: the number of belts already passed."""
        depths = p.theatre.belt_depth[s]
        b = 0
        while b < p.theatre.n_belts[s] and depths[b] <= self.front[s]:
            b += 1
        return b

    def fortification(self, p: RunParams, s: int) -> float:
        """Fortification of the belt the front is in (1 beyond the last belt)."""
        b = self.belt(p, s)
        return float(p.theatre.belt_fortification[s][b]) if b < p.theatre.n_belts[s] else 1.0
