"""Evaluating a scenario at points: some parameters fixed, the same N runs at every point.

A *point* fixes some parameters (by name, in each parameter's own unit); every other parameter
is sampled as usual. Every point is run on runs ``0 .. N-1`` with the same seed, so run ``r``
draws the same numbers (parameter samples, losses, breakpoints, ...) at every point and under
every strategy: differences between points are differences of the fixed values, not of luck
(common random numbers).

:class:`ScenarioModel` holds what is built once per scenario (parameter table, estimates,
bounds, strategies, base samples) and simulates many points in one vectorised engine call:
rows ``p * N + r`` of one plan are run ``r`` at point ``p`` (the engine keys every draw by the
run index, and runs never interact, so a row's trajectory does not depend on the rows beside
it). :func:`scenario_runs` is the sweep's chunk evaluator (``clausewitz sweep``): it rebuilds
the model in each worker process from a JSON payload and returns one row per (point,
strategies, run) in the layout of ``clausewitz run``'s ``runs`` table.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
from numpy.typing import NDArray

from clausewitz.engine.outcomes import Outcomes
from clausewitz.engine.plan import SIDES
from clausewitz.errors import UserError
from clausewitz.prepare.overrides import check_names, check_uses, check_value, override_samples
from clausewitz.scenario.loader import LoadedScenario, load_scenario
from clausewitz.strategies import Strategies

F64 = NDArray[np.float64]
I64 = NDArray[np.int64]

DEFAULT_MAX_ROWS = 4096
"""Rows (point × run) simulated in one engine call: bounds memory (a few MB of state for the
flagship) whatever the number of points."""

RowsDone = Callable[[int], None]
"""``rows_done(n)``: called after each engine call with the number of runs it simulated."""


def simulate_rows(
    loaded: LoadedScenario,
    table: Any,
    samples: Mapping[str, F64],
    run_ids: I64,
    strategies: Strategies,
    *,
    seed: int,
    days: int,
    max_rows: int = DEFAULT_MAX_ROWS,
    rows_done: RowsDone | None = None,
) -> Outcomes:
    """Simulate one row per entry of ``run_ids`` with the given per-row samples.

    Rows are cut into blocks of ``max_rows`` (each compiled and simulated on its own); the
    outcomes do not depend on the cut.
    """
    from clausewitz.engine.fast import simulate
    from clausewitz.prepare.compile import compile_plan

    n = int(run_ids.size)
    if n == 0:
        raise ValueError("no rows to simulate")
    parts: list[Outcomes] = []
    for lo in range(0, n, max_rows):
        hi = min(lo + max_rows, n)
        block = {k: np.ascontiguousarray(v[lo:hi]) for k, v in samples.items()}
        plan = compile_plan(loaded, block, run_ids[lo:hi], table=table)
        parts.append(simulate(plan, seed, strategies, days=days))
        if rows_done is not None:
            rows_done(hi - lo)
    return parts[0] if len(parts) == 1 else Outcomes.concatenate(parts)


class ScenarioModel:
    """A scenario ready for many evaluations: estimates, bounds and strategies built once.

    ``exclude_sources`` / ``exclude_claims`` re-fuse the evidence without them
    (:func:`clausewitz.evidence.estimate_all`; raises
    :class:`~clausewitz.evidence.NoEvidenceError` when a parameter is left without claims).
    """

    def __init__(
        self,
        loaded: LoadedScenario,
        *,
        seed: int = 0,
        days: int | None = None,
        exclude_sources: Collection[str] = (),
        exclude_claims: Collection[str] = (),
    ) -> None:
        from clausewitz.evidence import estimate_all
        from clausewitz.prepare.sampling import parameter_bounds
        from clausewitz.scenario.parameters import collect_parameters

        if not 0 <= seed < 2**63:
            raise UserError(f"--seed must be in [0, 2**63) (got {seed})")
        if days is not None and days < 1:
            raise UserError(f"--days must be at least 1 (got {days})")
        self.loaded = loaded
        self.seed = seed
        self.days = int(days) if days is not None else loaded.scenario.meta.horizon_days
        self.table = collect_parameters(loaded)
        self.estimates = estimate_all(
            loaded, exclude_sources=exclude_sources, exclude_claims=exclude_claims
        )
        self.bounds = parameter_bounds(self.table)
        self._strategies: dict[tuple[tuple[str, str], ...], Strategies] = {}
        self._base: dict[int, dict[str, F64]] = {}

    @property
    def objectives(self) -> tuple[str, ...]:
        """Objective ids, in scenario order."""
        return tuple(o.id for o in self.loaded.scenario.theatre.objectives)

    def strategies(self, names: Mapping[str, str] | None = None) -> Strategies:
        """Each side's strategy (the scenario's default where ``names`` gives none)."""
        from clausewitz.runner.job import resolve_strategies

        given = dict(names or {})
        unknown = set(given) - set(SIDES)
        if unknown:
            raise UserError(f"unknown side(s) {sorted(unknown)} (sides: {', '.join(SIDES)})")
        key = tuple(sorted(given.items()))
        if key not in self._strategies:
            self._strategies[key] = resolve_strategies(self.loaded, given)
        return self._strategies[key]

    def preflight(self, strategies: Mapping[str, str] | None = None) -> None:
        """Simulate one run for one day: strategy settings and compile errors surface here, in
        this process, instead of in every worker."""
        samples = self.base_samples(1)
        simulate_rows(
            self.loaded,
            self.table,
            samples,
            np.zeros(1, dtype=np.int64),
            self.strategies(strategies),
            seed=self.seed,
            days=1,
        )

    def base_samples(self, runs: int) -> dict[str, F64]:
        """Every parameter's sample for runs ``0 .. runs-1`` (cached)."""
        from clausewitz.prepare.sampling import sample

        if runs < 1:
            raise UserError(f"runs must be at least 1 (got {runs})")
        if runs not in self._base:
            ids = np.arange(runs, dtype=np.int64)
            self._base[runs] = sample(self.estimates, self.seed, ids, bounds=self.bounds)
        return self._base[runs]

    def check_overrides(self, overrides: Mapping[str, F64]) -> None:
        """:class:`UserError` for unknown names ("did you mean"), values outside a parameter's
        bounds or outside what a field using it accepts."""
        check_names(overrides, self.estimates)
        for name, values in overrides.items():
            v = np.asarray(values, dtype=np.float64)
            for x in np.unique(v[~np.isnan(v)]):
                check_value(name, float(x), self.bounds)
                check_uses(name, float(x), self.table[name])

    def point_samples(
        self, overrides: Mapping[str, F64], runs: int, *, checked: bool = True
    ) -> dict[str, F64]:
        """Samples of every row ``p * runs + r`` (run ``r`` at point ``p``).

        ``checked=False`` skips :meth:`check_overrides`: for values drawn from the parameters'
        own distributions (sensitivity analyses), which a plain run could draw as well.
        """
        if checked:
            self.check_overrides(overrides)
        n_points = _n_points(overrides)
        return override_samples(self.base_samples(runs), overrides, n_points)

    def simulate_points(
        self,
        overrides: Mapping[str, F64],
        runs: int,
        strategies: Mapping[str, str] | None = None,
        *,
        max_rows: int = DEFAULT_MAX_ROWS,
        rows_done: RowsDone | None = None,
        checked: bool = True,
    ) -> tuple[Outcomes, dict[str, F64]]:
        """Simulate runs ``0 .. runs-1`` at every point; outcomes and samples, point-major.

        ``overrides`` maps parameter names to one value per point (all of the same length),
        NaN where the parameter is sampled as usual at that point; an empty mapping is a
        single point with nothing fixed. ``checked``: see :meth:`point_samples`.
        """
        samples = self.point_samples(overrides, runs, checked=checked)
        n_points = _n_points(overrides)
        run_ids = np.tile(np.arange(runs, dtype=np.int64), n_points)
        outcomes = simulate_rows(
            self.loaded,
            self.table,
            samples,
            run_ids,
            self.strategies(strategies),
            seed=self.seed,
            days=self.days,
            max_rows=max_rows,
            rows_done=rows_done,
        )
        return outcomes, samples


def _n_points(overrides: Mapping[str, F64]) -> int:
    sizes = {np.asarray(v).size for v in overrides.values()}
    if len(sizes) > 1:
        raise ValueError(f"overrides differ in length: {sorted(sizes)}")
    return sizes.pop() if sizes else 1


# ---------------------------------------------------------------------------------------------
# the sweep's chunk evaluator

EVALUATOR = "clausewitz.sweep.scenario_points:scenario_runs"
"""Import path of :func:`scenario_runs`, as a :class:`~clausewitz.sweep.execute.SweepSpec`
names it."""

POINT = "point"
STRATEGY_PREFIX = "strategy."

_MODELS: dict[tuple[str, str, int, int], ScenarioModel] = {}
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


def _model(payload: Mapping[str, Any], seed: int) -> ScenarioModel:
    key = (str(payload["scenario"]), str(payload["scenario_sha256"]), seed, int(payload["days"]))
    model = _MODELS.get(key)
    if model is None:
        loaded = load_scenario(payload["scenario"])
        if loaded.sha256 != payload["scenario_sha256"]:
            raise UserError(
                f"scenario {payload['scenario']} has changed since the sweep started "
                "(its SHA-256 differs); start a new sweep"
            )
        model = ScenarioModel(loaded, seed=seed, days=int(payload["days"]))
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

    model = _model(payload, seed)
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
