"""Span-level differences: the words of an aligned pair that the other version does not express.

The words of both sides are aligned with the encoder's contextual token vectors
(``drift.tokens``); contiguous weakly aligned words become spans. A span on one side whose
place on the other side (between the partners of the well-aligned words around it) holds no
divergent words is content only that side has: an ``addition`` in the target or an
``omission`` from it. Divergent spans facing each other are a changed meaning: ``other``
(the typed detectors -- entity, number, time, ... -- explain the cases they know better).

Registry thresholds (``configs/models.toml``, per model):

- ``span_layer``: hidden layer whose token vectors are aligned (middle layers align best);
- ``span_word``: word divergence at or above which a word is weakly aligned;
- ``span_min``: mean divergence a span's content words must reach to be reported;
- ``span_max_share``: above this share of divergent content words the sentences are simply
  different (the weak-link detector reports that); no span is reported;
- optional ``span_mutual``, ``span_temperature``, ``span_smoothing``, ``span_center``: the
  alignment parameters of ``drift.tokens.AlignParams`` (defaults: the best REFreSD setting).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from drift.config import CONFIG_DIR, ModelSpec, read_toml
from drift.detect.base import DETECTORS, AlignedPair, Story, word_alignment
from drift.findings import Finding, Side
from drift.names import extract_mentions, spelt_in
from drift.tokens import WordAlignment, WordScore
from drift.words import mostly_unspaced, overlaps

# Function words do not carry a difference on their own: a span never starts or ends on one,
# and one made of them only is dropped. Short lists for the languages the project meets most,
# and the ``[words] function`` list of every ``configs/lexicons/<lang>.toml``; other languages
# fall back to the punctuation rule of _is_function_word.
_BUILT_IN_FUNCTION_WORDS = frozenset("""
a an the of to in on at by for from with and or but as is are was were be been has have had
that which who this these those its it their his her they he she we our not also than
le la les l un une des du de d à au aux en et ou mais que qui dont dans sur par pour avec
ce cette ces son sa ses leur leurs il elle ils elles on est sont a ont été ne pas se s qu
и в на за с от до по не да се е са че а или но как към при като които който която това той тя те
""".split())
# Spans may bridge one aligned word between two weakly aligned ones ("emanation of Al-Qaeda").
_MAX_GAP = 1


@functools.cache
def _function_words() -> frozenset[str]:
    """The built-in list and every lexicon's ``[words] function`` list. One set for all languages:
    a word is compared without knowing its language (words of one language's list are rarely
    content words of another)."""
    words = set(_BUILT_IN_FUNCTION_WORDS)
    for entry in (CONFIG_DIR / "lexicons").iterdir():
        if entry.name.endswith(".toml"):
            words.update(w.lower() for w in read_toml(entry).get("words", {}).get("function", []))
    return frozenset(words)


@functools.lru_cache(maxsize=1 << 16)
def _is_function_word(text: str) -> bool:
    # Cached: every pair, span and event asks again about the same few thousand words.
    if not any(ch.isalnum() for ch in text):
        return True  # punctuation
    return text.lower().strip("'’") in _function_words()


@dataclass(frozen=True)
class Span:
    """Words [first, last] of one side (inclusive word indices) and their mean divergence."""

    first: int
    last: int
    divergence: float
    content_words: int

    @property
    def words(self) -> tuple[int, int]:
        """The word indices as a half-open range ``[first, last + 1)``."""
        return self.first, self.last + 1


def find_spans(words: Sequence[WordScore], word_threshold: float, span_threshold: float) -> list[Span]:
    """Contiguous weakly aligned words, trimmed of function words and punctuation at the edges."""
    flags = [w.score >= word_threshold for w in words]
    spans: list[Span] = []
    i = 0
    while i < len(words):
        if not flags[i]:
            i += 1
            continue
        j = i
        # Extend over weakly aligned words, bridging gaps of up to _MAX_GAP aligned words.
        while True:
            nxt = j + 1
            while nxt < len(words) and not flags[nxt] and nxt - j <= _MAX_GAP:
                nxt += 1
            if nxt < len(words) and flags[nxt] and nxt - j - 1 <= _MAX_GAP:
                j = nxt
            else:
                break
        first, last = i, j
        # Edges: neither a function word nor a bridged (well-aligned) word.
        while first <= last and (_is_function_word(words[first].text) or not flags[first]):
            first += 1
        while last >= first and (_is_function_word(words[last].text) or not flags[last]):
            last -= 1
        if first <= last:
            content = [w for w in words[first:last + 1] if not _is_function_word(w.text)]
            divergence = float(np.mean([w.score for w in content]))
            if divergence >= span_threshold:
                spans.append(Span(first, last, divergence, len(content)))
        i = j + 1
    return spans


def _counterpart_region(span: Span, partners: np.ndarray, words: Sequence[WordScore],
                        word_threshold: float, other_len: int) -> tuple[int, int]:
    """Where a span's content would sit on the other side: between the partners of the nearest
    well-aligned words before and after it (the whole other sentence when there are none)."""
    lo, hi = 0, other_len - 1
    for k in range(span.first - 1, -1, -1):
        if words[k].score < word_threshold and partners[k] >= 0 and not _is_function_word(words[k].text):
            lo = int(partners[k])
            break
    for k in range(span.last + 1, len(words)):
        if words[k].score < word_threshold and partners[k] >= 0 and not _is_function_word(words[k].text):
            hi = int(partners[k])
            break
    return (lo, hi) if lo <= hi else (hi, lo)


@dataclass(frozen=True)
class SpanSettings:
    """Provisional severity (drift.score's calibration replaces it where it has a model):
    base + confidence_weight x confidence + length_weight x length + the sentence's similarity
    drop, where confidence rescales the span's divergence from [divergence_floor,
    divergence_floor + divergence_range] to [0, 1] and length is content words / clause_words.
    (The word and span thresholds are the model's: configs/models.toml, span_*.)"""

    base: float = 0.25
    confidence_weight: float = 0.35
    length_weight: float = 0.2
    divergence_floor: float = 0.3
    divergence_range: float = 0.4
    # How many content words make an addition/omission a clause rather than a word.
    clause_words: int = 6


# A figure as its digits alone: "1.450", "1,450" and "1 450" are one figure in every locale.
_FIGURE = re.compile(r"\d(?:[\d.,\u00a0\u202f ]*\d)?")


def _figures(text: str) -> set[str]:
    """The figures of ``text`` of two digits or more, as digit strings."""
    return {digits for m in _FIGURE.finditer(text) if len(digits := re.sub(r"\D", "", m.group(0))) >= 2}


def _beside(story: Story, doc_id: str, link: Sequence[Any]) -> str:
    """The text of the sentences just before and just after ``link`` in its document."""
    sentences = [s for s in story.sentences.get(doc_id, []) if not s.boilerplate]
    first, last = link[0].index, link[-1].index
    before = [s for s in sentences if s.index < first][-1:]
    after = [s for s in sentences if s.index > last][:1]
    return " ".join(s.text for s in (*before, *after))


def _moved_beside(text: str, other_text: str, beside: str) -> bool:
    """Whether what identifies ``text`` -- its figures, or else the full names it holds -- is
    missing from ``other_text`` and written, all of it, in ``beside``."""
    figures = _figures(text)
    if figures:
        return not figures & _figures(other_text) and figures <= _figures(beside)
    # Full names only: a one-word capital is too often a common noun ("l'Action climatique")
    # that the other language writes in lower case or as part of a compound.
    names = [m for m in extract_mentions(text) if len(m.key.split()) >= 2]
    return (bool(names) and not any(spelt_in(m, other_text) for m in names)
            and all(spelt_in(m, beside) for m in names))


def _split_elsewhere(finding: Finding, pair: AlignedPair, story: Story) -> bool:
    """Whether a span's figures, or the full names it holds, stand in the other version's
    neighbouring sentence and not in the sentence it is aligned with: the versions split the
    sentences at another place ("... 2026. Rund 1450 Arbeitsplätze fallen weg, wie das
    Unternehmen mitteilte" / "... con il taglio di 1.450 posti. Lo ha annunciato la società";
    "..., climate minister Jordi Vallverdú told a news conference" / "... verbrauchen. Das
    kündigte Klimaminister Jordi Vallverdú an"), and the words moved, not changed."""
    for side, other_doc, other_link, other_text in (
            (finding.source, pair.target_doc.id, pair.target, pair.target_text),
            (finding.target, pair.source_doc.id, pair.source, pair.source_text)):
        if side.text and _moved_beside(side.text, other_text, _beside(story, other_doc, other_link)):
            return True
    return False


@DETECTORS.register("spans", settings=SpanSettings)
class SpanDetector:
    """Locates meaning differences inside an aligned pair from word-level alignment."""

    name = "spans"

    def __init__(self, settings: SpanSettings | None = None, spec: ModelSpec | None = None, *,
                 encoder: Any | None = None) -> None:
        self.settings = settings or SpanSettings()
        # The encoder is usually the story's (story.settings["encoder"]); loading one here is the
        # fallback for callers that build a detector on its own.
        self.encoder = encoder
        self.spec = spec

    def _encoder(self, story: Story) -> Any:
        if self.encoder is None:
            self.encoder = story.settings.get("encoder")
        if self.encoder is None:
            from drift.config import load_config
            from drift.encoders import load_encoder

            self.encoder = load_encoder(self.spec or load_config().model_spec())
        return self.encoder

    def detect(self, pair: AlignedPair, story: Story) -> list[Finding]:
        if pair.boilerplate:
            return []
        if mostly_unspaced(pair.source_text) != mostly_unspaced(pair.target_text):
            # One side in a script without spaces (Chinese, Japanese) against a spaced one: its
            # single-character tokens do not align with words, so every clause of a faithful
            # translation looks divergent somewhere (the story events leave such clauses out too).
            return []
        thresholds: Mapping[str, float] = story.settings["thresholds"]
        word_t, span_t = float(thresholds["span_word"]), float(thresholds["span_min"])
        max_share = float(thresholds["span_max_share"])
        found = self.findings(pair, word_alignment(pair, story, self._encoder(story)), word_t, span_t, max_share)
        return [f for f in found if not _split_elsewhere(f, pair, story)]

    def findings(self, pair: AlignedPair, alignment: WordAlignment, word_t: float, span_t: float,
                 max_share: float) -> list[Finding]:
        """Findings from a computed word alignment (separate from ``detect`` for evaluation)."""
        src_words, tgt_words = alignment.source, alignment.target
        content = [w for w in (*src_words, *tgt_words) if not _is_function_word(w.text)]
        if not content:
            return []
        share = sum(w.score >= word_t for w in content) / len(content)
        if share > max_share:
            return []  # the sentences differ as a whole: a sentence-level matter, not a span
        src_spans = find_spans(src_words, word_t, span_t)
        tgt_spans = find_spans(tgt_words, word_t, span_t)
        # A counterpart only needs to be weakly aligned, not a span strong enough on its own:
        # a substitution often scores lower on one side than on the other.
        src_loose = find_spans(src_words, word_t, word_t)
        tgt_loose = find_spans(tgt_words, word_t, word_t)
        tgt_spans += [t for t in tgt_loose if not any(overlaps(t.words, u.words) for u in tgt_spans)]
        strong_tgt = len(find_spans(tgt_words, word_t, span_t))
        src_off, tgt_off = pair.source[0].start, pair.target[0].start
        out: list[Finding] = []
        paired_tgt: set[int] = set()
        for s in src_spans:
            region = _counterpart_region(s, alignment.source_partner, src_words, word_t, len(tgt_words))
            facing = [k for k, t in enumerate(tgt_spans) if overlaps(t.words, (region[0], region[1] + 1))]
            if facing:
                paired_tgt.update(facing)
                for k in facing:
                    out.append(self._finding("other", pair, s, tgt_spans[k], src_words, tgt_words,
                                             src_off, tgt_off))
            else:
                out.append(self._finding("omission", pair, s, None, src_words, tgt_words, src_off, tgt_off))
        for k, t in enumerate(tgt_spans[:strong_tgt]):
            if k in paired_tgt:
                continue
            region = _counterpart_region(t, alignment.target_partner, tgt_words, word_t, len(src_words))
            facing_src = [s for s in src_loose if overlaps(s.words, (region[0], region[1] + 1))]
            if any(overlaps(s.words, u.words) for s in facing_src for u in src_spans):
                continue  # already reported from the source side
            if facing_src:
                for s in facing_src:
                    out.append(self._finding("other", pair, s, t, src_words, tgt_words, src_off, tgt_off))
                continue
            out.append(self._finding("addition", pair, None, t, src_words, tgt_words, src_off, tgt_off))
        return out

    def _finding(self, category: str, pair: AlignedPair, src: Span | None, tgt: Span | None,
                 src_words: Sequence[WordScore], tgt_words: Sequence[WordScore],
                 src_off: int, tgt_off: int) -> Finding:
        if src is not None:
            source = pair.source_side(src_off + src_words[src.first].start, src_off + src_words[src.last].end)
        else:
            source = Side(doc=pair.source_doc.id)
        if tgt is not None:
            target = pair.target_side(tgt_off + tgt_words[tgt.first].start, tgt_off + tgt_words[tgt.last].end)
        else:
            target = Side(doc=pair.target_doc.id)
        spans = [s for s in (src, tgt) if s is not None]
        divergence = float(np.mean([s.divergence for s in spans]))
        words = float(sum(s.content_words for s in spans))
        # Provisional severity until drift.score's calibrated model: how far the span's words
        # are from any counterpart, how long it is, and how much the whole sentence moved.
        cfg = self.settings
        confidence = float(np.clip((divergence - cfg.divergence_floor) / cfg.divergence_range, 0.0, 1.0))
        length = min(words / cfg.clause_words, 1.0)
        sentence_drop = float(np.clip(1.0 - pair.similarity, 0.0, 1.0))
        severity = float(np.clip(cfg.base + cfg.confidence_weight * confidence + cfg.length_weight * length
                                 + sentence_drop, 0.0, 1.0))
        if category == "addition":
            explanation = f"“{target.text}” has no counterpart in {source.doc}."
        elif category == "omission":
            explanation = f"“{source.text}” has no counterpart in {target.doc}."
        else:
            explanation = f"“{source.text}” and “{target.text}” do not say the same thing."
        return Finding(category=category, source=source, target=target, explanation=explanation,
                       severity=severity,
                       evidence={"confidence": confidence, "span_divergence": divergence,
                                 "span_words": words, "sentence_similarity": float(pair.similarity)},
                       detector=self.name)
