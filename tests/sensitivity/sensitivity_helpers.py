"""Helpers of the sensitivity tests: a small test scenario written to a folder.

The tutorial's strategies are replaced by two settings of ``steady-pressure`` (``gentle``,
``hard``) against ``hold-line``, so the tests do not depend on the strategy library; a source
``obs-source`` informs only ``observed-rate``, a parameter no field uses.
"""

from __future__ import annotations

from pathlib import Path

from ruamel.yaml import YAML

from clausewitz.scenario.registry import find_bundled

STRATEGIES = {"attacker": "gentle", "defender": "line"}


def write_test_scenario(folder: Path) -> Path:
    """Write the test scenario into ``folder``; returns its path."""
    tutorial = find_bundled("tutorial")
    assert tutorial is not None
    yaml = YAML()
    data = yaml.load(tutorial.read_text(encoding="utf-8"))
    data["meta"]["name"] = "sensitivity-test"
    data["sources"].append(
        {
            "id": "obs-source",
            "title": "An observation nobody models yet",
            "publisher": "Test",
            "url": "https://example.org/observation",
            "date": "2025-07-01",
            "reliability": "C",
            "affiliation": "neutral",
        }
    )
    data["claims"].append(
        {
            "id": "obs-rate-claim",
            "source": "obs-source",
            "statement": "About 300 a day.",
            "date": "2025-07-01",
            "parameter": "observed-rate",
            "unit": "troops/day",
            "credibility": 3,
            "value": 300,
        }
    )
    data["parameters"]["observed-rate"] = {"unit": "troops/day", "from": ["obs-rate-claim"]}
    data["strategies"] = {
        "attacker": {
            "gentle": {"use": "steady-pressure", "settings": {"tempo": 0.3}},
            "hard": {"use": "steady-pressure", "settings": {"tempo": 1.0, "commit_share": 0.3}},
        },
        "defender": {"line": {"use": "hold-line"}},
    }
    data["sides"]["attacker"]["default_strategy"] = "gentle"
    data["sides"]["defender"]["default_strategy"] = "line"
    path = folder / "sensitivity-test.yaml"
    with path.open("w", encoding="utf-8") as fh:
        yaml.dump(data, fh)
    return path
