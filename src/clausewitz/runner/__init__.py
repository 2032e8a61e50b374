"""Streaming runs of a scenario: chunks, workers, per-run Parquet, daily bands, KPI summary.

* :func:`run_scenario` - the whole thing (``clausewitz run``), returns a :class:`RunResult`;
* :func:`~clausewitz.runner.execute.execute_chunks` - where chunks run (here or in workers);
* :mod:`~clausewitz.runner.bands` - mergeable per-day quantile bands;
* :mod:`~clausewitz.runner.kpis` - KPI names and 95% confidence intervals;
* :mod:`~clausewitz.runner.outputs` - the files and the per-run columns.
"""

from clausewitz.runner.api import RunResult, run_scenario
from clausewitz.runner.chunks import ChunkRange, plan_chunks
from clausewitz.runner.execute import execute_chunks

__all__ = ["ChunkRange", "RunResult", "execute_chunks", "plan_chunks", "run_scenario"]
