"""Reading a scenario: YAML with positions kept, includes merged, validated, every error at once.

``load_scenario(path_or_name)`` returns a :class:`LoadedScenario` or raises
:class:`~clausewitz.errors.ScenarioError` carrying every problem found, each located as
``FILE:LINE:COL: key.path: what is wrong (what would be valid)``. ``check_scenario`` does the
same work but returns errors and warnings instead of raising (``clausewitz check``).

Top-level keys starting with ``x-`` are ignored in every file: a place to define YAML
anchors (``x-common: &common {...}``) for use elsewhere in the same file.

Limits (:mod:`clausewitz.scenario.limits`) bound the work any file can cause: size, YAML
events, nesting depth, aliases and their expansion, integer size; each is an error located in
the file like any other.

Includes: a file may start with ``include: [relative/path.yaml, ...]``, files inside the main
file's folder or its subfolders (never outside, so a scenario cannot read arbitrary files).
Each included file is read (with its own includes) and merged into the including one:
mappings merge key by key, lists concatenate (the including file's items first, then each
included file's, in the order listed, depth first), and a key with a plain value defined in
two files is an error. A file reached twice is read once; a file that includes itself,
directly or not, is an error naming the cycle.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.reader import ReaderError

from clausewitz.errors import Diagnostic, ScenarioError
from clausewitz.scenario import registry
from clausewitz.scenario.fields import KeyPath, item_id
from clausewitz.scenario.limits import (
    MAX_FILE_BYTES,
    MAX_FILES,
    ComposeLimit,
    LimitedComposer,
    LimitExceeded,
    NodeBudget,
    check_size,
    int_too_large,
)
from clausewitz.scenario.messages import pydantic_diagnostics, suggest
from clausewitz.scenario.positions import Location, Positions
from clausewitz.scenario.schema import Scenario

# --------------------------------------------------------------------------------------------
# result types


@dataclass(frozen=True)
class LoadedScenario:
    """A validated scenario with where it came from.

    ``files`` lists the main file and every included file in canonical order (depth-first,
    in include order); ``sha256`` hashes their bytes in that order, so it changes exactly
    when the scenario's text does (not when the directory is moved).
    """

    scenario: Scenario
    path: Path
    files: list[Path]
    positions: Positions
    sha256: str
    warnings: list[Diagnostic] = field(default_factory=list)

    def display(self, path: KeyPath) -> str:
        """A key path for people, e.g. ``claims[nk-cas-uk].unit``."""
        return self.positions.display(path)

    def locate(self, path: KeyPath) -> Location | None:
        """Where the value at ``path`` (or its nearest written ancestor) is in the files."""
        return self.positions.get(path)


@dataclass(frozen=True)
class CheckResult:
    """Everything ``clausewitz check`` reports: the loaded scenario if it is valid, the errors
    and the warnings (both sorted by file and line)."""

    display: str
    loaded: LoadedScenario | None
    errors: list[Diagnostic]
    warnings: list[Diagnostic]

    @property
    def ok(self) -> bool:
        """True when there is no error (warnings allowed)."""
        return not self.errors


# --------------------------------------------------------------------------------------------
# resolving a name or path


def _display(path: Path) -> str:
    """A short path for messages: relative to the working directory when inside it."""
    try:
        rel = path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return str(path)
    return str(rel)


def resolve_scenario(path_or_name: str | os.PathLike[str]) -> tuple[Path, str]:
    """Find the file for a path or a bundled scenario name; returns (path, display name).

    Raises :class:`ScenarioError` when neither exists.
    """
    text = os.fspath(path_or_name)
    path = Path(text)
    if path.exists() or isinstance(path_or_name, os.PathLike):
        return path, text
    looks_like_path = os.sep in text or "/" in text or path.suffix in (".yaml", ".yml")
    if not looks_like_path:
        bundled = registry.find_bundled(text)
        if bundled is not None:
            return bundled, _display(bundled)
        names = registry.bundled_names()
        hint = suggest(text, names, "bundled scenario")
        raise ScenarioError(
            [Diagnostic(text, None, None, "", "no such file or bundled scenario", hint or None)]
        )
    return path, text


# --------------------------------------------------------------------------------------------
# YAML nodes with locations


class _Constructor(RoundTripConstructor):
    """Round-trip constructor that leaves dates as text: the schema parses them, so that an
    impossible date (2025-13-03) is reported at its position like any other bad value."""


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_str)


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    yaml.Composer = LimitedComposer
    return yaml


@dataclass
class _Scalar:
    value: Any
    loc: Location


@dataclass
class _Seq:
    items: list[_Node]
    loc: Location


@dataclass
class _Map:
    entries: dict[Any, tuple[Location, _Node]]
    loc: Location


_Node = _Scalar | _Seq | _Map


def _plain_scalar(value: Any) -> Any:
    """ruamel's round-trip scalar types → builtins (keeps dates, which YAML has)."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, str):
        return str(value)
    return value


def _convert(node: Any, file: str, loc: Location, budget: NodeBudget) -> _Node:
    # an alias is the same Python object met again: every visit counts, so expansion is bounded
    budget.spend(loc.file, loc.line, loc.col)
    if isinstance(node, CommentedMap):
        entries: dict[Any, tuple[Location, _Node]] = {}
        for key in node:
            try:
                kline, kcol = node.lc.key(key)
                vline, vcol = node.lc.value(key)
            except (KeyError, TypeError):  # keys from a YAML merge (<<) have no position
                kline, kcol, vline, vcol = loc.line - 1, loc.col - 1, loc.line - 1, loc.col - 1
            kloc = Location(file, kline + 1, kcol + 1)
            # an empty value has no token of its own: point at its key
            vloc = kloc if node[key] is None else Location(file, vline + 1, vcol + 1)
            pkey = _plain_scalar(key)
            if isinstance(pkey, (list, dict, CommentedSeq, CommentedMap)):
                pkey = str(pkey)
            entries[pkey] = (kloc, _convert(node[key], file, vloc, budget))
        return _Map(entries, loc)
    if isinstance(node, CommentedSeq):
        items = []
        for i, item in enumerate(node):
            try:
                line, col = node.lc.item(i)
                iloc = Location(file, line + 1, col + 1)
            except (KeyError, TypeError, IndexError):
                iloc = loc
            items.append(_convert(item, file, iloc, budget))
        return _Seq(items, loc)
    value = _plain_scalar(node)
    if isinstance(value, int) and not isinstance(value, bool) and int_too_large(value):
        raise LimitExceeded(
            Diagnostic(
                loc.file,
                loc.line,
                loc.col,
                "",
                f"integer too large ({len(str(abs(value)))} digits; at most 2**53 in magnitude)",
                "every number of the model is a float64: write e.g. 1.0e+20 if you mean it",
            )
        )
    return _Scalar(value, loc)


def _to_plain(
    node: _Node,
    path: KeyPath,
    keys: dict[KeyPath, Location],
    values: dict[KeyPath, Location],
    ids: dict[KeyPath, tuple[str | None, ...]],
) -> Any:
    values[path] = node.loc
    if isinstance(node, _Map):
        out: dict[Any, Any] = {}
        for key, (kloc, child) in node.entries.items():
            keys[(*path, key)] = kloc
            out[key] = _to_plain(child, (*path, key), keys, values, ids)
        return out
    if isinstance(node, _Seq):
        items = [_to_plain(c, (*path, i), keys, values, ids) for i, c in enumerate(node.items)]
        ids[path] = tuple(item_id(x) for x in items)
        return items
    return node.value


# --------------------------------------------------------------------------------------------
# reading files


def _line_col(text: str, index: int) -> tuple[int, int]:
    before = text[:index]
    line = before.count("\n") + 1
    return line, index - (before.rfind("\n") + 1) + 1


def _decode(data: bytes, display: str) -> str | Diagnostic:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        prefix = data[: exc.start]
        line = prefix.count(b"\n") + 1
        line_start = prefix.rfind(b"\n") + 1
        col = len(prefix[line_start:].decode("utf-8", errors="replace")) + 1
        return Diagnostic(
            display,
            line,
            col,
            "",
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x})",
            "save the file as UTF-8",
        )


def _yaml_error(exc: YAMLError, text: str, display: str) -> Diagnostic:
    if isinstance(exc, MarkedYAMLError) and exc.problem_mark is not None:
        mark = exc.problem_mark
        problem = exc.problem or "invalid YAML"
        hint = None
        if "duplicate key" in problem:
            problem = problem.split(" with value")[0].replace("found duplicate", "duplicate")
            hint = "each key may appear once in a mapping"
        elif "mapping values are not allowed" in problem:
            hint = "a ': ' inside a plain value starts a mapping; put the value in quotes"
        elif "cannot start any token" in problem and ("\\t" in problem or "\t" in problem):
            hint = "indent with spaces, not tabs"
        elif exc.context:
            hint = str(exc.context)
            if exc.context_mark is not None:
                hint += f" started at line {exc.context_mark.line + 1}"
        return Diagnostic(
            display, mark.line + 1, mark.column + 1, "", f"YAML syntax error: {problem}", hint
        )
    if isinstance(exc, ReaderError):
        line, col = _line_col(text, exc.position)
        return Diagnostic(
            display,
            line,
            col,
            "",
            f"YAML syntax error: unacceptable character #x{exc.character:04x}",
            "control characters are not allowed in YAML",
        )
    return Diagnostic(display, None, None, "", f"YAML syntax error: {exc}")


def _parse_file(
    path: Path, display: str, what: str, budget: NodeBudget | None = None
) -> tuple[bytes, _Map | None, list[Diagnostic]]:
    """Read, decode and parse one file; (bytes, top-level mapping or None, errors).

    The limits of :mod:`clausewitz.scenario.limits` are checked first (size), while composing
    (values, depth, aliases) and while converting (alias expansion, integer size), so no file
    makes the reader do unbounded work."""
    budget = budget if budget is not None else NodeBudget(display)
    if path.is_dir():
        return (
            b"",
            None,
            [Diagnostic(display, None, None, "", f"{what} is a directory", "give a .yaml file")],
        )
    if not path.is_file():
        siblings = (
            sorted(p.name for p in path.parent.iterdir() if p.suffix in (".yaml", ".yml"))
            if path.parent.is_dir()
            else []
        )
        hint = ""
        close = difflib.get_close_matches(path.name, siblings, n=1, cutoff=0.8)
        if close:
            hint = f"did you mean '{close[0]}'?"
        return b"", None, [Diagnostic(display, None, None, "", f"{what} not found", hint or None)]
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
            size = len(data) if len(data) <= MAX_FILE_BYTES else max(path.stat().st_size, len(data))
    except OSError as exc:
        return b"", None, [Diagnostic(display, None, None, "", f"cannot read: {exc.strerror}")]
    too_big = check_size(size, data, display)
    if too_big is not None:
        return b"", None, [too_big]
    text = _decode(data, display)
    if isinstance(text, Diagnostic):
        return data, None, [text]
    try:
        doc = _yaml().load(text)
    except ComposeLimit as exc:
        return data, None, [exc.diagnostic(display)]
    except RecursionError:  # the depth limit comes first; this only guards the scanner
        return data, None, [Diagnostic(display, None, None, "", "nesting too deep")]
    except YAMLError as exc:
        return data, None, [_yaml_error(exc, text, display)]
    except (ValueError, TypeError) as exc:  # a constructor rejected a value (no position)
        return data, None, [Diagnostic(display, None, None, "", f"invalid YAML value: {exc}")]
    if doc is None:
        return (
            data,
            None,
            [
                Diagnostic(
                    display,
                    None,
                    None,
                    "",
                    "file is empty",
                    "a scenario is a YAML mapping with at least meta, sides and theatre",
                )
            ],
        )
    try:
        top = _convert(doc, display, Location(display, 1, 1), budget)
    except LimitExceeded as exc:
        return data, None, [exc.diagnostic]
    if not isinstance(top, _Map):
        # the kind of value only, never the value: an include may name any file, and its
        # contents must not be echoed back
        found = "a list" if isinstance(top, _Seq) else f"a single {_kind(top.value)}"
        return (
            data,
            None,
            [
                Diagnostic(
                    display,
                    1,
                    1,
                    "",
                    f"the top level must be a mapping of sections, found {found}",
                    "e.g. meta:, sources:, claims:, parameters:, sides:, theatre:",
                )
            ],
        )
    return data, top, []


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "text value"
    return "value"


def _merge(base: _Map, extra: _Map, path: tuple[str, ...], errors: list[Diagnostic]) -> None:
    """Merge ``extra`` into ``base`` in place (mappings merge, lists concatenate)."""
    for key, (kloc, node) in extra.entries.items():
        if key not in base.entries:
            base.entries[key] = (kloc, node)
            continue
        first_loc, first = base.entries[key]
        here = (*path, str(key))
        if isinstance(first, _Map) and isinstance(node, _Map):
            _merge(first, node, here, errors)
        elif isinstance(first, _Seq) and isinstance(node, _Seq):
            first.items.extend(node.items)
        else:
            errors.append(
                Diagnostic(
                    kloc.file,
                    kloc.line,
                    kloc.col,
                    ".".join(here),
                    f"already defined at {first_loc}",
                    "a key may be set in one file only; across includes mappings merge "
                    "and lists concatenate",
                )
            )


@dataclass
class _Reader:
    """State of one read: files in canonical order, errors, the include stack."""

    files: list[tuple[Path, str, bytes]] = field(default_factory=list)
    seen: set[Path] = field(default_factory=set)
    names: dict[Path, str] = field(default_factory=dict)
    errors: list[Diagnostic] = field(default_factory=list)
    main_includes: list[str] = field(default_factory=list)
    order: list[str] = field(default_factory=list)  # every file tried, readable or not
    root: Path | None = None  # includes stay inside this folder tree
    budget: NodeBudget = field(default_factory=lambda: NodeBudget(""))

    def read(
        self,
        path: Path,
        display: str,
        stack: tuple[Path, ...],
        origin: tuple[Location, str] | None = None,
    ) -> _Map | None:
        """Read ``path`` and its includes; ``origin`` is the include item that named it."""
        self.names.setdefault(stack[-1], display)
        self.order.append(display)
        if len(self.order) > MAX_FILES:
            if origin is not None:
                loc, where = origin
                self.errors.append(
                    Diagnostic(
                        loc.file,
                        loc.line,
                        loc.col,
                        where,
                        f"too many files (a scenario reads at most {MAX_FILES})",
                        "merge some included files",
                    )
                )
            return None
        data, top, errs = _parse_file(
            path, display, "file" if origin is None else "included file", self.budget
        )
        for err in errs:
            if origin is not None and err.line is None:
                # a missing or unreadable include is reported at the line that names it
                loc, where = origin
                rel = os.path.relpath(display, os.path.dirname(loc.file) or ".")
                err = Diagnostic(
                    loc.file, loc.line, loc.col, where, f"{err.message}: {rel}", err.hint
                )
            self.errors.append(err)
        if top is None:
            return None
        self.files.append((path, display, data))
        for key in [k for k in top.entries if isinstance(k, str) and k.startswith("x-")]:
            del top.entries[key]  # extension keys: a place for YAML anchors, ignored
        includes = top.entries.pop("include", None)
        if includes is None:
            return top
        _, node = includes
        items = node.items if isinstance(node, _Seq) else None
        if items is None:
            loc = node.loc
            self.errors.append(
                Diagnostic(
                    loc.file,
                    loc.line,
                    loc.col,
                    "include",
                    "include must be a list of relative paths",
                    "e.g. include: [sources.yaml, logistics.yaml]",
                )
            )
            return top
        for i, item in enumerate(items):
            value = item.value if isinstance(item, _Scalar) else None
            loc = item.loc
            if not isinstance(value, str) or not value.strip():
                found: Path | tuple[str, str] = (
                    "an include is a relative file path",
                    "e.g. sources.yaml",
                )
            else:
                if not stack[:-1] and _refused_include(value) is None:
                    self.main_includes.append(value)
                found = self._include_target(path, value, stack)
            if isinstance(found, tuple):
                self.errors.append(Diagnostic(loc.file, loc.line, loc.col, f"include[{i}]", *found))
                continue
            target = found
            include = str(value)
            tdisplay = os.path.normpath(os.path.join(os.path.dirname(display), include))
            if target in self.seen:
                continue  # reached by another route: read once
            self.seen.add(target)
            sub = self.read(target, tdisplay, (*stack, target), (loc, f"include[{i}]"))
            if sub is not None:
                _merge(top, sub, (), self.errors)
        return top

    def _include_target(
        self, path: Path, include: str, stack: tuple[Path, ...]
    ) -> Path | tuple[str, str]:
        """The file an include names, or why it is refused (message, what would be valid)."""
        refused = _refused_include(include)
        if refused is not None:
            return refused, "e.g. include: [sources.yaml, logistics/rail.yaml]"
        if os.path.isabs(include):
            return (
                f"include path '{include}' is absolute",
                "paths are relative to the including file",
            )
        try:
            target = (path.parent / include).resolve()
        except (OSError, ValueError, RuntimeError) as exc:
            return (
                f"include path cannot be resolved: {exc.__class__.__name__}",
                "give a relative path to a file inside the scenario's folder",
            )
        if self.root is not None and not target.is_relative_to(self.root):
            return (
                f"include path '{include}' leaves the scenario's folder",
                f"included files must be inside {self.root.name}/ or its subfolders",
            )
        if target in stack:
            cycle = [*stack[stack.index(target) :], target]
            names = " -> ".join(self.names.get(p, str(p)) for p in cycle)
            return (
                f"include cycle: {names}",
                "a file cannot include itself, directly or through others",
            )
        return target


MAX_INCLUDE_PATH = 1024
"""[ENG] Longest include path accepted, in characters (far beyond any real layout; POSIX
PATH_MAX is 4096 bytes)."""
MAX_PATH_PART = 255
"""Longest file or folder name (NAME_MAX on Linux, macOS and Windows)."""


def _refused_include(include: str) -> str | None:
    """Why an include path is refused before touching the file system, or None."""
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in include):
        return "include path contains a control character (such as NUL or a newline)"
    if len(include) > MAX_INCLUDE_PATH:
        return f"include path is {len(include):,} characters long (at most {MAX_INCLUDE_PATH:,})"
    longest = max(len(part) for part in re.split(r"[\\/]", include))
    if longest > MAX_PATH_PART:
        return f"include path has a name of {longest:,} characters (at most {MAX_PATH_PART})"
    return None


@dataclass(frozen=True)
class RawScenario:
    """A scenario read from YAML but not validated: plain data, positions, files, errors."""

    data: dict[str, Any] | None
    positions: Positions
    files: list[tuple[Path, str, bytes]]
    errors: list[Diagnostic]
    order: list[str] = field(default_factory=list)
    """Display names of every file tried, in reading order (for sorting diagnostics)."""

    @property
    def sha256(self) -> str:
        """Hash of every file's bytes in canonical order (length-prefixed)."""
        h = hashlib.sha256()
        for _, _, data in self.files:
            h.update(len(data).to_bytes(8, "big"))
            h.update(data)
        return h.hexdigest()


def read_raw(path: Path, display: str) -> RawScenario:
    """Read a scenario file and its includes into plain data with positions."""
    path = Path(path)
    resolved = path.resolve()
    reader = _Reader(root=resolved.parent)
    reader.seen.add(resolved)
    top = reader.read(path, display, (resolved,))
    keys: dict[KeyPath, Location] = {}
    values: dict[KeyPath, Location] = {}
    ids: dict[KeyPath, tuple[str | None, ...]] = {}
    data = None
    if top is not None:
        data = _to_plain(top, (), keys, values, ids)
        if reader.main_includes:
            data = {"include": reader.main_includes, **data}
    return RawScenario(
        data, Positions(keys, values, ids), reader.files, reader.errors, reader.order
    )


# --------------------------------------------------------------------------------------------
# checking and loading


def _order(files: list[str]) -> Any:
    index = {f: i for i, f in enumerate(files)}

    def key(d: Diagnostic) -> tuple[int, int, int, str]:
        return (index.get(d.file, -1), d.line or 0, d.col or 0, d.path)

    return key


def check_scenario(path_or_name: str | os.PathLike[str]) -> CheckResult:
    """Read and validate a scenario; never raises for a problem in the input.

    ``clausewitz check`` also checks strategy names and simulates a few days
    (:func:`clausewitz.prepare.runnable.check_runnable_scenario`)."""
    from clausewitz.scenario.references import check_references
    from clausewitz.scenario.runnable import check_runnable

    try:
        path, display = resolve_scenario(path_or_name)
    except ScenarioError as exc:
        return CheckResult(os.fspath(path_or_name), None, list(exc.diagnostics), [])
    raw = read_raw(path, display)
    errors = list(raw.errors)
    warnings: list[Diagnostic] = []
    scenario: Scenario | None = None
    if raw.data is not None:
        try:
            scenario = Scenario.model_validate(raw.data)
        except ValidationError as exc:
            errors.extend(pydantic_diagnostics(exc, raw.data, raw.positions))
        ref_errors, warnings = check_references(raw.data, raw.positions)
        errors.extend(ref_errors)
        # one error per place: what the schema already rejected is not reported twice
        taken = {d.path for d in errors} | {(d.file, d.line, d.col) for d in errors}
        errors.extend(
            d
            for d in check_runnable(raw.data, raw.positions)
            if d.path not in taken and (d.file, d.line, d.col) not in taken
        )
    order = _order(raw.order)
    errors = sorted(_unique(errors), key=order)
    warnings = sorted(_unique(warnings), key=order)
    loaded = None
    if not errors and scenario is not None:
        loaded = LoadedScenario(
            scenario=scenario,
            path=path,
            files=[p.resolve() for p, _, _ in raw.files],
            positions=raw.positions,
            sha256=raw.sha256,
            warnings=warnings,
        )
    return CheckResult(display, loaded, errors, warnings)


def _unique(diags: list[Diagnostic]) -> list[Diagnostic]:
    seen: set[tuple[str, int | None, int | None, str, str]] = set()
    out = []
    for d in diags:
        key = (d.file, d.line, d.col, d.path, d.message)
        if key not in seen:
            seen.add(key)
            out.append(d)
    return out


def load_scenario(path_or_name: str | os.PathLike[str]) -> LoadedScenario:
    """Load a scenario file (or a bundled scenario by name), validated and cross-checked.

    Raises :class:`~clausewitz.errors.ScenarioError` listing every error; warnings are kept in
    ``LoadedScenario.warnings``.
    """
    result = check_scenario(path_or_name)
    if result.loaded is None:
        raise ScenarioError(result.errors)
    return result.loaded
