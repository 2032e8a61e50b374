"""Logistics over all runs (Numba kernel): each sector's supply satisfaction

    s = flow / demand,   flow = min(demand, min over the best route of c_e * demand / D_e),

over edges whose capacity ``c_e`` interdiction and a lengthening front reduce (forms ours
[ENG], after van Creveld, *Supplying War*, 1977). Mirrors
:mod:`clausewitz.engine.reference.logistics`, which states every term; ``docs/model.md`` §3.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from clausewitz.engine.draws import INTERDICTION
from clausewitz.engine.kernels.packs import Pack, pack
from clausewitz.engine.plan import Plan
from clausewitz.rng import lognormal_nb

_INTERDICTION = INTERDICTION


def scratch(plan: Plan) -> Pack:
    """Work space of :func:`supply` for all runs, allocated once so no temporaries are
    allocated per day: ``held`` and ``source`` (runs x nodes), ``edge_demand`` (runs x edges),
    ``source_demand`` (runs x nodes), ``demand`` and ``route`` (runs x sectors)."""
    R, N, E, S = plan.n_runs, len(plan.logistics.node_ids), plan.logistics.n_edges, plan.n_sectors
    return pack(
        held=np.zeros((R, N), np.bool_), source=np.zeros((R, N)), edge_demand=np.zeros((R, E)),
        source_demand=np.zeros((R, N)), demand=np.zeros((R, S)),
        route=np.zeros((R, S), np.int64),
    )  # fmt: skip


@njit(cache=True)
def supply(t: int, seed: int, plan: Pack, state: Pack, scratch: Pack) -> None:
    """§3 for every run (see the reference's ``logistics.supply``), one step at a time over
    all runs (runs are independent); ``scratch`` is the work space (:func:`scratch`)."""
    _held(plan.logistics, state, scratch)
    _edge_capacities(t, seed, plan, state, scratch)
    _sources(plan.logistics, state, scratch)
    for side in range(2):
        _choose_routes(plan.logistics, state, side, scratch)
        _deliver(plan.logistics, state, side, scratch)


@njit(cache=True)
def _held(lg: Pack, st: Pack, sc: Pack) -> None:
    """Which nodes each node's side holds: those of no objective, or of one not yet lost."""
    node_objective, node_side, fall_day, held = (
        lg.node_objective,
        lg.node_side,
        st.fall_day,
        sc.held,
    )
    for r in range(held.shape[0]):
        for n in range(node_side.shape[0]):
            o = node_objective[n]
            if o < 0:
                held[r, n] = True
            else:
                fallen = fall_day[r, o] >= 0
                held[r, n] = fallen if node_side[n] == 0 else not fallen


@njit(cache=True)
def _edge_capacities(t: int, seed: int, plan: Pack, st: Pack, sc: Pack) -> None:
    """Each edge's capacity today: zero if an end is lost, cut by interdiction near the
    front, divided by the front's lengthening of the edge."""
    lg, run_ids, held = plan.logistics, plan.run_ids, sc.held
    edge_side, edge_from, edge_to = lg.edge_side, lg.edge_from, lg.edge_to
    edge_exposed, edge_lengthens = lg.edge_exposed, lg.edge_lengthens
    edge_capacity, edge_distance, edge_length = lg.edge_capacity, lg.edge_distance, lg.edge_length
    interdiction_range, interdiction_max, interdiction_sigma = (
        lg.interdiction_range, lg.interdiction_max, lg.interdiction_sigma
    )  # fmt: skip
    front, out = st.front, st.edge_capacity
    for r in range(front.shape[0]):
        run = run_ids[r]
        for e in range(edge_side.shape[0]):
            cap = edge_capacity[r, e]
            if not (held[r, edge_from[e]] and held[r, edge_to[e]]):
                out[r, e] = 0.0
                continue
            side = edge_side[e]
            x = edge_exposed[e]
            if x >= 0 and cap > 0.0:
                enemy_advance = front[r, x] if side == 1 else -front[r, x]
                d = max(edge_distance[r, e] - enemy_advance, 0.0)
                d0 = interdiction_range[r]
                near = interdiction_max[r] if d <= 0.0 else 0.0
                base = interdiction_max[r] * math.exp(-d / d0) if d0 > 0.0 else near
                sigma = interdiction_sigma[r]
                noise = lognormal_nb(seed, run, _INTERDICTION, e, t, 0, -0.5 * sigma * sigma, sigma)
                i = base * noise
                i = min(max(i, 0.0), 1.0)
                cap = cap * (1.0 - i)
            y = edge_lengthens[e]
            if y >= 0:
                own_advance = front[r, y] if side == 0 else -front[r, y]
                length = edge_length[r, e]
                grown = length + max(own_advance, 0.0)
                if grown > 0.0:
                    cap = cap * (length / grown)
            out[r, e] = cap


@njit(cache=True)
def _sources(lg: Pack, st: Pack, sc: Pack) -> None:
    """Each held source's output (cut in a fiscal crisis); flows and demands reset."""
    node_side, node_is_source, node_supply = lg.node_side, lg.node_is_source, lg.node_supply
    source, source_demand, held, edge_demand = sc.source, sc.source_demand, sc.held, sc.edge_demand
    source_flow, edge_flow, crisis_day = st.source_flow, st.edge_flow, st.crisis_day
    crisis_cut = lg.crisis_supply_cut
    for r in range(source.shape[0]):
        for n in range(node_side.shape[0]):
            source[r, n] = 0.0
            source_demand[r, n] = 0.0
            source_flow[r, n] = 0.0
            if node_is_source[n] and held[r, n]:
                out = node_supply[r, n]
                if crisis_day[r, node_side[n]] >= 0:
                    out = out * (1.0 - crisis_cut[r])
                source[r, n] = out
        for e in range(edge_demand.shape[1]):
            edge_demand[r, e] = 0.0
            edge_flow[r, e] = 0.0


@njit(cache=True)
def _choose_routes(lg: Pack, st: Pack, side: int, sc: Pack) -> None:
    """Each sector's demand and its best route (the widest bottleneck), whose source and
    edges then carry that demand."""
    route_start, route_count, route_source = lg.route_start, lg.route_count, lg.route_source
    route_length, route_edges, modelled, rate = (
        lg.route_length, lg.route_edges, lg.modelled, lg.demand
    )  # fmt: skip
    source, source_demand, edge_demand = sc.source, sc.source_demand, sc.edge_demand
    demand, route = sc.demand, sc.route
    posture, line, capacity = st.posture, st.line, st.edge_capacity
    for r in range(line.shape[0]):
        for s in range(line.shape[2]):
            activity = posture[r, side, s]
            demand[r, s] = line[r, side, s] / 1000.0 * rate[r, side, activity]
            route[r, s] = -1
            if not modelled[side, s]:
                continue
            best = -1.0
            first = route_start[side, s]
            for q in range(first, first + route_count[side, s]):
                b = source[r, route_source[q]]
                for j in range(route_length[q]):
                    b = min(b, capacity[r, route_edges[q, j]])
                if b > best:
                    best = b
                    route[r, s] = q
            q = route[r, s]
            if q >= 0 and demand[r, s] > 0.0:
                source_demand[r, route_source[q]] += demand[r, s]
                for j in range(route_length[q]):
                    edge_demand[r, route_edges[q, j]] += demand[r, s]


@njit(cache=True)
def _deliver(lg: Pack, st: Pack, side: int, sc: Pack) -> None:
    """Each sector's flow (its share of every shared bottleneck) and supply satisfaction."""
    route_source, route_length, route_edges, modelled = (
        lg.route_source, lg.route_length, lg.route_edges, lg.modelled
    )  # fmt: skip
    source, source_demand, edge_demand = sc.source, sc.source_demand, sc.edge_demand
    demands, route = sc.demand, sc.route
    supply, capacity, source_flow, edge_flow = (
        st.supply, st.edge_capacity, st.source_flow, st.edge_flow
    )  # fmt: skip
    for r in range(supply.shape[0]):
        for s in range(supply.shape[2]):
            demand = demands[r, s]
            if not modelled[side, s] or demand <= 0.0:
                supply[r, side, s] = 1.0
                continue
            q = route[r, s]
            if q < 0:
                supply[r, side, s] = 0.0
                continue
            n = route_source[q]
            flow = min(demand, source[r, n] * demand / source_demand[r, n])
            for j in range(route_length[q]):
                e = route_edges[q, j]
                flow = min(flow, capacity[r, e] * demand / edge_demand[r, e])
            supply[r, side, s] = flow / demand
            source_flow[r, n] += flow
            for j in range(route_length[q]):
                edge_flow[r, route_edges[q, j]] += flow
