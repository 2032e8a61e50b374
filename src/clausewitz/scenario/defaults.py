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
    "Fitted to CDB90 (US Army CAA / Helmbold), training battles before 1939 "
    "(clausewitz.validation.breakpoints.fit_thresholds, docs/validation.md)"
)
_CDB90_OUTCOMES = (
    "Fitted to who won CDB90's training battles before 1939, by the engine's own engagement "
    "odds, the form chosen by 5-fold cross-validation (clausewitz.validation.outcome_fit, "
    "docs/validation.md); force-ratio breakpoints: J. G. Taylor, Lanchester Models of "
    "Warfare (1983)"
)
_CDB90_HETEROGENEITY = (
    "Fitted to who won CDB90's training battles before 1939: the value of a grid with the "
    "lowest 5-fold cross-validated log loss of the engine's own engagement odds "
    "(clausewitz.validation.outcome_fit, docs/validation.md); T. N. Dupuy, Understanding War "
    "(1987) on intangibles; D. S. Hartley, Predicting Combat Effects (2001)"
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
        1.524,
        "1",
        "Beta(a, b) break threshold of the defender on the engagement's loss fraction, fitted "
        "by censored maximum likelihood to CDB90's battles before 1939 (median 0.35 at even "
        "odds; an upper reading: CDB90's casualties include prisoners taken after the break)",
        citation=_CDB90,
        low=0.0,
    ),
    "breakpoint-defender-b": _eng(
        2.616, "1", "b of the defender's Beta break threshold (same fit)", citation=_CDB90, low=0.0
    ),
    "breakpoint-attacker-a": _eng(
        1.566,
        "1",
        "Beta(a, b) break threshold of the attacker, fitted as the defender's to CDB90's "
        "battles before 1939 (median 0.32 at even odds)",
        citation=_CDB90,
        low=0.0,
    ),
    "breakpoint-attacker-b": _eng(
        2.930, "1", "b of the attacker's Beta break threshold (same fit)", citation=_CDB90, low=0.0
    ),
    "breakpoint-force-ratio-exponent": _eng(
        0.125,
        "1",
        "kappa: each side's break threshold is multiplied by its force ratio at the "
        "engagement's start (own / enemy troops) to this power, so the outnumbered side breaks "
        "at a smaller loss fraction (a mix of the fixed loss-fraction and fixed force-ratio "
        "breakpoints; the power form is ours). Chosen from 0, 0.125, 0.25, 0.5 by the engine's "
        "log loss on CDB90's training battles; 0 is the pure loss-fraction rule",
        citation=_CDB90_OUTCOMES,
        low=0.0,
        high=3.0,
    ),
    "engagement-effectiveness-sigma": _eng(
        0.0,
        "1",
        "sigma: each engagement draws the attacker's unobserved relative effectiveness "
        "m = exp(sigma z), z standard normal; the attacker's break threshold is multiplied by "
        "m and the defender's divided by it (for who breaks first, a combat-effectiveness "
        "multiplier m on the attacker and 1/m on the defender). Battles scatter widely around "
        "any model of their measured inputs: Dupuy's intangibles, the residual variance of "
        "Lanchester fits (Helmbold; Hartley); the lognormal form is ours. 0 is the fit: 5-fold "
        "cross-validation of the engine's log loss on CDB90's training battles preferred the "
        "force-ratio rule without it (0.602 against 0.611 with sigma in 0.25-1); vary it in "
        "sensitivity analysis (CDB90's test battles are less predictable than its training "
        "battles)",
        citation=_CDB90_HETEROGENEITY,
        low=0.0,
        high=3.0,
    ),
    "attack-pause-days": _eng(
        7.0,
        "day",
        "Days an attack pauses after the attacker breaks (regroup and resupply); no published "
        "value",
        low=0.0,
    ),
    "fallback-depth-km": _eng(
        0.5,
        "km",
        "Mean depth a breaking defender gives up (exponential draw, capped at fallback-cap-km): "
        "a local withdrawal to the next tree line or strongpoint, not to the next belt; "
        "no published value",
        low=0.0,
    ),
    "fallback-cap-km": _eng(
        1.5,
        "km",
        "Largest depth a break gives up in one day: well below a belt's depth (3-9 km) and a "
        "town's size (3-6 km) so that no built-up area falls in a day by a break; ours",
        low=0.0,
    ),
    # ---- §6 advance ---------------------------------------------------------------------------
    "advance-base-km-per-day": _eng(
        0.36,
        "km/day",
        "v0: advance of a full-tempo assault at force ratio 1 in open ground, out of belts and "
        "kill zones. Fitted at one point: the law gives the Pokrovsk axis' 85 m/day of 18 Feb - "
        "8 Jul 2024 (DeepState, before the earliest backtest's knowledge date) at the 2024 "
        "scenario's modal conditions (force ratio 2, mixed ground, belt 1.3, tempo 0.5, full "
        "defender supply); docs/model.md section 6",
        citation=(
            "DeepState occupied layer 18 Feb 2024 and 8 Jul 2024: 12.0 km in 141 days toward "
            "Pokrovsk (calc.); CSIS (Jun 2025): about 135 m/day at Avdiivka, 50 m/day at Kharkiv"
        ),
        low=0.0,
    ),
    "advance-force-ratio-elasticity": _eng(
        0.5,
        "1",
        "epsilon in v ~ (A/D)^epsilon. Not identified by the records: in CDB90 (207 battles "
        "1939-1982 with an advance) the rate falls with the force ratio (-0.35, 95% -0.58 to "
        "-0.11, controlling for size and posture), because attackers mass where resistance is "
        "stiff, and Dupuy finds no direct relation; Lanchester's linear law would give 1. Ours, "
        "to be varied over 0-1",
        low=0.0,
    ),
    "fortification-advance-exponent": _eng(
        1.0,
        "1",
        "Advance ~ f^-exponent: Dupuy's verity that the advance rate varies inversely with the "
        "defender's fortification; in CDB90 (1939-1982) attacks on fortified defences advanced "
        "about half as fast as on hasty ones (x0.52), the ratio f = 2 gives with exponent 1",
        citation="T. N. Dupuy, Understanding War (1987), verities on advance; CDB90 KMDA",
        low=0.0,
    ),
    "kill-zone-strength": _eng(
        0.5,
        "1",
        "Share of an assault's progress stopped by a fully supplied defender's artillery and "
        "drones (the kill zone an attack must cross); scales with the defender's supply to the "
        "power supply-exponent; no published value",
        low=0.0,
        high=1.0,
    ),
    "infiltration-km-per-day": _eng(
        0.02,
        "km/day",
        "Advance of small assault groups infiltrating whatever the force ratio, before terrain, "
        "belt and tempo: under half the slowest sustained Russian rate CSIS reports (about "
        "50 m/day at Kharkiv, 2024); ours",
        low=0.0,
    ),
    "advance-noise-sigma": _eng(
        0.5,
        "1",
        "Log-sd of the daily lognormal factor (mean 1) on a sector's advance: days of gain "
        "alternate with days of none; ours",
        low=0.0,
    ),
    "envelopment-holding-days": _eng(
        90.0,
        "day",
        "Mean days an objective holds once its flanks are turned (every encircled_when "
        "condition met): a daily fall hazard of 1/days. Bakhmut held about 3 months after its "
        "supply roads came under fire (Feb - 20 May 2023), Avdiivka about 4 after the northern "
        "pincer reached the railway (Oct 2023 - 17 Feb 2024); ours, from these two",
        low=0.0,
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
        "W_max, the reference for the contact an assault keeps (section 4: 1 - advance / W_max, "
        "before fortification and terrain)",
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
