"""Every distribution class against SciPy (closed forms) or numerical integration (grid ones)."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import integrate, stats

from clausewitz.evidence import distributions as d

U = np.linspace(0.0005, 0.9995, 201)
X_PROBE = np.linspace(-1.0, 1.0, 9)


CASES: list[tuple[d.Distribution, object]] = [
    (d.Uniform(-2.0, 3.0), stats.uniform(-2.0, 5.0)),
    (d.LogUniform(10.0, 1000.0), stats.loguniform(10.0, 1000.0)),
    (d.Triangular(1.0, 2.0, 5.0), stats.triang(0.25, loc=1.0, scale=4.0)),
    (d.Triangular(1.0, 1.0, 5.0), stats.triang(0.0, loc=1.0, scale=4.0)),
    (d.Normal(3.0, 2.0), stats.norm(3.0, 2.0)),
    (d.Normal(3.0, 2.0, 0.0, 4.0), stats.truncnorm(-1.5, 0.5, loc=3.0, scale=2.0)),
    # a window far in the upper tail, where 1 - Phi loses precision
    (d.Normal(0.0, 1.0, 9.0, 10.0), stats.truncnorm(9.0, 10.0)),
    (d.LogNormal(4000.0, 0.6), stats.lognorm(0.6, scale=4000.0)),
    (d.Beta(2.0, 5.0, 10.0, 20.0), stats.beta(2.0, 5.0, loc=10.0, scale=10.0)),
    (d.HalfNormal(6000.0, 1500.0, 1), stats.halfnorm(6000.0, 1500.0)),
]


@pytest.mark.parametrize(("dist", "ref"), CASES, ids=lambda c: repr(c)[:40])
def test_closed_forms_match_scipy(dist: d.Distribution, ref: object) -> None:
    np.testing.assert_allclose(dist.ppf(U), ref.ppf(U), rtol=1e-9, atol=1e-9)  # type: ignore[attr-defined]
    x = ref.ppf(U)  # type: ignore[attr-defined]
    np.testing.assert_allclose(dist.cdf(x), U, atol=1e-9)
    assert dist.mean == pytest.approx(ref.mean(), rel=1e-9)  # type: ignore[attr-defined]
    assert dist.median == pytest.approx(ref.median(), rel=1e-9)  # type: ignore[attr-defined]


def test_half_normal_at_most_mirrors_at_least() -> None:
    below = d.HalfNormal(999.0, 250.0, -1)
    ref = stats.halfnorm(0.0, 250.0)
    np.testing.assert_allclose(below.ppf(U), 999.0 - ref.ppf(1.0 - U), rtol=1e-12)
    assert below.cdf(np.array([999.0, 2000.0])).tolist() == [1.0, 1.0]
    assert below.mean == pytest.approx(999.0 - 250.0 * math.sqrt(2 / math.pi))
    assert below.support == (-math.inf, 999.0)


def _soft_uniform_cdf(x: float, a: float, b: float, s: float) -> float:
    # the defining convolution, integrated numerically
    val, _ = integrate.quad(lambda t: stats.norm.cdf((x - t) / s), a, b)
    return val / (b - a)


@pytest.mark.parametrize(("a", "b", "s"), [(0.0, 1.0, 0.1), (25_000.0, 30_000.0, 500.0), (2, 3, 5)])
def test_soft_uniform_is_the_convolution(a: float, b: float, s: float) -> None:
    dist = d.SoftUniform(a, b, s)
    xs = np.linspace(a - 4 * s, b + 4 * s, 13)
    expected = [_soft_uniform_cdf(float(x), a, b, s) for x in xs]
    np.testing.assert_allclose(dist.cdf(xs), expected, atol=1e-9)
    # the grid inverse is exact to a few millionths in probability
    np.testing.assert_allclose(dist.cdf(dist.ppf(U)), U, atol=5e-6)
    assert dist.median == pytest.approx(0.5 * (a + b), abs=1e-9 * (b - a + s))
    assert dist.mean == 0.5 * (a + b)


def test_mixture_cdf_is_the_weighted_sum_and_ppf_inverts_it() -> None:
    parts = [d.Normal(4000.0, 1000.0), d.HalfNormal(999.0, 250.0, -1), d.SoftUniform(5, 8, 0.3)]
    weights = [0.5, 0.2, 0.3]
    mix = d.Mixture(parts, [2 * w for w in weights])  # weights are normalised
    np.testing.assert_allclose(mix.weights, weights)
    xs = np.linspace(-100.0, 9000.0, 50)
    expected = sum(w * p.cdf(xs) for p, w in zip(parts, weights, strict=True))
    np.testing.assert_allclose(mix.cdf(xs), expected, atol=1e-15)
    np.testing.assert_allclose(mix.cdf(mix.ppf(U)), U, atol=5e-5)
    assert mix.mean == pytest.approx(sum(w * p.mean for p, w in zip(parts, weights, strict=True)))


def test_mixture_with_atoms_maps_the_jump_to_the_atom() -> None:
    mix = d.Mixture([d.PointMass(0.0), d.Normal(10.0, 1.0)], [0.25, 0.75])
    u = np.array([0.0, 0.1, 0.2, 0.2499, 0.5, 0.999])
    x = mix.ppf(u)
    assert x[:4].tolist() == [0.0, 0.0, 0.0, 0.0]
    assert x[4] == pytest.approx(10.0 + stats.norm.ppf(1 / 3), abs=1e-4)
    assert mix.cdf(np.array([0.0]))[0] == pytest.approx(0.25)
    assert mix.cdf_left(np.array([0.0]))[0] == pytest.approx(0.0, abs=1e-15)


def test_point_mass() -> None:
    pm = d.PointMass(7.5)
    assert pm.ppf(U).tolist() == [7.5] * U.size
    assert pm.cdf(np.array([7.0, 7.5, 8.0])).tolist() == [0.0, 1.0, 1.0]
    assert pm.cdf_left(np.array([7.5]))[0] == 0.0
    assert (pm.median, pm.mean, pm.support) == (7.5, 7.5, (7.5, 7.5))


def test_truncated_lognormal_is_the_conditional_distribution() -> None:
    base = d.LogNormal(100.0, 1.0)
    tr = d.truncate(base, 50.0, 400.0)
    assert isinstance(tr, d.Truncated)
    ref = stats.lognorm(1.0, scale=100.0)
    lo, hi = ref.cdf(50.0), ref.cdf(400.0)
    np.testing.assert_allclose(tr.ppf(U), ref.ppf(lo + U * (hi - lo)), rtol=1e-12)
    assert tr.ppf(np.array([0.0, 1.0])).tolist() == pytest.approx([50.0, 400.0])
    expected_mean = ref.expect(lambda x: x, lb=50.0, ub=400.0, conditional=True)
    assert tr.mean == pytest.approx(expected_mean, rel=1e-4)
    assert tr.support == (50.0, 400.0)


def test_truncate_uses_exact_forms_and_refuses_empty_windows() -> None:
    n = d.truncate(d.Normal(0.0, 1.0, -5.0, None), -1.0, 2.0)
    assert isinstance(n, d.Normal)
    assert (n.low, n.high) == (-1.0, 2.0)
    uni = d.truncate(d.Uniform(0.0, 10.0), 2.0, None)
    assert isinstance(uni, d.Uniform)
    assert (uni.low, uni.high) == (2.0, 10.0)
    tri = d.Triangular(0.0, 1.0, 2.0)
    assert d.truncate(tri, -1.0, 3.0) is tri  # bounds that do not bind change nothing
    with pytest.raises(ValueError, match="outside"):
        d.truncate(d.PointMass(5.0), 6.0, None)
    with pytest.raises(ValueError, match="no probability"):
        d.truncate(d.Uniform(0.0, 1.0), 2.0, 3.0)
    with pytest.raises(ValueError, match="no probability"):
        d.truncate(d.LogNormal(1.0, 0.1), None, -1.0)


def test_describe_is_json_and_names_the_kind() -> None:
    mix = d.Mixture([d.Normal(1.0, 0.1), d.HalfNormal(2.0, 0.5, 1)], [1.0, 1.0])
    tr = d.truncate(mix, 0.0, None)
    text = json.dumps(tr.describe(), allow_nan=False)
    back = json.loads(text)
    assert back["kind"] == "truncated"
    assert back["high"] is None
    assert [c["kind"] for c in back["base"]["components"]] == ["normal", "halfnormal"]
    assert back["base"]["components"][1]["direction"] == "at_least"
    assert repr(mix.components[0]) == "Normal(mean=1.0, sd=0.1)"


@st.composite
def _any_distribution(draw: st.DrawFn) -> d.Distribution:
    pos = st.floats(0.01, 1e5)
    kind = draw(st.sampled_from(["uniform", "tri", "normal", "lognormal", "soft", "half", "mix"]))
    a = draw(pos)
    b = a * draw(st.floats(1.001, 100.0))
    if kind == "uniform":
        return d.Uniform(a, b)
    if kind == "tri":
        return d.Triangular(a, a + (b - a) * draw(st.floats(0, 1)), b)
    if kind == "normal":
        return d.Normal(a, b - a)
    if kind == "lognormal":
        return d.LogNormal(a, draw(st.floats(0.01, 3.0)))
    if kind == "soft":
        return d.SoftUniform(a, b, (b - a) * draw(st.floats(0.01, 10.0)))
    if kind == "half":
        return d.HalfNormal(a, b - a, draw(st.sampled_from([1, -1])))
    return d.Mixture([d.Normal(a, a * 0.1), d.PointMass(b), d.SoftUniform(a, b, b - a)], [1, 2, 3])


@given(_any_distribution(), st.lists(st.floats(0.0, 1.0), min_size=2, max_size=50))
def test_ppf_is_monotone_deterministic_and_within_support(
    dist: d.Distribution, us: list[float]
) -> None:
    u = np.sort(np.asarray(us))
    x = dist.ppf(u)
    assert x.shape == u.shape
    assert np.all(x[1:] >= x[:-1])  # (not np.diff: ppf(0) may be -inf)
    np.testing.assert_array_equal(x, dist.ppf(u))
    lo, hi = dist.support
    assert np.all((x >= lo) & (x <= hi))
    assert dist.quantile(0.5) == dist.median
    np.testing.assert_array_equal(dist.quantile(u), x)
