"""A bounded budget of the scenario fuzzer in the normal suite (``make fuzz`` runs 10,000)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from scenario_fuzz import make_case, run_case

CASES = 6
"""Cases per test run: a few seconds each, most of them the flagship's nine files."""


def test_cases_are_a_pure_function_of_seed_and_number(tmp_path: Path) -> None:
    a, _main_a = make_case(7, 3, tmp_path / "a")
    b, _main_b = make_case(7, 3, tmp_path / "b")
    assert a.mutations == b.mutations and a.file == b.file
    assert (tmp_path / "a" / a.file).read_bytes() == (tmp_path / "b" / b.file).read_bytes()


FOUND = [(1, 569), (1, 618), (1, 835), (1, 1011), (1, 1157)]
"""Cases ``make fuzz`` once failed on (a claim's source given as a mapping or a list, a
side's contingents given as a number)."""


@pytest.mark.parametrize(("seed", "number"), FOUND)
def test_cases_the_fuzzer_found_stay_fixed(seed: int, number: int, tmp_path: Path) -> None:
    outcome = run_case(seed, number, tmp_path / "case")
    assert outcome.ok, (outcome.case, outcome.codes, outcome.detail)


@pytest.mark.parametrize("number", range(CASES))
def test_mutated_scenarios_exit_0_or_2_without_a_traceback(number: int, tmp_path: Path) -> None:
    outcome = run_case(2026, number, tmp_path / "case")
    assert outcome.ok, (outcome.case, outcome.codes, outcome.detail)
