"""Engine benchmark (``clausewitz bench``), callable from a notebook::

    from clausewitz.bench import BenchOptions, run_bench
    report = run_bench(BenchOptions.quick())
    report.to_dict()["sector_days_per_s"], report.targets()

* :mod:`~clausewitz.bench.suite` - :func:`run_bench` and its :class:`BenchOptions`;
* :mod:`~clausewitz.bench.draw_log` and :mod:`~clausewitz.bench.rng_floor` - the RNG floor;
* :mod:`~clausewitz.bench.stream` - streamed runs in a child process (time, peak RSS);
* :mod:`~clausewitz.bench.report` - :class:`BenchReport`, the JSON and the targets;
* :mod:`~clausewitz.bench.machine` - the machine a number was measured on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from clausewitz.bench.report import BenchReport
    from clausewitz.bench.suite import BenchOptions, run_bench

__all__ = ["BenchOptions", "BenchReport", "run_bench"]


def __getattr__(name: str) -> Any:
    # Lazy: the streamed child (``python -m clausewitz.bench.stream``) imports this package
    # first, and should not pay for the reference engine and the RNG-floor kernels.
    if name == "BenchReport":
        from clausewitz.bench.report import BenchReport

        return BenchReport
    if name in ("BenchOptions", "run_bench"):
        from clausewitz.bench import suite

        return getattr(suite, name)
    raise AttributeError(f"module 'clausewitz.bench' has no attribute {name!r}")
