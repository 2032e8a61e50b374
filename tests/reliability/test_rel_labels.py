"""Names a scenario chose are drawn as text, never as matplotlib mathtext (issue case 8)."""

from __future__ import annotations

import pytest
from matplotlib.figure import Figure

from clausewitz.report.page import figure_svg


@pytest.mark.parametrize("label", ["A $x$ and $$", "$", "cost in $ and \\frac{1}{2}$", "$$$"])
def test_dollar_signs_in_labels_draw(label: str) -> None:
    fig = Figure()
    ax = fig.add_subplot()
    ax.plot([0, 1], [0, 1], label=label)
    ax.set_title(label)
    ax.annotate(label, (0.5, 0.5))
    ax.legend()
    svg = figure_svg(fig)
    assert svg.startswith("<svg")
