"""Single engagements run by the fast engine itself: one sector, attack against defence, until
one side breaks or a time limit.

Nothing here re-implements combat. :func:`engagement_plan` lays out a one-sector
:class:`~clausewitz.engine.plan.Plan` whose runs are the engagements (each with its own
strengths, fortification, terrain and quality ratio), :func:`simulate_engagements` runs it with
:func:`clausewitz.engine.fast.simulate` (attrition §4, breakpoints §5 and the advance law §6
of ``docs/model.md``; logistics, force generation, economy and talks off) and reads, from the
engine's daily state, the first day on which an engagement ended in a break and the losses by
then.

Conventions (ours, stated once):

* the attacker assaults every day at tempo 1, the defender defends, both with loss
  tolerance 1 and no reserves;
* the engagement's belt is deeper than any advance, so its fortification holds throughout;
* **success** means the defender broke (on the first day anybody broke, including a day on
  which the attacker broke too); an engagement in which nobody broke by ``max_days`` is a
  failure of the attack;
* loss fractions are each side's cumulative losses (killed, wounded, missing) over its
  starting strength at the end of the day of the first break (or of the last day).

Runs with the same run index draw the same numbers (thresholds, daily losses): giving the
``k``-th replicate of every engagement the run index ``k`` makes comparisons between
engagements use common random numbers.
"""

from __future__ import annotations

import contextlib
import dataclasses
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from clausewitz.engine import fast
from clausewitz.engine.orders import Observation, Orders, Settings, Strategies, StrategySpec
from clausewitz.engine.outcomes import DayState
from clausewitz.engine.plan import ATTACK, DEFEND, Forces, Logistics, Plan, Switches, Theatre

F64 = NDArray[np.float64]
I64 = NDArray[np.int64]

__all__ = [
    "BELT_DEPTH_KM",
    "EngagementOutcomes",
    "engagement_plan",
    "engagement_strategies",
    "simulate_engagements",
]

BELT_DEPTH_KM = 1.0e6
"""Depth of the engagement's single belt: beyond any advance, so its fortification holds for
the whole engagement, and a defender's break (a withdrawal to the belt's far edge: the
engagement caps a break's depth there instead of at ``fallback-cap-km``) is unmistakable."""


def _attack(obs: Observation, settings: Settings) -> Orders:
    """Assault everywhere, every day, at tempo 1 (no reserves, tolerance 1)."""
    return Orders.uniform(obs.n_runs, obs.n_sectors, posture=ATTACK)


def _defend(obs: Observation, settings: Settings) -> Orders:
    """Defend everywhere (no reserves, tolerance 1)."""
    return Orders.uniform(obs.n_runs, obs.n_sectors, posture=DEFEND)


def engagement_strategies() -> Strategies:
    """The strategies of an engagement: the attacker assaults, the defender holds."""
    return Strategies(StrategySpec("assault", _attack), StrategySpec("hold", _defend))


def _per_run(value: ArrayLike, n: int, name: str) -> F64:
    arr = np.asarray(value, dtype=np.float64).reshape(-1)
    if arr.size == 1:
        arr = np.full(n, float(arr[0]))
    if arr.size != n:
        raise ValueError(f"{name} has {arr.size} values, expected 1 or {n}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite")
    return arr


def engagement_plan(
    base: Plan,
    attacker: ArrayLike,
    defender: ArrayLike,
    *,
    fortification: ArrayLike = 1.0,
    terrain_attrition: ArrayLike = 1.0,
    terrain_advance: ArrayLike = 1.0,
    quality_ratio: ArrayLike = 1.0,
    run_ids: ArrayLike | None = None,
) -> Plan:
    """A plan whose runs are engagements, with the engine constants of run 0 of ``base``.

    ``base`` is any compiled plan; only its combat constants, loss shares and loss
    distribution are used. Every other argument has one value per engagement (or one for all):
    troops of each side, the belt's fortification (>= 1), the terrain multipliers of attrition
    and of the withdrawal rate, and the attacker's quality relative to the defender's (the
    defender's quality is 1). ``run_ids`` key the random draws (default ``0..n-1``).
    """
    a = _per_run(attacker, np.size(attacker), "attacker")
    n = a.size
    d = _per_run(defender, n, "defender")
    if np.any(a <= 0) or np.any(d <= 0):
        raise ValueError("both sides need troops (> 0)")
    fort = _per_run(fortification, n, "fortification")
    if np.any(fort < 1.0):
        raise ValueError("fortification must be >= 1")
    t_att = _per_run(terrain_attrition, n, "terrain_attrition")
    t_adv = _per_run(terrain_advance, n, "terrain_advance")
    q = _per_run(quality_ratio, n, "quality_ratio")
    if np.any(q <= 0):
        raise ValueError("quality_ratio must be > 0")
    runs = np.arange(n, dtype=np.int64) if run_ids is None else np.asarray(run_ids, np.int64)
    if runs.shape != (n,):
        raise ValueError(f"run_ids has shape {runs.shape}, expected ({n},)")
    one = base.take(np.zeros(n, dtype=np.int64))
    theatre = _engagement_theatre(n, fort, t_att, t_adv)
    forces = _engagement_forces(one, a, d, q)
    # a pause of at least one day marks the attacker's break in the daily state
    # a break withdraws to the belt's far edge: an exponential draw of huge mean, capped there
    combat = dataclasses.replace(
        one.combat,
        pause_days=np.maximum(one.combat.pause_days, 1),
        fallback_km=np.full(n, 1e300),
        fallback_cap=np.full(n, BELT_DEPTH_KM),
    )
    switches = Switches(
        attrition=True,
        breakpoints=True,
        advance=True,
        logistics=False,
        force_generation=False,
        economy=False,
        ceasefire=False,
        negative_binomial=base.switches.negative_binomial,
    )
    logistics = _no_logistics(one)
    return dataclasses.replace(
        one,
        scenario=f"{base.scenario} (engagements)",
        switches=switches,
        theatre=theatre,
        forces=forces,
        combat=combat,
        logistics=logistics,
        economy=dataclasses.replace(one.economy, enabled=np.zeros(2, dtype=np.bool_)),
        talks=dataclasses.replace(one.talks, enabled=False),
        run_ids=runs,
    )


def _engagement_theatre(n: int, fort: F64, t_att: F64, t_adv: F64) -> Theatre:
    """One sector, one belt of the given fortification and terrain, no objectives."""
    return Theatre(
        sector_ids=("engagement",),
        main_axis=np.ones(1, dtype=np.bool_),
        n_belts=np.ones(1, dtype=np.int64),
        objective_ids=(),
        objective_sector=np.zeros(0, dtype=np.int64),
        objective_hub=np.zeros(0, dtype=np.bool_),
        encircle_sector=np.full((0, 1), -1, dtype=np.int64),
        frontage=np.ones((n, 1)),
        terrain_attrition=t_att[:, None].copy(),
        terrain_advance=t_adv[:, None].copy(),
        belt_depth=np.full((n, 1, 1), BELT_DEPTH_KM),
        belt_fortification=fort[:, None, None].copy(),
        objective_depth=np.zeros((n, 0)),
        encircle_depth=np.full((n, 0, 1), np.inf),
    )


def _engagement_forces(one: Plan, a: F64, d: F64, q: F64) -> Forces:
    """Both sides' troops in line (attacker quality ``q``, defender 1), no reserves, no
    contingents, no recruits."""
    n = a.size
    line = np.stack([a, d], axis=1)[:, :, None].copy()
    quality = np.stack([q, np.ones(n)], axis=1)[:, :, None].copy()
    return dataclasses.replace(
        one.forces,
        contingent_ids=(),
        contingent_side=np.zeros(0, dtype=np.int64),
        contingent_to_reserve=np.zeros(0, dtype=np.bool_),
        line=line,
        line_quality=quality,
        reserve=np.zeros((n, 2)),
        reserve_quality=np.ones((n, 2)),
        start_total=line[:, :, 0].copy(),
        contingent_troops=np.zeros((n, 0)),
        contingent_quality=np.zeros((n, 0)),
        contingent_arrival=np.zeros((n, 0), dtype=np.int64),
        contingent_ready=np.zeros((n, 0), dtype=np.int64),
        contingent_split=np.zeros((n, 0, 1)),
        recruits_per_day=np.zeros((n, 2)),
    )


def _no_logistics(plan: Plan) -> Logistics:
    """The plan's logistics with every sector unmodelled (supply 1): one sector, no routes."""
    lg = plan.logistics
    return dataclasses.replace(
        lg,
        route_start=np.zeros((2, 1), dtype=np.int64),
        route_count=np.zeros((2, 1), dtype=np.int64),
        modelled=np.zeros((2, 1), dtype=np.bool_),
    )


@dataclass(frozen=True)
class EngagementOutcomes:
    """How each engagement (run) ended, as arrays over runs."""

    defender_broke: NDArray[np.bool_]
    """The defender broke on the first day anybody broke."""
    attacker_broke: NDArray[np.bool_]
    """The attacker broke on the first day anybody broke."""
    days: I64
    """Days of combat until the first break (the break day included), or ``max_days``."""
    attacker_loss_fraction: F64
    """Attacker's losses over its starting strength at the end of the engagement."""
    defender_loss_fraction: F64
    """Defender's losses over its starting strength at the end of the engagement."""
    max_days: int

    @property
    def success(self) -> NDArray[np.bool_]:
        """The attack succeeded: the defender broke (see the module docstring)."""
        return self.defender_broke

    @property
    def timed_out(self) -> NDArray[np.bool_]:
        """Nobody broke within ``max_days``."""
        return ~(self.defender_broke | self.attacker_broke)

    @property
    def n_runs(self) -> int:
        """Number of engagements simulated."""
        return int(self.days.shape[0])


class _Done(Exception):
    """Raised by the observer once every engagement has ended (stops the day loop early)."""


@dataclass
class _FirstBreak:
    """Observer recording, per run, the first day on which the engagement ended in a break."""

    start: F64  # (R, 2) starting strengths
    done: NDArray[np.bool_]
    defender_broke: NDArray[np.bool_]
    attacker_broke: NDArray[np.bool_]
    days: I64
    losses: F64  # (R, 2)

    def __call__(self, day: int, state: DayState) -> None:
        ended = ~np.asarray(state["engaged"])[:, 0] & ~self.done
        losses = (
            np.asarray(state["killed"])
            + np.asarray(state["wounded"])
            + np.asarray(state["missing"])
        )
        self.losses[~self.done] = losses[~self.done]
        self.days[~self.done] = day + 1
        if ended.any():
            self.defender_broke[ended] = np.asarray(state["front"])[ended, 0] >= BELT_DEPTH_KM
            self.attacker_broke[ended] = np.asarray(state["pause"])[ended, 0] > 0
            self.done |= ended
        if self.done.all():
            raise _Done


def simulate_engagements(plan: Plan, seed: int, *, max_days: int = 30) -> EngagementOutcomes:
    """Run the engagements of ``plan`` (from :func:`engagement_plan`) with the fast engine
    until every one has ended in a break or ``max_days`` have passed."""
    if plan.n_sectors != 1:
        raise ValueError("an engagement plan has exactly one sector")
    if max_days < 1:
        raise ValueError("max_days must be >= 1")
    R = plan.n_runs
    obs = _FirstBreak(
        start=plan.forces.line[:, :, 0].copy(),
        done=np.zeros(R, dtype=np.bool_),
        defender_broke=np.zeros(R, dtype=np.bool_),
        attacker_broke=np.zeros(R, dtype=np.bool_),
        days=np.zeros(R, dtype=np.int64),
        losses=np.zeros((R, 2)),
    )
    with contextlib.suppress(_Done):
        fast.simulate(plan, seed, engagement_strategies(), days=int(max_days), observer=obs)
    frac = obs.losses / obs.start
    return EngagementOutcomes(
        defender_broke=obs.defender_broke,
        attacker_broke=obs.attacker_broke,
        days=obs.days,
        attacker_loss_fraction=frac[:, 0],
        defender_loss_fraction=frac[:, 1],
        max_days=int(max_days),
    )
