"""The stages import one way: the import-linter contracts hold, no module loop, and the
diagram in docs/architecture.md is the import graph as it is."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from architecture import build, mermaid, module_cycles, package_edges, packages
from importlinter.cli import lint_imports

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def graph():  # type: ignore[no-untyped-def]
    return build()


def test_import_contracts_hold(capsys: pytest.CaptureFixture[str]) -> None:
    code = lint_imports(config_filename=str(REPO / "pyproject.toml"), no_cache=True, no_logo=True)
    out = capsys.readouterr().out
    assert code == 0, out
    assert "0 broken" in out


def test_no_module_imports_itself_round_a_loop(graph) -> None:  # type: ignore[no-untyped-def]
    assert module_cycles(graph) == []


def test_architecture_diagram_is_the_import_graph(graph) -> None:  # type: ignore[no-untyped-def]
    text = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```mermaid\n(.*?)```", text, flags=re.S)
    assert blocks, "docs/architecture.md has no mermaid diagram"
    expected = mermaid(package_edges(graph), packages(graph))
    assert blocks[0] == expected, (
        "docs/architecture.md is out of date: paste the output of "
        "'python tests/support/architecture.py' into its mermaid block"
    )


def test_a_loop_is_found() -> None:
    import grimp

    g = grimp.ImportGraph()
    for m in ("clausewitz", "clausewitz.a", "clausewitz.b", "clausewitz.c"):
        g.add_module(m)
    g.add_import(importer="clausewitz.a", imported="clausewitz.b")
    g.add_import(importer="clausewitz.b", imported="clausewitz.a")
    g.add_import(importer="clausewitz.c", imported="clausewitz.a")
    assert module_cycles(g) == [["clausewitz.a", "clausewitz.b"]]


# Folders of tests that front no single package: shared fixtures, the hostile-input and
# robustness suite that crosses every stage, and the executed example notebooks.
CROSS_CUTTING = {"support", "reliability", "examples"}


def test_tests_mirror_the_source_packages() -> None:
    """Every test folder is named for the src package it tests (a command's tests live with
    the stage it fronts), so a reader finds a package's tests where the package's name says."""
    src = REPO / "src" / "clausewitz"
    source = {p.name for p in src.iterdir() if (p / "__init__.py").exists()}
    folders = {p.name for p in (REPO / "tests").iterdir() if p.is_dir() and p.name != "__pycache__"}
    strays = folders - source - CROSS_CUTTING
    assert not strays, f"test folders naming no package in src/clausewitz: {sorted(strays)}"
