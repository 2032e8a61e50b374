"""A full sensitivity study of one KPI: tornado, global indices and source ranking together.

This is what ``clausewitz sensitivity`` runs, callable from a notebook::

    from clausewitz.sensitivity import run_study
    study = run_study("pokrovsk-2025", "objective_day.pokrovsk", method="sobol",
                      compare=Compare("attacker", "attrition", "decisive"), runs=200)
    study.tornado[0]                  # the assumption the KPI swings most with
    study.sources.statements()        # "the answer flips if source S is wrong: ..."

Order and sizes: the tornado first (``2k + 1`` evaluations of ``runs`` runs); then the global
analysis (Sobol over the ``top`` parameters of the tornado unless ``parameters`` are given,
since Sobol's cost grows with their number; Morris over all of them); then the sources and
claims (one evaluation per source or claim that moves a parameter the model uses).
"""

from __future__ import annotations

import functools
import math
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from clausewitz.errors import UserError
from clausewitz.scenario.loader import LoadedScenario, load_scenario
from clausewitz.sensitivity.global_run import GlobalResult, global_sensitivity
from clausewitz.sensitivity.kpis import check_kpi
from clausewitz.sensitivity.oat import TornadoRow, tornado
from clausewitz.sensitivity.sources import (
    Compare,
    SourceSensitivity,
    check_compare,
    source_sensitivity,
)

PhaseProgress = Callable[[str, int, int], None]
"""``progress(phase, runs_done, runs_total)`` with phase ``tornado``, ``global`` or
``sources``."""

DEFAULT_TOP = 8
"""Parameters of a Sobol analysis chosen from the tornado when none are given."""


@dataclass(frozen=True)
class SensitivityStudy:
    """The results of :func:`run_study`; parts not asked for are ``None``."""

    scenario: str
    scenario_sha256: str
    kpi: str
    strategies: dict[str, str]
    """Strategies of the tornado and the global analysis."""
    seed: int
    days: int
    runs: int
    tornado: list[TornadoRow] | None
    global_result: GlobalResult | None
    sources: SourceSensitivity | None

    def swing_of(self, parameter: str) -> float | None:
        """The tornado swing of ``parameter`` (None without a tornado row for it)."""
        for row in self.tornado or []:
            if row.parameter == parameter:
                return row.swing
        return None

    def largest_swing(self, parameters: Sequence[str]) -> float:
        """The largest tornado swing among ``parameters`` (0 without a tornado row): how much
        the KPI moves over the range of what a sole-support source informs."""
        swings = [self.swing_of(p) for p in parameters]
        return max((s for s in swings if s is not None and math.isfinite(s)), default=0.0)

    def to_json(self) -> dict[str, Any]:
        """What ``clausewitz sensitivity --json`` prints."""
        return {
            "scenario": self.scenario,
            "scenario_sha256": self.scenario_sha256,
            "kpi": self.kpi,
            "strategies": self.strategies,
            "seed": self.seed,
            "days": self.days,
            "runs": self.runs,
            "tornado": None if self.tornado is None else [r.to_dict() for r in self.tornado],
            "global": None if self.global_result is None else self.global_result.to_json(),
            "sources": None if self.sources is None else self.sources.to_json(),
            "sole_support": [
                {
                    "kind": d.kind,
                    "id": d.id,
                    "parameters": list(d.parameters),
                    "tornado_swing": self.largest_swing(d.parameters) if self.tornado else None,
                }
                for d in ([*self.sources.sources, *self.sources.claims] if self.sources else [])
                if d.status == "sole support"
            ],
        }


def _phase(progress: PhaseProgress | None, name: str) -> Callable[[int, int], None] | None:
    """``progress`` for one phase (``tornado``, ``global``, ``sources``)."""
    if progress is None:
        return None
    return lambda done, total: progress(name, done, total)


def _global_parameters(
    parameters: Sequence[str] | None,
    method: Literal["sobol", "morris"],
    rows: list[TornadoRow] | None,
    top: int,
) -> list[str] | None:
    """The global analysis's parameters: those given, else for Sobol the tornado's ``top``
    that move the KPI (its first when none does), else all that vary (``None``)."""
    chosen = list(parameters) if parameters is not None else None
    if chosen is None and method == "sobol" and rows is not None:
        chosen = [r.parameter for r in rows if r.swing > 0][:top] or [rows[0].parameter]
    return chosen


def run_study(
    scenario: str | os.PathLike[str] | LoadedScenario,
    kpi: str,
    *,
    method: Literal["sobol", "morris"] | None = "sobol",
    parameters: Sequence[str] | None = None,
    strategies: Mapping[str, str] | None = None,
    compare: Compare | None = None,
    runs: int = 200,
    point_runs: int = 16,
    samples: int | None = None,
    top: int = DEFAULT_TOP,
    seed: int = 0,
    days: int | None = None,
    with_tornado: bool = True,
    with_sources: bool = True,
    with_claims: bool = True,
    progress: PhaseProgress | None = None,
) -> SensitivityStudy:
    """Tornado (``runs`` runs per end), global analysis (``method``, ``point_runs`` runs per
    design point, ``samples`` base samples or trajectories) and source ranking (``runs`` runs
    per source), all on common random numbers with ``seed``.

    With ``compare``, the tornado and the global analysis use its first strategy for its side
    and the source ranking runs both.
    """
    loaded = scenario if isinstance(scenario, LoadedScenario) else load_scenario(scenario)
    check_kpi(kpi, [o.id for o in loaded.scenario.theatre.objectives])
    # every count checked before any run, under the option's own name (a 0 would divide by
    # zero in the tornado, or pass for "the default" where the default is taken when unset)
    for option, value, least in (
        ("--runs", runs, 2),
        ("--point-runs", point_runs, 1),
        ("--samples", samples, 2),
        ("--top", top, 1),
    ):
        if value is not None and value < least:
            raise UserError(f"{option} must be at least {least} (got {value})")
    given = check_compare(strategies, compare)
    main = {**given, compare.side: compare.first} if compare is not None else given

    phase = functools.partial(_phase, progress)
    rows = None
    if with_tornado:
        rows = tornado(
            loaded,
            kpi,
            strategies=main,
            runs=runs,
            seed=seed,
            parameters=parameters,
            days=days,
            progress=phase("tornado"),
        )
    result = None
    if method is not None:
        result = global_sensitivity(
            loaded,
            kpi,
            method=method,
            parameters=_global_parameters(parameters, method, rows, top),
            strategies=main,
            runs=point_runs,
            seed=seed,
            days=days,
            samples=samples,
            progress=phase("global"),
        )
    ranking = None
    if with_sources:
        ranking = source_sensitivity(
            loaded,
            kpi,
            strategies=given,
            compare=compare,
            runs=runs,
            seed=seed,
            days=days,
            claims=None if with_claims else [],
            progress=phase("sources"),
        )
    from clausewitz.prepare.prepared import PreparedScenario

    model = PreparedScenario(loaded, seed=seed, days=days)
    return SensitivityStudy(
        scenario=loaded.scenario.meta.name,
        scenario_sha256=loaded.sha256,
        kpi=kpi,
        strategies=dict(model.strategies(main).names),
        seed=seed,
        days=model.days,
        runs=runs,
        tornado=rows,
        global_result=result,
        sources=ranking,
    )
