"""The scenario language: Pydantic v2 models that are the single source of truth.

A scenario is one YAML document (includes allowed, see ``loader``) holding ``meta``,
``sources``, ``claims``, ``parameters`` and the structure of the campaign (``sides``,
``theatre``, ``logistics``, ``economy``, ``negotiation``, ``strategies``, ``mechanisms``).

The rule "no bare numbers": every quantity the model uses is a *parameter*, either fused from
sourced claims (``from: [claim ids]``) or stated as an assumption with a rationale. In the
structural sections a quantity is written as a :data:`ParamRef`: the name of an entry in
``parameters`` or an inline parameter written on the spot. Only a few structural fields take
plain numbers (coordinates, deployment weights, strategy settings); ``docs/scenario-language.md``
lists them. Engine constants that are engineering choices have defaults in
:mod:`clausewitz.scenario.defaults` and are overridden by a parameter of the same name.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

ID_PATTERN = r"^[a-z0-9][a-z0-9_.-]*$"
Id = Annotated[str, Field(pattern=ID_PATTERN, max_length=80)]

Reliability = Literal["A", "B", "C", "D", "E", "F"]
"""Admiralty code source reliability (NATO AJP-2.1): A completely reliable, B usually reliable,
C fairly reliable, D not usually reliable, E unreliable, F reliability cannot be judged."""

Credibility = Annotated[int, Field(ge=1, le=6)]
"""Admiralty code information credibility: 1 confirmed, 2 probably true, 3 possibly true,
4 doubtful, 5 improbable, 6 truth cannot be judged."""

SideName = Literal["attacker", "defender"]
Affiliation = Literal["attacker", "defender", "neutral", "unknown"]
Terrain = Literal["open", "mixed", "forest", "urban", "rough", "river"]
Basis = Literal["evidence", "assumption", "engineering"]


class Strict(BaseModel):
    """Base: unknown keys are errors, models are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


# --------------------------------------------------------------------------------------------
# meta


class Meta(Strict):
    """What the scenario is and what its author could know."""

    name: Id = Field(description="Short machine name, e.g. 'pokrovsk-2025'.")
    title: str
    description: str = ""
    knowledge_date: dt.date = Field(
        description="The author's knowledge cut-off; claims dated after it are rejected."
    )
    start_date: dt.date = Field(description="Day 0 of the simulation.")
    horizon_days: int = Field(gt=0, le=3650, description="Days simulated.")
    time_step_days: Literal[1] = Field(1, description="Time step; version 1 supports one day.")
    authors: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _dates(self) -> Meta:
        if self.start_date > self.knowledge_date + dt.timedelta(days=3650):
            raise ValueError("start_date is implausibly far after knowledge_date")
        return self


# --------------------------------------------------------------------------------------------
# evidence


class Source(Strict):
    """A publisher of claims, graded for reliability on the Admiralty code."""

    id: Id
    title: str
    publisher: str
    url: str = Field(description="Where the source can be read (http/https URL).")
    date: dt.date
    reliability: Reliability
    affiliation: Affiliation = Field(
        "unknown", description="Whose side the source speaks for; partisan claims may be biased."
    )
    notes: str = ""

    @field_validator("url")
    @classmethod
    def _url(cls, v: str) -> str:
        if not re.match(r"^https?://\S+$", v):
            raise ValueError("must be an http:// or https:// URL")
        return v


class Claim(Strict):
    """One sourced statement about one parameter, graded for credibility.

    Exactly one value form: ``value`` (a point), ``range: [low, high]``, ``at_least`` or
    ``at_most`` (a bound, e.g. "only in the hundreds" is ``at_most: 999``).
    """

    id: Id
    source: Id
    statement: str = Field(description="The quoted statement, in the source's words.")
    date: dt.date
    parameter: Id = Field(description="The parameter this claim informs.")
    unit: str = Field(description="Unit of the stated value (converted to the parameter's).")
    credibility: Credibility
    value: float | None = None
    range: tuple[float, float] | None = None
    at_least: float | None = None
    at_most: float | None = None
    relative_error: float | None = Field(
        None, gt=0, description="Stated or judged relative error of a point value."
    )
    notes: str = ""

    @model_validator(mode="after")
    def _one_form(self) -> Claim:
        forms = [
            f for f in ("value", "range", "at_least", "at_most") if getattr(self, f) is not None
        ]
        if len(forms) != 1:
            raise ValueError(
                "a claim states exactly one of value, range, at_least, at_most"
                + (f" (found {', '.join(forms)})" if forms else " (found none)")
            )
        if self.range is not None and not self.range[0] <= self.range[1]:
            raise ValueError("range must be [low, high] with low <= high")
        return self


class EvidencePolicy(Strict):
    """How Admiralty grades become claim weights (an engineering choice, overridable).

    Defaults live in :mod:`clausewitz.evidence.grading`; any grade given here replaces them.
    """

    reliability_weights: dict[Reliability, float] = Field(default_factory=dict)
    credibility_weights: dict[int, float] = Field(default_factory=dict)
    default_relative_error: float | None = Field(None, gt=0)


# --------------------------------------------------------------------------------------------
# parameters and distributions


class Fixed(Strict):
    kind: Literal["fixed"]
    value: float


class Uniform(Strict):
    kind: Literal["uniform"]
    low: float
    high: float


class LogUniform(Strict):
    kind: Literal["loguniform"]
    low: float = Field(gt=0)
    high: float = Field(gt=0)


class Triangular(Strict):
    kind: Literal["triangular"]
    low: float
    mode: float
    high: float


class Normal(Strict):
    kind: Literal["normal"]
    mean: float
    sd: float = Field(gt=0)
    low: float | None = Field(None, description="Optional truncation below.")
    high: float | None = Field(None, description="Optional truncation above.")


class LogNormal(Strict):
    kind: Literal["lognormal"]
    median: float = Field(gt=0)
    sigma: float = Field(gt=0, description="Standard deviation of the log.")


class Beta(Strict):
    kind: Literal["beta"]
    a: float = Field(gt=0)
    b: float = Field(gt=0)
    low: float = 0.0
    high: float = 1.0


Distribution = Annotated[
    Fixed | Uniform | LogUniform | Triangular | Normal | LogNormal | Beta,
    Field(discriminator="kind"),
]


class Parameter(Strict):
    """A number the model uses, with its basis.

    * ``basis: evidence`` with ``from: [claim ids]``: fused from the claims (see ``evidence``).
    * ``basis: assumption`` with ``value`` or ``distribution`` and a one-line ``rationale``.
    * ``basis: engineering``: a modelling constant chosen by us (defaults use this).
    """

    unit: str = Field("1", description="Unit (pint syntax): troops, km, tonne/day, 1, ...")
    description: str = ""
    basis: Basis | None = Field(None, description="Inferred from 'from' when omitted.")
    from_: list[Id] | None = Field(None, alias="from")
    value: float | None = None
    distribution: Distribution | None = None
    rationale: str = ""
    fusion: Literal["auto", "mixture", "lognormal"] = "auto"
    low: float | None = Field(None, description="Hard lower bound applied to samples.")
    high: float | None = Field(None, description="Hard upper bound applied to samples.")
    citation: str = Field("", description="Published source of an engineering value, if any.")

    @model_validator(mode="after")
    def _basis(self) -> Parameter:
        basis = self.basis or ("evidence" if self.from_ else None)
        if basis is None:
            raise ValueError("a parameter needs 'from: [claim ids]' or a 'basis'")
        if basis == "evidence":
            if not self.from_:
                raise ValueError("basis 'evidence' needs 'from: [claim ids]'")
            if self.value is not None or self.distribution is not None:
                raise ValueError("an evidence parameter takes its value from its claims only")
        else:
            if self.from_:
                raise ValueError(f"basis '{basis}' cannot have 'from'; use basis: evidence")
            if (self.value is None) == (self.distribution is None):
                raise ValueError(f"basis '{basis}' needs exactly one of 'value' or 'distribution'")
            if not self.rationale.strip():
                raise ValueError(f"basis '{basis}' needs a one-line 'rationale'")
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError("low must not exceed high")
        object.__setattr__(self, "basis", basis)
        return self


ParamRef = Id | Parameter
"""A quantity in a structural section: a parameter name, or an inline :class:`Parameter`."""


# --------------------------------------------------------------------------------------------
# sides


class Contingent(Strict):
    """A body of troops with its own quality and arrival schedule."""

    id: Id
    name: str = ""
    troops: ParamRef
    quality: ParamRef | None = Field(
        None, description="Combat effectiveness multiplier (CEV, 1 = baseline)."
    )
    arrival_day: ParamRef | None = Field(None, description="Day it arrives; omitted = at start.")
    training_days: ParamRef | None = Field(
        None, description="Days between arrival and being usable at the front."
    )
    deployment: dict[Id, float] | Literal["reserve"] = Field(
        "reserve",
        description="Initial split over sectors (weights summing to 1) or 'reserve'. "
        "Structural weights, not model parameters.",
    )
    affiliation_note: str = ""


class Side(Strict):
    """One belligerent (possibly a coalition of contingents)."""

    name: str
    contingents: list[Contingent] = Field(min_length=1)
    recruitment_per_day: ParamRef
    recruit_training_days: ParamRef | None = None
    wounded_return_share: ParamRef
    wounded_return_delay_days: ParamRef
    killed_share: ParamRef = Field(description="Share of losses killed.")
    missing_share: ParamRef = Field(description="Share of losses missing or captured.")
    default_strategy: str | None = None


class Sides(Strict):
    attacker: Side
    defender: Side


# --------------------------------------------------------------------------------------------
# theatre


class Point(Strict):
    """WGS84 coordinates with the source they come from (for maps, not the model)."""

    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    source: Id | None = Field(None, description="Source id the coordinates come from.")


class Belt(Strict):
    """A defensive belt: its far edge at ``depth`` km from the start front."""

    id: Id
    name: str = ""
    depth: ParamRef
    fortification: ParamRef = Field(description="Fortification level multiplier (>= 1).")


class Condition(Strict):
    sector: Id
    depth: ParamRef


class Objective(Strict):
    """A place at depth that falls when the front passes it (or when it is encircled)."""

    id: Id
    name: str
    kind: Literal["town", "city", "hub", "village", "position"] = "town"
    sector: Id
    depth: ParamRef = Field(description="Distance from the front on the start date, km.")
    location: Point | None = None
    encircled_when: list[Condition] = Field(
        default_factory=list,
        description="Also falls when every one of these sector depths is reached.",
    )


class Sector(Strict):
    """An axis of advance."""

    id: Id
    name: str = ""
    frontage: ParamRef
    terrain: Terrain = "mixed"
    main_axis: bool = False
    belts: list[Belt] = Field(default_factory=list)
    front_start: Point | None = Field(None, description="A point on the start front (for maps).")
    bearing_deg: float | None = Field(
        None, ge=0, lt=360, description="Direction of the attacker's advance (for maps)."
    )


class Theatre(Strict):
    sectors: list[Sector] = Field(min_length=1)
    objectives: list[Objective] = Field(default_factory=list)


# --------------------------------------------------------------------------------------------
# logistics


class Node(Strict):
    """A depot, railhead, hub or junction on one side's supply network."""

    id: Id
    name: str = ""
    kind: Literal["depot", "railhead", "hub", "junction"] = "junction"
    side: SideName
    supply_per_day: ParamRef | None = Field(None, description="Inflow at a source (tonne/day).")
    located_at: Id | None = Field(None, description="Objective id: the node is lost when it falls.")
    supplies: list[Id] = Field(default_factory=list, description="Sectors fed from this node.")
    location: Point | None = None


class Edge(Strict):
    """A rail or road link with a capacity in tonnes per day."""

    id: Id
    from_: Id = Field(alias="from")
    to: Id
    mode: Literal["rail", "road"]
    capacity: ParamRef
    exposed_to: Id | None = Field(
        None, description="Sector whose enemy front threatens this link (interdiction)."
    )
    distance_to_front: ParamRef | None = Field(
        None, description="km from the enemy front at start, for interdiction."
    )
    lengthens_with: Id | None = Field(
        None, description="Sector whose advance lengthens this link (attacker's last mile)."
    )
    length: ParamRef | None = Field(None, description="km at start (needed with lengthens_with).")


class ActivityDemand(Strict):
    """Supply demand per 1,000 troops per day by activity."""

    idle: ParamRef
    defend: ParamRef
    attack: ParamRef


class Logistics(Strict):
    nodes: list[Node] = Field(default_factory=list)
    edges: list[Edge] = Field(default_factory=list)
    demand: dict[SideName, ActivityDemand] = Field(default_factory=dict)


# --------------------------------------------------------------------------------------------
# economy and negotiation


class SideEconomy(Strict):
    currency: str = Field(description="Currency with year, e.g. RUB_2025 or USD_2024.")
    gdp_per_year: ParamRef
    military_share_gdp: ParamRef
    military_share_budget: ParamRef
    reserves: ParamRef = Field(description="Liquid reserves available to cover deficits.")
    external_aid_per_year: ParamRef | None = None
    deficit_per_year: ParamRef | None = Field(None, description="Baseline budget deficit.")
    crisis_threshold: ParamRef = Field(description="Stress index at which crisis hazard is 50%/yr.")


class Negotiation(Strict):
    """Parameters of the ceasefire hazard (model-theory §6.5); all engineering choices."""

    base_hazard_per_day: ParamRef
    gap_sensitivity: ParamRef
    convergence_weight: ParamRef
    casualty_cost_weight: ParamRef
    fiscal_cost_weight: ParamRef
    prior_strength: ParamRef
    optimism: dict[SideName, ParamRef] = Field(default_factory=dict)
    commitment_horizon_days: ParamRef
    commitment_distance_km: ParamRef


# --------------------------------------------------------------------------------------------
# strategies and switches


class StrategyChoice(Strict):
    """A named strategy available to a side, with its settings (decisions, not facts)."""

    use: str | None = Field(
        None, description="Built-in name or 'module:attr'; defaults to the entry's key."
    )
    description: str = ""
    settings: dict[str, float | int | bool | str] = Field(default_factory=dict)


class Mechanisms(Strict):
    """Switches for each mechanism of the model (all on by default)."""

    attrition: bool = True
    breakpoints: bool = True
    advance: bool = True
    logistics: bool = True
    force_generation: bool = True
    economy: bool = True
    ceasefire: bool = True
    loss_distribution: Literal["poisson", "negative_binomial"] = "negative_binomial"


class Scenario(Strict):
    """A whole campaign scenario (validated, immutable)."""

    meta: Meta
    sources: list[Source] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    parameters: dict[Id, Parameter] = Field(default_factory=dict)
    evidence: EvidencePolicy = Field(default_factory=EvidencePolicy)
    sides: Sides
    theatre: Theatre
    logistics: Logistics = Field(default_factory=Logistics)
    economy: dict[SideName, SideEconomy] = Field(default_factory=dict)
    negotiation: Negotiation | None = None
    strategies: dict[SideName, dict[Id, StrategyChoice]] = Field(default_factory=dict)
    mechanisms: Mechanisms = Field(default_factory=Mechanisms)
