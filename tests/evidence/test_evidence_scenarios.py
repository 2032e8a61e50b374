"""estimate_all over the bundled scenarios, exclusions, the summary, and sampling."""

from __future__ import annotations

import datetime as dt
import json
import re

import numpy as np
import pytest

from clausewitz.errors import UserError
from clausewitz.evidence import NoEvidenceError, estimate_all
from clausewitz.evidence.table import rich_table, select, summarize, text_lines
from clausewitz.prepare.sampling import sample
from clausewitz.scenario.loader import LoadedScenario, load_scenario
from clausewitz.scenario.parameters import collect_parameters

U = np.linspace(1e-9, 1 - 1e-9, 257)


@pytest.mark.parametrize("name", ["pokrovsk-2024", "pokrovsk-2025", "pokrovsk-2025-02", "tutorial"])
def test_every_parameter_becomes_a_bounded_monotone_distribution(name: str) -> None:
    loaded = load_scenario(name)
    table = collect_parameters(loaded)
    estimates = estimate_all(loaded)
    assert list(estimates) == list(table)
    for pname, est in estimates.items():
        entry = table[pname]
        assert (est.basis, est.unit, est.origin) == (entry.basis, entry.unit, entry.origin)
        x = est.ppf(U)
        assert np.all(np.isfinite(x)), pname
        assert np.all(x[1:] >= x[:-1]), pname
        low, high = entry.parameter.low, entry.parameter.high
        assert low is None or x.min() >= low, pname
        assert high is None or x.max() <= high, pname
        if est.basis == "evidence":
            assert [r.id for r in est.claims] == list(entry.claims)
            assert sum(r.share for r in est.claims) == pytest.approx(1.0)
        json.dumps(est.to_json(), allow_nan=False)


def test_the_engine_samples_estimates_directly(flagship: LoadedScenario) -> None:
    estimates = estimate_all(flagship)
    runs = np.arange(64)
    values = sample(estimates, seed=7, run_ids=runs)
    kpa = values["kpa-kursk-casualties"]
    assert kpa.shape == (64,)
    assert 2000.0 < float(np.median(kpa)) < 8000.0
    np.testing.assert_array_equal(
        kpa, sample(estimates, seed=7, run_ids=runs)["kpa-kursk-casualties"]
    )


def test_flagship_summary(flagship: LoadedScenario) -> None:
    estimates = estimate_all(flagship)
    shown = select(estimates)
    table = collect_parameters(flagship)
    written = [e for e in table.values() if e.origin != "default"]
    assert len(shown) == len(written)
    summary = summarize(shown, hidden_defaults=len(estimates) - len(shown))
    by_basis = {b: sum(1 for e in written if e.basis == b) for b in ("evidence", "assumption")}
    assert summary.by_basis["evidence"] == by_basis["evidence"]
    assert summary.by_basis["assumption"] == by_basis["assumption"]
    used = {c for e in written for c in e.claims}
    assert summary.claims == len(used)
    claim_source = {c.id: c.source for c in flagship.scenario.claims}
    assert summary.sources == len({claim_source[c] for c in used})
    text = summary.text()
    assert text.startswith(f"{len(shown)} parameters: {by_basis['evidence']} on evidence (")
    assert f"{summary.claims} claims from {summary.sources} sources" in text
    everything = select(estimates, include_defaults=True)
    assert len(everything) == len(estimates)


def test_dropping_a_source_re_fuses_without_its_claims(flagship: LoadedScenario) -> None:
    # UK Defence Intelligence is one voice among several on each parameter it informs
    full = estimate_all(flagship)
    dropped = estimate_all(flagship, exclude_sources=["ukdi-ki-2025-06-15"])
    kpa = dropped["kpa-kursk-casualties"]
    assert kpa.excluded == ("kpa-cas-ukdi-june",)
    assert [r.id for r in kpa.claims] == [
        r.id for r in full["kpa-kursk-casualties"].claims if r.id != "kpa-cas-ukdi-june"
    ]
    assert sum(r.share for r in kpa.claims) == pytest.approx(1.0)
    assert kpa.median < full["kpa-kursk-casualties"].median  # the highest estimate is gone
    assert dropped["kpa-kursk-deployed-initial"].excluded == ("kpa-deployed-ukdi",)
    assert dropped["ru-reserves"].median == full["ru-reserves"].median  # untouched


def test_dropping_the_only_source_of_a_parameter_is_a_no_evidence_error(
    flagship: LoadedScenario,
) -> None:
    table = collect_parameters(flagship)
    claims = table.claims_for("ru-reserves")
    sources = sorted({c.source for c in claims})
    with pytest.raises(NoEvidenceError) as info:
        estimate_all(flagship, exclude_sources=sources)
    assert "ru-reserves" in info.value.parameters
    assert "no claim left for" in str(info.value)


def test_unknown_exclusions_are_user_errors(flagship: LoadedScenario) -> None:
    with pytest.raises(UserError, match="cannot exclude unknown source 'nope'"):
        estimate_all(flagship, exclude_sources=["nope"])
    with pytest.raises(UserError, match="cannot exclude unknown claim 'nada'"):
        estimate_all(flagship, exclude_claims=["nada"])


def test_a_misspelt_exclusion_is_answered_with_the_id_meant(flagship: LoadedScenario) -> None:
    sources = sorted({c.source for c in flagship.scenario.claims})
    typo = sources[0][:-1]  # the last character lost
    with pytest.raises(UserError) as info:
        estimate_all(flagship, exclude_sources=[typo])
    meant = re.search(r"\(did you mean '([^']+)'\?\)", str(info.value))
    assert meant is not None, str(info.value)
    assert meant.group(1) in sources and meant.group(1).startswith(typo)


def test_a_claim_after_the_knowledge_date_is_refused_by_estimate_all(
    flagship: LoadedScenario,
) -> None:
    scenario = flagship.scenario
    claims = [
        c.model_copy(update={"date": dt.date(2025, 7, 20)}) if c.id == "kpa-cas-nis-april" else c
        for c in scenario.claims
    ]
    late = scenario.model_copy(update={"claims": claims})
    with pytest.raises(UserError, match="claim 'kpa-cas-nis-april' is dated 2025-07-20"):
        estimate_all(late)


def test_text_lines_show_grades_stated_values_and_shares(flagship: LoadedScenario) -> None:
    estimates = estimate_all(flagship)
    lines = text_lines(select(estimates, ["kpa-kursk-casualties", "ru-military-share-gdp"]))
    assert lines[0] == "kpa-kursk-casualties  [evidence: mixture of 5 claims]  troops"
    assert lines[1] == "    median 5,159  90% [3,162, 8,106]"
    row = next(line for line in lines if "kpa-cas-ukdi-june" in line)
    assert row.split()[-4:] == ["B2", ">=", "6,000", "30.8%"]
    assert any("6.3 percent" in line for line in lines)  # stated unit shown when it differs
    with pytest.raises(UserError, match="did you mean 'kpa-kursk-casualties'"):
        select(estimates, ["kpa-kursk-casualty"])


def test_rich_table_lists_claims_heaviest_first(flagship: LoadedScenario) -> None:
    from rich.console import Console

    estimates = estimate_all(flagship)
    fixed = next(
        e.name for e in estimates.values() if e.method == "fixed" and e.origin != "default"
    )
    console = Console(width=200, record=True, force_terminal=False)
    console.print(rich_table(select(estimates, ["kpa-kursk-casualties", fixed])))
    text = console.export_text()
    assert text.index("B2 >= 4,000  nis-herald-2025-03-31  31%") < text.index(
        "D5 <= 999  seed-toutiao-2025-07-05  1%"
    )
    assert "mixture of 5 claims" in text
    assert "(fixed)" in text
