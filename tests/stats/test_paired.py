"""Paired-comparison statistics: intervals, paired differences, CRN ratio, stopping rule."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from clausewitz.stats.paired import (
    chow_robbins_satisfied,
    kpi_interval,
    mean_ci,
    paired_difference,
    proportion_ci,
    runs_needed,
)


def test_mean_ci_matches_scipy_t_interval() -> None:
    x = np.random.default_rng(3).normal(10.0, 2.0, size=57)
    ci = mean_ci(x)
    lo, hi = stats.t.interval(0.95, df=56, loc=x.mean(), scale=stats.sem(x))
    assert ci.estimate == pytest.approx(x.mean())
    assert (ci.low, ci.high) == pytest.approx((lo, hi))


def test_wilson_interval_known_value() -> None:
    # 8 successes of 20: Wilson 95% interval is [0.2188, 0.6134] (standard tables).
    ci = proportion_ci([1] * 8 + [0] * 12)
    assert ci.estimate == pytest.approx(0.4)
    assert ci.low == pytest.approx(0.2188, abs=5e-4)
    assert ci.high == pytest.approx(0.6134, abs=5e-4)
    assert kpi_interval([1] * 8 + [0] * 12) == ci


def test_wilson_interval_stays_inside_unit_interval() -> None:
    ci = proportion_ci([1] * 30)
    assert ci.high == pytest.approx(1.0) and 0.85 < ci.low < 1.0


def test_crn_ratio_large_when_runs_are_positively_correlated() -> None:
    rng = np.random.default_rng(7)
    common = rng.normal(100.0, 20.0, size=2000)
    a = common + rng.normal(0.0, 1.0, size=2000) + 2.0
    b = common + rng.normal(0.0, 1.0, size=2000)
    d = paired_difference(a, b)
    # independent: (400+1)+(400+1) over paired: 1+1 -> about 400
    assert 300 < d.crn_variance_ratio < 520
    assert d.diff.low < 2.0 < d.diff.high
    assert d.p_better > 0.999
    assert d.share_runs_better > 0.9


def test_crn_ratio_near_one_for_independent_samples() -> None:
    rng = np.random.default_rng(11)
    d = paired_difference(rng.normal(size=5000), rng.normal(size=5000))
    assert 0.9 < d.crn_variance_ratio < 1.1


def test_direction_flips_p_better() -> None:
    a = np.array([5.0, 6.0, 7.0, 8.0])
    b = a + 1.0 + np.array([0.1, -0.1, 0.05, -0.05])
    assert paired_difference(a, b, higher_is_better=True).p_better < 0.01
    assert paired_difference(a, b, higher_is_better=False).p_better > 0.99


def test_paired_rejects_unequal_lengths_and_nans() -> None:
    with pytest.raises(ValueError, match="differ in length"):
        paired_difference([1.0, 2.0], [1.0])
    with pytest.raises(ValueError, match="finite"):
        mean_ci([1.0, math.nan])


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(-1e6, 1e6), min_size=2, max_size=50),
    st.floats(-100, 100),
)
def test_shift_moves_difference_exactly(xs: list[float], shift: float) -> None:
    a = np.array(xs)
    d = paired_difference(a + shift, a)
    assert d.diff.estimate == pytest.approx(shift, abs=1e-6 * (1 + abs(shift)))
    assert d.diff.low <= d.diff.estimate <= d.diff.high


def test_chow_robbins_stops_once_half_width_is_reached() -> None:
    rng = np.random.default_rng(5)
    z = rng.normal(0.0, 3.0, size=20000)
    target = 0.2
    stop = next(n for n in range(2, z.size) if chow_robbins_satisfied(z[:n], target))
    # At the stopping time the realised t half-width is within the target.
    assert mean_ci(z[:stop]).half_width <= target * 1.0001
    # ... and not wildly later than the fixed-sample answer (t·σ/H)² ≈ 865.
    assert 600 < stop < 1200
    assert runs_needed(z[:200], target) == pytest.approx(865, rel=0.25)
