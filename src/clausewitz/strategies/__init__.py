"""Strategies: what each side decides every day (the built-in library and the registry).

The interface they implement is the engine's port, :mod:`clausewitz.engine.orders`,
re-exported here for strategy authors.
"""

from clausewitz.engine.orders import (
    ATTACK,
    DEFEND,
    IDLE,
    Observation,
    OrderError,
    Orders,
    Settings,
    Strategies,
    Strategy,
    StrategySpec,
)
from clausewitz.strategies.registry import (
    choose,
    default_strategies,
    get_strategy,
    register_strategy,
    registered_strategies,
)

__all__ = [
    "ATTACK",
    "DEFEND",
    "IDLE",
    "Observation",
    "OrderError",
    "Orders",
    "Settings",
    "Strategies",
    "Strategy",
    "StrategySpec",
    "choose",
    "default_strategies",
    "get_strategy",
    "register_strategy",
    "registered_strategies",
]
