"""Loading: positions, key paths, includes, the content hash, bundled names, errors."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from clausewitz.errors import ScenarioError
from clausewitz.scenario import catalogue, registry
from clausewitz.scenario.loader import check_scenario, load_scenario
from clausewitz.scenario.positions import Location
from clausewitz.scenario.schema import Parameter, Scenario

MINIMAL = Path(__file__).parent / "fixtures" / "minimal.yaml"


def _line_of(path: Path, text: str) -> int:
    """1-based number of the first line of ``path`` containing ``text``."""
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if text in line:
            return i
    raise AssertionError(f"{text!r} not in {path}")


def test_minimal_loads() -> None:
    loaded = load_scenario(MINIMAL)
    sc = loaded.scenario
    assert isinstance(sc, Scenario)
    assert sc.meta.name == "minimal"
    assert [s.id for s in sc.sources] == ["syrskyi-2025-06-27", "budget-law-2025"]
    assert sc.sides.attacker.contingents[0].troops == "ru-troops"
    frontage = sc.theatre.sectors[0].frontage
    assert isinstance(frontage, Parameter) and frontage.unit == "km" and frontage.value == 20
    assert loaded.files == [MINIMAL.resolve()]
    assert loaded.path == MINIMAL
    assert len(loaded.sha256) == 64


def test_minimal_has_only_the_assumptions_warning() -> None:
    loaded = load_scenario(MINIMAL)
    assert len(loaded.warnings) == 1
    warning = loaded.warnings[0]
    assert warning.severity == "warning"
    assert warning.path == "parameters"
    assert warning.message.startswith("20 parameters rest only on assumptions: ")
    assert "theatre.sectors.south.frontage" in warning.message
    assert "ru-troops" not in warning.message.split(": ", 1)[1].split(", ")


def test_positions_and_key_paths() -> None:
    loaded = load_scenario(MINIMAL)
    pos = loaded.positions
    unit_line = _line_of(MINIMAL, "    unit: percent")
    assert pos[("claims", 1, "unit")] == Location(str(MINIMAL), unit_line, 11)
    # ids may stand in for indexes
    assert pos.get(("claims", "ru-defence-share", "unit")) == pos[("claims", 1, "unit")]
    assert pos.resolve(("theatre", "sectors", "north", "frontage")) == (
        "theatre",
        "sectors",
        1,
        "frontage",
    )
    assert loaded.display(("claims", 1, "unit")) == "claims[ru-defence-share].unit"
    assert (
        loaded.display(("theatre", "objectives", 0, "encircled_when", 0, "depth"))
        == "theatre.objectives[hub].encircled_when[0].depth"
    )
    assert loaded.display(("parameters", "ru-troops", "from", 0)) == "parameters.ru-troops.from[0]"
    # a path that was not written falls back to its nearest written ancestor
    assert loaded.locate(("theatre", "sectors", 1, "belts")) == pos[("theatre", "sectors", 1)]
    assert pos.key(("meta", "horizon_days")) == Location(
        str(MINIMAL), _line_of(MINIMAL, "horizon_days"), 3
    )


def test_hash_tracks_content_not_location(tmp_path: Path) -> None:
    first = load_scenario(MINIMAL).sha256
    assert load_scenario(MINIMAL).sha256 == first
    moved = tmp_path / "elsewhere" / "renamed.yaml"
    moved.parent.mkdir()
    shutil.copy(MINIMAL, moved)
    assert load_scenario(moved).sha256 == first
    moved.write_text(MINIMAL.read_text().replace("horizon_days: 120", "horizon_days: 121"))
    assert load_scenario(moved).sha256 != first


def _split_minimal(tmp_path: Path) -> Path:
    """The minimal scenario split over three files; returns the main file."""
    text = MINIMAL.read_text(encoding="utf-8")
    head, rest = text.split("\nsources:\n", 1)
    sources, rest = rest.split("\nclaims:\n", 1)
    claims, rest = rest.split("\nparameters:\n", 1)
    params, rest = rest.split("\nsides:\n", 1)
    (tmp_path / "parts").mkdir()
    (tmp_path / "parts" / "evidence.yaml").write_text(
        "include: [params.yaml]\nsources:\n" + sources + "\nclaims:\n" + claims
    )
    (tmp_path / "parts" / "params.yaml").write_text("parameters:\n" + params)
    main = tmp_path / "main.yaml"
    main.write_text("include: [parts/evidence.yaml]\n" + head + "\nsides:\n" + rest)
    return main


def test_includes_give_the_same_scenario(tmp_path: Path) -> None:
    main = _split_minimal(tmp_path)
    loaded = load_scenario(main)
    reference = load_scenario(MINIMAL).scenario
    assert loaded.scenario.model_dump(exclude={"include"}) == reference.model_dump(
        exclude={"include"}
    )
    assert loaded.scenario.include == ["parts/evidence.yaml"]
    assert loaded.files == [
        main.resolve(),
        (tmp_path / "parts" / "evidence.yaml").resolve(),
        (tmp_path / "parts" / "params.yaml").resolve(),
    ]
    # positions point into the file where each value was written
    loc = loaded.positions[("claims", 0, "unit")]
    assert Path(loc.file).name == "evidence.yaml"
    loc = loaded.positions[("parameters", "ru-troops")]
    assert Path(loc.file).name == "params.yaml"


def test_lists_concatenate_in_file_order_and_shared_files_are_read_once(
    tmp_path: Path,
) -> None:
    source = (
        "  - {{id: {id}, title: t, publisher: p, url: 'https://x.org', date: 2025-01-01, "
        "reliability: C}}\n"
    )
    (tmp_path / "common.yaml").write_text("sources:\n" + source.format(id="common"))
    (tmp_path / "a.yaml").write_text(
        "include: [common.yaml]\nsources:\n" + source.format(id="from-a")
    )
    (tmp_path / "b.yaml").write_text(
        "include: [common.yaml]\nsources:\n" + source.format(id="from-b")
    )
    main = tmp_path / "main.yaml"
    main.write_text(
        "include: [a.yaml, b.yaml]\n"
        + MINIMAL.read_text().replace("sources:\n", "sources:\n" + source.format(id="main"), 1)
    )
    loaded = load_scenario(main)
    ids = [s.id for s in loaded.scenario.sources]
    assert ids[:4] == ["main", "syrskyi-2025-06-27", "budget-law-2025", "from-a"]
    assert ids[4:] == ["common", "from-b"]
    assert [p.name for p in loaded.files] == ["main.yaml", "a.yaml", "common.yaml", "b.yaml"]


def test_errors_in_an_included_file_name_that_file(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_bytes(b"sources:\n  - id: caf\xe9\n")
    main = tmp_path / "main.yaml"
    main.write_text("include: [bad.yaml]\n" + MINIMAL.read_text())
    result = check_scenario(main)
    assert [d.render() for d in result.errors] == [
        f"{tmp_path / 'bad.yaml'}:2:12: not valid UTF-8 (byte 0xe9) (save the file as UTF-8)"
    ]


def test_include_must_be_a_list_of_relative_paths(tmp_path: Path) -> None:
    main = tmp_path / "main.yaml"
    main.write_text("include: other.yaml\n" + MINIMAL.read_text())
    result = check_scenario(main)
    assert [d.message for d in result.errors] == ["include must be a list of relative paths"]
    main.write_text("include: [/etc/hosts, 3]\n" + MINIMAL.read_text())
    result = check_scenario(main)
    assert [(d.path, d.message) for d in result.errors] == [
        ("include[0]", "include path '/etc/hosts' is absolute"),
        ("include[1]", "an include is a relative file path"),
    ]


def test_load_raises_with_every_error(variant: Callable[..., Path]) -> None:
    path = variant(
        ("horizon_days: 120", "horizon_days: 0"),
        ("    source: budget-law-2025\n", "    source: budget\n"),
    )
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    found = [(d.path, d.message, d.hint) for d in info.value.diagnostics]
    assert found == [
        ("meta.horizon_days", "must be greater than 0, got 0", None),
        (
            "claims[ru-defence-share].source",
            "unknown source 'budget'",
            "known sources: budget-law-2025, syrskyi-2025-06-27",
        ),
    ]
    assert str(info.value).count("\n") == 1


def test_datetime_for_a_date_is_rejected(variant: Callable[..., Path]) -> None:
    path = variant(("  start_date: 2025-07-03", "  start_date: 2025-07-03T10:00:00"))
    result = check_scenario(path)
    assert [(d.path, d.message) for d in result.errors] == [
        (
            "meta.start_date",
            "expected a date without a time (YYYY-MM-DD), got '2025-07-03T10:00:00'",
        )
    ]


def test_bundled_scenario_by_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "scenarios"
    folder.mkdir()
    shutil.copy(MINIMAL, folder / "minimal-demo.yaml")
    (folder / "_fragment.yaml").write_text("sources: []\n")
    monkeypatch.setattr(registry, "scenarios_dir", lambda: folder)
    assert registry.bundled_names() == ["minimal-demo"]
    loaded = load_scenario("minimal-demo")
    assert loaded.scenario.meta.title == "Minimal test scenario"
    (item,) = catalogue.list_bundled()
    assert (item.name, item.title, str(item.knowledge_date), item.problem) == (
        "minimal-demo",
        "Minimal test scenario",
        "2025-07-06",
        "",
    )
    with pytest.raises(ScenarioError) as info:
        load_scenario("minimal-dem")
    assert str(info.value) == (
        "minimal-dem: no such file or bundled scenario (did you mean 'minimal-demo'?)"
    )


def test_broken_bundled_scenario_is_listed_with_its_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "scenarios"
    folder.mkdir()
    (folder / "broken.yaml").write_text("meta: [\n")
    monkeypatch.setattr(registry, "scenarios_dir", lambda: folder)
    (item,) = catalogue.list_bundled()
    assert item.name == "broken" and item.title == "" and item.knowledge_date is None
    assert "YAML syntax error" in item.problem


def test_x_keys_hold_anchors_and_are_ignored(variant: Callable[..., Path]) -> None:
    path = variant(
        (
            "parameters:\n",
            "x-map: &map {basis: assumption, unit: km, rationale: map reading}\n"
            "parameters:\n  belt-depth: {<<: *map, value: 6}\n",
        ),
        (
            "          depth: {basis: assumption, unit: km, value: 6, rationale: map reading}\n",
            "          depth: belt-depth\n",
        ),
    )
    loaded = load_scenario(path)
    depth = loaded.scenario.parameters["belt-depth"]
    assert (depth.unit, depth.value, depth.basis) == ("km", 6, "assumption")
