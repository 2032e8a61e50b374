"""Searching one side's lever space for the best and the robust strategy (``optimize``), and
the decision rules (Pareto frontier, minimax regret) on the results."""

from clausewitz.optimize.decision import (
    Regret,
    best_replies,
    p_better,
    pareto_mask,
    regret_by_draw,
    regret_by_posture,
)
from clausewitz.optimize.search import Candidate, OptimizeResult, decide, optimize

__all__ = [
    "Candidate",
    "OptimizeResult",
    "Regret",
    "best_replies",
    "decide",
    "optimize",
    "p_better",
    "pareto_mask",
    "regret_by_draw",
    "regret_by_posture",
]
