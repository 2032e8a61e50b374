"""Sweep designs: parsing --vary, grids, LHS, Sobol, design CSV errors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from clausewitz.errors import UserError
from clausewitz.sweep.design import Range, make_design, parse_vary, read_design


def test_parse_vary() -> None:
    assert parse_vary("ru_troops=90000:130000:5") == Range("ru_troops", 90000.0, 130000.0, 5)
    assert parse_vary("k=0.5:2") == Range("k", 0.5, 2.0, None)
    for bad, msg in [
        ("k=2:1", "LOW < HIGH"),
        ("k=1:2:1", "at least 2"),
        ("k:1:2", "expected NAME=LOW:HIGH"),
        ("K=1:2", "expected NAME=LOW:HIGH"),
    ]:
        with pytest.raises(UserError, match=msg):
            parse_vary(bad)


def test_grid_is_the_full_product() -> None:
    d = make_design([Range("a", 0, 1, 3), Range("b", 10, 20, 2)], "grid")
    assert d.shape == (6, 2)
    assert sorted(set(d["a"])) == [0.0, 0.5, 1.0] and sorted(set(d["b"])) == [10.0, 20.0]


@pytest.mark.parametrize("sampler", ["lhs", "sobol"])
def test_space_filling_designs_stay_in_bounds_and_repeat(sampler: str) -> None:
    rs = [Range("a", -1, 1), Range("b", 5, 6), Range("c", 0, 100)]
    d1 = make_design(rs, sampler, points=128, seed=3)  # type: ignore[arg-type]
    d2 = make_design(rs, sampler, points=128, seed=3)  # type: ignore[arg-type]
    assert d1.equals(d2) and d1.shape == (128, 3)
    for r in rs:
        assert d1[r.name].between(r.low, r.high).all()
    if sampler == "lhs":  # one point in each of the 128 strata of every column
        strata = np.floor((d1["a"] + 1) / 2 * 128).astype(int)
        assert sorted(strata) == list(range(128))


def test_design_errors() -> None:
    with pytest.raises(UserError, match="at least one"):
        make_design([], "grid")
    with pytest.raises(UserError, match="varied twice"):
        make_design([Range("a", 0, 1), Range("a", 0, 2)], "grid")


def test_read_design_csv(tmp_path: Path) -> None:
    good = tmp_path / "d.csv"
    good.write_text("a,b\n1,2\n3,4.5\n")
    assert read_design(good).to_dict("list") == {"a": [1.0, 3.0], "b": [2.0, 4.5]}
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n3,x\n")
    with pytest.raises(UserError, match=r"bad.csv:3: column 'b' is not numeric"):
        read_design(bad)
    with pytest.raises(UserError, match="not found"):
        read_design(tmp_path / "none.csv")
