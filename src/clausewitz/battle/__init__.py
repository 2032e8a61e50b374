"""Deterministic Lanchester battles with phases: the ``clausewitz battle`` command's library.

Example::

    from clausewitz.battle import load_battle, simulate

    result = simulate(load_battle("examples/battles/iwo_jima.yaml"))
    print(result.final.x, result.final.y)
"""

from clausewitz.battle.lanchester import (
    BattleResult,
    TrajectoryPoint,
    attrition,
    integrate,
    simulate,
)
from clausewitz.battle.spec import (
    LAW_EXPONENTS,
    LAWS,
    BattleSpec,
    Exponents,
    Law,
    Phase,
    Reinforcements,
    Side,
    load_battle,
    parse_battle,
)

__all__ = [
    "LAWS",
    "LAW_EXPONENTS",
    "BattleResult",
    "BattleSpec",
    "Exponents",
    "Law",
    "Phase",
    "Reinforcements",
    "Side",
    "TrajectoryPoint",
    "attrition",
    "integrate",
    "load_battle",
    "parse_battle",
    "simulate",
]
