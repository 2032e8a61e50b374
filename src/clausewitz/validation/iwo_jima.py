"""Iwo Jima: the battle integrator against Helmbold's published sheet, and the laws fitted back.

The check is exact: :mod:`clausewitz.battle` with the sheet's coefficients and daily landings
(``examples/battles/iwo_jima_helmbold.yaml`` says the same in a battle file) must give the
sheet's "Calc'd" strengths of both sides on every day to six significant figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from clausewitz.battle.lanchester import BattleResult, simulate
from clausewitz.battle.spec import BattleSpec, Phase, Reinforcements, Side
from clausewitz.fitting.laws import Comparison, compare_laws
from clausewitz.fitting.series import LossSeries
from clausewitz.validation.datasets import IwoJimaSheet, load_iwo_jima

F = NDArray[np.float64]

SIGNIFICANT_FIGURES = 6
TOLERANCE = 0.5 * 10.0 ** (1 - SIGNIFICANT_FIGURES)
"""Largest relative error that still agrees to six significant figures."""


def sheet_battle(sheet: IwoJimaSheet | None = None) -> BattleSpec:
    """The sheet as a battle: square law, one-day phases, each day's landings joining x."""
    s = load_iwo_jima() if sheet is None else sheet
    return BattleSpec(
        name="Iwo Jima 1945 (Helmbold's sheet)",
        law="square",
        step="day",
        x=Side(name="US", initial=0.0, kills=s.us_kills),
        y=Side(name="Japan", initial=s.japanese_initial, kills=s.japanese_kills),
        phases=[
            Phase(name=f"D+{i}", duration=1.0, reinforcements=Reinforcements(x=float(n)))
            for i, n in enumerate(s.landings)
        ],
    )


def relative_errors(result: BattleResult, sheet: IwoJimaSheet) -> tuple[F, F]:
    """Relative error of each day's computed US and Japanese strength against the sheet's
    (a checkpoint of 0 must be reproduced as exactly 0: error 0 or 1)."""
    x = np.array([p.x for p in result.trajectory[1:]])
    y = np.array([p.y for p in result.trajectory[1:]])

    def rel(got: F, want: F) -> F:
        with np.errstate(divide="ignore", invalid="ignore"):
            e = np.abs(got - want) / np.abs(want)
        return np.where(want == 0, (got != 0).astype(float), e)

    return rel(x, sheet.calc_us), rel(y, sheet.calc_japanese)


@dataclass(frozen=True)
class IwoJimaCheck:
    """The reproduction and the fits."""

    sheet: IwoJimaSheet
    result: BattleResult
    rel_error_us: F
    rel_error_japanese: F
    comparison: Comparison

    @property
    def max_rel_error(self) -> float:
        return float(max(self.rel_error_us.max(), self.rel_error_japanese.max()))

    @property
    def reproduced(self) -> bool:
        return self.max_rel_error <= TOLERANCE

    def to_dict(self) -> dict[str, Any]:
        fits = {
            f"{f.law}/{f.method}": {
                "us_kills": f.x.kills.to_dict(),
                "japanese_kills": f.y.kills.to_dict(),
                "aic": f.aic,
            }
            for f in self.comparison.fits
            if f.law == "square"
        }
        return {
            "max_rel_error": self.max_rel_error,
            "significant_figures": SIGNIFICANT_FIGURES,
            "reproduced": self.reproduced,
            "checkpoints": 2 * self.sheet.days,
            "coefficients": {
                "us_kills": self.sheet.us_kills,
                "japanese_kills": self.sheet.japanese_kills,
            },
            "final": {"us": self.result.final.x, "japanese": self.result.final.y},
            "japanese_zero_day": _zero_day(self.result),
            "fit_square": fits,
            "best_law": {m: self.comparison.best(m) for m in ("ls", "poisson", "negbin")},
        }


def _zero_day(result: BattleResult) -> int | None:
    """D+ day at whose end the Japanese strength first reaches zero."""
    for p in result.trajectory[1:]:
        if p.y <= 0.0:
            return int(p.t) - 1
    return None


def reproduced_series(result: BattleResult, sheet: IwoJimaSheet) -> LossSeries:
    """The reproduced trajectory as a loss series (landings as x's reinforcements)."""
    t = np.array([p.t for p in result.trajectory])
    x = np.array([p.x for p in result.trajectory])
    y = np.array([p.y for p in result.trajectory])
    landings = np.append(sheet.landings, 0.0)
    return LossSeries.from_strengths(t, x, y, landings, None, x_name="US", y_name="Japan")


def check_iwo_jima(n_boot: int = 199, seed: int = 0) -> IwoJimaCheck:
    """Reproduce the sheet and fit the four laws back to the reproduced trajectory."""
    sheet = load_iwo_jima()
    result = simulate(sheet_battle(sheet))
    eu, ej = relative_errors(result, sheet)
    comparison = compare_laws(
        reproduced_series(result, sheet), n_boot=n_boot, seed=seed, intervals=("square",)
    )
    return IwoJimaCheck(sheet, result, eu, ej, comparison)
