"""Sentences: segmentation with exact character offsets, boilerplate marked.

Lines first, then sentences: a news text's line breaks are paragraph breaks (or headings, or
page furniture such as "Read later"), and no sentence crosses one. Inside a line pysbd splits
sentences with the rules of the document's language (English rules for languages pysbd lacks).

Guarantees, for ``sentences = segment(doc)``:

- ``doc.text[s.start:s.end] == s.text`` for every sentence, and ``s.text`` is non-empty with no
  surrounding whitespace;
- sentences are in text order, indexed 0..n-1, and do not overlap;
- every non-whitespace character of ``doc.text`` lies in exactly one sentence: pysbd only
  proposes where sentences start; the text between two starts is one sentence, so nothing pysbd
  drops or rewrites can be lost.

Boilerplate (``configs/boilerplate.toml``): a sentence is boilerplate when its line, or the
sentence itself, fully matches one of the patterns. A short heading without final punctuation
("Progression of anti-regime groups") is content: it is a sentence of its own (its own line)
with ``boilerplate=False``, because headings carry the story's claims in a few words and
versions differ in them; only explicit patterns mark boilerplate. A dateline opening one of a
document's first lines ("COLOGNE, March 12 (Reuters) -", ``[dateline]`` in the same file) is cut
off as a boilerplate sentence of its own, and the rest of its line is split as usual.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from drift.config import CONFIG_DIR, base_language, load_lexicon, read_toml
from drift.documents import Document
from drift.errors import DriftError


@dataclass(frozen=True)
class Sentence:
    """A sentence of a document: ``text == document.text[start:end]`` always holds."""

    index: int
    start: int
    end: int
    text: str
    boilerplate: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The report's JSON shape of a sentence."""
        return {"index": self.index, "start": self.start, "end": self.end, "text": self.text,
                "boilerplate": self.boilerplate}


BOILERPLATE_FILE = CONFIG_DIR / "boilerplate.toml"

FALLBACK_LANGUAGE = "en"

# Characters that close a quotation or a parenthesis. pysbd sometimes ends a sentence inside a
# quotation and starts the next one with the closing mark (Bulgarian „...“ is the common case);
# such a mark belongs to the sentence before it.
_CLOSERS = "”’»)]›"
# Marks that open in one tradition and close in another (“ opens English, closes Bulgarian and
# German; " and ' do both): a closer only when followed by whitespace or the end of the line.
_AMBIGUOUS_QUOTES = "“\"'‘"
# Marks a complete sentence ends with, in any script (the Devanagari danda, the CJK full stop),
# closing quotes included; a short line ending otherwise is a heading or a caption.
TERMINAL_PUNCTUATION = tuple(".!?…»\"”“'。！？।॥」』")


# --- boilerplate patterns ---------------------------------------------------------------------


@dataclass(frozen=True)
class BoilerplateRules:
    """Compiled boilerplate patterns; ``matches`` is a full, case-insensitive match."""

    patterns: tuple[re.Pattern[str], ...]
    # Page-navigation phrases a flattened page leaves inside a sentence ("... 2018 Zum
    # Seitenanfang Kontakt"): ``without_inline`` removes them.
    inline: re.Pattern[str] | None = None
    # Datelines ("COLOGNE, March 12 (Reuters) -"), tried at the start of the first
    # ``dateline_lines`` lines that carry text: ``dateline_end`` is where one ends.
    datelines: tuple[re.Pattern[str], ...] = ()
    dateline_lines: int = 0

    def matches(self, text: str) -> bool:
        stripped = text.strip()
        return bool(stripped) and any(p.fullmatch(stripped) for p in self.patterns)

    def without_inline(self, text: str) -> str:
        """``text`` with its page-navigation phrases removed."""
        return self.inline.sub(" ", text) if self.inline is not None else text

    def dateline_end(self, line: str) -> int:
        """Where a dateline opening ``line`` ends (after its dash and spaces), or 0 if none does.
        The longest match is the dateline: "COLONIA (ALEMANIA), 12 Mar. (EUROPA PRESS) -" ends at
        the dash, not at the full stop of "Mar."."""
        return max((found.end() for pattern in self.datelines if (found := pattern.match(line))), default=0)


def _compile(patterns: Iterable[Any], where: str) -> list[re.Pattern[str]]:
    compiled = []
    for pattern in patterns:
        if not isinstance(pattern, str):
            raise DriftError(f"{where}: boilerplate pattern must be a string, got {pattern!r}")
        try:
            compiled.append(re.compile(pattern, re.IGNORECASE))
        except re.error as exc:
            raise DriftError(f"{where}: invalid boilerplate pattern {pattern!r}: {exc}") from None
    return compiled


@functools.cache
def load_boilerplate(path: str | None = None, extra: tuple[str, ...] = ()) -> BoilerplateRules:
    """Patterns of every language in a boilerplate TOML file (``[patterns] lang = [...]``)."""
    file = Path(path) if path else BOILERPLATE_FILE
    data = read_toml(file)
    groups = data.get("patterns")
    if not isinstance(groups, dict) or not all(isinstance(v, list) for v in groups.values()):
        raise DriftError(f"{file}: expected a [patterns] table of lists of regular expressions")
    patterns = [p for group in groups.values() for p in group]
    inline = data.get("inline", {})
    if not isinstance(inline, dict) or not all(isinstance(v, list) and all(isinstance(p, str) for p in v)
                                               for v in inline.values()):
        raise DriftError(f"{file}: expected an [inline] table of lists of phrases")
    # Longest first, so that a phrase inside a longer one ("retour en haut" / "retour en haut de
    # page") does not cut the longer one short, whatever the order of the lists.
    phrases = sorted({p for group in inline.values() for p in group if p}, key=len, reverse=True)
    # Credits of the outlet's own correspondent inside a sentence ("..., передає власний
    # кореспондент Укрінформу у Варшаві"): regular expressions, read like the phrases.
    credits = data.get("inline_credits", {})
    if not isinstance(credits, dict) or not all(isinstance(v, list) and all(isinstance(p, str) for p in v)
                                                for v in credits.values()):
        raise DriftError(f"{file}: expected an [inline_credits] table of lists of regular expressions")
    _compile([p for group in credits.values() for p in group], str(file))
    alternatives = [f"(?:{p})" for group in credits.values() for p in group if p] + [re.escape(p) for p in phrases]
    inline_pattern = (re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)
                      if alternatives else None)
    dateline = data.get("dateline", {})
    if not isinstance(dateline, dict) or not isinstance(dateline.get("patterns", []), list) \
            or not isinstance(dateline.get("lines", 0), int):
        raise DriftError(f"{file}: expected a [dateline] table with a list of patterns and a number of lines")
    return BoilerplateRules(tuple(_compile(patterns, str(file)) + _compile(extra, "boilerplate.extra")),
                            inline_pattern, tuple(_compile(dateline.get("patterns", []), str(file))),
                            dateline.get("lines", 0))


def boilerplate_rules(config: Mapping[str, Any] | None) -> BoilerplateRules:
    """The boilerplate rules a drift config (or its ``[boilerplate]`` section) chooses."""
    # Accepts the whole config mapping or just its [boilerplate] section:
    #   [boilerplate] file = "my_boilerplate.toml"   extra = ["my pattern", ...]
    section: Mapping[str, Any] = {}
    if config:
        inner = config.get("boilerplate")
        section = inner if isinstance(inner, Mapping) else config
    file = section.get("file")
    extra = section.get("extra", ())
    if isinstance(extra, str) or not isinstance(extra, Sequence):
        raise DriftError("config: boilerplate.extra must be a list of regular expressions")
    return load_boilerplate(str(file) if file else None, tuple(extra))


# --- pysbd ------------------------------------------------------------------------------------

_segmenter_lock = threading.Lock()


def pysbd_language(language: str | None) -> str:
    """The pysbd rule set for an ISO 639-1 code: its own when pysbd has one, else English."""
    from pysbd.languages import LANGUAGE_CODES

    code = (language or "").lower().split("-")[0].split("_")[0]
    return code if code in LANGUAGE_CODES else FALLBACK_LANGUAGE


@functools.cache
def _segmenter(language: str) -> Any:
    import pysbd

    # clean=False: pysbd must not rewrite the text, every offset depends on it.
    return pysbd.Segmenter(language=language, clean=False, char_span=True)


def _pysbd_spans(line: str, language: str) -> list[tuple[int, str]]:
    """pysbd's sentences of ``line`` as ``Segmenter.segment`` with ``char_span`` gives them: each
    with the whitespace after it, from where it occurs."""
    # pysbd segmenters keep per-call state on the instance, so calls are serialised.
    with _segmenter_lock:
        sentences = _segmenter(language).processor(line).process()
    if any(not sent for sent in sentences):   # an empty one matches anywhere: left to pysbd's own
        with _segmenter_lock:
            return [(span.start, span.sent) for span in _segmenter(language).segment(line)]
    return _char_spans(line, sentences)


def _char_spans(text: str, sentences: Sequence[str]) -> list[tuple[int, str]]:
    """pysbd's ``sentences_with_char_spans`` without its regular expression per sentence (compiling
    them was half of pysbd's time on long documents): each sentence with the whitespace after
    it, at its first occurrence, searched from the start as pysbd's ``re.finditer`` does, that
    ends after the previous one; a sentence found nowhere is left out."""
    out: list[tuple[int, str]] = []
    prior_end = 0
    for sent in sentences:
        pos = 0
        while (at := text.find(sent, pos)) >= 0:
            end = at + len(sent)
            while end < len(text) and text[end].isspace():    # str.isspace is re's \s on str
                end += 1
            if end > prior_end:
                out.append((at, text[at:end]))
                prior_end = end
                break
            pos = end           # finditer's next match starts where this one ended
    return out


def _sentence_starts(line: str, language: str) -> list[int]:
    """Offsets in ``line`` where sentences start, ascending, the first one 0.

    pysbd's char_span is trusted only when the text at that offset is the sentence; otherwise
    (pysbd's offsets drift after repeated sentences or text it normalised) the sentence is
    searched forward from the end of the previous one. A sentence found nowhere adds no start:
    its text stays in the sentence before it.
    """
    starts = [0]
    cursor = 0
    for hint, sent in _pysbd_spans(line, language):
        body = sent.strip()
        if not body:
            continue
        lead = len(sent) - len(sent.lstrip())
        at = hint + lead
        if not (at >= cursor and line.startswith(body, at)):
            at = line.find(body, cursor)
        if at < 0:
            # Rewritten text: anchor on its first word, still only forward.
            first = body.split()[0]
            at = line.find(first, cursor)
            if at < 0:
                continue
            cursor = at + len(first)
        else:
            cursor = at + len(body)
        if at > starts[-1]:
            starts.append(at)
    return starts


def _move_closers(line: str, starts: list[int]) -> list[int]:
    """Shift a start past closing quotes that belong to the previous sentence."""
    fixed = [starts[0]]
    for at in starts[1:]:
        pos = at
        while pos < len(line):
            char = line[pos]
            if char in _CLOSERS:
                pos += 1
            elif char in _AMBIGUOUS_QUOTES and (pos + 1 == len(line) or line[pos + 1].isspace()):
                pos += 1
            else:
                break
        while pos < len(line) and line[pos].isspace():
            pos += 1
        if pos < len(line) and pos > fixed[-1]:
            fixed.append(pos)
        # else: only closers and spaces were left; they stay with the previous sentence
    return fixed


# Opening brackets and quotation marks a word may carry before it.
_OPENING = "([{\"'«„“‘"


@functools.lru_cache(maxsize=64)
def _abbreviations(language: str | None) -> frozenset[str]:
    """The language's abbreviations after which no sentence starts (its lexicon's
    ``[words] abbreviations``), lowercase."""
    words = load_lexicon(base_language(language) or "und").get("words", {}).get("abbreviations", [])
    return frozenset(str(word).lower() for word in words)


def _word_before(line: str, at: int) -> str:
    """The whitespace-delimited word before offset ``at``, lowercase, opening brackets and quotes
    stripped ("(ok." is "ok.")."""
    before = line[:at].rstrip()
    return before.rsplit(None, 1)[-1].lstrip(_OPENING).lower() if before else ""


def _single_initial(text: str, end: int) -> bool:
    """Whether ``text[:end]`` ends with one capital letter and a full stop ("I.", "J."); False
    when ``end`` runs past the text (a start near the end of a line)."""
    return (2 <= end <= len(text) and text[end - 1] == "." and text[end - 2].isupper()
            and (end == 2 or not text[end - 3].isalnum()))


def _initials_run(line: str, at: int) -> bool:
    """A start inside a run of initials ("la I. A.", "J. R. R. Tolkien"): the text before ends with
    one capital and a full stop, and the text from here begins with another."""
    return _single_initial(line[:at].rstrip(), len(line[:at].rstrip())) and _single_initial(line, at + 2)


# An apostrophe with a space on each side, between two words: tokenised text ("l ' énergie",
# "dell ' anno", "don ' t"), as corpora and translation tools write it. pysbd reads the lone mark
# as an opening quotation and splits nothing until it meets another, so one "sentence" swallowed
# up to five of the other version's. pysbd sees a hyphen in its place (same length: every offset
# holds); the text itself is never changed.
_SPACED_APOSTROPHE = re.compile(r"(?<=\w) ['’] (?=\w)")
# A date or a section number tokenised the same way ("01 . 10 . 2003", "Annex 1 . 16"): pysbd
# ended a sentence at each stop. Untokenised text never writes a stop apart between figures.
_SPACED_FIGURE_STOP = re.compile(r"(?<=\d) \. (?=\d)")


def _for_splitter(line: str) -> str:
    """``line`` as pysbd is given it, character for character the same length."""
    line = _SPACED_APOSTROPHE.sub(" - ", line)
    return _SPACED_FIGURE_STOP.sub(" / ", line)


def split_line(line: str, language: str | None = None) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence in one line, stripped of surrounding whitespace."""
    if not line.strip():
        return []
    starts = _move_closers(line, _sentence_starts(_for_splitter(line), pysbd_language(language)))
    # A sentence does not begin with a lowercase letter: pysbd ends one at an ordinal written
    # with a full stop ("w 14. minucie", "14. května", "am 3. Mai"), which languages without
    # their own pysbd rules (Czech) and some with them (Polish) write that way.
    # Nor with a comma, semicolon or colon, or a hyphen glued to a letter: pysbd ends one inside an
    # abbreviation it does not know ("w 2020 r., kiedy ...", "r." for "rok"; "après J.-C., selon
    # ..."), and what follows continues the sentence.
    starts = [at for k, at in enumerate(starts)
              if k == 0 or not (line[at].islower() or line[at] in ",;:" or _initials_run(line, at)
                                or (line[at] == "-" and line[at + 1:at + 2].isalnum()))]
    # Nor after an abbreviation of the language that stands before what it qualifies ("ok. 1200",
    # "ok. godz. 4.40", "ок. 300"): pysbd's rules for some languages end a sentence there.
    abbreviations = _abbreviations(language)
    if abbreviations:
        starts = [at for k, at in enumerate(starts) if k == 0 or _word_before(line, at) not in abbreviations]
    bounds = [*starts, len(line)]
    spans = []
    for begin, end in zip(bounds, bounds[1:], strict=False):
        piece = line[begin:end]
        left = len(piece) - len(piece.lstrip())
        right = len(piece.rstrip())
        if right > left:
            spans.append((begin + left, begin + right))
    return spans


# --- documents --------------------------------------------------------------------------------


def _lines(text: str) -> Iterable[tuple[int, str]]:
    offset = 0
    for line in text.split("\n"):
        yield offset, line
        offset += len(line) + 1


def segment(doc: Document, *, config: Mapping[str, Any] | None = None) -> list[Sentence]:
    """The sentences of a document, in order, with exact offsets and boilerplate marked.

    ``config`` is the drift config (or its ``[boilerplate]`` section): ``file`` replaces
    ``configs/boilerplate.toml``, ``extra`` adds patterns. ``config["language"]`` overrides the
    document's language for the choice of pysbd rules.
    """
    rules = boilerplate_rules(config)
    language = (config or {}).get("language") or doc.language
    sentences: list[Sentence] = []
    lines_with_text = 0
    for offset, line in _lines(doc.text):
        spans = split_line(line, language)
        if not spans:
            continue
        lines_with_text += 1
        line_is_boilerplate = rules.matches(line)
        # A dateline opening one of the first lines is a sentence of its own, and boilerplate:
        # each outlet writes its own place, date and agency there.
        dateline_end = rules.dateline_end(line[spans[0][0]:]) \
            if lines_with_text <= rules.dateline_lines and not line_is_boilerplate else 0
        cut = spans[0][0] + dateline_end if dateline_end else 0
        if cut:
            dateline = line[spans[0][0]:cut].rstrip()
            sentences.append(Sentence(index=len(sentences), start=offset + spans[0][0],
                                      end=offset + spans[0][0] + len(dateline), text=dateline, boilerplate=True))
            spans = [(cut + start, cut + end) for start, end in split_line(line[cut:], language)]
        for start, end in spans:
            text = line[start:end]
            # A sentence that is the whole line (spaces aside) was matched as the line.
            boilerplate = line_is_boilerplate or ((len(spans) > 1 or cut > 0) and rules.matches(text))
            sentences.append(Sentence(index=len(sentences), start=offset + start, end=offset + end, text=text,
                                      boilerplate=boilerplate))
    return sentences
