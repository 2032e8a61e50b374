"""The scenarios bundled with the package pass ``clausewitz check`` (skipped until written)."""

from __future__ import annotations

import pytest

from clausewitz.cli.main import run
from clausewitz.scenario import registry

EXPECTED = ["pokrovsk-2024", "pokrovsk-2025", "pokrovsk-2025-02", "tutorial"]


@pytest.mark.parametrize("name", EXPECTED)
def test_bundled_scenario_passes_check(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    if registry.find_bundled(name) is None:
        pytest.skip(f"bundled scenario '{name}' not written yet ({registry.scenarios_dir()})")
    code = run(["check", name])
    out, err = capsys.readouterr()
    assert code == 0, out + err
    assert " 0 errors, " in out.splitlines()[-1]


def test_every_bundled_scenario_is_listed_without_problems() -> None:
    items = registry.list_bundled()
    if not items:
        pytest.skip(f"no bundled scenarios yet ({registry.scenarios_dir()})")
    for item in items:
        assert item.problem == "", f"{item.name}: {item.problem}"
        assert item.title and item.knowledge_date is not None
