"""The stream layout: which Philox counter every random draw of the engine uses.

Every random process draws from Philox4x32-10 (:mod:`clausewitz.rng.philox`) keyed by the
scenario seed, at a counter built from the draw's coordinates. A draw is a pure function of
``(seed, run, process, sector, day, slot, iteration)``, so results are identical whatever the
chunking or the number of workers, run ``i`` of a 1,000-run job equals run ``i`` of a
1,000,000-run job, and a change in how many draws one process consumes never shifts another's.

Layout (all words unsigned 32-bit)::

    key  k0 = seed & 0xFFFFFFFF         k1 = seed >> 32            seed in [0, 2**63)
    c0 = run                                                       run in [0, 2**32)
    c1 = process << 16 | sector          process, sector in [0, 2**16)
    c2 = day                                                       day in [0, 2**32)
    c3 = slot << 16 | iteration          slot, iteration in [0, 2**16)

A *cell* is ``(seed, run, process, sector, day)``. Each cell has 65,536 *slots*, one per
variate (the ``j``-th variate a process draws in that cell takes slot ``j``), and each slot has
65,536 *iterations*, consumed by rejection loops (see :mod:`clausewitz.rng.samplers` for what
each sampler consumes). ``sector`` is the process's own index: the front sector for losses,
the parameter index for :attr:`Process.PARAMETERS`, the observed quantity for observation
noise. Out-of-range coordinates raise :class:`ValueError` rather than wrap into another
stream. (The seed is limited to 63 bits so that it always reaches Numba as an ``int64``.)

One Philox block gives 128 bits, read as two doubles: the *first* from words ``(x0, x1)``, the
*second* from ``(x2, x3)``, each from the 64-bit integer ``x_hi << 32 | x_lo``:

* :func:`words_to_u01` - in ``[0, 1)``, the top 53 bits: ``(w >> 11) * 2**-53``, the full
  resolution of a double at 1 and exact equidistribution on the ``2**53`` grid.
* :func:`words_to_u01_open` - in ``(0, 1)``, the top 52 bits as the midpoint of a ``2**-52``
  cell: ``((w >> 12) + 1/2) * 2**-52``, values in ``[2**-53, 1 - 2**-53]``, symmetric
  (``1 - u`` has exactly the same distribution), safe for ``log(u)`` and ``1 / u``. 52 bits,
  not 53, because ``(k + 1/2) * 2**-53`` is not representable near 1.

Each function exists in three forms: pure Python (``u01``), Numba ``njit`` scalar
(``u01_nb``, same signature, callable from ``njit`` code), and compiled loop over an array of
run indices (``u01_runs``). The pure functions are the single source: the ``_nb`` forms are
the same source compiled, with :func:`~clausewitz.rng.philox.philox4x32` swapped for its
compiled kernel.

Numba's on-disk cache is invalidated only by edits to the file that *defines* a compiled
function; after editing this module or :mod:`~clausewitz.rng.philox`, clear the Numba cache
(``NUMBA_CACHE_DIR``, ``__pycache__``) before trusting results from dependants.
"""

from __future__ import annotations

from enum import IntEnum

import numpy as np
from numba import njit
from numpy.typing import NDArray

from clausewitz.rng.philox import _shared, _twin, philox4x32

__all__ = [
    "MAX_DAY",
    "MAX_ITERATION",
    "MAX_PROCESS",
    "MAX_RUN",
    "MAX_SECTOR",
    "MAX_SEED",
    "MAX_SLOT",
    "Process",
    "counter",
    "random_words",
    "random_words_nb",
    "seed_key",
    "u01",
    "u01_nb",
    "u01_open_pair",
    "u01_open_pair_nb",
    "u01_pair",
    "u01_pair_nb",
    "u01_runs",
    "words_to_u01",
    "words_to_u01_open",
]


class Process(IntEnum):
    """Random processes of the engine; the value is the high half of counter word ``c1``.

    The values are part of the reproducibility contract: a value, once released, never changes
    or gets reused (changing it changes every draw of that process). Add new processes with
    new values; anything in ``[1, 2**16)`` is free. 0 is left unused on purpose, so that a
    zero-filled counter is no process's stream.
    """

    PARAMETERS = 1
    """Sampling of uncertain scenario parameters (``sector`` = parameter index, ``day`` = 0)."""
    LOSSES_ATTACKER = 2
    """Attacker's daily losses, per sector."""
    LOSSES_DEFENDER = 3
    """Defender's daily losses, per sector."""
    BREAKPOINT_ATTACKER = 4
    """Attacker's breakpoint (culmination) draws."""
    BREAKPOINT_DEFENDER = 5
    """Defender's breakpoint (collapse) draws."""
    INTERDICTION = 6
    """Interdiction of supply and reinforcement."""
    CRISIS_ATTACKER = 7
    """Attacker's fiscal / economic crisis."""
    CRISIS_DEFENDER = 8
    """Defender's fiscal / economic crisis."""
    CEASEFIRE = 9
    """Ceasefire events."""
    OBSERVATION_ATTACKER = 10
    """Noise on what the attacker observes (``sector`` = observed quantity)."""
    OBSERVATION_DEFENDER = 11
    """Noise on what the defender observes (``sector`` = observed quantity)."""
    RECRUITMENT = 12
    """Recruitment and mobilisation (``sector`` may index the side or the region)."""
    ADVANCE = 13
    """Daily variation of the advance and a break's withdrawal depth, per sector."""
    ENVELOPMENT = 14
    """Fall of an enveloped objective (``sector`` = objective index)."""
    ENGAGEMENT = 15
    """An engagement's unobserved relative effectiveness (``day`` = engagement number)."""


MAX_SEED = (1 << 63) - 1
"""Largest seed: seeds are in ``[0, 2**63)`` (key words ``k0 = seed & 0xFFFFFFFF``, ``k1``)."""
MAX_RUN = (1 << 32) - 1
"""Largest run index (counter word ``c0``)."""
MAX_PROCESS = (1 << 16) - 1
"""Largest process id (high half of ``c1``)."""
MAX_SECTOR = (1 << 16) - 1
"""Largest sector / index (low half of ``c1``)."""
MAX_DAY = (1 << 32) - 1
"""Largest day (counter word ``c2``)."""
MAX_SLOT = (1 << 16) - 1
"""Largest variate slot of a cell (high half of ``c3``)."""
MAX_ITERATION = (1 << 16) - 1
"""Largest iteration of a slot (low half of ``c3``)."""

_TWO_M53 = 1.0 / 9007199254740992.0  # 2**-53, exact


@_shared
def seed_key(seed: int) -> tuple[int, int]:
    """The Philox key ``(k0, k1)`` of a seed in ``[0, 2**63)``: its low and high 32-bit words."""
    if seed < 0 or seed > MAX_SEED:
        raise ValueError("seed must be in [0, 2**63)")
    return seed & 0xFFFFFFFF, seed >> 32


@_shared
def counter(
    run: int, process: int, sector: int, day: int, slot: int, iteration: int
) -> tuple[int, int, int, int]:
    """The Philox counter ``(c0, c1, c2, c3)`` of a draw; raises on out-of-range coordinates."""
    if run < 0 or run > MAX_RUN:
        raise ValueError("run must be in [0, 2**32)")
    if process < 0 or process > MAX_PROCESS:
        raise ValueError("process must be in [0, 2**16)")
    if sector < 0 or sector > MAX_SECTOR:
        raise ValueError("sector must be in [0, 2**16)")
    if day < 0 or day > MAX_DAY:
        raise ValueError("day must be in [0, 2**32)")
    if slot < 0 or slot > MAX_SLOT:
        raise ValueError("slot must be in [0, 2**16)")
    if iteration < 0 or iteration > MAX_ITERATION:
        raise ValueError("iteration must be in [0, 2**16)")
    return run, (process << 16) | sector, day, (slot << 16) | iteration


@_shared
def words_to_u01(lo: int, hi: int) -> float:
    """The double in ``[0, 1)`` of the 64-bit integer ``hi << 32 | lo``: its top 53 bits."""
    # (hi << 21) | (lo >> 11) == (hi << 32 | lo) >> 11, without ever exceeding 2**53, so the
    # same expression is exact on Python ints and on Numba's int64.
    return ((hi << 21) | (lo >> 11)) * _TWO_M53


@_shared
def words_to_u01_open(lo: int, hi: int) -> float:
    """The double in ``(0, 1)`` of ``hi << 32 | lo``: its top 52 bits ``j`` as ``(2j+1) 2**-53``."""
    return (2 * ((hi << 20) | (lo >> 12)) + 1) * _TWO_M53


@_shared
def random_words(
    seed: int, run: int, process: int, sector: int, day: int, slot: int, iteration: int
) -> tuple[int, int, int, int]:
    """The four raw 32-bit words of Philox at a draw's coordinates (see the module layout)."""
    k0, k1 = seed_key(seed)
    c0, c1, c2, c3 = counter(run, process, sector, day, slot, iteration)
    return philox4x32(c0, c1, c2, c3, k0, k1)


@_shared
def _pair01_at(k0: int, k1: int, c0: int, c1: int, c2: int, c3: int) -> tuple[float, float]:
    # Unchecked fast path for samplers that validated the cell once: both doubles in [0, 1).
    x0, x1, x2, x3 = philox4x32(c0, c1, c2, c3, k0, k1)
    return words_to_u01(x0, x1), words_to_u01(x2, x3)


@_shared
def _pair_open_at(k0: int, k1: int, c0: int, c1: int, c2: int, c3: int) -> tuple[float, float]:
    # Unchecked fast path: both doubles in (0, 1).
    x0, x1, x2, x3 = philox4x32(c0, c1, c2, c3, k0, k1)
    return words_to_u01_open(x0, x1), words_to_u01_open(x2, x3)


@_shared
def u01_pair(
    seed: int, run: int, process: int, sector: int, day: int, slot: int, iteration: int
) -> tuple[float, float]:
    """Both doubles in ``[0, 1)`` of one Philox block (53-bit); the first equals :func:`u01`."""
    x0, x1, x2, x3 = random_words(seed, run, process, sector, day, slot, iteration)
    return words_to_u01(x0, x1), words_to_u01(x2, x3)


@_shared
def u01_open_pair(
    seed: int, run: int, process: int, sector: int, day: int, slot: int, iteration: int
) -> tuple[float, float]:
    """Both doubles in ``(0, 1)`` of one Philox block (52-bit midpoints)."""
    x0, x1, x2, x3 = random_words(seed, run, process, sector, day, slot, iteration)
    return words_to_u01_open(x0, x1), words_to_u01_open(x2, x3)


@_shared
def u01(
    seed: int, run: int, process: int, sector: int, day: int, slot: int, iteration: int
) -> float:
    """The uniform in ``[0, 1)`` (53-bit) at ``(seed, run, process, sector, day, slot, iteration)``.

    It is the first double of the block (words ``x0, x1``); :func:`u01_pair` also gives the
    second.
    """
    x0, x1, _, _ = random_words(seed, run, process, sector, day, slot, iteration)
    return words_to_u01(x0, x1)


random_words_nb = _twin(random_words)
"""Compiled twin of :func:`random_words` (Numba ``njit``; words as ``int64``)."""
u01_nb = _twin(u01)
"""Compiled twin of :func:`u01` (Numba ``njit``), bit-identical."""
u01_pair_nb = _twin(u01_pair)
"""Compiled twin of :func:`u01_pair` (Numba ``njit``), bit-identical."""
u01_open_pair_nb = _twin(u01_open_pair)
"""Compiled twin of :func:`u01_open_pair` (Numba ``njit``), bit-identical."""


@njit(cache=True, nogil=True)
def u01_runs(
    seed: int,
    runs: NDArray[np.int64],
    process: int,
    sector: int,
    day: int,
    slot: int,
    iteration: int,
) -> NDArray[np.float64]:  # pragma: no cover - compiled
    """:func:`u01` for every run index of the 1-D integer array ``runs``, as a compiled loop.

    ``u01_runs(seed, runs, ...)[i] == u01(seed, runs[i], ...)`` bit for bit, so any split of
    the runs into chunks gives the same values.
    """
    k0, k1 = seed_key(seed)
    # Validates the cell once (with run 0); the run indices are checked below.
    _, c1, c2, c3 = counter(0, process, sector, day, slot, iteration)
    n = runs.shape[0]
    # Check every run index first: a branch-free draw loop lets LLVM vectorise Philox.
    for i in range(n):
        if runs[i] < 0 or runs[i] > MAX_RUN:
            raise ValueError("run must be in [0, 2**32)")
    out = np.empty(n, dtype=np.float64)
    for i in range(n):
        out[i] = _pair01_at(k0, k1, runs[i], c1, c2, c3)[0]
    return out
