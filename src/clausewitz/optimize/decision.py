"""Decision rules on tables of results: the Pareto frontier and minimax regret.

Arrays in, indices out; no knowledge of scenarios or the engine, so the rules are tested on
synthetic tables. Every value is *a cost*: the caller flips the sign of a KPI the side wants
high, so lower is always better here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

F64 = NDArray[np.float64]

DRAW_REGRET_QUANTILE = 0.9
"""Quantile of the per-draw regret a cautious choice bounds [ENG]: the maximum over draws is
set by a handful of extreme parameter draws, the mean hides them; the 90th percentile says
"in nine draws out of ten this choice costs at most this much against the best one"."""


def pareto_mask(costs: ArrayLike) -> NDArray[np.bool_]:
    """(n,) True where row ``i`` of the (n, k) ``costs`` is not dominated: no other row is at
    most as costly in every column and cheaper in one. Duplicated rows are all kept."""
    c = np.asarray(costs, dtype=np.float64)
    if c.ndim != 2:
        raise ValueError(f"costs must be (n, k), got shape {c.shape}")
    n = c.shape[0]
    keep = np.ones(n, dtype=np.bool_)
    for i in range(n):
        no_worse = np.all(c <= c[i], axis=1)
        better = np.any(c < c[i], axis=1)
        if np.any(no_worse & better):
            keep[i] = False
    return keep


@dataclass(frozen=True)
class Regret:
    """Regret of each candidate (rows) against each opponent posture (columns)."""

    table: F64
    """(n, m) regret: the candidate's cost minus the best candidate's cost."""
    worst: F64
    """(n,) the worst regret over postures."""
    choice: int
    """Index of the minimax-regret candidate (the first one on a tie)."""


def regret_by_posture(mean_cost: ArrayLike) -> Regret:
    """Minimax regret across opponent postures on the (n candidates, m postures) table of mean
    costs (Savage 1951): regret is the cost minus the column's best cost."""
    c = np.asarray(mean_cost, dtype=np.float64)
    if c.ndim != 2 or c.size == 0:
        raise ValueError(f"mean_cost must be a non-empty (n, m) table, got shape {c.shape}")
    table = c - c.min(axis=0, keepdims=True)
    worst = table.max(axis=1)
    return Regret(table, worst, int(np.argmin(worst)))


def regret_by_draw(cost: ArrayLike, quantile: float = DRAW_REGRET_QUANTILE) -> Regret:
    """Minimax regret across opponent postures *and* the scenario's uncertainty, on the
    (n candidates, m postures, r runs) costs observed on the same runs (common random
    numbers): in each run and posture the regret is the cost minus the best candidate's cost
    *in that run*; a candidate's regret against a posture is the ``quantile`` of that over the
    runs; the choice minimises its worst posture."""
    c = np.asarray(cost, dtype=np.float64)
    if c.ndim != 3 or c.size == 0:
        raise ValueError(f"cost must be a non-empty (n, m, r) array, got shape {c.shape}")
    if not 0.0 < quantile <= 1.0:
        raise ValueError(f"quantile must lie in (0, 1], got {quantile}")
    per_run = c - c.min(axis=0, keepdims=True)
    table = np.quantile(per_run, quantile, axis=2)
    worst = table.max(axis=1)
    return Regret(table, worst, int(np.argmin(worst)))


def best_replies(mean_cost: ArrayLike) -> NDArray[np.int64]:
    """(m,) for each posture (column), the candidate (row) of least mean cost."""
    c = np.asarray(mean_cost, dtype=np.float64)
    return np.asarray(np.argmin(c, axis=0), dtype=np.int64)


def p_better(cost_a: ArrayLike, cost_b: ArrayLike) -> tuple[float, float, float]:
    """Run by run on the same runs: the share of runs where ``a`` costs less than ``b``, where
    it costs more, and where they tie."""
    a = np.asarray(cost_a, dtype=np.float64)
    b = np.asarray(cost_b, dtype=np.float64)
    if a.shape != b.shape or a.size == 0:
        raise ValueError(f"paired samples must be non-empty and alike: {a.shape} vs {b.shape}")
    return float(np.mean(a < b)), float(np.mean(a > b)), float(np.mean(a == b))
