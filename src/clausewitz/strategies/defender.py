"""The defender's strategy library: ``defend-in-depth``, ``hold-every-metre`` and ``elastic``.

How a defence in depth is fought: trade belts for the attacker's losses and counter-attack with
held reserves; hold every metre whatever it costs; or give ground early and hold only the hub.
Each is a pure, vectorised policy over runs; every default is our own choice [ENG], documented
in ``docs/strategies.md``, and a scenario's ``strategies.defender.<name>.settings`` overrides it.

The defender cannot see the attacker's troops. It reads pressure from what it can observe: its
own losses yesterday per sector (where the attacker is assaulting), and a *quiet* sector (own
loss rate below ``quiet_loss_rate``) as one where the attack has paused: the moment to
counter-attack. In the engine a counter-attack inflicts and takes losses but retakes no ground
(docs/model.md §4). ``loss_tolerance`` scales the defender's break and withdrawal thresholds,
so a low tolerance falls back to the next belt sooner (§5-6).

Where the reserve goes is a decision too, the theatre-level one: every posture can send
``focus_share`` of what goes forward to its ``focus_sectors`` (default: the attacker's main
axis, known to both) whatever the pressure, and on the first day take ``massing`` of every
line off the focus back into the reserve (orders' ``withdraw``), to follow the reserve there
with its movement time. Both are 0 by default, so the postures fight as before.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from clausewitz.engine.orders import ATTACK, DEFEND, Observation, Orders, Settings
from clausewitz.strategies.settings import SettingsReader, normalised, split

FOCUS_DEFAULTS: dict[str, object] = {
    "focus_share": 0.0,
    "focus_sectors": "",
    "massing": 0.0,
}
"""The reserve-allocation settings every defender posture reads (our own choice [ENG]: 0, so a
posture without them fights as before)."""


def pressure(obs: Observation) -> NDArray[np.float64]:
    """(R, S) weights for reinforcement: yesterday's own losses per sector; where nobody lost
    anything (day 0, a lull), the thinnest line per km."""
    losses = np.maximum(obs.own_losses_yesterday, 0.0)
    thin = obs.frontage / np.maximum(obs.own_line, 1.0)
    quiet_everywhere = losses.sum(axis=1, keepdims=True) <= 0.0
    return np.where(quiet_everywhere, thin, losses)


def quiet(obs: Observation, rate: float, min_supply: float) -> NDArray[np.bool_]:
    """(R, S) sectors where the attacker is not assaulting (own losses below ``rate`` of the
    line yesterday), own troops are present and own supply is at least ``min_supply``."""
    present = obs.own_line > 0.0
    loss_rate = obs.own_losses_yesterday / np.maximum(obs.own_line, 1.0)
    out: NDArray[np.bool_] = (
        present & (loss_rate < rate) & (obs.own_supply >= min_supply) & (obs.day > 0)
    )
    return out


def focus(obs: Observation, r: SettingsReader) -> NDArray[np.bool_]:
    """(S,) the sectors the reserve is focused on: ``focus_sectors``, or the attacker's main
    axis when none are named."""
    named = r.sectors("focus_sectors", obs.sector_ids)
    return named if named.any() else np.asarray(obs.main_axis, dtype=np.bool_)


def forward_weights(obs: Observation, r: SettingsReader) -> NDArray[np.float64]:
    """(R, S) rows summing to 1: where the forward part of the day's commitment goes.

    ``focus_share`` of it to the focus sectors by frontage (held whatever the pressure there),
    the rest by pressure over the other sectors; with ``focus_share`` 0, all by pressure over
    every sector (the postures' behaviour without a focus)."""
    share = r.share("focus_share")
    if share == 0.0:
        return normalised(pressure(obs))
    f = focus(obs, r).astype(np.float64)[None, :]
    return split(obs.frontage * f, pressure(obs) * (1.0 - f), share)


def massing(obs: Observation, r: SettingsReader) -> NDArray[np.float64]:
    """(R, S) line shares to take back into the reserve: ``massing`` of every sector off the
    focus on day 0, none after; the reserve then sends them where it sends its troops,
    marching back to its location and on (docs/model.md §2)."""
    share = r.share("massing") if obs.day == 0 else 0.0
    return np.where(focus(obs, r)[None, :], 0.0, share) * np.ones(obs.own_line.shape)


def _hold_and_counter(
    obs: Observation,
    r: SettingsReader,
    *,
    commit: float,
    held: float,
    tolerance: NDArray[np.float64],
    counter_tempo: float,
    quiet_rate: float,
    min_supply: float,
) -> Orders:
    """Shared skeleton: ``(1 - held)`` of the day's commitment reinforces by pressure (and the
    focus, :func:`forward_weights`); the held part goes to quiet sectors, which counter-attack
    at ``counter_tempo`` (none if 0); on day 0 ``massing`` of the lines off the focus goes
    back into the reserve."""
    shape = obs.own_line.shape
    counter = quiet(obs, quiet_rate, min_supply) if counter_tempo > 0.0 else np.zeros(shape, bool)
    forward = commit * (1.0 - held) * forward_weights(obs, r)
    to_counter = commit * held * normalised(counter.astype(np.float64))
    return Orders(
        allocation=forward + to_counter,
        posture=np.where(counter, ATTACK, DEFEND).astype(np.int64),
        tempo=np.where(counter, counter_tempo, 1.0),
        loss_tolerance=tolerance,
        withdraw=massing(obs, r),
    )


DEFEND_IN_DEPTH_DEFAULTS: dict[str, object] = {
    "commit_share": 0.3,
    "reserve_share_held": 0.33,
    "loss_tolerance": 0.8,
    "counterattack_tempo": 0.3,
    "quiet_loss_rate": 0.002,
    "counterattack_min_supply": 0.8,
    **FOCUS_DEFAULTS,
}


def defend_in_depth(obs: Observation, settings: Settings) -> Orders:
    """Trade belts for attrition and counter-attack with held reserves.

    Each belt is held until the breakpoint (``loss_tolerance`` 0.8: a little before the
    default), then the line falls back into the next prepared belt. Each day ``commit_share``
    (0.3) of the reserve moves: all but ``reserve_share_held`` (0.33) of it to the sectors
    under the heaviest pressure; the held third to quiet sectors (the attack paused, own loss
    rate below ``quiet_loss_rate`` 0.2%/day, supply at least ``counterattack_min_supply``),
    which counter-attack at ``counterattack_tempo`` (0.3). With no quiet sector the held part
    stays in reserve. ``focus_share``, ``focus_sectors`` and ``massing`` (0, none, 0) focus
    the reserve (:func:`forward_weights`, :func:`massing`).
    """
    r = SettingsReader("defend-in-depth", settings, DEFEND_IN_DEPTH_DEFAULTS)
    return _hold_and_counter(
        obs,
        r,
        commit=r.share("commit_share"),
        held=r.share("reserve_share_held"),
        tolerance=np.full(obs.own_line.shape, r.positive("loss_tolerance")),
        counter_tempo=r.number("counterattack_tempo", low=0.0),
        quiet_rate=r.number("quiet_loss_rate", low=0.0),
        min_supply=r.share("counterattack_min_supply"),
    )


HOLD_EVERY_METRE_DEFAULTS: dict[str, object] = {
    "commit_share": 1.0,
    "loss_tolerance": 2.0,
    **FOCUS_DEFAULTS,
}


def hold_every_metre(obs: Observation, settings: Settings) -> Orders:
    """No voluntary withdrawal: every reserve forward, every line held at any cost.

    ``commit_share`` (1.0) of the reserve goes each day to the sectors under pressure; lines
    hold to twice the default break thresholds (``loss_tolerance`` 2.0); no counter-attacks.
    ``focus_share``, ``focus_sectors`` and ``massing`` (0, none, 0) focus the reserve.
    """
    r = SettingsReader("hold-every-metre", settings, HOLD_EVERY_METRE_DEFAULTS)
    return _hold_and_counter(
        obs,
        r,
        commit=r.share("commit_share"),
        held=0.0,
        tolerance=np.full(obs.own_line.shape, r.positive("loss_tolerance")),
        counter_tempo=0.0,
        quiet_rate=0.0,
        min_supply=1.0,
    )


ELASTIC_DEFAULTS: dict[str, object] = {
    "commit_share": 0.3,
    "reserve_share_held": 0.5,
    "loss_tolerance": 0.5,
    "hub_radius_km": 10.0,
    "hub_loss_tolerance": 1.5,
    "counterattack_tempo": 0.5,
    "quiet_loss_rate": 0.002,
    "counterattack_min_supply": 0.6,
    **FOCUS_DEFAULTS,
}


def hub_threatened(obs: Observation, radius_km: float) -> NDArray[np.bool_]:
    """(R, S) sectors holding a hub that has not fallen and lies within ``radius_km`` of the
    front."""
    near = (
        obs.objective_hub[None, :] & ~obs.objectives_fallen & (obs.objective_distance <= radius_km)
    )  # (R, O)
    out = np.zeros(obs.own_line.shape, dtype=np.bool_)
    for o, s in enumerate(obs.objective_sector):
        out[:, s] |= near[:, o]
    return out


def elastic(obs: Observation, settings: Settings) -> Orders:
    """Fall back early, hold the hub, counter-attack when the attacker pauses.

    Lines give ground early (``loss_tolerance`` 0.5) except where a hub still held lies within
    ``hub_radius_km`` (10) of the front: there they hold hard (``hub_loss_tolerance`` 1.5).
    Half the day's commitment (``reserve_share_held`` 0.5 of ``commit_share`` 0.3) counter-
    attacks in quiet sectors at ``counterattack_tempo`` (0.5) when supply is at least
    ``counterattack_min_supply`` (0.6); the rest reinforces by pressure (and the focus:
    ``focus_share``, ``focus_sectors``, ``massing``, 0 by default).
    """
    r = SettingsReader("elastic", settings, ELASTIC_DEFAULTS)
    near_hub = hub_threatened(obs, r.number("hub_radius_km", low=0.0))
    tolerance = np.where(near_hub, r.positive("hub_loss_tolerance"), r.positive("loss_tolerance"))
    return _hold_and_counter(
        obs,
        r,
        commit=r.share("commit_share"),
        held=r.share("reserve_share_held"),
        tolerance=tolerance.astype(np.float64),
        counter_tempo=r.number("counterattack_tempo", low=0.0),
        quiet_rate=r.number("quiet_loss_rate", low=0.0),
        min_supply=r.share("counterattack_min_supply"),
    )
