"""Shared fixtures of the runner tests: the tutorial scenario, loaded once."""

from __future__ import annotations

import pytest

from clausewitz.scenario.loader import LoadedScenario, load_scenario


@pytest.fixture(scope="session")
def tutorial() -> LoadedScenario:
    return load_scenario("tutorial")
