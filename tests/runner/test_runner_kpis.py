"""KPI summaries: intervals match scipy/statsmodels; streaming moments match numpy."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

from clausewitz.kpis import kpi_of
from clausewitz.runner.kpis import KpiAccumulator, Moments, t_interval, wilson_interval


def test_t_interval_matches_scipy_on_known_data() -> None:
    x = np.array([12.0, 15.5, 9.0, 11.25, 14.0, 13.0, 10.5, 16.0])
    m = Moments()
    m.add(x)
    k = t_interval(m, "x")
    lo, hi = stats.t.interval(0.95, df=x.size - 1, loc=x.mean(), scale=stats.sem(x))
    assert k.interval.estimate == pytest.approx(x.mean(), rel=1e-15)
    assert (k.interval.low, k.interval.high) == pytest.approx((lo, hi), rel=1e-12)
    assert k.interval.n == 8 and k.method == "student-t"


@pytest.mark.parametrize(("successes", "n"), [(0, 10), (3, 10), (37, 120), (500, 500)])
def test_wilson_interval_matches_statsmodels(successes: int, n: int) -> None:
    k = wilson_interval(successes, n, "p")
    lo, hi = proportion_confint(successes, n, alpha=0.05, method="wilson")
    assert k.interval.estimate == successes / n
    assert (k.interval.low, k.interval.high) == pytest.approx((lo, hi), abs=1e-12)
    assert k.method == "wilson"


def test_degenerate_counts() -> None:
    empty = t_interval(Moments(), "x")
    assert not empty.observed and empty.to_dict()["mean"] is None
    one = Moments()
    one.add(np.array([4.0]))
    assert t_interval(one, "x").to_dict() == {
        "mean": 4.0,
        "ci_low": 4.0,
        "ci_high": 4.0,
        "n": 1,
        "ci": "student-t",
    }
    assert wilson_interval(0, 0, "p").interval.n == 0


@settings(max_examples=50)
@given(
    x=arrays(np.float64, st.integers(2, 200), elements=st.floats(-1e6, 1e6)),
    cuts=st.lists(st.integers(0, 200), max_size=5),
)
def test_streamed_moments_equal_numpy(x: np.ndarray, cuts: list[int]) -> None:
    m = Moments()
    for part in np.split(x, sorted(c % (x.size + 1) for c in cuts)):
        m.add(part)
    assert m.n == x.size
    assert m.mean == pytest.approx(x.mean(), rel=1e-9, abs=1e-6)
    assert m.variance == pytest.approx(x.var(ddof=1), rel=1e-9, abs=1e-3)


def _table(
    start: int, rows: list[tuple[int | None, float, float, float, int | None, int | None]]
) -> pa.Table:
    return pa.table(
        {
            "run": pa.array(range(start, start + len(rows)), pa.int64()),
            "objective_day.hub": pa.array([r[0] for r in rows], pa.int32()),
            "attacker_losses": pa.array([r[1] for r in rows], pa.float64()),
            "defender_losses": pa.array([r[2] for r in rows], pa.float64()),
            "territory_km2": pa.array([r[3] for r in rows], pa.float64()),
            "ceasefire_day": pa.array([r[4] for r in rows], pa.int32()),
            "fiscal_crisis_day.attacker": pa.array([r[5] for r in rows], pa.int32()),
            "fiscal_crisis_day.defender": pa.array([None] * len(rows), pa.int32()),
        }
    )


# (hub fall day, attacker losses, defender losses, territory, ceasefire day, attacker crisis day)
KNOWN_ROWS = [
    (10, 100.0, 50.0, 5.0, None, None),
    (None, 200.0, 60.0, 7.0, 30, 3),
    (20, 300.0, 70.0, 9.0, None, None),
    (None, 400.0, 80.0, 11.0, None, None),
]


def test_accumulator_kpis_on_known_rows() -> None:
    rows = KNOWN_ROWS
    acc = KpiAccumulator(["hub"], ["attacker", "defender"])
    acc.update(_table(0, rows[:1]))
    acc.update(_table(1, rows[1:]))
    s = acc.summary()
    iv = {k: v.interval for k, v in s.items()}
    assert list(s) == [
        "objective_captured.hub",
        "objective_day.hub",
        "attacker_losses",
        "defender_losses",
        "exchange_ratio",
        "territory_km2",
        "ceasefire",
        "fiscal_crisis.attacker",
        "fiscal_crisis.defender",
    ]
    assert iv["objective_captured.hub"].estimate == 0.5 and iv["objective_captured.hub"].n == 4
    # fall day among the two runs where the hub fell
    assert iv["objective_day.hub"].estimate == 15.0 and iv["objective_day.hub"].n == 2
    assert iv["attacker_losses"].estimate == 250.0
    # attacker per defender loss, run by run, then averaged
    ratios = [r[1] / r[2] for r in rows]
    assert iv["exchange_ratio"].estimate == pytest.approx(sum(ratios) / len(ratios))
    for name, kpi in s.items():
        assert kpi.method == kpi_of(name).interval, name
    assert iv["territory_km2"].low == pytest.approx(
        stats.t.interval(0.95, 3, loc=8.0, scale=stats.sem([5.0, 7.0, 9.0, 11.0]))[0]
    )
    assert iv["ceasefire"].estimate == 0.25 and iv["fiscal_crisis.attacker"].estimate == 0.25
    assert iv["fiscal_crisis.defender"].estimate == 0.0


def test_restricted_mean_day_counts_the_horizon_where_nothing_fell() -> None:
    rows = KNOWN_ROWS
    acc = KpiAccumulator(["hub"], ["attacker", "defender"], horizon=90)
    acc.update(_table(0, rows[:3]))
    acc.update(_table(3, rows[3:]))
    s = acc.summary()
    iv = {k: v.interval for k, v in s.items()}
    names = list(s)
    assert names.index("objective_rday.hub") == names.index("objective_day.hub") + 1
    # (10 + 90 + 20 + 90) / 4, over every run
    assert iv["objective_rday.hub"].estimate == 52.5 and iv["objective_rday.hub"].n == 4
    assert iv["objective_rday.hub"].low == pytest.approx(
        stats.t.interval(0.95, 3, loc=52.5, scale=stats.sem([10.0, 90.0, 20.0, 90.0]))[0]
    )
    assert iv["objective_day.hub"].estimate == 15.0
