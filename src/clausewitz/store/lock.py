"""One writer per experiment: an exclusive, non-blocking lock on the experiment's folder.

The lock is an OS file lock (``flock`` through :mod:`filelock`) on ``.<name>.lock`` beside the
experiment folder (not inside it: the folder itself is replaced when results are published).
The operating system releases it when its holder exits, however it exits, so a killed writer
never leaves a stale lock behind. A second writer does not wait: it stops at once with a
:class:`ExperimentBusy` error (exit code 2) naming the folder.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from clausewitz.errors import UserError


class ExperimentBusy(UserError):
    """Another process is writing the same experiment folder."""


def lock_path(folder: Path) -> Path:
    """The lock file of experiment ``folder`` (a hidden file beside it)."""
    folder = Path(folder)
    return folder.parent / f".{folder.name}.lock"


def ensure_parent(folder: Path, option: str = "--out") -> None:
    """Create the folder's parent, turning an impossible path into a :class:`UserError`."""
    parent = Path(folder).parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"{option} {folder}: cannot create {parent}: {exc.strerror}") from None
    if not parent.is_dir():
        raise UserError(f"{option} {folder}: {parent} is not a directory")


@contextmanager
def experiment_lock(folder: Path, option: str = "--out") -> Iterator[None]:
    """Hold the exclusive lock of experiment ``folder`` for the ``with`` block."""
    folder = Path(folder)
    ensure_parent(folder, option)
    path = lock_path(folder)
    # filelock reports a lock file it cannot create as a lock held by someone else: try it
    # first, so a folder one may not write in is named as such, not as busy.
    try:
        os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o644))
    except OSError as exc:
        raise UserError(
            f"{option} {folder}: cannot write in {path.parent}: {exc.strerror or exc}"
        ) from None
    lock = FileLock(str(path), timeout=0, thread_local=False)
    try:
        lock.acquire()
    except Timeout:
        raise ExperimentBusy(
            f"{option} {folder} is being written by another clausewitz process; "
            "wait for it to finish or choose another folder"
        ) from None
    except OSError as exc:
        raise UserError(f"{option} {folder}: cannot lock it: {exc.strerror or exc}") from None
    try:
        yield
    finally:
        lock.release()
