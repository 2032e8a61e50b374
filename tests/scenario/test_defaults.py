"""The engine's registered constants: complete, labelled, documented and calibrated as stated."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
from scipy import stats

from clausewitz.engine.plan import TERRAINS
from clausewitz.prepare import compile as compile_module
from clausewitz.scenario.defaults import DEFAULTS
from clausewitz.validation.calibration import FITTED, PUBLISHED

ROOT = Path(__file__).resolve().parents[2]


def used_by_compile() -> set[str]:
    source = Path(compile_module.__file__).read_text(encoding="utf-8")
    names = set(re.findall(r'c\(\s*"([a-z0-9-]+)"', source))
    names |= set(re.findall(r'constant\(\s*"([a-z0-9-]+)"', source))
    for terrain in TERRAINS:
        names |= {f"terrain-attrition-{terrain}", f"terrain-advance-{terrain}"}
    return names


def test_every_constant_the_engine_reads_is_registered_and_every_default_is_read() -> None:
    assert used_by_compile() == set(DEFAULTS)


def test_every_default_is_labelled() -> None:
    for name, p in DEFAULTS.items():
        assert p.basis == "engineering", name
        assert p.rationale.strip(), name
        assert p.value is not None, name


def test_every_default_is_documented_in_the_model_description() -> None:
    text = (ROOT / "docs" / "model.md").read_text(encoding="utf-8")
    missing = [name for name in DEFAULTS if f"`{name}`" not in text]
    assert not missing


def test_attrition_and_breakpoint_defaults_are_the_historical_fits() -> None:
    # the fits themselves are checked against the data in tests/validation
    for name, value in FITTED.items():
        assert DEFAULTS[name].value == value, name
        assert "Fitted to" in DEFAULTS[name].citation, name
    assert "Ardennes" in DEFAULTS["attrition-rate-hold"].citation
    assert "CDB90" in DEFAULTS["breakpoint-defender-b"].citation


def test_published_calibration_matches_helmbolds_quantiles() -> None:
    # ~90% of winning defenders lost <= 20%; > 90% of failing attackers lost < 40%
    d = stats.beta(PUBLISHED["breakpoint-defender-a"], PUBLISHED["breakpoint-defender-b"])
    a = stats.beta(PUBLISHED["breakpoint-attacker-a"], PUBLISHED["breakpoint-attacker-b"])
    assert abs(d.ppf(0.9) - 0.20) < 0.001
    assert abs(a.ppf(0.9) - 0.40) < 0.001


def test_published_rates_reproduce_the_qjm_standard_rates_at_two_to_one() -> None:
    phi1 = PUBLISHED["attrition-exponent-own"]
    phi2 = PUBLISHED["attrition-exponent-enemy"]
    A, D = 2.0, 1.0  # the attacker's typical 2:1 (Dupuy)
    k_assault = PUBLISHED["attrition-rate-assault"]
    k_hold = PUBLISHED["attrition-rate-hold"]
    defender_rate = k_assault * A**phi2 * D**phi1 / D
    attacker_rate = k_hold * D**phi2 * A**phi1 / A
    np.testing.assert_allclose([defender_rate, attacker_rate], [0.015, 0.028], rtol=0.005)


def test_loss_caps_are_the_qjm_caps() -> None:
    assert DEFAULTS["loss-cap-attacker"].value == 0.1344
    assert DEFAULTS["loss-cap-defender"].value == 0.0576
