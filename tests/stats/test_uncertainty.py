"""One uncertain-input type: an inverse CDF with its hard bounds, a unit and a basis."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from clausewitz.stats.uncertainty import Uncertainty

unit_draws = st.lists(st.floats(0.0, 1.0), min_size=1, max_size=50)


@given(unit_draws)
def test_bounded_values_stay_inside_the_hard_bounds(u: list[float]) -> None:
    x = Uncertainty.bounded("k", stats.norm(0.0, 5.0).ppf, -2.0, 3.0, u_edge=1e-6)
    v = x.ppf(np.asarray(u))
    assert np.all(np.isfinite(v)) and np.all((v >= -2.0) & (v <= 3.0))


def test_unbounded_inputs_are_the_distribution_itself() -> None:
    x = Uncertainty.bounded("k", stats.norm(10.0, 2.0).ppf, None, None, unit="km", basis="b")
    q = x.quantiles([0.05, 0.5, 0.95])
    assert q == pytest.approx(stats.norm(10.0, 2.0).ppf([0.05, 0.5, 0.95]))
    assert (x.name, x.unit, x.basis) == ("k", "km", "b")


def test_without_an_edge_the_extremes_are_the_distributions_own() -> None:
    x = Uncertainty.bounded("k", stats.norm().ppf, None, 1.0)
    lo, hi = x.quantiles([0.0, 1.0])
    assert lo == -np.inf and hi == 1.0


def test_uniform_maps_the_unit_interval_linearly() -> None:
    x = Uncertainty.uniform("k", 2.0, 4.0, unit="days")
    assert x.quantiles([0.0, 0.25, 1.0]) == pytest.approx([2.0, 2.5, 4.0])
    with pytest.raises(ValueError, match="high must exceed low"):
        Uncertainty.uniform("bad", 1.0, 1.0)
