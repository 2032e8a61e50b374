"""Per-day quantile bands in bounded memory, identical whatever the chunking.

For every day and every banded variable (forces of each side, front per sector, ...) we keep a
histogram over fixed bins chosen *before* running, plus the exact minimum and maximum. Two
histograms of the same variables merge by adding their counts (and taking the min of minima,
max of maxima), which is exact integer arithmetic, so a band computed from chunks equals the band
computed from all runs at once, for any chunk size or worker count.

Bins. Each variable has ``bins`` equal-width bins over ``[lo, hi]`` plus an underflow bin
``[min, lo)`` and an overflow bin ``(hi, max]``; values outside ``[lo, hi]`` are kept, just at
coarser resolution. Non-finite values are counted apart and excluded from the quantiles.

Quantiles. For a level ``q`` and ``n`` counted values, the estimate lies in the bin where the
cumulative count first reaches ``q·n``, linearly interpolated inside that bin (its edges
narrowed to the exact min and max). The sample quantile it estimates (the inverted empirical
CDF: the smallest value ``x`` with ``F(x) ≥ q``) lies in the same bin, so the error is at most
one bin width ``(hi - lo) / bins`` inside ``[lo, hi]`` (our engineering choice of resolution; see
``docs/performance.md``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
from numba import njit
from numpy.typing import NDArray

QUANTILES: tuple[float, ...] = (0.05, 0.25, 0.5, 0.75, 0.95)
"""The band levels written for every day and variable."""

DEFAULT_BINS = 1000
"""Equal-width bins per variable: resolution 0.1% of each variable's range."""


@dataclass(frozen=True)
class BandVariable:
    """A banded variable and the range its fixed bins cover."""

    name: str
    lo: float
    hi: float

    def __post_init__(self) -> None:
        if not (math.isfinite(self.lo) and math.isfinite(self.hi) and self.hi > self.lo):
            raise ValueError(f"band {self.name!r}: need finite lo < hi, got [{self.lo}, {self.hi}]")


@njit(cache=True)
def _accumulate(
    counts: NDArray[np.int64],
    mins: NDArray[np.float64],
    maxs: NDArray[np.float64],
    nonfinite: NDArray[np.int64],
    day: int,
    values: NDArray[np.float64],
    lo: NDArray[np.float64],
    hi: NDArray[np.float64],
    inv_width: NDArray[np.float64],
) -> None:  # pragma: no cover - compiled
    bins = counts.shape[2] - 2
    n_rows, n_vars = values.shape
    for r in range(n_rows):
        for v in range(n_vars):
            x = values[r, v]
            if not math.isfinite(x):
                nonfinite[day, v] += 1
                continue
            if x < mins[day, v]:
                mins[day, v] = x
            if x > maxs[day, v]:
                maxs[day, v] = x
            if x < lo[v]:
                b = 0
            elif x > hi[v]:
                b = bins + 1
            else:
                t = (x - lo[v]) * inv_width[v]
                # x == hi (or rounding just below it) belongs to the last regular bin
                b = bins if t >= bins else 1 + int(t)
            counts[day, v, b] += 1


class DailyBands:
    """Mergeable histograms of ``variables`` for days ``0 .. days-1``.

    Memory is ``days × len(variables) × (bins + 2)`` counts, independent of the number of runs.
    """

    def __init__(
        self, variables: Sequence[BandVariable], days: int, bins: int = DEFAULT_BINS
    ) -> None:
        if days < 1:
            raise ValueError("days must be at least 1")
        if bins < 1:
            raise ValueError("bins must be at least 1")
        names = [v.name for v in variables]
        if len(set(names)) != len(names):
            raise ValueError("band variable names must be unique")
        self.variables: tuple[BandVariable, ...] = tuple(variables)
        self.days = days
        self.bins = bins
        n_vars = len(self.variables)
        self.lo = np.array([v.lo for v in self.variables], dtype=np.float64)
        self.hi = np.array([v.hi for v in self.variables], dtype=np.float64)
        self.counts = np.zeros((days, n_vars, bins + 2), dtype=np.int64)
        self.mins = np.full((days, n_vars), np.inf)
        self.maxs = np.full((days, n_vars), -np.inf)
        self.nonfinite = np.zeros((days, n_vars), dtype=np.int64)

    @property
    def width(self) -> NDArray[np.float64]:
        """Bin width per variable (the resolution of its quantiles inside ``[lo, hi]``)."""
        return (self.hi - self.lo) / self.bins

    @property
    def nbytes(self) -> int:
        """Bytes held by the histograms (independent of the number of runs)."""
        return int(self.counts.nbytes + self.mins.nbytes + self.maxs.nbytes + self.nonfinite.nbytes)

    def add(self, day: int, values: NDArray[np.float64]) -> None:
        """Count one day's values: ``values[r, v]`` is variable ``v`` in run ``r``."""
        if not 0 <= day < self.days:
            raise IndexError(f"day {day} outside 0..{self.days - 1}")
        arr = np.ascontiguousarray(values, dtype=np.float64)
        if arr.ndim != 2 or arr.shape[1] != len(self.variables):
            raise ValueError(f"expected values of shape (runs, {len(self.variables)})")
        _accumulate(
            self.counts,
            self.mins,
            self.maxs,
            self.nonfinite,
            day,
            arr,
            self.lo,
            self.hi,
            self.bins / (self.hi - self.lo),
        )

    def compatible(self, other: DailyBands) -> bool:
        """Same variables, ranges, days and bins (so the two can be merged)."""
        return (
            self.variables == other.variables
            and self.days == other.days
            and self.bins == other.bins
        )

    def merge(self, other: DailyBands) -> None:
        """Add ``other``'s counts into this one (exact; order does not matter)."""
        if not self.compatible(other):
            raise ValueError("cannot merge bands of different variables, days or bins")
        self.counts += other.counts
        self.nonfinite += other.nonfinite
        np.minimum(self.mins, other.mins, out=self.mins)
        np.maximum(self.maxs, other.maxs, out=self.maxs)

    @property
    def n(self) -> NDArray[np.int64]:
        """Finite values counted per (day, variable)."""
        return self.counts.sum(axis=2)

    def quantiles(self, levels: Sequence[float] = QUANTILES) -> NDArray[np.float64]:
        """Estimated quantiles, shape ``(days, variables, len(levels))``; NaN where nothing
        was counted."""
        qs = np.asarray(levels, dtype=np.float64)
        if np.any((qs <= 0.0) | (qs >= 1.0)):
            raise ValueError("quantile levels must lie strictly between 0 and 1")
        cum = np.cumsum(self.counts, axis=2)
        n = cum[:, :, -1]
        days, n_vars, _ = self.counts.shape
        out = np.full((days, n_vars, qs.size), np.nan)
        width = self.width
        d_idx, v_idx = np.indices((days, n_vars))
        for k, q in enumerate(qs):
            target = q * n
            # first bin whose cumulative count reaches q·n
            b = np.argmax(cum >= target[:, :, None], axis=2)
            prev = np.where(b > 0, cum[d_idx, v_idx, np.maximum(b - 1, 0)], 0)
            c = self.counts[d_idx, v_idx, b]
            left = np.where(b == 0, self.mins, self.lo + (b - 1) * width)
            right = np.where(b == self.bins + 1, self.maxs, self.lo + b * width)
            left = np.maximum(left, self.mins)
            right = np.minimum(right, self.maxs)
            with np.errstate(invalid="ignore", divide="ignore"):
                est = left + (target - prev) / c * (right - left)
            est = np.clip(est, self.mins, self.maxs)
            out[:, :, k] = np.where(n > 0, est, np.nan)
        return out

    def to_table(self, levels: Sequence[float] = QUANTILES) -> pa.Table:
        """Long table: one row per (variable, day) with n, min, the quantiles, max and the bin
        width; rows ordered by variable (in declaration order) then day."""
        qv = self.quantiles(levels)
        n = self.n
        days, n_vars = n.shape
        names = [v.name for v in self.variables]
        cols: dict[str, pa.Array] = {
            "variable": pa.array(np.repeat(np.array(names, dtype=object), days), pa.string()),
            "day": pa.array(np.tile(np.arange(days, dtype=np.int32), n_vars)),
            "n": pa.array(n.T.reshape(-1)),
            "min": pa.array(_nan_if_empty(self.mins, n).T.reshape(-1)),
        }
        for k, q in enumerate(levels):
            cols[f"q{round(q * 100):02d}"] = pa.array(qv[:, :, k].T.reshape(-1))
        cols["max"] = pa.array(_nan_if_empty(self.maxs, n).T.reshape(-1))
        cols["bin_width"] = pa.array(np.repeat(self.width, days))
        return pa.table(cols)


def _nan_if_empty(x: NDArray[np.float64], n: NDArray[np.int64]) -> NDArray[np.float64]:
    return np.where(n > 0, x, np.nan)
