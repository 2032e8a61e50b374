"""Options several commands share, declared once: ``seed: Seed = 0``, ``as_json: Json = False``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

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

Report = Annotated[
    Path | None,
    typer.Option("--report", help="Write a self-contained HTML report (PNG figures beside it)."),
]
"""Where to write the command's HTML report."""
