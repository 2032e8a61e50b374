"""What a backtest scores: the towns, the dates with truth after the knowledge date, the
region, the months, and what the record says happened to each.

Days are counted from the scenario's ``start_date`` (day 0). A record file dated ``d`` shows
the map of day ``(d - start_date).days``; the engine's state at the end of its day ``t`` is
the map of day ``t + 1``.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import shapely
from numpy.typing import NDArray
from shapely.geometry.base import BaseGeometry

from clausewitz.errors import UserError
from clausewitz.scenario.loader import LoadedScenario
from clausewitz.truth.geometry import buffer_km, distance_km
from clausewitz.truth.record import OccupiedRecord

REGION_BUFFER_KM = 15.0
"""[ENG] A derived region is the convex hull of the objectives' locations and the sectors'
``front_start`` points grown by this much: enough to hold the ground in front of the towns
that the sectors' advance takes."""

CLIP_MARGIN_DEG = 3.0
"""[ENG] Each record polygon is clipped to the region's bounding box grown by this many degrees
(about 200 km) before distances are measured: only a speed-up, as every town lies well inside."""

MIN_MONTH_DAYS = 20
"""[ENG] A month boundary closer than this to the previous one is skipped, so no scored
"month" is a stub of a few days."""


@dataclass(frozen=True)
class Town:
    """An objective with coordinates: what the backtest follows."""

    id: str
    name: str
    index: int
    """Position among the scenario's objectives (the engine's objective axis)."""
    sector: str
    lat: float
    lon: float


@dataclass
class Targets:
    """Everything the record says, arranged for scoring."""

    scenario: str
    knowledge_date: dt.date
    start_date: dt.date
    horizon_days: int
    anchor: dt.date
    """The last record date not after the knowledge date: where the naive forecasts start."""
    dates: list[dt.date]
    """Record dates after the knowledge date, within the horizon (the scored weeks)."""
    towns: list[Town]
    skipped: list[str]
    """Why some objectives are not scored (one line each)."""
    distance: NDArray[np.float64]
    """(towns, dates) km from each town to the occupied area."""
    anchor_distance: NDArray[np.float64]
    """(towns,) km at the anchor."""
    fall_day: NDArray[np.float64]
    """(towns,) day of the first scored record showing the town inside, else ``censor``."""
    censor: float
    """Fall days are scored as min(day, censor): one day after the last scored date."""
    region: BaseGeometry
    region_note: str
    months: list[tuple[dt.date, dt.date]]
    """Consecutive windows (start, end) of record dates, about a calendar month each."""
    area_gained: NDArray[np.float64]
    """(months,) km² the occupied area in the region grew in each window."""
    record_end: dt.date
    history: dict[str, NDArray[np.float64]] = field(default_factory=dict)
    """Distances (towns, history dates) and region areas before the anchor, for baselines."""
    history_dates: list[dt.date] = field(default_factory=list)

    def day(self, date: dt.date) -> int:
        """Days from the start date."""
        return (date - self.start_date).days

    @property
    def last_day(self) -> int:
        """Day of the last scored date."""
        return self.day(self.dates[-1])


def select_towns(
    loaded: LoadedScenario, wanted: Sequence[str] | None
) -> tuple[list[Town], list[str]]:
    """The objectives to score (all with a location, or those named), and notes on the rest."""
    sc = loaded.scenario
    objectives = sc.theatre.objectives
    ids = [o.id for o in objectives]
    if wanted:
        unknown = [w for w in wanted if w not in ids]
        if unknown:
            raise UserError(
                f"--towns: unknown town {', '.join(repr(u) for u in unknown)} in "
                f"{sc.meta.name} (its objectives: {', '.join(ids)})"
            )
        no_loc = [w for w in wanted if objectives[ids.index(w)].location is None]
        if no_loc:
            raise UserError(
                f"--towns: {', '.join(no_loc)} has no location in {loaded.path.name} "
                f"(add theatre.objectives[{no_loc[0]}].location: {{lat, lon, source}})"
            )
    towns, skipped = [], []
    for i, o in enumerate(objectives):
        if wanted and o.id not in wanted:
            continue
        if o.location is None:
            skipped.append(f"{o.id}: no location")
            continue
        towns.append(Town(o.id, o.name, i, o.sector, o.location.lat, o.location.lon))
    if not towns:
        raise UserError(
            f"{loaded.path.name}: no objective has coordinates, so nothing can be measured "
            "against the map (add theatre.objectives[].location: {lat, lon, source})"
        )
    return towns, skipped


def scenario_region(loaded: LoadedScenario) -> tuple[BaseGeometry, str]:
    """The scenario's ``theatre.region``, or one derived from its coordinates (and a note)."""
    th = loaded.scenario.theatre
    reg = th.region
    if reg is not None:
        if reg.box is not None:
            geom: BaseGeometry = shapely.box(*reg.box)
            how = f"box {reg.box}"
        else:
            assert reg.polygon is not None
            geom = shapely.Polygon([(p.lon, p.lat) for p in reg.polygon])
            how = f"polygon of {len(reg.polygon)} corners"
        return shapely.make_valid(geom), f"the scenario's theatre.region ({how}): {reg.rationale}"
    pts = [(o.location.lon, o.location.lat) for o in th.objectives if o.location is not None]
    pts += [(s.front_start.lon, s.front_start.lat) for s in th.sectors if s.front_start is not None]
    hull = shapely.MultiPoint(pts).convex_hull
    note = (
        f"derived (the scenario has no theatre.region): the convex hull of {len(pts)} points "
        f"(objectives' locations and sectors' front_start) grown by {REGION_BUFFER_KM:g} km [ENG]"
    )
    return buffer_km(hull, REGION_BUFFER_KM), note


def month_windows(dates: Sequence[dt.date], anchor: dt.date) -> list[tuple[dt.date, dt.date]]:
    """Windows between the anchor and the first record date of each later calendar month."""
    bounds = [anchor]
    for d in dates:
        prev = bounds[-1]
        new_month = (d.year, d.month) != (prev.year, prev.month)
        if new_month and (d - prev).days >= MIN_MONTH_DAYS:
            bounds.append(d)
    return list(itertools.pairwise(bounds))


class _Measure:
    """Distances and areas on clipped record polygons, each polygon clipped once."""

    def __init__(self, record: OccupiedRecord, region: BaseGeometry) -> None:
        self.record = record
        self.region = region
        w, s, e, n = region.bounds
        m = CLIP_MARGIN_DEG
        self.box = shapely.box(w - m, s - m, e + m, n + m)
        self.cache: dict[dt.date, BaseGeometry] = {}

    def local(self, date: dt.date) -> BaseGeometry:
        if date not in self.cache:
            self.cache[date] = self.record.polygon(date).intersection(self.box)
        return self.cache[date]

    def distances(self, towns: Sequence[Town], dates: Sequence[dt.date]) -> NDArray[np.float64]:
        out = np.empty((len(towns), len(dates)))
        for j, d in enumerate(dates):
            poly = self.local(d)
            for i, t in enumerate(towns):
                out[i, j] = distance_km(poly, t.lat, t.lon)
        return out

    def area(self, date: dt.date) -> float:
        return self.record.area_km2(date, self.region)


def build_targets(
    loaded: LoadedScenario, record: OccupiedRecord, towns_wanted: Sequence[str] | None = None
) -> Targets:
    """The truth a scenario's forecast is scored on; :class:`UserError` if there is none."""
    sc = loaded.scenario
    meta = sc.meta
    towns, skipped = select_towns(loaded, towns_wanted)
    kd, start, horizon = meta.knowledge_date, meta.start_date, meta.horizon_days
    end = start + dt.timedelta(days=horizon)
    record_end = record.dates[-1]
    dates = [d for d in record.dates if kd < d <= end]
    if not dates:
        if record_end <= kd:
            raise UserError(
                f"nothing to score: truth ends on {record_end.isoformat()}, not after "
                f"{meta.name}'s knowledge date {kd.isoformat()} (give newer files with --truth DIR)"
            )
        raise UserError(
            f"nothing to score: no truth between {meta.name}'s knowledge date "
            f"{kd.isoformat()} and the end of its horizon {end.isoformat()}"
        )
    anchor = record.on_or_before(kd)
    if anchor is None:
        raise UserError(
            f"nothing to score against: the record starts on {record.dates[0].isoformat()}, "
            f"after {meta.name}'s knowledge date {kd.isoformat()}"
        )
    region, region_note = scenario_region(loaded)
    measure = _Measure(record, region)
    anchor_d = measure.distances(towns, [anchor])[:, 0]
    kept = []
    for i, t in enumerate(towns):
        if anchor_d[i] <= 0.0:
            skipped.append(f"{t.id}: already occupied on {anchor.isoformat()}")
        else:
            kept.append(i)
    if not kept:
        raise UserError(
            f"nothing to score: every chosen town was already occupied on {anchor.isoformat()}"
        )
    towns = [towns[i] for i in kept]
    anchor_d = anchor_d[kept]
    distance = measure.distances(towns, dates)
    last = (dates[-1] - start).days
    censor = float(last + 1)
    fall = np.full(len(towns), censor)
    for i in range(len(towns)):
        inside = np.flatnonzero(distance[i] <= 0.0)
        if inside.size:
            fall[i] = float((dates[inside[0]] - start).days)
    months = month_windows(dates, anchor)
    area_at = {d: measure.area(d) for d in {anchor, *(b for w in months for b in w)}}
    gained = np.array([area_at[b] - area_at[a] for a, b in months])
    history_dates = [d for d in record.dates if d <= anchor]
    hist_dist = measure.distances(towns, history_dates)
    hist_area = np.array([measure.area(d) for d in history_dates])
    return Targets(
        scenario=meta.name,
        knowledge_date=kd,
        start_date=start,
        horizon_days=horizon,
        anchor=anchor,
        dates=dates,
        towns=towns,
        skipped=skipped,
        distance=distance,
        anchor_distance=anchor_d,
        fall_day=fall,
        censor=censor,
        region=region,
        region_note=region_note,
        months=months,
        area_gained=gained,
        record_end=record_end,
        history={"distance": hist_dist, "area": hist_area},
        history_dates=history_dates,
    )
