"""Printing results for people and for programs, the same way in every command."""

from __future__ import annotations

import json
import math
from typing import Any

import typer


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
