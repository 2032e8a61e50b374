"""Experimental designs for sweeps: full grids, Latin hypercubes and Sobol sequences.

A design is a table with one row per point and one column per varied parameter. ``--vary
NAME=LOW:HIGH[:STEPS]`` gives a range; a grid takes STEPS values per parameter (all
combinations), LHS and Sobol take ``points`` rows spread over the box (SciPy's ``qmc``:
McKay et al. 1979; Sobol 1967 with Owen scrambling). A design can also be read from a CSV.
Designs are deterministic for a seed, so a resumed sweep sees exactly the same points.
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
from scipy.stats import qmc

from clausewitz.errors import UserError

Sampler = Literal["grid", "lhs", "sobol"]
_VARY = re.compile(
    r"^(?P<name>[a-z0-9][a-z0-9_.-]*)=(?P<low>[-+0-9.eE]+):(?P<high>[-+0-9.eE]+)"
    r"(?::(?P<steps>[0-9]+))?$"
)


@dataclass(frozen=True)
class Range:
    """One varied parameter: ``low``..``high`` with ``steps`` grid values."""

    name: str
    low: float
    high: float
    steps: int | None = None


def parse_vary(text: str) -> Range:
    """Parse ``NAME=LOW:HIGH[:STEPS]`` (e.g. ``attacker_k=0.5:2:5``)."""
    m = _VARY.match(text.strip())
    if not m:
        raise UserError(
            f"--vary {text!r}: expected NAME=LOW:HIGH[:STEPS], e.g. ru_troops_axis=90000:130000:5"
        )
    try:
        low, high = float(m["low"]), float(m["high"])
    except ValueError as exc:
        raise UserError(f"--vary {text!r}: LOW and HIGH must be numbers") from exc
    if not (math.isfinite(low) and math.isfinite(high)) or not high > low:
        raise UserError(f"--vary {text!r}: need finite LOW < HIGH")
    steps = int(m["steps"]) if m["steps"] else None
    if steps is not None and steps < 2:
        raise UserError(f"--vary {text!r}: STEPS must be at least 2")
    return Range(m["name"], low, high, steps)


MAX_POINTS = 1_000_000
"""[ENG] Most points a design may have (a typo in --points or in grid steps, not a sweep)."""


def make_design(
    ranges: list[Range], sampler: Sampler = "grid", *, points: int | None = None, seed: int = 0
) -> pd.DataFrame:
    """Build a design table (one row per point, one column per parameter, in given order)."""
    if not ranges:
        raise UserError("a sweep needs at least one --vary or a --design file")
    names = [r.name for r in ranges]
    if len(set(names)) != len(names):
        raise UserError(
            f"parameter varied twice: {sorted({n for n in names if names.count(n) > 1})}"
        )
    lows = np.array([r.low for r in ranges])
    highs = np.array([r.high for r in ranges])
    if sampler == "grid":
        size = math.prod(r.steps or 5 for r in ranges)
        if size > MAX_POINTS:
            raise UserError(
                f"the grid has {size:_} points, more than {MAX_POINTS:_}; use fewer steps"
            )
        axes = [np.linspace(r.low, r.high, r.steps or 5) for r in ranges]
        rows = np.array(list(itertools.product(*axes)), dtype=np.float64)
    elif sampler in ("lhs", "sobol"):
        n = 64 if points is None else points
        if not 1 <= n <= MAX_POINTS:
            raise UserError(f"--points must be in [1, {MAX_POINTS:_}] (got {n})")
        if sampler == "lhs":
            unit = qmc.LatinHypercube(d=len(ranges), seed=seed).random(n)
        else:
            unit = qmc.Sobol(d=len(ranges), scramble=True, seed=seed).random(n)
        rows = qmc.scale(unit, lows, highs)
    else:
        raise UserError(f"unknown sampler {sampler!r} (valid: grid, lhs, sobol)")
    return pd.DataFrame(rows, columns=names)


def read_design(path: Path) -> pd.DataFrame:
    """Read a design CSV: a header of parameter names, one numeric row per point."""
    p = Path(path)
    if not p.is_file():
        raise UserError(f"{p}: design file not found")
    try:
        df = pd.read_csv(p)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise UserError(f"{p}: cannot read design CSV ({exc})") from exc
    if df.empty or df.shape[1] == 0:
        raise UserError(f"{p}: design has no rows")
    for col in df.columns:
        if not pd.api.types.is_numeric_dtype(df[col]):
            bad = df.index[pd.to_numeric(df[col], errors="coerce").isna()][0]
            raise UserError(f"{p}:{bad + 2}: column {col!r} is not numeric")
        if df[col].isna().any():
            bad = df.index[df[col].isna()][0]
            raise UserError(f"{p}:{bad + 2}: column {col!r} has an empty value")
    return df.astype(np.float64).reset_index(drop=True)
