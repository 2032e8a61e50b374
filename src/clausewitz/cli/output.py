"""Printing results for people and for programs, the same way in every command."""

from __future__ import annotations

import json
import math
from typing import Any

import typer
from rich.console import Console


def json_safe(value: Any) -> Any:
    """``value`` with NaN and infinities as null (JSON has neither) and mapping keys as text."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(v) for v in value]
    return value


def echo_json(value: Any) -> None:
    """Print ``value`` as indented JSON, NaN and infinities as null."""
    typer.echo(json.dumps(json_safe(value), indent=2, allow_nan=False))


PIPED_WIDTH = 200
"""Columns of a table written to a file or a pipe: no terminal to fit, and a narrower table
would cut ids and names short ('tme30-451…'), losing what the output is read for."""


def console(**kwargs: Any) -> Console:
    """A Rich console for standard output: the terminal's width on a terminal, else
    :data:`PIPED_WIDTH` columns."""
    out = Console(**kwargs)
    if not out.is_terminal:
        out = Console(width=PIPED_WIDTH, **kwargs)
    return out
