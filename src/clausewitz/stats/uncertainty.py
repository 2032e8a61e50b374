"""One type for an uncertain input, whichever analysis varies it.

Sensitivity analysis samples it, calibration searches it as a prior, a sweep's factor spans
it: each needs the input's name, its distribution as an inverse CDF from (0, 1) to values (hard
bounds applied), its unit and where the distribution comes from. This follows EMA Workbench's
uncertainties (Kwakkel, *Environ. Model. Softw.* 96 (2017) 239-250): a named parameter with a
distribution, which every analysis reads one way. The evidence chain that produces a
distribution (claims, fusion, estimate) carries more and stays in ``evidence``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

F64 = NDArray[np.float64]
Ppf = Callable[[F64], ArrayLike]
"""An inverse CDF: uniforms in (0, 1) to values."""


@dataclass(frozen=True)
class Uncertainty:
    """An uncertain input: name, inverse CDF (bounds applied), unit, basis, description."""

    name: str
    ppf: Callable[[F64], F64]
    """Values at uniforms ``u`` in (0, 1)."""
    unit: str = ""
    basis: str = ""
    """Where the distribution comes from (``evidence``, ``assumption``, ``engineering``, or a
    sentence for a report)."""
    description: str = ""

    def quantiles(self, q: Sequence[float]) -> F64:
        """The input's quantiles at probabilities ``q``."""
        return self.ppf(np.asarray(q, dtype=np.float64))

    @staticmethod
    def uniform(name: str, low: float, high: float, *, unit: str = "") -> Uncertainty:
        """An input uniform on ``[low, high]``."""
        if not high > low:
            raise ValueError(f"uncertainty {name}: high must exceed low")
        return Uncertainty(
            name, lambda u: low + (high - low) * np.asarray(u, dtype=np.float64), unit=unit
        )

    @staticmethod
    def bounded(
        name: str,
        ppf: Ppf,
        low: float | None,
        high: float | None,
        *,
        u_edge: float = 0.0,
        unit: str = "",
        basis: str = "",
        description: str = "",
    ) -> Uncertainty:
        """An input drawn from ``ppf`` and clipped to its hard bounds ``[low, high]`` (either
        may be ``None``), as the engine's sampling clips it. With ``u_edge`` the uniforms are
        first kept inside ``[u_edge, 1 - u_edge]`` so that an unbounded inverse CDF stays
        finite."""

        def inverse(u: F64) -> F64:
            u = np.asarray(u, dtype=np.float64)
            if u_edge > 0.0:
                u = np.clip(u, u_edge, 1.0 - u_edge)
            x = np.asarray(ppf(u), dtype=np.float64)
            if low is None and high is None:
                return x
            return np.clip(x, low, high)

        return Uncertainty(name, inverse, unit=unit, basis=basis, description=description)
