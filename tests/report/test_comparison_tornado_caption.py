"""The comparison report's tornado says which KPI it shows, with its unit, and nothing else."""

from __future__ import annotations

import re

import clausewitz as cw


def _caption(html: str, anchor: str) -> str:
    section = html.split(f'id="{anchor}"', 1)[1].split("</section>", 1)[0]
    return re.sub(r"\s+", " ", section.split("<figcaption>", 1)[1].split("</figcaption>", 1)[0])


def test_the_tornado_caption_names_the_kpi_it_shows() -> None:
    result = cw.compare("tutorial", ["attrition", "decisive"], runs=16, seed=1)
    # the default KPI of the tornado is whether the headline objective fell
    page = cw.compare_report(result, tornado_params=1, tornado_runs=4).render()
    caption = _caption(page, "what-the-answer-hinges-on")
    assert "objective_captured.pokrovsk, Pokrovsk falls (share of runs)" in caption
    assert "objective_rday" not in caption  # it described another KPI than the one drawn
    assert "change in Pokrovsk falls (share of runs)" in page
