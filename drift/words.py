"""Words and character ranges: the one word pattern, the one token pattern and the one overlap
test that every stage shares (segmentation aside, which pysbd does)."""

from __future__ import annotations

import itertools
import re
import sys
import unicodedata


def _mark_ranges() -> str:
    """Every combining mark (Unicode categories Mn, Mc, Me) as a regex character-class body.

    ``\\w`` leaves them out, so without them a word of an abugida (Hindi "में", Bengali, Tamil,
    Thai) or with a decomposed accent falls apart into letters and stray marks."""
    ranges: list[list[int]] = []
    # Marks stand only in the first three planes and in plane 14 (variation selectors): reading
    # those alone gives the same class at a fifth of the cost, paid by every start-up.
    for code in itertools.chain(range(0x30000), range(0xE0000, min(0xE1000, sys.maxunicode + 1))):
        if unicodedata.category(chr(code)) in ("Mn", "Mc", "Me"):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    # The characters themselves, not "\U0001e944"-style escapes: the class goes into dozens of patterns, and
    # the regex parser reads a literal character several times faster than an escape. No mark
    # is one of the class's special characters (] \ ^ -).
    return "".join(chr(a) if a == b else f"{chr(a)}-{chr(b)}" for a, b in ranges)


MARKS = _mark_ranges()

# A word of letters only, with inner hyphens and apostrophes kept ("al-Qaeda", "aujourd'hui",
# "O'Brien"): names and number words. Digits are not letters here: "2023" is no name.
_LETTER = rf"(?:[^\W\d_]|[{MARKS}])"
WORD = re.compile(rf"{_LETTER}+(?:[-'’]{_LETTER}+)*")
# The joints inside a WORD, for callers that want its parts ("vingt-deux", "d'une").
JOINT = re.compile(r"[-'’]")
# Tokens for word alignment and phrase matching: runs of letters and digits (with inner hyphens,
# non-breaking hyphens and apostrophes) or single punctuation marks. Offsets index the text.
# Scripts written without spaces between words (Chinese, Japanese kana): each character is a
# token, so a sentence in them is not one giant "word" that aligns with nothing.
UNSPACED = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_SPACED_WORD = rf"(?:(?![{UNSPACED}])[\w{MARKS}])+"
# WORD, where a run of a script written without spaces is a word of its own: a Latin name in
# Chinese text ("Kenny Miler以来还未尝到") ends where the Chinese begins.
_SPACED_LETTER = rf"(?:(?![{UNSPACED}]){_LETTER})"
SCRIPT_WORD = re.compile(rf"[{UNSPACED}]+|{_SPACED_LETTER}+(?:[-'’]{_SPACED_LETTER}+)*")
TOKEN = re.compile(rf"[{UNSPACED}]|{_SPACED_WORD}(?:[-'’‑]{_SPACED_WORD})*|[^\w\s]")

Range = tuple[int, int]

_UNSPACED_CHAR = re.compile(rf"[{UNSPACED}]")


def mostly_unspaced(text: str) -> bool:
    """Whether most letters of ``text`` are in a script written without spaces between words:
    single-character tokens then stand for words, too weak for word-level content checks."""
    letters = sum(map(str.isalpha, text))
    return bool(letters) and len(_UNSPACED_CHAR.findall(text)) * 2 > letters


# Characters a word takes in a script written without spaces (Chinese, Japanese), as a
# sentence's English translation counts them: about 1.6 characters for each English word.
CHARACTERS_PER_WORD = 1.6


def word_count(text: str) -> float:
    """Words in ``text``; a run of a script written without spaces counts its characters' worth
    of words, not one word (a whole Chinese sentence is otherwise "one word" long)."""
    unspaced = len(_UNSPACED_CHAR.findall(text))
    return len(_UNSPACED_CHAR.sub(" ", text).split()) + unspaced / CHARACTERS_PER_WORD


def overlaps(a: Range | None, b: Range | None) -> bool:
    """Whether two half-open character (or word) ranges ``[start, end)`` share a position; a
    missing range overlaps nothing."""
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def lower(text: str) -> str:
    """``text`` in lowercase, a Turkish capital "İ" read as "i" ("İtfaiye", "BİNLERCE"): ``str.lower``
    gives an "i" and a combining dot, which meets no lowercase word list."""
    return text.lower().replace("i\u0307", "i")

