"""Exact regression of the fast engine: a small run of each shipped scenario, pinned bit for bit.

The agreement tests compare the two engines with each other; this test compares the fast
engine with itself over time, so a refactoring of the kernels (their arguments, their split
into steps) that changes a single bit of any recorded variable fails here. The digest covers
every daily variable (:data:`DAILY`) and every outcome array; the pinned losses and fronts
make a failure readable. The values were recorded on x86-64 Linux: a change means the model
changed, or the platform's libm did (then re-record them and say so in the commit). The
flagship's pin was re-recorded when it began to ship calibrated (calibrated.yaml).
"""

from __future__ import annotations

import hashlib

import numpy as np
import pytest
from engine_helpers import make_plan

from clausewitz.engine import fast
from clausewitz.engine.outcomes import DAILY, Outcomes, Recording
from clausewitz.scenario.loader import load_scenario
from clausewitz.strategies import default_strategies

SEED = 11
RUNS = 12

PINNED = {
    "pokrovsk-2025": (
        120,
        "eedd4de3786698e886dbee6db314aa9f149f6aaf6d5e66be5ce4ffb41f5cd386",
        [[31513.0, 60958.0, 6634.0], [5396.0, 24188.0, 3333.0]],
        [8.621805690149968, 15.406387154947646, 14.240244096608308, 5.71978496579549],
    ),
    "ukraine-front-2025": (
        60,
        "988b460ff0515b662b8186c47e819bc43d49b784c49fe496cf67a15284fcad18",
        [[54076.0, 104735.0, 11570.0], [9591.0, 42652.0, 5970.0]],
        [
            3.529407941325626, 4.253778155274968, 4.609075114779526, 4.0252943806640245,
            2.3938646972687287, 6.772872894501708, 5.344252583500567, 0.8626283114178352,
            3.253846827981936, 4.547509260284228, 4.097381713035379, 1.5872159995266846,
        ],
    ),
}  # fmt: skip


def digest(daily: dict[str, np.ndarray], out: Outcomes) -> str:
    """SHA-256 of every recorded daily variable and every outcome array, in a fixed order."""
    h = hashlib.sha256()
    for name in sorted(daily):
        h.update(np.ascontiguousarray(daily[name]).tobytes())
    for a in (
        out.fall_day, out.front, out.losses, out.returned, out.ceasefire_day, out.crisis_day,
        out.line, out.reserve, out.defender_breaks, out.attacker_breaks,
    ):  # fmt: skip
        h.update(np.ascontiguousarray(a).tobytes())
    return h.hexdigest()


@pytest.mark.parametrize("scenario", sorted(PINNED))
def test_a_small_run_is_bit_for_bit_the_recorded_one(scenario: str) -> None:
    days, expected, losses_run0, front_run3 = PINNED[scenario]
    plan = make_plan(load_scenario(scenario), RUNS, seed=SEED)
    rec = Recording(names=DAILY)
    out = fast.simulate(plan, SEED, default_strategies(), days=days, observer=rec)
    assert out.losses[0].tolist() == losses_run0
    assert out.front[3].tolist() == front_run3
    assert digest(rec.daily, out) == expected
