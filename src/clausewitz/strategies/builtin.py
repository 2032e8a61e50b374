"""The two simple default strategies: ``steady-pressure`` (attacker) and ``hold-line`` (defender).

They exist so that every scenario can be simulated without writing Python; the strategy
library (attrition, decisive, defend-in-depth, ...) builds on the same interface.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from clausewitz.engine.orders import ATTACK, DEFEND, Observation, Orders, Settings
from clausewitz.errors import UserError


def _setting(settings: Settings, name: str, default: float, allowed: tuple[str, ...]) -> float:
    unknown = sorted(set(settings) - set(allowed))
    if unknown:
        raise UserError(
            f"unknown strategy setting(s) {', '.join(unknown)} (allowed: {', '.join(allowed)})"
        )
    value = settings.get(name, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise UserError(f"strategy setting '{name}' must be a number, got {value!r}")
    return float(value)


def _normalised(weights: NDArray[np.float64]) -> NDArray[np.float64]:
    """Rows scaled to sum to 1 (rows of zeros stay zero)."""
    total = weights.sum(axis=1, keepdims=True)
    return np.divide(weights, total, out=np.zeros_like(weights), where=total > 0.0)


STEADY_PRESSURE_SETTINGS = ("commit_share", "main_axis_share", "tempo", "loss_tolerance")


def steady_pressure(obs: Observation, settings: Settings) -> Orders:
    """Attack everywhere at a steady tempo; feed a fixed share of the reserve forward each day.

    Settings: ``commit_share`` (0.1) of the reserve committed daily; ``main_axis_share`` (0.5)
    of it to the main-axis sectors, the rest to the others in proportion to frontage (all of
    it to whichever group exists if only one does); ``tempo`` (0.5); ``loss_tolerance`` (1).
    Sectors without own troops hold (posture defend).
    """
    allowed = STEADY_PRESSURE_SETTINGS
    commit = _setting(settings, "commit_share", 0.1, allowed)
    main_share = _setting(settings, "main_axis_share", 0.5, allowed)
    tempo = _setting(settings, "tempo", 0.5, allowed)
    tolerance = _setting(settings, "loss_tolerance", 1.0, allowed)
    if not (0.0 <= commit <= 1.0 and 0.0 <= main_share <= 1.0):
        raise UserError("commit_share and main_axis_share must lie in [0, 1]")
    main = obs.main_axis.astype(np.float64)[None, :]
    main_w = _normalised(obs.frontage * main)
    rest_w = _normalised(obs.frontage * (1.0 - main))
    has_main = main_w.sum(axis=1, keepdims=True) > 0.0
    has_rest = rest_w.sum(axis=1, keepdims=True) > 0.0
    share_main = np.where(has_rest, np.where(has_main, main_share, 0.0), 1.0)
    allocation = commit * (share_main * main_w + (1.0 - share_main) * rest_w)
    posture = np.where(obs.own_line > 0.0, ATTACK, DEFEND).astype(np.int64)
    shape = obs.own_line.shape
    return Orders(
        allocation=allocation,
        posture=posture,
        tempo=np.full(shape, tempo),
        loss_tolerance=np.full(shape, tolerance),
    )


HOLD_LINE_SETTINGS = ("commit_share", "loss_tolerance")


def hold_line(obs: Observation, settings: Settings) -> Orders:
    """Defend every sector; send a share of the reserve each day where the line is thinnest.

    Settings: ``commit_share`` (0.2) of the reserve committed daily, split in proportion to
    frontage per own soldier (the thinnest line per km gets most); ``loss_tolerance`` (1).
    """
    allowed = HOLD_LINE_SETTINGS
    commit = _setting(settings, "commit_share", 0.2, allowed)
    tolerance = _setting(settings, "loss_tolerance", 1.0, allowed)
    if not 0.0 <= commit <= 1.0:
        raise UserError("commit_share must lie in [0, 1]")
    thinness = obs.frontage / np.maximum(obs.own_line, 1.0)
    allocation = commit * _normalised(thinness)
    shape = obs.own_line.shape
    return Orders(
        allocation=allocation,
        posture=np.full(shape, DEFEND, dtype=np.int64),
        tempo=np.ones(shape),
        loss_tolerance=np.full(shape, tolerance),
    )
