"""Sampling every parameter for R runs, with common random numbers by parameter name.

Run ``i``'s value of parameter ``name`` is ``ppf(u)`` where ``u`` is the uniform of the
counter stream keyed by ``(seed, i, PARAMETERS, hash(name))``: the stable 32-bit BLAKE2b hash
of the name is split over the stream's item word (high 16 bits) and day word (low 16 bits).
Hence adding, removing or reordering a parameter never changes another's draws, and run ``i``
gets the same values whatever chunk (or job size) it is sampled in. Hard bounds (``low`` and
``high`` of a :class:`~clausewitz.scenario.schema.Parameter`) are applied by clipping.

The columns of one table of joint draws (``kind: draws``) share one uniform per run, from the
stream keyed by the *table's* name (``draws/<table>``, which no parameter name can be): run
``i`` takes row ``floor(u * n)`` for every column, so the parameters keep the table's joint
distribution (a calibration's posterior correlations), again whatever the chunking.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

from clausewitz.engine.draws import PARAMETERS, check_seed
from clausewitz.evidence.distributions import Empirical
from clausewitz.rng import u01_runs


class Distribution(Protocol):
    """Anything with a vectorised inverse CDF."""

    def ppf(self, u: NDArray[np.float64]) -> Any:
        """Quantiles at probabilities ``u``."""
        ...


def name_key(name: str) -> tuple[int, int]:
    """The (item, day) words of a parameter's stream: its 32-bit BLAKE2b hash, split."""
    digest = hashlib.blake2b(name.encode("utf-8"), digest_size=4).digest()
    h = int.from_bytes(digest, "big")
    return h >> 16, h & 0xFFFF


def uniforms(name: str, seed: int, run_ids: NDArray[np.int64]) -> NDArray[np.float64]:
    """The uniforms in (0, 1) that parameter ``name`` is sampled from, one per run."""
    item, day = name_key(name)
    runs = np.ascontiguousarray(run_ids, dtype=np.int64)
    u = np.asarray(u01_runs(check_seed(seed), runs, PARAMETERS, item, day, 0, 0))
    # u is in [0, 1); move the 2**-53-probability zero inside so that every ppf is finite
    return np.where(u > 0.0, u, 2.0**-54)


def table_key(table: str) -> str:
    """The stream name of a table of joint draws (``/`` cannot occur in a parameter's name)."""
    return f"draws/{table}"


def _distribution(estimate: Any) -> Distribution:
    dist = getattr(estimate, "distribution", estimate)
    if not hasattr(dist, "ppf"):
        raise TypeError(f"{type(estimate).__name__} has no distribution with a ppf")
    result: Distribution = dist
    return result


def sample(
    estimates: Mapping[str, Any],
    seed: int,
    run_ids: NDArray[np.int64] | list[int],
    *,
    bounds: Mapping[str, tuple[float | None, float | None]] | None = None,
) -> dict[str, NDArray[np.float64]]:
    """One value per run of every parameter, in the parameter's own unit.

    ``estimates`` maps names to objects whose ``distribution`` (or themselves) has a
    vectorised ``ppf`` (the evidence layer's estimates, or frozen SciPy distributions).
    ``bounds`` maps names to hard (low, high) bounds to clip to (``None``: unbounded).
    """
    runs = np.asarray(run_ids, dtype=np.int64)
    out: dict[str, NDArray[np.float64]] = {}
    shared: dict[str, NDArray[np.float64]] = {}
    for name, estimate in estimates.items():
        dist = _distribution(estimate)
        if isinstance(dist, Empirical):
            if dist.table not in shared:
                shared[dist.table] = uniforms(table_key(dist.table), seed, runs)
            values = dist.take(shared[dist.table])
        else:
            values = np.asarray(dist.ppf(uniforms(name, seed, runs)), dtype=np.float64)
        values = np.broadcast_to(values, runs.shape).copy()
        if bounds and name in bounds:
            low, high = bounds[name]
            if low is not None or high is not None:
                values = np.clip(values, low, high)
        out[name] = values
    return out


def parameter_bounds(table: Mapping[str, Any]) -> dict[str, tuple[float | None, float | None]]:
    """The hard bounds of every parameter of a
    :class:`~clausewitz.scenario.parameters.ParameterTable`."""
    return {
        name: (entry.parameter.low, entry.parameter.high)
        for name, entry in table.items()
        if entry.parameter.low is not None or entry.parameter.high is not None
    }
