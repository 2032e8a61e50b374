"""Every default value of the model, in one place.

Each entry is a :class:`~clausewitz.scenario.schema.Parameter` whose ``basis`` says what it is:
``engineering`` for a modelling choice of ours (labelled so, with a rationale), carrying a
``citation`` when the value is published or fitted to data (the data set is named). A scenario
overrides any default by defining a parameter of the same name, a sweep varies it
(``--vary``/``--design``), and sensitivity analysis does once a scenario gives it a
distribution. ``clausewitz schema --defaults``
prints this table.

The engine's equations, and where each constant enters them, are in ``docs/model.md``; section
numbers below (``§4``) refer to that document; citations name the published source.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

from clausewitz.scenario.schema import Parameter


def _eng(value: float, unit: str, rationale: str, *, citation: str = "", **kw: float) -> Parameter:
    return Parameter(
        unit=unit, basis="engineering", value=value, rationale=rationale, citation=citation, **kw
    )


_QJM = (
    "C. Lawrence, 'How Attrition is Calculated in the QJM vs the TNDM', TNDM Newsletter, Dec 1996"
)
_EPSTEIN = (
    "J. M. Epstein, The Calculus of Conventional War (Brookings 1985), example values as "
    "reconstructed in RickyTickyTavi/Conventional_War_Calculator [secondary]"
)
_ADE = (
    "Fitted to the Ardennes Campaign Simulation Data Base division-days (Helmbold's ADE sheet, "
    "PAR datadisk; clausewitz.validation.attrition.fit_ade, docs/validation.md)"
)
_CDB90 = (
    "Fitted to CDB90 (US Army CAA / Helmbold) battles 1939-1982 "
    "(clausewitz.validation.breakpoints.fit_thresholds, docs/validation.md)"
)

# The engine's constants, by name. Units are the ones the engine computes in; a scenario may
# override with any convertible unit.
_DEFAULTS: dict[str, Parameter] = {
    # ---- §4 attrition -------------------------------------------------------------------------
    "attrition-exponent-own": _eng(
        0.8025,
        "1",
        "phi1, exponent on the losing side's own strength: the engine's assault law fitted by "
        "negative-binomial maximum likelihood to the Ardennes division-days, with phi1 + phi2 = 1 "
        "(95% interval 0.71-0.89; the Wiper-Pettit-Young prior mean was 0.5)",
        citation=_ADE,
        low=0.0,
        high=2.0,
    ),
    "attrition-exponent-enemy": _eng(
        0.1975,
        "1",
        "phi2, exponent on the enemy's strength: 1 - phi1 of the same fit (interval 0.11-0.29); "
        "with phi1 + phi2 = 1 the rates below are plain fractions per day at a 1:1 force ratio, "
        "whatever the size of the forces",
        citation=_ADE,
        low=0.0,
        high=2.0,
    ),
    "attrition-rate-assault": _eng(
        0.01705,
        "1/day",
        "k of the side that assaults (the rate at which it inflicts losses on the holder): same "
        "fit, interval 0.0154-0.0189; the days are those on which the attacker advanced, which "
        "favours the attacker's exchange (QJM's standard rates give 0.0106)",
        citation=_ADE,
        low=0.0,
    ),
    "attrition-rate-hold": _eng(
        0.008478,
        "1/day",
        "k of the side that holds against an assault: same fit, interval 0.0077-0.0094; if "
        "anything too low, for the reason above (QJM's standard rates give 0.0396)",
        citation=_ADE,
        low=0.0,
    ),
    "attrition-rate-positional": _eng(
        0.003,
        "1/day",
        "k of both sides when nobody assaults (shelling, drones, raids): about a sixth of the "
        "fitted assault rate (0.0170) and a third of the holding rate (0.0085); no published "
        "value (Dupuy gives only engagement rates)",
        low=0.0,
    ),
    "loss-cap-attacker": _eng(
        0.1344,
        "1/day",
        "Largest expected daily loss fraction of the assaulting side (QJM cap)",
        citation=_QJM,
        low=0.0,
        high=1.0,
    ),
    "loss-cap-defender": _eng(
        0.0576,
        "1/day",
        "Largest expected daily loss fraction of the holding side (QJM cap)",
        citation=_QJM,
        low=0.0,
        high=1.0,
    ),
    "fortification-attacker-exponent": _eng(
        0.5,
        "1",
        "An assault on a belt of fortification f costs the attacker f^gamma times its losses in "
        "the open while the defender's fall to 1/f (Dupuy: defender rates vary inversely with "
        "fortification; no published effect on the attacker's rate, so a half power, ours)",
        low=0.0,
    ),
    "idle-fire-factor": _eng(
        0.5,
        "1",
        "An idle side (posture idle) inflicts this share of the losses it would inflict when "
        "defending; no published value",
        low=0.0,
        high=1.0,
    ),
    "loss-dispersion": _eng(
        0.802,
        "1",
        "Negative-binomial dispersion of daily losses: variance = mean + dispersion * mean^2 "
        "(one gamma draw per side, sector and day); the same Ardennes fit",
        citation=_ADE,
        low=0.0,
    ),
    "fatigue-per-day": _eng(
        0.02,
        "1/day",
        "Assault effectiveness 1 / (1 + c t) after t consecutive days of assault: Dupuy's verity "
        "that casualty-inflicting capability declines with each day of battle (Dupuy 1987, "
        "*Understanding War*); the form and rate are ours (Rubio-Campillo's form not verified)",
        low=0.0,
    ),
    "supply-exponent": _eng(
        1.0,
        "1",
        "eta in combat power x s^eta for supply satisfaction s; about 1 for ammunition-limited "
        "fire (no published form; ours)",
        low=0.0,
    ),
    "terrain-attrition-open": _eng(
        1.0, "1", "Loss-rate multiplier in open terrain (the reference)", low=0.0
    ),
    "terrain-attrition-mixed": _eng(
        0.9,
        "1",
        "Loss-rate multiplier in mixed terrain; difficult terrain lowers rates (Dupuy's verity, "
        "Dupuy 1987); QJM tables not found, value ours",
        low=0.0,
    ),
    "terrain-attrition-forest": _eng(
        0.8, "1", "Loss-rate multiplier in forest (as mixed, value ours)", low=0.0
    ),
    "terrain-attrition-urban": _eng(
        0.8, "1", "Loss-rate multiplier in urban terrain (as mixed, value ours)", low=0.0
    ),
    "terrain-attrition-rough": _eng(
        0.7, "1", "Loss-rate multiplier in rough terrain (as mixed, value ours)", low=0.0
    ),
    "terrain-attrition-river": _eng(
        0.8, "1", "Loss-rate multiplier across a river line (as mixed, value ours)", low=0.0
    ),
    # ---- §5 breakpoints -----------------------------------------------------------------------
    "breakpoint-defender-a": _eng(
        0.5826,
        "1",
        "Beta(a, b) break threshold of the defender on the engagement's loss fraction, fitted "
        "by censored maximum likelihood to CDB90's battles of 1939-1982 (median 0.23; an upper "
        "reading: CDB90's casualties include prisoners taken after the break)",
        citation=_CDB90,
        low=0.0,
    ),
    "breakpoint-defender-b": _eng(
        1.310, "1", "b of the defender's Beta break threshold (same fit)", citation=_CDB90, low=0.0
    ),
    "breakpoint-attacker-a": _eng(
        1.179,
        "1",
        "Beta(a, b) break threshold of the attacker, fitted as the defender's to CDB90's "
        "battles of 1939-1982 (median 0.11)",
        citation=_CDB90,
        low=0.0,
    ),
    "breakpoint-attacker-b": _eng(
        7.356, "1", "b of the attacker's Beta break threshold (same fit)", citation=_CDB90, low=0.0
    ),
    "attack-pause-days": _eng(
        7.0,
        "day",
        "Days an attack pauses after the attacker breaks (regroup and resupply); no published "
        "value",
        low=0.0,
    ),
    "fallback-depth-km": _eng(
        3.0,
        "km",
        "How far a breaking defender falls back when no prepared belt is left behind it; "
        "no published value",
        low=0.0,
    ),
    # ---- §6 advance (Epstein ADM) -------------------------------------------------------------
    "adm-defender-threshold": _eng(
        0.05,
        "1/day",
        "alpha_dT: defender's daily attrition rate above which it trades space for time",
        citation=_EPSTEIN,
        low=0.0,
        high=0.99,
    ),
    "adm-attacker-threshold": _eng(
        0.075,
        "1/day",
        "alpha_aT: attacker's daily attrition rate above which it slows its prosecution",
        citation=_EPSTEIN,
        low=0.0,
    ),
    "adm-initial-prosecution": _eng(
        0.267,
        "1",
        "Attacker's starting prosecution rate as a share of its threshold: Epstein's example "
        "alpha(1) = 0.02 against alpha_aT = 0.075",
        citation=_EPSTEIN,
        low=0.0,
        high=1.0,
    ),
    "adm-min-prosecution": _eng(
        0.05,
        "1",
        "Floor of the attacker's prosecution rate as a share of its threshold, so that a "
        "throttled attack can recover; ours",
        low=0.0,
        high=1.0,
    ),
    "withdrawal-max-km-per-day": _eng(
        20.0,
        "km/day",
        "W_max, the defender's largest withdrawal rate before fortification and terrain",
        citation=_EPSTEIN,
        low=0.0,
    ),
    "advance-cap-km-per-day": _eng(
        26.0,
        "km/day",
        "Largest daily advance: Dupuy's historical maximum (about 17 km/day Napoleonic, 26 in "
        "1973); far lower in positional wars, so scenarios should set their own",
        citation="T. N. Dupuy's verities on advance (Dupuy 1987, *Understanding War*)",
        low=0.0,
    ),
    "terrain-advance-open": _eng(
        1.0, "1", "W_max multiplier in open terrain (the reference)", low=0.0
    ),
    "terrain-advance-mixed": _eng(
        0.8,
        "1",
        "W_max multiplier in mixed terrain; advance slows in difficult terrain (Dupuy); the "
        "QJM advance table was not found, value ours",
        low=0.0,
    ),
    "terrain-advance-forest": _eng(0.6, "1", "W_max multiplier in forest (value ours)", low=0.0),
    "terrain-advance-urban": _eng(
        0.5, "1", "W_max multiplier in urban terrain (value ours)", low=0.0
    ),
    "terrain-advance-rough": _eng(
        0.5, "1", "W_max multiplier in rough terrain (value ours)", low=0.0
    ),
    "terrain-advance-river": _eng(
        0.4, "1", "W_max multiplier across a river line (value ours)", low=0.0
    ),
    # ---- §3 logistics ---------------------------------------------------------------------------
    "interdiction-max": _eng(
        0.5,
        "1",
        "i_max: share of an edge's capacity lost when the enemy front reaches it; no published "
        "value",
        low=0.0,
        high=1.0,
    ),
    "interdiction-range-km": _eng(
        10.0,
        "km",
        "d0 in i = i_max exp(-d / d0): interdiction falls by e every d0 km from the front "
        "(about the reach of artillery and attack drones); ours",
        low=0.0,
    ),
    "interdiction-noise-sigma": _eng(
        0.3,
        "1",
        "Standard deviation of the log of the daily interdiction noise (mean 1); ours",
        low=0.0,
    ),
    "recruit-training-days": _eng(
        30.0,
        "day",
        "Training delay of recruits when a side does not give recruit_training_days; ours",
        low=0.0,
    ),
    "reserve-march-km-per-day": _eng(
        80.0,
        "km/day",
        "Great-circle km a side's reserve covers per day between its reserve_location and a "
        "sector's front_start (rail or road moves with loading, detours and assembly); ours",
        low=1.0,
    ),
    # ---- §2 strategies and observation --------------------------------------------------------
    "observation-noise-sigma": _eng(
        0.3,
        "1",
        "Standard deviation of the log of the noise on the enemy losses a side observes "
        "(lognormal, mean 1); ours",
        low=0.0,
    ),
    # ---- §7 economy ------------------------------------------------------------------------------
    "war-cost-elasticity": _eng(
        0.1,
        "1",
        "Military spending = baseline x (1 + e max(iota - 1, 0)), iota = daily losses over the "
        "reference: replacing losses (bonuses, equipment) is a modest share of a war budget, so "
        "doubling the losses adds about a tenth; ours (no published model)",
        low=0.0,
    ),
    "economy-reference-loss-fraction": _eng(
        0.005,
        "1/day",
        "Daily losses (share of the side's initial force) that the baseline military budget "
        "pays for; ours",
        low=0.0,
    ),
    "fiscal-runway-reference-years": _eng(
        0.5,
        "year",
        "A reserve runway this long (reserves over the net daily draw on them) contributes 1, "
        "the nominal crisis level, to the stress index: half a year of cover left; ours",
        low=0.0,
    ),
    "fiscal-spending-stress-weight": _eng(
        1.0,
        "1",
        "Weight of the rise in military spending (times its budget share) in the stress index; "
        "ours",
        low=0.0,
    ),
    "fiscal-stress-cap": _eng(
        10.0,
        "1",
        "Largest value of the runway term of the stress index (reserves exhausted)",
        low=0.0,
    ),
    "fiscal-crisis-steepness": _eng(
        5.0,
        "1",
        "beta in h = ln2/yr x exp(beta (stress - threshold)): how fast the crisis hazard rises "
        "past the threshold; ours",
        low=0.0,
    ),
    "crisis-recruitment-cut": _eng(
        0.5, "1", "Share of recruitment lost in a fiscal crisis; ours", low=0.0, high=1.0
    ),
    "crisis-supply-cut": _eng(
        0.3,
        "1",
        "Share of each supply source's daily output lost in a fiscal crisis; ours",
        low=0.0,
        high=1.0,
    ),
    # ---- §8 ceasefire ----------------------------------------------------------------------------
    "belief-update-weight": _eng(
        1.0,
        "1",
        "Pseudo-observations each battlefield result adds to both sides' Beta beliefs "
        "(an engineering synthesis of Fearon 1995, Slantchev 2003 and Powell 2006)",
        low=0.0,
    ),
    "ceasefire-casualty-window-days": _eng(
        30.0,
        "day",
        "Window of the casualty cost: losses over about this many days, as a share of the "
        "initial force; ours",
        low=1.0,
    ),
    "commitment-suppression": _eng(
        1.0,
        "1",
        "Share of the ceasefire hazard removed while a hub is about to fall (Powell's "
        "commitment problem, Powell 2006); 1 removes it entirely",
        low=0.0,
        high=1.0,
    ),
    "belief-default-optimism": _eng(
        0.5,
        "1",
        "Prior belief that the attacker prevails for a side whose optimism is not given",
        low=0.0,
        high=1.0,
    ),
}

DEFAULTS: Final = MappingProxyType(_DEFAULTS)
"""Read-only view of the default parameters, keyed by parameter name."""
