"""§7 economy and §8 ceasefire in isolation."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from engine_helpers import duel_doc, eng, q, run_fast


def economy(reserves: float, deficit: float, threshold: float, aid: float = 0.0) -> dict[str, Any]:
    return {
        "currency": "RUB_2025",
        "gdp_per_year": q(365.25, "trillion RUB_2025/year"),  # 1 trillion a day
        "military_share_gdp": q(0.1),
        "military_share_budget": q(0.3),
        "reserves": q(reserves, "trillion RUB_2025"),
        "deficit_per_year": q(deficit, "trillion RUB_2025/year"),
        "external_aid_per_year": q(aid, "trillion RUB_2025/year"),
        "crisis_threshold": q(threshold),
    }


def test_reserves_cover_the_deficit_and_stress_follows_the_runway() -> None:
    doc = duel_doc(on=("economy",), horizon=10)
    doc["economy"] = {
        "attacker": economy(reserves=10.0, deficit=365.25, threshold=100.0, aid=182.625)
    }
    _, out, daily = run_fast(doc, runs=2)
    # no combat: spending stays at its baseline; the net draw is deficit - aid = 0.5 trn/day
    reserves = daily["econ_reserves"][:, 0, 0]
    np.testing.assert_allclose(reserves, 1e13 - 5e11 * np.arange(1, 11), rtol=1e-12)
    # stress = runway term (half a year over the runway in days) + 0 spending rise
    runway_days = reserves / 5e11
    expected = np.minimum(0.5 * 365.25 / runway_days, 10.0)  # capped (fiscal-stress-cap)
    np.testing.assert_allclose(daily["stress"][:, 0, 0], expected, rtol=1e-12)
    assert expected[0] < 10.0 < 0.5 * 365.25 / runway_days[-1]
    assert np.all(out.crisis_day == -1)  # threshold 100 is out of reach


def test_the_crisis_hazard_is_fifty_percent_a_year_at_the_threshold() -> None:
    # reserves that never run down (aid covers the deficit): stress 0; threshold 0 puts the
    # hazard at ln 2 per year every day
    doc = duel_doc(on=("economy",), horizon=365)
    doc["economy"] = {"attacker": economy(reserves=1.0, deficit=1.0, threshold=0.0, aid=1.0)}
    _, out, _ = run_fast(doc, runs=2000)
    share = (out.crisis_day[:, 0] >= 0).mean()
    assert abs(share - 0.5) < 0.04
    # and the crisis days are spread over the year (a constant hazard)
    days = out.crisis_day[out.crisis_day[:, 0] >= 0, 0]
    assert abs(np.median(days) - 365 * math.log(1 / 0.75) / math.log(2)) < 30


def test_war_intensity_raises_spending_and_drains_reserves_faster() -> None:
    def drained(on: tuple[str, ...]) -> float:
        doc = duel_doc(
            on=on, horizon=20, params={"economy-reference-loss-fraction": eng(0.001, "1/day")}
        )
        doc["economy"] = {"attacker": economy(reserves=100.0, deficit=0.0, threshold=100.0)}
        _, _, daily = run_fast(doc, runs=3)
        return float(1e14 - daily["econ_reserves"][-1, :, 0].mean())

    assert drained(("economy",)) == 0.0  # baseline spending is already budgeted
    assert drained(("economy", "attrition")) > 0.0


def talks_doc(hazard: float, **extra: Any) -> dict[str, Any]:
    doc = duel_doc(on=("attrition", "advance", "ceasefire"), horizon=30, params={
        "advance-base-km-per-day": eng(2.0, "km/day"),
        "advance-noise-sigma": eng(0.0),
        "advance-cap-km-per-day": eng(0.5, "km/day"),
    })  # fmt: skip
    doc["negotiation"] = {
        "base_hazard_per_day": q(hazard, "1/day"),
        "gap_sensitivity": q(5),
        "convergence_weight": q(1),
        "casualty_cost_weight": q(1),
        "fiscal_cost_weight": q(1),
        "prior_strength": q(10),
        "optimism": {"attacker": q(0.7), "defender": q(0.4)},
        "commitment_horizon_days": q(30, "day"),
        "commitment_distance_km": q(8, "km"),
        **extra,
    }
    return doc


def test_a_ceasefire_freezes_the_front_and_stops_combat() -> None:
    _, out, daily = run_fast(talks_doc(1e6), runs=5)
    assert np.all(out.ceasefire_day == 0)  # certain on day 0, in force from day 1
    front = daily["front"][:, :, 0]
    assert front[0].max() > 0  # day 0 was fought
    np.testing.assert_array_equal(front[1:], np.broadcast_to(front[0], front[1:].shape))
    assert daily["loss_today"][1:].sum() == 0
    assert np.all(daily["posture"][1:] == 0)  # everyone idle


def test_no_ceasefire_without_hazard_or_without_the_mechanism() -> None:
    _, out, _ = run_fast(talks_doc(0.0), runs=20)
    assert np.all(out.ceasefire_day == -1)
    doc = talks_doc(1e6)
    doc["mechanisms"]["ceasefire"] = False
    _, out, _ = run_fast(doc, runs=20)
    assert np.all(out.ceasefire_day == -1)


def test_the_hazard_follows_the_bargaining_gap() -> None:
    # no battlefield results (breakpoints off, no objectives): beliefs keep their priors, so
    # E[p_A] - E[p_D] = 0.7 - 0.4 and the variance term is 1 + nu (1 - 1); the costs are the
    # casualty moving average (window 30) times 30, no economy
    _, _, daily = run_fast(talks_doc(0.001), runs=4, days=3)
    lost = daily["loss_today"].sum(axis=3)  # (days, runs, side)
    start = np.array([20000.0, 10000.0])
    ema = np.zeros_like(lost[0])
    for t in range(3):
        ema = ema + (lost[t] / start - ema) / 30.0
        gap = 0.7 - 0.4 - (30.0 * ema).sum(axis=1)
        expected = 0.001 / (1.0 + np.exp(5.0 * gap))
        np.testing.assert_allclose(daily["hazard"][t], expected, rtol=1e-12)
    np.testing.assert_array_equal(daily["belief_a"][-1], [[7.0, 4.0]] * 4)


def test_an_imminent_hub_suppresses_the_ceasefire_hazard() -> None:
    def hazards(distance: float) -> np.ndarray:
        doc = talks_doc(0.001)
        doc["theatre"]["objectives"] = [
            {
                "id": "hub",
                "name": "Hub",
                "kind": "hub",
                "sector": "main",
                "depth": q(distance, "km"),
            }
        ]
        _, _, daily = run_fast(doc, runs=20, days=10)
        return daily["hazard"]

    # 7 km away (within 8) and the front moving at up to 0.5 km/day: it would fall within the
    # 30-day horizon, so the side that expects it will not settle; the hazard is suppressed
    near = hazards(7.0)
    far = hazards(500.0)
    assert np.all(far > 0)
    assert np.all(near == 0.0)


def test_beliefs_learn_from_breaks_and_falls() -> None:
    doc = talks_doc(0.0)
    doc["mechanisms"]["breakpoints"] = True
    doc["parameters"].update(
        {"breakpoint-defender-a": eng(1e-6), "breakpoint-defender-b": eng(1e6)}
    )
    _, _, daily = run_fast(doc, runs=2, days=5)
    # a defender break every day counts as an attacker success for both sides' beliefs
    a = daily["belief_a"][:, 0, :]
    np.testing.assert_allclose(a - a[0], np.arange(5)[:, None] * np.ones((1, 2)))
    np.testing.assert_allclose(daily["belief_b"][:, 0, :], [[3.0, 6.0]] * 5)
