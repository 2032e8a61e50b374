"""Claims made ready for fusion: checked, converted to the parameter's unit, weighted.

:class:`Evidence` bundles what fusion reads from a scenario (claims and sources by id, the
weight policy, the knowledge date), so the fusion core works on in-memory objects and never
on YAML. :func:`prepare_claims` turns a parameter's ``from`` list into :class:`WeightedClaim`
objects, refusing (with a :class:`~clausewitz.errors.UserError` naming the claim) any claim
that is unknown, informs another parameter, is dated after the knowledge date, cites an
unknown source or states a unit that does not convert to the parameter's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

from clausewitz import units
from clausewitz.errors import UserError
from clausewitz.evidence.grading import WeightPolicy, grade_code, weight_policy
from clausewitz.scenario.schema import Claim, Parameter, Scenario, Source

Form = Literal["value", "range", "at_least", "at_most"]
"""How a claim states its number: a point, an interval, or a one-sided bound."""


def claim_form(claim: Claim) -> Form:
    """Which of ``value``, ``range``, ``at_least``, ``at_most`` the claim states."""
    if claim.value is not None:
        return "value"
    if claim.range is not None:
        return "range"
    if claim.at_least is not None:
        return "at_least"
    return "at_most"


def stated_numbers(claim: Claim) -> tuple[float, ...]:
    """The claim's number(s) as stated: ``(value,)``, ``(low, high)`` or ``(bound,)``."""
    if claim.range is not None:
        return (float(claim.range[0]), float(claim.range[1]))
    for v in (claim.value, claim.at_least, claim.at_most):
        if v is not None:
            return (float(v),)
    raise AssertionError("the schema guarantees one value form")  # pragma: no cover


@dataclass(frozen=True)
class Evidence:
    """What fusion reads from a scenario: claims and sources by id, weights, knowledge date."""

    claims: Mapping[str, Claim]
    sources: Mapping[str, Source]
    policy: WeightPolicy
    knowledge_date: dt.date | None = None

    @classmethod
    def from_scenario(cls, scenario: Scenario) -> Evidence:
        """The evidence of a validated scenario (its ``claims``, ``sources``, ``evidence``)."""
        return cls(
            claims=MappingProxyType({c.id: c for c in scenario.claims}),
            sources=MappingProxyType({s.id: s for s in scenario.sources}),
            policy=weight_policy(scenario.evidence),
            knowledge_date=scenario.meta.knowledge_date,
        )


@dataclass(frozen=True)
class WeightedClaim:
    """One claim ready for fusion, its numbers in the parameter's unit."""

    claim: Claim
    source: Source
    form: Form
    numbers: tuple[float, ...]
    """``(value,)``, ``(low, high)`` or ``(bound,)`` converted to the parameter's unit."""
    relative_error: float
    """The claim's ``relative_error``, or the policy's default when it states none."""
    error_stated: bool
    """Whether the claim states its own relative error."""
    weight: float
    """``r(reliability) * k(credibility)`` under the policy (not normalised)."""

    @property
    def id(self) -> str:
        """The claim's id."""
        return self.claim.id

    @property
    def grade(self) -> str:
        """The Admiralty grade, e.g. ``B2``."""
        return grade_code(self.source.reliability, self.claim.credibility)


def _check_dates(claim: Claim, source: Source, knowledge_date: dt.date | None) -> None:
    if knowledge_date is None:
        return
    if claim.date > knowledge_date:
        raise UserError(
            f"claim '{claim.id}' is dated {claim.date.isoformat()}, after the knowledge_date "
            f"{knowledge_date.isoformat()}: fusion refuses claims the author could not know"
        )
    if source.date > knowledge_date:
        raise UserError(
            f"claim '{claim.id}' cites source '{source.id}' dated {source.date.isoformat()}, "
            f"after the knowledge_date {knowledge_date.isoformat()}"
        )


def _convert(claim: Claim, numbers: tuple[float, ...], unit: str) -> tuple[float, ...]:
    try:
        return tuple(float(units.convert(x, claim.unit, unit)) for x in numbers)
    except units.UnitError as exc:
        raise UserError(f"claim '{claim.id}': {exc}") from None


def weigh_claim(claim: Claim, source: Source, unit: str, evidence: Evidence) -> WeightedClaim:
    """One claim checked against the knowledge date, converted to ``unit`` and weighted."""
    _check_dates(claim, source, evidence.knowledge_date)
    return WeightedClaim(
        claim=claim,
        source=source,
        form=claim_form(claim),
        numbers=_convert(claim, stated_numbers(claim), unit),
        relative_error=claim.relative_error or evidence.policy.default_relative_error,
        error_stated=claim.relative_error is not None,
        weight=evidence.policy.weight(source.reliability, claim.credibility),
    )


def prepare_claims(
    name: str,
    parameter: Parameter,
    evidence: Evidence,
    *,
    exclude_sources: Collection[str] = (),
    exclude_claims: Collection[str] = (),
) -> tuple[list[WeightedClaim], list[str]]:
    """The claims parameter ``name`` is fused from, and the ids excluded by the options.

    Claims are returned in ``from`` order. A claim is excluded when its id is in
    ``exclude_claims`` or its source in ``exclude_sources``.
    """
    kept: list[WeightedClaim] = []
    excluded: list[str] = []
    for cid in parameter.from_ or ():
        claim = evidence.claims.get(cid)
        if claim is None:
            raise UserError(f"parameter '{name}' is fused from unknown claim '{cid}'")
        if claim.parameter != name:
            raise UserError(f"claim '{cid}' informs parameter '{claim.parameter}', not '{name}'")
        source = evidence.sources.get(claim.source)
        if source is None:
            raise UserError(f"claim '{cid}' cites unknown source '{claim.source}'")
        # checked even when excluded: a claim after the knowledge date is an error regardless
        weighted = weigh_claim(claim, source, parameter.unit, evidence)
        if cid in exclude_claims or claim.source in exclude_sources:
            excluded.append(cid)
        else:
            kept.append(weighted)
    return kept, excluded
