"""The engine's port: what a strategy sees and what it decides, a small, pure, vectorised
interface.

The engine owns this port: strategies (:mod:`clausewitz.strategies`) import it and the engine
never imports a strategy; it is handed them as :class:`Strategies`.

Once a day the engine gives each side an :class:`Observation` (arrays for all ``R`` runs of a
chunk; the reference engine passes ``R = 1``) and receives :class:`Orders`. A strategy is any
callable ``(obs, settings) -> Orders`` that is deterministic given its arguments: it must not
keep state between days or draw random numbers (randomness belongs to the engine's keyed
streams, so that common random numbers hold). What a side cannot know is not in its
observation: the enemy's troops, reserves and thresholds are hidden, and the enemy's losses are
seen only through noise drawn from the engine's observation stream.

Settings are the plain values of ``strategies.<side>.<name>.settings`` in the scenario
(decisions, not facts).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

from clausewitz.engine.plan import ATTACK, DEFEND, IDLE, POSTURES, SIDES
from clausewitz.errors import UserError

Settings = Mapping[str, float | int | bool | str]
"""A strategy's settings (from the scenario)."""

__all__ = [
    "ATTACK",
    "DEFEND",
    "IDLE",
    "POSTURES",
    "Observation",
    "OrderError",
    "Orders",
    "Settings",
    "Strategies",
    "Strategy",
    "StrategySpec",
]


@dataclass(frozen=True)
class Observation:
    """One side's view of the campaign at the start of a day, for ``R`` runs.

    Arrays are read-only and valid only during the call (the engine reuses their buffers);
    copy what you need to keep. ``S`` sectors, ``O`` objectives.
    """

    side: str
    """``"attacker"`` or ``"defender"``."""
    day: int
    """Day of the campaign, 0-based."""
    sector_ids: tuple[str, ...]
    main_axis: NDArray[np.bool_]
    """(S,) the attacker's main effort (known to both)."""
    frontage: NDArray[np.float64]
    """(R, S) km."""
    front: NDArray[np.float64]
    """(R, S) km the attacker has advanced in each sector."""
    belt: NDArray[np.int64]
    """(R, S) index of the belt the front is in (``n_belts``: beyond the last)."""
    n_belts: NDArray[np.int64]
    """(S,) number of belts."""
    own_line: NDArray[np.float64]
    """(R, S) own troops in each sector."""
    own_reserves: NDArray[np.float64]
    """(R,) own uncommitted troops."""
    own_supply: NDArray[np.float64]
    """(R, S) own supply satisfaction yesterday, in [0, 1]."""
    own_losses: NDArray[np.float64]
    """(R,) own cumulative losses (killed, wounded, missing)."""
    own_losses_yesterday: NDArray[np.float64]
    """(R, S) own losses on the previous day."""
    enemy_losses_observed: NDArray[np.float64]
    """(R, S) cumulative enemy losses as observed (noisy, unbiased in the mean)."""
    attack_paused: NDArray[np.int64]
    """(R, S) days the own attack must still pause after a break (attacker only; else 0)."""
    objective_ids: tuple[str, ...]
    objective_sector: NDArray[np.int64]
    """(O,) sector of each objective."""
    objective_hub: NDArray[np.bool_]
    """(O,) objective is a hub."""
    objective_distance: NDArray[np.float64]
    """(R, O) km between the front and the objective (<= 0 once passed)."""
    objectives_fallen: NDArray[np.bool_]
    """(R, O) fallen before today."""
    crisis: NDArray[np.bool_]
    """(R,) own fiscal crisis."""
    ceasefire: NDArray[np.bool_]
    """(R,) a ceasefire is in force."""

    @property
    def n_runs(self) -> int:
        """R."""
        return int(self.own_line.shape[0])

    @property
    def n_sectors(self) -> int:
        """S."""
        return len(self.sector_ids)


class OrderError(UserError):
    """A strategy returned orders that break the interface's rules."""


@dataclass(frozen=True)
class Orders:
    """One side's decisions for a day, for ``R`` runs.

    * ``allocation`` (R, S) >= 0, each row summing to at most 1: the share of today's
      uncommitted reserve sent to each sector (whole troops, rounded down).
    * ``posture`` (R, S) integers ``IDLE`` 0, ``DEFEND`` 1, ``ATTACK`` 2.
    * ``tempo`` (R, S) >= 0: intensity of an attack (1 = the sector's full intensity).
    * ``loss_tolerance`` (R, S) > 0: scales the side's break thresholds (§5) and adaptation
      thresholds (§6); 1 = the engine's defaults.
    * ``withdraw`` (R, S) in [0, 1], optional (default none): the share of each sector's line
      taken back into the reserve before today's commitment (whole troops, rounded down), so
      that the reserve can send it elsewhere: massing, with the reserve's movement time.
    """

    allocation: NDArray[np.float64]
    posture: NDArray[np.int64]
    tempo: NDArray[np.float64]
    loss_tolerance: NDArray[np.float64]
    withdraw: NDArray[np.float64] | None = None

    @classmethod
    def uniform(
        cls,
        n_runs: int,
        n_sectors: int,
        *,
        posture: int = DEFEND,
        tempo: float = 1.0,
        loss_tolerance: float = 1.0,
    ) -> Orders:
        """Orders with no reserve commitment and the same posture, tempo and tolerance
        everywhere (a starting point for strategies)."""
        shape = (n_runs, n_sectors)
        return cls(
            allocation=np.zeros(shape),
            posture=np.full(shape, posture, dtype=np.int64),
            tempo=np.full(shape, float(tempo)),
            loss_tolerance=np.full(shape, float(loss_tolerance)),
        )

    def checked(self, n_runs: int, n_sectors: int, who: str) -> Orders:
        """The orders as contiguous arrays of the right dtypes; :class:`OrderError` if a rule
        is broken (shape, NaN, negative shares, rows over 1, unknown posture, tempo < 0,
        tolerance <= 0)."""
        shape = (n_runs, n_sectors)
        arrays: dict[str, NDArray[Any]] = {}
        for name, dtype in (
            ("allocation", np.float64),
            ("posture", np.int64),
            ("tempo", np.float64),
            ("loss_tolerance", np.float64),
        ):
            value = np.asarray(getattr(self, name))
            if value.shape != shape:
                try:
                    value = np.broadcast_to(value, shape)
                except ValueError:
                    raise OrderError(
                        f"{who}: orders.{name} has shape {value.shape}, expected {shape}"
                    ) from None
            arrays[name] = np.ascontiguousarray(value, dtype=dtype)
        alloc, posture = arrays["allocation"], arrays["posture"]
        tempo, tol = arrays["tempo"], arrays["loss_tolerance"]
        if not np.all(np.isfinite(alloc)) or np.any(alloc < 0.0):
            raise OrderError(f"{who}: allocation must be finite and >= 0")
        if np.any(alloc.sum(axis=1) > 1.0 + 1e-9):
            raise OrderError(f"{who}: allocation rows must sum to at most 1")
        if np.any((posture < IDLE) | (posture > ATTACK)):
            raise OrderError(f"{who}: posture must be 0 (idle), 1 (defend) or 2 (attack)")
        if not np.all(np.isfinite(tempo)) or np.any(tempo < 0.0):
            raise OrderError(f"{who}: tempo must be finite and >= 0")
        if not np.all(np.isfinite(tol)) or np.any(tol <= 0.0):
            raise OrderError(f"{who}: loss_tolerance must be finite and > 0")
        if self.withdraw is None:
            withdraw = np.zeros(shape)
        else:
            value = np.asarray(self.withdraw)
            try:
                value = np.broadcast_to(value, shape)
            except ValueError:
                raise OrderError(
                    f"{who}: orders.withdraw has shape {value.shape}, expected {shape}"
                ) from None
            withdraw = np.ascontiguousarray(value, dtype=np.float64)
            if not np.all(np.isfinite(withdraw)) or np.any((withdraw < 0.0) | (withdraw > 1.0)):
                raise OrderError(f"{who}: withdraw must be finite and in [0, 1]")
        return Orders(alloc, posture, tempo, tol, withdraw)


class Strategy(Protocol):
    """A strategy: deterministic, stateless, vectorised over runs."""

    def __call__(self, obs: Observation, settings: Settings) -> Orders:
        """Decide today's orders from today's observation."""
        ...


@dataclass(frozen=True)
class StrategySpec:
    """A strategy chosen for a side, with its settings."""

    name: str
    function: Strategy
    settings: Mapping[str, float | int | bool | str] = field(default_factory=dict)

    def decide(self, obs: Observation) -> Orders:
        """Call the strategy and check its orders."""
        orders = self.function(obs, self.settings)
        if not isinstance(orders, Orders):
            raise OrderError(f"strategy '{self.name}' returned {type(orders).__name__}, not Orders")
        return orders.checked(obs.n_runs, obs.n_sectors, f"strategy '{self.name}'")


@dataclass(frozen=True)
class Strategies:
    """The strategies of both sides for a simulation."""

    attacker: StrategySpec
    defender: StrategySpec

    def of(self, side: int) -> StrategySpec:
        """The strategy of side 0 (attacker) or 1 (defender)."""
        return self.attacker if side == 0 else self.defender

    @property
    def names(self) -> dict[str, str]:
        """Side name -> strategy name (for records)."""
        return {SIDES[0]: self.attacker.name, SIDES[1]: self.defender.name}
