"""Comparing strategies on the same runs (common random numbers): experiments, statistics and
the matrix of attacker against defender strategies."""

from clausewitz.compare.experiment import Arm, Comparison, compare_arms
from clausewitz.compare.kpis import higher_is_better, kpi_names, per_run_kpis
from clausewitz.compare.matrix import MatrixResult, compare_matrix
from clausewitz.compare.summary import summarise

__all__ = [
    "Arm",
    "Comparison",
    "MatrixResult",
    "compare_arms",
    "compare_matrix",
    "higher_is_better",
    "kpi_names",
    "per_run_kpis",
    "summarise",
]
