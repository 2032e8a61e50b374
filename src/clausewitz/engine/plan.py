"""The Plan: everything the engine needs, as dense NumPy arrays.

A plan is compiled from a scenario and one parameter sample per run
(:func:`clausewitz.prepare.compile.compile_plan`). The engine reads nothing else: no YAML, no
files. Arrays marked *per run* have the run as their first axis (``R`` runs); the others are
the static structure shared by all runs (index maps, routes, switches).

Units are the engine's canonical ones: troops, km, days, tonnes per day, a side's currency per
day. Sides are indexed ``0`` (attacker) and ``1`` (defender); postures are ``IDLE``,
``DEFEND``, ``ATTACK``. Index ``-1`` means "none" in every integer index array.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, TypeVar

import numpy as np
from numpy.typing import NDArray

F64 = NDArray[np.float64]
I64 = NDArray[np.int64]
Bool = NDArray[np.bool_]

SIDES: tuple[str, str] = ("attacker", "defender")
ATTACKER = 0
DEFENDER = 1

IDLE = 0
DEFEND = 1
ATTACK = 2
POSTURES: tuple[str, str, str] = ("idle", "defend", "attack")

TERRAINS: tuple[str, ...] = ("open", "mixed", "forest", "urban", "rough", "river")

LOSS_KINDS: tuple[str, str, str] = ("killed", "wounded", "missing")


PER_RUN: dict[str, bool] = {"per_run": True}
"""Field metadata marking an array whose first axis is the run."""


_T = TypeVar("_T")


def _take(group: _T, index: I64) -> _T:
    """The same group with every per-run array restricted to ``index`` (a copy)."""
    changes: dict[str, Any] = {}
    for f in dataclasses.fields(group):  # type: ignore[arg-type]
        if f.metadata.get("per_run"):
            changes[f.name] = np.ascontiguousarray(getattr(group, f.name)[index])
    return dataclasses.replace(group, **changes)  # type: ignore[type-var]


@dataclass(frozen=True)
class Switches:
    """Which mechanisms run (``scenario.mechanisms``, after compile's checks)."""

    attrition: bool = True
    breakpoints: bool = True
    advance: bool = True
    logistics: bool = True
    force_generation: bool = True
    economy: bool = True
    ceasefire: bool = True
    negative_binomial: bool = True
    """Daily losses gamma-Poisson (negative binomial) when true, Poisson when false."""


@dataclass(frozen=True)
class Theatre:
    """Sectors with their belts, and objectives at depth."""

    sector_ids: tuple[str, ...]
    main_axis: Bool
    """(S,) the attacker's main effort."""
    n_belts: I64
    """(S,) number of belts of each sector (the belt arrays are padded to the largest)."""
    objective_ids: tuple[str, ...]
    objective_sector: I64
    """(O,) sector whose front must pass the objective."""
    objective_hub: Bool
    """(O,) objectives of kind hub (they trigger the commitment override, §8)."""
    encircle_sector: I64
    """(O, K) sectors of the ``encircled_when`` conditions, ``-1`` padded."""
    frontage: F64 = field(metadata=PER_RUN)
    """(R, S) km."""
    terrain_attrition: F64 = field(metadata=PER_RUN)
    """(R, S) loss-rate multiplier of the sector's terrain."""
    terrain_advance: F64 = field(metadata=PER_RUN)
    """(R, S) withdrawal-rate multiplier of the sector's terrain."""
    belt_depth: F64 = field(metadata=PER_RUN)
    """(R, S, B) far edge of each belt, km from the start front (padding: +inf)."""
    belt_fortification: F64 = field(metadata=PER_RUN)
    """(R, S, B) fortification multiplier >= 1 (padding: 1)."""
    objective_depth: F64 = field(metadata=PER_RUN)
    """(R, O) km from the start front."""
    encircle_depth: F64 = field(metadata=PER_RUN)
    """(R, O, K) depth each condition's sector must reach (padding: +inf)."""

    @property
    def n_sectors(self) -> int:
        """S."""
        return len(self.sector_ids)

    @property
    def n_objectives(self) -> int:
        """O."""
        return len(self.objective_ids)


@dataclass(frozen=True)
class Forces:
    """Troops at the start, arriving contingents, recruitment, wounded, loss split."""

    contingent_ids: tuple[str, ...]
    """Contingents that arrive during the run (those present at the start are folded into
    ``line`` and ``reserve``)."""
    contingent_side: I64
    """(C,) side of each arriving contingent."""
    contingent_to_reserve: Bool
    """(C,) joins the reserve (else its sectors, per ``contingent_split``)."""
    ring_length: int
    """Length of the training and wounded-return ring buffers (largest delay + 1)."""
    transit_ring_length: int
    """Length of the reserves-in-transit ring buffer (longest transit + 1)."""
    line: F64 = field(metadata=PER_RUN)
    """(R, 2, S) troops in each sector at the start."""
    line_quality: F64 = field(metadata=PER_RUN)
    """(R, 2, S) troop-weighted mean quality (CEV) of each sector's troops."""
    reserve: F64 = field(metadata=PER_RUN)
    """(R, 2) uncommitted troops at the start."""
    reserve_quality: F64 = field(metadata=PER_RUN)
    """(R, 2) mean quality of the reserve."""
    start_total: F64 = field(metadata=PER_RUN)
    """(R, 2) personnel at the start (line + reserve): the reference for loss shares."""
    contingent_troops: F64 = field(metadata=PER_RUN)
    """(R, C) integer troops."""
    contingent_quality: F64 = field(metadata=PER_RUN)
    """(R, C) CEV."""
    contingent_arrival: I64 = field(metadata=PER_RUN)
    """(R, C) day the contingent arrives (enters training)."""
    contingent_ready: I64 = field(metadata=PER_RUN)
    """(R, C) day it joins the reserve or its sectors (arrival + training)."""
    contingent_split: F64 = field(metadata=PER_RUN)
    """(R, C, S) integer troops per sector (largest-remainder split of the weights)."""
    recruits_per_day: F64 = field(metadata=PER_RUN)
    """(R, 2) troops/day (fractional; whole recruits enter, the remainder is carried)."""
    recruit_delay: I64 = field(metadata=PER_RUN)
    """(R, 2) days of training before recruits join the reserve."""
    wounded_return_share: F64 = field(metadata=PER_RUN)
    """(R, 2) share of the wounded who return."""
    wounded_return_delay: I64 = field(metadata=PER_RUN)
    """(R, 2) days from wounding to return (at least 1)."""
    killed_share: F64 = field(metadata=PER_RUN)
    """(R, 2) share of losses killed."""
    missing_share: F64 = field(metadata=PER_RUN)
    """(R, 2) share of losses missing (the rest are wounded)."""
    recruit_crisis_cut: F64 = field(metadata=PER_RUN)
    """(R,) share of recruitment lost in a fiscal crisis."""
    transit_days: I64 = field(metadata=PER_RUN)
    """(R, 2, S) days a side's reserve takes to reach each sector (0: the same day)."""

    @property
    def n_contingents(self) -> int:
        """C."""
        return len(self.contingent_ids)


@dataclass(frozen=True)
class Combat:
    """Constants of attrition (§4), breakpoints (§5), advance (§6) and observation (§2)."""

    exponent_own: F64 = field(metadata=PER_RUN)
    """(R,) phi1."""
    exponent_enemy: F64 = field(metadata=PER_RUN)
    """(R,) phi2."""
    rate_assault: F64 = field(metadata=PER_RUN)
    """(R,) k of the assaulting side."""
    rate_hold: F64 = field(metadata=PER_RUN)
    """(R,) k of the side holding against an assault."""
    rate_positional: F64 = field(metadata=PER_RUN)
    """(R,) k of both sides when nobody assaults."""
    fortification_exponent: F64 = field(metadata=PER_RUN)
    """(R,) gamma: an assault on fortification f costs the attacker f^gamma."""
    cap_attacker: F64 = field(metadata=PER_RUN)
    """(R,) largest expected daily loss fraction of the assaulting side."""
    cap_defender: F64 = field(metadata=PER_RUN)
    """(R,) largest expected daily loss fraction of the holding side."""
    idle_factor: F64 = field(metadata=PER_RUN)
    """(R,) share of fire an idle side delivers."""
    dispersion: F64 = field(metadata=PER_RUN)
    """(R,) negative-binomial dispersion."""
    fatigue: F64 = field(metadata=PER_RUN)
    """(R,) per day of consecutive assault."""
    supply_exponent: F64 = field(metadata=PER_RUN)
    """(R,) eta."""
    break_a: F64 = field(metadata=PER_RUN)
    """(R, 2) Beta a of the break threshold, by side."""
    break_b: F64 = field(metadata=PER_RUN)
    """(R, 2) Beta b of the break threshold, by side."""
    break_force_ratio: F64 = field(metadata=PER_RUN)
    """(R,) kappa: each side's break threshold is scaled by its starting force ratio^kappa."""
    break_heterogeneity: F64 = field(metadata=PER_RUN)
    """(R,) sigma: an engagement's attacker threshold is multiplied by exp(sigma z), the
    defender's divided by it (z standard normal per engagement)."""
    pause_days: I64 = field(metadata=PER_RUN)
    """(R,) days an attack pauses after the attacker breaks."""
    fallback_km: F64 = field(metadata=PER_RUN)
    """(R,) mean withdrawal depth of a breaking defender, km (exponential draw)."""
    fallback_cap: F64 = field(metadata=PER_RUN)
    """(R,) largest withdrawal depth of a break, km."""
    adm_threshold: F64 = field(metadata=PER_RUN)
    """(R,) alpha_aT, the attacker's attrition threshold of its prosecution rate."""
    adm_initial: F64 = field(metadata=PER_RUN)
    """(R,) starting prosecution rate (share of the threshold)."""
    adm_min: F64 = field(metadata=PER_RUN)
    """(R,) floor of the prosecution rate (share of the threshold)."""
    withdrawal_max: F64 = field(metadata=PER_RUN)
    """(R,) W_max km/day."""
    advance_cap: F64 = field(metadata=PER_RUN)
    """(R,) largest advance in a day, km."""
    advance_base: F64 = field(metadata=PER_RUN)
    """(R,) v0: km/day of an assault at force ratio 1, open ground, no belt, no kill zone."""
    advance_elasticity: F64 = field(metadata=PER_RUN)
    """(R,) epsilon: elasticity of the advance to the force ratio."""
    advance_fortification: F64 = field(metadata=PER_RUN)
    """(R,) exponent of the belt's fortification in the advance (rate ~ f^-exponent)."""
    kill_zone: F64 = field(metadata=PER_RUN)
    """(R,) share of the assault's progress a fully supplied defender's fires stop."""
    infiltration: F64 = field(metadata=PER_RUN)
    """(R,) km/day of small assault groups, whatever the force ratio."""
    advance_sigma: F64 = field(metadata=PER_RUN)
    """(R,) log-sd of the daily lognormal factor on the advance."""
    envelopment_days: F64 = field(metadata=PER_RUN)
    """(R,) mean days an enveloped objective holds (hazard 1/days)."""
    observation_sigma: F64 = field(metadata=PER_RUN)
    """(R,) log-sd of the noise on observed enemy losses."""


@dataclass(frozen=True)
class Logistics:
    """Both sides' supply networks with their routes precomputed (§3)."""

    node_ids: tuple[str, ...]
    node_side: I64
    """(N,) side owning the node."""
    node_objective: I64
    """(N,) objective the node is located at (-1: none)."""
    node_is_source: Bool
    """(N,) has a supply_per_day."""
    edge_ids: tuple[str, ...]
    edge_side: I64
    """(E,) side owning the edge (that of its end nodes)."""
    edge_from: I64
    edge_to: I64
    edge_exposed: I64
    """(E,) sector whose enemy front interdicts the edge (-1: none)."""
    edge_lengthens: I64
    """(E,) sector whose own advance lengthens the edge (-1: none)."""
    route_edges: I64
    """(Q, L) edges of each route from its source, -1 padded."""
    route_length: I64
    """(Q,) number of edges of each route (0: the source itself supplies the sector)."""
    route_source: I64
    """(Q,) source node of each route."""
    route_start: I64
    """(2, S) first route of each side's sector (routes are grouped by side and sector)."""
    route_count: I64
    """(2, S) number of routes of each side's sector."""
    modelled: Bool
    """(2, S) some node of the side supplies the sector; otherwise its supply is not
    modelled and its satisfaction is 1."""
    node_supply: F64 = field(metadata=PER_RUN)
    """(R, N) tonne/day at sources (0 elsewhere)."""
    edge_capacity: F64 = field(metadata=PER_RUN)
    """(R, E) tonne/day."""
    edge_distance: F64 = field(metadata=PER_RUN)
    """(R, E) km from the front at the start (for interdiction; 0 when not exposed)."""
    edge_length: F64 = field(metadata=PER_RUN)
    """(R, E) km at the start (for lengthening; 0 when it does not lengthen)."""
    demand: F64 = field(metadata=PER_RUN)
    """(R, 2, 3) tonne/day per 1,000 troops, by side and activity (idle, defend, attack)."""
    interdiction_max: F64 = field(metadata=PER_RUN)
    """(R,) i_max."""
    interdiction_range: F64 = field(metadata=PER_RUN)
    """(R,) d0 km."""
    interdiction_sigma: F64 = field(metadata=PER_RUN)
    """(R,) log-sd of the daily interdiction noise."""
    crisis_supply_cut: F64 = field(metadata=PER_RUN)
    """(R,) share of source output lost in a fiscal crisis."""

    @property
    def n_edges(self) -> int:
        """E."""
        return len(self.edge_ids)


@dataclass(frozen=True)
class Economy:
    """Both sides' war economies (§7), each in its own currency, per day."""

    enabled: Bool
    """(2,) the side has an economy section (and the mechanism is on)."""
    currency: tuple[str, str]
    baseline_spending: F64 = field(metadata=PER_RUN)
    """(R, 2) GDP x military share, per day."""
    budget_share: F64 = field(metadata=PER_RUN)
    """(R, 2) military share of the budget."""
    reserves: F64 = field(metadata=PER_RUN)
    """(R, 2) liquid reserves at the start."""
    aid: F64 = field(metadata=PER_RUN)
    """(R, 2) external aid per day."""
    deficit: F64 = field(metadata=PER_RUN)
    """(R, 2) baseline budget deficit per day."""
    crisis_threshold: F64 = field(metadata=PER_RUN)
    """(R, 2) stress at which the crisis hazard is ln 2 per year (50% a year)."""
    elasticity: F64 = field(metadata=PER_RUN)
    """(R,) war-cost elasticity."""
    reference_loss: F64 = field(metadata=PER_RUN)
    """(R,) daily loss share the baseline pays for."""
    runway_reference: F64 = field(metadata=PER_RUN)
    """(R,) days of runway that count as stress 1."""
    spending_weight: F64 = field(metadata=PER_RUN)
    """(R,) weight of the spending rise in the stress index."""
    stress_cap: F64 = field(metadata=PER_RUN)
    """(R,) cap of the runway term."""
    steepness: F64 = field(metadata=PER_RUN)
    """(R,) beta of the crisis hazard."""


@dataclass(frozen=True)
class Talks:
    """The ceasefire hazard (§8)."""

    enabled: bool
    base_hazard: F64 = field(metadata=PER_RUN)
    """(R,) h0 per day."""
    sensitivity: F64 = field(metadata=PER_RUN)
    """(R,) kappa."""
    convergence: F64 = field(metadata=PER_RUN)
    """(R,) nu."""
    casualty_weight: F64 = field(metadata=PER_RUN)
    """(R,) w_cas."""
    fiscal_weight: F64 = field(metadata=PER_RUN)
    """(R,) w_fisc."""
    prior_strength: F64 = field(metadata=PER_RUN)
    """(R,) a + b of the priors."""
    optimism: F64 = field(metadata=PER_RUN)
    """(R, 2) each side's prior mean that the attacker prevails."""
    horizon_days: F64 = field(metadata=PER_RUN)
    """(R,) H of the commitment override."""
    distance_km: F64 = field(metadata=PER_RUN)
    """(R,) distance of a hub from the front below which the override can act."""
    suppression: F64 = field(metadata=PER_RUN)
    """(R,) share of the hazard removed by the override."""
    update_weight: F64 = field(metadata=PER_RUN)
    """(R,) pseudo-observations per battlefield result."""
    casualty_window: F64 = field(metadata=PER_RUN)
    """(R,) days of the casualty cost's moving average."""


@dataclass(frozen=True)
class Plan:
    """A compiled scenario for ``R`` runs: the engine's only input besides seed and strategies.

    ``run_ids`` are the global run indices (they key every random draw), so a plan for runs
    ``[1000, 2000)`` simulates exactly those runs of a larger job.
    """

    scenario: str
    """Scenario name (for records)."""
    horizon_days: int
    switches: Switches
    theatre: Theatre
    forces: Forces
    combat: Combat
    logistics: Logistics
    economy: Economy
    talks: Talks
    run_ids: I64 = field(metadata=PER_RUN)
    """(R,) global run index of each run."""

    @property
    def n_runs(self) -> int:
        """R."""
        return int(self.run_ids.shape[0])

    @property
    def n_sectors(self) -> int:
        """S."""
        return self.theatre.n_sectors

    def take(self, runs: I64 | list[int] | slice) -> Plan:
        """The plan restricted to some of its runs (positions, not run ids), as a copy."""
        index = np.arange(self.n_runs)[runs] if isinstance(runs, slice) else np.asarray(runs)
        index = np.atleast_1d(index).astype(np.int64)
        return dataclasses.replace(
            self,
            theatre=_take(self.theatre, index),
            forces=_take(self.forces, index),
            combat=_take(self.combat, index),
            logistics=_take(self.logistics, index),
            economy=_take(self.economy, index),
            talks=_take(self.talks, index),
            run_ids=np.ascontiguousarray(self.run_ids[index]),
        )
