"""Strategies as points in a space of levers: what each side can really decide.

A *lever* is one decision a commander controls, with its range, unit and meaning. A *point*
gives every lever of a side a value; it compiles onto one of the built-in policies (the
``approach`` of the attacker, the ``posture`` of the defender) and that policy's settings, so
the built-in strategies are named points of the space (:func:`named_point`) and simulate
exactly as before. A user's strategy is a point (a ``strategies.<side>.<name>`` entry with
``use`` and ``settings``) or a Python policy (``module:attr``), as before; the optimiser
(``clausewitz optimize``) searches the space.

Every range below is our own choice [ENG]: wide enough to hold the built-ins and the
alternatives an analyst would argue for, narrow enough that each point is a posture a staff
could order.

``massing`` moves line troops, not only the reserve: the share of the line off the focus that
the attacker takes back into its reserve on the first day (orders' ``withdraw``), to follow
the reserve to the focus, marching for the reserve's transit days (docs/model.md §2). The
defender has the matching levers: ``focus_share`` of its forward reserve to its focus sectors
(the attacker's main axis unless a scenario names others) whatever the pressure, and
``massing`` of its lines off that focus, marching the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from clausewitz.engine.orders import StrategySpec
from clausewitz.errors import UserError
from clausewitz.strategies.attacker import ATTRITION_DEFAULTS, DECISIVE_DEFAULTS, ENVELOP_DEFAULTS
from clausewitz.strategies.defender import (
    DEFEND_IN_DEPTH_DEFAULTS,
    ELASTIC_DEFAULTS,
    HOLD_EVERY_METRE_DEFAULTS,
)
from clausewitz.strategies.registry import get_strategy

SettingValue = float | int | bool | str


@dataclass(frozen=True)
class Lever:
    """One decision of a side: a number in ``[low, high]`` or one of ``choices``.

    ``settings`` maps each policy (the approach or posture it applies to) to the name of that
    policy's setting the lever sets; a policy absent from it ignores the lever.
    """

    name: str
    meaning: str
    unit: str
    low: float = 0.0
    high: float = 1.0
    choices: tuple[str, ...] = ()
    settings: Mapping[str, str] = field(default_factory=dict)
    integer: bool = False

    @property
    def categorical(self) -> bool:
        """Whether the lever picks one of ``choices`` rather than a number."""
        return bool(self.choices)

    def check(self, value: SettingValue) -> SettingValue:
        """``value`` if it is admissible, else :class:`UserError` naming the range."""
        if self.categorical:
            if value not in self.choices:
                raise UserError(
                    f"lever '{self.name}' = {value!r} is not one of {', '.join(self.choices)}"
                )
            return value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise UserError(f"lever '{self.name}' must be a number, got {value!r}")
        if not self.low <= float(value) <= self.high:
            raise UserError(
                f"lever '{self.name}' = {value:g} is outside [{self.low:g}, {self.high:g}] "
                f"({self.unit})"
            )
        return float(value)


APPROACHES: dict[str, str] = {
    "broad": "attrition",
    "frontal": "decisive",
    "envelopment": "envelop",
}
"""The attacker's approach (lever value) -> the policy that fights it."""

POSTURES: dict[str, str] = {
    "depth": "defend-in-depth",
    "every-metre": "hold-every-metre",
    "elastic": "elastic",
}
"""The defender's posture (lever value) -> the policy that fights it."""

_ALL_ATTACK = tuple(APPROACHES.values())


def _on(policies: Iterable[str], setting: str) -> dict[str, str]:
    return {p: setting for p in policies}


def _massing(settings: Mapping[str, str]) -> Lever:
    """The massing lever, alike for both sides: only the policies that read it differ."""
    return Lever(
        "massing",
        "share of the line off the focus taken back into the reserve on the first day, to go "
        "to the focus with the reserve (marching as the reserve does)",
        "share of the line",
        0.0,
        0.6,
        settings=settings,
    )


ATTACKER_LEVERS: tuple[Lever, ...] = (
    Lever(
        "approach",
        "where the effort goes: broad pressure everywhere, a frontal decisive battle on the "
        "main axis, or an envelopment through the flanks with a screen in front of the hub",
        "choice",
        choices=tuple(APPROACHES),
    ),
    Lever(
        "tempo",
        "intensity of the assaults in the focus sectors (1: the full rate of the battle model)",
        "share of full tempo",
        0.1,
        1.0,
        settings=_on(_ALL_ATTACK, "tempo"),
    ),
    Lever(
        "secondary_tempo",
        "intensity off the focus: the fixing attacks of a decisive battle, the screen in front "
        "of the hub in an envelopment",
        "share of full tempo",
        0.0,
        1.0,
        settings={"decisive": "secondary_tempo", "envelop": "main_axis_tempo"},
    ),
    Lever(
        "loss_tolerance",
        "how much loss an attack accepts before it pauses (multiplies the break and "
        "adaptation thresholds)",
        "x default thresholds",
        0.3,
        2.0,
        settings=_on(_ALL_ATTACK, "loss_tolerance"),
    ),
    Lever(
        "commit_share",
        "share of the reserve sent forward each day",
        "share per day",
        0.05,
        1.0,
        settings=_on(_ALL_ATTACK, "commit_share"),
    ),
    Lever(
        "focus_share",
        "share of the committed reserve that goes to the focus: the main axis (broad, "
        "frontal) or the flanks (envelopment)",
        "share",
        0.0,
        1.0,
        settings={
            "attrition": "main_axis_share",
            "decisive": "main_axis_share",
            "envelop": "flank_share",
        },
    ),
    _massing({"decisive": "massing", "envelop": "massing"}),
    Lever(
        "window_days",
        "how long the decisive battle lasts before the side reverts to attrition",
        "days",
        15.0,
        365.0,
        settings={"decisive": "window_days"},
    ),
    Lever(
        "reserve_from_day",
        "when the reserve starts going forward (0: from the first day)",
        "day",
        0.0,
        120.0,
        settings=_on(_ALL_ATTACK, "reserve_from_day"),
    ),
)
"""The attacker's levers."""

_DEPTH_AND_ELASTIC = ("defend-in-depth", "elastic")

DEFENDER_LEVERS: tuple[Lever, ...] = (
    Lever(
        "posture",
        "how ground is traded: belt by belt with counter-attacks (depth), no voluntary "
        "withdrawal (every-metre), or early withdrawal except near the hub (elastic)",
        "choice",
        choices=tuple(POSTURES),
    ),
    Lever(
        "loss_tolerance",
        "how much loss a line takes before it falls back (multiplies the break and withdrawal "
        "thresholds)",
        "x default thresholds",
        0.3,
        2.5,
        settings=_on(POSTURES.values(), "loss_tolerance"),
    ),
    Lever(
        "commit_share",
        "share of the reserve sent forward each day",
        "share per day",
        0.05,
        1.0,
        settings=_on(POSTURES.values(), "commit_share"),
    ),
    Lever(
        "reserve_share_held",
        "share of the day's commitment held back for counter-attacks in quiet sectors",
        "share",
        0.0,
        0.8,
        settings=_on(_DEPTH_AND_ELASTIC, "reserve_share_held"),
    ),
    Lever(
        "counterattack_tempo",
        "intensity of the counter-attacks (0: none)",
        "share of full tempo",
        0.0,
        1.0,
        settings=_on(_DEPTH_AND_ELASTIC, "counterattack_tempo"),
    ),
    Lever(
        "focus_share",
        "share of the reserve going forward that goes to the focus sectors (the attacker's "
        "main axis unless the strategy names others) whatever the pressure; the rest goes "
        "where the pressure is",
        "share",
        0.0,
        1.0,
        settings=_on(POSTURES.values(), "focus_share"),
    ),
    _massing(_on(POSTURES.values(), "massing")),
    Lever(
        "hub_radius_km",
        "how near the front must come to a hub before the elastic defence holds hard",
        "km",
        0.0,
        30.0,
        settings={"elastic": "hub_radius_km"},
    ),
    Lever(
        "hub_loss_tolerance",
        "the loss tolerance of the lines near a threatened hub (elastic)",
        "x default thresholds",
        0.5,
        3.0,
        settings={"elastic": "hub_loss_tolerance"},
    ),
)
"""The defender's levers."""

LEVERS: dict[str, tuple[Lever, ...]] = {"attacker": ATTACKER_LEVERS, "defender": DEFENDER_LEVERS}
"""Side -> its levers, the policy-choosing lever first."""

POLICIES: dict[str, dict[str, str]] = {"attacker": APPROACHES, "defender": POSTURES}
"""Side -> value of its first lever -> the built-in policy that fights it."""

POLICY_DEFAULTS: dict[str, Mapping[str, object]] = {
    "attrition": ATTRITION_DEFAULTS,
    "decisive": DECISIVE_DEFAULTS,
    "envelop": ENVELOP_DEFAULTS,
    "defend-in-depth": DEFEND_IN_DEPTH_DEFAULTS,
    "hold-every-metre": HOLD_EVERY_METRE_DEFAULTS,
    "elastic": ELASTIC_DEFAULTS,
}
"""Each built-in policy's default settings."""


def levers(side: str) -> tuple[Lever, ...]:
    """The levers of ``side`` (``attacker`` or ``defender``)."""
    if side not in LEVERS:
        raise UserError(f"side must be one of {', '.join(LEVERS)} (got {side!r})")
    return LEVERS[side]


@dataclass(frozen=True)
class Point:
    """One strategy as lever values: the policy it compiles to and that policy's settings.

    ``fixed`` holds settings no lever moves (``flank_sectors`` of an envelopment, ``then`` of
    a decisive battle): they come from the scenario's entry the point started from.
    """

    side: str
    values: Mapping[str, SettingValue]
    fixed: Mapping[str, SettingValue] = field(default_factory=dict)

    @property
    def policy(self) -> str:
        """The built-in policy this point is fought with."""
        return POLICIES[self.side][str(self.values[levers(self.side)[0].name])]

    def settings(self) -> dict[str, SettingValue]:
        """The policy's settings: the levers that apply to it, then the fixed settings."""
        policy = self.policy
        out: dict[str, SettingValue] = {}
        for lever in levers(self.side)[1:]:
            name = lever.settings.get(policy)
            if name and lever.name in self.values:
                out[name] = self.values[lever.name]
        out.update(self.fixed)
        return out


def make_point(
    side: str,
    values: Mapping[str, SettingValue],
    fixed: Mapping[str, SettingValue] | None = None,
) -> Point:
    """A checked :class:`Point`: every value in its lever's range, the policy lever given."""
    by_name = {lv.name: lv for lv in levers(side)}
    unknown = sorted(set(values) - set(by_name))
    if unknown:
        raise UserError(
            f"unknown {side} lever(s) {', '.join(unknown)} (levers: {', '.join(by_name)})"
        )
    first = levers(side)[0].name
    if first not in values:
        raise UserError(f"a {side} point needs the lever '{first}'")
    checked = {k: by_name[k].check(v) for k, v in values.items()}
    return Point(side, checked, dict(fixed or {}))


def point_of(side: str, policy: str, settings: Mapping[str, SettingValue]) -> Point:
    """The point of a built-in ``policy`` with ``settings`` (its defaults filled in): the
    inverse of :meth:`Point.settings`. Settings no lever moves are kept as fixed."""
    by_policy = {v: k for k, v in POLICIES[side].items()}
    if policy not in by_policy:
        raise UserError(
            f"'{policy}' is not a built-in {side} policy with levers "
            f"(policies: {', '.join(by_policy)})"
        )
    merged = {**POLICY_DEFAULTS[policy], **settings}
    values: dict[str, SettingValue] = {levers(side)[0].name: by_policy[policy]}
    moved: set[str] = set()
    for lever in levers(side)[1:]:
        name = lever.settings.get(policy)
        if name:
            values[lever.name] = float(merged[name])  # type: ignore[arg-type]
            moved.add(name)
    fixed = {k: v for k, v in settings.items() if k not in moved}
    return Point(side, values, fixed)


def named_point(side: str, name: str, choices: Mapping[str, object] | None = None) -> Point:
    """The point of strategy ``name``: a scenario's entry (``strategies.<side>.<name>``, with
    ``use`` and ``settings``) in ``choices``, else the built-in policy of that name with its
    defaults."""
    entry = (choices or {}).get(name)
    if entry is not None:
        policy = getattr(entry, "use", None) or name
        settings = dict(getattr(entry, "settings", {}) or {})
    else:
        policy, settings = name, {}
    return point_of(side, policy, settings)


def describe(side: str) -> list[dict[str, object]]:
    """The levers of ``side`` as rows (name, range or choices, unit, meaning, policies)."""
    rows: list[dict[str, object]] = []
    for lv in levers(side):
        rows.append(
            {
                "lever": lv.name,
                "range": ", ".join(lv.choices) if lv.categorical else f"{lv.low:g}-{lv.high:g}",
                "unit": lv.unit,
                "meaning": lv.meaning,
                "policies": ", ".join(lv.settings) if lv.settings else "all",
            }
        )
    return rows


def lever_names(side: str, only: Sequence[str] | None = None) -> list[str]:
    """Names of ``side``'s levers; ``only`` checked against them (the order of the space)."""
    names = [lv.name for lv in levers(side)]
    if only is None:
        return names
    bad = [n for n in only if n not in names]
    if bad:
        raise UserError(f"unknown {side} lever(s) {', '.join(bad)} (levers: {', '.join(names)})")
    return [n for n in names if n in only]


def spec(point: Point, name: str) -> StrategySpec:
    """The engine's strategy spec of ``point`` under ``name``."""
    return StrategySpec(name=name, function=get_strategy(point.policy), settings=point.settings())
