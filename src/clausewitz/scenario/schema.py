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
import math
import re
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidationInfo,
    field_validator,
    model_validator,
)

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
Basis = Literal["evidence", "assumption", "engineering", "calibrated"]


class Strict(BaseModel):
    """Base: unknown keys are errors, models are immutable, NaN and infinity are rejected."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, populate_by_name=True, allow_inf_nan=False
    )


def quantity(unit: str, *, ge: float | None = 0.0, le: float | None = None) -> dict[str, Any]:
    """Metadata of a :data:`ParamRef` field: the unit its value is expressed in by the engine
    and the bounds of a meaningful value (in that unit).

    ``unit`` is pint syntax; ``{currency}`` stands for the side's ``economy.<side>.currency``.
    It appears as ``unit`` (and ``quantity_min``/``quantity_max``) in the JSON Schema, and the
    parameter table (:mod:`clausewitz.scenario.parameters`) and the unit checks read it here.
    """
    extra: dict[str, Any] = {"unit": unit}
    if ge is not None:
        extra["quantity_min"] = ge
    if le is not None:
        extra["quantity_max"] = le
    return extra


# --------------------------------------------------------------------------------------------
# meta


class Meta(Strict):
    """What the scenario is and what its author could know."""

    name: Id = Field(description="Short machine name, e.g. 'pokrovsk-2025'.")
    title: str = Field(description="Human title shown in listings and reports.")
    description: str = Field("", description="A paragraph on what the scenario is about.")
    knowledge_date: dt.date = Field(
        description="The author's knowledge cut-off; claims dated after it are rejected."
    )
    start_date: dt.date = Field(description="Day 0 of the simulation.")
    horizon_days: int = Field(gt=0, le=3650, strict=True, description="Days simulated.")
    time_step_days: Literal[1] = Field(1, description="Time step; version 1 supports one day.")
    authors: list[str] = Field(default_factory=list, description="Who wrote the scenario.")

    @model_validator(mode="after")
    def _dates(self) -> Meta:
        if self.start_date > self.knowledge_date + dt.timedelta(days=3650):
            raise ValueError("start_date is implausibly far after knowledge_date")
        return self


# --------------------------------------------------------------------------------------------
# evidence


class Source(Strict):
    """A publisher of claims, graded for reliability on the Admiralty code."""

    id: Id = Field(description="Identifier cited by claims (`claims[].source`).")
    title: str = Field(description="Title of the article, report or post.")
    publisher: str = Field(description="Who published it (outlet, agency, person).")
    url: str = Field(description="Where the source can be read (http/https URL).")
    date: dt.date = Field(description="Publication date; must not be after knowledge_date.")
    reliability: Reliability = Field(
        description="Admiralty source reliability A-F (A completely reliable ... "
        "E unreliable, F cannot be judged)."
    )
    affiliation: Affiliation = Field(
        "unknown", description="Whose side the source speaks for; partisan claims may be biased."
    )
    notes: str = Field("", description="Free text.")

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

    id: Id = Field(description="Identifier cited by parameters (`parameters.<name>.from`).")
    source: Id = Field(description="Id of the source that makes the claim.")
    statement: str = Field(description="The quoted statement, in the source's words.")
    date: dt.date = Field(description="When the claim was made; must not be after knowledge_date.")
    parameter: Id = Field(description="The parameter this claim informs.")
    unit: str = Field(description="Unit of the stated value (converted to the parameter's).")
    credibility: Credibility = Field(
        description="Admiralty information credibility 1-6 (1 confirmed ... 5 improbable, "
        "6 cannot be judged)."
    )
    value: float | None = Field(None, description="A point value.")
    range: tuple[float, float] | None = Field(None, description="An interval [low, high].")
    at_least: float | None = Field(None, description="A lower bound.")
    at_most: float | None = Field(None, description="An upper bound.")
    relative_error: float | None = Field(
        None, gt=0, description="Stated or judged relative error of a point value."
    )
    notes: str = Field("", description="Free text (e.g. how the figure was derived).")

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

    reliability_weights: dict[Reliability, Annotated[float, Field(ge=0)]] = Field(
        default_factory=dict, description="Weight of a claim by its source's reliability A-F."
    )
    credibility_weights: dict[Credibility, Annotated[float, Field(ge=0)]] = Field(
        default_factory=dict, description="Weight of a claim by its credibility 1-6."
    )
    default_relative_error: float | None = Field(
        None, gt=0, description="Relative error of a point claim that states none."
    )


# --------------------------------------------------------------------------------------------
# parameters and distributions


class Fixed(Strict):
    """A single value."""

    kind: Literal["fixed"]
    value: float


class Uniform(Strict):
    """Uniform on [low, high]."""

    kind: Literal["uniform"]
    low: float
    high: float

    @model_validator(mode="after")
    def _order(self) -> Uniform:
        if not self.low < self.high:
            raise ValueError("uniform needs low < high")
        return self


class LogUniform(Strict):
    """Log-uniform on [low, high], both positive."""

    kind: Literal["loguniform"]
    low: float = Field(gt=0)
    high: float = Field(gt=0)

    @model_validator(mode="after")
    def _order(self) -> LogUniform:
        if not self.low < self.high:
            raise ValueError("loguniform needs low < high")
        return self


class Triangular(Strict):
    """Triangular with support [low, high] and peak at mode."""

    kind: Literal["triangular"]
    low: float
    mode: float
    high: float

    @model_validator(mode="after")
    def _order(self) -> Triangular:
        if not (self.low <= self.mode <= self.high and self.low < self.high):
            raise ValueError("triangular needs low <= mode <= high and low < high")
        return self


class Normal(Strict):
    """Normal, optionally truncated to [low, high]."""

    kind: Literal["normal"]
    mean: float
    sd: float = Field(gt=0)
    low: float | None = Field(None, description="Optional truncation below.")
    high: float | None = Field(None, description="Optional truncation above.")

    @model_validator(mode="after")
    def _order(self) -> Normal:
        if self.low is not None and self.high is not None and not self.low < self.high:
            raise ValueError("normal truncation needs low < high")
        return self


class LogNormal(Strict):
    """Log-normal given by its median and the standard deviation of the log."""

    kind: Literal["lognormal"]
    median: float = Field(gt=0)
    sigma: float = Field(gt=0, description="Standard deviation of the log.")


class Beta(Strict):
    """Beta(a, b) scaled to [low, high] (default [0, 1])."""

    kind: Literal["beta"]
    a: float = Field(gt=0)
    b: float = Field(gt=0)
    low: float = 0.0
    high: float = 1.0

    @model_validator(mode="after")
    def _order(self) -> Beta:
        if not self.low < self.high:
            raise ValueError("beta needs low < high")
        return self


class Draws(Strict):
    """A column of a table of joint draws (top-level ``draws``), sampled row by row.

    Every parameter drawn from one table takes the same row in a run, so the table's
    correlations are kept."""

    kind: Literal["draws"]
    table: Id = Field(description="The table of draws (a key of the top-level 'draws').")
    column: Id = Field(description="The table's column this parameter takes its values from.")


Distribution = Annotated[
    Fixed | Uniform | LogUniform | Triangular | Normal | LogNormal | Beta | Draws,
    Field(discriminator="kind"),
]


class CalibrationTrace(Strict):
    """Where a ``basis: calibrated`` value comes from: written by ``clausewitz calibrate``."""

    data: str = Field(description="The record the parameter was calibrated to.")
    window_start: dt.date = Field(
        description="First date of the record used (the hindcast's start)."
    )
    window_end: dt.date = Field(
        description="Last date of the record used; must be before knowledge_date."
    )
    method: str = Field(description="The calibration method and library.")
    settings: dict[str, float | int | str] = Field(
        default_factory=dict, description="The method's settings (waves, points, runs, seed...)."
    )
    scenario_sha256: str = Field("", description="SHA-256 of the scenario that was calibrated.")

    @model_validator(mode="after")
    def _window(self) -> CalibrationTrace:
        if self.window_end < self.window_start:
            raise ValueError("window_end is before window_start")
        return self


class DrawsTable(Strict):
    """Joint draws of several parameters: one row per draw, one column per parameter.

    A run takes one row, the same for every parameter of the table (the row is picked by the
    uniform of a counter stream keyed by the table's name), so the parameters keep the joint
    distribution the rows stand for, e.g. a calibration's posterior (``clausewitz calibrate``
    writes one). A parameter uses a column with ``distribution: {kind: draws, table, column}``.
    The rows are written either as a YAML list (``rows``) or as comma-separated lines in one
    literal block (``csv: |``), which reads some twenty times faster for a thousand rows.
    """

    description: str = Field("", description="What the rows are draws of.")
    columns: list[Id] = Field(min_length=1, description="Column names, one per parameter.")
    rows: list[list[float]] = Field(
        default_factory=list,
        description="The draws as a YAML list: each row one value per column, in column order.",
    )
    csv: str = Field(
        "",
        description="The draws as comma-separated lines, one row per line, in column order "
        "(a literal block, 'csv: |'); instead of rows.",
    )
    calibration: CalibrationTrace | None = Field(
        None, description="Where the draws come from, when a calibration wrote them."
    )

    @field_validator("csv")
    @classmethod
    def _csv(cls, text: str, info: ValidationInfo) -> str:
        columns = info.data.get("columns")
        if text.strip() and isinstance(columns, list):
            parse_csv_rows(text, columns)
        return text

    @model_validator(mode="after")
    def _shape(self) -> DrawsTable:
        if len(set(self.columns)) != len(self.columns):
            dup = sorted({c for c in self.columns if self.columns.count(c) > 1})
            raise ValueError(f"duplicate column(s) {', '.join(dup)}")
        if self.csv.strip():
            if self.rows:
                raise ValueError("give the draws as 'rows' or as 'csv', not both")
            object.__setattr__(self, "rows", parse_csv_rows(self.csv, self.columns))
        if not self.rows:
            raise ValueError("a table of draws needs at least one row ('rows' or 'csv')")
        n = len(self.columns)
        for i, row in enumerate(self.rows):
            if len(row) != n:
                raise ValueError(
                    f"row {i} has {len(row)} value(s), the table has {n} column(s) "
                    f"({', '.join(self.columns)}): every row needs one value per column"
                )
        return self

    def column(self, name: str) -> list[float]:
        """The values of column ``name``, in row order."""
        j = self.columns.index(name)
        return [row[j] for row in self.rows]


_CSV_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", re.ASCII)
_NON_FINITE = {f"{sign}{word}" for sign in ("", "+", "-") for word in ("nan", "inf", "infinity")}


def parse_csv_rows(text: str, columns: list[str]) -> list[list[float]]:
    """The rows of a ``csv`` block: ``ValueError`` naming the block's line (1 = the line after
    ``csv: |``) for a value that is not a finite number or a line of the wrong length."""
    n = len(columns)
    rows: list[list[float]] = []
    for k, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        cells = line.split(",")
        if len(cells) != n:
            raise ValueError(
                f"csv line {k} has {len(cells)} value(s), the table has {n} column(s) "
                f"({', '.join(columns)}): every line needs one value per column"
            )
        row = []
        for cell in cells:
            # float() alone would read '1_0' as 10 and other scripts' digits: a typo, not a number
            if not _CSV_NUMBER.fullmatch(cell.strip()) and cell.strip().lower() not in _NON_FINITE:
                raise ValueError(f"csv line {k}: {cell.strip()!r} is not a number")
            x = float(cell)
            if not math.isfinite(x):
                raise ValueError(f"csv line {k}: {cell.strip()} is not a finite number")
            row.append(x)
        rows.append(row)
    return rows


class Parameter(Strict):
    """A number the model uses, with its basis.

    * ``basis: evidence`` with ``from: [claim ids]``: fused from the claims (see ``evidence``).
    * ``basis: assumption`` with ``value`` or ``distribution`` and a one-line ``rationale``.
    * ``basis: engineering``: a modelling constant chosen by us (defaults use this).
    * ``basis: calibrated``: a ``distribution`` found by ``clausewitz calibrate`` (a column of
      the posterior's joint ``draws``), with a ``calibration`` trace (data, date window,
      method, settings) and a ``rationale``.

    ``role: observation`` marks a quantity the record states for calibrating or checking the
    model rather than an input to it: ``check`` does not warn that the model never uses it, and
    warns if the model does.
    """

    unit: str = Field("1", description="Unit (pint syntax): troops, km, tonne/day, 1, ...")
    description: str = Field("", description="What the number is.")
    basis: Basis | None = Field(None, description="Inferred from 'from' when omitted.")
    from_: list[Id] | None = Field(
        None, alias="from", description="Claim ids the value is fused from (basis evidence)."
    )
    value: float | None = Field(None, description="A point value (assumption, engineering).")
    distribution: Distribution | None = Field(
        None, description="An uncertain value (assumption, engineering, calibrated)."
    )
    rationale: str = Field("", description="One line on why (required unless evidence).")
    fusion: Literal["auto", "mixture", "lognormal"] = Field(
        "auto", description="How conflicting claims are fused (see evidence)."
    )
    low: float | None = Field(None, description="Hard lower bound applied to samples.")
    high: float | None = Field(None, description="Hard upper bound applied to samples.")
    citation: str = Field("", description="Published source of an engineering value, if any.")
    calibration: CalibrationTrace | None = Field(
        None, description="Where a calibrated value comes from (basis calibrated only)."
    )
    role: Literal["input", "observation"] = Field(
        "input",
        description="'observation': a quantity stated for calibrating or checking the model, "
        "not an input to it (check does not report it as unused).",
    )

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
        if (basis == "calibrated") != (self.calibration is not None):
            raise ValueError("basis 'calibrated' needs a 'calibration' trace, and only it has one")
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError("low must not exceed high")
        if self.value is not None and not (
            (self.low is None or self.value >= self.low)
            and (self.high is None or self.value <= self.high)
        ):
            raise ValueError("value lies outside [low, high]")
        object.__setattr__(self, "basis", basis)
        return self


def _param_ref_kind(value: Any) -> str | None:
    if isinstance(value, str):
        return "name"
    if isinstance(value, (dict, Parameter)):
        return "inline"
    return None  # a bare number (or a list, or nothing): reported as 'bare_number'


ParamRef = Annotated[
    Annotated[Id, Tag("name")] | Annotated[Parameter, Tag("inline")],
    Discriminator(
        _param_ref_kind,
        custom_error_type="bare_number",
        custom_error_message="a quantity must be a parameter name or an inline parameter",
    ),
]
"""A quantity in a structural section: a parameter name, or an inline :class:`Parameter`.

Validates to ``str`` (a name) or :class:`Parameter`. A bare number is rejected with the
error type ``bare_number``: every quantity is a parameter ("no bare numbers"). Each ParamRef
field carries :func:`quantity` metadata (expected unit and bounds) in ``json_schema_extra``.
"""


# --------------------------------------------------------------------------------------------
# sides


def _deployment_kind(value: Any) -> str | None:
    if isinstance(value, dict):
        return "weights"
    if isinstance(value, str):
        return "reserve"
    return None


Deployment = Annotated[
    Annotated[dict[Id, float], Tag("weights")] | Annotated[Literal["reserve"], Tag("reserve")],
    Discriminator(
        _deployment_kind,
        custom_error_type="deployment",
        custom_error_message="deployment is 'reserve' or a mapping of sector ids to weights",
    ),
]


class Contingent(Strict):
    """A body of troops with its own quality and arrival schedule."""

    id: Id = Field(description="Identifier, unique over both sides.")
    name: str = Field("", description="Human name, e.g. 'KPA 11th Army Corps'.")
    troops: ParamRef = Field(
        description="Personnel strength.", json_schema_extra=quantity("troops")
    )
    quality: ParamRef | None = Field(
        None,
        description="Combat effectiveness multiplier (CEV, 1 = baseline).",
        json_schema_extra=quantity("1"),
    )
    arrival_day: ParamRef | None = Field(
        None,
        description="Day it arrives; omitted = at start.",
        json_schema_extra=quantity("day"),
    )
    training_days: ParamRef | None = Field(
        None,
        description="Days between arrival and being usable at the front.",
        json_schema_extra=quantity("day"),
    )
    deployment: Deployment = Field(
        "reserve",
        description="Initial split over sectors (weights summing to 1) or 'reserve'. "
        "Structural weights, not model parameters.",
    )
    affiliation_note: str = Field("", description="Free text, e.g. 'North Korean, under VS RF'.")


class Side(Strict):
    """One belligerent (possibly a coalition of contingents)."""

    name: str = Field(description="Human name, e.g. 'Russia'.")
    contingents: list[Contingent] = Field(min_length=1, description="Its bodies of troops.")
    recruitment_per_day: ParamRef = Field(
        description="New recruits per day.", json_schema_extra=quantity("troops/day")
    )
    recruit_training_days: ParamRef | None = Field(
        None,
        description="Days from recruitment to joining the reserve.",
        json_schema_extra=quantity("day"),
    )
    wounded_return_share: ParamRef = Field(
        description="Share of the wounded who return to duty.",
        json_schema_extra=quantity("1", le=1.0),
    )
    wounded_return_delay_days: ParamRef = Field(
        description="Days from wounding to return.", json_schema_extra=quantity("day")
    )
    killed_share: ParamRef = Field(
        description="Share of losses killed.", json_schema_extra=quantity("1", le=1.0)
    )
    missing_share: ParamRef = Field(
        description="Share of losses missing or captured.",
        json_schema_extra=quantity("1", le=1.0),
    )
    default_strategy: str | None = Field(
        None, description="Strategy used when none is chosen (a key of strategies.<side>)."
    )
    reserve_location: Point | None = Field(
        None,
        description=(
            "Where the side's uncommitted reserve stands: reserves sent to a sector are in "
            "transit for ceil(km to its front_start / reserve-march-km-per-day) days, in no "
            "line (none given: they arrive the same day)."
        ),
    )


class Sides(Strict):
    """The two belligerents."""

    attacker: Side = Field(description="The side on the offensive.")
    defender: Side = Field(description="The side holding the ground.")


# --------------------------------------------------------------------------------------------
# theatre


class Point(Strict):
    """WGS84 coordinates with the source they come from (for maps, not the model)."""

    lat: float = Field(ge=-90, le=90, description="Latitude, degrees north.")
    lon: float = Field(ge=-180, le=180, description="Longitude, degrees east.")
    source: Id | None = Field(None, description="Source id the coordinates come from.")


class Belt(Strict):
    """A defensive belt: its far edge at ``depth`` km from the start front."""

    id: Id = Field(description="Identifier, unique within its sector.")
    name: str = Field("", description="Human name.")
    depth: ParamRef = Field(
        description="Far edge of the belt, km from the start front.",
        json_schema_extra=quantity("km"),
    )
    fortification: ParamRef = Field(
        description="Fortification level multiplier (>= 1).",
        json_schema_extra=quantity("1", ge=1.0),
    )


class Condition(Strict):
    """A sector reached a depth (used by ``encircled_when``)."""

    sector: Id = Field(description="Sector id.")
    depth: ParamRef = Field(
        description="Depth the front must reach in that sector, km.",
        json_schema_extra=quantity("km"),
    )


class Objective(Strict):
    """A place at depth that falls when the front passes it (or when it is encircled)."""

    id: Id = Field(description="Identifier.")
    name: str = Field(description="Human name, e.g. 'Pokrovsk'.")
    kind: Literal["town", "city", "hub", "village", "position"] = Field(
        "town", description="What the place is."
    )
    sector: Id = Field(description="Sector whose front must pass it.")
    depth: ParamRef = Field(
        description="Distance from the front on the start date, km.",
        json_schema_extra=quantity("km"),
    )
    location: Point | None = Field(None, description="Where it is (for maps).")
    encircled_when: list[Condition] = Field(
        default_factory=list,
        description=(
            "Envelopment: once every one of these sector depths is reached (flanks turned, "
            "supply road cut) the objective falls with a daily hazard of 1 / "
            "envelopment-holding-days (docs/model.md section 6), besides falling when its own "
            "sector's front reaches it."
        ),
    )


class Sector(Strict):
    """An axis of advance."""

    id: Id = Field(description="Identifier.")
    name: str = Field("", description="Human name.")
    frontage: ParamRef = Field(
        description="Width of the sector's front, km.", json_schema_extra=quantity("km")
    )
    terrain: Terrain = Field("mixed", description="Dominant terrain.")
    main_axis: bool = Field(False, description="The attacker's main effort.")
    belts: list[Belt] = Field(default_factory=list, description="Defensive belts, front to rear.")
    front_start: Point | None = Field(None, description="A point on the start front (for maps).")
    bearing_deg: float | None = Field(
        None, ge=0, lt=360, description="Direction of the attacker's advance (for maps)."
    )


class Region(Strict):
    """The ground a scenario is about, for scoring its occupied area against the record
    (``clausewitz backtest``); not read by the engine. Exactly one of ``box`` and ``polygon``."""

    box: list[float] | None = Field(
        None,
        min_length=4,
        max_length=4,
        description="[west, south, east, north] in degrees (lon, lat, lon, lat).",
    )
    polygon: list[Point] | None = Field(
        None, min_length=3, description="Corners of a polygon, in order."
    )
    source: Id | None = Field(None, description="Source id the outline comes from.")
    rationale: str = Field(min_length=1, description="Why this is the scenario's ground.")

    @model_validator(mode="after")
    def _one_shape(self) -> Region:
        if (self.box is None) == (self.polygon is None):
            raise ValueError("give exactly one of 'box' and 'polygon'")
        if self.box is not None:
            west, south, east, north = self.box
            if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
                raise ValueError("box must be [west, south, east, north] with west < east")
        return self


class Theatre(Strict):
    """The ground: sectors (axes of advance) and objectives at depth."""

    sectors: list[Sector] = Field(min_length=1, description="Axes of advance.")
    objectives: list[Objective] = Field(
        default_factory=list, description="Places that fall when the front passes them."
    )
    region: Region | None = Field(
        None,
        description="The scenario's ground, for scoring occupied area (default: derived).",
    )


# --------------------------------------------------------------------------------------------
# logistics


class Node(Strict):
    """A depot, railhead, hub or junction on one side's supply network."""

    id: Id = Field(description="Identifier.")
    name: str = Field("", description="Human name.")
    kind: Literal["depot", "railhead", "hub", "junction"] = Field(
        "junction", description="What the node is."
    )
    side: SideName = Field(description="Whose network it belongs to.")
    supply_per_day: ParamRef | None = Field(
        None,
        description="Inflow at a source (tonne/day).",
        json_schema_extra=quantity("tonne/day"),
    )
    located_at: Id | None = Field(None, description="Objective id: the node is lost when it falls.")
    supplies: list[Id] = Field(default_factory=list, description="Sectors fed from this node.")
    location: Point | None = Field(None, description="Where it is (for maps).")


class Edge(Strict):
    """A rail or road link with a capacity in tonnes per day."""

    id: Id = Field(description="Identifier.")
    from_: Id = Field(alias="from", description="Node id at the rear end.")
    to: Id = Field(description="Node id at the front end.")
    mode: Literal["rail", "road"] = Field(description="Rail or road.")
    capacity: ParamRef = Field(
        description="Throughput, tonne/day.", json_schema_extra=quantity("tonne/day")
    )
    exposed_to: Id | None = Field(
        None, description="Sector whose enemy front threatens this link (interdiction)."
    )
    distance_to_front: ParamRef | None = Field(
        None,
        description="km from the enemy front at start, for interdiction.",
        json_schema_extra=quantity("km"),
    )
    lengthens_with: Id | None = Field(
        None, description="Sector whose advance lengthens this link (attacker's last mile)."
    )
    length: ParamRef | None = Field(
        None,
        description="km at start (needed with lengthens_with).",
        json_schema_extra=quantity("km"),
    )

    @model_validator(mode="after")
    def _pairs(self) -> Edge:
        if self.lengthens_with is not None and self.length is None:
            raise ValueError("an edge with 'lengthens_with' needs 'length'")
        if self.exposed_to is not None and self.distance_to_front is None:
            raise ValueError("an edge with 'exposed_to' needs 'distance_to_front'")
        if self.from_ == self.to:
            raise ValueError("an edge joins two different nodes")
        return self


_DEMAND_UNIT = "tonne/day/(thousand troops)"


class ActivityDemand(Strict):
    """Supply demand per 1,000 troops per day by activity."""

    idle: ParamRef = Field(
        description="Demand when idle.", json_schema_extra=quantity(_DEMAND_UNIT)
    )
    defend: ParamRef = Field(
        description="Demand when defending.", json_schema_extra=quantity(_DEMAND_UNIT)
    )
    attack: ParamRef = Field(
        description="Demand when attacking.", json_schema_extra=quantity(_DEMAND_UNIT)
    )


class Logistics(Strict):
    """Each side's supply network and its demand."""

    nodes: list[Node] = Field(default_factory=list, description="Depots, railheads, hubs.")
    edges: list[Edge] = Field(default_factory=list, description="Rail and road links.")
    demand: dict[SideName, ActivityDemand] = Field(
        default_factory=dict, description="Demand per side by activity."
    )


# --------------------------------------------------------------------------------------------
# economy and negotiation


class SideEconomy(Strict):
    """One side's war economy, in one currency at one year's prices."""

    currency: str = Field(description="Currency with year, e.g. RUB_2025 or USD_2024.")
    gdp_per_year: ParamRef = Field(
        description="Gross domestic product.", json_schema_extra=quantity("{currency}/year")
    )
    military_share_gdp: ParamRef = Field(
        description="Military spending as a share of GDP.",
        json_schema_extra=quantity("1", le=1.0),
    )
    military_share_budget: ParamRef = Field(
        description="Military spending as a share of the budget.",
        json_schema_extra=quantity("1", le=1.0),
    )
    reserves: ParamRef = Field(
        description="Liquid reserves available to cover deficits.",
        json_schema_extra=quantity("{currency}"),
    )
    external_aid_per_year: ParamRef | None = Field(
        None, description="Aid received.", json_schema_extra=quantity("{currency}/year")
    )
    deficit_per_year: ParamRef | None = Field(
        None,
        description="Baseline budget deficit (negative: surplus).",
        json_schema_extra=quantity("{currency}/year", ge=None),
    )
    crisis_threshold: ParamRef = Field(
        description="Stress index at which crisis hazard is 50%/yr.",
        json_schema_extra=quantity("1"),
    )

    @field_validator("currency")
    @classmethod
    def _currency(cls, v: str) -> str:
        if not re.fullmatch(r"[A-Z]{3}_\d{4}", v):
            raise ValueError("must be a currency code with its price year, e.g. RUB_2025")
        return v


class Negotiation(Strict):
    """Parameters of the ceasefire hazard (after Fearon 1995 and Slantchev 2003); engineering
    choices unless a scenario backs one with evidence (the flagship's h0: war-termination data)."""

    base_hazard_per_day: ParamRef = Field(
        description="h0, the hazard when the bargaining gap is zero.",
        json_schema_extra=quantity("1/day"),
    )
    gap_sensitivity: ParamRef = Field(
        description="kappa, steepness of the hazard in the gap.", json_schema_extra=quantity("1")
    )
    convergence_weight: ParamRef = Field(
        description="nu, weight of belief convergence.", json_schema_extra=quantity("1")
    )
    casualty_cost_weight: ParamRef = Field(
        description="w_cas, cost weight of casualties.", json_schema_extra=quantity("1")
    )
    fiscal_cost_weight: ParamRef = Field(
        description="w_fisc, cost weight of fiscal stress.", json_schema_extra=quantity("1")
    )
    prior_strength: ParamRef = Field(
        description="a + b of the Beta prior beliefs.", json_schema_extra=quantity("1")
    )
    optimism: dict[SideName, ParamRef] = Field(
        default_factory=dict,
        description="Each side's prior belief that the attacker prevails.",
        json_schema_extra=quantity("1", le=1.0),
    )
    commitment_horizon_days: ParamRef = Field(
        description="H, how far ahead a power shift suppresses talks.",
        json_schema_extra=quantity("day"),
    )
    commitment_distance_km: ParamRef = Field(
        description="How close the front must be to a hub for the override.",
        json_schema_extra=quantity("km"),
    )


# --------------------------------------------------------------------------------------------
# strategies and switches


class StrategyChoice(Strict):
    """A named strategy available to a side, with its settings (decisions, not facts)."""

    use: str | None = Field(
        None,
        description="A registered strategy or an installed plug-in (never module:attr: a "
        "scenario file imports no code); defaults to the entry's key.",
    )
    description: str = Field("", description="What the strategy does.")
    settings: dict[str, float | int | bool | str] = Field(
        default_factory=dict, description="Strategy settings (plain values: decisions)."
    )


class Mechanisms(Strict):
    """Switches for each mechanism of the model (all on by default)."""

    attrition: bool = Field(True, description="Lanchester attrition.")
    breakpoints: bool = Field(True, description="Breakpoints (Helmbold).")
    advance: bool = Field(True, description="Advance through depth (Epstein ADM).")
    logistics: bool = Field(True, description="Supply network and satisfaction.")
    force_generation: bool = Field(True, description="Recruits, arrivals, returning wounded.")
    economy: bool = Field(True, description="Fiscal strain and crisis hazard.")
    ceasefire: bool = Field(True, description="Ceasefire hazard.")
    loss_distribution: Literal["poisson", "negative_binomial"] = Field(
        "negative_binomial", description="How daily losses are drawn."
    )


class Scenario(Strict):
    """A whole campaign scenario (validated, immutable)."""

    # top-level ``x-...`` keys hold YAML anchors; the loader drops them before validation
    model_config = ConfigDict(json_schema_extra={"patternProperties": {"^x-": {}}})

    include: list[str] = Field(
        default_factory=list,
        description="Files merged into this one, relative to it (read by the loader).",
    )
    meta: Meta = Field(description="What the scenario is and what its author could know.")
    sources: list[Source] = Field(default_factory=list, description="Who said things.")
    claims: list[Claim] = Field(default_factory=list, description="What they said, graded.")
    parameters: dict[Id, Parameter] = Field(
        default_factory=dict, description="Named quantities (and overrides of engine defaults)."
    )
    draws: dict[Id, DrawsTable] = Field(
        default_factory=dict,
        description="Tables of joint draws that parameters take columns of (kind: draws).",
    )
    evidence: EvidencePolicy = Field(
        default_factory=EvidencePolicy, description="Weights of Admiralty grades."
    )
    sides: Sides = Field(description="The two belligerents.")
    theatre: Theatre = Field(description="Sectors and objectives.")
    logistics: Logistics = Field(default_factory=Logistics, description="Supply networks.")
    economy: dict[SideName, SideEconomy] = Field(
        default_factory=dict, description="War economies per side."
    )
    negotiation: Negotiation | None = Field(None, description="Ceasefire hazard parameters.")
    strategies: dict[SideName, dict[Id, StrategyChoice]] = Field(
        default_factory=dict, description="Strategies available to each side."
    )
    mechanisms: Mechanisms = Field(default_factory=Mechanisms, description="Model switches.")


def scenario_json_schema_text() -> str:
    """:func:`scenario_json_schema` as the text of ``schema/scenario.schema.json``."""
    import json

    return json.dumps(scenario_json_schema(), indent=2, ensure_ascii=False) + "\n"


def scenario_json_schema() -> dict[str, Any]:
    """The JSON Schema of a scenario file (what ``clausewitz schema`` prints)."""
    schema = Scenario.model_json_schema(by_alias=True, mode="validation")
    schema["title"] = "clausewitz scenario"
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
