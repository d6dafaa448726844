"""Untranslated words: a version that leaves words in the other version's script.

A translation writes its own language in its own script; words of another script inside it
are either conventional (names, brands and acronyms in Latin letters appear as they are in
Russian, Chinese or Hindi copy) or text that was never translated (an English version carrying
"现在" or "गुफा" from its Chinese or Hindi original). The second kind is a change of meaning
for the reader: those words say nothing to them.

A run of words is reported when its script is

- not one the version itself is written in (a script holding at least ``main_share`` of the
  letters of the whole document, and the scripts written with it: Japanese copy owns Han,
  hiragana and katakana),
- one the other version is written in (the words come from it, not from a quoted third
  language), and
- not Latin (the script every other script borrows names, brands and acronyms in),

and the run is not set off in brackets or quotation marks (a gloss or a quoted original word,
"the word «дружба»", is a deliberate mention).

Between two languages of one script (German and English, Russian and Bulgarian) the script says
nothing; there a word is reported when it stands in both sentences, is common in the other
version's language and (all but) unknown in its own, by the word frequencies of ``wordfreq``
(an English version carrying "plötzlich" or "sagte" from its German original). Capitalised words
are left out, in either version: names and titles of works are kept as they are, and German
writes its nouns so. So is a phrase of the other language set off in quotation marks or brackets,
or followed by its gloss in brackets (a term or a quotation kept in the original on purpose:
„settled status”, "settled status (Daueraufenthalt)").
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import regex

from drift.config import ModelSpec
from drift.detect.base import DETECTORS, AlignedPair, Story
from drift.findings import Finding
from drift.words import WORD

# Scripts told apart, by their Unicode Script property; letters of any other script count as
# "other" (never reported: too rare here to know what is conventional in them). Combining marks
# (Script=Inherited) belong to the letter they follow.
SCRIPTS = ("Latin", "Cyrillic", "Greek", "Han", "Hiragana", "Katakana", "Hangul", "Arabic", "Hebrew",
           "Devanagari", "Bengali", "Gurmukhi", "Gujarati", "Oriya", "Tamil", "Telugu", "Kannada",
           "Malayalam", "Sinhala", "Thai", "Lao", "Tibetan", "Myanmar", "Khmer", "Georgian", "Armenian",
           "Ethiopic")
_SCRIPT = regex.compile("|".join(rf"(?P<{name}>\p{{Script={name}}})" for name in SCRIPTS))
_MARK = regex.compile(r"\p{M}")
_LETTER = regex.compile(r"[\p{L}\p{M}]")
# The script names, ideas and brands are borrowed in by every other script.
BORROWED = "Latin"
# Scripts written together: Japanese copy mixes kana with Han, Korean copy may hold Han (hanja);
# a document in one of these owns the others, however few of its letters they are.
WRITTEN_WITH = {"Hiragana": ("Han", "Katakana"), "Katakana": ("Han", "Hiragana"), "Hangul": ("Han",)}
_OPEN = "([{«“„‘‹「『\"'"
_CLOSE = ")]}»”“’›」』\"'"


@functools.cache  # called for every character of every text: a text has few distinct ones
def script_of(ch: str) -> str | None:
    """The script of one letter (None for marks, digits and punctuation; "other" for a letter
    of a script not in ``SCRIPTS``)."""
    if _MARK.match(ch) or not _LETTER.match(ch):
        return None
    m = _SCRIPT.match(ch)
    return m.lastgroup if m else "other"


@functools.lru_cache(maxsize=256)
def main_scripts(text: str, share: float) -> frozenset[str]:
    """The scripts holding at least ``share`` of the letters of ``text``, and those written with them."""
    counts = Counter(s for s in map(script_of, text) if s is not None)
    total = sum(counts.values())
    main = {s for s, n in counts.items() if total and n >= share * total}
    return frozenset(main.union(*(WRITTEN_WITH.get(s, ()) for s in main)))


@dataclass(frozen=True)
class Run:
    """Characters [start, end) of a sentence written in ``script``, with its letter count."""

    start: int
    end: int
    script: str
    letters: int


def script_runs(text: str) -> list[Run]:
    """Maximal runs of letters of one script; spaces, marks and hyphens inside a run do not break
    it (a phrase stays one run), other characters and a change of script do."""
    runs: list[Run] = []
    current: list[int] | None = None  # [start, end, letters]
    script: str | None = None
    for i, ch in enumerate(text):
        s = script_of(ch)
        if s is not None and s == script and current is not None:
            current[1], current[2] = i + 1, current[2] + 1
        elif s is not None:
            if current is not None and script is not None:
                runs.append(Run(current[0], current[1], script, current[2]))
            current, script = [i, i + 1, 1], s
        elif current is not None and (_MARK.match(ch) or ch in " -‑\u00a0\u200b"):
            if _MARK.match(ch):
                current[1] = i + 1
            continue  # a mark extends the letter before it; a space or hyphen may join a phrase
        else:
            if current is not None and script is not None:
                runs.append(Run(current[0], current[1], script, current[2]))
            current, script = None, None
    if current is not None and script is not None:
        runs.append(Run(current[0], current[1], script, current[2]))
    return runs


def _set_off(text: str, run: Run) -> bool:
    """Whether the run stands between brackets or quotation marks (spaces aside)."""
    before = text[:run.start].rstrip()
    after = text[run.end:].lstrip()
    return bool(before) and bool(after) and before[-1] in _OPEN and after[0] in _CLOSE


def _phrase_around(text: str, words: Sequence[regex.Match[str]], k: int, other_words: frozenset[str]) -> Run:
    """The run of consecutive ``words`` of ``text`` around the ``k``-th that the other version's
    sentence has too (a phrase left as it is: "settled status", "The being formally known as Kanye
    West")."""
    first = last = k
    # Words joined by spaces only: a bracket, quotation mark or punctuation ends the phrase.
    while (first > 0 and words[first - 1].group().casefold() in other_words
           and not text[words[first - 1].end():words[first].start()].strip()):
        first -= 1
    while (last + 1 < len(words) and words[last + 1].group().casefold() in other_words
           and not text[words[last].end():words[last + 1].start()].strip()):
        last += 1
    return Run(words[first].start(), words[last].end(), "", words[last].end() - words[first].start())


def _kept_on_purpose(text: str, phrase: Run) -> bool:
    """Whether a phrase of the other language is set off as such: between quotation marks or
    brackets (a quoted original, „settled status”, „The being formally known as Kanye West“), or
    followed by its gloss in brackets ("settled status (status di persona stabilmente
    residente)"): a translator's deliberate choice, not words left behind."""
    return _set_off(text, phrase) or text[phrase.end:].lstrip()[:1] == "("


@functools.lru_cache(maxsize=64)
def has_frequencies(language: str | None, *, rare_words: bool = False) -> bool:
    """Whether wordfreq has a word list for ``language`` that it can read here (its Chinese and
    Japanese lists need word segmenters drift does not install); with ``rare_words``, a large
    list, which goes down to words used once in a hundred million (a small list knows only the
    commoner words, so a word missing from it may still be the language's own)."""
    import wordfreq

    if language not in wordfreq.available_languages("large" if rare_words else "best"):
        return False
    try:
        wordfreq.zipf_frequency("a", language)
    except (ImportError, LookupError, ValueError):
        return False
    return True


@functools.lru_cache(maxsize=65536)
def zipf(word: str, language: str) -> float:
    """How common ``word`` is in ``language`` (Zipf scale: 0 unknown, 3 once per million words,
    7 the commonest words), from wordfreq's lists."""
    import wordfreq

    return float(wordfreq.zipf_frequency(word, language))


def _lowercase_words(text: str) -> frozenset[str]:
    """The words ``text`` writes in lower case, casefolded: a name it capitalises is not among them."""
    return frozenset(m.group().casefold() for m in WORD.finditer(text) if m.group()[0].islower())


# A whole document's, read once per story rather than once per pair.
_document_words = functools.lru_cache(maxsize=64)(_lowercase_words)


def _base_language(code: str | None) -> str | None:
    return code.split("-")[0].lower() if code and code != "und" else None


@dataclass(frozen=True)
class UntranslatedSettings:
    """``main_share``: share of a document's letters from which a script is one it is written in;
    ``base``: the severity of one untranslated word; ``per_letter``: added per further letter
    of the run (longer untranslated text is surer), up to ``ceiling``.

    Within one script (chosen on the development halves of DEMETR, de and fr against English,
    and NTREX, all pairs of its eight languages in Latin or Cyrillic script): a word counts as the
    other language's when its Zipf frequency there is at least ``other_language_min``, in its own
    language (which needs a large word list) at most ``own_language_max``, and the two differ
    by at least ``frequency_gap`` (closely related languages share words that one list knows
    better than the other)."""

    main_share: float = 0.1
    base: float = 0.7
    per_letter: float = 0.01
    ceiling: float = 0.9
    other_language_min: float = 3.0
    own_language_max: float = 2.0
    frequency_gap: float = 2.5
    min_letters: int = 3


@DETECTORS.register("untranslated", settings=UntranslatedSettings)
class UntranslatedDetector:
    """Words of one version left in the other version's script (not Latin): text not translated."""

    name = "untranslated"

    def __init__(self, settings: UntranslatedSettings | None = None, spec: ModelSpec | None = None) -> None:
        self.settings = settings or UntranslatedSettings()

    def detect(self, pair: AlignedPair, story: Story) -> list[Finding]:
        if pair.boilerplate:
            return []
        share = self.settings.main_share
        source_own = main_scripts(pair.source_doc.text, share)
        target_own = main_scripts(pair.target_doc.text, share)
        out = []
        for is_target, own, other in ((True, target_own, source_own), (False, source_own, target_own)):
            if not other - own - {BORROWED, "other"}:
                continue  # no script a run could be left in (two Latin versions): nothing to read
            text = pair.target_text if is_target else pair.source_text
            runs = [r for r in script_runs(text)
                    if r.script not in own and r.script in other and r.script not in (BORROWED, "other")
                    and not _set_off(text, r)]
            out += [self._finding(pair, run, is_target=is_target) for run in runs]
        out += self._same_script_words(pair, source_own & target_own, story)
        return out

    def _same_script_words(self, pair: AlignedPair, shared: frozenset[str], story: Story | None = None,
                           ) -> list[Finding]:
        """Words of one language left in a version in another language of the same script. A word
        a third version in another language writes too is kept by convention, not left behind:
        the lowercase words of an institution's name ("Scuola universitaria professionale della
        Svizzera italiana" in the English, German and French pages alike)."""
        cfg = self.settings
        source_lang = _base_language(pair.source_doc.language)
        target_lang = _base_language(pair.target_doc.language)
        if (not shared or source_lang == target_lang
                or not has_frequencies(source_lang) or not has_frequencies(target_lang)):
            return []
        out = []
        sides = ((True, pair.target_text, target_lang, pair.source_text, source_lang),
                 (False, pair.source_text, source_lang, pair.target_text, target_lang))
        pair_ids = (pair.source_doc.id, pair.target_doc.id)
        for is_target, text, own_lang, other_text, other_lang in sides:
            if not has_frequencies(own_lang, rare_words=True):
                continue  # that a word is unknown there says little
            thirds = [_document_words(doc.text) for doc in (story.documents if story is not None else ())
                      if doc.id not in pair_ids and _base_language(doc.language) != other_lang]
            # The other version's words as it writes them in lower case: a name it capitalises,
            # lowercased in this version ("praha" for "Praha"), is a slip of case, not its text.
            other_words = _lowercase_words(other_text)
            # In any case, read once a word qualifies: a phrase kept as it is holds the other
            # version's names and capitals too.
            other_any_case: frozenset[str] | None = None
            text_words = list(WORD.finditer(text))
            for k, m in enumerate(text_words):
                word = m.group()
                if (len(word) < cfg.min_letters or not word[0].islower() or word.casefold() not in other_words
                        or script_of(word[0]) not in shared):
                    continue
                if any(word.casefold() in words for words in thirds):
                    continue
                own, other = zipf(word, own_lang), zipf(word, other_lang)
                if other >= cfg.other_language_min and own <= cfg.own_language_max and other - own >= cfg.frequency_gap:
                    if other_any_case is None:
                        other_any_case = frozenset(w.group().casefold() for w in WORD.finditer(other_text))
                    # (A word set off on its own is such a phrase of one word: "the word «sagte»".)
                    if _kept_on_purpose(text, _phrase_around(text, text_words, k, other_any_case)):
                        continue
                    run = Run(m.start(), m.end(), script_of(word[0]) or "", len(word))
                    out.append(self._finding(pair, run, is_target=is_target,
                                             evidence={"frequency_gap": other - own}))
        return out

    def _finding(self, pair: AlignedPair, run: Run, *, is_target: bool,
                 evidence: dict[str, float] | None = None) -> Finding:
        cfg = self.settings
        severity = min(cfg.base + cfg.per_letter * (run.letters - 1), cfg.ceiling)
        if is_target:
            (start, _), (other_start, other_end) = pair.target_span, pair.source_span
            locate, locate_other, other_doc = pair.target_side, pair.source_side, pair.source_doc
        else:
            (start, _), (other_start, other_end) = pair.source_span, pair.target_span
            locate, locate_other, other_doc = pair.source_side, pair.target_side, pair.target_doc
        holder = locate(start + run.start, start + run.end)
        # The other side is the same words where that version has them verbatim (they came from
        # there), else its whole sentence (report-format.md: both sides of an ``other`` finding
        # are located).
        found = regex.compile(regex.escape(holder.text or ""), regex.IGNORECASE).search(
            other_doc.text, other_start, other_end)
        counterpart = locate_other(*found.span()) if found else locate_other(other_start, other_end)
        source, target = (counterpart, holder) if is_target else (holder, counterpart)
        return Finding(
            category="other", source=source, target=target,
            explanation=f"“{holder.text}” is left untranslated in {holder.doc}: it is written as in {other_doc.id}.",
            severity=severity, evidence={"confidence": severity, "untranslated_letters": float(run.letters),
                                         "counterpart_found": float(found is not None),
                                         # Which side holds the words (the story's event says so).
                                         "in_target": float(is_target), **(evidence or {})},
            detector=self.name)
