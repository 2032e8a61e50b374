"""Comparing strategies on the same runs (common random numbers): experiments, statistics and
the matrix of attacker against defender strategies."""

from clausewitz.compare.experiment import Arm, Comparison, compare_arms
from clausewitz.compare.kpis import KPI_DIRECTIONS, kpi_names, per_run_kpis
from clausewitz.compare.matrix import MatrixResult, compare_matrix
from clausewitz.compare.summary import summarise

__all__ = [
    "KPI_DIRECTIONS",
    "Arm",
    "Comparison",
    "MatrixResult",
    "compare_arms",
    "compare_matrix",
    "kpi_names",
    "per_run_kpis",
    "summarise",
]
