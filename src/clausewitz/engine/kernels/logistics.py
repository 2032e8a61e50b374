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
from numpy.typing import NDArray

from clausewitz.engine.draws import INTERDICTION
from clausewitz.rng import lognormal_nb

F64 = NDArray[np.float64]
I64 = NDArray[np.int64]

_INTERDICTION = INTERDICTION


@njit(cache=True)
def supply(
    t: int,
    seed: int,
    run_ids: I64,
    node_side: I64,
    node_objective: I64,
    node_is_source: NDArray[np.bool_],
    node_supply: F64,
    edge_side: I64,
    edge_from: I64,
    edge_to: I64,
    edge_exposed: I64,
    edge_lengthens: I64,
    edge_capacity: F64,
    edge_distance: F64,
    edge_length: F64,
    route_edges: I64,
    route_length: I64,
    route_source: I64,
    route_start: I64,
    route_count: I64,
    modelled: NDArray[np.bool_],
    demand_rate: F64,
    interdiction_max: F64,
    interdiction_range: F64,
    interdiction_sigma: F64,
    crisis_cut: F64,
    crisis_day: I64,
    fall_day: I64,
    front: F64,
    line: F64,
    posture: I64,
    out_supply: F64,
    out_edge_flow: F64,
    out_edge_capacity: F64,
    out_source_flow: F64,
    held: NDArray[np.bool_],
    source: F64,
    edge_demand: F64,
    source_demand: F64,
    demand: F64,
    route: I64,
) -> None:
    """§3 for every run (see the reference's ``logistics.supply``). The last six arrays are
    scratch space (one run's worth), so no temporaries are allocated per day."""
    R = front.shape[0]
    S = front.shape[1]
    N = node_side.shape[0]
    E = edge_side.shape[0]
    for r in range(R):
        run = run_ids[r]
        for n in range(N):
            o = node_objective[n]
            if o < 0:
                held[n] = True
            else:
                fallen = fall_day[r, o] >= 0
                held[n] = fallen if node_side[n] == 0 else not fallen
        for e in range(E):
            cap = edge_capacity[r, e]
            if not (held[edge_from[e]] and held[edge_to[e]]):
                out_edge_capacity[r, e] = 0.0
                continue
            side = edge_side[e]
            x = edge_exposed[e]
            if x >= 0 and cap > 0.0:
                enemy_advance = front[r, x] if side == 1 else -front[r, x]
                d = max(edge_distance[r, e] - enemy_advance, 0.0)
                d0 = interdiction_range[r]
                if d0 > 0.0:
                    base = interdiction_max[r] * math.exp(-d / d0)
                else:
                    base = interdiction_max[r] if d <= 0.0 else 0.0
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
            out_edge_capacity[r, e] = cap
        for n in range(N):
            source[n] = 0.0
            source_demand[n] = 0.0
            out_source_flow[r, n] = 0.0
            if node_is_source[n] and held[n]:
                out = node_supply[r, n]
                if crisis_day[r, node_side[n]] >= 0:
                    out = out * (1.0 - crisis_cut[r])
                source[n] = out
        for e in range(E):
            edge_demand[e] = 0.0
            out_edge_flow[r, e] = 0.0
        for side in range(2):
            for s in range(S):
                activity = posture[r, side, s]
                demand[s] = line[r, side, s] / 1000.0 * demand_rate[r, side, activity]
                route[s] = -1
                if not modelled[side, s]:
                    continue
                best = -1.0
                first = route_start[side, s]
                for q in range(first, first + route_count[side, s]):
                    b = source[route_source[q]]
                    for j in range(route_length[q]):
                        b = min(b, out_edge_capacity[r, route_edges[q, j]])
                    if b > best:
                        best = b
                        route[s] = q
                q = route[s]
                if q >= 0 and demand[s] > 0.0:
                    source_demand[route_source[q]] += demand[s]
                    for j in range(route_length[q]):
                        edge_demand[route_edges[q, j]] += demand[s]
            for s in range(S):
                if not modelled[side, s]:
                    out_supply[r, side, s] = 1.0
                    continue
                q = route[s]
                if demand[s] <= 0.0:
                    out_supply[r, side, s] = 1.0
                    continue
                if q < 0:
                    out_supply[r, side, s] = 0.0
                    continue
                n = route_source[q]
                flow = min(demand[s], source[n] * demand[s] / source_demand[n])
                for j in range(route_length[q]):
                    e = route_edges[q, j]
                    flow = min(flow, out_edge_capacity[r, e] * demand[s] / edge_demand[e])
                out_supply[r, side, s] = flow / demand[s]
                out_source_flow[r, n] += flow
                for j in range(route_length[q]):
                    out_edge_flow[r, route_edges[q, j]] += flow
