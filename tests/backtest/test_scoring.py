"""CRPS, Brier, PIT and skill against closed forms and limiting cases."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate, stats

from clausewitz.backtest.scoring import ForecastScores, crps, randomized_pit, skills


def _crps_normal(y: float, mu: float, sigma: float) -> float:
    """Gneiting & Raftery (2007), eq. 21."""
    z = (y - mu) / sigma
    return sigma * (
        z * (2 * stats.norm.cdf(z) - 1) + 2 * stats.norm.pdf(z) - 1 / math.sqrt(math.pi)
    )


@pytest.mark.parametrize("y", [-1.7, 0.0, 0.4, 2.5])
def test_crps_of_a_normal_sample_matches_the_closed_form(y: float) -> None:
    # a quantile-spaced sample (no sampling noise), then a random one (seeded)
    even = stats.norm.ppf((np.arange(20_000) + 0.5) / 20_000, 0.5, 2.0)
    assert crps(np.array([y]), even[None, :])[0] == pytest.approx(
        _crps_normal(y, 0.5, 2.0), abs=1e-3
    )
    sample = np.random.default_rng(7).normal(0.5, 2.0, size=40_000)
    assert crps(np.array([y]), sample[None, :])[0] == pytest.approx(
        _crps_normal(y, 0.5, 2.0), abs=0.03
    )


@pytest.mark.parametrize("y", [-0.5, 0.3, 1.0])
def test_crps_of_a_censored_sample_matches_the_integral(y: float) -> None:
    """Censoring forecast and truth at c: CRPS = ∫ (F_c(x) - 1{x >= y})² dx with F_c = Φ below
    c and 1 from c on (here by quadrature, independently of the library)."""
    c = 1.0
    y_c = min(y, c)
    exact = integrate.quad(lambda x: (stats.norm.cdf(x) - (x >= y_c)) ** 2, -np.inf, y_c)[0]
    exact += integrate.quad(lambda x: (stats.norm.cdf(x) - 1.0) ** 2, y_c, c)[0]
    sample = np.minimum(stats.norm.ppf((np.arange(20_000) + 0.5) / 20_000), c)
    assert crps(np.array([y_c]), sample[None, :])[0] == pytest.approx(exact, abs=1e-3)


def test_point_mass_crps_is_the_absolute_error() -> None:
    obs = np.array([1.0, 5.0, -2.0])
    fc = np.array([[3.0], [5.0], [0.5]])
    np.testing.assert_allclose(crps(obs, fc), np.abs(obs - fc[:, 0]))


def test_randomized_pit_is_uniform_for_a_calibrated_discrete_forecast() -> None:
    rng = np.random.default_rng(11)
    ens = rng.poisson(3.0, size=(2000, 500)).astype(float)
    obs = rng.poisson(3.0, size=2000).astype(float)
    pit = randomized_pit(obs, ens, np.random.default_rng(5))
    assert stats.kstest(pit, "uniform").pvalue > 0.01
    # a forecast that is too low puts the truth at the top
    high = randomized_pit(obs + 5, ens, np.random.default_rng(5))
    assert high.mean() > 0.9


def _scores(
    name: str, fall: list[float], dist: list[list[float]], area: list[float]
) -> ForecastScores:
    f = np.array(fall)
    return ForecastScores(name, f, f / 10, np.array(dist), np.array(area),
                          np.zeros(len(fall)), np.zeros((1, 1)), np.zeros(len(fall)))  # fmt: skip


def test_skill_zero_against_itself_and_one_when_perfect() -> None:
    base = _scores("b", [2.0, 4.0, 1.0], [[1.0, 2.0], [3.0, 1.0], [2.0, 2.0]], [10.0, 30.0])
    same = skills(base, base, seed=1)
    for fam in ("fall_day", "fall_brier", "distance", "area", "overall"):
        assert same[fam].value == pytest.approx(0.0)
        assert same[fam].low == pytest.approx(0.0) and same[fam].high == pytest.approx(0.0)
    half = _scores("m", [1.0, 2.0, 0.5], [[0.5, 1.0], [1.5, 0.5], [1.0, 1.0]], [5.0, 15.0])
    out = skills(half, base, seed=1)
    for fam in ("fall_day", "fall_brier", "distance", "area", "overall"):
        assert out[fam].value == pytest.approx(0.5)


def test_skill_is_none_when_the_baseline_is_perfect() -> None:
    base = _scores("b", [0.0, 0.0], [[1.0], [1.0]], [5.0])
    model = _scores("m", [1.0, 2.0], [[2.0], [2.0]], [10.0])
    out = skills(model, base, seed=1)
    assert out["fall_day"].value is None
    assert out["distance"].value == pytest.approx(-1.0)
    assert out["overall"].value == pytest.approx(-1.0)  # only the families with a baseline


@settings(max_examples=50, deadline=None)
@given(
    y=st.floats(-5, 5),
    c=st.floats(-3, 3),
    ens=st.lists(st.floats(-5, 5), min_size=1, max_size=30),
)
def test_censoring_never_raises_the_crps(y: float, c: float, ens: list[float]) -> None:
    """Censoring forecast and truth at the same point only drops the part of the integral
    beyond it, so the censored CRPS is at most the uncensored one (and never negative)."""
    e = np.array([ens])
    full = crps(np.array([y]), e)[0]
    cens = crps(np.array([min(y, c)]), np.minimum(e, c))[0]
    assert 0.0 <= cens <= full + 1e-9


@settings(max_examples=30, deadline=None)
@given(scale=st.floats(0.01, 100))
def test_skill_does_not_depend_on_units(scale: float) -> None:
    base = _scores("b", [2.0, 4.0, 1.0], [[1.0, 2.0], [3.0, 1.0], [2.0, 2.0]], [10.0, 30.0])
    model = _scores("m", [1.0, 5.0, 0.5], [[0.5, 3.0], [1.5, 0.5], [1.0, 1.0]], [5.0, 45.0])
    scaled = [
        _scores(s.name, list(s.fall_day * scale), (s.distance * scale).tolist(),
                list(s.area * scale))
        for s in (model, base)
    ]  # fmt: skip
    a, b = skills(model, base, seed=2), skills(*scaled, seed=2)
    for fam in a:
        assert a[fam].value == pytest.approx(b[fam].value)
