"""Packed kernel arguments: a plan, a state or a buffer as one Numba struct of arrays.

A kernel takes the day, the seed and a few packs (``kernel(t, seed, plan, state)``) instead
of dozens of positional arrays. A pack is a ``numba.experimental.structref``: a struct of
named fields, passed to compiled code by reference, so a call unboxes one pointer whatever
the number of arrays it holds (positional arrays and namedtuples are unboxed one by one on
every call). Its fields hold the very arrays of the Python objects (no copy): a kernel that
writes ``state.line`` writes :attr:`FastState.line`.

Field types are read from the values (``numba.typeof``), so one generic compiled constructor
serves every pack, and kernels stay cached on disk (``cache=True``): the pack types are
defined in this importable module and are the same in every process.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

import numpy as np
from numba import njit, typeof, types
from numba.core.extending import intrinsic
from numba.experimental import structref

from clausewitz.engine.plan import Plan, Switches

__all__ = ["Pack", "pack", "pack_arrays", "pack_plan"]

PLAN_SECTIONS = ("theatre", "forces", "combat", "logistics", "economy", "talks")
"""The plan's sections, each one pack inside the plan's pack (``plan.combat.rate_hold``)."""


@structref.register
class PackType(types.StructRef):
    """The Numba type of a pack: its field names and their types."""

    def preprocess_fields(self, fields: Any) -> tuple[tuple[str, types.Type], ...]:
        return tuple((name, types.unliteral(t)) for name, t in fields)


class Pack(structref.StructRefProxy):
    """A pack seen from Python: opaque, handed to kernels as it is."""

    if TYPE_CHECKING:  # compiled code reads any field by name

        def __getattr__(self, name: str) -> Any: ...


structref.define_boxing(PackType, Pack)


@intrinsic
def _store_fields(typingctx: Any, instance: Any, values: Any) -> Any:
    """Store the tuple ``values`` in the fields of ``instance``, in field order (each value is
    referenced, as ``instance.field = value`` would)."""

    def codegen(context: Any, builder: Any, signature: Any, args: Any) -> Any:
        ref, tup = args
        data = structref._Utils(context, builder, instance).get_data_struct(ref)
        for i, (name, field_type) in enumerate(instance.field_dict.items()):
            value = context.cast(builder, builder.extract_value(tup, i), values[i], field_type)
            context.nrt.incref(builder, field_type, value)
            setattr(data, name, value)
        return context.get_dummy_value()

    return types.none(instance, values), codegen


@njit(cache=True)
def _new_pack(pack_type: Any, values: Any) -> Any:
    p: Any = structref.new(pack_type)  # type: ignore[call-arg]
    _store_fields(p, values)
    return p


_ARRAY_TYPES: dict[tuple[Any, ...], types.Type] = {}


def _type_of(value: Any) -> types.Type:
    """``numba.typeof(value)``, remembered for arrays: an array's Numba type depends only on
    its dtype, dimensions, layout, writeability and alignment, and ``typeof`` is slow."""
    if not isinstance(value, np.ndarray):
        return typeof(value)
    flags = value.flags
    key = (value.dtype, value.ndim, flags.c_contiguous, flags.f_contiguous, flags.writeable,
           flags.aligned)  # fmt: skip
    found = _ARRAY_TYPES.get(key)
    if found is None:
        found = _ARRAY_TYPES[key] = typeof(value)
    return found


def pack(**fields: Any) -> Pack:
    """A pack of the given fields (arrays, scalars or other packs), in this order."""
    pack_type = PackType([(name, _type_of(value)) for name, value in fields.items()])
    result: Pack = _new_pack(pack_type, tuple(fields.values()))
    return result


def pack_arrays(obj: Any) -> Pack:
    """A pack of every array field of the dataclass ``obj``, under the same names."""
    arrays = {
        f.name: value
        for f in dataclasses.fields(obj)
        if isinstance(value := getattr(obj, f.name), np.ndarray)
    }
    return pack(**arrays)


def _switches(sw: Switches) -> Pack:
    return pack(**{f.name: bool(getattr(sw, f.name)) for f in dataclasses.fields(sw)})


def pack_plan(plan: Plan) -> Pack:
    """The plan as kernels read it: ``run_ids``, ``switches`` (booleans) and one pack of arrays
    per section (``theatre``, ``forces``, ``combat``, ``logistics``, ``economy``, ``talks``)."""
    sections = {name: pack_arrays(getattr(plan, name)) for name in PLAN_SECTIONS}
    return pack(run_ids=plan.run_ids, switches=_switches(plan.switches), **sections)
