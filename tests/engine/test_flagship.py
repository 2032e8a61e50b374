"""The flagship scenario: it compiles, and both engines agree on it over the full horizon."""

from __future__ import annotations

import numpy as np
import pytest
from engine_helpers import make_plan
from test_equivalence import assert_engines_agree

from clausewitz.scenario.loader import load_scenario
from clausewitz.strategies import default_strategies


@pytest.fixture(scope="module")
def flagship():  # type: ignore[no-untyped-def]
    return load_scenario("pokrovsk-2025")


def test_flagship_compiles_into_a_plan(flagship) -> None:  # type: ignore[no-untyped-def]
    plan = make_plan(flagship, 200, seed=2025)
    assert plan.horizon_days == 365
    assert plan.theatre.sector_ids == ("pokrovsk", "west", "rodynske", "kostiantynivka")
    assert plan.forces.contingent_ids == ("kpa-2025",)  # the only late contingent
    # the North Korean contingent arrives on a sampled day and joins the reserve after training
    arrival = plan.forces.contingent_arrival[:, 0]
    assert arrival.min() >= 0 and arrival.max() <= 200
    assert np.all(plan.forces.contingent_ready[:, 0] >= arrival + 14)
    # Pokrovsk's hub node feeds three sectors; capturing it must matter
    lg = plan.logistics
    hub = lg.node_ids.index("ua-pokrovsk")
    assert plan.theatre.objective_ids[lg.node_objective[hub]] == "pokrovsk"
    assert lg.route_count[1].min() >= 1 and lg.modelled.all()


def test_flagship_engines_agree_over_the_full_horizon(flagship) -> None:  # type: ignore[no-untyped-def]
    plan = make_plan(flagship, [0, 1, 4321], seed=2025)
    assert_engines_agree(plan, 2025, default_strategies())
