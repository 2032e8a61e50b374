"""Distributions of parameters that rest on an assumption or an engineering choice.

A ``value`` is a point mass; a ``distribution`` becomes the class of the same kind in
:mod:`clausewitz.evidence.distributions`. The parameter's hard bounds ``low``/``high`` are then
applied by :func:`~clausewitz.evidence.distributions.truncate` (conditioning, not clipping).
"""

from __future__ import annotations

from clausewitz.evidence import distributions as d
from clausewitz.scenario import schema


def from_spec(spec: schema.Distribution) -> d.Distribution:
    """The distribution a scenario's ``distribution: {kind: ...}`` describes."""
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


def assumed_distribution(parameter: schema.Parameter) -> d.Distribution:
    """The distribution of an assumption or engineering parameter, within its bounds.

    Raises ``ValueError`` when no probability lies within ``[low, high]``.
    """
    if parameter.value is not None:
        base: d.Distribution = d.PointMass(parameter.value)
    elif parameter.distribution is not None:
        base = from_spec(parameter.distribution)
    else:
        raise ValueError("an assumption needs 'value' or 'distribution'")
    return d.truncate(base, parameter.low, parameter.high)
