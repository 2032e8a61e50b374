"""The comparison report's strategy matrix: labelled axes, a unit, and numbers one can read."""

from __future__ import annotations

from matplotlib.colors import to_rgba

from clausewitz.compare.matrix import MatrixResult
from clausewitz.report.comparison import kpi_label
from clausewitz.report.comparison_figures import matrix_heatmap


def _matrix() -> MatrixResult:
    mean = [[207.0, 212.0, 214.0], [140.0, 148.0, 147.0], [240.0, 247.0, 243.0]]
    return MatrixResult(
        "objective_rday.pokrovsk",
        ["attrition", "decisive", "envelop"],
        ["defend-in-depth", "hold-every-metre", "elastic"],
        mean,
        mean,
        mean,
        100,
    )


def test_the_kpi_is_named_with_its_unit() -> None:
    names = {"pokrovsk": "Pokrovsk"}
    assert kpi_label("objective_rday.pokrovsk", names) == "Pokrovsk day (days)"
    assert kpi_label("attacker_losses", names) == "attacker losses (troops)"
    assert kpi_label("territory_km2", names) == "ground taken (km²)"
    assert kpi_label("objective_captured.pokrovsk", names) == "Pokrovsk falls (share of runs)"


def test_matrix_axes_are_labelled_and_the_colour_bar_carries_the_unit() -> None:
    fig = matrix_heatmap(_matrix(), "Pokrovsk day (days)")
    heat, bar = fig.axes
    assert heat.get_xlabel() == "defender strategy"
    assert heat.get_ylabel() == "attacker strategy"
    assert bar.get_ylabel() == "Pokrovsk day (days)"


def test_cell_numbers_contrast_with_their_cell() -> None:
    fig = matrix_heatmap(_matrix(), "Pokrovsk day (days)")
    heat = fig.axes[0]
    ink = {t.get_text(): to_rgba(t.get_color()) for t in heat.texts}
    # viridis: the highest value is a light yellow (dark ink), the lowest a dark purple (light)
    assert ink["247"][:3] == (0.0, 0.0, 0.0)
    assert ink["140"][:3] == (1.0, 1.0, 1.0)
