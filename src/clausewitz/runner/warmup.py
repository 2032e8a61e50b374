"""Imported by the worker fork server: pays Numba's one-off start-up cost once, not per worker.

The first call of any compiled function in a process initialises Numba's CPU target (about a
second of imports and registry set-up) before it can even load a kernel from the on-disk cache.
Calling one tiny cached kernel here, in the fork server, lets every worker forked from it start
with that done.
"""

from __future__ import annotations

import numpy as np

from clausewitz.runner.bands import BandVariable, DailyBands


def warm() -> None:
    """Run the smallest possible band update (initialises Numba's CPU target)."""
    DailyBands([BandVariable("x", 0.0, 1.0)], days=1, bins=1).add(0, np.zeros((1, 1)))


warm()
