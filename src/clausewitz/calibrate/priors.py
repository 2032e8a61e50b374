"""The parameters calibrated and their priors, as maps from the unit cube.

Every calibrated parameter is searched on ``u`` in (0, 1) and mapped to its value by its
prior's inverse CDF, so the emulators work on the unit cube whatever the parameters' units.
The prior of a parameter the scenario makes uncertain is its own distribution (fused claims or
an assumption); a parameter the scenario fixes (an engine constant, or a value) gets a
log-uniform prior from value/3 to value*3 ([ENG] :data:`~clausewitz.calibrate.settings.
PRIOR_SPREAD`), clipped to its hard bounds.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from clausewitz.calibrate import settings as cs
from clausewitz.errors import UserError
from clausewitz.evidence.distributions import LogUniform
from clausewitz.evidence.estimate import ParameterEstimate
from clausewitz.prepare.overrides import check_names
from clausewitz.scenario.parameters import ParameterTable
from clausewitz.stats.uncertainty import Uncertainty

F64 = NDArray[np.float64]
U_EDGE = 1e-6
"""Uniforms are kept inside [1e-6, 1 - 1e-6] so that every inverse CDF is finite."""


@dataclass(frozen=True)
class Priors:
    """The calibrated parameters, in order."""

    priors: tuple[Uncertainty, ...]
    """Each parameter's prior, an inverse CDF from the unit interval (bounds applied)."""

    @property
    def names(self) -> list[str]:
        """Parameter names, in order."""
        return [p.name for p in self.priors]

    def values(self, u: F64) -> pd.DataFrame:
        """A design of parameter values, one row per row of ``u`` (points, parameters)."""
        u = np.atleast_2d(u)
        return pd.DataFrame({p.name: p.ppf(u[:, i]) for i, p in enumerate(self.priors)})


def choose_parameters(requested: Sequence[str] | None, table: ParameterTable) -> list[str]:
    """The parameters to calibrate: those named, else the documented default set (those of
    it the scenario has). A parameter already calibrated is refused: its posterior as a new
    prior would count the same record twice."""
    chosen = _requested(requested, table) if requested else _default_set(table)
    _refuse_calibrated(chosen, table)
    return chosen


def _refuse_calibrated(names: Sequence[str], table: ParameterTable) -> None:
    done = [n for n in names if table[n].basis == "calibrated"]
    if not done:
        return
    trace = table[done[0]].parameter.calibration
    window = f" to the record from {trace.window_start} to {trace.window_end}" if trace else ""
    raise UserError(
        f"{', '.join(done)} {'is' if len(done) == 1 else 'are'} already calibrated{window}: "
        "calibrating again would count that record twice. Calibrate the scenario without its "
        "calibrated file (a bundled scenario's files are in the folder `clausewitz check` "
        "prints; copy it and drop the `calibrated.yaml` include), or name others with --params"
    )


def _requested(requested: Sequence[str], table: ParameterTable) -> list[str]:
    check_names(requested, table)
    if len(set(requested)) != len(requested):
        raise UserError(f"--params names a parameter twice: {', '.join(requested)}")
    for name in requested:
        entry = table[name]
        if not entry.used or entry.parameter.role == "observation":
            raise UserError(
                f"--params: '{name}' is not an input of the model "
                "(an observation or unused parameter cannot be calibrated)"
            )
        if entry.origin == "inline":
            raise UserError(
                f"--params: '{name}' is written inline in a structural field; give it a "
                "name in 'parameters' to calibrate it"
            )
    return list(requested)


def _default_set(table: ParameterTable) -> list[str]:
    chosen = [n for n in cs.DEFAULT_PARAMETERS if n in table]
    if not chosen:
        raise UserError(
            "none of the default calibration parameters "
            f"({', '.join(cs.DEFAULT_PARAMETERS)}) is in this scenario; name some with --params"
        )
    return chosen


def build_priors(
    names: Sequence[str], table: ParameterTable, estimates: Mapping[str, ParameterEstimate]
) -> Priors:
    """Each named parameter's prior (see the module's docstring)."""
    out = []
    for name in names:
        est = estimates[name]
        p = table[name].parameter
        lo, hi = est.distribution.support
        if hi > lo:
            dist, note = est.distribution, f"the scenario's {est.basis} ({est.method})"
        else:
            v = float(lo)
            if not v > 0:
                raise UserError(
                    f"--params: '{name}' is fixed at {v:g}; a fixed value must be positive to "
                    "get the default prior (or give it a distribution in the scenario)"
                )
            f = cs.PRIOR_SPREAD
            dist = LogUniform(v / f, v * f)
            note = f"log-uniform {v / f:.4g} to {v * f:.4g} around the fixed {v:.4g} [ENG]"
        out.append(
            Uncertainty.bounded(
                name, dist.ppf, p.low, p.high, u_edge=U_EDGE, unit=est.unit, basis=note
            )
        )
    return Priors(tuple(out))
