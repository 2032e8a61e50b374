"""Every default value of the model, in one place.

Each entry is a :class:`~clausewitz.scenario.schema.Parameter` whose ``basis`` says what it is:
``engineering`` for a modelling choice of ours (labelled so, with a rationale, and varied by
sensitivity analysis), or carrying a ``citation`` when the value is published. A scenario
overrides any default by defining a parameter of the same name. ``clausewitz schema --defaults``
prints this table.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

from clausewitz.scenario.schema import Parameter


def _eng(value: float, unit: str, rationale: str, *, citation: str = "", **kw: float) -> Parameter:
    return Parameter(
        unit=unit, basis="engineering", value=value, rationale=rationale, citation=citation, **kw
    )


# The engine's constants are registered here by name (filled by the engine modules' authors).
_DEFAULTS: dict[str, Parameter] = {}

DEFAULTS: Final = MappingProxyType(_DEFAULTS)
"""Read-only view of the default parameters, keyed by parameter name."""
