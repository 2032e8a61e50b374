"""Joint draws (``kind: draws``): every column of one table takes the same row in a run, keyed
by the table's name, whatever the batch; the marginal ``ppf`` is the column's empirical
quantile."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from clausewitz.evidence.distributions import Empirical, truncate
from clausewitz.prepare.sampling import sample, table_key, uniforms


def _table(n: int, seed: int, rho: float) -> np.ndarray:
    """``n`` rows of two correlated columns and one independent."""
    rng = np.random.default_rng(seed)
    z = rng.standard_normal((n, 3))
    a = z[:, 0]
    b = rho * z[:, 0] + np.sqrt(1.0 - rho**2) * z[:, 1]
    return np.column_stack([a, np.exp(b), z[:, 2]])


def _estimates(rows: np.ndarray) -> dict[str, object]:
    return {
        "alpha": Empirical(rows[:, 0], "post", "alpha"),
        "other": stats.norm(0, 1),
        "beta": Empirical(rows[:, 1], "post", "beta"),
        "gamma": Empirical(rows[:, 2], "prior-2", "gamma"),
    }


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**63 - 1),
    runs=st.lists(st.integers(0, 2**32 - 1), min_size=1, max_size=30, unique=True),
    n=st.integers(1, 200),
)
def test_run_i_gets_one_whole_row_alone_or_in_any_batch(seed: int, runs: list[int], n: int) -> None:
    rows = _table(n, 7, 0.5)
    est = _estimates(rows)
    batch = sample(est, seed, runs)
    pairs = {tuple(r) for r in rows[:, :2].tolist()}
    for k, run in enumerate(runs):
        alone = sample(est, seed, [run])
        for name in est:
            assert alone[name][0] == batch[name][k]
        # alpha and beta come from the same row of their table
        assert (batch["alpha"][k], batch["beta"][k]) in pairs
    # the row is floor(u * n) of the table's own stream
    u = uniforms(table_key("post"), seed, np.asarray(runs, dtype=np.int64))
    np.testing.assert_array_equal(batch["alpha"], rows[np.floor(u * n).astype(int), 0])


def test_sampled_columns_keep_the_tables_correlation() -> None:
    rows = _table(1000, 3, 0.8)
    out = sample(_estimates(rows), 11, np.arange(40_000))
    table_r = stats.spearmanr(rows[:, 0], rows[:, 1]).statistic
    sampled_r = stats.spearmanr(out["alpha"], out["beta"]).statistic
    assert table_r > 0.75
    # 40,000 runs resample the 1,000 rows: the rank correlation is the table's within noise
    assert sampled_r == pytest.approx(table_r, abs=0.02)
    # another table, and a parameter sampled on its own, are independent of this one
    assert abs(stats.spearmanr(out["alpha"], out["gamma"]).statistic) < 0.03
    assert abs(stats.spearmanr(out["alpha"], out["other"]).statistic) < 0.03
    # each row is drawn about equally often
    counts = np.bincount(np.searchsorted(np.sort(rows[:, 0]), out["alpha"]), minlength=1000)
    assert stats.chisquare(counts).pvalue > 1e-4


def test_the_table_stream_is_not_a_parameter_stream() -> None:
    rows = _table(500, 1, 0.0)
    same_name = {"post": Empirical(rows[:, 0], "post", "alpha")}
    runs = np.arange(2000)
    got = sample(same_name, 5, runs)["post"]
    by_param = rows[np.floor(uniforms("post", 5, runs) * 500).astype(int), 0]
    assert not np.array_equal(got, by_param)


@settings(max_examples=60, deadline=None)
@given(
    values=st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=50),
    us=st.lists(st.floats(0.0, 1.0), min_size=2, max_size=20),
)
def test_marginal_ppf_is_the_empirical_quantile_and_monotone(
    values: list[float], us: list[float]
) -> None:
    d = Empirical(values, "t", "c")
    u = np.sort(np.array(us))
    q = d.ppf(u)
    assert np.all(np.diff(q) >= 0)
    s = np.sort(values)
    np.testing.assert_array_equal(q, s[np.minimum((u * len(s)).astype(int), len(s) - 1)])
    # the cdf inverts it: P(X <= ppf(u)) >= u
    assert np.all(d.cdf(q) >= u - 1e-12)
    assert d.support == (s[0], s[-1])
    assert d.mean == pytest.approx(float(np.mean(values)), abs=1e-6 * (1 + np.abs(s).max()))


def test_draws_are_never_conditioned_on_bounds() -> None:
    d = Empirical([0.1, 0.5, 0.9], "t", "c")
    assert truncate(d, 0.0, 1.0) is d
    with pytest.raises(ValueError, match="column 'c' of draws table 't'"):
        truncate(d, 0.2, None)
    with pytest.raises(ValueError, match="finite"):
        Empirical([0.1, float("nan")], "t", "c")


def test_no_table_stream_shares_its_key_with_a_parameter_of_a_bundled_scenario() -> None:
    # a table's stream is keyed by 'draws/<table>', a name no parameter can have ('/' is not
    # in an id); what could still couple them is the 32-bit hash of the key: check it on every
    # bundled scenario with tables, for its tables and those a second calibration would add
    from clausewitz.prepare.sampling import name_key
    from clausewitz.scenario import registry
    from clausewitz.scenario.defaults import DEFAULTS
    from clausewitz.scenario.loader import load_scenario
    from clausewitz.scenario.parameters import collect_parameters

    checked = 0
    for name in registry.bundled_names():
        loaded = load_scenario(name)
        if not loaded.scenario.draws:
            continue
        params = set(collect_parameters(loaded)) | set(DEFAULTS)
        assert not [p for p in params if "/" in p]
        tables = set(loaded.scenario.draws) | {f"posterior-{k}" for k in range(2, 10)}
        streams = sorted(params) + [table_key(t) for t in sorted(tables)]
        keys = [name_key(s) for s in streams]
        assert len(set(keys)) == len(keys), name
        checked += 1
    assert checked >= 1
