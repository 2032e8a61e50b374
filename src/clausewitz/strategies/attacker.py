"""The attacker's strategy library: ``attrition``, ``decisive`` and ``envelop``.

The seed article's choice: a war of attrition ("relatively safer, but requires a long time") or
"one or two decisive battles" for Pokrovsk; and the encirclement Syrskyi describes. Each is a
pure, vectorised policy over runs (see :mod:`clausewitz.engine.orders`); the defaults of
every setting are our own choices [ENG], documented in ``docs/strategies.md``, and a scenario's
``strategies.attacker.<name>.settings`` overrides them.

The orders act through the engine's levers only: where the day's share of the reserve goes
(the line troops stay where they were deployed), whether each sector attacks, at what tempo,
and how much loss each sector's attack accepts before it pauses (``loss_tolerance`` scales the
break and adaptation thresholds, docs/model.md §5-6).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from clausewitz.engine.orders import ATTACK, DEFEND, Observation, Orders, Settings
from clausewitz.strategies.settings import SettingsReader, split

ATTRITION_DEFAULTS: dict[str, object] = {
    "commit_share": 0.2,
    "main_axis_share": 0.35,
    "tempo": 0.5,
    "loss_tolerance": 0.6,
    "reserve_from_day": 0.0,
}


def _attack_where_present(obs: Observation) -> NDArray[np.int64]:
    return np.where(obs.own_line > 0.0, ATTACK, DEFEND).astype(np.int64)


def _massing(obs: Observation, r: SettingsReader, focus: NDArray[np.bool_]) -> NDArray[np.float64]:
    """(R, S) line shares to take back into the reserve: ``massing`` of every sector off the
    ``focus`` on day 0, none after. The reserve then sends them where the strategy sends its
    reserve (mostly the focus), marching as reserves do."""
    share = r.share("massing") if obs.day == 0 else 0.0
    return np.where(focus[None, :], 0.0, share) * np.ones(obs.own_line.shape)


def _reserve_open(obs: Observation, r: SettingsReader) -> float:
    """1 from day ``reserve_from_day`` on (the reserve is committed), 0 before (it is held)."""
    return 1.0 if obs.day >= r.number("reserve_from_day", low=0.0) else 0.0


def _attrition_orders(obs: Observation, r: SettingsReader, *, posture: int | None = None) -> Orders:
    commit = r.share("commit_share")
    main_share = r.share("main_axis_share")
    tempo = r.number("tempo", low=0.0)
    tolerance = r.positive("loss_tolerance")
    commit *= _reserve_open(obs, r)
    main = obs.main_axis.astype(np.float64)[None, :]
    # off the main axis, reserves follow current strength: reinforce where the pressure is
    strength = np.maximum(obs.own_line, 0.0)
    allocation = commit * split(obs.frontage * main, strength * (1.0 - main), main_share)
    shape = obs.own_line.shape
    return Orders(
        allocation=allocation,
        posture=_attack_where_present(obs)
        if posture is None
        else np.full(shape, posture, dtype=np.int64),
        tempo=np.full(shape, tempo),
        loss_tolerance=np.full(shape, tolerance),
    )


def attrition(obs: Observation, settings: Settings) -> Orders:
    """Broad pressure on every sector at a moderate tempo, for as long as it takes.

    Each day ``commit_share`` (0.2) of the reserve goes forward: ``main_axis_share`` (0.35) to
    the main-axis sectors by frontage, the rest to the other sectors in proportion to the
    troops already there. Every sector with troops attacks at ``tempo`` (0.5) and pauses early
    (``loss_tolerance`` 0.6 of the default break thresholds). No reserve goes forward before
    day ``reserve_from_day`` (0: from the start), in every attacker strategy.
    """
    return _attrition_orders(obs, SettingsReader("attrition", settings, ATTRITION_DEFAULTS))


DECISIVE_DEFAULTS: dict[str, object] = {
    "commit_share": 0.5,
    "main_axis_share": 0.8,
    "tempo": 1.0,
    "secondary_tempo": 0.25,
    "loss_tolerance": 1.5,
    "window_days": 90.0,
    "then": "attrition",
    "reserve_from_day": 0.0,
    "massing": 0.0,
}


def decisive(obs: Observation, settings: Settings) -> Orders:
    """Concentrate on the main axis and attack at full tempo for a limited window, then stop.

    While the window is open (day < ``window_days``, 90) and the main axis's hub has not yet
    fallen, ``commit_share`` (0.5) of the reserve goes forward each day, ``main_axis_share``
    (0.8) of it to the main axis (the North Korean contingent included once it is ready); the
    main axis attacks at ``tempo`` (1.0) accepting heavy losses (``loss_tolerance`` 1.5); other
    sectors only fix the defender (``secondary_tempo`` 0.25). Once the window closes, or the hub
    has fallen, the side reverts to ``then``: ``attrition`` (with that strategy's default
    settings) or ``hold`` (defend everywhere, reinforce with the attrition split). On day 0,
    ``massing`` (0: none) of the line off the main axis goes back into the reserve, to follow
    the reserve to the main axis (with the reserve's movement time).
    """
    r = SettingsReader("decisive", settings, DECISIVE_DEFAULTS)
    commit = r.share("commit_share")
    main_share = r.share("main_axis_share")
    tempo = r.number("tempo", low=0.0)
    secondary = r.number("secondary_tempo", low=0.0)
    tolerance = r.positive("loss_tolerance")
    window = r.number("window_days", low=0.0)
    then = r.choice("then", ("attrition", "hold"))
    commit *= _reserve_open(obs, r)

    main = obs.main_axis
    hub_on_main = np.asarray(obs.objective_hub & main[obs.objective_sector], dtype=np.bool_)
    if hub_on_main.any():
        hub_fallen = obs.objectives_fallen[:, hub_on_main].all(axis=1)
    else:
        hub_fallen = np.zeros(obs.n_runs, dtype=np.bool_)
    in_window: NDArray[np.bool_] = np.asarray((obs.day < window) & ~hub_fallen)  # (R,)

    mainf = main.astype(np.float64)[None, :]
    push = Orders(
        allocation=commit * split(obs.frontage * mainf, obs.frontage * (1.0 - mainf), main_share),
        posture=_attack_where_present(obs),
        tempo=np.where(main[None, :], tempo, secondary) * np.ones(obs.own_line.shape),
        loss_tolerance=np.where(main[None, :], tolerance, 1.0) * np.ones(obs.own_line.shape),
    )
    after_reader = SettingsReader("attrition", {}, ATTRITION_DEFAULTS)
    after = _attrition_orders(obs, after_reader, posture=DEFEND if then == "hold" else None)
    w = in_window[:, None]
    return Orders(
        allocation=np.where(w, push.allocation, after.allocation),
        posture=np.where(w, push.posture, after.posture),
        tempo=np.where(w, push.tempo, after.tempo),
        loss_tolerance=np.where(w, push.loss_tolerance, after.loss_tolerance),
        withdraw=_massing(obs, r, main),
    )


ENVELOP_DEFAULTS: dict[str, object] = {
    "commit_share": 0.3,
    "flank_share": 0.7,
    "flank_sectors": "",
    "tempo": 0.8,
    "main_axis_tempo": 0.3,
    "loss_tolerance": 1.0,
    "reserve_from_day": 0.0,
    "massing": 0.0,
}


def envelop(obs: Observation, settings: Settings) -> Orders:
    """Press the flanks of the hub rather than its front, to encircle it.

    ``flank_sectors`` (comma-separated sector ids; default every sector off the main axis)
    receive ``flank_share`` (0.7) of the ``commit_share`` (0.3) of the reserve sent forward each
    day, by frontage, and attack at ``tempo`` (0.8); the main axis and any other sector get the
    rest and attack only at ``main_axis_tempo`` (0.3), a screen that fixes the defender. The
    scenario's encirclement conditions (``encircled_when``) decide when the hub falls this way.
    On day 0, ``massing`` (0: none) of the line off the flank sectors goes back into the
    reserve, to follow it to the flanks.
    """
    r = SettingsReader("envelop", settings, ENVELOP_DEFAULTS)
    commit = r.share("commit_share")
    flank_share = r.share("flank_share")
    tempo = r.number("tempo", low=0.0)
    screen = r.number("main_axis_tempo", low=0.0)
    tolerance = r.positive("loss_tolerance")
    commit *= _reserve_open(obs, r)
    flanks = r.sectors("flank_sectors", obs.sector_ids)
    if not flanks.any():
        flanks = ~obs.main_axis
    f = flanks.astype(np.float64)[None, :]
    allocation = commit * split(obs.frontage * f, obs.frontage * (1.0 - f), flank_share)
    shape = obs.own_line.shape
    return Orders(
        allocation=allocation,
        posture=_attack_where_present(obs),
        tempo=np.where(flanks[None, :], tempo, screen) * np.ones(shape),
        loss_tolerance=np.full(shape, tolerance),
        withdraw=_massing(obs, r, flanks),
    )
