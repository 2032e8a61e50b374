"""Options several commands share, declared once: ``seed: Seed = 0``, ``as_json: Json = False``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from clausewitz.errors import UserError

Seed = Annotated[int, typer.Option("--seed", help="Seed of every random stream.")]
"""The seed of every random stream (the same seed gives the same results)."""

Days = Annotated[
    int | None, typer.Option("--days", help="Days to simulate (default: the scenario's horizon).")
]
"""Days simulated, when not the scenario's horizon."""

Workers = Annotated[int, typer.Option("--workers", help="Worker processes.")]
"""Worker processes of a run (results do not depend on it)."""

Json = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]
"""Print the command's result as JSON instead of text."""


def check_report_path(report: Path) -> Path:
    """The ``--report`` file, or :class:`UserError` if it cannot be written (checked before
    any simulation: a report that fails at the end loses the work)."""
    import os
    import tempfile

    from clausewitz.store.lock import ensure_parent

    report = report.absolute()
    if report.is_dir():
        raise UserError(f"--report {report} is a directory; give an .html file")
    ensure_parent(report, "--report")
    # os.access answers for the permission bits only (root passes them everywhere): a file
    # actually created and removed is the proof.
    try:
        fd, probe = tempfile.mkstemp(prefix=f".{report.name}.", suffix=".tmp", dir=report.parent)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise UserError(
            f"--report {report}: cannot write in {report.parent}: {exc.strerror or exc}"
        ) from None
    if report.exists() and not os.access(report, os.W_OK):
        raise UserError(f"--report {report}: the file is not writable")
    return report


def report_callback(value: Path | None) -> Path | None:
    """Check a ``--report`` path as the command line is read, before any work."""
    return None if value is None else check_report_path(value)


Report = Annotated[
    Path | None,
    typer.Option(
        "--report",
        help="Write a self-contained HTML report (PNG figures beside it).",
        callback=report_callback,
    ),
]
"""Where to write the command's HTML report."""
