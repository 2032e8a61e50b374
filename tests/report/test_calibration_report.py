"""The calibration report read as a user reads it: counts in the right number, every axis of
the pair plots with its unit, and captions that say the posterior is kept as joint draws."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import shapely
from located_tutorial import located_tutorial_file, write_polygon

from clausewitz.calibrate.api import CalibrationResult, run_calibration
from clausewitz.calibrate.settings import CalibrationSettings
from clausewitz.report.calibration import calibration_report, pairs, with_unit
from clausewitz.report.page import count
from clausewitz.truth.record import OccupiedRecord

ONE_WAVE = CalibrationSettings(waves=1, points=4, runs=4, seed=3, chunk_points=2)
PARAMS = ["advance-base-km-per-day", "kill-zone-strength"]


@pytest.fixture(scope="module")
def calibrated(tmp_path_factory: pytest.TempPathFactory) -> CalibrationResult:
    base = tmp_path_factory.mktemp("calreport")
    scenario = located_tutorial_file(base / "scenario")
    (base / "truth").mkdir()
    files = {}
    for w in range(34):  # a front moving north past the tutorial's towns, week by week
        day = dt.date(2024, 12, 2) + dt.timedelta(weeks=w)
        box = shapely.box(36.8, 47.8, 37.6, 48.1 + 0.0038 * w)
        files[day] = write_polygon(base / "truth", day, box)
    return run_calibration(
        scenario, out=base / "out", params=PARAMS, settings=ONE_WAVE, truth=OccupiedRecord(files)
    )


def _text(page: str) -> str:
    return re.sub(r"<svg.*?</svg>", "", page, flags=re.S)


def test_counts_agree_with_their_nouns() -> None:
    assert count(1, "wave") == "1 wave"
    assert count(5, "wave") == "5 waves"
    assert count(1000, "joint posterior draw") == "1,000 joint posterior draws"


def test_one_wave_and_one_checkpoint_read_in_the_singular(calibrated: CalibrationResult) -> None:
    text = _text(calibration_report(calibrated).render())
    assert "1 wave of 4 points, 4 runs each" in text
    assert not re.search(r"\b1 (waves|checkpoints|towns|points|runs)\b", text)


def test_pair_plot_axes_carry_units(calibrated: CalibrationResult) -> None:
    fig = pairs(calibrated)
    ax = fig.axes[0]
    assert ax.get_xlabel() == "advance-base-km-per-day (km/day)"
    assert ax.get_ylabel() == "kill-zone-strength (dimensionless)"
    assert ax.get_title().startswith("rank correlation ")


def test_captions_say_the_posterior_is_kept_as_joint_draws(calibrated: CalibrationResult) -> None:
    text = _text(calibration_report(calibrated).render())
    n = calibrated.match.posterior_u.shape[0]
    assert f"the {n:,} joint posterior draws by pairs" in text.lower()
    assert "one table of joint draws, and a run takes one whole row" in text


def test_with_unit() -> None:
    assert with_unit("attrition-rate-assault", "1/day") == "attrition-rate-assault (1/day)"
    assert with_unit("kill-zone-strength", "1") == "kill-zone-strength (dimensionless)"
