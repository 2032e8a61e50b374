"""Packed kernel arguments: a pack holds the very arrays it was built from, under their names,
and every kernel takes a few packs instead of dozens of arrays."""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil
import sys

import numpy as np
from engine_helpers import base_scenario, build, make_plan
from numba import njit, typeof
from numba.core.registry import CPUDispatcher

from clausewitz.engine import kernels
from clausewitz.engine.kernels.packs import (
    PLAN_SECTIONS,
    Pack,
    _type_of,
    pack,
    pack_arrays,
    pack_plan,
)
from clausewitz.engine.state import FastState

MAX_ARGUMENTS = 8
SCALAR_LAWS = {"advance.advance_rate", "attrition._draw_losses"}
"""Compiled laws of scalars (no arrays, no packs): they mirror the reference engine's functions
argument for argument, so the agreement tests can call both with the same numbers."""


@njit(cache=False)
def _bump(p: Pack) -> None:
    if p.flag:
        p.values[1] += p.inner.step[0]


def test_a_kernel_writes_the_arrays_the_pack_was_built_from() -> None:
    values = np.zeros(3)
    inner = pack(step=np.array([2.5]))
    p = pack(values=values, flag=True, inner=inner)
    _bump(p)
    _bump(p)
    assert values.tolist() == [0.0, 5.0, 0.0]


def test_a_pack_holds_its_arrays_without_copy_or_leak() -> None:
    values = np.zeros(4)
    before = sys.getrefcount(values)
    p = pack(values=values)
    assert sys.getrefcount(values) == before + 1  # held by reference, not copied
    del p
    assert sys.getrefcount(values) == before


def test_remembered_array_types_are_numbas_own() -> None:
    base = np.arange(24, dtype=np.float64).reshape(2, 3, 4)
    readonly = base.copy()
    readonly.flags.writeable = False
    arrays = [
        base, base.T, base[:, ::2], readonly, np.zeros((0, 1)), np.zeros(1),
        np.zeros(3, np.int64), np.zeros((2, 2), np.bool_), np.asfortranarray(np.ones((2, 3))),
    ]  # fmt: skip
    for a in arrays + arrays:  # twice: computed, then remembered
        assert _type_of(a) == typeof(a), a.flags
    assert _type_of(True) == typeof(True)


def _field_names(p: Pack) -> list[str]:
    return list(p._type.field_dict)


def test_the_plan_pack_holds_every_array_of_every_section_under_its_name() -> None:
    plan = make_plan(build(base_scenario(10)), 3)
    packed = pack_plan(plan)
    fields = packed._type.field_dict
    assert list(fields) == ["run_ids", "switches", *PLAN_SECTIONS]
    switches = [f.name for f in dataclasses.fields(plan.switches)]
    assert list(fields["switches"].field_dict) == switches
    for name in PLAN_SECTIONS:
        section = getattr(plan, name)
        arrays = [
            f.name
            for f in dataclasses.fields(section)
            if isinstance(getattr(section, f.name), np.ndarray)
        ]
        assert list(fields[name].field_dict) == arrays, name
    state = pack_arrays(FastState.initial(plan))
    assert _field_names(state) == [f.name for f in dataclasses.fields(FastState)]


def test_every_kernel_takes_a_few_packed_arguments() -> None:
    # every module of the package, so a kernel module added later is held to the rule too
    modules = [
        importlib.import_module(f"{kernels.__name__}.{info.name}")
        for info in pkgutil.iter_modules(kernels.__path__)
    ]
    counted = 0
    for module in modules:
        assert module.__name__.startswith(kernels.__name__)
        for name, value in vars(module).items():
            if isinstance(value, CPUDispatcher) and value.py_func.__module__ == module.__name__:
                label = f"{module.__name__.rsplit('.', 1)[-1]}.{name}"
                n = len(inspect.signature(value.py_func).parameters)
                if label not in SCALAR_LAWS:
                    assert n <= MAX_ARGUMENTS, f"{label} takes {n} arguments"
                    counted += 1
    assert counted >= 20
