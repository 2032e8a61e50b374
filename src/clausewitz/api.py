"""The Python face of the stages, for notebooks: ``import clausewitz as cw``.

Each function bears the name of the command it mirrors and takes the same settings as its
options; results come back as pandas DataFrames (and the daily bands as an xarray DataArray)::

    import clausewitz as cw

    sc = cw.load("pokrovsk-2025")
    cw.check(sc)                        # problems found, one row each (empty when clean)
    cw.evidence(sc)                     # each parameter's fused median and 90% interval
    r = cw.run(sc, runs=2000, seed=1)   # r.kpis, r.runs, r.bands
    c = cw.compare(sc, ["attrition", "decisive"], runs=2000, seed=1)   # c.kpis, c.paired
    cw.compare_report(c, tornado_params=0).save("out/report.html")    # the HTML page
    cw.sweep(sc, vary=["ru-pokrovsk-grouping-troops=80000:140000:3"], runs_per_point=50)
    s = cw.sensitivity(sc, "objective_rday.pokrovsk", method=None)     # s.tornado, s.sources
    b = cw.backtest("pokrovsk-2024", runs=2000, seed=1)  # b.skill, b.scores, b.towns
    k = cw.calibrate("pokrovsk-2025-02", out="out/cal", seed=1)  # k.parameters, k.targets

A scenario is given as a bundled name, a file path or what :func:`load` returned (loading
once saves re-reading it). ``run``, ``compare`` and ``sweep`` write their results store only
when given a folder (``out`` / ``results``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
import xarray as xr

from clausewitz.backtest.api import BacktestResult, run_backtest
from clausewitz.calibrate.api import CalibrationResult
from clausewitz.compare.experiment import Arm, Comparison, Progress, compare_arms
from clausewitz.compare.matrix import MatrixResult
from clausewitz.compare.matrix import compare_matrix as _compare_matrix
from clausewitz.compare.summary import summarise
from clausewitz.engine.plan import SIDES
from clausewitz.errors import Diagnostic, ScenarioError, UserError
from clausewitz.evidence import estimate_all
from clausewitz.evidence.table import select
from clausewitz.optimize import OptimizeResult
from clausewitz.optimize import optimize as _optimize
from clausewitz.prepare.runnable import check_runnable_scenario, smoke_check
from clausewitz.report.comparison import comparison_report, headline_objective, screen_parameters
from clausewitz.report.page import Report
from clausewitz.runner.api import RunResult, run_scenario
from clausewitz.runner.bands import QUANTILES
from clausewitz.scenario.loader import LoadedScenario, load_scenario
from clausewitz.sensitivity.oat import TornadoRow, tornado
from clausewitz.sensitivity.study import SensitivityStudy, run_study
from clausewitz.store import ExperimentWriter
from clausewitz.store.lock import experiment_lock
from clausewitz.store.staging import StagedExperiment, require_empty
from clausewitz.sweep.execute import run_sweep
from clausewitz.sweep.scenario_sweep import SweepSettings, prepare_sweep

ScenarioRef = str | os.PathLike[str] | LoadedScenario
"""A bundled scenario's name, a scenario file, or a loaded scenario."""

__all__ = [
    "BacktestOutcome",
    "CalibrationOutcome",
    "ComparisonResult",
    "OptimizeResult",
    "RunSet",
    "SensitivityResult",
    "backtest",
    "calibrate",
    "check",
    "compare",
    "compare_matrix",
    "compare_report",
    "evidence",
    "load",
    "optimize",
    "run",
    "sensitivity",
    "sweep",
]


def load(scenario: str | os.PathLike[str]) -> LoadedScenario:
    """Load and validate a scenario (:class:`~clausewitz.errors.ScenarioError` if invalid)."""
    return load_scenario(scenario)


def _loaded(scenario: ScenarioRef) -> LoadedScenario:
    return scenario if isinstance(scenario, LoadedScenario) else load_scenario(scenario)


def _source(scenario: ScenarioRef) -> str:
    """How a worker process finds the scenario again (sweeps rebuild it from this)."""
    if isinstance(scenario, LoadedScenario):
        return str(scenario.path)
    return os.fspath(scenario)


# ---------------------------------------------------------------------------------------------
# check and evidence


def check(scenario: str | os.PathLike[str] | LoadedScenario) -> pd.DataFrame:
    """Every error and warning ``clausewitz check`` prints: one row each, with ``severity``,
    ``file``, ``line``, ``column``, ``key``, ``message`` and ``hint``; no rows when clean."""
    result = check_runnable_scenario(_source(scenario))
    rows = [_diagnostic_row(d) for d in [*result.errors, *result.warnings]]
    columns = ["severity", "file", "line", "column", "key", "message", "hint"]
    return pd.DataFrame(rows, columns=columns)


def _diagnostic_row(d: Diagnostic) -> dict[str, Any]:
    return {
        "severity": d.severity,
        "file": d.file,
        "line": d.line,
        "column": d.col,
        "key": d.path,
        "message": d.message,
        "hint": d.hint,
    }


def evidence(
    scenario: ScenarioRef,
    *,
    parameters: Sequence[str] = (),
    defaults: bool = False,
    exclude_sources: Sequence[str] = (),
    exclude_claims: Sequence[str] = (),
) -> pd.DataFrame:
    """Each parameter's basis and fused estimate, as ``clausewitz evidence`` shows them: one
    row per parameter (indexed by name) with its unit, basis, median, 90% interval (``p05``,
    ``p95``), mean and the number of claims behind it. ``defaults`` adds the engine's default
    parameters the scenario does not override; ``exclude_*`` re-fuse without those sources or
    claims."""
    estimates = estimate_all(
        _loaded(scenario), exclude_sources=exclude_sources, exclude_claims=exclude_claims
    )
    shown = select(estimates, list(parameters), include_defaults=defaults)
    rows = []
    for e in shown:
        row = e.to_json()
        fused = row.pop("fused")
        row.update({k: fused[k] for k in ("median", "p05", "p95", "mean")})
        row["claims"] = len(row["claims"])
        rows.append(row)
    return pd.DataFrame(rows).set_index("parameter")


# ---------------------------------------------------------------------------------------------
# run


@dataclass(frozen=True)
class RunSet:
    """What :func:`run` produced."""

    result: RunResult
    """The runner's own result (files, manifest)."""

    @property
    def kpis(self) -> pd.DataFrame:
        """One row per KPI: mean, 95% interval, observations and the interval's method."""
        rows = [{"kpi": k, **s.to_dict()} for k, s in self.result.summary.items()]
        return pd.DataFrame(rows).set_index("kpi")

    @property
    def runs(self) -> pd.DataFrame:
        """One row per run: outcomes and the parameters that vary between runs."""
        return pd.read_parquet(self.result.runs_dir).set_index("run")

    @property
    def bands(self) -> xr.DataArray:
        """Daily quantile bands: dimensions ``variable`` × ``day`` × ``quantile``."""
        return bands_array(self.result.bands.quantiles(QUANTILES), self.result)

    @property
    def out(self) -> Path:
        """The folder holding the results store of this run."""
        return self.result.out


def bands_array(values: np.ndarray, result: RunResult) -> xr.DataArray:
    """``(day, variable, quantile)`` quantiles as a labelled array."""
    names = [v.name for v in result.bands.variables]
    data = np.transpose(values, (1, 0, 2))  # variable, day, quantile
    return xr.DataArray(
        data,
        dims=("variable", "day", "quantile"),
        coords={
            "variable": names,
            "day": np.arange(data.shape[1]),
            "quantile": list(QUANTILES),
        },
        name="daily bands",
    )


def run(
    scenario: ScenarioRef,
    *,
    runs: int = 1000,
    seed: int = 0,
    strategies: Mapping[str, str] | None = None,
    days: int | None = None,
    workers: int = 1,
    out: str | os.PathLike[str] | None = None,
    overwrite: bool = False,
) -> RunSet:
    """Simulate ``runs`` runs, as ``clausewitz run`` does; the results store is written to
    ``out`` (default: a new folder under ``clausewitz-results/``)."""
    return RunSet(
        run_scenario(
            _loaded(scenario),
            runs=runs,
            seed=seed,
            strategies=strategies,
            days=days,
            workers=workers,
            out=out,
            overwrite=overwrite,
        )
    )


# ---------------------------------------------------------------------------------------------
# compare


@dataclass(frozen=True)
class ComparisonResult:
    """What :func:`compare` produced."""

    comparison: Comparison
    """The strategies' runs (per-run tables and KPI values)."""
    summary: dict[str, Any]
    """The statistics as ``clausewitz compare --json`` prints them."""

    @property
    def kpis(self) -> pd.DataFrame:
        """One row per (strategy, KPI): mean and 95% interval."""
        rows = [
            {"strategy": label, "kpi": kpi, **values}
            for label, by_kpi in self.summary["kpis"].items()
            for kpi, values in by_kpi.items()
        ]
        return pd.DataFrame(rows).set_index(["strategy", "kpi"])

    @property
    def paired(self) -> pd.DataFrame:
        """One row per (pair ``a-b``, KPI): the mean paired difference, its 95% interval,
        ``p_better`` and the share of runs ``a`` did better, from the compared side's view."""
        rows = [
            {"pair": pair, "kpi": kpi, **values}
            for pair, by_kpi in self.summary["paired"].items()
            for kpi, values in by_kpi.items()
        ]
        return pd.DataFrame(rows).set_index(["pair", "kpi"])

    @property
    def runs(self) -> pd.DataFrame:
        """Per-run KPI values of every strategy (the same runs, so rows pair up by ``run``)."""
        frames = []
        for label in self.comparison.labels:
            frame = pd.DataFrame(self.comparison.kpis(label))
            frame.insert(0, "run", np.arange(len(frame)))
            frame.insert(0, "strategy", label)
            frames.append(frame)
        return pd.concat(frames, ignore_index=True)


def compare(
    scenario: ScenarioRef,
    strategies: Sequence[str],
    *,
    side: str = "attacker",
    opponent: str | None = None,
    runs: int | None = 1000,
    seed: int = 0,
    days: int | None = None,
    precision: float | None = None,
    kpi: str | None = None,
    max_runs: int = 100_000,
    workers: int = 1,
    out: str | os.PathLike[str] | None = None,
    progress: Progress | None = None,
) -> ComparisonResult:
    """Run ``strategies`` of ``side`` on the same runs against ``opponent`` (default: the
    other side's default) and compare them, as ``clausewitz compare`` does. With
    ``precision`` and ``kpi``, runs are added until every paired difference of ``kpi`` is
    that precise. The results store is written to ``out`` when given; ``progress(advance,
    more)`` hears of every finished chunk (``clausewitz compare`` draws its bar with it)."""
    if side not in SIDES:
        raise UserError(f"side must be one of {', '.join(SIDES)} (got {side!r})")
    loaded = _loaded(scenario)
    other = SIDES[1 - SIDES.index(side)]
    opp = opponent or getattr(loaded.scenario.sides, other).default_strategy
    arms = [Arm(n, {side: n, **({other: opp} if opp else {})}) for n in strategies]
    problems = smoke_check(loaded)  # what would fail mid-run fails now, located in the file
    if problems:
        raise ScenarioError(problems)

    def simulate(store: ExperimentWriter | None) -> Comparison:
        return compare_arms(
            loaded,
            arms,
            side=side,
            runs=runs,
            seed=seed,
            days=days,
            precision=precision,
            kpi=kpi,
            max_runs=max_runs,
            workers=workers,
            store=store,
            progress=progress,
        )

    if out is None:
        c = simulate(None)
    else:
        # one writer per folder; results appear in ``out`` only once complete, and a re-run of
        # a killed comparison with the same settings resumes from its finished chunks
        folder = require_empty(Path(out).absolute())
        with experiment_lock(folder):
            require_empty(folder)
            staged = StagedExperiment(folder)
            c = simulate(staged.writer(fresh=False))
            c.out = staged.publish()
    return ComparisonResult(c, summarise(c))


def compare_matrix(
    scenario: ScenarioRef,
    attackers: Sequence[str],
    defenders: Sequence[str],
    *,
    kpi: str,
    runs: int,
    seed: int = 0,
    days: int | None = None,
    workers: int = 1,
    out: str | os.PathLike[str] | None = None,
    progress: Progress | None = None,
) -> MatrixResult:
    """Every attacker strategy against every defender strategy on the same runs, tabulating
    ``kpi`` (``clausewitz compare --matrix``); the results store is written to ``out`` (an
    empty or new folder) when given."""
    loaded = _loaded(scenario)
    settings: dict[str, Any] = {
        "kpi": kpi,
        "runs": runs,
        "seed": seed,
        "days": days,
        "workers": workers,
    }
    if out is None:
        return _compare_matrix(loaded, attackers, defenders, **settings, progress=progress)
    folder = require_empty(Path(out).absolute())
    with experiment_lock(folder):
        require_empty(folder)
        staged = StagedExperiment(folder)
        mat = _compare_matrix(
            loaded,
            attackers,
            defenders,
            **settings,
            store=staged.writer(fresh=False),
            progress=progress,
        )
        staged.publish()
    return mat


def compare_report(
    result: ComparisonResult,
    *,
    kpi: str | None = None,
    tornado_params: int = 8,
    tornado_runs: int = 300,
    matrix: MatrixResult | None = None,
    sensitivity_link: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Report:
    """The HTML report of a comparison (``clausewitz compare --report``; save it with
    ``.save(path)``): with ``tornado_params`` above 0, a one-at-a-time tornado of ``kpi``
    (default: whether the headline objective fell) over the parameters most correlated with
    it, ``tornado_runs`` runs per bar end; ``progress(done, total)`` hears of its runs."""
    c = result.comparison
    ckpi = kpi or f"objective_captured.{headline_objective(c)}"
    rows: list[TornadoRow] = []
    if tornado_params > 0:
        rows = tornado(
            c.loaded,
            ckpi,
            strategies=dict(c.arms[0].arm.strategies),
            runs=tornado_runs,
            seed=c.seed,
            parameters=screen_parameters(c, ckpi, tornado_params),
            days=c.days,
            progress=progress,
        )
    return comparison_report(
        c,
        result.summary,
        estimates=estimate_all(c.loaded),
        tornado=rows,
        tornado_kpi=ckpi,
        matrix=matrix,
        sensitivity_link=sensitivity_link,
    )


# ---------------------------------------------------------------------------------------------
# optimize


def optimize(
    scenario: ScenarioRef,
    *,
    side: str = "attacker",
    against: Sequence[str] | None = None,
    trials: int = 30,
    runs: int = 300,
    seed: int = 0,
    days: int | None = None,
    levers: Sequence[str] | None = None,
    base: str | None = None,
    objectives: Sequence[str] | None = None,
    study: str | os.PathLike[str] | None = None,
    workers: int = 1,
    population: int = 10,
) -> OptimizeResult:
    """Search ``side``'s levers against the other side's postures ``against``, as
    ``clausewitz optimize`` does: ``result.to_dict()`` holds the frontier, the best replies and
    the robust choices; ``result.candidates`` every point tried with its per-run values."""
    return _optimize(
        _loaded(scenario),
        side=side,
        against=against,
        trials=trials,
        runs=runs,
        seed=seed,
        days=days,
        free_levers=levers,
        base=base,
        objectives=objectives,
        study=Path(study) if study is not None else None,
        workers=workers,
        population=population,
    )


# ---------------------------------------------------------------------------------------------
# sweep


def sweep(
    scenario: str | os.PathLike[str] | LoadedScenario,
    *,
    vary: Sequence[str] = (),
    design: str | os.PathLike[str] | None = None,
    sampler: Literal["grid", "lhs", "sobol"] = "grid",
    points: int | None = None,
    strategies: Sequence[str] = (),
    runs_per_point: int = 20,
    days: int | None = None,
    seed: int = 0,
    results: str | os.PathLike[str] = "clausewitz-results",
    experiment: str | None = None,
    scheduler: str = "synchronous",
    workers: int = 1,
) -> pd.DataFrame:
    """Run the scenario at every point of a design, the same runs at each, as ``clausewitz
    sweep`` does (``vary`` as ``NAME=LOW:HIGH[:STEPS]``, ``strategies`` as
    ``SIDE=NAME[,NAME...]``); one row per (point, strategies, run). The sweep is stored under
    ``results``; ``scheduler`` ``"synchronous"`` runs it in this process, ``"local"`` on a
    Dask cluster of ``workers`` processes."""
    settings = SweepSettings(
        vary=vary,
        design_file=Path(design) if design is not None else None,
        sampler=sampler,
        points=points,
        strategies=strategies,
        runs_per_point=runs_per_point,
        days=days,
        seed=seed,
    )
    spec = prepare_sweep(_source(scenario), settings, experiment=experiment)
    done = run_sweep(
        spec.spec, Path(results), scheduler=scheduler, workers=workers, describe=spec.describe
    )
    return pd.read_parquet(done.path / "runs")


# ---------------------------------------------------------------------------------------------
# sensitivity


@dataclass(frozen=True)
class SensitivityResult:
    """What :func:`sensitivity` produced."""

    study: SensitivityStudy

    @property
    def tornado(self) -> pd.DataFrame:
        """One row per parameter: the KPI at its 5th and 95th percentile and the swing."""
        return pd.DataFrame([row.to_dict() for row in self.study.tornado or []])

    @property
    def indices(self) -> pd.DataFrame:
        """Sobol or Morris indices, one row per parameter (empty without a global analysis)."""
        g = self.study.global_result
        return pd.DataFrame(g.records() if g is not None else [])

    @property
    def sources(self) -> pd.DataFrame:
        """One row per source dropped: how far the KPI moves without it (empty if not run)."""
        s = self.study.sources
        return pd.DataFrame([d.to_json() for d in s.sources] if s is not None else [])


def sensitivity(
    scenario: ScenarioRef,
    kpi: str,
    *,
    method: Literal["sobol", "morris"] | None = "sobol",
    parameters: Sequence[str] | None = None,
    strategies: Mapping[str, str] | None = None,
    runs: int = 200,
    point_runs: int = 16,
    samples: int | None = None,
    seed: int = 0,
    days: int | None = None,
    tornado: bool = True,
    sources: bool = True,
) -> SensitivityResult:
    """Rank what ``kpi`` hinges on, as ``clausewitz sensitivity`` does: a one-at-a-time
    tornado, a global analysis (``method``; ``None`` for none) and dropping each source."""
    return SensitivityResult(
        run_study(
            _loaded(scenario),
            kpi,
            method=method,
            parameters=parameters,
            strategies=strategies,
            runs=runs,
            point_runs=point_runs,
            samples=samples,
            seed=seed,
            days=days,
            with_tornado=tornado,
            with_sources=sources,
        )
    )


# ---------------------------------------------------------------------------------------------
# backtest


@dataclass(frozen=True)
class BacktestOutcome:
    """What :func:`backtest` produced: the scores, the skills and the towns as tables."""

    result: BacktestResult

    @property
    def scores(self) -> pd.DataFrame:
        """Mean score of each forecast (rows) on each target family (columns)."""
        return pd.DataFrame(self.result.to_dict()["scores"]).T

    @property
    def skill(self) -> pd.DataFrame:
        """The model's skill over each baseline and family, with its bootstrap interval."""
        rows = [
            {"baseline": base, "family": fam, **sk.to_dict()}
            for base, fams in self.result.skills.items()
            for fam, sk in fams.items()
        ]
        return pd.DataFrame(rows).set_index(["baseline", "family"])

    @property
    def towns(self) -> pd.DataFrame:
        """One row per town: truth, the model's fall probability and each forecast's scores."""
        flat = []
        for row in self.result.to_dict()["towns"]:
            out = {k: v for k, v in row.items() if not isinstance(v, dict | list)}
            for name, scores in row.items():
                if isinstance(scores, dict):
                    out.update({f"{name}.{k}": v for k, v in scores.items()})
            flat.append(out)
        return pd.DataFrame(flat).set_index("town")


def backtest(
    scenario: ScenarioRef,
    *,
    truth: str | os.PathLike[str] | None = None,
    runs: int = 2000,
    seed: int = 0,
    towns: Sequence[str] | None = None,
    workers: int = 1,
) -> BacktestOutcome:
    """Forecast ``scenario`` from its knowledge date and score it against the record and the
    naive forecasts, as ``clausewitz backtest`` does (``truth``: a folder of newer DeepState
    files)."""
    return BacktestOutcome(
        run_backtest(
            _loaded(scenario), truth=truth, runs=runs, seed=seed, towns=towns, workers=workers
        )
    )


# ---------------------------------------------------------------------------------------------
# calibrate


@dataclass
class CalibrationOutcome:
    """What :func:`calibrate` produced: the posterior and the targets as tables, the files."""

    result: CalibrationResult

    @property
    def parameters(self) -> pd.DataFrame:
        """One row per calibrated parameter: prior and posterior 5%, median and 95%."""
        rows = [
            {"parameter": f.name, "unit": f.unit, "prior_q05": f.prior_q05,
             "prior_q50": f.prior_q50, "prior_q95": f.prior_q95, "posterior_q05": f.q05,
             "posterior_q50": f.q50, "posterior_q95": f.q95}
            for f in self.result.fitted
        ]  # fmt: skip
        return pd.DataFrame(rows).set_index("parameter")

    @property
    def targets(self) -> pd.DataFrame:
        """One row per target: the record, its tolerance, prior and posterior predictive."""
        return pd.DataFrame(self.result.to_dict()["targets"]).set_index("name")

    @property
    def scenario_file(self) -> Path:
        """The calibrated scenario, ready for run, check and backtest."""
        return self.result.scenario_file


def calibrate(
    scenario: str | os.PathLike[str],
    *,
    out: str | os.PathLike[str],
    params: Sequence[str] | None = None,
    waves: int = 5,
    points: int = 60,
    runs: int = 200,
    seed: int = 0,
    workers: int = 1,
    resume: bool = False,
) -> CalibrationOutcome:
    """Calibrate ``scenario``'s rates to the record before its knowledge date and write the
    posterior into ``out``, as ``clausewitz calibrate`` does (``docs/calibration.md``)."""
    from clausewitz.calibrate.api import run_calibration
    from clausewitz.calibrate.settings import CalibrationSettings

    settings = CalibrationSettings(waves=waves, points=points, runs=runs, seed=seed)
    return CalibrationOutcome(
        run_calibration(
            scenario, out=out, params=params, settings=settings, workers=workers, resume=resume
        )
    )
