"""Fusing a parameter's weighted claims into one distribution.

All rules here are engineering choices of ours (the published building
blocks: the linear opinion pool, weighted means of logs); ``docs/evidence.md`` explains them.

Each claim becomes a *component* in the parameter's unit, with relative error ``e`` (the
claim's own ``relative_error`` or the policy's default):

* a point ``value: x`` is Normal(x, e|x|) (a point mass when x = 0);
* a ``range: [a, b]`` is uniform on [a, b] with soft edges, U(a, b) + N(0, s^2), where
  s = e (|a| + |b|) / 2 if the claim states a relative error, else :data:`RANGE_EDGE_FRACTION`
  of the width (a range narrower than 1e-9 of its ends is a point);
* a bound ``at_least: L`` is L + e|L| |Z| (a half-normal above L: the value is most likely just
  beyond the bound quoted, rarely far beyond it); ``at_most: U`` is the mirror image below U.

Two ways of pooling the components, with normalised weights ``pi_i`` (grading.py):

* ``mixture``: the linear opinion pool ``f = sum_i pi_i f_i``. Disagreement shows up as several
  modes and a wide interval; nothing is averaged away.
* ``lognormal``: for positive quantities. Each component is taken to log space (a point is
  Normal(ln x, ln(1 + e)); a range is uniform on [ln a, ln b] with soft edges; a bound is a
  half-normal of scale ln(1 + e) beyond ln L or ln U), and one log-normal is fitted to the pool
  of those by matching its mean and variance: ``mu = sum pi_i m_i`` and
  ``sigma^2 = sum pi_i (v_i + (m_i - mu)^2)`` (within-claim plus between-claim spread). Its
  median is the weighted geometric mean of the claims' centres.

``fusion: auto`` picks ``lognormal`` when every stated number is positive and the largest is
more than :data:`AUTO_LOGNORMAL_RATIO` times the smallest (the claims span more than an order
of magnitude), ``mixture`` otherwise. Partisan sources get no bias correction: their grades
carry the doubt (see ``docs/evidence.md``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Final, Literal

from clausewitz.errors import UserError
from clausewitz.evidence.claims import WeightedClaim
from clausewitz.evidence.distributions import (
    Distribution,
    HalfNormal,
    LogNormal,
    Mixture,
    Normal,
    PointMass,
    SoftUniform,
)

Method = Literal["mixture", "lognormal"]

AUTO_LOGNORMAL_RATIO: Final = 10.0
"""``fusion: auto`` fits a log-normal when max/min of the stated numbers exceeds this."""

RANGE_EDGE_FRACTION: Final = 0.1
"""Softness of a range's edges (sd of the normal blur) as a share of its width, when the claim
states no relative error. Engineering choice: a range is meant, but its ends are round numbers."""

_SQRT_2_OVER_PI: Final = math.sqrt(2.0 / math.pi)


def stated_span(claims: Sequence[WeightedClaim]) -> tuple[float, float]:
    """The smallest and largest number stated by the claims (in the parameter's unit)."""
    numbers = [x for c in claims for x in c.numbers]
    return min(numbers), max(numbers)


def choose_method(requested: str, claims: Sequence[WeightedClaim]) -> Method:
    """The pooling used for ``fusion: requested`` (``auto``, ``mixture`` or ``lognormal``).

    Raises :class:`UserError` when ``lognormal`` is asked for and a claim is not positive.
    """
    if requested == "mixture":
        return "mixture"
    if requested == "lognormal":
        for c in claims:
            if min(c.numbers) <= 0:
                raise UserError(
                    f"claim '{c.id}' states {min(c.numbers):g}: a log-normal fusion needs "
                    "positive numbers (use fusion: mixture)"
                )
        return "lognormal"
    lo, hi = stated_span(claims)
    return "lognormal" if lo > 0 and hi / lo > AUTO_LOGNORMAL_RATIO else "mixture"


def linear_component(c: WeightedClaim) -> Distribution:
    """The claim's own distribution in the parameter's unit (see the module docstring)."""
    e = c.relative_error
    if c.form == "range":
        a, b = c.numbers
        if _degenerate(a, b):
            return _point(0.5 * (a + b), e)
        edge = e * 0.5 * (abs(a) + abs(b)) if c.error_stated else RANGE_EDGE_FRACTION * (b - a)
        return SoftUniform(a, b, edge)
    (x,) = c.numbers
    if c.form == "value":
        return _point(x, e)
    if x == 0:
        return PointMass(0.0)
    return HalfNormal(x, e * abs(x), 1 if c.form == "at_least" else -1)


def _degenerate(a: float, b: float) -> bool:
    """A range too narrow to resolve in floating point (or of zero width): read as a point."""
    return b - a <= 1e-9 * max(abs(a), abs(b))


def _point(x: float, e: float) -> Distribution:
    return PointMass(x) if x == 0 else Normal(x, e * abs(x))


def log_moments(c: WeightedClaim) -> tuple[float, float]:
    """Mean and variance of the logarithm under the claim's log-space component."""
    s = math.log1p(c.relative_error)
    if c.form == "range":
        la, lb = (math.log(x) for x in c.numbers)
        degenerate = _degenerate(*c.numbers)
        edge = s if c.error_stated or degenerate else RANGE_EDGE_FRACTION * (lb - la)
        return 0.5 * (la + lb), (lb - la) ** 2 / 12.0 + edge**2
    lx = math.log(c.numbers[0])
    if c.form == "value":
        return lx, s**2
    direction = 1.0 if c.form == "at_least" else -1.0
    return lx + direction * s * _SQRT_2_OVER_PI, s**2 * (1.0 - 2.0 / math.pi)


def fit_lognormal(claims: Sequence[WeightedClaim], shares: Sequence[float]) -> LogNormal:
    """The log-normal matching the mean and variance of the log-space pool of the claims."""
    moments = [log_moments(c) for c in claims]
    mu = sum(p * m for p, (m, _) in zip(shares, moments, strict=True))
    var = sum(p * (v + (m - mu) ** 2) for p, (m, v) in zip(shares, moments, strict=True))
    return LogNormal(math.exp(mu), math.sqrt(var))


def pool(claims: Sequence[WeightedClaim], shares: Sequence[float], method: Method) -> Distribution:
    """The fused distribution of ``claims`` with weight ``shares`` (summing to one).

    A single claim gives its own component (``mixture``) or its own log-normal fit.
    """
    if method == "lognormal":
        return fit_lognormal(claims, shares)
    components = [linear_component(c) for c in claims]
    if len(components) == 1:
        return components[0]
    return Mixture(components, shares)
