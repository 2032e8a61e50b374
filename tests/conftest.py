"""Test-wide settings: headless plotting, and Hypothesis profiles sized for a 2-core machine."""

from __future__ import annotations

import os

os.environ.setdefault("MPLBACKEND", "Agg")

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "default", deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


def pytest_sessionstart(session: pytest.Session) -> None:
    """In CI (``.ci/run`` sets ``CLAUSEWITZ_REQUIRE_BROWSER=1``) the report tests must run in
    Chromium, never be skipped: stop at once when it is missing."""
    from clausewitz.report.browser import find_chromium

    if os.environ.get("CLAUSEWITZ_REQUIRE_BROWSER") == "1" and find_chromium() is None:
        raise pytest.UsageError(
            "CLAUSEWITZ_REQUIRE_BROWSER=1 but Chromium is not installed (make browser)"
        )
