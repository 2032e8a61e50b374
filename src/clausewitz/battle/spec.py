"""The battle file: a deterministic two-sided Lanchester battle, optionally in phases.

A battle file is YAML::

    name: Iwo Jima 1945 (Engel 1954)
    law: square                 # square | linear | logarithmic | generalised
    step: day                   # the time unit of the coefficients and durations
    x: {name: US, initial: 54000, kills: 0.0106}
    y: {name: Japan, initial: 21000, kills: 0.0544}
    phases:
      - {duration: 2, reinforcements: {x: 6000}}
      - {duration: 3, reinforcements: {x: 13000}}
      - {duration: 31}

``x.kills`` is the coefficient with which x kills y: ``dy/dt = -x.kills * x^a * y^b``
(Lanchester 1916; Peterson; Bracken 1995). ``generalised`` needs ``exponents: {a, b}`` (for
both sides, or per side under ``x``/``y``). A file without ``phases`` gives a ``duration`` instead.

:func:`load_battle` reads a file and reports every problem as ``FILE:LINE:COL: path: message``
(a :class:`~clausewitz.errors.ScenarioError`, so the CLI exits with code 2).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, model_validator
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from clausewitz.errors import Diagnostic, ScenarioError

Law = Literal["square", "linear", "logarithmic", "generalised"]
LAWS: tuple[Law, ...] = ("square", "linear", "logarithmic", "generalised")

#: Exponents ``(a, b)`` of ``dy/dt = -k * x^a * y^b`` for the classical laws: square (aimed
#: fire) a=1, b=0; linear (area fire) a=1, b=1; logarithmic (Peterson) a=0, b=1
#: (Lanchester 1916; Peterson; the exponents of Bracken 1995 and Fricker 1998).
LAW_EXPONENTS: dict[str, tuple[float, float]] = {
    "square": (1.0, 0.0),
    "linear": (1.0, 1.0),
    "logarithmic": (0.0, 1.0),
}

_STRICT = ConfigDict(extra="forbid", strict=True, frozen=True)

KeyPath = tuple[str | int, ...]


class Exponents(BaseModel):
    """Exponents of the generalised law ``dy/dt = -x.kills * x^a * y^b``."""

    model_config = _STRICT

    a: float = Field(ge=0, allow_inf_nan=False, description="Exponent on the firing side.")
    b: float = Field(ge=0, allow_inf_nan=False, description="Exponent on the side being hit.")


class Side(BaseModel):
    """One side of the battle."""

    model_config = _STRICT

    name: str | None = Field(None, description="Display name (e.g. 'US').")
    initial: float = Field(ge=0, allow_inf_nan=False, description="Strength at t = 0.")
    kills: float = Field(
        ge=0,
        allow_inf_nan=False,
        description="Coefficient with which this side kills the other, per unit of `step`.",
    )
    exponents: Exponents | None = Field(
        None, description="Per-side exponents of the generalised law (override `exponents`)."
    )


class Reinforcements(BaseModel):
    """Strength that joins each side during a phase (added at the phase's end)."""

    model_config = _STRICT

    x: float = Field(0.0, ge=0, allow_inf_nan=False)
    y: float = Field(0.0, ge=0, allow_inf_nan=False)


class Phase(BaseModel):
    """A stretch of the battle with its own reinforcements."""

    model_config = _STRICT

    name: str | None = None
    duration: float = Field(gt=0, allow_inf_nan=False, description="In units of `step`.")
    reinforcements: Reinforcements = Field(default_factory=Reinforcements)


class BattleSpec(BaseModel):
    """A deterministic Lanchester battle (see the module docstring for the file format)."""

    model_config = _STRICT

    name: str | None = None
    description: str | None = None
    source: str | None = Field(None, description="Where the numbers come from.")
    law: Law
    exponents: Exponents | None = Field(None, description="Exponents of the generalised law.")
    step: str = Field("day", min_length=1, description="Time unit of coefficients and durations.")
    phase_step: Literal["unit", "whole"] = Field(
        "unit",
        description="'unit': one Euler step per unit of `step`; 'whole': one step per phase "
        "(the form Engel and Helmbold used).",
    )
    duration: float | None = Field(
        None, gt=0, allow_inf_nan=False, description="Length of a battle without phases."
    )
    x: Side
    y: Side
    phases: list[Phase] | None = Field(None, min_length=1)

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> BattleSpec:
        problems = self.problems()
        collect = info.context.get("problems") if isinstance(info.context, dict) else None
        if isinstance(collect, list):
            collect.extend(problems)
        elif problems:
            raise ValueError("; ".join(f"{_dotted(p)}: {m}" for p, m in problems))
        return self

    def problems(self) -> list[tuple[KeyPath, str]]:
        """Consistency problems the field types cannot express, as (key path, message)."""
        out: list[tuple[KeyPath, str]] = []
        generalised = self.law == "generalised"
        if generalised:
            if self.exponents is None and (self.x.exponents is None or self.y.exponents is None):
                out.append(
                    (("law",), "the generalised law needs exponents: {a: ..., b: ...}"),
                )
        else:
            if self.exponents is not None:
                out.append((("exponents",), f"exponents are fixed by the {self.law} law"))
            for side in ("x", "y"):
                if getattr(self, side).exponents is not None:
                    out.append(((side, "exponents"), f"exponents are fixed by the {self.law} law"))
        if self.phases is None and self.duration is None:
            out.append((("duration",), "give either `phases` or a `duration`"))
        if self.phases is not None and self.duration is not None:
            out.append((("duration",), "give either `phases` or a `duration`, not both"))
        if self.phase_step == "unit":
            for i, ph in enumerate(self.phases or []):
                if not _is_whole(ph.duration):
                    out.append(
                        (
                            ("phases", i, "duration"),
                            f"duration {ph.duration:g} is not a whole number of {self.step}s "
                            "(needed for one step per unit; or set phase_step: whole)",
                        )
                    )
            if self.phases is None and self.duration is not None and not _is_whole(self.duration):
                out.append(
                    (("duration",), f"duration {self.duration:g} is not a whole number of steps")
                )
        return out

    def exponents_of(self, side: Literal["x", "y"]) -> tuple[float, float]:
        """``(a, b)`` for the losses ``side`` inflicts: ``k * firer^a * target^b``."""
        if self.law != "generalised":
            return LAW_EXPONENTS[self.law]
        own = getattr(self, side).exponents
        exps = own if own is not None else self.exponents
        if exps is None:  # excluded by validation
            raise ValueError("the generalised law needs exponents")
        return (exps.a, exps.b)

    def phase_list(self) -> list[Phase]:
        """The phases, or a single phase of ``duration`` without reinforcements."""
        if self.phases is not None:
            return list(self.phases)
        if self.duration is None:
            raise ValueError("a battle needs phases or a duration")
        return [Phase(duration=self.duration)]


def _is_whole(v: float) -> bool:
    return math.isfinite(v) and abs(v - round(v)) < 1e-9


def _dotted(path: KeyPath) -> str:
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + str(part)
    return text


# --------------------------------------------------------------------------------------------
# loading with positions


def _position(data: Any, path: KeyPath, *, key: bool = False) -> tuple[int | None, int | None]:
    """1-based (line, col) of the value at ``path`` (of its key with ``key``), or of its
    nearest written ancestor."""
    line: int | None = 1
    col: int | None = 1
    node = data
    for i, part in enumerate(path):
        if isinstance(node, CommentedMap) and part in node:
            try:
                if node[part] is None or (key and i == len(path) - 1):
                    ln, cl = node.lc.key(part)
                else:
                    ln, cl = node.lc.value(part)
                line, col = ln + 1, cl + 1
            except (KeyError, TypeError):
                break
            node = node[part]
        elif isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
            try:
                ln, cl = node.lc.item(part)
                line, col = ln + 1, cl + 1
            except (KeyError, TypeError, IndexError):
                break
            node = node[part]
        else:
            break
    return line, col


def _plain(node: Any) -> Any:
    """ruamel round-trip nodes → builtins (ints stay ints, so the strict model accepts them)."""
    if isinstance(node, CommentedMap):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, CommentedSeq):
        return [_plain(v) for v in node]
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, str):
        return str(node)
    return node


def _message(err: Any) -> str:
    kind = err.get("type", "")
    if kind == "extra_forbidden":
        return "unknown key"
    if kind == "missing":
        return "required key is missing"
    if kind == "literal_error":
        return err["msg"].replace("Input should be", "must be")
    msg = str(err.get("msg", "invalid value"))
    return msg.replace("Input should be", "must be").replace("Value error, ", "")


def parse_battle(text: str, display: str = "<battle>") -> BattleSpec:
    """Parse a battle file's text; raise :class:`ScenarioError` listing every problem."""
    yaml = YAML(typ="rt")
    try:
        data = yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark
        problem = exc.problem or "invalid YAML"
        raise ScenarioError(
            [
                Diagnostic(
                    display,
                    None if mark is None else mark.line + 1,
                    None if mark is None else mark.column + 1,
                    "",
                    f"YAML syntax error: {problem}",
                )
            ]
        ) from None
    except YAMLError as exc:
        raise ScenarioError(
            [Diagnostic(display, None, None, "", f"YAML syntax error: {exc}")]
        ) from None
    if not isinstance(data, CommentedMap):
        raise ScenarioError(
            [
                Diagnostic(
                    display,
                    1,
                    1,
                    "",
                    "a battle file must be a YAML mapping",
                    "start with 'law: square' and give x, y and phases",
                )
            ]
        )
    problems: list[tuple[KeyPath, str]] = []
    try:
        spec = BattleSpec.model_validate(_plain(data), context={"problems": problems})
    except ValidationError as exc:
        diags = []
        for err in exc.errors():
            path: KeyPath = tuple(p for p in err["loc"] if isinstance(p, (str, int)))
            line, col = _position(data, path, key=err.get("type") == "extra_forbidden")
            diags.append(Diagnostic(display, line, col, _dotted(path), _message(err)))
        raise ScenarioError(sorted(diags, key=lambda d: (d.line or 0, d.col or 0))) from None
    if problems:
        diags = [
            Diagnostic(display, *_position(data, path), _dotted(path), msg)
            for path, msg in problems
        ]
        raise ScenarioError(sorted(diags, key=lambda d: (d.line or 0, d.col or 0)))
    return spec


def load_battle(path: str | Path) -> BattleSpec:
    """Read and validate a battle file (see the module docstring for the format)."""
    p = Path(path)
    display = str(path)
    if not p.is_file():
        what = "is a directory" if p.is_dir() else "not found"
        raise ScenarioError([Diagnostic(display, None, None, "", f"battle file {what}")])
    try:
        text = p.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ScenarioError(
            [Diagnostic(display, None, None, "", f"not valid UTF-8 (byte offset {exc.start})")]
        ) from None
    return parse_battle(text, display)
