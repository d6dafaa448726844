"""The HTML report in a real browser: highlights are drawn, the page raises no error.

The browser is tests/chromium.py's; the page's own Content-Security-Policy forbids requests,
so a console error here also means the report tried to load something.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from chromium import launch, open_page
from test_report_views import sample_report

from drift.report.html import render_html


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from launch()


@pytest.fixture
def opened(browser: Any, tmp_path: Path) -> Iterator[tuple[Any, list[str]]]:
    path = tmp_path / "report.html"
    path.write_text(render_html(sample_report(all_pairs=True)), encoding="utf-8")
    page, errors = open_page(browser, path)
    yield page, errors
    page.close()


def _box(locator: Any) -> dict[str, float]:
    box = locator.bounding_box()
    assert box is not None, "element is not rendered"
    return box


def test_highlights_are_visible_and_page_has_no_errors(opened: tuple[Any, list[str]]) -> None:
    page, errors = opened
    highlights = page.locator("table.collation a.hl")
    assert highlights.count() >= 8
    for i in range(highlights.count()):
        item = highlights.nth(i)
        box = _box(item)
        assert box["width"] > 0 and box["height"] > 0, item.inner_text()
        assert item.is_visible()
    # Highlights come from the events: the changed figure is one event, marked once in bta.
    number = page.locator('a.hl.cat-number', has_text="13")
    assert number.count() == 1
    event_id = number.first.get_attribute("data-findings").split()[0]
    assert event_id.startswith("E") and page.locator(f"#finding-{event_id}").count() == 1
    # The highlight is actually coloured: its background is the category tint, not transparent.
    background = number.evaluate("e => getComputedStyle(e).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    assert errors == []


def test_missing_cells_heatmap_and_links_render(opened: tuple[Any, list[str]]) -> None:
    page, errors = opened
    missing = page.locator("td.missing")
    assert missing.count() >= 3
    assert _box(missing.first)["height"] > 0
    heat = page.locator("figure.heatmap svg rect")
    assert heat.count() == 9 and _box(heat.first)["width"] > 0
    # Following a finding's link brings its row on screen.
    page.locator('#finding-F0004 .fid a').click()
    assert page.evaluate("location.hash") == "#unit-4"
    row = _box(page.locator("#unit-4"))
    assert -1 <= row["y"] < 900  # on screen (scrolled to the top, give or take a sub-pixel)
    assert errors == []


def test_print_layout_keeps_highlights(opened: tuple[Any, list[str]]) -> None:
    page, errors = opened
    page.emulate_media(media="print")
    assert _box(page.locator("a.hl").first)["width"] > 0
    assert page.locator("nav.toc").is_hidden()
    assert errors == []
