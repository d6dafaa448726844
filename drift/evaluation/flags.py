"""What a report flags, read the way the external suites count it: story-level events, located.

The suites count what a reader sees first: ``report.flagged``, the story-level events. While a
build produces no events (the event builder not wired in), the flagged pairwise findings stand
in, each as an event of its own that names its target version as deviating (its source version
for an omission, which lacks the content the other carries), so the suites measure the same
thing either way.

Documents in these suites are built line by line (one sentence or paragraph a line, lines that
correspond across versions), so a flag is located by the lines its spans fall on.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from drift.findings import BENIGN


@dataclass(frozen=True)
class Flag:
    """A flagged drift: its category, severity, the versions named as deviating, and its spans
    (document id, start, end); sentence indices per document for flags without a span there."""

    category: str
    severity: float
    deviating: tuple[str, ...]
    spans: tuple[tuple[str, int, int], ...]
    sentences: tuple[tuple[str, int], ...] = field(default=())


def _event_flags(report: Any, events: Iterable[Any]) -> list[Flag]:
    units = {u.id: u for u in getattr(report, "units", [])}
    flags = []
    for event in events:
        spans = tuple((s.doc, s.start, s.end) for r in event.readings for s in r.spans)
        unit = units.get(event.unit) if event.unit else None
        sentences = tuple((doc, i) for doc, cell in unit.cells.items() for i in cell) if unit else ()
        flags.append(Flag(event.category, float(event.severity), tuple(event.deviating), spans, sentences))
    return flags


def finding_flag(finding: Any) -> Flag:
    spans = tuple((side.doc, side.start, side.end) for side in (finding.source, finding.target)
                  if side.start is not None)
    sentences = tuple((side.doc, side.sentence) for side in (finding.source, finding.target)
                      if side.sentence is not None)
    deviating = finding.source.doc if finding.category == "omission" else finding.target.doc
    return Flag(finding.category, float(finding.severity), (deviating,), spans, sentences)


def uses_events(report: Any) -> bool:
    """True when the report carries story-level events (else the findings stand in)."""
    return bool(getattr(report, "events", None))


def report_flags(report: Any, threshold: float | None = None, *, flagged_only: bool = True) -> list[Flag]:
    """The report's flagged events (or, without events, its flagged non-informational findings);
    with ``flagged_only=False`` every event or finding, whatever its severity."""
    cut = report.threshold if threshold is None else threshold
    if uses_events(report):
        events = [e for e in report.events if not flagged_only or e.severity >= cut]
        return _event_flags(report, events)
    return [finding_flag(f) for f in report.findings
            if f.category not in BENIGN and (not flagged_only or f.severity >= cut)]


def line_starts(lines: Sequence[str]) -> list[int]:
    """Start offset of each line of ``"\\n".join(lines)``."""
    starts, position = [], 0
    for line in lines:
        starts.append(position)
        position += len(line) + 1
    return starts


def line_of(starts: Sequence[int], offset: int) -> int:
    """The line (index into ``starts``) that holds character ``offset``."""
    return max(0, bisect.bisect_right(starts, offset) - 1)


def flag_lines(flag: Flag, starts: Mapping[str, Sequence[int]],
               sentence_lines: Mapping[str, Sequence[int]] | None = None,
               ) -> set[int]:
    """Lines a flag touches in any version (lines correspond across versions): by its spans, and
    by its unit's sentences (``sentence_lines[doc][i]`` = the line of sentence i) where the flag
    has no span in that version."""
    lines: set[int] = set()
    spanned = set()
    for doc, start, end in flag.spans:
        if doc in starts:
            spanned.add(doc)
            first, last = line_of(starts[doc], start), line_of(starts[doc], max(start, end - 1))
            lines.update(range(first, last + 1))
    if sentence_lines:
        for doc, index in flag.sentences:
            if doc not in spanned and doc in sentence_lines and index < len(sentence_lines[doc]):
                lines.add(sentence_lines[doc][index])
    return lines


def sentence_line_map(report: Any, starts: Mapping[str, Sequence[int]]) -> dict[str, list[int]]:
    """Per document, the line each sentence of the report starts on."""
    return {doc: [line_of(starts[doc], s.start) for s in report.sentences[doc]]
            for doc in starts if doc in report.sentences}


def ratio(numerator: float, denominator: float) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


def pct(value: float | None) -> str:
    """A rate as a fixed-width percentage for the suites' tables ("-" when there was nothing to count)."""
    return "   -  " if value is None else f"{100 * value:5.1f}%"
