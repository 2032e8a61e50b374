"""Daily or hourly loss series: the input of ``clausewitz fit``.

A series is a CSV with a header row and the columns ``t, x, y`` plus, for each side, either
``x_reinforcements`` / ``y_reinforcements`` or ``x_losses`` / ``y_losses`` (a side without
either column has no reinforcements). Each row describes the step that starts at ``t``:

* ``x``, ``y``: strengths at the start of the step;
* ``x_losses``: x's losses during the step; or
* ``x_reinforcements``: strength that joins x during the step (at its end), so that the losses
  are ``x[i] + x_reinforcements[i] - x[i+1]`` (the last row only closes the previous step).

This is the convention of :mod:`clausewitz.battle` (losses from the strengths at the step's
start, reinforcements at its end), so a battle's trajectory can be fitted back.
The step length is ``t[i+1] - t[i]``; with losses given, the last row's step is taken equal to
the previous one.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import ArrayLike, NDArray

from clausewitz.errors import Diagnostic, ScenarioError

FloatArray = NDArray[np.float64]

_KNOWN = {"t", "x", "y", "x_reinforcements", "y_reinforcements", "x_losses", "y_losses"}


@dataclass(frozen=True)
class LossSeries:
    """Steps of a two-sided battle: strengths at each step's start, losses during it.

    All arrays have one entry per step. ``x_losses[i]`` are x's losses during step ``i``,
    which lasts ``dt[i]`` and starts at ``t[i]`` with strengths ``x[i]``, ``y[i]``.
    """

    t: FloatArray
    dt: FloatArray
    x: FloatArray
    y: FloatArray
    x_losses: FloatArray
    y_losses: FloatArray
    x_name: str = "x"
    y_name: str = "y"
    source: str = ""

    def __post_init__(self) -> None:
        n = len(self.t)
        for name in ("dt", "x", "y", "x_losses", "y_losses"):
            if len(getattr(self, name)) != n:
                raise ValueError(
                    f"LossSeries.{name} has {len(getattr(self, name))} entries, not {n}"
                )

    @property
    def n_steps(self) -> int:
        return len(self.t)

    @classmethod
    def from_strengths(
        cls,
        t: ArrayLike,
        x: ArrayLike,
        y: ArrayLike,
        x_reinforcements: ArrayLike | None = None,
        y_reinforcements: ArrayLike | None = None,
        **names: str,
    ) -> LossSeries:
        """Steps between consecutive rows; losses = start + reinforcements - next start."""
        ta = _arr(t)
        xa, ya = _arr(x), _arr(y)
        rx = np.zeros_like(xa) if x_reinforcements is None else _arr(x_reinforcements)
        ry = np.zeros_like(ya) if y_reinforcements is None else _arr(y_reinforcements)
        return cls(
            t=ta[:-1],
            dt=np.diff(ta),
            x=xa[:-1],
            y=ya[:-1],
            x_losses=xa[:-1] + rx[:-1] - xa[1:],
            y_losses=ya[:-1] + ry[:-1] - ya[1:],
            **names,
        )

    @classmethod
    def from_losses(
        cls,
        t: ArrayLike,
        x: ArrayLike,
        y: ArrayLike,
        x_losses: ArrayLike,
        y_losses: ArrayLike,
        **names: str,
    ) -> LossSeries:
        """One step per row; the last row's step equals the previous one."""
        ta = _arr(t)
        if len(ta) < 2:
            raise ValueError("a loss series needs at least two rows")
        dt = np.append(np.diff(ta), ta[-1] - ta[-2])
        return cls(
            t=ta,
            dt=dt,
            x=_arr(x),
            y=_arr(y),
            x_losses=_arr(x_losses),
            y_losses=_arr(y_losses),
            **names,
        )


def _arr(v: object) -> FloatArray:
    return np.asarray(v, dtype=np.float64).reshape(-1)


def _diag(display: str, line: int | None, message: str, hint: str | None = None) -> Diagnostic:
    return Diagnostic(display, line, None, "", message, hint)


def parse_series(text: str, display: str = "<series>") -> LossSeries:
    """Parse a series CSV (see the module docstring); problems raise :class:`ScenarioError`
    with ``FILE:LINE`` locations."""
    rows = list(csv.reader(io.StringIO(text)))
    # skip blank lines and comment lines, keeping 1-based line numbers
    numbered = [
        (i + 1, r)
        for i, r in enumerate(rows)
        if r and any(c.strip() for c in r) and not r[0].lstrip().startswith("#")
    ]
    if not numbered:
        raise ScenarioError([_diag(display, None, "the series is empty", "give a header row")])
    head_line, header = numbered[0]
    cols = [c.strip() for c in header]
    errors: list[Diagnostic] = []
    unknown = [c for c in cols if c not in _KNOWN]
    if unknown:
        errors.append(
            _diag(
                display,
                head_line,
                f"unknown column(s): {', '.join(unknown)}",
                "columns are t, x, y, x_reinforcements, y_reinforcements, x_losses, y_losses",
            )
        )
    dup = sorted({c for c in cols if cols.count(c) > 1})
    if dup:
        errors.append(_diag(display, head_line, f"duplicate column(s): {', '.join(dup)}"))
    missing = [c for c in ("t", "x", "y") if c not in cols]
    if missing:
        errors.append(_diag(display, head_line, f"missing column(s): {', '.join(missing)}"))
    if errors:
        raise ScenarioError(errors)
    body = numbered[1:]
    if len(body) < 2:
        raise ScenarioError([_diag(display, head_line, "a series needs at least two data rows")])
    values: dict[str, list[float]] = {c: [] for c in cols}
    lines: list[int] = []
    for line, row in body:
        if len(row) != len(cols):
            errors.append(_diag(display, line, f"{len(row)} cells, expected {len(cols)}"))
            continue
        ok = True
        parsed: dict[str, float] = {}
        for c, cell in zip(cols, row, strict=True):
            try:
                v = float(cell.strip())
            except ValueError:
                errors.append(_diag(display, line, f"column {c}: {cell.strip()!r} is not a number"))
                ok = False
                continue
            if not math.isfinite(v):
                errors.append(_diag(display, line, f"column {c}: {cell.strip()} is not finite"))
                ok = False
            elif c != "t" and v < 0:
                errors.append(_diag(display, line, f"column {c}: {v:g} is negative"))
                ok = False
            parsed[c] = v
        if ok:
            for c in cols:
                values[c].append(parsed[c])
            lines.append(line)
    if errors:
        raise ScenarioError(errors)
    t = np.array(values["t"])
    for k in range(1, len(t)):
        if t[k] <= t[k - 1]:
            errors.append(
                _diag(display, lines[k], f"t = {t[k]:g} does not increase (previous {t[k - 1]:g})")
            )
    if errors:
        raise ScenarioError(errors)
    series = _assemble(values, display)
    if "x_losses" not in values or "y_losses" not in values:
        # derived losses: report impossible (negative) ones at the row that closes the step
        for side in ("x", "y"):
            if f"{side}_losses" in values:
                continue
            loss = getattr(series, f"{side}_losses")
            bad = np.flatnonzero(loss < -1e-9 * np.maximum(1.0, getattr(series, side)))
            for k in (int(i) for i in bad):
                errors.append(
                    _diag(
                        display,
                        lines[k + 1],
                        f"{side} rose by {-loss[k]:g} more than its reinforcements "
                        f"(step from t={t[k]:g})",
                        f"add the arrivals to {side}_reinforcements on the row above",
                    )
                )
        if errors:
            raise ScenarioError(errors)
    return series


def _assemble(values: dict[str, list[float]], display: str) -> LossSeries:
    t = np.array(values["t"])
    x = np.array(values["x"])
    y = np.array(values["y"])
    has_x_losses = "x_losses" in values
    has_y_losses = "y_losses" in values
    n = len(t)
    dt_all = np.append(np.diff(t), t[-1] - t[-2])
    losses: dict[str, FloatArray] = {}
    # when any side's losses are derived from strengths the last row only closes a step
    derived = not (has_x_losses and has_y_losses)
    keep = n - 1 if derived else n
    for side, arr in (("x", x), ("y", y)):
        if f"{side}_losses" in values:
            losses[side] = np.array(values[f"{side}_losses"])[:keep]
        else:
            reinf = np.array(values.get(f"{side}_reinforcements", [0.0] * n))
            losses[side] = (arr[:-1] + reinf[:-1] - arr[1:])[:keep]
    return LossSeries(
        t=t[:keep],
        dt=dt_all[:keep],
        x=x[:keep],
        y=y[:keep],
        x_losses=losses["x"],
        y_losses=losses["y"],
        source=display,
    )


def read_series(path: str | Path) -> LossSeries:
    """Read a series CSV file (see the module docstring)."""
    p = Path(path)
    display = str(path)
    if not p.is_file():
        what = "is a directory" if p.is_dir() else "not found"
        raise ScenarioError([_diag(display, None, f"series file {what}")])
    try:
        text = p.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ScenarioError(
            [_diag(display, None, f"not valid UTF-8 (byte offset {exc.start})")]
        ) from None
    return parse_series(text, display)
