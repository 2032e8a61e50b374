"""Every interval holds its own estimate, exactly at the edges (issue case 10)."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from clausewitz.runner.kpis import wilson_interval
from clausewitz.stats.paired import kpi_interval, mean_ci, proportion_ci, wilson_ci


@st.composite
def counts(draw: st.DrawFn) -> tuple[int, int]:
    n = draw(st.integers(min_value=1, max_value=10**7))
    k = draw(st.one_of(st.just(0), st.just(n), st.integers(min_value=0, max_value=n)))
    return k, n


def test_a_share_of_zero_starts_at_zero_in_the_flagship_case() -> None:
    # the reported case: 0 of 4,000 runs (the interval began at 5.4e-20, above 0)
    iv = proportion_ci(np.zeros(4000))
    assert iv.estimate == 0.0 and iv.low == 0.0 and iv.high > 0.0
    assert proportion_ci(np.ones(4000)).high == 1.0


@given(counts())
def test_every_wilson_interval_holds_its_estimate(kn: tuple[int, int]) -> None:
    k, n = kn
    s = wilson_interval(k, n, "x")
    iv = s.interval
    assert s.observed and iv.n == n
    assert 0.0 <= iv.low <= iv.estimate <= iv.high <= 1.0
    if k == 0:
        assert iv.low == 0.0
    if k == n:
        assert iv.high == 1.0
    iv = wilson_ci(k / n, n)
    lo, hi = iv.low, iv.high
    assert 0.0 <= lo <= k / n <= hi <= 1.0
    if k == 0:
        assert lo == 0.0


@given(st.integers(min_value=1, max_value=5000), st.data())
def test_every_proportion_interval_holds_its_estimate(n: int, data: st.DataObject) -> None:
    k = data.draw(st.integers(min_value=0, max_value=n))
    x = np.zeros(n)
    x[:k] = 1.0
    iv = kpi_interval(x)
    assert 0.0 <= iv.low <= iv.estimate <= iv.high <= 1.0
    if k == 0:
        assert iv.low == 0.0
    if k == n:
        assert iv.high == 1.0


@given(
    st.lists(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False), min_size=1, max_size=200)
)
def test_every_mean_interval_holds_its_estimate(xs: list[float]) -> None:
    iv = mean_ci(xs)
    assert math.isfinite(iv.estimate)
    assert iv.low <= iv.estimate <= iv.high
