"""The parameter table: defaults, named and inline parameters, uses and their units."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel

from clausewitz import units
from clausewitz.scenario import defaults
from clausewitz.scenario.fields import iter_ref_sites, model_fields
from clausewitz.scenario.keyref import models_in_order
from clausewitz.scenario.loader import load_scenario
from clausewitz.scenario.parameters import (
    collect_parameters,
    defaults_rows,
    format_value,
)
from clausewitz.scenario.schema import Parameter, Scenario

MINIMAL = Path(__file__).parent / "fixtures" / "minimal.yaml"


def test_named_inline_and_uses() -> None:
    loaded = load_scenario(MINIMAL)
    table = collect_parameters(loaded)
    inline = [name for name, e in table.items() if e.origin == "inline"]
    assert inline[:3] == [
        "sides.attacker.recruitment_per_day",
        "sides.defender.recruitment_per_day",
        "theatre.sectors.south.frontage",
    ]
    assert "theatre.objectives.hub.encircled_when.0.depth" in inline
    ua = table["ua-troops"]
    assert (ua.origin, ua.unit, ua.basis, ua.path) == (
        "scenario",
        "thousand troops",
        "assumption",
        ("parameters", "ua-troops"),
    )
    (use,) = ua.uses
    assert use.path == ("sides", "defender", "contingents", 0, "troops")
    assert use.display == "sides.defender.contingents[ua-main].troops"
    assert (use.unit, use.min, use.max) == ("troops", 0.0, None)
    shared = table["return-share"]
    assert [u.display for u in shared.uses] == [
        "sides.attacker.wounded_return_share",
        "sides.defender.wounded_return_share",
    ]
    assert shared.uses[0].max == 1.0
    assert table["ru-troops"].claims == ("ru-troops-syrskyi",)
    (claim,) = table.claims_for("ru-troops")
    assert (claim.id, claim.value, claim.unit) == ("ru-troops-syrskyi", 111000, "troops")
    assert table.claims_for("ua-troops") == []
    assert table["ru-troops"].basis == "evidence"
    assert table.name_at(("theatre", "sectors", 0, "frontage")) == "theatre.sectors.south.frontage"
    assert table.name_at(("sides", "attacker", "killed_share")) == "share-killed"
    with pytest.raises(KeyError):
        table.name_at(("meta", "name"))
    assert all(e.used for e in table.values())
    assert len(table.by_basis("evidence")) == 2


def test_currency_placeholders_are_resolved() -> None:
    table = collect_parameters(load_scenario(MINIMAL))
    (gdp,) = table["economy.attacker.gdp_per_year"].uses
    assert gdp.unit == "RUB_2025/year"
    (reserves,) = table["economy.attacker.reserves"].uses
    assert reserves.unit == "RUB_2025"
    value = table["economy.attacker.gdp_per_year"].parameter.value
    assert value is not None
    converted = units.convert(value, table["economy.attacker.gdp_per_year"].unit, gdp.unit)
    assert converted == pytest.approx(223e12)


def test_bare_scenario_gives_the_same_table() -> None:
    loaded = load_scenario(MINIMAL)
    from_loaded = collect_parameters(loaded)
    from_model = collect_parameters(Scenario.model_validate(loaded.scenario.model_dump()))
    assert list(from_loaded) == list(from_model)
    assert [u.display for e in from_loaded.values() for u in e.uses] == [
        u.display for e in from_model.values() for u in e.uses
    ]


def test_defaults_are_merged_and_overridden(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(
        defaults._DEFAULTS,
        "share-killed",
        Parameter(unit="1", basis="engineering", value=0.3, rationale="test default"),
    )
    monkeypatch.setitem(
        defaults._DEFAULTS,
        "fatigue-days",
        Parameter(unit="day", basis="engineering", value=10, rationale="r", citation="QJM"),
    )
    table = collect_parameters(load_scenario(MINIMAL))
    assert table["fatigue-days"].origin == "default"
    assert table["fatigue-days"].uses == ()
    assert table["fatigue-days"].used  # the engine reads defaults by name
    killed = table["share-killed"]
    assert (killed.origin, killed.overrides_default, killed.parameter.value) == (
        "scenario",
        True,
        0.25,
    )
    rows = {r["name"]: r for r in defaults_rows()}
    assert rows["fatigue-days"] == {
        "name": "fatigue-days",
        "basis": "engineering",
        "value": "10",
        "unit": "day",
        "rationale": "r",
        "citation": "QJM",
        "description": "",
    }


@pytest.mark.parametrize(
    ("parameter", "text"),
    [
        (Parameter(basis="assumption", value=0.25, rationale="r"), "0.25"),
        (Parameter(**{"from": ["a", "b"]}), "from a, b"),
        (
            Parameter.model_validate(
                {
                    "basis": "assumption",
                    "rationale": "r",
                    "distribution": {"kind": "triangular", "low": 1, "mode": 2, "high": 4},
                    "low": 0,
                }
            ),
            "triangular(low=1, mode=2, high=4) in [0, inf]",
        ),
    ],
)
def test_format_value(parameter: Parameter, text: str) -> None:
    assert format_value(parameter) == text


def _all_models() -> list[type[BaseModel]]:
    return [m for m, _ in models_in_order()]


def test_every_quantity_field_has_a_unit_that_parses() -> None:
    """Each ParamRef field of the schema declares an expected unit pint understands."""
    found = 0
    for model in _all_models():
        for f in model_fields(model):
            annotation = str(model.model_fields[f.name].annotation)
            if "Parameter" in annotation and f.key != "parameters":
                assert f.spec is not None, f"{model.__name__}.{f.key} has no unit"
                units.parse_unit(f.spec.resolve("RUB_2025"))
                found += 1
    assert found == 38  # update when the schema gains or loses a quantity


def test_every_quantity_in_the_fixture_is_visited() -> None:
    loaded = load_scenario(MINIMAL)
    sites = list(iter_ref_sites(loaded.scenario))
    structure = MINIMAL.read_text().split("\nsides:\n")[1]
    inline = [s for s in sites if isinstance(s.value, Parameter)]
    assert len(inline) == structure.count("basis: assumption") == 15
    named = sorted({s.value for s in sites if isinstance(s.value, str)})
    assert named == [
        "return-delay",
        "return-share",
        "ru-military-share-budget",
        "ru-troops",
        "share-killed",
        "share-missing",
        "ua-troops",
    ]
    assert len(sites) == 26
