"""``clausewitz battle``: Iwo Jima's published checkpoints, the laws, phases, JSON, bad files."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from clausewitz.battle import integrate, load_battle, parse_battle, simulate
from clausewitz.cli.main import run
from clausewitz.errors import ScenarioError

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "battles"

# Helmbold's "Iwo Jima Spreadsheet" (CAA 1993, PAR datadisk IWOJIMA.csv), the "Calc'd US End"
# and "Jap End" columns at the end of D-Day + n, as published.
HELMBOLD_US = {
    0: 28674.66629,
    1: 28549.33258,
    5: 52279.7591202448,
    10: 58248.3579503109,
    20: 51565.6968084095,
    29: 49764.1750075037,
    35: 49764.1750075037,
}
HELMBOLD_JAPAN = {
    0: 21449.0,
    1: 21013.7185657178,
    5: 18901.6656970898,
    10: 14646.3169648959,
    20: 6325.40762262142,
    28: 188.630131658655,
    29: 0.0,
}


def six_figures(got: float, want: float) -> bool:
    return want == got if want == 0 else abs(got - want) <= 5e-6 * abs(want)


def test_iwo_jima_reproduces_helmbolds_published_checkpoints_to_six_figures() -> None:
    result = simulate(load_battle(EXAMPLES / "iwo_jima_helmbold.yaml"))
    for day, want in HELMBOLD_US.items():
        assert six_figures(result.at(day + 1).x, want), (day, result.at(day + 1).x, want)
    for day, want in HELMBOLD_JAPAN.items():
        assert six_figures(result.at(day + 1).y, want), (day, result.at(day + 1).y, want)
    assert result.final.t == 36
    assert six_figures(result.final.x, 49764.1750075037)


def test_every_day_of_the_sheet_is_reproduced() -> None:
    from clausewitz.validation.iwo_jima import check_iwo_jima

    check = check_iwo_jima(n_boot=19)
    assert check.sheet.days == 36
    assert check.max_rel_error < 5e-6
    assert check.reproduced
    assert check.to_dict()["japanese_zero_day"] == 29


def test_engels_iwo_jima_file_follows_the_update_rule() -> None:
    spec = load_battle(EXAMPLES / "iwo_jima.yaml")
    result = simulate(spec)
    # day 1: losses from the day-0 strengths; no landing yet
    x1 = 54000 - 0.0544 * 21000
    y1 = 21000 - 0.0106 * 54000
    assert result.at(1).x == pytest.approx(x1, rel=1e-12)
    assert result.at(1).y == pytest.approx(y1, rel=1e-12)
    # day 2: the 6,000 join at the end of the first phase
    x2 = x1 + 6000 - 0.0544 * y1
    assert result.at(2).x == pytest.approx(x2, rel=1e-12)
    ends = result.phase_ends()
    assert [p.t for p in ends] == [0, 2, 5, 36]
    # the 13,000 of day 5 are in the strength at t = 5
    x4, y4 = result.at(4).x, result.at(4).y
    assert result.at(5).x == pytest.approx(x4 + 13000 - 0.0544 * y4, rel=1e-12)
    assert result.final.y == 0.0 and result.final.x > 40000


def _battle(law: str, extra: str = "", phases: str = "duration: 3") -> str:
    return (
        f"law: {law}\nstep: day\n{extra}"
        "x: {initial: 1000, kills: 0.01}\ny: {initial: 500, kills: 0.02}\n" + phases + "\n"
    )


@pytest.mark.parametrize(
    ("law", "extra", "dx", "dy"),
    [
        ("square", "", 0.02 * 500, 0.01 * 1000),
        ("linear", "", 0.02 * 500 * 1000, 0.01 * 1000 * 500),
        ("logarithmic", "", 0.02 * 1000, 0.01 * 500),
        ("generalised", "exponents: {a: 0.5, b: 0.25}\n", 0.02 * 500**0.5 * 1000**0.25, None),
    ],
)
def test_one_step_of_each_law(law: str, extra: str, dx: float, dy: float | None) -> None:
    # kills are small enough for the linear law here only because it is a check of one step
    result = simulate(parse_battle(_battle(law, extra, "duration: 1")))
    assert result.final.x == pytest.approx(max(0.0, 1000 - dx), rel=1e-12)
    if dy is None:
        dy = 0.01 * 1000**0.5 * 500**0.25
    assert result.final.y == pytest.approx(max(0.0, 500 - dy), rel=1e-12)


def test_per_side_exponents_override_the_common_ones() -> None:
    text = (
        "law: generalised\nexponents: {a: 1, b: 0}\n"
        "x: {initial: 1000, kills: 0.01, exponents: {a: 0, b: 1}}\n"
        "y: {initial: 500, kills: 0.02}\nduration: 1\n"
    )
    result = simulate(parse_battle(text))
    assert result.final.y == pytest.approx(500 - 0.01 * 500, rel=1e-12)  # x: logarithmic
    assert result.final.x == pytest.approx(1000 - 0.02 * 500, rel=1e-12)  # y: square


def test_whole_phase_steps_take_one_step_per_phase() -> None:
    text = _battle(
        "square",
        "phase_step: whole\n",
        "phases:\n  - {duration: 2.5, reinforcements: {y: 100}}\n  - {duration: 1}",
    )
    result = simulate(parse_battle(text))
    assert [p.t for p in result.trajectory] == [0.0, 2.5, 3.5]
    x1 = 1000 - 0.02 * 500 * 2.5
    y1 = 500 + 100 - 0.01 * 1000 * 2.5
    assert result.trajectory[1].x == pytest.approx(x1)
    assert result.trajectory[1].y == pytest.approx(y1)
    assert result.final.x == pytest.approx(x1 - 0.02 * y1)


@given(
    x0=st.floats(1.0, 1e6),
    y0=st.floats(1.0, 1e6),
    kx=st.floats(0.0, 0.5),
    ky=st.floats(0.0, 0.5),
    a=st.floats(0.0, 1.5),
    b=st.floats(0.0, 1.5),
    steps=st.integers(1, 40),
)
def test_without_reinforcements_strengths_fall_and_stay_non_negative(
    x0: float, y0: float, kx: float, ky: float, a: float, b: float, steps: int
) -> None:
    traj = integrate(x0, y0, kx, ky, (a, b), (a, b), [(float(steps), 0.0, 0.0)])
    xs = np.array([p.x for p in traj])
    ys = np.array([p.y for p in traj])
    assert np.all(xs >= 0) and np.all(ys >= 0)
    assert np.all(np.diff(xs) <= 0) and np.all(np.diff(ys) <= 0)
    assert len(traj) == steps + 1


@given(x0=st.floats(100.0, 1e5), y0=st.floats(100.0, 1e5), k=st.floats(1e-4, 0.05))
def test_generalised_law_with_square_exponents_is_the_square_law(
    x0: float, y0: float, k: float
) -> None:
    sq = integrate(x0, y0, k, 2 * k, (1.0, 0.0), (1.0, 0.0), [(10.0, 0.0, 0.0)])
    gen = simulate(
        parse_battle(
            f"law: generalised\nexponents: {{a: 1, b: 0}}\nx: {{initial: {x0!r}, kills: {k!r}}}\n"
            f"y: {{initial: {y0!r}, kills: {2 * k!r}}}\nduration: 10\n"
        )
    )
    assert [(p.x, p.y) for p in gen.trajectory] == [(p.x, p.y) for p in sq]


def test_json_output_has_the_documented_shape(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["battle", str(EXAMPLES / "iwo_jima.yaml"), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out["final"]) == {"x", "y"}
    assert all(set(p) == {"t", "x", "y"} for p in out["trajectory"])
    # the start and each phase's end
    assert [p["t"] for p in out["trajectory"]] == [0, 2, 5, 36]
    assert out["final"]["x"] == out["trajectory"][-1]["x"]
    assert run(["battle", str(EXAMPLES / "iwo_jima.yaml"), "--json", "--every-step"]) == 0
    every = json.loads(capsys.readouterr().out)
    assert len(every["trajectory"]) == 37


def test_text_output_names_the_phases(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["battle", str(EXAMPLES / "iwo_jima.yaml")]) == 0
    text = capsys.readouterr().out
    assert "second landing" in text and "final: t=36 days" in text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("law: cubic\nx: {initial: 1, kills: 1}\ny: {initial: 1, kills: 1}\nduration: 1\n",
         ["bad.yaml:1:6: law: must be"]),
        ("law: square\nx: {initial: -5, kills: 1}\ny: {initial: 1, kills: 1}\nduration: 1\n",
         ["bad.yaml:2:14: x.initial: must be greater than or equal to 0"]),
        ("law: square\nx: {initial: 5, kills: 1, foo: 2}\ny: {initial: 1, kills: 1}\n"
         "duration: 1\n", ["bad.yaml:2:27: x.foo: unknown key"]),
        ("law: square\nx: [1,\n", ["bad.yaml:3:1: YAML syntax error"]),
        ("law: generalised\nx: {initial: 5, kills: 1}\ny: {initial: 1, kills: 1}\nduration: 1\n",
         ["bad.yaml:1:6: law: the generalised law needs exponents"]),
        ("law: square\nx: {initial: 5, kills: 1}\ny: {initial: 1, kills: 1}\n"
         "phases:\n  - {duration: 1.5}\n", ["bad.yaml:5:16: phases[0].duration: duration 1.5"]),
        ("law: square\nexponents: {a: 1, b: 1}\nx: {initial: 5, kills: 1}\n"
         "y: {initial: 1, kills: 1}\n", ["bad.yaml:2:12: exponents: exponents are fixed",
                                        "bad.yaml:1:1: duration: give either"]),
    ],
)  # fmt: skip
def test_bad_battle_files_give_file_line_errors_and_exit_2(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    text: str,
    expected: list[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("bad.yaml").write_text(text, encoding="utf-8")
    assert run(["battle", "bad.yaml"]) == 2
    err = capsys.readouterr().err
    for piece in expected:
        assert piece in err, err
    assert "Traceback" not in err
    with pytest.raises(ScenarioError):
        load_battle("bad.yaml")


def test_a_missing_file_is_a_user_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["battle", "no/such/battle.yaml"]) == 2
    assert "battle file not found" in capsys.readouterr().err
