"""The package's import graph: module cycles, and the stage diagram of docs/architecture.md.

``python tests/support/architecture.py`` prints the Mermaid diagram that
``docs/architecture.md`` shows; ``tests/test_architecture.py`` fails when the two differ, so the
picture is always the imports as they are.
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Iterable, Mapping

import grimp

ROOT = "clausewitz"
EVERYWHERE = ("errors",)
"""Packages nearly every stage imports (one exception type): drawn as a note, not as edges."""


LAZY = (("clausewitz", "clausewitz.api"),)
"""Imports left out of the graph: the root package hands out the API functions on first use
(its ``__init__``), while the stages import the root only for ``__version__``; the edge is no
path from a stage to the API (the contracts in pyproject.toml ignore it likewise)."""


def build() -> grimp.ImportGraph:
    """The import graph of the installed package (every import, also inside functions)."""
    graph = grimp.build_graph(ROOT)
    for importer, imported in LAZY:
        graph.remove_import(importer=importer, imported=imported)
    return graph


def module_cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Every set of modules that import each other round in a loop (Tarjan's components)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = itertools.count()

    def visit(v: str) -> None:
        index[v] = low[v] = next(counter)
        stack.append(v)
        on_stack.add(v)
        for w in graph.find_modules_directly_imported_by(v):
            if not w.startswith(ROOT):
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(m for m in graph.modules if m.startswith(ROOT)):
        if module not in index:
            visit(module)
    return found


def package_edges(graph: grimp.ImportGraph) -> dict[str, set[str]]:
    """Top-level package -> the top-level packages its modules import."""
    edges: dict[str, set[str]] = {}
    for module in graph.modules:
        parts = module.split(".")
        if parts[0] != ROOT or len(parts) < 2:
            continue
        src = parts[1]
        edges.setdefault(src, set())
        for target in graph.find_modules_directly_imported_by(module):
            tparts = target.split(".")
            if tparts[0] == ROOT and len(tparts) > 1 and tparts[1] != src:
                edges[src].add(tparts[1])
    return edges


def packages(graph: grimp.ImportGraph) -> set[str]:
    """The top-level names that are packages (have modules below them)."""
    return {m.split(".")[1] for m in graph.modules if m.count(".") >= 2 and m.startswith(ROOT)}


def _reduce(edges: Mapping[str, set[str]]) -> dict[str, set[str]]:
    """Drop an edge ``a -> c`` where a longer path ``a -> b -> ... -> c`` implies it."""

    def reachable(start: str, skip: tuple[str, str]) -> set[str]:
        seen: set[str] = set()
        todo = [start]
        while todo:
            node = todo.pop()
            for nxt in edges.get(node, ()):
                if (node, nxt) == skip or nxt in seen:
                    continue
                seen.add(nxt)
                todo.append(nxt)
        return seen

    return {a: {c for c in cs if c not in reachable(a, (a, c))} for a, cs in edges.items()}


def mermaid(edges: Mapping[str, Iterable[str]], packages: Collection[str]) -> str:
    """A Mermaid flowchart of the stages, arrows from importer to imported."""
    shown = {a: {c for c in cs if c not in EVERYWHERE} for a, cs in edges.items()}
    shown = {a: cs for a, cs in shown.items() if a not in EVERYWHERE}
    reduced = _reduce(shown)
    nodes = sorted(set(reduced) | {c for cs in reduced.values() for c in cs})
    lines = ["flowchart TD"]
    # a package is drawn "name/", a single module "name.py"
    lines += [f"    {n}[{n}{'/' if n in packages else '.py'}]" for n in nodes]
    for a in sorted(reduced):
        lines += [f"    {a} --> {c}" for c in sorted(reduced[a])]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    g = build()
    print(mermaid(package_edges(g), packages(g)), end="")
