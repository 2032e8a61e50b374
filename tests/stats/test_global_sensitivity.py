"""Sobol and Morris through the same code path the scenarios use, checked on Ishigami."""

from __future__ import annotations

import numpy as np
import pytest

from clausewitz.stats.global_sensitivity import (
    ishigami,
    ishigami_indices,
    morris,
    sobol,
)
from clausewitz.stats.uncertainty import Uncertainty

PI = float(np.pi)
FACTORS = [Uncertainty.uniform(f"x{i}", -PI, PI) for i in (1, 2, 3)]


def test_ishigami_analytical_values() -> None:
    exact = ishigami_indices()
    assert exact["S1"] == pytest.approx((0.3139, 0.4424, 0.0), abs=1e-4)
    assert exact["ST"] == pytest.approx((0.5576, 0.4424, 0.2437), abs=1e-4)


def test_sobol_recovers_ishigami_indices() -> None:
    res = sobol(FACTORS, ishigami, n_base=2**13, seed=1)
    exact = ishigami_indices()
    assert res.s1 == pytest.approx(exact["S1"], abs=0.03)
    assert res.st == pytest.approx(exact["ST"], abs=0.03)
    # The reported confidence half-widths cover the truth.
    assert np.all(np.abs(res.s1 - exact["S1"]) <= res.s1_conf + 0.01)
    assert res.n_evaluations == 2**13 * 5


def test_sobol_is_deterministic_for_a_seed() -> None:
    a = sobol(FACTORS, ishigami, n_base=256, seed=4)
    b = sobol(FACTORS, ishigami, n_base=256, seed=4)
    assert np.array_equal(a.s1, b.s1) and np.array_equal(a.st, b.st)


def test_morris_ranks_ishigami_factors() -> None:
    res = morris(FACTORS, ishigami, trajectories=60, seed=2)
    # x3 enters only through an interaction with x1: smallest mu*; x1, x2 dominate.
    assert res.mu_star[2] < res.mu_star[0] and res.mu_star[2] < res.mu_star[1]
    assert res.n_evaluations == 60 * 4


def test_factor_ppf_maps_the_unit_interval() -> None:
    f = Uncertainty.uniform("k", 2.0, 4.0)
    assert f.ppf(np.array([0.0, 0.5, 1.0])) == pytest.approx([2.0, 3.0, 4.0])
    with pytest.raises(ValueError, match="high must exceed low"):
        Uncertainty.uniform("bad", 1.0, 1.0)


def test_evaluator_shape_is_checked() -> None:
    with pytest.raises(ValueError, match="returned 1 values"):
        sobol(FACTORS, lambda x: np.zeros(1), n_base=8)
