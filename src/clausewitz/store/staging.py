"""Results written beside their folder and published by rename only when complete.

An experiment is written into ``.<name>.partial`` next to its final folder ``<name>``; when the
last file is on disk the partial folder is renamed to ``<name>`` (``os.replace`` of a folder is
atomic on POSIX). An earlier experiment in ``<name>`` (``--overwrite``) is first renamed to
``.<name>.replaced`` and deleted only after the new one is in place, so a failure at any point
keeps the old results; a crash between the two renames is repaired by the next writer (the
old folder is put back). Hidden folders are never part of the store (:mod:`.query`), so a
killed writer leaves nothing that a query counts, and a ``compare`` re-run with the same
settings resumes from the chunks in the partial folder.

Callers hold the experiment's lock (:func:`clausewitz.store.lock.experiment_lock`) throughout.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from clausewitz.store.layout import ExperimentWriter


def partial_path(folder: Path) -> Path:
    """Where experiment ``folder`` is written until it is complete."""
    return folder.parent / f".{folder.name}.partial"


def replaced_path(folder: Path) -> Path:
    """Where the experiment being replaced waits until its successor is in place."""
    return folder.parent / f".{folder.name}.replaced"


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class StagedExperiment:
    """An experiment folder written in its partial folder and published on success."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder).absolute()
        self.partial = partial_path(self.folder)
        self._repair()

    def _repair(self) -> None:
        """Finish or undo a publication that a crash interrupted."""
        old = replaced_path(self.folder)
        if old.is_dir():
            if self.folder.exists():
                shutil.rmtree(old, ignore_errors=True)
            else:
                os.replace(old, self.folder)

    def writer(self, *, fresh: bool) -> ExperimentWriter:
        """A writer into the partial folder (emptied first when ``fresh``); the manifest
        records the final folder's name as the experiment id."""
        if fresh and self.partial.exists():
            shutil.rmtree(self.partial)
        elif self.partial.is_dir():  # a killed writer's temporary files never count
            for stale in self.partial.rglob(".*.tmp"):
                stale.unlink(missing_ok=True)
        return ExperimentWriter(self.folder.parent, self.folder.name, root=self.partial)

    def discard(self) -> None:
        """Delete the partial folder (a failed writer's leftovers)."""
        shutil.rmtree(self.partial, ignore_errors=True)

    def publish(self) -> Path:
        """Put the partial folder in place of the experiment folder; returns the folder."""
        old = replaced_path(self.folder)
        if self.folder.exists():
            shutil.rmtree(old, ignore_errors=True)
            os.replace(self.folder, old)
        os.replace(self.partial, self.folder)
        _fsync_dir(self.folder.parent)
        shutil.rmtree(old, ignore_errors=True)
        return self.folder


def require_empty(folder: Path, option: str = "--out") -> Path:
    """``folder`` if a new experiment may be written there (absent or empty), else
    :class:`~clausewitz.errors.UserError`."""
    from clausewitz.errors import UserError
    from clausewitz.store.lock import ensure_parent

    if folder.exists() and not folder.is_dir():
        raise UserError(f"{option} {folder} exists and is not a directory")
    if folder.is_dir() and any(folder.iterdir()):
        raise UserError(
            f"{option} {folder} already holds {_what_is_in(folder)}; choose another folder"
        )
    ensure_parent(folder, option)
    return folder


def _what_is_in(folder: Path) -> str:
    """What a non-empty ``folder`` holds, as a user would name it: a finished experiment
    (its kind, scenario, seed and runs, and how to query it) or just files."""
    import json

    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "files"
    if not isinstance(manifest, dict) or manifest.get("status") != "complete":
        return "files"
    kind = manifest.get("kind", "experiment")
    details = ", ".join(
        f"{key} {manifest[key]}" for key in ("scenario", "seed", "runs") if key in manifest
    )
    return (
        f"the results of a finished {kind} ({details}; 'clausewitz query --results {folder}' "
        "reads them)"
    )
