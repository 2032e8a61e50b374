"""clausewitz: sourced campaign scenarios, day-by-day Monte Carlo, CRN strategy comparison."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("clausewitz")
except PackageNotFoundError:  # running from a source tree without install
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
