"""Samplers: both forms agree, right distributions, documented consumption, isolation."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal, getcontext
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numba import njit
from rng_vectorised import over_runs
from scipy import special, stats

from clausewitz.rng import MAX_SEED, Process, samplers, u01, u01_open_pair
from clausewitz.rng.samplers import (
    binomial,
    negative_binomial,
    negative_binomial_nb,
    poisson,
    poisson_nb,
)

bernoulli_runs = over_runs("bernoulli")
beta_runs = over_runs("beta")
binomial_runs = over_runs("binomial")
gamma_runs = over_runs("gamma")
lognormal_runs = over_runs("lognormal")
negative_binomial_runs = over_runs("negative_binomial")
normal_runs = over_runs("normal")
poisson_runs = over_runs("poisson")
standard_normal_runs = over_runs("standard_normal")
uniform_runs = over_runs("uniform")

N = 100_000  # draws per statistical test (one per run index)
RUNS = np.arange(N, dtype=np.int64)
BIG_RUNS = np.arange(10 * N, dtype=np.int64)  # for the rejection samplers' subtler errors
# The vectorised calls pass the process as a plain int: a Process member is a distinct Numba
# argument type, i.e. one more compilation of each kernel (that path is covered by the njit
# day-loop test below and by the u01_runs tests).
ALPHA = 1e-4  # a right sampler passes at this level (deterministically, for the fixed seeds)
POWER = 1e-6  # ... and a slightly wrong distribution is rejected far below it


def _a(*xs: float) -> np.ndarray:
    return np.array(xs, dtype=np.float64)


def chi2_pvalue(samples: np.ndarray, dist: Any, min_expected: float = 20.0) -> float:
    """Pearson chi-square p-value of integer samples against a scipy discrete distribution.

    Neighbouring values are merged until each bin expects ``min_expected`` draws; the tails
    beyond the 1e-9 quantiles are lumped into the end bins.
    """
    n = samples.size
    lo = int(dist.ppf(1e-9))
    hi = int(dist.ppf(1.0 - 1e-9))
    ks = np.arange(lo, hi + 1)
    prob = dist.pmf(ks)
    prob[0] = dist.cdf(lo)
    prob[-1] = dist.sf(hi - 1)
    counts = np.bincount(np.clip(samples - lo, 0, hi - lo), minlength=hi - lo + 1)
    exp_bins: list[float] = []
    obs_bins: list[float] = []
    acc_p = acc_o = 0.0
    for p, o in zip(prob, counts, strict=True):
        acc_p += p
        acc_o += o
        if acc_p * n >= min_expected:
            exp_bins.append(acc_p * n)
            obs_bins.append(acc_o)
            acc_p = acc_o = 0.0
    exp_bins[-1] += acc_p * n
    obs_bins[-1] += acc_o
    assert sum(obs_bins) == n
    e = np.array(exp_bins)
    o_arr = np.array(obs_bins)
    stat = float(((o_arr - e) ** 2 / e).sum())
    return float(stats.chi2.sf(stat, len(e) - 1)) if len(e) > 1 else 1.0


def ks_pvalue(samples: np.ndarray, dist: Any) -> float:
    return float(stats.kstest(samples, dist.cdf).pvalue)


def binned_pvalue(samples: np.ndarray, dist: Any, bins: int = 50) -> float:
    """Chi-square p-value over ``bins`` equiprobable bins of a continuous distribution on [0, 1].

    Unlike KS it tolerates atoms that floating point creates: Beta(0.2, 0.05) puts 13% of its
    mass within 1e-16 of 1, which all rounds to exactly 1.0.
    """
    edges = np.unique(dist.ppf(np.linspace(0.0, 1.0, bins + 1)[1:-1]))
    edges = edges[(edges > 0.0) & (edges < 1.0 - 1e-9)]
    expected = samples.size * np.diff(np.concatenate(([0.0], dist.cdf(edges), [1.0])))
    observed = np.bincount(np.searchsorted(edges, samples, side="right"), minlength=edges.size + 1)
    stat = float(((observed - expected) ** 2 / expected).sum())
    return float(stats.chi2.sf(stat, edges.size))


# --- Distributions -------------------------------------------------------------------------


@pytest.mark.parametrize("lam", [0.05, 1.0, 4.5, 9.999, 10.0, 17.3, 150.0, 1e4, 1e6])
def test_poisson_distribution(lam: float) -> None:
    runs = RUNS if lam < 10.0 else BIG_RUNS  # rejection (PTRS) gets the larger sample
    x = poisson_runs(101, runs, int(Process.LOSSES_ATTACKER), 2, 30, 0, _a(lam))
    assert chi2_pvalue(x, stats.poisson(lam)) > ALPHA
    assert abs(x.mean() - lam) < 5 * math.sqrt(lam / runs.size)
    if lam >= 1.0:
        assert chi2_pvalue(x, stats.poisson(lam * 1.05)) < POWER


def test_poisson_huge_mean_and_zero() -> None:
    x = poisson_runs(102, RUNS[:20_000], 2, 0, 0, 0, _a(1e9))
    assert abs(x.mean() - 1e9) < 5 * math.sqrt(1e9 / 20_000)
    assert abs(x.var() / 1e9 - 1.0) < 0.05
    assert not poisson_runs(102, RUNS[:1000], 2, 0, 0, 0, _a(0.0)).any()


@pytest.mark.parametrize(
    ("n", "p"),
    [
        (1, 0.5),
        (20, 0.3),
        (1000, 0.005),
        (60, 0.9),  # n(1-p) = 6: inversion on the complement
        (40, 0.5),  # n p = 20: BTRS
        (1000, 0.3),
        (1_000_000, 0.45),
        (10**9, 1e-6),
        (5000, 0.999),
    ],
)
def test_binomial_distribution(n: int, p: float) -> None:
    runs = RUNS if n * min(p, 1.0 - p) < 10.0 else BIG_RUNS  # BTRS gets the larger sample
    x = binomial_runs(103, runs, int(Process.RECRUITMENT), 1, 3, 4, np.array([n]), _a(p))
    assert x.min() >= 0 and x.max() <= n
    assert chi2_pvalue(x, stats.binom(n, p)) > ALPHA
    if n >= 20:
        assert chi2_pvalue(x, stats.binom(n, p * 1.03 if p < 0.5 else 1 - (1 - p) * 1.1)) < POWER


@pytest.mark.parametrize(
    ("mean", "k"), [(0.5, 0.3), (5.0, 2.0), (100.0, 0.7), (1000.0, 50.0), (20.0, 1e6)]
)
def test_negative_binomial_distribution(mean: float, k: float) -> None:
    x = negative_binomial_runs(104, RUNS, int(Process.INTERDICTION), 0, 9, 0, _a(mean), _a(k))
    assert chi2_pvalue(x, stats.nbinom(k, k / (k + mean))) > ALPHA
    assert abs(x.var() / (mean + mean * mean / k) - 1.0) < 0.1
    if k < 100:
        assert chi2_pvalue(x, stats.poisson(mean)) < POWER


def test_negative_binomial_with_infinite_dispersion_is_exactly_poisson() -> None:
    for lam in (0.7, 8.0, 55.0):
        nb = negative_binomial_runs(105, RUNS[:5000], 3, 1, 2, 7, _a(lam), _a(math.inf))
        po = poisson_runs(105, RUNS[:5000], 3, 1, 2, 7, _a(lam))
        assert np.array_equal(nb, po)
        assert negative_binomial(105, 11, 3, 1, 2, 7, lam, math.inf) == poisson(
            105, 11, 3, 1, 2, 7, lam
        )


@pytest.mark.parametrize("shape", [0.05, 0.5, 0.999, 1.0, 2.5, 30.0, 1e4])
def test_gamma_distribution(shape: float) -> None:
    x = gamma_runs(106, RUNS, int(Process.CRISIS_ATTACKER), 0, 1, 2, _a(shape), _a(2.0))
    assert ks_pvalue(x, stats.gamma(shape, scale=2.0)) > ALPHA
    assert abs(x.mean() / (2.0 * shape) - 1.0) < 5 * math.sqrt(1.0 / (shape * N))
    assert ks_pvalue(x, stats.gamma(shape * 1.05, scale=2.0)) < POWER


@pytest.mark.parametrize(("a", "b"), [(0.5, 0.5), (2.0, 5.0), (0.2, 0.05), (50.0, 30.0)])
def test_beta_distribution(a: float, b: float) -> None:
    x = beta_runs(107, RUNS, int(Process.CRISIS_DEFENDER), 0, 1, 2, _a(a), _a(b))
    assert x.min() >= 0.0 and x.max() <= 1.0
    assert binned_pvalue(x, stats.beta(a, b)) > ALPHA
    assert binned_pvalue(x, stats.beta(a * 1.1, b)) < POWER


def test_normal_lognormal_uniform_bernoulli_distributions() -> None:
    z = standard_normal_runs(108, RUNS, int(Process.OBSERVATION_ATTACKER), 0, 5, 0)
    assert ks_pvalue(z, stats.norm()) > ALPHA
    assert np.abs(z).max() <= 8.58
    assert ks_pvalue(z, stats.norm(scale=1.05)) < POWER
    y = normal_runs(108, RUNS, 10, 0, 5, 1, _a(-3.0), _a(0.5))
    assert ks_pvalue(y, stats.norm(-3.0, 0.5)) > ALPHA
    ln = lognormal_runs(108, RUNS, 10, 0, 5, 2, _a(0.3), _a(0.8))
    assert ks_pvalue(ln, stats.lognorm(0.8, scale=math.exp(0.3))) > ALPHA
    u = uniform_runs(108, RUNS, 10, 0, 5, 3, _a(-2.0), _a(6.0))
    assert u.min() >= -2.0 and u.max() < 6.0
    assert ks_pvalue(u, stats.uniform(-2.0, 8.0)) > ALPHA
    b = bernoulli_runs(108, RUNS, 10, 0, 5, 4, _a(0.137))
    assert b.dtype == np.bool_
    assert stats.binomtest(int(b.sum()), N, 0.137).pvalue > ALPHA
    assert stats.binomtest(int(b.sum()), N, 0.137 * 1.05).pvalue < POWER
    assert not bernoulli_runs(108, RUNS, 10, 0, 5, 4, _a(0.0)).any()
    assert bernoulli_runs(108, RUNS, 10, 0, 5, 4, _a(1.0)).all()


def test_inversion_samplers_equal_the_quantile_function_at_their_uniform() -> None:
    # Poisson (lam < 10) and binomial (n p < 10) are exact inversions of the U[0,1) of
    # iteration 0: the smallest k with F(k) >= u, which scipy's ppf computes independently.
    for run in range(600):
        u = u01(77, run, 2, 0, 3, 5, 0)
        for lam in (0.3, 2.0, 9.5):
            assert poisson(77, run, 2, 0, 3, 5, lam) == stats.poisson.ppf(u, lam)
        for n, p in ((12, 0.4), (500, 0.01)):
            assert binomial(77, run, 2, 0, 3, 5, n, p) == stats.binom.ppf(u, n, p)
        assert samplers.bernoulli(77, run, 2, 0, 3, 5, 0.37) == (u < 0.37)
        assert samplers.uniform(77, run, 2, 0, 3, 5, -1.0, 3.0) == -1.0 + 4.0 * u


def test_normal_samplers_are_box_muller_of_their_block() -> None:
    for run in range(300):
        u1, u2 = u01_open_pair(78, run, 2, 0, 3, 5, 0)
        z = math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * u2)
        assert samplers.standard_normal(78, run, 2, 0, 3, 5) == z
        assert samplers.normal(78, run, 2, 0, 3, 5, 1.5, 2.0) == 1.5 + 2.0 * z
        assert samplers.lognormal(78, run, 2, 0, 3, 5, 0.2, 0.3) == math.exp(0.2 + 0.3 * z)


# --- Three forms agree ---------------------------------------------------------------------

coords = st.tuples(
    st.integers(0, MAX_SEED),  # seed
    st.integers(0, 2**32 - 1),  # run
    st.integers(0, 0xFFFF),  # process
    st.integers(0, 0xFFFF),  # sector
    st.integers(0, 2**32 - 1),  # day
    st.integers(0, 0xFFFF),  # slot
)
pos = st.floats(1e-3, 1e4)
prob = st.floats(0.0, 1.0)
PARAMS: dict[str, st.SearchStrategy[tuple[Any, ...]]] = {
    "uniform": st.tuples(st.floats(-1e6, 0.0), st.floats(0.0, 1e6)),
    "bernoulli": st.tuples(prob),
    "standard_normal": st.just(()),
    "normal": st.tuples(st.floats(-1e3, 1e3), st.floats(0.0, 1e3)),
    "lognormal": st.tuples(st.floats(-10.0, 10.0), st.floats(0.0, 5.0)),
    "gamma": st.tuples(pos, st.floats(1e-3, 1e3)),
    "beta": st.tuples(pos, pos),
    "poisson": st.tuples(st.one_of(st.floats(0.0, 10.0), st.floats(10.0, 2e6))),
    "negative_binomial": st.tuples(
        st.floats(0.0, 1e5), st.one_of(st.floats(1e-2, 1e4), st.just(math.inf))
    ),
    "binomial": st.tuples(st.one_of(st.integers(0, 100), st.integers(0, 10**8)), prob),
}


def _same(a: Any, b: Any) -> bool:
    """Integers and booleans identical and of the same kind; floats equal to 1e-12 relative."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, int) and isinstance(b, int):
        return a == b
    if isinstance(a, float) and isinstance(b, float):
        return a == b or math.isclose(a, b, rel_tol=1e-12, abs_tol=0.0)
    return False


@pytest.mark.parametrize("name", sorted(PARAMS))
def test_both_forms_agree(name: str) -> None:
    pure: Callable[..., Any] = getattr(samplers, name)
    compiled: Callable[..., Any] = getattr(samplers, f"{name}_nb")

    @settings(max_examples=60)
    @given(c=coords, params=PARAMS[name])
    def check(c: tuple[int, ...], params: tuple[Any, ...]) -> None:
        expected = pure(*c, *params)
        got = compiled(*c, *params)
        assert _same(expected, got), (expected, got)

    check()


def test_compiled_samplers_are_callable_from_njit_kernels() -> None:
    # How the fast engine uses them: inside its own compiled day loop, with Process members.
    @njit
    def day_loop(seed: int, runs: int, lam: float) -> np.ndarray:
        out = np.zeros((runs, 2), dtype=np.int64)
        for r in range(runs):
            for day in range(3):
                out[r, 0] += poisson_nb(seed, r, Process.LOSSES_ATTACKER, 4, day, 0, lam)
                out[r, 1] += negative_binomial_nb(
                    seed, r, Process.LOSSES_DEFENDER, 4, day, 0, lam, 3.0
                )
        return out

    got = day_loop(7, 50, 12.5)
    for r in range(50):
        assert got[r, 0] == sum(
            poisson(7, r, Process.LOSSES_ATTACKER, 4, d, 0, 12.5) for d in range(3)
        )
        assert got[r, 1] == sum(
            negative_binomial(7, r, Process.LOSSES_DEFENDER, 4, d, 0, 12.5, 3.0) for d in range(3)
        )


# --- Consumption, isolation, chunking -------------------------------------------------------


@contextmanager
def recorded_blocks(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Record counter word c3 of every Philox block the pure-Python samplers read."""
    seen: list[int] = []
    for name in ("_pair01_at", "_pair_open_at"):
        original = getattr(samplers, name)

        def spy(k0: int, k1: int, c0: int, c1: int, c2: int, c3: int, _f: Any = original) -> Any:
            seen.append(c3)
            return _f(k0, k1, c0, c1, c2, c3)

        monkeypatch.setattr(samplers, name, spy)
    yield seen


LOW = range(0, 32768)
HIGH = range(32768, 65536)


@pytest.mark.parametrize(
    ("name", "params", "allowed"),
    [
        ("uniform", (0.0, 1.0), [range(0, 1)]),
        ("bernoulli", (0.4,), [range(0, 1)]),
        ("standard_normal", (), [range(0, 1)]),
        ("lognormal", (0.0, 1.0), [range(0, 1)]),
        ("poisson", (3.0,), [range(0, 1)]),
        ("poisson", (40.0,), [range(0, 65536)]),
        ("binomial", (30, 0.1), [range(0, 1)]),
        ("binomial", (300, 0.4), [range(0, 65536)]),
        ("gamma", (0.3, 1.0), [range(0, 65536)]),
        ("gamma", (3.0, 1.0), [range(0, 65536)]),
        ("beta", (0.7, 2.0), [LOW, HIGH]),
        ("negative_binomial", (20.0, 1.5), [LOW, HIGH]),
    ],
)
def test_samplers_consume_only_their_documented_slot_and_iterations(
    monkeypatch: pytest.MonkeyPatch, name: str, params: tuple, allowed: list[range]
) -> None:
    used: set[int] = set()
    with recorded_blocks(monkeypatch) as seen:
        for run in range(300):
            seen.clear()
            getattr(samplers, name)(1234, run, 2, 3, 4, 77, *params)
            assert seen, "every sampler reads at least one block"
            assert {c3 >> 16 for c3 in seen} == {77}
            its = [c3 & 0xFFFF for c3 in seen]
            # Within each allowed range the iterations are a prefix: first, first+1, ...
            for rng in allowed:
                mine = sorted({i for i in its if i in rng})
                assert mine == list(range(rng.start, rng.start + len(mine)))
            assert all(any(i in rng for rng in allowed) for i in its)
            used.update(its)
    if (
        name in ("poisson", "binomial")
        and params[0] * (params[-1] if name == "binomial" else 1) > 10
    ):
        assert len(used) > 1  # PTRS / BTRS did reject at least once over 300 runs


def test_one_process_is_unaffected_by_another_processs_draws() -> None:
    runs = RUNS[:20_000]
    attacker = poisson_runs(9, runs, int(Process.LOSSES_ATTACKER), 0, 12, 0, _a(25.0))
    # The defender draws many heavy-rejection variates in the same runs, sector and day...
    for slot in range(5):
        negative_binomial_runs(
            9, runs, int(Process.LOSSES_DEFENDER), 0, 12, slot, _a(300.0), _a(0.2)
        )
        beta_runs(9, runs, int(Process.LOSSES_DEFENDER), 0, 12, slot + 5, _a(0.01), _a(0.01))
    # ...and the attacker's draws are unchanged, whether redrawn alone or in another chunking.
    assert np.array_equal(
        attacker, poisson_runs(9, runs, int(Process.LOSSES_ATTACKER), 0, 12, 0, _a(25.0))
    )
    assert poisson(9, 17, Process.LOSSES_ATTACKER, 0, 12, 0, 25.0) == attacker[17]
    # A different sampler in slot 0 of the attacker's cell does not move its slot 1.
    slot1 = gamma_runs(9, runs, int(Process.LOSSES_ATTACKER), 0, 12, 1, _a(2.0), _a(1.0))
    gamma_runs(9, runs, int(Process.LOSSES_ATTACKER), 0, 12, 0, _a(0.01), _a(1.0))
    assert np.array_equal(
        slot1, gamma_runs(9, runs, int(Process.LOSSES_ATTACKER), 0, 12, 1, _a(2.0), _a(1.0))
    )


def test_runs_forms_are_chunk_invariant() -> None:
    runs = np.arange(100_000, dtype=np.int64)
    lam = np.random.default_rng(4).uniform(0.0, 60.0, runs.size)
    whole = poisson_runs(31, runs, 2, 0, 0, 0, lam)
    cuts = [0, 1, 7, 4096, 50_001, 99_999, 100_000]
    pieces = np.concatenate(
        [poisson_runs(31, runs[a:b], 2, 0, 0, 0, lam[a:b]) for a, b in itertools.pairwise(cuts)]
    )
    assert np.array_equal(whole, pieces)
    g_whole = gamma_runs(31, runs, 2, 0, 0, 1, _a(0.4), _a(3.0))
    g_small = gamma_runs(31, runs[:1000], 2, 0, 0, 1, _a(0.4), _a(3.0))
    assert np.array_equal(g_whole[:1000], g_small)  # run i of a 1,000-run job == of a larger one
    order = np.random.default_rng(5).permutation(runs.size)
    assert np.array_equal(poisson_runs(31, runs[order], 2, 0, 0, 0, lam[order]), whole[order])


def test_inversion_samplers_are_monotone_in_their_parameter() -> None:
    # Common random numbers: a higher mean never gives a lower count in the same run.
    runs = RUNS[:5000]
    prev = poisson_runs(12, runs, 2, 0, 0, 0, _a(0.5))
    for lam in (1.0, 2.0, 5.0, 9.9):
        cur = poisson_runs(12, runs, 2, 0, 0, 0, _a(lam))
        assert np.all(cur >= prev)
        prev = cur
    assert np.all(
        bernoulli_runs(12, runs, 2, 0, 0, 0, _a(0.3))
        <= bernoulli_runs(12, runs, 2, 0, 0, 0, _a(0.31))
    )


# --- Edge cases and validation --------------------------------------------------------------


def test_edge_cases_in_both_scalar_forms() -> None:
    for f in (samplers, _NbNamespace()):
        assert f.poisson(1, 2, 3, 4, 5, 6, 0.0) == 0
        assert f.binomial(1, 2, 3, 4, 5, 6, 0, 0.3) == 0
        assert f.binomial(1, 2, 3, 4, 5, 6, 17, 0.0) == 0
        assert f.binomial(1, 2, 3, 4, 5, 6, 17, 1.0) == 17
        assert 0 <= f.binomial(1, 2, 3, 4, 5, 6, 2**40, 1e-9) < 5000
        assert f.negative_binomial(1, 2, 3, 4, 5, 6, 0.0, 2.0) == 0
        assert f.uniform(1, 2, 3, 4, 5, 6, 2.5, 2.5) == 2.5
        assert f.lognormal(1, 2, 3, 4, 5, 6, 1e5, 1.0) == math.inf  # no OverflowError
        assert f.normal(1, 2, 3, 4, 5, 6, 3.0, 0.0) == 3.0
        tiny = f.gamma(1, 2, 3, 4, 5, 6, 1e-3, 1.0)
        assert tiny >= 0.0 and math.isfinite(tiny)
    b = beta_runs(13, RUNS[:20_000], 2, 0, 0, 0, _a(0.002), _a(0.006))
    assert not np.isnan(b).any() and b.min() >= 0.0 and b.max() <= 1.0
    assert abs(b.mean() - 0.25) < 0.02  # tiny shapes: almost Bernoulli(a / (a + b))


class _NbNamespace:
    def __getattr__(self, name: str) -> Any:
        return getattr(samplers, f"{name}_nb")


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("poisson", (-1.0,)),
        ("poisson", (math.nan,)),
        ("poisson", (2e12,)),
        ("binomial", (-1, 0.5)),
        ("binomial", (10, 1.5)),
        ("binomial", (10, math.nan)),
        ("bernoulli", (-0.1,)),
        ("gamma", (0.0, 1.0)),
        ("gamma", (1.0, -1.0)),
        ("gamma", (math.inf, 1.0)),
        ("beta", (1.0, 0.0)),
        ("negative_binomial", (5.0, 0.0)),
        ("negative_binomial", (-5.0, 1.0)),
        ("normal", (0.0, -1.0)),
        ("lognormal", (math.nan, 1.0)),
        ("uniform", (2.0, 1.0)),
    ],
)
def test_invalid_parameters_raise_in_all_forms(name: str, params: tuple) -> None:
    with pytest.raises(ValueError):
        getattr(samplers, name)(1, 2, 3, 4, 5, 6, *params)
    with pytest.raises(ValueError):
        getattr(samplers, f"{name}_nb")(1, 2, 3, 4, 5, 6, *params)


# --- Special functions ----------------------------------------------------------------------

getcontext().prec = 50
_PI = Decimal("3.14159265358979323846264338327950288419716939937510")


def _log_factorial_exact(k: int) -> Decimal:
    return Decimal(math.factorial(k)).ln()


@pytest.mark.parametrize("k", [*range(0, 40), 57, 100, 333, 1000, 2500])
def test_log_factorial_and_stirling_tail_are_accurate(k: int) -> None:
    exact = _log_factorial_exact(k)
    fc = exact - (k + Decimal("0.5")) * Decimal(k + 1).ln() + (k + 1) - (2 * _PI).ln() / 2
    assert math.isclose(samplers._stirling_tail(k), float(fc), rel_tol=2e-15)
    assert math.isclose(samplers._log_factorial(k), float(exact), rel_tol=2e-15, abs_tol=1e-300)
    assert math.isclose(
        samplers._log_factorial(k), special.gammaln(k + 1), rel_tol=1e-14, abs_tol=1e-15
    )


@pytest.mark.parametrize("lam", [10.0, 37.5, 800.0, 2000.0])
def test_poisson_log_pmf_is_accurate(lam: float) -> None:
    for k in sorted({0, 3, 9, 10, 11, int(lam) - 40, int(lam), int(lam) + 1, int(1.3 * lam) + 5}):
        if k < 0:
            continue
        exact = k * Decimal(lam).ln() - Decimal(lam) - _log_factorial_exact(k)
        assert math.isclose(
            samplers._poisson_log_pmf(k, lam), float(exact), rel_tol=1e-13, abs_tol=1e-13
        )
    big = 1e6
    for k in (999_000, 1_000_000, 1_002_500):
        assert math.isclose(
            samplers._poisson_log_pmf(k, big), stats.poisson.logpmf(k, big), abs_tol=1e-7
        )
