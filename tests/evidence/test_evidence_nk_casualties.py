"""Worked example: the casualties of North Korea's first deployment to Kursk.

Two claim sets. The flagship's own (``kpa-kursk-casualties`` in pokrovsk-2025, five claims from
the seed article, the NIS and UK Defence Intelligence), and the wider set of estimates
collected in the project's research notes on the seed article's rows 10-11 (a US official's
"several hundred" in December 2024 up to UK Defence Intelligence's "more than 6,000" in June
2025), which spans more than an order of magnitude. The numbers below are those printed in
docs/evidence.md.
"""

from __future__ import annotations

import math

import pytest
from evidence_builders import claim, fuse, source

from clausewitz.evidence import ParameterEstimate, estimate_all, estimate_parameter
from clausewitz.evidence.claims import Evidence
from clausewitz.evidence.distributions import LogNormal, Mixture
from clausewitz.scenario.loader import LoadedScenario

NAME = "kpa-kursk-casualties"


def _shares(est: ParameterEstimate) -> dict[str, float]:
    return {r.id: r.share for r in est.claims}


def test_flagship_as_written_is_a_mixture(flagship: LoadedScenario) -> None:
    est = estimate_all(flagship)[NAME]
    assert (est.basis, est.fusion, est.method, est.unit) == (
        "evidence",
        "mixture",
        "mixture",
        "troops",
    )
    assert isinstance(est.distribution, Mixture)
    # weights: B2 = 0.75 * 0.75, D3 = 0.25 * 0.5, D5 = 0.25 * 0.05 (floor); total 1.825
    assert {r.id: r.grade for r in est.claims} == {
        "kpa-cas-seed-4000": "D3",
        "kpa-cas-seed-hundreds": "D5",
        "kpa-cas-nis-march": "B2",
        "kpa-cas-nis-april": "B2",
        "kpa-cas-ukdi-june": "B2",
    }
    assert _shares(est) == pytest.approx(
        {
            "kpa-cas-seed-4000": 0.125 / 1.825,
            "kpa-cas-seed-hundreds": 0.0125 / 1.825,
            "kpa-cas-nis-march": 0.5625 / 1.825,
            "kpa-cas-nis-april": 0.5625 / 1.825,
            "kpa-cas-ukdi-june": 0.5625 / 1.825,
        },
        rel=1e-12,
    )
    assert est.dominant == ("kpa-cas-nis-march", "kpa-cas-nis-april")
    # regression values (grid inversion: exact to about 1e-5 relative)
    p05, p95 = est.interval90
    assert est.median == pytest.approx(5158.55, rel=1e-5)
    assert p05 == pytest.approx(3162.25, rel=1e-5)
    assert p95 == pytest.approx(8106.07, rel=1e-5)
    assert 999.0 < est.median < 6000.0


def test_flagship_claims_under_auto_stay_a_mixture(flagship: LoadedScenario) -> None:
    # "only hundreds" is at_most 999 and the highest is at_least 6000: 6000/999 ~ 6 < 10
    ev = Evidence.from_scenario(flagship.scenario)
    p = flagship.scenario.parameters[NAME]
    auto = estimate_parameter(NAME, p.model_copy(update={"fusion": "auto"}), ev)
    assert auto.method == "mixture"
    as_written = estimate_all(flagship)[NAME]
    assert auto.median == as_written.median
    forced = estimate_parameter(NAME, p.model_copy(update={"fusion": "lognormal"}), ev)
    assert isinstance(forced.distribution, LogNormal)
    assert forced.median == pytest.approx(5259.328, rel=1e-6)
    assert forced.distribution.sigma == pytest.approx(0.307621, rel=1e-5)


RESEARCH_SOURCES = [
    source("us-official-2024-12", "C"),
    source("kpa-94th-brigade-document", "D"),
    source("nis-2025-01-13", "B"),
    source("jcs-bbc-2025-03", "B"),
    source("nis-2025-04-30", "B"),
    source("ukdi-2025-06-15", "B"),
]
RESEARCH_CLAIMS = [
    claim("us-several-hundred", src="us-official-2024-12", credibility=3, range=(200.0, 999.0)),
    claim("94th-only-hundreds", src="kpa-94th-brigade-document", credibility=5, at_most=999.0),
    claim("nis-january-3000", src="nis-2025-01-13", credibility=2, value=3000.0),
    claim("western-march-4000", src="jcs-bbc-2025-03", credibility=2, value=4000.0),
    claim("nis-april-4700", src="nis-2025-04-30", credibility=2, value=4700.0),
    claim("ukdi-june-6000-plus", src="ukdi-2025-06-15", credibility=2, at_least=6000.0),
]


def test_research_claims_span_an_order_of_magnitude_and_fit_a_lognormal() -> None:
    est = fuse(RESEARCH_CLAIMS, sources=RESEARCH_SOURCES)
    assert est.method == "lognormal"
    dist = est.distribution
    assert isinstance(dist, LogNormal)
    # the median lies between the extremes stated (200 and 6,000) ...
    assert 200.0 < est.median < 6000.0
    # ... at the weighted geometric mean of the claims' log-space centres
    s = math.log1p(0.25)
    centres = {
        "us-several-hundred": 0.5 * (math.log(200.0) + math.log(999.0)),
        "94th-only-hundreds": math.log(999.0) - s * math.sqrt(2 / math.pi),
        "nis-january-3000": math.log(3000.0),
        "western-march-4000": math.log(4000.0),
        "nis-april-4700": math.log(4700.0),
        "ukdi-june-6000-plus": math.log(6000.0) + s * math.sqrt(2 / math.pi),
    }
    shares = _shares(est)
    assert est.median == pytest.approx(
        math.exp(sum(shares[k] * m for k, m in centres.items())), rel=1e-12
    )
    assert est.median == pytest.approx(3535.236, rel=1e-6)
    assert dist.sigma == pytest.approx(0.798127, rel=1e-5)
    p05, p95 = est.interval90
    assert p05 == pytest.approx(951.21, rel=1e-5)
    assert p95 == pytest.approx(13138.96, rel=1e-5)
    # weights: C3 = 0.5 * 0.5, D5 = 0.25 * 0.05, B2 = 0.5625 each; total 2.5125
    assert shares == pytest.approx(
        {
            "us-several-hundred": 0.25 / 2.5125,
            "94th-only-hundreds": 0.0125 / 2.5125,
            "nis-january-3000": 0.5625 / 2.5125,
            "western-march-4000": 0.5625 / 2.5125,
            "nis-april-4700": 0.5625 / 2.5125,
            "ukdi-june-6000-plus": 0.5625 / 2.5125,
        },
        rel=1e-12,
    )
    assert sum(shares.values()) == pytest.approx(1.0)
    assert est.dominant == ("nis-january-3000", "western-march-4000", "nis-april-4700")
