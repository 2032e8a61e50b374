"""Schema introspection: where the quantities are, what unit each expects, which keys exist.

Everything here is read off the Pydantic models in :mod:`clausewitz.scenario.schema`, so the
loader's error messages, the unit checks, the parameter table and the generated documentation
follow the schema without a second list to keep in step.

A *key path* is a tuple of mapping keys (the YAML spelling, e.g. ``"from"``) and list indexes:
``("theatre", "sectors", 0, "frontage")``. The walkers here accept either the plain data read
from YAML (dicts and lists) or a validated :class:`~clausewitz.scenario.schema.Scenario`.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any, Union

from pydantic import BaseModel

from clausewitz.scenario.schema import Parameter, Scenario

KeyPath = tuple[str | int, ...]
"""A path to a value in a scenario: mapping keys and list indexes."""


@dataclass(frozen=True)
class QuantitySpec:
    """What a quantity field expects: its unit (pint syntax) and meaningful bounds.

    ``unit`` may contain ``{currency}``, the side's currency (see :meth:`resolve`).
    """

    unit: str
    min: float | None = None
    max: float | None = None

    def resolve(self, currency: str | None) -> str:
        """The unit with ``{currency}`` replaced (by ``currency`` or, if unknown, kept)."""
        if "{currency}" in self.unit and currency:
            return self.unit.replace("{currency}", currency)
        return self.unit


# --------------------------------------------------------------------------------------------
# shapes: a small description of each annotation, enough to walk data alongside it


@dataclass(frozen=True)
class Leaf:
    """A scalar or anything without nested models."""


@dataclass(frozen=True)
class Ref:
    """A :data:`~clausewitz.scenario.schema.ParamRef`: a name or an inline parameter."""


@dataclass(frozen=True)
class ModelShape:
    model: type[BaseModel]


@dataclass(frozen=True)
class ListShape:
    item: Shape


@dataclass(frozen=True)
class DictShape:
    value: Shape
    keys: tuple[str, ...] = ()
    """The allowed keys when the key type is a Literal (e.g. the side names)."""


@dataclass(frozen=True)
class UnionShape:
    members: tuple[Shape, ...]


Shape = Leaf | Ref | ModelShape | ListShape | DictShape | UnionShape


def strip_annotated(tp: Any) -> Any:
    while typing.get_origin(tp) is typing.Annotated:
        tp = typing.get_args(tp)[0]
    return tp


def union_members(tp: Any) -> list[Any] | None:
    if typing.get_origin(tp) in (Union, types.UnionType):
        return [a for a in typing.get_args(tp) if a is not type(None)]
    return None


def contains_parameter(tp: Any) -> bool:
    tp = strip_annotated(tp)
    if tp is Parameter:
        return True
    members = union_members(tp)
    return members is not None and any(contains_parameter(m) for m in members)


def shape_of(tp: Any) -> Shape:
    """The :data:`Shape` of a type annotation."""
    tp = strip_annotated(tp)
    members = union_members(tp)
    if members is not None:
        if any(contains_parameter(m) for m in members):
            return Ref()
        shapes = tuple(shape_of(m) for m in members)
        non_leaf = tuple(s for s in shapes if not isinstance(s, Leaf))
        if not non_leaf:
            return Leaf()
        return non_leaf[0] if len(shapes) == 1 else UnionShape(shapes)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return ModelShape(tp)
    origin = typing.get_origin(tp)
    if origin is list:
        return ListShape(shape_of(typing.get_args(tp)[0]))
    if origin is dict:
        key, value = typing.get_args(tp)
        key = strip_annotated(key)
        keys = typing.get_args(key) if typing.get_origin(key) is typing.Literal else ()
        return DictShape(shape_of(value), tuple(str(k) for k in keys))
    return Leaf()


@dataclass(frozen=True)
class FieldShape:
    """One field of a model: its name, YAML key, shape and quantity spec (if a quantity)."""

    name: str
    key: str
    shape: Shape
    spec: QuantitySpec | None
    required: bool


@cache
def model_fields(model: type[BaseModel]) -> tuple[FieldShape, ...]:
    """The fields of ``model`` in declaration order."""
    out = []
    for name, info in model.model_fields.items():
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        spec = None
        if "unit" in extra:
            lo, hi = extra.get("quantity_min"), extra.get("quantity_max")
            spec = QuantitySpec(
                str(extra["unit"]),
                float(lo) if isinstance(lo, (int, float)) else None,
                float(hi) if isinstance(hi, (int, float)) else None,
            )
        out.append(
            FieldShape(
                name, info.alias or name, shape_of(info.annotation), spec, info.is_required()
            )
        )
    return tuple(out)


def field_by_key(model: type[BaseModel], key: str) -> FieldShape | None:
    """The field of ``model`` written as ``key`` in YAML (alias or name)."""
    for f in model_fields(model):
        if key in (f.key, f.name):
            return f
    return None


def allowed_keys(model: type[BaseModel]) -> list[str]:
    """The keys a mapping of type ``model`` may hold, in declaration order."""
    return [f.key for f in model_fields(model)]


# --------------------------------------------------------------------------------------------
# walking data (plain or validated) alongside the shapes


def child(node: Any, key: str | int) -> Any:
    """``node[key]`` for plain data or a model (by YAML key); ``None`` when absent."""
    if isinstance(node, BaseModel):
        if isinstance(key, str):
            f = field_by_key(type(node), key)
            return getattr(node, f.name) if f is not None else None
        return None
    if isinstance(node, dict):
        return node.get(key)
    if isinstance(node, (list, tuple)) and isinstance(key, int) and -len(node) <= key < len(node):
        return node[key]
    return None


def _pick(shape: Shape, node: Any) -> Shape:
    """Resolve a union shape against the data actually present."""
    if isinstance(shape, UnionShape):
        if isinstance(node, (dict, BaseModel)):
            models = [m for m in shape.members if isinstance(m, ModelShape)]
            kind = child(node, "kind")
            for m in models:
                kind_field = m.model.model_fields.get("kind")
                if kind_field is not None and typing.get_args(kind_field.annotation) == (kind,):
                    return m
            if isinstance(node, BaseModel):
                for m in models:
                    if isinstance(node, m.model):
                        return m
            dicts = [m for m in shape.members if isinstance(m, DictShape)]
            if dicts:
                return dicts[0]
            return models[0] if len(models) == 1 else Leaf()
        if isinstance(node, (list, tuple)):
            lists = [m for m in shape.members if isinstance(m, ListShape)]
            return lists[0] if lists else Leaf()
        return Leaf()
    if isinstance(shape, Ref) and isinstance(node, (dict, Parameter)):
        return ModelShape(Parameter)
    return shape


def _items(node: Any) -> list[tuple[str | int, Any]]:
    if isinstance(node, dict):
        return list(node.items())
    if isinstance(node, (list, tuple)):
        return list(enumerate(node))
    return []


@dataclass(frozen=True)
class RefSite:
    """A quantity field found in the data: where, what is written, and what it expects."""

    path: KeyPath
    value: Any
    """A parameter name (str), an inline parameter (dict or Parameter), or something invalid."""
    spec: QuantitySpec
    model: type[BaseModel]
    field: str


def iter_ref_sites(root: Any) -> Iterator[RefSite]:
    """Every :data:`ParamRef` value present in a scenario, in document order."""
    yield from _walk_model(Scenario, root, ())


def _walk_model(model: type[BaseModel], node: Any, path: KeyPath) -> Iterator[RefSite]:
    if not isinstance(node, (dict, BaseModel)):
        return
    for f in model_fields(model):
        value = child(node, f.key)
        if value is None:
            continue
        yield from _walk(f.shape, value, (*path, f.key), model, f)


def _walk(
    shape: Shape, node: Any, path: KeyPath, owner: type[BaseModel], f: FieldShape
) -> Iterator[RefSite]:
    if isinstance(shape, Ref):
        if f.spec is not None:
            yield RefSite(path, node, f.spec, owner, f.name)
        return
    shape = _pick(shape, node)
    if isinstance(shape, ModelShape):
        yield from _walk_model(shape.model, node, path)
    elif isinstance(shape, (ListShape, DictShape)):
        inner = shape.item if isinstance(shape, ListShape) else shape.value
        if isinstance(shape, ListShape) and not isinstance(node, (list, tuple)):
            return
        if isinstance(shape, DictShape) and not isinstance(node, dict):
            return
        for key, value in _items(node):
            if value is not None:
                yield from _walk(inner, value, (*path, key), owner, f)


def model_at(root: Any, path: KeyPath) -> type[BaseModel] | None:
    """The model class of the mapping at ``path`` in ``root`` (plain data), if it is one."""
    shape: Shape = ModelShape(Scenario)
    node = root
    for key in path:
        shape = _pick(shape, node)
        if isinstance(shape, ModelShape):
            f = field_by_key(shape.model, key) if isinstance(key, str) else None
            if f is None:
                return None
            shape = f.shape
        elif isinstance(shape, ListShape):
            shape = shape.item
        elif isinstance(shape, DictShape):
            shape = shape.value
        else:
            return None
        node = child(node, key)
    shape = _pick(shape, node)
    return shape.model if isinstance(shape, ModelShape) else None


def field_at(root: Any, path: KeyPath) -> FieldShape | None:
    """The model field that holds the value at ``path`` (for a list item or dict value: the
    field holding the list or dict)."""
    for cut in range(len(path), 0, -1):
        model = model_at(root, path[: cut - 1])
        key = path[cut - 1]
        if model is not None and isinstance(key, str):
            return field_by_key(model, key)
    return None


# --------------------------------------------------------------------------------------------
# naming


def item_id(node: Any) -> str | None:
    """The ``id`` of a list item, if it has a string one."""
    value = child(node, "id")
    return value if isinstance(value, str) and value else None


def auto_name(root: Any, path: KeyPath) -> str:
    """The name of an inline parameter: its key path with list items named by their id.

    ``("theatre", "sectors", 0, "frontage")`` becomes ``theatre.sectors.pokrovsk-south.frontage``
    when sector 0 has id ``pokrovsk-south`` (unique in its list); items without a unique id
    keep their index (``theatre.objectives.pokrovsk.encircled_when.0.depth``).
    """
    parts: list[str] = []
    node = root
    for key in path:
        if isinstance(key, int) and isinstance(node, (list, tuple)):
            ident = item_id(child(node, key))
            ids = [item_id(x) for x in node]
            parts.append(ident if ident is not None and ids.count(ident) == 1 else str(key))
        else:
            parts.append(str(key))
        node = child(node, key)
    return ".".join(parts)
