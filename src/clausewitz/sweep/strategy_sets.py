"""Strategy combinations to run at every sweep point: ``--strategies SIDE=NAME[,NAME...]``."""

from __future__ import annotations

import itertools
from collections.abc import Iterable

from clausewitz.errors import UserError
from clausewitz.runner.options import SIDES


def parse_strategy_sets(options: Iterable[str]) -> list[dict[str, str]]:
    """``["attacker=attrition,decisive", "defender=hold-line"]`` → every combination.

    Each option names one side and one or more strategies; the result is the product over the
    sides given (sides not given keep the scenario's default, so they are absent from each
    dict). No option gives one combination with nothing chosen.
    """
    per_side: dict[str, list[str]] = {}
    for opt in options:
        side, sep, names = opt.partition("=")
        side = side.strip()
        chosen = [n.strip() for n in names.split(",") if n.strip()]
        if not sep or not side or not chosen:
            raise UserError(
                f"--strategies {opt!r}: expected SIDE=NAME[,NAME...], "
                "e.g. --strategies attacker=attrition,decisive"
            )
        if side not in SIDES:
            raise UserError(
                f"--strategies {opt!r}: unknown side {side!r} (sides: {', '.join(SIDES)})"
            )
        if side in per_side:
            raise UserError(f"--strategies given twice for the {side}")
        if len(set(chosen)) != len(chosen):
            raise UserError(f"--strategies {opt!r}: a strategy is listed twice")
        per_side[side] = chosen
    sides = [s for s in SIDES if s in per_side]
    return [
        dict(zip(sides, combo, strict=True))
        for combo in itertools.product(*(per_side[s] for s in sides))
    ]
