"""The bundled scenarios with their title and knowledge date (``clausewitz scenarios``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from clausewitz.scenario.loader import read_raw
from clausewitz.scenario.registry import bundled_files


@dataclass(frozen=True)
class BundledScenario:
    """One bundled scenario: its name, title and knowledge date as read from its ``meta``."""

    name: str
    title: str
    knowledge_date: dt.date | None
    path: Path
    problem: str = ""
    """Why title or knowledge date could not be read (empty when they could)."""


def list_bundled() -> list[BundledScenario]:
    """Every bundled scenario with its title and knowledge date (read without validating,
    so that one broken file does not hide the others; ``problem`` says what went wrong)."""
    out = []
    for path in bundled_files():
        raw = read_raw(path, path.name)
        meta = raw.data.get("meta") if isinstance(raw.data, dict) else None
        title = meta.get("title") if isinstance(meta, dict) else None
        kd = meta.get("knowledge_date") if isinstance(meta, dict) else None
        if isinstance(kd, str):
            try:
                kd = dt.date.fromisoformat(kd)
            except ValueError:
                kd = None
        if isinstance(kd, dt.datetime):
            kd = kd.date()
        problem = raw.errors[0].render() if raw.errors else ""
        if not problem and not (isinstance(title, str) and isinstance(kd, dt.date)):
            problem = "meta.title or meta.knowledge_date missing"
        out.append(
            BundledScenario(
                name=path.stem,
                title=title if isinstance(title, str) else "",
                knowledge_date=kd if isinstance(kd, dt.date) else None,
                path=path,
                problem=problem,
            )
        )
    return out
