"""The optimiser's recommendation in words: every number with its unit, spelt right."""

from __future__ import annotations

import re

from clausewitz.optimize import optimize
from clausewitz.report.optimization import headline_text
from clausewitz.scenario.loader import load_scenario


def test_every_criterion_reads_with_its_own_unit() -> None:
    res = optimize(
        load_scenario("tutorial"),
        side="attacker",
        trials=3,
        runs=10,
        seed=1,
        days=30,
        population=2,
        objectives=["losses", "ground"],  # losses lead: the first criterion is not in days
    )
    text = headline_text(res)
    assert "troopss" not in text and "km²s" not in text
    if "Against " in text:  # the recommendation is not the baseline itself
        assert re.search(r"attacker losses [+-][\d,]+ troops on average \(95% CI", text), text
    assert re.search(r"hardest posture is [\w-]+: attacker losses [\d,]+ troops on average", text)
