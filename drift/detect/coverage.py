"""Additions and omissions of whole sentences, and a sentence-level drift signal for weak links.

Content with no counterpart is an ``addition`` (in the target) or an ``omission`` (from the
target). Its evidence says how long it is, how close its best match on the other side comes
(a high best match means the content is there, merged elsewhere) and how many other versions
carry the same fact (a claim no other version has is the strongest signal).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from drift.config import ModelSpec
from drift.detect.base import DETECTORS, AlignedPair, Story
from drift.documents import Document
from drift.findings import Finding, Side
from drift.segment import TERMINAL_PUNCTUATION, Sentence
from drift.words import mostly_unspaced, word_count


def _length(text: str) -> float:
    """Sentence length on a 0-1 scale (30 words and more is 1)."""
    return min(word_count(text) / 30.0, 1.0)


def _is_heading(text: str) -> bool:
    # A heading or caption: short and without terminal punctuation; dropping one rarely changes a fact.
    return word_count(text) <= 8 and not text.rstrip().endswith(TERMINAL_PUNCTUATION)


@dataclass(frozen=True)
class CoverageSettings:
    """Provisional severity of a sentence with no counterpart (drift.score's calibration replaces
    it where it has a model): (base + length_weight x length) x (1 - match_weight x best match)
    x (1 - heading_weight x heading), and for an addition x (1 - support_weight x support), where
    length is the sentence's share of ``full_length`` words."""

    base: float = 0.35
    length_weight: float = 0.45
    full_length: float = 12.0
    match_weight: float = 0.6
    heading_weight: float = 0.5
    support_weight: float = 0.3


@DETECTORS.register("coverage", settings=CoverageSettings)
class CoverageDetector:
    """Whole sentences one version has and the other lacks (``addition`` / ``omission``)."""

    name = "coverage"

    def __init__(self, settings: CoverageSettings | None = None, spec: ModelSpec | None = None) -> None:
        self.settings = settings or CoverageSettings()

    def detect_unaligned(self, source_doc: Document, target_doc: Document, source_sentences: Sequence[Sentence],
                         target_sentences: Sequence[Sentence], unaligned_source: Sequence[int],
                         unaligned_target: Sequence[int], best_source: Sequence[float],
                         best_target: Sequence[float], support: Mapping[tuple[str, int], float],
                         thresholds: Mapping[str, float]) -> list[Finding]:
        return unaligned_findings(source_doc, target_doc, source_sentences, target_sentences, unaligned_source,
                                  unaligned_target, best_source, best_target, support, thresholds,
                                  settings=self.settings)


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
    settings: CoverageSettings | None = None,
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
                category, sentence, doc, other, settings or CoverageSettings(), is_source=category == "omission",
                explanation=f"This sentence of {doc.id} has no counterpart in {other.id}.",
                evidence={"length": _length(sentence.text), "heading": float(_is_heading(sentence.text)),
                          "best_match": closeness(float(best)), "support": support.get((doc.id, index), 0.0)}))
    return findings


def _finding(category: str, sentence: Sentence, doc: Document, other: Document, cfg: CoverageSettings, *,
             is_source: bool, explanation: str, evidence: dict[str, float]) -> Finding:
    located = Side(doc=doc.id, sentence=sentence.index, start=sentence.start, end=sentence.end,
                   text=sentence.text)
    empty = Side(doc=other.id)
    source, target = (located, empty) if is_source else (empty, located)
    # Provisional severity until drift.score applies the calibrated model: long, unmatched,
    # unsupported content is the strongest signal; headings and near-matches the weakest.
    length = min(evidence["length"] * 30.0 / cfg.full_length, 1.0)
    severity = ((cfg.base + cfg.length_weight * length) * (1.0 - cfg.match_weight * evidence["best_match"])
                * (1.0 - cfg.heading_weight * evidence["heading"]))
    if category == "addition":
        severity *= 1.0 - cfg.support_weight * evidence["support"]
    evidence["confidence"] = float(np.clip(severity, 0.0, 1.0))
    return Finding(category=category, source=source, target=target, explanation=explanation,
                   severity=evidence["confidence"], evidence=evidence, detector="coverage")


def usual_best_match(similarities: np.ndarray) -> float:
    """The similarity two versions' faithful counterparts usually reach: the median of every
    sentence's best match in the other version, both ways (rows: one version's sentences)."""
    return float(np.median(np.concatenate([similarities.max(axis=1), similarities.max(axis=0)])))


@dataclass(frozen=True)
class WeakLinkSettings:
    """Provisional severity: base + weight x the similarity drop (0 at "equivalent", 1 at
    "unrelated"); drift.score's calibration replaces it where it has a model."""

    base: float = 0.25
    weight: float = 0.5
    # Share of the model's "unrelated" to "equivalent" range by which two versions' faithful
    # counterparts must stand above their other, same-story sentences for a low link to count in
    # full; below it (a language the model reads less well: Chinese against English sits at about
    # half the range) a low similarity says less, and the finding weighs in proportion.
    separation: float = 0.7
    # Short sentences embed noisily: faithful NTREX translations of five words or fewer fall half
    # the range below their versions' level (a drop of 0.5) in 2.3% of links, those of 19 words
    # and more never (en against eight languages, 62 documents). So a link's drop is counted from
    # above an allowance of ``short_allowance`` of the range, shrinking with its longer side's
    # words to none at ``short_words`` (a short sentence against a long one differs in content, not
    # in noise); a link of unrelated sentences (a drop of 1) keeps it all.
    short_allowance: float = 0.45
    short_words: int = 20


@DETECTORS.register("weak-link", settings=WeakLinkSettings)
class WeakLinkDetector:
    """A sentence-level drift signal: an aligned pair whose similarity is low for a translation.

    The span-level comparison (drift.detect.spans) locates the words when it is enabled; this
    detector only fires when nothing typed explains the drop, reported as ``other``.

    "Low" is relative to the two versions' own level: faithful translations between distant
    languages (Chinese and English) embed further apart than French and English, so the drop is
    measured from the lower of ``equivalent`` and the median best-match similarity of the two
    versions' sentences (when the story has an encoder), down to ``unrelated``.
    """

    name = "weak-link"

    def __init__(self, settings: WeakLinkSettings | None = None, spec: ModelSpec | None = None) -> None:
        self.settings = settings or WeakLinkSettings()
        self._levels: dict[tuple[str, str], float] = {}
        self._reliability: dict[tuple[str, str], float] = {}

    def level(self, pair: AlignedPair, story: Story) -> float:
        """The similarity a faithful link of these two versions reaches: ``equivalent``, or the
        median best match of their sentences when that is lower (never below the floor)."""
        key = (pair.source_doc.id, pair.target_doc.id)
        if key not in self._levels:
            thresholds: Mapping[str, float] = story.settings["thresholds"]
            floor, level = thresholds["unrelated"], thresholds["equivalent"]
            reliability = 1.0
            encoder = story.settings.get("encoder")
            source = [s.text for s in story.sentences.get(key[0], []) if not s.boilerplate]
            target = [s.text for s in story.sentences.get(key[1], []) if not s.boilerplate]
            if encoder is not None and len(source) >= 3 and len(target) >= 3:
                a = np.asarray(encoder.encode(source), dtype=np.float32)
                b = np.asarray(encoder.encode(target), dtype=np.float32)
                sims = a @ b.T
                usual = usual_best_match(sims)
                level = min(level, usual)
                # The story's other sentences: every cell but each source sentence's best match.
                others = np.ones(sims.shape, dtype=bool)
                others[np.arange(len(source)), sims.argmax(axis=1)] = False
                separation = usual - float(np.median(sims[others]))
                full = self.settings.separation * (thresholds["equivalent"] - floor)
                reliability = float(np.clip(separation / full, 0.0, 1.0)) if full > 0 else 1.0
            self._levels[key] = max(level, floor + 0.02)
            self._reliability[key] = reliability
        return self._levels[key]

    def allowance(self, pair: AlignedPair) -> float:
        """The share of the similarity range a faithful link this short may fall below the level
        (``short_allowance``, ``short_words``), by its longer side in words; a side in an
        unspaced script (Chinese, Japanese) has no words to count and is left out."""
        counts = [word_count(text) for text in (pair.source_text, pair.target_text) if not mostly_unspaced(text)]
        if not counts:
            return 0.0
        cfg = self.settings
        return cfg.short_allowance * max(0.0, 1.0 - max(counts) / cfg.short_words)

    def detect(self, pair: AlignedPair, story: Story) -> list[Finding]:
        # The model's similarity scale: "unrelated" and "equivalent" of its registry entry, the top
        # lowered to these two versions' own level.
        floor = story.settings["thresholds"]["unrelated"]
        level = self.level(pair, story)
        if pair.similarity >= level or pair.boilerplate:
            return []
        drop = float(np.clip((level - pair.similarity) / max(level - floor, 1e-6), 0.0, 1.0))
        allowance = self.allowance(pair)
        counted = max(0.0, (drop - allowance) / (1.0 - allowance))
        reliability = self._reliability.get((pair.source_doc.id, pair.target_doc.id), 1.0)
        start, end = pair.source_span
        t_start, t_end = pair.target_span
        return [Finding(
            category="other", source=pair.source_side(start, end), target=pair.target_side(t_start, t_end),
            explanation="These corresponding sentences differ in meaning more than a translation would.",
            severity=(self.settings.base + self.settings.weight * counted) * reliability,
            evidence={"confidence": counted, "similarity_drop": drop, "length_allowance": allowance,
                      "level": level, "reliability": reliability},
            detector=self.name)]
