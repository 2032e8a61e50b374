"""The scenarios bundled with the package are installed and pass ``clausewitz check``.

A scenario missing from the package (a packaging loss) fails here rather than skipping.
"""

from __future__ import annotations

import pytest

from clausewitz.cli.main import run
from clausewitz.scenario import catalogue, registry

EXPECTED = [
    "pokrovsk-2024",
    "pokrovsk-2025",
    "pokrovsk-2025-02",
    "tutorial",
    "ukraine-front-2024",
    "ukraine-front-2025",
]


@pytest.mark.parametrize("name", EXPECTED)
def test_bundled_scenario_passes_check(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert registry.find_bundled(name) is not None, f"{name} missing from the package"
    code = run(["check", name])
    out, err = capsys.readouterr()
    assert code == 0, out + err
    assert " 0 errors, " in out.splitlines()[-1]


def test_every_bundled_scenario_is_listed_without_problems() -> None:
    items = catalogue.list_bundled()
    assert set(EXPECTED) <= {item.name for item in items}
    for item in items:
        assert item.problem == "", f"{item.name}: {item.problem}"
        assert item.title and item.knowledge_date is not None
