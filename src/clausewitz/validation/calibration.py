"""The engine's attrition and breakpoint constants as the historical data estimate them.

:func:`fitted_parameters` derives the engine's defaults from the data shipped with clausewitz:

* attrition (``attrition-exponent-own``, ``attrition-exponent-enemy``,
  ``attrition-rate-assault``, ``attrition-rate-hold``, ``loss-dispersion``): the engine's
  assault law fitted to the Ardennes division-days
  (:func:`clausewitz.validation.attrition.fit_ade`);
* breakpoints (``breakpoint-{attacker,defender}-{a,b}``): the engine's break rule fitted to
  the CDB90 battles of 1939-1982, the era closest to the engine's use
  (:func:`clausewitz.validation.breakpoints.fit_thresholds`).

:data:`FITTED` holds the same values rounded to four significant figures and is what
:mod:`clausewitz.scenario.defaults` carries (tests keep the three in step).

The breakpoint defaults are fitted on the same era as CDB90's test battles, so the engine's
score with its defaults on those battles is not out of sample for the thresholds. Two other
calibrations keep the out-of-sample check honest and the published values in view:

* ``train_era`` (:data:`TRAIN_ERA`): the same attrition, thresholds fitted on the training
  battles only (before 1939);
* ``published`` (:data:`PUBLISHED`): the constants before this fit, from the literature: the
  Wiper-Pettit-Young prior mean for the exponents, QJM's standard rates at 2:1, Helmbold's
  summary for the thresholds, and a dispersion of ours.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

import pandas as pd

from clausewitz.validation.attrition import fit_ade
from clausewitz.validation.breakpoints import fit_thresholds
from clausewitz.validation.datasets import load_cdb90
from clausewitz.validation.split import SPLIT_YEAR, train_test

FITTED: Final[Mapping[str, float]] = MappingProxyType(
    {
        "attrition-exponent-own": 0.8025,
        "attrition-exponent-enemy": 0.1975,
        "attrition-rate-assault": 0.01705,
        "attrition-rate-hold": 0.008478,
        "loss-dispersion": 0.8020,
        "breakpoint-attacker-a": 1.179,
        "breakpoint-attacker-b": 7.356,
        "breakpoint-defender-a": 0.5826,
        "breakpoint-defender-b": 1.310,
    }
)
"""The engine's default attrition and breakpoint constants, fitted to the historical data
(rounded; see :func:`fitted_parameters`)."""

TRAIN_ERA: Final[Mapping[str, float]] = MappingProxyType(
    {
        **FITTED,
        "breakpoint-attacker-a": 1.566,
        "breakpoint-attacker-b": 2.930,
        "breakpoint-defender-a": 1.524,
        "breakpoint-defender-b": 2.616,
    }
)
"""As :data:`FITTED` with the thresholds fitted on CDB90's training battles (before 1939)."""

PUBLISHED: Final[Mapping[str, float]] = MappingProxyType(
    {
        # Wiper, Pettit & Young (2000), prior mean of the exponents
        "attrition-exponent-own": 0.5,
        "attrition-exponent-enemy": 0.5,
        # QJM standard rates at 2:1 (Lawrence 1996): 0.015 / sqrt(2) and 0.028 * sqrt(2)
        "attrition-rate-assault": 0.0106,
        "attrition-rate-hold": 0.0396,
        # ours: no published value
        "loss-dispersion": 0.25,
        # Helmbold (RAND 1971): 90% quantiles 0.40 (attackers) and 0.20 (defenders), a = 2
        "breakpoint-attacker-a": 2.0,
        "breakpoint-attacker-b": 7.152,
        "breakpoint-defender-a": 2.0,
        "breakpoint-defender-b": 16.948,
    }
)
"""The constants clausewitz used before the fits, from the literature (for comparison)."""

CALIBRATIONS: tuple[str, ...] = ("defaults", "train_era", "published")
"""Names of the engine calibrations the validation compares."""


def overrides(calibration: str) -> dict[str, float]:
    """Parameter overrides of a calibration: none for ``defaults`` (the fits themselves),
    :data:`TRAIN_ERA` for ``train_era``, :data:`PUBLISHED` for ``published``."""
    if calibration == "defaults":
        return {}
    if calibration == "train_era":
        return dict(TRAIN_ERA)
    if calibration == "published":
        return dict(PUBLISHED)
    from clausewitz.errors import UserError

    renamed = (
        " ('fitted' is now 'defaults': the defaults are the fits)"
        if calibration == "fitted"
        else ""
    )
    raise UserError(
        f"unknown calibration {calibration!r}; choose one of {', '.join(CALIBRATIONS)}{renamed}"
    )


def _thresholds(battles: pd.DataFrame) -> dict[str, float]:
    thr = fit_thresholds(
        battles["attacker_frac"].to_numpy(float),
        battles["defender_frac"].to_numpy(float),
        battles["outcome"].to_numpy(int),
    )
    return {
        "breakpoint-attacker-a": thr["attacker"].a,
        "breakpoint-attacker-b": thr["attacker"].b,
        "breakpoint-defender-a": thr["defender"].a,
        "breakpoint-defender-b": thr["defender"].b,
    }


def fitted_parameters(era: str = "modern") -> dict[str, float]:
    """Fit the constants of :data:`FITTED` (``era="modern"``, thresholds from the battles of
    1939 on) or of :data:`TRAIN_ERA` (``era="train"``, before 1939) from the data, unrounded."""
    att = fit_ade()
    battles = load_cdb90().frame
    if era == "modern":
        chosen = battles[battles["year"] >= SPLIT_YEAR]
    elif era == "train":
        chosen, _ = train_test(battles)
    else:
        raise ValueError(f"era must be 'modern' or 'train', not {era!r}")
    return {
        "attrition-exponent-own": att.phi_own.value,
        "attrition-exponent-enemy": att.phi_enemy.value,
        "attrition-rate-assault": att.k_assault.value,
        "attrition-rate-hold": att.k_hold.value,
        "loss-dispersion": att.dispersion,
        **_thresholds(chosen),
    }
