"""Philox4x32-10, the counter-based generator under every random draw of the engine.

Philox (Salmon, Moraes, Dror and Shaw, "Parallel random numbers: as easy as 1, 2, 3", SC'11,
the Random123 library) is a keyed bijection of a 128-bit counter: the output for a counter
depends on nothing else, so any draw can be recomputed from its coordinates alone, in any
order, on any worker. Philox4x32-10 has a key of two 32-bit words and a counter of four, and
applies ten rounds of::

    hi0, lo0 = mulhilo(M0, c0);  hi1, lo1 = mulhilo(M1, c2)
    (c0, c1, c2, c3) = (hi1 ^ c1 ^ k0, lo1, hi0 ^ c3 ^ k1, lo0)

with the key bumped by the Weyl constants ``(W0, W1)`` between rounds (Random123's
``philox4x32_R`` with ``R = 10``). It passes BigCrush and is the generator of cuRAND and of
TensorFlow's and JAX's stateless samplers.

Three bit-identical forms:

* :func:`philox4x32` - pure Python on ``int`` (no Numba), for the reference engine;
* :func:`philox4x32_nb` - a Numba ``njit`` scalar, callable from other ``njit`` kernels;
* :func:`philox4x32_array` - a compiled loop over an ``(n, 4)`` array of counters.

Inside ``njit`` code, a call to the pure :func:`philox4x32` is also compiled (to the same kernel
as :func:`philox4x32_nb`, registered with :func:`numba.extending.overload`): this is what lets
:mod:`clausewitz.rng.streams` and :mod:`clausewitz.rng.samplers` write each algorithm once, run
it as plain Python, and compile the very same source for the fast engine.

Every word is an integer in ``[0, 2**32)``; the Numba forms return ``int64`` words (not
``uint32``) so that callers can do ordinary integer arithmetic on them without Numba's
unsigned/signed promotion to ``float64``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

import numpy as np
from numba import njit
from numba.extending import overload, register_jitable
from numpy.typing import NDArray

__all__ = [
    "PHILOX_M0",
    "PHILOX_M1",
    "PHILOX_ROUNDS",
    "PHILOX_W0",
    "PHILOX_W1",
    "philox4x32",
    "philox4x32_array",
    "philox4x32_nb",
]

PHILOX_M0 = 0xD2511F53
"""Multiplier applied to counter word 0 (Random123 ``PHILOX_M4x32_0``)."""
PHILOX_M1 = 0xCD9E8D57
"""Multiplier applied to counter word 2 (Random123 ``PHILOX_M4x32_1``)."""
PHILOX_W0 = 0x9E3779B9
"""Weyl increment of key word 0 (golden ratio; Random123 ``PHILOX_W32_0``)."""
PHILOX_W1 = 0xBB67AE85
"""Weyl increment of key word 1 (sqrt(3) - 1; Random123 ``PHILOX_W32_1``)."""
PHILOX_ROUNDS = 10
"""Rounds: 10 is Random123's recommended (and tested) count for Philox4x32."""

_MASK32 = 0xFFFFFFFF

_F = TypeVar("_F", bound=Callable[..., Any])


def _shared(func: _F) -> _F:
    """Let ``njit`` code call the pure-Python ``func`` by compiling its source.

    Used on every helper written once for both forms (see the module docstring); returns
    ``func`` itself, unchanged, so the pure-Python form never touches Numba at call time.
    """
    register_jitable(func)
    return func


def _twin(func: _F) -> _F:
    """The compiled (``njit(cache=True)``) twin of a pure-Python function, same signature."""
    return cast(_F, njit(cache=True)(func))


def philox4x32(c0: int, c1: int, c2: int, c3: int, k0: int, k1: int) -> tuple[int, int, int, int]:
    """Philox4x32-10 of counter ``(c0, c1, c2, c3)`` under key ``(k0, k1)``, in pure Python.

    All six inputs are taken modulo ``2**32``; the four output words are in ``[0, 2**32)``.
    Bit-identical to :func:`philox4x32_nb` and :func:`philox4x32_array`.
    """
    c0 &= _MASK32
    c1 &= _MASK32
    c2 &= _MASK32
    c3 &= _MASK32
    k0 &= _MASK32
    k1 &= _MASK32
    for r in range(PHILOX_ROUNDS):
        if r:  # the key is bumped before every round but the first
            k0 = (k0 + PHILOX_W0) & _MASK32
            k1 = (k1 + PHILOX_W1) & _MASK32
        p0 = PHILOX_M0 * c0
        p1 = PHILOX_M1 * c2
        c0, c1, c2, c3 = (p1 >> 32) ^ c1 ^ k0, p1 & _MASK32, (p0 >> 32) ^ c3 ^ k1, p0 & _MASK32
    return c0, c1, c2, c3


# Numba: every word is held in a uint64 so that the 32x32 -> 64-bit product is exact; mixing a
# uint64 with a signed int (even a literal) would promote to float64, so constants are uint64.
_U_M0 = np.uint64(PHILOX_M0)
_U_M1 = np.uint64(PHILOX_M1)
_U_W0 = np.uint64(PHILOX_W0)
_U_W1 = np.uint64(PHILOX_W1)
_U_MASK = np.uint64(_MASK32)
_U_32 = np.uint64(32)


@njit(cache=True, inline="always")
def _philox_u64(
    c0: np.uint64, c1: np.uint64, c2: np.uint64, c3: np.uint64, k0: np.uint64, k1: np.uint64
) -> tuple[np.uint64, np.uint64, np.uint64, np.uint64]:  # pragma: no cover - compiled
    for r in range(PHILOX_ROUNDS):
        if r:
            k0 = (k0 + _U_W0) & _U_MASK
            k1 = (k1 + _U_W1) & _U_MASK
        p0 = _U_M0 * c0
        p1 = _U_M1 * c2
        c0, c1, c2, c3 = (
            (p1 >> _U_32) ^ c1 ^ k0,
            p1 & _U_MASK,
            (p0 >> _U_32) ^ c3 ^ k1,
            p0 & _U_MASK,
        )
    return c0, c1, c2, c3


def _philox4x32_impl(
    c0: int, c1: int, c2: int, c3: int, k0: int, k1: int
) -> tuple[np.int64, np.int64, np.int64, np.int64]:  # pragma: no cover - compiled
    # Inputs are reduced modulo 2**32 like the pure form (np.uint64 of a negative int64 wraps).
    x0, x1, x2, x3 = _philox_u64(
        np.uint64(c0) & _U_MASK,
        np.uint64(c1) & _U_MASK,
        np.uint64(c2) & _U_MASK,
        np.uint64(c3) & _U_MASK,
        np.uint64(k0) & _U_MASK,
        np.uint64(k1) & _U_MASK,
    )
    return np.int64(x0), np.int64(x1), np.int64(x2), np.int64(x3)


philox4x32_nb = njit(cache=True)(_philox4x32_impl)
"""Philox4x32-10 as a Numba ``njit`` scalar: ``philox4x32_nb(c0, c1, c2, c3, k0, k1)``.

Same contract as :func:`philox4x32`; returns a tuple of four ``int64`` in ``[0, 2**32)``.
"""


@overload(philox4x32)
def _philox4x32_overload(c0: int, c1: int, c2: int, c3: int, k0: int, k1: int) -> object:
    """Compile calls to the pure :func:`philox4x32` made from ``njit`` code."""
    # Numba passes its argument *types* here; the annotations only have to match the
    # implementation's (Numba compares the two signatures, annotations included).
    return _philox4x32_impl


@njit(cache=True, nogil=True)
def philox4x32_array(
    counters: NDArray[np.uint32], k0: int, k1: int
) -> NDArray[np.uint32]:  # pragma: no cover - compiled
    """Philox4x32-10 of every row of an ``(n, 4)`` array of counters under key ``(k0, k1)``.

    ``counters`` may have any integer dtype (values taken modulo ``2**32``); returns a new
    ``(n, 4)`` ``uint32`` array whose row ``i`` equals ``philox4x32(*counters[i], k0, k1)``.
    """
    n = counters.shape[0]
    if counters.ndim != 2 or counters.shape[1] != 4:
        raise ValueError("counters must have shape (n, 4)")
    out = np.empty((n, 4), dtype=np.uint32)
    key0 = np.uint64(k0) & _U_MASK
    key1 = np.uint64(k1) & _U_MASK
    for i in range(n):
        x0, x1, x2, x3 = _philox_u64(
            np.uint64(counters[i, 0]) & _U_MASK,
            np.uint64(counters[i, 1]) & _U_MASK,
            np.uint64(counters[i, 2]) & _U_MASK,
            np.uint64(counters[i, 3]) & _U_MASK,
            key0,
            key1,
        )
        out[i, 0] = np.uint32(x0)
        out[i, 1] = np.uint32(x1)
        out[i, 2] = np.uint32(x2)
        out[i, 3] = np.uint32(x3)
    return out
