"""§5 breakpoints and §6 advance through depth in isolation; objectives."""

from __future__ import annotations

import functools

import numpy as np
import pytest
from engine_helpers import build, duel_doc, eng, make_plan, pressing, q, run_fast
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from clausewitz.engine.kernels import advance as kernel_advance
from clausewitz.engine.plan import ATTACK, DEFEND
from clausewitz.engine.reference import advance as reference_advance
from clausewitz.engine.reference.params import RunParams
from clausewitz.scenario.defaults import DEFAULTS

FRAGILE_DEFENDER = {"breakpoint-defender-a": eng(1e-6), "breakpoint-defender-b": eng(1e6)}
FRAGILE_ATTACKER = {"breakpoint-attacker-a": eng(1e-6), "breakpoint-attacker-b": eng(1e6)}
STURDY_ATTACKER = {"breakpoint-attacker-a": eng(1e6), "breakpoint-attacker-b": eng(1e-6)}
STURDY_DEFENDER = {"breakpoint-defender-a": eng(1e6), "breakpoint-defender-b": eng(1e-6)}


def test_a_defender_break_gives_up_a_bounded_depth_not_a_belt() -> None:
    # thresholds near 0: the defender breaks on every day of assault; advance is off, so the
    # front moves only by the breaks: an exponential draw of mean 0.5 km capped at 1.5 km,
    # never to a belt's far edge
    doc = duel_doc(
        on=("attrition", "breakpoints"),
        horizon=40,
        belts=((2.0, 1.5), (6.0, 2.0)),
        params={
            **FRAGILE_DEFENDER,
            **STURDY_ATTACKER,
            "fallback-depth-km": eng(0.5, "km"),
            "fallback-cap-km": eng(1.5, "km"),
        },
    )
    _, out, daily = run_fast(doc, runs=60)
    step = np.diff(daily["front"][:, :, 0], axis=0, prepend=0.0)
    assert np.all(step > 0.0) and np.all(step <= 1.5 + 1e-9)
    assert np.isclose(step.max(), 1.5)  # the cap binds on the long draws
    # the mean of min(Exp(0.5), 1.5) is 0.5 (1 - exp(-3)) = 0.475
    assert abs(step.mean() - 0.5 * (1 - np.exp(-3.0))) < 0.03
    np.testing.assert_array_equal(out.defender_breaks[:, 0], 40)
    assert out.attacker_breaks.sum() == 0
    # each break ends the engagement; the next day's assault starts a new one
    assert not daily["engaged"].any()


def test_an_attacker_break_pauses_the_attack() -> None:
    doc = duel_doc(
        on=("attrition", "breakpoints"),
        horizon=20,
        params={**FRAGILE_ATTACKER, **STURDY_DEFENDER, "attack-pause-days": eng(7, "day")},
    )
    _, out, daily = run_fast(doc, runs=2)
    posture = daily["posture"][:, :, 0, 0]
    # breaks on day 0, holds on days 1-7, attacks (and breaks) again on day 8, ...
    expected = [ATTACK] + [DEFEND] * 7 + [ATTACK] + [DEFEND] * 7 + [ATTACK] + [DEFEND] * 3
    np.testing.assert_array_equal(posture, np.array([expected] * 2).T)
    np.testing.assert_array_equal(out.attacker_breaks[:, 0], 3)
    assert np.all(daily["front"] == 0)


def _default(name: str) -> float:
    return float(DEFAULTS[name].value or 0.0)


NO_HETEROGENEITY = {"engagement-effectiveness-sigma": eng(0.0)}


def test_break_thresholds_follow_the_fitted_beta_scaled_by_the_force_ratio() -> None:
    # theta_A = (A/D)^kappa Beta(a_A, b_A), theta_D = (D/A)^kappa Beta(a_D, b_D) (sigma = 0)
    doc = duel_doc(
        20000, 10000, on=("attrition", "breakpoints"), horizon=1, params=NO_HETEROGENEITY
    )
    _, _, daily = run_fast(doc, runs=3000)
    thresholds = daily["threshold"][0, :, :, 0]  # (runs, side)
    kappa = _default("breakpoint-force-ratio-exponent")
    assert kappa > 0
    for side, who, scale in ((0, "attacker", 2.0**kappa), (1, "defender", 0.5**kappa)):
        beta = stats.beta(_default(f"breakpoint-{who}-a"), _default(f"breakpoint-{who}-b"))
        ks = stats.kstest(thresholds[:, side] / scale, beta.cdf)
        assert ks.pvalue > 1e-3
        assert abs(np.quantile(thresholds[:, side], 0.9) - scale * beta.ppf(0.9)) < 0.02


def test_without_the_force_ratio_term_thresholds_are_the_beta_itself() -> None:
    params = {"breakpoint-force-ratio-exponent": eng(0.0), **NO_HETEROGENEITY}
    doc = duel_doc(20000, 10000, on=("attrition", "breakpoints"), horizon=1, params=params)
    _, _, daily = run_fast(doc, runs=3000)
    thresholds = daily["threshold"][0, :, :, 0]
    for side, who in ((0, "attacker"), (1, "defender")):
        beta = stats.beta(_default(f"breakpoint-{who}-a"), _default(f"breakpoint-{who}-b"))
        assert stats.kstest(thresholds[:, side], beta.cdf).pvalue > 1e-3


@pytest.mark.parametrize("sigma", [0.3, 1.1])
def test_engagement_heterogeneity_moves_the_thresholds_apart_by_a_lognormal(sigma: float) -> None:
    # theta_A x m and theta_D / m with m = exp(sigma z), the Beta draws unchanged (common
    # random numbers): run by run the product is the same as without, log(m) is N(0, sigma^2)
    def thresholds(s: float) -> np.ndarray:
        params = {"engagement-effectiveness-sigma": eng(s)}
        doc = duel_doc(20000, 10000, on=("attrition", "breakpoints"), horizon=1, params=params)
        return run_fast(doc, runs=2000)[2]["threshold"][0, :, :, 0]

    plain, mixed = thresholds(0.0), thresholds(sigma)
    np.testing.assert_allclose(mixed.prod(axis=1), plain.prod(axis=1), rtol=1e-12)
    log_m = np.log(mixed[:, 0] / plain[:, 0])
    np.testing.assert_allclose(np.log(plain[:, 1] / mixed[:, 1]), log_m, rtol=1e-9, atol=1e-12)
    assert stats.kstest(log_m, stats.norm(0.0, sigma).cdf).pvalue > 1e-3


def test_the_outnumbered_side_breaks_more_often_the_larger_kappa() -> None:
    # the same draws (common random numbers): only the force-ratio scale differs
    def breaks(kappa: float) -> tuple[float, float]:
        params = {"breakpoint-force-ratio-exponent": eng(kappa)}
        doc = duel_doc(30000, 10000, on=("attrition", "breakpoints"), horizon=60, params=params)
        _, out, _ = run_fast(doc, runs=300, strategies=pressing())
        return float(out.defender_breaks.mean()), float(out.attacker_breaks.mean())

    (d0, a0), (d1, a1), (d2, a2) = (breaks(k) for k in (0.0, 0.5, 1.0))
    assert d0 < d1 < d2  # the outnumbered defender breaks more often
    assert a0 > a1 > a2  # the attacker, three to one, less often


def test_loss_tolerance_scales_the_break_threshold() -> None:
    doc = duel_doc(on=("attrition", "breakpoints"), horizon=60)
    _, timid, _ = run_fast(doc, runs=200, strategies=pressing(tolerance=0.5))
    _, bold, _ = run_fast(doc, runs=200, strategies=pressing(tolerance=3.0))
    assert timid.attacker_breaks.mean() > 2 * bold.attacker_breaks.mean()


def advance_doc(**params: dict) -> dict:
    return duel_doc(
        on=("attrition", "advance"),
        horizon=40,
        belts=((100.0, 2.0),),
        params={"advance-cap-km-per-day": eng(1.5, "km/day"), **params},
    )


@functools.cache
def _advance_params() -> RunParams:
    return RunParams.of(make_plan(build(advance_doc()), 1), 0)


@settings(max_examples=200, deadline=None)
@given(
    st.floats(1.0, 1e5),
    st.floats(1.0, 1e5),
    st.floats(1.01, 4.0),
    st.floats(0.0, 0.99),
    st.floats(0.01, 1.0),
    st.floats(1.0, 3.0),
)
def test_the_advance_law_rises_with_force_ratio_and_falls_with_belts_and_fires(
    a: float, d: float, up: float, supply: float, tempo: float, fort: float
) -> None:
    p = _advance_params()
    c = p.combat

    def both(a: float, d: float, supply: float, fort: float) -> float:
        ref = reference_advance.advance_rate(p, a, d, tempo, 1.0, supply, fort, 0)
        fast = kernel_advance.advance_rate(
            a, d, tempo, 1.0, supply, fort, p.theatre.terrain_advance[0], c.advance_base,
            c.advance_elasticity, c.advance_fortification, c.kill_zone, c.infiltration,
            c.supply_exponent, c.advance_cap,
        )  # fmt: skip
        assert fast == pytest.approx(ref, rel=1e-12)
        return ref

    v = both(a, d, supply, fort)
    assert v > 0.0
    assert both(a * up, d, supply, fort) > v  # more attackers per defender: faster
    assert both(a, d, supply, fort * up) < v  # a stronger belt slows it
    assert both(a, d, min(supply * up + 0.01, 1.0), fort) < v  # more defender fires slow it
    # infiltration: even at a hopeless force ratio under full fires the assault creeps on
    floor = c.infiltration * tempo / fort**c.advance_fortification
    assert both(1.0, 1e9, 1.0, fort) >= floor * (1 - 1e-12)


def test_the_front_advances_continuously_within_a_belt() -> None:
    _, _, daily = run_fast(advance_doc(), runs=50)
    w = daily["withdrawal"][:, :, 0]
    front = daily["front"][:, :, 0]
    step = np.diff(front, axis=0, prepend=0.0)
    np.testing.assert_allclose(step, w, atol=1e-12)
    assert np.all(step > 0.0) and np.all(
        step <= 1.5 + 1e-9
    )  # every day some ground, never the cap+
    # the daily variation: a lognormal of log-sd 0.5 around the law's value
    assert 0.3 < np.std(np.log(step[:5])) < 0.7
    # a stronger belt, or a better supplied defender, gives less ground on the same draws
    strong_belt = duel_doc(
        on=("attrition", "advance"),
        horizon=40,
        belts=((100.0, 4.0),),
        params={"advance-cap-km-per-day": eng(1.5, "km/day")},
    )
    _, _, strong = run_fast(strong_belt, runs=50)
    assert np.all(strong["front"][-1] < front[-1])
    _, _, no_fires = run_fast(advance_doc(**{"kill-zone-strength": eng(0.0)}), runs=50)
    assert np.all(no_fires["front"][-1] > front[-1])


def test_more_attackers_advance_further_on_the_same_draws() -> None:
    base = duel_doc(on=("attrition", "advance"), horizon=40, belts=((100.0, 2.0),))
    bigger = duel_doc(40000, on=("attrition", "advance"), horizon=40, belts=((100.0, 2.0),))
    _, small, _ = run_fast(base, runs=50)
    _, large, _ = run_fast(bigger, runs=50)
    assert np.all(large.front[:, 0] > small.front[:, 0])


def test_without_the_advance_mechanism_the_front_never_moves() -> None:
    doc = advance_doc()
    doc["mechanisms"]["advance"] = False
    _, out, _ = run_fast(doc, runs=20)
    assert np.all(out.front == 0)


def test_the_attacker_throttles_when_its_attrition_passes_its_threshold() -> None:
    # an attacker whose threshold is far below its loss rate (a fifth of a soldier a day) cuts
    # its prosecution rate to the floor at once
    hold = {"adm-min-prosecution": eng(0.1)}
    doc = advance_doc(**hold, **{"adm-attacker-threshold": eng(0.00001, "1/day")})
    _, _, daily = run_fast(doc, runs=200, days=10)
    x = daily["prosecution"][:, :, 0]
    assert np.all(x == 0.1)
    _, _, free = run_fast(advance_doc(**hold), runs=200, days=10)
    assert np.all(free["prosecution"] == 1.0)
    # intensity, and so both sides' losses, scale with the prosecution rate (the contact term
    # of an advance of a few hundred metres a day moves it by well under 1%)
    ratio = daily["loss_today"][1:].sum() / free["loss_today"][1:].sum()
    assert abs(ratio - 0.1) < 0.01
    # Epstein's recursion: below its threshold the rate rises toward full prosecution
    start = advance_doc(
        **hold, **{"adm-initial-prosecution": eng(0.2), "adm-attacker-threshold": eng(0.5, "1/day")}
    )
    _, _, rising = run_fast(start, runs=5, days=10)
    x = rising["prosecution"][:, 0, 0]
    assert x[0] > 0.2 and np.all(np.diff(x) >= 0) and x[-1] > 0.9


def objective_doc(holding_days: float = 0.0, horizon: int = 6) -> dict:
    doc = duel_doc(
        on=("attrition", "breakpoints"),
        horizon=horizon,
        belts=((2.0, 1.0), (4.0, 1.0)),
        params={
            **FRAGILE_DEFENDER,
            **STURDY_ATTACKER,
            "fallback-depth-km": eng(1e6, "km"),  # every break gives up the cap
            "fallback-cap-km": eng(1, "km"),
            "envelopment-holding-days": eng(holding_days, "day"),
        },
    )
    doc["theatre"]["sectors"].append(
        {"id": "flank", "frontage": q(5, "km"), "terrain": "open", "belts": []}
    )
    for s in ("attacker", "defender"):
        doc["sides"][s]["contingents"][0]["deployment"] = {"main": 0.5, "flank": 0.5}
    doc["theatre"]["objectives"] = [
        {"id": "town", "name": "Town", "sector": "main", "depth": q(4, "km")},
        # far away in its own sector, but enveloped once both sectors reach 2 and 3 km
        {
            "id": "city", "name": "City", "sector": "flank", "depth": q(500, "km"),
            "encircled_when": [
                {"sector": "main", "depth": q(2, "km")}, {"sector": "flank", "depth": q(3, "km")}
            ],
        },
    ]  # fmt: skip
    return doc


def test_objectives_fall_by_depth_or_at_once_when_enveloped_without_holding() -> None:
    _, out, daily = run_fast(objective_doc(), runs=2)
    # 1 km a break a day in both sectors: no belt jump
    np.testing.assert_array_equal(daily["front"][:, 0, 0], [1, 2, 3, 4, 5, 6])
    np.testing.assert_array_equal(daily["front"][:, 0, 1], [1, 2, 3, 4, 5, 6])
    # the town at 4 km falls on day 3; the city is enveloped (main >= 2, flank >= 3) on day 2
    np.testing.assert_array_equal(out.fall_day, [[3, 2], [3, 2]])


def test_an_enveloped_town_falls_with_the_holding_hazard_without_the_front_reaching_it() -> None:
    _, out, daily = run_fast(objective_doc(holding_days=10.0, horizon=60), runs=400)
    city = out.fall_day[:, 1]
    assert np.all(daily["front"][-1, :, 1] < 500.0)  # the frontal front never reaches it
    assert np.all((city >= 2) | (city < 0))
    # days held after the envelopment (day 2): geometric with daily p = 1 - exp(-1/10)
    held = city[city >= 0] - 2
    p = -np.expm1(-0.1)
    assert (city < 0).mean() == pytest.approx((1 - p) ** 58, abs=0.02)
    assert held.mean() == pytest.approx((1 - p) / p, rel=0.15)


def test_no_objective_falls_from_beyond_a_days_reach() -> None:
    # every day the defender breaks or the attacker advances: a town 3 km away is never taken
    # in one day from further than the larger of the two caps
    doc = objective_doc(horizon=30)
    doc["mechanisms"]["advance"] = True
    doc["parameters"]["advance-cap-km-per-day"] = eng(0.8, "km/day")
    doc["parameters"]["fallback-depth-km"] = eng(0.5, "km")
    _, out, daily = run_fast(doc, runs=200)
    fall = out.fall_day[:, 0]
    assert (fall > 0).all()
    front = daily["front"][:, :, 0]
    before = front[fall - 1, np.arange(200)]
    assert np.all(4.0 - before <= 1.0 + 1e-12)


def test_the_default_base_rate_gives_the_2024_pokrovsk_axis_rate() -> None:
    # docs/model.md section 6: v0 is fitted so that the law gives 85 m/day (DeepState, 18 Feb -
    # 8 Jul 2024: 12.0 km in 141 days) at the 2024 scenario's modal conditions: force ratio 2,
    # mixed ground, a belt of 1.3, tempo 0.5, both sides fully supplied
    doc = duel_doc(20000, 10000, on=("attrition", "advance"))
    doc["theatre"]["sectors"][0]["terrain"] = "mixed"
    p = RunParams.of(make_plan(build(doc), 1), 0)
    rate = reference_advance.advance_rate(p, 20000.0, 10000.0, 0.5, 1.0, 1.0, 1.3, 0)
    assert rate == pytest.approx(12.0 / 141.0, rel=0.01)
