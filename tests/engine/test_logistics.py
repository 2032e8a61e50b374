"""§3 logistics in isolation: capture, culmination, interdiction, sharing, crisis cut."""

from __future__ import annotations

from typing import Any

import numpy as np
from engine_helpers import duel_doc, eng, q, run_fast

from clausewitz.prepare.compile import find_routes

DEMAND = "tonne/day/(thousand troops)"


def demand() -> dict[str, Any]:
    return {"idle": q(5, DEMAND), "defend": q(15, DEMAND), "attack": q(50, DEMAND)}


def hub_doc(bypass: bool) -> dict[str, Any]:
    """The defender's sector is fed through a hub that falls on day 0 (depth 0), and, with
    ``bypass``, also by a road around it."""
    doc = duel_doc(
        on=("attrition", "logistics"), params={"attrition-rate-hold": eng(0.01, "1/day")}
    )
    doc["theatre"]["objectives"] = [
        {"id": "hub", "name": "Hub", "kind": "hub", "sector": "main", "depth": q(0, "km")}
    ]
    nodes = [
        {"id": "depot", "side": "defender", "supply_per_day": q(10000, "tonne/day")},
        {"id": "hub", "side": "defender", "located_at": "hub", "supplies": ["main"]},
    ]
    edges = [
        {
            "id": "rail",
            "from": "depot",
            "to": "hub",
            "mode": "rail",
            "capacity": q(5000, "tonne/day"),
        }
    ]
    if bypass:
        nodes.append({"id": "detour", "side": "defender", "supplies": ["main"]})
        edges.append(
            {
                "id": "track",
                "from": "depot",
                "to": "detour",
                "mode": "road",
                "capacity": q(75, "tonne/day"),
            }
        )
    doc["logistics"] = {"nodes": nodes, "edges": edges, "demand": {"defender": demand()}}
    return doc


def test_capture_of_the_hub_starves_the_sectors_it_feeds() -> None:
    _, out, daily = run_fast(hub_doc(bypass=False), runs=50, days=6)
    assert np.all(out.fall_day[:, 0] == 0)
    supply = daily["supply"][:, :, 1, 0]  # defender
    assert np.all(supply[0] == 1.0)  # the hub still stands during day 0
    assert np.all(supply[1:] == 0.0)  # then nothing gets through
    # the defender's fire scales with s^eta: the attacker stops losing men
    attacker_losses = daily["loss_today"][:, :, 0, 0]
    assert attacker_losses[0].sum() > 0
    assert np.all(attacker_losses[1:] == 0.0)
    # the attacker's own supply is not modelled: satisfaction 1
    assert np.all(daily["supply"][:, :, 0, 0] == 1.0)


def test_a_bypass_keeps_some_supply_after_the_hub_falls() -> None:
    _, _, daily = run_fast(hub_doc(bypass=True), runs=5, days=4)
    demand_defend = 10000 / 1000 * 15  # 150 t/day for 10,000 defenders
    supply = daily["supply"][:, :, 1, 0]
    assert np.all(supply[0] == 1.0)  # the rail through the hub is the better route
    line = daily["line"][:, :, 1, 0]
    # afterwards only the 75 t/day track is left
    expected = 75.0 / (np.roll(line, 1, axis=0)[1:] / 1000 * 15)
    np.testing.assert_allclose(supply[1:], np.minimum(expected, 1.0), rtol=1e-12)
    assert supply[1:].max() < 75 / demand_defend * 1.2


def culmination_doc(logistics: bool) -> dict[str, Any]:
    on = ("attrition", "advance", "logistics") if logistics else ("attrition", "advance")
    doc = duel_doc(20000, 20000, horizon=80, on=on, params={
        "attrition-rate-hold": eng(0.004, "1/day"),
        "advance-base-km-per-day": eng(1.0, "km/day"),
        "advance-cap-km-per-day": eng(1.0, "km/day"),
        "withdrawal-max-km-per-day": eng(2.0, "km/day"),
    })  # fmt: skip
    doc["logistics"] = {
        "nodes": [
            {"id": "rail", "side": "attacker", "supply_per_day": q(1e6, "tonne/day")},
            {"id": "front", "side": "attacker", "supplies": ["main"]},
        ],
        "edges": [
            {
                "id": "last-mile", "from": "rail", "to": "front", "mode": "road",
                "capacity": q(1000, "tonne/day"), "lengthens_with": "main", "length": q(10, "km"),
            }
        ],
        "demand": {"attacker": demand()},
    }  # fmt: skip
    return doc


def test_an_attacker_outrunning_its_supply_culminates() -> None:
    _, _, fed = run_fast(culmination_doc(logistics=False), runs=100)
    _, _, starved = run_fast(culmination_doc(logistics=True), runs=100)
    front_fed = fed["front"][:, :, 0].mean(axis=1)
    front_starved = starved["front"][:, :, 0].mean(axis=1)
    # the last mile grows with the advance: capacity x L0 / (L0 + front at the day's start)
    cap = starved["edge_capacity"][:, :, 0]
    front = starved["front"][:, :, 0]
    assert np.all(cap[0] == 1000.0)
    np.testing.assert_allclose(cap[1:], 1000 * 10 / (10 + front[:-1]), rtol=1e-12)
    supply = starved["supply"][:, :, 0, 0].mean(axis=1)
    assert supply[0] == 1.0 and supply[-1] < 0.75
    # the same attack with unlimited supply keeps going; the supplied-by-road one stalls
    late_fed = front_fed[-1] - front_fed[-21]
    late_starved = front_starved[-1] - front_starved[-21]
    assert front_starved[-1] < 0.6 * front_fed[-1]
    assert late_starved < 0.5 * late_fed
    # the advance scales with the attacker's supply (s^eta, eta = 1): the late ratio of the
    # two advances follows the starved attacker's late satisfaction
    late_supply = starved["supply"][-20:, :, 0, 0].mean()
    assert abs(late_starved / late_fed - late_supply) < 0.1


def exposed_doc(distance: float) -> dict[str, Any]:
    doc = duel_doc(
        on=("logistics",),
        params={"interdiction-max": eng(0.5), "interdiction-range-km": eng(10, "km")},
    )
    doc["logistics"] = {
        "nodes": [
            {"id": "depot", "side": "defender", "supply_per_day": q(1e6, "tonne/day")},
            {"id": "hub", "side": "defender", "supplies": ["main"]},
        ],
        "edges": [
            {
                "id": "road", "from": "depot", "to": "hub", "mode": "road",
                "capacity": q(1000, "tonne/day"), "exposed_to": "main",
                "distance_to_front": q(distance, "km"),
            }
        ],
        "demand": {"defender": demand()},
    }  # fmt: skip
    return doc


def test_interdiction_grows_as_the_front_nears_an_edge() -> None:
    means = []
    for distance in (0.0, 10.0, 100.0):
        _, _, daily = run_fast(exposed_doc(distance), runs=400, days=3)
        means.append(daily["edge_capacity"][:, :, 0].mean())
    # E[capacity] = 1000 (1 - i_max exp(-d / d0)): the lognormal noise has mean 1
    expected = [1000 * (1 - 0.5 * np.exp(-d / 10)) for d in (0.0, 10.0, 100.0)]
    np.testing.assert_allclose(means, expected, rtol=0.02)
    _, _, daily = run_fast(exposed_doc(0.0), runs=400, days=3)
    cap = daily["edge_capacity"][:, :, 0]
    assert cap.std() > 10  # drawn daily from the interdiction stream
    assert np.all((cap >= 0) & (cap <= 1000))


def shared_doc() -> dict[str, Any]:
    doc = duel_doc(10000, 10000, on=("logistics",))
    doc["theatre"]["sectors"].append(
        {"id": "second", "frontage": q(10, "km"), "terrain": "open", "belts": []}
    )
    doc["sides"]["defender"]["contingents"][0]["deployment"] = {"main": 0.75, "second": 0.25}
    doc["logistics"] = {
        "nodes": [
            {"id": "depot", "side": "defender", "supply_per_day": q(120, "tonne/day")},
            {"id": "hub", "side": "defender", "supplies": ["main", "second"]},
        ],
        "edges": [
            {
                "id": "road",
                "from": "depot",
                "to": "hub",
                "mode": "road",
                "capacity": q(100, "tonne/day"),
            }
        ],
        "demand": {"defender": demand()},
    }
    return doc


def test_a_shared_edge_is_split_in_proportion_to_demand() -> None:
    _, _, daily = run_fast(shared_doc(), runs=2, days=2)
    # demand 112.5 + 37.5 = 150 t/day on a 100 t/day road from a 120 t/day depot
    supply = daily["supply"][0, 0, 1]
    np.testing.assert_allclose(supply, [100 / 150, 100 / 150], rtol=1e-12)
    np.testing.assert_allclose(daily["edge_flow"][0, 0, 0], 100.0, rtol=1e-12)
    np.testing.assert_allclose(daily["source_flow"][0, 0, 0], 100.0, rtol=1e-12)


def test_a_fiscal_crisis_cuts_supply_at_the_source() -> None:
    doc = shared_doc()
    doc["logistics"]["edges"][0]["capacity"] = q(1e6, "tonne/day")
    doc["mechanisms"]["economy"] = True
    doc["economy"] = {
        "defender": {
            "currency": "USD_2025",
            "gdp_per_year": q(100, "billion USD_2025/year"),
            "military_share_gdp": q(0.1),
            "military_share_budget": q(0.3),
            "reserves": q(0, "USD_2025"),
            "deficit_per_year": q(1, "billion USD_2025/year"),
            "crisis_threshold": q(-100),
        }
    }
    doc["parameters"]["crisis-supply-cut"] = eng(0.3)
    _, out, daily = run_fast(doc, runs=3, days=3)
    assert np.all(out.crisis_day[:, 1] == 0)
    np.testing.assert_allclose(daily["supply"][0, :, 1], 120 / 150, rtol=1e-12)
    np.testing.assert_allclose(daily["supply"][1, :, 1], 120 * 0.7 / 150, rtol=1e-12)


def test_routes_are_all_simple_paths_shortest_first() -> None:
    # 0 -> 1 -> 3, 0 -> 2 -> 3, 0 -> 3, and a cycle 3 -> 0 that must not loop
    edges = [(0, 1), (1, 3), (0, 2), (2, 3), (0, 3), (3, 0)]
    routes = find_routes([0], 3, edges)
    assert routes == [(0, [4]), (0, [0, 1]), (0, [2, 3])]
    assert find_routes([3], 3, edges) == [(3, [])]
    assert find_routes([1], 2, edges) == [(1, [1, 5, 2])]
    assert len(find_routes([0], 3, edges, limit=2)) == 2
