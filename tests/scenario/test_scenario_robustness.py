"""Any damage to a scenario gives diagnostics, never an internal error (Hypothesis)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from clausewitz.scenario.loader import check_scenario

MINIMAL = Path(__file__).parent / "fixtures" / "minimal.yaml"
_yaml = YAML(typ="safe")
BASE: dict[str, Any] = _yaml.load(MINIMAL.read_text(encoding="utf-8"))


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(node, dict):
        for k, v in node.items():
            out.extend(_paths(v, (*prefix, k)))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out.extend(_paths(v, (*prefix, i)))
    return out


PATHS = _paths(BASE)[1:]

junk = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12)
    | st.dates().map(str),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


def _replace(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(data, dict):
        return {k: (_replace(v, rest, value) if k == head else v) for k, v in data.items()}
    return [(_replace(v, rest, value) if i == head else v) for i, v in enumerate(data)]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    edits=st.lists(st.tuples(st.sampled_from(PATHS), junk), min_size=1, max_size=3),
)
def test_damaged_scenarios_give_diagnostics(tmp_path_factory: Any, edits: Any) -> None:
    data = BASE
    for path, value in edits:
        try:
            data = _replace(data, path, value)
        except (TypeError, KeyError):  # an earlier edit removed the path
            continue
    buf = io.StringIO()
    YAML(typ="safe").dump(data, buf)
    target = tmp_path_factory.mktemp("damaged") / "scenario.yaml"
    target.write_text(buf.getvalue(), encoding="utf-8")
    result = check_scenario(target)  # must not raise
    for diag in result.errors + result.warnings:
        text = diag.render()
        assert text.startswith(str(target)) or text.startswith("scenario.yaml") or diag.file
        assert "Traceback" not in text
