"""The knowledge-date guard: the record and the loss claims as they stood before a date.

A calibration may use nothing dated on or after the scenario's knowledge date. Rather than
trusting every caller to filter, the calibration reads the record only through
:class:`PriorRecord` and the claims only through :class:`PriorClaims`, which raise
:class:`KnowledgeDateError` when asked for anything later.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from shapely.geometry.base import BaseGeometry

from clausewitz.errors import UserError
from clausewitz.truth.claims import PersonnelClaims
from clausewitz.truth.record import OccupiedRecord


class KnowledgeDateError(UserError):
    """Data on or after the knowledge date was asked for."""


@dataclass(frozen=True)
class PriorRecord:
    """The occupied-area record strictly before ``knowledge_date``."""

    record: OccupiedRecord
    knowledge_date: dt.date

    def _guard(self, date: dt.date) -> None:
        if date >= self.knowledge_date:
            raise KnowledgeDateError(
                f"the calibration may use the record only before the knowledge date "
                f"{self.knowledge_date.isoformat()} (asked for {date.isoformat()})"
            )

    @property
    def dates(self) -> list[dt.date]:
        """The record's dates before the knowledge date, in order."""
        return [d for d in self.record.dates if d < self.knowledge_date]

    def polygon(self, date: dt.date) -> BaseGeometry:
        """The occupied area on ``date`` (a record date before the knowledge date)."""
        self._guard(date)
        return self.record.polygon(date)

    def area_km2(self, date: dt.date, region: BaseGeometry | None = None) -> float:
        """Occupied area (km²) on ``date``, within ``region`` if given."""
        self._guard(date)
        return self.record.area_km2(date, region)

    def on_or_before(self, date: dt.date) -> dt.date | None:
        """The latest record date not after ``date`` (and before the knowledge date)."""
        earlier = [d for d in self.dates if d <= date]
        return earlier[-1] if earlier else None


@dataclass(frozen=True)
class PriorClaims:
    """The General Staff's loss claims strictly before ``knowledge_date``."""

    claims: PersonnelClaims
    knowledge_date: dt.date

    def between(self, start: dt.date, end: dt.date) -> float | None:
        """Claimed losses from ``start`` to ``end`` (``end`` before the knowledge date)."""
        if end >= self.knowledge_date:
            raise KnowledgeDateError(
                f"the calibration may use loss claims only before the knowledge date "
                f"{self.knowledge_date.isoformat()} (asked up to {end.isoformat()})"
            )
        return self.claims.between(start, end)


@dataclass(frozen=True)
class Window:
    """The hindcast's window: from ``start`` (the front is measured there) to ``end``."""

    start: dt.date
    end: dt.date
    checkpoints: tuple[dt.date, ...]
    """Record dates after ``start`` the hindcast is compared at (``end`` last)."""

    @property
    def days(self) -> int:
        """Days simulated."""
        return (self.end - self.start).days

    def day(self, date: dt.date) -> int:
        """Days from the start."""
        return (date - self.start).days


def choose_window(
    record: PriorRecord,
    *,
    window_days: int,
    checkpoint_days: int,
    start: dt.date | None = None,
) -> Window:
    """The hindcast window ending on the last record date before the knowledge date.

    It starts on the first record date at most ``window_days`` before the knowledge date, or
    on ``start`` if given (then a record date before the end); without ``start``, a record with
    no date in those days before the end raises :class:`UserError` (nothing recent to
    calibrate to). Checkpoints
    are record dates in the window at least ``checkpoint_days`` apart, ending on the end.
    """
    dates = record.dates
    kd = record.knowledge_date
    if len(dates) < 2:
        raise UserError(
            f"nothing to calibrate to: the record holds {len(dates)} date(s) before the "
            f"knowledge date {kd.isoformat()} (a hindcast needs a start and a later date)"
        )
    end = dates[-1]
    if start is None:
        # the first record date at most window_days before the knowledge date; when none lies
        # between that and the end, the record holds no recent regime to calibrate to (an
        # older stretch describes another regime: docs/backtest.md, the recent-regime rule)
        earliest = kd - dt.timedelta(days=window_days)
        later = [d for d in dates[:-1] if d >= earliest]
        if not later:
            before = ", ".join(d.isoformat() for d in dates[-4:])
            raise UserError(
                f"nothing recent to calibrate to: a window needs two record dates within "
                f"the {window_days} days before the knowledge date {kd.isoformat()} (from "
                f"{earliest.isoformat()}), and the record before it ends {before}; the "
                f"scenario's own parameters stand, or pass --window-start DATE to calibrate "
                f"to an older stretch"
            )
        begin = later[0]
    else:
        if start not in dates or start >= end:
            before = ", ".join(d.isoformat() for d in dates[:-1][-8:])
            raise UserError(
                f"--window-start {start.isoformat()}: not a record date before "
                f"{end.isoformat()} (the last record date before the knowledge date "
                f"{kd.isoformat()}); record dates: ... {before}"
            )
        begin = start
    inside = [d for d in dates if begin < d <= end]
    picked: list[dt.date] = []
    last = begin
    for d in inside:
        if (d - last).days >= checkpoint_days:
            picked.append(d)
            last = d
    if not picked or picked[-1] != end:
        if picked and (end - picked[-1]).days < checkpoint_days / 2:
            picked[-1] = end  # a stub at the end: move the last checkpoint to the end
        else:
            picked.append(end)
    return Window(begin, end, tuple(picked))
