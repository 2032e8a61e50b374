"""Where every parameter becomes a sampleable distribution with its provenance.

:func:`estimate_parameter` turns one :class:`~clausewitz.scenario.schema.Parameter` into a
:class:`ParameterEstimate`: evidence parameters are fused from their claims
(:mod:`clausewitz.evidence.fusion`), assumption and engineering parameters take their stated
value or distribution (:mod:`clausewitz.evidence.assumptions`); either way the hard bounds
``low``/``high`` are applied by conditioning. :func:`estimate_all` does it for every parameter of
a scenario (engine defaults, named and inline parameters).

Excluding claims (``exclude_sources``, ``exclude_claims``; for "drop each source and re-fuse"
analyses) removes them from the pool and renormalises the others' weights. If that leaves an
evidence parameter with no claim, there is no honest distribution to return: a
:class:`NoEvidenceError` is raised naming every such parameter, and a caller doing a
drop-one analysis catches it to learn which parameters rest on that source alone.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from clausewitz.errors import UserError
from clausewitz.evidence.assumptions import Tables, assumed_distribution
from clausewitz.evidence.claims import (
    Evidence,
    Form,
    WeightedClaim,
    prepare_claims,
    stated_numbers,
)
from clausewitz.evidence.distributions import Distribution, truncate
from clausewitz.evidence.fusion import Method, choose_method, pool
from clausewitz.scenario.loader import LoadedScenario
from clausewitz.scenario.messages import suggest
from clausewitz.scenario.schema import Parameter, Scenario

DOMINANT_SHARE = 0.5
"""The dominant claims are the fewest, heaviest first, whose weight shares reach this."""


class NoEvidenceError(UserError):
    """Evidence parameters left without any claim by the exclusions."""

    def __init__(self, parameters: Sequence[str], excluded: Sequence[str]) -> None:
        self.parameters = tuple(parameters)
        self.excluded = tuple(excluded)
        names = ", ".join(f"'{p}'" for p in self.parameters)
        super().__init__(
            f"no claim left for {names} after excluding {', '.join(self.excluded) or 'nothing'}"
            " (an evidence parameter needs at least one claim)"
        )


@dataclass(frozen=True)
class ClaimRow:
    """One claim of an evidence parameter, as fused."""

    id: str
    source: str
    affiliation: str
    reliability: str
    credibility: int
    grade: str
    """The Admiralty grade, e.g. ``B2``."""
    date: dt.date
    form: Form
    stated: tuple[float, ...]
    """The number(s) as stated: ``(value,)``, ``(low, high)`` or ``(bound,)``."""
    stated_unit: str
    converted: tuple[float, ...]
    """The same in the parameter's unit."""
    relative_error: float
    weight: float
    """``r(reliability) * k(credibility)``, not normalised."""
    share: float
    """``weight`` over the sum of the parameter's weights (the shares sum to one)."""

    def stated_text(self) -> str:
        """The statement's number in a few characters, e.g. ``>= 6,000``, ``25,000-30,000``."""
        nums = [fmt_number(x) for x in self.stated]
        prefix = {"value": "", "range": "", "at_least": ">= ", "at_most": "<= "}[self.form]
        return prefix + "-".join(nums)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (``value`` as stated: a number, or ``[low, high]`` for a range)."""
        value: float | list[float] = list(self.stated) if self.form == "range" else self.stated[0]
        converted: float | list[float] = (
            list(self.converted) if self.form == "range" else self.converted[0]
        )
        return {
            "id": self.id,
            "source": self.source,
            "affiliation": self.affiliation,
            "reliability": self.reliability,
            "credibility": self.credibility,
            "grade": self.grade,
            "date": self.date.isoformat(),
            "form": self.form,
            "value": value,
            "unit": self.stated_unit,
            "value_in_parameter_unit": converted,
            "relative_error": self.relative_error,
            "weight": self.weight,
            "share": self.share,
        }


@dataclass(frozen=True)
class ParameterEstimate:
    """A parameter's distribution and what it rests on."""

    name: str
    basis: str
    """``evidence``, ``assumption`` or ``engineering``."""
    unit: str
    distribution: Distribution
    method: str
    """How the distribution was made: ``mixture`` or ``lognormal`` for evidence, the
    distribution kind (``fixed``, ``triangular``, ...) otherwise."""
    fusion: str = ""
    """The fusion requested (``auto``, ``mixture``, ``lognormal``); empty unless evidence."""
    description: str = ""
    claims: tuple[ClaimRow, ...] = ()
    excluded: tuple[str, ...] = ()
    """Claims left out by ``exclude_sources`` / ``exclude_claims``."""
    low: float | None = None
    high: float | None = None
    rationale: str = ""
    origin: str = "scenario"
    """``default`` (an engine default not overridden), ``scenario`` or ``inline``."""
    calibration: str = ""
    """For ``basis: calibrated``: the data, date window and method it was fitted with."""

    def ppf(self, u: ArrayLike) -> NDArray[np.float64]:
        """The distribution's inverse CDF (so an estimate can be sampled directly)."""
        return self.distribution.ppf(u)

    @property
    def median(self) -> float:
        """The median, in the parameter's unit."""
        return self.distribution.median

    @property
    def interval90(self) -> tuple[float, float]:
        """The central 90% interval (5% and 95% quantiles)."""
        return self.distribution.quantile(0.05), self.distribution.quantile(0.95)

    @property
    def dominant(self) -> tuple[str, ...]:
        """The fewest claims, heaviest first, whose weight shares reach :data:`DOMINANT_SHARE`."""
        out: list[str] = []
        total = 0.0
        for row in sorted(self.claims, key=lambda r: -r.share):
            if total >= DOMINANT_SHARE - 1e-12:
                break
            out.append(row.id)
            total += row.share
        return tuple(out)

    def to_json(self) -> dict[str, Any]:
        """The ``clausewitz evidence --json`` object of this parameter."""
        p05, p95 = self.interval90
        return {
            "parameter": self.name,
            "basis": self.basis,
            "unit": self.unit,
            "description": self.description,
            "origin": self.origin,
            "method": self.method,
            "fusion": self.fusion or None,
            "claims": [c.to_json() for c in self.claims],
            "excluded": list(self.excluded),
            "dominant": list(self.dominant),
            "fused": {
                "median": self.median,
                "p05": p05,
                "p95": p95,
                "mean": self.distribution.mean,
                "unit": self.unit,
            },
            "distribution": self.distribution.describe(),
            "calibration": self.calibration or None,
        }


def calibration_text(parameter: Parameter) -> str:
    """One line on where a calibrated parameter comes from (empty for any other basis)."""
    c = parameter.calibration
    if c is None:
        return ""
    settings = ", ".join(f"{k} {v}" for k, v in c.settings.items())
    return f"{c.data}, {c.window_start.isoformat()} to {c.window_end.isoformat()}; {c.method}" + (
        f" ({settings})" if settings else ""
    )


def fmt_number(x: float) -> str:
    """A number for people: ``4,000``, ``0.253``, ``1.2e+12``."""
    if x == 0 or not np.isfinite(x):
        return f"{x:g}"
    a = abs(x)
    if a >= 1e7 or a < 1e-3:
        return f"{x:.3g}"
    if a >= 1000:
        return f"{x:,.0f}"
    return f"{x:.3g}"


def _rows(claims: Sequence[WeightedClaim], shares: Sequence[float]) -> tuple[ClaimRow, ...]:
    return tuple(
        ClaimRow(
            id=c.id,
            source=c.source.id,
            affiliation=c.source.affiliation,
            reliability=c.source.reliability,
            credibility=int(c.claim.credibility),
            grade=c.grade,
            date=c.claim.date,
            form=c.form,
            stated=stated_numbers(c.claim),
            stated_unit=c.claim.unit,
            converted=c.numbers,
            relative_error=c.relative_error,
            weight=c.weight,
            share=float(s),
        )
        for c, s in zip(claims, shares, strict=True)
    )


def _fuse(
    name: str, parameter: Parameter, claims: list[WeightedClaim]
) -> tuple[Distribution, Method, list[float]]:
    total = sum(c.weight for c in claims)
    if not total > 0:
        raise UserError(
            f"parameter '{name}': every claim has weight 0 under the scenario's evidence "
            "policy, so nothing can be fused (give one of its grades a weight above 0)"
        )
    shares = [c.weight / total for c in claims]
    live = [(c, s) for c, s in zip(claims, shares, strict=True) if s > 0]
    method = choose_method(parameter.fusion, [c for c, _ in live])
    dist = pool([c for c, _ in live], [s for _, s in live], method)
    return dist, method, shares


def estimate_parameter(
    name: str,
    parameter: Parameter,
    evidence: Evidence,
    *,
    exclude_sources: Collection[str] = (),
    exclude_claims: Collection[str] = (),
    tables: Tables | None = None,
) -> ParameterEstimate:
    """The distribution of one parameter, with its provenance (``tables``: the scenario's
    tables of joint draws, for a ``kind: draws`` distribution).

    Raises :class:`NoEvidenceError` when the exclusions leave an evidence parameter without
    claims, and :class:`UserError` for a claim fusion refuses (dated after the knowledge date,
    unconvertible unit, ...) or bounds that hold no probability.
    """
    common: dict[str, Any] = {
        "name": name,
        "basis": str(parameter.basis),
        "unit": parameter.unit,
        "description": parameter.description,
        "low": parameter.low,
        "high": parameter.high,
        "rationale": parameter.rationale,
        "calibration": calibration_text(parameter),
    }
    if parameter.basis != "evidence":
        try:
            dist = assumed_distribution(parameter, tables)
        except ValueError as exc:
            raise UserError(f"parameter '{name}': {exc}") from None
        kind = parameter.distribution.kind if parameter.distribution is not None else "fixed"
        return ParameterEstimate(distribution=dist, method=kind, **common)
    claims, excluded = prepare_claims(
        name, parameter, evidence, exclude_sources=exclude_sources, exclude_claims=exclude_claims
    )
    if not claims:
        raise NoEvidenceError([name], excluded)
    fused, method, shares = _fuse(name, parameter, claims)
    try:
        dist = truncate(fused, parameter.low, parameter.high)
    except ValueError as exc:
        lo = "-inf" if parameter.low is None else f"{parameter.low:g}"
        hi = "inf" if parameter.high is None else f"{parameter.high:g}"
        raise UserError(
            f"parameter '{name}': its bounds [{lo}, {hi}] leave nothing of the fused claims ({exc})"
        ) from None
    return ParameterEstimate(
        distribution=dist,
        method=method,
        fusion=parameter.fusion,
        claims=_rows(claims, shares),
        excluded=tuple(excluded),
        **common,
    )


def estimate_all(
    loaded_or_scenario: LoadedScenario | Scenario,
    *,
    exclude_sources: Collection[str] = (),
    exclude_claims: Collection[str] = (),
) -> dict[str, ParameterEstimate]:
    """Every parameter of a scenario (engine defaults, named, inline) as an estimate.

    Keys and order are those of :func:`~clausewitz.scenario.parameters.collect_parameters`.
    Unknown ids in the exclusions are a :class:`UserError`; evidence parameters left without
    claims are reported together in one :class:`NoEvidenceError`.
    """
    from clausewitz.scenario.parameters import collect_parameters

    scenario = (
        loaded_or_scenario.scenario
        if isinstance(loaded_or_scenario, LoadedScenario)
        else loaded_or_scenario
    )
    evidence = Evidence.from_scenario(scenario)
    _check_ids("source", exclude_sources, evidence.sources)
    _check_ids("claim", exclude_claims, evidence.claims)
    table = collect_parameters(loaded_or_scenario)
    out: dict[str, ParameterEstimate] = {}
    empty: list[str] = []
    dropped: list[str] = []
    for name, entry in table.items():
        try:
            estimate = estimate_parameter(
                name,
                entry.parameter,
                evidence,
                exclude_sources=exclude_sources,
                exclude_claims=exclude_claims,
                tables=scenario.draws,
            )
        except NoEvidenceError as exc:
            empty.append(name)
            dropped.extend(exc.excluded)
            continue
        out[name] = dataclasses.replace(estimate, origin=entry.origin)
    if empty:
        raise NoEvidenceError(empty, sorted(set(dropped)))
    return out


def _check_ids(what: str, ids: Collection[str], known: Mapping[str, object]) -> None:
    unknown = sorted(set(ids) - set(known))
    if unknown:
        hint = suggest(unknown[0], known, what, listing=12)
        raise UserError(
            f"cannot exclude unknown {what} {', '.join(repr(u) for u in unknown)}"
            + (f" ({hint})" if hint else "")
        )
