"""Errors a user can cause, kept apart from bugs.

Anything raised as a :class:`UserError` is reported by the CLI as a clear message and exit
code 2, never as a traceback. Every other exception is an internal error (exit 1).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in an input file, located as precisely as we can.

    Rendered as ``FILE:LINE:COL: key.path: message (hint)``; line and column are 1-based.
    """

    file: str
    line: int | None
    col: int | None
    path: str
    message: str
    hint: str | None = None
    severity: str = "error"  # "error" or "warning"

    def render(self) -> str:
        loc = self.file
        if self.line is not None:
            loc += f":{self.line}"
            if self.col is not None:
                loc += f":{self.col}"
        text = f"{loc}: {self.path + ': ' if self.path else ''}{self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text


class UserError(Exception):
    """An error caused by input or usage; the CLI prints it and exits with code 2."""

    exit_code = 2


@dataclass
class ScenarioError(UserError):
    """A scenario failed to load or validate; carries every diagnostic found at once."""

    diagnostics: list[Diagnostic] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(d.render() for d in self.diagnostics)
