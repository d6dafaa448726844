"""Additions and omissions of whole sentences, and a sentence-level drift signal for weak links.

Content with no counterpart is an ``addition`` (in the target) or an ``omission`` (from the
target). Its evidence says how long it is, how close its best match on the other side comes
(a high best match means the content is there, merged elsewhere) and how many other versions
carry the same fact (a claim no other version has is the strongest signal).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from drift.detect.base import AlignedPair, Story
from drift.documents import Document
from drift.findings import Finding, Side
from drift.segment import Sentence

# A heading or caption: short and without terminal punctuation; dropping one rarely changes a fact.
_TERMINAL = tuple(".!?…»\"”'")


def _words(text: str) -> int:
    return len(text.split())


def _length(text: str) -> float:
    """Sentence length on a 0-1 scale (30 words and more is 1)."""
    return min(_words(text) / 30.0, 1.0)


def _is_heading(text: str) -> bool:
    return _words(text) <= 8 and not text.rstrip().endswith(_TERMINAL)


def unaligned_findings(
    source_doc: Document,
    target_doc: Document,
    source_sentences: Sequence[Sentence],
    target_sentences: Sequence[Sentence],
    unaligned_source: Sequence[int],
    unaligned_target: Sequence[int],
    best_source: Sequence[float],
    best_target: Sequence[float],
    support: Mapping[tuple[str, int], float],
    thresholds: Mapping[str, float],
) -> list[Finding]:
    """Findings for sentences with no counterpart in the other version.

    ``best_source[k]`` is the highest similarity of ``unaligned_source[k]`` to any target sentence
    (``best_target`` likewise);
    ``support[(doc, sentence)]`` is the share of the other versions that carry that sentence's fact.
    """
    findings: list[Finding] = []
    floor, equivalent = thresholds["unrelated"], thresholds["equivalent"]

    def closeness(best: float) -> float:
        return float(np.clip((best - floor) / max(equivalent - floor, 1e-6), 0.0, 1.0))

    # Omissions are source sentences without a counterpart, additions target ones: same evidence.
    sides = (("omission", unaligned_source, best_source, source_sentences, source_doc, target_doc),
             ("addition", unaligned_target, best_target, target_sentences, target_doc, source_doc))
    for category, unaligned, bests, sentences, doc, other in sides:
        for index, best in zip(unaligned, bests, strict=True):
            sentence = sentences[index]
            if sentence.boilerplate:
                continue
            findings.append(_finding(
                category, sentence, doc, other, is_source=category == "omission",
                explanation=f"This sentence of {doc.id} has no counterpart in {other.id}.",
                evidence={"length": _length(sentence.text), "heading": float(_is_heading(sentence.text)),
                          "best_match": closeness(float(best)), "support": support.get((doc.id, index), 0.0)}))
    return findings


def _finding(category: str, sentence: Sentence, doc: Document, other: Document, *, is_source: bool,
             explanation: str, evidence: dict[str, float]) -> Finding:
    located = Side(doc=doc.id, sentence=sentence.index, start=sentence.start, end=sentence.end,
                   text=sentence.text)
    empty = Side(doc=other.id)
    source, target = (located, empty) if is_source else (empty, located)
    # Provisional severity until drift.score applies the calibrated model: long, unmatched,
    # unsupported content is the strongest signal; headings and near-matches the weakest.
    length = min(evidence["length"] * 2.5, 1.0)
    severity = (0.35 + 0.45 * length) * (1.0 - 0.6 * evidence["best_match"]) * (1.0 - 0.5 * evidence["heading"])
    if category == "addition":
        severity *= 1.0 - 0.3 * evidence["support"]
    evidence["confidence"] = float(np.clip(severity, 0.0, 1.0))
    return Finding(category=category, source=source, target=target, explanation=explanation,
                   severity=evidence["confidence"], evidence=evidence, detector="coverage")


class WeakLinkDetector:
    """A sentence-level drift signal: an aligned pair whose similarity is low for a translation.

    The span-level comparison (drift.detect.spans) locates the words when it is enabled; this
    detector only fires when nothing typed explains the drop, reported as ``other``.
    """

    name = "weak-link"

    def __init__(self, thresholds: Mapping[str, float]) -> None:
        self.floor = thresholds["unrelated"]
        self.equivalent = thresholds["equivalent"]

    def detect(self, pair: AlignedPair, story: Story) -> list[Finding]:
        if pair.similarity >= self.equivalent:
            return []
        if pair.boilerplate:
            return []
        drop = float(np.clip((self.equivalent - pair.similarity) / max(self.equivalent - self.floor, 1e-6),
                             0.0, 1.0))
        start, end = pair.source_span
        t_start, t_end = pair.target_span
        return [Finding(
            category="other", source=pair.source_side(start, end), target=pair.target_side(t_start, t_end),
            explanation="These corresponding sentences differ in meaning more than a translation would.",
            severity=0.25 + 0.5 * drop, evidence={"confidence": drop, "similarity_drop": drop},
            detector=self.name)]
