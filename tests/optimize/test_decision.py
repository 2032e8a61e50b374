"""The decision rules on synthetic tables: Pareto frontier, best replies, minimax regret."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from clausewitz.optimize import (
    best_replies,
    p_better,
    pareto_mask,
    regret_by_draw,
    regret_by_posture,
)


def test_pareto_frontier_of_a_small_table() -> None:
    costs = [[1, 5], [2, 2], [5, 1], [3, 3], [2, 2], [6, 6]]
    # [3,3] is dominated by [2,2], [6,6] by all; the duplicate [2,2] stays
    assert pareto_mask(costs).tolist() == [True, True, True, False, True, False]


@settings(max_examples=60, deadline=None)
@given(
    arrays(np.float64, st.tuples(st.integers(1, 12), st.integers(1, 3)), elements=st.integers(0, 5))
)
def test_frontier_points_are_undominated_and_others_dominated(c: np.ndarray) -> None:
    mask = pareto_mask(c)
    assert mask.any()
    for i in range(len(c)):
        dominated = any(np.all(c[j] <= c[i]) and np.any(c[j] < c[i]) for j in range(len(c)))
        assert mask[i] == (not dominated)


def test_minimax_regret_across_postures_differs_from_maximin() -> None:
    # days to take the town (cost) of three choices against two postures
    mean = np.array([[10.0, 100.0], [40.0, 60.0], [12.0, 95.0]])
    r = regret_by_posture(mean)
    np.testing.assert_array_equal(r.table, [[0, 40], [30, 0], [2, 35]])
    assert r.choice == 1  # worst regret 30 < 35 < 40
    assert best_replies(mean).tolist() == [0, 1]


def test_regret_by_draw_sees_what_the_means_hide() -> None:
    # two choices with the same mean cost against one posture: A is steady, B a gamble
    a = np.full(10, 50.0)
    b = np.array([0.0] * 5 + [100.0] * 5)
    cost = np.stack([a, b])[:, None, :]
    by_mean = regret_by_posture(cost.mean(axis=2))
    assert by_mean.worst.tolist() == [0.0, 0.0]
    r = regret_by_draw(cost, quantile=0.9)
    # per run A regrets 50 where B won (half the runs), B regrets 50 where it lost
    np.testing.assert_allclose(r.table[:, 0], [50.0, 50.0])
    steady = np.stack([a, a + 1.0])[:, None, :]
    assert regret_by_draw(steady).choice == 0


def test_p_better_counts_runs() -> None:
    assert p_better([1, 2, 3, 4], [2, 2, 1, 5]) == (0.5, 0.25, 0.25)
    with pytest.raises(ValueError):
        p_better([1], [1, 2])
