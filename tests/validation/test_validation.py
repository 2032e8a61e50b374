"""``clausewitz validate``: data, fits, scores, the JSON summary and the HTML report."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from scipy import stats

from clausewitz.cli.main import run
from clausewitz.report.browser import find_chromium, render
from clausewitz.validation.breakpoints import fit_beta_censored, fit_thresholds, helmbold_checks
from clausewitz.validation.calibration import FITTED, MODERN, fitted_parameters
from clausewitz.validation.datasets import (
    data_dir,
    load_ade,
    load_cdb90,
    load_iwo_jima,
    terrain_of_code,
)
from clausewitz.validation.diagnosis import diagnose
from clausewitz.validation.scoring import brier, log_loss, reliability
from clausewitz.validation.split import SPLIT_YEAR, train_test

# ------------------------------------------------------------------------------------------
# the shipped data


def test_every_shipped_file_has_its_provenance_and_checksum() -> None:
    root = data_dir()
    readme = (root / "README.md").read_text(encoding="utf-8")
    # documentation (README.md, a folder's PROVENANCE.md) is not data
    files = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix != ".md")
    assert len(files) == 7
    assert (root / "cow_interstate_war" / "PROVENANCE.md").is_file()
    for path in files:
        rel = path.relative_to(root).as_posix()
        assert f"`{rel}`" in readme, rel
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        assert f"{digest}  {rel}" in readme, rel
    for word in ("licence", "public domain", "ODC-BY", "none stated"):
        assert word in readme


def test_cdb90_reads_the_patched_outcomes() -> None:
    frame = load_cdb90().frame
    assert len(frame) == 640
    # the patched table keeps the attacker's defeats that the tidy table lost
    counts = frame["outcome"].value_counts().to_dict()
    assert counts[-1] > 200 and counts[1] > 380 and counts[0] > 30
    assert set(frame["posture"]) == {"hasty", "prepared", "fortified"}
    assert (frame["attacker_frac"] < 1).all() and (frame["force_ratio"] > 0).all()
    assert frame["year"].between(1600, 1982).all()
    nieuport = frame.loc[frame["isqno"] == 1].iloc[0]
    assert (nieuport["attacker"], nieuport["attacker_cas"], nieuport["outcome"]) == (
        11500,
        4000,
        -1,
    )


@pytest.mark.parametrize(
    ("code", "terrain"),
    [("RBD", "open"), ("RM0", "mixed"), ("GM0", "rough"), ("FW0", "forest"), ("RMU", "urban")],
)
def test_terrain_codes_map_onto_engine_terrains(code: str, terrain: str) -> None:
    assert terrain_of_code(code) == terrain


def test_ade_and_iwo_jima_sheets() -> None:
    ade = load_ade()
    assert len(ade) == 393
    assert ade["day"].min() == 1 and ade["day"].max() == 32
    first = ade.iloc[0]
    assert (first["unit"], first["german"], first["allied_cas"]) == ("106th ID", 53811.2383, 62)
    sheet = load_iwo_jima()
    assert (sheet.us_kills, sheet.japanese_kills, sheet.japanese_initial) == (
        0.01518,
        0.06179,
        21449,
    )
    assert sheet.landings.sum() == 71245  # the sheet's total


def test_split_is_by_era_and_disjoint() -> None:
    train, test = train_test(load_cdb90().frame)
    assert (train["year"] < SPLIT_YEAR).all() and (test["year"] >= SPLIT_YEAR).all()
    assert set(train["isqno"]).isdisjoint(test["isqno"])
    assert not ((test["campaign"] == "ARDENNES") & (test["year"] == 1944)).any()
    assert (len(train), len(test)) == (376, 253)


# ------------------------------------------------------------------------------------------
# fits behind the calibration


def test_fitted_constants_are_the_fits_of_the_data() -> None:
    fits = fitted_parameters()
    # the force-ratio exponent is a simulation fit (tests/validation/test_outcome_fit.py)
    assert set(fits) == set(FITTED) - {
        "breakpoint-force-ratio-exponent",
        "engagement-effectiveness-sigma",
    }
    for name, value in fits.items():
        assert FITTED[name] == pytest.approx(value, rel=5e-4), name
    modern = fitted_parameters("modern")
    for name, value in modern.items():
        assert MODERN[name] == pytest.approx(value, rel=5e-4), name
    assert MODERN["breakpoint-force-ratio-exponent"] == 0.0
    # modern attackers break far earlier than those before 1939
    assert stats.beta(MODERN["breakpoint-attacker-a"], MODERN["breakpoint-attacker-b"]).median() < (
        0.5 * stats.beta(FITTED["breakpoint-attacker-a"], FITTED["breakpoint-attacker-b"]).median()
    )
    # phi1 + phi2 = 1 and the defender loses more than the attacker at parity (Ardennes)
    assert FITTED["attrition-exponent-own"] + FITTED["attrition-exponent-enemy"] == 1.0
    assert FITTED["attrition-rate-assault"] > FITTED["attrition-rate-hold"]


def test_censored_beta_fit_recovers_thresholds_of_simulated_battles() -> None:
    # the engine's break rule on synthetic battles: both sides draw a threshold, the side whose
    # threshold is reached first (losses grow at side-specific rates) breaks
    rng = np.random.default_rng(4)
    n = 2000
    ta = rng.beta(2.0, 5.0, n)
    td = rng.beta(1.5, 3.0, n)
    ra, rd = rng.uniform(0.5, 2.0, n), rng.uniform(0.5, 2.0, n)
    time = np.minimum(ta / ra, td / rd)
    fa, fd = np.minimum(ra * time, ta), np.minimum(rd * time, td)
    outcome = np.where(td / rd < ta / ra, 1, -1)
    fits = fit_thresholds(fa, fd, outcome)
    assert fits["attacker"].a == pytest.approx(2.0, rel=0.15)
    assert fits["attacker"].b == pytest.approx(5.0, rel=0.15)
    assert fits["defender"].a == pytest.approx(1.5, rel=0.15)
    assert fits["defender"].b == pytest.approx(3.0, rel=0.15)
    # ignoring the censoring (fitting the losers only) would bias the thresholds low
    naive = fit_beta_censored(fa[outcome == -1], np.array([]))
    assert stats.beta.mean(naive.a, naive.b) < stats.beta.mean(2.0, 5.0) - 0.03


def test_helmbold_checks_count_the_right_battles() -> None:
    fa = np.array([0.1, 0.5, 0.3, 0.05])
    fd = np.array([0.1, 0.3, 0.5, 0.25])
    won = np.array([False, False, True, True])
    checks = helmbold_checks(fa, fd, won)
    assert checks["winning_defenders_lost_20pct_or_less"] == 0.5
    assert checks["failing_attackers_lost_under_40pct"] == 0.5
    assert checks["losing_defenders_lost_40pct_or_less"] == 0.5


def test_scores_and_reliability() -> None:
    y = np.array([1.0, 0.0, 1.0, 1.0])
    p = np.array([0.9, 0.2, 0.6, 0.5])
    assert brier(p, y) == pytest.approx((0.01 + 0.04 + 0.16 + 0.25) / 4)
    expected = -(np.log(0.9) + np.log(0.8) + np.log(0.6) + np.log(0.5)) / 4
    assert log_loss(p, y) == pytest.approx(expected)
    assert brier(y, y) == 0.0
    rel = reliability(p, y, bins=5)
    assert rel.count.sum() == 4
    assert rel.count.tolist() == [0, 1, 1, 1, 1]
    assert rel.observed[1] == 0.0 and rel.mean_forecast[4] == pytest.approx(0.9)


# ------------------------------------------------------------------------------------------
# the command, end to end (quick settings)


def _validate_quick(report: Path) -> dict[str, Any]:
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        code = run(["validate", "--quick", "--json", "--report", str(report)])
    assert code == 0
    summary: dict[str, Any] = json.loads(buf.getvalue())
    return summary


@pytest.fixture(scope="module")
def validated(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], Path]:
    """One quick validation per test session, shared by the xdist workers of the session: the
    first worker runs it, the others wait for its files."""
    uid = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    if uid is None:
        report = tmp_path_factory.mktemp("validate") / "report" / "validation.html"
        return _validate_quick(report), report
    shared = tmp_path_factory.getbasetemp().parent / f"validate-{uid}"
    report = shared / "report" / "validation.html"
    done = shared / "summary.json"
    try:
        shared.mkdir(parents=True)  # atomic: exactly one worker creates it
    except FileExistsError:
        deadline = time.monotonic() + 600
        while not done.exists():
            assert time.monotonic() < deadline, "the other worker's validation never finished"
            time.sleep(0.2)
        return json.loads(done.read_text(encoding="utf-8")), report
    summary = _validate_quick(report)
    tmp = shared / "summary.tmp"
    tmp.write_text(json.dumps(summary), encoding="utf-8")
    tmp.replace(done)
    return summary, report


def test_diagnosis_attributes_the_log_odds_to_the_inputs_that_move_them() -> None:
    rng = np.random.default_rng(4)
    X = rng.normal(size=(500, 2))
    logit = 2.0 * X[:, 0]  # only the first input moves the forecast
    p = 1.0 / (1.0 + np.exp(-logit))
    y = (rng.random(500) < p).astype(float)
    d = diagnose(p, y, X, ("strong", "idle"), base_rate_train=0.4)
    assert d.drivers["strong"]["coef"] == pytest.approx(2.0, rel=0.02)
    assert d.drivers["strong"]["share"] > 0.95
    assert abs(d.drivers["idle"]["share"]) < 0.01
    assert d.main_driver() == "strong"
    assert d.mean_forecast == pytest.approx(p.mean()) and d.base_rate_train == 0.4
    assert d.p05 < 0.1 < 0.9 < d.p95
    with pytest.raises(ValueError, match="expected"):
        diagnose(p, y, X[:, :1], ("strong", "idle"), base_rate_train=0.4)


def test_summary_has_the_documented_keys(validated: tuple[dict[str, Any], Path]) -> None:
    summary, _ = validated
    assert summary["iwo_jima"]["max_rel_error"] < 5e-6
    cdb = summary["cdb90"]
    assert (cdb["n_train"], cdb["n_test"]) == (376, 253)
    assert "1939" in cdb["split"]
    for score in ("brier", "log_loss"):
        assert {"model", "engagement", "base_rate", "force_ratio"} <= set(cdb[score])
        assert all(v > 0 for v in cdb[score].values())
    # the base rate is the training share, scored on the test battles
    test_rate = cdb["success_rate_test"]
    base = cdb["success_rate_train"]
    assert cdb["brier"]["base_rate"] == pytest.approx(
        test_rate * (1 - base) ** 2 + (1 - test_rate) * base**2
    )
    bp = summary["breakpoints"]
    for side in ("attacker", "defender"):
        assert (
            set(bp["observed"][side])
            == set(bp["engine"][side])
            == {
                "0.1",
                "0.25",
                "0.5",
                "0.75",
                "0.9",
            }
        )
    assert summary["ardennes"]["observed"]["defender_over_attacker_median"] > 1
    assert summary["failures"], "the report must say where the model fails"
    odds = summary["engagement_odds"]["p_attacker_success"]["defaults"]
    assert odds[0][-1] > odds[0][0] and odds[0][3] > odds[2][3]
    # the out-of-sample table: every score with its bootstrap interval, and the engine's
    # differences from the base rate and from the force ratio alone
    intervals = cdb["intervals"]
    for key in cdb["brier"]:
        for score in ("brier", "log_loss"):
            lo, hi = intervals[key][score]
            assert lo <= cdb[score][key] <= hi, (key, score)
    for other in ("base_rate", "force_ratio"):
        for score in ("brier", "log_loss"):
            lo, hi = intervals[f"engagement - {other}"][score]
            assert lo <= cdb[score]["engagement"] - cdb[score][other] <= hi
    assert set(cdb["engine_calibrations"]) == {
        "engagement",
        "engagement_modern",
        "engagement_published",
        "engagement_a_priori",
    }
    # the second attempt: scored like the others, with its choice on the training battles
    for table in ("brier", "log_loss", "reliability", "diagnosis", "engagement_kappa"):
        assert "engagement_a_priori" in cdb[table], table
    for other in ("base_rate", "force_ratio"):
        assert f"engagement_a_priori - {other}" in intervals
    prior = cdb["a_priori"]
    assert "cea" in prior["excluded"] and "cea" not in prior["inputs"]
    assert cdb["engagement_kappa"]["engagement_a_priori"] == 0.0
    assert [prior["fortification"]["prepared"], prior["fortification"]["fortified"]] == (
        prior["grid"][int(np.argmin(prior["train_log_loss"]))]
    )
    # its odds grid: the defaults with the chosen fortification, so the hasty row (no
    # fortification) is the defaults' own
    odds_all = summary["engagement_odds"]["p_attacker_success"]
    assert odds_all["a_priori"][0] == odds_all["defaults"][0]
    assert set(summary["force_ratio_slope"]["engine"]["a_priori"]) == {
        "hasty",
        "prepared",
        "fortified",
    }
    # it runs the engine's defaults
    by_calibration = bp["engine_by_calibration"]
    assert (
        by_calibration["engagement_a_priori"]["thresholds"]
        == (by_calibration["engagement"]["thresholds"])
    )
    # the diagnosis: each forecaster's mean against the base rates, and what drives it
    diag = cdb["diagnosis"]["engagement"]
    assert diag["base_rate_train"] == base and diag["success_rate_test"] == test_rate
    assert set(diag["drivers_of_log_odds"]) == {
        "log_force_ratio",
        "prepared",
        "fortified",
        "cea",
        "difficult_terrain",
    }
    assert diag["r2"] == pytest.approx(
        sum(d["share"] for d in diag["drivers_of_log_odds"].values())
    )
    slopes = summary["force_ratio_slope"]
    for entry in (
        slopes["record"]["force_ratio_alone"],
        slopes["record"]["given_cea_posture_terrain"],
        *slopes["engine"]["defaults"].values(),
    ):
        assert entry["ci"][0] < entry["slope"] < entry["ci"][1]


def test_report_is_written_with_a_png_per_figure(validated: tuple[dict[str, Any], Path]) -> None:
    summary, path = validated
    text = path.read_text(encoding="utf-8")
    assert "Where the model fails" in text
    assert text.count("<svg") == 5
    pngs = sorted(p.name for p in path.parent.glob("*.png"))
    assert pngs == [
        f"validation-{n}.png"
        for n in sorted(("ardennes", "breakpoints", "iwo-jima", "odds", "reliability"))
    ]
    assert len(summary["report"]) == 6
    assert not re.search(r"(src|href)=[\"']https?:", text)


@pytest.mark.browser
@pytest.mark.skipif(
    find_chromium() is None, reason="Chromium not installed: run `make browser` to enable"
)
def test_report_renders_in_chromium(validated: tuple[dict[str, Any], Path]) -> None:
    _, path = validated
    check = render(path, path.with_name("shot.png"), height=3000)
    assert check.console_errors == []
    assert check.dom_chars > 10000
    assert check.screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_validate_prints_the_out_of_sample_table_and_the_diagnosis(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(["validate", "--quick"]) == 0
    out = capsys.readouterr().out
    for text in (
        "CDB90 test battles (253",
        "engagement - base_rate",
        "Diagnosis on the test battles",
        "  engagement: mean ",
        "cea ",
        "Log odds of success per unit of log force ratio",
        "engagement_a_priori (second attempt",
        "never cea, surprise",
        "engagement_a_priori - force_ratio",
    ):
        assert text in out, text


def test_validate_rejects_a_report_that_is_not_html(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["validate", "--quick", "--report", str(tmp_path / "r.pdf")]) == 2
    assert "--report must name an .html file" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["battle", "fit", "engagement", "validate"])
def test_help_has_an_example(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run([command, "--help"]) == 0
    assert "Example" in capsys.readouterr().out
