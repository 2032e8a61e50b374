"""War termination: the shipped COW data, competing-risk fits on synthetic wars, the flagship's
base hazard traced to the data."""

from __future__ import annotations

import math
from datetime import date, timedelta

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from clausewitz.evidence import estimate_all
from clausewitz.fitting.war_termination import (
    N_PARTICIPANT_ROWS,
    N_WARS,
    WAR_FILE,
    War,
    _read_rows,
    cumulative_incidence,
    data_folder,
    fit_cause,
    fit_weibull,
    garwood_interval,
    rate_after_age,
    read_interstate_wars,
    settlement_links,
    war_ending,
)
from clausewitz.scenario.loader import check_scenario, load_scenario
from clausewitz.validation.hazard_scale import realised_hazard_scale

# ------------------------------------------------------------------------------------------
# the shipped data


def test_shipped_cow_file_has_every_participant_and_war() -> None:
    rows = _read_rows(data_folder() / WAR_FILE)
    assert len(rows) == N_PARTICIPANT_ROWS == 337
    wars = read_interstate_wars()
    assert len(wars) == N_WARS == 95
    assert sum(w.participants for w in wars) == 337
    endings = [w.ending for w in wars]
    counts = tuple(endings.count(e) for e in ("victory", "settlement", "transformed"))
    assert counts == (77, 10, 8)
    by_name = {w.name: w for w in wars}
    assert by_name["Korean"].ending == "settlement"
    assert by_name["Korean"].start == date(1950, 6, 24)
    assert by_name["Iran-Iraq"].days == 2890
    assert by_name["World War II"].ending == "victory"
    assert by_name["World War II"].major_power
    assert not by_name["Iran-Iraq"].major_power


def test_war_ending_reads_the_participants_codes() -> None:
    assert war_ending([3, 3]) == "settlement"
    assert war_ending([6, 6, 3]) == "settlement"
    assert war_ending([4, 4]) == "transformed"
    assert war_ending([1, 2]) == "victory"
    assert war_ending([1, 2, 8]) == "victory"
    with pytest.raises(ValueError, match="ongoing"):
        war_ending([5])


def test_long_wars_the_flagship_is_compared_with() -> None:
    wars = read_interstate_wars()
    s = rate_after_age(wars, "settlement", 1095)
    v = rate_after_age(wars, "victory", 1095)
    assert len(s.wars) == 11
    assert (s.events, v.events) == (2, 8)
    assert s.exposure_days == 9699
    assert s.rate == pytest.approx(2 / 9699)
    lo, hi = s.ci
    assert lo == pytest.approx(3.664e-5, rel=1e-3)
    assert hi == pytest.approx(6.491e-4, rel=1e-3)
    # past three years, wars still end by victory four times as often as by settlement
    assert v.rate / s.rate == pytest.approx(4.0)


# ------------------------------------------------------------------------------------------
# estimators on synthetic wars with known hazards


def _synthetic_wars(
    n: int, settle_rate: float, victory_shape: float, victory_scale: float, seed: int
) -> list[War]:
    """Competing risks: settlement exponential, victory Weibull, random right-censoring."""
    rng = np.random.default_rng(seed)
    t_settle = rng.exponential(1.0 / settle_rate, n)
    t_victory = victory_scale * rng.weibull(victory_shape, n)
    t_censor = rng.uniform(0.0, 8000.0, n)
    out = []
    start = date(1900, 1, 1)
    for i in range(n):
        first = min(t_settle[i], t_victory[i], t_censor[i])
        days = max(1, math.ceil(first))
        if first == t_censor[i]:
            ending = "transformed"
        elif first == t_settle[i]:
            ending = "settlement"
        else:
            ending = "victory"
        out.append(
            War(i, f"w{i}", start, start + timedelta(days=days - 1), ending, 0.0, False, 2)  # type: ignore[arg-type]
        )
    return out


def test_constant_rate_recovers_the_settlement_hazard_of_censored_competing_risks() -> None:
    wars = _synthetic_wars(3000, 3e-4, 0.7, 600.0, seed=7)
    for age in (0, 1000):
        est = rate_after_age(wars, "settlement", age)
        lo, hi = est.ci
        assert lo < 3e-4 < hi, (age, est.ci)
        assert est.rate == pytest.approx(3e-4, rel=0.2)
        # the Jeffreys posterior brackets the truth as well
        q05, q95 = est.posterior_quantile(np.array([0.05, 0.95]))
        assert q05 < 3e-4 < q95


def test_weibull_recovers_shapes_and_hazard_at_an_age() -> None:
    # continuous competing risks (whole days would bias the short victories)
    rng = np.random.default_rng(11)
    n = 3000
    t_settle = rng.exponential(1.0 / 3e-4, n)
    t_victory = 600.0 * rng.weibull(0.7, n)
    t_censor = rng.uniform(0.0, 8000.0, n)
    t = np.minimum(np.minimum(t_settle, t_victory), t_censor)
    victory = fit_weibull(t, (t == t_victory).astype(float))
    lo, hi = victory.shape_interval(0.99)
    assert lo < 0.7 < hi
    assert victory.scale == pytest.approx(600.0, rel=0.1)
    settle = fit_weibull(t, (t == t_settle).astype(float))
    lo, hi = settle.shape_interval(0.99)
    assert lo < 1.0 < hi
    h_lo, h_hi = settle.hazard_interval(1228.0, 0.99)
    assert h_lo < 3e-4 < h_hi


def test_settlement_hazard_of_real_wars_does_not_change_with_age() -> None:
    wars = read_interstate_wars()
    settle = fit_cause(wars, "settlement")
    lo, hi = settle.shape_interval(0.9)
    assert lo < 1.0 < hi
    assert settle.shape == pytest.approx(0.973, abs=0.01)
    # while victories come ever more slowly as a war ages
    assert fit_cause(wars, "victory").shape_interval(0.9)[1] < 1.0


def test_weibull_with_delayed_entry_matches_the_untruncated_fit() -> None:
    # left truncation: only units still alive at 300 days are seen, from 300 days on
    rng = np.random.default_rng(3)
    t = 900.0 * rng.weibull(1.6, 20000)
    seen = t > 300.0
    full = fit_weibull(t, np.ones_like(t))
    trunc = fit_weibull(t[seen], np.ones(seen.sum()), np.full(seen.sum(), 300.0))
    assert trunc.shape == pytest.approx(1.6, rel=0.06)
    assert trunc.scale == pytest.approx(900.0, rel=0.06)
    assert full.shape == pytest.approx(1.6, rel=0.03)
    # ignoring the truncation would bias the shape upwards; honest entry does not
    naive = fit_weibull(t[seen], np.ones(seen.sum()))
    assert naive.shape > trunc.shape + 0.3


def test_garwood_interval_known_values() -> None:
    lo, hi = garwood_interval(0, 1.0, 0.9)
    assert lo == 0.0
    assert hi == pytest.approx(-math.log(0.05))  # 2.996: no event, rate below it with 95%
    lo, hi = garwood_interval(2, 10.0, 0.9)
    assert lo == pytest.approx(0.03554, rel=1e-3)
    assert hi == pytest.approx(0.62958, rel=1e-3)


def test_lognormal_matches_the_posterior_log_moments() -> None:
    est = rate_after_age(read_interstate_wars(), "settlement", 1095)
    median, sigma = est.lognormal
    rng = np.random.default_rng(5)
    draws = rng.gamma(est.posterior_shape, 1.0 / est.exposure_days, 400_000)
    assert math.log(median) == pytest.approx(np.log(draws).mean(), abs=0.01)
    assert sigma == pytest.approx(np.log(draws).std(), rel=0.01)


@given(
    st.lists(
        st.tuples(st.integers(1, 50), st.sampled_from(["settlement", "victory", "transformed"])),
        min_size=1,
        max_size=40,
    )
)
def test_cumulative_incidence_is_a_probability_split(rows: list[tuple[int, str]]) -> None:
    start = date(2000, 1, 1)
    wars = [
        War(i, "w", start, start + timedelta(days=d - 1), e, 0.0, False, 2)  # type: ignore[arg-type]
        for i, (d, e) in enumerate(rows)
    ]
    ci = cumulative_incidence(wars)
    total = ci.settlement + ci.victory + ci.surviving
    assert np.allclose(total, 1.0)
    assert np.all(np.diff(ci.settlement) >= -1e-12)
    assert np.all(np.diff(ci.victory) >= -1e-12)
    if all(e != "transformed" for _, e in rows):
        # without censoring the estimate is the plain share of each ending
        settled = sum(e == "settlement" for _, e in rows)
        assert ci.settlement[-1] == pytest.approx(settled / len(rows))


def test_settlement_links_cannot_tell_bloodier_or_major_power_wars_apart() -> None:
    links = settlement_links(read_interstate_wars())
    assert [x.covariate for x in links] == ["x10 battle deaths a day", "a major power takes part"]
    for link in links:
        lo, hi = link.ci
        assert lo < 1.0 < hi  # 10 settlements: no link is distinguishable from none
        assert lo < link.hazard_ratio < hi


# ------------------------------------------------------------------------------------------
# the flagship


def test_flagship_base_hazard_traces_the_war_data() -> None:
    loaded = load_scenario("pokrovsk-2025")
    est = estimate_all(loaded)["ceasefire-base-hazard"]
    assert est.basis == "evidence"
    assert [c.id for c in est.claims] == ["cow-long-war-settlement"]
    fit = rate_after_age(read_interstate_wars(), "settlement", 1095)
    median, sigma = fit.lognormal
    claim = next(c for c in loaded.scenario.claims if c.id == "cow-long-war-settlement")
    # the claim's spread is the fit's, and its value the fit's median over the realised factor
    assert claim.relative_error == pytest.approx(math.exp(sigma) - 1.0, abs=1e-3)
    assert median / claim.value == pytest.approx(1.314, abs=0.002)
    assert est.median == pytest.approx(claim.value, rel=1e-6)
    assert not check_scenario("pokrovsk-2025").errors


def test_realised_hazard_scale_stays_within_the_models_bounds() -> None:
    loaded = load_scenario("pokrovsk-2025")
    scale = realised_hazard_scale(loaded, runs=48, seed=2, days=60)
    # sigma(.) <= 1 and the convergence factor <= 1 + nu <= 3 (nu uniform 0-2 in talks.yaml)
    assert np.all(scale.per_run >= 0.0)
    assert np.all(scale.per_run <= 3.0)
    assert 0.0 < scale.exposure_weighted <= 3.0
    again = realised_hazard_scale(loaded, runs=48, seed=2, days=60)
    assert again.exposure_weighted == scale.exposure_weighted


# ------------------------------------------------------------------------------------------
# clausewitz war-endings


def test_war_endings_command_prints_the_fit_and_the_flagship_mapping(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import json

    from clausewitz.cli.main import run

    code = run(["war-endings", "--scenario", "pokrovsk-2025", "--runs", "16", "--json"])
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    assert out["settlement"]["events"] == 2
    assert out["victory"]["events"] == 8
    assert out["settlement"]["exposure_days"] == 9699
    median = out["settlement"]["lognormal"]["median"]
    sc = out["scenario"]
    assert sc["h0_median"] == pytest.approx(median / sc["realised_factor"])
    assert 0.0 < sc["realised_factor"] <= 3.0


@pytest.mark.parametrize(
    "args",
    [
        ["--level", "2"],
        ["--min-age-days", "99999"],
        ["--scenario", "tutorial"],
        ["--scenario", "no-such-scenario"],
    ],
)
def test_war_endings_refuses_bad_input_with_exit_2(
    args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    from clausewitz.cli.main import run

    assert run(["war-endings", *args]) == 2
    assert "Traceback" not in capsys.readouterr().err
