"""Words and character ranges: the one word pattern, the one token pattern and the one overlap
test that every stage shares (segmentation aside, which pysbd does)."""

from __future__ import annotations

import re

# A word of letters only, with inner hyphens and apostrophes kept ("al-Qaeda", "aujourd'hui",
# "O'Brien"): names and number words. Digits are not letters here: "2023" is no name.
WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
# The joints inside a WORD, for callers that want its parts ("vingt-deux", "d'une").
JOINT = re.compile(r"[-'’]")
# Tokens for word alignment and phrase matching: runs of letters and digits (with inner hyphens,
# non-breaking hyphens and apostrophes) or single punctuation marks. Offsets index the text.
# Scripts written without spaces between words (Chinese, Japanese kana): each character is a
# token, so a sentence in them is not one giant "word" that aligns with nothing.
_UNSPACED = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_SPACED_WORD = rf"(?:(?![{_UNSPACED}])\w)+"
TOKEN = re.compile(rf"[{_UNSPACED}]|{_SPACED_WORD}(?:[-'’‑]{_SPACED_WORD})*|[^\w\s]")

Range = tuple[int, int]

_UNSPACED_CHAR = re.compile(rf"[{_UNSPACED}]")


def mostly_unspaced(text: str) -> bool:
    """Whether most letters of ``text`` are in a script written without spaces between words:
    single-character tokens then stand for words, too weak for word-level content checks."""
    letters = sum(ch.isalpha() for ch in text)
    return bool(letters) and len(_UNSPACED_CHAR.findall(text)) * 2 > letters


def overlaps(a: Range | None, b: Range | None) -> bool:
    """Whether two half-open character (or word) ranges ``[start, end)`` share a position; a
    missing range overlaps nothing."""
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]
