"""Reading a strategy's settings (plain values from the scenario) with clear errors.

Each strategy declares its settings with defaults; :class:`SettingsReader` rejects unknown
names (with a "did you mean") and values of the wrong kind, so a typo in a scenario's
``strategies:`` block is an error and never silently ignored.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence

import numpy as np
from numpy.typing import NDArray

from clausewitz.errors import UserError

SettingValue = float | int | bool | str


class SettingsReader:
    """Typed access to one strategy's settings, checked against the names it accepts."""

    def __init__(
        self, strategy: str, settings: Mapping[str, SettingValue], defaults: Mapping[str, object]
    ) -> None:
        self.strategy = strategy
        self.settings = settings
        self.defaults = defaults
        unknown = sorted(set(settings) - set(defaults))
        if unknown:
            hints = []
            for name in unknown:
                close = difflib.get_close_matches(name, list(defaults), n=1)
                hints.append(f"{name} (did you mean {close[0]}?)" if close else name)
            raise UserError(
                f"strategy '{strategy}': unknown setting(s) {', '.join(hints)} "
                f"(allowed: {', '.join(sorted(defaults))})"
            )

    def number(self, name: str, *, low: float | None = None, high: float | None = None) -> float:
        """A number, optionally within ``[low, high]``."""
        value = self.settings.get(name, self.defaults[name])
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise UserError(
                f"strategy '{self.strategy}': setting '{name}' must be a number, got {value!r}"
            )
        x = float(value)
        if (low is not None and x < low) or (high is not None and x > high):
            rng = f"[{low if low is not None else '-inf'}, {high if high is not None else 'inf'}]"
            raise UserError(
                f"strategy '{self.strategy}': setting '{name}' = {x:g} is outside {rng}"
            )
        return x

    def share(self, name: str) -> float:
        """A number in [0, 1]."""
        return self.number(name, low=0.0, high=1.0)

    def positive(self, name: str) -> float:
        """A number > 0."""
        x = self.number(name, low=0.0)
        if x <= 0.0:
            raise UserError(f"strategy '{self.strategy}': setting '{name}' must be > 0")
        return x

    def choice(self, name: str, allowed: Sequence[str]) -> str:
        """One of ``allowed``."""
        value = self.settings.get(name, self.defaults[name])
        if not isinstance(value, str) or value not in allowed:
            raise UserError(
                f"strategy '{self.strategy}': setting '{name}' = {value!r} is not one of "
                f"{', '.join(allowed)}"
            )
        return value

    def sectors(self, name: str, sector_ids: Sequence[str]) -> NDArray[np.bool_]:
        """A comma-separated list of sector ids as a (S,) mask; empty means none."""
        value = self.settings.get(name, self.defaults[name])
        if not isinstance(value, str):
            raise UserError(
                f"strategy '{self.strategy}': setting '{name}' must be a comma-separated list "
                f"of sector ids, got {value!r}"
            )
        mask = np.zeros(len(sector_ids), dtype=np.bool_)
        for raw in value.split(","):
            sid = raw.strip()
            if not sid:
                continue
            if sid not in sector_ids:
                close = difflib.get_close_matches(sid, list(sector_ids), n=1)
                hint = f"; did you mean {close[0]}?" if close else ""
                raise UserError(
                    f"strategy '{self.strategy}': setting '{name}' names unknown sector "
                    f"'{sid}' (sectors: {', '.join(sector_ids)}{hint})"
                )
            mask[list(sector_ids).index(sid)] = True
        return mask


def normalised(weights: NDArray[np.float64]) -> NDArray[np.float64]:
    """Rows scaled to sum to 1 (rows of zeros stay zero)."""
    total = weights.sum(axis=1, keepdims=True)
    return np.divide(weights, total, out=np.zeros_like(weights), where=total > 0.0)


def split(
    weights_a: NDArray[np.float64], weights_b: NDArray[np.float64], share_a: float
) -> NDArray[np.float64]:
    """Rows summing to 1: ``share_a`` spread by ``weights_a``, the rest by ``weights_b``; all of
    it to whichever group has weight when only one does."""
    wa, wb = normalised(weights_a), normalised(weights_b)
    has_a = wa.sum(axis=1, keepdims=True) > 0.0
    has_b = wb.sum(axis=1, keepdims=True) > 0.0
    share = np.where(has_b, np.where(has_a, share_a, 0.0), 1.0)
    out: NDArray[np.float64] = share * wa + (1.0 - share) * wb
    return out
