"""Per-run KPI values for paired comparison, read from the per-run outcomes table.

Every KPI is defined for every run, so two strategies can be compared run by run:

``objective_captured.<objective>``
    1 if the objective fell within the horizon, else 0.
``objective_rday.<objective>``
    the day it fell, or the horizon if it did not fall: a *restricted mean* (the mean of
    ``min(T, horizon)``, standard in survival analysis), named as ``clausewitz run`` and
    ``clausewitz sensitivity`` name it. ``objective_day.<objective>``, the mean over the runs
    where it fell, is not defined on every run and so cannot be paired; read the restricted
    mean with ``objective_captured``.
``attacker_losses``, ``defender_losses``
    total losses (killed + wounded + missing) over the horizon.
``territory_km2``
    ground taken by the attacker.
``ceasefire``, ``fiscal_crisis.<side>``
    1 if it happened within the horizon.
``exchange_ratio``
    attacker losses per defender loss.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyarrow as pa
from numpy.typing import NDArray

from clausewitz.engine.plan import SIDES
from clausewitz.errors import UserError
from clausewitz.runner import outputs as col

KPI_DIRECTIONS: dict[str, dict[str, int]] = {
    "objective_captured": {"attacker": 1, "defender": -1},
    "objective_day": {"attacker": -1, "defender": 1},
    "objective_rday": {"attacker": -1, "defender": 1},
    "attacker_losses": {"attacker": -1, "defender": 1},
    "defender_losses": {"attacker": 1, "defender": -1},
    "territory_km2": {"attacker": 1, "defender": -1},
    "exchange_ratio": {"attacker": -1, "defender": 1},
    "ceasefire": {"attacker": 1, "defender": 1},
}
"""For each KPI family, +1 if a higher value is better for the side, -1 if lower is.
A ceasefire counts as good for both (our choice: it ends the losses); a side's own fiscal
crisis is bad for it and the enemy's good (see :func:`higher_is_better`)."""


def higher_is_better(kpi: str, side: str) -> bool:
    """Whether a higher value of ``kpi`` is better for ``side``."""
    family, _, rest = kpi.partition(".")
    if family == "fiscal_crisis":
        return rest != side
    return KPI_DIRECTIONS.get(family, {}).get(side, 1) > 0


def kpi_names(objective_ids: Sequence[str]) -> list[str]:
    """Every KPI of a scenario, in report order."""
    names: list[str] = []
    for o in objective_ids:
        names += [f"objective_captured.{o}", f"objective_rday.{o}"]
    names += ["attacker_losses", "defender_losses", "exchange_ratio", "territory_km2"]
    names += ["ceasefire"] + [f"fiscal_crisis.{s}" for s in SIDES]
    return names


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
    """``name`` if it is a KPI of the scenario, else :class:`UserError` listing them."""
    valid = kpi_names(objective_ids)
    head, _, objective = name.partition(".")
    if head == "objective_day" and objective in objective_ids:
        raise UserError(
            f"KPI '{name}' is the mean day over the runs where it fell, which is not defined on "
            f"every run and so cannot be paired; compare the restricted mean 'objective_rday."
            f"{objective}' (the day it fell, or the days simulated where it did not)"
        )
    if name not in valid:
        import difflib

        close = difflib.get_close_matches(name, valid, n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        raise UserError(f"unknown KPI '{name}'{hint}; KPIs: {', '.join(valid)}")
    return name
