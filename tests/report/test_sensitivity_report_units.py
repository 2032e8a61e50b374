"""The sensitivity report gives the KPI's unit wherever it shows a value or change of it."""

from __future__ import annotations

from clausewitz.report.sensitivity import amount, tornado_figure, with_unit
from clausewitz.sensitivity.oat import TornadoRow


def test_values_and_changes_carry_the_kpis_unit() -> None:
    assert with_unit("objective_day.pokrovsk") == "objective_day.pokrovsk (days)"
    assert with_unit("attacker_losses") == "attacker_losses (troops)"
    assert amount(19.58, "objective_rday.pokrovsk") == "19.58 days"
    assert amount(1234.0, "attacker_losses") == "1,234 troops"
    assert amount(0.25, "objective_captured.pokrovsk") == "0.25 (share of runs)"
    assert amount(float("nan"), "attacker_losses") == "-"
    assert with_unit("not-a-kpi") == "not-a-kpi"


def test_the_tornado_axis_and_base_name_the_unit() -> None:
    rows = [
        TornadoRow("depth-pokrovsk", "evidence", 5.0, 7.0, "km", 80.0, 100.0, 82.7),
        TornadoRow("ua-troops", "assumption", 3e4, 5e4, "troops", 85.0, 80.0, 82.7),
    ]
    ax = tornado_figure(rows, "objective_day.pokrovsk").axes[0]
    assert ax.get_xlabel().startswith("objective_day.pokrovsk (days)")
    assert ax.get_title().endswith("base 82.7 days")
