"""The unit registry: counts of troops, currencies with a price year, multipliers, errors."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from clausewitz import units
from clausewitz.errors import UserError


def test_troops_and_aliases() -> None:
    assert units.convert(1, "thousand soldiers", "troops") == 1000
    assert units.convert(3, "people", "troop") == 3
    assert units.convert(2, "person", "personnel") == 2
    assert units.dimension_text("troops") == "[personnel]"
    assert not units.compatible("troops", "tonne")


def test_currency_with_year_is_its_own_dimension() -> None:
    assert units.convert(13.5, "trillion RUB_2025", "RUB_2025") == pytest.approx(1.35e13)
    assert units.convert(149, "billion USD_2024", "million USD_2024") == pytest.approx(149_000)
    per_day = units.convert(365.25, "billion USD_2024/year", "billion USD_2024/day")
    assert per_day == pytest.approx(1.0)
    assert units.compatible("trillion RUB_2025/year", "RUB_2025/day")
    assert not units.compatible("RUB_2025", "USD_2025")
    assert not units.compatible("RUB_2024", "RUB_2025")
    with pytest.raises(units.UnitError, match="cannot convert 'RUB_2025' to 'EUR_2024'"):
        units.convert(1.0, "RUB_2025", "EUR_2024")


def test_lengths_areas_times_and_shares() -> None:
    assert units.convert(1, "km²", "hectare") == pytest.approx(100)
    assert units.compatible("km**2", "km^2")
    assert units.convert(135, "m/day", "km/day") == pytest.approx(0.135)
    assert units.convert(1, "month", "day") == pytest.approx(365.25 / 12)
    assert units.convert(1, "year", "day") == pytest.approx(365.25)
    assert units.convert(6.3, "percent", "1") == pytest.approx(0.063)
    assert units.convert(32.5, "%", "1") == pytest.approx(0.325)
    assert units.dimension_text("1") == "dimensionless"


def test_supply_demand_per_thousand_troops() -> None:
    # 700 t/day per division of ~10,000 troops is 70 t/day per 1,000 troops
    per_thousand = units.convert(700 / 10_000, "tonne/day/troop", "tonne/day/(thousand troops)")
    assert per_thousand == pytest.approx(70)
    assert units.convert(1, "tonne/day/(thousand troops)", "kg/day/troop") == pytest.approx(1)


def test_convert_arrays() -> None:
    out = units.convert(np.array([1.0, 2.5]), "km", "m")
    np.testing.assert_allclose(out, [1000.0, 2500.0])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("tonne/dya", "unknown unit 'dya' in 'tonne/dya' (did you mean 'day'?)"),
        ("furlong", "unknown unit 'furlong'"),
        ("RUB", "unknown unit 'RUB' (a currency is written CODE_YEAR, e.g. RUB_2025 or USD_2024)"),
        ("rub_2025", "unknown unit 'rub_2025' (a currency is written CODE_YEAR"),
        ("3 km", "'3 km' is not a unit: it contains a number"),
        ("troops/", "'troops/' is not a valid unit expression"),
    ],
)
def test_parse_errors_are_clear(text: str, message: str) -> None:
    with pytest.raises(units.UnitError) as info:
        units.parse_unit(text)
    assert str(info.value).startswith(message)
    assert isinstance(info.value, UserError)


def test_non_text_unit() -> None:
    with pytest.raises(units.UnitError, match="a unit must be text"):
        units.parse_unit(5)  # type: ignore[arg-type]


def test_unparseable_units_are_not_compatible() -> None:
    assert not units.compatible("nonsense", "nonsense")


_FAMILIES = [
    ["km", "m", "mile"],
    ["troops", "thousand troops", "million soldiers"],
    ["tonne/day", "kg/hour", "thousand tonne/month"],
    ["trillion RUB_2025/year", "billion RUB_2025/day", "RUB_2025/week"],
    ["1", "percent", "permille"],
]


@given(
    family=st.sampled_from(_FAMILIES),
    data=st.data(),
    value=st.floats(min_value=-1e12, max_value=1e12, allow_nan=False),
)
def test_round_trip(family: list[str], data: st.DataObject, value: float) -> None:
    a = data.draw(st.sampled_from(family))
    b = data.draw(st.sampled_from(family))
    back = units.convert(units.convert(value, a, b), b, a)
    assert math.isclose(back, value, rel_tol=1e-9, abs_tol=1e-9)
    assert units.factor(a, b) * units.factor(b, a) == pytest.approx(1.0)
