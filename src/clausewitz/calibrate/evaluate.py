"""The hindcast as a sweep evaluator: the summaries of each design point's runs.

:func:`hindcast_chunk` is named by import path in a
:class:`~clausewitz.sweep.execute.SweepSpec`, so the sweep machinery runs it on Dask workers
(or in this process) and writes its rows to the store, chunk by chunk, resumably. For each
point it runs the same ``runs`` runs (common random numbers: every parameter not calibrated
keeps its draws, run by run) and returns one row: the mean and the standard deviation over the
runs of each per-run target, and the value of each aggregate target (a ratio of means).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
from numpy.typing import NDArray

from clausewitz.engine.outcomes import DayState
from clausewitz.prepare.prepared import PreparedScenario
from clausewitz.sweep.scenario_points import prepared_model

EVALUATOR = "clausewitz.calibrate.evaluate:hindcast_chunk"
"""Import path of :func:`hindcast_chunk`."""

POINT = "point"
MAX_ROWS = 2048
"""Rows (point × run) simulated in one engine call (bounds memory)."""

F64 = NDArray[np.float64]


class _Recorder:
    """Observer keeping the front on chosen days and both sides' losses on the last."""

    def __init__(self, days: Sequence[int], n_rows: int, n_sectors: int) -> None:
        self.index = {d: k for k, d in enumerate(days)}
        self.last = max(days)
        self.front = np.zeros((len(days), n_rows, n_sectors))
        self.losses = np.zeros((n_rows, 2))

    def __call__(self, day: int, state: DayState) -> None:
        k = self.index.get(day)
        if k is not None:
            self.front[k] = state["front"]
        if day == self.last:
            self.losses[:] = sum(
                np.asarray(state[n], dtype=np.float64) for n in ("killed", "wounded", "missing")
            )


def simulate_summaries(
    model: PreparedScenario,
    payload: Mapping[str, Any],
    overrides: Mapping[str, F64],
    runs: int,
) -> tuple[F64, F64, F64]:
    """Per-point means and standard deviations of every target, in ``payload["targets"]``
    order, shape ``(points, targets)`` each (aggregates have sd 0), and each point's synthetic
    log-likelihood of the record (:func:`synthetic_loglik`), shape ``(points,)``."""
    samples = model.point_samples(overrides, runs, checked=False)
    n_points = int(next(iter(samples.values())).size) // runs
    for name, value in payload["set"].items():
        samples[name] = np.full_like(samples[name], float(value))
    for name, km in payload["shift"].items():
        samples[name] = samples[name] + float(km)
    cps = [int(d) for d in payload["checkpoint_days"]]
    record_days = [d - 1 for d in cps]  # the map of day d is the state at the end of day d-1
    run_ids = np.tile(np.arange(runs, dtype=np.int64), n_points)
    strategies = model.strategies()
    rows = run_ids.size
    towns = [(str(t), int(o)) for t, o in payload["towns"]]
    n_cp = len(cps)
    dist = np.empty((rows, n_cp, len(towns)))
    terr = np.empty((rows, n_cp))
    losses = np.empty((rows, 2))
    for lo in range(0, rows, MAX_ROWS):
        hi = min(lo + MAX_ROWS, rows)
        block = {k: np.ascontiguousarray(v[lo:hi]) for k, v in samples.items()}
        plan = model.compile(block, run_ids[lo:hi])
        th = plan.theatre
        rec = _Recorder(record_days, hi - lo, plan.n_sectors)
        out = model.simulate(plan, strategies, days=max(cps), observer=rec)
        for k, day in enumerate(cps):
            front = rec.front[k]
            terr[lo:hi, k] = (front * th.frontage).sum(axis=1)
            for j, (_, o) in enumerate(towns):
                s = int(th.objective_sector[o])
                fd = out.fall_day[:, o]
                fallen = (fd >= 0) & (fd <= day - 1)
                left = np.maximum(0.0, th.objective_depth[:, o] - front[:, s])
                dist[lo:hi, k, j] = np.where(fallen, 0.0, left)
        losses[lo:hi] = rec.losses
    per_run: dict[str, F64] = {}
    for k in range(n_cp):
        for j, (tid, _) in enumerate(towns):
            per_run[f"distance.{tid}.{k}"] = dist[:, k, j]
    prev = np.zeros(rows)
    for k in range(n_cp):
        per_run[f"area.{k}"] = terr[:, k] - prev
        prev = terr[:, k]
    targets: list[str] = payload["targets"]
    kinds = _target_columns(targets, [t for t, _ in towns], n_cp)
    observed = np.asarray(payload["observed"], dtype=np.float64)
    tolerance = np.asarray(payload["tolerance"], dtype=np.float64)
    means = np.empty((n_points, len(targets)))
    sds = np.zeros((n_points, len(targets)))
    loglik = np.empty(n_points)
    runwise = [i for i, key in enumerate(kinds) if key in per_run]
    for p in range(n_points):
        sl = slice(p * runs, (p + 1) * runs)
        for i, key in enumerate(kinds):
            if key == "losses-per-km2":
                km2 = float(terr[sl, -1].mean())
                means[p, i] = math.log(float(losses[sl, 0].mean()) / max(km2, 1e-3))
            elif key == "exchange-ratio":
                means[p, i] = math.log(float(losses[sl, 0].mean()) / max(losses[sl, 1].mean(), 1.0))
            else:
                v = per_run[key][sl]
                means[p, i] = float(v.mean())
                sds[p, i] = float(v.std(ddof=1)) if runs > 1 else 0.0
        runs_matrix = np.column_stack([per_run[kinds[i]][sl] for i in runwise])
        loglik[p] = synthetic_loglik(runs_matrix, runwise, means[p], observed, tolerance)
    return means, sds, loglik


def synthetic_loglik(
    runs_matrix: F64, runwise: Sequence[int], mean: F64, observed: F64, tolerance: F64
) -> float:
    """Gaussian synthetic log-likelihood of the record at one point (Wood 2010, Nature 466):
    the per-run targets' mean and covariance over the runs, plus each target's tolerance on
    the diagonal; aggregate targets (ratios of means) count with their tolerance alone."""
    resid = observed - mean
    cov = np.diag(np.square(tolerance))
    if runs_matrix.shape[0] > 1 and len(runwise) > 0:
        idx = np.asarray(runwise)
        cov[np.ix_(idx, idx)] += np.atleast_2d(np.cov(runs_matrix, rowvar=False))
    sign, logdet = np.linalg.slogdet(cov)
    if sign <= 0:
        return float("-inf")
    quad = float(resid @ np.linalg.solve(cov, resid))
    return -0.5 * (quad + logdet + resid.size * math.log(2 * math.pi))


def _target_columns(targets: Sequence[str], towns: Sequence[str], n_cp: int) -> list[str]:
    """Each target's per-run key (``distance.<town>.<k>``, ``area.<k>``) or aggregate name."""
    out: list[str] = []
    cp_seen: dict[str, int] = {}
    area_k = 0
    for name in targets:
        if name.startswith("distance."):
            town, date = name.removeprefix("distance.").rsplit(".", 1)
            if town not in towns:
                raise ValueError(f"target {name}: unknown town")
            k = cp_seen.setdefault(date, len(cp_seen))
            out.append(f"distance.{town}.{k}")
        elif name.startswith("area."):
            out.append(f"area.{area_k}")
            area_k += 1
        else:
            out.append(name)
    if len(cp_seen) != n_cp or area_k != n_cp:
        raise ValueError("targets do not match the checkpoints")
    return out


def hindcast_chunk(
    payload: dict[str, Any], points: pd.DataFrame, runs_per_point: int, seed: int
) -> pa.Table:
    """One row per point of a sweep chunk: ``point``, ``loglik``, and ``mean.<i>`` and
    ``sd.<i>`` for each target ``i`` (in the payload's order)."""
    model = prepared_model(payload, seed, "calibration")
    names = [c for c in points.columns if c != POINT]
    overrides = {n: points[n].to_numpy(dtype=np.float64) for n in names}
    means, sds, loglik = simulate_summaries(model, payload, overrides, runs_per_point)
    cols: dict[str, Any] = {POINT: pa.array(points[POINT].to_numpy(dtype=np.int64))}
    cols["loglik"] = pa.array(loglik)
    for i in range(means.shape[1]):
        cols[f"mean.{i}"] = pa.array(means[:, i])
        cols[f"sd.{i}"] = pa.array(sds[:, i])
    return pa.table(cols)
