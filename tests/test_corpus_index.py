"""The corpus index says what stands apart in each story in a few words a reader can use."""

from __future__ import annotations

from typing import Any

from drift.corpus.index import QUOTE_CHARS, render_index, story_summary


def _doc(doc_id: str, language: str, first: str, **meta: str) -> dict[str, Any]:
    return {"id": doc_id, "language": language, "sentences": [{"text": first}], **meta}


def _span(doc: str, text: str) -> dict[str, Any]:
    return {"doc": doc, "sentence": 0, "start": 0, "end": len(text), "text": text}


REPORT = {
    "settings": {"threshold": 0.5},
    "documents": [_doc("a1", "ru", "Заголовок"), _doc("a2", "en", "The headline", source="Wire"),
                  _doc("a3", "zh", "标题", source="Daily"), _doc("a4", "fr", "Le titre")],
    "events": [
        {"id": "E1", "category": "number", "severity": 0.9, "deviating": ["a3"], "absent": [],
         "explanation": "The figure differs: a3 has “123” where a1, a2 and a4 have “116 123”.",
         "readings": [{"docs": ["a1", "a2", "a4"], "spans": [_span("a1", "116 123"), _span("a2", "116 123 (UK)"),
                                                               _span("a4", "116 123")]},
                      {"docs": ["a3"], "spans": [_span("a3", "123")]}]},
        {"id": "E2", "category": "omission", "severity": 0.7, "deviating": ["a4"], "absent": ["a4"],
         "explanation": "a4 leaves out ...",
         "readings": [{"docs": ["a1", "a2", "a3"], "spans": [_span("a2", "word " * 40)]}]},
        {"id": "E3", "category": "modality", "severity": 0.2, "deviating": ["a1"], "absent": [],
         "explanation": "below the threshold", "readings": []},
    ],
}


def test_the_strongest_event_names_the_version_and_quotes_both_readings() -> None:
    summary = story_summary("story-a1", REPORT, "stories/story-a1.html", ["en"])
    assert summary["flagged"] == 2 and summary["strength"] == [0.9, 0.7]
    top = summary["top"]
    assert top["deviating"] == ["zh · Daily"] and top["said"] == "123"
    # The others' reading is quoted from the reader's language when a version in it has it.
    assert top["told"] == "116 123 (UK)" and top["others"] == 3
    assert summary["title"] == "The headline" and summary["title_lang"] == "en"


def test_without_a_preferred_language_the_reference_leads() -> None:
    summary = story_summary("story-a1", REPORT, "stories/story-a1.html")
    assert summary["title"] == "Заголовок" and summary["top"]["told"] == "116 123"


def test_an_omission_and_long_readings_in_the_index_page() -> None:
    report = {**REPORT, "events": REPORT["events"][1:]}
    summary = story_summary("story-a1", report, "stories/story-a1.html", ["en"])
    top = summary["top"]
    assert top["said"] is None and top["deviating"] == ["fr · a4"]
    assert len(top["told"]) == QUOTE_CHARS and top["told"].endswith("…")
    html = render_index([summary], unmatched=[], articles=4, errors=0, signature="drift test")
    assert "has nothing for" in html and "fr · a4" in html
    assert 'title="a4 leaves out ..."' in html  # the full explanation stays at hand
