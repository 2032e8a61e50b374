"""Scenarios bundled with the package (``src/clausewitz/scenarios/*.yaml``).

A bundled scenario is a top-level ``NAME.yaml`` in that folder; ``clausewitz check NAME`` and
``load_scenario(NAME)`` find it by name. Files whose name starts with ``_`` and files in
sub-folders are fragments for ``include`` and are not listed. This module only finds files;
the loader uses it, and :mod:`clausewitz.scenario.catalogue` lists the scenarios with their
``meta``.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def scenarios_dir() -> Path:
    """The folder holding the bundled scenario files."""
    return Path(str(resources.files("clausewitz"))) / "scenarios"


def bundled_files() -> list[Path]:
    folder = scenarios_dir()
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix == ".yaml" and not p.name.startswith("_"))


def bundled_names() -> list[str]:
    """Names of the bundled scenarios, sorted."""
    return [p.stem for p in bundled_files()]


def find_bundled(name: str) -> Path | None:
    """The file of the bundled scenario ``name`` (without ``.yaml``), if there is one."""
    for p in bundled_files():
        if p.stem == name:
            return p
    return None
