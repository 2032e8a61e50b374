"""The strategy library: each strategy's orders as its description says, on hand-made
observations, and its effect in the engine on the flagship."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from clausewitz.engine.fast import simulate
from clausewitz.engine.plan import ATTACK, DEFEND
from clausewitz.errors import UserError
from clausewitz.prepare.prepared import resolve_strategies
from clausewitz.runner.job import EngineJob
from clausewitz.scenario.loader import LoadedScenario, load_scenario
from clausewitz.strategies import Observation, Strategies, StrategySpec, choose, get_strategy
from clausewitz.strategies.attacker import attrition, decisive, envelop
from clausewitz.strategies.defender import defend_in_depth, elastic, hold_every_metre


def observation(R: int = 2, *, side: str = "attacker", day: int = 5, **kw: object) -> Observation:
    """Three sectors a (main axis, holds the hub), b and c."""
    S = 3
    base: dict[str, object] = dict(
        side=side,
        day=day,
        sector_ids=("a", "b", "c"),
        main_axis=np.array([True, False, False]),
        frontage=np.tile([10.0, 20.0, 30.0], (R, 1)),
        front=np.zeros((R, S)),
        belt=np.zeros((R, S), np.int64),
        n_belts=np.ones(S, np.int64),
        own_line=np.tile([1000.0, 3000.0, 1000.0], (R, 1)),
        own_reserves=np.full(R, 900.0),
        own_supply=np.ones((R, S)),
        own_losses=np.zeros(R),
        own_losses_yesterday=np.tile([30.0, 0.0, 10.0], (R, 1)),
        enemy_losses_observed=np.zeros((R, S)),
        attack_paused=np.zeros((R, S), np.int64),
        objective_ids=("hub", "town"),
        objective_sector=np.array([0, 1], np.int64),
        objective_hub=np.array([True, False]),
        objective_distance=np.tile([8.0, 30.0], (R, 1)),
        objectives_fallen=np.zeros((R, 2), np.bool_),
        crisis=np.zeros(R, np.bool_),
        ceasefire=np.zeros(R, np.bool_),
    )
    base.update(kw)
    return Observation(**base)  # type: ignore[arg-type]


def test_attrition_presses_everywhere_and_follows_strength_off_the_main_axis() -> None:
    o = attrition(observation(), {})
    assert np.all(o.posture == ATTACK)
    assert np.all(o.tempo == 0.5) and np.all(o.loss_tolerance == 0.6)
    # 0.2 committed: 0.35 of it to the main axis, the rest 3:1 by the troops in b and c
    np.testing.assert_allclose(o.allocation[0], [0.07, 0.13 * 0.75, 0.13 * 0.25])


def test_decisive_concentrates_then_reverts_after_its_window_or_the_hub() -> None:
    o = decisive(observation(day=10), {})
    assert o.allocation[0, 0] == pytest.approx(0.5 * 0.8)
    assert o.tempo[0, 0] == 1.0 and o.tempo[0, 1] == 0.25
    assert o.loss_tolerance[0, 0] == 1.5
    after = decisive(observation(day=90), {})
    np.testing.assert_allclose(after.allocation, attrition(observation(day=90), {}).allocation)
    fallen = np.array([[True, False], [False, False]])
    mixed = decisive(observation(day=10, objectives_fallen=fallen), {})
    assert mixed.tempo[0, 0] == 0.5 and mixed.tempo[1, 0] == 1.0  # run 0's hub has fallen
    hold = decisive(observation(day=100), {"then": "hold"})
    assert np.all(hold.posture == DEFEND)


def test_envelop_feeds_and_drives_the_flanks_and_screens_the_main_axis() -> None:
    o = envelop(observation(), {"flank_sectors": "b"})
    np.testing.assert_allclose(
        o.allocation[0], [0.3 * 0.3 * 10 / 40, 0.3 * 0.7, 0.3 * 0.3 * 30 / 40]
    )
    np.testing.assert_allclose(o.tempo[0], [0.3, 0.8, 0.3])
    default = envelop(observation(), {})
    assert default.allocation[0, 0] == pytest.approx(0.3 * 0.3)  # all off-axis sectors flank
    with pytest.raises(UserError, match=r"unknown sector .bb.*did you mean b"):
        envelop(observation(), {"flank_sectors": "a,bb"})


def test_defend_in_depth_reinforces_pressure_and_counterattacks_quiet_sectors() -> None:
    o = defend_in_depth(observation(side="defender"), {})
    # pressure 30:0:10 gets (1 - 0.33) of 0.3; quiet sector b (no losses) gets the held third
    np.testing.assert_allclose(o.allocation[0], [0.3 * 0.67 * 0.75, 0.3 * 0.33, 0.3 * 0.67 * 0.25])
    np.testing.assert_array_equal(o.posture[0], [DEFEND, ATTACK, DEFEND])
    assert o.tempo[0, 1] == 0.3 and np.all(o.loss_tolerance == 0.8)
    starved = defend_in_depth(observation(side="defender", own_supply=np.full((2, 3), 0.5)), {})
    assert np.all(starved.posture == DEFEND)  # no counter-attack without supply


def test_hold_every_metre_commits_everything_and_never_withdraws_early() -> None:
    o = hold_every_metre(observation(side="defender"), {})
    np.testing.assert_allclose(o.allocation.sum(axis=1), 1.0)
    assert np.all(o.posture == DEFEND) and np.all(o.loss_tolerance == 2.0)


def test_elastic_holds_hard_only_near_the_hub() -> None:
    o = elastic(observation(side="defender"), {})
    np.testing.assert_allclose(o.loss_tolerance[0], [1.5, 0.5, 0.5])  # hub 8 km away in a
    far = elastic(
        observation(side="defender", objective_distance=np.tile([20.0, 30.0], (2, 1))), {}
    )
    np.testing.assert_allclose(far.loss_tolerance[0], [0.5, 0.5, 0.5])
    fallen = elastic(observation(side="defender", objectives_fallen=np.ones((2, 2), np.bool_)), {})
    np.testing.assert_allclose(fallen.loss_tolerance[0], [0.5, 0.5, 0.5])


@pytest.mark.parametrize("name", ["attrition", "decisive", "envelop", "defend-in-depth", "elastic"])
def test_settings_are_checked(name: str) -> None:
    fn = get_strategy(name)
    side = "attacker" if name in ("attrition", "decisive", "envelop") else "defender"
    with pytest.raises(UserError, match=r"unknown setting.*did you mean"):
        fn(observation(side=side), {"loss_tolerence": 1.0})
    with pytest.raises(UserError, match="must be a number"):
        fn(observation(side=side), {"loss_tolerance": "high"})
    with pytest.raises(UserError, match="outside"):
        fn(observation(side=side), {"commit_share": 1.5})


# ---------------------------------------------------------------------------------------------
# in the engine, on the flagship

RUNS, DAYS = 160, 150


@pytest.fixture(scope="module")
def flagship() -> LoadedScenario:
    return load_scenario("pokrovsk-2025")


def _run(
    loaded: LoadedScenario, attacker: str, defender: str, days: int = DAYS
) -> dict[str, object]:
    job = EngineJob(loaded, 3, {"attacker": attacker, "defender": defender}, days)
    plan, _ = job.plan(np.arange(RUNS, dtype=np.int64))
    main = np.array([s.main_axis for s in loaded.scenario.theatre.sectors])
    share_main: list[float] = []
    attacker_losses: list[float] = []
    first_line: list[np.ndarray] = []  # type: ignore[type-arg]
    lost = np.zeros((RUNS, main.size))

    def observe(day: int, state: dict[str, np.ndarray]) -> None:  # type: ignore[type-arg]
        # troops sent to each sector so far: what is there now, plus what it lost, minus the
        # start (the line troops never move between sectors; only reserves are committed)
        line = np.asarray(state["line"][:, 0, :], dtype=np.float64)
        if not first_line:
            first_line.append(line.copy())
        lost[:] += state["loss_today"][:, 0, :]
        sent = np.maximum(line + lost - first_line[0], 0.0)
        share_main.append(float(sent[:, main].sum() / max(sent.sum(), 1.0)))

    out = simulate(plan, 3, job.strategies, days=days, observer=observe)
    attacker_losses.append(float(out.losses[:, 0, :].sum(axis=1).mean()))
    return {
        "out": out,
        "share_main": np.array(share_main),
        "losses": attacker_losses[0],
        "main_losses": float(lost[:, main].sum(axis=1).mean()),
    }


@pytest.fixture(scope="module")
def attacker_runs(flagship: LoadedScenario) -> dict[str, dict[str, object]]:
    return {a: _run(flagship, a, "defend-in-depth") for a in ("attrition", "decisive", "envelop")}


def test_decisive_concentrates_on_the_main_axis_and_bleeds_faster(
    attacker_runs: dict[str, dict[str, object]], flagship: LoadedScenario
) -> None:
    dec, att = attacker_runs["decisive"], attacker_runs["attrition"]
    # by the end of its 90-day window a larger share of what it committed went to the main axis
    assert dec["share_main"][89] > att["share_main"][89] + 0.1  # type: ignore[index]
    # and it loses more per day during the window, where it attacks
    short = {a: _run(flagship, a, "defend-in-depth", days=90) for a in ("attrition", "decisive")}
    # (about twice as many a day there; over all sectors it loses less, since the others only
    # fix the defender)
    assert short["decisive"]["main_losses"] > 1.5 * short["attrition"]["main_losses"]  # type: ignore[operator]


def test_envelop_gains_ground_on_the_flanks_not_the_main_axis(
    attacker_runs: dict[str, dict[str, object]], flagship: LoadedScenario
) -> None:
    ids = [s.id for s in flagship.scenario.theatre.sectors]
    env = attacker_runs["envelop"]["out"].front.mean(axis=0)  # type: ignore[attr-defined]
    att = attacker_runs["attrition"]["out"].front.mean(axis=0)  # type: ignore[attr-defined]
    for flank in ("west", "rodynske"):
        assert env[ids.index(flank)] > att[ids.index(flank)]
    assert (
        env[ids.index("west")] - att[ids.index("west")]
        > env[ids.index("pokrovsk")] - att[ids.index("pokrovsk")]
    )


def test_attrition_pauses_sooner_than_decisive_on_the_main_axis(
    attacker_runs: dict[str, dict[str, object]], flagship: LoadedScenario
) -> None:
    ids = [s.id for s in flagship.scenario.theatre.sectors]
    m = ids.index("pokrovsk")
    # pauses per 1,000 troops lost there: a lower loss tolerance breaks off after fewer losses
    rate = {
        a: attacker_runs[a]["out"].attacker_breaks[:, m].mean()  # type: ignore[attr-defined]
        / attacker_runs[a]["main_losses"]
        * 1000
        for a in ("attrition", "decisive")
    }
    assert rate["attrition"] > 1.2 * rate["decisive"]


def test_hold_every_metre_gives_less_ground_than_elastic(flagship: LoadedScenario) -> None:
    hold = _run(flagship, "attrition", "hold-every-metre")["out"]
    ela = _run(flagship, "attrition", "elastic")["out"]
    assert hold.territory_km2.mean() < ela.territory_km2.mean()  # type: ignore[attr-defined]
    assert hold.defender_breaks.sum() < ela.defender_breaks.sum()  # type: ignore[attr-defined]


def test_a_strategy_sees_nothing_of_the_enemys_hidden_state(flagship: LoadedScenario) -> None:
    """Double the attacker's uncommitted North Korean contingent (an attacker that commits
    nothing): the defender's observations stay identical, day after day."""
    seen: list[list[Observation]] = [[], []]

    def recorder(k: int):  # type: ignore[no-untyped-def]
        def strategy(obs, settings):  # type: ignore[no-untyped-def]
            seen[k].append(
                dataclasses.replace(
                    obs,
                    **{
                        f.name: np.array(getattr(obs, f.name), copy=True)
                        for f in dataclasses.fields(obs)
                        if isinstance(getattr(obs, f.name), np.ndarray)
                    },
                )
            )
            return defend_in_depth(obs, settings)

        return strategy

    job = EngineJob(flagship, 5, {"attacker": "attrition", "defender": "defend-in-depth"}, 120)
    ids = np.arange(8, dtype=np.int64)
    from clausewitz.prepare.compile import compile_plan

    for k, factor in enumerate((1.0, 2.0)):
        samples = dict(job.samples(ids))
        samples["kpa-troops-2025"] = samples["kpa-troops-2025"] * factor
        plan = compile_plan(flagship, samples, ids, table=job.prepared.table)
        strategies = Strategies(
            StrategySpec("idle-reserve", attrition, {"commit_share": 0.0}),
            StrategySpec("recorder", recorder(k), {}),
        )
        simulate(plan, 5, strategies, days=120)
    assert len(seen[0]) == len(seen[1]) == 120
    for a, b in zip(seen[0], seen[1], strict=True):
        for f in dataclasses.fields(a):
            np.testing.assert_array_equal(getattr(a, f.name), getattr(b, f.name), err_msg=f.name)


def test_scenario_settings_reach_the_strategy(flagship: LoadedScenario) -> None:
    s = resolve_strategies(flagship, {"attacker": "decisive", "defender": "elastic"})
    assert s.attacker.settings["window_days"] == 90 and s.defender.settings["hub_radius_km"] == 10
    assert choose("attacker", "envelop").function is envelop
