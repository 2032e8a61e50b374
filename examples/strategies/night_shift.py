"""A strategy written from scratch: attack only where supply holds, and rest the tired.

``night_shift`` is an attacker strategy for docs/strategies.md. Each day it sends a quarter of
its reserve forward, to the sectors whose supply satisfaction yesterday was best; it attacks
at full tempo where supply is at least 0.8, probes at tempo 0.3 where it is lower, and holds
(posture defend) in a sector that lost more than 1% of its troops yesterday, to let it rest.

Run it against the built-ins (the module must be importable, e.g. from this folder)::

    PYTHONPATH=examples/strategies clausewitz compare pokrovsk-2025 \
        --strategies attrition,night_shift:night_shift --runs 500
"""

from __future__ import annotations

import numpy as np

from clausewitz.strategies import ATTACK, DEFEND, Observation, Orders, Settings


def night_shift(obs: Observation, settings: Settings) -> Orders:
    """Orders for all runs at once: every array is (runs, sectors)."""
    supply = obs.own_supply
    weights = supply * obs.frontage
    total = weights.sum(axis=1, keepdims=True)
    share = np.divide(weights, total, out=np.zeros_like(weights), where=total > 0)
    loss_rate = obs.own_losses_yesterday / np.maximum(obs.own_line, 1.0)
    tired = loss_rate > 0.01
    posture = np.where(tired | (obs.own_line <= 0), DEFEND, ATTACK)
    return Orders(
        allocation=0.25 * share,
        posture=posture.astype(np.int64),
        tempo=np.where(supply >= 0.8, 1.0, 0.3),
        loss_tolerance=np.ones_like(supply),
    )
