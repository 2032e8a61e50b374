"""The emulators and the implausibility measure."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy.stats import qmc

from clausewitz.calibrate.emulator import Emulators, implausibility, second_max
from clausewitz.calibrate.evaluate import synthetic_loglik


def _f(u: np.ndarray) -> np.ndarray:
    return np.sin(3 * u[:, 0]) + u[:, 1] ** 2


def test_emulator_reproduces_a_smooth_function_and_is_deterministic() -> None:
    u = qmc.LatinHypercube(2, seed=np.random.default_rng(1)).random(40)
    y = _f(u)
    means = np.column_stack([y, np.full_like(y, 2.5)])  # a varying and a constant target
    sds = np.column_stack([0.1 + 0 * y, np.zeros_like(y)])
    em = Emulators(u, means, sds, seed=4)
    test = np.random.default_rng(2).random((200, 2))
    mu, var, sd = em.predict(test)
    assert np.max(np.abs(mu[:, 0] - _f(test))) < 0.05
    assert np.all(mu[:, 1] == 2.5) and np.all(var[:, 1] == 0.0)
    assert np.all(var[:, 0] >= 0.0)
    np.testing.assert_allclose(sd[:, 0], 0.1, atol=1e-6)
    again = Emulators(u, means, sds, seed=4).predict(test)
    np.testing.assert_array_equal(again[0], mu)


@given(
    arrays(np.float64, (5, 3), elements=st.floats(-100, 100)),
    arrays(np.float64, 3, elements=st.floats(-100, 100)),
    arrays(np.float64, 3, elements=st.floats(0.1, 10)),
)
def test_implausibility_is_a_standardised_distance(
    mu: np.ndarray, observed: np.ndarray, tol: np.ndarray
) -> None:
    zero = np.zeros_like(mu)
    imp = implausibility(mu, zero, zero, observed, tol)
    np.testing.assert_allclose(imp, np.abs(observed - mu) / tol)
    # more uncertainty (emulator or runs) never makes a point more implausible
    wider = implausibility(mu, zero + 1.0, zero + 2.0, observed, tol)
    assert np.all(wider <= imp + 1e-12)
    assert np.all(implausibility(observed[None, :], zero[:1], zero[:1], observed, tol) == 0)
    s2 = second_max(imp)
    assert np.all(s2 <= imp.max(axis=1)) and np.all(s2 >= np.median(imp, axis=1) - 1e-12)


def test_synthetic_loglik_prefers_the_point_whose_runs_centre_on_the_record() -> None:
    rng = np.random.default_rng(0)
    observed = np.array([5.0, 10.0, 0.3])
    tol = np.array([1.0, 1.0, 0.5])
    near = rng.normal([5.0, 10.0], 2.0, size=(200, 2))
    far = rng.normal([9.0, 4.0], 2.0, size=(200, 2))
    ll_near = synthetic_loglik(near, [0, 1], np.r_[near.mean(0), 0.3], observed, tol)
    ll_far = synthetic_loglik(far, [0, 1], np.r_[far.mean(0), 0.3], observed, tol)
    assert ll_near > ll_far + 3
    # an aggregate target counts through its tolerance alone
    shifted = synthetic_loglik(near, [0, 1], np.r_[near.mean(0), 1.3], observed, tol)
    assert np.isclose(ll_near - shifted, 0.5 * (1.0 / 0.5) ** 2)
