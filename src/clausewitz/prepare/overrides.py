"""Fixing some of a scenario's parameters at given values, by name, in each parameter's unit.

Every parameter is sampled as ``ppf(u)`` of its own counter-based uniform (keyed by seed, run
and the parameter's name, :mod:`clausewitz.prepare.sampling`). Fixing a parameter therefore
means replacing its distribution by a point mass at the value: every run then uses the value,
and every *other* parameter keeps exactly the draws it had, run by run. That is what makes
sweep points, tornado ends and Sobol design points common-random-number comparisons.

:func:`fixed_estimates` states the rule on the estimates (what a reader checks);
:func:`override_samples` applies it to samples already drawn for many points at once (what the
evaluators run; a test checks that both agree).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
from numpy.typing import NDArray

from clausewitz.errors import UserError
from clausewitz.evidence.distributions import PointMass
from clausewitz.scenario.messages import suggest

F64 = NDArray[np.float64]


def check_names(names: Iterable[str], known: Iterable[str], *, what: str = "parameter") -> None:
    """Raise :class:`UserError` naming the first unknown name, with a "did you mean"."""
    options = list(known)
    for name in names:
        if name not in options:
            hint = suggest(name, options, what)
            raise UserError(
                f"unknown {what} '{name}'"
                + (f" ({hint})" if hint else "")
                + f"; see 'clausewitz evidence SCENARIO --defaults' for every {what}"
            )


def check_value(
    name: str, value: float, bounds: Mapping[str, tuple[float | None, float | None]]
) -> None:
    """Raise :class:`UserError` unless ``value`` is finite and inside the parameter's hard
    bounds (values outside them are not a question the scenario can answer)."""
    if not math.isfinite(value):
        raise UserError(f"parameter '{name}': value {value!r} is not a finite number")
    low, high = bounds.get(name, (None, None))
    if (low is not None and value < low) or (high is not None and value > high):
        lo = "-inf" if low is None else f"{low:g}"
        hi = "inf" if high is None else f"{high:g}"
        raise UserError(f"parameter '{name}': value {value:g} lies outside its bounds [{lo}, {hi}]")


def check_uses(name: str, value: float, entry: Any) -> None:
    """Raise :class:`UserError` if ``value`` (in the parameter's unit) lies outside what a field
    using the parameter accepts (e.g. a share above 1), converted to that field's unit.

    ``entry`` is the parameter's :class:`~clausewitz.scenario.parameters.ParameterEntry`.
    """
    from clausewitz.units import convert

    for use in entry.uses:
        if use.min is None and use.max is None:
            continue
        x = float(convert(value, entry.unit, use.unit))
        if (use.min is not None and x < use.min) or (use.max is not None and x > use.max):
            lo = "-inf" if use.min is None else f"{use.min:g}"
            hi = "inf" if use.max is None else f"{use.max:g}"
            raise UserError(
                f"parameter '{name}': value {value:g} lies outside what {use.display} accepts "
                f"[{lo}, {hi}] {use.unit}"
            )


def fixed_estimates(estimates: Mapping[str, Any], values: Mapping[str, float]) -> dict[str, Any]:
    """``estimates`` with each parameter in ``values`` replaced by a point mass at its value.

    The result samples (``clausewitz.prepare.sampling.sample``) like the original for every
    parameter not in ``values``, draw for draw.
    """
    check_names(values, estimates)
    out = dict(estimates)
    for name, value in values.items():
        out[name] = PointMass(float(value))
    return out


def override_samples(
    base: Mapping[str, F64], overrides: Mapping[str, F64], n_points: int
) -> dict[str, F64]:
    """Samples of ``n_points`` points that share the same ``R`` runs, point-major.

    ``base[name]`` holds each parameter's values for the ``R`` runs; ``overrides[name]`` one
    value per point, NaN where the parameter is not fixed at that point. Row ``p * R + r`` is
    run ``r`` at point ``p``: the base sample of run ``r`` for every parameter, except those
    fixed at point ``p``, which take its value.
    """
    check_names(overrides, base)
    out: dict[str, F64] = {}
    for name, values in base.items():
        col = np.tile(np.asarray(values, dtype=np.float64), n_points)
        if name in overrides:
            v = np.asarray(overrides[name], dtype=np.float64).reshape(-1)
            if v.shape != (n_points,):
                raise ValueError(f"override of '{name}' has {v.size} values for {n_points} points")
            fixed = ~np.isnan(v)
            col.reshape(n_points, -1)[fixed, :] = v[fixed, None]
        out[name] = col
    return out
