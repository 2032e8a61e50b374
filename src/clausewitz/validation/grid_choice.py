"""Choosing a grid point by the log loss of its forecasts, and scoring that choice honestly:
by random folds (:func:`cross_validate`) or forward in time (:func:`forward_validate`).

A grid ``p`` holds forecast probabilities with the battles on its last axis; its leading axes
are the candidate settings. Used by the outcome fit and by the a-priori forecaster, so it
depends on nothing but the scores.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from clausewitz.validation.scoring import brier, log_loss

F = NDArray[np.float64]


def loss_grid(p: F, y: F, rows: NDArray[np.bool_]) -> F:
    q = np.clip(p[..., rows], 1e-6, 1 - 1e-6)
    yy = y[rows]
    return np.asarray(-(yy * np.log(q) + (1 - yy) * np.log(1 - q)).mean(axis=-1))


def expand(allowed: NDArray[np.bool_], shape: tuple[int, ...]) -> NDArray[np.bool_]:
    """``allowed`` (over the leading axes of the grid) broadcast to the grid's ``shape``."""
    extra = len(shape) - allowed.ndim
    return np.broadcast_to(allowed.reshape(allowed.shape + (1,) * extra), shape)


def cross_validate(
    p: F, y: F, allowed: NDArray[np.bool_], *, folds: int, seed: int
) -> dict[str, float]:
    """Cross-validated log loss and Brier score of choosing the grid point (among the
    ``allowed`` leading entries of the grid ``p``, whose last axis is the battles) by
    training log loss: each fold is scored with the point chosen on the other folds."""
    n = y.size
    fold = np.random.default_rng(seed).permutation(n) % folds
    pred = np.empty(n)
    for k in range(folds):
        held = fold == k
        losses = loss_grid(p, y, ~held)
        losses[~expand(allowed, losses.shape)] = np.inf
        idx = np.unravel_index(int(np.argmin(losses)), losses.shape)
        pred[held] = p[idx][held]
    return {"log_loss": log_loss(pred, y), "brier": brier(pred, y)}


def forward_validate(
    p: F, y: F, allowed: NDArray[np.bool_], order: F, *, blocks: int
) -> dict[str, float]:
    """Forward-chaining validation: the battles sorted by ``order`` (their year) are cut into
    ``blocks`` consecutive blocks; block ``k >= 1`` is scored with the grid point (among the
    ``allowed`` entries) chosen by log loss on blocks ``0..k-1``, so every score is of later
    battles by a choice made on earlier ones. The log loss and Brier score are over blocks
    ``1..blocks-1`` (block 0 is never scored)."""
    if blocks < 2:
        raise ValueError("forward validation needs at least 2 blocks")
    rank = np.argsort(np.asarray(order, dtype=np.float64), kind="stable")
    block = np.empty(y.size, dtype=np.int64)
    block[rank] = np.arange(y.size) * blocks // y.size
    pred = np.full(y.size, np.nan)
    for k in range(1, blocks):
        losses = loss_grid(p, y, block < k)
        losses[~expand(allowed, losses.shape)] = np.inf
        idx = np.unravel_index(int(np.argmin(losses)), losses.shape)
        pred[block == k] = p[idx][block == k]
    scored = block > 0
    return {"log_loss": log_loss(pred[scored], y[scored]), "brier": brier(pred[scored], y[scored])}
