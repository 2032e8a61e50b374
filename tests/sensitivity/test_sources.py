"""Source sensitivity: drop, re-fuse, re-run on common runs; rank; report flips."""

from __future__ import annotations

import math

import numpy as np
import pytest
from sensitivity_helpers import STRATEGIES

from clausewitz.errors import UserError
from clausewitz.prepare.prepared import PreparedScenario
from clausewitz.scenario.loader import LoadedScenario
from clausewitz.sensitivity.kpis import per_run
from clausewitz.sensitivity.sources import (
    Compare,
    Drop,
    SourceSensitivity,
    parse_compare,
    source_sensitivity,
)
from clausewitz.stats.interval import Interval

KPI = "attacker_losses"
RUNS = 16
DAYS = 40
COMPARE = Compare("attacker", "gentle", "hard")


@pytest.fixture(scope="module")
def ranking(loaded: LoadedScenario) -> SourceSensitivity:
    return source_sensitivity(loaded, KPI, compare=COMPARE, runs=RUNS, seed=3, days=DAYS)


def _by_id(drops: list[Drop]) -> dict[str, Drop]:
    return {d.id: d for d in drops}


def test_statuses_follow_the_evidence(ranking: SourceSensitivity) -> None:
    sources = _by_id(ranking.sources)
    assert set(sources) == {
        "syrskyi-2025-06-27",
        "cnn-2025-06-27",
        "deepstate-2025-07-03",
        "csis-2025-06-04",
        "obs-source",
    }
    # ru-troops rests on two sources: dropping either leaves the other
    assert sources["syrskyi-2025-06-27"].status == "assessed"
    assert sources["syrskyi-2025-06-27"].parameters == ("ru-troops",)
    # every parameter of deepstate and csis rests on that source alone
    assert sources["deepstate-2025-07-03"].status == "sole support"
    assert set(sources["deepstate-2025-07-03"].parameters) == {"pokrovsk-depth", "rodynske-depth"}
    assert sources["csis-2025-06-04"].status == "sole support"
    # the observation's parameter is not used: nothing to move
    assert sources["obs-source"].status == "unused" and sources["obs-source"].kpi == {}
    claims = _by_id(ranking.claims)
    assert claims["ru-troops-cnn"].status == "assessed"
    assert claims["pokrovsk-depth-deepstate"].status == "sole support"
    assert claims["ru-troops-cnn"].grade == "B2" and sources["cnn-2025-06-27"].grade == "B"
    order = [d.status for d in ranking.sources]
    assert order == sorted(order, key=["assessed", "sole support", "unused"].index)


def test_a_drop_equals_a_run_with_the_source_excluded(
    ranking: SourceSensitivity, loaded: LoadedScenario
) -> None:
    drop = _by_id(ranking.sources)["cnn-2025-06-27"]
    for name in ("gentle", "hard"):
        strategies = {"attacker": name}
        full = PreparedScenario(loaded, seed=3, days=DAYS)
        without = PreparedScenario(loaded, seed=3, days=DAYS, exclude_sources=["cnn-2025-06-27"])
        base = per_run(full.simulate_points({}, RUNS, strategies)[0], KPI)
        dropped = per_run(without.simulate_points({}, RUNS, strategies)[0], KPI)
        assert ranking.base[name] == pytest.approx(base.mean(), rel=1e-12)
        assert drop.kpi[name] == pytest.approx(dropped.mean(), rel=1e-12)
        shift = drop.shift[name]
        assert shift.estimate == pytest.approx(dropped.mean() - base.mean(), rel=1e-9)
        # common random numbers: the drop moves ru-troops a little, the pairs stay close
        assert shift.high - shift.low < 0.5 * (dropped.values.std() + 1.0)
    assert ranking.base_comparison is not None and drop.comparison is not None
    expected = drop.kpi["gentle"] - drop.kpi["hard"]
    assert drop.comparison.estimate == pytest.approx(expected, rel=1e-9)


def test_ranking_and_statements(ranking: SourceSensitivity) -> None:
    assessed = [d for d in ranking.sources if d.status == "assessed"]
    flipped = [d.flips for d in assessed]
    assert flipped == sorted(flipped, reverse=True)
    shifts = [d.max_shift for d in assessed if not d.flips]
    assert shifts == sorted(shifts, reverse=True)
    base = ranking.base_comparison
    assert base is not None
    for d in assessed:
        assert d.comparison is not None
        assert d.flips == (base.estimate * d.comparison.estimate < 0)
    assert len(ranking.statements()) == len(ranking.flips())
    body = ranking.to_json()
    assert body["compare"] == {"side": "attacker", "first": "gentle", "second": "hard"}
    assert {s["id"] for s in body["sources"]} == {d.id for d in ranking.sources}


def test_flip_statement_is_worded_for_people() -> None:
    base = Interval(10.0, 4.0, 16.0, 100)
    flipped = Drop(
        "source",
        "tass-x",
        "C",
        "A claim",
        "assessed",
        ("p",),
        kpi={"a": 1.0, "b": 2.0},
        shift={"a": Interval(-3.0, -5.0, -1.0, 100)},
        comparison=Interval(-2.0, -3.0, -1.0, 100),
        flips=True,
    )
    ranking = SourceSensitivity(
        KPI,
        {"a": {}, "b": {}},
        Compare("attacker", "a", "b"),
        100,
        0,
        10,
        {"a": 1.0, "b": 2.0},
        base,
        [flipped],
        [],
    )
    (text,) = ranking.statements()
    assert text.startswith("The answer flips if source tass-x is wrong: a − b on")
    assert "+10 with every source and -2 without it." in text


def test_parse_compare(loaded: LoadedScenario) -> None:
    assert parse_compare("attacker=x,y") == Compare("attacker", "x", "y")
    assert parse_compare("gentle,hard", loaded) == Compare("attacker", "gentle", "hard")
    with pytest.raises(UserError, match="cannot tell which side"):
        parse_compare("gentle,line", loaded)
    with pytest.raises(UserError, match="two different"):
        parse_compare("attacker=x,x")
    with pytest.raises(UserError, match="unknown side"):
        parse_compare("navy=x,y")


def test_restricted_drops_and_errors(loaded: LoadedScenario) -> None:
    res = source_sensitivity(
        loaded,
        KPI,
        strategies=STRATEGIES,
        runs=4,
        seed=0,
        days=5,
        sources=["syrskyi-2025-06-27"],
        claims=[],
    )
    assert [d.id for d in res.sources] == ["syrskyi-2025-06-27"] and res.claims == []
    assert res.compare is None and res.statements() == []
    assert math.isfinite(res.sources[0].max_shift)
    with pytest.raises(UserError, match="unknown source 'nope'"):
        source_sensitivity(loaded, KPI, runs=4, days=5, sources=["nope"], claims=[])
    with pytest.raises(UserError, match="do not also give it"):
        source_sensitivity(
            loaded, KPI, strategies={"attacker": "gentle"}, compare=COMPARE, runs=4, days=5
        )
    assert np.isfinite(res.base[next(iter(res.base))])
