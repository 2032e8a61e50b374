"""Finding strategies by name: built-ins, ``module:attr`` paths and installed plug-ins.

A name resolves in this order: a strategy registered with :func:`register_strategy` (the
built-ins are registered on import), a ``module:attr`` path (a callable, or a class that is
instantiated without arguments), then an entry point in the group ``clausewitz.strategies``
(how a separately installed package adds strategies).
"""

from __future__ import annotations

import difflib
import importlib
from collections.abc import Mapping
from importlib.metadata import entry_points
from typing import Any

from clausewitz.engine.orders import Strategies, Strategy, StrategySpec
from clausewitz.errors import UserError
from clausewitz.strategies import attacker, defender
from clausewitz.strategies.builtin import hold_line, steady_pressure

ENTRY_POINT_GROUP = "clausewitz.strategies"

DEFAULT_ATTACKER = "steady-pressure"
"""Strategy of an attacker whose scenario names none."""
DEFAULT_DEFENDER = "hold-line"
"""Strategy of a defender whose scenario names none."""

_REGISTRY: dict[str, Strategy] = {}


def register_strategy(name: str, strategy: Strategy, *, replace: bool = False) -> None:
    """Make ``strategy`` available as ``name``; refuses to replace an existing one unless asked."""
    if name in _REGISTRY and not replace:
        raise ValueError(f"a strategy named '{name}' is already registered")
    _REGISTRY[name] = strategy


def registered_strategies() -> list[str]:
    """Names registered in this process (built-ins first), without plug-ins."""
    return list(_REGISTRY)


def _instantiate(obj: Any, name: str) -> Strategy:
    if isinstance(obj, type):
        obj = obj()
    if not callable(obj):
        raise UserError(f"strategy '{name}' is not callable")
    strategy: Strategy = obj
    return strategy


def get_strategy(name: str, *, allow_import: bool = True) -> Strategy:
    """The strategy called ``name``; :class:`UserError` with the known names if there is none.

    ``allow_import=False`` (a name written in a scenario file) resolves registered strategies
    and plug-ins only: a scenario never makes the engine import a module it names."""
    if name in _REGISTRY:
        return _REGISTRY[name]
    if ":" in name and not allow_import:
        raise UserError(
            f"strategy '{name}': a scenario names registered strategies or plug-ins only "
            "(module:attr is for the command line)"
        )
    if ":" in name:
        module_name, _, attr = name.partition(":")
        try:
            module = importlib.import_module(module_name)
        except ImportError as exc:
            raise UserError(
                f"strategy '{name}': cannot import module '{module_name}' ({exc})"
            ) from None
        target: Any = module
        for part in attr.split("."):
            if not hasattr(target, part):
                raise UserError(f"strategy '{name}': '{module_name}' has no attribute '{attr}'")
            target = getattr(target, part)
        return _instantiate(target, name)
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        if ep.name == name:
            return _instantiate(ep.load(), name)
    known = ", ".join(
        sorted(set(_REGISTRY) | {ep.name for ep in entry_points(group=ENTRY_POINT_GROUP)})
    )
    raise UserError(f"unknown strategy '{name}' (known: {known}; or give 'module:attr')")


def choose(
    side: str,
    name: str | None = None,
    available: Mapping[str, Any] | None = None,
    default: str | None = None,
) -> StrategySpec:
    """The strategy a side uses: ``name`` (or ``default``, or the engine's default for the
    side) looked up in the scenario's ``available`` choices (``strategies.<side>``: objects
    with ``use`` and ``settings``) and then in the registry."""
    chosen = name or default or (DEFAULT_ATTACKER if side == "attacker" else DEFAULT_DEFENDER)
    settings: dict[str, float | int | bool | str] = {}
    target = chosen
    if available and chosen in available:
        entry = available[chosen]
        use = getattr(entry, "use", None)
        target = use or chosen
        settings = dict(getattr(entry, "settings", {}) or {})
        # a 'use:' written in the scenario file never imports a module
        function = get_strategy(target, allow_import=not use)
        return StrategySpec(name=chosen, function=function, settings=settings)
    try:
        function = get_strategy(target)
    except UserError:
        if ":" in target:
            raise
        raise _unknown(side, chosen, available) from None
    return StrategySpec(name=chosen, function=function, settings=settings)


def side_strategies(side: str, available: Mapping[str, Any] | None = None) -> list[str]:
    """The strategies ``side`` can play: the scenario's ``available`` choices, the side's
    built-ins, then strategies registered or installed as plug-ins (which may serve either
    side); never the other side's built-ins."""
    own = ATTACKER_LIBRARY if side == "attacker" else DEFENDER_LIBRARY
    other = DEFENDER_LIBRARY if side == "attacker" else ATTACKER_LIBRARY
    default, other_default = (
        (DEFAULT_ATTACKER, DEFAULT_DEFENDER)
        if side == "attacker"
        else (DEFAULT_DEFENDER, DEFAULT_ATTACKER)
    )
    plugins = [ep.name for ep in entry_points(group=ENTRY_POINT_GROUP)]
    names = [*(available or {}), *own, default, *_REGISTRY, *plugins]
    seen = set(other) | {other_default}
    out: list[str] = []
    for n in names:
        if n not in seen:
            seen.add(n)
            out.append(n)
    return out


def _unknown(side: str, name: str, available: Mapping[str, Any] | None) -> UserError:
    """The error of a strategy name that resolves to nothing: the closest name of the side
    (a typo) and every name the side can play."""
    names = side_strategies(side, available)
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return UserError(
        f"unknown strategy '{name}'{hint}; the {side}'s strategies: {', '.join(names)} "
        "(or give 'module:attr')"
    )


def default_strategies() -> Strategies:
    """``steady-pressure`` against ``hold-line`` with default settings."""
    return Strategies(choose("attacker"), choose("defender"))


register_strategy(DEFAULT_ATTACKER, steady_pressure)
register_strategy(DEFAULT_DEFENDER, hold_line)
ATTACKER_LIBRARY: dict[str, Strategy] = {
    "attrition": attacker.attrition,
    "decisive": attacker.decisive,
    "envelop": attacker.envelop,
}
"""The attacker's built-in strategies (besides the default)."""
DEFENDER_LIBRARY: dict[str, Strategy] = {
    "defend-in-depth": defender.defend_in_depth,
    "hold-every-metre": defender.hold_every_metre,
    "elastic": defender.elastic,
}
"""The defender's built-in strategies (besides the default)."""
for _name, _strategy in {**ATTACKER_LIBRARY, **DEFENDER_LIBRARY}.items():
    register_strategy(_name, _strategy)
