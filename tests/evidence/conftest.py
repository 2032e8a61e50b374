"""Shared fixtures of the evidence tests."""

from __future__ import annotations

import pytest

from clausewitz.scenario.loader import LoadedScenario, load_scenario


@pytest.fixture(scope="session")
def flagship() -> LoadedScenario:
    """The bundled pokrovsk-2025 scenario, loaded once."""
    return load_scenario("pokrovsk-2025")
