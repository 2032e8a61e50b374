"""Every distribution a parameter can have: sampleable by inverse CDF, describable as JSON.

Each class has a vectorised, deterministic, non-decreasing ``ppf(u)`` (the inverse CDF: the
engine samples a parameter as ``ppf(u)`` of a counter-based uniform ``u``), ``cdf``,
``quantile(q)``, ``median``, ``mean``, ``support`` and ``describe()`` (a JSON-ready dict).

Closed forms are used where they exist. :class:`SoftUniform` and :class:`Mixture` have no
closed-form inverse: they are inverted by linear interpolation on a fixed grid made of each
part's own quantiles at :data:`P_GRID` (probabilities from about 1e-12 to 1 - 1e-12), so the
inverse is deterministic, exact at the grid points, monotone, and clamped to the grid's end
points beyond them (tails further out than about 7 standard deviations are not represented).
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Sequence
from functools import cached_property
from typing import Any, Final, overload

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import special

FloatArray = NDArray[np.float64]

P_GRID: Final[FloatArray] = special.ndtr(np.linspace(-7.0, 7.0, 2049))
"""Probabilities at which each part of a grid-inverted distribution is tabulated: the normal
CDF at 2049 equally spaced z-scores in [-7, 7], dense in the body and reaching far tails."""

_SQRT_2_OVER_PI: Final = math.sqrt(2.0 / math.pi)
_MEAN_GRID_SIZE: Final = 20_000


def _arr(x: ArrayLike) -> FloatArray:
    return np.asarray(x, dtype=np.float64)


def _json_float(x: float) -> float | None:
    """JSON has no infinity: unbounded ends are ``null``."""
    return None if math.isinf(x) else float(x)


class Distribution(ABC):
    """A univariate distribution sampled by its inverse CDF."""

    kind: str = ""

    @abstractmethod
    def ppf(self, u: ArrayLike) -> FloatArray:
        """The inverse CDF at probabilities ``u`` in [0, 1] (vectorised, non-decreasing)."""

    @abstractmethod
    def cdf(self, x: ArrayLike) -> FloatArray:
        """``P(X <= x)`` (vectorised)."""

    def cdf_left(self, x: ArrayLike) -> FloatArray:
        """``P(X < x)``: differs from :meth:`cdf` only at an atom."""
        return self.cdf(x)

    @property
    @abstractmethod
    def mean(self) -> float:
        """The expected value."""

    @property
    @abstractmethod
    def support(self) -> tuple[float, float]:
        """The smallest interval holding all the probability (ends may be infinite)."""

    @abstractmethod
    def describe(self) -> dict[str, Any]:
        """A JSON-ready description: ``{"kind": ..., <parameters>}``."""

    @overload
    def quantile(self, q: float) -> float: ...

    @overload
    def quantile(self, q: Sequence[float] | FloatArray) -> FloatArray: ...

    def quantile(self, q: float | Sequence[float] | FloatArray) -> float | FloatArray:
        """The ``q`` quantile(s): a float for a float, an array for an array."""
        arr = _arr(q)
        if arr.ndim == 0:
            return float(self.ppf(arr.reshape(1))[0])
        return self.ppf(arr)

    @property
    def median(self) -> float:
        """The 0.5 quantile."""
        return self.quantile(0.5)

    def grid_points(self) -> FloatArray:
        """Points that resolve this distribution's shape (used to invert mixtures)."""
        return self.ppf(P_GRID)

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.describe().items() if k != "kind")
        return f"{type(self).__name__}({args})"


# --------------------------------------------------------------------------------------------
# closed forms


class PointMass(Distribution):
    """All probability at one value (a parameter given by ``value``, or ``kind: fixed``)."""

    kind = "fixed"

    def __init__(self, value: float) -> None:
        if not math.isfinite(value):
            raise ValueError("a point mass needs a finite value")
        self.value = float(value)

    def ppf(self, u: ArrayLike) -> FloatArray:
        return np.full(np.shape(u), self.value)

    def cdf(self, x: ArrayLike) -> FloatArray:
        return (_arr(x) >= self.value).astype(np.float64)

    def cdf_left(self, x: ArrayLike) -> FloatArray:
        return (_arr(x) > self.value).astype(np.float64)

    @property
    def mean(self) -> float:
        return self.value

    @property
    def support(self) -> tuple[float, float]:
        return (self.value, self.value)

    def describe(self) -> dict[str, Any]:
        return {"kind": self.kind, "value": self.value}

    def grid_points(self) -> FloatArray:
        return _arr([self.value])


class Uniform(Distribution):
    """Uniform on [low, high]."""

    kind = "uniform"

    def __init__(self, low: float, high: float) -> None:
        if not low < high:
            raise ValueError("uniform needs low < high")
        self.low, self.high = float(low), float(high)

    def ppf(self, u: ArrayLike) -> FloatArray:
        # clipped: rounding must not step outside the support
        return np.clip(self.low + _arr(u) * (self.high - self.low), self.low, self.high)

    def cdf(self, x: ArrayLike) -> FloatArray:
        return np.clip((_arr(x) - self.low) / (self.high - self.low), 0.0, 1.0)

    @property
    def mean(self) -> float:
        return 0.5 * (self.low + self.high)

    @property
    def support(self) -> tuple[float, float]:
        return (self.low, self.high)

    def describe(self) -> dict[str, Any]:
        return {"kind": self.kind, "low": self.low, "high": self.high}


class LogUniform(Distribution):
    """Log-uniform on [low, high], 0 < low < high: uniform in the logarithm."""

    kind = "loguniform"

    def __init__(self, low: float, high: float) -> None:
        if not 0.0 < low < high:
            raise ValueError("loguniform needs 0 < low < high")
        self.low, self.high = float(low), float(high)
        self._span = math.log(self.high / self.low)

    def ppf(self, u: ArrayLike) -> FloatArray:
        return np.clip(self.low * np.exp(_arr(u) * self._span), self.low, self.high)

    def cdf(self, x: ArrayLike) -> FloatArray:
        x = np.maximum(_arr(x), self.low)
        return np.clip(np.log(x / self.low) / self._span, 0.0, 1.0)

    @property
    def mean(self) -> float:
        return (self.high - self.low) / self._span

    @property
    def support(self) -> tuple[float, float]:
        return (self.low, self.high)

    def describe(self) -> dict[str, Any]:
        return {"kind": self.kind, "low": self.low, "high": self.high}


class Triangular(Distribution):
    """Triangular on [low, high] with its peak at ``mode``."""

    kind = "triangular"

    def __init__(self, low: float, mode: float, high: float) -> None:
        if not (low <= mode <= high and low < high):
            raise ValueError("triangular needs low <= mode <= high and low < high")
        self.low, self.mode, self.high = float(low), float(mode), float(high)
        self._c = (self.mode - self.low) / (self.high - self.low)

    def ppf(self, u: ArrayLike) -> FloatArray:
        u = np.clip(_arr(u), 0.0, 1.0)
        lo, m, hi = self.low, self.mode, self.high
        left = lo + np.sqrt(u * (hi - lo) * (m - lo))
        right = hi - np.sqrt((1.0 - u) * (hi - lo) * (hi - m))
        return np.clip(np.where(u < self._c, left, right), lo, hi)

    def cdf(self, x: ArrayLike) -> FloatArray:
        x = np.clip(_arr(x), self.low, self.high)
        lo, m, hi = self.low, self.mode, self.high
        with np.errstate(divide="ignore", invalid="ignore"):
            left = (x - lo) ** 2 / ((hi - lo) * (m - lo))
            right = 1.0 - (hi - x) ** 2 / ((hi - lo) * (hi - m))
        return np.clip(np.where(x <= m, left, right), 0.0, 1.0)

    @property
    def mean(self) -> float:
        return (self.low + self.mode + self.high) / 3.0

    @property
    def support(self) -> tuple[float, float]:
        return (self.low, self.high)

    def describe(self) -> dict[str, Any]:
        return {"kind": self.kind, "low": self.low, "mode": self.mode, "high": self.high}


class Normal(Distribution):
    """Normal(mean, sd), optionally truncated to [low, high] (exact, not by rejection)."""

    kind = "normal"

    def __init__(
        self, mean: float, sd: float, low: float | None = None, high: float | None = None
    ) -> None:
        if not sd > 0:
            raise ValueError("normal needs sd > 0")
        self.mu, self.sd = float(mean), float(sd)
        self.low = -math.inf if low is None else float(low)
        self.high = math.inf if high is None else float(high)
        if not self.low < self.high:
            raise ValueError("normal truncation needs low < high")
        self._a = (self.low - self.mu) / self.sd
        self._b = (self.high - self.mu) / self.sd
        # Work in the lower tail of whichever side the window lies on: 1 - ndtr(z) loses
        # all precision far in the upper tail, ndtr(-z) does not.
        self._flip = self._a > 0
        if self._flip:
            self._pa, self._pb = float(special.ndtr(-self._b)), float(special.ndtr(-self._a))
        else:
            self._pa, self._pb = float(special.ndtr(self._a)), float(special.ndtr(self._b))
        if not self._pb > self._pa:
            raise ValueError(
                f"no probability between {_fmt_bound(self.low)} and {_fmt_bound(self.high)}"
            )

    def ppf(self, u: ArrayLike) -> FloatArray:
        u = np.clip(_arr(u), 0.0, 1.0)
        if self._flip:
            z = -special.ndtri(self._pb - u * (self._pb - self._pa))
        else:
            z = special.ndtri(self._pa + u * (self._pb - self._pa))
        return np.clip(self.mu + self.sd * z, self.low, self.high)

    def cdf(self, x: ArrayLike) -> FloatArray:
        z = (_arr(x) - self.mu) / self.sd
        if self._flip:
            p = (self._pb - special.ndtr(-z)) / (self._pb - self._pa)
        else:
            p = (special.ndtr(z) - self._pa) / (self._pb - self._pa)
        return np.clip(p, 0.0, 1.0)

    @property
    def mean(self) -> float:
        phi_a = 0.0 if math.isinf(self._a) else math.exp(-0.5 * self._a**2)
        phi_b = 0.0 if math.isinf(self._b) else math.exp(-0.5 * self._b**2)
        z = self._pb - self._pa
        return self.mu + self.sd * (phi_a - phi_b) / (math.sqrt(2.0 * math.pi) * z)

    @property
    def support(self) -> tuple[float, float]:
        return (self.low, self.high)

    def describe(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "mean": self.mu, "sd": self.sd}
        if not math.isinf(self.low):
            out["low"] = self.low
        if not math.isinf(self.high):
            out["high"] = self.high
        return out


class LogNormal(Distribution):
    """Log-normal: ``median * exp(sigma * Z)`` with Z standard normal."""

    kind = "lognormal"

    def __init__(self, median: float, sigma: float) -> None:
        if not (median > 0 and sigma > 0):
            raise ValueError("lognormal needs median > 0 and sigma > 0")
        self.median_value, self.sigma = float(median), float(sigma)

    def ppf(self, u: ArrayLike) -> FloatArray:
        return self.median_value * np.exp(self.sigma * special.ndtri(np.clip(_arr(u), 0.0, 1.0)))

    def cdf(self, x: ArrayLike) -> FloatArray:
        x = _arr(x)
        with np.errstate(divide="ignore", invalid="ignore"):
            z = np.log(np.where(x > 0, x, 1.0) / self.median_value) / self.sigma
        return np.where(x > 0, special.ndtr(z), 0.0)

    @property
    def mean(self) -> float:
        return self.median_value * math.exp(0.5 * self.sigma**2)

    @property
    def support(self) -> tuple[float, float]:
        return (0.0, math.inf)

    def describe(self) -> dict[str, Any]:
        return {"kind": self.kind, "median": self.median_value, "sigma": self.sigma}


class Beta(Distribution):
    """Beta(a, b) scaled to [low, high]."""

    kind = "beta"

    def __init__(self, a: float, b: float, low: float = 0.0, high: float = 1.0) -> None:
        if not (a > 0 and b > 0 and low < high):
            raise ValueError("beta needs a > 0, b > 0 and low < high")
        self.a, self.b, self.low, self.high = float(a), float(b), float(low), float(high)

    def ppf(self, u: ArrayLike) -> FloatArray:
        y = special.betaincinv(self.a, self.b, np.clip(_arr(u), 0.0, 1.0))
        return np.clip(self.low + (self.high - self.low) * y, self.low, self.high)

    def cdf(self, x: ArrayLike) -> FloatArray:
        y = np.clip((_arr(x) - self.low) / (self.high - self.low), 0.0, 1.0)
        return special.betainc(self.a, self.b, y)

    @property
    def mean(self) -> float:
        return self.low + (self.high - self.low) * self.a / (self.a + self.b)

    @property
    def support(self) -> tuple[float, float]:
        return (self.low, self.high)

    def describe(self) -> dict[str, Any]:
        return {"kind": self.kind, "a": self.a, "b": self.b, "low": self.low, "high": self.high}


class HalfNormal(Distribution):
    """A bound claim's shape: ``bound + direction * scale * |Z|``.

    ``direction`` +1 is "at least ``bound``" (mass above it), -1 "at most ``bound``". The value
    most likely lies near the bound and rarely far beyond it (see ``docs/evidence.md``).
    """

    kind = "halfnormal"

    def __init__(self, bound: float, scale: float, direction: int) -> None:
        if not scale > 0 or direction not in (1, -1):
            raise ValueError("halfnormal needs scale > 0 and direction +1 or -1")
        self.bound, self.scale, self.direction = float(bound), float(scale), int(direction)

    def ppf(self, u: ArrayLike) -> FloatArray:
        u = np.clip(_arr(u), 0.0, 1.0)
        if self.direction > 0:
            return self.bound + self.scale * np.maximum(special.ndtri(0.5 + 0.5 * u), 0.0)
        return self.bound + self.scale * np.minimum(special.ndtri(0.5 * u), 0.0)

    def cdf(self, x: ArrayLike) -> FloatArray:
        z = (_arr(x) - self.bound) / self.scale
        if self.direction > 0:
            return np.where(z >= 0, 2.0 * special.ndtr(z) - 1.0, 0.0)
        return np.where(z <= 0, 2.0 * special.ndtr(z), 1.0)

    @property
    def mean(self) -> float:
        return self.bound + self.direction * self.scale * _SQRT_2_OVER_PI

    @property
    def support(self) -> tuple[float, float]:
        return (self.bound, math.inf) if self.direction > 0 else (-math.inf, self.bound)

    def describe(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "bound": self.bound,
            "scale": self.scale,
            "direction": "at_least" if self.direction > 0 else "at_most",
        }


# --------------------------------------------------------------------------------------------
# grid-inverted


def _inverse_table(points: FloatArray, dist: Distribution) -> tuple[FloatArray, FloatArray]:
    """(probabilities, values) for inverting ``dist`` by linear interpolation.

    Each point enters twice, with ``P(X < x)`` and ``P(X <= x)``: at an atom the two differ and
    every probability in the jump maps to the atom itself. Points that add no probability are
    dropped so the probabilities strictly increase (``np.interp`` needs that).
    """
    x = np.unique(points[np.isfinite(points)])
    probs = np.empty(2 * x.size)
    probs[0::2] = dist.cdf_left(x)
    probs[1::2] = dist.cdf(x)
    values = np.repeat(x, 2)
    probs = np.maximum.accumulate(probs)
    keep = np.concatenate([[True], np.diff(probs) > 0.0])
    return probs[keep], values[keep]


class _GridInverted(Distribution):
    """A distribution whose ppf interpolates a table of its CDF at :meth:`grid_points`."""

    @cached_property
    def _table(self) -> tuple[FloatArray, FloatArray]:
        return _inverse_table(self.grid_points(), self)

    def ppf(self, u: ArrayLike) -> FloatArray:
        probs, values = self._table
        return np.interp(_arr(u), probs, values)


class SoftUniform(_GridInverted):
    """A range claim's shape: uniform on [low, high] plus normal noise of sd ``edge``.

    The density is flat inside the range and falls off smoothly over about ``edge`` outside it
    (the convolution of U(low, high) with N(0, edge^2), CDF in closed form). Symmetric about the
    middle of the range, which is its mean and median.
    """

    kind = "soft_uniform"

    def __init__(self, low: float, high: float, edge: float) -> None:
        if not (low < high and edge > 0):
            raise ValueError("soft uniform needs low < high and edge > 0")
        self.low, self.high, self.edge = float(low), float(high), float(edge)

    def _g(self, t: FloatArray) -> FloatArray:
        # integral of the normal CDF: G(t) = t Phi(t/s) + s phi(t/s)
        s = self.edge
        return t * special.ndtr(t / s) + s * np.exp(-0.5 * (t / s) ** 2) / math.sqrt(2 * math.pi)

    def cdf(self, x: ArrayLike) -> FloatArray:
        x = _arr(x)
        p = (self._g(x - self.low) - self._g(x - self.high)) / (self.high - self.low)
        return np.clip(p, 0.0, 1.0)

    def grid_points(self) -> FloatArray:
        tail = self.edge * special.ndtri(P_GRID[P_GRID < 0.5])  # negative offsets
        core = np.linspace(self.low, self.high, 513)
        return np.concatenate([self.low + tail, core, self.high - tail])

    @property
    def mean(self) -> float:
        return 0.5 * (self.low + self.high)

    @property
    def support(self) -> tuple[float, float]:
        return (-math.inf, math.inf)

    def describe(self) -> dict[str, Any]:
        return {"kind": self.kind, "low": self.low, "high": self.high, "edge": self.edge}


class Mixture(_GridInverted):
    """A linear opinion pool: density ``sum_i w_i f_i`` (weights normalised to sum to one)."""

    kind = "mixture"

    def __init__(self, components: Sequence[Distribution], weights: Sequence[float]) -> None:
        w = _arr(weights)
        if len(components) == 0 or len(components) != w.size:
            raise ValueError("a mixture needs one weight per component and at least one")
        if np.any(w < 0) or not w.sum() > 0:
            raise ValueError("mixture weights must be non-negative with a positive sum")
        keep = w > 0
        self.components = tuple(c for c, k in zip(components, keep, strict=True) if k)
        self.weights = w[keep] / w[keep].sum()

    def cdf(self, x: ArrayLike) -> FloatArray:
        x = _arr(x)
        return np.clip(
            sum(
                (w * c.cdf(x) for c, w in zip(self.components, self.weights, strict=True)),
                np.zeros_like(x),
            ),
            0.0,
            1.0,
        )

    def cdf_left(self, x: ArrayLike) -> FloatArray:
        x = _arr(x)
        return np.clip(
            sum(
                (w * c.cdf_left(x) for c, w in zip(self.components, self.weights, strict=True)),
                np.zeros_like(x),
            ),
            0.0,
            1.0,
        )

    def grid_points(self) -> FloatArray:
        return np.concatenate([c.grid_points() for c in self.components])

    @property
    def mean(self) -> float:
        return float(sum(w * c.mean for c, w in zip(self.components, self.weights, strict=True)))

    @property
    def support(self) -> tuple[float, float]:
        ends = [c.support for c in self.components]
        return (min(e[0] for e in ends), max(e[1] for e in ends))

    def describe(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "components": [
                {"weight": float(w), **c.describe()}
                for c, w in zip(self.components, self.weights, strict=True)
            ],
        }


class Truncated(Distribution):
    """``base`` conditioned on [low, high] (either end may be open): the hard bounds of a
    parameter. Renormalised, so no probability piles up at a bound."""

    kind = "truncated"

    def __init__(self, base: Distribution, low: float | None, high: float | None) -> None:
        self.base = base
        self.low = -math.inf if low is None else float(low)
        self.high = math.inf if high is None else float(high)
        if not self.low <= self.high:
            raise ValueError("truncation needs low <= high")
        self._p_lo = 0.0 if low is None else float(base.cdf_left(_arr([self.low]))[0])
        self._p_hi = 1.0 if high is None else float(base.cdf(_arr([self.high]))[0])
        if not self._p_hi - self._p_lo > 1e-12:
            raise ValueError(
                f"no probability between {_fmt_bound(self.low)} and {_fmt_bound(self.high)}"
            )

    @property
    def mass(self) -> float:
        """The probability ``base`` gives to [low, high]."""
        return self._p_hi - self._p_lo

    def ppf(self, u: ArrayLike) -> FloatArray:
        u = np.clip(_arr(u), 0.0, 1.0)
        x = self.base.ppf(self._p_lo + u * self.mass)
        return np.clip(x, self.low, self.high)

    def cdf(self, x: ArrayLike) -> FloatArray:
        x = _arr(x)
        p = np.clip((self.base.cdf(x) - self._p_lo) / self.mass, 0.0, 1.0)
        return np.where(x < self.low, 0.0, np.where(x >= self.high, 1.0, p))

    def cdf_left(self, x: ArrayLike) -> FloatArray:
        x = _arr(x)
        p = np.clip((self.base.cdf_left(x) - self._p_lo) / self.mass, 0.0, 1.0)
        return np.where(x <= self.low, 0.0, np.where(x > self.high, 1.0, p))

    @property
    def mean(self) -> float:
        # midpoint rule over the inverse CDF; accurate to the grid's resolution
        u = (np.arange(_MEAN_GRID_SIZE) + 0.5) / _MEAN_GRID_SIZE
        return float(np.mean(self.ppf(u)))

    @property
    def support(self) -> tuple[float, float]:
        lo, hi = self.base.support
        return (max(lo, self.low), min(hi, self.high))

    def grid_points(self) -> FloatArray:
        pts = self.base.grid_points()
        pts = pts[(pts >= self.low) & (pts <= self.high)]
        ends = [e for e in (self.low, self.high) if math.isfinite(e)]
        return np.concatenate([pts, _arr(ends)])

    def describe(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "low": _json_float(self.low),
            "high": _json_float(self.high),
            "base": self.base.describe(),
        }


def _fmt_bound(x: float) -> str:
    return "-inf" if x == -math.inf else "inf" if x == math.inf else f"{x:g}"


class Empirical(Distribution):
    """A column of a table of joint draws (``kind: draws``): ``n`` values, each of
    probability ``1/n``.

    :meth:`take` gives the value of the row a uniform picks, ``row = floor(u * n)``: the
    sampler draws every column of one table with the same uniform, so a run gets one whole row.
    :meth:`ppf` is the column's empirical quantile (the sorted values at the same index): the
    marginal, monotone, used where one parameter is varied alone (sensitivity, tables).
    """

    kind = "draws"

    def __init__(self, values: ArrayLike, table: str, column: str) -> None:
        v = np.array(values, dtype=np.float64).ravel()
        if v.size == 0:
            raise ValueError("a table of draws needs at least one row")
        if not np.isfinite(v).all():
            raise ValueError("a table of draws holds only finite values")
        self.values = v
        self.sorted = np.sort(v)
        self.table = table
        self.column = column

    @property
    def n(self) -> int:
        """The number of draws (rows)."""
        return int(self.values.size)

    def rows(self, u: ArrayLike) -> NDArray[np.int64]:
        """The row each uniform in [0, 1] picks: ``floor(u * n)``, the last row for ``u = 1``."""
        idx = np.floor(_arr(u) * self.n).astype(np.int64)
        return np.clip(idx, 0, self.n - 1)

    def take(self, u: ArrayLike) -> FloatArray:
        """The values of the rows the uniforms pick (the joint sample)."""
        return self.values[self.rows(u)]

    def ppf(self, u: ArrayLike) -> FloatArray:
        return self.sorted[self.rows(u)]

    def cdf(self, x: ArrayLike) -> FloatArray:
        return np.searchsorted(self.sorted, _arr(x), side="right") / self.n

    def cdf_left(self, x: ArrayLike) -> FloatArray:
        return np.searchsorted(self.sorted, _arr(x), side="left") / self.n

    @property
    def mean(self) -> float:
        return float(self.values.mean())

    @property
    def support(self) -> tuple[float, float]:
        return (float(self.sorted[0]), float(self.sorted[-1]))

    def describe(self) -> dict[str, Any]:
        return {"kind": self.kind, "table": self.table, "column": self.column, "n": self.n}

    def grid_points(self) -> FloatArray:
        return np.unique(self.sorted)


def truncate(dist: Distribution, low: float | None, high: float | None) -> Distribution:
    """``dist`` restricted to [low, high]; ``dist`` itself when the bounds do not bind.

    Exact forms where cheap (a normal keeps its own truncation, a uniform shrinks); otherwise a
    :class:`Truncated`. Raises ``ValueError`` when no probability lies within the bounds.
    """
    if low is None and high is None:
        return dist
    lo = -math.inf if low is None else float(low)
    hi = math.inf if high is None else float(high)
    s_lo, s_hi = dist.support
    if lo <= s_lo and s_hi <= hi:
        return dist
    if isinstance(dist, Empirical):
        # conditioning would drop rows of one column only and break the table's joint rows
        raise ValueError(
            f"column '{dist.column}' of draws table '{dist.table}' has values in "
            f"[{s_lo:g}, {s_hi:g}], outside [{_fmt_bound(lo)}, {_fmt_bound(hi)}]"
        )
    if isinstance(dist, PointMass):
        raise ValueError(f"{dist.value:g} lies outside [{_fmt_bound(lo)}, {_fmt_bound(hi)}]")
    if isinstance(dist, Normal):
        return Normal(dist.mu, dist.sd, max(lo, dist.low), min(hi, dist.high))
    if isinstance(dist, Uniform) and max(lo, s_lo) < min(hi, s_hi):
        return Uniform(max(lo, s_lo), min(hi, s_hi))
    return Truncated(dist, low, high)
