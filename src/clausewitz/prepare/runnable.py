"""What the scenario layer cannot check alone: strategy names and sides against the registry,
and a smoke run of the engine under every declared strategy.

:func:`smoke_check` runs in ``clausewitz check`` (:func:`check_runnable_scenario`) and before
``run`` and ``compare`` simulate, so what would fail mid-run fails first, located in the file
(``FILE:LINE:COL: key.path: message``): unknown strategies, a strategy given to the other side,
sector widths that are not positive, belts out of order, strategy settings the strategy refuses,
draws outside their sampler's domain.
"""

from __future__ import annotations

import os
import re
from importlib.metadata import entry_points
from typing import Any

import numpy as np

from clausewitz.errors import Diagnostic, UserError
from clausewitz.prepare.prepared import PreparedScenario
from clausewitz.scenario.fields import KeyPath
from clausewitz.scenario.loader import CheckResult, LoadedScenario, check_scenario
from clausewitz.scenario.runnable import LocatedErrors
from clausewitz.strategies.registry import (
    ATTACKER_LIBRARY,
    DEFAULT_ATTACKER,
    DEFAULT_DEFENDER,
    DEFENDER_LIBRARY,
    ENTRY_POINT_GROUP,
    registered_strategies,
)
from clausewitz.units import convert

SMOKE_RUNS = 4
"""Runs compiled and simulated by :func:`smoke_check` per strategy."""
SMOKE_DAYS = 3
"""Days simulated by :func:`smoke_check`."""


def check_runnable_scenario(path_or_name: str | os.PathLike[str]) -> CheckResult:
    """:func:`~clausewitz.scenario.loader.check_scenario` and then, on a scenario that reads
    well, :func:`smoke_check`: what ``clausewitz check`` reports."""
    result = check_scenario(path_or_name)
    if result.loaded is None:
        return result
    errors = smoke_check(result.loaded)
    if not errors:
        return result
    return CheckResult(result.display, None, errors, result.warnings)


def _side_of(name: str) -> str | None:
    """The side a built-in strategy is written for (None for plug-ins)."""
    if name in ATTACKER_LIBRARY or name == DEFAULT_ATTACKER:
        return "attacker"
    if name in DEFENDER_LIBRARY or name == DEFAULT_DEFENDER:
        return "defender"
    return None


def _strategy_names() -> set[str]:
    return set(registered_strategies()) | {ep.name for ep in entry_points(group=ENTRY_POINT_GROUP)}


def _check_strategy_name(
    report: LocatedErrors, path: KeyPath, target: str, side: str, known: set[str]
) -> None:
    if ":" in target:
        return  # refused by the scenario layer already
    if target not in known:
        report.error(path, f"unknown strategy '{target}'", f"known: {', '.join(sorted(known))}")
        return
    written_for = _side_of(target)
    if written_for is not None and written_for != side:
        report.error(
            path,
            f"'{target}' is a {written_for}'s strategy, given to the {side}",
            f"give the {side} one of its own strategies",
        )


def strategy_names_check(loaded: LoadedScenario) -> list[Diagnostic]:
    """Every strategy the scenario names is registered (or an installed plug-in) and written for
    the side it is given to."""
    report = LocatedErrors(loaded.positions)
    known = _strategy_names()
    sc = loaded.scenario
    for side, entries in sc.strategies.items():
        for name, entry in entries.items():
            target = entry.use or name
            where: KeyPath = (
                ("strategies", side, name, "use") if entry.use else ("strategies", side, name)
            )
            _check_strategy_name(report, where, target, side, known)
    for side in ("attacker", "defender"):
        default = getattr(sc.sides, side).default_strategy
        if default and default not in sc.strategies.get(side, {}):
            _check_strategy_name(report, ("sides", side, "default_strategy"), default, side, known)
    return report.errors


def _declared(loaded: LoadedScenario) -> list[tuple[str, str | None, KeyPath]]:
    """(side, strategy, where to report) to try: every declared strategy, then the defaults."""
    out: list[tuple[str, str | None, KeyPath]] = []
    for side, entries in loaded.scenario.strategies.items():
        for name, entry in entries.items():
            path: KeyPath = ("strategies", side, name)
            out.append((side, name, (*path, "settings") if entry.settings else path))
    out.append(("attacker", None, ("sides",)))
    return out


_STRATEGY_IN_MESSAGE = re.compile(r"strategy '([^']+)'")


def _where(loaded: LoadedScenario, message: str, default: KeyPath) -> KeyPath:
    """The settings of the strategy a message names, if the scenario declares it."""
    m = _STRATEGY_IN_MESSAGE.search(message)
    if m:
        for side, entries in loaded.scenario.strategies.items():
            for name, entry in entries.items():
                if m.group(1) in (name, entry.use):
                    path: KeyPath = ("strategies", side, name)
                    return (*path, "settings") if entry.settings else path
    return default


def smoke_check(loaded: LoadedScenario) -> list[Diagnostic]:
    """Compile :data:`SMOKE_RUNS` runs and simulate :data:`SMOKE_DAYS` days under every
    declared strategy; what fails is reported at the place in the file that causes it."""
    names = strategy_names_check(loaded)
    if names:
        return names
    report = LocatedErrors(loaded.positions)
    run_ids = np.arange(SMOKE_RUNS, dtype=np.int64)
    sector_ids = [s.id for s in loaded.scenario.theatre.sectors]
    first = True
    for side, name, where in _declared(loaded):
        try:
            prepared = PreparedScenario(loaded, seed=0, days=SMOKE_DAYS)
            plan = prepared.compile(prepared.sample(run_ids), run_ids)
            if first:
                _geometry(report, plan, sector_ids, loaded, prepared)
                first = False
            prepared.simulate(plan, prepared.strategies({side: name} if name else {}))
        except UserError as exc:
            text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            report.error(_where(loaded, text, where), text)
        except (ValueError, ArithmeticError, RuntimeError) as exc:
            report.error(
                where,
                f"the engine cannot simulate this scenario: {exc}",
                "a value is outside what the model accepts (troops, widths, rates...)",
            )
        if report.errors:
            break
    return report.errors


def _geometry(
    report: LocatedErrors,
    plan: Any,
    sector_ids: list[str],
    loaded: LoadedScenario,
    ctx: PreparedScenario,
) -> None:
    frontage = np.asarray(plan.theatre.frontage, dtype=np.float64)
    for s, sid in enumerate(sector_ids):
        if not np.all(frontage[:, s] > 0.0):
            report.error(
                ("theatre", "sectors", s, "frontage"),
                f"sector '{sid}' has a width of {float(frontage[:, s].min()):g} km in some runs",
                "a frontage must be positive",
            )
    # belts are listed front to rear: compare their central (median) depths; sampled depths
    # may cross in single runs, which the compiler resolves (never before the previous belt)
    for s, sector in enumerate(loaded.scenario.theatre.sectors):
        medians = []
        for b in range(len(sector.belts)):
            name = ctx.table.name_at(("theatre", "sectors", s, "belts", b, "depth"))
            median = float(np.asarray(ctx.estimates[name].ppf(np.array([0.5])))[0])
            medians.append(convert(median, ctx.table[name].unit, "km"))
        for b in range(1, len(medians)):
            if medians[b] < medians[b - 1]:
                report.error(
                    ("theatre", "sectors", s, "belts", b, "depth"),
                    f"the belts of sector '{sector.id}' are not ordered by depth: "
                    f"'{sector.belts[b].id}' ({medians[b]:g} km) lies before "
                    f"'{sector.belts[b - 1].id}' ({medians[b - 1]:g} km)",
                    "list belts from the nearest to the deepest",
                )
                break
