"""§5 breakpoints and §6 advance through depth in isolation; objectives."""

from __future__ import annotations

import numpy as np
from engine_helpers import duel_doc, eng, pressing, q, run_fast
from scipy import stats

from clausewitz.engine.plan import ATTACK, DEFEND
from clausewitz.scenario.defaults import DEFAULTS

FRAGILE_DEFENDER = {"breakpoint-defender-a": eng(1e-6), "breakpoint-defender-b": eng(1e6)}
FRAGILE_ATTACKER = {"breakpoint-attacker-a": eng(1e-6), "breakpoint-attacker-b": eng(1e6)}
STURDY_ATTACKER = {"breakpoint-attacker-a": eng(1e6), "breakpoint-attacker-b": eng(1e-6)}
STURDY_DEFENDER = {"breakpoint-defender-a": eng(1e6), "breakpoint-defender-b": eng(1e-6)}


def test_a_defender_break_moves_the_front_to_the_next_belt() -> None:
    # thresholds near 0: the defender breaks on every day of assault; advance is off, so the
    # front moves only by falling back: to each belt's far edge, then 3 km at a time
    doc = duel_doc(
        on=("attrition", "breakpoints"),
        horizon=5,
        belts=((2.0, 1.5), (6.0, 2.0)),
        params={**FRAGILE_DEFENDER, **STURDY_ATTACKER, "fallback-depth-km": eng(3, "km")},
    )
    _, out, daily = run_fast(doc, runs=3)
    np.testing.assert_array_equal(daily["front"][:, :, 0], np.array([[2, 6, 9, 12, 15]] * 3).T)
    np.testing.assert_array_equal(out.defender_breaks[:, 0], 5)
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


def test_break_thresholds_follow_the_fitted_beta_scaled_by_the_force_ratio() -> None:
    # defaults: theta_A = (A/D)^kappa Beta(a_A, b_A), theta_D = (D/A)^kappa Beta(a_D, b_D)
    doc = duel_doc(20000, 10000, on=("attrition", "breakpoints"), horizon=1)
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
    params = {"breakpoint-force-ratio-exponent": eng(0.0)}
    doc = duel_doc(20000, 10000, on=("attrition", "breakpoints"), horizon=1, params=params)
    _, _, daily = run_fast(doc, runs=3000)
    thresholds = daily["threshold"][0, :, :, 0]
    for side, who in ((0, "attacker"), (1, "defender")):
        beta = stats.beta(_default(f"breakpoint-{who}-a"), _default(f"breakpoint-{who}-b"))
        assert stats.kstest(thresholds[:, side], beta.cdf).pvalue > 1e-3


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


def adm_doc(**params: dict) -> dict:
    return duel_doc(
        on=("attrition", "advance"),
        horizon=40,
        belts=((100.0, 2.0),),
        params={
            "adm-defender-threshold": eng(0.005, "1/day"),
            "withdrawal-max-km-per-day": eng(4.0, "km/day"),
            "advance-cap-km-per-day": eng(1.5, "km/day"),
            **params,
        },
    )


def test_the_defender_withdraws_once_its_attrition_passes_its_threshold() -> None:
    _, _, daily = run_fast(adm_doc(), runs=50)
    w = daily["withdrawal"][:, :, 0]
    front = daily["front"][:, :, 0]
    assert w.max() > 0
    assert w.max() <= 1.5  # the daily cap
    assert w.max() <= 4.0 * 1.0 / 2.0  # W_max x terrain (open) / fortification
    np.testing.assert_allclose(np.diff(front, axis=0), w[1:], atol=1e-12)
    assert np.all(np.diff(front, axis=0) >= 0)
    # a defender that tolerates more pain gives less ground (alpha_dT x loss tolerance)
    _, _, stubborn = run_fast(adm_doc(), runs=50, strategies=pressing(tolerance=3.0))
    assert stubborn["front"][-1].mean() < 0.5 * front[-1].mean()


def test_without_the_advance_mechanism_the_front_never_moves() -> None:
    doc = adm_doc()
    doc["mechanisms"]["advance"] = False
    _, out, _ = run_fast(doc, runs=20)
    assert np.all(out.front == 0)


def test_the_attacker_throttles_when_its_attrition_passes_its_threshold() -> None:
    # a defender that never withdraws (so contact stays full); an attacker whose threshold is
    # far below its loss rate (a fifth of a soldier a day) cuts its prosecution rate to the
    # floor at once
    hold = {"adm-defender-threshold": eng(0.99, "1/day"), "adm-min-prosecution": eng(0.1)}
    doc = adm_doc(**hold, **{"adm-attacker-threshold": eng(0.00001, "1/day")})
    _, _, daily = run_fast(doc, runs=200, days=10)
    x = daily["prosecution"][:, :, 0]
    assert np.all(x == 0.1)
    _, _, free = run_fast(adm_doc(**hold), runs=200, days=10)
    assert np.all(free["prosecution"] == 1.0)
    # intensity, and so both sides' losses, scale with the prosecution rate
    ratio = daily["loss_today"][1:].sum() / free["loss_today"][1:].sum()
    assert abs(ratio - 0.1) < 0.01
    # Epstein's recursion: below its threshold the rate rises toward full prosecution
    start = adm_doc(
        **hold, **{"adm-initial-prosecution": eng(0.2), "adm-attacker-threshold": eng(0.5, "1/day")}
    )
    _, _, rising = run_fast(start, runs=5, days=10)
    x = rising["prosecution"][:, 0, 0]
    assert x[0] > 0.2 and np.all(np.diff(x) >= 0) and x[-1] > 0.9


def objective_doc() -> dict:
    doc = duel_doc(
        on=("attrition", "breakpoints"),
        horizon=6,
        belts=((2.0, 1.0), (4.0, 1.0)),
        params={**FRAGILE_DEFENDER, **STURDY_ATTACKER, "fallback-depth-km": eng(1, "km")},
    )
    doc["theatre"]["sectors"].append(
        {"id": "flank", "frontage": q(5, "km"), "terrain": "open", "belts": []}
    )
    for s in ("attacker", "defender"):
        doc["sides"][s]["contingents"][0]["deployment"] = {"main": 0.5, "flank": 0.5}
    doc["theatre"]["objectives"] = [
        {"id": "town", "name": "Town", "sector": "main", "depth": q(4, "km")},
        # far away in its own sector, but cut off once both sectors reach 2 km
        {
            "id": "city", "name": "City", "sector": "flank", "depth": q(50, "km"),
            "encircled_when": [
                {"sector": "main", "depth": q(2, "km")}, {"sector": "flank", "depth": q(3, "km")}
            ],
        },
    ]  # fmt: skip
    return doc


def test_objectives_fall_by_depth_or_encirclement() -> None:
    _, out, daily = run_fast(objective_doc(), runs=2)
    # main: 2, 4, 5, ... (belts, then 1 km); flank: 1, 2, 3, ... (no belts)
    np.testing.assert_array_equal(daily["front"][:, 0, 0], [2, 4, 5, 6, 7, 8])
    np.testing.assert_array_equal(daily["front"][:, 0, 1], [1, 2, 3, 4, 5, 6])
    np.testing.assert_array_equal(out.fall_day, [[1, 2], [1, 2]])
