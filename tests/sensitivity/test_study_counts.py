"""Counts a user gives the sensitivity study are checked first, under the option's name."""

from __future__ import annotations

import pytest

from clausewitz.errors import UserError
from clausewitz.scenario.loader import LoadedScenario, load_scenario
from clausewitz.sensitivity.study import run_study


@pytest.fixture(scope="module")
def tutorial() -> LoadedScenario:
    return load_scenario("tutorial")


@pytest.mark.parametrize(
    ("counts", "message"),
    [
        ({"runs": 0}, "--runs must be at least 2 (got 0)"),  # was a ZeroDivisionError
        ({"runs": 1}, "--runs must be at least 2 (got 1)"),
        ({"point_runs": 0}, "--point-runs must be at least 1 (got 0)"),
        ({"samples": 0}, "--samples must be at least 2 (got 0)"),  # was read as the default
        ({"top": 0}, "--top must be at least 1 (got 0)"),
    ],
)
def test_a_count_too_small_is_refused_by_its_option_name(
    tutorial: LoadedScenario, counts: dict[str, int], message: str
) -> None:
    with pytest.raises(UserError) as info:
        run_study(
            tutorial,
            "attacker_losses",
            method="sobol",
            parameters=["ru-troops", "ua-troops"],
            point_runs=counts.get("point_runs", 1),
            days=5,
            with_sources=False,
            **{k: v for k, v in counts.items() if k != "point_runs"},
        )
    assert str(info.value) == message
