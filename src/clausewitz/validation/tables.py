"""Rows of numbers shown as a Rich table on a terminal and as aligned text otherwise.

The CLI commands of this package (``fit``, ``engagement``, ``validate``) print through
:func:`emit_rows`, so that piped output stays plain and greppable.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable, Sequence
from typing import Any


def fmt(value: Any, digits: int = 4) -> str:
    """A cell: floats to ``digits`` significant figures, None and NaN as '-'."""
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if math.isnan(value):
            return "-"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return f"{value:.{digits}g}"
    return str(value)


def text_lines(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> list[str]:
    """Aligned plain-text lines: a header, then one line per row."""
    cells = [[fmt(r.get(c)) for c in columns] for r in rows]
    widths = [max([len(c), *(len(row[i]) for row in cells)]) for i, c in enumerate(columns)]
    # text columns read left to right, numbers line up on the right
    text = [all(isinstance(r.get(c), str) for r in rows) for c in columns]
    head = "  ".join(
        c.ljust(w) if t else c.rjust(w) for c, w, t in zip(columns, widths, text, strict=True)
    )
    body = [
        "  ".join(
            v.ljust(w) if t else v.rjust(w) for v, w, t in zip(row, widths, text, strict=True)
        )
        for row in cells
    ]
    return [line.rstrip() for line in (head, *body)]


def emit_rows(
    rows: Sequence[dict[str, Any]],
    columns: Sequence[str],
    *,
    title: str = "",
    echo: Callable[[str], Any] = print,
) -> None:
    """Print ``rows`` as a Rich table on a terminal, else as aligned text."""
    if sys.stdout.isatty():
        from rich.console import Console
        from rich.table import Table

        table = Table(title=title or None)
        for c in columns:
            table.add_column(c, justify="left" if c in ("law", "method", "side") else "right")
        for r in rows:
            table.add_row(*(fmt(r.get(c)) for c in columns))
        Console().print(table)
        return
    if title:
        echo(title)
    for line in text_lines(rows, columns):
        echo(line)
