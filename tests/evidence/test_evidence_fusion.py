"""Fusion of claims: invariants (Hypothesis) and the exact form of each rule."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from evidence_builders import claim, fuse
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy import stats

from clausewitz.errors import UserError
from clausewitz.evidence import distributions as d
from clausewitz.evidence.claims import Evidence, weigh_claim
from clausewitz.evidence.fusion import AUTO_LOGNORMAL_RATIO, choose_method, stated_span
from clausewitz.scenario.schema import Claim

U = np.concatenate([[0.0, 1e-12], np.linspace(0.001, 0.999, 199), [1 - 1e-12, 1.0]])
Z50_HALF = stats.halfnorm.ppf(0.5)  # median of |Z|

FORMS = ("value", "range", "at_least", "at_most")
FUSIONS = ("auto", "mixture", "lognormal")


@st.composite
def claim_sets(draw: st.DrawFn, forms: tuple[str, ...] = FORMS, max_size: int = 6) -> list[Claim]:
    """1-``max_size`` positive claims of random forms, grades and relative errors."""
    n = draw(st.integers(1, max_size))
    out = []
    for i in range(n):
        form = draw(st.sampled_from(forms))
        x = draw(st.floats(0.5, 1e6))
        grade = draw(st.sampled_from("ABCDEF"))
        kw: dict[str, Any] = {
            "credibility": draw(st.integers(1, 6)),
            "relative_error": draw(st.none() | st.floats(0.01, 1.0)),
        }
        if form == "range":
            kw["range"] = (x, x * draw(st.floats(1.0, 50.0)))
        else:
            kw[form] = x
        out.append(claim(f"c{i}", src=f"src-{grade.lower()}", **kw))
    return out


def _span(claims: list[Claim]) -> tuple[float, float]:
    nums = [x for c in claims for x in ((c.value,) if c.value is not None else c.range or ())]
    return min(nums), max(nums)


@settings(max_examples=60)
@given(claim_sets(), st.sampled_from(FUSIONS))
def test_weight_shares_sum_to_one_in_proportion_to_weights(
    claims: list[Claim], fusion: str
) -> None:
    est = fuse(claims, fusion=fusion)
    shares = np.array([r.share for r in est.claims])
    weights = np.array([r.weight for r in est.claims])
    assert shares.sum() == pytest.approx(1.0, abs=1e-12)
    np.testing.assert_allclose(shares, weights / weights.sum(), rtol=1e-12)
    assert [r.id for r in est.claims] == [c.id for c in claims]
    dominant = {r.id: r.share for r in est.claims if r.id in est.dominant}
    assert sum(dominant.values()) >= 0.5 - 1e-12
    assert min(dominant.values()) >= max(
        (r.share for r in est.claims if r.id not in dominant), default=0.0
    )


@settings(max_examples=60)
@given(claim_sets(max_size=1), st.sampled_from(FUSIONS))
def test_fusing_one_claim_returns_that_claim(claims: list[Claim], fusion: str) -> None:
    (c,) = claims
    est = fuse(claims, fusion=fusion)
    m = est.median
    if c.value is not None:
        assert m == pytest.approx(c.value, rel=1e-9)
    elif c.range is not None:
        lo, hi = c.range
        assert lo * (1 - 1e-9) <= m <= hi * (1 + 1e-9)
    elif c.at_least is not None:
        assert m > c.at_least
    else:
        assert c.at_most is not None
        assert m < c.at_most


@settings(max_examples=60)
@given(claim_sets(forms=("value", "range")), st.sampled_from(FUSIONS))
def test_fused_median_lies_within_the_span_of_the_claims(claims: list[Claim], fusion: str) -> None:
    lo, hi = _span(claims)
    m = fuse(claims, fusion=fusion).median
    assert lo * (1 - 1e-9) <= m <= hi * (1 + 1e-9)


@settings(max_examples=60)
@given(claim_sets(), st.sampled_from(FUSIONS))
def test_fusion_is_deterministic_and_its_ppf_monotone(claims: list[Claim], fusion: str) -> None:
    a = fuse(claims, fusion=fusion)
    b = fuse(claims, fusion=fusion)
    xa = a.ppf(U)
    np.testing.assert_array_equal(xa, b.ppf(U))
    assert a.distribution.describe() == b.distribution.describe()
    assert np.all(xa[1:] >= xa[:-1])
    assert a.interval90[0] <= a.median <= a.interval90[1]


@settings(max_examples=60)
@given(claim_sets(), st.sampled_from(FUSIONS), st.floats(0.0, 2.0), st.floats(0.5, 3.0))
def test_bounds_are_respected(
    claims: list[Claim], fusion: str, low_factor: float, width_factor: float
) -> None:
    lo_span, hi_span = stated_span_of(claims)
    low = lo_span * low_factor
    high = low + (hi_span - lo_span + 1.0) * width_factor
    try:
        est = fuse(claims, fusion=fusion, low=low, high=high)
    except UserError as exc:
        assert "no probability" in str(exc) or "outside" in str(exc)
        return
    x = est.ppf(U)
    assert np.all((x >= low) & (x <= high))
    assert np.all(x[1:] >= x[:-1])


def stated_span_of(claims: list[Claim]) -> tuple[float, float]:
    nums = [
        x for c in claims for x in (c.range or (c.value, c.at_least, c.at_most)) if x is not None
    ]
    return min(nums), max(nums)


@settings(max_examples=60)
@given(claim_sets(forms=("value", "range")))
def test_mixture_ppf_inverts_its_cdf(claims: list[Claim]) -> None:
    dist = fuse(claims, fusion="mixture").distribution
    u = np.linspace(0.01, 0.99, 99)
    np.testing.assert_allclose(dist.cdf(dist.ppf(u)), u, atol=1e-4)


@settings(max_examples=60)
@given(claim_sets())
def test_auto_chooses_lognormal_exactly_when_claims_span_an_order_of_magnitude(
    claims: list[Claim],
) -> None:
    lo, hi = stated_span_of(claims)
    assume(abs(hi / lo - AUTO_LOGNORMAL_RATIO) > 1e-9)
    est = fuse(claims)
    assert est.method == ("lognormal" if hi / lo > AUTO_LOGNORMAL_RATIO else "mixture")
    assert isinstance(est.distribution, d.LogNormal) == (est.method == "lognormal")


# ------------------------------------------------------------------------------------------
# the exact form of each rule


def test_point_claim_is_normal_with_its_relative_error() -> None:
    est = fuse([claim("c1", value=4000.0, relative_error=0.1)], fusion="mixture")
    assert est.distribution.describe() == {"kind": "normal", "mean": 4000.0, "sd": 400.0}
    zero = fuse([claim("c1", value=0.0, unit="1")], unit="1")
    assert zero.distribution.describe() == {"kind": "fixed", "value": 0.0}


def test_range_claim_has_soft_edges() -> None:
    plain = fuse([claim("c1", range=(25_000.0, 30_000.0))], fusion="mixture")
    assert plain.distribution.describe() == {
        "kind": "soft_uniform", "low": 25_000.0, "high": 30_000.0, "edge": 500.0,
    }  # fmt: skip
    assert plain.median == pytest.approx(27_500.0)
    stated = fuse([claim("c1", range=(25_000.0, 30_000.0), relative_error=0.1)])
    assert stated.distribution.describe()["edge"] == pytest.approx(2750.0)
    point = fuse([claim("c1", range=(7.0, 7.0))], fusion="mixture")
    assert point.distribution.describe() == {"kind": "normal", "mean": 7.0, "sd": 1.75}


def test_bound_claims_are_half_normal_beyond_the_bound() -> None:
    above = fuse([claim("c1", at_least=6000.0)], fusion="mixture")
    assert above.median == pytest.approx(6000.0 + Z50_HALF * 0.25 * 6000.0)
    assert above.ppf(np.array([0.0]))[0] == 6000.0
    below = fuse([claim("c1", at_most=999.0)], fusion="mixture")
    assert below.median == pytest.approx(999.0 - Z50_HALF * 0.25 * 999.0)
    assert below.ppf(np.array([1.0]))[0] == 999.0


def test_lognormal_fit_matches_the_log_moments() -> None:
    # two equally weighted points: mu = mean of logs; sigma^2 = s^2 + (half the log gap)^2
    claims = [claim("c1", value=400.0), claim("c2", value=6400.0)]
    est = fuse(claims, fusion="lognormal")
    dist = est.distribution
    assert isinstance(dist, d.LogNormal)
    s = math.log1p(0.25)
    assert dist.median_value == pytest.approx(1600.0)  # the geometric mean
    assert dist.sigma == pytest.approx(math.sqrt(s**2 + math.log(4.0) ** 2))
    # a bound moves the centre beyond it by s * sqrt(2/pi) in log space
    bound = fuse([claim("c1", at_least=1000.0)], fusion="lognormal").distribution
    assert isinstance(bound, d.LogNormal)
    assert math.log(bound.median_value) == pytest.approx(
        math.log(1000.0) + s * math.sqrt(2 / math.pi)
    )
    assert bound.sigma == pytest.approx(s * math.sqrt(1 - 2 / math.pi))


def test_lognormal_needs_positive_claims() -> None:
    claims = [claim("c1", value=-2.0, unit="1"), claim("c2", value=3.0, unit="1")]
    with pytest.raises(UserError, match="claim 'c1' states -2"):
        fuse(claims, unit="1", fusion="lognormal")
    mixed = fuse(claims, unit="1")  # auto falls back to the mixture
    assert mixed.method == "mixture"
    assert -2.0 <= mixed.median <= 3.0


def test_choose_method_reads_the_stated_numbers_in_the_parameter_unit() -> None:
    ev = Evidence(claims={}, sources={}, policy=_policy())
    from evidence_builders import source

    src = source("src-b")
    a = weigh_claim(claim("c1", value=0.5, unit="thousand troops"), src, "troops", ev)
    b = weigh_claim(claim("c2", at_least=6000.0), src, "troops", ev)
    assert a.numbers == (500.0,)
    assert stated_span([a, b]) == (500.0, 6000.0)
    assert choose_method("auto", [a, b]) == "lognormal"
    assert choose_method("mixture", [a, b]) == "mixture"


def _policy() -> Any:
    from clausewitz.evidence.grading import weight_policy

    return weight_policy(None)
