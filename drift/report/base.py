"""The Report: one object that the JSON, HTML, CSV and text views (and the notebook) render."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from drift.align import Link
from drift.collate import Unit
from drift.documents import Document
from drift.events import Event
from drift.findings import Finding
from drift.segment import Sentence

SCHEMA_VERSION = "2"
# Report versions this package reads back (``read_report``).
READABLE_VERSIONS = ("1", "2")


@dataclass
class PairResult:
    """The comparison of two versions: alignment, overall similarity and drift score."""

    source: str
    target: str
    similarity: float
    drift_score: float
    links: list[Link]
    unaligned_source: list[int]
    unaligned_target: list[int]

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source, "target": self.target,
            "similarity": round(float(self.similarity), 4),
            "drift_score": round(float(self.drift_score), 4),
            "alignment": [{"source": list(link.source), "target": list(link.target),
                           "similarity": round(float(link.similarity), 4)} for link in self.links],
            "unaligned_source": list(self.unaligned_source),
            "unaligned_target": list(self.unaligned_target),
        }


@dataclass
class Report:
    """Everything a comparison produced; ``to_dict`` is the JSON contract of report-format.md."""

    tool_version: str
    model_name: str
    model_dimension: int
    threshold: float
    reference: str
    all_pairs: bool
    documents: list[Document]
    sentences: dict[str, list[Sentence]]
    pairs: list[PairResult]
    findings: list[Finding]
    units: list[Unit] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    signature: str = ""

    @property
    def flagged(self) -> list[Event]:
        """The story-level events at or above the threshold: what a reader looks at first."""
        return [e for e in self.events if e.severity >= self.threshold]

    @property
    def flagged_findings(self) -> list[Finding]:
        """Pairwise findings at or above the threshold (the evidence behind the events)."""
        return [f for f in self.findings if f.severity >= self.threshold]

    def document(self, doc_id: str) -> Document:
        return next(d for d in self.documents if d.id == doc_id)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "tool": {"name": "drift", "version": self.tool_version},
            "model": {"name": self.model_name, "dimension": self.model_dimension},
            "settings": {"threshold": self.threshold, "reference": self.reference,
                         "all_pairs": self.all_pairs, "signature": self.signature},
            "documents": [
                {"id": d.id, "path": d.path, "language": d.language, **d.metadata(),
                 "sentences": [{"index": s.index, "start": s.start, "end": s.end, "text": s.text,
                                "boilerplate": s.boilerplate} for s in self.sentences[d.id]]}
                for d in self.documents
            ],
            "pairs": [p.to_dict() for p in self.pairs],
            "findings": [f.to_dict() for f in self.findings],
            "units": [u.to_dict() for u in self.units],
            "events": [e.to_dict() for e in self.events],
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent) + "\n"


def read_report(data: str | dict[str, Any]) -> dict[str, Any]:
    """A JSON report (text or parsed) as a schema_version 2 dict; version 1 reports are upgraded
    (no ``units`` or ``events``, every finding's ``event`` null) so readers handle one shape."""
    from drift.errors import DriftError
    report = json.loads(data) if isinstance(data, str) else dict(data)
    version = str(report.get("schema_version", ""))
    if version not in READABLE_VERSIONS:
        raise DriftError(f"unsupported report schema_version {version!r} (readable: {', '.join(READABLE_VERSIONS)})")
    if version == "1":
        report["findings"] = [{**f, "event": None} for f in report.get("findings", [])]
        report.setdefault("units", [])
        report.setdefault("events", [])
        report["schema_version"] = "2"
    return report
