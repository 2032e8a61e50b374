"""The KPI catalogue: one name per measure, the pairable ones, checks and directions."""

from __future__ import annotations

import pytest

from clausewitz.errors import UserError
from clausewitz.kpis import CATALOGUE, check_kpi, higher_is_better, kpi_names, kpi_of

OBJECTIVES = ["pokrovsk", "kramatorsk"]


def test_every_name_belongs_to_one_measure_and_the_order_is_the_catalogue() -> None:
    names = kpi_names(OBJECTIVES)
    assert len(names) == len(set(names))
    assert names[:3] == [
        "objective_captured.pokrovsk",
        "objective_captured.kramatorsk",
        "objective_day.pokrovsk",
    ]
    families = [kpi_of(n).family for n in names]
    assert families == sorted(families, key=[k.family for k in CATALOGUE].index)
    assert names[-2:] == ["fiscal_crisis.attacker", "fiscal_crisis.defender"]


def test_a_comparison_pairs_all_but_the_conditional_mean() -> None:
    paired = kpi_names(OBJECTIVES, pairable=True)
    assert set(kpi_names(OBJECTIVES)) - set(paired) == {
        "objective_day.pokrovsk",
        "objective_day.kramatorsk",
    }
    assert "objective_rday.pokrovsk" in paired
    with pytest.raises(UserError, match=r"cannot be paired.*'objective_rday\.pokrovsk'"):
        check_kpi("objective_day.pokrovsk", OBJECTIVES, pairable=True)
    assert check_kpi("objective_day.pokrovsk", OBJECTIVES) == "objective_day.pokrovsk"


def test_unknown_names_get_a_suggestion_and_the_list() -> None:
    with pytest.raises(UserError) as err:
        check_kpi("objective_rday.pokrovks", OBJECTIVES)
    text = str(err.value)
    assert "did you mean 'objective_rday.pokrovsk'" in text
    assert "exchange_ratio" in text and "fiscal_crisis.defender" in text


def test_shares_take_wilson_intervals_and_means_student_t() -> None:
    for kpi in CATALOGUE:
        assert kpi.interval == ("wilson" if kpi.estimator == "share" else "student-t")


@pytest.mark.parametrize(
    ("name", "side", "higher"),
    [
        ("objective_captured.pokrovsk", "attacker", True),
        ("objective_captured.pokrovsk", "defender", False),
        ("objective_rday.pokrovsk", "attacker", False),
        ("objective_day.pokrovsk", "defender", True),
        ("attacker_losses", "attacker", False),
        ("defender_losses", "attacker", True),
        ("exchange_ratio", "defender", True),
        ("ceasefire", "attacker", True),
        ("ceasefire", "defender", True),
        ("fiscal_crisis.attacker", "attacker", False),
        ("fiscal_crisis.attacker", "defender", True),
    ],
)
def test_directions(name: str, side: str, higher: bool) -> None:
    assert higher_is_better(name, side) is higher
