"""The posterior as scenario files.

``calibrated.yaml`` holds one parameter entry per calibrated parameter with ``basis:
calibrated``: a normal distribution fitted to the posterior draws (their mean and standard
deviation), truncated to the draws' range, and a ``calibration`` trace naming the record, its
date window, the method and its settings. It can be included by any scenario that does not
itself define those parameters (an engine constant, say). Because a key may be set in one file
only, the calibrated scenario (``scenario/``) is a copy of the calibrated scenario's files with
the calibrated parameters' own entries removed and ``calibrated.yaml`` included, named
``<name>-calibrated``; it runs, checks and backtests like the original.

Each parameter is sampled on its own, so the posterior's correlations between parameters are
not carried into the scenario (the report shows them).
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from clausewitz.calibrate.priors import Priors
from clausewitz.scenario.loader import LoadedScenario

F64 = NDArray[np.float64]

PARAMETERS_FILE = "calibrated.yaml"
SCENARIO_FOLDER = "scenario"


@dataclass(frozen=True)
class Fitted:
    """A calibrated parameter's posterior summary and the distribution written for it."""

    name: str
    unit: str
    mean: float
    sd: float
    low: float
    high: float
    q05: float
    q50: float
    q95: float
    prior_q05: float
    prior_q50: float
    prior_q95: float

    def distribution(self) -> dict[str, Any]:
        """The ``distribution`` written to the scenario file."""
        if self.high <= self.low or self.sd <= 0:
            return {"kind": "fixed", "value": _round(self.mean)}
        return {
            "kind": "normal",
            "mean": _round(self.mean),
            "sd": _round(self.sd),
            "low": _round(self.low),
            "high": _round(self.high),
        }


def _round(x: float) -> float:
    return float(f"{x:.6g}")


def fit_posterior(priors: Priors, posterior_u: F64) -> list[Fitted]:
    """Per-parameter summaries of the posterior draws beside the prior's quantiles."""
    probs = np.array([0.05, 0.5, 0.95])
    out = []
    for i, p in enumerate(priors.priors):
        x = p.ppf(posterior_u[:, i])
        q = np.quantile(x, probs)
        pq = p.ppf(probs)
        sd = float(x.std(ddof=1)) if x.size > 1 else 0.0
        out.append(
            Fitted(
                p.name,
                p.unit,
                float(x.mean()),
                sd,
                float(x.min()),
                float(x.max()),
                *map(float, q),
                *map(float, pq),
            )
        )
    return out


@dataclass(frozen=True)
class Trace:
    """What the ``calibration`` trace of every written parameter says."""

    data: str
    window_start: dt.date
    window_end: dt.date
    method: str
    settings: dict[str, float | int | str]
    scenario_sha256: str

    def as_yaml(self) -> dict[str, Any]:
        """The trace as written."""
        return {
            "data": self.data,
            "window_start": self.window_start,
            "window_end": self.window_end,
            "method": self.method,
            "settings": dict(self.settings),
            "scenario_sha256": self.scenario_sha256,
        }


def parameters_document(
    fitted: list[Fitted], loaded: LoadedScenario, trace: Trace, note: str
) -> dict[str, Any]:
    """The ``parameters`` mapping of ``calibrated.yaml``."""
    from clausewitz.scenario.parameters import collect_parameters

    table = collect_parameters(loaded)
    params: dict[str, Any] = {}
    for f in fitted:
        old = table[f.name].parameter
        entry: dict[str, Any] = {"unit": f.unit}
        if old.description:
            entry["description"] = old.description
        entry["basis"] = "calibrated"
        entry["distribution"] = f.distribution()
        entry["rationale"] = (
            f"Calibrated to the record from {trace.window_start.isoformat()} to "
            f"{trace.window_end.isoformat()}: posterior 90% [{f.q05:.4g}, {f.q95:.4g}] "
            f"(prior [{f.prior_q05:.4g}, {f.prior_q95:.4g}]); {note}"
        )
        if old.low is not None:
            entry["low"] = old.low
        if old.high is not None:
            entry["high"] = old.high
        entry["calibration"] = trace.as_yaml()
        params[f.name] = entry
    return {"parameters": params}


def _yaml() -> YAML:
    y = YAML()
    y.width = 100
    y.preserve_quotes = True
    y.indent(mapping=2, sequence=4, offset=2)
    return y


def dump(document: dict[str, Any], header: str) -> str:
    """YAML text of ``document`` after a comment header."""
    buf = io.StringIO()
    y = YAML()
    y.width = 100
    y.representer.ignore_aliases = lambda *_: True  # the same trace under every parameter
    y.dump(document, buf)
    lines = "".join(f"# {line}\n" if line else "#\n" for line in header.splitlines())
    return lines + buf.getvalue()


def write_calibrated_scenario(
    loaded: LoadedScenario, parameters_text: str, names: list[str], folder: Path
) -> Path:
    """Copy the scenario's files into ``folder`` (same layout), remove the calibrated
    parameters' own entries, include ``calibrated.yaml`` and rename it ``<name>-calibrated``.
    Returns the main file's path."""
    root = loaded.path.parent.resolve()
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    y = _yaml()
    for src in loaded.files:
        rel = src.resolve().relative_to(root)
        dst = folder / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        text = src.read_text(encoding="utf-8")
        data = y.load(text)
        changed = False
        if isinstance(data, CommentedMap):
            params = data.get("parameters")
            if isinstance(params, CommentedMap):
                for n in names:
                    if n in params:
                        del params[n]
                        changed = True
            if src.resolve() == loaded.path.resolve():
                includes = data.get("include")
                if not isinstance(includes, CommentedSeq):
                    includes = CommentedSeq()
                    data.insert(0, "include", includes)
                includes.append(PARAMETERS_FILE)
                meta = data.get("meta")
                if isinstance(meta, CommentedMap):
                    meta["name"] = f"{meta['name']}-calibrated"
                changed = True
        if changed:
            with dst.open("w", encoding="utf-8") as fh:
                y.dump(data, fh)
        else:
            dst.write_text(text, encoding="utf-8")
    (folder / PARAMETERS_FILE).write_text(parameters_text, encoding="utf-8")
    return folder / loaded.path.name
