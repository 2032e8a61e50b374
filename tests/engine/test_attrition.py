"""§4 attrition in isolation: the Lanchester special cases, loss noise, splitting, caps."""

from __future__ import annotations

import numpy as np
from engine_helpers import duel_doc, eng, run_fast

RATES = {
    "attrition-rate-assault": eng(0.01, "1/day"),
    "attrition-rate-hold": eng(0.02, "1/day"),
    "loss-cap-attacker": eng(1.0, "1/day"),
    "loss-cap-defender": eng(1.0, "1/day"),
}


def law(own: float, enemy: float, **rates: dict) -> dict:
    return {
        "attrition-exponent-own": eng(own),
        "attrition-exponent-enemy": eng(enemy),
        **RATES,
        **rates,
    }


def mean_lines(daily: dict) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    a = daily["line"][:, :, 0, 0]
    d = daily["line"][:, :, 1, 0]
    n = a.shape[1]
    return a.mean(1), d.mean(1), a.std(1) / np.sqrt(n), d.std(1) / np.sqrt(n)


def test_square_law_duel_reproduces_the_analytical_solution() -> None:
    # phi1 = 0, phi2 = 1: dA/dt = -k_h D, dD/dt = -k_a A (model-theory §1.2). The expected daily
    # losses are linear in the state, so the mean over runs follows the discrete recursion
    # exactly in expectation, and that recursion approximates the continuous solution.
    ka, kh, A0, D0, T = 0.01, 0.02, 20000.0, 10000.0, 30
    _, _, daily = run_fast(duel_doc(A0, D0, params=law(0.0, 1.0)), runs=400, days=T)
    A, D, se_a, se_d = mean_lines(daily)
    a, d = A0, D0
    for t in range(T):
        a, d = a - kh * d, d - ka * a
        assert abs(A[t] - a) < 4 * se_a[t] + 1e-9
        assert abs(D[t] - d) < 4 * se_d[t] + 1e-9
    w = np.sqrt(ka * kh)
    t = np.arange(1, T + 1)
    a_exact = A0 * np.cosh(w * t) - D0 * np.sqrt(kh / ka) * np.sinh(w * t)
    d_exact = D0 * np.cosh(w * t) - A0 * np.sqrt(ka / kh) * np.sinh(w * t)
    np.testing.assert_allclose(A, a_exact, rtol=0.01)
    np.testing.assert_allclose(D, d_exact, rtol=0.01)
    # the square-law invariant k_a A^2 - k_h D^2 (model-theory §1.2)
    invariant = ka * A**2 - kh * D**2
    np.testing.assert_allclose(invariant, ka * A0**2 - kh * D0**2, rtol=0.01)


def test_linear_law_losses_are_linear_in_each_other() -> None:
    # phi1 = phi2 = 1: dA/dt = -k_h A D, dD/dt = -k_a A D, so k_a (A0 - A) = k_h (D0 - D).
    ka, kh = 1e-6, 2e-6
    params = law(1.0, 1.0, **{
        "attrition-rate-assault": eng(ka, "1/day"), "attrition-rate-hold": eng(kh, "1/day")
    })  # fmt: skip
    _, _, daily = run_fast(duel_doc(20000, 10000, params=params), runs=200, days=20)
    A, D, _, _ = mean_lines(daily)
    ratio = (20000 - A[-1]) / (10000 - D[-1])
    assert abs(ratio - kh / ka) < 0.03 * kh / ka


def test_logarithmic_law_losses_depend_on_own_strength_only() -> None:
    # phi1 = 1, phi2 = 0: each side loses a fixed share of itself per day, whatever the enemy.
    params = law(1.0, 0.0)
    _, _, small = run_fast(duel_doc(20000, 10000, params=params), runs=300, days=15)
    _, _, large = run_fast(duel_doc(20000, 40000, params=params), runs=300, days=15)
    A, D, _, _ = mean_lines(small)
    t = np.arange(1, 16)
    np.testing.assert_allclose(A, 20000 * (1 - 0.02) ** t, rtol=0.003)
    np.testing.assert_allclose(D, 10000 * (1 - 0.01) ** t, rtol=0.003)
    # the attacker's losses do not change with four times the defenders
    A_large = large["line"][:, :, 0, 0].mean(1)
    np.testing.assert_allclose(A_large, A, rtol=0.003)


def test_negative_binomial_adds_the_stated_overdispersion() -> None:
    # one day, expected defender losses k_a * A = 200: Poisson variance 200, negative binomial
    # 200 + 0.25 * 200^2 = 10,200 (model-theory §1.9; dispersion is loss-dispersion)
    params = law(0.0, 1.0, **{"loss-dispersion": eng(0.25)})
    for loss, variance in (("poisson", 200.0), ("negative_binomial", 10200.0)):
        _, _, daily = run_fast(duel_doc(params=params, loss=loss), runs=3000, days=1)
        lost = daily["loss_today"][0, :, 1, 0]
        assert abs(lost.mean() - 200.0) < 4 * np.sqrt(variance / lost.size)
        assert abs(lost.var() / variance - 1.0) < 0.15


def test_losses_split_into_kinds_by_the_side_shares_and_conserve_people() -> None:
    _, out, _ = run_fast(duel_doc(params=law(0.0, 1.0)), runs=500, days=5)
    losses = out.losses  # (R, 2, 3) killed, wounded, missing
    total = losses.sum(axis=2)
    shares = losses.sum(axis=0) / total.sum(axis=0)[:, None]
    # side(): killed 0.25, missing 0.05, wounded the rest
    np.testing.assert_allclose(shares, [[0.25, 0.70, 0.05], [0.25, 0.70, 0.05]], atol=0.01)
    start = np.array([20000.0, 10000.0])
    np.testing.assert_array_equal(out.line + total, np.broadcast_to(start, total.shape))


def test_daily_losses_are_capped_at_the_qjm_fractions() -> None:
    # absurd rates: the expected loss is the cap times the force (13.44% / 5.76%, §2.2)
    params = {
        **law(0.0, 1.0),
        "attrition-rate-assault": eng(5.0, "1/day"),
        "attrition-rate-hold": eng(5.0, "1/day"),
        "loss-cap-attacker": eng(0.1344, "1/day"),
        "loss-cap-defender": eng(0.0576, "1/day"),
    }
    _, _, daily = run_fast(duel_doc(params=params), runs=2000, days=1)
    lost_a = daily["loss_today"][0, :, 0, 0]
    lost_d = daily["loss_today"][0, :, 1, 0]
    assert abs(lost_a.mean() - 0.1344 * 20000) < 4 * np.sqrt(0.1344 * 20000 / 2000)
    assert abs(lost_d.mean() - 0.0576 * 10000) < 4 * np.sqrt(0.0576 * 10000 / 2000)


def test_fortification_protects_the_defender_and_costs_the_attacker() -> None:
    base = law(0.0, 1.0)
    _, _, open_ground = run_fast(duel_doc(params=base), runs=2000, days=1)
    _, _, fortified = run_fast(duel_doc(belts=((5.0, 4.0),), params=base), runs=2000, days=1)
    d_open = open_ground["loss_today"][0, :, 1, 0].mean()
    d_fort = fortified["loss_today"][0, :, 1, 0].mean()
    a_open = open_ground["loss_today"][0, :, 0, 0].mean()
    a_fort = fortified["loss_today"][0, :, 0, 0].mean()
    assert abs(d_fort / d_open - 1 / 4.0) < 0.03  # 1/f
    assert abs(a_fort / a_open - 4.0**0.5) < 0.05  # f^gamma, gamma = 0.5


def test_positional_attrition_when_nobody_attacks() -> None:
    from engine_helpers import pressing

    params = law(0.0, 1.0, **{"attrition-rate-positional": eng(0.002, "1/day")})
    _, _, daily = run_fast(
        duel_doc(params=params), runs=2000, days=1, strategies=pressing(tempo=0.0)
    )
    # tempo 0 is still an assault with zero intensity: no losses at all
    assert daily["loss_today"].sum() == 0
    held = pressing()
    held = type(held)(
        type(held.attacker)("hold", held.defender.function, {"commit_share": 0.0}), held.defender
    )
    _, _, daily = run_fast(duel_doc(params=params), runs=2000, days=1, strategies=held)
    assert np.all(daily["posture"][0, :, 0, 0] == 1)
    assert abs(daily["loss_today"][0, :, 1, 0].mean() - 0.002 * 20000) < 4 * np.sqrt(40 / 2000)
    assert abs(daily["loss_today"][0, :, 0, 0].mean() - 0.002 * 10000) < 4 * np.sqrt(20 / 2000)
