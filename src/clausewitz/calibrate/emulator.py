"""Gaussian-process emulators of the hindcast's summaries, and implausibility.

One scikit-learn Gaussian process per target emulates the mean over runs at a point of the
unit cube (a constant times an anisotropic squared-exponential kernel, plus a white-noise term
for the Monte Carlo error of a mean over finitely many runs), and a second, with the first's
fitted kernel, the spread over runs. Implausibility (Craig, Goldstein, Seheult and Smith 1997;
Vernon, Goldstein and Bower 2010) of a point for target ``j`` is

    I_j(u) = |z_j - E[f_j(u)]| / sqrt(Var_emulator_j(u) + sd_runs_j(u)^2 + tol_j^2),

where ``z_j`` is the record's value, ``sd_runs`` the spread of the runs (the record is one
realisation), and ``tol_j`` the target's tolerance (observation error and model discrepancy).
A point is ruled out when its second-largest ``I_j`` exceeds the cut-off.
"""

from __future__ import annotations

import warnings

import numpy as np
from numpy.typing import NDArray
from sklearn.exceptions import ConvergenceWarning
from sklearn.gaussian_process import GaussianProcessRegressor
from sklearn.gaussian_process.kernels import RBF, ConstantKernel, WhiteKernel

F64 = NDArray[np.float64]


def _kernel(d: int) -> ConstantKernel:
    return ConstantKernel(1.0, (1e-3, 1e3)) * RBF(
        length_scale=np.full(d, 0.3), length_scale_bounds=(1e-2, 1e2)
    ) + WhiteKernel(1e-2, (1e-8, 1.0))


class _Constant:
    """A target that does not vary over the points: its mean, exactly."""

    def __init__(self, value: float) -> None:
        self.value = value

    def predict(self, u: F64, return_std: bool = False) -> F64 | tuple[F64, F64]:
        m = np.full(u.shape[0], self.value)
        return (m, np.zeros(u.shape[0])) if return_std else m


class Emulators:
    """Emulators of every target's mean and spread, fitted to evaluated points.

    ``u``: (n, d) points in the unit cube; ``means`` and ``sds``: (n, K) their summaries.
    Fitting is deterministic (``seed`` fixes scikit-learn's random state).
    """

    def __init__(self, u: F64, means: F64, sds: F64, seed: int) -> None:
        self.n, self.d = u.shape
        self.mean_models: list[GaussianProcessRegressor | _Constant] = []
        self.sd_models: list[GaussianProcessRegressor | _Constant] = []
        state = seed % (2**32)
        with warnings.catch_warnings():
            # bounds reached by a length scale are expected for an inert parameter
            warnings.simplefilter("ignore", ConvergenceWarning)
            for k in range(means.shape[1]):
                y = means[:, k]
                if np.ptp(y) <= 1e-9 * max(1.0, float(np.abs(y).max())):
                    self.mean_models.append(_Constant(float(y.mean())))
                    self.sd_models.append(_Constant(float(sds[:, k].mean())))
                    continue
                gp = GaussianProcessRegressor(
                    _kernel(self.d), normalize_y=True, n_restarts_optimizer=0, random_state=state
                )
                gp.fit(u, y)
                self.mean_models.append(gp)
                s = sds[:, k]
                if np.ptp(s) <= 1e-9 * max(1.0, float(np.abs(s).max())):
                    self.sd_models.append(_Constant(float(s.mean())))
                else:
                    sgp = GaussianProcessRegressor(
                        gp.kernel_, normalize_y=True, optimizer=None, random_state=state
                    )
                    sgp.fit(u, s)
                    self.sd_models.append(sgp)

    def predict(self, u: F64) -> tuple[F64, F64, F64]:
        """At points ``u`` (m, d): the emulated means, their emulator variances and the
        emulated spreads over runs, each (m, K)."""
        m, K = u.shape[0], len(self.mean_models)
        mu, var, sd = np.empty((m, K)), np.empty((m, K)), np.empty((m, K))
        for k in range(K):
            a, s = self.mean_models[k].predict(u, return_std=True)
            mu[:, k], var[:, k] = a, np.square(s)
            sd[:, k] = np.maximum(np.asarray(self.sd_models[k].predict(u)), 0.0)
        return mu, var, sd


def implausibility(mu: F64, var_emulator: F64, sd_runs: F64, observed: F64, tolerance: F64) -> F64:
    """``I_j`` at each point (m, K), see the module's docstring."""
    denom = np.sqrt(var_emulator + np.square(sd_runs) + np.square(tolerance)[None, :])
    out: F64 = np.abs(observed[None, :] - mu) / denom
    return out


def second_max(imp: F64) -> F64:
    """The second-largest implausibility of each point (the largest with one target)."""
    if imp.shape[1] == 1:
        return np.asarray(imp[:, 0], dtype=np.float64)
    out: F64 = np.sort(imp, axis=1)[:, -2]
    return out
