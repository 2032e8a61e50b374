"""Scenarios bundled with the package (``src/clausewitz/scenarios/*.yaml``).

A bundled scenario is a top-level ``NAME.yaml`` in that folder; ``clausewitz check NAME`` and
``load_scenario(NAME)`` find it by name. Files whose name starts with ``_`` and files in
sub-folders are fragments for ``include`` and are not listed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from importlib import resources
from pathlib import Path


@dataclass(frozen=True)
class BundledScenario:
    """One bundled scenario: its name, title and knowledge date as read from its ``meta``."""

    name: str
    title: str
    knowledge_date: dt.date | None
    path: Path
    problem: str = ""
    """Why title or knowledge date could not be read (empty when they could)."""


def scenarios_dir() -> Path:
    """The folder holding the bundled scenario files."""
    return Path(str(resources.files("clausewitz"))) / "scenarios"


def _files() -> list[Path]:
    folder = scenarios_dir()
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix == ".yaml" and not p.name.startswith("_"))


def bundled_names() -> list[str]:
    """Names of the bundled scenarios, sorted."""
    return [p.stem for p in _files()]


def find_bundled(name: str) -> Path | None:
    """The file of the bundled scenario ``name`` (without ``.yaml``), if there is one."""
    for p in _files():
        if p.stem == name:
            return p
    return None


def list_bundled() -> list[BundledScenario]:
    """Every bundled scenario with its title and knowledge date (read without validating,
    so that one broken file does not hide the others; ``problem`` says what went wrong)."""
    from clausewitz.scenario.loader import read_raw

    out = []
    for path in _files():
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
