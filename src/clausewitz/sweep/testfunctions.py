"""Chunk evaluators with known answers, for checking the sweep machinery end to end.

``ishigami_runs`` evaluates the Ishigami function at each point plus a per-run noise term
drawn from a generator seeded by (seed, point, run), so results depend only on the point and
the run, never on chunking or workers, like the engine's counter-based streams.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from clausewitz.stats.global_sensitivity import ishigami


def ishigami_runs(
    payload: dict[str, Any], points: pd.DataFrame, runs_per_point: int, seed: int
) -> pa.Table:
    """One row per (point, run) with the Ishigami KPI; ``payload['sleep']`` slows each chunk."""
    x = points[["x1", "x2", "x3"]].to_numpy(dtype=np.float64)
    base = ishigami(x)
    point_col: list[int] = []
    run_col: list[int] = []
    kpi_col: list[float] = []
    for i, p in enumerate(points["point"].to_numpy()):
        for r in range(runs_per_point):
            noise = np.random.default_rng([seed, int(p), r]).normal(0.0, 0.1)
            point_col.append(int(p))
            run_col.append(r)
            kpi_col.append(float(base[i] + noise))
    if payload.get("sleep"):
        time.sleep(float(payload["sleep"]))
    table = pa.table({"point": point_col, "run": run_col, "kpi": kpi_col})
    for col in points.columns:
        if col != "point":
            values = np.repeat(points[col].to_numpy(dtype=np.float64), runs_per_point)
            table = table.append_column(col, pa.array(values))
    return table
