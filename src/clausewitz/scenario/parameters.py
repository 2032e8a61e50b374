"""The parameter table: every number the model will use, where it is used, in which unit.

:func:`collect_parameters` merges three kinds of parameter:

1. engine defaults (:data:`clausewitz.scenario.defaults.DEFAULTS`), keyed by name;
2. the scenario's ``parameters`` section, which overrides a default of the same name;
3. inline parameters written in a structural field. An inline parameter is named by its key
   path with list items named by their id (index when an item has no unique id), joined with
   dots: ``theatre.sectors.pokrovsk-south.frontage``,
   ``sides.attacker.contingents.nk-2025.troops``,
   ``theatre.objectives.pokrovsk.encircled_when.0.depth``. Claims may inform an inline
   parameter by that name.

For each parameter the table records the :class:`Parameter`, where it was written, and every
use: the structural field (key path), the unit that field expects (``{currency}`` resolved to
the side's currency) and its meaningful bounds. The engine's compile step converts samples
into each use's unit with :func:`clausewitz.units.convert`; the evidence fusion reads the
claims and the parameter's unit.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

from clausewitz.scenario.defaults import DEFAULTS
from clausewitz.scenario.fields import KeyPath, auto_name, child, item_id, iter_ref_sites
from clausewitz.scenario.loader import LoadedScenario
from clausewitz.scenario.schema import Claim, Parameter, Scenario

Origin = Literal["default", "scenario", "inline"]


@dataclass(frozen=True)
class ParameterUse:
    """One structural field that uses a parameter."""

    path: KeyPath
    """Key path with list indexes, e.g. ``("theatre", "sectors", 0, "frontage")``."""
    display: str
    """The same for people, e.g. ``theatre.sectors[pokrovsk-south].frontage``."""
    unit: str
    """The unit the field expects (the engine's unit for it)."""
    min: float | None
    max: float | None


@dataclass(frozen=True)
class ParameterEntry:
    """A parameter with its origin and uses."""

    name: str
    parameter: Parameter
    origin: Origin
    path: KeyPath | None
    """Where it is written (``None`` for an engine default not overridden)."""
    uses: tuple[ParameterUse, ...]
    overrides_default: bool = False

    @property
    def unit(self) -> str:
        """The parameter's own unit (claims are converted to it)."""
        return self.parameter.unit

    @property
    def basis(self) -> str:
        """evidence, assumption or engineering."""
        return str(self.parameter.basis)

    @property
    def claims(self) -> tuple[str, ...]:
        """Ids of the claims it is fused from (empty unless basis is evidence)."""
        return tuple(self.parameter.from_ or ())

    @property
    def used(self) -> bool:
        """Used by a structural field, or read by the engine as a default."""
        return bool(self.uses) or self.name in DEFAULTS


class ParameterTable(Mapping[str, ParameterEntry]):
    """Read-only mapping of parameter name → :class:`ParameterEntry`, in order: defaults,
    scenario parameters, inline parameters (document order)."""

    def __init__(
        self, entries: Mapping[str, ParameterEntry], claims: Mapping[str, Claim] | None = None
    ) -> None:
        self._entries = MappingProxyType(dict(entries))
        self._claims = MappingProxyType(dict(claims or {}))
        by_path: dict[KeyPath, str] = {}
        for entry in self._entries.values():
            for use in entry.uses:
                by_path[use.path] = entry.name
        self._by_path = MappingProxyType(by_path)

    def __getitem__(self, name: str) -> ParameterEntry:
        return self._entries[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def name_at(self, path: KeyPath) -> str:
        """The name of the parameter used by the structural field at ``path``.

        Raises ``KeyError`` if no quantity is written at ``path``.
        """
        return self._by_path[tuple(path)]

    def claims_for(self, name: str) -> list[Claim]:
        """The claims a parameter is fused from, in its ``from`` order (evidence fusion)."""
        return [self._claims[c] for c in self._entries[name].claims]

    def uses(self) -> Mapping[KeyPath, str]:
        """Every quantity field present in the scenario → the parameter it uses."""
        return self._by_path

    def used(self) -> list[ParameterEntry]:
        """Entries the model uses (by a field, or as an engine default)."""
        return [e for e in self._entries.values() if e.used]

    def by_basis(self, basis: str) -> list[ParameterEntry]:
        """Entries with the given basis (evidence, assumption, engineering)."""
        return [e for e in self._entries.values() if e.basis == basis]


def _display(root: Scenario, path: KeyPath) -> str:
    text = ""
    node: object = root
    for key in path:
        if isinstance(key, int) and isinstance(node, (list, tuple)):
            ident = item_id(node[key])
            ids = [item_id(x) for x in node]
            text += f"[{ident}]" if ident is not None and ids.count(ident) == 1 else f"[{key}]"
        else:
            text += ("." if text else "") + str(key)
        node = child(node, key)
    return text


def collect_parameters(loaded: LoadedScenario | Scenario) -> ParameterTable:
    """Every parameter of a scenario (defaults, named, inline) with its uses.

    Accepts a :class:`LoadedScenario` (use displays match the error messages) or a bare
    :class:`Scenario` (e.g. one built in memory). Assumes the scenario passed the checks of
    :func:`~clausewitz.scenario.loader.load_scenario`: an unknown name raises ``KeyError``.
    """
    scenario = loaded.scenario if isinstance(loaded, LoadedScenario) else loaded
    display = (
        loaded.positions.display
        if isinstance(loaded, LoadedScenario)
        else (lambda p: _display(scenario, p))
    )
    params: dict[str, Parameter] = dict(DEFAULTS)
    origins: dict[str, Origin] = dict.fromkeys(DEFAULTS, "default")
    paths: dict[str, KeyPath | None] = dict.fromkeys(DEFAULTS)
    for name, p in scenario.parameters.items():
        params[name], origins[name], paths[name] = p, "scenario", ("parameters", name)
    uses: dict[str, list[ParameterUse]] = {}
    for site in iter_ref_sites(scenario):
        if isinstance(site.value, Parameter):
            name = auto_name(scenario, site.path)
            params[name], origins[name], paths[name] = site.value, "inline", site.path
        elif isinstance(site.value, str):
            name = site.value
            if name not in params:
                raise KeyError(f"{display(site.path)}: unknown parameter '{name}'")
        else:
            continue
        currency = None
        if site.path[:1] == ("economy",):
            side = scenario.economy.get(str(site.path[1]))  # type: ignore[call-overload]
            currency = side.currency if side is not None else None
        use = ParameterUse(
            site.path, display(site.path), site.spec.resolve(currency), site.spec.min, site.spec.max
        )
        uses.setdefault(name, []).append(use)
    entries = {
        name: ParameterEntry(
            name=name,
            parameter=p,
            origin=origins[name],
            path=paths[name],
            uses=tuple(uses.get(name, ())),
            overrides_default=origins[name] != "default" and name in DEFAULTS,
        )
        for name, p in params.items()
    }
    return ParameterTable(entries, {c.id: c for c in scenario.claims})


def format_value(parameter: Parameter) -> str:
    """A parameter's value for tables: ``0.25``, ``uniform(low=0.1, high=0.3)``,
    ``from ru-troops-syrskyi, ...``; hard bounds appended as ``in [low, high]``."""
    if parameter.from_:
        text = "from " + ", ".join(parameter.from_)
    elif parameter.value is not None:
        text = f"{parameter.value:g}"
    elif parameter.distribution is not None:
        dist = parameter.distribution
        args = ", ".join(
            f"{k}={v:g}" if isinstance(v, (int, float)) else f"{k}={v}"
            for k, v in dist.model_dump().items()
            if k != "kind" and isinstance(v, (int, float, str))
        )
        text = f"{dist.kind}({args})"
    else:
        text = ""
    if parameter.low is not None or parameter.high is not None:
        lo = "-inf" if parameter.low is None else f"{parameter.low:g}"
        hi = "inf" if parameter.high is None else f"{parameter.high:g}"
        text += f" in [{lo}, {hi}]"
    return text


def defaults_rows() -> list[dict[str, str]]:
    """The engine defaults as table rows: name, basis, value, unit, rationale, citation."""
    return [
        {
            "name": name,
            "basis": str(p.basis),
            "value": format_value(p),
            "unit": p.unit,
            "rationale": p.rationale,
            "citation": p.citation,
            "description": p.description,
        }
        for name, p in sorted(DEFAULTS.items())
    ]
