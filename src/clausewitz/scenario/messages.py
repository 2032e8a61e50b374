"""Turning validation failures into located, plain-spoken diagnostics.

Pydantic reports an error as a location tuple and a message written for programmers. Here the
location is mapped back to the YAML (dropping the union tags Pydantic inserts), the message is
rephrased as "what is wrong", and a hint says what would be valid, with a "did you mean" for
near misses (:func:`suggest`, difflib).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from clausewitz.errors import Diagnostic
from clausewitz.scenario.fields import KeyPath, allowed_keys, child, field_at, model_at
from clausewitz.scenario.positions import Location, Positions
from clausewitz.scenario.schema import ID_PATTERN, Scenario


def suggest(name: str, candidates: Iterable[str], kind: str, *, listing: int = 8) -> str:
    """A hint for an unknown ``name``: "did you mean 'x'?", else the candidates if few.

    ``kind`` names what the candidates are ("source", "parameter", ...).
    """
    options = sorted({c for c in candidates if isinstance(c, str)})
    if not options:
        return f"no {kind}s are defined"
    close = difflib.get_close_matches(str(name), options, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    if len(options) <= listing:
        return f"known {kind}s: {', '.join(options)}"
    return ""


def describe(value: Any) -> str:
    """A short description of a YAML value for messages."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, str):
        return f"'{value}'" if len(value) <= 40 else f"'{value[:37]}...'"
    return repr(value)


_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "date_type": "a date (YYYY-MM-DD)",
    "date_parsing": "a date (YYYY-MM-DD)",
    "date_from_datetime_parsing": "a date (YYYY-MM-DD)",
    "date_from_datetime_inexact": "a date without a time (YYYY-MM-DD)",
    "list_type": "a list",
    "tuple_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
}

_BOUNDS = {
    "greater_than": "greater than {gt}",
    "greater_than_equal": "at least {ge}",
    "less_than": "less than {lt}",
    "less_than_equal": "at most {le}",
}


def _clean_loc(loc: tuple[int | str, ...], data: Any, is_missing: bool) -> tuple[KeyPath, bool]:
    """Map a Pydantic location to a key path in the data, dropping union tags.

    Pydantic inserts the tag of a tagged union ('inline', 'uniform', ...) or the member type of
    a plain union into the location; those are the elements that do not index the data. The
    flag says the error is about a mapping key itself (Pydantic's ``[key]`` element).
    """
    out: list[str | int] = []
    node = data
    if loc and loc[-1] == "[key]":
        return _clean_loc(loc[:-1], data, is_missing)[0], True
    for i, key in enumerate(loc):
        last = i == len(loc) - 1
        if isinstance(node, dict) and key in node:
            out.append(key)
            node = node[key]
        elif isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
            out.append(int(key))
            node = node[int(key)]
        elif isinstance(node, dict) and isinstance(key, str) and key.isdigit() and int(key) in node:
            out.append(int(key))  # Pydantic stringifies int keys of a mapping in locations
            node = node[int(key)]
        elif last and is_missing:
            out.append(key)
        elif isinstance(node, dict) and last:
            out.append(key)  # a key of a mapping (e.g. an invalid key itself)
        # anything else is a union tag: skip it
    return tuple(out), False


def _value_at(data: Any, path: KeyPath) -> Any:
    node = data
    for key in path:
        node = child(node, key)
    return node


def _unit_hint(data: Any, path: KeyPath) -> str:
    f = field_at(data, path)
    unit = f.spec.unit if f is not None and f.spec is not None else "its unit"
    if "{currency}" in unit:
        unit = unit.replace("{currency}", "RUB_2025")
    return unit


def _bare_number(err: ErrorDetails, data: Any, path: KeyPath) -> tuple[str, str]:
    value = err.get("input")
    unit = _unit_hint(data, path)
    example = (
        f"{{value: {value}, unit: {unit}, basis: assumption, rationale: '...'}}"
        if isinstance(value, (int, float)) and not isinstance(value, bool)
        else f"{{from: [claim-id], unit: {unit}}}"
    )
    hint = f"write a parameter name, or an inline parameter such as {example}"
    if value is None:
        return "no value given: a quantity is a parameter name or an inline parameter", hint
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"bare number {value} is not allowed: quantities are parameters", hint
    return f"{describe(value)} is not a parameter name or an inline parameter", hint


def _translate(err: ErrorDetails, data: Any, path: KeyPath) -> tuple[str, str | None]:
    """(message, hint) for one Pydantic error at ``path``."""
    etype = err["type"]
    value = err.get("input")
    ctx = err.get("ctx") or {}
    msg = err["msg"]
    if etype == "missing":
        key = str(path[-1]) if path else ""
        f = field_at(data, path)
        hint = None
        if f is not None and f.spec is not None:
            hint = f"a parameter name or an inline parameter, in {_unit_hint(data, path)}"
        elif f is not None:
            desc = _field_description(data, path)
            hint = (desc[0].lower() + desc[1:]) if desc else None
        return f"missing required key '{key}'", hint
    if etype == "extra_forbidden":
        key = str(path[-1]) if path else ""
        model = model_at(data, path[:-1])
        options = allowed_keys(model) if model is not None else []
        if model is Scenario and "include" not in options:
            options = ["include", *options]
        close = difflib.get_close_matches(key, options, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else f"valid keys: {', '.join(options)}"
        return f"unknown key '{key}'", hint
    if etype == "bare_number":
        return _bare_number(err, data, path)
    if etype == "deployment":
        return (
            f"deployment must be 'reserve' or a mapping of sector weights, got {describe(value)}",
            "e.g. deployment: {pokrovsk-south: 0.6, myrnohrad: 0.4}",
        )
    if etype == "string_pattern_mismatch" and ctx.get("pattern") == ID_PATTERN:
        return (
            f"{describe(value)} is not a valid id",
            "ids use lower-case letters, digits, '_', '.', '-' and start with a letter or digit",
        )
    if etype == "literal_error":
        expected = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        hint = f"one of: {', '.join(expected)}" if expected else None
        close = difflib.get_close_matches(str(value), expected, n=1, cutoff=0.5)
        if close:
            hint = f"did you mean '{close[0]}'? {hint}"
        return f"{describe(value)} is not allowed here", hint
    if etype == "union_tag_invalid":
        tags = re.findall(r"'([^']*)'", str(ctx.get("expected_tags", "")))
        close = difflib.get_close_matches(str(ctx.get("tag")), tags, n=1, cutoff=0.5)
        hint = f"one of: {', '.join(tags)}"
        if close:
            hint = f"did you mean '{close[0]}'? {hint}"
        return f"unknown {ctx.get('discriminator', 'kind').strip(chr(39))} '{ctx.get('tag')}'", hint
    if etype == "union_tag_not_found":
        disc = str(ctx.get("discriminator", "kind")).strip("'")
        return f"missing required key '{disc}'", "the kind of distribution, e.g. kind: uniform"
    if etype == "value_error":
        text = msg.removeprefix("Value error, ")
        return text, None
    if etype in _BOUNDS:
        return f"must be {_BOUNDS[etype].format(**ctx)}, got {describe(value)}", None
    if etype == "finite_number":
        return f"must be a finite number, got {describe(value)}", None
    if etype == "too_short":
        n = ctx.get("min_length", 1)
        return f"needs at least {n} item{'s' if n != 1 else ''}", None
    if etype == "too_long":
        n = ctx.get("max_length")
        return f"has too many items (at most {n})", None
    if etype == "string_too_long":
        return f"is too long (at most {ctx.get('max_length')} characters)", None
    if etype in _EXPECTED:
        return f"expected {_EXPECTED[etype]}, got {describe(value)}", None
    text = msg[0].lower() + msg[1:] if msg else etype
    return text.replace("input should be", "should be"), None


def _field_description(data: Any, path: KeyPath) -> str:
    model = model_at(data, path[:-1])
    if model is None or not path or not isinstance(path[-1], str):
        return ""
    for name, info in model.model_fields.items():
        if path[-1] in (name, info.alias):
            return (info.description or "").rstrip(".")
    return ""


def _location(
    err: ErrorDetails, path: KeyPath, positions: Positions, on_key: bool
) -> Location | None:
    if err["type"] == "missing":
        return positions.key(path[:-1]) or positions.nearest(path[:-1])
    if err["type"] == "extra_forbidden" or on_key:
        return positions.key(path) or positions.nearest(path)
    return positions.nearest(path)


def pydantic_diagnostics(exc: ValidationError, data: Any, positions: Positions) -> list[Diagnostic]:
    """One diagnostic per Pydantic error, located in the files, union duplicates removed."""
    out: list[Diagnostic] = []
    seen: set[KeyPath] = set()
    errors = exc.errors(include_url=False)
    # "unknown key 'frontge' (did you mean 'frontage'?)" already says that frontage is missing
    misspelt: set[KeyPath] = set()
    for err in errors:
        if err["type"] == "extra_forbidden":
            path, _ = _clean_loc(tuple(err["loc"]), data, False)
            model = model_at(data, path[:-1])
            options = allowed_keys(model) if model is not None else []
            close = difflib.get_close_matches(str(path[-1]), options, n=1, cutoff=0.6)
            if close:
                misspelt.add((*path[:-1], close[0]))
    for err in errors:
        path, on_key = _clean_loc(tuple(err["loc"]), data, err["type"] == "missing")
        if err["type"] == "missing" and path in misspelt:
            continue
        if err["type"] == "union_tag_invalid":
            path = (*path, "kind")
        if path in seen:
            continue  # a plain union reports once per member: keep the first
        seen.add(path)
        message, hint = _translate(err, data, path)
        if on_key:
            message = f"key {message}" if message.startswith("'") else f"key: {message}"
        loc = _location(err, path, positions, on_key)
        # a missing key is reported on the mapping that lacks it
        shown = path[:-1] if err["type"] == "missing" else path
        out.append(
            Diagnostic(
                file=loc.file if loc else "",
                line=loc.line if loc else None,
                col=loc.col if loc else None,
                path=positions.display(shown),
                message=message,
                hint=hint,
            )
        )
    return out
