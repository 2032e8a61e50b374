"""The engine's attrition and breakpoint constants as the historical data estimate them.

:func:`fitted_parameters` derives them from the data shipped with clausewitz:

* attrition (``attrition-exponent-own``, ``attrition-exponent-enemy``,
  ``attrition-rate-assault``, ``attrition-rate-hold``, ``loss-dispersion``): the engine's
  assault law fitted to the Ardennes division-days
  (:func:`clausewitz.validation.attrition.fit_ade`);
* breakpoints (``breakpoint-{attacker,defender}-{a,b}``): the engine's break rule fitted to
  the CDB90 battles of the training era, before 1939
  (:func:`clausewitz.validation.breakpoints.fit_thresholds`).

:data:`FITTED` holds the same values rounded to four significant figures (a test keeps the two
in step), so that ``clausewitz engagement --calibration fitted`` and scenarios can use them
without refitting. They differ from the engine's current defaults
(:mod:`clausewitz.scenario.defaults`, calibrated to QJM's standard rates and to Helmbold's
summary): ``docs/validation.md`` compares the two.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from clausewitz.validation.attrition import fit_ade
from clausewitz.validation.breakpoints import fit_thresholds
from clausewitz.validation.datasets import load_cdb90
from clausewitz.validation.split import train_test

FITTED: Final[Mapping[str, float]] = MappingProxyType(
    {
        "attrition-exponent-own": 0.8025,
        "attrition-exponent-enemy": 0.1975,
        "attrition-rate-assault": 0.01705,
        "attrition-rate-hold": 0.008478,
        "loss-dispersion": 0.8020,
        "breakpoint-attacker-a": 1.566,
        "breakpoint-attacker-b": 2.930,
        "breakpoint-defender-a": 1.524,
        "breakpoint-defender-b": 2.616,
    }
)
"""Engine constants fitted to the historical data (rounded; see :func:`fitted_parameters`)."""

CALIBRATIONS: tuple[str, ...] = ("defaults", "fitted")
"""Names of the engine calibrations the validation compares."""


def overrides(calibration: str) -> dict[str, float]:
    """Parameter overrides of a calibration: none for ``defaults``, :data:`FITTED` for
    ``fitted``."""
    if calibration == "defaults":
        return {}
    if calibration == "fitted":
        return dict(FITTED)
    from clausewitz.errors import UserError

    raise UserError(f"unknown calibration {calibration!r}; choose one of {', '.join(CALIBRATIONS)}")


def fitted_parameters() -> dict[str, float]:
    """Fit the constants of :data:`FITTED` from the data (unrounded)."""
    att = fit_ade()
    train, _ = train_test(load_cdb90().frame)
    thr = fit_thresholds(
        train["attacker_frac"].to_numpy(float),
        train["defender_frac"].to_numpy(float),
        train["outcome"].to_numpy(int),
    )
    return {
        "attrition-exponent-own": att.phi_own.value,
        "attrition-exponent-enemy": att.phi_enemy.value,
        "attrition-rate-assault": att.k_assault.value,
        "attrition-rate-hold": att.k_hold.value,
        "loss-dispersion": att.dispersion,
        "breakpoint-attacker-a": thr["attacker"].a,
        "breakpoint-attacker-b": thr["attacker"].b,
        "breakpoint-defender-a": thr["defender"].a,
        "breakpoint-defender-b": thr["defender"].b,
    }
