"""Exact regression of the fast engine: a small run of each shipped scenario, pinned bit for bit.

The agreement tests compare the two engines with each other; this test compares the fast
engine with itself over time, so a refactoring of the kernels (their arguments, their split
into steps) that changes a single bit of any recorded variable fails here. The digest covers
every daily variable (:data:`DAILY`) and every outcome array; the pinned losses and fronts
make a failure readable. The values were recorded on x86-64 Linux: a change means the model
changed, or the platform's libm did (then re-record them and say so in the commit). The
flagship's pin was re-recorded when it began to ship calibrated (calibrated.yaml), and again
when its calibration became a table of joint posterior draws.
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
        "028a2e069ac9c1766624270679bb45c78a5df376575ab6736888878a8931953d",
        [[30426.0, 58855.0, 6388.0], [6176.0, 27420.0, 3769.0]],
        [3.8329108533307954, 4.849534558946623, 4.976330556015919, 2.124925581901681],
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
