"""Claims before fusion: units, knowledge date, bad references, exclusions; assumptions."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from evidence_builders import KNOWLEDGE_DATE, claim, evidence, fuse, parameter, source

from clausewitz.errors import UserError
from clausewitz.evidence import NoEvidenceError, estimate_parameter
from clausewitz.evidence import distributions as d
from clausewitz.scenario.schema import Parameter


def test_claims_are_converted_to_the_parameter_unit() -> None:
    est = fuse(
        [
            claim("monthly", unit="troops/month", value=30_000.0),
            claim("thousands", unit="thousand troops/day", range=(0.9, 1.1)),
        ],
        unit="troops/day",
    )
    monthly, thousands = est.claims
    assert monthly.stated == (30_000.0,)
    assert monthly.stated_unit == "troops/month"
    assert monthly.converted == pytest.approx((30_000.0 * 12 / 365.25,))
    assert thousands.converted == pytest.approx((900.0, 1100.0))
    assert 900.0 <= est.median <= 1100.0
    assert monthly.to_json()["value"] == 30_000.0
    assert thousands.to_json()["value"] == [0.9, 1.1]


def test_a_claim_in_an_incompatible_unit_is_refused_by_name() -> None:
    with pytest.raises(UserError, match="claim 'bad': cannot convert 'tonne' to 'troops'"):
        fuse([claim("bad", unit="tonne", value=3.0)])


def test_claims_after_the_knowledge_date_are_refused() -> None:
    late = claim("late", value=5.0, date=KNOWLEDGE_DATE + dt.timedelta(days=1))
    ok = claim("ok", value=4.0)
    with pytest.raises(UserError, match=r"claim 'late' is dated 2025-07-07, after the knowledge"):
        fuse([ok, late])
    # excluding it does not make it acceptable: the scenario itself is wrong
    ev = evidence([ok, late])
    with pytest.raises(UserError, match="claim 'late'"):
        estimate_parameter("p", parameter(["ok", "late"]), ev, exclude_claims=["late"])
    # a claim on the knowledge date itself is fine
    assert fuse([claim("edge", value=5.0, date=KNOWLEDGE_DATE)]).median == pytest.approx(5.0)


def test_a_source_after_the_knowledge_date_is_refused() -> None:
    late_src = source("src-late", "B", date=KNOWLEDGE_DATE + dt.timedelta(days=30))
    with pytest.raises(UserError, match="cites source 'src-late' dated 2025-08-05"):
        fuse([claim("c1", src="src-late", value=1.0)], sources=[late_src])


def test_bad_references_are_user_errors() -> None:
    c = claim("c1", value=1.0)
    with pytest.raises(UserError, match="unknown claim 'nope'"):
        estimate_parameter("p", parameter(["c1", "nope"]), evidence([c]))
    with pytest.raises(UserError, match="informs parameter 'p', not 'q'"):
        estimate_parameter("q", parameter(["c1"]), evidence([c]))
    with pytest.raises(UserError, match="unknown source 'src-x'"):
        fuse([claim("c2", src="src-x", value=1.0)])


def test_exclusions_renormalise_and_empty_parameters_raise() -> None:
    claims = [
        claim("a1", src="src-a", value=100.0),
        claim("b1", src="src-b", value=200.0),
        claim("b2", src="src-b", value=300.0),
    ]
    ev = evidence(claims)
    p = parameter(["a1", "b1", "b2"])
    full = estimate_parameter("p", p, ev)
    assert [r.share for r in full.claims] == pytest.approx([0.4, 0.3, 0.3])
    no_b = estimate_parameter("p", p, ev, exclude_sources=["src-b"])
    assert [r.id for r in no_b.claims] == ["a1"]
    assert no_b.excluded == ("b1", "b2")
    assert no_b.claims[0].share == 1.0
    assert no_b.median == pytest.approx(100.0)
    one_out = estimate_parameter("p", p, ev, exclude_claims=["a1"])
    assert [r.share for r in one_out.claims] == pytest.approx([0.5, 0.5])
    with pytest.raises(NoEvidenceError) as info:
        estimate_parameter("p", p, ev, exclude_sources=["src-a", "src-b"])
    assert info.value.parameters == ("p",)
    assert info.value.excluded == ("a1", "b1", "b2")
    assert "no claim left for 'p'" in str(info.value)
    assert isinstance(info.value, UserError)


@pytest.mark.parametrize(
    ("spec", "cls", "median"),
    [
        ({"kind": "fixed", "value": 3.0}, d.PointMass, 3.0),
        ({"kind": "uniform", "low": 1.0, "high": 3.0}, d.Uniform, 2.0),
        ({"kind": "loguniform", "low": 1.0, "high": 100.0}, d.LogUniform, 10.0),
        ({"kind": "triangular", "low": 0.0, "mode": 2.0, "high": 2.0}, d.Triangular, 2**0.5),
        ({"kind": "normal", "mean": 5.0, "sd": 1.0}, d.Normal, 5.0),
        ({"kind": "lognormal", "median": 40.0, "sigma": 0.3}, d.LogNormal, 40.0),
        ({"kind": "beta", "a": 2.0, "b": 2.0, "low": 10.0, "high": 20.0}, d.Beta, 15.0),
    ],
)
def test_assumption_distributions(spec: dict[str, object], cls: type, median: float) -> None:
    p = Parameter.model_validate(
        {"basis": "assumption", "distribution": spec, "rationale": "r", "unit": "km"}
    )
    est = estimate_parameter("p", p, evidence([]))
    assert isinstance(est.distribution, cls)
    assert est.median == pytest.approx(median)
    assert (est.basis, est.method, est.unit, est.claims) == ("assumption", spec["kind"], "km", ())


def test_assumptions_honour_the_parameter_bounds() -> None:
    p = Parameter.model_validate(
        {
            "basis": "engineering",
            "distribution": {"kind": "lognormal", "median": 1.0, "sigma": 1.0},
            "rationale": "r",
            "low": 0.5,
            "high": 2.0,
        }
    )
    est = estimate_parameter("p", p, evidence([]))
    x = est.ppf(np.linspace(0.0, 1.0, 101))
    assert x.min() == pytest.approx(0.5)
    assert x.max() == pytest.approx(2.0)
    assert est.median == pytest.approx(1.0)
    normal = Parameter.model_validate(
        {
            "basis": "assumption",
            "distribution": {"kind": "normal", "mean": 0.0, "sd": 1.0, "low": -3.0},
            "rationale": "r",
            "low": -1.0,
            "high": 1.0,
        }
    )
    nd = estimate_parameter("p", normal, evidence([])).distribution
    assert isinstance(nd, d.Normal)
    assert nd.support == (-1.0, 1.0)
    value = Parameter(basis="assumption", value=4.0, rationale="r", low=0.0)
    assert estimate_parameter("p", value, evidence([])).distribution.describe() == {
        "kind": "fixed",
        "value": 4.0,
    }
    outside = Parameter.model_validate(
        {"basis": "assumption", "distribution": {"kind": "fixed", "value": 5.0}, "rationale": "r",
         "high": 1.0}
    )  # fmt: skip
    with pytest.raises(UserError, match="parameter 'p': 5 lies outside"):
        estimate_parameter("p", outside, evidence([]))


def test_evidence_bounds_that_exclude_every_claim_are_an_error() -> None:
    with pytest.raises(
        UserError,
        match=r"parameter 'p': its bounds \[100, inf\] leave nothing of the fused claims \(no",
    ):
        fuse([claim("c1", value=10.0, relative_error=0.01)], low=100.0)
