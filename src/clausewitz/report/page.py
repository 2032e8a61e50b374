"""Self-contained HTML pages: inline CSS, figures embedded as SVG, no network access needed.

A report must open offline (no CDN), so every figure is inlined as SVG markup and also saved
as a PNG beside the HTML for slides and documents.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import math
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from jinja2 import Environment, select_autoescape

from clausewitz.errors import UserError

if TYPE_CHECKING:
    from matplotlib.figure import Figure

_STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d232a;
background:#fafafa}
main{max-width:1100px;margin:0 auto;padding:24px 32px 64px}
h1{font-size:1.7rem;margin:.2em 0}h2{font-size:1.25rem;margin-top:2em;border-bottom:1px solid #ddd;
padding-bottom:.2em}
.lead{font-size:1.1rem;background:#fff;border-left:4px solid #2f6690;padding:12px 16px}
table{border-collapse:collapse;margin:12px 0;font-size:.88rem;background:#fff}
th,td{border:1px solid #d6d6d6;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#eef2f5}td.num{text-align:right;font-variant-numeric:tabular-nums}
figure{margin:16px 0;background:#fff;padding:8px;border:1px solid #e3e3e3}
figure svg{max-width:100%;height:auto}figcaption{font-size:.85rem;color:#555}
.note{font-size:.85rem;color:#555}code,pre{font-family:ui-monospace,monospace;font-size:.85rem}
pre{background:#fff;border:1px solid #e3e3e3;padding:8px;overflow-x:auto}
nav a{margin-right:12px}
"""

_TEMPLATE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title><style>{{ style }}</style></head>
<body><main>
<h1>{{ title }}</h1>
{% if subtitle %}<p class="note">{{ subtitle }}</p>{% endif %}
{% if toc %}<nav>{% for s in sections %}<a href="#{{ s.anchor }}">{{ s.title }}</a>{% endfor %}
</nav>{% endif %}
{% for s in sections %}<section id="{{ s.anchor }}"><h2>{{ s.title }}</h2>
{{ s.html | safe }}</section>
{% endfor %}
</main></body></html>
"""


@dataclass
class Section:
    """One titled part of a report; ``html`` is trusted markup built by this package."""

    title: str
    html: str
    anchor: str = ""

    def __post_init__(self) -> None:
        if not self.anchor:
            self.anchor = "".join(c if c.isalnum() else "-" for c in self.title.lower()).strip("-")


@dataclass
class Report:
    """An HTML report assembled from sections; figures are written as PNG beside it."""

    title: str
    subtitle: str = ""
    sections: list[Section] = field(default_factory=list)
    figures: dict[str, Figure] = field(default_factory=dict)

    def add(self, title: str, body_html: str) -> None:
        self.sections.append(Section(title, body_html))

    def add_figure(self, title: str, name: str, fig: Figure, caption: str = "") -> None:
        """Add a section holding one figure (inline SVG); its PNG is written on save."""
        self.add(title, self.figure(name, fig, caption))

    def figure(self, name: str, fig: Figure, caption: str = "") -> str:
        """Keep ``fig`` as ``name`` (its PNG is written on save) and return its inline
        markup, to place inside a section."""
        self.figures[name] = fig
        return figure_html(fig, caption)

    def render(self) -> str:
        env = Environment(autoescape=select_autoescape(default=True))
        return env.from_string(_TEMPLATE).render(
            title=self.title,
            subtitle=self.subtitle,
            sections=self.sections,
            style=_STYLE,
            toc=len(self.sections) > 3,
        )

    def save(self, path: Path) -> list[Path]:
        """Write the HTML and one PNG per figure (``<stem>-<name>.png``); return all paths.

        Each file is written beside its place and renamed into it when complete, the HTML
        last: a save killed half-way leaves the previous report whole, never a truncated
        page. A path that cannot be written is a :class:`UserError` naming it."""
        path = Path(path)
        page = self.render().encode("utf-8")
        written: list[Path] = []
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            for name, fig in self.figures.items():
                png = path.with_name(f"{path.stem}-{name}.png")
                _write_whole(png, _png_writer(fig))
                written.append(png)
            _write_whole(path, lambda f: f.write(page))
        except OSError as exc:
            raise UserError(f"cannot write the report {path}: {exc.strerror or exc}") from None
        return [path, *written]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _png_writer(fig: Figure) -> Callable[[BinaryIO], object]:
    def write(f: BinaryIO) -> None:
        fig.savefig(f, format="png", dpi=110, bbox_inches="tight")

    return write


def _write_whole(path: Path, write: Callable[[BinaryIO], object]) -> None:
    """Write ``path`` through a temporary file beside it, renamed into place when complete."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp's 0600 would hide the report from others
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def figure_svg(fig: Figure) -> str:
    """The figure as inline SVG markup (no XML prolog, fonts as paths: renders anywhere)."""
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight")
    svg = buf.getvalue()
    start = svg.find("<svg")
    return svg[start:] if start >= 0 else svg


def figure_html(fig: Figure, caption: str = "") -> str:
    cap = f"<figcaption>{html.escape(caption)}</figcaption>" if caption else ""
    return f"<figure>{figure_svg(fig)}{cap}</figure>"


def table_html(
    rows: list[dict[str, object]], columns: list[str] | None = None, *, digits: int = 3
) -> str:
    """A plain HTML table from records; numbers right-aligned and rounded."""
    if not rows:
        return "<p class='note'>(none)</p>"
    cols = columns or list(rows[0].keys())
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in cols)
    body = []
    for r in rows:
        cells = []
        for c in cols:
            v = r.get(c, "")
            if isinstance(v, float):
                cells.append(f"<td class='num'>{v:.{digits}g}</td>")
            elif isinstance(v, int) and not isinstance(v, bool):
                cells.append(f"<td class='num'>{v}</td>")
            else:
                cells.append(f"<td>{html.escape(str(v))}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def paragraph(text: str, css: str = "") -> str:
    """``text`` (plain, escaped) as a paragraph, with the CSS class ``css`` (``note``,
    ``lead``) when given."""
    cls = f" class='{css}'" if css else ""
    return f"<p{cls}>{html.escape(text)}</p>"


def notes_html(lines: list[str]) -> str:
    """Plain-text notes, one small paragraph each."""
    return "".join(paragraph(n, "note") for n in lines)


def count(n: int, noun: str, plural: str | None = None) -> str:
    """``1 wave``, ``5 waves``, ``1,000 draws``: a number with its noun in the right number."""
    return f"{n} {noun}" if n == 1 else f"{n:,} {plural or noun + 's'}"


def generated_stamp() -> str:
    """``generated YYYY-MM-DD HH:MM UTC``: when a report was made, for its subtitle."""
    return f"generated {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC"


def figure_grid(
    n: int,
    cols: int = 3,
    size: tuple[float, float] = (4.0, 2.8),
    *,
    fit_columns: bool = False,
) -> tuple[Figure, list[Any]]:
    """A figure of ``n`` panels, ``cols`` a row (fewer when ``fit_columns`` and ``n`` is
    smaller), each ``size`` inches; the spare axes of the last row are switched off."""
    from matplotlib.figure import Figure

    rows = max(1, math.ceil(n / cols))
    if fit_columns:
        cols = min(cols, max(n, 1))
    fig = Figure(figsize=(size[0] * cols, size[1] * rows), layout="constrained")
    axes = list(fig.subplots(rows, cols, squeeze=False).ravel())
    for ax in axes[n:]:
        ax.set_axis_off()
    return fig, axes[:n]
