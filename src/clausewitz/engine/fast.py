"""The fast engine: all runs of a plan at once, the day loop in Python, each step a Numba
kernel over (runs x sectors).

It follows the daily order of ``docs/model.md`` exactly as the reference engine does and is
tested to produce the same trajectory for the same plan, seed and run. Per day it allocates
nothing that grows with the number of runs except what the strategies themselves return.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np
from numpy.typing import NDArray

from clausewitz.engine.draws import check_runs, check_seed
from clausewitz.engine.kernels import (
    advance,
    attrition,
    breakpoints,
    ceasefire,
    economy,
    forces,
    logistics,
    objectives,
    observe,
)
from clausewitz.engine.orders import Observation, Strategies
from clausewitz.engine.outcomes import DayState, Outcomes
from clausewitz.engine.plan import SIDES, Plan
from clausewitz.engine.state import FastState

Observer = Callable[[int, DayState], None]
"""Called at the end of each day with the day and read-only views of the state."""

__all__ = ["Observer", "simulate"]


_A = TypeVar("_A", bound=NDArray[Any])


def _readonly(a: _A) -> _A:
    view: _A = a.view()
    view.flags.writeable = False
    return view


@dataclass
class _Buffers:
    """One side's observation arrays, refilled in place every day."""

    belt: NDArray[np.int64]
    line: NDArray[np.float64]
    reserve: NDArray[np.float64]
    supply: NDArray[np.float64]
    losses: NDArray[np.float64]
    yesterday: NDArray[np.float64]
    enemy: NDArray[np.float64]
    paused: NDArray[np.int64]
    distance: NDArray[np.float64]
    fallen: NDArray[np.bool_]
    crisis: NDArray[np.bool_]
    ceasefire: NDArray[np.bool_]

    @classmethod
    def allocate(cls, R: int, S: int, n_obj: int) -> _Buffers:
        return cls(
            belt=np.zeros((R, S), np.int64),
            line=np.zeros((R, S)),
            reserve=np.zeros(R),
            supply=np.zeros((R, S)),
            losses=np.zeros(R),
            yesterday=np.zeros((R, S)),
            enemy=np.zeros((R, S)),
            paused=np.zeros((R, S), np.int64),
            distance=np.zeros((R, n_obj)),
            fallen=np.zeros((R, n_obj), np.bool_),
            crisis=np.zeros(R, np.bool_),
            ceasefire=np.zeros(R, np.bool_),
        )


def _observe(plan: Plan, st: FastState, t: int, side: int, buf: _Buffers) -> Observation:
    th = plan.theatre
    observe.fill(
        side, st.front, th.n_belts, th.belt_depth, th.objective_sector, th.objective_depth,
        st.fall_day, st.line, st.reserve, st.supply, st.losses, st.loss_today,
        st.observed_enemy, st.pause, st.crisis_day, st.ceasefire_day,
        buf.belt, buf.line, buf.reserve, buf.supply, buf.losses, buf.yesterday, buf.enemy,
        buf.paused, buf.distance, buf.fallen, buf.crisis, buf.ceasefire,
    )  # fmt: skip
    ro = _readonly
    return Observation(
        side=SIDES[side],
        day=t,
        sector_ids=th.sector_ids,
        main_axis=ro(th.main_axis),
        frontage=ro(th.frontage),
        front=ro(st.front),
        belt=ro(buf.belt),
        n_belts=ro(th.n_belts),
        own_line=ro(buf.line),
        own_reserves=ro(buf.reserve),
        own_supply=ro(buf.supply),
        own_losses=ro(buf.losses),
        own_losses_yesterday=ro(buf.yesterday),
        enemy_losses_observed=ro(buf.enemy),
        attack_paused=ro(buf.paused),
        objective_ids=th.objective_ids,
        objective_sector=ro(th.objective_sector),
        objective_hub=ro(th.objective_hub),
        objective_distance=ro(buf.distance),
        objectives_fallen=ro(buf.fallen),
        crisis=ro(buf.crisis),
        ceasefire=ro(buf.ceasefire),
    )


def simulate(
    plan: Plan,
    seed: int,
    strategies: Strategies,
    *,
    days: int | None = None,
    observer: Observer | None = None,
) -> Outcomes:
    """Simulate every run of ``plan`` for ``days`` days (default: the plan's horizon).

    ``seed`` and each run's global index (``plan.run_ids``) key every random draw, so a run's
    trajectory does not depend on the other runs simulated with it. ``observer(day, state)``
    is called at the end of every day with read-only views (:class:`DayState`).
    """
    horizon = plan.horizon_days if days is None else int(days)
    seed = check_seed(seed)
    check_runs(plan.run_ids, plan.n_sectors, plan.logistics.n_edges)
    sw = plan.switches
    th, fo, cb, lg, ec, tk = (
        plan.theatre, plan.forces, plan.combat, plan.logistics, plan.economy, plan.talks,
    )  # fmt: skip
    R, S = plan.n_runs, plan.n_sectors
    n_obj, N = th.n_objectives, len(lg.node_ids)
    E = lg.n_edges
    st = FastState.initial(plan)
    runs = plan.run_ids
    buffers = (_Buffers.allocate(R, S, n_obj), _Buffers.allocate(R, S, n_obj))
    scratch = (
        np.zeros(N, np.bool_), np.zeros(N), np.zeros(E), np.zeros(N), np.zeros(S),
        np.zeros(S, np.int64),
    )  # fmt: skip
    economy_on = sw.economy and bool(ec.enabled.any())
    talks_on = sw.ceasefire and tk.enabled
    for t in range(horizon):
        # §1 force generation
        if sw.force_generation:
            forces.generate(
                t, fo.contingent_side, fo.contingent_to_reserve, fo.contingent_troops,
                fo.contingent_quality, fo.contingent_arrival, fo.contingent_ready,
                fo.contingent_split, fo.recruits_per_day, fo.recruit_delay,
                fo.recruit_crisis_cut, st.crisis_day, st.line, st.line_quality, st.reserve,
                st.reserve_quality, st.training, st.awaiting, st.recruit_remainder,
                st.train_ring, st.wound_ring, st.recruits, st.arrivals, st.returned,
            )  # fmt: skip
        # §2 arrivals from transit, observation, orders, commitment, effective postures
        forces.arrive(
            t, st.transit_ring, st.transit_qsum, st.return_ring, st.return_qsum, st.transit,
            st.line, st.line_quality, st.reserve, st.reserve_quality,
        )  # fmt: skip
        orders = [
            strategies.of(side).decide(_observe(plan, st, t, side, buffers[side]))
            for side in (0, 1)
        ]
        for side in (0, 1):
            withdraw = orders[side].withdraw
            if withdraw is not None and withdraw.any():
                forces.withdraw(
                    t, side, withdraw, fo.transit_days, st.line, st.line_quality, st.reserve,
                    st.reserve_quality, st.return_ring, st.return_qsum, st.transit,
                )  # fmt: skip
            forces.commit(
                t, side, orders[side].allocation, fo.transit_days, st.line, st.line_quality,
                st.reserve, st.reserve_quality, st.transit_ring, st.transit_qsum, st.transit,
            )  # fmt: skip
            st.tempo[:, side, :] = orders[side].tempo
            st.tolerance[:, side, :] = orders[side].loss_tolerance
        forces.effective_postures(
            orders[0].posture, orders[1].posture, st.pause, st.ceasefire_day, st.line, st.posture
        )
        # §3 logistics
        if sw.logistics:
            logistics.supply(
                t, seed, runs, lg.node_side, lg.node_objective, lg.node_is_source,
                lg.node_supply, lg.edge_side, lg.edge_from, lg.edge_to, lg.edge_exposed,
                lg.edge_lengthens, lg.edge_capacity, lg.edge_distance, lg.edge_length,
                lg.route_edges, lg.route_length, lg.route_source, lg.route_start,
                lg.route_count, lg.modelled, lg.demand, lg.interdiction_max,
                lg.interdiction_range, lg.interdiction_sigma, lg.crisis_supply_cut,
                st.crisis_day, st.fall_day, st.front, st.line, st.posture, st.supply,
                st.edge_flow, st.edge_capacity, st.source_flow, *scratch,
            )  # fmt: skip
        np.copyto(st.front_before, st.front)
        # §4 attrition (an engagement starts, with its break thresholds, before the losses)
        breakpoints.start_engagements(
            seed, runs, sw.breakpoints, cb.break_a, cb.break_b, cb.break_force_ratio,
            cb.break_heterogeneity, st.posture, st.line,
            st.assault, st.engaged, st.engagements, st.engaged_attacker, st.engaged_defender,
            st.engaged_loss_attacker, st.engaged_loss_defender, st.threshold,
        )  # fmt: skip
        attrition.attrition(
            t, seed, runs, sw.attrition, sw.negative_binomial, sw.force_generation,
            th.n_belts, th.belt_depth, th.belt_fortification, th.terrain_attrition,
            th.terrain_advance, cb.exponent_own, cb.exponent_enemy, cb.rate_assault,
            cb.rate_hold, cb.rate_positional, cb.fortification_exponent, cb.cap_attacker,
            cb.cap_defender,
            cb.idle_factor, cb.dispersion, cb.fatigue, cb.supply_exponent,
            cb.withdrawal_max, cb.observation_sigma, fo.killed_share, fo.missing_share,
            fo.wounded_return_share, fo.wounded_return_delay, st.ceasefire_day, st.front,
            st.line, st.line_quality, st.supply, st.posture, st.tempo, st.assault,
            st.prosecution, st.withdrawal, st.attack_days, st.engaged,
            st.engaged_loss_attacker, st.engaged_loss_defender, st.start_line,
            st.loss_today, st.losses, st.wounded_perm, st.awaiting, st.wound_ring,
            st.observed_enemy,
        )  # fmt: skip
        # §5 breakpoints
        breakpoints.breakpoints(
            t, seed, runs, sw.breakpoints, cb.fallback_km, cb.fallback_cap, cb.pause_days,
            st.front, st.engaged, st.engaged_attacker, st.engaged_defender,
            st.engaged_loss_attacker, st.engaged_loss_defender, st.threshold, st.tolerance,
            st.withdrawal, st.pause, st.defender_breaks, st.attacker_breaks,
            st.defender_broke, st.attacker_broke,
        )  # fmt: skip
        # §6 advance and objectives
        advance.advance(
            t, seed, runs, sw.advance, th.n_belts, th.belt_depth, th.belt_fortification,
            th.terrain_advance, cb.advance_cap, cb.advance_base, cb.advance_elasticity,
            cb.advance_fortification, cb.kill_zone, cb.infiltration, cb.advance_sigma,
            cb.supply_exponent, cb.adm_threshold, cb.adm_min, st.ceasefire_day, st.assault,
            st.defender_broke, st.attacker_broke, st.line, st.supply, st.tempo,
            st.start_line, st.loss_today, st.tolerance, st.front, st.withdrawal,
            st.prosecution,
        )  # fmt: skip
        objectives.objectives(
            t, seed, runs, cb.envelopment_days, st.ceasefire_day, th.objective_sector,
            th.objective_depth, th.encircle_sector, th.encircle_depth, st.front, st.fall_day,
            st.falls_today,
        )  # fmt: skip
        advance.advance_today(st.front_before, st.front, st.advance_today)
        # §7 economy
        if economy_on:
            economy.economy(
                t, seed, runs, ec.enabled, ec.baseline_spending, ec.budget_share, ec.aid,
                ec.deficit, ec.crisis_threshold, ec.elasticity, ec.reference_loss,
                ec.runway_reference, ec.spending_weight, ec.stress_cap, ec.steepness,
                fo.start_total, st.loss_today, st.econ_reserves, st.stress, st.crisis_day,
            )  # fmt: skip
        # §8 ceasefire
        if talks_on:
            ceasefire.ceasefire(
                t, seed, runs, tk.base_hazard, tk.sensitivity, tk.convergence,
                tk.casualty_weight, tk.fiscal_weight, tk.prior_strength, tk.optimism,
                tk.horizon_days, tk.distance_km, tk.suppression, tk.update_weight,
                tk.casualty_window, th.objective_hub, th.objective_sector,
                th.objective_depth, fo.start_total, st.falls_today, st.defender_broke,
                st.attacker_broke, st.loss_today, st.advance_today, st.stress, st.front,
                st.fall_day, st.belief_a, st.belief_b, st.casualty_rate, st.speed, st.hazard,
                st.ceasefire_day,
            )  # fmt: skip
        if observer is not None:
            observer(t, st.day_state(t))
    return outcomes_of(plan, st, horizon)


def outcomes_of(plan: Plan, st: FastState, days: int) -> Outcomes:
    """Per-run outcomes from a final state."""
    territory = np.zeros(plan.n_runs)
    for s in range(plan.n_sectors):
        territory = territory + st.front[:, s] * plan.theatre.frontage[:, s]
    line = np.zeros((plan.n_runs, 2))
    for s in range(plan.n_sectors):
        line = line + st.line[:, :, s]
    return Outcomes(
        run_ids=plan.run_ids.copy(),
        sector_ids=plan.theatre.sector_ids,
        objective_ids=plan.theatre.objective_ids,
        days=days,
        fall_day=st.fall_day.copy(),
        front=st.front.copy(),
        losses=st.losses.copy(),
        returned=st.returned.copy(),
        territory_km2=territory,
        ceasefire_day=st.ceasefire_day.copy(),
        crisis_day=st.crisis_day.copy(),
        line=line,
        reserve=st.reserve.copy(),
        defender_breaks=st.defender_breaks.copy(),
        attacker_breaks=st.attacker_breaks.copy(),
    )
