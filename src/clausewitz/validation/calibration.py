"""The engine's attrition and breakpoint constants as the historical data estimate them.

:func:`fitted_parameters` derives the engine's defaults from the data shipped with clausewitz:

* attrition (``attrition-exponent-own``, ``attrition-exponent-enemy``,
  ``attrition-rate-assault``, ``attrition-rate-hold``, ``loss-dispersion``): the engine's
  assault law fitted to the Ardennes division-days
  (:func:`clausewitz.validation.attrition.fit_ade`);
* breakpoints (``breakpoint-{attacker,defender}-{a,b}``): the engine's break rule fitted to
  CDB90's training battles, before 1939 (:func:`clausewitz.validation.breakpoints.fit_thresholds`);
* ``breakpoint-force-ratio-exponent`` and ``engagement-effectiveness-sigma``: chosen, with
  their form, by the engine's own win probabilities on the same training battles
  (:func:`clausewitz.validation.outcome_fit.fit_outcomes`, a simulation fit;
  :data:`OUTCOME_FIT_SETTINGS` reproduces it).

:data:`FITTED` holds the same values rounded to four significant figures and is what
:mod:`clausewitz.scenario.defaults` carries (tests keep the three in step). Nothing in the
defaults was fitted on CDB90's test battles (1939-1982), so the engine's score on them is out
of sample. Two other calibrations keep the alternatives in view:

* ``modern`` (:data:`MODERN`): the previous defaults, thresholds fitted on the CDB90 battles
  of 1939 on (the test battles included: not out of sample) and no force-ratio term;
* ``published`` (:data:`PUBLISHED`): the constants before any fit, from the literature: the
  Wiper-Pettit-Young prior mean for the exponents, QJM's standard rates at 2:1, Helmbold's
  summary for the thresholds, and a dispersion of ours.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from clausewitz.validation.attrition import fit_ade
from clausewitz.validation.datasets import load_cdb90
from clausewitz.validation.outcome_fit import threshold_parameters
from clausewitz.validation.split import SPLIT_YEAR, train_test

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
        "breakpoint-force-ratio-exponent": 0.125,
        "engagement-effectiveness-sigma": 0.0,
    }
)
"""The engine's default attrition and breakpoint constants, fitted to the historical data
(rounded; see :func:`fitted_parameters`)."""

OUTCOME_FIT_SETTINGS: Final[Mapping[str, int]] = MappingProxyType(
    {"runs": 100, "seed": 0, "folds": 5}
)
"""Settings of :func:`clausewitz.validation.outcome_fit.fit_outcomes` that gave
``breakpoint-force-ratio-exponent`` and ``engagement-effectiveness-sigma`` in :data:`FITTED`
(with its default grids)."""

MODERN: Final[Mapping[str, float]] = MappingProxyType(
    {
        **FITTED,
        "breakpoint-attacker-a": 1.179,
        "breakpoint-attacker-b": 7.356,
        "breakpoint-defender-a": 0.5826,
        "breakpoint-defender-b": 1.310,
        "breakpoint-force-ratio-exponent": 0.0,
        "engagement-effectiveness-sigma": 0.0,
    }
)
"""The previous defaults: :data:`FITTED`'s attrition, thresholds fitted on CDB90's battles of
1939-1982 (test battles included), no force-ratio term, no engagement heterogeneity."""

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
        # no engagement heterogeneity before the fits
        "engagement-effectiveness-sigma": 0.0,
    }
)
"""The constants clausewitz used before the fits, from the literature (for comparison)."""

CALIBRATIONS: tuple[str, ...] = ("defaults", "modern", "published")
"""Names of the engine calibrations the validation compares."""


def overrides(calibration: str) -> dict[str, float]:
    """Parameter overrides of a calibration: none for ``defaults`` (the fits themselves),
    :data:`MODERN` for ``modern``, :data:`PUBLISHED` for ``published``."""
    if calibration == "defaults":
        return {}
    if calibration == "modern":
        return dict(MODERN)
    if calibration == "published":
        return dict(PUBLISHED)
    from clausewitz.errors import UserError

    renamed = {
        "fitted": " ('fitted' is now 'defaults': the defaults are the fits)",
        "train_era": " ('train_era' is now 'defaults': the defaults are fitted before 1939)",
    }.get(calibration, "")
    raise UserError(
        f"unknown calibration {calibration!r}; choose one of {', '.join(CALIBRATIONS)}{renamed}"
    )


def fitted_parameters(era: str = "train") -> dict[str, float]:
    """Fit the attrition and threshold constants of :data:`FITTED` (``era="train"``,
    thresholds from the battles before 1939) or of :data:`MODERN` (``era="modern"``, from
    1939 on) from the data, unrounded. ``breakpoint-force-ratio-exponent`` and
    ``engagement-effectiveness-sigma`` are a simulation fit
    (:func:`clausewitz.validation.outcome_fit.fit_outcomes`), not redone here."""
    att = fit_ade()
    battles = load_cdb90().frame
    if era == "modern":
        chosen = battles[battles["year"] >= SPLIT_YEAR]
    elif era == "train":
        chosen, _ = train_test(battles)
    else:
        raise ValueError(f"era must be 'train' or 'modern', not {era!r}")
    return {
        "attrition-exponent-own": att.phi_own.estimate,
        "attrition-exponent-enemy": att.phi_enemy.estimate,
        "attrition-rate-assault": att.k_assault.estimate,
        "attrition-rate-hold": att.k_hold.estimate,
        "loss-dispersion": att.dispersion,
        **threshold_parameters(chosen),
    }
