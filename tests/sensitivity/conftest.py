"""Fixtures of the sensitivity tests: the test scenario (see sensitivity_helpers)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sensitivity_helpers import write_test_scenario

from clausewitz.scenario.loader import LoadedScenario, load_scenario


@pytest.fixture(scope="session")
def scenario_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_test_scenario(tmp_path_factory.mktemp("scenario"))


@pytest.fixture(scope="session")
def loaded(scenario_file: Path) -> LoadedScenario:
    return load_scenario(scenario_file)
