"""Entities and names: a name substituted or misspelt between versions ("al-Sham" -> "al-Shams").

Two passes share one story-level table of name mentions (built once per story):

- ``detect(pair, story)``: mentions of the two sides of an aligned pair are matched (identical,
  variant, near-miss, then by slot for what is left). A near-miss is drift when the story says
  the target's form is the deviant one (the source's form is attested in other versions, the
  target's is not); a different name in the same slot is a substitution; the same name written
  otherwise is an informational ``variant``.
- ``detect_story(story, source_id, target_id)``: a name that only the target version has, with a
  near-miss in the source, even where the sentences are not aligned.

Both passes record what they reported on the story, so calling both never repeats a finding.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from anyascii import anyascii
from rapidfuzz import fuzz, process

from drift.config import ModelSpec, base_language, capitalises_nouns
from drift.detect.base import DETECTORS, AlignedPair, Story, word_alignment
from drift.detect.untranslated import has_frequencies, zipf
from drift.documents import Document
from drift.findings import Finding, Side
from drift.names import (
    Mention,
    NameData,
    NameMatch,
    ascii_tokens,
    compare_names,
    cross_script_skeleton,
    extract_mentions,
    is_latin,
    load_name_data,
    name_windows,
    skeleton,
    spelt_in,
    story_vocabulary,
    vowel_respelt,
)
from drift.tokens import WordScore
from drift.words import mostly_unspaced

_TABLE_KEY = "_entity_table"
_REPORTED_KEY = "_entity_reported"
_EQUIVALENT = ("same", "variant")
# A near-miss (``compare_names``) has a key ratio of at least 85, or the same words with each
# differing word at ratio >= 75, which bounds the whole key's ratio below by 75 (the Indel
# distance of space-joined words is at most the sum of the words'); 74 leaves rounding room.
NEAR_RATIO = 74.0
# The detector label of the unmatched-name findings: their evidence (absence both ways) is not
# the spelling evidence of the others, so the severity fit gives them a model of their own.
UNMATCHED = "unmatched-names"
# The detector label of names one version carries and the other leaves out (``_dropped``).
DROPPED = "dropped-names"
# A name respelt by one vowel (``EntityDetector._vowel_slip``) is a slip when at least this share
# of the other Latin-script versions, and at least ``_VOWEL_QUORUM`` of them, have the other form.
_VOWEL_AGREED = 0.8
_VOWEL_QUORUM = 3
# Its provisional severity at most: under the fitted cut of the entity findings (a near-miss of
# one pair does not flag by itself; the events stage lifts a spelling every pair confirms).
_VOWEL_CEILING = 0.9


@dataclass
class EntityTable:
    """Every name mention of every version of a story, and which versions attest each form."""

    data: NameData
    mentions: dict[str, list[Mention]]
    vocabulary: set[str]
    # Versions written mostly without spaces or case (Chinese, Japanese): their names are in their
    # own script, so not attesting a Latin or Cyrillic form there says nothing against it.
    caseless: frozenset[str] = frozenset()
    # Each version's text and language (``words``, ``latin`` and ``languages`` read them).
    texts: dict[str, str] = field(default_factory=dict)
    languages: dict[str, str | None] = field(default_factory=dict)
    _words: dict[str, frozenset[str]] = field(default_factory=dict)
    _latin: dict[str, bool] = field(default_factory=dict)
    _stems: dict[str, frozenset[str]] = field(default_factory=dict)
    _docs_cache: dict[tuple[str, bool], frozenset[str]] = field(default_factory=dict)
    _home: dict[Mention, str] = field(default_factory=dict)
    _index: dict[str, dict[tuple[str, object], list[int]]] = field(default_factory=dict)
    _starts: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def build(cls, story: Story, data: NameData | None = None) -> EntityTable:
        data = data or load_name_data()
        vocabulary = story_vocabulary(d.text for d in story.documents)
        mentions: dict[str, list[Mention]] = {}
        for doc in story.documents:
            found: list[Mention] = []
            for sentence in story.sentences.get(doc.id, []):
                if sentence.boilerplate:
                    continue
                found.extend(extract_mentions(sentence.text, sentence.start, vocabulary=vocabulary,
                                              sentence=sentence.index, data=data))
            found.sort(key=lambda m: m.start)  # document order (``within`` bisects on it)
            mentions[doc.id] = found
        caseless = frozenset(d.id for d in story.documents if mostly_unspaced(d.text))
        texts = {d.id: " ".join(s.text for s in story.sentences.get(d.id, [])) for d in story.documents}
        return cls(data=data, mentions=mentions, vocabulary=vocabulary, caseless=caseless, texts=texts,
                   languages={d.id: d.language for d in story.documents})

    def words(self, doc_id: str) -> frozenset[str]:
        """The words of a version, transliterated and lowercased (built on first use: only a
        story with a name respelt by one vowel, or a name one version may leave out, asks)."""
        if doc_id not in self._words:
            self._words[doc_id] = frozenset(ascii_tokens(self.texts.get(doc_id, "")))
        return self._words[doc_id]

    def writes(self, doc_id: str, name: Mention) -> bool:
        """Whether a version writes every word of ``name`` somewhere, in any script, a declined
        form counting by its first five letters ("Dublin", "Dublinu"); cached word sets, so a
        long document is not searched again for every name."""
        if doc_id not in self._stems:
            self._stems[doc_id] = frozenset(w[:5] for w in self.words(doc_id) if len(w) >= 5)
        words, stems = self.words(doc_id), self._stems[doc_id]
        tokens = [t for t in ascii_tokens(name.text) if len(t) >= 3]
        return bool(tokens) and all(t in words or (len(t) >= 5 and t[:5] in stems) for t in tokens)

    def latin(self, doc_id: str) -> bool:
        """Whether a version is written in the Latin script (mostly: a quoted foreign word
        does not change it)."""
        if doc_id not in self._latin:
            self._latin[doc_id] = is_latin(self.texts.get(doc_id, ""), share=0.9)
        return self._latin[doc_id]

    def docs_with(self, mention: Mention) -> frozenset[str]:
        """Versions that contain this name (identical or a variant of it)."""
        # A case ending is read only on a mention from a version whose language declines names:
        # "Vanm" in an Italian version is not "Vann" declined.
        home = self.home(mention)
        declines = self.data.declines(self.languages.get(home) if home else None)
        key = (mention.text, declines)
        cached = self._docs_cache.get(key)
        if cached is not None:
            return cached
        docs = set()
        for doc_id in self.mentions:
            pair = (self.data.declines(self.languages.get(doc_id)), declines)
            if any(_attests(m, mention, self.data, pair) for m in self.candidates(doc_id, mention)):
                docs.add(doc_id)
        result = frozenset(docs)
        self._docs_cache[key] = result
        return result

    def home(self, mention: Mention) -> str | None:
        """The version a mention of the table was found in (None for a mention from elsewhere)."""
        if not self._home:
            self._home.update((m, doc_id) for doc_id, found in self.mentions.items() for m in found)
        return self._home.get(mention)

    def candidates(self, doc_id: str, mention: Mention) -> list[Mention]:
        """The mentions of ``doc_id`` that may attest ``mention`` (``_attests``), in document order.

        Attesting takes the same key, the same known alias, a shared skeleton token (equal or
        nested skeletons) or the same alternate skeleton; a long document has thousands of
        mentions, so only those sharing one of these are compared."""
        found = self.mentions.get(doc_id, [])
        index = self._index.get(doc_id)
        if index is None:
            index = {}
            for k, m in enumerate(found):
                for feature in _features(m, self.data):
                    index.setdefault(feature, []).append(k)
            self._index[doc_id] = index
        hits = {k for feature in _features(mention, self.data) for k in index.get(feature, ())}
        return [found[k] for k in sorted(hits)]

    def support(self, mention: Mention, exclude: Sequence[str]) -> float | None:
        """Share of the versions outside ``exclude`` that contain this name; None if there are none."""
        docs = self.docs_with(mention)
        others = [d for d in self.mentions if d not in exclude and (d not in self.caseless or d in docs)]
        if not others:
            return None
        return sum(d in docs for d in others) / len(others)

    def within(self, doc_id: str, start: int, end: int) -> list[Mention]:
        """The mentions of ``doc_id`` inside [start, end), found by bisection: a long document has
        thousands of mentions and every aligned pair asks."""
        found = self.mentions.get(doc_id, [])
        starts = self._starts.get(doc_id)
        if starts is None:
            starts = self._starts[doc_id] = [m.start for m in found]
        first = bisect.bisect_left(starts, start)
        last = bisect.bisect_left(starts, end, lo=first)
        return [m for m in found[first:last] if m.end <= end]


def entity_table(story: Story) -> EntityTable:
    """The story's entity table, built on first use and cached on the story."""
    table = story.settings.get(_TABLE_KEY)
    if not isinstance(table, EntityTable):
        table = EntityTable.build(story)
        story.settings[_TABLE_KEY] = table
    return table


def _features(mention: Mention, data: NameData) -> set[tuple[str, object]]:
    """What two mentions must share for one to attest the other (``EntityTable.candidates``)."""
    out: set[tuple[str, object]] = {("key", mention.key)}
    if mention.alias:
        out.add(("alias", mention.alias))
    out.update(("token", t) for t in mention.skeleton)
    alternate = skeleton(mention.text, data, alternate=True)
    if alternate:
        out.add(("alternate", alternate))
    return out


def _attests(found: Mention, name: Mention, data: NameData, declines: tuple[bool, bool] = (True, True)) -> bool:
    """Does mention ``found`` show that its version uses the name ``name`` (in some form)?
    ``declines``: whether the versions of ``found`` and ``name`` may decline names.

    An acronym only attests a long form through a known alias: the initials "HTS" say nothing
    about whether the long form was "al-Sham" or "al-Shams".
    """
    if found.key == name.key:
        return True
    match = compare_names(found, name, data, declines=declines)
    if match.kind not in _EQUIVALENT:
        return False
    if match.reason == "partial" and set(found.skeleton) < set(name.skeleton):
        # "Kavanaugh" alone does not show which first name a version gives him: it attests
        # "Brett Kavanaugh" and "Daniel Kavanaugh" alike, so it attests neither.
        return False
    return match.reason != "acronym"


def _reported(story: Story) -> set[tuple[str, ...]]:
    return story.settings.setdefault(_REPORTED_KEY, set())


def _suffix_only(a: Mention, b: Mention) -> bool:
    """One single-word name is the other plus a short ending ("Syria"/"Syrian"): often grammar
    (a demonym, a case ending) rather than another name."""
    if len(a.key.split()) != 1 or len(b.key.split()) != 1:
        return False
    short, long = sorted((a.key, b.key), key=len)
    return long.startswith(short) and len(long) - len(short) <= 3


def _word_before(text: str, index: int) -> str:
    words = anyascii(text[:index]).lower().split()
    return words[-1].strip(".,;:\"'()“”«»") if words else ""


def _word_after(text: str, index: int) -> str:
    # The first word of the rest of a document: transliterate (character by character) a
    # growing window until it holds a whole word, not the whole rest.
    size = 64
    while True:
        words = anyascii(text[index:index + size]).lower().split()
        if len(words) > 1 or index + size >= len(text):
            return words[0].strip(".,;:\"'()“”«»") if words else ""
        size *= 4


def _without(text: str, start: int, end: int) -> str:
    return anyascii(text[:start] + " " + text[end:]).lower()


@dataclass(frozen=True)
class EntitySettings:
    # Name variants (aliases, acronyms, transliterations in one script) are reported, informational.
    report_variants: bool = True
    # Provisional severity of a variant (informational: capped below the flag threshold anyway).
    variant_severity: float = 0.15
    # Provisional severity of a name put in the place of another (``_unmatched``), at the model's
    # ``name_slot`` level and at full distance below it (``unmatched_range`` under the level).
    unmatched_base: float = 0.2
    unmatched_top: float = 0.75
    unmatched_range: float = 0.12
    # Provisional severity, at least, of a name put in another's place when both are names the two
    # languages write alike (``_written_alike``).
    unmatched_international: float = 0.6
    # Provisional severity of a name left out (``_dropped``), at the model's ``name_dropped`` level
    # and ``unmatched_range`` below it.
    dropped_base: float = 0.3
    dropped_top: float = 0.8


@DETECTORS.register("entities", settings=EntitySettings)
class EntityDetector:
    """Names substituted or misspelt between two versions; name variants for transparency."""

    name = "entities"

    def __init__(self, settings: EntitySettings | None = None, spec: ModelSpec | None = None) -> None:
        self.settings = settings or EntitySettings()

    # ------------------------------------------------------------------ pair pass
    def detect(self, pair: AlignedPair, story: Story) -> list[Finding]:
        if pair.boilerplate:
            return []
        table = entity_table(story)
        src = self._mentions(table, pair.source_doc.id, pair.source, pair.source_doc.text, story)
        tgt = self._mentions(table, pair.target_doc.id, pair.target, pair.target_doc.text, story)
        if not src or not tgt:
            # Names on one side only: nothing to compare by spelling, but one may be left out.
            return self._unmatched(pair, story, table, src, tgt, {}, []) if src or tgt else []
        endings = (table.data.endings_of(pair.source_doc.language), table.data.endings_of(pair.target_doc.language))
        declines = (table.data.declines(pair.source_doc.language), table.data.declines(pair.target_doc.language))

        def compare(s: Mention, t: Mention) -> NameMatch:
            return compare_names(s, t, table.data, endings=endings, declines=declines)

        matches = {(i, j): compare(s, t) for i, s in enumerate(src) for j, t in enumerate(tgt)}
        # A mention that relates to no name of the other side, or only holds one of them among
        # other words, may hold names glued to other capitalised words (``_glued_names``); the
        # source side first, then the target side against it. The first name found takes the
        # mention's place, the others join the side.
        def unglue(side: list[Mention], others: list[Mention], key: Callable[[int, int], tuple[int, int]],
                   compare_to: Callable[[Mention, Mention], NameMatch]) -> None:
            for i, mention in enumerate(list(side)):
                if all(_unrelated_or_wider(matches[key(i, j)]) for j in range(len(others))):
                    for k, name in enumerate(_glued_names(mention, others, table.data, compare_to)):
                        at = i if k == 0 else len(side)
                        side[at:at + 1] = [name]
                        matches.update({key(at, j): compare_to(name, other) for j, other in enumerate(others)})

        unglue(src, tgt, lambda i, j: (i, j), compare)
        unglue(tgt, src, lambda j, i: (i, j), lambda a, b: compare(b, a))
        def rank(match: NameMatch) -> int:
            # Initials are the weakest link: "HTS" must not take the place of a long form that
            # is the same or a near-miss of the other side's long form.
            if match.kind == "variant" and match.reason == "acronym":
                return 3
            return {"same": 0, "variant": 1, "near": 2}.get(match.kind, 9)

        pairs: dict[int, int] = {}
        used: set[int] = set()
        ordered = sorted((k for k, m in matches.items() if rank(m) < 9),
                         key=lambda k: (rank(matches[k]), -matches[k].similarity,
                                        abs(k[0] / len(src) - k[1] / len(tgt))))
        for i, j in ordered:
            if i not in pairs and j not in used:
                pairs[i] = j
                used.add(j)
        findings: list[Finding] = []
        for i, j in pairs.items():
            match = matches[(i, j)]
            if match.kind == "near":
                finding = self._near_miss(pair, story, table, src[i], tgt[j], match)
            else:
                finding = None
                if match.kind == "variant" and match.reason == "transliteration":
                    finding = self._vowel_slip(pair, story, table, src[i], tgt[j], match)
                if finding is None and match.kind == "variant" and self.settings.report_variants:
                    finding = self._variant(pair, story, src[i], tgt[j], match)
            if finding:
                findings.append(finding)
        substituted = [] if self._reads_slots(pair, story) else self._substitutions(
            pair, story, table, src, tgt, pairs, matches)
        findings.extend(substituted)
        findings.extend(self._unmatched(pair, story, table, src, tgt, pairs, substituted))
        return findings

    @staticmethod
    def _reads_slots(pair: AlignedPair, story: Story) -> bool:
        """Whether ``_unmatched`` reads this pair's name slots from its word alignment: across
        languages with the model's alignment settings. There the rest of the sentence cannot be
        compared letter by letter, so the neighbouring names of ``_substitutions`` say little
        ("US-Präsident Donald Trump" / "US President Erwin Huber" scored as low as a translator's
        restructured sentence); the aligned words say whether the names face each other. Within
        one language the neighbouring words read the slot, and single characters of an unspaced
        script do not align with names as words (as in the span detector)."""
        thresholds = story.settings.get("thresholds") or {}
        return (bool(story.settings.get("vectors") or story.settings.get("encoder"))
                and "name_slot" in thresholds and "span_layer" in thresholds
                and pair.source_doc.language != pair.target_doc.language
                and not (mostly_unspaced(pair.source_text) or mostly_unspaced(pair.target_text)))

    def _unmatched(self, pair: AlignedPair, story: Story, table: EntityTable, src: list[Mention],
                   tgt: list[Mention], pairs: dict[int, int], substituted: list[Finding]) -> list[Finding]:
        """A name of one version put in the place of a name of the other ("the blockade of Gaza" /
        "the blockade of Fujiang River"), across languages, where the neighbouring words cannot
        read the slot. The evidence is the pair's word alignment (the span layer's contextual
        token vectors, from the sentence pass: nothing is encoded here):

        - neither name is paired with the other by spelling (``compare_names``) nor spelt in the
          other text (a fuzzy match on the transliterated text);
        - the two names face each other: each one's best aligned word on the other side lies in
          the other name (one slot);
        - and they are not the same name translated: their best word similarity stays below the
          model's ``name_slot`` level (a translated or transliterated name, "Londres" / "London",
          "Giganci" / "Giants", aligns above it).

        Encoding every word of both sentences on its own (the first version of this pass) cost
        the encoder more texts than the sentences themselves, and on faithful NTREX translations
        it paired a name with a random word of the other side ten times as often as this."""
        if not self._reads_slots(pair, story):
            return []
        thresholds = story.settings["thresholds"]
        encoder = story.settings.get("vectors") or story.settings.get("encoder")
        src_text, tgt_text = pair.source_text, pair.target_text
        taken_s = set(pairs) | {m for f in substituted for m, x in enumerate(src) if x.start == f.source.start}
        taken_t = set(pairs.values()) | {m for f in substituted for m, x in enumerate(tgt) if x.start == f.target.start}
        s0, t0 = pair.source_span[0], pair.target_span[0]
        lone_t = [j for j in range(len(tgt)) if j not in taken_t
                  and not _opens_sentence(tgt[j], tgt_text, t0, pair.target_doc.language)
                  and not spelt_in(tgt[j], src_text) and not _common_noun(tgt[j].text, pair.target_doc.language)
                  and not _noun_after_adjective(tgt[j], tgt_text, t0, pair.target_doc.language)
                  and not _defined_acronym(tgt[j], tgt_text, t0)]
        lone_s = [i for i in range(len(src)) if i not in taken_s
                  and not _opens_sentence(src[i], src_text, s0, pair.source_doc.language)
                  and not spelt_in(src[i], tgt_text) and not _common_noun(src[i].text, pair.source_doc.language)
                  and not _noun_after_adjective(src[i], src_text, s0, pair.source_doc.language)
                  and not _defined_acronym(src[i], src_text, s0)]
        dropped_level = thresholds.get("name_dropped")
        # Names that may be left out or added, by the cheap tests first (the word alignment
        # below is the costly part): the last opener rule too, since a rare word opening the
        # sentence may face a name, but left alone it is as likely a slip of a common word
        # ("Yuo can also...") as a name.
        droppable = set() if dropped_level is None else (
            {("s", i) for i in lone_s if not _opens_sentence(src[i], src_text, s0)
             and self._may_be_left_out(table, story, pair, src[i], pair.target_doc.id)}
            | {("t", j) for j in lone_t if not _opens_sentence(tgt[j], tgt_text, t0)
               and self._may_be_left_out(table, story, pair, tgt[j], pair.source_doc.id)})
        if not (lone_t and lone_s) and not droppable:
            return []
        alignment = word_alignment(pair, story, encoder)
        sim = np.nan_to_num(alignment.similarity, nan=-1.0)
        if not sim.size:
            return []
        words_s = {i: _word_rows(alignment.source, src[i], s0) for i in lone_s}
        words_t = {j: _word_rows(alignment.target, tgt[j], t0) for j in lone_t}
        level = float(thresholds["name_slot"])
        findings: list[Finding] = []
        faced: set[tuple[str, int]] = set()
        ids = (pair.source_doc.id, pair.target_doc.id)
        # Where third versions can say whose name stands in a slot (``_shared_elsewhere`` below),
        # a lone name faces another among the names only: a name put in another's place aligns
        # closer to the title or verb of its slot than to the name it replaced ("Président
        # Humphreys" / "President Trump"). Between two versions alone nothing would check it, and
        # a capitalised word facing a name ("Gobierno" / "Spanish") would pass for one: there the
        # best aligned word must lie in the name.
        among_names = len(_third_versions(table, story, ids, latin_only=True)) >= 2
        named_rows = {r for m in src for r in _word_rows(alignment.source, m, s0)}
        rows_to_try = sorted(named_rows) if among_names else list(range(sim.shape[0]))
        named_cols = sorted({c for m in tgt for c in _word_rows(alignment.target, m, t0)})
        anchors = [] if among_names else _anchors(sim, named_rows, set(named_cols), level)
        for j in lone_t:
            cols = words_t[j]
            if not cols or not rows_to_try:
                continue
            # The name's best aligned source word (see ``rows_to_try``), and the lone source name
            # holding it; the source name's best partner among the other side's names must lie in
            # this one (among names only: a name's context may align it closer to a common word of
            # its slot, "Donald Trump" / "President").
            best_row = rows_to_try[int(sim[np.ix_(rows_to_try, cols)].max(axis=1).argmax())]
            facing = [i for i in lone_s if best_row in words_s[i]
                      and named_cols[int(sim[np.ix_(words_s[i], named_cols)].max(axis=0).argmax())] in cols]
            if not facing and anchors:
                # Between two versions alone, a name put in another's place is unrelated to it, so
                # neither need be the other's best match: the words around the two say whether they
                # fill one slot. That alone is weak (translations move and rename things: "Livi" /
                # "Livingston", "Bolivia" / "Chili" two clauses apart), so the name replaced must be
                # one the other language writes alike ("Dublin", "Gaza"), absent there, spelt
                # nothing like the name in its place, and neither name rendered as a common word of
                # the other sentence ("el Gobierno español" / "the Spanish government"), where it
                # would align as a translation does.
                apart = level + _COUNTERPART
                facing = [i for i in lone_s if words_s[i] and _same_gap(anchors, words_s[i], cols, sim.shape)
                          and sim[words_s[i], :].max() < apart and sim[:, cols].max() < apart
                          and _kept_alike(src[i].text, pair.target_doc.language)
                          and fuzz.ratio(anyascii(src[i].text).lower(), anyascii(tgt[j].text).lower()) < _UNLIKE]
            # Many versions can also say it by spelling alone: every other Latin-script version
            # writes the replaced name as it is ("Wheeling" in five languages), none writes the
            # name in its place ("Lewis"), and the two are spelt nothing alike. Two names of one
            # slot in sentences alike align as closely as a name and its translation ("Wheeling"
            # / "Lewis" 0.58, above the ``name_slot`` level): here the spelling decides.
            # One name for one: the sentences' only names left unpaired.
            kept_by_all = ([i for i in lone_s if words_s[i]
                            and (self._kept_by_all(table, story, src[i], tgt[j], ids)
                                 or self._kept_by_all(table, story, tgt[j], src[i], ids))]
                           if among_names and len(lone_s) == len(lone_t) == 1 else [])
            if len(kept_by_all) == 1 and kept_by_all[0] not in facing:
                facing = kept_by_all
            if not facing:
                continue
            i = facing[0]
            rows = words_s[i]
            s, t = src[i], tgt[j]
            similarity = float(sim[np.ix_(rows, cols)].max())
            if similarity >= level and kept_by_all != [i]:
                continue
            if among_names and _rendered_apart(sim, rows, cols, level):
                # Facing among names only, a name may face the one other name of its slot while
                # it stands in the other sentence all the same, put into common words
                # ("Güterkontrollverordnung" / "l'ordonnance sur le contrôle des biens"): a word
                # there, away from the facing name, aligns with it as closely as a translated name.
                continue
            if _clipped(s.text, t.text):
                # One name cut short from the other: a nickname or short form ("Livi's opener" /
                # "el gol del Livingston").
                continue
            if _initials(s.text) or _initials(t.text):
                # Initials against a name spelt out: a language's own acronym ("WM-Punkte" /
                # "World Championship points"), which the alignment cannot vouch for either. Nor
                # against initials: each language abbreviates its own words ("ICJ" / "IGH", the
                # Internationaler Gerichtshof; "AI" / "l'IA").
                continue
            if is_latin(s.text) != is_latin(t.text) and kept_by_all != [i]:
                # Across scripts, spelling cannot vouch for a name ("Фетел" / "Vettelem": V is
                # Ф, and a case ending follows), nor initials ("МРП" / "MCI"): no evidence here.
                # Names whose letters hardly meet are no better: a name translated ("Коледа" /
                # "Christmas") looks just like "Корб" / "Anastazja Abramenko".
                continue
            if not (_shared_elsewhere(table, story, s, ids, latin_only=True)
                    or _shared_elsewhere(table, story, t, ids, latin_only=True)):
                # Every other Latin-script version writes this slot otherwise ("Christmas", "Noël",
                # "Navidad"): a word each language translates, so the odd one out is translated too.
                continue
            if _vouched_across_scripts(table, story, s, t, ids) or _vouched_across_scripts(table, story, t, s, ids):
                continue
            if table.writes(ids[1], s) and table.writes(ids[0], t):
                # Each version writes the other's name elsewhere: two names of the story both know,
                # put in different sentences (a headline naming the stadium, another the city),
                # not one put in the other's place.
                continue
            if not self._claim(story, pair.source_doc.id, pair.target_doc.id, "entity", t, s):
                continue
            strength = float(np.clip((level - similarity) / self.settings.unmatched_range, 0.0, 1.0))
            # With more versions, the story says which name is the odd one: one that the other
            # versions carry against one that none of them has. Kept as evidence only: a name's
            # forms in other scripts and cases ("Грэм", "Уэстом") often escape the spelling match,
            # so on faithful NTREX translations it made transliterations look like substitutions.
            third = [pair.source_doc.id, pair.target_doc.id]
            sup_s, sup_t = table.support(s, third), table.support(t, third)
            agreement = 0.0 if sup_s is None or sup_t is None else abs(sup_s - sup_t)
            cfg = self.settings
            confidence = cfg.unmatched_base + (cfg.unmatched_top - cfg.unmatched_base) * strength
            # Two names each language writes alike ("Dublin" and "Madrid" are words of French and
            # English texts both): had the slot held one entity, the other version would have
            # spelt it the same. Their contextual vectors align closely all the same (two cities
            # in one slot), so the spelling is the stronger evidence here.
            international = _written_alike(s.text, t.text, pair.source_doc.language, pair.target_doc.language)
            if international or kept_by_all == [i]:
                confidence = max(confidence, cfg.unmatched_international)
            faced.update({("s", i), ("t", j)})
            findings.append(Finding(
                category="entity", source=pair.source_side(s.start, s.end), target=pair.target_side(t.start, t.end),
                explanation=f'"{t.text}" stands where {pair.source_doc.id} has "{s.text}", and neither is '
                            f"a spelling or translation of the other: a different name.",
                severity=confidence,
                evidence={"confidence": confidence, "substitution": 1.0, "unmatched": 1.0,
                          "slot_similarity": similarity, "level": level, "versions_agreement": agreement,
                          "written_alike": float(international)},
                detector=UNMATCHED))
        if dropped_level is not None:
            findings.extend(self._dropped(
                pair, story, sim, float(dropped_level),
                [(i, src[i], words_s[i]) for i in lone_s if ("s", i) in droppable and ("s", i) not in faced],
                [(j, tgt[j], words_t[j]) for j in lone_t if ("t", j) in droppable and ("t", j) not in faced]))
        return findings

    @staticmethod
    def _kept_by_all(table: EntityTable, story: Story, name: Mention, other: Mention,
                     pair_ids: tuple[str, str]) -> bool:
        """Whether every third Latin-script version of the story (``KEPT_BY_ALL`` at least) writes
        ``name``, none writes ``other``, and the two are spelt nothing alike: ``other`` replaced
        ``name`` in one version, whatever their vectors say."""
        thirds = _third_versions(table, story, pair_ids, latin_only=True)
        if len(thirds) < KEPT_BY_ALL or _initials(name.text) or _initials(other.text):
            return False
        if not is_latin(name.text):
            return False
        # A name in another script is compared by its transliteration, which drops and respells
        # letters ("Бриндизи" reads "Brindizi", 88 against "Brindisi"): a name in another's place
        # across scripts stays further below it ("Бари", "Bari", 50).
        unlike = _UNLIKE if is_latin(other.text) else _UNLIKE_ACROSS
        if fuzz.ratio(anyascii(name.text).lower(), anyascii(other.text).lower()) >= unlike:
            return False
        if not is_latin(other.text) and not _known_name_across(other.text, [
                "en", *(table.languages.get(d.id) for d in thirds)]):
            # A name of another script whose letters read nothing like it is most often the same
            # name transliterated as it sounds ("Коуни" for "Cownie", "Флитууд" for "Fleetwood"):
            # only one whose reading is itself a known name ("Бари", Bari) was put in its place.
            return False
        carriers, strangers = table.docs_with(name), table.docs_with(other)
        home = table.home(other)
        if home is None or home in carriers or table.writes(home, name):
            return False  # the version writes the name elsewhere: it knows it (moved, not replaced)
        # Written as it is by every third version, not merely as a variant or alias the table
        # relates to it ("Mexique", "México", "Mexiko" are each the name, "Messico" too: a
        # translated name, which the variants' chain need not reach).
        return (all(table.writes(d.id, name) for d in thirds)
                and not any(d.id in strangers or table.writes(d.id, other) for d in thirds))

    @staticmethod
    def _may_be_left_out(table: EntityTable, story: Story, pair: AlignedPair, name: Mention, other_id: str) -> bool:
        """The tests of a name left out that need no word alignment. Left alone: initials (a
        language's own acronym, "WM", "SI" for "AI", aligns poorly with what it stands for); a
        name the other version writes elsewhere in its text (a translator puts "he" or "the
        storm" for a name given before, or names who "he" is: the version knows the entity); and
        a name no third version carries either (a word of this version's language). German
        capitalised nouns never reach here (``_common_noun``)."""
        if _initials(name.text) or sum(c.isalpha() for c in name.text) < 3:
            return False
        if other_id in table.docs_with(name) or table.writes(other_id, name):
            return False
        # No third version has it either: a word of this version's language.
        return _shared_elsewhere(table, story, name, (pair.source_doc.id, pair.target_doc.id))

    def _dropped(self, pair: AlignedPair, story: Story, sim: np.ndarray, level: float,
                 lone_s: list[tuple[int, Mention, list[int]]],
                 lone_t: list[tuple[int, Mention, list[int]]]) -> list[Finding]:
        """A name one version carries and the other leaves out ("sie liegt laut Tennet bei 7,1
        Gigawatt" / "According to, it is 7.1 gigawatts"): neither spelt nor transliterated in the
        other sentence, facing no name there, and no word of the other sentence aligns with it
        even as far as the model's ``name_dropped`` level (a translated name, "Deutschland" /
        "Germany", aligns above it). ``lone_s``/``lone_t`` have passed ``_may_be_left_out``."""
        cfg = self.settings

        def confidence_at(best: float) -> float:
            strength = float(np.clip((level - best) / cfg.unmatched_range, 0.0, 1.0))
            return cfg.dropped_base + (cfg.dropped_top - cfg.dropped_base) * strength

        alone: dict[str, list[tuple[Mention, float]]] = {"source": [], "target": []}
        for side, lone in (("source", lone_s), ("target", lone_t)):
            for _, name, words in lone:
                if not words:
                    continue
                best = float(sim[words, :].max() if side == "source" else sim[:, words].max())
                if best < level:
                    alone[side].append((name, best))
        findings: list[Finding] = []
        if len(alone["source"]) == 1 and len(alone["target"]) == 1:
            # One name left out and one added in the same sentence: one name put for another,
            # reported once, as the substitution it is.
            (s, best_s), (t, best_t) = alone["source"][0], alone["target"][0]
            confidence = confidence_at(max(best_s, best_t))
            if self._claim(story, pair.source_doc.id, pair.target_doc.id, "entity", t, s):
                findings.append(Finding(
                    category="entity", source=pair.source_side(s.start, s.end),
                    target=pair.target_side(t.start, t.end),
                    explanation=f'"{t.text}" stands where {pair.source_doc.id} has "{s.text}": no word of '
                                f"either sentence stands for the other's name.",
                    severity=confidence,
                    evidence={"confidence": confidence, "best_word_similarity": max(best_s, best_t),
                              "level": level, "name_dropped": 1.0, "substitution": 1.0},
                    detector=DROPPED))
            return findings
        for side in ("source", "target"):
            for name, best in alone[side]:
                confidence = confidence_at(best)
                if side == "source":
                    category = "omission"
                    here, there = pair.source_side(name.start, name.end), Side(doc=pair.target_doc.id)
                    explanation = f"{there.doc} leaves out the name “{name.text}”: no word there stands for it."
                else:
                    category = "addition"
                    here, there = pair.target_side(name.start, name.end), Side(doc=pair.source_doc.id)
                    explanation = f"{here.doc} adds the name “{name.text}”: no word of {there.doc} stands for it."
                if not self._claim(story, pair.source_doc.id, pair.target_doc.id, category, name, name):
                    continue
                source, target = (here, there) if side == "source" else (there, here)
                findings.append(Finding(
                    category=category, source=source, target=target, explanation=explanation,
                    severity=confidence,
                    evidence={"confidence": confidence, "best_word_similarity": best, "level": level,
                              "name_dropped": 1.0},
                    detector=DROPPED))
        return findings

    def _mentions(self, table: EntityTable, doc_id: str, sentences: Sequence, text: str,
                  story: Story) -> list[Mention]:
        start, end = sentences[0].start, sentences[-1].end
        found = table.within(doc_id, start, end)
        if found or doc_id in table.mentions:
            return found
        # A pair whose document is not part of the story (hand-built): extract on the spot.
        return [m for s in sentences for m in extract_mentions(
            s.text, s.start, vocabulary=table.vocabulary, sentence=s.index, data=table.data)]

    def _claim(self, story: Story, source_id: str, target_id: str, category: str, target: Mention,
               source: Mention) -> bool:
        """Record a finding once per pair of versions; False if it was already reported."""
        key = (source_id, target_id, category, str(target.start), str(target.end))
        if category == "variant":
            # A variant is worth one mention per pair of versions, not one per occurrence.
            key = (source_id, target_id, category, source.key, target.key)
        reported = _reported(story)
        if key in reported:
            return False
        reported.add(key)
        return True

    def _deviance(self, table: EntityTable, source_id: str, target_id: str, s: Mention,
                  t: Mention) -> dict[str, float] | None:
        """Evidence that the target's form is the odd one out; None when it is as well attested."""
        third = [source_id, target_id, *self._other_script_neutral(table, source_id, target_id, s, t)]
        sup_s = table.support(s, third)
        sup_t = table.support(t, third)
        in_target = float(any(_attests(m, s, table.data)
                              for m in table.candidates(target_id, s) if m.key != t.key))
        in_source = float(any(_attests(m, t, table.data)
                              for m in table.candidates(source_id, t) if m.key != s.key))
        if sup_t is not None and sup_s is not None and sup_t > 0 and sup_t >= sup_s:
            return None  # both forms are established in this story: two names, not a slip
        # The target's form written alike in a version of another language: the name those
        # languages share ("Lisboa" in Spanish and Portuguese, "Lisbon" in English), not a slip,
        # which one version makes on its own. (Versions of one language share their own exonym,
        # and a slip copied from one into another: that counts for nothing here.)
        language = base_language(table.languages.get(target_id) or "")
        if language and any(base_language(table.languages.get(d) or "") not in ("", language)
                            for d in table.docs_with(t) if d not in (source_id, target_id) and table.latin(d)):
            return None
        if in_source:
            return None  # the source version itself uses the target's form: nothing changed
        return {
            "support": 0.5 if sup_s is None else sup_s,
            "target_support": 0.0 if sup_t is None else sup_t,
            "other_versions": 0.0 if sup_s is None else 1.0,
            "source_form_in_target": in_target,
        }

    @staticmethod
    def _other_script_neutral(table: EntityTable, source_id: str, target_id: str, s: Mention,
                              t: Mention) -> list[str]:
        """Versions in another script than two Latin spellings that attest neither of them, or
        both: their transliteration of the name follows its own rules ("Вежбицкий" for
        "Wierzbicki"; "Феранди" read as "Ferrandi" and as "Ferrante" alike), so they neither
        establish one spelling nor dispute it, and count in neither's support. Two Latin
        spellings that are themselves transliterations of one name ("Stojan Kirilow" / "Stoyan
        Kirilov") are both right: a version that attests both counts for both. (Between two
        transliterations, "Айяном" / "Ян" for "Ian", no spelling is established: the Latin
        versions keep counting there.)"""
        if not (is_latin(s.text) and is_latin(t.text)):
            return []
        with_s, with_t = table.docs_with(s), table.docs_with(t)
        one_name = cross_script_skeleton(s.text, table.data) == cross_script_skeleton(t.text, table.data)
        neutral = []
        for d in table.mentions:
            if d in (source_id, target_id) or table.latin(d):
                continue
            attests = (d in with_s, d in with_t)
            if attests == (False, False) or (attests == (True, True) and not one_name):
                neutral.append(d)
        return neutral

    def _either_deviance(self, table: EntityTable, source_id: str, target_id: str, s: Mention,
                         t: Mention) -> dict[str, float] | None:
        """Deviance of the target's form, or else of the source's: with --all-pairs the odd
        spelling can sit on either side of a pair, and either way the pair differs."""
        evidence = self._deviance(table, source_id, target_id, s, t)
        if evidence is not None:
            return {**evidence, "source_deviant": 0.0}
        evidence = self._deviance(table, target_id, source_id, t, s)
        if evidence is not None:
            return {**evidence, "source_deviant": 1.0}
        return None

    def _near_miss(self, pair: AlignedPair, story: Story, table: EntityTable, s: Mention, t: Mention,
                   match: NameMatch) -> Finding | None:
        evidence = self._either_deviance(table, pair.source_doc.id, pair.target_doc.id, s, t)
        if evidence is None:
            return None
        finding = _near_finding(s, t, match, evidence, pair.source_side(s.start, s.end),
                                pair.target_side(t.start, t.end), table)
        if finding and self._claim(story, pair.source_doc.id, pair.target_doc.id, "entity", t, s):
            return finding
        return None

    def _vowel_slip(self, pair: AlignedPair, story: Story, table: EntityTable, s: Mention, t: Mention,
                    match: NameMatch) -> Finding | None:
        """A name of one Latin-script version respelt by one vowel ("Kennody" for "Kennedy"), when
        the story says it is a slip and not a transliteration: the odd word is in no other
        version, the other word in at least ``_VOWEL_AGREED`` of the other Latin-script versions
        (``_VOWEL_QUORUM`` of them at least), and the odd word is no spelling wordfreq knows in
        the odd version's language or in English, where transliterations settle ("Ahmad" beside
        "Ahmed", the Spanish "Gorbachov" beside "Gorbachev" are spellings in use; a slip is
        nobody's). Not the other versions' languages: with many of them, a name respelt into
        another one ("Torresi" for "Torrisi" in a Polish text, two Italian surnames) is a word of
        one of them. Reported as a near-miss below the flag threshold: the events stage lifts it
        when every pair of the version bears it out."""
        words = vowel_respelt(s.text, t.text)
        if words is None:
            return None
        ids = (pair.source_doc.id, pair.target_doc.id)
        for odd, (odd_word, agreed_word) in ((ids[1], words[::-1]), (ids[0], words)):
            others = [d for d in table.mentions if d != odd]
            if any(odd_word in table.words(d) for d in others):
                continue
            latin = [d for d in others if table.latin(d)]
            have = [d for d in latin if agreed_word in table.words(d)]
            if len(latin) < _VOWEL_QUORUM or len(have) < _VOWEL_AGREED * len(latin):
                continue
            if _known_spelling(odd_word, [table.languages.get(odd), "en"]):
                return None
            outside = [d for d in latin if d not in ids]
            evidence = {"support": sum(d in have for d in outside) / len(outside) if outside else 0.5,
                        "target_support": 0.0, "other_versions": float(bool(outside)),
                        "source_form_in_target": float(agreed_word in table.words(odd)),
                        "source_deviant": float(odd == ids[0]), "vowel_respelt": 1.0}
            near = NameMatch("near", match.similarity, "one vowel changed")
            finding = _near_finding(s, t, near, evidence, pair.source_side(s.start, s.end),
                                    pair.target_side(t.start, t.end), table)
            if finding is None or not self._claim(story, ids[0], ids[1], "entity", t, s):
                return None
            # One pair's word is not proof: below the threshold until the story's pairs confirm it.
            finding.severity = min(finding.severity, _VOWEL_CEILING)
            finding.evidence["confidence"] = finding.severity
            return finding
        return None

    def _variant(self, pair: AlignedPair, story: Story, s: Mention, t: Mention,
                 match: NameMatch) -> Finding | None:
        if s.key == t.key:
            return None
        # Across scripts a transliteration is expected of any translation: not worth reporting.
        if match.reason == "transliteration" and is_latin(s.text) != is_latin(t.text):
            return None
        if not self._claim(story, pair.source_doc.id, pair.target_doc.id, "variant", t, s):
            return None
        what = {"alias": "another name or acronym of the same entity", "acronym": "its acronym",
                "transliteration": "a different transliteration"}.get(match.reason, "a variant")
        evidence = {"confidence": 0.9, "name_similarity": match.similarity}
        return Finding(category="variant", source=pair.source_side(s.start, s.end),
                       target=pair.target_side(t.start, t.end),
                       explanation=f'"{t.text}" is {what} for "{s.text}": the same name written otherwise.',
                       severity=self.settings.variant_severity, evidence=evidence, detector=self.name)

    def _substitutions(self, pair: AlignedPair, story: Story, table: EntityTable, src: list[Mention],
                       tgt: list[Mention], pairs: dict[int, int],
                       matches: dict[tuple[int, int], NameMatch]) -> list[Finding]:
        """Leftover names in the same slot (same neighbours, same surrounding words): substitutions."""
        left_s = [i for i in range(len(src)) if i not in pairs]
        used = set(pairs.values())
        left_t = [j for j in range(len(tgt)) if j not in used]
        src_text, tgt_text = pair.source_doc.text, pair.target_doc.text
        s0, s1 = pair.source_span
        t0, t1 = pair.target_span
        candidates = []
        for i in left_s:
            for j in left_t:
                s, t = src[i], tgt[j]
                if matches[(i, j)].kind != "different":
                    continue
                anchors = []
                for di in (-1, 1):
                    ni, nj = i + di, j + di
                    in_s, in_t = 0 <= ni < len(src), 0 <= nj < len(tgt)
                    if not in_s and not in_t:
                        anchors.append(0.25)  # both at an edge: weak evidence of the same slot
                    else:
                        anchors.append(float(in_s and in_t and pairs.get(ni) == nj))
                words = [float(bool(w) and w == v) for w, v in (
                    (_word_before(src_text[s0:s.start], len(src_text[s0:s.start])),
                     _word_before(tgt_text[t0:t.start], len(tgt_text[t0:t.start]))),
                    (_word_after(src_text, s.end), _word_after(tgt_text, t.end)))]
                slot = max(sum(anchors) / 2, sum(words) / 2)
                if slot < 0.5:
                    continue
                ratio = fuzz.ratio(_without(src_text[s0:s1], s.start - s0, s.end - s0),
                                   _without(tgt_text[t0:t1], t.start - t0, t.end - t0)) / 100.0
                # Unrelated sentences of one language already score about 0.4-0.5: rescale so
                # that only a near-identical rest of the sentence counts.
                rest = max(0.0, (ratio - 0.5) / 0.5)
                same_type = float(s.acronym == t.acronym)
                confidence = 0.2 + 0.35 * slot + 0.35 * rest + 0.1 * same_type
                if not same_type:
                    confidence *= 0.75  # an acronym for a person's name: rarely one slot
                confidence = min(0.95, confidence)
                candidates.append((confidence, i, j, slot, rest, same_type))
        findings = []
        taken_s: set[int] = set()
        taken_t: set[int] = set()
        for confidence, i, j, slot, rest, same_type in sorted(candidates, reverse=True):
            if i in taken_s or j in taken_t:
                continue
            taken_s.add(i)
            taken_t.add(j)
            s, t = src[i], tgt[j]
            if not self._claim(story, pair.source_doc.id, pair.target_doc.id, "entity", t, s):
                continue
            third = [pair.source_doc.id, pair.target_doc.id]
            sup_s, sup_t = table.support(s, third), table.support(t, third)
            evidence = {"confidence": confidence, "name_similarity": matches[(i, j)].similarity,
                        "slot": slot, "context_similarity": rest, "same_type": same_type,
                        "substitution": 1.0, "support": 0.5 if sup_s is None else sup_s,
                        "target_support": 0.0 if sup_t is None else sup_t}
            findings.append(Finding(
                category="entity", source=pair.source_side(s.start, s.end),
                target=pair.target_side(t.start, t.end),
                explanation=f'"{s.text}" is replaced by "{t.text}" here: a different name in the same place.',
                severity=confidence, evidence=evidence, detector=self.name))
        return findings

    # ------------------------------------------------------------------ story pass
    def detect_story(self, story: Story, source_doc_id: str, target_doc_id: str) -> list[Finding]:
        """Names only the target version has, with a near-miss in the source version."""
        table = entity_table(story)
        source_doc, target_doc = story.document(source_doc_id), story.document(target_doc_id)
        findings: list[Finding] = []
        # A name only one side of the pair has, with a near-miss on the other side; the odd one
        # out may be the target's form or (with --all-pairs) the source's.
        candidates: list[tuple[Mention, Mention, NameMatch]] = []
        for own_id, other_id, source_side in ((target_doc_id, source_doc_id, False),
                                              (source_doc_id, target_doc_id, True)):
            others = [m for m in table.mentions.get(other_id, []) if not m.acronym]
            keys = [m.key for m in others]
            endings = (table.data.endings_of(story.document(other_id).language),
                       table.data.endings_of(story.document(own_id).language))
            declines = (table.data.declines(story.document(other_id).language),
                        table.data.declines(story.document(own_id).language))
            for odd in table.mentions.get(own_id, []):
                if odd.acronym or table.docs_with(odd) != {own_id}:
                    continue
                best: tuple[float, Mention, NameMatch] | None = None
                # Only names within NEAR_RATIO of this one can be its near-miss (compared in C first).
                close = process.extract(odd.key, keys, scorer=fuzz.ratio, score_cutoff=NEAR_RATIO, limit=None)
                for k in sorted(hit[2] for hit in close):
                    m = others[k]
                    match = compare_names(m, odd, table.data, endings=endings, declines=declines)
                    # Not a word replaced: "John Smith" and "John Brown" in unaligned sentences
                    # are two people; only a spelling says a version writes one name otherwise.
                    if match.kind == "near" and match.reason != "one word replaced" \
                            and (best is None or match.similarity > best[0]):
                        best = (match.similarity, m, match)
                if best is not None:
                    _, m, match = best
                    candidates.append((odd, m, match) if source_side else (m, odd, match))
        for s, t, match in candidates:
            evidence = self._either_deviance(table, source_doc_id, target_doc_id, s, t)
            if evidence is None:
                continue
            source = Side(doc=source_doc_id, sentence=s.sentence, start=s.start, end=s.end,
                          text=source_doc.text[s.start:s.end])
            target = Side(doc=target_doc_id, sentence=t.sentence, start=t.start, end=t.end,
                          text=target_doc.text[t.start:t.end])
            finding = _near_finding(s, t, match, evidence, source, target, table)
            if finding and self._claim(story, source_doc_id, target_doc_id, "entity", t, s):
                finding.evidence["unaligned"] = 1.0
                findings.append(finding)
        return findings


# A sentence opener rarer than this in its language's word list (Zipf scale: 3 = once per
# million words) is a name, not a common word that happens to open the sentence.
OPENER_NAME_ZIPF = 2.5


def _unrelated_or_wider(match: NameMatch) -> bool:
    """Whether two mentions are different names, or one only holds the other among more words
    ("Epidemiologe Luca Ferrante von der Universität Padua" / "University of Padua")."""
    return match.kind == "different" or (match.kind == "same" and match.reason == "partial")


def _glued_names(mention: Mention, others: Sequence[Mention], data: NameData,
                 compare: Callable[[Mention, Mention], NameMatch]) -> list[Mention]:
    """For a mention that relates to none of the other side's names, or only holds one among more
    words (``_unrelated_or_wider``): the runs of its words (``name_windows``) that spell one of
    those names, or nearly, word for word, each a different name and none overlapping another
    ("Najpierw Scots Robinson" / "Scott Robinson": a sentence opener glued to the front;
    "Epidemiologe Luca Ferrante von der Universität Padua" / "Luca Ferrandi", "Universidad de
    Padua"); empty if none. In the Latin script only, where spelling can vouch for a name (across
    scripts, or with characters of an unspaced script glued on, a near reading is a
    transliteration's as often as a slip's), and runs of two words or more: a single word is too
    easily near another."""
    if not is_latin(mention.text):
        return []
    found: list[Mention] = []
    taken: set[int] = set()
    for window in name_windows(mention, data):
        if any(window.start < f.end and f.start < window.end for f in found):
            continue
        size = len(window.key.split())
        for k, other in enumerate(others):
            if k in taken or len(other.key.split()) != size or not is_latin(other.text):
                continue
            match = compare(window, other)
            if match.kind == "variant" or match.reason in _SPELT_ALIKE:
                found.append(window)
                taken.add(k)
                break
    return found


# How two names of as many words relate when they are spelt (nearly) alike, word for word; a name
# only part of another ("partial") or with a word replaced is another reading of the words.
_SPELT_ALIKE = frozenset({"identical", "alias", "one word spelt differently", "similar spelling"})


# Marks after which a capitalised word opens a (quoted or Spanish) sentence.
_OPENERS = frozenset("\"“«„‘¿¡")


def _opens_sentence(mention: Mention, text: str, offset: int, language: str | None = None) -> bool:
    """A single capitalised word at the start of a sentence may be any word ("Affected by..."),
    unless its language's word frequencies know it as rare: "Steijn und ich..." opens with a name."""
    if mention.acronym or len(mention.key.split()) > 1:
        return False
    raw = text[:mention.start - offset].rstrip()
    before = raw.rstrip(" \"“”«»„‘'(¿¡")
    # After an opening quotation mark or a Spanish inverted mark a quoted sentence starts
    # ('Forse "Pianse molto"', "¿«Lloró»?").
    if before and before[-1] not in ".!?:;" and not (raw and raw[-1] in _OPENERS):
        return False
    lang = base_language(language)
    word = mention.text.strip().lower()
    return not (lang and has_frequencies(lang) and zipf(word, lang) < OPENER_NAME_ZIPF)


# A single word of a language that capitalises its nouns, at least this common in its word list
# (Zipf scale), is as likely a noun as a name.
COMMON_NOUN_ZIPF = 3.5
# A word this common (Zipf) is a function word or near it ("unsere", "und").
FUNCTION_WORD_ZIPF = 5.0


def _common_noun(text: str, language: str | None) -> bool:
    """Whether a name may be common nouns its language capitalises ("Geschenke", "Unsere
    Ergebnisse"): every word of it common in the language's word list."""
    lang = base_language(language)
    if not capitalises_nouns(lang):
        return False
    words = re.findall(r"\w+", text.lower())
    if not words:
        return False
    if not has_frequencies(lang):
        return True  # no word list to tell a name from a noun: not a name to rely on
    freqs = [zipf(w, lang) for w in words]
    if len(words) == 1 and _compound_noun(words[0], lang):
        return True
    # Several words: all common and one of the commonest ("Unsere Ergebnisse", "Hab und Gut"); a
    # famous name is common too ("Donald Trump") but none of its words is a function word.
    return min(freqs) >= COMMON_NOUN_ZIPF and (len(words) == 1 or max(freqs) >= FUNCTION_WORD_ZIPF)


# A word this common in its language (Zipf) is a word of it, not a slip of a name it resembles.
COMMON_WORD_ZIPF = 4.0


def _place(mention: Mention, table: EntityTable) -> bool:
    """Whether a mention is a form of a known place (``kind = "place"``, configs/places.toml)."""
    group = table.data.groups.get(mention.alias or "")
    return group is not None and group.kind == "place"


def _common_word_put(mention: Mention, other: Mention, language: str | None) -> bool:
    """Whether a word of ``mention`` that ``other`` lacks is a common word of the version's
    language: set against a known place, a nationality or a word that resembles its name
    ("Canadian" / "Canada", "European" / "Europa", Czech "práci", work, / "Pragi"), not the place
    misspelt. (Against a person's name a common word may well be the slip: "Scots Robinson".)"""
    others = set(re.findall(r"[^\W\d_]+", other.text.lower()))
    return any(_commonest(word, [language]) >= COMMON_WORD_ZIPF
               for word in re.findall(r"[^\W\d_]+", mention.text.lower()) if word not in others)


def _common_capitalised(mention: Mention, text: str, language: str | None) -> bool:
    """Whether a capitalised mention of ``text`` reads as common words rather than a name: one of
    its words is as common as a function word in its language ("Rząd Syrii", "des Affaires
    étrangères", and so "Mrs May" too; surnames stay under it: "Smith" 4.9), or, in a language
    that capitalises its nouns, it is one word after a lowercase function word ("die
    Beschuldigungen")."""
    lang = base_language(language)
    if not lang or not has_frequencies(lang):
        return False
    if any(zipf(word, lang) >= FUNCTION_WORD_ZIPF for word in mention.text.split()):
        return True
    before = text[:mention.start].split()
    return (len(mention.text.split()) == 1 and bool(before) and before[-1].islower()
            and capitalises_nouns(lang) and zipf(before[-1], lang) >= FUNCTION_WORD_ZIPF)


# Endings of the inflected adjective between a determiner and a noun in a language that capitalises
# its nouns ("des dreitägigen Ausstands", "dem neuen Vertrag"), and the shortest such adjective.
_ADJECTIVE_ENDINGS = ("e", "en", "em", "er", "es")
_ADJECTIVE_LEAST = 5


def _noun_after_adjective(mention: Mention, text: str, offset: int, language: str | None) -> bool:
    """Whether a one-word capitalised mention is a noun its language capitalises, read from its
    place: after a lowercase function word and an inflected adjective ("des dreitägigen
    Ausstands", a genitive the word list does not know). A name rarely stands there ("im
    benachbarten Portugal" is read as a noun too: a swap of it goes unseen)."""
    lang = base_language(language)
    if len(mention.text.split()) != 1 or not capitalises_nouns(lang) or not has_frequencies(lang):
        return False
    before = text[:mention.start - offset].split()
    if len(before) < 2:
        return False
    article, adjective = before[-2], before[-1]
    return (adjective.isalpha() and adjective.islower() and len(adjective) >= _ADJECTIVE_LEAST
            and adjective.endswith(_ADJECTIVE_ENDINGS) and article.isalpha() and article.islower()
            and zipf(article, lang) >= FUNCTION_WORD_ZIPF)


# The shortest head a compound noun is read by ("-ministeriums", "-verordnung", "-magazin"):
# shorter heads end place and family names too ("Schaffhausen", "Zuckerberg").
COMPOUND_HEAD = 7


def _compound_noun(word: str, lang: str) -> bool:
    """Whether a long word ends in a common noun of its language, at least ``COMPOUND_HEAD``
    letters after three or more of its own ("Wiedervereinigungsministeriums", "Nachrichten-
    magazin"): a compound noun, rare as a whole, that the word list cannot vouch for."""
    return len(word) >= 10 and any(zipf(word[i:], lang) >= COMMON_NOUN_ZIPF
                                   for i in range(3, len(word) - COMPOUND_HEAD + 1))


# A name whose every word is at least this common (Zipf) in the other version's language is one
# that language writes as it is ("Madrid" in French, "Dublin" in English).
WRITTEN_ALIKE_ZIPF = 3.0


def _written_alike(a: str, b: str, lang_a: str | None, lang_b: str | None) -> bool:
    """Whether each of two names is written as it is in the other one's language (wordfreq knows
    every word of it there): names of places and people both languages share, unlike a name each
    language translates ("Londres" is rare in English, "Weihnachten" in English too)."""
    la, lb = base_language(lang_a), base_language(lang_b)
    return bool(la and lb and la != lb and _kept_alike(a, lb) and _kept_alike(b, la))


def _third_versions(table: EntityTable, story: Story, pair_ids: tuple[str, str], *,
                    latin_only: bool = False) -> list[Document]:
    """The story's versions other than the pair's that can attest a name's spelling: not the
    unspaced ones (their names are in their own script), and with ``latin_only`` only those in the
    Latin script."""
    return [d for d in story.documents if d.id not in pair_ids and d.id not in table.caseless
            and (not latin_only or table.latin(d.id))]


def _shared_elsewhere(table: EntityTable, story: Story, name: Mention, pair_ids: tuple[str, str], *,
                      latin_only: bool = False) -> bool:
    """Whether a third version of the story writes ``name`` too (spelt alike, transliterated or a
    known alias), or the story has too few other versions to say (fewer than two, not counting
    the unspaced ones, whose names are in their own script; with ``latin_only``, only the
    Latin-script ones, the script a spelling can be compared in)."""
    others = _third_versions(table, story, pair_ids, latin_only=latin_only)
    if len(others) < 2:
        return True
    carriers = table.docs_with(name)
    return any(d.id in carriers for d in others)


def _vouched_across_scripts(table: EntityTable, story: Story, name: Mention, other: Mention,
                            pair_ids: tuple[str, str]) -> bool:
    """Whether ``name`` is the slot's name in another form (an exonym: Polish "Kiszyniów" where
    the other Latin-script versions write "Chișinău"), not a name put in another's place: the
    versions in ``name``'s own script write ``other`` and none writes ``name``, while a version
    in another script writes ``name`` (by its transliteration, "Кишинёв") and not ``other``. No
    version in another script would spell a name put in another's place alike."""
    home = table.home(name)
    if home is None:
        return False
    script = table.latin(home)
    thirds = _third_versions(table, story, pair_ids)
    carriers, others = table.docs_with(name), table.docs_with(other)

    def writes(doc: str, mention: Mention, docs: frozenset[str]) -> bool:
        return doc in docs or table.writes(doc, mention)
    same_script = [d.id for d in thirds if table.latin(d.id) == script]
    return (bool(same_script) and all(writes(d, other, others) and not writes(d, name, carriers) for d in same_script)
            and any(writes(d.id, name, carriers) and not writes(d.id, other, others)
                    for d in thirds if table.latin(d.id) != script))


def _initials(text: str) -> bool:
    """Whether a name holds a word of capital initials ("WM-Punkte", "the BA", "ООН"), or of
    ``_ACRONYM_CAPITALS`` capitals or more among small letters: an acronym that keeps a few
    letters of its words ("LApGaz", Loi sur l'approvisionnement en gaz; "GasVG")."""
    return any((len(w) >= 2 and w.isupper()) or sum(c.isupper() for c in w) >= _ACRONYM_CAPITALS
               for w in re.split(r"[\s\-‐]+", text))


# Words between a name's partner and the name it faces that make the partner no word of the
# facing name's slot (its title, "President Humphreys" for "Président Trump").
_SLOT_REACH = 2


def _rendered_apart(sim: np.ndarray, rows: Sequence[int], cols: Sequence[int], level: float) -> bool:
    """Whether the source name (word ``rows``) has a partner on the other side, more than
    ``_SLOT_REACH`` words from the target name facing it (``cols``), aligned at ``level`` or above:
    the name is there, translated into common words, and the facing name fills another slot."""
    best = sim[rows, :].max(axis=0)
    near = {c + d for c in cols for d in range(-_SLOT_REACH, _SLOT_REACH + 1)}
    return any(best[c] >= level for c in range(best.shape[0]) if c not in near)


# Words, besides a name, that a slot read from the words around it may hold on either side (an
# article, a preposition a language puts there: "du Parti travailliste" / "of Hoffenheim").
_GAP_SLACK = 2
# Letter similarity (rapidfuzz ratio, transliterated) below which two names are spelt nothing alike.
_UNLIKE = 50
# The same across scripts (``EntityDetector._kept_by_all``).
_UNLIKE_ACROSS = 60
# Third Latin-script versions that must all write a name before their spelling alone says that a
# name spelt nothing like it replaced it in one version (``EntityDetector._kept_by_all``).
KEPT_BY_ALL = 3
# How far above the model's ``name_slot`` level a word of the other sentence must align with a
# name to be its counterpart there, translated as a common word (content words a translation
# renders align at 0.75-0.95; a name's neighbours reach 0.6: "Gaza" / "Israeli").
_COUNTERPART = 0.1


def _anchors(sim: np.ndarray, skip_rows: set[int], skip_cols: set[int], level: float) -> list[tuple[int, int]]:
    """Word pairs outside the names that are each other's best partner, names included, at
    ``level`` or above: the fixed points between which a name's slot lies, in target order. A
    word whose best partner is a name word is no anchor: it may be that name, translated."""
    if not sim.size:
        return []
    best_col, best_row = sim.argmax(axis=1), sim.argmax(axis=0)
    found = [(r, int(c)) for r, c in enumerate(best_col)
             if r not in skip_rows and int(c) not in skip_cols and best_row[c] == r and sim[r, c] >= level]
    return sorted(found, key=lambda a: a[1])


def _same_gap(anchors: Sequence[tuple[int, int]], rows: Sequence[int], cols: Sequence[int],
              shape: tuple[int, ...]) -> bool:
    """Whether the source name (word ``rows``) lies between the source words of the anchors that
    close the target name's gap (word ``cols``) on either side, with at most ``_GAP_SLACK`` other
    words in the gap on each side: the two names fill one slot of sentences aligned around them.
    A side without an anchor is closed by the sentence's edge; one side must be anchored."""
    left = [a for a in anchors if a[1] < min(cols)]
    right = [a for a in anchors if a[1] > max(cols)]
    if not left and not right:
        return False
    ls, lt = left[-1] if left else (-1, -1)
    rs, rt = right[0] if right else (shape[0], shape[1])
    return (ls < min(rows) and max(rows) < rs and rs - ls - 1 - len(rows) <= _GAP_SLACK
            and rt - lt - 1 - len(cols) <= _GAP_SLACK)


def _clipped(a: str, b: str) -> bool:
    """Whether one name, three letters or more, begins the other's first word ("Livi" / "Livingston")."""
    x, y = sorted((anyascii(a).lower().strip(), anyascii(b).lower().strip()), key=len)
    first = (y.split() or [y])[0]
    return len(x) >= 3 and " " not in x and first.startswith(x) and x != y


def _kept_alike(name: str, language: str | None) -> bool:
    """Whether ``language`` writes every word of ``name`` as it is (wordfreq knows it there)."""
    lang = base_language(language)
    if not lang or not has_frequencies(lang):
        return False
    words = re.findall(r"\w+", name.lower())
    return bool(words) and min(zipf(w, lang) for w in words) >= WRITTEN_ALIKE_ZIPF


# Words before a bracketed acronym searched for what it abbreviates.
_DEFINITION_WORDS = 8


def _defined_acronym(mention: Mention, text: str, offset: int) -> bool:
    """An acronym in brackets right after the words it abbreviates: "Loi sur l'approvisionnement
    en électricité ( LApEl )", "Stromversorgungsgesetz (StromVG)", "l'Observatoire syrien des
    droits de l'homme (OSDH)". It is the language's own short form of words the other versions
    translate (their acronym, if any, is theirs): no name of its own to compare. Its capitals
    follow one another, in order, from the first letter of one of the words before it."""
    if not _initials(mention.text):
        return False
    before = text[:mention.start - offset].rstrip()
    if not before.endswith("("):
        return False
    capitals = [c for c in anyascii(mention.text) if c.isupper()]
    words = [anyascii(w).lower() for w in re.split(r"[\s'’\-‐]+", before[:-1]) if w][-_DEFINITION_WORDS:]
    for k, word in enumerate(words):
        if not word.startswith(capitals[0].lower()):
            continue
        letters = iter("".join(words[k:]))
        if all(c.lower() in letters for c in capitals):
            return True
    return False


# Capitals in one word that make it an acronym: a name's own capitals are one or two ("McDonald",
# "DiCaprio", "LeBron").
_ACRONYM_CAPITALS = 3


def _word_rows(words: Sequence[WordScore], mention: Mention, offset: int) -> list[int]:
    """Positions of the aligned words that hold part of ``mention`` (``offset``: where the pair's
    text starts): an elided article makes one word of it and the name ("l'Amazone", "l'ISL")."""
    start, end = mention.start - offset, mention.end - offset
    return [k for k, w in enumerate(words) if start < w.end and w.start < end]


def _near_finding(s: Mention, t: Mention, match: NameMatch, evidence: dict[str, float], source: Side,
                  target: Side, table: EntityTable) -> Finding | None:
    if (_place(t, table) and _common_word_put(s, t, table.languages.get(source.doc))) or (
            _place(s, table) and _common_word_put(t, s, table.languages.get(target.doc))):
        return None  # "Canadian" / "Canada": a nationality or a lookalike, not the place misspelt
    suffix = float(_suffix_only(s, t))
    multi = float(len(s.key.split()) > 1)
    known_other = float(bool(t.alias) and t.alias != s.alias)
    deviance = evidence["support"] - evidence["target_support"]
    confidence = 0.55 + 0.3 * deviance + 0.1 * multi - 0.4 * suffix + 0.2 * known_other
    if evidence["other_versions"] == 0.0:
        confidence -= 0.1  # two versions only: nothing says which spelling is the right one
    # A spelling a letter or two apart across scripts ("Чарльз Коркоран" / "Charles Corcoran") is
    # what transliteration does; a whole word replaced ("Офелия Niugini") is not.
    transliterated = float(is_latin(s.text) != is_latin(t.text) and match.reason != "one word replaced")
    confidence -= 0.15 * transliterated
    confidence = max(0.0, min(0.97, confidence))
    if confidence < 0.2:
        return None
    evidence = {**evidence, "confidence": confidence, "name_similarity": match.similarity,
                "suffix_only": suffix, "multiword": multi, "known_other_entity": known_other,
                "across_scripts": transliterated,
                "substitution": known_other}
    if known_other:
        explanation = f'"{s.text}" becomes "{t.text}" here, the name of a different entity.'
    else:
        odd = source.doc if evidence.get("source_deviant") else target.doc
        explanation = (f'The name "{s.text}" ({source.doc}) is written "{t.text}" in {target.doc}: a different '
                       f'or misspelt name; {odd} is the version that stands apart.')
    return Finding(category="entity", source=source, target=target, explanation=explanation,
                   severity=confidence, evidence=evidence, detector=EntityDetector.name)


# How common (wordfreq's Zipf scale) the reading of a name of another script must be, in English
# or a language of the story's Latin-script versions, to be a known name of its own; and how many
# letters it must have (two or three letters read as some word of every language: "Бо", "bo").
_KNOWN_ACROSS_ZIPF = 2.5
_KNOWN_ACROSS_LETTERS = 4


def _known_name_across(text: str, languages: Sequence[str | None]) -> bool:
    """Whether the Latin reading of a name in another script ("Бари" -> "bari") is a word
    wordfreq knows well in one of ``languages``: a name in use there, not a transliteration made
    up for a foreign one."""
    reading = anyascii(text).lower()
    return (len(reading) >= _KNOWN_ACROSS_LETTERS and reading.isalpha()
            and _commonest(reading, languages) >= _KNOWN_ACROSS_ZIPF)


def _known_spelling(word: str, languages: Sequence[str | None]) -> bool:
    """Whether wordfreq lists ``word`` in one of ``languages`` (those it has lists for): a
    spelling people use ("ahmad", "gorbachov"), not a slip ("kennody")."""
    return _commonest(word, languages) > 0.0


def _commonest(word: str, languages: Sequence[str | None]) -> float:
    """``word``'s highest frequency (wordfreq's Zipf scale) among ``languages`` that have word
    lists; 0 where none lists it."""
    bases = {base_language(lang) for lang in languages if lang} - {""}
    return max((zipf(word, lang) for lang in sorted(bases) if has_frequencies(lang)), default=0.0)
