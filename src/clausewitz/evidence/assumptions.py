"""Distributions of parameters that rest on an assumption or an engineering choice.

A ``value`` is a point mass; a ``distribution`` becomes the class of the same kind in
:mod:`clausewitz.evidence.distributions`. The parameter's hard bounds ``low``/``high`` are then
applied by :func:`~clausewitz.evidence.distributions.truncate` (conditioning, not clipping).
A ``kind: draws`` distribution is a column of one of the scenario's tables of joint draws
(:class:`~clausewitz.evidence.distributions.Empirical`); its values must lie within the bounds.
"""

from __future__ import annotations

from collections.abc import Mapping

from clausewitz.evidence import distributions as d
from clausewitz.scenario import schema

Tables = Mapping[str, schema.DrawsTable]
"""The scenario's tables of joint draws, by name (top-level ``draws``)."""


def from_spec(spec: schema.Distribution, tables: Tables | None = None) -> d.Distribution:
    """The distribution a scenario's ``distribution: {kind: ...}`` describes (``tables``:
    the scenario's tables of draws, for ``kind: draws``).

    Raises ``ValueError`` for a draws table or column that does not exist.
    """
    if isinstance(spec, schema.Draws):
        table = (tables or {}).get(spec.table)
        if table is None:
            known = ", ".join(sorted(tables or {})) or "none"
            raise ValueError(f"unknown draws table '{spec.table}' (tables: {known})")
        if spec.column not in table.columns:
            raise ValueError(
                f"draws table '{spec.table}' has no column '{spec.column}' "
                f"(columns: {', '.join(table.columns)})"
            )
        return d.Empirical(table.column(spec.column), spec.table, spec.column)
    if isinstance(spec, schema.Fixed):
        return d.PointMass(spec.value)
    if isinstance(spec, schema.Uniform):
        return d.Uniform(spec.low, spec.high)
    if isinstance(spec, schema.LogUniform):
        return d.LogUniform(spec.low, spec.high)
    if isinstance(spec, schema.Triangular):
        return d.Triangular(spec.low, spec.mode, spec.high)
    if isinstance(spec, schema.Normal):
        return d.Normal(spec.mean, spec.sd, spec.low, spec.high)
    if isinstance(spec, schema.LogNormal):
        return d.LogNormal(spec.median, spec.sigma)
    if isinstance(spec, schema.Beta):
        return d.Beta(spec.a, spec.b, spec.low, spec.high)
    raise TypeError(f"unknown distribution kind {spec!r}")  # pragma: no cover


def assumed_distribution(
    parameter: schema.Parameter, tables: Tables | None = None
) -> d.Distribution:
    """The distribution of an assumption or engineering parameter, within its bounds.

    Raises ``ValueError`` when no probability lies within ``[low, high]``.
    """
    if parameter.value is not None:
        base: d.Distribution = d.PointMass(parameter.value)
    elif parameter.distribution is not None:
        base = from_spec(parameter.distribution, tables)
    else:
        raise ValueError("an assumption needs 'value' or 'distribution'")
    return d.truncate(base, parameter.low, parameter.high)
