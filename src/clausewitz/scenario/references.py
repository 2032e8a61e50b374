"""Cross-reference and semantic checks that a schema alone cannot express.

The checks run on the plain data read from YAML (not the validated model), so that they can
report alongside the schema's own errors: a file with a typo in one claim and a missing source
in another gets both messages at once. Entries that the schema rejects are skipped here rather
than reported twice.

Errors: duplicate ids; references to missing sources, claims, parameters, sectors, objectives
and nodes; claims or sources dated after ``knowledge_date``; units that do not parse or do not
convert (claim → parameter, parameter → the field that uses it, override → engine default);
values outside a quantity's meaningful bounds (negative troops, shares above 1); deployment
weights that do not sum to 1; edges joining different sides' nodes.

Warnings: unused sources and claims, claims whose parameter the model never uses, unused
parameters, tables of draws (or their columns) no parameter takes, and the list of parameters
that rest only on assumptions.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from clausewitz import units
from clausewitz.errors import Diagnostic
from clausewitz.scenario.defaults import DEFAULTS
from clausewitz.scenario.fields import KeyPath, QuantitySpec, RefSite, auto_name, iter_ref_sites
from clausewitz.scenario.messages import suggest
from clausewitz.scenario.positions import Positions
from clausewitz.scenario.schema import parse_csv_rows

DEPLOYMENT_TOLERANCE = 1e-6
"""How far deployment weights may sum from 1 (rounding in hand-written decimals)."""

_SIDES = ("attacker", "defender")


def as_date(value: Any) -> dt.date | None:
    """A YAML date (a date, a datetime or an ISO string) as a date; None when it is none."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _num(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(value) else None


def _dicts(node: Any) -> Iterator[tuple[int, dict[str, Any]]]:
    """(index, item) for the mapping items of a list."""
    if isinstance(node, list):
        for i, item in enumerate(node):
            if isinstance(item, dict):
                yield i, item


def _get(node: Any, *keys: str | int) -> Any:
    for key in keys:
        if isinstance(node, dict):
            node = node.get(key)
        elif isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
            node = node[key]
        else:
            return None
    return node


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


@dataclass
class _ParamInfo:
    """A parameter as written: named in ``parameters``, inline, or an engine default."""

    name: str
    raw: dict[str, Any]
    path: KeyPath | None  # where it is written (None for engine defaults)
    origin: str  # "scenario", "inline" or "default"
    uses: list[RefSite] = field(default_factory=list)

    @property
    def unit(self) -> str:
        unit = self.raw.get("unit", "1")
        return unit if isinstance(unit, str) else "1"

    @property
    def basis(self) -> str | None:
        basis = self.raw.get("basis")
        if isinstance(basis, str):
            return basis
        return "evidence" if self.raw.get("from") else None

    @property
    def observation(self) -> bool:
        return self.raw.get("role") == "observation"

    def claim_ids(self) -> list[tuple[int, str]]:
        ids = self.raw.get("from")
        if not isinstance(ids, list):
            return []
        return [(i, c) for i, c in enumerate(ids) if isinstance(c, str)]


class _Checker:
    def __init__(self, data: dict[str, Any], positions: Positions) -> None:
        self.data = data
        self.pos = positions
        self.errors: list[Diagnostic] = []
        self.warnings: list[Diagnostic] = []
        self.kd = as_date(_get(data, "meta", "knowledge_date"))
        self.sources = dict(self._by_id(("sources",)))
        self.claims = dict(self._by_id(("claims",)))
        # a section the schema already rejected as a whole is not a namespace to check against
        self.broken = {
            key
            for key, kind in (("sources", list), ("claims", list), ("parameters", dict))
            if key in data and not isinstance(data[key], kind)
        }
        self.sites = list(iter_ref_sites(data))
        self.params: dict[str, _ParamInfo] = {}
        self._collect_parameters()

    # -- reporting ---------------------------------------------------------------------------

    def _diag(
        self, path: KeyPath, message: str, hint: str | None, severity: str, on_key: bool
    ) -> Diagnostic:
        loc = (self.pos.key(path) if on_key else None) or self.pos.nearest(path)
        return Diagnostic(
            file=loc.file if loc else "",
            line=loc.line if loc else None,
            col=loc.col if loc else None,
            path=self.pos.display(path),
            message=message,
            hint=hint or None,
            severity=severity,
        )

    def error(
        self, path: KeyPath, message: str, hint: str | None = None, *, on_key: bool = False
    ) -> None:
        self.errors.append(self._diag(path, message, hint, "error", on_key))

    def warn(
        self, path: KeyPath, message: str, hint: str | None = None, *, on_key: bool = False
    ) -> None:
        self.warnings.append(self._diag(path, message, hint, "warning", on_key))

    # -- collection --------------------------------------------------------------------------

    def _by_id(self, list_path: KeyPath) -> Iterator[tuple[str, tuple[int, dict[str, Any]]]]:
        """(id, (index, item)) for items of the list at ``list_path``; first one wins."""
        seen: set[str] = set()
        for i, item in _dicts(_get(self.data, *list_path)):
            ident = _str(item.get("id"))
            if ident is not None and ident not in seen:
                seen.add(ident)
                yield ident, (i, item)

    def _collect_parameters(self) -> None:
        for name, default in DEFAULTS.items():
            raw = default.model_dump(by_alias=True, exclude_none=True)
            self.params[name] = _ParamInfo(name, raw, None, "default")
        named = _get(self.data, "parameters")
        if isinstance(named, dict):
            for name, raw in named.items():
                if isinstance(name, str) and isinstance(raw, dict):
                    if name in DEFAULTS:
                        self._check_override(name, raw)
                    self.params[name] = _ParamInfo(name, raw, ("parameters", name), "scenario")
        for site in self.sites:
            if isinstance(site.value, dict):
                name = auto_name(self.data, site.path)
                if name in self.params and self.params[name].origin != "default":
                    self.error(
                        site.path,
                        f"inline parameter is named '{name}', which is already defined",
                        "rename the parameter in 'parameters' or reference it by name here",
                    )
                    continue
                info = _ParamInfo(name, site.value, site.path, "inline", [site])
                self.params[name] = info
        for site in self.sites:
            if isinstance(site.value, str) and site.value in self.params:
                self.params[site.value].uses.append(site)

    def _check_override(self, name: str, raw: dict[str, Any]) -> None:
        unit = raw.get("unit", "1")
        default_unit = DEFAULTS[name].unit
        if (
            isinstance(unit, str)
            and self._unit_ok(unit)
            and not units.compatible(unit, default_unit)
        ):
            self.error(
                ("parameters", name, "unit"),
                f"unit '{unit}' cannot replace the engine default's unit '{default_unit}'",
                f"this parameter overrides an engine default in {default_unit}",
            )

    def _unit_ok(self, unit: str) -> bool:
        try:
            units.parse_unit(unit)
        except units.UnitError:
            return False
        return True

    # -- helpers -----------------------------------------------------------------------------

    def _currency(self, site: RefSite) -> str | None:
        if site.path[:1] == ("economy",) and len(site.path) > 1:
            cur = _get(self.data, "economy", site.path[1], "currency")
            if isinstance(cur, str) and units.CURRENCY_PATTERN.fullmatch(cur):
                return cur
        return None

    def _expected_unit(self, site: RefSite) -> str | None:
        unit = site.spec.resolve(self._currency(site))
        return None if "{currency}" in unit else unit

    def _ref_exists(self, kind: str, ident: Any, known: set[str] | None, path: KeyPath) -> None:
        """Report ``ident`` if it is not among ``known`` (``None``: the namespace itself is
        missing, an error already reported by the schema, so say nothing more)."""
        if known is not None and isinstance(ident, str) and ident not in known:
            self.error(path, f"unknown {kind} '{ident}'", suggest(ident, known, kind))

    # -- checks ------------------------------------------------------------------------------

    def run(self) -> None:
        self.check_duplicates()
        self.check_sources()
        self.check_claims()
        self.check_parameters()
        self.check_sites()
        self.check_structure()
        self.check_usage()

    def check_duplicates(self) -> None:
        lists: list[list[KeyPath]] = [
            [("sources",)],
            [("claims",)],
            [("theatre", "sectors")],
            [("theatre", "objectives")],
            [("logistics", "nodes")],
            [("logistics", "edges")],
            [("sides", side, "contingents") for side in _SIDES],
        ]
        for i, _ in _dicts(_get(self.data, "theatre", "sectors")):
            lists.append([("theatre", "sectors", i, "belts")])
        for group in lists:
            first: dict[str, KeyPath] = {}
            for list_path in group:
                for i, item in _dicts(_get(self.data, *list_path)):
                    ident = _str(item.get("id"))
                    if ident is None:
                        continue
                    here = (*list_path, i, "id")
                    if ident in first:
                        loc = self.pos.nearest(first[ident])
                        self.error(here, f"duplicate id '{ident}'", f"first defined at {loc}")
                    else:
                        first[ident] = here

    def _after_knowledge(self, path: KeyPath, what: str, value: Any) -> None:
        when = as_date(value)
        if when is not None and self.kd is not None and when > self.kd:
            self.error(
                path,
                f"{what} dated after knowledge_date are rejected",
                f"{when.isoformat()} is after knowledge_date {self.kd.isoformat()}",
            )

    def _calibrated_before_knowledge(self, path: KeyPath, trace: dict[str, Any]) -> None:
        """A calibrated parameter may rest only on the record before the knowledge date."""
        end = as_date(trace.get("window_end"))
        if end is not None and self.kd is not None and end >= self.kd:
            self.error(
                path,
                "a calibration may use only the record before knowledge_date",
                f"its window ends on {end.isoformat()}, not before knowledge_date "
                f"{self.kd.isoformat()}",
            )

    def check_sources(self) -> None:
        for i, item in _dicts(_get(self.data, "sources")):
            self._after_knowledge(("sources", i, "date"), "sources", item.get("date"))

    def check_claims(self) -> None:
        source_ids = None if "sources" in self.broken else set(self.sources)
        for i, claim in _dicts(_get(self.data, "claims")):
            here: KeyPath = ("claims", i)
            self._ref_exists("source", claim.get("source"), source_ids, (*here, "source"))
            self._after_knowledge((*here, "date"), "claims", claim.get("date"))
            pname = _str(claim.get("parameter"))
            if pname is not None and pname not in self.params:
                if "parameters" not in self.broken:
                    hint = suggest(pname, self.params, "parameter")
                    self.error((*here, "parameter"), f"unknown parameter '{pname}'", hint)
                pname = None
            unit = _str(claim.get("unit"))
            if unit is not None and not self._check_unit((*here, "unit"), unit):
                continue
            if pname is None:
                continue
            param = self.params[pname]
            if unit is None or not self._unit_ok(param.unit):
                continue
            if not units.compatible(unit, param.unit):
                self.error(
                    (*here, "unit"),
                    f"unit '{unit}' cannot be converted to '{param.unit}', "
                    f"the unit of parameter '{pname}'",
                    f"{units.dimension_text(unit)} is not {units.dimension_text(param.unit)}",
                )
                continue
            for key, value in self._claim_values(claim):
                self._check_bounds((*here, key), value, unit, param)

    @staticmethod
    def _claim_values(claim: dict[str, Any]) -> Iterator[tuple[str, float]]:
        for key in ("value", "at_least", "at_most"):
            v = _num(claim.get(key))
            if v is not None:
                yield key, v
        rng = claim.get("range")
        if isinstance(rng, list):
            for v in rng:
                if (n := _num(v)) is not None:
                    yield "range", n

    def _check_unit(self, path: KeyPath, unit: str) -> bool:
        try:
            units.parse_unit(unit)
        except units.UnitError as exc:
            self.error(path, exc.message, exc.hint or "pint syntax, e.g. km, tonne/day, 1")
            return False
        return True

    def _param_values(self, raw: dict[str, Any]) -> Iterator[tuple[KeyPath, float]]:
        for key in ("value", "low", "high"):
            if (v := _num(raw.get(key))) is not None:
                yield (key,), v
        dist = raw.get("distribution")
        if isinstance(dist, dict):
            for key in ("value", "low", "mode", "high", "mean", "median"):
                if (v := _num(dist.get(key))) is not None:
                    yield ("distribution", key), v

    def _check_bounds(
        self, path: KeyPath, value: float, unit: str, param: _ParamInfo, *, what: str = ""
    ) -> None:
        """Report ``value`` (in ``unit``) if it lies outside the bounds of any use of ``param``
        (``what``: where the value comes from, before the message)."""
        for site in param.uses:
            spec: QuantitySpec = site.spec
            target = self._expected_unit(site)
            if target is None or not units.compatible(unit, target):
                continue
            v = units.convert(value, unit, target)
            use = self.pos.display(site.path)
            shown = "" if target == "1" else f" {target}"
            if spec.min is not None and v < spec.min - 1e-12:
                if spec.min == 0:
                    self.error(path, f"{what}must not be negative, got {value:g}", f"used as {use}")
                else:
                    self.error(
                        path,
                        f"{what}must be at least {spec.min:g}{shown}, got {v:g}{shown}",
                        f"used as {use}",
                    )
                return
            if spec.max is not None and v > spec.max + 1e-12:
                self.error(
                    path,
                    f"{what}must be at most {spec.max:g}{shown}, got {v:g}{shown}",
                    f"used as {use}",
                )
                return

    def check_parameters(self) -> None:
        for name, param in self.params.items():
            if param.origin == "default" or param.path is None:
                continue
            base = param.path
            unit_ok = True
            if "unit" in param.raw and isinstance(param.raw["unit"], str):
                unit_ok = self._check_unit((*base, "unit"), param.raw["unit"])
            for i, cid in param.claim_ids():
                here = (*base, "from", i)
                claim = self.claims.get(cid)
                if claim is None and "claims" in self.broken:
                    continue
                if claim is None:
                    self.error(here, f"unknown claim '{cid}'", suggest(cid, self.claims, "claim"))
                    continue
                claimed = _str(claim[1].get("parameter"))
                if claimed is not None and claimed != name:
                    self.error(
                        here,
                        f"claim '{cid}' informs parameter '{claimed}', not '{name}'",
                        f"set the claim's parameter to '{name}' or remove it from 'from'",
                    )
            trace = param.raw.get("calibration")
            if isinstance(trace, dict):
                self._calibrated_before_knowledge((*base, "calibration", "window_end"), trace)
            dist = param.raw.get("distribution")
            if isinstance(dist, dict) and dist.get("kind") == "draws":
                self._check_draws((*base, "distribution"), dist, param, unit_ok)
            if unit_ok:
                for sub, value in self._param_values(param.raw):
                    self._check_bounds((*base, *sub), value, param.unit, param)

    def _check_draws(
        self, path: KeyPath, dist: dict[str, Any], param: _ParamInfo, unit_ok: bool
    ) -> None:
        """A ``kind: draws`` distribution names an existing table and column, whose values lie
        within the parameter's bounds and those of every field using it."""
        tables = _get(self.data, "draws")
        name, column = _str(dist.get("table")), _str(dist.get("column"))
        if (
            name is None
            or column is None
            or ("draws" in self.data and not isinstance(tables, dict))
        ):
            return  # the schema reports it
        known = tables if isinstance(tables, dict) else {}
        if name not in known:
            hint = suggest(name, known, "draws table")
            self.error((*path, "table"), f"unknown draws table '{name}'",
                       f"{hint}; tables are the keys of the top-level 'draws'")  # fmt: skip
            return
        columns = _get(known[name], "columns")
        if not isinstance(columns, list):
            return
        if column not in columns:
            self.error(
                (*path, "column"),
                f"draws table '{name}' has no column '{column}'",
                suggest(column, [c for c in columns if isinstance(c, str)], "column"),
            )
            return
        j = columns.index(column)
        rows = _get(known[name], "rows")
        text = _get(known[name], "csv")
        labels: list[str] | None = None  # a YAML list's row is numbered from 0, as the schema does
        if isinstance(text, str) and text.strip():
            try:
                rows = parse_csv_rows(text, [str(c) for c in columns])
            except ValueError:
                return  # the schema reports it
            # a csv block's row by its line (1 = the line after 'csv: |'), as its errors say
            lines = enumerate(text.splitlines(), start=1)
            labels = [f"csv line {k}" for k, line in lines if line.strip()]
        numbered = [
            (v, i)
            for i, row in enumerate(rows if isinstance(rows, list) else [])
            if isinstance(row, list) and len(row) == len(columns)
            and (v := _num(row[j])) is not None
        ]  # fmt: skip
        if not numbered:
            return
        (lo, i_lo), (hi, i_hi) = min(numbered), max(numbered)
        low, high = _num(param.raw.get("low")), _num(param.raw.get("high"))
        if (low is not None and lo < low) or (high is not None and hi > high):
            lo_text = "-inf" if low is None else f"{low:g}"
            hi_text = "inf" if high is None else f"{high:g}"
            bounds = f"[{lo_text}, {hi_text}]"
            v, i = (lo, i_lo) if low is not None and lo < low else (hi, i_hi)
            at = labels[i] if labels else f"row {i}"
            self.error(
                (*path, "column"),
                f"column '{column}' of draws table '{name}' has values in [{lo:g}, {hi:g}], "
                f"outside the parameter's bounds {bounds} ({v:g} in {at})",
                "a table's rows are joint draws: fix the values or the bounds",
            )
            return
        if unit_ok:
            for v, i in ((lo, i_lo), (hi, i_hi)):
                # the value is in the table, maybe in another file: say where
                at = labels[i] if labels else f"row {i}"
                where = f"column '{column}' of draws table '{name}', {at}: "
                self._check_bounds((*path, "column"), v, param.unit, param, what=where)

    def check_sites(self) -> None:
        for site in self.sites:
            expected = self._expected_unit(site)
            if isinstance(site.value, str):
                param = self.params.get(site.value)
                if param is None and "parameters" in self.broken:
                    continue
                if param is None:
                    named = [p.name for p in self.params.values() if p.origin != "inline"]
                    hint = suggest(site.value, named, "parameter")
                    if _num(_float_or_none(site.value)) is not None:
                        hint = "a bare number is not allowed: write an inline parameter"
                    self.error(site.path, f"unknown parameter '{site.value}'", hint)
                    continue
                if expected is None or not self._unit_ok(param.unit):
                    continue
                if not units.compatible(param.unit, expected):
                    self.error(
                        site.path,
                        f"parameter '{site.value}' is in '{param.unit}', which is not "
                        f"convertible to '{expected}'",
                        f"this field expects {units.dimension_text(expected)}",
                    )
            elif isinstance(site.value, dict):
                unit = site.value.get("unit", "1")
                if expected is None or not isinstance(unit, str) or not self._unit_ok(unit):
                    continue
                if not units.compatible(unit, expected):
                    where = (*site.path, "unit") if "unit" in site.value else site.path
                    self.error(
                        where,
                        f"unit '{unit}' is not convertible to '{expected}'",
                        f"this field expects {units.dimension_text(expected)}, e.g. unit: "
                        f"{expected}",
                    )

    def check_structure(self) -> None:
        here: KeyPath
        has_theatre = isinstance(_get(self.data, "theatre", "sectors"), list)
        sectors = set(dict(self._by_id(("theatre", "sectors")))) if has_theatre else None
        objectives = None
        if has_theatre and isinstance(_get(self.data, "theatre", "objectives") or [], list):
            objectives = set(dict(self._by_id(("theatre", "objectives"))))
        nodes = dict(self._by_id(("logistics", "nodes")))
        node_ids = (
            set(nodes) if isinstance(_get(self.data, "logistics", "nodes") or [], list) else None
        )
        sources = None if "sources" in self.broken else set(self.sources)
        # contingents: deployment keys and weights
        for side in _SIDES:
            for i, cont in _dicts(_get(self.data, "sides", side, "contingents")):
                here = ("sides", side, "contingents", i, "deployment")
                dep = cont.get("deployment")
                if not isinstance(dep, dict):
                    continue
                total = 0.0
                numeric = True
                for key, weight in dep.items():
                    self._ref_exists("sector", key, sectors, (*here, key))
                    w = _num(weight)
                    if w is None:
                        numeric = False
                    elif w < 0:
                        self.error((*here, key), f"weight must not be negative, got {w:g}")
                        numeric = False  # the sum would only repeat this error
                    else:
                        total += w
                if numeric and dep and abs(total - 1.0) > DEPLOYMENT_TOLERANCE:
                    self.error(
                        here,
                        f"deployment weights sum to {total:g}, not 1",
                        "weights are the shares of the contingent in each sector",
                    )
            default = _get(self.data, "sides", side, "default_strategy")
            declared = _get(self.data, "strategies", side)
            if isinstance(default, str) and isinstance(declared, dict) and declared:
                self._ref_exists(
                    f"{side} strategy",
                    default,
                    {k for k in declared if isinstance(k, str)},
                    ("sides", side, "default_strategy"),
                )
        # objectives
        for i, obj in _dicts(_get(self.data, "theatre", "objectives")):
            here = ("theatre", "objectives", i)
            self._ref_exists("sector", obj.get("sector"), sectors, (*here, "sector"))
            for j, cond in _dicts(obj.get("encircled_when")):
                self._ref_exists(
                    "sector", cond.get("sector"), sectors, (*here, "encircled_when", j, "sector")
                )
            self._ref_exists(
                "source", _get(obj, "location", "source"), sources, (*here, "location", "source")
            )
        for i, sec in _dicts(_get(self.data, "theatre", "sectors")):
            self._ref_exists(
                "source",
                _get(sec, "front_start", "source"),
                sources,
                ("theatre", "sectors", i, "front_start", "source"),
            )
        # logistics
        for i, node in _dicts(_get(self.data, "logistics", "nodes")):
            here = ("logistics", "nodes", i)
            self._ref_exists("objective", node.get("located_at"), objectives, (*here, "located_at"))
            supplies = node.get("supplies")
            if isinstance(supplies, list):
                for j, sec in enumerate(supplies):
                    self._ref_exists("sector", sec, sectors, (*here, "supplies", j))
            self._ref_exists(
                "source", _get(node, "location", "source"), sources, (*here, "location", "source")
            )
        for i, edge in _dicts(_get(self.data, "logistics", "edges")):
            here = ("logistics", "edges", i)
            ends = []
            for key in ("from", "to"):
                end_id = _str(edge.get(key))
                self._ref_exists("node", end_id, node_ids, (*here, key))
                end = nodes.get(end_id) if end_id is not None else None
                if end is not None:
                    ends.append(_str(end[1].get("side")))
            if len(ends) == 2 and None not in ends and ends[0] != ends[1]:
                self.error(
                    (*here, "to"),
                    f"edge joins the {ends[0]}'s node '{edge.get('from')}' to the {ends[1]}'s "
                    f"node '{edge.get('to')}'",
                    "an edge links two nodes of the same side's network",
                )
            for key in ("exposed_to", "lengthens_with"):
                self._ref_exists("sector", edge.get(key), sectors, (*here, key))

    def check_usage(self) -> None:
        cited = {_str(c.get("source")) for _, c in _dicts(_get(self.data, "claims"))}
        for point in self._points():
            cited.add(_str(point.get("source")))
        for ident, (i, _) in self.sources.items():
            if ident not in cited:
                self.warn(("sources", i), f"source '{ident}' is not cited by any claim")
        used_claims: set[str] = set()
        for param in self.params.values():
            used_claims.update(c for _, c in param.claim_ids())
        for ident, (i, claim) in self.claims.items():
            pname = _str(claim.get("parameter"))
            informed = self.params.get(pname) if pname else None
            if ident not in used_claims:
                hint = f"list it in the 'from' of parameter '{pname}'" if informed else None
                self.warn(("claims", i), f"claim '{ident}' is not used by any parameter", hint)
            elif informed is not None and not self._used(informed) and not informed.observation:
                self.warn(
                    ("claims", i, "parameter"),
                    f"parameter '{pname}' is never used by the model, so this claim has no effect",
                )
        for name, param in self.params.items():
            if param.origin == "inline" and param.observation and param.path is not None:
                self.warn(
                    (*param.path, "role"),
                    "a parameter written in place is an input, not an observation",
                    "remove 'role: observation', or define the observation under 'parameters'",
                    on_key=True,
                )
            elif param.origin == "scenario" and param.observation and self._used(param):
                self.warn(
                    ("parameters", name, "role"),
                    f"parameter '{name}' is marked 'role: observation' but the model uses it",
                    "remove 'role: observation': a parameter the model reads is an input",
                    on_key=True,
                )
            elif param.origin == "scenario" and not self._used(param) and not param.observation:
                self.warn(
                    ("parameters", name),
                    f"parameter '{name}' is never used",
                    "reference it from a field of sides, theatre, logistics, economy or "
                    "negotiation, mark it 'role: observation', or remove it",
                    on_key=True,
                )
        self._draws_usage()
        assumed = sorted(
            name
            for name, p in self.params.items()
            if p.origin != "default" and p.basis == "assumption" and self._used(p)
        )
        if assumed:
            count = len(assumed)
            self.warn(
                ("parameters",) if "parameters" in self.data else (),
                f"{count} parameter{'s' if count != 1 else ''} rest{'s' if count == 1 else ''} "
                f"only on assumptions: {', '.join(assumed)}",
                "back them with sourced claims where you can",
                on_key=True,
            )

    def _draws_usage(self) -> None:
        """Warn about a table of draws, or a column of one, that no parameter takes: its rows
        have no effect, or a parameter meant to be drawn with the others is not."""
        tables = _get(self.data, "draws")
        if not isinstance(tables, dict):
            return
        taken: dict[str, set[str]] = {}
        for param in self.params.values():
            dist = param.raw.get("distribution")
            if isinstance(dist, dict) and dist.get("kind") == "draws":
                table, column = _str(dist.get("table")), _str(dist.get("column"))
                if table is not None and column is not None:
                    taken.setdefault(table, set()).add(column)
        hint = "take it with 'distribution: {kind: draws, table, column}', or remove it"
        for name, table in tables.items():
            if name not in taken:
                self.warn(("draws", name), f"draws table '{name}' is not used by any parameter",
                          hint, on_key=True)  # fmt: skip
                continue
            columns = _get(table, "columns")
            for j, column in enumerate(columns if isinstance(columns, list) else []):
                if isinstance(column, str) and column not in taken[name]:
                    self.warn(
                        ("draws", name, "columns", j),
                        f"column '{column}' of draws table '{name}' is not used by any parameter",
                        hint,
                    )

    def _used(self, param: _ParamInfo) -> bool:
        return bool(param.uses) or param.name in DEFAULTS

    def _points(self) -> Iterator[dict[str, Any]]:
        for _, obj in _dicts(_get(self.data, "theatre", "objectives")):
            if isinstance(obj.get("location"), dict):
                yield obj["location"]
        for _, sec in _dicts(_get(self.data, "theatre", "sectors")):
            if isinstance(sec.get("front_start"), dict):
                yield sec["front_start"]
        for _, node in _dicts(_get(self.data, "logistics", "nodes")):
            if isinstance(node.get("location"), dict):
                yield node["location"]


def _float_or_none(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def check_references(
    data: dict[str, Any], positions: Positions
) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """Cross-reference and semantic checks of plain scenario data: (errors, warnings)."""
    if not isinstance(data, dict):
        return [], []
    checker = _Checker(data, positions)
    checker.run()
    return checker.errors, checker.warnings
