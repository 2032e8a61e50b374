"""Per-run KPI values for paired comparison, read from the per-run outcomes table.

A comparison pairs the KPIs of :mod:`clausewitz.kpis` that are defined in every run (all but
the conditional ``objective_day``); per run:

``objective_captured.<objective>``, ``ceasefire``, ``fiscal_crisis.<side>``
    1 if it happened within the horizon, else 0.
``objective_rday.<objective>``
    the day it fell, or the horizon if it did not fall: a *restricted mean* (the mean of
    ``min(T, horizon)``, standard in survival analysis); read it with ``objective_captured``.
``attacker_losses``, ``defender_losses``
    total losses (killed + wounded + missing) over the horizon.
``territory_km2``
    ground taken by the attacker.
``exchange_ratio``
    attacker losses per defender loss.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyarrow as pa
from numpy.typing import NDArray

from clausewitz import kpis as catalogue
from clausewitz.engine.plan import SIDES
from clausewitz.kpis import higher_is_better
from clausewitz.runner import outputs as col

__all__ = ["check_kpi", "higher_is_better", "kpi_names", "per_run_kpis"]


def kpi_names(objective_ids: Sequence[str]) -> list[str]:
    """Every KPI a comparison pairs, in report order."""
    return catalogue.kpi_names(objective_ids, pairable=True)


def _column(table: pa.Table, name: str) -> pa.ChunkedArray:
    if name not in table.column_names:
        raise ValueError(f"the runs table has no column '{name}'")
    return table.column(name)


def _happened(table: pa.Table, name: str) -> NDArray[np.float64]:
    return np.asarray(_column(table, name).is_valid(), dtype=np.float64)


def per_run_kpis(
    table: pa.Table, objective_ids: Sequence[str], days: int
) -> dict[str, NDArray[np.float64]]:
    """KPI name -> (runs,) values, in the table's row order."""
    out: dict[str, NDArray[np.float64]] = {}
    for o in objective_ids:
        c = _column(table, col.objective_column(o))
        out[f"objective_captured.{o}"] = np.asarray(c.is_valid(), dtype=np.float64)
        out[f"objective_rday.{o}"] = np.asarray(c.fill_null(days).to_numpy(), dtype=np.float64)
    att = np.asarray(_column(table, col.losses_total_column("attacker")).to_numpy(), np.float64)
    dfd = np.asarray(_column(table, col.losses_total_column("defender")).to_numpy(), np.float64)
    out["attacker_losses"] = att
    out["defender_losses"] = dfd
    out["exchange_ratio"] = att / np.maximum(dfd, 1.0)
    out["territory_km2"] = np.asarray(_column(table, col.TERRITORY).to_numpy(), np.float64)
    out["ceasefire"] = _happened(table, col.CEASEFIRE_DAY)
    for s in SIDES:
        out[f"fiscal_crisis.{s}"] = _happened(table, col.crisis_column(s))
    return out


def check_kpi(name: str, objective_ids: Sequence[str]) -> str:
    """``name`` if it is a KPI a comparison can pair, else :class:`UserError` saying why."""
    return catalogue.check_kpi(name, objective_ids, pairable=True)
