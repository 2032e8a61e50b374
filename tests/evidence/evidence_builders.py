"""Small builders for in-memory sources, claims and parameters (no YAML involved)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from clausewitz.evidence import Evidence, ParameterEstimate, estimate_parameter
from clausewitz.evidence.grading import weight_policy
from clausewitz.scenario.schema import Claim, EvidencePolicy, Parameter, Source

KNOWLEDGE_DATE = dt.date(2025, 7, 6)


def source(
    sid: str = "src-b", reliability: str = "B", affiliation: str = "neutral", **kw: Any
) -> Source:
    """A source dated before the knowledge date."""
    return Source(
        id=sid,
        title=f"title of {sid}",
        publisher="publisher",
        url=f"https://example.org/{sid}",
        date=kw.pop("date", dt.date(2025, 6, 1)),
        reliability=reliability,  # type: ignore[arg-type]
        affiliation=affiliation,  # type: ignore[arg-type]
        **kw,
    )


def claim(
    cid: str,
    *,
    src: str = "src-b",
    credibility: int = 2,
    parameter: str = "p",
    unit: str = "troops",
    date: dt.date = dt.date(2025, 6, 1),
    **form: Any,
) -> Claim:
    """A claim of parameter ``parameter``; ``form`` is value=, range=, at_least= or at_most=."""
    return Claim(
        id=cid,
        source=src,
        statement=f"statement {cid}",
        date=date,
        parameter=parameter,
        unit=unit,
        credibility=credibility,
        **form,
    )


def evidence(
    claims: Sequence[Claim],
    sources: Sequence[Source] | None = None,
    policy: EvidencePolicy | None = None,
    knowledge_date: dt.date | None = KNOWLEDGE_DATE,
) -> Evidence:
    """Evidence over ``claims``; sources default to one of each reliability ``src-a``..``src-f``."""
    if sources is None:
        sources = [source(f"src-{g.lower()}", g) for g in "ABCDEF"]
    return Evidence(
        claims={c.id: c for c in claims},
        sources={s.id: s for s in sources},
        policy=weight_policy(policy),
        knowledge_date=knowledge_date,
    )


def parameter(ids: Sequence[str], unit: str = "troops", **kw: Any) -> Parameter:
    """An evidence parameter fused from ``ids``."""
    return Parameter.model_validate({"from": list(ids), "unit": unit, **kw})


def fuse(
    claims: Sequence[Claim],
    *,
    name: str = "p",
    unit: str = "troops",
    sources: Sequence[Source] | None = None,
    policy: EvidencePolicy | None = None,
    **kw: Any,
) -> ParameterEstimate:
    """Fuse ``claims`` into parameter ``name`` (extra keywords go to the Parameter)."""
    return estimate_parameter(
        name, parameter([c.id for c in claims], unit, **kw), evidence(claims, sources, policy)
    )
