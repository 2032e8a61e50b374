"""Tables of joint draws in the scenario language: a scenario with one checks, shows its
parameters and runs (every run takes one whole row), and bad tables or references get a
located error."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from clausewitz import api
from clausewitz.evidence import estimate_all
from clausewitz.evidence.distributions import Empirical
from clausewitz.prepare.prepared import PreparedScenario
from clausewitz.scenario import registry
from clausewitz.scenario.loader import check_scenario, load_scenario
from clausewitz.scenario.parameters import collect_parameters, format_value

ROWS = [[0.02, 0.3], [0.04, 0.4], [0.06, 0.5], [0.08, 0.6]]


def _tutorial_with_draws(
    folder: Path, *, edit: tuple[str, str] | None = None, csv: bool = False
) -> Path:
    """The tutorial with its missing share and wounded-return share drawn jointly (the rows
    as a YAML list, or as a csv block)."""
    bundled = registry.find_bundled("tutorial")
    assert bundled is not None
    text = bundled.read_text(encoding="utf-8")
    old_missing = (
        '  missing-share: {unit: "1", basis: assumption, value: 0.05, '
        "rationale: No sourced split of losses.}"
    )
    old_back = (
        '  wounded-return-share: {unit: "1", basis: assumption, value: 0.5, '
        "rationale: No figure found; half the wounded return.}"
    )
    assert old_missing in text and old_back in text
    text = text.replace(
        old_missing,
        '  missing-share: {unit: "1", basis: assumption, rationale: Joint with the return share.,'
        " distribution: {kind: draws, table: joint, column: missing}}",
    ).replace(
        old_back,
        '  wounded-return-share: {unit: "1", basis: assumption, rationale: Joint with missing.,'
        " distribution: {kind: draws, table: joint, column: back}}",
    )
    head = "draws:\n  joint:\n    description: test\n    columns: [missing, back]\n"
    if csv:
        rows = "".join(f"      {a},{b}\n" for a, b in ROWS)
        table = f"{head}    csv: |\n{rows}\n"
    else:
        rows = "".join(f"      - [{a}, {b}]\n" for a, b in ROWS)
        table = f"{head}    rows:\n{rows}\n"
    text = text.replace("\nsides:\n", f"\n{table}sides:\n", 1)
    if edit is not None:
        assert edit[0] in text, edit[0]
        text = text.replace(edit[0], edit[1], 1)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "tutorial.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("csv", [False, True])
def test_a_scenario_with_draws_checks_and_shows_its_columns(tmp_path: Path, csv: bool) -> None:
    result = check_scenario(_tutorial_with_draws(tmp_path, csv=csv))
    assert result.loaded is not None, [str(e) for e in result.errors]
    estimates = estimate_all(result.loaded)
    missing = estimates["missing-share"].distribution
    assert isinstance(missing, Empirical)
    assert (missing.table, missing.column, missing.n) == ("joint", "missing", 4)
    assert estimates["wounded-return-share"].median == pytest.approx(0.5)
    assert estimates["missing-share"].to_json()["distribution"]["kind"] == "draws"
    assert result.loaded.scenario.draws["joint"].rows == ROWS
    table = collect_parameters(result.loaded)
    assert format_value(table["missing-share"].parameter) == "draws(table=joint, column=missing)"


def test_runs_take_whole_rows_and_run_end_to_end(tmp_path: Path) -> None:
    loaded = load_scenario(_tutorial_with_draws(tmp_path / "s"))
    samples = PreparedScenario(loaded, seed=4).base_samples(400)
    pairs = list(zip(samples["missing-share"], samples["wounded-return-share"], strict=True))
    assert {tuple(map(float, p)) for p in pairs} == {tuple(r) for r in ROWS}
    # the two columns are perfectly correlated in the table, so in the runs
    assert np.corrcoef(samples["missing-share"], samples["wounded-return-share"])[0, 1] > 0.999
    # a chunked run gives every run the values it has in one go
    again = PreparedScenario(loaded, seed=4).sample(np.arange(150, 170, dtype=np.int64))
    np.testing.assert_array_equal(again["missing-share"], samples["missing-share"][150:170])
    result = api.run(loaded, runs=16, seed=4, days=20, out=tmp_path / "out")
    assert len(result.runs) == 16


@pytest.mark.parametrize(
    ("old", "new", "where", "message"),
    [
        ("table: joint, column: missing", "table: jiont, column: missing",
         "parameters.missing-share.distribution.table", "unknown draws table 'jiont'"),
        ("column: back}", "column: bak}",
         "parameters.wounded-return-share.distribution.column",
         "draws table 'joint' has no column 'bak'"),
        ("- [0.04, 0.4]", "- [0.04]",
         "draws.joint", "row 1 has 1 value(s), the table has 2 column(s)"),
        ("- [0.04, 0.4]", "- [.nan, 0.4]", "draws.joint.rows[1][0]", "finite"),
        ("- [0.04, 0.4]", "- [0.04, .inf]", "draws.joint.rows[1][1]", "finite"),
        ("- [0.04, 0.4]", "- [0.04, 1.4]",
         "parameters.wounded-return-share.distribution.column", "must be at most 1, got 1.4"),
        ("columns: [missing, back]", "columns: [back, back]",
         "draws.joint", "duplicate column(s) back"),
    ],
)  # fmt: skip
def test_bad_tables_get_located_errors(
    tmp_path: Path, old: str, new: str, where: str, message: str
) -> None:
    result = check_scenario(_tutorial_with_draws(tmp_path, edit=(old, new)))
    assert result.loaded is None
    hits = [e for e in result.errors if e.path == where and message in e.message]
    assert hits, [str(e) for e in result.errors]
    assert hits[0].file.endswith("tutorial.yaml") and hits[0].line is not None


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("0.04,0.4", "0.04", "csv line 2 has 1 value(s), the table has 2 column(s)"),
        ("0.04,0.4", "0.04,abc", "csv line 2: 'abc' is not a number"),
        ("0.04,0.4", "0.04,nan", "csv line 2: nan is not a finite number"),
        # float() would read these as 10 and 1: typos, not numbers
        ("0.04,0.4", "0.04,1_0", "csv line 2: '1_0' is not a number"),
        ("0.04,0.4", "0.04,\u0661", "csv line 2: '\u0661' is not a number"),
        ("0.04,0.4", "0.04,1.4", "must be at most 1, got 1.4"),
        ("    csv: |", "    rows: [[0.1, 0.2]]\n    csv: |", "not both"),
    ],
)
def test_bad_csv_blocks_get_located_errors(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    result = check_scenario(_tutorial_with_draws(tmp_path, edit=(old, new), csv=True))
    assert result.loaded is None
    hits = [e for e in result.errors if message in e.message]
    assert hits, [str(e) for e in result.errors]
    assert hits[0].path.startswith(("draws.joint", "parameters.wounded-return-share"))
    assert hits[0].file.endswith("tutorial.yaml") and hits[0].line is not None


THREE_COLUMNS = (
    "columns: [missing, back]\n    rows:\n" + "".join(f"      - [{a}, {b}]\n" for a, b in ROWS),
    "columns: [missing, back, extra]\n    rows:\n"
    + "".join(f"      - [{a}, {b}, 1]\n" for a, b in ROWS),
)


@pytest.mark.parametrize(
    ("edit", "where", "message"),
    [
        (("draws:\n  joint:\n", "draws:\n  spare:\n    columns: [a]\n    rows: [[1]]\n  joint:\n"),
         "draws.spare", "draws table 'spare' is not used by any parameter"),
        (THREE_COLUMNS, "draws.joint.columns[2]",
         "column 'extra' of draws table 'joint' is not used by any parameter"),
    ],
)  # fmt: skip
def test_a_table_or_column_no_parameter_takes_is_warned_about(
    tmp_path: Path, edit: tuple[str, str], where: str, message: str
) -> None:
    result = check_scenario(_tutorial_with_draws(tmp_path, edit=edit))
    assert result.loaded is not None, [str(e) for e in result.errors]
    hits = [w for w in result.warnings if w.path == where and message in w.message]
    assert hits, [str(w) for w in result.warnings]
    assert hits[0].file.endswith("tutorial.yaml") and hits[0].line is not None
    # a table whose every column is taken draws no warning
    clean = check_scenario(_tutorial_with_draws(tmp_path / "clean"))
    assert not [w for w in clean.warnings if w.path.startswith("draws")]


def test_global_sensitivity_says_a_tables_columns_are_varied_independently(
    tmp_path: Path,
) -> None:
    from clausewitz.sensitivity.global_run import global_sensitivity

    loaded = load_scenario(_tutorial_with_draws(tmp_path))
    res = global_sensitivity(
        loaded,
        "attacker_losses",
        method="morris",
        parameters=["missing-share", "wounded-return-share", "ru-killed-share"],
        runs=2,
        seed=1,
        days=5,
        samples=2,
    )
    joint = [n for n in res.notes if "draws table 'joint'" in n]
    assert len(joint) == 1, res.notes
    assert "missing-share, wounded-return-share are columns" in joint[0]
    assert "independently" in joint[0] and "ru-killed-share" not in joint[0]


@pytest.mark.parametrize(
    ("csv", "old", "new", "message"),
    [
        (False, "- [0.04, 0.4]", "- [0.04, 1.4]",
         "column 'back' of draws table 'joint', row 1: must be at most 1, got 1.4"),
        (True, "0.04,0.4", "\n      0.04,1.4",
         "column 'back' of draws table 'joint', csv line 3: must be at most 1, got 1.4"),
        (True, "0.02,0.3", "-0.02,0.3",
         "column 'missing' of draws table 'joint', csv line 1: must not be negative"),
        # a hard bound of the parameter: the row of the value beyond it
        (False, "column: back}", "column: back}, high: 0.55",
         "outside the parameter's bounds [-inf, 0.55] (0.6 in row 3)"),
    ],
)  # fmt: skip
def test_a_value_a_field_refuses_names_its_table_and_row(
    tmp_path: Path, csv: bool, old: str, new: str, message: str
) -> None:
    # the table may be in another file than the parameter: the error must say which row
    result = check_scenario(_tutorial_with_draws(tmp_path, edit=(old, new), csv=csv))
    assert result.loaded is None
    assert [e for e in result.errors if message in e.message], [str(e) for e in result.errors]
