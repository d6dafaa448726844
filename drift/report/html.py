"""The HTML report: one self-contained page a newsroom reads (no network, no script).

The page is a view over the Report: a summary of the versions, the collation table (one row
per unit, one column per version) with the drifted spans highlighted by category, the findings
ranked by severity and linked to their rows, and with ``all_pairs`` a drift heatmap in inline
SVG. Python computes plain data (segments, geometry); the Jinja2 templates only lay it out,
with autoescape on, so article text can never become markup.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from drift.categories import TABLE
from drift.findings import BENIGN, CATEGORIES, Finding, Side
from drift.report.base import PairResult, Report

# Category colours (drift/categories.py): a strong hue for the underline and legend swatch, a
# pale tint behind the text so long highlighted spans stay readable on screen and on paper.
COLOURS: dict[str, tuple[str, str]] = {c.name: (c.colour, c.tint) for c in TABLE}
LABELS: dict[str, str] = {c.name: c.label for c in TABLE}

# Row ids and finding ids share one page: prefixes keep them apart and valid as fragments.
ROW_PREFIX = "unit-"
FINDING_PREFIX = "finding-"


@dataclass(frozen=True)
class Segment:
    """A run of sentence text covered by the same set of findings (none for plain text)."""

    text: str
    finding_ids: tuple[str, ...] = ()
    category: str | None = None  # the category of the most severe covering finding
    benign: bool = False
    flagged: bool = False
    title: str = ""

    @property
    def anchor(self) -> str:
        return FINDING_PREFIX + self.finding_ids[0] if self.finding_ids else ""


@dataclass
class CellSentence:
    index: int
    boilerplate: bool
    segments: list[Segment]


@dataclass
class Cell:
    missing: bool
    language: str | None
    sentences: list[CellSentence] = field(default_factory=list)


@dataclass
class Row:
    anchor: str
    number: int
    cells: list[Cell]
    categories: list[str]  # categories of the flagged findings in this row, for the margin marks
    boilerplate: bool = False  # only boilerplate lines: shown faded, its gaps are not news


@dataclass
class HeatCell:
    x: float
    y: float
    value: float | None
    fill: str
    ink: str
    label: str


def segments(text: str, offset: int, spans: Iterable[tuple[int, int, Finding]],
             threshold: float) -> list[Segment]:
    """Cut ``text`` (which starts at document offset ``offset``) into highlighted segments.

    Spans are (start, end, finding) in document offsets and may overlap or reach past the
    sentence: every boundary splits the text, and each piece carries every finding that covers
    it, the most severe first, so overlapping findings never hide one another.
    """
    clipped: list[tuple[int, int, Finding]] = []
    for start, end, finding in spans:
        lo, hi = max(start - offset, 0), min(end - offset, len(text))
        if lo < hi:
            clipped.append((lo, hi, finding))
    if not clipped:
        return [Segment(text)] if text else []
    cuts = sorted({0, len(text)} | {lo for lo, _, _ in clipped} | {hi for _, hi, _ in clipped})
    pieces: list[Segment] = []
    for lo, hi in zip(cuts, cuts[1:], strict=False):
        covering = sorted((f for s, e, f in clipped if s <= lo and hi <= e),
                          key=lambda f: (f.category in BENIGN, -f.severity, f.id))
        piece = text[lo:hi]
        if not covering:
            pieces.append(Segment(piece))
            continue
        top = covering[0]
        title = "; ".join(f"{f.id} {LABELS[f.category].lower()} {f.severity:.2f}: {f.explanation}"
                          for f in covering)
        pieces.append(Segment(piece, tuple(f.id for f in covering), top.category,
                              benign=all(f.category in BENIGN for f in covering),
                              flagged=any(f.severity >= threshold for f in covering), title=title))
    # Adjacent pieces with the same findings are one span to the reader (and to the browser test).
    merged: list[Segment] = []
    for segment in pieces:
        if merged and merged[-1].finding_ids == segment.finding_ids:
            last = merged.pop()
            segment = Segment(last.text + segment.text, last.finding_ids, last.category, last.benign,
                              last.flagged, last.title)
        merged.append(segment)
    return merged


def unit_cells(report: Report) -> list[dict[int, tuple[int, ...]]]:
    """The collation table: ``report.units`` when the pipeline grouped them, else derived.

    A report read back from JSON has no units (the contract carries pairwise alignments only),
    so the rows are rebuilt from the alignment links: sentences linked in any pair share a row,
    and every sentence that no link reaches gets its own row.
    """
    if report.units:
        position = {d.id: i for i, d in enumerate(report.documents)}
        return [{position[doc]: cell for doc, cell in unit.cells.items() if cell} for unit in report.units]
    position = {d.id: i for i, d in enumerate(report.documents)}
    parent: dict[tuple[int, int], tuple[int, int]] = {}

    def find(node: tuple[int, int]) -> tuple[int, int]:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for doc in report.documents:
        for sentence in report.sentences[doc.id]:
            find((position[doc.id], sentence.index))
    for pair in report.pairs:
        if pair.source not in position or pair.target not in position:
            continue
        for link in pair.links:
            nodes = [(position[pair.source], k) for k in link.source]
            nodes += [(position[pair.target], k) for k in link.target]
            for node in nodes[1:]:
                parent[find(node)] = find(nodes[0])
    groups: dict[tuple[int, int], dict[int, list[int]]] = {}
    for node in list(parent):
        groups.setdefault(find(node), {}).setdefault(node[0], []).append(node[1])
    sizes = {i: max(len(report.sentences[d.id]), 1) for i, d in enumerate(report.documents)}

    def place(cells: dict[int, list[int]]) -> tuple[float, int]:
        # Reading order: the relative position of the unit within the versions that carry it,
        # the reference's order first when it has the unit.
        if 0 in cells:
            return min(cells[0]) / sizes[0], 0
        spots = [min(v) / sizes[k] for k, v in cells.items()]
        return sum(spots) / len(spots), 1

    ordered = sorted(groups.values(), key=place)
    return [{k: tuple(sorted(v)) for k, v in sorted(cells.items())} for cells in ordered]


def _pair_between(pairs: Sequence[PairResult], a: str, b: str) -> PairResult | None:
    for pair in pairs:
        if {pair.source, pair.target} == {a, b}:
            return pair
    return None


def _heat_colour(value: float) -> tuple[str, str]:
    """Fill and ink for a drift score: white through rose to deep red (a print-safe ramp)."""
    stops = [(0.0, (248, 248, 246)), (0.15, (253, 219, 199)), (0.4, (239, 138, 98)), (1.0, (153, 18, 36))]
    value = min(max(value, 0.0), 1.0)
    for (a, ca), (b, cb) in zip(stops, stops[1:], strict=False):
        if value <= b:
            t = (value - a) / (b - a)
            rgb = tuple(round(x + (y - x) * t) for x, y in zip(ca, cb, strict=True))
            break
    ink = "#ffffff" if value > 0.45 else "#222222"
    return "#{:02x}{:02x}{:02x}".format(*rgb), ink


def _heatmap(report: Report) -> dict[str, object] | None:
    if not report.all_pairs or len(report.documents) < 2:
        return None
    ids = [d.id for d in report.documents]
    cell, label_width = 46, min(max(len(i) for i in ids) * 7 + 16, 220)
    # Column labels are rotated 45 degrees: they need about 0.72 of their length up and right.
    top = round(label_width * 0.75)
    cells: list[HeatCell] = []
    for r, a in enumerate(ids):
        for c, b in enumerate(ids):
            pair = None if a == b else _pair_between(report.pairs, a, b)
            if pair is None:
                cells.append(HeatCell(label_width + c * cell, top + r * cell, None, "#ffffff", "#999999",
                                      "" if a == b else "n/a"))
                continue
            fill, ink = _heat_colour(pair.drift_score)
            cells.append(HeatCell(label_width + c * cell, top + r * cell, pair.drift_score, fill, ink,
                                  f"{pair.drift_score:.2f}"))
    return {"ids": ids, "cells": cells, "size": cell, "left": label_width, "top": top,
            "width": label_width + cell * len(ids) + top, "height": top + cell * len(ids) + 8}


def _located(side: Side) -> bool:
    return side.start is not None and side.end is not None


def build_context(report: Report) -> dict[str, object]:
    """Everything the template shows, as plain data (no markup: the template escapes it all)."""
    docs = report.documents
    position = {d.id: i for i, d in enumerate(docs)}
    threshold = report.threshold
    flagged_ids = {f.id for f in report.flagged_findings}

    # Spans per document: the events' readings when the report has events (schema 2), else
    # each finding on both of its located sides (a version 1 report read back).
    spans: dict[str, list[tuple[int, int, Any]]] = {d.id: [] for d in docs}
    if report.events:
        for event in report.events:
            for reading in event.readings:
                for span in reading.spans:
                    if span.doc in spans:
                        spans[span.doc].append((span.start, span.end, event))
    else:
        for finding in report.findings:
            for side in (finding.source, finding.target):
                if _located(side) and side.doc in spans:
                    spans[side.doc].append((side.start, side.end, finding))  # type: ignore[arg-type]

    rows: list[Row] = []
    row_of: dict[tuple[int, int], str] = {}
    for number, cells in enumerate(unit_cells(report), 1):
        anchor = f"{ROW_PREFIX}{number}"
        row_cells: list[Cell] = []
        for pos, doc in enumerate(docs):
            indices = cells.get(pos, ())
            language = doc.language if doc.language and doc.language != "und" else None
            if not indices:
                row_cells.append(Cell(missing=True, language=language))
                continue
            sentences = report.sentences[doc.id]
            cell = Cell(missing=False, language=language)
            for index in indices:
                row_of[(pos, index)] = anchor
                sentence = sentences[index]
                doc_spans = [s for s in spans[doc.id] if s[0] < sentence.end and sentence.start < s[1]]
                cell.sentences.append(CellSentence(
                    index, sentence.boilerplate,
                    segments(sentence.text, sentence.start, doc_spans, threshold)))
            row_cells.append(cell)
        lines = [s for c in row_cells for s in c.sentences]
        only_boilerplate = bool(lines) and all(s.boilerplate for s in lines)
        rows.append(Row(anchor, number, row_cells, [], boilerplate=only_boilerplate))

    def row_for(side: Side) -> str | None:
        if side.sentence is None or side.doc not in position:
            return None
        return row_of.get((position[side.doc], side.sentence))

    findings = []
    row_by_anchor = {row.anchor: row for row in rows}
    for f in report.findings:
        row_anchor = row_for(f.target) or row_for(f.source)
        if row_anchor and f.id in flagged_ids and f.category not in row_by_anchor[row_anchor].categories:
            row_by_anchor[row_anchor].categories.append(f.category)
        findings.append({
            "id": f.id, "anchor": FINDING_PREFIX + f.id, "row": row_anchor, "category": f.category,
            "label": LABELS[f.category], "severity": f.severity, "flagged": f.id in flagged_ids,
            "benign": f.category in BENIGN, "source": f.source, "target": f.target,
            "explanation": f.explanation,
        })

    unit_anchor = {unit.id: f"{ROW_PREFIX}{number}" for number, unit in enumerate(report.units, 1)}
    # An event of several units (a name or a figure changed alike in several places) has no unit
    # of its own; it links to the one its readings quote every version from.
    unit_of = {(doc, k): unit.id for unit in report.units for doc, cell in unit.cells.items() for k in cell}
    events = []
    for e in report.events:
        flagged = e.severity >= threshold
        quoted = next((unit_of.get((s.doc, s.sentence)) for r in e.readings for s in r.spans), None)
        event_anchor = unit_anchor.get(e.unit or quoted or "")
        if event_anchor and flagged and e.category not in row_by_anchor[event_anchor].categories:
            row_by_anchor[event_anchor].categories.append(e.category)
        events.append({
            "id": e.id, "anchor": FINDING_PREFIX + e.id, "row": event_anchor, "category": e.category,
            "label": LABELS[e.category], "severity": e.severity, "flagged": flagged,
            "benign": e.category in BENIGN, "deviating": e.deviating, "absent": e.absent,
            "readings": [{"docs": r.docs, "apart": bool(set(r.docs) & set(e.deviating)), "spans": r.spans}
                         for r in e.readings],
            "explanation": e.explanation, "findings": e.findings,
        })

    versions = []
    for pos, doc in enumerate(docs):
        pair = None if doc.id == report.reference else _pair_between(report.pairs, report.reference, doc.id)
        versions.append({
            "position": pos + 1, "id": doc.id, "language": doc.language or "und", "path": doc.path,
            "reference": doc.id == report.reference,
            "sentences": len(report.sentences.get(doc.id, [])),
            "drift": pair.drift_score if pair else None,
            "similarity": pair.similarity if pair else None,
            "flagged": sum(1 for f in report.flagged_findings if doc.id in (f.source.doc, f.target.doc)
                           and doc.id != report.reference),
        })

    categories = []
    for name in CATEGORIES:
        total = sum(1 for f in report.findings if f.category == name)
        flagged_count = sum(1 for f in report.flagged_findings if f.category == name)
        categories.append({"name": name, "label": LABELS[name], "total": total, "flagged": flagged_count,
                           "benign": name in BENIGN})

    reference = next((d for d in docs if d.id == report.reference), docs[0] if docs else None)
    headline = ""
    if reference is not None:
        content = [s for s in report.sentences.get(reference.id, []) if not s.boilerplate]
        headline = content[0].text.strip() if content else ""
        if len(headline) > 160:
            headline = headline[:159].rstrip() + "…"

    return {
        "report": report, "versions": versions, "categories": categories, "rows": rows,
        "findings": findings, "flagged_count": len(report.flagged_findings), "heatmap": _heatmap(report),
        "events": events, "flagged_events": len(report.flagged),
        "colours": COLOURS, "headline": headline, "columns": len(docs),
        "headline_lang": reference.language if reference and reference.language != "und" else None,
        "used_categories": [c for c in categories if c["total"]],
    }


@lru_cache(maxsize=1)
def _environment() -> Environment:
    # autoescape=True for every template (".j2" is not in select_autoescape's list):
    # article text, ids and explanations are untrusted input.
    env = Environment(loader=PackageLoader("drift.report", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True)
    env.filters["pct"] = lambda v: "—" if v is None else f"{v:.2f}"
    return env


def render_html(report: Report) -> str:
    """The report as one self-contained HTML page (inline CSS and SVG, no script, no network)."""
    return _environment().get_template("report.html.j2").render(**build_context(report))


__all__ = ["COLOURS", "Segment", "build_context", "render_html", "segments", "unit_cells"]
