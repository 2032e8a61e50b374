"""The Admiralty vocabulary, the default weights and the scenario's overrides."""

from __future__ import annotations

import pytest
from evidence_builders import claim, fuse

from clausewitz.errors import UserError
from clausewitz.evidence import grading
from clausewitz.scenario.schema import EvidencePolicy


def test_reliability_vocabulary_is_misps() -> None:
    assert list(grading.RELIABILITY) == ["A", "B", "C", "D", "E", "F"]
    assert {k: g.misp_value for k, g in grading.RELIABILITY.items()} == {
        "A": 100, "B": 75, "C": 50, "D": 25, "E": 0, "F": 50,
    }  # fmt: skip
    b = grading.RELIABILITY["B"]
    assert b.label == "usually reliable"
    assert b.machine_tag == 'admiralty-scale:source-reliability="b"'
    assert grading.RELIABILITY["F"].label == "reliability cannot be judged"


def test_credibility_vocabulary_is_misps() -> None:
    assert list(grading.CREDIBILITY) == [1, 2, 3, 4, 5, 6]
    assert [g.misp_value for g in grading.CREDIBILITY.values()] == [100, 75, 50, 25, 0, 50]
    assert grading.CREDIBILITY[1].label == "confirmed by other sources"
    assert grading.CREDIBILITY[6].machine_tag == 'admiralty-scale:information-credibility="6"'
    assert grading.machine_tags("B", 2) == [
        'admiralty-scale:source-reliability="b"',
        'admiralty-scale:information-credibility="2"',
    ]
    assert grading.grade_code("D", 5) == "D5"


def test_default_weights_are_misp_over_100_with_a_floor() -> None:
    assert dict(grading.RELIABILITY_WEIGHTS) == {
        "A": 1.0, "B": 0.75, "C": 0.5, "D": 0.25, "E": 0.05, "F": 0.5,
    }  # fmt: skip
    assert dict(grading.CREDIBILITY_WEIGHTS) == {1: 1.0, 2: 0.75, 3: 0.5, 4: 0.25, 5: 0.05, 6: 0.5}
    policy = grading.weight_policy(None)
    assert policy.weight("B", 2) == pytest.approx(0.5625)
    assert policy.weight("E", 5) == pytest.approx(0.0025)
    assert policy.default_relative_error == grading.DEFAULT_RELATIVE_ERROR == 0.25


def test_policy_overrides_only_what_it_names() -> None:
    policy = grading.weight_policy(
        EvidencePolicy(
            reliability_weights={"E": 0.2},
            credibility_weights={5: 0.1},
            default_relative_error=0.1,
        )
    )
    assert policy.reliability["E"] == 0.2
    assert policy.reliability["A"] == 1.0
    assert policy.credibility[5] == 0.1
    assert policy.credibility[2] == 0.75
    assert policy.default_relative_error == 0.1
    assert policy.overridden == ("E", "5")


def test_a_lone_unreliable_improbable_claim_still_defines_its_parameter() -> None:
    est = fuse([claim("c1", src="src-e", credibility=5, value=350.0)])
    (row,) = est.claims
    assert row.grade == "E5"
    assert row.weight == pytest.approx(0.0025)
    assert row.share == 1.0
    assert est.median == pytest.approx(350.0)


def test_policy_weights_change_the_shares() -> None:
    claims = [claim("c1", src="src-a", value=100.0), claim("c2", src="src-d", value=300.0)]
    default = fuse(claims)
    assert [r.share for r in default.claims] == pytest.approx([0.8, 0.2])
    even = fuse(claims, policy=EvidencePolicy(reliability_weights={"A": 0.25}))
    assert [r.share for r in even.claims] == pytest.approx([0.5, 0.5])
    assert default.median < even.median


def test_a_zero_weight_drops_the_claim_and_all_zero_is_an_error() -> None:
    claims = [claim("c1", src="src-a", value=100.0), claim("c2", src="src-e", value=300.0)]
    policy = EvidencePolicy(reliability_weights={"E": 0.0})
    est = fuse(claims, policy=policy)
    assert [r.share for r in est.claims] == [1.0, 0.0]
    assert est.median == pytest.approx(100.0)
    with pytest.raises(UserError, match="every claim has weight 0"):
        fuse([claims[1]], policy=policy)


def test_default_relative_error_from_the_policy() -> None:
    c = [claim("c1", value=1000.0)]
    assert fuse(c).interval90[1] == pytest.approx(1000.0 * (1 + 1.6448536 * 0.25), rel=1e-6)
    tight = fuse(c, policy=EvidencePolicy(default_relative_error=0.05))
    assert tight.interval90[1] == pytest.approx(1000.0 * (1 + 1.6448536 * 0.05), rel=1e-6)
    stated = fuse([claim("c1", value=1000.0, relative_error=0.1)])
    assert stated.claims[0].relative_error == 0.1
    assert stated.interval90[1] == pytest.approx(1000.0 * (1 + 1.6448536 * 0.1), rel=1e-6)
