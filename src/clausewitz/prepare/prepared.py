"""A scenario prepared for the engine: what every stage after the evidence simulates from.

:class:`PreparedScenario` holds what is built once per scenario (parameter table, fused
estimates, bounds, strategies, base samples). It samples runs, compiles them into a
:class:`~clausewitz.engine.plan.Plan` and simulates them, and it evaluates *points*: a point
fixes some parameters (by name, in each parameter's own unit) while every other parameter is
sampled as usual. Every point is run on runs ``0 .. N-1`` with the same seed, so run ``r``
draws the same numbers (parameter samples, losses, breakpoints, ...) at every point and under
every strategy: differences between points are differences of the fixed values, not of luck
(common random numbers). Many points go through one vectorised engine call: rows ``p * N + r``
of one plan are run ``r`` at point ``p`` (the engine keys every draw by the run index, and runs
never interact, so a row's trajectory does not depend on the rows beside it).

The runner, compare, sweep and sensitivity all simulate through it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from clausewitz.engine.outcomes import Outcomes
from clausewitz.engine.plan import SIDES, Plan
from clausewitz.errors import UserError
from clausewitz.evidence import estimate_all
from clausewitz.prepare.compile import compile_plan
from clausewitz.prepare.overrides import check_names, check_uses, check_value, override_samples
from clausewitz.prepare.sampling import parameter_bounds, sample
from clausewitz.scenario.loader import LoadedScenario
from clausewitz.scenario.parameters import ParameterTable, collect_parameters
from clausewitz.strategies import Strategies, choose

if TYPE_CHECKING:
    from clausewitz.engine.fast import Observer

F64 = NDArray[np.float64]
I64 = NDArray[np.int64]

DEFAULT_MAX_ROWS = 4096
"""Rows (point × run) simulated in one engine call: bounds memory (a few MB of state for the
flagship) whatever the number of points."""

RowsDone = Callable[[int], None]
"""``rows_done(n)``: called after each engine call with the number of runs it simulated."""

StrategyNames = Mapping[str, str]
"""Side -> strategy name; a side not named plays the scenario's default."""


def resolve_strategies(loaded: LoadedScenario, names: StrategyNames) -> Strategies:
    """Each side's strategy: the name given, else the scenario's default for the side (a
    scenario's ``strategies.<side>.<name>`` brings its settings); :class:`UserError` if
    unknown."""
    sc = loaded.scenario
    specs = []
    for side in SIDES:
        default = getattr(sc.sides, side).default_strategy
        try:
            specs.append(
                choose(side, names.get(side), available=sc.strategies.get(side), default=default)  # type: ignore[call-overload]
            )
        except UserError as exc:
            origin = "given" if side in names else "the scenario's default"
            raise UserError(f"{side} strategy ({origin}): {exc}") from None
    return Strategies(specs[0], specs[1])


class PreparedScenario:
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
        if not 0 <= seed < 2**63:
            raise UserError(f"--seed must be in [0, 2**63) (got {seed})")
        if days is not None and days < 1:
            raise UserError(f"--days must be at least 1 (got {days})")
        self.loaded = loaded
        self.seed = seed
        self.days = int(days) if days is not None else loaded.scenario.meta.horizon_days
        self.table: ParameterTable = collect_parameters(loaded)
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

    def strategies(self, names: StrategyNames | None = None) -> Strategies:
        """Each side's strategy (the scenario's default where ``names`` gives none)."""
        given = dict(names or {})
        unknown = set(given) - set(SIDES)
        if unknown:
            raise UserError(f"unknown side(s) {sorted(unknown)} (sides: {', '.join(SIDES)})")
        key = tuple(sorted(given.items()))
        if key not in self._strategies:
            self._strategies[key] = resolve_strategies(self.loaded, given)
        return self._strategies[key]

    def varying(self) -> tuple[str, ...]:
        """Parameters whose value differs between runs, in name order (the others are
        constants)."""
        u = np.array([1e-9, 0.5, 1.0 - 1e-9])
        out = []
        for name in sorted(self.estimates):
            q = np.asarray(self.estimates[name].ppf(u), dtype=np.float64)
            low, high = self.bounds.get(name, (None, None))
            q = np.clip(q, low, high) if low is not None or high is not None else q
            if q.max() > q.min():
                out.append(name)
        return tuple(out)

    # -----------------------------------------------------------------------------------------
    # runs: sample, compile, simulate

    def sample(self, run_ids: I64) -> dict[str, F64]:
        """Every parameter's value for each run of ``run_ids``."""
        return sample(self.estimates, self.seed, run_ids, bounds=self.bounds)

    def base_samples(self, runs: int) -> dict[str, F64]:
        """Every parameter's sample for runs ``0 .. runs-1`` (cached)."""
        if runs < 1:
            raise UserError(f"runs must be at least 1 (got {runs})")
        if runs not in self._base:
            self._base[runs] = self.sample(np.arange(runs, dtype=np.int64))
        return self._base[runs]

    def compile(self, samples: Mapping[str, F64], run_ids: I64) -> Plan:
        """The engine's plan of ``run_ids`` with the given per-run samples."""
        return compile_plan(self.loaded, samples, run_ids, table=self.table)

    def simulate(
        self,
        plan: Plan,
        strategies: Strategies,
        *,
        days: int | None = None,
        observer: Observer | None = None,
    ) -> Outcomes:
        """Simulate ``plan`` for ``days`` (default: this scenario's days) with the fast engine."""
        # imported here: the fast engine loads Numba, which commands that only read a scenario
        # should not pay for
        from clausewitz.engine.fast import simulate

        days = self.days if days is None else days
        return simulate(plan, self.seed, strategies, days=days, observer=observer)

    def simulate_rows(
        self,
        samples: Mapping[str, F64],
        run_ids: I64,
        strategies: Strategies,
        *,
        days: int | None = None,
        max_rows: int = DEFAULT_MAX_ROWS,
        rows_done: RowsDone | None = None,
    ) -> Outcomes:
        """Simulate one row per entry of ``run_ids`` with the given per-row samples.

        Rows are cut into blocks of ``max_rows`` (each compiled and simulated on its own); the
        outcomes do not depend on the cut.
        """
        n = int(run_ids.size)
        if n == 0:
            raise ValueError("no rows to simulate")
        parts: list[Outcomes] = []
        for lo in range(0, n, max_rows):
            hi = min(lo + max_rows, n)
            block = {k: np.ascontiguousarray(v[lo:hi]) for k, v in samples.items()}
            plan = self.compile(block, run_ids[lo:hi])
            parts.append(self.simulate(plan, strategies, days=days))
            if rows_done is not None:
                rows_done(hi - lo)
        return parts[0] if len(parts) == 1 else Outcomes.concatenate(parts)

    def preflight(self, strategies: StrategyNames | None = None) -> None:
        """Simulate one run for one day: strategy settings and compile errors surface here, in
        this process, instead of in every worker."""
        self.simulate_rows(
            self.base_samples(1),
            np.zeros(1, dtype=np.int64),
            self.strategies(strategies),
            days=1,
        )

    # -----------------------------------------------------------------------------------------
    # points: some parameters fixed

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
        strategies: StrategyNames | None = None,
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
        outcomes = self.simulate_rows(
            samples,
            run_ids,
            self.strategies(strategies),
            max_rows=max_rows,
            rows_done=rows_done,
        )
        return outcomes, samples

    def __repr__(self) -> str:
        name = self.loaded.scenario.meta.name
        return f"PreparedScenario({name!r}, seed={self.seed}, days={self.days})"


def _n_points(overrides: Mapping[str, Any]) -> int:
    sizes = {np.asarray(v).size for v in overrides.values()}
    if len(sizes) > 1:
        raise ValueError(f"overrides differ in length: {sorted(sizes)}")
    return sizes.pop() if sizes else 1
