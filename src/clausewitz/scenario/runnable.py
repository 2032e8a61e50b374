"""Checks that a scenario which reads well can also be run: what ``run`` needs, found by ``check``.

Two layers, both reported as located diagnostics (``FILE:LINE:COL: key.path: message``):

* :func:`check_runnable` (cheap, part of every :func:`~clausewitz.scenario.loader.check_scenario`)
  looks at the plain data: numbers finite and within what the engine's float64 arithmetic and
  samplers can hold, strategy references by name only (a scenario file never imports a Python
  module), deployment weights that sum to something, start date within the knowledge
  window, claims not dated long before their source.
* :func:`clausewitz.prepare.runnable.smoke_check` (needs the strategies and the engine, run by
  ``clausewitz check``, ``run`` and ``compare``) checks strategy names and sides, compiles a few
  runs and simulates a few days under every strategy the scenario declares.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from typing import Any

from clausewitz.errors import Diagnostic
from clausewitz.scenario.fields import KeyPath
from clausewitz.scenario.positions import Positions
from clausewitz.scenario.references import as_date

MAX_MAGNITUDE = 1e12
"""Largest magnitude of any number in a scenario: the engine's count samplers (Poisson,
negative binomial) accept means up to 1e12 (``rng.samplers.MAX_POISSON_LAM``), and troops,
tonnes or kilometres beyond it are typos. Money is written with a multiplier unit
(``trillion RUB_2025``), so its numbers stay small."""
START_AFTER_KNOWLEDGE_DAYS = 31
"""[ENG] How far day 0 may lie after ``knowledge_date``: a simulation that starts later runs
on knowledge older than a month."""
CLAIM_BEFORE_SOURCE_DAYS = 366
"""[ENG] How long before its source's publication a claim may be dated (a statement reported
later); beyond a year the date is almost surely a typo."""


class LocatedErrors:
    """Errors collected at the places in the files that cause them."""

    def __init__(self, positions: Positions) -> None:
        self.pos = positions
        self.errors: list[Diagnostic] = []

    def error(self, path: KeyPath, message: str, hint: str | None = None) -> None:
        loc = self.pos.nearest(path)
        self.errors.append(
            Diagnostic(
                loc.file if loc else "",
                loc.line if loc else None,
                loc.col if loc else None,
                self.pos.display(path),
                message,
                hint,
            )
        )


def _numbers(node: Any, path: KeyPath = ()) -> Iterator[tuple[KeyPath, float]]:
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _numbers(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _numbers(v, (*path, i))
    elif isinstance(node, float | int) and not isinstance(node, bool):
        yield path, float(node)


def _check_strategy_name(report: LocatedErrors, path: KeyPath, target: str) -> None:
    # Only the form is checked here (the scenario layer knows no strategy registry); unknown
    # names and strategies given to the wrong side are found with the engine
    # (:func:`clausewitz.prepare.runnable.smoke_check`).
    if ":" in target:
        report.error(
            path,
            f"'{target}': a scenario names registered strategies only, never a Python module",
            "install the strategy as a plug-in (entry point 'clausewitz.strategies'), or give "
            "module:attr on the command line (--strategy / --strategies)",
        )


def check_runnable(data: dict[str, Any], positions: Positions) -> list[Diagnostic]:
    """The cheap checks of what ``run`` needs, on plain scenario data (see module doc)."""
    report = LocatedErrors(positions)
    if not isinstance(data, dict):
        return []
    for path, x in _numbers(data):
        if not math.isfinite(x):
            report.error(path, f"{x} is not a finite number")
        elif abs(x) > MAX_MAGNITUDE:
            report.error(
                path,
                f"{x:g} is beyond what the engine can simulate (at most {MAX_MAGNITUDE:g} in "
                "magnitude)",
                "write large amounts with a multiplier unit, e.g. 'trillion RUB_2025'",
            )
    meta = data.get("meta")
    if isinstance(meta, dict):
        if isinstance(meta.get("horizon_days"), bool):
            report.error(("meta", "horizon_days"), "horizon_days must be a number of days")
        kd, start = as_date(meta.get("knowledge_date")), as_date(meta.get("start_date"))
        if kd and start and start > kd + dt.timedelta(days=START_AFTER_KNOWLEDGE_DAYS):
            report.error(
                ("meta", "start_date"),
                f"start_date {start} is {(start - kd).days} days after knowledge_date {kd}",
                f"day 0 may be at most {START_AFTER_KNOWLEDGE_DAYS} days after what is known",
            )
    listed = data.get("sources")
    sources = {
        s["id"]: as_date(s.get("date"))
        for s in (listed if isinstance(listed, list) else [])
        if isinstance(s, dict) and isinstance(s.get("id"), str)
    }
    claims = data.get("claims")
    for i, claim in enumerate(claims if isinstance(claims, list) else []):
        if not isinstance(claim, dict):
            continue
        source = claim.get("source")
        when = as_date(claim.get("date"))
        src = sources.get(source) if isinstance(source, str) else None
        if when and src and when < src - dt.timedelta(days=CLAIM_BEFORE_SOURCE_DAYS):
            report.error(
                ("claims", i, "date"),
                f"claim dated {when}, {(src - when).days} days before its source ({src})",
                f"a claim may precede its source's date by at most {CLAIM_BEFORE_SOURCE_DAYS} days",
            )
    strategies = data.get("strategies")
    if isinstance(strategies, dict):
        for side, entries in strategies.items():
            if side not in ("attacker", "defender") or not isinstance(entries, dict):
                continue
            for name, entry in entries.items():
                use = entry.get("use") if isinstance(entry, dict) else None
                target = use if isinstance(use, str) and use else name
                where: KeyPath = (
                    ("strategies", side, name, "use") if use else ("strategies", side, name)
                )
                if isinstance(target, str):
                    _check_strategy_name(report, where, target)
    sides = data.get("sides")
    if isinstance(sides, dict):
        for side in ("attacker", "defender"):
            s = sides.get(side)
            if not isinstance(s, dict):
                continue
            default = s.get("default_strategy")
            declared = (strategies or {}).get(side) if isinstance(strategies, dict) else None
            if isinstance(default, str) and not (
                isinstance(declared, dict) and default in declared
            ):
                _check_strategy_name(report, ("sides", side, "default_strategy"), default)
            contingents = s.get("contingents")
            for j, c in enumerate(contingents if isinstance(contingents, list) else []):
                dep = c.get("deployment") if isinstance(c, dict) else None
                if isinstance(dep, dict) and dep:
                    w = [v for v in dep.values() if isinstance(v, float | int)]
                    if w and all(v >= 0 for v in w) and sum(w) <= 0:
                        report.error(
                            ("sides", side, "contingents", j, "deployment"),
                            "deployment weights are all zero",
                            "give at least one sector a positive weight",
                        )
    evidence = data.get("evidence")
    if isinstance(evidence, dict):
        for key in ("reliability_weights", "credibility_weights"):
            grades = evidence.get(key)
            if isinstance(grades, dict) and grades:
                vals = [v for v in grades.values() if isinstance(v, float | int)]
                if vals and not any(v > 0 for v in vals):
                    report.error(
                        ("evidence", key), f"{key} are all zero", "give some grade a weight"
                    )
    return report.errors
