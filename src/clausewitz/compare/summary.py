"""Statistics of a comparison: per-arm KPI intervals, paired differences, CRN variance ratios.

JSON shape (``clausewitz compare --json``)::

    {"scenario", "seed", "runs", "side", "strategies": [labels],
     "kpis": {label: {kpi: {mean, ci_low, ci_high}}},
     "paired": {"a-b": {kpi: {diff_mean, ci_low, ci_high, p_better}}},
     "crn_variance_ratio": {kpi: number}, "stopping": {...}, "manifest": {...}}

``p_better`` is the probability that ``a`` beats ``b`` on the KPI from the compared side's
point of view (normal approximation to the paired mean difference; a higher or lower value is
better as :func:`~clausewitz.compare.kpis.higher_is_better` says). ``crn_variance_ratio`` is,
over all pairs, ``sum(Var a + Var b) / sum(Var(a - b))``: how many times more runs independent
streams would have needed for the same precision.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from typing import Any

from clausewitz.compare.experiment import Comparison
from clausewitz.compare.kpis import higher_is_better, kpi_names
from clausewitz.stats.paired import kpi_interval, paired_difference


def _num(x: float) -> float | None:
    return None if not math.isfinite(x) else float(x)


def summarise(c: Comparison) -> dict[str, Any]:
    """The comparison's statistics as a JSON-ready dict."""
    names = kpi_names(c.objective_ids)
    kpis: dict[str, dict[str, dict[str, float | None]]] = {}
    for label in c.labels:
        values = c.kpis(label)
        kpis[label] = {}
        for k in names:
            iv = kpi_interval(values[k])
            kpis[label][k] = {
                "mean": _num(iv.estimate),
                "ci_low": _num(iv.low),
                "ci_high": _num(iv.high),
            }
    paired: dict[str, dict[str, dict[str, float | None]]] = {}
    indep = dict.fromkeys(names, 0.0)
    diffvar = dict.fromkeys(names, 0.0)
    for a, b in itertools.combinations(c.labels, 2):
        va, vb = c.kpis(a), c.kpis(b)
        block: dict[str, dict[str, float | None]] = {}
        for k in names:
            d = paired_difference(va[k], vb[k], higher_is_better=higher_is_better(k, c.side))
            block[k] = {
                "diff_mean": _num(d.diff.estimate),
                "ci_low": _num(d.diff.low),
                "ci_high": _num(d.diff.high),
                "p_better": _num(d.p_better),
                "share_runs_better": _num(d.share_runs_better),
            }
            if va[k].size > 1:
                indep[k] += float(va[k].var(ddof=1) + vb[k].var(ddof=1))
                diffvar[k] += float((va[k] - vb[k]).var(ddof=1))
        paired[f"{a}-{b}"] = block
    ratio: dict[str, float | None] = {}
    for k in names:
        if diffvar[k] > 0:
            ratio[k] = indep[k] / diffvar[k]
        else:
            ratio[k] = None  # no variance in the differences (or no pairs): undefined
    return {
        "scenario": c.manifest["scenario"],
        "seed": c.seed,
        "runs": c.runs,
        "days": c.days,
        "side": c.side,
        "strategies": c.labels,
        "kpis": kpis,
        "paired": paired,
        "crn_variance_ratio": ratio,
        "stopping": c.stopping,
        "manifest": c.manifest,
    }


def best_label(summary: Mapping[str, Any], kpi: str) -> str:
    """The arm with the best mean ``kpi`` for the compared side."""
    side = summary["side"]
    hib = higher_is_better(kpi, side)
    means = {lab: summary["kpis"][lab][kpi]["mean"] for lab in summary["strategies"]}
    ranked = sorted(means, key=lambda lab: means[lab] if means[lab] is not None else -math.inf)
    return ranked[-1] if hib else ranked[0]
