"""clausewitz: sourced campaign scenarios, day-by-day Monte Carlo, CRN strategy comparison.

The stages' Python face is here, for notebooks (:mod:`clausewitz.api`)::

    import clausewitz as cw
    sc = cw.load("pokrovsk-2025")
    c = cw.compare(sc, ["attrition", "decisive"], runs=2000, seed=1)
    c.paired

``load``, ``check``, ``evidence``, ``run``, ``compare``, ``optimize``, ``sweep``,
``sensitivity``, ``backtest`` and ``calibrate`` bear the names of the commands they mirror and
return pandas DataFrames (xarray for the daily bands; ``optimize`` its result object);
``compare_matrix`` and ``compare_report`` are ``compare --matrix`` and ``compare --report``.
They are imported on first use, so that ``import clausewitz`` stays light.
"""

from __future__ import annotations

import sys
import types
from importlib.metadata import PackageNotFoundError, version
from typing import Any

try:
    __version__ = version("clausewitz")
except PackageNotFoundError:  # running from a source tree without install
    __version__ = "0.0.0+unknown"

_API = (
    "load",
    "check",
    "evidence",
    "run",
    "compare",
    "compare_matrix",
    "compare_report",
    "optimize",
    "sweep",
    "sensitivity",
    "backtest",
    "calibrate",
)

__all__ = ["__version__", *_API]


class _Package(types.ModuleType):
    """The ``clausewitz`` package, whose API functions share their names with subpackages.

    ``compare``, ``sweep``, ``sensitivity`` and ``evidence`` are both functions here and stage
    packages. Importing a subpackage binds it on its parent (``clausewitz.compare = <module>``);
    these properties keep the function under the name instead (the subpackage stays importable
    by its dotted name, ``from clausewitz.compare import ...``), and import :mod:`clausewitz.api`
    only on first use, so that ``import clausewitz`` stays light.
    """

    def __dir__(self) -> list[str]:
        return sorted({*super().__dir__(), *_API})


def _api_function(name: str) -> property:
    def get(self: types.ModuleType) -> Any:
        from clausewitz import api

        return getattr(api, name)

    def ignore(self: types.ModuleType, value: Any) -> None:
        """The import system binding the subpackage of the same name: keep the function."""

    return property(get, ignore, doc=f"clausewitz.api.{name}")


for _name in _API:
    setattr(_Package, _name, _api_function(_name))
sys.modules[__name__].__class__ = _Package
