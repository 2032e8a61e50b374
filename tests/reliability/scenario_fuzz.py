"""A seeded mutator over the bundled scenarios, run against ``check`` (and a tiny ``run``).

Each case copies a bundled scenario (with its included files) into a scratch folder, applies a
few random mutations to one file (to its YAML tree, hostile values in any place, or to its raw
text) and runs ``clausewitz check`` on it in-process; when the check passes, a tiny ``run``
(a few runs, a few days) follows. A case passes when every command exits 0 or 2 and prints no
traceback and no "internal error". Mutations are a pure function of (seed, case number), so a
failing case is replayed exactly with ``--seed S --only N``.

``python tests/reliability/scenario_fuzz.py --cases 10000`` (``make fuzz``) runs the cases in
a worker process, one at a time, with a CPU-time limit and a memory (RSS) limit per case
enforced by the parent (the worker is killed and restarted past either), and prints a summary.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import multiprocessing
import os
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

WALL_FACTOR = 6
"""A case is also stopped after this many times its CPU limit in wall time (a machine shared
with other work runs a case slower than its CPU time)."""

HOSTILE: list[Any] = [
    0,
    -1,
    1,
    0.5,
    -0.0,
    1.0e308,
    -1.0e308,
    1.0e-320,
    float("inf"),
    float("-inf"),
    float("nan"),
    10**30,
    2**63,
    True,
    False,
    None,
    "",
    " ",
    "x" * 5000,
    "$x$ and $$",
    "[/]",
    "[bold]x",
    "<script>alert(1)</script>",
    "os:system",
    "builtins:eval",
    "troops * 10**10**10",
    "km**99",
    "2025-13-45",
    "1900-01-01",
    "2999-12-31",
    "../../../../../../etc/passwd",
    "\u202e\u0000",
    [],
    {},
    [1, 2, 3],
    {"a": {"b": {"c": 1}}},
    "attrition",
    "defend-in-depth",
    "south",
    "pokrovsk",
]

TEXT_NOISE = ["\t", ":", "- ", "&a ", "*a", "{", "[", "'", '"', "\\", "%", "!!python/object", "#"]


def bundled_cases() -> list[tuple[Path, list[Path]]]:
    """Each bundled scenario: its main file and every YAML file it may include."""
    from clausewitz.scenario.registry import scenarios_dir

    root = scenarios_dir()
    out = []
    for main in sorted(root.glob("*.yaml")):
        extra = sorted((root / main.stem).glob("*.yaml")) if (root / main.stem).is_dir() else []
        out.append((main, extra))
    return out


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, (*prefix, i))


def _parent(root: Any, path: tuple[Any, ...]) -> Any:
    node = root
    for k in path[:-1]:
        node = node[k]
    return node


def mutate_tree(doc: Any, rng: random.Random) -> str:
    """One mutation of a parsed YAML tree, in place; returns what was done."""
    paths = [p for p in _paths(doc) if p]
    if not paths:
        return "empty"
    path = rng.choice(paths)
    parent = _parent(doc, path)
    key = path[-1]
    op = rng.random()
    if op < 0.55:
        parent[key] = rng.choice(HOSTILE)
        return f"set {path} to a hostile value"
    if op < 0.65:
        del parent[key]
        return f"delete {path}"
    if op < 0.75 and isinstance(parent[key], (int, float)) and not isinstance(parent[key], bool):
        parent[key] = parent[key] * rng.choice([-1, 0, 1e6, 1e-6, 1e300, 3])
        return f"scale {path}"
    if op < 0.85 and isinstance(parent, list):
        parent.append(parent[key])
        return f"duplicate {path}"
    other = rng.choice(paths)
    try:
        a = _parent(doc, other)[other[-1]]
        parent[key] = a
    except (KeyError, IndexError, TypeError):
        return "swap skipped"
    return f"copy {other} to {path}"


def mutate_text(text: str, rng: random.Random) -> str:
    """One mutation of raw text: a line deleted, duplicated or cut, noise inserted, truncated."""
    lines = text.splitlines(keepends=True)
    if not lines:
        return rng.choice(TEXT_NOISE)
    i = rng.randrange(len(lines))
    op = rng.random()
    if op < 0.25:
        del lines[i]
    elif op < 0.45:
        lines.insert(i, lines[i])
    elif op < 0.65:
        pos = rng.randrange(len(lines[i]) + 1)
        lines[i] = lines[i][:pos] + rng.choice(TEXT_NOISE) + lines[i][pos:]
    elif op < 0.8:
        lines[i] = lines[i][: rng.randrange(len(lines[i]) + 1)] + "\n"
    elif op < 0.9:
        return "".join(lines)[: rng.randrange(len(text) + 1)]
    else:
        j = rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    return "".join(lines)


@dataclass
class Case:
    """A mutated scenario written to disk."""

    number: int
    scenario: str
    file: str
    mutations: list[str] = field(default_factory=list)


def make_case(seed: int, number: int, workdir: Path) -> tuple[Case, Path]:
    """Write case ``number`` of ``seed`` under ``workdir``; returns it and its main file."""
    from ruamel.yaml import YAML

    rng = random.Random(f"{seed}:{number}")
    cases = bundled_cases()
    main, extra = cases[rng.randrange(len(cases))]
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    shutil.copy(main, workdir / main.name)
    if extra:
        (workdir / main.stem).mkdir()
        for f in extra:
            shutil.copy(f, workdir / main.stem / f.name)
    files = [workdir / main.name] + [workdir / main.stem / f.name for f in extra]
    target = rng.choice(files)
    case = Case(number, main.stem, str(target.relative_to(workdir)))
    text = target.read_text(encoding="utf-8")
    yaml = YAML(typ="rt")
    yaml.width = 4096
    for _ in range(rng.choice([1, 1, 2, 3])):
        if rng.random() < 0.7:
            try:
                doc = yaml.load(text)
            except Exception:
                doc = None
            if doc is not None:
                case.mutations.append(mutate_tree(doc, rng))
                buf = io.StringIO()
                try:
                    yaml.dump(doc, buf)
                    text = buf.getvalue()
                    continue
                except Exception:
                    case.mutations.append("dump failed")
        case.mutations.append("text")
        text = mutate_text(text, rng)
    target.write_text(text, encoding="utf-8")
    return case, workdir / main.name


@dataclass
class Outcome:
    """What the commands of one case did."""

    number: int
    codes: list[int]
    traceback: bool
    seconds: float
    ran: bool
    detail: str = ""
    case: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.traceback and all(c in (0, 2) for c in self.codes)


def _cli(argv: list[str]) -> tuple[int, str]:
    from clausewitz.cli.main import run

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run(argv)
    return code, out.getvalue() + err.getvalue()


def _bad(text: str) -> bool:
    return "Traceback" in text or "internal error" in text or "This is a bug" in text


def run_case(seed: int, number: int, workdir: Path, tiny_run: bool = True) -> Outcome:
    """Make and run one case in this process."""
    started = time.perf_counter()
    case, main = make_case(seed, number, workdir)
    code, text = _cli(["check", str(main)])
    codes = [code]
    bad = _bad(text)
    detail = text[-2000:] if (bad or code not in (0, 2)) else ""
    ran = False
    if tiny_run and code == 0:
        ran = True
        out = workdir / "out"
        rcode, rtext = _cli(
            ["run", str(main), "--runs", "4", "--days", "3", "--out", str(out), "--json"]
        )
        codes.append(rcode)
        if _bad(rtext) or rcode not in (0, 2):
            bad = True
            detail = rtext[-2000:]
    return Outcome(number, codes, bad, time.perf_counter() - started, ran, detail, asdict(case))


# ---------------------------------------------------------------------------------------------
# many cases, each with a time and memory limit


def warm_up(workdir: Path) -> None:
    """Check and run every bundled scenario once, unmutated: the first run of a scenario in a
    process loads the engine's compiled kernels, which is not the case's own work."""
    for main, _ in bundled_cases():
        _cli(["check", main.stem])
        out = workdir / f"warm-{main.stem}"
        _cli(["run", main.stem, "--runs", "4", "--days", "3", "--out", str(out), "--json"])
        shutil.rmtree(out, ignore_errors=True)


def _worker(conn: Any, seed: int, workdir: str, tiny_run: bool) -> None:
    os.environ.setdefault("MPLBACKEND", "Agg")
    warm_up(Path(workdir).parent)
    conn.send("ready")
    while True:
        number = conn.recv()
        if number is None:
            return
        outcome = run_case(seed, number, Path(workdir), tiny_run)
        conn.send(asdict(outcome))


@dataclass
class Summary:
    cases: int = 0
    exit_codes: dict[str, int] = field(default_factory=dict)
    tracebacks: int = 0
    bad_exit: int = 0
    timeouts: int = 0
    memory: int = 0
    ran: int = 0
    max_seconds: float = 0.0
    max_rss_mb: float = 0.0
    failures: list[dict[str, Any]] = field(default_factory=list)


def fuzz(
    seed: int,
    cases: int,
    *,
    time_limit: float = 10.0,
    memory_mb: float = 1024.0,
    tiny_run: bool = True,
    only: int | None = None,
    start: int = 0,
    log: Any = None,
) -> Summary:
    """Run ``cases`` cases in a worker process with per-case limits; the summary."""
    import psutil

    ctx = multiprocessing.get_context("spawn")
    summary = Summary()
    numbers = [only] if only is not None else list(range(start, start + cases))
    with tempfile.TemporaryDirectory(prefix="clausewitz-fuzz-") as tmp:
        proc = conn = None

        def start() -> tuple[Any, Any]:
            parent, child = ctx.Pipe()
            p = ctx.Process(target=_worker, args=(child, seed, tmp + "/case", tiny_run))
            p.start()
            return p, parent

        for n in numbers:
            if proc is None or not proc.is_alive():
                proc, conn = start()
                conn.recv()  # the worker has warmed up: imports and compilation do not count
            assert conn is not None
            ps = psutil.Process(proc.pid)
            cpu0 = sum(ps.cpu_times()[:2])
            conn.send(n)
            started = time.monotonic()
            peak = 0.0
            result: dict[str, Any] | None = None
            killed = ""
            while result is None:
                if conn.poll(0.05):
                    result = conn.recv()
                    break
                try:
                    rss = ps.memory_info().rss / 2**20
                    cpu = sum(ps.cpu_times()[:2]) - cpu0
                except psutil.Error:
                    rss = cpu = 0.0
                peak = max(peak, rss)
                # the limit is on the case's own CPU time, so a busy machine does not trip it;
                # wall time has a looser backstop
                if rss > memory_mb:
                    killed = f"memory above {memory_mb:.0f} MB"
                elif cpu > time_limit:
                    killed = f"over {time_limit:.0f} s of CPU"
                elif time.monotonic() - started > WALL_FACTOR * time_limit:
                    killed = f"over {WALL_FACTOR * time_limit:.0f} s of wall time"
                elif not proc.is_alive():
                    killed = f"worker died (exit {proc.exitcode})"
                if killed:
                    proc.kill()
                    proc.join()
                    proc = None
                    break
            summary.cases += 1
            summary.max_rss_mb = max(summary.max_rss_mb, peak)
            if result is None:
                if "memory" in killed:
                    summary.memory += 1
                else:
                    summary.timeouts += 1
                summary.failures.append({"number": n, "killed": killed})
                if log:
                    print(f"case {n}: {killed}", file=log, flush=True)
                continue
            out = Outcome(**result)
            with contextlib.suppress(psutil.Error):
                out.seconds = sum(ps.cpu_times()[:2]) - cpu0
            summary.max_seconds = max(summary.max_seconds, out.seconds)
            summary.ran += out.ran
            for c in out.codes:
                summary.exit_codes[str(c)] = summary.exit_codes.get(str(c), 0) + 1
            if out.traceback:
                summary.tracebacks += 1
            if any(c not in (0, 2) for c in out.codes):
                summary.bad_exit += 1
            if not out.ok:
                summary.failures.append(result)
                if log:
                    print(f"case {n}: {out.codes} {out.case}\n{out.detail}", file=log, flush=True)
            if log and summary.cases % 250 == 0:
                print(
                    f"{summary.cases} cases: exit codes {summary.exit_codes}, tracebacks "
                    f"{summary.tracebacks}, other exits {summary.bad_exit}, timeouts "
                    f"{summary.timeouts}, memory {summary.memory}, slowest "
                    f"{summary.max_seconds:.2f} s, largest {summary.max_rss_mb:.0f} MB",
                    file=log,
                    flush=True,
                )
        if proc is not None and conn is not None:
            conn.send(None)
            proc.join(timeout=30)
    return summary


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--time-limit", type=float, default=10.0, help="CPU seconds per case")
    ap.add_argument("--memory-mb", type=float, default=1024.0, help="MB of RSS per case")
    ap.add_argument("--no-run", action="store_true", help="check only, no tiny run")
    ap.add_argument("--only", type=int, default=None, help="replay one case")
    ap.add_argument("--start", type=int, default=0, help="number of the first case")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    started = time.monotonic()
    s = fuzz(
        args.seed,
        args.cases,
        time_limit=args.time_limit,
        memory_mb=args.memory_mb,
        tiny_run=not args.no_run,
        only=args.only,
        start=args.start,
        log=sys.stderr,
    )
    wall = time.monotonic() - started
    if args.json:
        print(json.dumps({**asdict(s), "wall_s": round(wall, 1)}, indent=2, default=str))
    else:
        codes = ", ".join(f"exit {k}: {v}" for k, v in sorted(s.exit_codes.items()))
        print(
            f"fuzz seed {args.seed}: {s.cases} cases in {wall:.0f} s; {codes}; "
            f"tiny runs {s.ran}; tracebacks {s.tracebacks}; other exit codes {s.bad_exit}; "
            f"over {args.time_limit:.0f} s {s.timeouts}; over {args.memory_mb:.0f} MB {s.memory}; "
            f"slowest case {s.max_seconds:.2f} s CPU; largest worker {s.max_rss_mb:.0f} MB"
        )
    bad = s.tracebacks + s.bad_exit + s.timeouts + s.memory
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
