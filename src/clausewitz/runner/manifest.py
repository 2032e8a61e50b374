"""``manifest.json`` of a run: what was run, with what, and the KPI summary.

The manifest records everything that determines the results (scenario name and the sha256 of
its text, seed, strategies, runs, days, band bins and ranges, package version) and, apart from
them, how the run was executed (chunk, workers, time), which does not change the results.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from clausewitz import __version__
from clausewitz.runner.bands import QUANTILES, DailyBands
from clausewitz.runner.kpis import KpiSummary


def build_manifest(
    *,
    scenario: str,
    scenario_sha256: str,
    seed: int,
    strategies: Mapping[str, str],
    runs: int,
    days: int,
    chunk: int,
    workers: int,
    bands: DailyBands,
    kpis: Mapping[str, KpiSummary] | None,
    status: str,
    created: dt.datetime | None = None,
    elapsed_s: float | None = None,
    files: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The manifest as a JSON-ready dict (``status`` is ``running`` until the run completes)."""
    when = created or dt.datetime.now(dt.UTC)
    return {
        "kind": "run",
        "status": status,
        "scenario": scenario,
        "scenario_sha256": scenario_sha256,
        "seed": seed,
        "strategies": dict(strategies),
        "runs": runs,
        "days": days,
        "chunk": chunk,
        "workers": workers,
        "version": __version__,
        "created": when.isoformat(timespec="seconds"),
        "elapsed_s": elapsed_s,
        "bands": {
            "quantiles": list(QUANTILES),
            "bins": bands.bins,
            "method": "fixed-bin histogram per day and variable, linear interpolation in the bin",
            "variables": [
                {"name": v.name, "lo": v.lo, "hi": v.hi, "bin_width": (v.hi - v.lo) / bands.bins}
                for v in bands.variables
            ],
        },
        "kpis": {k: s.to_dict() for k, s in kpis.items()} if kpis is not None else None,
        "files": dict(files or {}),
    }
