"""``run_backtest``: forecast a scenario from its knowledge date and score it against the
record, beside three naive forecasts. The Python face of ``clausewitz backtest``::

    from clausewitz.backtest import run_backtest
    result = run_backtest("pokrovsk-2025", truth="newer-deepstate/", runs=2000, seed=1)
    result.skills["persistence"]["overall"]       # Skill(value=..., low=..., high=...)
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from clausewitz import __version__
from clausewitz.backtest import baselines
from clausewitz.backtest.forecast import (
    Forecast,
    Progress,
    model_forecast,
    needed_days,
    simulate_runs,
)
from clausewitz.backtest.scoring import FAMILIES, ForecastScores, Skill, score, skills
from clausewitz.backtest.targets import Targets, build_targets
from clausewitz.errors import UserError
from clausewitz.runner.chunks import validate_counts
from clausewitz.runner.job import EngineJob
from clausewitz.scenario.loader import LoadedScenario, load_scenario
from clausewitz.truth.claims import load_personnel_claims
from clausewitz.truth.record import OccupiedRecord, load_record

DEFAULT_CHUNK = 1000
"""Runs simulated at once by the backtest (the results do not depend on it)."""


@dataclass
class LossesPerKm2:
    """The model's attacker losses per km² gained beside the General Staff's claim."""

    start: dt.date
    end: dt.date
    model_losses: float
    model_km2: float
    model_per_km2: float | None
    claim_losses: float | None
    claim_km2_front: float
    claim_per_km2: float | None
    ratio: float | None
    note: str

    @property
    def losses_ratio(self) -> float | None:
        """The model's attacker losses over the General Staff's claimed losses in the same
        window (the claim ratio; both front-wide for a whole-front scenario)."""
        if self.claim_losses is None or self.claim_losses <= 0:
            return None
        return self.model_losses / self.claim_losses

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "model_attacker_losses": self.model_losses,
            "model_km2_gained": self.model_km2,
            "model_losses_per_km2": self.model_per_km2,
            "claim_losses": self.claim_losses,
            "claim_km2_gained_whole_front": self.claim_km2_front,
            "claim_losses_per_km2": self.claim_per_km2,
            "ratio_model_to_claim": self.ratio,
            "losses_ratio_model_to_claim": self.losses_ratio,
            "note": self.note,
        }


@dataclass
class BacktestResult:
    """Targets, forecasts, their scores and the model's skill over each baseline."""

    loaded: LoadedScenario
    targets: Targets
    forecasts: dict[str, Forecast]
    scores: dict[str, ForecastScores]
    skills: dict[str, dict[str, Skill]]
    losses: LossesPerKm2
    runs: int
    seed: int
    strategies: dict[str, str]
    truth: str

    def to_dict(self) -> dict[str, Any]:
        """The full table, as printed by ``clausewitz backtest --json``."""
        t = self.targets
        model = self.forecasts["model"]
        per_town = []
        for i, town in enumerate(t.towns):
            row: dict[str, Any] = {
                "town": town.id,
                "name": town.name,
                "sector": town.sector,
                "distance_at_anchor_km": round(float(t.anchor_distance[i]), 3),
                "truth_fall_day": None if t.fall_day[i] >= t.censor else int(t.fall_day[i]),
                "truth_fall_date": None
                if t.fall_day[i] >= t.censor
                else (t.start_date + dt.timedelta(days=int(t.fall_day[i]))).isoformat(),
                "truth_distance_end_km": round(float(t.distance[i, -1]), 3),
                "model_p_fall": float(model.p_fall(t.censor)[i]),
                "model_fall_day_median": float(np.median(model.fall_day[i])),
                "truth_distance_km": [round(float(x), 3) for x in t.distance[i]],
                "model_distance_km_q05_q50_q95": [
                    [round(float(v), 3) for v in q]
                    for q in np.quantile(model.distance[i], [0.05, 0.5, 0.95], axis=1).T
                ],
            }
            for name, s in self.scores.items():
                row[name] = {
                    "fall_day_crps": float(s.fall_day[i]),
                    "fall_brier": float(s.fall_brier[i]),
                    "distance_crps": float(s.distance[i].mean()),
                    "pit_fall": float(s.pit_fall[i]),
                }
            per_town.append(row)
        return {
            "scenario": t.scenario,
            "scenario_sha256": self.loaded.sha256,
            "version": __version__,
            "seed": self.seed,
            "runs": self.runs,
            "strategies": self.strategies,
            "truth": self.truth,
            "knowledge_date": t.knowledge_date.isoformat(),
            "start_date": t.start_date.isoformat(),
            "anchor": t.anchor.isoformat(),
            "scored_dates": [d.isoformat() for d in t.dates],
            "record_ends": t.record_end.isoformat(),
            "censor_day": t.censor,
            "region": t.region_note,
            "region_bounds": [round(x, 4) for x in t.region.bounds],
            "skipped": t.skipped,
            "months": [[a.isoformat(), b.isoformat()] for a, b in t.months],
            "truth_area_gained_km2": [round(float(x), 3) for x in t.area_gained],
            "baselines": {k: f.note for k, f in self.forecasts.items() if k != "model"},
            "scores": {
                name: {fam: s.mean(fam) for fam in FAMILIES} for name, s in self.scores.items()
            },
            "skill": {
                base: {fam: sk.to_dict() for fam, sk in fams.items()}
                for base, fams in self.skills.items()
            },
            "pit_histogram_deciles": {
                name: {
                    "fall_day": np.histogram(s.pit_fall, bins=10, range=(0, 1))[0].tolist(),
                    "distance": np.histogram(s.pit_distance, bins=10, range=(0, 1))[0].tolist(),
                }
                for name, s in self.scores.items()
            },
            "towns": per_town,
            "distance_crps_by_sector": self._by_sector(),
            "losses_per_km2": self.losses.to_dict(),
        }

    def _by_sector(self) -> dict[str, dict[str, float]]:
        """Mean weekly distance CRPS (km) of each forecast over the towns of each sector (axis),
        in the scenario's sector order."""
        out: dict[str, dict[str, float]] = {}
        for sector in dict.fromkeys(t.sector for t in self.targets.towns):
            rows = [i for i, t in enumerate(self.targets.towns) if t.sector == sector]
            out[sector] = {name: float(s.distance[rows].mean()) for name, s in self.scores.items()}
        return out


def _losses(targets: Targets, record: OccupiedRecord, model: Forecast) -> LossesPerKm2:
    start, end = targets.anchor, targets.dates[-1]
    assert model.losses is not None and model.area_window is not None
    m_losses = float(model.losses.mean())
    m_km2 = float(model.area_window.mean())
    m_per = m_losses / m_km2 if m_km2 > 0 else None
    claims = load_personnel_claims()
    c_losses = claims.between(start, end)
    front_km2 = record.area_gained_km2(start, end)
    c_per = c_losses / front_km2 if c_losses is not None and front_km2 > 0 else None
    ratio = m_per / c_per if m_per is not None and c_per is not None else None
    note = (
        "a claim, not a truth: Ukraine's General Staff's cumulative Russian personnel losses "
        "(whole front) over the occupied area DeepState shows gained on the whole front; the "
        "model's are the attacker's losses over its own km² gained (means over runs)"
    )
    if c_losses is None:
        note += f"; the claim series ends on {claims.last.isoformat()}, before {end.isoformat()}"
    return LossesPerKm2(start, end, m_losses, m_km2, m_per, c_losses, front_km2, c_per, ratio, note)


def run_backtest(
    scenario: str | os.PathLike[str] | LoadedScenario,
    *,
    truth: str | os.PathLike[str] | None = None,
    runs: int = 2000,
    seed: int = 0,
    towns: Sequence[str] | None = None,
    workers: int = 1,
    chunk: int = DEFAULT_CHUNK,
    progress: Progress | None = None,
) -> BacktestResult:
    """Forecast ``scenario`` with its default strategies from its start date, and score the
    forecast and the naive ones on every record date after its knowledge date.

    ``truth`` is a folder of newer ``deepstatemap_data_YYYYMMDD.geojson`` files added to the
    shipped record. Results are identical for any ``workers`` and ``chunk``.
    """
    validate_counts(runs, chunk, workers)
    if not 0 <= seed < 2**63:
        raise UserError(f"--seed must be in [0, 2**63) (got {seed})")
    record = load_record(Path(truth) if truth is not None else None)
    loaded = scenario if isinstance(scenario, LoadedScenario) else load_scenario(scenario)
    targets = build_targets(loaded, record, towns)
    days = min(loaded.scenario.meta.horizon_days, targets.last_day)
    engine = EngineJob(loaded, seed, {}, max(days, 1))
    chosen = dict(engine.strategies.names)
    model_runs = simulate_runs(
        engine, needed_days(targets), runs=runs, chunk=chunk, workers=workers, progress=progress
    )
    model = model_forecast(targets, model_runs)
    forecasts = {
        "model": model,
        "persistence": baselines.persistence(targets),
        "trailing-rate": baselines.trailing_rate(targets),
        "climatology": baselines.climatology(targets, seed),
    }
    scores = {name: score(targets, f, seed) for name, f in forecasts.items()}
    skill = {
        name: skills(scores["model"], scores[name], seed) for name in forecasts if name != "model"
    }
    return BacktestResult(
        loaded=loaded,
        targets=targets,
        forecasts=forecasts,
        scores=scores,
        skills=skill,
        losses=_losses(targets, record, model),
        runs=runs,
        seed=seed,
        strategies=chosen,
        truth=str(truth) if truth is not None else "shipped DeepState record",
    )
