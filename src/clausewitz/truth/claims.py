"""Ukraine's General Staff claims of Russian personnel losses (cumulative, daily).

A claim by one belligerent, not a truth: the backtest only sets the model's losses per km²
beside it. The series ships in ``clausewitz/data/ukraine/general_staff`` with its provenance.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

SERIES_FILE = "russia_losses_personnel.json"


def shipped_series_path() -> Path:
    """Where the shipped series lies."""
    return Path(str(resources.files("clausewitz") / "data" / "ukraine" / "general_staff"))


@dataclass(frozen=True)
class PersonnelClaims:
    """Cumulative claimed personnel losses by date."""

    dates: tuple[dt.date, ...]
    cumulative: tuple[float, ...]

    @property
    def last(self) -> dt.date:
        """The last date of the series."""
        return self.dates[-1]

    def at(self, date: dt.date) -> float | None:
        """The cumulative claim on the latest date not after ``date`` (None before the
        series starts)."""
        i = bisect.bisect_right(self.dates, date)
        return self.cumulative[i - 1] if i else None

    def between(self, start: dt.date, end: dt.date) -> float | None:
        """Claimed losses from ``start`` to ``end`` (None unless the series covers both)."""
        if end > self.last:
            return None
        a, b = self.at(start), self.at(end)
        return None if a is None or b is None else b - a


def load_personnel_claims(path: Path | None = None) -> PersonnelClaims:
    """The shipped General Staff series (or the one at ``path``)."""
    file = (path or shipped_series_path()) / SERIES_FILE
    rows = json.loads(file.read_text(encoding="utf-8"))
    pairs = sorted(
        (dt.date.fromisoformat(r["date"]), float(r["personnel"]))
        for r in rows
        if r.get("personnel") is not None
    )
    return PersonnelClaims(tuple(d for d, _ in pairs), tuple(v for _, v in pairs))
