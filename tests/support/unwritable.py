"""A folder in which the test process cannot create a file, for the tests of refused outputs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


def unwritable_folder(tmp_path: Path) -> Path:
    """A folder in which this process cannot create a file: a read-only folder under
    ``tmp_path``, or ``/proc`` when running as root (root ignores permission bits)."""
    if os.geteuid() != 0:
        ro = tmp_path / "read-only"
        ro.mkdir()
        ro.chmod(0o555)
        return ro
    proc = Path("/proc")
    if not proc.is_dir():
        pytest.skip("no folder that root cannot write in")
    return proc
