"""``compare ukraine-front-2025`` with the theatre's strategies on common random numbers, and
its report's maps draw every sector of the whole front and its fan charts the troops in
transit."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np

import clausewitz as cw
from clausewitz.report.comparison_figures import axis_map, fan_charts, has_transit
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
    labels = {t.get_text() for t in fig.axes[0].texts}
    assert {s.id for s in sectors} <= labels
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert "each sector's front on 3 Jul" in legend
    ground = territory_map(c, None, None, 30)
    assert ground is not None
    names = {t.get_text() for t in ground.axes[0].texts}
    assert {s.id for s in sectors} <= names

    # the daily record's troops in transit are banded and drawn, one panel a side
    assert has_transit(c)
    names = [v.name for v in c.arms[0].bands.variables]
    assert names[-2:] == ["transit.attacker", "transit.defender"]
    fan = fan_charts(c, sectors=[s.id for s in sectors])
    titles = [ax.get_title() for ax in fan.axes if ax.get_title()]
    assert len(titles) == 12 + 2 + 2
    assert titles[-2:] == ["attacker troops in transit", "defender troops in transit"]
    # decisive sends half its reserve from Donetsk on day 0: its median is on the march then
    k = names.index("transit.attacker")
    decisive = c.arms[1].bands.quantiles((0.5,))[:, k, 0]
    assert decisive[0] > 0.0


def test_a_scenario_without_a_reserve_location_keeps_its_fan_charts() -> None:
    """No reserve location, no march: no transit band and no transit panel."""
    c = cw.compare("tutorial", ["attrition", "decisive"], runs=8, seed=2, days=10).comparison
    assert not has_transit(c)
    assert not any(v.name.startswith("transit.") for v in c.arms[0].bands.variables)
    sectors = [s.id for s in load_scenario("tutorial").scenario.theatre.sectors]
    titles = [ax.get_title() for ax in fan_charts(c, sectors=sectors).axes if ax.get_title()]
    assert len(titles) == len(sectors) + 2
    assert np.all(["transit" not in t for t in titles])
