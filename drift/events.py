"""Story-level events: one entry per drift, however many pairs of versions show it.

An event groups the pairwise findings of one collation unit (or, for a name spelt differently
throughout a version, of several units) that say the same thing, and tells the story the way a
fact-checker reads it: which versions agree (``readings``, CollateX-style groups of witnesses),
which stand apart (``deviating``), which do not carry the fact at all (``absent``), the spans in
each version, one line of explanation and one calibrated severity.
"""

from __future__ import annotations

import itertools
import math
import os
import re
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from anyascii import anyascii
from rapidfuzz import fuzz, process
from rapidfuzz.distance import DamerauLevenshtein

from drift.categories import BY_NAME
from drift.config import base_language
from drift.detect.attribution import frame_languages
from drift.detect.coverage import usual_best_match
from drift.detect.dates import compare_times, compared_times, extract_times
from drift.detect.modality import class_patterns, find_hits
from drift.detect.spans import _is_function_word
from drift.detect.untranslated import has_frequencies, zipf
from drift.findings import BENIGN, Finding
from drift.names import is_latin
from drift.quantities import Quantity, parse_quantities
from drift.score import fitted_score
from drift.segment import TERMINAL_PUNCTUATION, BoilerplateRules, load_boilerplate
from drift.words import JOINT, mostly_unspaced
from drift.words import TOKEN as _WORD

if TYPE_CHECKING:
    from drift.collate import Unit
    from drift.documents import Document
    from drift.segment import Sentence


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
    # The pairwise findings behind the event (``findings`` holds the ids of the reported ones).
    supporting: list[Finding] = field(default_factory=list, repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "category": self.category, "severity": round(float(self.severity), 4),
                "unit": self.unit, "deviating": list(self.deviating),
                "readings": [r.to_dict() for r in self.readings], "absent": list(self.absent),
                "explanation": self.explanation, "findings": list(self.findings)}


# ---------------------------------------------------------------------------------------------
# Building the events of a story

# Defaults of the ``[events]`` config section (a user's config overrides them).
EVENT_DEFAULTS: dict[str, float] = {
    # How much an event's severity depends on the other versions' agreement: a drift seen between
    # the deviating version and every other version keeps its full severity, one seen in a single
    # pair of many loses up to this share (a one-pair wobble).
    "consistency_weight": 0.6,
    # Share of a sentence's content words found anywhere in another version above which that
    # version carries the content (moved by a split, merge or reordering), so it is no omission.
    "coverage_present": 0.8,
    # Word divergence at or below which a word of a sentence no other version lines up with
    # counts as carried by a version: stricter than ``span_word`` because the best of several
    # sentences is taken, and most words find some near counterpart in a story on one topic.
    "coverage_word": 0.3,
    # Sentences (most similar first) of the other version searched for moved content.
    "coverage_window": 5,
    # A version's own pairwise alignment vouches that it carries a sentence when the link holding
    # that sentence is about as similar as that pair's typical link: at most this far below the
    # pair's median link similarity. A translation that splits a sentence in two (or merges two)
    # has each piece in such a link, while a sentence the other version lacks is either left
    # unaligned or forced into a link well below the median.
    "coverage_link_slack": 0.02,
    # For a version word alignment cannot measure (Chinese, Japanese), or content only such
    # versions carry: the version carries a sentence when one of its sentences is at most this
    # far below the two versions' usual best-match similarity (a dropped sentence's nearest
    # stand-in, a merely related sentence of the story, falls further below it).
    "coverage_sentence_slack": 0.06,
    # Content words a span must have before every version is checked for it (shorter additions
    # and omissions, a word or two, stay with their pairwise evidence and below the threshold).
    "coverage_min_words": 3,
    # Missing content words at which a clause added or left out inside a sentence counts in full.
    "coverage_span_words": 6,
    # Missing content words below which a phrase one of two versions in two languages adds or
    # leaves out is weak evidence (see _finding_events).
    "pair_phrase_words": 4,
    # Content words at which an added or omitted sentence counts at full length.
    "coverage_words": 12,
    # How far further pairs showing the same drift raise its severity (logistic-style: strong
    # findings gain most, weak ones stay weak however often they repeat).
    "repeat_gain": 0.8,
    # The severity at which a finding counts as flagged (the report's threshold is passed in).
    "flag_threshold": 0.5,
    # A difference located only to a whole sentence (a source present in one version, absent in
    # the other) is weaker evidence than one located to the words that changed.
    "sentence_span_weight": 0.8,
    # An added or omitted clause that one pair of versions in two languages shows, of the many
    # pairs of a story that could, or any other change only one pair of a story of three or more
    # versions shows: its weight (see _finding_events).
    "single_pair_weight": 0.75,
    # The pair's finding at which that one pair is evidence enough.
    "single_pair_confident": 0.7,
    # How much an event located by word alignment (added, omitted or reworded words, a changed
    # source) depends on its versions standing apart in that unit more than they usually do: the
    # gap between the other versions' mutual sentence similarity and theirs to the deviating
    # version, above the deviating version's median gap over the story. Faithful translations
    # that only express a clause differently have no excess gap.
    "gap_weight": 0.6,
    # Excess gap (cosine) at which that evidence counts in full, for a version whose gaps swing as
    # much as the story's typical version's; one that swings k times as widely needs k times it.
    "gap_scale": 0.03,
    # With three or more versions, how much an even split lowers an event: when many versions
    # read one way and many another (translations that express a thing differently), no version
    # stands apart; one version against all the others keeps its full severity.
    "split_weight": 0.5,
}

_QUOTE = 90
# A name form counts as the story's own when at least this share of the versions outside a pair
# carries it, and one version alone differing from it in at least this many pairs stands apart
# (see _lone_spelling).
_ESTABLISHED = 0.8
_LONE_PAIRS = 3
# The shortest word a one-edit difference counts as a misspelling in (see _misspelt_word): "Kim" /
# "Kin" is as often two names or a word.
_MISSPELT_MIN = 4
# Pairs that must show a one-edit slip of a name (``_lone_spelling``): the versions' words bear
# it out besides, so fewer than ``_LONE_PAIRS`` (a version that writes the name inside a longer
# capitalised phrase, German "Daten des Aviation Safety Network", is compared as another name).
_MISSPELT_PAIRS = 2
# Versions carrying a sentence by their own alignments against which one version's lack of it is
# settled (``_coverage_events``).
_MANY_CARRIERS = 3
# A word of one version's name put in place of another's ("South Atlanta" / "South Carolina",
# ``_substituted_alone``): below this ratio (transliterated) the two words are not one respelt
# ("Carolina" / "Atlanta" 53; a city's names in two languages mostly score 60 and more, "Vienna" /
# "Wien", "Florence" / "Firenze", and those that do not are settled by the other versions' words);
# at or above ``_ATTESTS`` a word of a version writes the word (a declined or translated form of
# it: "Karolina", "Caroline", "Каролина" for "Carolina").
_RESPELT = 60
_ATTESTS = 80
_LETTERS = re.compile(r"[^\W\d_]+")
# Final letters a declension puts in place of another (compared transliterated: "ę" is "e").
_VOWELS = frozenset("aeiouy")
# Content words (longer than two letters) of a headline at most.
HEADLINE_WORDS = 14


def _names(docs: Sequence[str]) -> str:
    docs = list(docs)
    return docs[0] if len(docs) == 1 else ", ".join(docs[:-1]) + " and " + docs[-1]


def _quote(text: str) -> str:
    # A quoted sentence keeps its words, not its own quotation marks ("“"Our office…”" reads badly).
    text = " ".join(text.split()).strip("\"“”„«»")
    return f"“{text if len(text) <= _QUOTE else text[:_QUOTE - 1].rstrip() + '…'}”"


class _Union:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def join(self, a: int, b: int) -> None:
        self.parent[self.find(a)] = self.find(b)


def _located(finding: Finding) -> list[Span]:
    out = []
    for side in (finding.source, finding.target):
        if side.sentence is not None and side.start is not None and side.end is not None and side.text is not None:
            out.append(Span(side.doc, side.sentence, side.start, side.end, side.text))
    return out


def _overlap(a: Span, b: Span) -> bool:
    return a.doc == b.doc and a.start < b.end and b.start < a.end


def _readings(present: Sequence[str], edges: set[frozenset[str]], order: Sequence[str]) -> list[list[str]]:
    """Group the versions so that no two versions of a group differ (greedy colouring of the
    difference graph, least-contested versions first): the CollateX readings of the event."""
    degree = {d: sum(d in e for e in edges) for d in present}
    groups: list[list[str]] = []
    for doc in sorted(present, key=lambda d: (degree[d], order.index(d))):
        for group in groups:
            if all(frozenset((doc, other)) not in edges for other in group):
                group.append(doc)
                break
        else:
            groups.append([doc])
    for group in groups:
        group.sort(key=order.index)
    return groups


def _deviating(groups: list[list[str]], reference: str) -> list[str]:
    """The versions outside the largest reading; on a tie the reading holding the reference is
    the majority."""
    best = max(groups, key=lambda g: (len(g), reference in g))
    return [d for g in groups if g is not best for d in g]


def _outvoted(groups: list[list[str]], located: Mapping[str, list[Span]],
              sentences: Mapping[str, Sequence[Sentence]], languages: Mapping[str, str | None],
              category: str, others: Sequence[str]) -> list[str] | None:
    """Which of two versions alone in a unit stands apart on a time or a figure, by the versions
    outside the unit: those that write one side's value anywhere in their text, and not the
    other's, side with it (the others put that sentence in units of their own: "remontent au 9
    mars" / "восходят к 6 марта", where four more versions write 6 March elsewhere). None when
    they do not tell the two apart."""
    def values(doc: str, text: str) -> list[Any]:
        language = languages.get(doc) or "und"
        if category == "time":
            return compared_times(extract_times(text, language))
        return [q for q in parse_quantities(text, language) if q.exact]

    def same(a: Any, b: Any) -> bool:
        return bool(compare_times(a, b)) if category == "time" else bool(a.same_value(b))

    sides = [[v for sp in located.get(g[0], ()) for v in values(g[0], sp.text)] for g in groups]
    if not all(sides):
        return None
    votes = [0, 0]
    for doc in others:
        written = values(doc, " ".join(s.text for s in sentences[doc] if not s.boilerplate))
        holds = [any(same(v, w) for v in side for w in written) for side in sides]
        if holds[0] != holds[1]:
            votes[holds.index(True)] += 1
    if votes[0] == votes[1]:
        return None
    return list(groups[votes.index(min(votes))])


def _consistency(deviating: Sequence[str], rest: Sequence[str], edges: set[frozenset[str]]) -> float:
    expected = len(deviating) * len(rest)
    if not expected:
        return 1.0
    seen = sum(frozenset((d, r)) in edges for d in deviating for r in rest)
    return seen / expected


def _hedge_agreement(group: Sequence[Finding], deviating: str, rest: Sequence[str], edges: set[frozenset[str]],
                     unit: Unit, sentences: Mapping[str, Sequence[Sentence]],
                     languages: Mapping[str, str | None]) -> set[frozenset[str]]:
    """The pairs of ``deviating``, the one version without a hedge the others write, with a
    version that no finding links though its part of the unit qualifies the claim in its own
    language's grammar: a reported or evidential conditional ("pourrait", "se cree que",
    "се смята") answers a hedge, so the modality detector compares no hedge with it. That
    version neither showed the drop nor disputes it: it hedges as the others do. Empty when the
    deviating version's own part hedges or uses such a mood (then it may say the same)."""
    if not group or not all("kind_hedge" in f.evidence for f in group):
        return set()

    def moods(doc: str, around: int = 0) -> set[str]:
        cell = unit.cells.get(doc, ())
        if not cell:
            return set()
        own = sentences[doc][max(0, min(cell) - around):max(cell) + 1 + around]
        text = " ".join(s.text for s in own if not s.boilerplate)
        return {hit.cls for hit in find_hits(text, languages.get(doc) or "und")}

    # The deviating version's neighbouring sentences too: a version that splits the sentence
    # elsewhere may write the hedge in the next one ("... preguntó a senadores republicanos. John
    # Kennedy y Lindsey Graham hablan de si el FBI podría ..."). There a hedge word only: a
    # reported conditional next door reports another claim ("les clients seraient replacés").
    if moods(deviating) & {"hedge", "conditional"} or "hedge" in moods(deviating, around=1):
        return set()
    return {frozenset((deviating, doc)) for doc in rest
            if frozenset((deviating, doc)) not in edges and "conditional" in moods(doc)}


def _source_dropped(group: Sequence[Finding], deviating: str, rest: Sequence[str], edges: set[frozenset[str]],
                    languages: Mapping[str, str | None]) -> bool:
    """Whether ``deviating`` alone states a claim without the source every other version gives
    it ("The group is demanding 2 million euros" where three or more versions add "according to
    a person familiar with the matter"): each finding a source on one side only, the one without
    being ``deviating``, its sentence naming no other source of that kind and the other side no
    implicit or unread one ("it was reported", a frame not read), and every other version whose
    sources can be read (``frame_languages``) showing it, three at least."""
    if not group:
        return False
    for f in group:
        evidence = f.evidence
        if any(evidence.get(key, 0.0) for key in ("changed", "relay", "implicit_other", "other_source",
                                                   "other_reports")):
            return False
        lacking = f.target.doc if evidence.get("dropped") else f.source.doc
        if lacking != deviating or not (evidence.get("dropped") or evidence.get("added")):
            return False
    readable = frame_languages()
    writing = [d for d in rest if frozenset((deviating, d)) in edges]
    return len(writing) >= 3 and all(d in writing or base_language(languages.get(d)) not in readable
                                     for d in rest)


def _figure_agreement(group: Sequence[Finding], deviating: str, rest: Sequence[str], edges: set[frozenset[str]],
                      unit: Unit, sentences: Mapping[str, Sequence[Sentence]],
                      languages: Mapping[str, str | None]) -> set[frozenset[str]]:
    """The pairs of ``deviating`` with another version that no finding of the figure event
    links, though that version agrees with the pairs that do: its part of the unit writes a
    figure those pairs set against the deviating one, and not the deviating figure. (The number
    detector declines to compare figures whose counted words read as unrelated across two
    languages, "le 60è anniversaire" / "45-тата годишнина"; the other versions' readings still
    tell which version stands apart.) Empty when the deviating version's own part writes one of
    those figures too: the figure may have moved, not changed."""
    def figures(doc: str, text: str) -> list[Quantity]:
        return [q for q in parse_quantities(text, languages.get(doc) or "und") if q.exact]

    def cell_text(doc: str) -> str:
        return " ".join(sentences[doc][k].text for k in unit.cells.get(doc, ()))

    own: list[Quantity] = []
    against: list[Quantity] = []
    for f in group:
        if deviating not in (f.source.doc, f.target.doc):
            continue
        mine, theirs = (f.source, f.target) if f.source.doc == deviating else (f.target, f.source)
        own += figures(mine.doc, mine.text or "")
        against += figures(theirs.doc, theirs.text or "")
    if not own or not against:
        return set()
    if any(q.same_value(a) for q in figures(deviating, cell_text(deviating)) for a in against):
        return set()
    agreeing = set()
    for doc in rest:
        if frozenset((deviating, doc)) in edges:
            continue
        written = figures(doc, cell_text(doc))
        if (any(q.same_value(a) for q in written for a in against)
                and not any(q.same_value(o) for q in written for o in own)):
            agreeing.add(frozenset((deviating, doc)))
    return agreeing


# Categories whose findings come from word alignment or frame matching: they need the unit's
# sentence similarity to confirm that the deviating versions stand apart.
_GAPPED = frozenset({"addition", "omission", "other", "attribution"})


# Units a version must be measured in before its swing (see ``_Gaps``) is read.
MIN_SWING_UNITS = 5


class _Gaps:
    """How far versions stand apart from the others in each unit, against their usual distance."""

    def __init__(self, units: Sequence[Unit], embeddings: Mapping[str, np.ndarray],
                 languages: Mapping[str, str | None] | None = None) -> None:
        self.cells: dict[str, dict[str, np.ndarray]] = {}
        for unit in units:
            vectors = {}
            for doc in unit.present:
                if doc in embeddings and len(embeddings[doc]):
                    v = np.asarray(embeddings[doc])[list(unit.cells[doc])].mean(axis=0)
                    vectors[doc] = v / max(float(np.linalg.norm(v)), 1e-8)
            self.cells[unit.id] = vectors
        # A story of two versions in two languages has no third to measure them against: their
        # usual similarity over the story's units stands in for it (a faithful translation's
        # sentences sit at about the same cosine; one that says otherwise falls below it). Two
        # versions in one language compare word for word (a rewrite that drops "The UN says" barely
        # moves the sentence vector), and in larger stories a unit only two versions carry keeps no
        # gap: the others' absence is the evidence there.
        self.pair_usual: dict[frozenset[str], float] = {}
        bases = {base_language((languages or {}).get(doc)) for doc in embeddings}
        if len(embeddings) == 2 and len(bases) == 2:
            sims = [float(v[a] @ v[b]) for v in self.cells.values() if len(v) == 2 for a, b in [sorted(v)]]
            if sims:
                self.pair_usual[frozenset(embeddings)] = float(np.median(sims))
        usual: dict[str, list[float]] = {}
        for unit_id, vectors in self.cells.items():
            for doc in vectors:
                gap = self.gap(unit_id, [doc], baseline=False)
                if gap is not None:
                    usual.setdefault(doc, []).append(gap)
        self.usual = {doc: float(np.median(gaps)) for doc, gaps in usual.items()}
        # How widely a version's gaps swing around its usual one, against the story's typical
        # swing: a distant language's faithful sentences (Chinese against European versions)
        # scatter twice as widely, so the same gap says less about them.
        swing = {doc: float(np.median(np.abs(np.array(gaps) - self.usual[doc])))
                 for doc, gaps in usual.items() if len(gaps) >= MIN_SWING_UNITS}
        typical = float(np.median(list(swing.values()))) if swing else 0.0
        self.swing = {doc: max(1.0, value / typical) for doc, value in swing.items()} if typical > 0 else {}

    def gap(self, unit_id: str | None, deviating: Sequence[str], *, baseline: bool = True) -> float | None:
        vectors = self.cells.get(unit_id or "", {})
        rest = [d for d in vectors if d not in deviating]
        apart = [d for d in deviating if d in vectors]
        pair = frozenset((*rest, *apart))
        if baseline and len(rest) == 1 and len(apart) == 1 and pair in self.pair_usual:
            return self.pair_usual[pair] - float(vectors[rest[0]] @ vectors[apart[0]])
        if len(rest) < 2 or not apart:
            return None
        inner = [float(vectors[a] @ vectors[b]) for a, b in itertools.combinations(rest, 2)]
        across = [float(vectors[d] @ vectors[r]) for d in apart for r in rest]
        gap = float(np.mean(inner) - np.mean(across))
        if baseline:
            gap -= float(np.mean([self.usual.get(d, 0.0) for d in apart]))
        return gap

    def factor(self, unit_id: str | None, deviating: Sequence[str], settings: Mapping[str, float]) -> float:
        gap = self.gap(unit_id, deviating)
        if gap is None:
            return 1.0
        weight = float(settings["gap_weight"])
        scale = float(settings["gap_scale"]) * float(np.mean([self.swing.get(d, 1.0) for d in deviating]))
        return 1.0 - weight + weight * float(np.clip(gap / scale, 0.0, 1.0))


def _split_factor(deviating: int, present: int, settings: Mapping[str, float]) -> float:
    """1 for one version against the rest, down to ``1 - split_weight`` for an even split."""
    if present < 3 or deviating <= 1:
        return 1.0
    return 1.0 - float(settings["split_weight"]) * min((deviating - 1) / max(present / 2 - 1, 1), 1.0)


def _severity(severities: Sequence[float], pairs: int, consistency: float, whole_sentence: bool,
              settings: Mapping[str, float]) -> float:
    """An event's provisional severity: its strongest finding, raised by the further pairs that
    show it, lowered when the other versions do not bear it out (a one-pair wobble) and when it is
    located only to whole sentences."""
    base = max(severities)
    # Repetition makes a drift more certain, not a difference that the detector judged benign
    # (a house-style word in every pair) more of a drift: only flagged findings gain.
    if base >= float(settings["flag_threshold"]):
        base += base * (1.0 - base) * float(settings["repeat_gain"]) * (1.0 - 1.0 / max(pairs, 1))
    weight = float(settings["consistency_weight"])
    severity = base * (1.0 - weight + weight * consistency)
    if whole_sentence:
        severity *= float(settings["sentence_span_weight"])
    return float(np.clip(severity, 0.0, 1.0))


class _Coverage:
    """Whether a version carries some content anywhere (any sentence, any position): the content
    words of the carrying sentence are aligned against the version's most similar sentences."""

    def __init__(self, documents: Sequence[Document], sentences: Mapping[str, Sequence[Sentence]],
                 embeddings: Mapping[str, np.ndarray], encoder: Any, thresholds: Mapping[str, float],
                 settings: Mapping[str, float], word_vectors: dict[Any, Any] | None = None) -> None:
        self.sentences, self.embeddings, self.encoder = sentences, embeddings, encoder
        self.thresholds, self.settings = thresholds, settings
        # Versions in an unspaced script (Chinese, Japanese): their single-character tokens do not
        # align word for word, so whether they carry a clause cannot be measured this way.
        self.unmeasurable = {d.id for d in documents if mostly_unspaced(d.text)}
        self.languages = {d.id: base_language(d.language) for d in documents}
        self._document_frequency: dict[str, tuple[dict[str, int], int]] = {}
        self._names: dict[str, list[list[Any]]] = {}   # a version's names, sentence by sentence as read
        # Each sentence's word vectors, once (align_words_batch's cache; the detectors' when given).
        self._word_vectors: dict[Any, Any] = {} if word_vectors is None else word_vectors
        self._usual: dict[tuple[str, str], float] = {}
        self._own_sentences: dict[str, list[Sentence]] = {}

    def _own(self, doc: str) -> list[Sentence]:
        """The version's sentences that are not boilerplate: what it says."""
        if doc not in self._own_sentences:
            self._own_sentences[doc] = [s for s in self.sentences[doc] if not s.boilerplate]
        return self._own_sentences[doc]

    def share(self, span: Span, doc: str, word_threshold: float | None = None) -> float:
        """Share of the span's content words that ``doc`` carries somewhere (0..1).

        The span's sentence is word-aligned with each of ``doc``'s most similar sentences (all
        already encoded: only the alignment is computed here); a word counts as carried when some
        sentence aligns it at or below ``word_threshold`` (the model's ``span_word`` unless
        given), so a clause moved to another sentence is found. Words are weighted by their
        rarity in the span's own version: the story's topic words ("the rebels", the city
        named in every sentence) align somewhere in any sentence and say little about whether a
        claim is carried."""
        from drift.tokens import align_words_batch, params_from_thresholds
        if self.encoder is None or "span_layer" not in self.thresholds:
            return 0.0
        candidates = self._own(doc)
        if not candidates:
            return 0.0
        whole = self.sentences[span.doc][span.sentence]
        window = int(self.settings["coverage_window"])
        sims = self.embeddings[doc][[s.index for s in candidates]] @ self.embeddings[span.doc][span.sentence]
        chosen = [candidates[k] for k in np.argsort(-sims)[:window].tolist()]
        alignments = align_words_batch([(whole.text, c.text) for c in chosen], self.encoder,
                                       layer=int(self.thresholds["span_layer"]),
                                       params=params_from_thresholds(self.thresholds), cache=self._word_vectors)
        lo, hi = span.start - whole.start, span.end - whole.start
        best: dict[int, tuple[float, str]] = {}
        for alignment in alignments:
            for k, w in enumerate(alignment.source):
                if lo <= w.start and w.end <= hi and not _is_function_word(w.text):
                    best[k] = (min(best.get(k, (1.0, ""))[0], w.score), w.text)
        if not best:
            return 1.0
        word_t = float(self.thresholds["span_word"] if word_threshold is None else word_threshold)
        rarity = self._rarity(span.doc)
        total = sum(rarity(text) for _, text in best.values())
        return sum(rarity(text) for score, text in best.values() if score <= word_t) / total

    def _nearest(self, span: Span, doc: str, slack: float) -> tuple[int, bool] | None:
        """``doc``'s sentence nearest the span's sentence, and whether it is about as near as the
        two versions' faithful counterparts usually are: within ``slack`` of their median best
        match. None without sentences or vectors to compare."""
        own = [s.index for s in self._own(doc)]
        if not own or doc not in self.embeddings or span.doc not in self.embeddings:
            return None
        sims = self.embeddings[doc][own] @ self.embeddings[span.doc][span.sentence]
        k = int(np.argmax(sims))
        return own[k], float(sims[k]) >= self._usual_match(span.doc, doc) - slack

    def sentence_carried(self, span: Span, doc: str, slack: float) -> bool:
        """Whether ``doc`` has a sentence about as near the span's sentence as the two versions'
        faithful counterparts usually are (``_nearest``; sentence vectors only, for versions whose
        words cannot be aligned one by one)."""
        nearest = self._nearest(span, doc, slack)
        return nearest is None or nearest[1]

    def sentence_mutual(self, span: Span, doc: str, slack: float) -> bool:
        """Whether ``doc`` has a sentence that is the span's sentence's nearest, about as near as
        the two versions' faithful counterparts usually are (``_nearest``), and whose own
        nearest sentence in the span's version is the span's: the two are each other's
        counterpart, though the alignment put one of them into a merge (a dropped sentence's
        nearest stand-in has its own counterpart there). Across languages only, where the word
        check runs weak."""
        if self.languages.get(doc) == self.languages.get(span.doc):
            # Within one language the word check reads the words themselves, and rewritten
            # versions of one story (the seeds) have sentences on one topic that are each other's
            # nearest while saying different things.
            return False
        return self.sentence_counterpart(span, doc, slack)

    def sentence_counterpart(self, span: Span, doc: str, slack: float, *, unknown: bool = False) -> bool:
        """Whether ``doc``'s sentence nearest the span's sentence is about as near as the two
        versions' faithful counterparts usually are, and has the span's sentence for its own
        nearest in the span's version (``sentence_mutual`` without its language condition);
        ``unknown`` where there are no vectors to compare."""
        theirs = [s.index for s in self._own(span.doc)]
        nearest = self._nearest(span, doc, slack) if span.sentence in theirs else None
        if nearest is None:
            return unknown
        if not nearest[1]:
            return False
        back = self.embeddings[span.doc][theirs] @ self.embeddings[doc][nearest[0]]
        return theirs[int(np.argmax(back))] == span.sentence

    def _usual_match(self, a: str, b: str) -> float:
        """Median best-match similarity of two versions' sentences (both ways)."""
        key = (a, b) if a < b else (b, a)
        if key not in self._usual:
            x = self.embeddings[key[0]][[s.index for s in self._own(key[0])]]
            y = self.embeddings[key[1]][[s.index for s in self._own(key[1])]]
            self._usual[key] = usual_best_match(x @ y.T)
        return self._usual[key]

    def names_nobody_else_has(self, span: Span, lacking: Sequence[str]) -> list[str]:
        """Names in ``span`` that none of the ``lacking`` versions mentions anywhere (any script:
        transliterations and aliases match): a clause that brings a new name brings a new claim."""
        from drift.names import compare_names, extract_mentions, load_name_data
        if not lacking:
            return []
        groups = load_name_data().groups
        out = []
        for mention in extract_mentions(span.text):
            group = groups.get(mention.alias or "")
            if group is not None and group.kind == "agency":
                continue  # a relay credit ("quoted by AFP, BTA reported") is the wire's furniture
            if not (mention.acronym or len(mention.text.split()) > 1 or JOINT.search(mention.text)):
                # One plain capitalised word may be a sentence opener or a German noun
                # ("Arbeit", "Водните"); a name of several words, a joined one ("Al-Qaeda") or an
                # acronym is a name.
                continue
            if not any(compare_names(mention, other).kind in ("same", "variant", "near")
                       for doc in lacking for other in self._mentions(doc)):
                out.append(mention.text)
        return out

    def new_source(self, span: Span, others: Sequence[str]) -> bool:
        """Whether a source names someone none of ``others`` mentions anywhere: every name of the
        span is unknown to all of them (any script: transliterations match), and there is at least
        one. Offices ("Finanzminister") and capitalised common words are no names here: a word that
        common in the language (``_common_capitalised``), one common word opening the sentence
        ("Президентът"), a common noun of a language that capitalises its nouns ("Leistung")."""
        from drift.detect.entities import _common_capitalised, _common_noun, _opens_sentence
        from drift.names import compare_names, extract_mentions
        language = self.languages.get(span.doc)
        sentence = self.sentences[span.doc][span.sentence]
        lo, hi = span.start - sentence.start, span.end - sentence.start
        names = [m for m in extract_mentions(sentence.text) if m.alias is None and lo <= m.start and m.end <= hi
                 and not _common_capitalised(m, sentence.text, language)
                 and not _opens_sentence(m, sentence.text, 0, language) and not _common_noun(m.text, language)]
        return bool(names) and bool(others) and not any(
            compare_names(mention, other).kind in ("same", "variant", "near")
            for mention in names for doc in others for other in self._mentions(doc))

    def _mentions(self, doc: str) -> Iterator[Any]:
        """The names of ``doc``'s own sentences, in document order, read sentence by sentence as
        they are asked for and kept for later calls: ``names_nobody_else_has`` stops at the first
        name that matches, usually early, and reading every name of a long version up front was
        most of its time."""
        from drift.names import extract_mentions
        read = self._names.setdefault(doc, [])
        for k, sentence in enumerate(self._own(doc)):
            if k == len(read):
                read.append(extract_mentions(sentence.text))
            yield from read[k]

    def _rarity(self, doc: str) -> Any:
        """Inverse document frequency of a word over the version's own sentences (plus a floor,
        so a word every sentence repeats still counts a little)."""
        if doc not in self._document_frequency:
            counts: dict[str, int] = {}
            own = self._own(doc)
            for sentence in own:
                for word in {w.casefold() for w in _WORD.findall(sentence.text)}:
                    counts[word] = counts.get(word, 0) + 1
            self._document_frequency[doc] = (counts, len(own))
        counts, n = self._document_frequency[doc]
        return lambda text: math.log((n + 1) / (counts.get(text.casefold(), 0) + 1)) + 0.1


def _content_words(text: str) -> list[str]:
    """The words of ``text`` that are not function words (punctuation around them ignored)."""
    return [w for w in text.split() if not _is_function_word(w.strip(".,;:!?\"'«»“”()"))]


def _content_word_count(text: str) -> int:
    """Words of more than two letters; in an unspaced script (Chinese, Japanese), its letters
    over two, about a word's length there."""
    if mostly_unspaced(text):
        return sum(ch.isalpha() for ch in text) // 2
    return len([w for w in text.split() if len(w) > 2])


def _own_line(text: str, span: Span) -> bool:
    """Whether the span is the whole of its line (a heading stands alone; a sentence inside a
    paragraph does not, whatever its punctuation)."""
    before = text[:span.start].rsplit("\n", 1)[-1]
    after = text[span.end:].split("\n", 1)[0]
    return not before.strip() and not after.strip()


class _LinkVotes:
    """Whether a version's pairwise alignment with another vouches that it carries a sentence."""

    def __init__(self, order: Sequence[str], alignments: Mapping[tuple[int, int], Any] | None,
                 slack: float, merge_allowance: float = 0.0,
                 languages: Mapping[str, str | None] | None = None) -> None:
        self.slack = slack
        self.links: dict[tuple[str, str], dict[int, float]] = {}
        # The other version's sentences each sentence is linked with, per ordered pair of versions.
        self.partners: dict[tuple[str, str], dict[int, tuple[int, ...]]] = {}
        languages = languages or {}
        self.languages = {doc: base_language(language) for doc, language in languages.items()}
        for (i, j), alignment in (alignments or {}).items():
            links = list(alignment.links)
            if not links:
                continue
            median = float(np.median([link.similarity for link in links]))
            # A translation that splits or merges sentences puts a bead about the aligner's own
            # allowance per extra sentence (``align_merge``) below its one-to-one links: given back.
            # Two rewrites in one language regroup content loosely, and their beads get nothing back.
            translated = base_language(languages.get(order[i])) != base_language(languages.get(order[j]))
            allowance = merge_allowance if translated else 0.0
            forward: dict[int, float] = {}
            backward: dict[int, float] = {}
            to_target: dict[int, tuple[int, ...]] = {}
            to_source: dict[int, tuple[int, ...]] = {}
            for link in links:
                # How far this link is above the pair's usual link (negative: below).
                extra = len(link.source) + len(link.target) - 2
                excess = float(link.similarity) - median + allowance * extra
                for k in link.source:
                    forward[k] = excess
                    to_target[k] = tuple(link.target)
                for k in link.target:
                    backward[k] = excess
                    to_source[k] = tuple(link.source)
            self.links[(order[i], order[j])] = forward
            self.links[(order[j], order[i])] = backward
            self.partners[(order[i], order[j])] = to_target
            self.partners[(order[j], order[i])] = to_source

    def links_into(self, doc: str, spans: Sequence[Span], alone: Collection[int]) -> bool:
        """True when most carriers' alignments with ``doc``, two at least, link their sentence, at
        any similarity, only to sentences of ``doc`` among ``alone`` (those the collation left in a
        unit of their own). One alignment alone may link two leftovers of its pair (a sentence
        one version adds, with the other's byline). Carriers in ``doc``'s own language do not
        vote: between them the word check reads the words themselves, and rewrites in one
        language link a dropped sentence to a claim put in its place (a rewrite's "The
        Associated Press reported ..." where the others' photographer saw abandoned tanks)."""
        own = self.languages.get(doc)
        votes = [bool(linked := self.partners[(span.doc, doc)].get(span.sentence, ()))
                 and all(k in alone for k in linked)
                 for span in spans if (span.doc, doc) in self.partners
                 and (own is None or self.languages.get(span.doc) != own)]
        return sum(votes) >= 2 and sum(votes) * 2 > len(votes)

    def carries(self, doc: str, spans: Sequence[Span]) -> bool:
        """True when most carriers' alignments with ``doc`` link their sentence at about the pair's
        usual similarity (a sentence ``doc`` splits or merges, not one it lacks)."""
        votes = [self.links[(span.doc, doc)].get(span.sentence, -1.0) >= -self.slack
                 for span in spans if (span.doc, doc) in self.links]
        return bool(votes) and sum(votes) * 2 > len(votes)


def _added(agree: Collection[str], lacking: Collection[str], reference: str) -> bool:
    """Whether the versions that carry some content (``agree``) stand apart, an addition, rather
    than those that lack it, an omission: the fewer side does (on a tie, the side without the
    reference)."""
    return len(agree) < len(lacking) or (len(agree) == len(lacking) and reference not in agree)


def _coverage_events(units: Sequence[Unit], sentences: Mapping[str, Sequence[Sentence]], order: Sequence[str],
                     coverage: _Coverage, findings: Sequence[Finding], reference: str,
                     settings: Mapping[str, float], votes: _LinkVotes | None = None,
                     texts: Mapping[str, str] | None = None) -> list[Event]:
    """Units some versions carry and others lack: additions (a minority carries them) and
    omissions (a minority lacks them). A version that carries the content elsewhere (a split,
    merge or move the collation did not join) neither lacks it nor is counted against it."""
    events: list[Event] = []
    texts = texts or {}
    by_sentence: dict[tuple[str, int], list[Finding]] = {}
    for f in findings:
        if f.detector == "coverage":
            for span in _located(f):
                by_sentence.setdefault((span.doc, span.sentence), []).append(f)
    present_at = float(settings["coverage_present"])
    # Each version's sentences the collation left in a unit of their own.
    alone: dict[str, set[int]] = {}
    for unit in units:
        if len(unit.present) == 1:
            alone.setdefault(unit.present[0], set()).update(unit.cells[unit.present[0]])
    strict = float(settings["coverage_word"])
    sentence_slack = float(settings["coverage_sentence_slack"])
    for unit in units:
        carriers, missing = unit.present, unit.missing
        if not carriers or not missing:
            continue
        spans = [Span(doc, k, sentences[doc][k].start, sentences[doc][k].end, sentences[doc][k].text)
                 for doc in carriers for k in unit.cells[doc]]
        # A version carries the fact if it carries any carrier's telling of it (one carrier's
        # extra clause is that carrier's own drift, not the others' omission).
        # Word alignment cannot tell whether an unspaced-script version (Chinese, Japanese) carries
        # a sentence, nor what a sentence only such versions carry says: there the sentence vectors
        # judge, whole sentences only (a version carries it or not).
        measurable = [span for span in spans if span.doc not in coverage.unmeasurable]
        # The explanation quotes the first version's (the reference's, when it carries it) telling.
        main = min(measurable or spans, key=lambda span: (order.index(span.doc), span.sentence))
        longest = max(measurable or spans, key=lambda span: len(span.text))
        shares = {doc: max(coverage.share(span, doc, strict) for span in measurable)
                  if measurable and doc not in coverage.unmeasurable
                  else float(any(coverage.sentence_carried(span, doc, sentence_slack) for span in spans))
                  for doc in missing}
        # Word alignment across languages runs weak (a Polish version splitting a sentence in two
        # carried each half at 40%): the version's own sentence alignment may vouch instead.
        # Nor when the version has this sentence's mutual counterpart, which its alignment merged
        # with a neighbour ("Ha toccato la palla ..." joined to the next sentence's link): the
        # sentence vectors say it carries it.
        # Nor when most carriers' own alignments link the sentence to a sentence of the version that
        # the collation left alone: the version tells it in its own way, which its weaker sentence
        # vectors did not show clearly enough for the collation nor its words for the word check
        # (a Swedish "Övriga tolv behandlades på plats ..." linked by three versions' alignments
        # with their "The other 12 were treated at the scene ..."). Were it another claim put in
        # the sentence's place, its own unit still tells it as an addition.
        lacking = [doc for doc in missing if shares[doc] < present_at
                   and not (votes is not None and votes.carries(doc, spans))
                   and not (votes is not None and votes.links_into(doc, spans, alone.get(doc, set())))
                   and not (doc not in coverage.unmeasurable
                            and any(coverage.sentence_mutual(span, doc, sentence_slack) for span in measurable))]
        if not lacking:
            continue
        elsewhere = [doc for doc in missing if doc not in lacking]
        if _added(carriers + elsewhere, lacking, reference):
            # An unspaced-script version, whose words no check reads, nearly always has a sentence
            # on the story's topic about as near as a counterpart (a sentence added from another
            # report "found" in the Chinese version): it sides with the few only where that
            # sentence and the added one are each other's nearest.
            doubtful = [doc for doc in elsewhere if doc in coverage.unmeasurable
                        and not any(coverage.sentence_counterpart(span, doc, sentence_slack, unknown=True)
                                    for span in spans)]
            shares.update({doc: 0.0 for doc in doubtful})
            lacking = sorted([*lacking, *doubtful], key=order.index)
            elsewhere = [doc for doc in elsewhere if doc not in doubtful]
        # Versions that carry the content elsewhere side with the carriers: which side stands
        # apart is decided by everyone who has it against everyone who lacks it.
        agree = sorted(carriers + elsewhere, key=order.index)
        if _added(agree, lacking, reference):
            category, deviating = "addition", list(agree)
            text = f"{_names(agree)} {'carries' if len(agree) == 1 else 'carry'} {_quote(main.text)}, " \
                   f"which {_names(lacking)} {'does' if len(lacking) == 1 else 'do'} not have."
        else:
            category, deviating = "omission", list(lacking)
            text = f"{_names(lacking)} {'lacks' if len(lacking) == 1 else 'lack'} {_quote(main.text)}, " \
                   f"which {_names(agree)} {'carries' if len(agree) == 1 else 'carry'}."
        words = _content_word_count(longest.text)
        length = min(words / float(settings["coverage_words"]), 1.0)
        # A line without sentence-final punctuation, of headline length, is a heading: what it says
        # the versions' leads say too, so lacking it is weak evidence.
        heading = float(words <= HEADLINE_WORDS and not longest.text.rstrip().endswith(TERMINAL_PUNCTUATION)
                        and _own_line(texts.get(longest.doc, ""), longest))
        moved = max(shares[d] for d in lacking)
        # A claim the others lack entirely, long and complete, is the strongest signal; content
        # partly found elsewhere, headings, and splits where the versions divide evenly are weaker.
        split = _split_factor(len(deviating), len(order), settings)
        # One version's lone sentence that the others carry by their own alignments (a split or a
        # reordering the collation did not join): a version whose alignment does not vouch for it
        # likely carries it too, less plainly; its omission rests on one sentence of one version.
        # With two versions there are no others to vouch: a sentence the one lacks and the word
        # check finds nowhere in it is that translation's omission (a dropped sentence).
        lone = 0.5 if category == "omission" and len(carriers) == 1 and len(order) > 2 else 1.0
        # Content words of a news sentence recur across the story (names, the topic), so a
        # sentence one version dropped is "found" 40-60% elsewhere in it all the same. Where at
        # least ``_MANY_CARRIERS`` versions carry it by their own alignments and one alone lacks it
        # (its alignment does not vouch either), that share says less of a move: half the weight.
        settled = category == "omission" and len(lacking) == 1 and len(carriers) >= _MANY_CARRIERS
        moved_weight = 0.4 if settled else 0.8
        severity = float(np.clip((0.35 + 0.45 * length) * (1.0 - moved_weight * moved) * (1.0 - 0.5 * heading)
                                 * split * lone, 0.0, 1.0))
        supporting = [f for s in spans for f in by_sentence.get((s.doc, s.sentence), [])
                      if f.category in ("addition", "omission")
                      and {f.source.doc, f.target.doc} & set(lacking)]
        readings = [Reading(docs=sorted(agree, key=order.index), spans=sorted(spans, key=lambda s: order.index(s.doc))),
                    Reading(docs=sorted(lacking, key=order.index))]
        events.append(Event(category=category, severity=severity, unit=unit.id, deviating=deviating,
                            readings=readings, absent=[], explanation=text,
                            evidence={"length": length, "heading": heading, "moved": moved,
                                      "carriers": float(len(carriers)), "lacking": float(len(lacking)),
                                      "unit_confidence": unit.confidence},
                            supporting=supporting))
    return events


# A version most of whose pairs show it lacking a clause in one unit, or alone carrying one
# (``_clause_votes``): the share of the other measurable versions of the unit whose pair must
# show it, and at least how many; and how far apart (as a share of each telling's sentence) the
# clauses may sit.
LACKING_VOTE_SHARE = 0.6
LACKING_VOTE_LEAST = 3
LACKING_VOTE_SPREAD = 0.3
# A clause one version alone carries needs one pair more: a version's own free rendering of a
# clause (an idiom, "tous plus extravagants les uns que les autres" for "highly impractical") is
# its words alone in every pair, and in a story of five versions three of its four pairs show it
# so as readily as an added claim (NTREX 5 versions, 62 documents: four such flags at three).
CARRYING_VOTE_LEAST = 4


def _split_off(sentences: Mapping[str, Sequence[Sentence]], unit_of: Mapping[tuple[str, int], Unit],
               versions: int) -> Callable[[str, Unit], bool]:
    """Whether a version's cell of a unit has a neighbouring sentence of its own that few versions
    share a unit with (or none): the version split the sentence there, and the neighbour may
    hold what the cell lacks ("... since 1953." / "... osiem osób. Jest to rzadka kara ... od 1953
    roku.")."""
    def split(doc: str, unit: Unit) -> bool:
        cell = sorted(unit.cells.get(doc, ()))
        own = sentences.get(doc, ())
        for k in ([cell[0] - 1, cell[-1] + 1] if cell else []):
            if 0 <= k < len(own) and not own[k].boilerplate:
                neighbour = unit_of.get((doc, k))
                if neighbour is None or 2 * len(neighbour.present) <= versions:
                    return True
        return False
    return split


def _clause_votes(usable: Sequence[Finding], spans: Sequence[Sequence[Span]], units_of: Sequence[set[str]],
                  units: Mapping[str, Unit], bounds: Mapping[tuple[str, int], tuple[int, int]],
                  coverage: _Coverage, settings: Mapping[str, float],
                  split_off: Callable[[str, Unit], bool] | None,
                  carrying: bool = False) -> list[tuple[list[int], str]]:
    """Clauses one version lacks, by the vote of its pairs: the added and omitted spans of a unit
    in which the same version is the side without the words, a clause long each (at least
    ``coverage_span_words`` content words), shown by most pairs of that version with the other
    measurable versions of the unit, each pair's longest such span sitting at about the same place
    of its carrier's sentence. Each pair locates the clause in its own telling, which no word check
    of one telling against every version reads alike (a translation's clause reaches 40-70% of
    another's words); the pairs' agreement on who lacks it, and where, does. Not where the version
    split the sentence (``split_off``): its next sentence, in no unit with the others, may carry
    the clause. Returns the findings (indices into ``usable``) and the lacking version of each
    such clause.

    ``carrying``: the mirror, clauses one version alone carries: most of its pairs show the
    other version lacking words at one place of its own sentence. (No ``split_off`` then: a
    version that carries the clause in a sentence of its own is found by the word check.)"""
    least_words = int(settings["coverage_span_words"])
    # (unit, voting version: the lacking one, or the carrier when ``carrying``) -> the pair's other
    # version -> (content words, place in the carrier's sentence, finding)
    longest: dict[tuple[str, str], dict[str, tuple[int, float, int]]] = {}
    for k, f in enumerate(usable):
        if f.category not in ("addition", "omission") or len(units_of[k]) != 1:
            continue
        carrier, lacking = (f.target, f.source) if f.category == "addition" else (f.source, f.target)
        own = [sp for sp in spans[k] if sp.doc == carrier.doc]
        words = _content_word_count(carrier.text or "")
        if not own or words < least_words:
            continue
        (unit_id,) = units_of[k]
        start, end = bounds[(own[0].doc, own[0].sentence)]
        place = ((min(sp.start for sp in own) + max(sp.end for sp in own)) / 2 - start) / max(end - start, 1)
        voter, other = (carrier.doc, lacking.doc) if carrying else (lacking.doc, carrier.doc)
        best = longest.setdefault((unit_id, voter), {})
        if other not in best or words > best[other][0]:
            best[other] = (words, place, k)
    out = []
    for (unit_id, doc), by_other in longest.items():
        others = [d for d in units[unit_id].present if d != doc and d not in coverage.unmeasurable]
        centre = float(np.median([place for _, place, _ in by_other.values()]))
        agreeing = [k for _, place, k in by_other.values() if abs(place - centre) <= LACKING_VOTE_SPREAD / 2]
        least = CARRYING_VOTE_LEAST if carrying else LACKING_VOTE_LEAST
        if len(agreeing) >= max(least, LACKING_VOTE_SHARE * len(others)) and (
                split_off is None or not split_off(doc, units[unit_id])):
            out.append((agreeing, doc))
    return out


def _is_whole(span: Span, bounds: Mapping[tuple[str, int], tuple[int, int]]) -> bool:
    """Whether ``span`` covers its whole sentence (a side located to nothing smaller)."""
    start, end = bounds[(span.doc, span.sentence)]
    return span.start <= start and span.end >= end


def _modality_kind(finding: Finding) -> str | None:
    """A modality finding's axis: polarity (a negation) or certainty (a hedge, claim, report or
    intent word; one change may read as several of these kinds across pairs). A hedge one version
    lacks and a negation it adds in the same sentence are two changes, each with its own pairs
    (a lacking side is located to its whole sentence, so their words always overlap)."""
    if finding.category != "modality":
        return None
    return "polarity" if "kind_negation" in finding.evidence else "certainty"


def _change_key(category: str, spans: Sequence[Span]) -> tuple[str, ...] | None:
    """What a figure or time finding changed, wherever it is: its category and, per version, its
    words (spacing and case aside). Two findings with one key changed the same words the same
    way between the same two versions ("23" / "32" in a headline and in its lead); None for
    other findings."""
    if category not in ("number", "time") or len(spans) != 2:
        return None
    written = [" ".join(span.text.split()).casefold() for span in spans]
    if "" in written:
        return None
    return (category, *sorted(f"{span.doc}\0{text}" for span, text in zip(spans, written, strict=True)))


def _respelt(finding: Finding) -> dict[str, tuple[str, ...]]:
    """Per version of a name finding, how its name differs from the other version's: the words
    (casefolded) each has that the other lacks, its own first. "Ioanna Karamalli" against "Ioanna
    Karamanli" and "Karamalli" against "Karamanli" both read ("karamalli", "/", "karamanli") on
    the first side; {} when nothing differs."""
    words = {side.doc: frozenset(re.findall(r"\w+", (side.text or "").casefold()))
             for side in (finding.source, finding.target)}
    if len(words) != 2:
        return {}
    (a, wa), (b, wb) = words.items()
    if not wa - wb or not wb - wa:
        return {}
    return {a: (*sorted(wa - wb), "/", *sorted(wb - wa)), b: (*sorted(wb - wa), "/", *sorted(wa - wb))}


# A source renamed: how alike (the attribution detector's name similarity) the two names of each
# pair may be at most, and in how many pairs at least the version names another source.
RENAMED_SIMILARITY = 0.6
RENAMED_PAIRS = 2


def _source_renamed(group: Sequence[Finding], version: str) -> bool:
    """Whether ``version``'s pairs credit the claim to someone else: in ``RENAMED_PAIRS`` of them at
    least it names a source where the other version names another, spelt unlike it, and in the
    rest it names one where the other names none in that sentence; no pair reads the same source."""
    own = [f for f in group if version in (f.source.doc, f.target.doc)]
    renamed = [f for f in own if f.evidence.get("changed") == 1.0 and f.evidence.get("named_source") == 1.0
               and f.evidence.get("named_target") == 1.0
               and f.evidence.get("name_similarity", 1.0) < RENAMED_SIMILARITY]
    # A pair whose other version credits the claim in another sentence ("..., the minister told
    # reporters" after the quote) sees only the version's named source added: no pair says the
    # same source.
    alone = [f for f in own if f.evidence.get("added" if f.target.doc == version else "dropped") == 1.0
             and f.evidence.get("named_target" if f.target.doc == version else "named_source") == 1.0]
    return len(renamed) >= RENAMED_PAIRS and len(renamed) + len(alone) == len(own)


def _joinable(findings: Sequence[Finding], spans: Sequence[Sequence[Span]],
              units_of: Sequence[set[str]]) -> list[tuple[int, int]]:
    """The pairs (a < b) of findings that may join one event: of one category and one unit (their
    words may overlap there), names of one version spelt alike, or figures and times changed alike
    between the same two versions (``_change_key``). No other pair joins, so no
    other is tried: a long story has thousands of findings, and all their pairs are millions."""
    buckets: dict[tuple[str, ...], list[int]] = {}
    for k, finding in enumerate(findings):
        keys: list[tuple[str, ...]] = [(finding.category, unit) for unit in units_of[k]]
        if finding.category == "entity":
            keys += [(finding.category, x.doc, x.text.casefold()) for x in spans[k]]
            keys += [(finding.category, doc, *change) for doc, change in _respelt(finding).items()]
        elif (change := _change_key(finding.category, spans[k])) is not None:
            keys.append(change)
        for key in keys:
            members = buckets.setdefault(key, [])
            if not members or members[-1] != k:
                members.append(k)
    return sorted({pair for members in buckets.values() for pair in itertools.combinations(members, 2)})


def _one_differing_word(x: Sequence[str], y: Sequence[str], least: int = 1) -> tuple[str, str] | None:
    """The one pair of words in which two names of as many words (``least`` or more) differ."""
    if len(x) < least or len(x) != len(y):
        return None
    differ = [(u, v) for u, v in zip(x, y, strict=True) if u != v]
    return differ[0] if len(differ) == 1 else None


def _one_word_apart(a: str, b: str) -> bool:
    """Two names of several words, word for word the same but one, whose forms differ beyond an
    ending ("Park Byeong" / "Park Parts", "Christine Blasey Ford" / "Atlanta Blasey Ford"): the
    shape of a name misspelt or swapped inside its own phrase. A translated or declined name
    ("Nations unies" / "Nazioni Unite", "Trump Organization" / "Organización Trump",
    "Taiwan" / "Tajwanu") differs in more words, in its order, or only in an ending."""
    words = _one_differing_word(a.casefold().split(), b.casefold().split(), least=2)
    if words is None:
        return False
    u, v = words
    stem = len(os.path.commonprefix([u, v]))
    return stem < min(len(u), len(v)) - 1  # not the same word with another ending


def _name_letters(name: str) -> list[str]:
    """A name's words as runs of letters, transliterated and casefolded, without its lower-case
    words when it has capitalised ones: the article or preposition each language writes with a
    name ("der Brentwood Imperial Youth Band", "Robyn Christie of Melrose" / "Robyn Christie di
    Melrose") is no part of its spelling."""
    words = name.split()
    capitalised = [w for w in words if not w[:1].islower()]
    return _LETTERS.findall(anyascii(" ".join(capitalised or words)).casefold())


def _misspelt_word(a: str, b: str) -> tuple[str, str] | None:
    """The one word in which two names of as many words differ, when it differs by one edit (a
    letter changed, added, dropped or two swapped) that a typing slip makes and a language's own
    spelling or grammar rarely does: the first letter kept ("Yunnan" / "Junnan" and "Wales" /
    "Gales" are exonyms), the word at least ``_MISSPELT_MIN`` letters long, and no ending: not the
    same stem with one more letter ("Trump" / "Trumpa", "Giants" / "Giant") nor with another
    last vowel ("Warszawa" / "Warszawy", "Obama" / "Obamy": a declension swaps a final vowel, a
    slip may swap any letter: "Maryland" / "Marylanm"). The two words, transliterated and
    casefolded (words are runs of letters: "Jong-un" is two); else None."""
    words = _one_differing_word(_name_letters(a), _name_letters(b))
    if words is None:
        return None
    u, v = words
    short, long = sorted((u, v), key=len)
    if len(short) < _MISSPELT_MIN or u[0] != v[0] or long.startswith(short):
        return None
    if u[:-1] == v[:-1] and (u[-1] in _VOWELS or v[-1] in _VOWELS):
        return None
    return (u, v) if DamerauLevenshtein.distance(u, v) == 1 else None


def _common_word(odd: str, agreed: str, language: str | None) -> bool:
    """Whether the odd form is a word of its version's language at least as common as the form
    the others agree on ("Cina" for "China" in Italian, "Ale" for "Yale" in Polish): the
    language's own name or word for it, not a slip. Without word frequencies nothing says so,
    and the odd form is taken to be that language's own (no confirmation)."""
    lang = base_language(language)
    if not lang or not has_frequencies(lang):
        return True
    return zipf(odd, lang) > zipf(agreed, lang)


class _Vocabulary:
    """Each version's words, transliterated and casefolded (built on first use: only a story with
    a one-edit name pair asks), and whether the version is written in the Latin script."""

    def __init__(self, sentences: Mapping[str, Sequence[Sentence]]) -> None:
        self._sentences = sentences
        self.docs = list(sentences)
        self._words: dict[str, frozenset[str]] = {}
        self._latin: dict[str, bool] = {}

    def words(self, doc: str) -> frozenset[str]:
        if doc not in self._words:
            text = " ".join(s.text for s in self._sentences.get(doc, ()))
            self._words[doc] = frozenset(w.casefold() for w in _LETTERS.findall(anyascii(text)))
        return self._words[doc]

    def opens_sentence(self, doc: str, offset: int | None) -> bool:
        """Whether nothing but punctuation stands before ``offset`` in its sentence of ``doc``."""
        for s in self._sentences.get(doc, ()):
            if offset is not None and s.start <= offset < s.end:
                return not any(ch.isalnum() for ch in s.text[:offset - s.start])
        return False

    def latin(self, doc: str) -> bool:
        if doc not in self._latin:
            # Mostly Latin letters: a quoted foreign word does not change a version's script.
            self._latin[doc] = is_latin("".join(s.text for s in self._sentences.get(doc, ())), share=0.9)
        return self._latin[doc]


def _lone_spelling(group: Sequence[Finding], languages: Mapping[str, str | None] | None = None,
                   vocabulary: _Vocabulary | None = None) -> tuple[str, list[Finding], int] | None:
    """The version that alone spells a name its own way, against a form nearly every other
    version carries, the findings that show it and how many other versions bear it out; None
    unless the story says so.

    Only pairs written in the Latin script on both sides count: within one script a faithful
    translation keeps a proper name's spelling (its case endings are variants, not findings), so
    a form no other version has, in one version that differs from at least three others, where
    the others' form is in at least ``_ESTABLISHED`` of the versions outside each pair, is a
    misspelt or substituted name. Across scripts a name's transliterations vary ("Вифезда" /
    "Бетезда" for "Bethesda") and say nothing either way.

    A name one edit apart (``_misspelt_word``: "John Street" / "Jonh Street", "Wayde" / "Wayne")
    is checked on the versions' words themselves, since a transliteration in another script
    attests either spelling alike: the odd word is in no other version, the agreed word in at
    least ``_ESTABLISHED`` of the other Latin-script versions, and the odd word is no commoner
    word of its version's language than the agreed one (``_common_word``)."""
    latin = [f for f in group if f.source.text and f.target.text
             and is_latin(f.source.text) and is_latin(f.target.text)]
    misspelt = [f for f in latin if _misspelt_word(f.source.text or "", f.target.text or "")]
    # The words themselves are checked below, so two pairs that show the slip suffice.
    lone = _alone_in(misspelt, _MISSPELT_PAIRS)
    if lone is not None and vocabulary is not None:
        # The versions whose words bear the slip out, not only the pairs that show it.
        confirming = min(_misspelt_by_words(f, lone, languages or {}, vocabulary) for f in misspelt)
        if confirming:
            return lone, misspelt, max(confirming, len(misspelt))
    if vocabulary is not None:
        substituted = _substituted_alone([f for f in latin if f not in misspelt], vocabulary)
        if substituted is not None:
            return substituted
    latin = [f for f in latin if _one_word_apart(f.source.text or "", f.target.text or "")]
    lone = _alone_in(latin)
    if lone is None:
        return None
    own, others = [], []
    for f in latin:
        ev = f.evidence
        if "support" not in ev or "target_support" not in ev:
            return None
        if "source_deviant" in ev:  # the detector oriented it: "target_support" is the odd form's
            odd = f.source.doc if ev["source_deviant"] else f.target.doc
            if odd != lone:
                return None
            own.append(ev["target_support"])
            others.append(ev["support"])
        else:  # a substitution: "support" is the source form's, "target_support" the target's
            mine, theirs = ("support", "target_support") if f.source.doc == lone else ("target_support", "support")
            own.append(ev[mine])
            others.append(ev[theirs])
    if max(own) > 0.0 or float(np.median(others)) < _ESTABLISHED:
        return None
    return lone, latin, len(latin)


def _spelling_split(members: Sequence[int], usable: Sequence[Finding], languages: Mapping[str, str | None],
                    vocabulary: _Vocabulary) -> list[list[int]] | None:
    """A name two versions each misspell their own way ("John Stneet" in one, "Jonh Street" in
    another, "John Street" in the rest): the spans of the versions that agree join both slips into
    one group, in which no one version deviates alone, so neither is lifted as a lone spelling
    (``_lone_spelling``). The group's parts, one per version in more than half the group's pairs
    of one-edit slips (counted by the other version) whose part bears its own slip out (the pairs
    between two such versions in none of them); else None."""
    texts = [(usable[k], usable[k].source.text or "", usable[k].target.text or "") for k in members]
    slips = [f for f, a, b in texts if a and b and is_latin(a) and is_latin(b) and _misspelt_word(a, b)]
    partners: dict[str, set[str]] = {}
    for f in slips:
        partners.setdefault(f.source.doc, set()).add(f.target.doc)
        partners.setdefault(f.target.doc, set()).add(f.source.doc)
    docs = {doc for f, _, _ in texts for doc in (f.source.doc, f.target.doc)}
    # A slip's version meets every other one; a version that spells it right, only the slips.
    odd = [doc for doc, other in partners.items()
           if len(other) >= _MISSPELT_PAIRS and len(other) > (len(docs) - 1) / 2]
    if len(odd) < 2:
        return None
    parts, slipping = [], set(odd)
    for doc in odd:
        part = [k for k in members if {usable[k].source.doc, usable[k].target.doc} & slipping == {doc}]
        lone = _lone_spelling([usable[k] for k in part], languages, vocabulary)
        if lone is None or lone[0] != doc:
            return None
        parts.append(part)
    return parts


def _alone_in(findings: Sequence[Finding], least: int = _LONE_PAIRS) -> str | None:
    """The one version every finding's pair holds, when there are at least ``least``."""
    if len(findings) < least:
        return None
    common = set.intersection(*({f.source.doc, f.target.doc} for f in findings))
    return next(iter(common)) if len(common) == 1 else None


def _misspelt_by_words(finding: Finding, lone: str, languages: Mapping[str, str | None],
                       vocabulary: _Vocabulary) -> int:
    """How many other versions write the agreed form, when a finding's two names are one edit
    apart (``_misspelt_word``), the odd one in version ``lone`` alone and no commoner word of its
    language than the agreed one; else 0."""
    words = _misspelt_word(finding.source.text or "", finding.target.text or "")
    if words is None:
        return 0
    odd, agreed = words if finding.source.doc == lone else words[::-1]
    name = finding.target.text if finding.source.doc == lone else finding.source.text
    kept = [w for w in _name_letters(name or "") if w != agreed]
    if _common_word(odd, agreed, languages.get(lone)):
        return 0
    return _misspelt_alone(lone, odd, agreed, vocabulary, kept)


def _replaced_word(a: str, b: str) -> tuple[str, str] | None:
    """The one word in which two names of as many words (two or more) differ, when it is another
    word and not the same one respelt: "South Atlanta" / "South Carolina". Transliterated and
    casefolded; else None."""
    words = _one_differing_word(_name_letters(a), _name_letters(b), least=2)
    if words is None:
        return None
    u, v = words
    if min(len(u), len(v)) < _MISSPELT_MIN or fuzz.ratio(u, v) >= _RESPELT:
        return None
    return u, v


def _attested(word: str, doc: str, vocabulary: _Vocabulary) -> bool:
    """Whether version ``doc`` writes ``word`` or a form of it (declined, translated letter by
    letter: "Karolina", "Caroline" for "Carolina"), compared transliterated."""
    words = vocabulary.words(doc)
    return word in words or process.extractOne(word, words, scorer=fuzz.ratio, score_cutoff=_ATTESTS) is not None


def _supported_elsewhere(finding: Finding, doc: str) -> bool:
    """Whether the entity detector found the name form of version ``doc`` in this finding among
    the names of other versions (its ``target_support``, oriented by ``source_deviant``)."""
    ev = finding.evidence
    if "target_support" not in ev or "source_deviant" not in ev:
        return False
    odd = finding.source.doc if ev["source_deviant"] else finding.target.doc
    return odd == doc and ev["target_support"] > 0


def _substituted_alone(findings: Sequence[Finding],
                       vocabulary: _Vocabulary) -> tuple[str, list[Finding], int] | None:
    """The version that put another word in a name ("South Atlanta" where the others write
    "South Carolina", "Caroline du Sud", "Каролина"), the findings that show it and how many
    other versions write the word it replaced; None unless the story says so. A pair's finding
    cannot tell which of its two versions changed the name, and the other versions may translate
    the name's other words, so the words of every version decide: the odd word is in no other
    version, in any form, and the replaced one in at least half of the versions outside the
    pair (and ``_MISSPELT_PAIRS`` of them at least), and not in the odd version itself; and the
    odd word does not open its sentence."""
    verdicts: dict[str, int] = {}
    shown: list[Finding] = []
    for f in findings:
        words = _replaced_word(f.source.text or "", f.target.text or "")
        if words is None:
            continue
        others = [d for d in vocabulary.docs if d not in (f.source.doc, f.target.doc)]
        for lone, odd, agreed in ((f.target.doc, words[1], words[0]), (f.source.doc, words[0], words[1])):
            if _supported_elsewhere(f, lone) or any(_attested(odd, d, vocabulary) for d in others):
                continue
            if agreed in vocabulary.words(lone):
                # The version writes the word elsewhere: it knows the name, and here it calls it
                # otherwise ("Oppositionsführer Corbyn" for "Jeremy Corbyn").
                continue
            side = f.target if lone == f.target.doc else f.source
            if _LETTERS.findall(anyascii(side.text or "").casefold())[:1] == [odd] and \
                    vocabulary.opens_sentence(lone, side.start):
                # The odd word opens the sentence: a capitalised opener or a heading run into
                # the text ("Diritto Clean Energy Transition Partnership" / "Links Clean Energy
                # Transition Partnership") as likely as a word of the name.
                continue
            have = sum(_attested(agreed, d, vocabulary) for d in others)
            if have >= max(_MISSPELT_PAIRS, len(others) / 2):
                verdicts[lone] = min(verdicts.get(lone, have), have)
                shown.append(f)
    if len(verdicts) != 1:
        return None
    (lone, have), = verdicts.items()
    return lone, shown, have


def _misspelt_alone(lone: str, odd: str, agreed: str, vocabulary: _Vocabulary, kept: Sequence[str] = ()) -> int:
    """How many other Latin-script versions write ``agreed``, when ``odd`` is a word of version
    ``lone`` alone while nearly every other Latin-script version that writes the name has
    ``agreed``; else 0. ``kept``: the name's other words; a version that lacks them translated
    the name ("Réseau de la sécurité aérienne" for "Aviation Safety Network") and says nothing
    about the spelling of its untranslated form."""
    docs = [d for d in vocabulary.docs if d != lone]
    if any(odd in vocabulary.words(d) for d in docs):
        return 0
    latin = [d for d in docs if vocabulary.latin(d) and all(w in vocabulary.words(d) for w in kept)]
    have = sum(agreed in vocabulary.words(d) for d in latin)
    return have if len(latin) >= _LONE_PAIRS and have >= _ESTABLISHED * len(latin) else 0


def _finding_events(units: Sequence[Unit], findings: Sequence[Finding], order: Sequence[str], reference: str,
                    coverage: _Coverage, sentences: Mapping[str, Sequence[Sentence]], gaps: _Gaps,
                    settings: Mapping[str, float], languages: Mapping[str, str | None] | None = None,
                    furniture: BoilerplateRules | None = None) -> list[Event]:
    """Pairwise findings of one unit that point at the same words, grouped into one event each.
    ``furniture``: the boilerplate rules whose page-navigation phrases make no event (default:
    the shipped ones)."""
    languages = languages or {}
    furniture = furniture or load_boilerplate()
    # A story of two versions in two languages: word alignment across languages misses words a
    # translation renders freely, and no further pair can bear a short span out.
    two_languages = len(order) == 2 and len({languages.get(d) for d in order}) == 2
    sentence_bounds = {(doc, s.index): (s.start, s.end) for doc, sents in sentences.items() for s in sents}
    whole_sentences = {s.text for sents in sentences.values() for s in sents}
    unit_of: dict[tuple[str, int], Unit] = {}
    for unit in units:
        for doc, cell in unit.cells.items():
            for k in cell:
                unit_of[(doc, k)] = unit
    vocabulary = _Vocabulary(sentences)
    usable = [f for f in findings if f.category not in BENIGN and f.detector != "coverage" and _located(f)]
    spans = [_located(f) for f in usable]
    units_of = [{unit_of[(s.doc, s.sentence)].id for s in sp if (s.doc, s.sentence) in unit_of} for sp in spans]
    union = _Union(len(usable))
    for a, b in _joinable(usable, spans, units_of):
        fa, fb = usable[a], usable[b]
        if (fa.category != fb.category or _modality_kind(fa) != _modality_kind(fb)
                or ("kind_contrast" in fa.evidence) != ("kind_contrast" in fb.evidence)):
            # A word put for its contrary ("south" / "north") is its own drift, not part of the
            # loosely aligned wording around it.
            continue
        same_unit = bool(units_of[a] & units_of[b])
        respelt_a, respelt_b = (_respelt(fa), _respelt(fb)) if fa.category == "entity" else ({}, {})
        for x in spans[a]:
            for y in spans[b]:
                if x.doc != y.doc:
                    continue
                # A name spelt the same deviant way joins across units: one event for the version,
                # whether written whole or in part ("Ioanna Karamalli", then "Karamalli").
                same_name = fa.category == "entity" and (
                    x.text.casefold() == y.text.casefold()
                    or bool(respelt := respelt_a.get(x.doc)) and respelt == respelt_b.get(y.doc))
                if (same_unit and _overlap(x, y)) or same_name:
                    union.join(a, b)
        change = None if same_unit else _change_key(fa.category, spans[a])
        if change is not None and change == _change_key(fb.category, spans[b]):
            # The same figure or time changed the same way between the same two versions in
            # another unit (a headline and the lead both say "32" for "23"): one drift, told where
            # each place is in the event's findings, named once.
            union.join(a, b)
    unit_by_id = {u.id: u for u in units}   # ids are unique (collate numbers the units)
    lacked = _clause_votes(usable, spans, units_of, unit_by_id, sentence_bounds, coverage, settings,
                           _split_off(sentences, unit_of, len(order)))
    carried_alone = _clause_votes(usable, spans, units_of, unit_by_id, sentence_bounds, coverage, settings,
                                  None, carrying=True)
    for members, _ in (*lacked, *carried_alone):
        for k in members[1:]:
            union.join(members[0], k)
    clusters: dict[int, list[int]] = {}
    for k in range(len(usable)):
        clusters.setdefault(union.find(k), []).append(k)
    for root in [r for r in clusters if usable[r].category == "entity"]:
        parts = _spelling_split(clusters[root], usable, languages, vocabulary)
        if parts:
            del clusters[root]
            # Keys no union root takes (roots are indices): a part is never a voted clause.
            clusters.update({-1 - min(part): part for part in parts})
    voted = {union.find(members[0]): doc for members, doc in lacked}
    sole = {union.find(members[0]) for members, _ in carried_alone} - set(voted)

    events: list[Event] = []
    for root, members in clusters.items():
        group = [usable[k] for k in members]
        category = group[0].category
        unit_ids = sorted(set().union(*(units_of[k] for k in members)))
        present = sorted({d for i in unit_ids for d in unit_by_id[i].present}, key=order.index)
        edges = {frozenset((f.source.doc, f.target.doc)) for f in group}
        involved = {d for e in edges for d in e}
        present = sorted(set(present) | involved, key=order.index)
        located: dict[str, list[Span]] = {}
        for k in members:
            for span in spans[k]:
                located.setdefault(span.doc, []).append(span)
        checked: dict[str, float] | None = None
        if category in ("addition", "omission"):
            # The carried words, checked against the whole of every other version (any sentence,
            # any position): versions that carry them elsewhere agree, the rest lack them.
            # The words one side has and the other lacks: an addition's target side, an
            # omission's source side (the other side may be located only to its whole sentence).
            own = [sp for f in group for sp in _located(f)
                   if sp.doc == (f.target.doc if f.category == "addition" else f.source.doc)]
            carried = max(own or [sp for sps in located.values() for sp in sps], key=lambda sp: len(sp.text))
            if root in sole and own:
                # The pairs of a vote each locate the clause in the one carrier's words, some
                # with a loosely aligned neighbour or two: the middle one of their spans.
                carried = sorted(own, key=lambda sp: len(sp.text))[len(own) // 2]
            bare = furniture.without_inline(carried.text)
            if bare != carried.text and not _content_words(bare):
                continue  # page navigation a flattened page left in a sentence ("Seitenanfang")
            content = _content_words(carried.text)
            if carried.doc in coverage.unmeasurable:
                continue  # a clause of an unspaced-script version: not measurable word by word
            if root in voted or len(content) >= int(settings["coverage_min_words"]):
                checked = {d: coverage.share(carried, d) for d in order
                           if d != carried.doc and d not in coverage.unmeasurable}
                if root in voted:
                    # Most pairs of one version show it lacking a clause at one place
                    # (``_clause_votes``): that version left it out, whichever telling of it the
                    # word check reads.
                    lacking = {voted[root]}
                    carriers = set(order) - lacking
                else:
                    holders = [carried.doc] + [d for d in checked
                                               if checked[d] >= float(settings["coverage_present"])]
                    lacking = {d for d in checked if d not in holders}
                    carriers = set(holders)
                present = list(order)
            else:
                carriers = {d for d in involved if d in located}
                lacking = involved - carriers
            if not lacking:
                continue  # moved, not missing
            groups = [sorted(carriers, key=order.index), sorted(lacking, key=order.index)]
            for doc in present:
                if doc not in carriers and doc not in lacking:
                    max(groups, key=len).append(doc)
            if _added(carriers, lacking, reference):
                category, deviating, rest = "addition", sorted(carriers, key=order.index), [
                    d for d in present if d not in carriers]
            else:
                category, deviating, rest = "omission", sorted(lacking, key=order.index), [
                    d for d in present if d not in lacking]
        else:
            groups = _readings(present, edges, order)
            deviating = _deviating(groups, reference)
            if category in ("time", "number") and len(groups) == 2 and len(present) == 2:
                deviating = _outvoted(groups, located, sentences, languages, category,
                                      [d for d in order if d not in present]) or deviating
            rest = [d for d in present if d not in deviating]
        lone = _lone_spelling(group, languages, vocabulary) if category == "entity" else None
        if lone is not None:
            # One version spells the name where the others agree: it alone deviates, and the
            # versions in other scripts, whose transliterations vary, neither confirm nor dispute it.
            deviating, rest = [lone[0]], [d for d in present if d != lone[0]]
            groups = [rest, deviating]
            # Its spans are the spellings compared (a name's cluster may also hold weaker findings
            # of the unit, which would otherwise be quoted).
            located = {}
            for finding in lone[1]:
                for span in _located(finding):
                    located.setdefault(span.doc, []).append(span)
        # Pairs that showed no changed figure may have declined to compare it (the counted words
        # read as unrelated across the two languages: "anniversaire" / "годишнина"); a version
        # that writes the figure the deviating one's pairs set against it agrees all the same.
        agreeing: set[frozenset[str]] = set()
        if category == "number" and len(deviating) == 1:
            for unit_id in unit_ids:
                agreeing |= _figure_agreement(group, deviating[0], rest, edges, unit_by_id[unit_id], sentences,
                                              languages)
        if category == "modality" and len(deviating) == 1:
            for unit_id in unit_ids:
                agreeing |= _hedge_agreement(group, deviating[0], rest, edges, unit_by_id[unit_id], sentences,
                                             languages)
        judges = rest
        if category == "modality" and len(deviating) == 1 and all("kind_hedge" in f.evidence for f in group):
            # A version whose language lists no hedge words (Polish, Chinese) cannot show a hedge
            # dropped or added: it neither confirms nor disputes it.
            judges = [d for d in rest if frozenset((deviating[0], d)) in edges | agreeing
                      or "hedge" in class_patterns(languages.get(d) or "")]
        consistency = _consistency(deviating, judges, edges | agreeing)
        base = max(f.severity for f in group)
        whole = any(_is_whole(s, sentence_bounds) for sp in located.values() for s in sp)
        # Pairs whose word alignment shows the other version saying the same thing without the
        # hedge or negation word (``plain_counterpart``): read for loose and unanswered ones below.
        plain = sum(f.evidence.get("plain_counterpart", 0.0) >= 1.0 for f in group)
        # A hedge or negation word one version has (or lacks) that nothing in the others answers in
        # most of its pairs: no other version says the same thing without the word, as a word
        # inserted or dropped ("is" / "is not") would show. The versions put the clause otherwise.
        unanswered = category == "modality" and whole and 2 * plain < len(group)
        if checked is not None:
            # Every version was asked directly: the severity is how much content is missing and how
            # surely, and whether the versions divide clearly (one against the rest).
            consistency = 1.0
            # Content words no lacking version carries (the best-covered one bounds it). When most
            # pairs of the one carrier show the others lacking the clause (``carrying`` votes),
            # the lacking versions' middle share: the word check of a clause against a whole
            # version finds some of its words in one or two of them, in other sentences.
            shares = [checked.get(d, 0.0) for d in lacking]
            covered = float(np.median(shares)) if root in sole else max(shares, default=0.0)
            missing = len(content) * (1.0 - covered)
            length = min(missing / float(settings["coverage_span_words"]), 1.0)
            split = _split_factor(len(deviating), len(present), settings)
            severity = float(np.clip((0.3 + 0.5 * length) * split, 0.0, 1.0))
            rest_count = len([d for d in present if d not in deviating])
            if base < float(settings["flag_threshold"]) and (
                    len(edges) == 1 or 2 * len(edges) < len(deviating) * rest_count):
                # Findings below the threshold in one pair (two versions, or a one-pair wobble) or in
                # fewer than half the pairs that could show them: the check re-measures those pairs'
                # word alignment, so it may confirm or lower them, not lift them over the threshold
                # (DEMETR: such lifts were clean lines; NTREX: two pairs of nine versions).
                severity = min(severity, base)
            (pair,) = edges if len(edges) == 1 else (frozenset(),)
            if (len(present) > 2 and len({languages.get(d) for d in pair}) == 2
                    and base < float(settings["single_pair_confident"])):
                # Of the many pairs that could show it, only one pair of two languages does, and not
                # confidently: word alignment across languages misses words a translation renders
                # freely, so such a span is weak evidence (within one language it is not).
                severity *= float(settings["single_pair_weight"])
            elif (two_languages and missing < float(settings["pair_phrase_words"])
                  and base < float(settings["single_pair_confident"])):
                # A phrase of three content words one translation adds or leaves out, in a story of
                # two versions in two languages: an idiom or a turn of phrase rendered freely ("all
                # the stops are pulled out", "look ridiculously easy"), with no further pair to bear
                # it out, weighs as the word or two of ``loose_words`` below.
                severity *= float(settings["single_pair_weight"])
        else:
            severity = _severity([f.severity for f in group], len(edges), consistency, whole, settings)
            severity *= _split_factor(len(deviating), len(present), settings)
            # A word or two one translation adds or leaves out, in a story of two versions in two
            # languages: word alignment across languages misses words a translation renders
            # freely ("Meanwhile", "will"), and there is no further pair to bear it out.
            # (Added or left-out words reach this branch only when too few for the coverage check.)
            few_words = category in ("addition", "omission")
            loose_words = few_words and two_languages
            # So is a hedge or negation one of them has where the other does not say the same
            # thing without it (no plain counterpart): between two translations that is a clause
            # put another way more often than a certainty changed ("не хотят походить на
            # маппетов" / "се тревожат, че изглеждат като мъпети").
            loose_modality = category == "modality" and two_languages and whole and not plain
            # In a story of three or more versions, one pair alone shows it (a sentence only two
            # versions carry, or a change the other pairs do not see), and not confidently: a
            # rewording between two versions, weaker than what several pairs agree on.
            one_pair = len(edges) == 1 and (len(order) > 2 or loose_words or loose_modality)
            # Or it is seen in many pairs, but as a rewording: a hedge or negation that in most of
            # them is a clause the versions put otherwise (NTREX: "There was no time to save
            # ourselves" / "Alles ging viel zu schnell", "have not exchanged ambassadors since
            # 1962" / "le dernier échange a eu lieu en 1962"), or a word or two one version adds or
            # leaves out that some of its pairs do not show ("Es siempre lo mismo, no veo nada
            # nuevo", "Ce sont des animaux plutôt joueurs"): a translator's turn of phrase, however
            # many pairs repeat it.
            reworded = len(present) > 2 and (unanswered or (few_words and consistency < 1.0))
            if (one_pair or reworded) and base < float(settings["single_pair_confident"]):
                severity *= float(settings["single_pair_weight"])
            if lone is not None:
                # Every pair that can compare the spelling bears it out: the further pairs confirm
                # the drift even below the threshold (a wobble would not repeat in all of them).
                gain = float(settings["repeat_gain"]) * (1.0 - 1.0 / lone[2])
                strongest = max(f.severity for f in lone[1])
                severity = max(severity, float(np.clip(strongest + strongest * (1.0 - strongest) * gain, 0.0, 1.0)))
        apart = 1.0
        # An unanswered hedge or negation word (above) is often only grammar (a Russian double
        # negative, a Bulgarian modal for a plain future): it too needs the unit's similarity to
        # show that version standing apart. A word inserted or dropped, the other versions' plain
        # counterparts, barely moves a sentence vector: that needs no gap.
        # An added clause that brings a name no version lacking it mentions anywhere ("an emanation
        # of Al-Qaeda") is a new claim, not a way of putting things: no gap needed to believe it.
        new_names = (coverage.names_nobody_else_has(carried, sorted(lacking))
                     if checked is not None and category == "addition" else [])
        # A source word written verbatim in a translation is a fact about the words themselves; the
        # sentence vector, which reads across languages, cannot show it.
        verbatim = max(group, key=lambda f: f.severity).detector == "untranslated"
        # A source credited to someone else: one version names a person none of the others mentions
        # anywhere where each of its pairs names another, unlike it ("Finanzminister Andrzej
        # Domański" for "Governor Adam Glapiński"). The sentence vector barely moves when a name
        # alone changes, so it needs no gap; a source rendered with a title or a description
        # ("Sainsbury's commercial director", "North Korea's foreign minister") names no one new.
        renamed = (category == "attribution" and len(deviating) == 1 and len(unit_ids) == 1
                   and _source_renamed(group, deviating[0])
                   and any(coverage.new_source(span, rest) for span in located.get(deviating[0], ())))
        # A hedge every other version writes (three at least, each of its pairs showing it) that one
        # version alone lacks, nothing in its sentence answering it: a certainty dropped
        # ("probably" / a plain statement). Grammar that reads as a hedge or negation in one
        # language (a modal future, a double negative) is a word the one version has, not lacks;
        # and one word barely moves a sentence vector, so this needs no gap.
        # Versions whose language lists no hedge words (Polish) cannot show it and neither confirm
        # nor dispute it; every other version must write it. A version silent because a mood of its
        # language answers the hedge (a reported conditional, "может") may say the same as the one
        # lacking it (NTREX: "Ходят разговоры, что она имеет шансы" for "might"), so it is no
        # such silence.
        writing = [d for d in rest if any(not _is_whole(s, sentence_bounds) for s in located.get(d, ()))]
        dropped = (unanswered and len(deviating) == 1 and len(writing) >= 3
                   and all("kind_hedge" in f.evidence for f in group)
                   and all(frozenset((deviating[0], d)) in edges for d in writing)
                   and all(d in writing or "hedge" not in class_patterns(languages.get(d) or "") for d in rest))
        # A word of a concept put for another that excludes it ("south" / "north"): the lexicon
        # is the evidence, and one word barely moves a sentence vector, so it needs no gap either.
        contrasted = all("kind_contrast" in f.evidence for f in group)
        # A source every other version gives a claim, which one version alone states bare: the
        # words dropped ("according to a person familiar with the matter") barely move a
        # sentence vector, and the findings are the evidence, as for a dropped hedge.
        unsourced = (category == "attribution" and len(deviating) == 1 and len(unit_ids) == 1
                     and _source_dropped(group, deviating[0], rest, edges, languages))
        if ((category in _GAPPED or unanswered) and len(unit_ids) == 1 and not new_names and not verbatim
                and not renamed and not dropped and not contrasted and not unsourced
                and root not in voted and root not in sole):
            apart = gaps.factor(unit_ids[0], deviating, settings)
            severity *= apart
        # An event of several units (a name or a figure changed alike in several places) quotes
        # every version from one place where it can: the unit most of its findings are in.
        in_units = [u for k in members for u in units_of[k]]
        primary = max(unit_ids, key=lambda u: (in_units.count(u), -unit_ids.index(u))) if unit_ids else None
        readings = []
        for g in groups:
            g_spans = []
            for doc in sorted(g, key=order.index):
                if doc in located:
                    counts: dict[Span, int] = {}
                    for span in located[doc]:
                        counts[span] = counts.get(span, 0) + 1
                    g_spans.append(max(counts, key=lambda s: (
                        (unit := unit_of.get((s.doc, s.sentence))) is not None and unit.id == primary,
                        counts[s], -s.start)))
            readings.append(Reading(docs=sorted(g, key=order.index), spans=g_spans))
        readings.sort(key=lambda r: (any(d in deviating for d in r.docs), order.index(r.docs[0])))
        events.append(Event(
            category=category, severity=severity, unit=unit_ids[0] if len(unit_ids) == 1 else None,
            deviating=deviating, readings=readings,
            absent=[d for d in order if d not in present],
            explanation=_explain(category, deviating, readings, group, whole_sentences.__contains__),
            evidence={"base": base, "consistency": consistency, "pairs": float(len(edges)),
                      "versions": float(len(present)), "whole_sentence": float(whole), "apart": apart,
                      **({"missing_words": missing, "content_words": float(len(content))}
                         if checked is not None else {})},
            supporting=sorted(group, key=lambda f: -f.severity)))
    return events


def _explain(category: str, deviating: Sequence[str], readings: Sequence[Reading], group: Sequence[Finding],
             whole_sentence: Callable[[str], bool] = lambda text: False) -> str:
    untranslated = _explain_untranslated(group)
    if untranslated:
        return untranslated
    dev = [r for r in readings if set(r.docs) <= set(deviating)]
    agree = [r for r in readings if not set(r.docs) & set(deviating)]
    dev_text = next((s.text for r in dev for s in r.spans), None)
    agree_docs = [d for r in agree for d in r.docs]
    agree_text = next((s.text for r in agree for s in r.spans), None)
    if category == "addition" and dev_text:
        return f"{_names(deviating)} {'adds' if len(deviating) == 1 else 'add'} {_quote(dev_text)}" + (
            f", which {_names(agree_docs)} {'does' if len(agree_docs) == 1 else 'do'} not have." if agree_docs else ".")
    if category == "omission" and agree_text:
        return f"{_names(deviating)} {'leaves' if len(deviating) == 1 else 'leave'} out {_quote(agree_text)}" + (
            f", which {_names(agree_docs)} {'carries' if len(agree_docs) == 1 else 'carry'}." if agree_docs else ".")
    characterised = [f for f in group if "characterised_source" in f.evidence]
    if category == "framing" and dev_text and agree_text and len(characterised) == len(group):
        # A characterisation one side alone writes (FramingDetector): who adds it, or who leaves
        # it out, and the words the others name the actor with.
        first = characterised[0]
        holder = first.source.doc if first.evidence["characterised_source"] else first.target.doc
        one = len(deviating) == 1
        if holder in deviating:
            return (f"{_names(deviating)} {'adds' if one else 'add'} the characterisation {_quote(dev_text)} where "
                    f"{_names(agree_docs)} {'has' if len(agree_docs) == 1 else 'have'} {_quote(agree_text)} alone.")
        writes = "writes" if len(agree_docs) == 1 else "write"
        return (f"{_names(deviating)} {'leaves' if one else 'leave'} out the characterisation {_quote(agree_text)} "
                f"that {_names(agree_docs)} {writes} ({_quote(dev_text)} alone).")
    if dev_text and agree_text:
        # A modality change of negations only reverses the claim; "certainty" would misname it.
        negation = category == "modality" and all("kind_negation" in f.evidence for f in group)
        label = "negation" if negation else BY_NAME[category].noun
        verb = "has" if len(deviating) == 1 else "have"
        verb2 = "has" if len(agree_docs) == 1 else "have"
        if whole_sentence(dev_text) and whole_sentence(agree_text):
            # Both located only to their whole sentences (a link weaker than a translation's): the
            # sentences differ as wholes; neither lacks the other.
            return (f"The {label} differs: {_names(deviating)} {verb} {_quote(dev_text)}, further in meaning "
                    f"from what {_names(agree_docs)} {verb2} here than a translation would be.")
        if whole_sentence(dev_text) and not whole_sentence(agree_text):
            # The deviating versions were located only to a whole sentence: they lack what the
            # others have here (a source the others name, a hedge they keep).
            return (f"The {label} differs: {_names(agree_docs)} {verb2} {_quote(agree_text)}, which "
                    f"{_names(deviating)} {'does' if len(deviating) == 1 else 'do'} not have here.")
        if whole_sentence(agree_text):
            # The other side was located only to its whole sentence: nothing there answers the
            # deviating words (a hedge or a source one version adds), so quoting it says nothing.
            return (f"The {label} differs: {_names(deviating)} {verb} {_quote(dev_text)}, which "
                    f"{_names(agree_docs)} {'does' if len(agree_docs) == 1 else 'do'} not have here.")
        return (f"The {label} differs: {_names(deviating)} {verb} {_quote(dev_text)} where "
                f"{_names(agree_docs)} {verb2} {_quote(agree_text)}.")
    return group[0].explanation


def _explain_untranslated(group: Sequence[Finding]) -> str | None:
    """Words a version left untranslated, said so: quoting them on both sides ("english has
    “sagte” where source has “sagte”") reads as no difference at all."""
    found = [f for f in group if f.detector == "untranslated"]
    if not found or max(group, key=lambda f: f.severity).detector != "untranslated":
        return None  # another change of the sentence is the stronger one: the plain wording quotes it
    holders: list[str] = []
    others: list[str] = []
    for f in found:
        holder, other = (f.target, f.source) if f.evidence.get("in_target") else (f.source, f.target)
        holders += [holder.doc] if holder.doc not in holders else []
        others += [other.doc] if other.doc not in others else []
    strongest = max(found, key=lambda f: f.severity)
    words = (strongest.target if strongest.evidence.get("in_target") else strongest.source).text or ""
    others = [d for d in others if d not in holders]
    if not others:
        return None  # each version holds words of the other: the detector's own line says which
    verb = "leaves" if len(holders) == 1 else "leave"
    if strongest.evidence.get("counterpart_found"):
        origin = f"{_names(others)}'s own word{'s' if ' ' in words.strip() else ''}"
    else:
        origin = f"written as in {_names(others)}"
    return f"{_names(holders)} {verb} {_quote(words)} untranslated ({origin})."


def _merge_same(events: list[Event]) -> list[Event]:
    """Content added or left out in one unit by the same versions is one drift, however many
    spans point at it: keep the strongest event with every finding behind them."""
    kept: dict[tuple[str, str, tuple[str, ...]], Event] = {}
    out: list[Event] = []
    for event in sorted(events, key=lambda e: -e.severity):
        if event.category not in ("addition", "omission") or event.unit is None:
            out.append(event)
            continue
        key = (event.category, event.unit, tuple(event.deviating))
        if key in kept:
            kept[key].supporting.extend(f for f in event.supporting if f not in kept[key].supporting)
            continue
        kept[key] = event
        out.append(event)
    return out


def build_events(documents: Sequence[Document], sentences: Mapping[str, Sequence[Sentence]],
                 units: Sequence[Unit], findings: Sequence[Finding], embeddings: Mapping[str, np.ndarray],
                 thresholds: Mapping[str, float], settings: Mapping[str, Any] | None = None, *,
                 reference: str, encoder: Any = None, calibration: Mapping[str, Any] | None = None,
                 alignments: Mapping[tuple[int, int], Any] | None = None,
                 word_vectors: dict[Any, Any] | None = None,
                 boilerplate: BoilerplateRules | None = None) -> list[Event]:
    """The story's events, strongest first, numbered ``E001``...; each supporting finding gets its
    event id. ``calibration`` (the model's severity file) may hold a fitted model per event category
    (``event:<category>``, eval/calibrate.py --events) that turns the provisional severity into the
    event's severity. ``alignments`` (the pairwise sentence alignments, keyed by positions in
    ``documents``) let a version's own alignment vouch that it carries a sentence. ``boilerplate``:
    the rules the documents were segmented with (their page-navigation phrases make no event)."""
    merged = {**EVENT_DEFAULTS, **(settings or {})}
    order = [d.id for d in documents]
    coverage = _Coverage(documents, sentences, embeddings, encoder, thresholds, merged, word_vectors)
    languages = {d.id: d.language for d in documents}
    votes = (_LinkVotes(order, alignments, float(merged["coverage_link_slack"]),
                        float(thresholds.get("align_merge", 0.0)), languages) if alignments else None)
    events = _coverage_events(units, sentences, order, coverage, findings, reference, merged, votes,
                              {d.id: d.text for d in documents})
    events += _finding_events(units, findings, order, reference, coverage, sentences,
                              _Gaps(units, embeddings, languages), merged, languages, boilerplate)
    events = _merge_same(events)
    models = calibration or {}
    for event in events:
        # The provisional severity is the fitted model's main feature; the event keeps it.
        event.evidence["prior"] = event.severity
        event.severity = fitted_score(event.severity, event.evidence, models.get(f"event:{event.category}"))
    events.sort(key=lambda e: (-e.severity, order.index(e.deviating[0]), e.category,
                               min((s.start for r in e.readings for s in r.spans), default=0)))
    for number, event in enumerate(events, 1):
        event.id = f"E{number:03d}"
        event.findings = [f.id for f in event.supporting if f.id]
        for finding in event.supporting:
            finding.event = event.id
    return events
