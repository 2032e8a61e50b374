"""Physical and monetary units: one ``pint`` registry for the whole package.

The registry is small on purpose (lengths, areas, masses, times, counts of personnel, plain
multipliers and currencies with a price year) so that a typo in a scenario is reported with a
useful "did you mean" instead of silently meaning an obscure unit.

* ``troops`` counts personnel (aliases ``troop``, ``person``, ``soldier``, ``people``,
  ``personnel``); it is its own dimension, so troops never convert to tonnes.
* ``thousand``, ``million``, ``billion``, ``trillion`` are plain multipliers:
  ``trillion RUB_2025``, ``thousand troops``, ``tonne/day/(thousand troops)``.
* A currency is written ``CODE_YEAR`` (ISO 4217 code, price year), e.g. ``RUB_2025``,
  ``USD_2024``, ``EUR_2024``. Each currency-year is its own dimension: converting between
  currencies or price years needs an exchange rate or a deflator, which is a modelling
  choice, never a unit conversion.
* ``percent`` (or ``%``) and ``permille`` are dimensionless; ``1`` is a plain number.

Public API: :func:`parse_unit`, :func:`convert`, :func:`factor`, :func:`compatible`,
:func:`dimension_text`, :func:`registry`. Unit errors are :class:`UnitError`, a
:class:`~clausewitz.errors.UserError`.
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache
from typing import TYPE_CHECKING, TypeVar

import numpy as np

from clausewitz.errors import UserError

if TYPE_CHECKING:  # pint is imported lazily: it costs about a second at start-up
    import pint

CURRENCY_PATTERN = re.compile(r"\b([A-Z]{3})_(\d{4})\b")
"""A currency with its price year, e.g. ``RUB_2025``."""

_DEFINITIONS = """
kilo- = 1e3 = k-
milli- = 1e-3 = m-
centi- = 1e-2 = c-
meter = [length] = m = metre
gram = [mass] = g
second = [time] = s = sec
minute = 60 * second = min
hour = 60 * minute = h = hr
day = 24 * hour = d
week = 7 * day
year = 365.25 * day = yr = julian_year
month = year / 12
tonne = 1e3 * kilogram = t = metric_ton
mile = 1609.344 * meter = mi
hectare = 1e4 * meter ** 2 = ha
troop = [personnel] = _ = troops = person = soldier = people = personnel
percent = 0.01 = %
permille = 0.001
thousand = 1e3
million = 1e6
billion = 1e9
trillion = 1e12
"""


class UnitError(UserError, ValueError):
    """A unit string that cannot be parsed, or two units that cannot be converted.

    ``message`` says what is wrong and ``hint`` (possibly empty) what would be valid.
    """

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message + (f" ({hint})" if hint else ""))
        self.message = message
        self.hint = hint


@lru_cache(maxsize=1)
def registry() -> pint.UnitRegistry:
    """The package's single unit registry (built on first use)."""
    import pint

    ureg: pint.UnitRegistry = pint.UnitRegistry(None, cache_folder=None)
    for line in _DEFINITIONS.strip().splitlines():
        ureg.define(line)
    return ureg


def _define_currencies(text: str) -> None:
    """Define every ``CODE_YEAR`` mentioned in ``text`` as its own dimension (once)."""
    ureg = registry()
    for match in CURRENCY_PATTERN.finditer(text):
        name = match.group(0)
        if name not in ureg:
            ureg.define(f"{name} = [currency_{name}]")


def _known_names() -> list[str]:
    ureg = registry()
    return sorted({str(name) for name in ureg._units} - {"_"})


MAX_UNIT_LENGTH = 200
"""[ENG] Longest unit text accepted (the longest real one is a few dozen characters)."""
MAX_EXPONENT = 12
"""[ENG] Largest power in a unit (``m**2``, ``s**-1``; nothing physical needs more)."""
MAX_PARENS = 8
"""[ENG] Deepest nesting of parentheses in a unit."""
_POWER = re.compile(r"\*\*|\^")
_EXPONENT = re.compile(r"\s*([+-]?)\s*(\d+(?:\.\d*)?)")
_POWER_TERM = re.compile(r"(?:\*\*|\^)\s*[+-]?\s*\d+(?:\.\d*)?")
_NUMBER = re.compile(r"(?<![A-Za-z_0-9.])\d+(?:\.\d*)?(?:[eE][+-]?\d+)?")


def _check_expression(text: str) -> None:
    """Refuse unit text whose evaluation could take unbounded time or memory, before pint
    sees it: pint evaluates numbers and powers exactly, so ``troops * 10**10**10`` would build
    a ten-billion-digit integer. Exponents must be plain numbers of at most
    :data:`MAX_EXPONENT`, not chained, parentheses shallow, the text short."""
    if len(text) > MAX_UNIT_LENGTH:
        raise UnitError(
            f"unit text too long ({len(text)} characters; at most {MAX_UNIT_LENGTH})",
            "e.g. 'tonne/day/(thousand troops)'",
        )
    depth = 0
    for ch in text:
        depth += (ch == "(") - (ch == ")")
        if depth > MAX_PARENS:
            raise UnitError(
                f"'{text[:60]}' nests parentheses more than {MAX_PARENS} deep",
                "e.g. 'tonne/day/(thousand troops)'",
            )
    bare = _POWER_TERM.sub(" ", CURRENCY_PATTERN.sub(" ", text))
    if any(n != "1" for n in _NUMBER.findall(bare)):
        raise UnitError(
            f"'{text[:60]}' is not a unit: it contains a number",
            "write multipliers as words, e.g. 'thousand troops'",
        )
    for power in _POWER.finditer(text):
        exp = _EXPONENT.match(text, power.end())
        if exp is None or float(exp.group(2)) > MAX_EXPONENT:
            raise UnitError(
                f"'{text[:60]}': an exponent must be a number of at most {MAX_EXPONENT}",
                "e.g. km**2 or s**-1",
            )
        if _POWER.match(text[exp.end() :].lstrip()):
            raise UnitError(
                f"'{text[:60]}': chained exponents are not allowed", "e.g. km**2 or s**-1"
            )


@lru_cache(maxsize=1024)
def parse_unit(text: str) -> pint.Unit:
    """Parse a unit string (pint syntax: ``km``, ``tonne/day``, ``trillion RUB_2025``, ``1``).

    Raises :class:`UnitError` with a suggestion when the text is not a unit.
    """
    if not isinstance(text, str):
        raise UnitError(f"a unit must be text, got {text!r}", "e.g. 'km' or '1'")
    _check_expression(text)
    _define_currencies(text)
    ureg = registry()
    try:
        unit = ureg.parse_units(text)
    except Exception as exc:  # pint raises several exception types for bad syntax
        name = getattr(exc, "unit_names", None)
        bad = name if isinstance(name, str) else None
        if bad is None and isinstance(name, (tuple, list)) and name:
            bad = str(name[0])
        if bad is not None:
            where = "" if bad == text.strip() else f" in '{text}'"
            raise UnitError(f"unknown unit '{bad}'{where}", _suggest_unit(bad)) from None
        if "scaling factor" in str(exc):
            raise UnitError(
                f"'{text}' is not a unit: it contains a number",
                "write multipliers as words, e.g. 'thousand troops'",
            ) from None
        raise UnitError(
            f"'{text}' is not a valid unit expression", "pint syntax, e.g. km, tonne/day, 1"
        ) from None
    return unit


def _suggest_unit(name: str) -> str:
    if re.fullmatch(r"[A-Za-z]{3}_?\d{2,4}", name) or re.fullmatch(r"[A-Z]{3}", name):
        return "a currency is written CODE_YEAR, e.g. RUB_2025 or USD_2024"
    close = difflib.get_close_matches(name, _known_names(), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


def dimension_text(unit: str) -> str:
    """The dimension of a unit in words, e.g. ``[length] / [time]`` or ``dimensionless``."""
    dim = parse_unit(unit).dimensionality
    return str(dim) if dim else "dimensionless"


def compatible(a: str, b: str) -> bool:
    """Whether values in unit ``a`` convert to unit ``b`` (same dimension).

    Unparseable units are not compatible with anything.
    """
    try:
        return bool(parse_unit(a).dimensionality == parse_unit(b).dimensionality)
    except UnitError:
        return False


@lru_cache(maxsize=4096)
def factor(from_unit: str, to_unit: str) -> float:
    """The multiplier taking a value in ``from_unit`` to ``to_unit`` (all units are linear)."""
    src, dst = parse_unit(from_unit), parse_unit(to_unit)
    if src.dimensionality != dst.dimensionality:
        raise UnitError(
            f"cannot convert '{from_unit}' to '{to_unit}'",
            f"{dimension_text(from_unit)} is not {dimension_text(to_unit)}",
        )
    ureg = registry()
    return float(ureg.Quantity(1.0, src).to(dst).magnitude)


_Value = TypeVar("_Value", float, np.ndarray)


def convert(value: _Value, from_unit: str, to_unit: str) -> _Value:
    """Convert ``value`` (a float or a NumPy array) from ``from_unit`` to ``to_unit``.

    >>> convert(13.5, "trillion RUB_2025", "RUB_2025")
    13500000000000.0
    """
    result: _Value = value * factor(from_unit, to_unit)
    return result
