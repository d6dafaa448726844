"""The corpus index page and a story page in headless Chromium: they render, rank, link, and raise
no console error (see tests/test_browser.py for how the browser is driven, offline)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from chromium import launch, open_page
from test_report_views import sample_report

from drift.corpus.index import render_index, story_summary
from drift.corpus.outputs import OutputDir
from drift.events import Event, Reading, Span
from drift.report.html import render_html


def _event(severity: float, category: str, doc: str) -> Event:
    return Event(category=category, severity=severity, unit="U1", deviating=[doc],
                 readings=[Reading(docs=[doc], spans=[Span(doc, 0, 0, 4, "text")])], absent=[],
                 explanation=f"{doc} differs ({category}).", id=f"E{int(severity * 100):03d}")


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An output folder as a corpus run leaves it: three stories of different strength."""
    out = OutputDir(tmp_path_factory.mktemp("corpus") / "out")
    strengths = {"story-calm": [], "story-strong": [(0.93, "number")], "story-mild": [(0.61, "entity")]}
    summaries = []
    for story_id, events in strengths.items():
        base = sample_report(all_pairs=True, with_units=False)
        report = dataclasses.replace(base, events=[_event(s, c, base.documents[1].id) for s, c in events])
        out.write_story(story_id, report.to_json(), render_html(report), "sig")
        href = f"stories/{out.story_files(story_id).html.name}"
        summaries.append(story_summary(story_id, report.to_dict(), href))
    out.write_index(render_index(summaries, unmatched=["lonely-article"], articles=10, errors=1,
                                 signature="drift test"))
    return out.root


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from launch()


def test_index_ranks_stories_and_links_their_reports(browser: Any, corpus_dir: Path) -> None:
    page, errors = open_page(browser, corpus_dir / "index.html")
    links = page.locator("table.stories a.story")
    assert [links.nth(i).get_attribute("href") for i in range(links.count())] == [
        "stories/story-strong.html", "stories/story-mild.html", "stories/story-calm.html"]
    first_row = page.locator("table.stories tbody tr").first
    assert "0.93" in first_row.inner_text() and first_row.locator(".bar").bounding_box()["width"] > 0
    assert page.locator("#unmatched li", has_text="lonely-article").is_visible()
    links.first.click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/stories/story-strong.html")
    assert page.locator("table.collation").count() == 1 and page.locator("a.hl").count() > 0
    assert errors == []
    page.close()


def test_story_page_renders_without_errors(browser: Any, corpus_dir: Path) -> None:
    page, errors = open_page(browser, corpus_dir / "stories" / "story-mild.html")
    assert page.locator("table.collation").is_visible()
    assert errors == []
    page.close()
