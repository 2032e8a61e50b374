"""Compiling a scenario and its parameter samples into the engine's :class:`Plan`.

``compile_plan(loaded, samples, run_ids)`` reads the scenario's structure (sectors, belts,
objectives, contingents, networks, economies, talks) and the per-run samples of every
parameter (in each parameter's own unit, from :func:`clausewitz.prepare.sampling.sample`),
converts every quantity to the engine's unit with :func:`clausewitz.units.convert`, and lays
it all out as dense arrays. It also precomputes the supply routes (every simple path from a
source to a node that supplies a sector, per side) and the integer split of each contingent
over its sectors.

Rounding, stated once: troops are rounded to whole soldiers (half up); day counts (arrival,
training, delays, pause) are rounded to whole days (half up) and clipped at 0; wounded return
after at least one day; a contingent's troops are split over sectors by largest remainders.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from clausewitz.engine.plan import (
    ATTACKER,
    DEFENDER,
    SIDES,
    TERRAINS,
    Combat,
    Economy,
    Forces,
    Logistics,
    Plan,
    Switches,
    Talks,
    Theatre,
)
from clausewitz.errors import Diagnostic, ScenarioError
from clausewitz.prepare.transit import reserve_distances_km, transit_days
from clausewitz.scenario.loader import LoadedScenario
from clausewitz.scenario.parameters import ParameterTable, collect_parameters
from clausewitz.scenario.schema import Contingent, Scenario
from clausewitz.units import convert

F64 = NDArray[np.float64]
I64 = NDArray[np.int64]

MAX_ROUTES = 32
"""Most routes kept per side and sector (shortest first): enough for any real network, and it
bounds the daily work of the best-route search."""


def _error(path: str, message: str) -> ScenarioError:
    return ScenarioError([Diagnostic("<scenario>", None, None, path, message)])


@dataclass
class _Reader:
    """Per-run values of quantities, converted to the unit the engine wants."""

    table: ParameterTable
    samples: Mapping[str, F64]
    n_runs: int

    def __post_init__(self) -> None:
        self._units = {use.path: use.unit for entry in self.table.values() for use in entry.uses}

    def _values(self, name: str) -> F64:
        if name not in self.samples:
            raise _error(name, f"no sample for parameter '{name}' (was it estimated and sampled?)")
        values = np.asarray(self.samples[name], dtype=np.float64)
        if values.shape != (self.n_runs,):
            raise _error(
                name, f"sample of '{name}' has shape {values.shape}, expected ({self.n_runs},)"
            )
        return values

    def field(self, path: tuple[str | int, ...], unit: str | None = None) -> F64:
        """The quantity written at ``path``, in ``unit`` (default: the field's own unit)."""
        name = self.table.name_at(path)
        field_unit = self._units[path]
        values = convert(self._values(name), self.table[name].unit, field_unit)
        return convert(values, field_unit, unit) if unit else values

    def optional(self, path: tuple[str | int, ...], default: F64, unit: str | None = None) -> F64:
        """:meth:`field`, or ``default`` when nothing is written at ``path``."""
        try:
            self.table.name_at(path)
        except KeyError:
            return default
        return self.field(path, unit)

    def constant(self, name: str, unit: str) -> F64:
        """An engine constant (a default, or the scenario's parameter of that name) in ``unit``."""
        return convert(self._values(name), self.table[name].unit, unit)


def _whole(x: F64) -> F64:
    """Round to whole numbers, half up, not below 0."""
    return np.maximum(np.floor(x + 0.5), 0.0)


def _days(x: F64) -> I64:
    return _whole(x).astype(np.int64)


def split_whole(troops: F64, weights: Sequence[float]) -> F64:
    """Largest-remainder split of whole ``troops`` (R,) over sectors by ``weights`` (S,):
    (R, S) whole numbers summing to ``troops``; ties go to the lower sector index."""
    w = np.asarray(weights, dtype=np.float64)
    w = w / w.sum()
    exact = troops[:, None] * w[None, :]
    base = np.floor(exact)
    left = (troops - base.sum(axis=1)).astype(np.int64)
    frac = exact - base
    order = np.argsort(-frac, axis=1, kind="stable")
    rank = np.empty_like(order)
    np.put_along_axis(rank, order, np.arange(w.size)[None, :].repeat(troops.size, axis=0), axis=1)
    return base + (rank < left[:, None]).astype(np.float64)


# ---------------------------------------------------------------------------------------------
# parts


def _theatre(sc: Scenario, rd: _Reader) -> Theatre:
    R = rd.n_runs
    sectors = sc.theatre.sectors
    S = len(sectors)
    index = {s.id: i for i, s in enumerate(sectors)}
    B = max([1, *(len(s.belts) for s in sectors)])
    frontage = np.zeros((R, S))
    t_att = np.zeros((R, S))
    t_adv = np.zeros((R, S))
    depth = np.full((R, S, B), np.inf)
    fort = np.ones((R, S, B))
    for i, sector in enumerate(sectors):
        base = ("theatre", "sectors", i)
        frontage[:, i] = rd.field((*base, "frontage"), "km")
        t_att[:, i] = rd.constant(f"terrain-attrition-{sector.terrain}", "1")
        t_adv[:, i] = rd.constant(f"terrain-advance-{sector.terrain}", "1")
        for b, _ in enumerate(sector.belts):
            depth[:, i, b] = rd.field((*base, "belts", b, "depth"), "km")
            fort[:, i, b] = np.maximum(rd.field((*base, "belts", b, "fortification"), "1"), 1.0)
        if sector.belts:
            # belts lie front to rear: a sampled far edge is never before the previous one's
            n = len(sector.belts)
            depth[:, i, :n] = np.maximum.accumulate(np.maximum(depth[:, i, :n], 0.0), axis=1)
    objectives = sc.theatre.objectives
    n_obj = len(objectives)
    K = max([1, *(len(o.encircled_when) for o in objectives)])
    o_sector = np.zeros(n_obj, dtype=np.int64)
    o_depth = np.zeros((R, n_obj))
    e_sector = np.full((n_obj, K), -1, dtype=np.int64)
    e_depth = np.full((R, n_obj, K), np.inf)
    for j, obj in enumerate(objectives):
        if obj.sector not in index:
            raise _error(f"theatre.objectives[{obj.id}].sector", f"unknown sector '{obj.sector}'")
        o_sector[j] = index[obj.sector]
        o_depth[:, j] = rd.field(("theatre", "objectives", j, "depth"), "km")
        for k, cond in enumerate(obj.encircled_when):
            if cond.sector not in index:
                raise _error(
                    f"theatre.objectives[{obj.id}].encircled_when",
                    f"unknown sector '{cond.sector}'",
                )
            e_sector[j, k] = index[cond.sector]
            e_depth[:, j, k] = rd.field(
                ("theatre", "objectives", j, "encircled_when", k, "depth"), "km"
            )
    return Theatre(
        sector_ids=tuple(s.id for s in sectors),
        main_axis=np.array([s.main_axis for s in sectors], dtype=np.bool_),
        n_belts=np.array([len(s.belts) for s in sectors], dtype=np.int64),
        objective_ids=tuple(o.id for o in objectives),
        objective_sector=o_sector,
        objective_hub=np.array([o.kind == "hub" for o in objectives], dtype=np.bool_),
        encircle_sector=e_sector,
        frontage=frontage,
        terrain_attrition=t_att,
        terrain_advance=t_adv,
        belt_depth=depth,
        belt_fortification=fort,
        objective_depth=o_depth,
        encircle_depth=e_depth,
    )


def _weights(c: Contingent, index: Mapping[str, int], where: str) -> list[float] | None:
    if c.deployment == "reserve":
        return None
    weights = [0.0] * len(index)
    for sector, w in c.deployment.items():
        if sector not in index:
            raise _error(f"{where}.deployment", f"unknown sector '{sector}'")
        if w < 0:
            raise _error(f"{where}.deployment", "deployment weights must be >= 0")
        weights[index[sector]] += float(w)
    if sum(weights) <= 0.0:
        raise _error(f"{where}.deployment", "deployment weights must not all be 0")
    return weights


def _forces(sc: Scenario, rd: _Reader, switches: Switches) -> Forces:
    R = rd.n_runs
    S = len(sc.theatre.sectors)
    index = {s.id: i for i, s in enumerate(sc.theatre.sectors)}
    line = np.zeros((R, 2, S))
    line_q = np.zeros((R, 2, S))  # quality x troops until normalised below
    reserve = np.zeros((R, 2))
    reserve_q = np.zeros((R, 2))
    ids: list[str] = []
    c_side: list[int] = []
    c_reserve: list[bool] = []
    c_troops: list[F64] = []
    c_quality: list[F64] = []
    c_arrival: list[I64] = []
    c_ready: list[I64] = []
    c_split: list[F64] = []
    recruits = np.zeros((R, 2))
    r_delay = np.zeros((R, 2), dtype=np.int64)
    w_share = np.zeros((R, 2))
    w_delay = np.ones((R, 2), dtype=np.int64)
    k_share = np.zeros((R, 2))
    m_share = np.zeros((R, 2))
    for side_i, side_name in enumerate(SIDES):
        side = getattr(sc.sides, side_name)
        base = ("sides", side_name)
        for ci, c in enumerate(side.contingents):
            where = f"sides.{side_name}.contingents[{c.id}]"
            cpath = (*base, "contingents", ci)
            troops = _whole(rd.field((*cpath, "troops"), "troops"))
            quality = rd.optional((*cpath, "quality"), np.ones(R), "1")
            if np.any(quality <= 0.0):
                raise _error(f"{where}.quality", "quality must be > 0")
            weights = _weights(c, index, where)
            split = split_whole(troops, weights) if weights is not None else np.zeros((R, S))
            if c.arrival_day is None and c.training_days is None:
                if weights is None:
                    reserve_q[:, side_i] += quality * troops
                    reserve[:, side_i] += troops
                else:
                    line_q[:, side_i, :] += quality[:, None] * split
                    line[:, side_i, :] += split
                continue
            arrival = _days(rd.optional((*cpath, "arrival_day"), np.zeros(R), "day"))
            training = _days(rd.optional((*cpath, "training_days"), np.zeros(R), "day"))
            ids.append(c.id)
            c_side.append(side_i)
            c_reserve.append(weights is None)
            c_troops.append(troops)
            c_quality.append(quality)
            c_arrival.append(arrival)
            c_ready.append(arrival + training)
            c_split.append(split)
        recruits[:, side_i] = np.maximum(
            rd.field((*base, "recruitment_per_day"), "troops/day"), 0.0
        )
        r_delay[:, side_i] = _days(
            rd.optional(
                (*base, "recruit_training_days"),
                rd.constant("recruit-training-days", "day"),
                "day",
            )
        )
        w_share[:, side_i] = np.clip(rd.field((*base, "wounded_return_share"), "1"), 0.0, 1.0)
        w_delay[:, side_i] = np.maximum(
            _days(rd.field((*base, "wounded_return_delay_days"), "day")), 1
        )
        killed = np.clip(rd.field((*base, "killed_share"), "1"), 0.0, 1.0)
        missing = np.clip(rd.field((*base, "missing_share"), "1"), 0.0, 1.0)
        # shares over 1 together (possible with independent uncertain shares) are scaled down
        total = np.maximum(killed + missing, 1.0)
        k_share[:, side_i] = killed / total
        m_share[:, side_i] = missing / total
    with np.errstate(invalid="ignore", divide="ignore"):
        line_quality = np.where(line > 0.0, line_q / np.where(line > 0.0, line, 1.0), 1.0)
        reserve_quality = np.where(
            reserve > 0.0, reserve_q / np.where(reserve > 0.0, reserve, 1.0), 1.0
        )
    C = len(ids)
    longest = int(max(r_delay.max(initial=0), w_delay.max(initial=1)))
    transit = transit_days(
        reserve_distances_km(sc), rd.constant("reserve-march-km-per-day", "km/day"), S
    )
    return Forces(
        contingent_ids=tuple(ids),
        contingent_side=np.array(c_side, dtype=np.int64),
        contingent_to_reserve=np.array(c_reserve, dtype=np.bool_),
        ring_length=longest + 1,
        transit_ring_length=int(transit.max(initial=0)) + 1,
        line=line,
        line_quality=line_quality,
        reserve=reserve,
        reserve_quality=reserve_quality,
        start_total=line.sum(axis=2) + reserve,
        contingent_troops=np.stack(c_troops, axis=1) if C else np.zeros((R, 0)),
        contingent_quality=np.stack(c_quality, axis=1) if C else np.zeros((R, 0)),
        contingent_arrival=np.stack(c_arrival, axis=1) if C else np.zeros((R, 0), np.int64),
        contingent_ready=np.stack(c_ready, axis=1) if C else np.zeros((R, 0), np.int64),
        contingent_split=np.stack(c_split, axis=1) if C else np.zeros((R, 0, S)),
        recruits_per_day=recruits,
        recruit_delay=r_delay,
        wounded_return_share=w_share,
        wounded_return_delay=w_delay,
        killed_share=k_share,
        missing_share=m_share,
        recruit_crisis_cut=rd.constant("crisis-recruitment-cut", "1"),
        transit_days=transit,
    )


def _combat(rd: _Reader) -> Combat:
    c = rd.constant
    return Combat(
        exponent_own=c("attrition-exponent-own", "1"),
        exponent_enemy=c("attrition-exponent-enemy", "1"),
        rate_assault=c("attrition-rate-assault", "1/day"),
        rate_hold=c("attrition-rate-hold", "1/day"),
        rate_positional=c("attrition-rate-positional", "1/day"),
        fortification_exponent=c("fortification-attacker-exponent", "1"),
        cap_attacker=c("loss-cap-attacker", "1/day"),
        cap_defender=c("loss-cap-defender", "1/day"),
        idle_factor=c("idle-fire-factor", "1"),
        dispersion=np.maximum(c("loss-dispersion", "1"), 0.0),
        fatigue=c("fatigue-per-day", "1/day"),
        supply_exponent=c("supply-exponent", "1"),
        # Beta shapes must be positive; a zero from a scenario means "as small as possible"
        break_a=np.maximum(
            np.stack([c("breakpoint-attacker-a", "1"), c("breakpoint-defender-a", "1")], axis=1),
            1e-9,
        ),
        break_b=np.maximum(
            np.stack([c("breakpoint-attacker-b", "1"), c("breakpoint-defender-b", "1")], axis=1),
            1e-9,
        ),
        break_force_ratio=c("breakpoint-force-ratio-exponent", "1"),
        break_heterogeneity=np.maximum(c("engagement-effectiveness-sigma", "1"), 0.0),
        pause_days=_days(c("attack-pause-days", "day")),
        fallback_km=np.maximum(c("fallback-depth-km", "km"), 0.0),
        fallback_cap=np.maximum(c("fallback-cap-km", "km"), 0.0),
        adm_threshold=c("adm-attacker-threshold", "1/day"),
        adm_initial=np.clip(c("adm-initial-prosecution", "1"), 0.0, 1.0),
        adm_min=np.clip(c("adm-min-prosecution", "1"), 0.0, 1.0),
        withdrawal_max=c("withdrawal-max-km-per-day", "km/day"),
        advance_cap=c("advance-cap-km-per-day", "km/day"),
        advance_base=np.maximum(c("advance-base-km-per-day", "km/day"), 0.0),
        advance_elasticity=c("advance-force-ratio-elasticity", "1"),
        advance_fortification=c("fortification-advance-exponent", "1"),
        kill_zone=np.clip(c("kill-zone-strength", "1"), 0.0, 1.0),
        infiltration=np.maximum(c("infiltration-km-per-day", "km/day"), 0.0),
        advance_sigma=np.maximum(c("advance-noise-sigma", "1"), 0.0),
        envelopment_days=np.maximum(c("envelopment-holding-days", "day"), 0.0),
        observation_sigma=c("observation-noise-sigma", "1"),
    )


def find_routes(
    sources: Sequence[int], target: int, edges: Sequence[tuple[int, int]], limit: int = MAX_ROUTES
) -> list[tuple[int, list[int]]]:
    """Every simple path (as edge indices, rear to front) from a source node to ``target``,
    shortest first then by edge indices; at most ``limit``. A source that is the target
    itself gives the empty path."""
    out_edges: dict[int, list[int]] = {}
    for e, (a, _) in enumerate(edges):
        out_edges.setdefault(a, []).append(e)
    found: list[tuple[int, list[int]]] = []
    for src in sources:
        stack: list[tuple[int, list[int], frozenset[int]]] = [(src, [], frozenset([src]))]
        while stack:
            node, path, seen = stack.pop()
            if node == target:
                found.append((src, path))
                continue
            for e in out_edges.get(node, []):
                nxt = edges[e][1]
                if nxt not in seen and len(path) < 64:
                    stack.append((nxt, [*path, e], seen | {nxt}))
    found.sort(key=lambda r: (len(r[1]), r[1], r[0]))
    return found[:limit]


def _logistics(sc: Scenario, rd: _Reader, switches: Switches) -> Logistics:
    R = rd.n_runs
    sectors = sc.theatre.sectors
    S = len(sectors)
    s_index = {s.id: i for i, s in enumerate(sectors)}
    o_index = {o.id: i for i, o in enumerate(sc.theatre.objectives)}
    nodes = sc.logistics.nodes
    edges = sc.logistics.edges
    n_index = {n.id: i for i, n in enumerate(nodes)}
    N, E = len(nodes), len(edges)
    node_side = np.array([SIDES.index(n.side) for n in nodes], dtype=np.int64)
    node_obj = np.full(N, -1, dtype=np.int64)
    is_source = np.zeros(N, dtype=np.bool_)
    supply = np.zeros((R, N))
    for i, node in enumerate(nodes):
        if node.located_at is not None:
            if node.located_at not in o_index:
                raise _error(
                    f"logistics.nodes[{node.id}].located_at",
                    f"unknown objective '{node.located_at}'",
                )
            node_obj[i] = o_index[node.located_at]
        if node.supply_per_day is not None:
            is_source[i] = True
            supply[:, i] = np.maximum(
                rd.field(("logistics", "nodes", i, "supply_per_day"), "tonne/day"), 0.0
            )
    e_side = np.zeros(E, dtype=np.int64)
    e_from = np.zeros(E, dtype=np.int64)
    e_to = np.zeros(E, dtype=np.int64)
    e_exposed = np.full(E, -1, dtype=np.int64)
    e_len_sector = np.full(E, -1, dtype=np.int64)
    capacity = np.zeros((R, E))
    distance = np.zeros((R, E))
    length = np.zeros((R, E))
    for i, edge in enumerate(edges):
        where = f"logistics.edges[{edge.id}]"
        for end in (edge.from_, edge.to):
            if end not in n_index:
                raise _error(where, f"unknown node '{end}'")
        a, b = n_index[edge.from_], n_index[edge.to]
        if node_side[a] != node_side[b]:
            raise _error(where, "an edge must join two nodes of the same side")
        e_side[i], e_from[i], e_to[i] = node_side[a], a, b
        base = ("logistics", "edges", i)
        capacity[:, i] = np.maximum(rd.field((*base, "capacity"), "tonne/day"), 0.0)
        if edge.exposed_to is not None:
            if edge.exposed_to not in s_index:
                raise _error(f"{where}.exposed_to", f"unknown sector '{edge.exposed_to}'")
            e_exposed[i] = s_index[edge.exposed_to]
            distance[:, i] = rd.field((*base, "distance_to_front"), "km")
        if edge.lengthens_with is not None:
            if edge.lengthens_with not in s_index:
                raise _error(f"{where}.lengthens_with", f"unknown sector '{edge.lengthens_with}'")
            e_len_sector[i] = s_index[edge.lengthens_with]
            length[:, i] = np.maximum(rd.field((*base, "length"), "km"), 0.0)
    demand = np.zeros((R, 2, 3))
    has_demand = [False, False]
    for side_i, side_name in enumerate(SIDES):
        if side_name in sc.logistics.demand:
            has_demand[side_i] = True
            for a_i, activity in enumerate(("idle", "defend", "attack")):
                demand[:, side_i, a_i] = np.maximum(
                    rd.field(
                        ("logistics", "demand", side_name, activity), "tonne/day/(thousand troops)"
                    ),
                    0.0,
                )
    for node in nodes:
        for sid in node.supplies:
            if sid not in s_index:
                raise _error(f"logistics.nodes[{node.id}].supplies", f"unknown sector '{sid}'")
    pairs = [(int(e_from[i]), int(e_to[i])) for i in range(E)]
    routes: list[tuple[int, list[int]]] = []
    start = np.zeros((2, S), dtype=np.int64)
    count = np.zeros((2, S), dtype=np.int64)
    modelled = np.zeros((2, S), dtype=np.bool_)
    for side_i in (ATTACKER, DEFENDER):
        sources = [n for n in range(N) if is_source[n] and node_side[n] == side_i]
        for s_i, sector in enumerate(sectors):
            feeders = [
                n
                for n, node in enumerate(nodes)
                if node_side[n] == side_i and sector.id in node.supplies
            ]
            if not feeders or not has_demand[side_i]:
                continue
            modelled[side_i, s_i] = True
            found: list[tuple[int, list[int]]] = []
            for m in feeders:
                found.extend(find_routes(sources, m, pairs))
            found.sort(key=lambda r: (len(r[1]), r[1], r[0]))
            found = found[:MAX_ROUTES]
            start[side_i, s_i] = len(routes)
            count[side_i, s_i] = len(found)
            routes.extend(found)
    Q = len(routes)
    Lmax = max([1, *(len(r[1]) for r in routes)])
    r_edges = np.full((max(Q, 1), Lmax), -1, dtype=np.int64)
    r_len = np.zeros(max(Q, 1), dtype=np.int64)
    r_src = np.zeros(max(Q, 1), dtype=np.int64)
    for q, (src, path) in enumerate(routes):
        r_src[q] = src
        r_len[q] = len(path)
        r_edges[q, : len(path)] = path
    return Logistics(
        node_ids=tuple(n.id for n in nodes),
        node_side=node_side,
        node_objective=node_obj,
        node_is_source=is_source,
        edge_ids=tuple(e.id for e in edges),
        edge_side=e_side,
        edge_from=e_from,
        edge_to=e_to,
        edge_exposed=e_exposed,
        edge_lengthens=e_len_sector,
        route_edges=r_edges,
        route_length=r_len,
        route_source=r_src,
        route_start=start,
        route_count=count,
        modelled=modelled,
        node_supply=supply,
        edge_capacity=capacity,
        edge_distance=distance,
        edge_length=length,
        demand=demand,
        interdiction_max=np.clip(rd.constant("interdiction-max", "1"), 0.0, 1.0),
        interdiction_range=np.maximum(rd.constant("interdiction-range-km", "km"), 0.0),
        interdiction_sigma=np.maximum(rd.constant("interdiction-noise-sigma", "1"), 0.0),
        crisis_supply_cut=np.clip(rd.constant("crisis-supply-cut", "1"), 0.0, 1.0),
    )


def _economy(sc: Scenario, rd: _Reader, switches: Switches) -> Economy:
    R = rd.n_runs
    enabled = np.zeros(2, dtype=np.bool_)
    arrays = {k: np.zeros((R, 2)) for k in ("base", "share", "res", "aid", "deficit", "thr")}
    currency = ["", ""]
    for side_i, side_name in enumerate(SIDES):
        econ = sc.economy.get(side_name)  # type: ignore[call-overload]
        if econ is None:
            continue
        enabled[side_i] = switches.economy
        cur = econ.currency
        currency[side_i] = cur
        base = ("economy", side_name)
        per_day = f"{cur}/day"
        gdp = rd.field((*base, "gdp_per_year"), per_day)
        arrays["base"][:, side_i] = gdp * rd.field((*base, "military_share_gdp"), "1")
        arrays["share"][:, side_i] = rd.field((*base, "military_share_budget"), "1")
        arrays["res"][:, side_i] = np.maximum(rd.field((*base, "reserves"), cur), 0.0)
        arrays["aid"][:, side_i] = rd.optional(
            (*base, "external_aid_per_year"), np.zeros(R), per_day
        )
        arrays["deficit"][:, side_i] = rd.optional(
            (*base, "deficit_per_year"), np.zeros(R), per_day
        )
        arrays["thr"][:, side_i] = rd.field((*base, "crisis_threshold"), "1")
    c = rd.constant
    return Economy(
        enabled=enabled,
        currency=(currency[0], currency[1]),
        baseline_spending=arrays["base"],
        budget_share=arrays["share"],
        reserves=arrays["res"],
        aid=arrays["aid"],
        deficit=arrays["deficit"],
        crisis_threshold=arrays["thr"],
        elasticity=c("war-cost-elasticity", "1"),
        reference_loss=c("economy-reference-loss-fraction", "1/day"),
        runway_reference=c("fiscal-runway-reference-years", "day"),
        spending_weight=c("fiscal-spending-stress-weight", "1"),
        stress_cap=c("fiscal-stress-cap", "1"),
        steepness=c("fiscal-crisis-steepness", "1"),
    )


def _talks(sc: Scenario, rd: _Reader, switches: Switches) -> Talks:
    R = rd.n_runs
    neg = sc.negotiation
    c = rd.constant
    common = {
        "suppression": np.clip(c("commitment-suppression", "1"), 0.0, 1.0),
        "update_weight": np.maximum(c("belief-update-weight", "1"), 0.0),
        "casualty_window": np.maximum(c("ceasefire-casualty-window-days", "day"), 1.0),
    }
    if neg is None:
        zero = np.zeros(R)
        return Talks(
            enabled=False,
            base_hazard=zero,
            sensitivity=zero,
            convergence=zero,
            casualty_weight=zero,
            fiscal_weight=zero,
            prior_strength=np.ones(R),
            optimism=np.full((R, 2), 0.5),
            horizon_days=np.ones(R),
            distance_km=zero,
            **common,
        )
    base = ("negotiation",)
    default = c("belief-default-optimism", "1")
    optimism = np.stack(
        [rd.optional((*base, "optimism", side), default, "1") for side in SIDES], axis=1
    )
    return Talks(
        enabled=switches.ceasefire,
        base_hazard=np.maximum(rd.field((*base, "base_hazard_per_day"), "1/day"), 0.0),
        sensitivity=rd.field((*base, "gap_sensitivity"), "1"),
        convergence=rd.field((*base, "convergence_weight"), "1"),
        casualty_weight=rd.field((*base, "casualty_cost_weight"), "1"),
        fiscal_weight=rd.field((*base, "fiscal_cost_weight"), "1"),
        prior_strength=np.maximum(rd.field((*base, "prior_strength"), "1"), 1e-6),
        optimism=np.clip(optimism, 1e-6, 1.0 - 1e-6),
        horizon_days=np.maximum(rd.field((*base, "commitment_horizon_days"), "day"), 0.0),
        distance_km=rd.field((*base, "commitment_distance_km"), "km"),
        **common,
    )


# ---------------------------------------------------------------------------------------------


def compile_plan(
    loaded: LoadedScenario | Scenario,
    samples: Mapping[str, F64],
    run_ids: Sequence[int] | I64,
    *,
    table: ParameterTable | None = None,
) -> Plan:
    """The :class:`Plan` for runs ``run_ids`` of a scenario, from per-run parameter samples.

    ``samples[name]`` has one value per run (in the order of ``run_ids``) in the parameter's
    own unit; every parameter the scenario uses and every engine default must be present.
    Raises :class:`~clausewitz.errors.ScenarioError` for structure the engine cannot run.
    """
    scenario = loaded.scenario if isinstance(loaded, LoadedScenario) else loaded
    table = table if table is not None else collect_parameters(loaded)
    runs = np.asarray(run_ids, dtype=np.int64).reshape(-1)
    rd = _Reader(table, samples, int(runs.size))
    mech = scenario.mechanisms
    switches = Switches(
        attrition=mech.attrition,
        breakpoints=mech.breakpoints,
        advance=mech.advance,
        logistics=mech.logistics,
        force_generation=mech.force_generation,
        economy=mech.economy,
        ceasefire=mech.ceasefire,
        negative_binomial=mech.loss_distribution == "negative_binomial",
    )
    for terrain in {s.terrain for s in scenario.theatre.sectors}:
        if terrain not in TERRAINS:  # pragma: no cover - the schema allows only these
            raise _error("theatre.sectors", f"unknown terrain '{terrain}'")
    return Plan(
        scenario=scenario.meta.name,
        horizon_days=scenario.meta.horizon_days,
        switches=switches,
        theatre=_theatre(scenario, rd),
        forces=_forces(scenario, rd, switches),
        combat=_combat(rd),
        logistics=_logistics(scenario, rd, switches),
        economy=_economy(scenario, rd, switches),
        talks=_talks(scenario, rd, switches),
        run_ids=runs,
    )
