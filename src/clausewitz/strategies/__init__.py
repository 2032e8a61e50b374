"""Strategies: what each side decides every day (interface, defaults and the registry)."""

from clausewitz.strategies.interface import (
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
