"""The calibration's settings and its engineering constants.

The constants are method settings, not model parameters: they say how far the record is
trusted and how the search proceeds. Each is labelled [ENG] with its rationale, as the
backtest's are; the ones a user may want to change are options of ``clausewitz calibrate``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

DEFAULT_PARAMETERS: tuple[str, ...] = (
    "advance-base-km-per-day",
    "advance-force-ratio-elasticity",
    "kill-zone-strength",
    "infiltration-km-per-day",
    "envelopment-holding-days",
    "attrition-rate-assault",
)
"""The constants that drive movement and losses, calibrated by default (those of them the
scenario has; ``--params`` names any other): the advance law's base rate, its force-ratio
elasticity, the kill zone and infiltration (docs/model.md §6), the envelopment holding time,
and the assault attrition rate. Four of them are [ENG] with no data to fit them otherwise."""

WINDOW_DAYS = 84
"""[ENG] Length of the hindcast window before the knowledge date: the last twelve weeks, the
trailing-rate ruler's 90 days in whole weeks (the recent-regime rule, docs/backtest.md). The
regime most likely to continue is the latest: a longer window carries an older one into the
forecast (210 days, the previous default, fitted pokrovsk-2025-02 to the fast second half of
2024 before the 2025 stall and made both backtests worse). A record with no date in the
window but its end is not calibrated at all (``choose_window``)."""

CHECKPOINT_DAYS = 56
"""[ENG] Least spacing of the record dates the hindcast is compared at (8 weeks): weekly
distances are strongly correlated, so denser checkpoints add emulators, not information."""

PRIOR_SPREAD = 3.0
"""[ENG] A parameter the scenario fixes (an engine constant) is calibrated over a log-uniform
prior from value/3 to value*3: wide enough for the fitted rates' disagreements between data
sets (QJM's holding rate is 4.7 times the Ardennes fit)."""

DISTANCE_SD_KM = 1.0
"""[ENG] Observation error of a town's distance to DeepState's occupied area: the layer lags
the fighting by days to weeks, about a kilometre at the 2024 pace of 85-100 m/day."""

DISTANCE_SD_RELATIVE = 0.1
"""[ENG] Model discrepancy of a distance, as a share of it: the engine's one-dimensional
sectors stand for a front that bends round towns."""

AREA_SD_KM2 = 15.0
"""[ENG] Observation error of the area gained in a window (km²): grey-zone redrawing moves
the occupied layer by a few km² a week in the region."""

AREA_SD_RELATIVE = 0.25
"""[ENG] Model discrepancy of the area gained, as a share of it: the sectors cover the region
only roughly (docs/backtest.md, Region)."""

LOSSES_PER_KM2_LOG_SD = 1.0986
"""[ENG] Tolerance (sd of the log, ln 3) of the model's attacker losses per km² against the
General Staff's claim: a belligerent's count for the whole front set beside one axis, so a
factor of three either way is one standard deviation (a claim, not a truth)."""

EXCHANGE_RATIO_LOG_SD = 0.6931
"""[ENG] Least tolerance (sd of the log, ln 2) of the exchange ratio against the scenario's
observation of it; the observation's own spread is used when wider (claims, not truth)."""

EXCHANGE_RATIO_PARAMETER = "casualty-exchange-ratio"
"""The observation parameter (``role: observation``) whose fused claims state the exchange
ratio; used when the scenario has it."""

CUTOFF = 3.0
"""[ENG] Implausibility cut-off (Pukelsheim's three-sigma rule, as in Vernon, Goldstein and
Bower 2010, Bayesian Analysis 5(4)): a point is implausible when its second-largest
implausibility over the targets exceeds 3."""

FALLBACK_SHARE = 0.02
"""[ENG] When no candidate passes the cut-off (the model cannot reproduce the record within
its tolerances), the least implausible 2% of the candidates are kept, and the output says so."""

CANDIDATES_LOG2 = 13
"""[ENG] 2^13 = 8,192 scrambled Sobol candidates in the unit cube on which the emulators judge
implausibility: dense enough for up to about six parameters."""

POSTERIOR_DRAWS = 1000
"""[ENG] Equal-weight posterior draws resampled (systematically) from the weighted
non-implausible candidates and written as the calibrated scenario's table of joint draws: a
run takes one row, so 1,000 rows resolve the posterior's 5% tails by 50 draws each while the
file stays small (about 60 kB for six parameters)."""


@dataclass(frozen=True)
class CalibrationSettings:
    """What determines a calibration's result (with the scenario, the record and the names)."""

    waves: int = 5
    points: int = 60
    """Design points per wave (15 per parameter for the default four)."""
    runs: int = 200
    """Runs of the hindcast at each point (common random numbers across points)."""
    seed: int = 0
    window_days: int = WINDOW_DAYS
    checkpoint_days: int = CHECKPOINT_DAYS
    cutoff: float = CUTOFF
    chunk_points: int = 4
    """Points per sweep chunk (a unit of resume and of Dask work)."""

    def to_dict(self) -> dict[str, float | int]:
        """The settings as plain numbers (for traces and fingerprints)."""
        return dict(asdict(self))
