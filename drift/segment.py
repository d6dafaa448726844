"""Sentences: segmentation with exact character offsets, boilerplate marked."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Sentence:
    """A sentence of a document: ``text == document.text[start:end]`` always holds."""

    index: int
    start: int
    end: int
    text: str
    boilerplate: bool = False
