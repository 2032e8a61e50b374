"""The per-parameter evidence table that ``clausewitz evidence`` prints, and its summary.

:func:`select` picks the estimates to show, :func:`summarize` counts what they rest on,
:func:`json_rows` gives the ``--json`` objects, :func:`text_lines` the plain-text report and
:func:`rich_table` the table shown on a terminal.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rich.markup import escape
from rich.table import Table

from clausewitz.errors import UserError
from clausewitz.evidence.estimate import ClaimRow, ParameterEstimate, fmt_number

BASES = ("evidence", "assumption", "engineering", "calibrated")


def select(
    estimates: Mapping[str, ParameterEstimate],
    names: Sequence[str] = (),
    *,
    include_defaults: bool = False,
) -> list[ParameterEstimate]:
    """The estimates to show: those named (in that order), else every parameter the scenario
    writes (and the engine defaults too with ``include_defaults``).

    An unknown name is a :class:`UserError` with a suggestion.
    """
    if names:
        out = []
        for name in names:
            if name not in estimates:
                close = difflib.get_close_matches(name, list(estimates), n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                raise UserError(f"no parameter '{name}' in this scenario{hint}")
            out.append(estimates[name])
        return out
    return [e for e in estimates.values() if include_defaults or e.origin != "default"]


@dataclass(frozen=True)
class Summary:
    """What a set of parameters rests on."""

    parameters: int
    by_basis: Mapping[str, int]
    claims: int
    """Claims fused into the parameters (excluded ones not counted)."""
    sources: int
    """Distinct sources of those claims."""
    excluded: int
    """Claims left out by exclusions."""
    hidden_defaults: int
    """Engine defaults not shown."""

    def share(self, basis: str) -> float:
        """The share of the parameters with this basis."""
        return self.by_basis.get(basis, 0) / self.parameters if self.parameters else 0.0

    def text(self) -> str:
        """One line, e.g. ``127 parameters: 49 on evidence (39%), ...; 97 claims from 50
        sources``."""
        # calibrated parameters are new and rare: named only when there are some
        shown = [b for b in BASES if b != "calibrated" or self.by_basis.get(b, 0)]
        parts = ", ".join(f"{self.by_basis.get(b, 0)} on {b} ({self.share(b):.0%})" for b in shown)
        line = (
            f"{_count(self.parameters, 'parameter')}: {parts}; "
            f"{_count(self.claims, 'claim')} from {_count(self.sources, 'source')}"
        )
        if self.excluded:
            line += f" ({_count(self.excluded, 'claim')} excluded)"
        if self.hidden_defaults:
            line += f"; {_count(self.hidden_defaults, 'engine default')} not shown (--defaults)"
        return line

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "parameters": self.parameters,
            "by_basis": dict(self.by_basis),
            "claims": self.claims,
            "sources": self.sources,
            "excluded": self.excluded,
            "hidden_defaults": self.hidden_defaults,
        }


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def summarize(shown: Sequence[ParameterEstimate], hidden_defaults: int = 0) -> Summary:
    """Counts of the shown parameters by basis, and of the claims and sources they rest on."""
    claims: list[ClaimRow] = [row for e in shown for row in e.claims]
    return Summary(
        parameters=len(shown),
        by_basis=Counter(e.basis for e in shown),
        claims=len({c.id for c in claims}),
        sources=len({c.source for c in claims}),
        excluded=len({cid for e in shown for cid in e.excluded}),
        hidden_defaults=hidden_defaults,
    )


def json_rows(shown: Iterable[ParameterEstimate]) -> list[dict[str, Any]]:
    """The ``--json`` output: one object per parameter (:meth:`ParameterEstimate.to_json`)."""
    return [e.to_json() for e in shown]


def _stated(row: ClaimRow, unit: str) -> str:
    text = row.stated_text()
    return text if row.stated_unit == unit else f"{text} {row.stated_unit}"


def _fused(e: ParameterEstimate) -> str:
    lo, hi = e.interval90
    if lo == hi:
        return f"value {fmt_number(lo)}"
    return f"median {fmt_number(e.median)}  90% [{fmt_number(lo)}, {fmt_number(hi)}]"


def _method(e: ParameterEstimate) -> str:
    if e.basis != "evidence":
        return e.method
    n = len(e.claims)
    if n == 1:  # one claim is its own distribution: "mixture" would mislead
        return "1 claim" if e.method == "mixture" else f"{e.method}, 1 claim"
    return f"{e.method} of {n} claims"


def text_lines(shown: Sequence[ParameterEstimate]) -> list[str]:
    """The plain-text report: a header line per parameter, then its claims (evidence)."""
    lines: list[str] = []
    for e in shown:
        lines.append(f"{e.name}  [{e.basis}: {_method(e)}]  {e.unit}")
        lines.append(f"    {_fused(e)}")
        if e.calibration:
            lines.append(f"    calibrated: {e.calibration}")
        if not e.claims:
            continue
        w_id = max(len("claim"), *(len(r.id) for r in e.claims))
        w_src = max(len("source"), *(len(r.source) for r in e.claims))
        stated = [_stated(r, e.unit) for r in e.claims]
        w_st = max(len("stated"), *(len(s) for s in stated))
        lines.append(
            f"    {'claim':<{w_id}}  {'source':<{w_src}}  grade  {'stated':<{w_st}}  share"
        )
        for r, s in zip(e.claims, stated, strict=True):
            lines.append(
                f"    {r.id:<{w_id}}  {r.source:<{w_src}}  {r.grade:<5}  {s:<{w_st}}  "
                f"{r.share:6.1%}"
            )
        if e.excluded:
            lines.append(f"    excluded: {', '.join(e.excluded)}")
    return lines


def rich_table(shown: Sequence[ParameterEstimate], title: str = "") -> Table:
    """The report as a Rich table (one row per parameter, its claims in the last column)."""
    table = Table(title=title or None, show_lines=True)
    table.add_column("parameter", overflow="fold")
    table.add_column("basis")
    table.add_column("median", justify="right")
    table.add_column("90% interval", justify="right")
    table.add_column("unit", overflow="fold")
    table.add_column("claims: grade, stated, source, weight share", overflow="fold")
    for e in shown:
        lo, hi = e.interval90
        claims = "\n".join(
            f"[bold]{r.grade}[/] {escape(_stated(r, e.unit))}  {escape(r.source)}  {r.share:.0%}"
            for r in sorted(e.claims, key=lambda r: -r.share)
        )
        if e.calibration:  # no claims: the last column says what it was calibrated to
            claims = f"[dim]calibrated: {escape(e.calibration)}[/]"
        table.add_row(
            escape(e.name),
            f"{e.basis}\n[dim]{escape(_method(e))}[/]",
            fmt_number(e.median),
            "(fixed)" if lo == hi else f"{fmt_number(lo)} - {fmt_number(hi)}",
            escape(e.unit),
            claims,
        )
    return table
