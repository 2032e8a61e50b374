"""Every attacker strategy against every defender strategy, on the same runs.

Which choice is robust to the other side's answer? For each cell the KPI's mean over the same
runs (common random numbers across all cells); the robust choice of a side is its maximin (the
strategy whose worst cell, over the other side's strategies, is best for it).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from clausewitz.compare.experiment import Arm, Progress, compare_arms
from clausewitz.compare.kpis import check_kpi, higher_is_better
from clausewitz.scenario.loader import LoadedScenario
from clausewitz.stats.paired import kpi_interval
from clausewitz.store import ExperimentWriter


@dataclass(frozen=True)
class MatrixResult:
    """KPI means (with 95% intervals) for every (attacker, defender) pair."""

    kpi: str
    attackers: list[str]
    defenders: list[str]
    mean: list[list[float]]
    ci_low: list[list[float]]
    ci_high: list[list[float]]
    runs: int

    def robust(self, side: str) -> str:
        """The side's maximin strategy on this KPI."""
        hib = higher_is_better(self.kpi, side)
        sign = 1.0 if hib else -1.0
        if side == "attacker":
            worst = {
                a: min(sign * m for m in row)
                for a, row in zip(self.attackers, self.mean, strict=True)
            }
        else:
            worst = {
                d: min(sign * self.mean[i][j] for i in range(len(self.attackers)))
                for j, d in enumerate(self.defenders)
            }
        return max(worst, key=lambda k: worst[k])

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "kpi": self.kpi,
            "runs": self.runs,
            "attackers": self.attackers,
            "defenders": self.defenders,
            "mean": self.mean,
            "ci_low": self.ci_low,
            "ci_high": self.ci_high,
            "robust": {"attacker": self.robust("attacker"), "defender": self.robust("defender")},
        }


def compare_matrix(
    loaded: LoadedScenario,
    attackers: Sequence[str],
    defenders: Sequence[str],
    *,
    kpi: str,
    runs: int,
    seed: int = 0,
    days: int | None = None,
    workers: int = 1,
    store: ExperimentWriter | None = None,
    progress: Progress | None = None,
) -> MatrixResult:
    """Simulate every (attacker, defender) pair on runs ``[0, runs)`` and tabulate ``kpi``."""
    check_kpi(kpi, [o.id for o in loaded.scenario.theatre.objectives])
    arms = [
        Arm(f"{a} vs {d}", {"attacker": a, "defender": d}) for a in attackers for d in defenders
    ]
    c = compare_arms(
        loaded,
        arms,
        runs=runs,
        seed=seed,
        days=days,
        workers=workers,
        store=store,
        progress=progress,
    )
    mean, lo, hi = [], [], []
    for a in attackers:
        rm, rl, rh = [], [], []
        for d in defenders:
            iv = kpi_interval(c.kpis(f"{a} vs {d}")[kpi])
            rm.append(iv.estimate)
            rl.append(iv.low if math.isfinite(iv.low) else iv.estimate)
            rh.append(iv.high if math.isfinite(iv.high) else iv.estimate)
        mean.append(rm)
        lo.append(rl)
        hi.append(rh)
    return MatrixResult(kpi, list(attackers), list(defenders), mean, lo, hi, c.runs)
