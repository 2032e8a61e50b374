"""``run_calibration``: the Python face of ``clausewitz calibrate``::

from clausewitz.calibrate.api import run_calibration
result = run_calibration("pokrovsk-2025-02", out="out/calibrate", seed=1)
result.fitted          # per-parameter posterior summaries
result.scenario_file   # the calibrated scenario, ready for run, check and backtest
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from clausewitz import __version__
from clausewitz.calibrate import settings as cs
from clausewitz.calibrate.evaluate import simulate_summaries
from clausewitz.calibrate.hindcast import Hindcast, build_hindcast
from clausewitz.calibrate.posterior import (
    PARAMETERS_FILE,
    SCENARIO_FOLDER,
    Fitted,
    Trace,
    dump,
    fit_posterior,
    parameters_document,
    posterior_draws,
    write_calibrated_scenario,
)
from clausewitz.calibrate.priors import Priors, build_priors, choose_parameters
from clausewitz.calibrate.settings import CalibrationSettings
from clausewitz.calibrate.waves import HistoryMatch, Progress, history_match
from clausewitz.calibrate.window import PriorClaims, PriorRecord, choose_window
from clausewitz.errors import UserError
from clausewitz.evidence import estimate_all
from clausewitz.prepare.prepared import PreparedScenario
from clausewitz.scenario.loader import LoadedScenario, load_scenario
from clausewitz.scenario.parameters import collect_parameters
from clausewitz.store.lock import experiment_lock
from clausewitz.truth.claims import load_personnel_claims
from clausewitz.truth.record import OccupiedRecord, load_record

F64 = NDArray[np.float64]

METHOD = (
    "history matching with Gaussian-process emulators (scikit-learn; second-largest "
    "implausibility cut-off), non-implausible candidates weighted by an emulated Gaussian "
    "synthetic likelihood"
)
DATA = "DeepState occupied area (weekly files and snapshots), General Staff loss claims"
PREDICTIVE_DRAWS = 40
"""[ENG] Posterior and prior draws simulated for the predictive checks (with ``runs`` runs
each, at most 50 [ENG]): enough for the bands the report draws."""
PREDICTIVE_RUNS = 50


@dataclass
class Predictive:
    """Simulated targets at draws of the prior and of the posterior (means over runs)."""

    prior: F64
    """(draws, targets)."""
    posterior: F64
    posterior_sd: F64
    """(draws, targets) spread over the runs at each posterior draw (0 for aggregates)."""


@dataclass
class CalibrationResult:
    """Everything the calibration found and wrote."""

    loaded: LoadedScenario
    hindcast: Hindcast
    priors: Priors
    settings: CalibrationSettings
    match: HistoryMatch
    fitted: list[Fitted]
    predictive: Predictive
    folder: Path
    parameters_file: Path
    scenario_file: Path
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary (also written as ``calibration.json``)."""
        h = self.hindcast
        return {
            "scenario": self.loaded.scenario.meta.name,
            "scenario_sha256": self.loaded.sha256,
            "version": __version__,
            "knowledge_date": self.loaded.scenario.meta.knowledge_date.isoformat(),
            "window": [h.window.start.isoformat(), h.window.end.isoformat()],
            "checkpoints": [d.isoformat() for d in h.window.checkpoints],
            "method": METHOD,
            "settings": self.settings.to_dict(),
            "parameters": [
                {
                    "name": f.name,
                    "unit": f.unit,
                    "prior_q05_q50_q95": [f.prior_q05, f.prior_q50, f.prior_q95],
                    "posterior_q05_q50_q95": [f.q05, f.q50, f.q95],
                    "posterior_mean": f.mean,
                    "posterior_sd": f.sd,
                }
                for f in self.fitted
            ],
            "waves": [
                {
                    "wave": w.index,
                    "points": int(w.u.shape[0]),
                    "non_implausible_share": w.non_implausible_share,
                }
                for w in self.match.waves
            ],
            "non_implausible_share": self.match.non_implausible_share,
            "fallback": self.match.fallback,
            "posterior_draws": int(self.match.posterior_u.shape[0]),
            "effective_draws": self.match.effective_draws,
            "targets": [
                {
                    "name": t.name,
                    "observed": t.observed,
                    "tolerance": t.sd,
                    "prior_predictive_mean": float(self.predictive.prior[:, i].mean()),
                    "posterior_predictive_mean": float(self.predictive.posterior[:, i].mean()),
                    "posterior_run_sd": float(self.predictive.posterior_sd[:, i].mean()),
                }
                for i, t in enumerate(h.targets)
            ],
            "region": h.region_note,
            "notes": h.notes + self.notes,
            "parameters_file": str(self.parameters_file),
            "scenario_file": str(self.scenario_file),
        }


def _predictive(
    loaded: LoadedScenario,
    hindcast: Hindcast,
    priors: Priors,
    match: HistoryMatch,
    settings: CalibrationSettings,
) -> Predictive:
    """Targets simulated at draws of the prior and of the posterior (seeded)."""
    model = PreparedScenario(loaded, seed=settings.seed, days=hindcast.window.days)
    payload = hindcast.payload()
    rng = np.random.default_rng([settings.seed, 5])
    d = len(priors.priors)
    prior_u = rng.random((PREDICTIVE_DRAWS, d))
    post = match.posterior_u
    pick = rng.choice(post.shape[0], size=min(PREDICTIVE_DRAWS, post.shape[0]), replace=False)
    runs = min(settings.runs, PREDICTIVE_RUNS)
    out = []
    for u in (prior_u, post[np.sort(pick)]):
        design = priors.values(u)
        overrides = {n: design[n].to_numpy(dtype=np.float64) for n in priors.names}
        means, sds, _ = simulate_summaries(model, payload, overrides, runs)
        out.append((means, sds))
    return Predictive(out[0][0], out[1][0], out[1][1])


@dataclass
class CalibrationSetup:
    """What a calibration compares: the scenario, its hindcast and targets, the priors."""

    loaded: LoadedScenario
    hindcast: Hindcast
    priors: Priors


def prepare_calibration(
    scenario: str | os.PathLike[str],
    *,
    params: Sequence[str] | None = None,
    settings: CalibrationSettings | None = None,
    window_start: dt.date | None = None,
    truth: OccupiedRecord | None = None,
) -> CalibrationSetup:
    """The hindcast of ``scenario``, its targets from the record before the knowledge date,
    and the priors of the parameters to calibrate (nothing is simulated)."""
    settings = settings or CalibrationSettings()
    loaded = load_scenario(scenario)
    kd = loaded.scenario.meta.knowledge_date
    record = PriorRecord(truth if truth is not None else load_record(), kd)
    claims = PriorClaims(load_personnel_claims(), kd)
    window = choose_window(
        record,
        window_days=settings.window_days,
        checkpoint_days=settings.checkpoint_days,
        start=window_start,
    )
    table = collect_parameters(loaded)
    estimates = estimate_all(loaded)
    names = choose_parameters(params, table)
    priors = build_priors(names, table, estimates)
    where = str(loaded.path) if not _bundled(scenario) else str(scenario)
    hindcast = build_hindcast(loaded, where, record, claims, window, table, estimates)
    return CalibrationSetup(loaded, hindcast, priors)


def run_calibration(
    scenario: str | os.PathLike[str],
    *,
    out: str | os.PathLike[str],
    params: Sequence[str] | None = None,
    settings: CalibrationSettings | None = None,
    window_start: dt.date | None = None,
    truth: OccupiedRecord | None = None,
    workers: int = 1,
    resume: bool = False,
    progress: Progress | None = None,
) -> CalibrationResult:
    """Calibrate ``scenario`` (a bundled name or a path) to the record before its knowledge
    date and write the posterior into ``out``; see ``docs/calibration.md``.

    ``truth`` replaces the shipped record (tests use synthetic records); whatever it holds,
    nothing on or after the knowledge date is read.
    """
    settings = settings or CalibrationSettings()
    _check_settings(settings, workers)
    setup = prepare_calibration(
        scenario, params=params, settings=settings, window_start=window_start, truth=truth
    )
    loaded, hindcast, priors = setup.loaded, setup.hindcast, setup.priors
    meta = loaded.scenario.meta
    kd = meta.knowledge_date
    window = hindcast.window
    names = priors.names
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    with experiment_lock(folder, "--out"):
        match = history_match(
            hindcast, priors, settings, folder, workers=workers, resume=resume, progress=progress
        )
        fitted = fit_posterior(priors, match.posterior_u)
        predictive = _predictive(loaded, hindcast, priors, match, settings)
        notes = []
        if match.fallback:
            notes.append(
                f"no candidate came within the cut-off {settings.cutoff:g} of every target but "
                f"one: the posterior is the least implausible {cs.FALLBACK_SHARE:.0%} of the "
                "candidates, and the model cannot reproduce the record within its tolerances"
            )
        trace = Trace(
            data=f"{DATA}; {len(hindcast.targets)} targets",
            window_start=window.start,
            window_end=window.end,
            method=METHOD,
            settings={k: v for k, v in settings.to_dict().items()},
            scenario_sha256=loaded.sha256,
        )
        note = (
            "the least implausible candidates (no candidate within the cut-off)"
            if match.fallback
            else f"{match.non_implausible_share:.1%} of the prior not ruled out"
        )
        draws = posterior_draws(priors, match.posterior_u)
        doc = parameters_document(fitted, loaded, trace, note, draws)
        header = (
            f"Calibrated parameters of {meta.name} (clausewitz calibrate, version {__version__}).\n"
            f"Record from {window.start.isoformat()} to {window.end.isoformat()}, before the "
            f"knowledge date {kd.isoformat()}.\n"
            "Include this file in a scenario that does not define these parameters itself, or "
            f"run the calibrated copy in {SCENARIO_FOLDER}/."
        )
        text = dump(doc, header)
        parameters_file = folder / PARAMETERS_FILE
        parameters_file.write_text(text, encoding="utf-8")
        scenario_file = write_calibrated_scenario(loaded, text, names, folder / SCENARIO_FOLDER)
        result = CalibrationResult(
            loaded, hindcast, priors, settings, match, fitted, predictive, folder,
            parameters_file, scenario_file, notes,
        )  # fmt: skip
        (folder / "calibration.json").write_text(
            json.dumps(result.to_dict(), indent=2) + "\n", encoding="utf-8"
        )
    return result


def _bundled(scenario: str | os.PathLike[str]) -> bool:
    s = str(scenario)
    return not (s.endswith((".yaml", ".yml")) or os.sep in s or "/" in s)


def _check_settings(s: CalibrationSettings, workers: int) -> None:
    checks = [
        (s.waves >= 1, f"--waves must be at least 1 (got {s.waves})"),
        (s.points >= 2, f"--points must be at least 2 (got {s.points})"),
        (s.runs >= 2, f"--runs must be at least 2 (got {s.runs})"),
        (0 <= s.seed < 2**63, f"--seed must be in [0, 2**63) (got {s.seed})"),
        (s.window_days >= 7, f"--window-days must be at least 7 (got {s.window_days})"),
        (workers >= 1, f"--workers must be at least 1 (got {workers})"),
    ]
    for ok, message in checks:
        if not ok:
            raise UserError(message)
