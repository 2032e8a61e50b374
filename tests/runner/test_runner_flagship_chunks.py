"""The flagship streamed in chunks of 1,000 and of 333 runs: byte-identical outputs (issue 4).

``clausewitz run pokrovsk-2025 --chunk 1000`` and ``--chunk 333`` must write the same bytes:
every draw is keyed by the run index, the per-run files hold fixed run ranges, and the daily
bands merge exactly. 333 does not divide 2,000, so the last chunk is a short one too.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest

from clausewitz.runner import RunResult, run_scenario
from clausewitz.scenario.loader import LoadedScenario, load_scenario

STRATEGIES = {"attacker": "steady-pressure", "defender": "hold-line"}
RUNS, DAYS, SEED = 2000, 40, 1


@pytest.fixture(scope="module")
def flagship() -> LoadedScenario:
    return load_scenario("pokrovsk-2025")


def _run(flagship: LoadedScenario, chunk: int, out: Path) -> RunResult:
    return run_scenario(
        flagship, runs=RUNS, seed=SEED, strategies=STRATEGIES, days=DAYS, chunk=chunk, out=out
    )


def _bytes(result: RunResult) -> dict[str, bytes]:
    return {
        str(p.relative_to(result.out)): p.read_bytes()
        for p in sorted(result.out.glob("*/*.parquet"))
    }


def test_flagship_chunks_of_1000_and_333_give_byte_identical_outputs(
    flagship: LoadedScenario, tmp_path: Path
) -> None:
    big = _run(flagship, 1000, tmp_path / "c1000")
    small = _run(flagship, 333, tmp_path / "c333")
    files = _bytes(big)
    assert set(files) == {"runs/chunk-000000.parquet", "daily/chunk-000000.parquet"}
    assert _bytes(small) == files
    assert small.summary == big.summary

    # the outcomes are real: one row per run in run order, and the campaign moved
    runs = pq.read_table(big.out / "runs").to_pandas()
    np.testing.assert_array_equal(runs["run"].to_numpy(), np.arange(RUNS))
    assert (runs["attacker_losses"] > 0).all()
    assert runs["territory_km2"].max() > 0.0
    assert big.manifest["chunk"] == 1000 and small.manifest["chunk"] == 333
