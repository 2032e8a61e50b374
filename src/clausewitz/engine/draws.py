"""Where every random number of the engine comes from: the stream of each draw.

All randomness comes from :mod:`clausewitz.rng` (Philox4x32-10 counter streams): a draw is a
pure function of ``(seed, run, process, sector, day, slot)``, so it never depends on how many
other draws came before it. This is what makes common random numbers work (Law,
*Simulation Modeling and Analysis*, 2015) and makes a run's trajectory the same whatever chunk
it is simulated in.

The engine's layout (``docs/model.md`` §9 lists it with the daily order):

============================  =====================  ==============  ==================  ======
draw                          process                sector word     day word            slot
============================  =====================  ==============  ==================  ======
parameter sample              PARAMETERS             hash(name)>>16  hash(name)&0xFFFF   0
losses of a side: total       LOSSES_<side>          sector          day                 0
  killed / missing / back     LOSSES_<side>          sector          day                 1/2/3
break thresholds of a side    BREAKPOINT_<side>      sector          engagement number   0
interdiction noise            INTERDICTION           edge            day                 0
fiscal crisis                 CRISIS_<side>          0               day                 0
ceasefire                     CEASEFIRE              0               day                 0
observed enemy losses         OBSERVATION_<observer> sector          day                 0
daily advance variation       ADVANCE                sector          day                 0
break's withdrawal depth      ADVANCE                sector          day                 1
fall of an enveloped town     ENVELOPMENT            objective       day                 0
engagement's effectiveness    ENGAGEMENT             sector          engagement number   0
============================  =====================  ==============  ==================  ======

Break thresholds are keyed by the engagement's number in its sector, not by the day it
starts: the k-th engagement of a sector gets the same thresholds under any strategy.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from clausewitz.rng import MAX_RUN, MAX_SECTOR, MAX_SEED, Process

__all__ = [
    "ADVANCE",
    "BREAKPOINTS",
    "CRISIS",
    "ENGAGEMENT",
    "ENVELOPMENT",
    "LOSSES",
    "OBSERVATION",
    "SLOT_ADVANCE",
    "SLOT_KILLED",
    "SLOT_MISSING",
    "SLOT_RETURNING",
    "SLOT_TOTAL",
    "SLOT_WITHDRAWAL",
    "Process",
    "check_runs",
    "check_seed",
]

LOSSES: tuple[int, int] = (int(Process.LOSSES_ATTACKER), int(Process.LOSSES_DEFENDER))
"""Loss process of each side (index 0 attacker, 1 defender)."""
BREAKPOINTS: tuple[int, int] = (int(Process.BREAKPOINT_ATTACKER), int(Process.BREAKPOINT_DEFENDER))
"""Break-threshold process of each side."""
CRISIS: tuple[int, int] = (int(Process.CRISIS_ATTACKER), int(Process.CRISIS_DEFENDER))
"""Fiscal-crisis process of each side."""
OBSERVATION: tuple[int, int] = (
    int(Process.OBSERVATION_ATTACKER),
    int(Process.OBSERVATION_DEFENDER),
)
"""Observation-noise process of each observing side."""
INTERDICTION = int(Process.INTERDICTION)
CEASEFIRE = int(Process.CEASEFIRE)
PARAMETERS = int(Process.PARAMETERS)
ADVANCE = int(Process.ADVANCE)
"""Daily advance variation (slot 0) and a break's withdrawal depth (slot 1), per sector."""
ENVELOPMENT = int(Process.ENVELOPMENT)
"""Fall of an enveloped objective (the sector word is the objective's index)."""
ENGAGEMENT = int(Process.ENGAGEMENT)
"""An engagement's relative effectiveness (keyed, like the break thresholds, by the
engagement's number in its sector)."""

SLOT_TOTAL = 0
"""Slot of a side's total losses in a sector-day (negative binomial or Poisson)."""
SLOT_KILLED = 1
"""Slot of the killed among them (binomial)."""
SLOT_MISSING = 2
"""Slot of the missing among the rest (binomial)."""
SLOT_RETURNING = 3
"""Slot of the wounded who will return (binomial)."""
SLOT_ADVANCE = 0
"""Slot of a sector-day's lognormal advance factor."""
SLOT_WITHDRAWAL = 1
"""Slot of a sector-day's break withdrawal depth (uniform, turned exponential)."""


def check_seed(seed: int) -> int:
    """The seed as an ``int`` in ``[0, 2**63)``; :class:`ValueError` otherwise."""
    value = int(seed)
    if not 0 <= value <= MAX_SEED:
        raise ValueError(f"seed must be in [0, 2**63), got {seed}")
    return value


def check_runs(run_ids: NDArray[np.int64], n_sectors: int, n_edges: int) -> None:
    """:class:`ValueError` unless run indices and sector/edge indices fit the stream words."""
    if run_ids.size and (run_ids.min() < 0 or run_ids.max() > MAX_RUN):
        raise ValueError("run indices must be in [0, 2**32)")
    if max(n_sectors, n_edges) > MAX_SECTOR + 1:
        raise ValueError("at most 65,536 sectors and edges")
