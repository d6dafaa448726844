"""Documents: decoded text with an id, a path and a language; the original text is never altered."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Document:
    """One version of a story. ``text`` is the decoded text that every offset points into."""

    id: str
    text: str
    path: str | None = None
    language: str = "und"
