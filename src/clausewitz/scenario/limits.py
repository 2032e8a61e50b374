"""Bounds on the work a scenario file can cause: checked before and while it is parsed.

A small hostile file can otherwise make the reader do unbounded work: YAML aliases that expand
exponentially (``&b [*a, *a, ...]``, a "billion laughs"), nesting thousands of levels deep
(recursion), megabytes of text, integers hundreds of digits long. Every limit below is far
above what a real scenario needs (the flagship, the largest bundled one, has under 1,000 YAML
events per file, no alias and nesting depth 8) and each is reported like any other error, as
``FILE:LINE:COL: message (hint)`` with exit code 2.

All limits are engineering choices ([ENG]), not properties of the model.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ruamel.yaml.composer import Composer
from ruamel.yaml.events import AliasEvent

from clausewitz.errors import Diagnostic

MAX_FILE_BYTES = 1 << 20
"""[ENG] Largest scenario file (1 MiB; the largest bundled file is 30 KB)."""
MAX_FILES = 64
"""[ENG] Most files one scenario may read through includes."""
MAX_EVENTS = 20_000
"""[ENG] Most YAML values (scalars, mappings, lists) in one file: bounds parse time."""
MAX_DEPTH = 32
"""[ENG] Deepest nesting of mappings and lists."""
MAX_ALIASES = 100
"""[ENG] Most alias uses (``*name``) in one file, under any key (``x-`` keys included)."""
MAX_NODES = 100_000
"""[ENG] Most values in a scenario after aliases are expanded (bounds alias expansion)."""
MAX_INT = 2**53
"""Largest integer magnitude accepted: beyond it a float64 no longer holds integers exactly, and
every number of the model is a float64."""


@dataclass
class LimitExceeded(Exception):
    """A limit was crossed; carries the located diagnostic."""

    diagnostic: Diagnostic


def check_size(size: int, data_head: bytes, display: str) -> Diagnostic | None:
    """An error if a file of ``size`` bytes is too large (located at the line where it
    crosses the limit; ``data_head`` holds at least the first :data:`MAX_FILE_BYTES` bytes)."""
    if size <= MAX_FILE_BYTES:
        return None
    line = data_head[:MAX_FILE_BYTES].count(b"\n") + 1
    return Diagnostic(
        display,
        line,
        None,
        "",
        f"file too large ({size:,} bytes; at most {MAX_FILE_BYTES:,})",
        "split the scenario with include:, or remove what the model does not read",
    )


class LimitedComposer(Composer):
    """ruamel's composer counting as it builds: nodes, nesting depth and alias uses, stopping
    at the first limit crossed (:class:`ComposeLimit`, with the position). One pass: the
    limits cost no second parse."""

    def compose_document(self: Any) -> Any:
        self._nodes = 0
        self._aliases = 0
        self._nesting = 0
        return super().compose_document()

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.parser.peek_event()
        self._nodes += 1
        if self._nodes > MAX_EVENTS:
            raise ComposeLimit(
                f"too many YAML values (more than {MAX_EVENTS:,} in one file)",
                "split the scenario with include:",
                event.start_mark,
            )
        if isinstance(event, AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                raise ComposeLimit(
                    f"too many YAML aliases (more than {MAX_ALIASES} '*name' uses in one file)",
                    "write the values out, or use fewer anchors",
                    event.start_mark,
                )
            return super().compose_node(parent, index)
        self._nesting += 1
        if self._nesting > MAX_DEPTH:
            raise ComposeLimit(
                f"nesting too deep (more than {MAX_DEPTH} levels)",
                "a scenario needs a few levels of mappings and lists",
                event.start_mark,
            )
        try:
            return super().compose_node(parent, index)
        finally:
            self._nesting -= 1


class ComposeLimit(Exception):
    """A limit crossed while composing (message, hint, ruamel mark)."""

    def __init__(self, message: str, hint: str, mark: Any) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.mark = mark

    def diagnostic(self, display: str) -> Diagnostic:
        if self.mark is None:
            return Diagnostic(display, None, None, "", self.message, self.hint)
        return Diagnostic(
            display, self.mark.line + 1, self.mark.column + 1, "", self.message, self.hint
        )


def _at(where: tuple[str, int, int] | None, display: str, message: str, hint: str) -> Diagnostic:
    if where is None:
        return Diagnostic(display, None, None, "", message, hint)
    return Diagnostic(where[0], where[1], where[2], "", message, hint)


@dataclass
class NodeBudget:
    """Counts values as aliases are expanded; raises :class:`LimitExceeded` past the limit."""

    display: str
    used: int = 0

    def spend(self, file: str, line: int, col: int) -> None:
        self.used += 1
        if self.used > MAX_NODES:
            raise LimitExceeded(
                Diagnostic(
                    file,
                    line,
                    col,
                    "",
                    f"the scenario expands to more than {MAX_NODES:,} values (YAML aliases "
                    "repeat what they name)",
                    "write the values out, or use fewer and smaller aliases",
                )
            )


def int_too_large(value: int) -> bool:
    """Whether an integer is beyond :data:`MAX_INT` in magnitude."""
    return abs(value) > MAX_INT
