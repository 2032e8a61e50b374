"""Philox4x32-10 and the stream layout: known answers, NumPy cross-check, three forms agree."""

from __future__ import annotations

import itertools
import math
import types

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numba import njit
from scipy import stats

from clausewitz.rng import (
    MAX_SEED,
    Process,
    counter,
    philox4x32,
    philox4x32_array,
    philox4x32_nb,
    random_words,
    random_words_nb,
    seed_key,
    u01,
    u01_nb,
    u01_open_pair,
    u01_open_pair_nb,
    u01_pair,
    u01_pair_nb,
    u01_runs,
    words_to_u01,
    words_to_u01_open,
)

M32 = 0xFFFFFFFF

# Random123 known-answer vectors (kat_vectors, "philox4x32 10" lines): counter, key, output.
KAT_4X32_10 = [
    ((0, 0, 0, 0), (0, 0), (0x6627E8D5, 0xE169C58D, 0xBC57AC4C, 0x9B00DBD8)),
    ((M32, M32, M32, M32), (M32, M32), (0x408F276D, 0x41C83B0E, 0xA20BC7C6, 0x6D5451FD)),
    (
        (0x243F6A88, 0x85A308D3, 0x13198A2E, 0x03707344),
        (0xA4093822, 0x299F31D0),
        (0xD16CFE09, 0x94FDCCEB, 0x5001E420, 0x24126EA1),
    ),
]
# Random123 known answers for Philox4x64-10 (the variant NumPy implements), used below to
# validate the independent reference implementation before comparing it with NumPy.
M64 = (1 << 64) - 1
KAT_4X64_10 = [
    (
        (0, 0, 0, 0),
        (0, 0),
        (0x16554D9ECA36314C, 0xDB20FE9D672D0FDC, 0xD7E772CEE186176B, 0x7E68B68AEC7BA23B),
    ),
    (
        (M64, M64, M64, M64),
        (M64, M64),
        (0x87B092C3013FE90B, 0x438C3C67BE8D0224, 0x9CC7D7C69CD777B6, 0xA09CAEBF594F0BA0),
    ),
    (
        (0x243F6A8885A308D3, 0x13198A2E03707344, 0xA4093822299F31D0, 0x082EFA98EC4E6C89),
        (0x452821E638D01377, 0xBE5466CF34E90C6C),
        (0xA528F45403E61D95, 0x38C72DBD566E9788, 0xA5A1610E72FD18B5, 0x57BD43B5E52B7FE6),
    ),
]

# (M0, M1, W0, W1) of Random123's Philox4xW.
_PHILOX_CONSTANTS = {
    32: (0xD2511F53, 0xCD9E8D57, 0x9E3779B9, 0xBB67AE85),
    64: (0xD2E7470EE14C6C93, 0xCA5A826395121157, 0x9E3779B97F4A7C15, 0xBB67AE8584CAA73B),
}


def philox_reference(
    ctr: tuple[int, ...], key: tuple[int, ...], width: int, rounds: int = 10
) -> tuple[int, ...]:
    """Philox4xW written from the paper for any word width, independently of the module.

    Used with W = 64 against NumPy (which only has Philox4x64) and the 4x64 known answers,
    then with W = 32 against :func:`philox4x32`: this checks the round function and the key
    schedule the two widths share on far more inputs than three known answers.
    """
    m0, m1, w0, w1 = _PHILOX_CONSTANTS[width]
    mask = (1 << width) - 1
    x = [c & mask for c in ctr]
    k = [key[0] & mask, key[1] & mask]
    for r in range(rounds):
        if r > 0:
            k = [(k[0] + w0) & mask, (k[1] + w1) & mask]
        hi0, lo0 = divmod(m0 * x[0], 1 << width)
        hi1, lo1 = divmod(m1 * x[2], 1 << width)
        x = [hi1 ^ x[1] ^ k[0], lo1, hi0 ^ x[3] ^ k[1], lo0]
    return tuple(x)


words32 = st.integers(0, M32)
any_int = st.integers(-(1 << 40), 1 << 40)  # inputs are taken modulo 2**32


# --- Philox --------------------------------------------------------------------------------


@pytest.mark.parametrize(("ctr", "key", "expected"), KAT_4X32_10)
def test_known_answers_all_three_forms(ctr: tuple, key: tuple, expected: tuple) -> None:
    assert philox4x32(*ctr, *key) == expected
    assert philox4x32_nb(*ctr, *key) == expected
    row = philox4x32_array(np.array([ctr], dtype=np.uint32), *key)
    assert row.dtype == np.uint32
    assert tuple(int(w) for w in row[0]) == expected


@pytest.mark.parametrize(("ctr", "key", "expected"), KAT_4X64_10)
def test_reference_implementation_matches_random123_4x64(
    ctr: tuple, key: tuple, expected: tuple
) -> None:
    assert philox_reference(ctr, key, 64) == expected


def test_reference_4x64_matches_numpy_philox_raw_output() -> None:
    # NumPy's Philox is Philox4x64-10 and *increments its counter before each block*: a
    # generator built with counter c and key k first outputs the block of counter c + 1
    # (a 256-bit little-endian integer over the four words), then c + 2, ...
    rng = np.random.default_rng(7)
    for _ in range(5):
        key = tuple(int(w) for w in rng.integers(0, 2**63, 2, dtype=np.uint64))
        ctr = [int(w) for w in rng.integers(0, 2**63, 4, dtype=np.uint64)]
        ctr[0] = M64 - 1  # exercise the carry into word 1 on the second block
        c_int = sum(w << (64 * i) for i, w in enumerate(ctr))
        k_int = key[0] | key[1] << 64
        raw = np.random.Philox(counter=c_int, key=k_int).random_raw(8)
        for block in range(2):
            nxt = c_int + block + 1
            words = tuple((nxt >> (64 * i)) & M64 for i in range(4))
            expected = philox_reference(words, key, 64)
            assert tuple(int(w) for w in raw[4 * block : 4 * block + 4]) == expected


@settings(max_examples=300)
@given(c=st.tuples(any_int, any_int, any_int, any_int), k=st.tuples(any_int, any_int))
def test_three_forms_and_reference_agree(c: tuple, k: tuple) -> None:
    expected = philox_reference(c, k, 32)
    assert philox4x32(*c, *k) == expected
    assert philox4x32_nb(*c, *k) == expected
    ctr = np.array([[w & M32 for w in c]], dtype=np.int64)
    assert tuple(int(w) for w in philox4x32_array(ctr, *k)[0]) == expected


def test_array_form_equals_scalar_rowwise_and_reads_any_integer_dtype() -> None:
    rng = np.random.default_rng(11)
    ctr = rng.integers(0, 2**32, (500, 4), dtype=np.uint64)
    out = philox4x32_array(ctr.astype(np.uint32), 0x12345678, 0x9ABCDEF0)
    assert np.array_equal(out, philox4x32_array(ctr, 0x12345678, 0x9ABCDEF0))
    for i in range(0, 500, 7):
        assert tuple(int(w) for w in out[i]) == philox4x32(
            *(int(w) for w in ctr[i]), 0x12345678, 0x9ABCDEF0
        )
    with pytest.raises(ValueError, match="shape"):
        philox4x32_array(np.zeros((3, 3), dtype=np.uint32), 0, 0)


def test_pure_philox_is_usable_inside_njit_code() -> None:
    # The overload compiles calls to the pure function, which is how the samplers are shared.
    @njit
    def kernel(n: int) -> int:
        acc = 0
        for i in range(n):
            acc ^= philox4x32(i, 1, 2, 3, 4, 5)[0]
        return acc

    expected = 0
    for i in range(64):
        expected ^= philox4x32(i, 1, 2, 3, 4, 5)[0]
    assert kernel(64) == expected
    assert isinstance(philox4x32, types.FunctionType)  # still plain Python when called so


def test_output_bits_are_balanced_and_counters_do_not_collide() -> None:
    # Sequential counters (the worst case for a weak mixer): every one of the 128 output bits
    # is set in half of 2**18 blocks to within 5 sigma, and no two blocks coincide.
    n = 1 << 18
    ctr = np.zeros((n, 4), dtype=np.uint32)
    ctr[:, 0] = np.arange(n)
    out = philox4x32_array(ctr, 0, 0)
    bits = np.unpackbits(out.view(np.uint8), axis=1).mean(axis=0)
    assert np.all(np.abs(bits - 0.5) < 5 * 0.5 / math.sqrt(n))
    assert np.unique(out, axis=0).shape[0] == n


# --- Stream layout -------------------------------------------------------------------------


def test_process_ids_are_frozen() -> None:
    # Part of the reproducibility contract: renumbering a process changes all its draws.
    assert {p.name: int(p) for p in Process} == {
        "PARAMETERS": 1,
        "LOSSES_ATTACKER": 2,
        "LOSSES_DEFENDER": 3,
        "BREAKPOINT_ATTACKER": 4,
        "BREAKPOINT_DEFENDER": 5,
        "INTERDICTION": 6,
        "CRISIS_ATTACKER": 7,
        "CRISIS_DEFENDER": 8,
        "CEASEFIRE": 9,
        "OBSERVATION_ATTACKER": 10,
        "OBSERVATION_DEFENDER": 11,
        "RECRUITMENT": 12,
        "ADVANCE": 13,
        "ENVELOPMENT": 14,
        "ENGAGEMENT": 15,
    }


def test_counter_and_key_layout() -> None:
    assert seed_key(0x0123456789ABCDEF) == (0x89ABCDEF, 0x01234567)
    assert counter(7, Process.INTERDICTION, 3, 400, 5, 9) == (7, 6 << 16 | 3, 400, 5 << 16 | 9)
    assert counter(M32, 0xFFFF, 0xFFFF, M32, 0xFFFF, 0xFFFF) == (M32, M32, M32, M32)


@settings(max_examples=200)
@given(
    seed=st.integers(0, MAX_SEED),
    run=words32,
    process=st.integers(0, 0xFFFF),
    sector=st.integers(0, 0xFFFF),
    day=words32,
    slot=st.integers(0, 0xFFFF),
    iteration=st.integers(0, 0xFFFF),
)
def test_uniforms_follow_the_documented_layout_in_all_forms(
    seed: int, run: int, process: int, sector: int, day: int, slot: int, iteration: int
) -> None:
    # The spec, written out independently of counter()/seed_key():
    words = philox_reference(
        (run, process << 16 | sector, day, slot << 16 | iteration), (seed & M32, seed >> 32), 32
    )
    first = (words[1] << 32 | words[0]) >> 11
    second = (words[3] << 32 | words[2]) >> 11
    expected = (first / 2.0**53, second / 2.0**53)
    expected_open = (
        ((first >> 1) + 0.5) / 2.0**52,
        ((second >> 1) + 0.5) / 2.0**52,
    )
    args = (seed, run, process, sector, day, slot, iteration)
    assert random_words(*args) == words
    assert random_words_nb(*args) == words
    assert u01(*args) == u01_nb(*args) == expected[0]
    assert u01_pair(*args) == u01_pair_nb(*args) == expected
    assert u01_open_pair(*args) == u01_open_pair_nb(*args) == expected_open
    assert u01_runs(seed, np.array([run]), process, sector, day, slot, iteration)[0] == expected[0]


def test_conversions_hit_their_documented_extremes() -> None:
    assert words_to_u01(0, 0) == 0.0
    assert words_to_u01(M32, M32) == 1.0 - 2.0**-53
    assert words_to_u01(M32, M32) < 1.0
    assert words_to_u01_open(0, 0) == 2.0**-53
    assert words_to_u01_open(M32, M32) == 1.0 - 2.0**-53
    # 53 bits of resolution: the lowest word's bit 11 is the last one that counts.
    assert words_to_u01(1 << 11, 0) == 2.0**-53
    assert words_to_u01((1 << 11) - 1, 0) == 0.0
    assert words_to_u01_open(1 << 12, 0) == 3 * 2.0**-53


@pytest.mark.parametrize(
    "bad",
    [
        dict(seed=-1),
        dict(seed=MAX_SEED + 1),
        dict(run=-1),
        dict(run=1 << 32),
        dict(process=1 << 16),
        dict(sector=1 << 16),
        dict(sector=-1),
        dict(day=1 << 32),
        dict(slot=1 << 16),
        dict(iteration=1 << 16),
    ],
)
def test_out_of_range_coordinates_raise_instead_of_wrapping(bad: dict) -> None:
    args = dict(seed=1, run=0, process=2, sector=0, day=0, slot=0, iteration=0) | bad
    with pytest.raises(ValueError):
        u01(**args)
    if "seed" in bad and bad["seed"] > MAX_SEED:
        return  # does not even fit Numba's int64: rejected before the call
    with pytest.raises(ValueError):
        u01_nb(*args.values())
    run = args.pop("run")
    with pytest.raises(ValueError):
        u01_runs(args["seed"], np.array([0, run]), *list(args.values())[1:])


def test_u01_runs_is_chunk_invariant_and_job_size_independent() -> None:
    runs = np.arange(200_000)
    whole = u01_runs(99, runs, Process.CEASEFIRE, 0, 17, 0, 0)
    pieces = np.concatenate(
        [u01_runs(99, runs[a:b], Process.CEASEFIRE, 0, 17, 0, 0) for a, b in _cuts(200_000)]
    )
    assert np.array_equal(whole, pieces)
    small_job = u01_runs(99, np.arange(1000), Process.CEASEFIRE, 0, 17, 0, 0)
    assert np.array_equal(small_job, whole[:1000])
    shuffled = np.random.default_rng(3).permutation(runs)
    assert np.array_equal(u01_runs(99, shuffled, Process.CEASEFIRE, 0, 17, 0, 0), whole[shuffled])


def _cuts(n: int) -> list[tuple[int, int]]:
    edges = [0, 1, 2, 999, 1000, 65_537, 123_456, n]
    return list(itertools.pairwise(edges))


def test_uniforms_are_uniform_and_neighbouring_streams_uncorrelated() -> None:
    n = 200_000
    runs = np.arange(n)
    base = u01_runs(5, runs, Process.LOSSES_ATTACKER, 0, 10, 0, 0)
    assert stats.kstest(base, "uniform").pvalue > 1e-4
    # Each coordinate moved by one: all must look independent of the base stream.
    neighbours = {
        "process": u01_runs(5, runs, Process.LOSSES_DEFENDER, 0, 10, 0, 0),
        "sector": u01_runs(5, runs, Process.LOSSES_ATTACKER, 1, 10, 0, 0),
        "day": u01_runs(5, runs, Process.LOSSES_ATTACKER, 0, 11, 0, 0),
        "slot": u01_runs(5, runs, Process.LOSSES_ATTACKER, 0, 10, 1, 0),
        "iteration": u01_runs(5, runs, Process.LOSSES_ATTACKER, 0, 10, 0, 1),
        "seed": u01_runs(6, runs, Process.LOSSES_ATTACKER, 0, 10, 0, 0),
        "run": u01_runs(5, runs + 1, Process.LOSSES_ATTACKER, 0, 10, 0, 0),
    }
    for name, other in neighbours.items():
        assert abs(np.corrcoef(base, other)[0, 1]) < 5 / math.sqrt(n), name
        assert not np.array_equal(base, other), name
    second = np.array([u01_pair_nb(5, r, 2, 0, 10, 0, 0)[1] for r in range(20_000)])
    assert abs(np.corrcoef(base[:20_000], second)[0, 1]) < 5 / math.sqrt(20_000)
