"""``compare ukraine-front-2025`` with the theatre's strategies on common random numbers, and
its report's maps draw every sector of the whole front."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import clausewitz as cw
from clausewitz.report.comparison_figures import axis_map
from clausewitz.report.decision_figures import territory_map
from clausewitz.scenario.loader import load_scenario


def test_theatre_strategies_compare_on_the_same_runs() -> None:
    strategies = ["attrition", "decisive", "two-battles"]
    result = cw.compare("ukraine-front-2025", strategies, runs=24, seed=2, days=30)
    c = result.comparison
    assert [arm.arm.label for arm in c.arms] == strategies
    # common random numbers: every arm ran the same run ids
    ids = [arm.table.column("run").to_pylist() for arm in c.arms]
    assert ids[0] == ids[1] == ids[2] == list(range(24))
    sectors = load_scenario("ukraine-front-2025").scenario.theatre.sectors
    assert len(sectors) == 12
    # the two maps of the report hold a start marker for each of the twelve sectors
    fig = axis_map(c)
    assert fig is not None
    labels = [t.get_text() for t in fig.axes[0].texts]
    assert sum(label.endswith(": front 3 Jul") for label in labels) == 12
    ground = territory_map(c, None, None, 30)
    assert ground is not None
    names = {t.get_text() for t in ground.axes[0].texts}
    assert {s.id for s in sectors} <= names
