"""The corpus of broken scenarios: each must fail ``clausewitz check`` with exactly the
messages in its ``.expected`` file, exit code 2, and no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from clausewitz.cli.main import run

BROKEN = Path(__file__).parent / "broken"

CASES = sorted(p for p in BROKEN.glob("*.yaml") if p.with_suffix(".expected").is_file())


def _run_check(capsys: pytest.CaptureFixture[str], target: str) -> tuple[int, str, str]:
    code = run(["check", target])
    out, err = capsys.readouterr()
    return code, out, err


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 25
    orphans = [p.name for p in BROKEN.glob("*.expected") if not p.with_suffix(".yaml").exists()]
    assert orphans == []


@pytest.mark.parametrize("case", CASES, ids=[p.stem for p in CASES])
def test_broken_scenario(
    case: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(BROKEN)  # messages name files relative to the working directory
    code, out, err = _run_check(capsys, case.name)
    expected = case.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    errors = [line for line in out.splitlines() if ": warning:" not in line]
    assert code == 2
    assert errors == expected
    assert "Traceback" not in out + err
    assert "internal error" not in err
    n = len(expected)
    assert err.startswith(f"error: {case.name}: {n} error{'s' if n != 1 else ''}, ")


def test_missing_file(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(BROKEN)
    code, out, err = _run_check(capsys, "no-such-file.yaml")
    assert code == 2
    assert out.splitlines() == ["no-such-file.yaml: file not found"]
    assert "Traceback" not in err


def test_missing_file_suggests_a_near_name(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(BROKEN)
    code, out, _ = _run_check(capsys, "wrong-typ.yaml")
    assert code == 2
    assert out.splitlines() == ["wrong-typ.yaml: file not found (did you mean 'wrong-type.yaml'?)"]


def test_unknown_bundled_name(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run_check(capsys, "no-such-scenario")
    assert code == 2
    assert out.startswith("no-such-scenario: no such file or bundled scenario")
