"""The sweep's chunk evaluator: a scenario at the points of one chunk, the same runs at each.

:func:`scenario_runs` rebuilds the :class:`~clausewitz.prepare.prepared.PreparedScenario` in
each worker process from a JSON payload and returns one row per (point, strategies, run) in the
layout of ``clausewitz run``'s ``runs`` table.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from clausewitz.engine.plan import SIDES
from clausewitz.errors import UserError
from clausewitz.prepare.prepared import PreparedScenario
from clausewitz.scenario.loader import LoadedScenario, load_scenario

EVALUATOR = "clausewitz.sweep.scenario_points:scenario_runs"
"""Import path of :func:`scenario_runs`, as a :class:`~clausewitz.sweep.execute.SweepSpec`
names it."""

POINT = "point"
STRATEGY_PREFIX = "strategy."

_MODELS: dict[tuple[str, str, int, int], PreparedScenario] = {}
"""Models built in this process (a worker evaluates many chunks of the same sweep)."""


def sweep_payload(
    loaded: LoadedScenario,
    scenario: str,
    *,
    strategies: Sequence[Mapping[str, str]],
    days: int | None,
) -> dict[str, Any]:
    """The JSON payload :func:`scenario_runs` rebuilds its model from.

    ``scenario`` is how workers find the scenario (a bundled name, or a path they can read);
    its SHA-256 is recorded so that a worker, or a resumed sweep, refuses a changed file.
    ``strategies`` lists the strategy combinations run at every point, each resolved to both
    sides' names.
    """
    horizon = days if days is not None else loaded.scenario.meta.horizon_days
    if not strategies:
        raise UserError("a sweep needs at least one strategy combination")
    return {
        "scenario": scenario,
        "scenario_sha256": loaded.sha256,
        "days": int(horizon),
        "strategies": [dict(s) for s in strategies],
    }


def prepared_model(payload: Mapping[str, Any], seed: int, work: str = "sweep") -> PreparedScenario:
    """The prepared scenario a payload names, cached per worker process; refuses a scenario
    whose file changed since the ``work`` (a sweep, a calibration) started."""
    key = (str(payload["scenario"]), str(payload["scenario_sha256"]), seed, int(payload["days"]))
    model = _MODELS.get(key)
    if model is None:
        loaded = load_scenario(payload["scenario"])
        if loaded.sha256 != payload["scenario_sha256"]:
            raise UserError(
                f"scenario {payload['scenario']} has changed since the {work} started "
                f"(its SHA-256 differs); start a new {work}"
            )
        model = PreparedScenario(loaded, seed=seed, days=int(payload["days"]))
        if len(_MODELS) >= 4:  # a worker rarely serves more than one sweep at a time
            _MODELS.clear()
        _MODELS[key] = model
    return model


def scenario_runs(
    payload: dict[str, Any], points: pd.DataFrame, runs_per_point: int, seed: int
) -> pa.Table:
    """One row per (point, strategy combination, run) for the points of one sweep chunk.

    Columns: ``point``, ``strategy.attacker``, ``strategy.defender``, then the columns of
    ``clausewitz run``'s per-run table (``run``, ``objective_day.<objective>``,
    ``attacker_losses``, ...), then ``param.<name>`` for each fixed parameter. Rows are
    ordered by point, then strategy combination (payload order), then run.
    """
    from clausewitz.runner.job import runs_table

    model = prepared_model(payload, seed)
    names = [c for c in points.columns if c != POINT]
    overrides = {n: points[n].to_numpy(dtype=np.float64) for n in names}
    point_ids = points[POINT].to_numpy(dtype=np.int64)
    n_points = len(point_ids)
    tables = []
    for combo in payload["strategies"]:
        outcomes, samples = model.simulate_points(overrides, runs_per_point, combo)
        table = runs_table(outcomes, samples, names)
        chosen = model.strategies(combo).names
        front: dict[str, pa.Array] = {POINT: pa.array(np.repeat(point_ids, runs_per_point))}
        for side in SIDES:
            front[STRATEGY_PREFIX + side] = pa.array([chosen[side]] * table.num_rows)
        for i, (name, arr) in enumerate(front.items()):
            table = table.add_column(i, name, arr)
        tables.append(table)
    merged = pa.concat_tables(tables)
    # point-major: point p, combination s, run r sits at s * P * R + p * R + r in ``merged``
    n_combos, rpp = len(tables), runs_per_point
    order = (
        np.arange(n_combos)[None, :, None] * (n_points * rpp)
        + np.arange(n_points)[:, None, None] * rpp
        + np.arange(rpp)[None, None, :]
    ).reshape(-1)
    return merged.take(pa.array(order)).combine_chunks()
