"""Presenting the result of a scenario check: text lines and a JSON-ready report."""

from __future__ import annotations

import dataclasses
from typing import Any

from clausewitz.errors import Diagnostic
from clausewitz.scenario.loader import CheckResult


def render_diagnostic(diag: Diagnostic) -> str:
    """``FILE:LINE:COL: key.path: message (hint)``; warnings read ``FILE:LINE:COL: warning:
    key.path: message (hint)`` so that editors still jump to them."""
    if diag.severity == "warning":
        label = f"warning: {diag.path}" if diag.path else "warning"
        return dataclasses.replace(diag, path=label).render()
    return diag.render()


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary(result: CheckResult) -> str:
    """One line: the counts of errors and warnings, and of what a valid scenario holds."""
    text = (
        f"{result.display}: {_plural(len(result.errors), 'error')}, "
        f"{_plural(len(result.warnings), 'warning')}"
    )
    if result.loaded is not None:
        from clausewitz.scenario.parameters import collect_parameters

        sc = result.loaded.scenario
        n_params = len(collect_parameters(result.loaded))
        text += (
            f" ({_plural(len(result.loaded.files), 'file')}, {_plural(len(sc.sources), 'source')},"
            f" {_plural(len(sc.claims), 'claim')}, {_plural(n_params, 'parameter')};"
            f" sha256 {result.loaded.sha256[:12]})"
        )
    return text


def _diagnostic_json(diag: Diagnostic) -> dict[str, Any]:
    return {**dataclasses.asdict(diag), "text": render_diagnostic(diag)}


def check_report(result: CheckResult) -> dict[str, Any]:
    """Everything ``clausewitz check --json`` prints."""
    loaded = result.loaded
    return {
        "scenario": result.display,
        "ok": result.ok,
        "errors": [_diagnostic_json(d) for d in result.errors],
        "warnings": [_diagnostic_json(d) for d in result.warnings],
        "files": [str(p) for p in loaded.files] if loaded else [],
        "sha256": loaded.sha256 if loaded else None,
        "summary": summary(result),
    }
