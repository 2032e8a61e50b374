"""The key reference of ``docs/scenario-language.md``, generated from the schema.

Every mapping of the scenario language gets a table of its keys: type, whether required (or
its default), the unit a quantity is expressed in, and the field's description. A test
regenerates the block between the markers and fails if the document was stale, so the doc can
never drift from the models.
"""

from __future__ import annotations

import datetime as dt
import typing
from typing import Any

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from clausewitz.scenario.fields import (
    DictShape,
    ListShape,
    ModelShape,
    Shape,
    UnionShape,
    contains_parameter,
    model_fields,
    strip_annotated,
    union_members,
)
from clausewitz.scenario.schema import ID_PATTERN, Parameter, Scenario

START = "<!-- key-reference:start (generated from the schema; do not edit by hand) -->"
END = "<!-- key-reference:end -->"


def models_in_order() -> list[tuple[type[BaseModel], list[str]]]:
    """Every model reachable from :class:`Scenario` with the key paths it appears at
    (``[]`` marks a list item, ``.<name>`` a mapping entry, ``.<side>`` attacker or
    defender), depth first in field order."""
    places: dict[type[BaseModel], list[str]] = {}

    def visit(model: type[BaseModel], where: str) -> None:
        places.setdefault(model, [])
        if where in places[model]:
            return
        places[model].append(where)
        for f in model_fields(model):
            for sub, suffix in _models_of(f.shape):
                visit(sub, f"{where + '.' if where else ''}{f.key}{suffix}")

    visit(Scenario, "")
    return list(places.items())


def _models_of(shape: Shape) -> list[tuple[type[BaseModel], str]]:
    if isinstance(shape, ModelShape):
        return [(shape.model, "")]
    if isinstance(shape, ListShape):
        return [(m, "[]" + s) for m, s in _models_of(shape.item)]
    if isinstance(shape, DictShape):
        label = ".<side>" if set(shape.keys) == {"attacker", "defender"} else ".<name>"
        return [(m, label + s) for m, s in _models_of(shape.value)]
    if isinstance(shape, UnionShape):
        return [x for member in shape.members for x in _models_of(member)]
    return []


def _anchor(model: type[BaseModel]) -> str:
    return model.__name__.lower()


def type_text(tp: Any) -> str:
    """A short description of a type annotation for the reference tables."""
    if _is_id(tp):
        return "id"
    if union_members(strip_annotated(tp)) is not None and contains_parameter(tp):
        return "[quantity](#quantities-no-bare-numbers)"
    tp = strip_annotated(tp)
    members = union_members(tp)
    if members is not None:
        texts = [type_text(m) for m in members]
        return " or ".join(dict.fromkeys(texts))
    origin = typing.get_origin(tp)
    if origin is typing.Literal:
        return "one of " + ", ".join(f"`{a}`" for a in typing.get_args(tp))
    if origin is list:
        return f"list of {type_text(typing.get_args(tp)[0])}"
    if origin is tuple:
        args = typing.get_args(tp)
        return "[" + ", ".join(type_text(a) for a in args) + "]"
    if origin is dict:
        key, value = typing.get_args(tp)
        return f"mapping {type_text(key)} → {type_text(value)}"
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return f"[{tp.__name__}](#{_anchor(tp)})"
    names = {str: "text", int: "integer", float: "number", bool: "true/false", dt.date: "date"}
    if tp in names:
        return names[tp]
    return str(tp)


def _is_id(tp: Any) -> bool:
    if typing.get_origin(tp) is not typing.Annotated:
        return False
    return _has_id_pattern(typing.get_args(tp)[1:])


def _has_id_pattern(metadata: Any) -> bool:
    for meta in metadata:
        if getattr(meta, "pattern", None) == ID_PATTERN:
            return True
        if _has_id_pattern(getattr(meta, "metadata", [])):
            return True
    return False


def _default_text(model: type[BaseModel], name: str) -> str:
    info = model.model_fields[name]
    if info.is_required():
        return "**required**"
    if info.default_factory is not None:
        return "empty"
    default = info.default
    if default is None or default is PydanticUndefined:
        return "—"
    if isinstance(default, bool):
        return f"`{str(default).lower()}`"
    if isinstance(default, str) and not default:
        return '`""`'
    return f"`{default}`"


def _escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def key_reference() -> str:
    """The generated Markdown (without the markers)."""
    lines: list[str] = []
    for model, places in models_in_order():
        lines.append(f"### {model.__name__}")
        lines.append("")
        doc = (model.__doc__ or "").strip().split("\n\n")[0].replace("\n", " ")
        at = ", ".join(f"`{p}`" if p else "the top level of the file" for p in places)
        lines.append(f"{doc} Found at {at}.")
        lines.append("")
        lines.append("| key | type | default | unit | description |")
        lines.append("|---|---|---|---|---|")
        for f in model_fields(model):
            info = model.model_fields[f.name]
            unit = f"`{f.spec.unit}`" if f.spec is not None else ""
            if f.spec is not None and (f.spec.min is not None or f.spec.max is not None):
                lo = "" if f.spec.min is None else f"≥ {f.spec.min:g}"
                hi = "" if f.spec.max is None else f"≤ {f.spec.max:g}"
                unit += " (" + ", ".join(x for x in (lo, hi) if x) + ")"
            text = type_text(info.annotation)
            if text == "text" and _has_id_pattern(info.metadata):
                text = "id"
            lines.append(
                f"| `{f.key}` | {_escape(text)} | "
                f"{_default_text(model, f.name)} | {unit} | {_escape(info.description or '')} |"
            )
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def plain_number_fields() -> list[str]:
    """Key paths of the structural fields that take plain numbers (not quantities): a
    decision, a weight, a switch or a map coordinate rather than a fact about the war.

    Claims and parameters are where numbers live, so they are not listed.
    """
    skip = {"claims", "parameters"}
    out: list[str] = []
    for model, places in models_in_order():
        if model is Parameter or any(p.split(".")[0].split("[")[0] in skip for p in places):
            continue
        for f in model_fields(model):
            if _is_plain_number(model.model_fields[f.name].annotation):
                out.extend(f"{p + '.' if p else ''}{f.key}" for p in places)
    return out


def _is_plain_number(tp: Any) -> bool:
    if contains_parameter(tp):
        return False
    tp = strip_annotated(tp)
    members = union_members(tp)
    if members is not None:
        return any(_is_plain_number(m) for m in members)
    origin = typing.get_origin(tp)
    if origin in (list, tuple):
        return any(_is_plain_number(a) for a in typing.get_args(tp))
    if origin is dict:
        return _is_plain_number(typing.get_args(tp)[1])
    return tp in (int, float)


def generated_block() -> str:
    """Everything between the markers: the plain-number list and the key tables."""
    lines = [
        "### Fields that take plain numbers",
        "",
        "Every other number in a structural section is a quantity (a parameter). These take "
        "plain numbers because they are decisions, weights, switches or map coordinates:",
        "",
        *(f"- `{p}`" for p in plain_number_fields()),
        "",
        key_reference(),
    ]
    return "\n".join(lines)


def splice(document: str) -> str:
    """``document`` with the block between the markers replaced by :func:`key_reference`."""
    head, _, rest = document.partition(START)
    _, _, tail = rest.partition(END)
    if not rest:
        raise ValueError("the document has no key-reference markers")
    return f"{head}{START}\n\n{generated_block()}\n{END}{tail}"
