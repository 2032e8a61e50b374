"""Shared helpers for the scenario-language tests: the minimal fixture and variants of it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

HERE = Path(__file__).parent
MINIMAL = HERE / "fixtures" / "minimal.yaml"
BROKEN = HERE / "broken"


@pytest.fixture
def variant(tmp_path: Path) -> Callable[..., Path]:
    """Write a copy of the minimal scenario with text replacements; returns its path.

    Each replacement is ``(old, new)`` and must match the fixture exactly once, so a test
    cannot silently stop testing what it claims when the fixture changes.
    """

    def make(*subs: tuple[str, str], name: str = "variant.yaml") -> Path:
        text = MINIMAL.read_text(encoding="utf-8")
        for old, new in subs:
            assert text.count(old) == 1, f"fixture text not found exactly once: {old!r}"
            text = text.replace(old, new)
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return make
