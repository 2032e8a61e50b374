"""Sensitivity of a scenario's answer to its assumptions and to its sources.

* :mod:`~clausewitz.sensitivity.oat`: the one-at-a-time tornado (:func:`tornado`);
* :mod:`~clausewitz.sensitivity.global_run`: Sobol indices / Morris screening over the
  parameters' own distributions (:func:`global_sensitivity`);
* :mod:`~clausewitz.sensitivity.sources`: drop each source and claim, re-fuse, re-run, rank
  (:func:`source_sensitivity`);
* :mod:`~clausewitz.sensitivity.study`: all three for one KPI (:func:`run_study`), and
  :mod:`~clausewitz.report.sensitivity` its HTML report.

Every evaluation runs the same runs with the same seed (common random numbers); KPIs are named
and defined as ``clausewitz run`` prints them (:mod:`~clausewitz.sensitivity.kpis`).
``docs/sensitivity.md`` describes the methods.
"""

from clausewitz.sensitivity.global_run import GlobalResult, global_sensitivity
from clausewitz.sensitivity.kpis import check_kpi, kpi_names
from clausewitz.sensitivity.oat import TornadoRow, tornado
from clausewitz.sensitivity.sources import (
    Compare,
    Drop,
    SourceSensitivity,
    parse_compare,
    source_sensitivity,
)
from clausewitz.sensitivity.study import SensitivityStudy, run_study

__all__ = [
    "Compare",
    "Drop",
    "GlobalResult",
    "SensitivityStudy",
    "SourceSensitivity",
    "TornadoRow",
    "check_kpi",
    "global_sensitivity",
    "kpi_names",
    "parse_compare",
    "run_study",
    "source_sensitivity",
    "tornado",
]
