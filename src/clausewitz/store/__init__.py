"""The results store: Parquet files partitioned by experiment and chunk, queried with DuckDB."""

from clausewitz.store.layout import DEFAULT_RESULTS_DIR, ExperimentWriter, list_experiments
from clausewitz.store.query import connect, query

__all__ = ["DEFAULT_RESULTS_DIR", "ExperimentWriter", "connect", "list_experiments", "query"]
