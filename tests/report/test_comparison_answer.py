"""The comparison report's answer: the confidence that the best strategy's average is better."""

from __future__ import annotations

import pytest

from clausewitz.report.comparison import _p_best_better


@pytest.mark.parametrize(
    ("p_a_better", "best_is_a", "expected"),
    [
        (0.0, False, 1.0),  # the other strategy is certainly worse: certain, not "50%"
        (0.0, True, 0.0),
        (1.0, True, 1.0),
        (1.0, False, 0.0),
        (0.3, False, 0.7),
        (None, True, 0.5),  # no paired statistic at all
    ],
)
def test_a_certain_difference_is_reported_as_certain(
    p_a_better: float | None, best_is_a: bool, expected: float
) -> None:
    assert _p_best_better(p_a_better, best_is_a=best_is_a) == pytest.approx(expected)
