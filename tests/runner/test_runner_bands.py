"""Daily quantile bands: merging equals counting at once; quantiles within one bin width."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from clausewitz.runner.bands import QUANTILES, BandVariable, DailyBands

VARS = (BandVariable("a", 0.0, 100.0), BandVariable("b", -5.0, 5.0))
finite = st.floats(-200.0, 300.0, allow_nan=False, allow_infinity=False)


def _bands(values: np.ndarray, bins: int = 50) -> DailyBands:
    bands = DailyBands(VARS, days=2, bins=bins)
    for day in range(2):
        bands.add(day, values[:, day, :])
    return bands


def _true_quantile(sample: np.ndarray, q: float) -> float:
    """Inverted empirical CDF: the smallest x with F(x) >= q."""
    s = np.sort(sample)
    return float(s[max(math.ceil(q * s.size) - 1, 0)])


@settings(max_examples=60)
@given(
    values=arrays(
        np.float64, st.tuples(st.integers(1, 40), st.just(2), st.just(2)), elements=finite
    ),
    cut=st.integers(0, 40),
)
def test_merging_chunks_equals_counting_at_once(values: np.ndarray, cut: int) -> None:
    cut = min(cut, values.shape[0])
    whole = _bands(values)
    merged = DailyBands(VARS, days=2, bins=50)
    for part in (values[:cut], values[cut:]):
        if part.shape[0]:
            merged.merge(_bands(part))
    assert np.array_equal(whole.counts, merged.counts)
    assert np.array_equal(whole.mins, merged.mins)
    assert np.array_equal(whole.maxs, merged.maxs)
    # identical bits, not just close: bands do not depend on the chunking
    assert whole.quantiles().tobytes() == merged.quantiles().tobytes()


@settings(max_examples=80)
@given(
    sample=arrays(np.float64, st.integers(1, 300), elements=finite),
    bins=st.integers(1, 200),
    q=st.floats(0.01, 0.99),
)
def test_quantile_within_the_bin_of_the_true_quantile(
    sample: np.ndarray, bins: int, q: float
) -> None:
    var = BandVariable("x", 0.0, 100.0)
    bands = DailyBands([var], days=1, bins=bins)
    bands.add(0, sample[:, None])
    est = float(bands.quantiles([q])[0, 0, 0])
    true = _true_quantile(sample, q)
    if 0.0 <= true <= 100.0:
        tol = 100.0 / bins  # one bin width
    else:  # under- or overflow bin: its edges are the exact min/max and the range limit
        tol = max(abs(true - 0.0), abs(true - 100.0), float(np.ptp(sample)))
    assert abs(est - true) <= tol * (1 + 1e-9) + 1e-12
    assert sample.min() <= est <= sample.max()


def test_fine_bins_recover_numpy_quantiles_of_a_large_sample() -> None:
    rng = np.random.default_rng(3)
    x = rng.normal(50.0, 10.0, size=200_000)
    bands = DailyBands([BandVariable("x", 0.0, 100.0)], days=1, bins=1000)
    bands.add(0, x[:, None])
    est = bands.quantiles()[0, 0]
    ref = np.quantile(x, QUANTILES, method="inverted_cdf")
    assert np.all(np.abs(est - ref) <= 0.1)  # bin width 0.1
    assert bands.n[0, 0] == x.size


def test_constant_values_give_exact_quantiles_and_out_of_range_values_are_kept() -> None:
    bands = DailyBands([BandVariable("x", 0.0, 1.0)], days=1, bins=10)
    bands.add(0, np.full((7, 1), 0.4321))
    assert np.all(bands.quantiles()[0, 0] == 0.4321)
    wide = DailyBands([BandVariable("x", 0.0, 1.0)], days=1, bins=10)
    wide.add(0, np.array([[-3.0], [5.0], [7.0], [9.0]]))
    q = wide.quantiles([0.25, 0.5, 0.99])[0, 0]
    # under- and overflow bins span [min, lo] = [-3, 0] and [hi, max] = [1, 9]
    assert -3.0 <= q[0] <= 0.0 and 1.0 <= q[1] <= q[2] <= 9.0
    assert wide.counts[0, 0, 0] == 1 and wide.counts[0, 0, -1] == 3


def test_non_finite_values_are_counted_apart() -> None:
    bands = DailyBands([BandVariable("x", 0.0, 1.0)], days=1, bins=4)
    bands.add(0, np.array([[np.nan], [0.5], [np.inf]]))
    assert bands.nonfinite[0, 0] == 2 and bands.n[0, 0] == 1
    assert bands.quantiles([0.5])[0, 0, 0] == 0.5


def test_memory_does_not_grow_with_runs() -> None:
    small = DailyBands(VARS, days=30, bins=100)
    big = DailyBands(VARS, days=30, bins=100)
    small.add(0, np.zeros((10, 2)))
    before = big.nbytes
    for day in range(30):
        big.add(day, np.random.default_rng(day).uniform(0, 5, size=(20_000, 2)))
    assert big.nbytes == before == small.nbytes


def test_table_layout_and_empty_days() -> None:
    bands = DailyBands(VARS, days=3, bins=10)
    bands.add(1, np.array([[10.0, 1.0], [20.0, 2.0]]))
    table = bands.to_table()
    assert table.column_names == [
        "variable",
        "day",
        "n",
        "min",
        "q05",
        "q25",
        "q50",
        "q75",
        "q95",
        "max",
        "bin_width",
    ]
    rows = table.to_pylist()
    assert [(r["variable"], r["day"]) for r in rows] == [
        ("a", 0),
        ("a", 1),
        ("a", 2),
        ("b", 0),
        ("b", 1),
        ("b", 2),
    ]
    assert rows[1]["n"] == 2 and rows[1]["min"] == 10.0 and rows[1]["max"] == 20.0
    assert rows[0]["n"] == 0 and math.isnan(rows[0]["q50"])
    assert rows[0]["bin_width"] == 10.0 and rows[3]["bin_width"] == 1.0


def test_invalid_inputs() -> None:
    with pytest.raises(ValueError, match="lo < hi"):
        BandVariable("x", 1.0, 1.0)
    with pytest.raises(ValueError, match="unique"):
        DailyBands([BandVariable("x", 0, 1), BandVariable("x", 0, 2)], days=1)
    bands = DailyBands(VARS, days=1, bins=10)
    with pytest.raises(ValueError, match="cannot merge"):
        bands.merge(DailyBands(VARS, days=2, bins=10))
    with pytest.raises(IndexError):
        bands.add(1, np.zeros((1, 2)))
    with pytest.raises(ValueError, match="shape"):
        bands.add(0, np.zeros((1, 3)))
