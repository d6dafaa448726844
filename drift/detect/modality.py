"""Modality and framing detectors: hedges, certainty, claims, intent, negation, loaded words.

Word lists live in ``configs/lexicons/<lang>.toml`` (``[modality]`` and ``[framing]``); every
entry maps to a language-independent class id, so French "émeutiers" and English "rioters"
are both ``protest.loaded`` and compare across languages. Nothing is learnt per story.

To stay quiet on paraphrase a class counts only when it is absent from the other side
altogether ("might" vs "could" are both hedges: nothing to report). A loaded word inside a
quotation is weaker evidence: the outlet is quoting someone, not choosing the word.

Grammar is not modality: languages mark the future and reported speech differently (a French
future tense, a Bulgarian "ще", a German "wird" translate an English "will"; the French "serait"
of reported speech an English "would be" or "reportedly"). The ``future`` and ``conditional``
word lists are therefore never a finding on their own: a future on the other side answers an
intent, a conditional a hedge. A month name that is also a modal ("May 16") is a date.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

import numpy as np

from drift.config import ModelSpec, base_language, load_lexicon
from drift.detect.base import DETECTORS, AlignedPair, Story, once_per_story, word_alignment
from drift.findings import Finding, Side
from drift.words import MARKS, UNSPACED, mostly_unspaced

# Lexicon classes "contrast:<concept>.<member>": words of one concept that exclude each other
# ("north" / "south", "upstream" / "downstream", "gold" / "bronze", "killed" / "injured").
CONTRAST = "contrast"
# The member "any" of a contrast concept: a word that fits each of its members.
UNDECIDED = "any"
MODALITY_CLASSES = ("hedge", "certainty", "claim", "report", "intent", "negation", "future", "conditional",
                    "absence")
# Lexicon class of phrases that hold a modality word but do not mean it ("not only", "sin embargo").
IDIOM = "idiom"
_UNSPACED = re.compile(rf"[{UNSPACED}]")
_MARK = re.compile(rf"[{MARKS}]")
# Quotation marks; consecutive marks are paired, which survives the mixed “…“ / ”…” of real copy.
_QUOTES = "“”«»„\"‟"
_OPENERS = "“«„\"‟"
_CLOSERS = "”»"
_QUOTE_MARK = re.compile(f"[{re.escape(_QUOTES)}]")
# Framing register of house-style words ("regime" for "government"): an outlet's habit, not a
# change of meaning in one story; reported below the flag threshold.
HOUSE_STYLE = "house"
# The framing concept of characterisations one version adds ("pro-Russian", "far-right"): compared
# with nothing on the other side (``FramingDetector._characterisations``), not with a neutral word.
CHARACTERISATION, ADDED = "characterisation", "added"
# Words at most of the noun phrase a characterisation qualifies (the noun and the capitalised
# words after it), read for its plain counterpart.
_PHRASE_WORDS = 3


@dataclass(frozen=True)
class Hit:
    """A lexicon word found in a text: ``cls`` is "hedge", ... or "framing:<concept>.<register>"."""

    start: int
    end: int
    text: str
    cls: str
    quoted: bool = False


def _entry_parts(entry: str) -> tuple[str, str, str]:
    """A word-list entry as regex parts (word-start assertion or "", body, word-end assertion or
    ""): whole words, "*" = any word ending, flexible spaces.

    A word boundary counts combining marks as part of the word (Hindi "न" must not match the
    start of "नाम"). Unspaced scripts (Chinese, Japanese) have no word boundaries to keep: its
    lexicon lists the compounds that do not mean it as idioms."""
    entry = entry.strip()
    parts = [re.escape(p) for p in entry.split("*")]
    body = rf"[\w{MARKS}]*".join(parts).replace(r"\ ", r"\s+")
    # An entry opening with "*" ("*rait") matches a whole word's ending: a match could only start
    # inside a word where one from the word's start would match too, so it starts a word.
    lead = rf"(?<![\w{MARKS}])" if (entry[:1].isalnum() and not _UNSPACED.match(entry[:1])) \
        or entry[:1] == "*" else ""
    trail = rf"(?![\w{MARKS}])" if (entry[-1:].isalnum() or _MARK.match(entry[-1:])) \
        and not _UNSPACED.match(entry[-1:]) else ""
    return lead, body, trail


def _alternation(entries: list[str]) -> re.Pattern[str]:
    """One pattern for a list of entries, longest first ("no longer" before "no"), so that the
    first entry that matches at a position is the longest one there. The word-start and word-end
    assertions are written once per run of neighbouring entries (in that order) that need the same
    ones, not once per entry: a long list is otherwise tried entry by entry, assertion first, at
    every character of every text, and compiling thousands of copies of the word-character class
    takes seconds. Grouping the entries by their assertions across the whole list would be fewer
    runs still, but would let a short whole word ("secondo") win over a longer entry with an open
    end ("secondo quanto riferito da*")."""
    runs: list[tuple[tuple[str, str], list[str]]] = []
    for entry in sorted(entries, key=len, reverse=True):
        lead, body, trail = _entry_parts(entry)
        if not runs or runs[-1][0] != (lead, trail):
            runs.append(((lead, trail), []))
        runs[-1][1].append(body)
    return re.compile("|".join(f"{lead}(?:{'|'.join(bodies)}){trail}" for (lead, trail), bodies in runs),
                      re.IGNORECASE)


def _class_tables(language: str) -> dict[str, list[str]]:
    """The lexicon's word list per class for ``language`` (classes without words left out)."""
    raw = load_lexicon(base_language(language) or "und")
    tables = {cls: raw.get("modality", {}).get(cls, []) for cls in (*MODALITY_CLASSES, IDIOM)}
    tables.update({f"framing:{cid}": words for cid, words in raw.get("framing", {}).items()})
    tables.update({f"{CONTRAST}:{cid}": words for cid, words in raw.get(CONTRAST, {}).items()})
    return {cls: words for cls, words in tables.items() if words}


@functools.cache
def class_patterns(language: str) -> dict[str, re.Pattern[str]]:
    """One compiled alternation per class for ``language`` (empty for unknown languages)."""
    return {cls: _alternation(words) for cls, words in _class_tables(language).items()}


# Case folding that agrees with ``re.IGNORECASE``: ``re`` compares the simple lowercase of two
# characters and adds equivalences of its own ("ı" and "i", "ſ" and "s", "ς" and "σ"), which
# ``str.lower`` alone does not make. Each such class is folded to one character; "İ", whose
# ``str.lower`` is two characters, to the "i" it is to ``re``. Without ``re``'s table (a future
# Python) nothing is folded and every class is tried.
try:
    from re._casefix import _EXTRA_CASES  # the equivalences re's IGNORECASE adds (Python 3.11+)
except ImportError:  # pragma: no cover
    _EXTRA_CASES = None
_BEFORE_LOWER = {0x130: "i"}
_AFTER_LOWER = {lo: chr(min(lo, *others)) for lo, others in (_EXTRA_CASES or {}).items()}


def _fold(text: str) -> str:
    """``text`` folded so that two strings ``re.IGNORECASE`` finds equal fold alike (character by
    character: the length is kept)."""
    return text.translate(_BEFORE_LOWER).lower().translate(_AFTER_LOWER)


@functools.cache
def _class_anchors(language: str) -> dict[str, tuple[str, ...]]:
    """Per class, one literal piece of every entry (its longest, folded): a text in which none of
    them stands, case aside, holds no word of the class, so its pattern need not be run."""
    return {cls: tuple(sorted({_fold(max(re.split(r"[*\s]+", entry.strip()), key=len)) for entry in words}))
            for cls, words in _class_tables(language).items()}


@functools.cache
def negated_word_pattern(language: str) -> re.Pattern[str] | None:
    """The lexicon's ``negated`` list: words negated by an affix ("unbeaten", "neznámý",
    "безработный"). Such a word answers a negation of the other version: "без поражений" /
    "unbeaten" says the same thing."""
    raw = load_lexicon(base_language(language) or "und")
    words = raw.get("modality", {}).get("negated", [])
    if not words:
        return None
    return _alternation(words)


@functools.cache
def _after_verb(language: str) -> frozenset[str]:
    """The lexicon's ``after_verb`` words: negations and modals that follow the verb they govern
    (French "pas", German "nicht"), so the word after them says nothing of it."""
    raw = load_lexicon(base_language(language) or "und")
    return frozenset(w.lower() for w in raw.get("modality", {}).get("after_verb", []))


@functools.cache
def _after_verb_negations(language: str) -> frozenset[str]:
    """The ``after_verb`` words that are negations ("pas", "nicht"; not "könnte")."""
    raw = load_lexicon(base_language(language) or "und").get("modality", {})
    return _after_verb(language) & frozenset(w.lower() for w in raw.get("negation", []))


# An elided clitic glued to the word after it ("n'est", "l'a", "s'est"): the word is what follows.
_ELIDED = re.compile(r"^\w{1,2}['’](?=\w)")


def _auxiliary_before(words: Any, at: int, language: str) -> bool:
    """Whether the word before position ``at`` is one of the language's auxiliaries, an elided
    clitic aside: the finite auxiliary of a compound tense ("n'était pas accusé", "wurde nicht
    angeklagt"), whose participle or infinitive follows the negation. Any other word before it
    leaves the verb elsewhere ("was wir noch nicht über Fledermäuse wissen": at the clause's end)."""
    if at < 1:
        return False
    return _ELIDED.sub("", words[at - 1].text).lower() in _auxiliaries(language)


@functools.cache
def _auxiliaries(language: str) -> frozenset[str]:
    """The lexicon's ``auxiliary`` words: forms of "be" and "have" (and of a passive auxiliary)
    that stand between a modal or negation and the verb it governs ("potrebbe essere finita",
    "could have ended", "no ha comprometido"), so the word a hedge or negation governs is the one
    after them."""
    raw = load_lexicon(base_language(language) or "und")
    return frozenset(w.lower() for w in raw.get("modality", {}).get("auxiliary", []))


def _has_negated_word(text: str, language: str) -> bool:
    pattern = negated_word_pattern(language)
    return pattern is not None and any(pattern.fullmatch(w) for w in re.findall(rf"[\w{MARKS}'’-]+", text))


@functools.cache
def _ambiguous_months(language: str) -> frozenset[str]:
    """Month names that are ordinary words too ("may", "march"): the time lexicon's ``ambiguous``."""
    raw = load_lexicon(base_language(language) or "und")
    return frozenset(w.lower() for w in raw.get("time", {}).get("ambiguous", []))


_DAY_OR_YEAR = re.compile(r"\s*\d{1,4}\b")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s*|[\"“”«»„]\s*)$")


def _is_month(text: str, start: int, end: int, language: str) -> bool:
    """A modal that is a month name here: capitalised mid-sentence ("in May"), or next to a day
    number or a year ("May 16", "16 May")."""
    word = text[start:end]
    if word.lower() not in _ambiguous_months(language):
        return False
    if _DAY_OR_YEAR.match(text, end) or re.search(r"\d\s*$", text[:start]):
        return True
    return word[:1].isupper() and not _SENTENCE_START.search(text[:start])


def quoted_regions(text: str) -> list[tuple[int, int]]:
    """Spans between paired quotation marks; with an odd number of marks the quotation that opens
    (or closes) outside the text runs to its end (from its start): quotes span sentences."""
    marks = [m.start() for m in _QUOTE_MARK.finditer(text)]   # one C scan, not a loop per character
    if len(marks) % 2 and text[marks[0]] in _CLOSERS:
        return [(0, marks[0] + 1)] + [(marks[k], marks[k + 1] + 1) for k in range(1, len(marks) - 1, 2)]
    regions = [(marks[k], marks[k + 1] + 1) for k in range(0, len(marks) - 1, 2)]
    if len(marks) % 2 and text[marks[-1]] in _OPENERS:
        regions.append((marks[-1], len(text)))
    return regions


def find_hits(text: str, language: str) -> list[Hit]:
    """Every modality/framing word of ``text`` (offsets into ``text``); overlaps keep the longest."""
    quotes = quoted_regions(text)
    hits: list[Hit] = []
    # Most texts hold words of few classes: a substring test per entry rules out the others
    # (each pattern is a pass over the whole text; most of find_hits' time on long documents).
    folded = _fold(text) if _EXTRA_CASES is not None else None
    anchors = _class_anchors(language)
    for cls, pattern in class_patterns(language).items():
        if folded is not None and not any(anchor in folded for anchor in anchors[cls]):
            continue
        for m in pattern.finditer(text):
            if not cls.startswith("framing:") and _is_month(text, m.start(), m.end(), language):
                continue
            if cls == "negation" and _name_like(text, m.start(), m.group(0)):
                continue  # "Netanjahuovu" is no Czech "ne-" negation: a name inside the sentence
            if cls == "negation" and _number_sign(text, m.end(), m.group(0)):
                continue  # "Regulation (EU) No 813/2013": "No" before a figure is "number"
            quoted = any(s <= m.start() < e for s, e in quotes)
            hits.append(Hit(m.start(), m.end(), m.group(0), cls, quoted))
    # Contrast words are a layer of their own: "getötet" is the neutral word of a framing concept
    # and the "killed" member of a contrast at once.
    contrast = _longest_first([h for h in hits if h.cls.startswith(f"{CONTRAST}:")])
    kept = _longest_first([h for h in hits if not h.cls.startswith(f"{CONTRAST}:")])
    # An idiom ("not only", "sin embargo") took the words inside it; it says nothing itself.
    return sorted([h for h in kept if h.cls != IDIOM] + contrast, key=lambda h: h.start)


def _longest_first(hits: list[Hit]) -> list[Hit]:
    """``hits`` without overlaps: the longer, earlier one is kept ("a confirmé" (certainty) over
    "confirmé"); on a tie an idiom wins (Czech "nej*" superlatives over the negation "ne*")."""
    hits = sorted(hits, key=lambda h: (h.start, -(h.end - h.start), h.cls != IDIOM))
    kept: list[Hit] = []
    for h in hits:
        if kept and h.start < kept[-1].end:
            continue
        kept.append(h)
    return kept


def _name_like(text: str, start: int, word: str) -> bool:
    """A single title-case word inside a sentence: a name ("Netanjahuovu", "Nepál"), not the
    negation its first letters spell. At the start of a sentence or a quotation any word is
    capitalised; a word in capitals ("NOT") is emphasis."""
    if " " in word or not word.istitle():
        return False
    before = text[:start].rstrip()
    return bool(before) and before[-1] not in ".!?:;\"'«»„“”‚‘’()[]-–—…"


_FIGURE_AFTER = re.compile(r"\.?\s?\d")


def _number_sign(text: str, end: int, word: str) -> bool:
    """A title-case negation word right before a figure ("No 813/2013", "No. 5"): the
    abbreviation of "number", as regulations, laws and rankings are cited."""
    return word.istitle() and " " not in word and _FIGURE_AFTER.match(text, end) is not None


def story_hits(story: Story, text: str, language: str) -> list[Hit]:
    """``find_hits(text, language)``, read once per story: the modality and the framing detectors
    both read a text's lexicon words, in every pair of versions the text takes part in."""
    return once_per_story(story, ("lexicon hits", text, language), lambda: find_hits(text, language))


def _by_class(hits: list[Hit]) -> dict[str, list[Hit]]:
    out: dict[str, list[Hit]] = {}
    for h in hits:
        out.setdefault(h.cls, []).append(h)
    return out


def _quote(hits: list[Hit]) -> str:
    return ", ".join(f'"{h.text}"' for h in hits[:3])


class _Sides:
    """Turns offsets of the aligned texts into document Sides; with an encoder in the story, finds
    the words the word alignment puts in place of a modal word and the word it governs ("was not
    closed" / "wurde geschlossen": "geschlossen"), to see whether they answer it."""

    def __init__(self, pair: AlignedPair, story: Story | None = None) -> None:
        self.pair = pair
        self.s0, self.t0 = pair.source_span[0], pair.target_span[0]
        self.story = story
        settings = story.settings if story is not None else {}
        self.encoder = settings.get("vectors") or settings.get("encoder")
        self.thresholds = settings.get("thresholds") or {}

    def _aligned(self, on_source: bool) -> tuple[Any, np.ndarray, np.ndarray, Any, np.ndarray] | None:
        """The side's words with their partners, the other side's partners back, the other side's
        words and the (side x other side) similarity matrix; None without an encoder."""
        if self.story is None or self.encoder is None or "span_layer" not in self.thresholds:
            return None
        alignment = word_alignment(self.pair, self.story, self.encoder)
        if on_source:
            return (alignment.source, alignment.source_partner, alignment.target_partner, alignment.target,
                    alignment.similarity)
        return (alignment.target, alignment.target_partner, alignment.source_partner, alignment.source,
                alignment.similarity.T)

    @staticmethod
    def _hit_words(words: Any, hit: Hit, *, within_clause: bool,
                   auxiliaries: frozenset[str] = frozenset()) -> tuple[list[int], int | None]:
        """Positions of the hit's words and of the content word after it (the word it governs,
        past any ``auxiliaries``; ``within_clause``: none past a punctuation mark)."""
        from drift.detect.spans import _is_function_word
        inside = [k for k, w in enumerate(words) if hit.start <= w.start < hit.end]
        for k, w in enumerate(words):
            if w.start < hit.end:
                continue
            if within_clause and not any(ch.isalnum() for ch in w.text):
                break
            if not _is_function_word(w.text) and w.text.lower() not in auxiliaries:
                return inside, k
        return inside, None

    def counterpart(self, hits: list[Hit], on_source: bool) -> tuple[int, int] | None:
        """Offsets (into the other side's text) of the words aligned with ``hits[0]`` and the
        content word after it; None without an encoder or an aligned partner."""
        aligned = self._aligned(on_source) if hits else None
        if aligned is None:
            return None
        words, partners, _, other, _ = aligned
        inside, after = self._hit_words(words, hits[0], within_clause=False)
        found = sorted({int(partners[k]) for k in inside + ([after] if after is not None else [])
                        if partners[k] >= 0})
        if not found:
            return None
        return other[found[0]].start, other[found[-1]].end

    def governed_sentence(self, hits: list[Hit], on_source: bool) -> tuple[int, int] | None:
        """Offsets (into the other side's text) of the other side's sentence that says what
        ``hits[0]`` qualifies, where that side holds more than one sentence: the one most words of
        the hit's own sentence align with. None where it holds one, or nothing aligns."""
        sentences = self.pair.target if on_source else self.pair.source
        own = self.pair.source if on_source else self.pair.target
        if len(sentences) < 2 or not hits:
            return None
        aligned = self._aligned(on_source)
        if aligned is None:
            return None
        words, partners, _, other, _ = aligned
        own0, offset = own[0].start, sentences[0].start
        at = own0 + hits[0].start
        home = next((s for s in own if s.start <= at < s.end), None)
        if home is None:
            return None
        votes: dict[tuple[int, int], int] = {}
        for k, word in enumerate(words):
            if home.start <= own0 + word.start < home.end and int(partners[k]) >= 0:
                start = offset + other[int(partners[k])].start
                for s in sentences:
                    if s.start <= start < s.end:
                        key = (s.start - offset, s.end - offset)
                        votes[key] = votes.get(key, 0) + 1
        return max(votes, key=lambda key: votes[key]) if votes else None

    def plain_counterpart(self, hits: list[Hit], on_source: bool, *, noun_phrase: bool = False) -> bool:
        """Whether the other side says the same thing without the modal word: no word of it stands
        near ``hits[0]`` (every word of the hit aligns below the model's ``modal_answer``
        similarity: nothing there puts it otherwise, as "ignorait" puts "never knew" or "peu" the
        "没" of a Chinese "hardly any"), while the content word it governs, the next one, has a
        mutual partner there at the ``modal_verb`` similarity of the same verb ("не был обвинен" /
        "was charged", "podría ser" / "is"; an antonym put for a negated word, "скромным" for
        "not boastful", aligns more loosely). That is a word one version inserted or dropped, not
        a translation's way of putting it. False without an encoder or calibrated levels, or where
        the modal word's own side is written without spaces (its single characters do not align
        with words; a word of a spaced side finds its partner among the other side's characters,
        "reopen" in "重新开放").

        ``noun_phrase``: the word qualifies a noun phrase (an adjective, "der umstrittene
        Notenbankchef Gábor Szentesi"): any word of the phrase (``_phrase_words``) may be the one
        aligned as the same word, and what they align with is the plain counterpart, not an answer
        to the adjective (which aligns with its noun: "prorussische" / "Agrarian")."""
        level, verb = self.thresholds.get("modal_answer"), self.thresholds.get("modal_verb")
        own = self.pair.source_text if on_source else self.pair.target_text
        if level is None or verb is None or not hits or mostly_unspaced(own):
            return False
        language = (self.pair.source_doc if on_source else self.pair.target_doc).language
        after_verb = hits[0].text.lower() in _after_verb(language)
        if after_verb and hits[0].text.lower() not in _after_verb_negations(language):
            return False
        aligned = self._aligned(on_source)
        if aligned is None:
            return False
        words, partners, back, _, similarity = aligned
        if similarity.size == 0:
            return False
        inside, governed = self._hit_words(words, hits[0], within_clause=True, auxiliaries=_auxiliaries(language))
        if not inside or governed is None:
            return False
        # A negation that follows its verb governs the word after it only in a compound tense
        # (an auxiliary before it, the participle after: "n'est pas accusé"); after a full verb
        # ("ne mange pas de viande") the next word is its object, which says nothing of the verb.
        if after_verb and not _auxiliary_before(words, inside[0], language):
            return False
        governed_words = _phrase_words(words, governed) if noun_phrase else [governed]
        rows = np.nan_to_num(similarity[inside], nan=0.0)
        if noun_phrase:
            rows = np.delete(rows, [int(partners[k]) for k in governed_words if partners[k] >= 0], axis=1)
        if rows.size and float(rows.max()) >= float(level):
            return False  # the other side has a word for it the lexicon does not list
        # The governed word and its partner align with each other, as closely as one verb does.
        return any(_same_word(k, partners, back, similarity, float(verb)) for k in governed_words)

    def phrase_counterpart(self, hits: list[Hit], on_source: bool) -> tuple[int, int] | None:
        """Offsets (into the other side's text) of the words the noun phrase after ``hits[0]``
        aligns with as the same words (mutual partners at the ``modal_verb`` level: "Gábor
        Szentesi" for "Notenbankchef Gábor Szentesi"); None where none does."""
        verb = self.thresholds.get("modal_verb")
        if verb is None or not hits:
            return None
        aligned = self._aligned(on_source)
        if aligned is None:
            return None
        words, partners, back, other, similarity = aligned
        language = (self.pair.source_doc if on_source else self.pair.target_doc).language
        _, governed = self._hit_words(words, hits[0], within_clause=True, auxiliaries=_auxiliaries(language))
        if governed is None:
            return None
        found = sorted(int(partners[k]) for k in _phrase_words(words, governed)
                       if _same_word(k, partners, back, similarity, float(verb)))
        return (other[found[0]].start, other[found[-1]].end) if found else None

    def source(self, hits: list[Hit] | None, within: tuple[int, int] | None = None) -> Side:
        """The side at its first hit; without one, its sentence ``within`` (offsets into the side's
        text: ``governed_sentence``) or else its whole text."""
        if not hits:
            start, end = (self.s0 + within[0], self.s0 + within[1]) if within else self.pair.source_span
            return self.pair.source_side(start, end)
        return self.pair.source_side(self.s0 + hits[0].start, self.s0 + hits[0].end)

    def target(self, hits: list[Hit] | None, within: tuple[int, int] | None = None) -> Side:
        if not hits:
            start, end = (self.t0 + within[0], self.t0 + within[1]) if within else self.pair.target_span
            return self.pair.target_side(start, end)
        return self.pair.target_side(self.t0 + hits[0].start, self.t0 + hits[0].end)


def _same_word(k: int, partners: np.ndarray, back: np.ndarray, similarity: np.ndarray, level: float) -> bool:
    """Whether word ``k`` and its partner on the other side are each other's partner, aligned at
    ``level`` at least: the same word put in the other language."""
    partner = int(partners[k])
    return partner >= 0 and int(back[partner]) == k and float(np.nan_to_num(similarity[k, partner])) >= level


def _phrase_words(words: Any, governed: int) -> list[int]:
    """Positions of the noun phrase from ``governed`` on: the capitalised words that follow it
    (a name after a title, "Notenbankchef Gábor Szentesi"), ``_PHRASE_WORDS`` at most."""
    found = [governed]
    for k in range(governed + 1, min(len(words), governed + _PHRASE_WORDS)):
        if not words[k].text[:1].isupper():
            break
        found.append(k)
    return found


def _confidence(hits: list[Hit], base: float, quoted_factor: float = 0.5) -> float:
    # Quoted words are the speaker's, not the outlet's: they say less about the outlet's choice.
    return base * (quoted_factor if hits and all(h.quoted for h in hits) else 1.0)


@dataclass(frozen=True)
class ModalitySettings:
    """Provisional severities of each kind of shift at full confidence (drift.score's
    calibration replaces them where it has a model); ``confidence_weight`` is how much of it
    depends on the confidence: severity = kind x (1 - weight + weight x confidence)."""

    hedge: float = 0.8
    claim_certainty: float = 0.8
    claim_report: float = 0.45  # "claimed" vs "said": kept below the flag threshold
    report_certainty: float = 0.75  # "said" vs "confirmed"
    intent: float = 0.7
    negation: float = 0.8  # a polarity flip weighs as much as a dropped hedge
    confidence_weight: float = 0.4


@DETECTORS.register("modality", settings=ModalitySettings)
class ModalityDetector:
    """Hedging, certainty, claim, intent or negation present on one side only (``modality``)."""

    name = "modality"

    def __init__(self, settings: ModalitySettings | None = None, spec: ModelSpec | None = None) -> None:
        self.settings = settings or ModalitySettings()

    def detect(self, pair: AlignedPair, story: Story) -> list[Finding]:
        a = _by_class(story_hits(story, pair.source_text, pair.source_doc.language))
        b = _by_class(story_hits(story, pair.target_text, pair.target_doc.language))
        # A side can only be said to lack a class its language has a word list for: a lexicon
        # with only negation words says nothing about hedges (nor does a language with none).
        listed_a = set(class_patterns(pair.source_doc.language))
        listed_b = set(class_patterns(pair.target_doc.language))
        if not listed_a or not listed_b:
            return []
        listed = {id(a): listed_a, id(b): listed_b}

        def lacks(side: dict[str, list[Hit]], *classes: str) -> bool:
            return all(c in listed[id(side)] and c not in side for c in classes)
        sides = _Sides(pair, story)
        findings: list[Finding] = []

        cfg = self.settings
        src: list[Hit] | None
        tgt: list[Hit] | None

        def add(kind: str, src: list[Hit] | None, tgt: list[Hit] | None, conf: float, text: str,
                plain: bool = False, within: tuple[int, int] | None = None) -> None:
            quoted = float(any(h.quoted for h in (src or []) + (tgt or [])))
            base = getattr(cfg, kind)
            weight = cfg.confidence_weight
            # A class on one side only keeps the other side's whole sentence: nothing there answers
            # it (locating it to the aligned words instead made faithful NTREX translations that
            # put a negation otherwise - "never" / "ignorait" - as strong as a flipped polarity).
            findings.append(Finding(
                "modality", sides.source(src, within), sides.target(tgt, within), text,
                severity=round(min(1.0, base * (1.0 - weight + weight * conf)), 3),
                evidence={"confidence": round(conf, 4), "quoted": quoted, f"kind_{kind}": 1.0,
                          "contrast_found": float(bool(src) and bool(tgt)),
                          **({"plain_counterpart": 1.0} if plain else {})},
                detector=self.name))

        # Hedge on one side only: "may resign" vs "resigned".
        for this, other, here in ((a, b, "source"), (b, a, "target")):
            if "hedge" in this and lacks(other, "hedge") and "conditional" not in other:
                # What the other side puts in its place: a certainty, claim or report word of a
                # class this side lacks (a report both sides make, "according to a report", is
                # the same attribution, not the other's way of putting the hedge).
                # Only words of the sentence that says what the hedge qualifies: where the other
                # side holds two sentences, a report word of the neighbouring one ("the company
                # said in a statement") answers nothing.
                within = sides.governed_sentence(this["hedge"], on_source=here == "source")
                contrast = next((hits for c in ("certainty", "claim", "report") if c in other and c not in this
                                 for hits in [[h for h in other[c] if within is None
                                               or within[0] <= h.start < within[1]]] if hits), None)
                conf = _confidence(this["hedge"], 0.85 if other.get("certainty") else 0.7)
                hedged = _quote(this["hedge"])
                plain = not contrast and sides.plain_counterpart(this["hedge"], on_source=here == "source")
                if here == "target":
                    msg = f"This version hedges ({hedged}) where the reference states it as fact."
                    add("hedge", contrast, this["hedge"], conf, msg, plain, within)
                else:
                    msg = f"The reference hedges ({hedged}); this version states it as fact."
                    add("hedge", this["hedge"], contrast, conf, msg, plain, within)
        # A contested claim become an established fact: "claimed" vs "showed".
        for this, other, here in ((a, b, "source"), (b, a, "target")):
            if "claim" in this and "certainty" in other and lacks(this, "certainty") and lacks(other, "claim"):
                conf = _confidence(this["claim"], 0.8)
                if here == "source":
                    add("claim_certainty", this["claim"], other["certainty"], conf,
                        f'The reference presents a claim ({_quote(this["claim"])}); this version '
                        f'presents it as established ({_quote(other["certainty"])}).')
                else:
                    add("claim_certainty", other["certainty"], this["claim"], conf,
                        f'This version presents as a claim ({_quote(this["claim"])}) what the reference '
                        f'presents as established ({_quote(other["certainty"])}).')
        # A plain report made a certainty: "said" vs "confirmed" (the version vouches for the claim).
        for this, other, here in ((a, b, "source"), (b, a, "target")):
            if ("certainty" in this and "report" in other and lacks(other, "certainty", "claim", "hedge")
                    and lacks(this, "report")):
                conf = _confidence(this["certainty"], 0.65)
                src, tgt = ((this["certainty"], other["report"]) if here == "source"
                            else (other["report"], this["certainty"]))
                who, rest = ("The reference", "this version") if here == "source" else ("This version", "the reference")
                add("report_certainty", src, tgt, conf,
                    f"{who} presents as established ({_quote(this['certainty'])}) what {rest} only reports "
                    f"({_quote(other['report'])}).")
        # "claimed" vs "said": a weaker shift, kept below the flag threshold unless calibrated up.
        for this, other, here in ((a, b, "source"), (b, a, "target")):
            if ("claim" in this and lacks(other, "claim", "certainty") and "report" in other):
                conf = _confidence(this["claim"], 0.5)
                src, tgt = ((this["claim"], other["report"]) if here == "source"
                            else (other["report"], this["claim"]))
                add("claim_report", src, tgt, conf,
                    f"{'The reference' if here == 'source' else 'This version'} says "
                    f"{_quote(this['claim'])} where the other says {_quote(other['report'])}.")
        # Intent or future on one side only: "will attack" vs "attacked".
        for this, other, here in ((a, b, "source"), (b, a, "target")):
            if "intent" in this and lacks(other, "intent") and "future" not in other:
                conf = _confidence(this["intent"], 0.6)
                src, tgt = (this["intent"], None) if here == "source" else (None, this["intent"])
                who = "The reference" if here == "source" else "This version"
                add("intent", src, tgt, conf,
                    f"{who} speaks of an intention or future ({_quote(this['intent'])}) that the other "
                    f"version does not.")
        # Negation on one side only: the statement may be reversed.
        for this, other, here in ((a, b, "source"), (b, a, "target")):
            if "negation" in this and lacks(other, "negation") and "absence" not in other:
                own = (pair.source_text, pair.source_doc.language) if here == "source" else \
                    (pair.target_text, pair.target_doc.language)
                if _cancelling(this["negation"], *own):
                    continue  # "no reason she shouldn't" / "może rozważyć": two negations, no flip
                place = sides.counterpart(this["negation"], on_source=here == "source")
                if place is not None:
                    other_text = pair.target_text if here == "source" else pair.source_text
                    other_language = pair.target_doc.language if here == "source" else pair.source_doc.language
                    if _has_negated_word(other_text[place[0]:place[1]], other_language):
                        continue  # "без поражений" / "unbeaten": the other side negates by an affix
                conf = _confidence(this["negation"], 0.55)
                src, tgt = (this["negation"], None) if here == "source" else (None, this["negation"])
                who = "The reference" if here == "source" else "This version"
                add("negation", src, tgt, conf,
                    f"{who} has a negation ({_quote(this['negation'])}) that the other version lacks.",
                    sides.plain_counterpart(this["negation"], on_source=here == "source"))
        return findings


# Two negations at most this many words apart read as one double negation ("no reason she
# shouldn't", "not unlike", "nie bez"); farther apart they are likely two statements.
DOUBLE_NEGATION_WORDS = 4


def _cancelling(negations: list[Hit], text: str, language: str) -> bool:
    """Whether a side's negations pair up into double negations, each pair within one clause
    and a few words: the statement keeps its polarity, so the other version lacking any
    negation is no flip ("figured there was no reason she shouldn't explore" / "zdała sobie
    sprawę, że może rozważyć"). Only in a language whose lexicon says two negations cancel
    (``double_negation``): in Slavic and Romance languages they agree ("никогда не", "no ...
    nunca") and make one."""
    raw = load_lexicon(base_language(language) or "und").get("modality", {})
    hits = sorted(negations, key=lambda h: h.start)
    if not raw.get("double_negation") or not hits or len(hits) % 2:
        return False
    correlative = {w.lower() for w in raw.get("correlative", [])}
    for first, second in zip(hits[::2], hits[1::2], strict=True):
        if {first.text.lower(), second.text.lower()} & correlative:
            return False  # "neither ... nor": one negation in two words
        between = text[first.end:second.start]
        if any(mark in between for mark in ",;:.!?()\"“”«»") or len(between.split()) > DOUBLE_NEGATION_WORDS:
            return False
    return True


def _concepts(hits: dict[str, list[Hit]], kind: str) -> dict[str, dict[str, list[Hit]]]:
    """The hits of the classes "<kind>:<concept>.<word class>" as concept -> word class -> hits
    (a framing concept's registers, a contrast concept's members)."""
    out: dict[str, dict[str, list[Hit]]] = {}
    for cls, found in hits.items():
        if cls.startswith(f"{kind}:"):
            concept, _, word_class = cls[len(kind) + 1:].rpartition(".")
            out.setdefault(concept, {})[word_class] = found
    return out


_Concepts = dict[str, dict[str, list[Hit]]]


def _pair_concepts(pair: AlignedPair, story: Story, kind: str) -> tuple[_Concepts, _Concepts] | None:
    """Both sides' ``_concepts`` of ``kind``; None when either side's language has no word lists."""
    if not class_patterns(pair.source_doc.language) or not class_patterns(pair.target_doc.language):
        return None
    return (_concepts(_by_class(story_hits(story, pair.source_text, pair.source_doc.language)), kind),
            _concepts(_by_class(story_hits(story, pair.target_text, pair.target_doc.language)), kind))


@dataclass(frozen=True)
class WordListSettings:
    """Provisional severity of the word-list detectors (framing, contrast): base + weight x
    confidence (drift.score's calibration replaces it where it has a model)."""

    base: float = 0.35
    weight: float = 0.5


@DETECTORS.register("framing", settings=WordListSettings)
class FramingDetector:
    """A loaded (or euphemistic) word where the other side uses the neutral one (``framing``)."""

    name = "framing"

    def __init__(self, settings: WordListSettings | None = None, spec: ModelSpec | None = None) -> None:
        self.settings = settings or WordListSettings()

    def detect(self, pair: AlignedPair, story: Story) -> list[Finding]:
        concepts = _pair_concepts(pair, story, "framing")
        if concepts is None:
            return []
        a, b = concepts
        sides = _Sides(pair, story)
        findings: list[Finding] = []
        findings.extend(self._characterisations(pair, sides, a, b))
        for concept in sorted(set(a) & set(b)):
            for this, other, here in ((a[concept], b[concept], "source"), (b[concept], a[concept], "target")):
                for register, hits in sorted(this.items()):
                    if register == "neutral" or register in other or "neutral" not in other:
                        continue
                    neutral = other["neutral"]
                    # The loaded side also using the neutral word: the loaded one likely names
                    # something else ("fighters of the jihadist movement"), so little evidence.
                    # A quoted loaded word is the speaker's wording (an official statement calling
                    # someone "terrorists"), not the outlet's framing: it stays below the threshold.
                    conf = _confidence(hits, 0.9 if "neutral" not in this else 0.25, quoted_factor=0.2)
                    if register == HOUSE_STYLE:
                        conf *= 0.25
                    src, tgt = (hits, neutral) if here == "source" else (neutral, hits)
                    who, rest = (("The reference", "this version") if here == "source"
                                 else ("This version", "the reference"))
                    quoted = " (inside a quotation)" if all(h.quoted for h in hits) else ""
                    findings.append(Finding(
                        "framing", sides.source(src), sides.target(tgt),
                        f"{who} uses {register} wording {_quote(hits)}{quoted} where {rest} says "
                        f"{_quote(neutral)}.",
                        severity=round(min(1.0, self.settings.base + self.settings.weight * conf), 3),
                        evidence={"confidence": round(conf, 4),
                                  "quoted": float(all(h.quoted for h in hits)),
                                  "both_registers_on_loaded_side": float("neutral" in this),
                                  f"register_{register}": 1.0},
                        detector=self.name))
        return findings

    def _characterisations(self, pair: AlignedPair, sides: _Sides, a: dict[str, dict[str, list[Hit]]],
                           b: dict[str, dict[str, list[Hit]]]) -> list[Finding]:
        """A characterisation of an actor one side alone writes ("der prorussische Agrarblock" /
        "the Agrarian Bloc"): the other side's lexicon lists such words and it has none, and it
        names the same actor plainly (``plain_counterpart``: the characterised word aligns as one
        word does, nothing there aligns with the characterisation). A clause put otherwise ("the
        party close to Moscow") has a word there that answers it: no finding."""
        findings: list[Finding] = []
        key = f"framing:{CHARACTERISATION}.{ADDED}"
        for this, other, here, other_language in ((a, b, "source", pair.target_doc.language),
                                                   (b, a, "target", pair.source_doc.language)):
            hits = this.get(CHARACTERISATION, {}).get(ADDED)
            if (not hits or CHARACTERISATION in other or key not in class_patterns(other_language)
                    or not sides.plain_counterpart(hits, on_source=here == "source", noun_phrase=True)):
                continue
            # A characterisation inside a quotation is the speaker's, not the outlet's.
            conf = _confidence(hits, 0.7, quoted_factor=0.2)
            who, rest = (("The reference", "this version") if here == "source"
                         else ("This version", "the reference"))
            # The other side at the words its noun phrase aligns with: the actor named plainly.
            place = sides.phrase_counterpart(hits, on_source=here == "source")
            plain = None if place is None else [Hit(place[0], place[1], "", "")]
            src, tgt = (hits, plain) if here == "source" else (plain, hits)
            findings.append(Finding(
                "framing", sides.source(src), sides.target(tgt),
                f"{who} characterises it as {_quote(hits)}, which {rest} does not.",
                severity=round(min(1.0, self.settings.base + self.settings.weight * conf), 3),
                evidence={"confidence": round(conf, 4), "quoted": float(all(h.quoted for h in hits)),
                          "plain_counterpart": 1.0, f"register_{ADDED}": 1.0,
                          "characterised_source": float(here == "source")},
                detector=self.name))
        return findings


@DETECTORS.register("contrast", settings=WordListSettings)
class ContrastDetector:
    """One word put for another of the same concept that excludes it: "south" for "north",
    "aguas abajo" for "upstream", "gold" for "bronze", "killed" for "injured" (``other``). The
    lexicon's ``[contrast]`` lists each concept's members per language. A sentence vector barely
    moves for one such word, so the word lists, not the similarity, carry the evidence. Only a
    member each side alone writes counts: "North Rhine-Westphalia" against "Nadrenia Północna"
    (no west) is none. A word between two members ("south-east", "юго-восточной", "东南部")
    decides nothing: languages write it as one word or two, and a version reads as holding only
    one of its halves."""

    name = "contrast"

    def __init__(self, settings: WordListSettings | None = None, spec: ModelSpec | None = None) -> None:
        self.settings = settings or WordListSettings()

    def detect(self, pair: AlignedPair, story: Story) -> list[Finding]:
        concepts = _pair_concepts(pair, story, CONTRAST)
        if concepts is None:
            return []
        a, b = concepts
        sides = _Sides(pair, story)
        findings: list[Finding] = []
        for concept in sorted(set(a) & set(b)):
            if UNDECIDED in a[concept] or UNDECIDED in b[concept]:
                # A word of the concept that fits any member ("not life-threatening", "no son
                # mortales", "смертельных ранений" = fatal wounds): no member can be told apart.
                continue
            only_a = sorted(set(a[concept]) - set(b[concept]))
            only_b = sorted(set(b[concept]) - set(a[concept]))
            if not only_a or not only_b:
                continue
            src = [h for member in only_a for h in a[concept][member]]
            tgt = [h for member in only_b for h in b[concept][member]]
            # Inside a quotation too: a translation keeps the speaker's direction or metal.
            conf = 0.9
            findings.append(Finding(
                "other", sides.source(src), sides.target(tgt),
                f"The reference says {_quote(src)} where this version says {_quote(tgt)}.",
                severity=round(min(1.0, self.settings.base + self.settings.weight * conf), 3),
                evidence={"confidence": round(conf, 4), "kind_contrast": 1.0,
                          "quoted": float(all(h.quoted for h in src + tgt))},
                detector=self.name))
        return findings
