"""The Admiralty code (NATO AJP-2.1, STANAG 2511) and how its grades become claim weights.

Vocabulary. A source is graded for *reliability* A-F and each of its claims for *credibility*
1-6; a grade is written as a pair, e.g. ``B2`` (NATO STANAG 2511 / AJP-2.1). :data:`RELIABILITY` and
:data:`CREDIBILITY` hold the labels, the descriptions and the machine tags of the MISP
``admiralty-scale`` taxonomy (``MISP/misp-taxonomies``, ``admiralty-scale/machinetag.json``,
version 5), e.g. ``admiralty-scale:source-reliability="b"`` and
``admiralty-scale:information-credibility="2"``, with the taxonomy's ``numerical_value``.

Weights (an engineering choice of ours, overridable in a scenario's ``evidence`` section). A
claim's weight is ``r(reliability) * k(credibility)``: the two axes are meant to be independent
(STANAG 2511), so their factors multiply, as in the contaminated-likelihood proposal of
Sivia (1996, *Data Analysis: A Bayesian Tutorial*) (``pi_i = r * k``). Both factors are
MISP's numerical values divided by 100,
except that MISP's 0 (reliability E "unreliable", credibility 5 "improbable") is raised to
:data:`WEIGHT_FLOOR`: a poor grade should make a claim count for little against better ones,
not erase it, and a parameter whose only claim is graded E must still have a value. A weight
set to 0 in the scenario's policy is taken literally (the claim is dropped from the pool).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

from clausewitz.scenario.schema import Credibility, EvidencePolicy, Reliability

MISP_NAMESPACE: Final = "admiralty-scale"
"""Namespace of the MISP taxonomy whose machine tags name the grades."""

WEIGHT_FLOOR: Final = 0.05
"""Weight factor given to the grades MISP scores 0 (reliability E, credibility 5).

Engineering choice: 1/20 of an A or a 1, so that such a claim moves a pooled estimate only
when nothing better is known, and a lone such claim still defines its parameter.
"""

DEFAULT_RELATIVE_ERROR: Final = 0.25
"""Relative error (one standard deviation) of a point claim that states none, when the scenario's
policy does not set ``evidence.default_relative_error``. Engineering choice: wartime estimates
of strengths and losses rarely agree to better than a quarter."""


@dataclass(frozen=True)
class Grade:
    """One grade of one Admiralty axis with its MISP vocabulary."""

    code: str
    """``A``-``F`` for reliability, ``1``-``6`` for credibility."""
    label: str
    """The standard label, e.g. ``usually reliable``."""
    description: str
    """MISP's description of the grade."""
    machine_tag: str
    """The MISP machine tag, e.g. ``admiralty-scale:source-reliability="b"``."""
    misp_value: int
    """MISP's ``numerical_value`` (0-100)."""
    weight: float
    """Our default weight factor: ``misp_value / 100``, floored at :data:`WEIGHT_FLOOR`."""


def _grade(predicate: str, code: str, label: str, description: str, misp_value: int) -> Grade:
    return Grade(
        code=code,
        label=label,
        description=description,
        machine_tag=f'{MISP_NAMESPACE}:{predicate}="{code.lower()}"',
        misp_value=misp_value,
        weight=max(misp_value / 100.0, WEIGHT_FLOOR),
    )


_R = "source-reliability"
_C = "information-credibility"

RELIABILITY: Final[Mapping[str, Grade]] = MappingProxyType(
    {
        g.code: g
        for g in (
            _grade(
                _R,
                "A",
                "completely reliable",
                "No doubt of authenticity, trustworthiness, or competency; has a history of "
                "complete reliability",
                100,
            ),
            _grade(
                _R,
                "B",
                "usually reliable",
                "Minor doubt about authenticity, trustworthiness, or competency; has a history of "
                "valid information most of the time",
                75,
            ),
            _grade(
                _R,
                "C",
                "fairly reliable",
                "Doubt of authenticity, trustworthiness, or competency but has provided valid "
                "information in the past",
                50,
            ),
            _grade(
                _R,
                "D",
                "not usually reliable",
                "Significant doubt about authenticity, trustworthiness, or competency but has "
                "provided valid information in the past",
                25,
            ),
            _grade(
                _R,
                "E",
                "unreliable",
                "Lacking in authenticity, trustworthiness, and competency; history of invalid "
                "information",
                0,
            ),
            _grade(
                _R,
                "F",
                "reliability cannot be judged",
                "No basis exists for evaluating the reliability of the source",
                50,
            ),
        )
    }
)
"""Source reliability A-F. (MISP also has ``g`` "deliberately deceptive" = 0, which the scenario
language does not accept: a deceptive source's claims belong in ``notes``, not in a fusion.)"""

CREDIBILITY: Final[Mapping[int, Grade]] = MappingProxyType(
    {
        int(g.code): g
        for g in (
            _grade(
                _C,
                "1",
                "confirmed by other sources",
                "Confirmed by other independent sources; logical in itself; consistent with other "
                "information on the subject",
                100,
            ),
            _grade(
                _C,
                "2",
                "probably true",
                "Not confirmed; logical in itself; consistent with other information on the "
                "subject",
                75,
            ),
            _grade(
                _C,
                "3",
                "possibly true",
                "Not confirmed; reasonably logical in itself; agrees with some other information "
                "on the subject",
                50,
            ),
            _grade(
                _C,
                "4",
                "doubtful",
                "Not confirmed; possible but not logical; no other information on the subject",
                25,
            ),
            _grade(
                _C,
                "5",
                "improbable",
                "Not confirmed; not logical in itself; contradicted by other information on the "
                "subject",
                0,
            ),
            _grade(
                _C,
                "6",
                "truth cannot be judged",
                "No basis exists for evaluating the validity of the information",
                50,
            ),
        )
    }
)
"""Information credibility 1-6."""

RELIABILITY_WEIGHTS: Final[Mapping[str, float]] = MappingProxyType(
    {code: g.weight for code, g in RELIABILITY.items()}
)
"""Default weight factor by source reliability: A 1, B 0.75, C 0.5, D 0.25, E 0.05, F 0.5."""

CREDIBILITY_WEIGHTS: Final[Mapping[int, float]] = MappingProxyType(
    {code: g.weight for code, g in CREDIBILITY.items()}
)
"""Default weight factor by credibility: 1 1, 2 0.75, 3 0.5, 4 0.25, 5 0.05, 6 0.5."""


def grade_code(reliability: Reliability | str, credibility: Credibility | int) -> str:
    """The conventional two-character grade, e.g. ``grade_code("B", 2) == "B2"``."""
    return f"{reliability}{int(credibility)}"


def machine_tags(reliability: Reliability | str, credibility: Credibility | int) -> list[str]:
    """The two MISP machine tags of a grade, reliability first."""
    return [RELIABILITY[str(reliability)].machine_tag, CREDIBILITY[int(credibility)].machine_tag]


@dataclass(frozen=True)
class WeightPolicy:
    """The weight tables in force for one scenario (defaults overridden by its policy)."""

    reliability: Mapping[str, float]
    credibility: Mapping[int, float]
    default_relative_error: float
    overridden: tuple[str, ...] = ()
    """Grades whose weight the scenario overrides, e.g. ``("E", "5")``."""

    def weight(self, reliability: Reliability | str, credibility: Credibility | int) -> float:
        """The weight of a claim with this grade: ``r(reliability) * k(credibility)``."""
        return self.reliability[str(reliability)] * self.credibility[int(credibility)]


DEFAULT_POLICY: Final = WeightPolicy(
    reliability=RELIABILITY_WEIGHTS,
    credibility=CREDIBILITY_WEIGHTS,
    default_relative_error=DEFAULT_RELATIVE_ERROR,
)
"""The weights used when a scenario overrides nothing."""


def weight_policy(policy: EvidencePolicy | None = None) -> WeightPolicy:
    """The weights in force under a scenario's ``evidence`` section (defaults where silent)."""
    if policy is None:
        return DEFAULT_POLICY
    reliability: dict[str, float] = dict(RELIABILITY_WEIGHTS)
    reliability.update({str(k): v for k, v in policy.reliability_weights.items()})
    credibility: dict[int, float] = dict(CREDIBILITY_WEIGHTS)
    credibility.update({int(k): v for k, v in policy.credibility_weights.items()})
    overridden = tuple(policy.reliability_weights) + tuple(
        str(k) for k in policy.credibility_weights
    )
    return WeightPolicy(
        reliability=MappingProxyType(reliability),
        credibility=MappingProxyType(credibility),
        default_relative_error=policy.default_relative_error or DEFAULT_RELATIVE_ERROR,
        overridden=overridden,
    )
