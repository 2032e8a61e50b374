"""The hindcast: the knowledge-date scenario started from the front as it stood at the start of
the window, and what the record says happened in the window (the targets).

The scenario describes the campaign on its knowledge date. The hindcast moves it back in
space, not in its forces: each town with a location starts at its distance from the occupied
area on the window's first record date (measured, geodesic), and every other depth in a sector
(belts, encirclement conditions, towns without a location) moves back by the sector's shift,
the median over its towns of (distance at the start - the scenario's depth). Forces, supply,
economy and talks stay as the scenario states them on its knowledge date. A sector without a
located town takes the median shift of the others.

Targets (each with a tolerance that adds observation error and model discrepancy, see
:mod:`~clausewitz.calibrate.settings`): each town's distance at each checkpoint (0 once the
town is inside the occupied area, so fall dates enter through it), the area gained in the
scenario's region between checkpoints, the attacker's losses per km² against the General
Staff's claim (log scale, wide), and the exchange ratio against the scenario's observation of
it when it has one (log scale).
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import statistics
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import shapely

from clausewitz.backtest.targets import CLIP_MARGIN_DEG, scenario_region, select_towns
from clausewitz.calibrate import settings as cs
from clausewitz.calibrate.window import PriorClaims, PriorRecord, Window
from clausewitz.errors import UserError
from clausewitz.evidence.estimate import ParameterEstimate
from clausewitz.scenario.loader import LoadedScenario
from clausewitz.scenario.parameters import ParameterTable
from clausewitz.truth.geometry import distance_km


@dataclass(frozen=True)
class Target:
    """One number the record states and the hindcast must come near."""

    name: str
    kind: str
    """``distance`` (km), ``area`` (km²), ``losses-per-km2`` or ``exchange-ratio`` (logs)."""
    observed: float
    sd: float
    """Tolerance: observation error and model discrepancy, in the target's scale."""
    per_run: bool
    """Measured on each run (its spread over runs is part of the comparison), or an aggregate
    over the runs (a ratio of means)."""


@dataclass(frozen=True)
class HindcastTown:
    """A town the hindcast follows."""

    id: str
    objective: int
    lat: float
    lon: float
    start_km: float
    """Distance from the occupied area on the window's first date."""


@dataclass
class Hindcast:
    """What a worker needs to simulate the hindcast, and the targets it is compared with."""

    scenario: str
    sha256: str
    window: Window
    towns: list[HindcastTown]
    set_values: dict[str, float]
    """Parameters fixed for the hindcast (the towns' depths at the start)."""
    shifts: dict[str, float]
    """km added to each run's sample of these parameters (other depths)."""
    targets: list[Target]
    region_note: str
    notes: list[str] = field(default_factory=list)

    def payload(self) -> dict[str, Any]:
        """The JSON payload :func:`clausewitz.calibrate.evaluate.hindcast_chunk` rebuilds from."""
        return {
            "scenario": self.scenario,
            "scenario_sha256": self.sha256,
            "days": self.window.days,
            "checkpoint_days": [self.window.day(d) for d in self.window.checkpoints],
            "towns": [[t.id, t.objective] for t in self.towns],
            "set": dict(sorted(self.set_values.items())),
            "shift": dict(sorted(self.shifts.items())),
            "targets": [t.name for t in self.targets],
            "observed": [t.observed for t in self.targets],
            "tolerance": [t.sd for t in self.targets],
        }


def _uses_by_depth(
    loaded: LoadedScenario, table: ParameterTable
) -> dict[str, list[tuple[str, int]]]:
    """Each parameter used as a depth: ``("objective", i)`` or ``("sector", s)`` per use."""
    th = loaded.scenario.theatre
    sector_index = {s.id: k for k, s in enumerate(th.sectors)}
    out: dict[str, list[tuple[str, int]]] = {}
    for entry in table.values():
        for use in entry.uses:
            p = use.path
            if len(p) < 4 or p[0] != "theatre" or p[-1] != "depth":
                continue
            if p[1] == "objectives" and len(p) == 4:
                out.setdefault(entry.name, []).append(("objective", int(p[2])))
            elif p[1] == "sectors" and len(p) == 6 and p[3] == "belts":
                out.setdefault(entry.name, []).append(("sector", int(p[2])))
            elif p[1] == "objectives" and len(p) == 6 and p[3] == "encircled_when":
                cond = th.objectives[int(p[2])].encircled_when[int(p[4])]
                out.setdefault(entry.name, []).append(("sector", sector_index[cond.sector]))
    return out


class _Measure:
    """Distances on record polygons clipped once to the region's neighbourhood."""

    def __init__(self, record: PriorRecord, bounds: tuple[float, float, float, float]) -> None:
        w, s, e, n = bounds
        m = CLIP_MARGIN_DEG
        self.record = record
        self.box = shapely.box(w - m, s - m, e + m, n + m)
        self.cache: dict[dt.date, Any] = {}

    def distance(self, date: dt.date, lat: float, lon: float) -> float:
        if date not in self.cache:
            self.cache[date] = self.record.polygon(date).intersection(self.box)
        return distance_km(self.cache[date], lat, lon)


def build_hindcast(
    loaded: LoadedScenario,
    scenario: str,
    record: PriorRecord,
    claims: PriorClaims,
    window: Window,
    table: ParameterTable,
    estimates: dict[str, ParameterEstimate],
) -> Hindcast:
    """The hindcast of ``loaded`` over ``window`` and its targets, from the record before the
    knowledge date only (``record`` and ``claims`` refuse anything later)."""
    th = loaded.scenario.theatre
    towns_all, skipped = select_towns(loaded, None)
    region, region_note = scenario_region(loaded)
    measure = _Measure(record, region.bounds)
    notes = [f"{s} (not a target)" for s in skipped]
    towns: list[HindcastTown] = []
    for town in towns_all:
        d0 = measure.distance(window.start, town.lat, town.lon)
        if d0 <= 0.0:
            notes.append(f"{town.id}: inside the occupied area on {window.start} (not a target)")
            continue
        towns.append(HindcastTown(town.id, town.index, town.lat, town.lon, d0))
    if not towns:
        raise UserError(
            f"nothing to calibrate to: no objective with a location lies outside the occupied "
            f"area on {window.start.isoformat()}"
        )
    depth_uses = _uses_by_depth(loaded, table)
    by_objective = {
        i: name for name, uses in depth_uses.items() for k, i in uses if k == "objective"
    }
    sector_of = {i: o.sector for i, o in enumerate(th.objectives)}
    sector_ids = [s.id for s in th.sectors]
    shifts_by_sector: dict[str, list[float]] = {}
    set_values: dict[str, float] = {}
    for t in towns:
        name = by_objective.get(t.objective)
        if name is None:
            continue
        set_values[name] = t.start_km
        shifts_by_sector.setdefault(sector_of[t.objective], []).append(
            t.start_km - estimates[name].median
        )
    sector_shift = {s: statistics.median(v) for s, v in shifts_by_sector.items()}
    fallback = statistics.median(sector_shift.values()) if sector_shift else 0.0
    for s in sector_ids:
        if s not in sector_shift:
            sector_shift[s] = fallback
            notes.append(f"sector {s}: no located town; shifted by the median {fallback:.2f} km")
    shifts: dict[str, float] = {}
    for name, uses in depth_uses.items():
        if name in set_values:
            continue
        km = [
            sector_shift[sector_of[i]] if kind == "objective" else sector_shift[sector_ids[i]]
            for kind, i in uses
        ]
        shifts[name] = float(np.mean(km))
    targets = _targets(record, claims, window, towns, measure, region, estimates)
    for s in sector_ids:
        notes.append(f"sector {s}: front moved back {sector_shift[s]:.2f} km for the hindcast")
    return Hindcast(
        scenario=scenario,
        sha256=loaded.sha256,
        window=window,
        towns=towns,
        set_values=set_values,
        shifts=shifts,
        targets=targets,
        region_note=region_note,
        notes=notes,
    )


def _targets(
    record: PriorRecord,
    claims: PriorClaims,
    window: Window,
    towns: list[HindcastTown],
    measure: _Measure,
    region: Any,
    estimates: dict[str, ParameterEstimate],
) -> list[Target]:
    out: list[Target] = []
    for d in window.checkpoints:
        for t in towns:
            z = measure.distance(d, t.lat, t.lon)
            sd = math.hypot(cs.DISTANCE_SD_KM, cs.DISTANCE_SD_RELATIVE * z)
            out.append(Target(f"distance.{t.id}.{d.isoformat()}", "distance", z, sd, True))
    bounds = [window.start, *window.checkpoints]
    areas = {d: record.area_km2(d, region) for d in bounds}
    for a, b in itertools.pairwise(bounds):
        z = areas[b] - areas[a]
        sd = cs.AREA_SD_KM2 + cs.AREA_SD_RELATIVE * abs(z)
        out.append(Target(f"area.{a.isoformat()}.{b.isoformat()}", "area", z, sd, True))
    lost = claims.between(window.start, window.end)
    front_km2 = record.area_km2(window.end) - record.area_km2(window.start)
    if lost is not None and front_km2 > 0:
        out.append(
            Target(
                "losses-per-km2",
                "losses-per-km2",
                math.log(lost / front_km2),
                cs.LOSSES_PER_KM2_LOG_SD,
                False,
            )
        )
    er = estimates.get(cs.EXCHANGE_RATIO_PARAMETER)
    if er is not None and er.median > 0:
        lo, hi = er.interval90
        spread = (math.log(hi) - math.log(lo)) / 3.29 if lo > 0 and hi > lo else 0.0
        out.append(
            Target(
                "exchange-ratio",
                "exchange-ratio",
                math.log(er.median),
                max(spread, cs.EXCHANGE_RATIO_LOG_SD),
                False,
            )
        )
    return out
