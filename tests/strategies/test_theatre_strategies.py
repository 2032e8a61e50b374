"""The whole front's strategies on common random numbers: massing at Pokrovsk thins the other
axes, two battles feed both, the defender's focus on the Pokrovsk axis thins its quiet axes,
and the reserves march for the days the plan states."""

from __future__ import annotations

import numpy as np
import pytest

from clausewitz.engine.outcomes import Recording
from clausewitz.prepare.prepared import PreparedScenario
from clausewitz.scenario.loader import load_scenario

RUNS = 12
DAYS = 40
FLAGSHIP_AXES = ("pokrovsk", "west", "rodynske", "kostiantynivka")
POKROVSK_AXIS = ("pokrovsk", "west", "rodynske")


@pytest.fixture(scope="module")
def theatre() -> PreparedScenario:
    return PreparedScenario(load_scenario("ukraine-front-2025"), seed=5, days=DAYS)


def _sent(
    p: PreparedScenario, attacker: str, defender: str | None = None, side: int = 0
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """One side's troops that reached each sector over the run (the line at the end plus the
    losses there, less the line at the start: what the reserve sent, less what was taken
    out), and its daily troops in transit."""
    run_ids = np.arange(RUNS, dtype=np.int64)
    plan = p.compile(p.base_samples(RUNS), run_ids)
    rec = Recording()
    chosen = {"attacker": attacker} | ({"defender": defender} if defender else {})
    p.simulate(plan, p.strategies(chosen), observer=rec)
    d = rec.daily
    sent = (
        d["line"][-1, :, side, :]
        + d["loss_today"][:, :, side, :].sum(axis=0)
        - plan.forces.line[:, side]
    )
    ids = plan.theatre.sector_ids
    return {s: sent[:, i] for i, s in enumerate(ids)}, d["transit"][:, :, side]


def _total(lines: dict[str, np.ndarray], sectors: list[str] | tuple[str, ...]) -> np.ndarray:
    return sum((lines[s] for s in sectors), start=np.zeros(RUNS))


def test_the_plan_marches_reserves_from_donetsk_and_dnipro(theatre: PreparedScenario) -> None:
    plan = theatre.compile(theatre.base_samples(2), np.arange(2, dtype=np.int64))
    days = dict(zip(plan.theatre.sector_ids, plan.forces.transit_days[0, 0], strict=True))
    # the Russian reserve at Donetsk is a day from Pokrovsk, several from the far ends
    assert days["pokrovsk"] <= 2
    assert days["kherson"] >= 4 and days["sumy"] >= 4
    ua = dict(zip(plan.theatre.sector_ids, plan.forces.transit_days[0, 1], strict=True))
    assert ua["zaporizhzhia"] < ua["sumy"]  # Dnipro is nearer the south


def test_massing_at_pokrovsk_thins_the_other_axes(theatre: PreparedScenario) -> None:
    spread, _ = _sent(theatre, "attrition")
    massed, transit = _sent(theatre, "decisive")
    two, _ = _sent(theatre, "two-battles")
    others = [s for s in spread if s not in FLAGSHIP_AXES]
    assert len(others) == 8

    # same runs (common random numbers): run by run, decisive sends fewer troops to the other
    # axes and more to Pokrovsk than attrition
    assert np.all(_total(massed, others) < _total(spread, others))
    assert np.all(massed["pokrovsk"] > spread["pokrovsk"])
    # two battles feed Kostiantynivka too, more than decisive does
    assert np.all(two["kostiantynivka"] > massed["kostiantynivka"])
    # reserves were on the move at some point
    assert transit.max() > 0


def test_massing_moves_line_troops_to_pokrovsk_with_the_march(theatre: PreparedScenario) -> None:
    """decisive with ``massing`` takes a share of the other lines back on day 0; they leave
    those lines at once, march, and reach Pokrovsk days later (same runs as without)."""
    run_ids = np.arange(4, dtype=np.int64)
    plan = theatre.compile(theatre.base_samples(4), run_ids)
    base = theatre.strategies({"attacker": "decisive"})
    spec = base.attacker
    massed = type(base)(
        type(spec)(spec.name, spec.function, {**spec.settings, "massing": 0.3}), base.defender
    )
    days = 6
    plain, mass = Recording(), Recording()
    theatre.simulate(plan, base, days=days, observer=plain)
    theatre.simulate(plan, massed, days=days, observer=mass)
    ids = plan.theatre.sector_ids
    off = [i for i, s in enumerate(ids) if not plan.theatre.main_axis[i]]
    main = ids.index("pokrovsk")
    line0 = plan.forces.line[:, 0, :]
    # on day 0 three tenths of every line off the main axis left it (whole troops): the lines
    # off the main axis hold at most what they held without massing, less that share
    taken = np.floor(0.3 * line0[:, off])  # (R, off)
    assert np.all(taken > 0)
    held = mass.daily["line"][0, :, 0, :][:, off]
    without = plain.daily["line"][0, :, 0, :][:, off]
    assert np.all(held <= without - taken + 0.01 * taken)  # losses differ a little
    # what left is in the reserve or on the march, not lost
    away = mass.daily["reserve"][0, :, 0] + mass.daily["transit"][0, :, 0]
    away_plain = plain.daily["reserve"][0, :, 0] + plain.daily["transit"][0, :, 0]
    np.testing.assert_allclose(away - away_plain, taken.sum(axis=1))
    # and it reaches Pokrovsk only after the march: more there by the last day than without
    assert np.all(mass.daily["line"][-1, :, 0, main] > plain.daily["line"][-1, :, 0, main])
    assert np.all(mass.daily["transit"][0, :, 0] > plain.daily["transit"][0, :, 0])


@pytest.mark.parametrize("attacker", ["attrition", "decisive"])
def test_the_defenders_focus_on_pokrovsk_thins_its_quiet_axes(
    theatre: PreparedScenario, attacker: str
) -> None:
    """mass-pokrovsk-defence (focus on the Pokrovsk axis, a share of the other lines massed
    there) against even-front (the reserve spread by frontage) on the same runs: run by run,
    more defenders reach the Pokrovsk axis and fewer stay on the eight quiet axes."""
    focus, transit = _sent(theatre, attacker, "mass-pokrovsk-defence", side=1)
    spread, _ = _sent(theatre, attacker, "even-front", side=1)
    quiet_axes = [s for s in focus if s not in FLAGSHIP_AXES]
    assert len(quiet_axes) == 8
    assert np.all(_total(focus, POKROVSK_AXIS) > _total(spread, POKROVSK_AXIS))
    assert np.all(_total(focus, quiet_axes) < _total(spread, quiet_axes))
    # the quiet axes gave troops up (massing), they did not only receive fewer
    assert np.all(_total(focus, quiet_axes) < 0.0)
    # and the massed lines marched: the defender had troops in transit on the first day
    assert np.all(transit[0] > 0)
