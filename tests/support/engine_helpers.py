"""Small in-memory scenarios and parameter estimates for the engine tests."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

import numpy as np

from clausewitz.engine import fast
from clausewitz.engine.outcomes import Recording
from clausewitz.engine.plan import Plan
from clausewitz.evidence import estimate_all
from clausewitz.prepare.compile import compile_plan
from clausewitz.prepare.sampling import parameter_bounds, sample
from clausewitz.scenario.parameters import collect_parameters
from clausewitz.scenario.schema import Scenario
from clausewitz.strategies import Strategies, StrategySpec, choose


def q(value: float, unit: str = "1") -> dict[str, Any]:
    """An inline assumption with a fixed value."""
    return {"unit": unit, "basis": "assumption", "value": value, "rationale": "test"}


def qd(dist: dict[str, Any], unit: str = "1") -> dict[str, Any]:
    """An inline assumption with a distribution."""
    return {"unit": unit, "basis": "assumption", "distribution": dist, "rationale": "test"}


def side(troops: Any, weights: dict[str, float] | str, **extra: Any) -> dict[str, Any]:
    """A side with one contingent."""
    out: dict[str, Any] = {
        "name": "side",
        "contingents": [{"id": extra.pop("cid"), "troops": troops, "deployment": weights}],
        "recruitment_per_day": q(0.0, "troops/day"),
        "wounded_return_share": q(0.5),
        "wounded_return_delay_days": q(10, "day"),
        "killed_share": q(0.25),
        "missing_share": q(0.05),
    }
    out.update(extra)
    return out


def base_scenario(horizon: int = 60) -> dict[str, Any]:
    """Two sectors, belts, objectives, a small network per side, economies, talks."""
    return {
        "meta": {
            "name": "engine-test",
            "title": "engine test",
            "knowledge_date": "2025-07-06",
            "start_date": "2025-07-03",
            "horizon_days": horizon,
        },
        "sides": {
            "attacker": side(
                qd({"kind": "uniform", "low": 18000, "high": 22000}, "troops"),
                {"south": 0.6, "east": 0.4},
                cid="att",
                recruitment_per_day=q(40.5, "troops/day"),
                recruit_training_days=q(5, "day"),
            ),
            "defender": side(
                qd({"kind": "triangular", "low": 8000, "mode": 10000, "high": 12000}, "troops"),
                {"south": 0.5, "east": 0.5},
                cid="def",
                recruitment_per_day=q(20.25, "troops/day"),
                recruit_training_days=q(3, "day"),
            ),
        },
        "theatre": {
            "sectors": [
                {
                    "id": "south",
                    "frontage": q(20, "km"),
                    "terrain": "mixed",
                    "main_axis": True,
                    "belts": [
                        {"id": "b1", "depth": q(2, "km"), "fortification": q(1.3)},
                        {"id": "b2", "depth": q(6, "km"), "fortification": q(2.0)},
                    ],
                },
                {
                    "id": "east",
                    "frontage": q(15, "km"),
                    "terrain": "open",
                    "belts": [{"id": "e1", "depth": q(4, "km"), "fortification": q(1.2)}],
                },
            ],
            "objectives": [
                {
                    "id": "hub",
                    "name": "Hub",
                    "kind": "hub",
                    "sector": "south",
                    "depth": q(5, "km"),
                    "encircled_when": [{"sector": "east", "depth": q(6, "km")}],
                },
                {"id": "town", "name": "Town", "sector": "east", "depth": q(3, "km")},
            ],
        },
        "logistics": {
            "nodes": [
                {
                    "id": "d-depot",
                    "side": "defender",
                    "kind": "depot",
                    "supply_per_day": q(2000, "tonne/day"),
                },
                {
                    "id": "d-hub",
                    "side": "defender",
                    "kind": "hub",
                    "located_at": "hub",
                    "supplies": ["south", "east"],
                },
                {
                    "id": "a-rail",
                    "side": "attacker",
                    "kind": "railhead",
                    "supply_per_day": q(3000, "tonne/day"),
                },
                {"id": "a-front", "side": "attacker", "supplies": ["south", "east"]},
            ],
            "edges": [
                {
                    "id": "d-road",
                    "from": "d-depot",
                    "to": "d-hub",
                    "mode": "road",
                    "capacity": q(600, "tonne/day"),
                    "exposed_to": "south",
                    "distance_to_front": q(8, "km"),
                },
                {
                    "id": "a-lastmile",
                    "from": "a-rail",
                    "to": "a-front",
                    "mode": "road",
                    "capacity": q(900, "tonne/day"),
                    "lengthens_with": "south",
                    "length": q(25, "km"),
                },
            ],
            "demand": {
                "attacker": {
                    "idle": q(5, "tonne/day/(thousand troops)"),
                    "defend": q(15, "tonne/day/(thousand troops)"),
                    "attack": q(50, "tonne/day/(thousand troops)"),
                },
                "defender": {
                    "idle": q(5, "tonne/day/(thousand troops)"),
                    "defend": q(15, "tonne/day/(thousand troops)"),
                    "attack": q(50, "tonne/day/(thousand troops)"),
                },
            },
        },
        "economy": {
            "attacker": {
                "currency": "RUB_2025",
                "gdp_per_year": q(200, "trillion RUB_2025/year"),
                "military_share_gdp": q(0.06),
                "military_share_budget": q(0.33),
                "reserves": q(3, "trillion RUB_2025"),
                "deficit_per_year": q(1.1, "trillion RUB_2025/year"),
                "crisis_threshold": q(1.0),
            },
            "defender": {
                "currency": "USD_2025",
                "gdp_per_year": q(190, "billion USD_2025/year"),
                "military_share_gdp": q(0.26),
                "military_share_budget": q(0.6),
                "reserves": q(25, "billion USD_2025"),
                "external_aid_per_year": q(40, "billion USD_2025/year"),
                "deficit_per_year": q(45, "billion USD_2025/year"),
                "crisis_threshold": q(1.0),
            },
        },
        "negotiation": {
            "base_hazard_per_day": q(0.002, "1/day"),
            "gap_sensitivity": q(5),
            "convergence_weight": q(1),
            "casualty_cost_weight": q(1),
            "fiscal_cost_weight": q(1),
            "prior_strength": q(10),
            "optimism": {"attacker": q(0.75), "defender": q(0.35)},
            "commitment_horizon_days": q(30, "day"),
            "commitment_distance_km": q(8, "km"),
        },
    }


def build(doc: Mapping[str, Any]) -> Scenario:
    """Validate a scenario document."""
    return Scenario.model_validate(copy.deepcopy(dict(doc)))


class Fixed:
    """A degenerate distribution."""

    def __init__(self, value: float) -> None:
        self.value = value

    def ppf(self, u: np.ndarray) -> np.ndarray:
        return np.full(np.shape(u), self.value)


def estimates_for(scenario: Any) -> dict[str, Any]:
    """Every parameter's estimate (the evidence layer's fusion)."""
    return dict(estimate_all(scenario))


def make_plan(
    scenario: Scenario | Any,
    runs: int | list[int] | np.ndarray = 4,
    seed: int = 7,
    **override: float,
) -> Plan:
    """Compile a plan for runs ``range(runs)`` (or the given run ids); ``override`` fixes
    parameters by name (underscores stand for dashes)."""
    table = collect_parameters(scenario)
    est = estimates_for(scenario)
    for key, value in override.items():
        est[key.replace("_", "-")] = Fixed(value)
    run_ids = np.arange(runs) if isinstance(runs, int) else np.asarray(runs)
    samples = sample(est, seed, run_ids, bounds=parameter_bounds(table))
    return compile_plan(scenario, samples, run_ids, table=table)


OFF = {
    "attrition": False,
    "breakpoints": False,
    "advance": False,
    "logistics": False,
    "force_generation": False,
    "economy": False,
    "ceasefire": False,
}


def eng(value: float, unit: str = "1") -> dict[str, Any]:
    """An engineering override of an engine default."""
    return {"unit": unit, "basis": "engineering", "value": value, "rationale": "test"}


def duel_doc(
    attacker: float = 20000,
    defender: float = 10000,
    *,
    horizon: int = 30,
    belts: tuple[tuple[float, float], ...] = (),
    on: tuple[str, ...] = ("attrition",),
    loss: str = "poisson",
    params: Mapping[str, dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """One sector, one contingent a side, every mechanism off except those in ``on``."""
    doc = base_scenario(horizon)
    doc["sides"]["attacker"] = side(q(attacker, "troops"), {"main": 1.0}, cid="att")
    doc["sides"]["defender"] = side(q(defender, "troops"), {"main": 1.0}, cid="def")
    doc["theatre"] = {
        "sectors": [
            {
                "id": "main",
                "frontage": q(10, "km"),
                "terrain": "open",
                "main_axis": True,
                "belts": [
                    {"id": f"b{i}", "depth": q(d, "km"), "fortification": q(f)}
                    for i, (d, f) in enumerate(belts)
                ],
            }
        ],
        "objectives": [],
    }
    del doc["logistics"], doc["economy"], doc["negotiation"]
    doc["mechanisms"] = {**OFF, **{m: True for m in on}, "loss_distribution": loss}
    doc["parameters"] = {
        "fatigue-per-day": eng(0.0, "1/day"),
        "adm-initial-prosecution": eng(1.0),
        **(params or {}),
    }
    return doc


def pressing(tempo: float = 1.0, commit: float = 0.0, tolerance: float = 1.0) -> Strategies:
    """Attack everywhere at a fixed tempo against a line that holds; no reserves move."""
    a = choose("attacker")
    d = choose("defender")
    return Strategies(
        StrategySpec(
            a.name,
            a.function,
            {"commit_share": commit, "tempo": tempo, "loss_tolerance": tolerance},
        ),
        StrategySpec(d.name, d.function, {"commit_share": commit, "loss_tolerance": tolerance}),
    )


def run_fast(
    doc: Mapping[str, Any] | Scenario,
    runs: int = 1,
    seed: int = 1,
    strategies: Strategies | None = None,
    days: int | None = None,
) -> tuple[Plan, Any, dict[str, np.ndarray]]:
    """Compile and simulate with the fast engine, recording every day."""
    scenario = doc if isinstance(doc, Scenario) else build(doc)
    plan = make_plan(scenario, runs, seed=seed)
    record = Recording()
    out = fast.simulate(plan, seed, strategies or pressing(), days=days, observer=record)
    return plan, out, record.daily
