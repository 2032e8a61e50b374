"""HTML report pages: self-contained, figures inline, PNGs beside; rendered in Chromium."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import pytest

from clausewitz.errors import UserError
from clausewitz.report.browser import find_chromium, render
from clausewitz.report.page import Report, table_html


def _report() -> Report:
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.plot([0, 1, 2], [3, 1, 2])
    ax.set_title("front <km>")
    rep = Report("Test & report", subtitle="sub")
    rep.add("Answer", "<p class='lead'>The answer.</p>")
    rep.add("Table", table_html([{"name": "a<b", "value": 1.23456, "n": 3}]))
    rep.add_figure("Figure", "front", fig, caption="A caption")
    return rep


def test_page_is_self_contained(tmp_path: Path) -> None:
    paths = _report().save(tmp_path / "r.html")
    text = paths[0].read_text(encoding="utf-8")
    assert "<svg" in text
    # Nothing is fetched from the network: no external scripts, styles, images or fonts.
    for attr in ('src="http', "src='http", 'href="http', "<link", "@import", "url(http"):
        assert attr not in text
    assert "a&lt;b" in text and "1.23" in text
    assert [p.name for p in paths] == ["r.html", "r-front.png"]
    assert paths[1].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


needs_chromium = pytest.mark.skipif(
    find_chromium() is None, reason="Chromium not installed: run `make browser` to enable"
)


@pytest.mark.browser
@needs_chromium
def test_page_renders_in_chromium_without_console_errors(tmp_path: Path) -> None:
    html = _report().save(tmp_path / "r.html")[0]
    check = render(html, tmp_path / "shot.png")
    assert check.console_errors == []
    assert check.screenshot.stat().st_size > 5_000
    assert check.dom_chars > 1_000


@pytest.mark.browser
@needs_chromium
def test_render_reports_javascript_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.html"
    bad.write_text("<html><body><script>undefinedFunction();</script>x</body></html>")
    check = render(bad, tmp_path / "bad.png")
    assert any("undefinedFunction" in e for e in check.console_errors)


def test_the_kit_escapes_text_and_keeps_figures_for_their_pngs(tmp_path: Path) -> None:
    from clausewitz.report.page import figure_grid, generated_stamp, notes_html, paragraph

    assert paragraph("a < b") == "<p>a &lt; b</p>"
    assert paragraph("x", "lead") == "<p class='lead'>x</p>"
    assert notes_html(["1 & 2", "3"]) == "<p class='note'>1 &amp; 2</p><p class='note'>3</p>"
    assert generated_stamp().startswith("generated ") and generated_stamp().endswith(" UTC")
    fig, axes = figure_grid(2, cols=3)
    assert len(axes) == 2 and len(fig.axes) == 3  # the spare third panel is switched off
    fig, axes = figure_grid(2, cols=3, fit_columns=True)
    assert len(axes) == 2 and len(fig.axes) == 2
    rep = Report("Kit")
    rep.add("Inline", paragraph("before") + rep.figure("grid", fig, "two panels"))
    paths = rep.save(tmp_path / "kit.html")
    assert [p.name for p in paths] == ["kit.html", "kit-grid.png"]
    assert "<figcaption>two panels</figcaption>" in paths[0].read_text(encoding="utf-8")


def test_a_save_that_fails_half_way_leaves_the_previous_report_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "r.html"
    _report().save(path)
    before = path.read_bytes()
    rep = _report()
    rep.add("More", "<p>a newer page</p>")

    def killed(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt  # Ctrl-C while the figures are written

    monkeypatch.setattr(rep.figures["front"], "savefig", killed)
    with pytest.raises(KeyboardInterrupt):
        rep.save(path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r-front.png", "r.html"]


def test_a_report_where_nothing_can_be_written_is_a_user_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(UserError, match="cannot write the report"):
        _report().save(blocker / "r.html")
