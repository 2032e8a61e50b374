"""Logistics (reference engine): effective edge capacities, best routes, proportional sharing.

    c_e = capacity * [both ends held] * (1 - i_e) * g_e,  i_e = min(1, i_max e^(-d/d0) LN_e)
    flow_s = min(d_s, min over the route of c_e d_s / D_e),   satisfaction s = flow_s / d_s

Supply scales combat power as ``s^eta`` (§4). The forms are ours [ENG]: interdiction decays
with distance to the front; the lengthening term follows van Creveld's observation that a
fixed transport fleet delivers less the further the front moves (*Supplying War*, 1977), the
way an advance reaches its culminating point (Clausewitz, *On War* VII). ``docs/model.md`` §3.
"""

from __future__ import annotations

import math

from clausewitz.engine import draws
from clausewitz.engine.plan import ATTACKER, DEFENDER
from clausewitz.engine.reference.params import RunParams
from clausewitz.engine.reference.state import RunState
from clausewitz.rng import lognormal


def node_held(p: RunParams, st: RunState, n: int) -> bool:
    """A node is usable by its side: a defender node until the objective it is located at
    falls, an attacker node located at an objective only once it has fallen."""
    o = p.logistics.node_objective[n]
    if o < 0:
        return True
    fallen = st.fall_day[o] >= 0
    return fallen if p.logistics.node_side[n] == ATTACKER else not fallen


def edge_capacity(p: RunParams, st: RunState, t: int, seed: int, e: int, held: list[bool]) -> float:
    """Today's capacity of edge ``e``: zero if either end is lost, times (1 - interdiction) if
    exposed, times L0 / (L0 + own advance) if it lengthens with a sector's advance."""
    lg = p.logistics
    cap = lg.edge_capacity[e]
    if not (held[lg.edge_from[e]] and held[lg.edge_to[e]]):
        return 0.0
    side = lg.edge_side[e]
    x = lg.edge_exposed[e]
    if x >= 0 and cap > 0.0:
        enemy_advance = st.front[x] if side == DEFENDER else -st.front[x]
        d = max(lg.edge_distance[e] - enemy_advance, 0.0)
        d0 = lg.interdiction_range
        if d0 > 0.0:
            base = lg.interdiction_max * math.exp(-d / d0)
        else:
            base = lg.interdiction_max if d <= 0.0 else 0.0
        sigma = lg.interdiction_sigma
        noise = lognormal(seed, p.run, draws.INTERDICTION, e, t, 0, -0.5 * sigma * sigma, sigma)
        i = base * noise
        i = min(max(i, 0.0), 1.0)
        cap = cap * (1.0 - i)
    y = lg.edge_lengthens[e]
    if y >= 0:
        own_advance = st.front[y] if side == ATTACKER else -st.front[y]
        length = lg.edge_length[e]
        grown = length + max(own_advance, 0.0)
        if grown > 0.0:
            cap = cap * (length / grown)
    return cap


def supply(p: RunParams, st: RunState, t: int, seed: int) -> None:
    """§3: each side's supply satisfaction per sector for today."""
    S = p.n_sectors
    lg = p.logistics
    E = len(lg.edge_ids)
    N = len(lg.node_ids)
    if not p.switches.logistics:
        for side in (0, 1):
            st.supply[side] = [1.0] * S
        st.edge_flow = [0.0] * E
        st.edge_capacity = [0.0] * E
        st.source_flow = [0.0] * N
        return
    held = [node_held(p, st, n) for n in range(N)]
    cap = [edge_capacity(p, st, t, seed, e, held) for e in range(E)]
    source = [0.0] * N
    for n in range(N):
        if lg.node_is_source[n] and held[n]:
            out = lg.node_supply[n]
            if st.crisis_day[lg.node_side[n]] >= 0:
                out = out * (1.0 - lg.crisis_supply_cut)
            source[n] = out
    edge_demand = [0.0] * E
    source_demand = [0.0] * N
    flow_e = [0.0] * E
    flow_n = [0.0] * N
    for side in (0, 1):
        demand = [0.0] * S
        route = [-1] * S
        for s in range(S):
            activity = st.posture[side][s]
            demand[s] = st.line[side][s] / 1000.0 * lg.demand[side][activity]
            if not lg.modelled[side][s]:
                continue
            best = -1.0
            for q in range(
                lg.route_start[side][s], lg.route_start[side][s] + lg.route_count[side][s]
            ):
                b = source[lg.route_source[q]]
                for j in range(lg.route_length[q]):
                    b = min(b, cap[lg.route_edges[q][j]])
                if b > best:
                    best = b
                    route[s] = q
            q = route[s]
            if q >= 0 and demand[s] > 0.0:
                source_demand[lg.route_source[q]] += demand[s]
                for j in range(lg.route_length[q]):
                    edge_demand[lg.route_edges[q][j]] += demand[s]
        for s in range(S):
            if not lg.modelled[side][s]:
                st.supply[side][s] = 1.0
                continue
            q = route[s]
            if demand[s] <= 0.0:
                st.supply[side][s] = 1.0
                continue
            if q < 0:
                st.supply[side][s] = 0.0
                continue
            n = lg.route_source[q]
            flow = min(demand[s], source[n] * demand[s] / source_demand[n])
            for j in range(lg.route_length[q]):
                e = lg.route_edges[q][j]
                flow = min(flow, cap[e] * demand[s] / edge_demand[e])
            st.supply[side][s] = flow / demand[s]
            flow_n[n] += flow
            for j in range(lg.route_length[q]):
                flow_e[lg.route_edges[q][j]] += flow
    st.edge_flow = flow_e
    st.edge_capacity = cap
    st.source_flow = flow_n
