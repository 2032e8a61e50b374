"""The engine's registered constants: complete, labelled, documented and calibrated as stated."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
from scipy import stats

from clausewitz.engine.plan import TERRAINS
from clausewitz.scenario import compile as compile_module
from clausewitz.scenario.defaults import DEFAULTS

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


def test_breakpoint_betas_match_helmbolds_quantiles() -> None:
    # ~90% of winning defenders lost <= 20%; > 90% of failing attackers lost < 40%
    d = stats.beta(DEFAULTS["breakpoint-defender-a"].value, DEFAULTS["breakpoint-defender-b"].value)
    a = stats.beta(DEFAULTS["breakpoint-attacker-a"].value, DEFAULTS["breakpoint-attacker-b"].value)
    assert abs(d.ppf(0.9) - 0.20) < 0.001
    assert abs(a.ppf(0.9) - 0.40) < 0.001
    assert "Helmbold" in DEFAULTS["breakpoint-defender-b"].citation


def test_attrition_rates_reproduce_the_qjm_standard_rates_at_two_to_one() -> None:
    phi1 = DEFAULTS["attrition-exponent-own"].value
    phi2 = DEFAULTS["attrition-exponent-enemy"].value
    assert phi1 is not None and phi2 is not None
    A, D = 2.0, 1.0  # the attacker's typical 2:1 (Dupuy)
    k_assault = DEFAULTS["attrition-rate-assault"].value
    k_hold = DEFAULTS["attrition-rate-hold"].value
    assert k_assault is not None and k_hold is not None
    defender_rate = k_assault * A**phi2 * D**phi1 / D
    attacker_rate = k_hold * D**phi2 * A**phi1 / A
    np.testing.assert_allclose([defender_rate, attacker_rate], [0.015, 0.028], rtol=0.005)
    assert DEFAULTS["loss-cap-attacker"].value == 0.1344
    assert DEFAULTS["loss-cap-defender"].value == 0.0576
