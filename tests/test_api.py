"""The notebook face: ``import clausewitz as cw`` and the commands' names, DataFrames back."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

import clausewitz as cw


def test_api_names_are_functions_even_beside_their_subpackages() -> None:
    # importing the subpackages of the same names must not hide the functions
    from clausewitz.backtest.targets import build_targets
    from clausewitz.compare.kpis import kpi_names
    from clausewitz.sweep.execute import run_sweep

    assert callable(run_sweep) and callable(build_targets)
    for name in ("load", "check", "evidence", "run", "compare", "sweep", "sensitivity", "backtest"):
        assert callable(getattr(cw, name)) and name in dir(cw), name
    assert kpi_names(["x"])[0] == "objective_captured.x"


def test_check_and_evidence_are_tables() -> None:
    problems = cw.check("tutorial")
    assert list(problems.columns)[:3] == ["severity", "file", "line"]
    assert not (problems.severity == "error").any()
    ev = cw.evidence("tutorial", parameters=["ru-troops"])
    assert list(ev.index) == ["ru-troops"]
    row = ev.loc["ru-troops"]
    assert row["p05"] <= row["median"] <= row["p95"] and row["unit"] == "troops"


def test_run_and_compare_agree_on_the_same_runs(tmp_path: Path) -> None:
    sc = cw.load("tutorial")
    strategies = {"attacker": "attrition", "defender": "defend-in-depth"}
    r = cw.run(sc, runs=40, seed=3, days=30, strategies=strategies, out=tmp_path / "r")
    assert isinstance(r.kpis, pd.DataFrame) and r.kpis.loc["attacker_losses", "n"] == 40
    assert len(r.runs) == 40
    bands = r.bands
    assert bands.dims == ("variable", "day", "quantile") and bands.sizes["day"] == 30
    ground = bands.sel(variable="territory_km2")
    low, high = ground.sel(quantile=0.05).to_numpy(), ground.sel(quantile=0.95).to_numpy()
    assert np.isfinite(low).all() and (low <= high).all() and high[-1] > 0
    c = cw.compare(sc, ["attrition", "decisive"], runs=40, seed=3, days=30)
    assert set(c.kpis.index.get_level_values("strategy")) == {"attrition", "decisive"}
    # compare's attrition arm is run's runs: the same seed gives the same losses
    losses = c.runs[c.runs.strategy == "attrition"]["attacker_losses"].to_numpy()
    assert np.array_equal(losses, r.runs["attacker_losses"].to_numpy())
    assert (
        c.kpis.loc[("attrition", "attacker_losses"), "mean"]
        == r.kpis.loc["attacker_losses", "mean"]
    )
    assert "objective_rday.pokrovsk" in c.paired.loc["attrition-decisive"].index


def test_optimize_is_in_the_api() -> None:

    assert callable(cw.optimize) and "optimize" in dir(cw)
    res = cw.optimize("tutorial", trials=3, runs=8, days=20, population=3, seed=4)
    d = res.to_dict()
    assert d["trials"] == 3 and d["against"] == ["defend-in-depth", "hold-every-metre"]
    assert d["robust"]["by_draw"]["label"] in {c.label for c in res.candidates}
