"""Where each value of a loaded scenario was written: key path → (file, line, column).

Key paths are tuples of mapping keys and list indexes, as the YAML was written:
``("claims", 3, "unit")``. :meth:`Positions.display` renders one for people, naming list items
by their id when it is unique in the list and by their index otherwise::

    claims[nk-cas-uk].unit          (claims[3] has id nk-cas-uk)
    theatre.objectives[pokrovsk].encircled_when[0].depth
    parameters.nk-troops.from[1]     (mapping keys are joined with dots)
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple

from clausewitz.scenario.fields import KeyPath


class Location(NamedTuple):
    """A place in a file; line and column are 1-based."""

    file: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


class Positions:
    """Positions of every key and value of a scenario (read-only).

    ``positions[path]`` is the location of the value at ``path``, or of its nearest written
    ancestor when the value itself was not written (a missing key, a default).
    """

    def __init__(
        self,
        keys: Mapping[KeyPath, Location],
        values: Mapping[KeyPath, Location],
        list_ids: Mapping[KeyPath, tuple[str | None, ...]],
    ) -> None:
        self._keys = MappingProxyType(dict(keys))
        self._values = MappingProxyType(dict(values))
        self._ids = MappingProxyType(dict(list_ids))

    def __getitem__(self, path: KeyPath) -> Location:
        loc = self.nearest(path)
        if loc is None:
            raise KeyError(path)
        return loc

    def __contains__(self, path: object) -> bool:
        return path in self._values

    def __len__(self) -> int:
        return len(self._values)

    def get(self, path: KeyPath, default: Location | None = None) -> Location | None:
        """The location of the value at ``path`` (or its nearest ancestor), else ``default``."""
        loc = self.nearest(self.resolve(path))
        return default if loc is None else loc

    def value(self, path: KeyPath) -> Location | None:
        """Where the value at ``path`` starts, if it was written."""
        return self._values.get(path)

    def key(self, path: KeyPath) -> Location | None:
        """Where the key of a mapping entry is written (for list items: the item)."""
        return self._keys.get(path) or self._values.get(path)

    def nearest(self, path: KeyPath) -> Location | None:
        """The location of ``path`` or of its nearest ancestor that was written."""
        for cut in range(len(path), -1, -1):
            loc = self._values.get(path[:cut])
            if loc is not None:
                return loc
        return None

    def is_list(self, path: KeyPath) -> bool:
        """Whether the value at ``path`` is a list."""
        return path in self._ids

    def ids(self, path: KeyPath) -> tuple[str | None, ...]:
        """The ids of the items of the list at ``path`` (``None`` for items without one)."""
        return self._ids.get(path, ())

    def resolve(self, path: KeyPath) -> KeyPath:
        """Replace item ids by indexes: ``("claims", "nk-cas-uk")`` → ``("claims", 3)``."""
        out: list[str | int] = []
        for key in path:
            prefix = tuple(out)
            if isinstance(key, str) and prefix in self._ids:
                ids = self._ids[prefix]
                out.append(ids.index(key) if key in ids else key)
            else:
                out.append(key)
        return tuple(out)

    def display(self, path: KeyPath) -> str:
        """A key path for people: ``claims[nk-cas-uk].unit``, ``edges[0].from``."""
        text = ""
        for i, key in enumerate(path):
            prefix = path[:i]
            if isinstance(key, int) and prefix in self._ids:
                ids = self._ids[prefix]
                ident = ids[key] if 0 <= key < len(ids) else None
                text += f"[{ident}]" if ident is not None and ids.count(ident) == 1 else f"[{key}]"
            else:
                text += ("." if text else "") + str(key)
        return text
