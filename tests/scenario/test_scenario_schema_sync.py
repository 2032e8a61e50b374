"""Everything derived from the schema stays in step with it: the shipped JSON Schema and the
documentation's key reference. A stale file fails the test, which writes nothing: ``make
generated`` regenerates both."""

from __future__ import annotations

import re
from pathlib import Path

from ruamel.yaml import YAML

from clausewitz.scenario.fields import model_fields
from clausewitz.scenario.keyref import END, START, models_in_order, splice
from clausewitz.scenario.schema import scenario_json_schema_text

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_FILE = ROOT / "schema" / "scenario.schema.json"
DOC = ROOT / "docs" / "scenario-language.md"


def test_shipped_json_schema_is_current() -> None:
    expected = scenario_json_schema_text()
    current = SCHEMA_FILE.read_text(encoding="utf-8") if SCHEMA_FILE.exists() else ""
    assert current == expected, f"{SCHEMA_FILE.name} is stale: run 'make generated'"


def test_doc_key_reference_is_current() -> None:
    current = DOC.read_text(encoding="utf-8")
    assert current == splice(current), f"the key reference in {DOC.name} is stale: 'make generated'"


def test_doc_mentions_every_key_outside_the_generated_block() -> None:
    """The hand-written part explains (with an example) every key of the language."""
    text = DOC.read_text(encoding="utf-8")
    head, _, rest = text.partition(START)
    written = head + rest.partition(END)[2]
    missing = []
    for model, _ in models_in_order():
        for f in model_fields(model):
            if not re.search(rf"(?<![\w-]){re.escape(f.key)}(?![\w-])", written):
                missing.append(f"{model.__name__}.{f.key}")
    assert missing == []


def test_doc_yaml_examples_parse() -> None:
    blocks = re.findall(r"```yaml\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)
    assert len(blocks) >= 10
    yaml = YAML(typ="safe")
    for block in blocks:
        yaml.load(block)
