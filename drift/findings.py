"""Findings: typed, located differences between two versions (the data every report renders)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from drift.categories import INFORMATIONAL, NAMES

# Short names for the category table's columns (drift/categories.py holds the categories).
CATEGORIES = NAMES
# Informational categories: reported for transparency, never flagged (severity < 0.5).
BENIGN = INFORMATIONAL


@dataclass(frozen=True)
class Side:
    """One side of a finding: a span of one document, or only the document (no counterpart)."""

    doc: str
    sentence: int | None = None
    start: int | None = None
    end: int | None = None
    text: str | None = None

    @property
    def span(self) -> tuple[int, int] | None:
        """``(start, end)`` in the document, or None for a side with no span."""
        return None if self.start is None or self.end is None else (self.start, self.end)

    def to_dict(self) -> dict[str, Any]:
        return {"doc": self.doc, "sentence": self.sentence, "start": self.start,
                "end": self.end, "text": self.text}


@dataclass
class Finding:
    """A difference of meaning between ``source`` (the reference side) and ``target``.

    ``evidence`` holds the detector's raw signals (similarity drop, match scores, ...) that
    ``drift.score`` turns into the calibrated ``severity``.
    """

    category: str
    source: Side
    target: Side
    explanation: str
    severity: float = 0.0
    evidence: dict[str, float] = field(default_factory=dict)
    detector: str = ""
    id: str = ""
    # The story-level event this finding supports (drift.events), None if it joined none.
    event: str | None = None

    def __post_init__(self) -> None:
        if self.category not in CATEGORIES:
            raise ValueError(f"unknown finding category {self.category!r}")
        # One line, whatever text a detector quoted into it (spans may cross a line break).
        self.explanation = " ".join(self.explanation.split())

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "category": self.category, "severity": round(float(self.severity), 4),
                "source": self.source.to_dict(), "target": self.target.to_dict(),
                "explanation": self.explanation, "event": self.event}
