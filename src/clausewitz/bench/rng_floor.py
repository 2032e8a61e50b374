"""The RNG floor: how long drawing the engine's random numbers takes, and nothing else.

:func:`replay_seconds` replays a :class:`~clausewitz.bench.draw_log.DrawLog` with the compiled
samplers the fast engine calls (``*_nb``, same algorithms, same Philox4x32-10 streams, same
parameters), in one tight loop: a lower bound on any engine that makes those draws. The ratio
of the engine's time to it (``ratio_vs_rng_floor``) says how much the engine spends beyond its
random numbers.

:func:`philox_seconds` is the lower floor still: producing as many raw Philox blocks as the
draws consumed, converted to doubles, with no sampler around them (reported for information).
"""

from __future__ import annotations

import time

import numpy as np
from numba import njit
from numpy.typing import NDArray

from clausewitz.bench.draw_log import SAMPLERS, DrawLog
from clausewitz.rng import (
    bernoulli_nb,
    beta_nb,
    binomial_nb,
    lognormal_nb,
    negative_binomial_nb,
    poisson_nb,
    uniform_nb,
)
from clausewitz.rng.philox import philox4x32_nb
from clausewitz.rng.streams import seed_key, words_to_u01

# the kernel below dispatches on these indices
assert SAMPLERS == (
    "beta",
    "binomial",
    "lognormal",
    "negative_binomial",
    "poisson",
    "bernoulli",
    "uniform",
)


@njit(cache=True)
def _replay(
    seed: int,
    kinds: NDArray[np.int64],
    coords: NDArray[np.int64],
    params: NDArray[np.float64],
    out: NDArray[np.float64],
) -> None:  # pragma: no cover - compiled
    # Storing every value keeps every draw live (nothing for the compiler to drop) and lets
    # the tests compare the replay with the reference engine's draws.
    for i in range(kinds.shape[0]):
        k = kinds[i]
        run, proc, sector, day, slot = (
            coords[i, 0], coords[i, 1], coords[i, 2], coords[i, 3], coords[i, 4],
        )  # fmt: skip
        a = params[i, 0]
        b = params[i, 1]
        if k == 0:
            out[i] = beta_nb(seed, run, proc, sector, day, slot, a, b)
        elif k == 1:
            out[i] = binomial_nb(seed, run, proc, sector, day, slot, int(a), b)
        elif k == 2:
            out[i] = lognormal_nb(seed, run, proc, sector, day, slot, a, b)
        elif k == 3:
            out[i] = negative_binomial_nb(seed, run, proc, sector, day, slot, a, b)
        elif k == 4:
            out[i] = poisson_nb(seed, run, proc, sector, day, slot, a)
        elif k == 5:
            out[i] = 1.0 if bernoulli_nb(seed, run, proc, sector, day, slot, a) else 0.0
        else:
            out[i] = uniform_nb(seed, run, proc, sector, day, slot, a, b)


@njit(cache=True)
def _philox_doubles(n: int, k0: int, k1: int) -> float:  # pragma: no cover - compiled
    total = 0.0
    for i in range(n):
        x0, x1, x2, x3 = philox4x32_nb(i & 0xFFFFFFFF, i >> 32, 0, 0, k0, k1)
        total += words_to_u01(int(x0), int(x1)) + words_to_u01(int(x2), int(x3))
    return total


def replay(log: DrawLog) -> NDArray[np.float64]:
    """Replay every draw of ``log`` with the compiled samplers: the values drawn, in order
    (integers and Bernoulli outcomes as floats)."""
    kinds, coords, params = log.arrays()
    out = np.empty(kinds.shape[0])
    _replay(log.seed, kinds, coords, params, out)
    return out


def _best(func: object, repeats: int) -> float:
    assert callable(func)
    func()  # compile or load from the cache; warm up
    best = float("inf")
    for _ in range(max(repeats, 1)):
        start = time.process_time()
        func()
        best = min(best, time.process_time() - start)
    return best


def replay_seconds(log: DrawLog, repeats: int = 5) -> float:
    """Best time over ``repeats`` to replay every draw of ``log`` (compiled, one thread)."""
    kinds, coords, params = log.arrays()
    out = np.empty(kinds.shape[0])
    return _best(lambda: _replay(log.seed, kinds, coords, params, out), repeats)


def philox_seconds(blocks: int, seed: int, repeats: int = 5) -> float:
    """Best time over ``repeats`` to produce ``blocks`` Philox blocks as two doubles each."""
    k0, k1 = seed_key(seed)
    return _best(lambda: _philox_doubles(blocks, k0, k1), repeats)
