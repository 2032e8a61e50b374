"""Fitting Lanchester laws to loss series: the ``clausewitz fit`` command's library.

Example::

    from clausewitz.fitting import compare_laws, read_series

    comparison = compare_laws(read_series("ardennes.csv"))
    print(comparison.best("negbin"))
"""

from clausewitz.fitting.laws import (
    CI_METHODS,
    METHODS,
    BatchEstimates,
    Comparison,
    Estimate,
    LawFit,
    SideFit,
    compare_laws,
    fit_law,
    fit_losses,
)
from clausewitz.fitting.series import LossSeries, parse_series, read_series
from clausewitz.fitting.simulate import Recovery, SimulatedBattles, recovery_study, simulate_battles

__all__ = [
    "CI_METHODS",
    "METHODS",
    "BatchEstimates",
    "Comparison",
    "Estimate",
    "LawFit",
    "LossSeries",
    "Recovery",
    "SideFit",
    "SimulatedBattles",
    "compare_laws",
    "fit_law",
    "fit_losses",
    "parse_series",
    "read_series",
    "recovery_study",
    "simulate_battles",
]
