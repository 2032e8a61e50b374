"""Parsing what a user asks for (``--strategy SIDE=NAME``) into checked values."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from clausewitz.errors import UserError

SIDES: tuple[str, ...] = ("attacker", "defender")


def parse_strategy_options(options: Iterable[str]) -> dict[str, str]:
    """``["attacker=decisive", ...]`` → ``{"attacker": "decisive"}``; each side at most once."""
    out: dict[str, str] = {}
    for opt in options:
        side, sep, name = opt.partition("=")
        side, name = side.strip(), name.strip()
        if not sep or not side or not name:
            raise UserError(
                f"--strategy {opt!r}: expected SIDE=NAME, e.g. --strategy attacker=steady-pressure"
            )
        if side not in SIDES:
            raise UserError(
                f"--strategy {opt!r}: unknown side {side!r} (sides: {', '.join(SIDES)})"
            )
        if side in out:
            raise UserError(f"--strategy given twice for the {side}")
        out[side] = name
    return out


def merge_strategies(given: Mapping[str, str], defaults: Mapping[str, str]) -> dict[str, str]:
    """The strategy of each side: the one given, else the default."""
    return {side: given.get(side, defaults[side]) for side in SIDES}
