"""``clausewitz backtest``: a small end-to-end run, reproducibility, and every user error as
one line with exit code 2."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from located_tutorial import write_polygon

from clausewitz.backtest import run_backtest
from clausewitz.cli.main import run

RUNS = 40


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(["backtest", *args])
    out, err = capsys.readouterr()
    return code, out, err


def _one_line_error(code: int, out: str, err: str) -> str:
    assert code == 2
    assert "Traceback" not in out + err
    assert "internal error" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


def test_end_to_end_json_and_report(
    capsys: pytest.CaptureFixture[str], located_tutorial: Path, box_truth: Path, tmp_path: Path
) -> None:
    report = tmp_path / "bt" / "report.html"
    code, out, err = _cli(
        capsys, str(located_tutorial), "--truth", str(box_truth), "--runs", str(RUNS),
        "--seed", "3", "--json", "--report", str(report),
    )  # fmt: skip
    assert code == 0, err
    doc = json.loads(out)
    assert doc["scored_dates"] == ["2025-07-14", "2025-07-21", "2025-08-04"]
    assert doc["anchor"] == "2025-07-03"
    towns = {t["town"]: t for t in doc["towns"]}
    # Pokrovsk is inside the last box: it fell on the first file that shows it occupied
    assert towns["pokrovsk"]["truth_fall_date"] == "2025-08-04"
    assert towns["pokrovsk"]["truth_fall_day"] == 32
    assert towns["rodynske"]["truth_fall_day"] is None
    for base in ("persistence", "trailing-rate", "climatology"):
        assert set(doc["skill"][base]) >= {"fall_day", "distance", "overall"}
    # persistence never falls: its Brier score is 1 for Pokrovsk (fell) and 0 for Rodynske
    assert towns["pokrovsk"]["persistence"]["fall_brier"] == 1.0
    assert towns["rodynske"]["persistence"]["fall_brier"] == 0.0
    assert "derived" in doc["region"]
    by_sector = doc["distance_crps_by_sector"]
    assert set(by_sector) == {t["sector"] for t in doc["towns"]}
    for sector, scores in by_sector.items():
        rows = [t for t in doc["towns"] if t["sector"] == sector]
        for name in ("model", "persistence"):
            assert scores[name] == pytest.approx(
                float(np.mean([t[name]["distance_crps"] for t in rows]))
            )
    lo = doc["losses_per_km2"]
    if lo["claim_losses"]:
        assert lo["losses_ratio_model_to_claim"] == pytest.approx(
            lo["model_attacker_losses"] / lo["claim_losses"]
        )
    else:  # the claim series may not cover the synthetic record's dates
        assert lo["losses_ratio_model_to_claim"] is None
    pit = doc["pit_histogram_deciles"]["model"]
    assert sum(pit["fall_day"]) == 2 and sum(pit["distance"]) == 2 * 3
    html = report.read_text(encoding="utf-8")
    assert "<svg" in html and "Capture-day CDFs" in html
    # the towns' scores carry their unit and every forecast under the name the tables use
    for name in ("model", "persistence", "trailing-rate", "climatology"):
        assert f"<th>{name} CRPS (days)</th>" in html
    assert "ruler" not in html
    assert (tmp_path / "bt" / "report-fans.png").is_file()


def test_same_result_for_any_chunking(located_tutorial: Path, box_truth: Path) -> None:
    a = run_backtest(located_tutorial, truth=box_truth, runs=RUNS, seed=5, chunk=RUNS).to_dict()
    b = run_backtest(located_tutorial, truth=box_truth, runs=RUNS, seed=5, chunk=7).to_dict()
    assert a["scores"] == b["scores"]
    assert a["skill"] == b["skill"]


def test_table_output(
    capsys: pytest.CaptureFixture[str], located_tutorial: Path, box_truth: Path
) -> None:
    code, out, err = _cli(
        capsys, str(located_tutorial), "--truth", str(box_truth), "--runs", "20",
        "--towns", "pokrovsk",
    )  # fmt: skip
    assert code == 0, err
    assert "Skill of the model" in out
    assert "Pokrovsk" in out and "Rodynske" not in out


def test_truth_folder_missing(capsys: pytest.CaptureFixture[str], located_tutorial: Path) -> None:
    line = _one_line_error(*_cli(capsys, str(located_tutorial), "--truth", "/no/such/folder"))
    assert "--truth /no/such/folder: folder not found" in line


def test_truth_file_malformed(
    capsys: pytest.CaptureFixture[str], located_tutorial: Path, tmp_path: Path
) -> None:
    (tmp_path / "deepstatemap_data_20250801.geojson").write_text('{"type": "Point"', "utf-8")
    line = _one_line_error(*_cli(capsys, str(located_tutorial), "--truth", str(tmp_path)))
    assert "deepstatemap_data_20250801.geojson" in line and "not valid JSON" in line


def test_nothing_to_score(
    capsys: pytest.CaptureFixture[str], located_tutorial: Path, tmp_path: Path
) -> None:
    """Truth that ends before the knowledge date (the shipped record ends on 3 July 2025; the
    tutorial knows up to 6 July)."""
    import shapely

    write_polygon(tmp_path, "20250601", shapely.box(36.9, 48.0, 37.5, 48.2))
    line = _one_line_error(*_cli(capsys, str(located_tutorial), "--truth", str(tmp_path)))
    assert "nothing to score: truth ends on 2025-07-03" in line
    line = _one_line_error(*_cli(capsys, str(located_tutorial)))
    assert "nothing to score: truth ends on 2025-07-03" in line


def test_unknown_town(
    capsys: pytest.CaptureFixture[str], located_tutorial: Path, box_truth: Path
) -> None:
    line = _one_line_error(
        *_cli(
            capsys, str(located_tutorial), "--truth", str(box_truth), "--towns", "pokrovsk,atlantis"
        )
    )
    assert "unknown town 'atlantis'" in line and "pokrovsk, rodynske" in line


def test_scenario_without_coordinates(capsys: pytest.CaptureFixture[str], box_truth: Path) -> None:
    line = _one_line_error(*_cli(capsys, "tutorial", "--truth", str(box_truth)))
    assert "no objective has coordinates" in line and "location" in line


def test_python_api_tables_match_the_json(located_tutorial: Path, box_truth: Path) -> None:
    import clausewitz as cw

    out = cw.backtest(located_tutorial, truth=box_truth, runs=RUNS, seed=5)
    full = out.result.to_dict()
    assert set(out.scores.index) == {"model", "persistence", "trailing-rate", "climatology"}
    assert out.scores.loc["model", "distance"] == full["scores"]["model"]["distance"]
    assert set(out.skill.index.get_level_values("baseline")) == {
        "persistence",
        "trailing-rate",
        "climatology",
    }
    assert list(out.towns.index) == [t["town"] for t in full["towns"]]
    assert "model.distance_crps" in out.towns.columns
