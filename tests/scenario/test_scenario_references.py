"""Cross-reference checks and warnings beyond the broken corpus."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from clausewitz.scenario import defaults
from clausewitz.scenario.loader import check_scenario
from clausewitz.scenario.schema import Parameter

Variant = Callable[..., Path]


def _errors(path: Path) -> list[tuple[str, str]]:
    return [(d.path, d.message) for d in check_scenario(path).errors]


def _warnings(path: Path) -> list[tuple[str, str]]:
    return [
        (d.path, d.message)
        for d in check_scenario(path).warnings
        if "rest only on assumptions" not in d.message
        and "rests only on assumptions" not in d.message
    ]


# a claim about a parameter 'idle-param' (which the variant must define)
SPARE_CLAIM = (
    "    value: 32.5\n",
    "    value: 32.5\n  - id: spare-claim\n    source: budget-law-2025\n"
    "    statement: x\n    date: 2025-01-01\n    parameter: idle-param\n"
    "    unit: '1'\n    credibility: 3\n    value: 1\n",
)


def _only_warning(path: Path, where: str, message: str) -> None:
    assert _errors(path) == []
    assert _warnings(path) == [(where, message)]


def test_unused_source_claim_and_parameter(variant: Variant) -> None:
    path = variant(
        SPARE_CLAIM,
        (
            "parameters:\n",
            "parameters:\n  idle-param: {from: [spare-claim]}\n"
            "  orphan: {basis: assumption, value: 1, rationale: nothing uses it}\n",
        ),
        ("    source: syrskyi-2025-06-27\n", "    source: budget-law-2025\n"),
    )
    assert _errors(path) == []
    assert _warnings(path) == [
        ("sources[syrskyi-2025-06-27]", "source 'syrskyi-2025-06-27' is not cited by any claim"),
        (
            "claims[spare-claim].parameter",
            "parameter 'idle-param' is never used by the model, so this claim has no effect",
        ),
        ("parameters.idle-param", "parameter 'idle-param' is never used"),
        ("parameters.orphan", "parameter 'orphan' is never used"),
    ]


def test_observation_role_silences_unused_and_flags_a_used_observation(
    variant: Variant,
) -> None:
    path = variant(
        SPARE_CLAIM,
        (
            "parameters:\n",
            "parameters:\n  idle-param: {from: [spare-claim], role: observation}\n",
        ),
        (
            "  ua-troops: {basis: assumption, unit: thousand troops, value: 60,",
            "  ua-troops: {role: observation, basis: assumption, unit: thousand troops, value: 60,",
        ),
    )
    _only_warning(
        path,
        "parameters.ua-troops.role",
        "parameter 'ua-troops' is marked 'role: observation' but the model uses it",
    )


def test_an_inline_observation_is_flagged(variant: Variant) -> None:
    path = variant(
        (
            "value: 1000, rationale: recruitment rate}",
            "value: 1000, rationale: recruitment rate, role: observation}",
        )
    )
    _only_warning(
        path,
        "sides.attacker.recruitment_per_day.role",
        "a parameter written in place is an input, not an observation",
    )


def test_a_role_outside_the_vocabulary_is_an_error(variant: Variant) -> None:
    path = variant(
        (
            "  ru-troops: {from: [ru-troops-syrskyi], unit: troops}",
            "  ru-troops: {from: [ru-troops-syrskyi], unit: troops, role: output}",
        )
    )
    errors = check_scenario(path).errors
    assert len(errors) == 1
    assert "role" in errors[0].path
    assert "one of: input, observation" in errors[0].hint


def test_assumption_list_counts_only_used_parameters(variant: Variant) -> None:
    path = variant(
        ("parameters:\n", "parameters:\n  orphan: {basis: assumption, value: 1, rationale: r}\n")
    )
    (summary,) = [d for d in check_scenario(path).warnings if "assumptions" in d.message]
    assert summary.message.startswith("20 parameters rest only on assumptions: ")
    assert "orphan" not in summary.message


def test_a_point_source_counts_as_cited(variant: Variant) -> None:
    path = variant(
        ("    source: syrskyi-2025-06-27\n", "    source: budget-law-2025\n"),
        (
            "      terrain: urban\n",
            "      terrain: urban\n      front_start: {lat: 48.2, lon: 37.1, "
            "source: syrskyi-2025-06-27}\n",
        ),
    )
    assert not [w for w in _warnings(path) if w[0].startswith("sources")]
    bad = variant(
        (
            "      terrain: urban\n",
            "      terrain: urban\n      front_start: {lat: 48.2, lon: 37.1, source: deepstate}\n",
        )
    )
    assert _errors(bad) == [
        ("theatre.sectors[south].front_start.source", "unknown source 'deepstate'")
    ]


def test_claim_values_are_checked_against_the_fields_that_use_them(variant: Variant) -> None:
    path = variant(("    value: 111000\n", "    range: [-5000, 120000]\n"))
    assert _errors(path) == [("claims[ru-troops-syrskyi].range", "must not be negative, got -5000")]
    share = variant(("    value: 32.5\n", "    value: 132.5\n"))
    assert _errors(share) == [("claims[ru-defence-share].value", "must be at most 1, got 1.325")]


def test_claim_may_inform_an_inline_parameter_by_its_auto_name(variant: Variant) -> None:
    path = variant(
        ("    parameter: ru-troops\n", "    parameter: theatre.sectors.south.frontage\n"),
        ("    unit: troops\n    credibility: 2\n", "    unit: km\n    credibility: 2\n"),
        (
            "ru-troops: {from: [ru-troops-syrskyi], unit: troops}",
            "ru-troops: {basis: assumption, value: 111000, unit: troops, rationale: r}",
        ),
    )
    result = check_scenario(path)
    assert result.errors == []
    assert (
        "claims[ru-troops-syrskyi]",
        "claim 'ru-troops-syrskyi' is not used by any parameter",
    ) in [(d.path, d.message) for d in result.warnings]


def test_default_strategy_must_be_declared(variant: Variant) -> None:
    path = variant(("    default_strategy: attrition\n", "    default_strategy: decisive\n"))
    assert _errors(path) == [
        ("sides.attacker.default_strategy", "unknown attacker strategy 'decisive'")
    ]


def test_negative_deployment_weight(variant: Variant) -> None:
    path = variant(
        ("deployment: {south: 0.7, north: 0.3}", "deployment: {south: 1.3, north: -0.3}")
    )
    assert _errors(path) == [
        (
            "sides.attacker.contingents[ru-main].deployment.north",
            "weight must not be negative, got -0.3",
        )
    ]


def test_lengthening_edge_needs_a_length(variant: Variant) -> None:
    path = variant(
        ("      exposed_to: north\n", "      exposed_to: north\n      lengthens_with: south\n")
    )
    assert _errors(path) == [
        ("logistics.edges[main-line]", "an edge with 'lengthens_with' needs 'length'")
    ]


def test_inline_name_colliding_with_a_named_parameter(variant: Variant) -> None:
    path = variant(
        (
            "parameters:\n",
            "parameters:\n  theatre.sectors.north.frontage: {basis: assumption, unit: km, "
            "value: 3, rationale: r}\n",
        )
    )
    assert _errors(path) == [
        (
            "theatre.sectors[north].frontage",
            "inline parameter is named 'theatre.sectors.north.frontage', which is already defined",
        )
    ]


def test_quoted_number_as_a_parameter_name(variant: Variant) -> None:
    path = variant(
        (
            "    killed_share: share-killed\n    missing_share: share-missing\n    default",
            "    killed_share: '0.25'\n    missing_share: share-missing\n    default",
        )
    )
    (diag,) = check_scenario(path).errors
    assert diag.message == "unknown parameter '0.25'"
    assert diag.hint == "a bare number is not allowed: write an inline parameter"


def test_override_of_an_engine_default(variant: Variant, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(
        defaults._DEFAULTS,
        "fatigue-days",
        Parameter(unit="day", basis="engineering", value=10, rationale="test default"),
    )
    ok = variant(
        (
            "parameters:\n",
            "parameters:\n  fatigue-days: {basis: assumption, unit: week, "
            "value: 2, rationale: r}\n",
        )
    )
    result = check_scenario(ok)
    assert result.errors == []
    assert not [w for w in result.warnings if "fatigue-days' is never used" in w.message]
    bad = variant(
        (
            "parameters:\n",
            "parameters:\n  fatigue-days: {basis: assumption, unit: km, value: 2, rationale: r}\n",
        )
    )
    assert _errors(bad) == [
        ("parameters.fatigue-days.unit", "unit 'km' cannot replace the engine default's unit 'day'")
    ]
    # a structural field may name a default directly
    uses_default = variant(
        (
            "    wounded_return_delay_days: return-delay\n    killed_share: share-killed\n"
            "    missing_share: share-missing\n    default_strategy",
            "    wounded_return_delay_days: fatigue-days\n    killed_share: share-killed\n"
            "    missing_share: share-missing\n    default_strategy",
        )
    )
    assert _errors(uses_default) == []


def test_duplicate_belts_only_clash_within_a_sector(variant: Variant) -> None:
    belt = (
        "        - id: inner\n"
        "          depth: {basis: assumption, unit: km, value: 6, rationale: map reading}\n"
    )
    path = variant(
        (
            "      frontage: {basis: assumption, unit: km, value: 30, rationale: map reading}\n",
            "      frontage: {basis: assumption, unit: km, value: 30, rationale: map reading}\n"
            "      belts:\n" + belt + "          fortification: {basis: assumption, unit: '1', "
            "value: 1.2, rationale: r}\n",
        )
    )
    assert _errors(path) == []
