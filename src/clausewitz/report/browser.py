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


BLANK_INK_SHARE = 0.005
"""A figure whose rendered pixels are less than 0.5% non-white is blank [ENG]: an empty axes
frame with its ticks alone inks about that much at the size rendered."""

_FIGURE = re.compile(r"<figure>(.*?)</figure>", re.S)
_SECTION = re.compile(r"<section id=\"([^\"]+)\">")


@dataclass(frozen=True)
class FigureCheck:
    """One figure of a page as Chromium draws it on its own."""

    section: str
    screenshot: Path
    ink_share: float
    """Share of the screenshot's pixels that are not (near) white."""

    @property
    def blank(self) -> bool:
        return self.ink_share < BLANK_INK_SHARE


def check_figures(html_path: Path, out_dir: Path) -> list[FigureCheck]:
    """Render every ``<figure>`` of the page on its own in headless Chromium, screenshot it
    and measure how much of it is drawn (to catch a figure that is missing or blank)."""
    import numpy as np
    from PIL import Image

    text = Path(html_path).read_text(encoding="utf-8")
    out_dir.mkdir(parents=True, exist_ok=True)
    checks = []
    for k, m in enumerate(_FIGURE.finditer(text)):
        sections = _SECTION.findall(text[: m.start()])
        section = sections[-1] if sections else f"figure-{k}"
        page = out_dir / f"figure-{k}.html"
        page.write_text(
            "<!DOCTYPE html><html><head><meta charset='utf-8'><style>body{margin:0;"
            "background:#fff}svg{width:1000px;height:auto}</style></head><body>"
            f"{m.group(1)}</body></html>",
            encoding="utf-8",
        )
        shot = out_dir / f"figure-{k}.png"
        render(page, shot, width=1000, height=900)
        pixels = np.asarray(Image.open(shot).convert("L"), dtype=np.float64)
        checks.append(FigureCheck(section, shot, float(np.mean(pixels < 240.0))))
    return checks
