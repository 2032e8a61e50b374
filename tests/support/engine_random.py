"""Hypothesis strategies for random small scenarios and random strategy pairs."""

from __future__ import annotations

from typing import Any

import numpy as np
from engine_helpers import build, q, qd
from hypothesis import strategies as st

from clausewitz.engine.plan import ATTACK, DEFEND, IDLE
from clausewitz.scenario.schema import Scenario
from clausewitz.strategies import Observation, Orders, Strategies, StrategySpec, choose
from clausewitz.strategies.registry import get_strategy

TERRAINS = ["open", "mixed", "forest", "urban", "rough", "river"]
DEMAND = "tonne/day/(thousand troops)"


def pulsed_defender(obs: Observation, settings: Any) -> Orders:
    """A test strategy that counter-attacks every fifth day in sector 0, idles in the last
    sector on odd days, and commits a third of its reserve evenly."""
    R, S = obs.n_runs, obs.n_sectors
    posture = np.full((R, S), DEFEND, dtype=np.int64)
    if obs.day % 5 == 0:
        posture[:, 0] = ATTACK
    if obs.day % 2 == 1 and S > 1:
        posture[:, -1] = IDLE
    alloc = np.full((R, S), (1.0 / 3.0) / S)
    return Orders(alloc, posture, np.full((R, S), 0.8), np.full((R, S), 1.2))


def fickle_attacker(obs: Observation, settings: Any) -> Orders:
    """A test strategy that attacks where its observed enemy losses are below its own, holds
    or idles elsewhere, with a tempo rising with the day, and every seventh day takes a tenth
    of the last sector's line back into the reserve (massing)."""
    R, S = obs.n_runs, obs.n_sectors
    attack = obs.enemy_losses_observed <= obs.own_losses_yesterday + 50.0
    posture = np.where(attack, ATTACK, np.where(obs.front > 1.0, IDLE, DEFEND)).astype(np.int64)
    tempo = np.full((R, S), 0.3 + 0.01 * (obs.day % 50))
    alloc = np.zeros((R, S))
    alloc[:, 0] = 0.5
    withdraw = np.zeros((R, S))
    if obs.day % 7 == 3:
        withdraw[:, -1] = 0.1
    return Orders(alloc, posture, tempo, np.full((R, S), 0.7), withdraw)


@st.composite
def scenarios(draw: st.DrawFn, max_days: int = 60) -> tuple[Scenario, int]:
    """A random valid scenario and a horizon."""
    n_sectors = draw(st.integers(1, 3))
    sector_ids = [f"s{i}" for i in range(n_sectors)]
    sectors = []
    for i, sid in enumerate(sector_ids):
        depth = 0.0
        belts = []
        for b in range(draw(st.integers(0, 3))):
            depth += draw(st.floats(0.5, 6.0))
            belts.append(
                {
                    "id": f"b{b}",
                    "depth": q(round(depth, 3), "km"),
                    "fortification": q(draw(st.floats(1.0, 3.0))),
                }
            )
        sectors.append(
            {
                "id": sid,
                "frontage": qd({"kind": "uniform", "low": 5, "high": 30}, "km"),
                "terrain": draw(st.sampled_from(TERRAINS)),
                "main_axis": i == 0,
                "belts": belts,
                # about 0-3 days' march apart at the default rate
                "front_start": {"lat": 48.0 + 0.7 * i, "lon": 37.0 + draw(st.floats(0.0, 2.0))},
            }
        )
    objectives = []
    for o in range(draw(st.integers(0, 3))):
        obj: dict[str, Any] = {
            "id": f"o{o}",
            "name": f"O{o}",
            "kind": draw(st.sampled_from(["hub", "town", "city"])),
            "sector": draw(st.sampled_from(sector_ids)),
            "depth": q(draw(st.floats(0.0, 8.0)), "km"),
        }
        if draw(st.booleans()):
            obj["encircled_when"] = [
                {
                    "sector": draw(st.sampled_from(sector_ids)),
                    "depth": q(draw(st.floats(0.5, 5.0)), "km"),
                }
            ]
        objectives.append(obj)

    def weights() -> dict[str, float] | str:
        if draw(st.booleans()) and n_sectors > 1:
            chosen = draw(st.lists(st.sampled_from(sector_ids), min_size=1, unique=True))
            return {s: float(draw(st.integers(1, 5))) for s in chosen}
        return {s: 1.0 for s in sector_ids}

    def side(cid: str, low: int, high: int) -> dict[str, Any]:
        contingents: list[dict[str, Any]] = [
            {
                "id": f"{cid}-main",
                "troops": qd({"kind": "uniform", "low": low, "high": high}, "troops"),
                "deployment": weights(),
            }
        ]
        if draw(st.booleans()):
            contingents.append(
                {
                    "id": f"{cid}-res",
                    "troops": q(draw(st.integers(0, 3000)), "troops"),
                    "deployment": "reserve",
                }
            )
        if draw(st.booleans()):
            extra: dict[str, Any] = {
                "id": f"{cid}-late",
                "troops": q(draw(st.integers(1, 4000)), "troops"),
                "arrival_day": q(draw(st.integers(0, max_days)), "day"),
                "deployment": draw(st.sampled_from(["reserve", "weights"])),
                "quality": q(draw(st.floats(0.5, 1.5))),
            }
            if extra["deployment"] == "weights":
                extra["deployment"] = weights()
            if draw(st.booleans()):
                extra["training_days"] = q(draw(st.integers(0, 20)), "day")
            contingents.append(extra)
        located = draw(st.booleans())
        return {
            "name": cid,
            "contingents": contingents,
            **({"reserve_location": {"lat": 48.0, "lon": 36.0}} if located else {}),
            "recruitment_per_day": q(draw(st.floats(0.0, 80.0)), "troops/day"),
            "recruit_training_days": q(draw(st.integers(0, 15)), "day"),
            "wounded_return_share": q(draw(st.floats(0.0, 1.0))),
            "wounded_return_delay_days": q(draw(st.integers(0, 20)), "day"),
            "killed_share": q(draw(st.floats(0.0, 0.6))),
            "missing_share": q(draw(st.floats(0.0, 0.6))),
        }

    doc: dict[str, Any] = {
        "meta": {
            "name": "random",
            "title": "random",
            "knowledge_date": "2025-01-01",
            "start_date": "2025-01-01",
            "horizon_days": max_days,
        },
        "sides": {"attacker": side("att", 300, 20000), "defender": side("def", 200, 12000)},
        "theatre": {"sectors": sectors, "objectives": objectives},
        "mechanisms": {
            "attrition": draw(st.sampled_from([True] * 9 + [False])),
            "breakpoints": draw(st.booleans()),
            "advance": draw(st.booleans()),
            "logistics": draw(st.booleans()),
            "force_generation": draw(st.booleans()),
            "economy": draw(st.booleans()),
            "ceasefire": draw(st.booleans()),
            "loss_distribution": draw(st.sampled_from(["poisson", "negative_binomial"])),
        },
        "parameters": {
            # raise the chance of interesting events in short horizons
            "advance-base-km-per-day": {
                "unit": "km/day",
                "basis": "engineering",
                "value": draw(st.floats(0.05, 3.0)),
                "rationale": "test",
            },
            "envelopment-holding-days": {
                "unit": "day",
                "basis": "engineering",
                "value": draw(st.floats(0.0, 20.0)),
                "rationale": "test",
            },
            "attrition-exponent-own": {
                "unit": "1",
                "basis": "engineering",
                "value": draw(st.sampled_from([0.0, 0.5, 1.0])),
                "rationale": "test",
            },
            "attrition-exponent-enemy": {
                "unit": "1",
                "basis": "engineering",
                "value": draw(st.sampled_from([0.0, 0.5, 1.0])),
                "rationale": "test",
            },
            "breakpoint-force-ratio-exponent": {
                "unit": "1",
                "basis": "engineering",
                "value": draw(st.sampled_from([0.0, 0.5, 1.3])),
                "rationale": "test",
            },
            "engagement-effectiveness-sigma": {
                "unit": "1",
                "basis": "engineering",
                "value": draw(st.sampled_from([0.0, 0.4, 1.2])),
                "rationale": "test",
            },
            "advance-cap-km-per-day": {
                "unit": "km/day",
                "basis": "engineering",
                "value": draw(st.floats(0.1, 5.0)),
                "rationale": "test",
            },
        },
    }
    if draw(st.booleans()):
        hubs = [o["id"] for o in objectives]
        nodes: list[dict[str, Any]] = [
            {
                "id": "dd",
                "side": "defender",
                "supply_per_day": q(draw(st.floats(0, 3000)), "tonne/day"),
            },
            {
                "id": "dh",
                "side": "defender",
                "supplies": draw(st.lists(st.sampled_from(sector_ids), min_size=1, unique=True)),
            },
            {"id": "dj", "side": "defender", "supplies": [sector_ids[-1]]},
            {
                "id": "ar",
                "side": "attacker",
                "supply_per_day": q(draw(st.floats(0, 5000)), "tonne/day"),
                "supplies": draw(st.lists(st.sampled_from(sector_ids), max_size=1)),
            },
            {"id": "af", "side": "attacker", "supplies": sector_ids},
        ]
        if hubs and draw(st.booleans()):
            nodes[1]["located_at"] = draw(st.sampled_from(hubs))
        if hubs and draw(st.booleans()):
            nodes[4]["located_at"] = draw(st.sampled_from(hubs))
        edges: list[dict[str, Any]] = [
            {
                "id": "e1",
                "from": "dd",
                "to": "dh",
                "mode": "road",
                "capacity": q(draw(st.floats(0, 1500)), "tonne/day"),
                "exposed_to": draw(st.sampled_from(sector_ids)),
                "distance_to_front": q(draw(st.floats(0, 15)), "km"),
            },
            {
                "id": "e2",
                "from": "dh",
                "to": "dj",
                "mode": "road",
                "capacity": q(draw(st.floats(0, 800)), "tonne/day"),
            },
            {
                "id": "e3",
                "from": "dd",
                "to": "dj",
                "mode": "rail",
                "capacity": q(draw(st.floats(0, 800)), "tonne/day"),
            },
            {
                "id": "e4",
                "from": "ar",
                "to": "af",
                "mode": "road",
                "capacity": q(draw(st.floats(0, 2000)), "tonne/day"),
                "lengthens_with": sector_ids[0],
                "length": q(draw(st.floats(1, 40)), "km"),
                "exposed_to": sector_ids[-1],
                "distance_to_front": q(draw(st.floats(0, 20)), "km"),
            },
        ]
        doc["logistics"] = {
            "nodes": nodes,
            "edges": edges,
            "demand": {
                s: {
                    "idle": q(5, DEMAND),
                    "defend": q(draw(st.floats(5, 30)), DEMAND),
                    "attack": q(draw(st.floats(20, 80)), DEMAND),
                }
                for s in ("attacker", "defender")
            },
        }
    if draw(st.booleans()):
        doc["economy"] = {
            "attacker": {
                "currency": "RUB_2025",
                "gdp_per_year": q(200, "trillion RUB_2025/year"),
                "military_share_gdp": q(0.06),
                "military_share_budget": q(0.33),
                "reserves": q(draw(st.floats(0.0, 5.0)), "trillion RUB_2025"),
                "deficit_per_year": q(draw(st.floats(-1.0, 3.0)), "trillion RUB_2025/year"),
                "crisis_threshold": q(draw(st.floats(0.0, 2.0))),
            },
        }
    if draw(st.booleans()):
        doc["negotiation"] = {
            "base_hazard_per_day": q(draw(st.floats(0.0, 0.05)), "1/day"),
            "gap_sensitivity": q(draw(st.floats(0, 10))),
            "convergence_weight": q(draw(st.floats(0, 2))),
            "casualty_cost_weight": q(1),
            "fiscal_cost_weight": q(1),
            "prior_strength": q(draw(st.floats(1, 30))),
            "optimism": {"attacker": q(draw(st.floats(0.05, 0.95)))},
            "commitment_horizon_days": q(draw(st.floats(0, 60)), "day"),
            "commitment_distance_km": q(draw(st.floats(0, 10)), "km"),
        }
    return build(doc), max_days


@st.composite
def strategy_pairs(draw: st.DrawFn) -> Strategies:
    """Built-in strategies with random settings, or the test strategies above."""
    if draw(st.booleans()):
        attacker = choose("attacker")
        attacker = StrategySpec(
            attacker.name,
            attacker.function,
            {
                "commit_share": draw(st.floats(0, 1)),
                "main_axis_share": draw(st.floats(0, 1)),
                "tempo": draw(st.floats(0, 2)),
                "loss_tolerance": draw(st.floats(0.2, 3)),
            },
        )
    else:
        attacker = StrategySpec("fickle", fickle_attacker)
    kind = draw(st.sampled_from(["default", "pulsed", "focused"]))
    if kind == "default":
        defender = choose("defender")
        defender = StrategySpec(
            defender.name,
            defender.function,
            {"commit_share": draw(st.floats(0, 1)), "loss_tolerance": draw(st.floats(0.2, 3))},
        )
    elif kind == "pulsed":
        defender = StrategySpec("pulsed", pulsed_defender)
    else:
        # the defender's reserve levers: a focus on the main axis, the other lines massed
        # there on day 0 (withdrawn, marching back where the reserve stands at a location)
        defender = StrategySpec(
            "defend-in-depth",
            get_strategy("defend-in-depth"),
            {
                "commit_share": draw(st.floats(0, 1)),
                "focus_share": draw(st.floats(0, 1)),
                "massing": draw(st.floats(0, 0.6)),
            },
        )
    return Strategies(attacker, defender)
