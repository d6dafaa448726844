"""Attribution: who said or reported each claim, compared across an aligned pair.

Frames come from ``configs/attribution.toml`` (reporting verbs, "according to"-style phrases,
relay phrases such as "quoted by", per language; all languages are tried on every text). For
each side the detector extracts the sources of the claims (the speaker, or a relay: the outlet
that transmitted the claim), then compares them with the name matching of ``drift.names``
(acronyms, translations and transliterations of one source are the same source):

- a different source on each side -> ``attribution`` (changed);
- a source on one side only -> ``attribution`` (added or dropped), with low confidence when
  the other side has an implicit source ("it", "the latter", "the NGO");
- relays ("quoted by AFP", "BTA reported") count less than speakers (evidence ``relay``);
- a source on one side only counts little when the other side still reports the claim in a
  frame the extractor could not resolve to a source ("wie der Zivilschutz mitteilte", "казват от
  полицията"): translations move the source into constructions of their own language, so the
  source is more likely there than dropped (evidence ``other_reports``);
- a source on one side only is not reported at all when the other side's language has no frames
  table: its sources cannot be read, so every source would look dropped or added.

When the story has a sentence encoder (``story.settings["encoder"]``), two more checks use it,
with levels relative to the model registry thresholds (``equivalent``, ``unrelated``):

- two sources that name matching calls different are the same source when their spans embed
  at or above ``equivalent`` ("Говорител на Европейската комисия" / "A European Commission
  spokesperson": a translation, not a change of source);
- a finding is only as sure as the claim is shared: the sentence carrying the source is compared
  with the other side's sentences (evidence ``claim_similarity``); a weak link scales the
  confidence down, and below ``unrelated`` the other side does not carry the claim at all, so a
  source on one side only is an omission or addition of the claim, not of its source.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from rapidfuzz import fuzz

from drift.config import CONFIG_DIR, ModelSpec, capitalises_nouns, read_toml
from drift.detect.base import DETECTORS, AlignedPair, Story, word_alignment
from drift.detect.entities import _common_noun
from drift.detect.modality import quoted_regions
from drift.findings import Finding
from drift.names import Mention, NameData, compare_names, extract_mentions, load_name_data, spelt_in
from drift.segment import Sentence
from drift.words import TOKEN, lower

ATTRIBUTION_PATH = CONFIG_DIR / "attribution.toml"
_INVERSION = set(',"“”«»‘’\'„:—–-')
_QUOTE_MARKS = frozenset('"“”«»„‟')
# A subject pronoun written into the verb after a quotation ("a-t-elle déclaré", "ont-ils
# ajouté"): the speaker is that pronoun, an implicit source pointing back to the one named before.
_INVERTED_PRONOUN = re.compile(r"-(?:t-)?(il|elle|ils|elles|on)\b", re.IGNORECASE)
# The kind of the phrases that hold a frame's words but attribute nothing ("mukaan lukien").
IDIOMS = "idioms"


@dataclass(frozen=True, eq=False)
class Frames:
    """The attribution word lists of all languages, merged and compiled."""

    verbs: frozenset[str]
    listener_verbs: frozenset[str]
    implicit: frozenset[str]
    determiners: frozenset[str]
    boundaries: frozenset[str]
    adverbs: frozenset[str]
    relatives: frozenset[str]
    prepositions: frozenset[str]
    to: frozenset[str]
    first_person: frozenset[str]
    time_nouns: frozenset[str]
    titles: frozenset[str]
    heads: dict[str, str]
    phrases: re.Pattern[str]
    kinds: dict[str, str]
    # Third-person subject pronouns: a source phrase opening with one is the pronoun alone.
    pronouns: frozenset[str] = frozenset()


def _words(raw: dict[str, Any], key: str) -> set[str]:
    return {str(w).lower() for lang in raw.values() if isinstance(lang, dict) for w in lang.get(key, ())}


def _base_language(language: str | None) -> str:
    return (language or "").lower().replace("_", "-").split("-")[0]


@lru_cache(maxsize=16)
def load_frames(language: str | None = None, path: str | None = None) -> Frames:
    """The frames of one language of ``configs/attribution.toml``; all languages merged when the
    language is unknown or has no table (a best effort for languages never seen)."""
    raw = read_toml(path or ATTRIBUTION_PATH)
    heads_raw = raw.pop("heads", {})
    code = _base_language(language)
    if code in raw:
        # One language only: merged lists collide ("war" is a German auxiliary, an English noun).
        raw = {code: raw[code]}
    kinds: dict[str, str] = {}
    # Longer phrases win over the verbs inside them ("as reported by" over "reported"), and idioms
    # over the frames inside them ("mukaan lukien", including, over "mukaan", according to).
    for kind in ("verbs", "relay_after", "source_after", "source_before", IDIOMS):
        for phrase in _words(raw, kind):
            kinds[phrase] = kind
    ordered = sorted(kinds, key=len, reverse=True)
    body = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered)
    heads = {w.lower(): cls for cls, words in heads_raw.items() for w in words}
    return Frames(
        verbs=frozenset(_words(raw, "verbs")), listener_verbs=frozenset(_words(raw, "listener_verbs")),
        implicit=frozenset(_words(raw, "implicit")), determiners=frozenset(_words(raw, "determiners")),
        boundaries=frozenset(_words(raw, "boundaries")), adverbs=frozenset(_words(raw, "adverbs")),
        relatives=frozenset(_words(raw, "relatives")), prepositions=frozenset(_words(raw, "prepositions")),
        to=frozenset(_words(raw, "to")), first_person=frozenset(_words(raw, "first_person")),
        pronouns=frozenset(_words(raw, "pronouns")),
        time_nouns=frozenset(_words(raw, "time_nouns")),
        titles=frozenset(_words(raw, "titles")), heads=heads,
        phrases=re.compile(rf"(?<![\w'’-])(?:{body})(?![\w'’-])", re.IGNORECASE), kinds=kinds)


@lru_cache(maxsize=4)
def frame_languages(path: str | None = None) -> frozenset[str]:
    """The languages with a table of their own in ``configs/attribution.toml``."""
    raw = read_toml(path or ATTRIBUTION_PATH)
    return frozenset(k for k, v in raw.items() if isinstance(v, dict) and k != "heads")


@dataclass
class Attribution:
    """One source of a claim: its span (absolute offsets) and what it is."""

    start: int
    end: int
    text: str
    role: str                 # "speaker" or "relay"
    implicit: bool
    mentions: list[Mention]
    heads: frozenset[str]

    @property
    def named(self) -> bool:
        return bool(self.mentions)


@dataclass
class _Tok:
    start: int
    end: int
    text: str

    @property
    def punct(self) -> bool:
        return not self.text[0].isalnum()

    @property
    def low(self) -> str:
        return lower(self.text)


def _is_det(tok: _Tok, frames: Frames) -> bool:
    # An elided article glued to its noun ("l'OSDH") is a content word, not a determiner.
    return tok.low in frames.determiners


def _np_before(tokens: list[_Tok], index: int, frames: Frames, depth: int = 0) -> list[_Tok]:
    """The source phrase ending just before token ``index`` ("a war monitor" said)."""
    i = index - 1
    while i >= 0 and not tokens[i].punct and tokens[i].low in frames.adverbs:
        i -= 1
    words: list[_Tok] = []
    while i >= 0 and len(words) < 10:
        tok = tokens[i]
        if tok.text == "." and words and i >= 1 and tokens[i - 1].low in frames.titles:
            words[:0] = [tokens[i - 1], tok]  # "Dr. Ford said": the title and its full stop
            i -= 2
            continue
        if tok.punct:
            if tok.text == ")" and words == []:
                # "the Syrian Observatory for Human Rights (SOHR) reported": keep the acronym.
                j = i
                while j >= 0 and tokens[j].text != "(":
                    j -= 1
                if j < 0:
                    break
                words = tokens[j:i + 1] + words
                i = j - 1
                continue
            break
        if _is_det(tok, frames):
            words.insert(0, tok)
            i -= 1
            break
        if tok.low in frames.boundaries or tok.low in frames.verbs or tok.text[0].isdigit():
            break
        words.insert(0, tok)
        i -= 1
    if words and i >= 1 and tokens[i].low in frames.prepositions and depth < 2:
        # "a journalist in the Hama countryside reported": the phrase is the object of "in";
        # the subject stands before it.
        outer = _np_before(tokens, i, frames, depth + 1)
        if outer:
            return outer
    return words


def _np_after(tokens: list[_Tok], index: int, frames: Frames, connectors: frozenset[str],
              nouns_capitalised: bool = False) -> list[_Tok]:
    """The source phrase starting at token ``index`` (according to "the UN"). In a language that
    capitalises its nouns, a lowercase word after a capitalised one that joins nothing ends the
    phrase: the clause's verb ("Laut Polizei wurden ...", "Nach Angaben der Richterin sah ...")."""
    words: list[_Tok] = []
    i = index
    while i < len(tokens) and len(words) < 10:
        tok = tokens[i]
        if (nouns_capitalised and words and words[-1].text[:1].isupper() and tok.text[:1].islower()
                and tok.low not in connectors and not _is_det(tok, frames)):
            break
        if tok.text == "." and words and words[-1].low in frames.titles:
            words.append(tok)  # "M. Mills-Hicks", "Dr. Ford": the title's full stop
            i += 1
            continue
        if tok.punct:
            if tok.text == "(" and words:
                j = i
                while j < len(tokens) and tokens[j].text != ")":
                    j += 1
                if j < len(tokens) and j - i <= 6:
                    words.extend(tokens[i:j + 1])
            elif tok.text == "," and words:
                words.extend(_apposition(tokens, i + 1, connectors))
            break
        if _is_det(tok, frames):
            # A determiner starts a new phrase unless it follows "of"/"de" ("le ministère de la
            # Défense") or is itself one before a name ("l'entraîneur des Rovers").
            joins = tok.low in connectors and i + 1 < len(tokens) and tokens[i + 1].text[:1].isupper()
            if words and words[-1].low not in connectors and not joins:
                break
        elif tok.text[0].isdigit():
            break
        elif tok.low in frames.boundaries or tok.low in frames.verbs:
            if not (words and tok.low in connectors and i + 1 < len(tokens) and not tokens[i + 1].punct):
                if words and tok.low in frames.prepositions:
                    words.extend(_acronym_ahead(tokens, i))
                break
        words.append(tok)
        i += 1
    while words and (words[-1].low in connectors or _is_det(words[-1], frames)):
        words.pop()
    return words


# Words of a source's complement ("за спешна медицинска помощ") that may stand between its head
# and the acronym closing it.
_COMPLEMENT_WORDS = 8


def _acronym_ahead(tokens: list[_Tok], index: int) -> list[_Tok]:
    """The complement from the preposition at ``index`` to a bracketed acronym closing the clause
    ("Националният институт за спешна медицинска помощ (INEM)."): the acronym names the source,
    which the phrase otherwise ends before; [] when no such acronym follows."""
    j = index + 1
    while j < len(tokens) and j - index <= _COMPLEMENT_WORDS and not tokens[j].punct:
        j += 1
    if (j + 2 < len(tokens) and tokens[j].text == "(" and tokens[j + 2].text == ")"
            and _ACRONYM.fullmatch(tokens[j + 1].text) and (j + 3 == len(tokens) or tokens[j + 3].punct)):
        return tokens[index:j + 3]
    return []


_ACRONYM = re.compile(r"[^\W\d_]*[A-ZА-Я]{2,}[^\W\d_]*")

# The longest case ending written after a colon, in letters.
_COLON_ENDING = 6


def _join_colon_endings(tokens: list[_Tok], text: str) -> list[_Tok]:
    """``tokens`` with a case ending written after a colon joined to its word: Finnish and Swedish
    inflect acronyms and figures so ("STT:n mukaan", "according to STT"; "FN:s"), and the source
    read before "mukaan" is the whole word, not the ending. Only a word holding a capital or a
    figure, glued to the colon and a short lowercase ending."""
    out: list[_Tok] = []
    i = 0
    while i < len(tokens):
        word = tokens[i]
        if (i + 2 < len(tokens) and tokens[i + 1].text == ":" and word.end == tokens[i + 1].start
                and tokens[i + 1].end == tokens[i + 2].start and not word.punct
                and any(c.isupper() or c.isdigit() for c in word.text)
                and tokens[i + 2].text.isalpha() and tokens[i + 2].text.islower()
                and len(tokens[i + 2].text) <= _COLON_ENDING):
            out.append(_Tok(word.start, tokens[i + 2].end, text[word.start:tokens[i + 2].end]))
            i += 3
            continue
        out.append(word)
        i += 1
    return out


# The longest name an apposition after a source phrase may hold, in words.
_APPOSITION_WORDS = 5


def _apposition(tokens: list[_Tok], index: int, connectors: frozenset[str]) -> list[_Tok]:
    """The comma and the name after a source phrase that close its clause (", Graham Whitlock."
    in "a déclaré l'entraîneur des Rovers, Graham Whitlock."; "la jueza presidenta, Katarína
    Holubová, al leer"): capitalised words up to a punctuation mark or the end; [] otherwise."""
    j = index
    while (j < len(tokens) and j - index < _APPOSITION_WORDS and not tokens[j].punct
           and (tokens[j].text[:1].isupper() or (tokens[j].low in connectors and j > index))):
        j += 1
    if j == index or (j < len(tokens) and not tokens[j].punct) or tokens[j - 1].low in connectors:
        return []
    return tokens[index - 1:j]


def _relative_fallback(tokens: list[_Tok], index: int, frames: Frames) -> list[_Tok]:
    """", the NGO, which has sources in Syria, added": the subject before the relative clause."""
    for j in range(index - 1, 0, -1):
        if tokens[j].low in frames.relatives and tokens[j - 1].text == ",":
            return _np_before(tokens, j - 1, frames)
        # A relative clause inside the quotation before the verb ("„..., der einen Deal gemacht
        # hat“, sagte Rybár") is the quote's, not its speaker's.
        if tokens[j].text in ".;" or tokens[j].text in _QUOTE_MARKS:
            break
    return []


def _pair_unmatched(left_a: Sequence[Attribution],
                    left_b: Sequence[Attribution]) -> list[tuple[Attribution, Attribution]]:
    """The sources of two versions that stand in each other's place: named ones with named ones
    first, then the rest, each in reading order. A named speaker faces the other version's named
    speaker ("..., - сказал Корб" / "..., Anastazja Abramenko said") rather than a phrase such as
    "according to today's forecasts" that the other version does not read as a source."""
    named = list(zip([x for x in left_a if x.named], [y for y in left_b if y.named], strict=False))
    rest = list(zip([x for x in left_a if all(x is not p for p, _ in named)],
                    [y for y in left_b if all(y is not q for _, q in named)], strict=False))
    return sorted(named + rest, key=lambda xy: xy[0].start)


def _modifier(following: str) -> bool:
    """Does a name end in a hyphenated lowercase modifier ("UK-based")?"""
    return len(following) == 2 and following[0] == "-" and following[1].islower()


# How far before a phrase a known name it starts inside may start ("Corée" of "du Nord").
_NAME_REACH = 60

# How far before a sentence a named source still carries over to it (about three sentences).
CONTEXT_CHARS = 400


# Words of a quotation at most that, without punctuation inside, is a title rather than speech.
_TITLE_WORDS = 6


def _quoted_titles(text: str) -> list[tuple[int, int]]:
    """Short quotations with no punctuation inside: titles of works ("die Broschüre « Der Bund
    kurz erklärt »", "the report 'Nobody Listens'"). A speech verb inside one ("erklärt") names
    the work, it attributes nothing."""
    out = []
    for s, e in quoted_regions(text):
        inner = text[s + 1:e - 1]
        if 0 < len(inner.split()) <= _TITLE_WORDS and not re.search(r"[.,;:!?]", inner):
            out.append((s, e))
    return out


# Texts whose sources an extractor keeps (``AttributionExtractor.extract``): more than the
# aligned texts of two 1,000-sentence versions.
_FOUND_LIMIT = 8192


class AttributionExtractor:
    """Finds the sources of the claims of a text."""

    def __init__(self, frames: Frames | None = None, data: NameData | None = None) -> None:
        self.fixed = frames
        self.language: str | None = None
        self.frames = frames or load_frames()
        self.data = data or load_name_data()
        # What ``extract`` found, by its arguments: the encode plan (``planned_texts``) and the
        # pair pass (``detect``) read every aligned text's sources, so each was parsed twice.
        self._found: dict[tuple[str, int, str | None], list[Attribution]] = {}

    def extract(self, text: str, offset: int = 0, language: str | None = None) -> list[Attribution]:
        """Sources of the claims of ``text`` (offsets shifted by ``offset``). Callers must not
        modify the list returned: a second call with the same arguments returns it again."""
        # ``frames`` is state the detector reads after the call (``_known_heads``): set it on
        # every call, found before or not.
        self.frames = self.fixed or load_frames(language)
        self.language = language
        key = (text, offset, language)
        found = self._found.get(key)
        if found is None:
            if len(self._found) >= _FOUND_LIMIT:   # a long-lived extractor stays bounded
                self._found.clear()
            found = self._found[key] = self._extract(text, offset)
        return found

    def _extract(self, text: str, offset: int) -> list[Attribution]:
        frames = self.frames
        tokens = _join_colon_endings([_Tok(m.start(), m.end(), m.group()) for m in TOKEN.finditer(text)], text)
        starts = {t.start: i for i, t in enumerate(tokens)}
        ends = {t.end: i for i, t in enumerate(tokens)}
        found: list[Attribution] = []
        titles = _quoted_titles(text)
        for match in frames.phrases.finditer(text):
            first, last = starts.get(match.start()), ends.get(match.end())
            if first is None or last is None:
                continue
            if any(s < match.start() and match.end() < e for s, e in titles):
                continue
            phrase = re.sub(r"\s+", " ", lower(match.group()))
            kind = frames.kinds.get(phrase, "verbs")
            if kind == IDIOMS:
                continue
            if kind == "source_after":
                self._add(found, self._after(tokens, last + 1), text, offset, "speaker")
                continue
            if kind == "source_before":
                self._add(found, _np_before(tokens, first, frames), text, offset, "speaker")
                continue
            if kind == "relay_after":
                self._add(found, self._after(tokens, last + 1), text, offset, "relay")
                continue
            before = tokens[first - 1].text if first > 0 else None
            inverted = before is None or before in _INVERSION
            after = last + 1
            listener: list[_Tok] = []
            if phrase in frames.listener_verbs or (after < len(tokens) and tokens[after].low in frames.to):
                start_at = after + (0 if phrase in frames.listener_verbs else 1)
                listener = self._after(tokens, start_at)
                if listener and self._agency(self._mentions(listener, text, offset), frozenset()):
                    after = start_at + len(listener)
                else:
                    listener = []
            pronoun = _INVERTED_PRONOUN.search(match.group())
            if pronoun:
                at = offset + match.start()
                found.append(Attribution(at + pronoun.start(1), at + pronoun.end(1), pronoun.group(1), "speaker",
                                         True, [], frozenset()))
                self._add(found, listener, text, offset, "relay")
                continue
            if inverted:
                # "X, which has sources in Syria, added": the subject before the relative clause
                # wins over the phrase after the verb (", noted the escalating violence").
                speaker = _relative_fallback(tokens, first, frames)
                if not speaker:
                    speaker = self._after(tokens, after)
                    opener = speaker[0] if speaker else None
                    if (opener is None or not (_is_det(opener, frames) or opener.text[0].isupper())) \
                            and before == ",":
                        # "A fighter, Abu al-Huda, told AFP they...": no inversion; the subject is
                        # the apposition between two commas.
                        apposition = _np_before(tokens, first - 1, frames)
                        start_at = first - 1 - len(apposition)
                        if apposition and start_at >= 1 and tokens[start_at - 1].text == ",":
                            speaker = apposition
            else:
                speaker = _np_before(tokens, first, frames)
            self._add(found, speaker, text, offset, "speaker")
            self._add(found, listener, text, offset, "relay")
        # One source found by two frames ("X said, according to X") is one attribution.
        unique: list[Attribution] = []
        for att in sorted(found, key=lambda a: (a.start, -a.end)):
            if not any(u.start <= att.start and att.end <= u.end for u in unique):
                unique.append(att)
        return unique

    @property
    def nouns_capitalised(self) -> bool:
        """Whether the language of the text being read capitalises its nouns (German)."""
        return capitalises_nouns(self.language)

    def _after(self, tokens: list[_Tok], index: int) -> list[_Tok]:
        return _np_after(tokens, index, self.frames, self.data.connectors, self.nouns_capitalised)

    def _mentions(self, words: list[_Tok], text: str, offset: int, start: int | None = None) -> list[Mention]:
        start, end = words[0].start if start is None else start, words[-1].end
        found = extract_mentions(text[start:end], start + offset, data=self.data)
        # A name inside a modifier ("the UK-based NGO", "Russian-backed forces") describes the
        # source; it is not its name. Nor is a common noun its language capitalises ("nach
        # Angaben der Richterin"), unless a known office or body: a description, which a name
        # elsewhere does not contradict.
        return [m for m in found if not _modifier(text[m.end - offset:m.end - offset + 2])
                and not (self.nouns_capitalised and m.alias is None and _common_noun(m.text, self.language))]

    def _name_start(self, text: str, start: int) -> int:
        """Where a phrase starting at ``start`` starts when it starts inside a known name: a
        determiner inside the name ends the phrase read backwards ("La Corée du Nord a déclaré"
        reads "du Nord"), and the name is the source."""
        if start == 0 or not text[start:start + 1].islower():
            return start
        window = max(0, start - _NAME_REACH)
        for pattern in (self.data.alias_exact, self.data.alias_folded):
            for m in pattern.finditer(text, window, start + _NAME_REACH) if pattern else ():
                if m.start() < start < m.end():
                    return m.start()
        return start

    def _agency(self, mentions: list[Mention], heads: frozenset[str]) -> bool:
        kinds = {self.data.groups[m.alias].kind if m.alias in self.data.groups else None for m in mentions}
        if mentions:
            return kinds == {"agency"}
        return heads == {"media"}

    def _add(self, found: list[Attribution], words: list[_Tok], text: str, offset: int, role: str) -> None:
        if not words:
            return
        if len(words) > 1 and words[0].low in self.frames.pronouns:
            # "сказал он Чешскому радио": the speaker is the pronoun; the words after it are the
            # listener or the rest of the clause, not a name of the speaker.
            words = words[:1]
        start, end = self._name_start(text, words[0].start), words[-1].end
        phrase = text[start:end]
        low = re.sub(r"\s+", " ", lower(phrase)).strip()
        content = [w.low for w in words if not _is_det(w, self.frames) and not w.punct]
        if not content or all(w in self.frames.first_person for w in content):
            return  # nothing, or the writer's own view ("according to me", "според мен")
        mentions = self._mentions(words, text, offset, start)
        if not mentions and any(w in self.frames.time_nouns for w in content):
            return  # a time ("last month ... confirmed", "le mois dernier a confirmé"): when, not who
        heads = frozenset(self.frames.heads[w] for w in content if w in self.frames.heads) | frozenset(
            cls for head, cls in self.frames.heads.items() if " " in head and head in low)
        implicit = low in self.frames.implicit or (len(content) == 1 and content[0] in self.frames.implicit)
        if implicit:
            mentions = []
        if role == "speaker" and self._agency(mentions, heads):
            role = "relay"  # "BTA reported", "AFP reported": the agency transmits someone's claim
        found.append(Attribution(start + offset, end + offset, phrase, role, implicit, mentions, heads))


@dataclass
class _Verdict:
    same: bool
    confidence: float
    similarity: float
    head_conflict: float


# What may stand before a sentence's first word: opening quotation marks and brackets.
_SENTENCE_OPENERS = "\"'«»„“”‘’‚‹›(["


def _names_only_open(att: Attribution, text: str, offset: int) -> bool:
    """Whether every name read in a source opens its sentence (after any opening quotation mark):
    a capitalised common word there ("Люди", "Авиолинията") is read as a name too. Initials
    count as such a word too: each language abbreviates its own words ("FWC" / "la CPF"), so
    spelling cannot tell whether they are one body."""
    for mention in att.mentions:
        if mention.acronym:
            continue
        before = text[:max(mention.start - offset, 0)].rstrip().rstrip(_SENTENCE_OPENERS).rstrip()
        if before and before[-1] not in ".!?…:;—–-":
            return False
    return True


def _content_words(words: Sequence[Any], att: Attribution, offset: int) -> list[int]:
    """Positions of the aligned words (``offset``: where the pair's text starts) of a source's
    span that are neither function words nor punctuation."""
    from drift.detect.spans import _is_function_word
    return [k for k, w in enumerate(words) if att.start - offset <= w.start < att.end - offset
            and not _is_function_word(w.text) and w.text[:1].isalnum()]


class _Semantic:
    """The shared sentence encoder's view of one aligned pair; inert (everything "shared") when
    the story has no encoder, so the detector then judges by names and frames alone."""

    def __init__(self, story: Story | None, pair: AlignedPair) -> None:
        settings = story.settings if story is not None else {}
        # The story's planned vectors (drift.plan) when it has them: every text asked for below
        # was encoded up front, so these are lookups. A bare encoder otherwise.
        self.encoder = settings.get("vectors") or settings.get("encoder")
        thresholds = settings.get("thresholds") or {}
        self.thresholds = thresholds
        self.equivalent = float(thresholds.get("equivalent", 0.92))
        self.unrelated_level = float(thresholds.get("unrelated", 0.78))
        self.pair = pair
        self.story = story

    def _vectors(self, texts: Sequence[str]) -> np.ndarray:
        # Sentences and the source phrases of ``AttributionDetector.planned_texts`` are in the
        # plan; anything else (a phrase only a merged link yields) is encoded on demand.
        assert self.encoder is not None  # every caller returns early without an encoder
        return np.asarray(self.encoder.encode(list(texts)), dtype=np.float32)

    def translated(self, a: Attribution, b: Attribution) -> bool:
        """Whether every content word of source ``a`` (source side) aligns with a word of source
        ``b`` (target side), and every word of ``b`` with one of ``a``, at the model's
        ``source_words`` similarity: the pair's word alignment, which the span detector computes
        anyway. Two sources in one slot align with each other too, more loosely ("a doctor" /
        "une infirmière" 0.61, "the mayor" / "le préfet" 0.65; "Люди" / "Ludzie" 0.78). False
        without an encoder or the level."""
        level = self.thresholds.get("source_words")
        if (level is None or a.implicit or b.implicit or self.story is None or self.encoder is None
                or "span_layer" not in self.thresholds):
            return False
        if not (_names_only_open(a, self.pair.source_text, self.pair.source_span[0])
                and _names_only_open(b, self.pair.target_text, self.pair.target_span[0])):
            # A name inside the sentence is a name: two of them in one slot align as closely as a
            # word and its translation ("dijo Beattie" / "powiedział Valtteri" at 0.7 and more),
            # so only their spelling can say they are one (``compare_sources``).
            return False
        alignment = word_alignment(self.pair, self.story, self.encoder)
        rows = _content_words(alignment.source, a, self.pair.source_span[0])
        cols = _content_words(alignment.target, b, self.pair.target_span[0])
        if not rows or not cols:
            return False
        block = np.nan_to_num(alignment.similarity[np.ix_(rows, cols)], nan=0.0)
        return bool(block.max(axis=1).min() >= float(level) and block.max(axis=0).min() >= float(level))

    def same_source(self, a: Attribution, b: Attribution) -> bool:
        """Do two source spans mean the same source (a translation, a paraphrase of a title)?"""
        if self.encoder is None or a.implicit or b.implicit:
            return False
        va, vb = self._vectors([a.text, b.text])
        return float(va @ vb) >= self.equivalent

    def _sentence(self, att: Attribution, sentences: Sequence[Sentence]) -> Sentence:
        return next((s for s in sentences if s.start <= att.start < s.end), sentences[0])

    def carried(self, att: Attribution, *, on_source: bool) -> bool:
        """Whether the other side of the pair carries the words of a source no frame read there
        ("Some witnesses thought ..." / "Некоторые свидетели утверждают ..."): every content word
        of it aligns closely with a word of the other sentence (the pair's word alignment, which
        the span detector computes anyway), and a name's words align above the model's
        ``name_slot`` (two different names in one slot align closely too: "Ray" / "Beattie").
        A source the other side only refers to ("he" for "Трамп") or lacks stays one-sided."""
        if (att.implicit or self.story is None or self.encoder is None
                or "span_layer" not in self.thresholds):
            return False
        alignment = word_alignment(self.pair, self.story, self.encoder)
        words, partners = ((alignment.source, alignment.source_partner) if on_source
                           else (alignment.target, alignment.target_partner))
        offset = (self.pair.source_span if on_source else self.pair.target_span)[0]
        inside = _content_words(words, att, offset)
        if not inside:
            return False
        word_level = float(self.thresholds.get("span_word", 0.45))
        name_level = float(self.thresholds.get("name_slot", 0.55))
        named = [(m.start - offset, m.end - offset) for m in att.mentions]
        for k in inside:
            if words[k].score >= word_level or partners[k] < 0:
                return False
            similarity = (alignment.similarity[k, partners[k]] if on_source
                          else alignment.similarity[partners[k], k])
            if any(s <= words[k].start < e for s, e in named) and not similarity >= name_level:
                return False
        return True

    def claim_across(self, att: Attribution, *, dropped: bool) -> float:
        """How well the other side carries the claim of ``att``: the best similarity of its
        sentence to a sentence of the other side (a link may group several sentences, and only
        one of them may state the attributed claim)."""
        if self.encoder is None:
            return 1.0
        own, other = (self.pair.source, self.pair.target) if dropped else (self.pair.target, self.pair.source)
        claim = self._sentence(att, own).text
        vectors = self._vectors([claim, *(s.text for s in other)])
        return float((vectors[1:] @ vectors[0]).max())

    def claim_between(self, a: Attribution, b: Attribution) -> float:
        """Similarity of the two sentences that carry two differing sources: a change of source
        is a drift only when both sentences state the same claim."""
        if self.encoder is None:
            return 1.0
        va, vb = self._vectors([self._sentence(a, self.pair.source).text,
                                self._sentence(b, self.pair.target).text])
        return float(va @ vb)

    def unrelated(self, claim: float) -> bool:
        return claim < self.unrelated_level

    def scale(self, claim: float) -> float:
        """Confidence factor of a claim similarity: 1 at ``equivalent`` and above, down to 0.5 at
        ``unrelated`` (half: the claim may still be the same, told differently)."""
        span = max(self.equivalent - self.unrelated_level, 1e-6)
        return 0.5 + 0.5 * min(max((claim - self.unrelated_level) / span, 0.0), 1.0)


@dataclass(frozen=True)
class AttributionSettings:
    """Provisional severities of a source on one side only, by how it is given (drift.score's
    calibration replaces them where it has a model)."""

    named_source: float = 0.7      # "the Syrian Observatory said"
    unnamed_source: float = 0.55   # "a war monitor said"
    implicit_source: float = 0.2   # "it was reported"
    # The other side gives an implicit source: at most this; names a source matched elsewhere: less.
    other_implicit_cap: float = 0.3
    other_named_discount: float = 0.15
    # Findings below this confidence are dropped.
    min_confidence: float = 0.15


@DETECTORS.register("attribution", settings=AttributionSettings)
class AttributionDetector:
    """Sources of claims changed, added or dropped between the two sides of an aligned pair."""

    name = "attribution"

    def __init__(self, settings: AttributionSettings | None = None, spec: ModelSpec | None = None, *,
                 frames: Frames | None = None, data: NameData | None = None) -> None:
        self.settings = settings or AttributionSettings()
        self.data = data or load_name_data()
        self.extractor = AttributionExtractor(frames, self.data)

    def detect(self, pair: AlignedPair, story: Story) -> list[Finding]:
        if pair.boilerplate:
            return []
        s0, s1 = pair.source_span
        t0, t1 = pair.target_span
        src = self.extractor.extract(pair.source_text, s0, pair.source_doc.language)
        tgt = self.extractor.extract(pair.target_text, t0, pair.target_doc.language)
        if not src and not tgt:
            return []
        findings: list[Finding] = []
        semantic = _Semantic(story, pair)
        reports = (self._reports(pair.source_text, pair.source_doc.language),
                   self._reports(pair.target_text, pair.target_doc.language))
        for role in ("speaker", "relay"):
            a = [x for x in src if x.role == role]
            b = [x for x in tgt if x.role == role]
            findings.extend(self._compare(pair, a, b, src, tgt, role, semantic, reports))
        known = frame_languages()
        if (self.extractor.fixed is None and not {_base_language(pair.source_doc.language),
                                                  _base_language(pair.target_doc.language)} <= known):
            # One side's sources cannot be read: only a change between two read sources counts.
            findings = [f for f in findings if f.evidence.get("changed")]
        return findings

    def planned_texts(self, pairs: Iterable[AlignedPair]) -> list[str]:
        """The source phrases ``detect`` may embed (``same_source``) on these aligned pairs, for
        the encode plan (``drift.plan``): those of every two same-role sources that names alone
        do not match (a superset: ``detect`` stops at the first match)."""
        texts: list[str] = []
        for pair in pairs:
            if any(s.boilerplate for s in (*pair.source, *pair.target)):
                continue
            src = self.extractor.extract(pair.source_text, pair.source_span[0], pair.source_doc.language)
            tgt = self.extractor.extract(pair.target_text, pair.target_span[0], pair.target_doc.language)
            for x in src:
                for y in tgt:
                    if (x.role == y.role and not x.implicit and not y.implicit
                            and not self.compare_sources(x, y).same):
                        texts += [x.text, y.text]
        return texts
    @staticmethod
    def _reports(text: str, language: str | None) -> bool:
        """Does ``text`` report a claim (a reporting frame of its language), resolved or not?"""
        frames = load_frames(language)
        return any(frames.kinds.get(re.sub(r"\s+", " ", lower(m.group()))) != IDIOMS
                   for m in frames.phrases.finditer(text))

    def compare_sources(self, a: Attribution, b: Attribution) -> _Verdict:
        """Are two sources the same? With a confidence that they differ when they are not."""
        if a.implicit or b.implicit:
            return _Verdict(True, 0.0, 0.5, 0.0)
        if a.heads and b.heads and not a.heads & b.heads:
            # "the Syrian army" / "the Syrian ministry": a shared modifier, different bodies.
            return _Verdict(False, 0.7, 0.0, 1.0)
        if a.named and b.named:
            return self._compare_named(a, b)
        if a.named or b.named:
            named, described = (a, b) if a.named else (b, a)
            known = self._known_heads(named)
            if described.heads and known:
                if described.heads & known:
                    return _Verdict(True, 0.0, 0.5, 0.0)
                return _Verdict(False, 0.6, 0.0, 1.0)
            # "a war monitor" / "Rami Abdel Rahman": nothing says whether it is the same source.
            return _Verdict(False, 0.3, 0.0, 0.0)
        similarity = fuzz.token_set_ratio(a.text.lower(), b.text.lower()) / 100.0
        if a.heads and b.heads:
            if a.heads & b.heads:
                return _Verdict(True, 0.0, similarity, 0.0)
            return _Verdict(False, 0.75, similarity, 1.0)
        if similarity >= 0.8:
            return _Verdict(True, 0.0, similarity, 0.0)
        return _Verdict(False, 0.45, similarity, 0.0)

    def _office(self, mention: Mention) -> bool:
        group = self.data.groups.get(mention.alias or "")
        return group is not None and group.kind == "office"

    def _compare_named(self, a: Attribution, b: Attribution) -> _Verdict:
        """Two named sources. Offices ("Foreign Minister", "el ministro de Asuntos Exteriores")
        and the other names (a person, a country, an organisation) are matched apart: one office
        in both, or one name, is one source, unless the other kind then differs. Every state has
        a foreign minister ("Russian Foreign Minister Lavrov" / "Ukrainian Foreign Minister
        Kuleba"), and one person holds one office ("Foreign Minister Lavrov" / "Defence Minister
        Lavrov" is a changed title)."""
        best = 0.0
        matched = {True: False, False: False}
        for m in a.mentions:
            for n in b.mentions:
                office = self._office(m)
                if office != self._office(n) or matched[office]:
                    continue
                match = compare_names(m, n, self.data)
                # A near-miss is the entity detector's business: the same source, misspelt.
                matched[office] = match.kind in ("same", "variant", "near")
                best = match.similarity if matched[office] else max(best, match.similarity)
        kinds = {office: (any(self._office(m) == office for m in a.mentions),
                          any(self._office(n) == office for n in b.mentions)) for office in (True, False)}
        differ = [office for office, (in_a, in_b) in kinds.items() if in_a and in_b and not matched[office]]
        if (matched[True] or matched[False]) and not differ:
            return _Verdict(True, 0.0, best, 0.0)
        return _Verdict(False, 0.85, best, 0.0)

    def _known_heads(self, att: Attribution) -> frozenset[str]:
        classes: set[str] = set(att.heads)
        for m in att.mentions:
            group = self.data.groups.get(m.alias or "")
            if group:
                classes.update(self.extractor.frames.heads.get(h.lower(), "") for h in group.heads)
                if group.kind == "agency":
                    classes.add("media")
        classes.discard("")
        return frozenset(classes)

    def _compare(self, pair: AlignedPair, a: list[Attribution], b: list[Attribution],
                 all_src: list[Attribution], all_tgt: list[Attribution], role: str,
                 semantic: _Semantic | None = None, reports: tuple[bool, bool] = (False, False)) -> list[Finding]:
        semantic = semantic or _Semantic(None, pair)
        relay = role == "relay"
        weight = 0.6 if relay else 1.0
        left_a, left_b = list(a), list(b)
        for x in a:
            for y in left_b:
                if self.compare_sources(x, y).same or semantic.same_source(x, y):
                    left_a.remove(x)
                    left_b.remove(y)
                    break
        findings: list[Finding] = []
        # Unmatched sources on both sides: the claim changed hands.
        changed = _pair_unmatched(left_a, left_b)
        for x, y in changed:
            verdict = self.compare_sources(x, y)
            claim = semantic.claim_between(x, y)
            if semantic.unrelated(claim):
                continue  # two different claims, each with its own source: not a change of hands
            if not verdict.head_conflict and semantic.translated(x, y):
                # Every word of each source aligns with the other's as one word translated does, and
                # no two kinds of body stand apart ("the ministry" / "la police"): one source, read
                # as two names where a common word opens the sentence ("Люди говорят" / "Ludzie
                # mówią", "Авиолинията" / "Авиакомпания").
                continue
            confidence = verdict.confidence * weight * semantic.scale(claim)
            what = "relayed by" if relay else "attributed to"
            findings.append(self._finding(
                pair, (x.start, x.end), (y.start, y.end),
                f'The claim is {what} "{x.text}" in one version and to "{y.text}" here: a different source.',
                {"confidence": confidence, "changed": 1.0, "added": 0.0, "dropped": 0.0,
                 "relay": float(relay), "name_similarity": verdict.similarity,
                 "named_source": float(x.named), "named_target": float(y.named),
                 "head_conflict": verdict.head_conflict, "implicit_other": 0.0,
                 "link_similarity": pair.similarity, "claim_similarity": claim}))
        s0, s1 = pair.source_span
        t0, t1 = pair.target_span
        # The other side's sentence with the sentences before it: a source named there ("Paul
        # Mills-Hicks said: ...") and made explicit here ("..., a ajouté M. Mills-Hicks") is the
        # same attribution carried over a quotation that runs on.
        t_context = pair.target_doc.text[max(0, t0 - CONTEXT_CHARS):t1]
        s_context = pair.source_doc.text[max(0, s0 - CONTEXT_CHARS):s1]
        for x in [x for x in left_a if all(x is not p for p, _ in changed)]:
            if self._named_in(x, t_context) or semantic.carried(x, on_source=True):
                continue  # the other side names the same source where its frame was not read
            claim = semantic.claim_across(x, dropped=True)
            if semantic.unrelated(claim):
                continue  # the other side does not state this claim: nothing to attribute
            findings.append(self._one_sided(pair, x, all_tgt, relay, weight * semantic.scale(claim),
                                            dropped=True, other=(t0, t1), claim=claim, other_reports=reports[1]))
        for y in [y for y in left_b if all(y is not q for _, q in changed)]:
            if self._named_in(y, s_context) or semantic.carried(y, on_source=False):
                continue
            claim = semantic.claim_across(y, dropped=False)
            if semantic.unrelated(claim):
                continue
            findings.append(self._one_sided(pair, y, all_src, relay, weight * semantic.scale(claim),
                                            dropped=False, other=(s0, s1), claim=claim, other_reports=reports[0]))
        return [f for f in findings if f.evidence["confidence"] >= self.settings.min_confidence]

    def _named_in(self, att: Attribution, text: str) -> bool:
        """Whether a named source is written in the other version's sentence although no frame
        read it there ("„…“, so Beattie", "贝蒂表示"), spelt alike or transliterated ("Битти" /
        "Beattie"): the source is not dropped, only unread."""
        if not att.mentions or att.implicit:
            return False
        if any(spelt_in(m, text) for m in att.mentions):
            return True
        others = extract_mentions(text, data=self.data)
        return any(compare_names(m, o, self.data).kind in ("same", "variant") for m in att.mentions for o in others)

    def _one_sided(self, pair: AlignedPair, att: Attribution, other_side: list[Attribution], relay: bool,
                   weight: float, *, dropped: bool, other: tuple[int, int], claim: float = 1.0,
                   other_reports: bool = False) -> Finding:
        implicit_other = any(o.implicit for o in other_side)
        any_other = any(o.role == att.role for o in other_side)
        cfg = self.settings
        # The other side reports the claim, but no source could be read off its frame.
        unresolved = other_reports and not any_other and not implicit_other
        if att.implicit:
            base = cfg.implicit_source
        elif att.named:
            base = cfg.named_source
        else:
            base = cfg.unnamed_source
        if implicit_other:
            base = min(base, cfg.other_implicit_cap)
        elif any_other:
            base -= cfg.other_named_discount  # the other side still names a source, matched elsewhere
        if unresolved:
            base *= 0.5
        confidence = base * weight
        evidence = {"confidence": confidence, "changed": 0.0, "added": float(not dropped),
                    "dropped": float(dropped), "relay": float(relay), "name_similarity": 0.0,
                    "named_source": float(att.named and dropped),
                    "named_target": float(att.named and not dropped),
                    "head_conflict": 0.0, "implicit_other": float(implicit_other),
                    "other_source": float(any_other), "other_reports": float(unresolved),
                    "link_similarity": pair.similarity, "claim_similarity": claim}
        kind = "relay" if relay else "source"
        if dropped:
            explanation = f'The {kind} "{att.text}" of this claim is missing here: it is stated without it.'
            return self._finding(pair, (att.start, att.end), other, explanation, evidence)
        explanation = f'This version attributes the claim to "{att.text}"; the other gives no such {kind}.'
        return self._finding(pair, other, (att.start, att.end), explanation, evidence)

    def _finding(self, pair: AlignedPair, source: tuple[int, int], target: tuple[int, int], explanation: str,
                 evidence: dict[str, float]) -> Finding:
        confidence = max(0.0, min(1.0, evidence["confidence"]))
        evidence["confidence"] = confidence
        return Finding(category="attribution", source=pair.source_side(*source),
                       target=pair.target_side(*target), explanation=explanation, severity=confidence,
                       evidence=evidence, detector=self.name)
