"""Which parameters a sensitivity analysis varies, and over what: their own distributions.

A scenario parameter is a factor of the analysis when the model uses it (a structural field or
an engine constant reads it) and it varies (its 5% and 95% quantiles differ). Its inverse CDF
is the fused (evidence) or stated (assumption, engineering) distribution, clipped to the
parameter's hard bounds exactly as the engine's sampling does, so a global analysis samples
each factor from the distribution a normal run draws it from.
"""

from __future__ import annotations

from collections.abc import Sequence

from clausewitz.errors import UserError
from clausewitz.prepare.overrides import check_names
from clausewitz.prepare.prepared import PreparedScenario
from clausewitz.stats.uncertainty import Uncertainty


def uncertainty(model: PreparedScenario, name: str) -> Uncertainty:
    """A parameter as an :class:`~clausewitz.stats.uncertainty.Uncertainty`: its fused or
    stated distribution clipped to its hard bounds, as the engine samples it."""
    est = model.estimates[name]
    low, high = model.bounds.get(name, (None, None))
    return Uncertainty.bounded(
        name,
        est.ppf,
        low,
        high,
        unit=est.unit,
        basis=est.basis,
        description=est.description,
    )


def _p05_p95(model: PreparedScenario, name: str) -> tuple[float, float]:
    p05, p95 = uncertainty(model, name).quantiles([0.05, 0.95])
    return float(p05), float(p95)


def analysable(model: PreparedScenario) -> list[str]:
    """Parameters the model uses and that vary, in the parameter table's order."""
    out = []
    for name, entry in model.table.items():
        if not entry.used or name not in model.estimates:
            continue
        p05, p95 = _p05_p95(model, name)
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
        p05, p95 = _p05_p95(model, name)
        if not p95 > p05:
            raise UserError(
                f"parameter '{name}' does not vary (its distribution is fixed at {p05:g}); "
                "give it a distribution to analyse it"
            )
    return list(names)
