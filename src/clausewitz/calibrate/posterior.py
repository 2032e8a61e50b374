"""The posterior as scenario files.

``calibrated.yaml`` holds the posterior as a table of joint draws (top-level ``draws``, table
:data:`TABLE`: one row per equal-weight posterior draw, one column per calibrated parameter,
with the calibration's trace) and one parameter entry per calibrated parameter with ``basis:
calibrated``, ``distribution: {kind: draws, table, column}``, a rationale with its marginal
summary (posterior and prior 90% intervals, share of the prior not ruled out) and the
``calibration`` trace naming the record, its date window, the method and its settings. A run
takes one whole row, so the posterior's correlations between parameters are kept (a fast base
rate comes with the kill zone it was fitted with). It can be included by any scenario that
does not itself define those parameters (an engine constant, say). Because a key may be set in
one file only, the calibrated scenario (``scenario/``) is a copy of the calibrated scenario's
files with the calibrated parameters' own entries removed and ``calibrated.yaml`` included,
named ``<name>-calibrated``; it runs, checks and backtests like the original.
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
from ruamel.yaml.scalarstring import LiteralScalarString

from clausewitz.calibrate.priors import Priors
from clausewitz.scenario.loader import LoadedScenario

F64 = NDArray[np.float64]

PARAMETERS_FILE = "calibrated.yaml"
SCENARIO_FOLDER = "scenario"
TABLE = "posterior"
"""The name of the table of posterior draws in ``calibrated.yaml`` (``posterior-2``, ... when
the calibrated scenario already has a table of that name: an earlier calibration of other
parameters)."""


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

    def distribution(self, table: str = TABLE) -> dict[str, Any]:
        """The ``distribution`` written to the scenario file: its column of the draws."""
        return {"kind": "draws", "table": table, "column": self.name}


def _round(x: float) -> float:
    return float(f"{x:.6g}")


def posterior_draws(priors: Priors, posterior_u: F64) -> F64:
    """The posterior draws in each parameter's own unit: (draws, parameters)."""
    return np.column_stack([p.ppf(posterior_u[:, i]) for i, p in enumerate(priors.priors)])


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


def table_name(loaded: LoadedScenario) -> str:
    """:data:`TABLE`, or the first of ``posterior-2``, ``posterior-3``, ... the scenario does
    not already use."""
    taken = set(loaded.scenario.draws)
    name, k = TABLE, 1
    while name in taken:
        k += 1
        name = f"{TABLE}-{k}"
    return name


def parameters_document(
    fitted: list[Fitted], loaded: LoadedScenario, trace: Trace, note: str, draws: F64
) -> dict[str, Any]:
    """The ``parameters`` and ``draws`` of ``calibrated.yaml`` (``draws``: the posterior
    draws, one column per entry of ``fitted``)."""
    from clausewitz.scenario.parameters import collect_parameters

    table = collect_parameters(loaded)
    name = table_name(loaded)
    params: dict[str, Any] = {}
    columns = []
    for j, f in enumerate(fitted):
        old = table[f.name].parameter
        column = np.array([_round(x) for x in draws[:, j]])
        # rounding to six digits must not carry a draw across a hard bound
        lo = -np.inf if old.low is None else old.low
        hi = np.inf if old.high is None else old.high
        columns.append(np.clip(column, lo, hi))
        entry: dict[str, Any] = {"unit": f.unit}
        if old.description:
            entry["description"] = old.description
        entry["basis"] = "calibrated"
        entry["distribution"] = f.distribution(name)
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
    matrix = np.column_stack(columns) if columns else np.empty((0, 0))
    lines = [",".join(f"{x:.6g}" for x in values) for values in matrix]
    posterior = {
        "description": (
            f"{len(lines)} equal-weight draws of the joint posterior (systematic resampling of "
            "the weighted non-implausible candidates); a run takes one row"
        ),
        "columns": [f.name for f in fitted],
        "calibration": trace.as_yaml(),
        # one literal block: a thousand rows read in milliseconds, not a second as a list
        "csv": LiteralScalarString("".join(f"{line}\n" for line in lines)),
    }
    return {"parameters": params, "draws": {name: posterior}}


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
    parameters' own entries, include ``calibrated.yaml`` (``calibrated-2.yaml``, ... when the
    scenario already has one: an earlier calibration of other parameters, kept) and rename it
    ``<name>-calibrated``. Returns the main file's path."""
    root = loaded.path.parent.resolve()
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    # a scenario calibrated before already has a calibrated.yaml: keep it, add calibrated-2.yaml
    taken = {src.resolve().relative_to(root).as_posix() for src in loaded.files}
    target, k = PARAMETERS_FILE, 1
    while target in taken:
        k += 1
        target = f"{Path(PARAMETERS_FILE).stem}-{k}.yaml"
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
                includes.append(target)
                meta = data.get("meta")
                if isinstance(meta, CommentedMap):
                    meta["name"] = f"{meta['name']}-calibrated"
                changed = True
        if changed:
            with dst.open("w", encoding="utf-8") as fh:
                y.dump(data, fh)
        else:
            dst.write_text(text, encoding="utf-8")
    (folder / target).write_text(parameters_text, encoding="utf-8")
    return folder / loaded.path.name
