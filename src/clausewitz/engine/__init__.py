"""The campaign engine: arrays in, outcomes out.

* :mod:`clausewitz.engine.plan` - the :class:`Plan` (dense arrays compiled from a scenario);
* :func:`clausewitz.engine.fast.simulate` - all runs at once (Numba kernels);
* :func:`clausewitz.engine.reference.simulate_run` - one run in plain Python (the oracle);
* :mod:`clausewitz.engine.outcomes` - :class:`Outcomes`, :class:`Trajectory`, daily state.

The engine knows arrays, not YAML, files or screens. ``docs/model.md`` is its specification.
"""

from clausewitz.engine.outcomes import DAILY, DayState, Outcomes, Recording, Trajectory
from clausewitz.engine.plan import ATTACK, ATTACKER, DEFEND, DEFENDER, IDLE, SIDES, Plan

__all__ = [
    "ATTACK",
    "ATTACKER",
    "DAILY",
    "DEFEND",
    "DEFENDER",
    "IDLE",
    "SIDES",
    "DayState",
    "Outcomes",
    "Plan",
    "Recording",
    "Trajectory",
]
