"""The knowledge-date guard: a calibration reads nothing dated on or after the knowledge date."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import pytest
from calibrate_support import KNOWLEDGE_DATE, synthetic_record

from clausewitz.calibrate.api import prepare_calibration
from clausewitz.calibrate.settings import CalibrationSettings
from clausewitz.calibrate.window import (
    KnowledgeDateError,
    PriorClaims,
    PriorRecord,
    choose_window,
)
from clausewitz.errors import UserError
from clausewitz.scenario.loader import check_scenario
from clausewitz.truth.claims import load_personnel_claims
from clausewitz.truth.record import OccupiedRecord, load_record


def test_prior_record_refuses_the_knowledge_date_and_later(record: OccupiedRecord) -> None:
    prior = PriorRecord(record, KNOWLEDGE_DATE)
    assert max(prior.dates) < KNOWLEDGE_DATE
    assert max(record.dates) > KNOWLEDGE_DATE  # the record itself goes on
    later = [d for d in record.dates if d >= KNOWLEDGE_DATE]
    for d in later:
        with pytest.raises(KnowledgeDateError, match="before the knowledge date"):
            prior.polygon(d)
        with pytest.raises(KnowledgeDateError):
            prior.area_km2(d)
    prior.polygon(prior.dates[-1])  # the last date before it is readable


def test_prior_claims_refuse_an_end_on_the_knowledge_date() -> None:
    claims = PriorClaims(load_personnel_claims(), KNOWLEDGE_DATE)
    assert claims.between(dt.date(2025, 1, 1), KNOWLEDGE_DATE - dt.timedelta(days=1)) > 0
    with pytest.raises(KnowledgeDateError):
        claims.between(dt.date(2025, 1, 1), KNOWLEDGE_DATE)


def test_window_ends_on_the_last_record_date_before_the_knowledge_date(
    record: OccupiedRecord,
) -> None:
    prior = PriorRecord(record, KNOWLEDGE_DATE)
    w = choose_window(prior, window_days=210, checkpoint_days=56)
    assert w.end == dt.date(2025, 6, 30)
    assert w.start == dt.date(2024, 12, 9)  # the first record date within 210 days
    assert w.checkpoints[-1] == w.end
    gaps = [(b - a).days for a, b in itertools.pairwise((w.start, *w.checkpoints))]
    assert all(g >= 28 for g in gaps)
    with pytest.raises(UserError, match="not a record date"):
        choose_window(prior, window_days=210, checkpoint_days=56, start=KNOWLEDGE_DATE)


def test_window_refuses_a_record_with_nothing_recent(record: OccupiedRecord) -> None:
    """The recent-regime rule: with no record date within ``window_days`` before the
    knowledge date other than the window's end, nothing is calibrated unless a start is named."""
    prior = PriorRecord(record, KNOWLEDGE_DATE)
    end = prior.dates[-1]
    # the synthetic record is weekly: 7 days hold only the end, 14 days one earlier date
    with pytest.raises(UserError, match="nothing recent to calibrate to") as err:
        choose_window(prior, window_days=7, checkpoint_days=56)
    assert f"ends {prior.dates[-4].isoformat()}" in str(err.value)
    assert end.isoformat() in str(err.value) and "--window-start" in str(err.value)
    w = choose_window(prior, window_days=14, checkpoint_days=56)
    assert (w.start, w.end) == (end - dt.timedelta(days=7), end)
    older = prior.dates[0]
    w = choose_window(prior, window_days=7, checkpoint_days=56, start=older)
    assert (w.start, w.end) == (older, end)


def test_default_window_on_the_shipped_record_is_the_recent_regime() -> None:
    """The backtests' knowledge dates under the default twelve-week window: pokrovsk-2025-02
    is calibrated to 11 Nov 2024 - 27 Jan 2025; pokrovsk-2024 has nothing recent (its last
    records before 8 July 2024 are the snapshots of 1 Oct 2023 and 18 Feb 2024)."""
    s = CalibrationSettings()
    assert s.window_days == 84
    shipped = load_record()
    w = choose_window(
        PriorRecord(shipped, dt.date(2025, 2, 3)),
        window_days=s.window_days,
        checkpoint_days=s.checkpoint_days,
    )
    assert (w.start, w.end, w.checkpoints) == (
        dt.date(2024, 11, 11),
        dt.date(2025, 1, 27),
        (dt.date(2025, 1, 27),),
    )
    stale = PriorRecord(shipped, dt.date(2024, 7, 8))
    with pytest.raises(UserError, match="ends 2023-05-31, 2023-10-01, 2024-02-18"):
        choose_window(stale, window_days=s.window_days, checkpoint_days=s.checkpoint_days)
    # the previous default's stretch is still reachable when named
    w = choose_window(
        stale,
        window_days=s.window_days,
        checkpoint_days=s.checkpoint_days,
        start=dt.date(2023, 10, 1),
    )
    assert (w.start, w.end) == (dt.date(2023, 10, 1), dt.date(2024, 2, 18))


def test_targets_do_not_change_when_files_after_the_knowledge_date_do(
    located_tutorial: Path, tmp_path: Path
) -> None:
    settings = CalibrationSettings()
    a = prepare_calibration(
        located_tutorial, settings=settings, truth=synthetic_record(tmp_path / "a")
    )
    moved = synthetic_record(tmp_path / "b", after_kd_shift=0.05)
    b = prepare_calibration(located_tutorial, settings=settings, truth=moved)
    assert [t.observed for t in a.hindcast.targets] == [t.observed for t in b.hindcast.targets]
    assert a.hindcast.payload() == b.hindcast.payload()
    assert max(a.hindcast.window.checkpoints) < KNOWLEDGE_DATE
    # and the files did differ where the calibration did not look
    last = max(moved.dates)
    ref = synthetic_record(tmp_path / "c")
    assert moved.area_km2(last) > ref.area_km2(last)


def test_check_rejects_a_calibration_window_ending_on_the_knowledge_date(
    located_tutorial: Path,
) -> None:
    def with_trace(end: str) -> Path:
        extra = located_tutorial.parent / f"cal-{end}.yaml"
        extra.write_text(
            "parameters:\n"
            "  attrition-rate-hold:\n"
            "    unit: 1/day\n"
            "    basis: calibrated\n"
            "    distribution: {kind: normal, mean: 0.01, sd: 0.001, low: 0.005, high: 0.02}\n"
            "    rationale: test\n"
            "    calibration:\n"
            "      data: test record\n"
            "      window_start: 2025-01-06\n"
            f"      window_end: {end}\n"
            "      method: test\n",
            encoding="utf-8",
        )
        main = located_tutorial.parent / f"main-{end}.yaml"
        text = located_tutorial.read_text(encoding="utf-8")
        main.write_text(f"include: [{extra.name}]\n{text}", encoding="utf-8")
        return main

    ok = check_scenario(with_trace("2025-06-30"))
    assert ok.loaded is not None, [str(e) for e in ok.errors]
    bad = check_scenario(with_trace(KNOWLEDGE_DATE.isoformat()))
    assert bad.loaded is None
    messages = " ".join(str(e) for e in bad.errors)
    assert "before knowledge_date" in messages and "window_end" in messages
