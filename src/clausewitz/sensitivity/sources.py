"""Source sensitivity: which sources (and claims) the answer hinges on.

Each source in turn (then each claim) is dropped: every parameter it informs is re-fused from
the remaining claims (:func:`clausewitz.evidence.estimate_parameter` with the exclusion), and
the scenario is re-run on the *same* runs (same seed: each parameter is drawn as ``ppf(u)`` of
the same uniform, so a run's draw moves only as far as the distribution moved; every other
draw is unchanged). Sources are ranked by how much the KPI moves, and, when two strategies of
a side are compared, by whether their ranking on the KPI flips: "the answer flips if source S
is wrong".

Three outcomes per source or claim:

* **assessed**: the KPI with it dropped, its shift from the KPI with every source (a paired
  difference over the common runs, with a 95% interval), and the comparison's difference;
* **sole support**: some parameter the model uses rests on it alone, so without it that
  parameter has no distribution at all (the evidence layer refuses to invent one). Nothing is
  simulated; the parameters are listed (vary them directly, e.g. in the tornado);
* **unused**: it informs only parameters the model does not use (observations kept for
  calibration); the KPI cannot move, and nothing is simulated.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from clausewitz.engine.plan import SIDES
from clausewitz.errors import UserError
from clausewitz.evidence import Evidence, NoEvidenceError, estimate_parameter
from clausewitz.prepare.prepared import DEFAULT_MAX_ROWS, PreparedScenario
from clausewitz.prepare.sampling import sample
from clausewitz.scenario.loader import LoadedScenario
from clausewitz.sensitivity.kpis import RunValues, difference, per_run
from clausewitz.sensitivity.model import Progress, RunCounter, build_model, strategy_key
from clausewitz.stats.interval import Interval

F64 = NDArray[np.float64]
Kind = Literal["source", "claim"]
Status = Literal["assessed", "sole support", "unused"]


@dataclass(frozen=True)
class Compare:
    """Two strategies of one side to rank against each other."""

    side: str
    first: str
    second: str


def parse_compare(text: str, loaded: LoadedScenario | None = None) -> Compare:
    """``SIDE=A,B`` or ``A,B`` (the side is then the one whose scenario strategies list both;
    :class:`UserError` if that is not exactly one side)."""
    side, sep, rest = text.partition("=")
    names = [n.strip() for n in (rest if sep else text).split(",")]
    if len(names) != 2 or not all(names) or names[0] == names[1]:
        raise UserError(f"--compare {text!r}: expected [SIDE=]A,B with two different strategies")
    if sep:
        side = side.strip()
        if side not in SIDES:
            raise UserError(
                f"--compare {text!r}: unknown side {side!r} (sides: {', '.join(SIDES)})"
            )
        return Compare(side, names[0], names[1])
    sides = []
    if loaded is not None:
        for s in SIDES:
            available = loaded.scenario.strategies.get(s) or {}  # type: ignore[call-overload]
            if all(n in available for n in names):
                sides.append(s)
    if len(sides) != 1:
        raise UserError(
            f"--compare {text!r}: cannot tell which side's strategies these are; "
            f"write SIDE={text}, e.g. attacker={text}"
        )
    return Compare(sides[0], names[0], names[1])


@dataclass(frozen=True)
class Drop:
    """The KPI with one source or claim dropped."""

    kind: Kind
    id: str
    grade: str
    """A source's reliability (``B``), a claim's Admiralty grade (``B2``)."""
    label: str
    """A source's title and publisher, or a claim's statement."""
    status: Status
    parameters: tuple[str, ...]
    """Parameters the model uses whose distribution it changes (for sole support: those it
    alone supports)."""
    kpi: dict[str, float] = field(default_factory=dict)
    """Strategy label → KPI with it dropped (assessed only)."""
    shift: dict[str, Interval] = field(default_factory=dict)
    """Strategy label → KPI with it dropped minus KPI with every source (paired)."""
    comparison: Interval | None = None
    """First minus second compared strategy, with it dropped."""
    flips: bool = False
    """The comparison's sign differs from the one with every source."""

    @property
    def max_shift(self) -> float:
        """Largest ``|shift|`` over the strategies (0 unless assessed)."""
        values = [abs(d.estimate) for d in self.shift.values() if math.isfinite(d.estimate)]
        return max(values, default=0.0)

    def to_json(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "kind": self.kind,
            "id": self.id,
            "grade": self.grade,
            "label": self.label,
            "status": self.status,
            "parameters": list(self.parameters),
            "kpi": dict(self.kpi),
            "shift": {k: _diff_json(d) for k, d in self.shift.items()},
            "max_shift": self.max_shift,
            "comparison": _diff_json(self.comparison) if self.comparison else None,
            "flips": self.flips,
        }


def _diff_json(d: Interval) -> dict[str, Any]:
    return {
        "diff": d.estimate,
        "ci_low": d.low,
        "ci_high": d.high,
        "n": d.n,
        "significant": d.excludes(0.0),
    }


@dataclass(frozen=True)
class SourceSensitivity:
    """Every source's and claim's effect on the KPI, ranked."""

    kpi: str
    strategies: dict[str, dict[str, str]]
    """Strategy label → both sides' strategy names."""
    compare: Compare | None
    runs: int
    seed: int
    days: int
    base: dict[str, float]
    """Strategy label → KPI with every source."""
    base_comparison: Interval | None
    sources: list[Drop]
    claims: list[Drop]

    def flips(self) -> list[Drop]:
        """Sources and claims whose removal flips the compared strategies' ranking."""
        return [d for d in (*self.sources, *self.claims) if d.flips]

    def statements(self) -> list[str]:
        """ "The answer flips if source S is wrong" for every flip, in plain words."""
        if self.compare is None or self.base_comparison is None:
            return []
        c = self.compare
        out = []
        for d in self.flips():
            assert d.comparison is not None
            sig = "" if d.comparison.excludes(0.0) else " (within noise: the interval spans 0)"
            out.append(
                f"The answer flips if {d.kind} {d.id} is wrong: {c.first} − {c.second} on "
                f"{self.kpi} is {self.base_comparison.estimate:+.4g} with every source and "
                f"{d.comparison.estimate:+.4g} without it{sig}."
            )
        return out

    def to_json(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "kpi": self.kpi,
            "strategies": self.strategies,
            "compare": None if self.compare is None else self.compare.__dict__,
            "runs": self.runs,
            "seed": self.seed,
            "days": self.days,
            "base": self.base,
            "base_comparison": (
                None if self.base_comparison is None else _diff_json(self.base_comparison)
            ),
            "statements": self.statements(),
            "sources": [d.to_json() for d in self.sources],
            "claims": [d.to_json() for d in self.claims],
        }


@dataclass(frozen=True)
class _Case:
    kind: Kind
    id: str
    grade: str
    label: str
    parameters: tuple[str, ...]
    sole: tuple[str, ...]
    replaced: dict[str, Any]
    """Re-fused estimates of the affected parameters (empty unless assessed)."""


def _cases(model: PreparedScenario, kind: Kind, ids: Sequence[str]) -> list[_Case]:
    evidence = Evidence.from_scenario(model.loaded.scenario)
    known = evidence.sources if kind == "source" else evidence.claims
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise UserError(f"unknown {kind} '{unknown[0]}'")
    out = []
    for ident in ids:
        affected = []
        for name, est in model.estimates.items():
            if not model.table[name].used:
                continue
            hit = any((c.source if kind == "source" else c.id) == ident for c in est.claims)
            if hit:
                affected.append(name)
        replaced: dict[str, Any] = {}
        sole: list[str] = []
        for name in affected:
            try:
                replaced[name] = estimate_parameter(
                    name,
                    model.table[name].parameter,
                    evidence,
                    exclude_sources=[ident] if kind == "source" else (),
                    exclude_claims=[ident] if kind == "claim" else (),
                )
            except NoEvidenceError:
                sole.append(name)
        if kind == "source":
            s = evidence.sources[ident]
            grade, label = str(s.reliability), f"{s.title} ({s.publisher})"
        else:
            c = evidence.claims[ident]
            grade = f"{evidence.sources[c.source].reliability}{c.credibility}"
            label = c.statement
        out.append(_Case(kind, ident, grade, label, tuple(affected), tuple(sole), replaced))
    return out


def _status(case: _Case) -> Status:
    if case.sole:
        return "sole support"
    return "assessed" if case.parameters else "unused"


def check_compare(strategies: Mapping[str, str] | None, compare: Compare | None) -> dict[str, str]:
    """The strategies given, refused when they also set the side ``compare`` varies."""
    given = dict(strategies or {})
    if compare is not None and compare.side in given:
        raise UserError(
            f"--compare sets the {compare.side}'s strategy; do not also give it with --strategy"
        )
    return given


def _drops(
    cases: list[_Case],
    simulated: list[_Case],
    values: Mapping[str, list[RunValues]],
    compare: Compare | None,
    base_cmp: Interval | None,
) -> list[Drop]:
    """Each case's drop: the KPI without it, its shift and whether it flips the comparison
    (``values[label][i + 1]`` are the runs without ``simulated[i]``, ``[0]`` with everything)."""
    by_id = {id(c): i + 1 for i, c in enumerate(simulated)}
    drops: list[Drop] = []
    for case in cases:
        status = _status(case)
        if status != "assessed":
            params = case.sole if status == "sole support" else ()
            drops.append(Drop(case.kind, case.id, case.grade, case.label, status, params))
            continue
        i = by_id[id(case)]
        cmp = _comparison(values, compare, i)
        drops.append(
            Drop(
                case.kind,
                case.id,
                case.grade,
                case.label,
                status,
                case.parameters,
                kpi={label: v[i].mean() for label, v in values.items()},
                shift={label: difference(v[i], v[0]) for label, v in values.items()},
                comparison=cmp,
                flips=_flips(base_cmp, cmp),
            )
        )
    return drops


def source_sensitivity(
    scenario: str | os.PathLike[str] | LoadedScenario,
    kpi: str,
    *,
    strategies: Mapping[str, str] | None = None,
    compare: Compare | None = None,
    runs: int = 200,
    seed: int = 0,
    days: int | None = None,
    sources: Sequence[str] | None = None,
    claims: Sequence[str] | None = None,
    progress: Progress | None = None,
) -> SourceSensitivity:
    """Drop each source, then each claim, re-fuse, re-run on the same runs, and rank.

    ``strategies`` fixes the sides' strategies (the scenario's defaults otherwise); with
    ``compare`` both of its strategies run for its side, and a drop *flips* the answer when
    the sign of ``KPI(first) - KPI(second)`` changes. ``sources`` / ``claims`` restrict the
    drops (default: all; ``claims=[]`` skips claims).
    """
    if runs < 2:
        raise UserError(f"--runs must be at least 2 (got {runs})")
    model = build_model(scenario, kpi, seed=seed, days=days)
    evidence = Evidence.from_scenario(model.loaded.scenario)
    given = check_compare(strategies, compare)
    combos: dict[str, dict[str, str]] = {}
    if compare is not None:
        for name in (compare.first, compare.second):
            combos[name] = model.strategies({**given, compare.side: name}).names
    else:
        names = model.strategies(given).names
        combos[strategy_key(names)] = names
    cases = _cases(model, "source", list(evidence.sources) if sources is None else sources)
    cases += _cases(model, "claim", list(evidence.claims) if claims is None else claims)
    simulated = [c for c in cases if _status(c) == "assessed"]
    counter = RunCounter((1 + len(simulated)) * runs * len(combos), progress)
    base_samples = model.base_samples(runs)
    ids = np.arange(runs, dtype=np.int64)

    def case_samples(case: _Case | None) -> dict[str, F64]:
        if case is None:
            return dict(base_samples)
        fresh = sample(case.replaced, seed, ids, bounds=model.bounds)
        return {**base_samples, **fresh}

    # every case on every combination, in batches of whole cases (bounded memory)
    all_cases: list[_Case | None] = [None, *simulated]
    per_batch = max(1, DEFAULT_MAX_ROWS // runs)
    values: dict[str, list[RunValues]] = {label: [] for label in combos}
    for lo in range(0, len(all_cases), per_batch):
        batch = all_cases[lo : lo + per_batch]
        parts = [case_samples(c) for c in batch]
        samples = {k: np.concatenate([p[k] for p in parts]) for k in base_samples}
        run_ids = np.tile(ids, len(batch))
        for label, names in combos.items():
            outcomes = model.simulate_rows(
                samples, run_ids, model.strategies(names), rows_done=counter
            )
            rv = per_run(outcomes, kpi)
            values[label] += [rv.slice(i * runs, (i + 1) * runs) for i in range(len(batch))]
    base = {label: v[0].mean() for label, v in values.items()}
    base_cmp = _comparison(values, compare, 0)
    drops = _drops(cases, simulated, values, compare, base_cmp)
    return SourceSensitivity(
        kpi=kpi,
        strategies=combos,
        compare=compare,
        runs=runs,
        seed=seed,
        days=model.days,
        base=base,
        base_comparison=base_cmp,
        sources=_ranked([d for d in drops if d.kind == "source"]),
        claims=_ranked([d for d in drops if d.kind == "claim"]),
    )


def _comparison(
    values: Mapping[str, list[RunValues]], compare: Compare | None, i: int
) -> Interval | None:
    if compare is None:
        return None
    return difference(values[compare.first][i], values[compare.second][i])


def _flips(base: Interval | None, case: Interval | None) -> bool:
    if base is None or case is None:
        return False
    if not (math.isfinite(base.estimate) and math.isfinite(case.estimate)):
        return False
    return base.estimate * case.estimate < 0.0


_ORDER: dict[str, int] = {"assessed": 0, "sole support": 1, "unused": 2}


def _ranked(drops: list[Drop]) -> list[Drop]:
    """Assessed first (flips first, then by largest shift), then sole support, then unused."""
    key: Callable[[Drop], tuple[int, int, float, str]] = lambda d: (  # noqa: E731
        _ORDER[d.status],
        0 if d.flips else 1,
        -d.max_shift,
        d.id,
    )
    return sorted(drops, key=key)
