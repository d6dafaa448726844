"""Story-level events: one entry per drift, however many pairs of versions show it.

An event groups the pairwise findings of one collation unit (or, for a name spelt differently
throughout a version, of several units) that say the same thing, and tells the story the way a
fact-checker reads it: which versions agree (``readings``, CollateX-style groups of witnesses),
which stand apart (``deviating``), which do not carry the fact at all (``absent``), the spans in
each version, one line of explanation and one calibrated severity.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Span:
    """A located piece of one version: ``text == document.text[start:end]``."""

    doc: str
    sentence: int
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"doc": self.doc, "sentence": self.sentence, "start": self.start, "end": self.end,
                "text": self.text}


@dataclass
class Reading:
    """Versions that say the same thing here, with the spans that say it."""

    docs: list[str]
    spans: list[Span] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"docs": list(self.docs), "spans": [s.to_dict() for s in self.spans]}


@dataclass
class Event:
    """One drift in the story (report-format.md, "Story-level events")."""

    category: str
    severity: float
    unit: str | None
    deviating: list[str]
    readings: list[Reading]
    absent: list[str]
    explanation: str
    findings: list[str] = field(default_factory=list)
    # The signals the severity was computed from (kept for calibration and the notebook).
    evidence: dict[str, float] = field(default_factory=dict)
    id: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "category": self.category, "severity": round(float(self.severity), 4),
                "unit": self.unit, "deviating": list(self.deviating),
                "readings": [r.to_dict() for r in self.readings], "absent": list(self.absent),
                "explanation": self.explanation, "findings": list(self.findings)}

    def spans_of(self, doc_id: str) -> list[Span]:
        return [s for r in self.readings for s in r.spans if s.doc == doc_id]
