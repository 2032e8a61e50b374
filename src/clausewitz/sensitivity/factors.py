"""Which parameters a sensitivity analysis varies, and over what: their own distributions.

A scenario parameter is a factor of the analysis when the model uses it (a structural field or
an engine constant reads it) and it varies (its 5% and 95% quantiles differ). Its inverse CDF
is the fused (evidence) or stated (assumption, engineering) distribution, clipped to the
parameter's hard bounds exactly as the engine's sampling does, so a global analysis samples
each factor from the distribution a normal run draws it from.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from clausewitz.errors import UserError
from clausewitz.prepare.overrides import check_names
from clausewitz.prepare.prepared import PreparedScenario
from clausewitz.stats.global_sensitivity import Factor

F64 = NDArray[np.float64]


@dataclass(frozen=True)
class ParameterRange:
    """A factor: its basis, unit and 5% / 50% / 95% quantiles (hard bounds applied)."""

    name: str
    basis: str
    """``evidence``, ``assumption`` or ``engineering``."""
    unit: str
    p05: float
    median: float
    p95: float
    description: str = ""


def _clip(model: PreparedScenario, name: str, x: F64) -> F64:
    low, high = model.bounds.get(name, (None, None))
    if low is None and high is None:
        return x
    return np.clip(x, low, high)


def quantiles(model: PreparedScenario, name: str, q: Sequence[float]) -> F64:
    """Quantiles of a parameter as the engine samples it (hard bounds applied)."""
    x = np.asarray(model.estimates[name].ppf(np.asarray(q, dtype=np.float64)), dtype=np.float64)
    return _clip(model, name, x)


def parameter_range(model: PreparedScenario, name: str) -> ParameterRange:
    """A parameter's :class:`ParameterRange`."""
    est = model.estimates[name]
    p05, p50, p95 = (float(v) for v in quantiles(model, name, [0.05, 0.5, 0.95]))
    return ParameterRange(name, est.basis, est.unit, p05, p50, p95, est.description)


def analysable(model: PreparedScenario) -> list[str]:
    """Parameters the model uses and that vary, in the parameter table's order."""
    out = []
    for name, entry in model.table.items():
        if not entry.used or name not in model.estimates:
            continue
        p05, p95 = quantiles(model, name, [0.05, 0.95])
        if p95 > p05:
            out.append(name)
    return out


def select(model: PreparedScenario, names: Sequence[str] | None) -> list[str]:
    """``names`` checked (unknown: "did you mean"; unused or fixed: an error saying so), or
    every analysable parameter when ``names`` is ``None``."""
    if names is None:
        return analysable(model)
    if len(set(names)) != len(names):
        raise UserError("a parameter is listed twice")
    check_names(names, model.estimates)
    for name in names:
        if not model.table[name].used:
            raise UserError(
                f"parameter '{name}' is not used by the model (no field or engine constant "
                "reads it): its sensitivity is 0 by construction"
            )
        p05, p95 = quantiles(model, name, [0.05, 0.95])
        if not p95 > p05:
            raise UserError(
                f"parameter '{name}' does not vary (its distribution is fixed at {p05:g}); "
                "give it a distribution to analyse it"
            )
    return list(names)


def factor(model: PreparedScenario, name: str) -> Factor:
    """A :class:`~clausewitz.stats.global_sensitivity.Factor` whose inverse CDF is the
    parameter's distribution, as sampled by the engine."""
    ppf = model.estimates[name].ppf

    def inverse(u: F64) -> F64:
        return _clip(model, name, np.asarray(ppf(np.asarray(u, dtype=np.float64)), np.float64))

    return Factor(name, inverse)
