"""Loss series simulated from a known law, and the recovery study built on them.

A recovery study answers "does ``clausewitz fit`` find the coefficients that made the data?":
it simulates many battles from known coefficients, fits each (all at once, batched) and counts
how often each confidence interval covers the truth. A 95% interval should cover in about 95%
of trials; the issue's acceptance bar is 90% of 200 trials.

The simulated battle (our design, chosen so that the exponents are identifiable): each step,
each side's losses are drawn with mean ``k * firer^a * target^b`` (Poisson, or negative
binomial NB2 with dispersion ``alpha``), and with probability ``reinforce_p`` a side receives
reinforcements uniform on ``[0, reinforce_share x its initial strength]``, so that strengths
move up as well as down.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from clausewitz.battle.spec import LAW_EXPONENTS
from clausewitz.errors import UserError
from clausewitz.fitting.laws import METHODS, Method, fit_losses

F = NDArray[np.float64]
Noise = Literal["poisson", "negbin"]

#: Coefficients used by default for each law: about 300 losses a day (1.5-2% of the forces) at
#: the default starting strengths of 20,000 (x) and 15,000 (y). Values are ours.
TRUTH: dict[str, dict[str, float]] = {
    "square": {"x_kills": 0.015, "y_kills": 0.02, "a": 1.0, "b": 0.0},
    "linear": {"x_kills": 1.0e-6, "y_kills": 1.0e-6, "a": 1.0, "b": 1.0},
    "logarithmic": {"x_kills": 0.02, "y_kills": 0.015, "a": 0.0, "b": 1.0},
    "generalised": {"x_kills": 0.00625, "y_kills": 0.0085, "a": 0.7, "b": 0.4},
}


@dataclass(frozen=True)
class SimulatedBattles:
    """``n`` simulated battles of ``T`` steps: strengths at each step's start and losses."""

    x: F  # (n, T)
    y: F
    x_losses: F
    y_losses: F
    dt: F  # (n, T)


def simulate_battles(
    law: str,
    *,
    x_kills: float,
    y_kills: float,
    a: float | None = None,
    b: float | None = None,
    n: int = 200,
    steps: int = 60,
    x0: float = 20000.0,
    y0: float = 15000.0,
    noise: Noise = "negbin",
    dispersion: float = 0.05,
    reinforce_p: float = 0.2,
    reinforce_share: float = 0.2,
    seed: int = 0,
) -> SimulatedBattles:
    """Simulate ``n`` battles from ``law`` (``a``, ``b`` needed for the generalised law; both
    sides share them). ``x_kills`` is the coefficient with which x kills y."""
    if law in LAW_EXPONENTS:
        a, b = LAW_EXPONENTS[law]
    elif law != "generalised":
        raise UserError(f"unknown law {law!r}")
    if a is None or b is None:
        raise UserError("the generalised law needs exponents a and b")
    rng = np.random.default_rng(seed)
    xs, ys, lx, ly = (np.zeros((n, steps)) for _ in range(4))
    x = np.full(n, float(x0))
    y = np.full(n, float(y0))
    for t in range(steps):
        xs[:, t], ys[:, t] = x, y
        loss_x = _draw(rng, y_kills * y**a * x**b, noise, dispersion)  # y fires at x
        loss_y = _draw(rng, x_kills * x**a * y**b, noise, dispersion)  # x fires at y
        loss_x = np.minimum(loss_x, x)
        loss_y = np.minimum(loss_y, y)
        lx[:, t], ly[:, t] = loss_x, loss_y
        x = x - loss_x + (rng.random(n) < reinforce_p) * rng.uniform(0, reinforce_share * x0, n)
        y = y - loss_y + (rng.random(n) < reinforce_p) * rng.uniform(0, reinforce_share * y0, n)
    return SimulatedBattles(x=xs, y=ys, x_losses=lx, y_losses=ly, dt=np.ones((n, steps)))


def _draw(rng: np.random.Generator, mean: F, noise: Noise, dispersion: float) -> F:
    if noise == "negbin" and dispersion > 0:
        # NB2 as a gamma-Poisson mixture: Var = mean + dispersion * mean^2
        mean = rng.gamma(1.0 / dispersion, mean * dispersion)
    return rng.poisson(mean).astype(np.float64)


@dataclass(frozen=True)
class Recovery:
    """Coverage of the confidence intervals in a recovery study."""

    law: str
    method: str
    trials: int
    level: float
    truth: dict[str, float]
    coverage: dict[str, float]
    """Share of trials whose interval covers the truth, per coefficient (``x.kills``, ...)."""
    median_estimate: dict[str, float]

    def to_dict(self) -> dict[str, Any]:
        return {
            "law": self.law,
            "method": self.method,
            "trials": self.trials,
            "level": self.level,
            "truth": self.truth,
            "coverage": self.coverage,
            "median_estimate": self.median_estimate,
        }


def recovery_study(
    law: str,
    method: Method = "negbin",
    *,
    trials: int = 200,
    steps: int = 60,
    level: float = 0.95,
    n_boot: int = 199,
    seed: int = 0,
) -> Recovery:
    """Simulate ``trials`` battles from :data:`TRUTH` ``[law]`` and fit them all at once.

    The data's noise matches the method's model (Poisson data for ``poisson``, negative
    binomial otherwise; least squares and its bootstrap assume neither).
    """
    if method not in METHODS:
        raise UserError(f"unknown method {method!r}")
    truth = TRUTH[law]
    noise: Noise = "poisson" if method == "poisson" else "negbin"
    sims = simulate_battles(
        law,
        x_kills=truth["x_kills"],
        y_kills=truth["y_kills"],
        a=truth["a"],
        b=truth["b"],
        n=trials,
        steps=steps,
        noise=noise,
        seed=seed,
    )
    losses = np.concatenate([sims.y_losses, sims.x_losses])
    firer = np.concatenate([sims.x, sims.y])
    target = np.concatenate([sims.y, sims.x])
    dt = np.concatenate([sims.dt, sims.dt])
    fit = fit_losses(losses, firer, target, dt, law, method, level=level, n_boot=n_boot, seed=seed)
    coverage: dict[str, float] = {}
    median: dict[str, float] = {}
    names = ("kills", "a", "b")
    for side, rows in (("x", slice(0, trials)), ("y", slice(trials, 2 * trials))):
        values = (truth[f"{side}_kills"], truth["a"], truth["b"])
        for j, name in enumerate(names):
            if law != "generalised" and j > 0:
                continue
            lo, hi = fit.lower[rows, j], fit.upper[rows, j]
            coverage[f"{side}.{name}"] = float(np.mean((lo <= values[j]) & (values[j] <= hi)))
            median[f"{side}.{name}"] = float(np.median(fit.estimate[rows, j]))
    return Recovery(
        law=law,
        method=method,
        trials=trials,
        level=level,
        truth=dict(truth),
        coverage=coverage,
        median_estimate=median,
    )
