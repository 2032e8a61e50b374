"""The comparison report names what it shows: the tornado's KPI, the losses' unit."""

from __future__ import annotations

import re

import pytest

import clausewitz as cw
from clausewitz.api import ComparisonResult
from clausewitz.report.comparison_figures import loss_distributions


@pytest.fixture(scope="module")
def result() -> ComparisonResult:
    return cw.compare("tutorial", ["attrition", "decisive"], runs=16, seed=1)


def _caption(html: str, anchor: str) -> str:
    section = html.split(f'id="{anchor}"', 1)[1].split("</section>", 1)[0]
    return re.sub(r"\s+", " ", section.split("<figcaption>", 1)[1].split("</figcaption>", 1)[0])


def test_the_tornado_caption_names_the_kpi_it_shows(result: ComparisonResult) -> None:
    # the default KPI of the tornado is whether the headline objective fell
    page = cw.compare_report(result, tornado_params=1, tornado_runs=4).render()
    caption = _caption(page, "what-the-answer-hinges-on")
    assert "objective_captured.pokrovsk, Pokrovsk falls (share of runs)" in caption
    assert "objective_rday" not in caption  # it described another KPI than the one drawn
    assert "change in Pokrovsk falls (share of runs)" in page


def test_the_loss_histograms_name_their_unit(result: ComparisonResult) -> None:
    for ax in loss_distributions(result.comparison).axes:
        assert ax.get_xlabel().startswith("troops lost over the horizon")
