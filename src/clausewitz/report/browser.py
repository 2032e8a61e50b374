"""Open a report in headless Chromium as a user would: render, screenshot, collect console errors.

Chromium comes from Debian's ``chromium`` package (``make browser`` installs it). The flags
keep it off the network: a report must render offline.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--hide-scrollbars",
    "--enable-logging=stderr",
    "--v=0",
)
# Console messages appear in Chromium's log as `CONSOLE(12)] "msg", source:` or `CONSOLE:12] ...`.
_CONSOLE = re.compile(r'CONSOLE(?:\(\d+\)|:\d+)\]\s*"(?P<msg>.*)",\s*source:')
_JS_ERROR = re.compile(r"Uncaught|ERROR:.*(?:javascript|Refused to load)", re.IGNORECASE)


@dataclass(frozen=True)
class RenderCheck:
    """What Chromium made of a page."""

    screenshot: Path
    console_errors: list[str]
    dom_chars: int


def find_chromium() -> str | None:
    """Path of a Chromium executable, or None when none is installed."""
    for name in _CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def render(
    html_path: Path, screenshot: Path, *, width: int = 1280, height: int = 2400
) -> RenderCheck:
    """Render ``html_path`` headless, save a screenshot and return console errors found."""
    exe = find_chromium()
    if exe is None:
        raise FileNotFoundError("Chromium is not installed (run `make browser`)")
    url = Path(html_path).resolve().as_uri()
    with tempfile.TemporaryDirectory() as profile:
        common = [exe, *_FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}"]
        shot = subprocess.run(
            [*common, f"--screenshot={Path(screenshot).resolve()}", url],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        dom = subprocess.run(
            [*common, "--dump-dom", url], capture_output=True, text=True, timeout=120, check=False
        )
    log = shot.stderr + "\n" + dom.stderr
    errors = [m.group("msg") for m in _CONSOLE.finditer(log)]
    errors += [ln for ln in log.splitlines() if _JS_ERROR.search(ln) and "CONSOLE" not in ln]
    return RenderCheck(Path(screenshot), errors, len(dom.stdout))
