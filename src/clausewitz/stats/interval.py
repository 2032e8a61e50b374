"""One interval type for every estimate the package reports with an uncertainty band.

Confidence intervals on a mean (Student-t), on a proportion (Wilson), on a paired difference,
and profile-likelihood intervals on a fitted coefficient are all a point estimate with a lower
and an upper bound; they share this class so that reports and JSON read them one way.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Interval:
    """A point estimate with a two-sided interval (NaN bounds where none can be had)."""

    estimate: float
    low: float
    high: float
    n: int | None = None
    """Observations behind the estimate, where counted."""

    @property
    def half_width(self) -> float:
        """Half the interval's width."""
        return (self.high - self.low) / 2.0

    def excludes(self, value: float = 0.0) -> bool:
        """True when ``value`` lies outside the interval (False when a bound is NaN)."""
        return bool(self.low > value or self.high < value)

    def flipped(self, origin: float = 0.0) -> Interval:
        """The interval of ``origin - x``: bounds swap, as for a complement such as 1 - phi."""
        return Interval(origin - self.estimate, origin - self.high, origin - self.low, self.n)

    def to_dict(self, estimate_key: str = "mean") -> dict[str, float]:
        """JSON form ``{estimate_key: estimate, "ci_low": low, "ci_high": high}``."""
        return {estimate_key: self.estimate, "ci_low": self.low, "ci_high": self.high}

    @property
    def finite(self) -> bool:
        """Both bounds are finite numbers."""
        return math.isfinite(self.low) and math.isfinite(self.high)
