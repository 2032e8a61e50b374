"""The benchmark's result: the headline numbers, the measurements behind them, the targets.

Headline keys (issue 4): ``sector_days_per_s``, ``ratio_vs_reference``, ``ratio_vs_rng_floor``,
``peak_rss_mb``, ``scaling`` (runs -> seconds). Targets: at least 100 times the reference, at
most 3 times the RNG floor, at most 2,048 MiB for 1,000,000 runs x 365 days streamed, and
linear scaling (seconds ~ runs^b with b <= 1.05: fixed costs may make it sub-linear).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

from clausewitz.bench.stream import StreamResult

TARGET_RATIO_VS_REFERENCE = 100.0
TARGET_RATIO_VS_RNG_FLOOR = 3.0
TARGET_PEAK_RSS_MB = 2048.0
TARGET_PEAK_RSS_RUNS = 1_000_000
TARGET_PEAK_RSS_DAYS = 365
TARGET_SCALING_EXPONENT = 1.05
"""Largest exponent b of seconds ~ runs^b that we call linear (our engineering choice: 5%
headroom for timing noise on a shared machine)."""


@dataclass(frozen=True)
class Timing:
    """An engine (or the draws alone) timed on some runs."""

    runs: int
    days: int
    sectors: int
    seconds: float
    """CPU seconds (``time.process_time``): on a shared machine, the work and not the waits."""

    @property
    def sector_days(self) -> int:
        """Sector-days simulated (runs x days x sectors)."""
        return self.runs * self.days * self.sectors

    @property
    def us_per_sector_day(self) -> float:
        """Microseconds per sector-day."""
        return self.seconds / self.sector_days * 1e6

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "runs": self.runs,
            "days": self.days,
            "seconds": round(self.seconds, 4),
            "us_per_run_day": round(self.us_per_sector_day * self.sectors, 4),
            "us_per_sector_day": round(self.us_per_sector_day, 4),
        }


@dataclass(frozen=True)
class DrawStats:
    """What the engine draws per run-day, and the floors of drawing it."""

    replay: Timing
    """The draws replayed with the compiled samplers."""
    draws: int
    by_sampler: dict[str, int]
    philox_blocks: int
    philox_seconds: float
    """Time to produce ``philox_blocks`` raw blocks (as doubles), no sampler around them."""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        run_days = self.replay.runs * self.replay.days
        return {
            **self.replay.to_dict(),
            "draws": self.draws,
            "draws_per_run_day": round(self.draws / run_days, 3),
            "by_sampler": self.by_sampler,
            "philox_blocks": self.philox_blocks,
            "philox_blocks_per_run_day": round(self.philox_blocks / run_days, 3),
            "philox_us_per_run_day": round(self.philox_seconds / run_days * 1e6, 4),
        }


def scaling_exponent(points: list[StreamResult]) -> float | None:
    """Least-squares slope of log(CPU seconds) on log(runs); None with fewer than two sizes.

    CPU rather than wall time: on a shared machine the waits for a core are noise, not cost.
    """
    xs = [math.log(p.runs) for p in points]
    ys = [math.log(p.cpu_seconds) for p in points]
    if len(set(xs)) < 2:
        return None
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx


@dataclass(frozen=True)
class BenchReport:
    """Everything :func:`~clausewitz.bench.run_bench` measured."""

    scenario: str
    scenario_sha256: str
    seed: int
    strategies: dict[str, str]
    days: int
    sectors: int
    fast: Timing
    reference: Timing
    draws: DrawStats
    streams: list[StreamResult]
    machine: dict[str, Any]
    version: str
    notes: list[str] = field(default_factory=list)

    @property
    def sector_days_per_s(self) -> float:
        """Fast-engine throughput."""
        return self.fast.sector_days / self.fast.seconds

    @property
    def ratio_vs_reference(self) -> float:
        """Reference time per sector-day over the fast engine's."""
        return self.reference.us_per_sector_day / self.fast.us_per_sector_day

    @property
    def ratio_vs_rng_floor(self) -> float:
        """Fast-engine time per sector-day over the time of drawing its random numbers."""
        return self.fast.us_per_sector_day / self.draws.replay.us_per_sector_day

    @property
    def ratio_vs_philox(self) -> float:
        """Fast-engine time over the time of just the raw Philox blocks (information only)."""
        run_days = self.draws.replay.runs * self.draws.replay.days
        philox_us = self.draws.philox_seconds / run_days * 1e6
        return self.fast.us_per_sector_day * self.sectors / philox_us

    @property
    def largest_stream(self) -> StreamResult | None:
        """The streamed run set with the most runs (where peak memory is read)."""
        return max(self.streams, key=lambda s: s.runs) if self.streams else None

    @property
    def peak_rss_mb(self) -> float | None:
        """Peak RSS of the largest streamed run set (all its processes, see
        :attr:`StreamResult.memory_mb`)."""
        largest = self.largest_stream
        return largest.memory_mb if largest else None

    @property
    def scaling(self) -> dict[str, float]:
        """Runs -> seconds of each streamed run set."""
        return {str(s.runs): round(s.seconds, 3) for s in sorted(self.streams, key=_runs)}

    def targets(self) -> dict[str, dict[str, Any]]:
        """Each target, the value measured and whether it is met (None: not measured)."""
        largest = self.largest_stream
        rss_measured = (
            largest is not None
            and largest.runs >= TARGET_PEAK_RSS_RUNS
            and largest.days >= TARGET_PEAK_RSS_DAYS
        )
        rss = self.peak_rss_mb
        exponent = scaling_exponent(self.streams)
        return {
            "ratio_vs_reference": {
                "target": f">= {TARGET_RATIO_VS_REFERENCE:g}",
                "value": round(self.ratio_vs_reference, 1),
                "met": self.ratio_vs_reference >= TARGET_RATIO_VS_REFERENCE,
            },
            "ratio_vs_rng_floor": {
                "target": f"<= {TARGET_RATIO_VS_RNG_FLOOR:g}",
                "value": round(self.ratio_vs_rng_floor, 3),
                "met": self.ratio_vs_rng_floor <= TARGET_RATIO_VS_RNG_FLOOR,
            },
            "peak_rss_mb": {
                "target": f"<= {TARGET_PEAK_RSS_MB:g} for {TARGET_PEAK_RSS_RUNS:,} runs x "
                f"{TARGET_PEAK_RSS_DAYS} days",
                "value": None if rss is None else round(rss, 1),
                "runs": largest.runs if largest else None,
                "met": (rss <= TARGET_PEAK_RSS_MB) if rss_measured and rss is not None else None,
            },
            "scaling": {
                "target": f"seconds ~ runs^b, b <= {TARGET_SCALING_EXPONENT:g}",
                "value": None if exponent is None else round(exponent, 3),
                "met": None if exponent is None else exponent <= TARGET_SCALING_EXPONENT,
            },
        }

    def to_dict(self) -> dict[str, Any]:
        """The JSON printed by ``clausewitz bench --json``."""
        rss = self.peak_rss_mb
        return {
            "sector_days_per_s": round(self.sector_days_per_s),
            "ratio_vs_reference": round(self.ratio_vs_reference, 1),
            "ratio_vs_rng_floor": round(self.ratio_vs_rng_floor, 3),
            "peak_rss_mb": None if rss is None else round(rss, 1),
            "scaling": self.scaling,
            "targets": self.targets(),
            "workload": {
                "scenario": self.scenario,
                "scenario_sha256": self.scenario_sha256,
                "seed": self.seed,
                "strategies": self.strategies,
                "days": self.days,
                "sectors": self.sectors,
            },
            "details": {
                "fast": self.fast.to_dict(),
                "reference": self.reference.to_dict(),
                "rng_floor": self.draws.to_dict(),
                "ratio_vs_philox_blocks": round(self.ratio_vs_philox, 2),
                "streams": [_stream_dict(s) for s in sorted(self.streams, key=_runs)],
            },
            "machine": self.machine,
            "version": self.version,
            "notes": self.notes,
        }


def _runs(s: StreamResult) -> int:
    return s.runs


def _stream_dict(s: StreamResult) -> dict[str, Any]:
    d = asdict(s)
    d["seconds"] = round(s.seconds, 3)
    d["cpu_seconds"] = round(s.cpu_seconds, 3)
    d["peak_rss_mb"] = round(s.peak_rss_mb, 1)
    d["peak_tree_rss_mb"] = round(s.peak_tree_rss_mb, 1)
    d["us_per_run_day"] = round(s.us_per_run_day, 4)
    return d


def _met(flag: bool | None) -> str:
    return "not measured" if flag is None else ("met" if flag else "NOT met")


def summary_rows(report: BenchReport) -> list[tuple[str, str, str, str]]:
    """``(measure, value, target, met)`` rows of the headline numbers, formatted."""
    t = report.targets()
    rss = report.peak_rss_mb
    largest = report.largest_stream
    rss_value = "-" if rss is None or largest is None else f"{rss:,.0f} MiB ({largest.runs:,} runs)"
    exponent = t["scaling"]["value"]
    scaling = ", ".join(f"{int(n):,}: {s:,.1f} s" for n, s in report.scaling.items())
    return [
        ("sector_days_per_s", f"{report.sector_days_per_s:,.0f}", "-", "-"),
        (
            "ratio_vs_reference",
            f"{report.ratio_vs_reference:,.0f}",
            t["ratio_vs_reference"]["target"],
            _met(t["ratio_vs_reference"]["met"]),
        ),
        (
            "ratio_vs_rng_floor",
            f"{report.ratio_vs_rng_floor:.2f}",
            t["ratio_vs_rng_floor"]["target"],
            _met(t["ratio_vs_rng_floor"]["met"]),
        ),
        ("peak_rss_mb", rss_value, t["peak_rss_mb"]["target"], _met(t["peak_rss_mb"]["met"])),
        (
            "scaling",
            (scaling or "-") + ("" if exponent is None else f" (b = {exponent:.3f})"),
            t["scaling"]["target"],
            _met(t["scaling"]["met"]),
        ),
    ]


def markdown(report: BenchReport) -> str:
    """The headline table as Markdown (for ``docs/performance.md``)."""
    lines = ["| measure | value | target | |", "| --- | --- | --- | --- |"]
    lines += [f"| `{m}` | {v} | {t} | {ok} |" for m, v, t, ok in summary_rows(report)]
    return "\n".join(lines)
