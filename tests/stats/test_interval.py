"""One Interval for every estimate with bounds: its width, exclusion, complement and JSON."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clausewitz.stats.interval import Interval
from clausewitz.stats.paired import mean_ci, paired_difference

finite = st.floats(-1e6, 1e6, allow_nan=False)


@given(finite, finite, finite)
def test_the_complement_swaps_the_bounds(a: float, b: float, c: float) -> None:
    lo, mid, hi = sorted((a, b, c))
    iv = Interval(mid, lo, hi, 7)
    flipped = iv.flipped(1.0)
    assert (flipped.low, flipped.estimate, flipped.high) == (1.0 - hi, 1.0 - mid, 1.0 - lo)
    assert flipped.low <= flipped.estimate <= flipped.high
    # the width is kept up to the rounding of 1 - x (a few ulps of the largest bound)
    assert flipped.n == 7 and flipped.half_width == pytest.approx(iv.half_width, abs=1e-9)


@given(finite, finite, finite)
def test_an_interval_excludes_exactly_what_lies_outside_it(a: float, b: float, x: float) -> None:
    lo, hi = sorted((a, b))
    assert Interval(lo, lo, hi).excludes(x) == (x < lo or x > hi)


def test_nan_bounds_exclude_nothing() -> None:
    iv = Interval(1.0, math.nan, math.nan)
    assert not iv.excludes(0.0) and not iv.finite


def test_json_keys_name_the_estimate() -> None:
    iv = Interval(2.0, 1.0, 3.0, 10)
    assert iv.to_dict() == {"mean": 2.0, "ci_low": 1.0, "ci_high": 3.0}
    assert iv.to_dict("value") == {"value": 2.0, "ci_low": 1.0, "ci_high": 3.0}


def test_the_paired_difference_is_the_interval_of_the_differences() -> None:
    a, b = [1.0, 4.0, 2.0, 8.0], [0.5, 1.0, 2.5, 3.0]
    d = paired_difference(a, b)
    assert d.diff == mean_ci([x - y for x, y in zip(a, b, strict=True)])
    assert d.to_dict() == {
        "diff_mean": d.diff.estimate,
        "ci_low": d.diff.low,
        "ci_high": d.diff.high,
        "p_better": d.p_better,
    }
