"""The shared word patterns and the one range-overlap test."""

from __future__ import annotations

import re

import pytest

from drift.quantities import parse_quantities
from drift.tokens import split_words
from drift.words import WORD, overlaps


@pytest.mark.parametrize(("a", "b", "expected"), [
    ((0, 3), (2, 5), True), ((0, 3), (3, 5), False), ((4, 9), (0, 5), True), ((5, 9), (0, 5), False),
    (None, (0, 5), False), ((0, 5), None, False), (None, None, False),
])
def test_overlaps_is_half_open(a: tuple[int, int] | None, b: tuple[int, int] | None, expected: bool) -> None:
    assert overlaps(a, b) is expected


def test_word_keeps_inner_joints_and_tokens_split_punctuation() -> None:
    assert WORD.findall("al-Qaeda and aujourd'hui, 2023") == ["al-Qaeda", "and", "aujourd'hui"]
    assert [w.text for w in split_words("L'armée a dit: 40%.")] == ["L'armée", "a", "dit", ":", "40", "%", "."]


def test_number_words_after_an_elided_article_are_found() -> None:
    # "d'une" is one WORD; quantities reads its parts, so the count after it is not lost.
    found = [(q.text, q.low) for q in parse_quantities("Il parle d'un million d'euros et d'une vingtaine de morts.",
                                                          "fr")]
    assert found == [("un million", 1_000_000.0), ("une vingtaine", 17.0)]


def test_mostly_unspaced_tells_scripts_without_word_spaces() -> None:
    from drift.words import mostly_unspaced
    assert mostly_unspaced("荒岛唱片电台在英国夏令时周日11:15在BBC广播4台播出。")
    assert mostly_unspaced("東京で地震が発生しました。")
    assert not mostly_unspaced("Desert Island Discs is on BBC Radio 4 on Sunday at 11:15 BST.")
    assert not mostly_unspaced("Пристанище Бургас, 11:15")
    assert not mostly_unspaced("")


def test_the_mark_class_holds_every_combining_mark_of_the_unicode_database() -> None:
    # The class is built from the planes where marks stand; a scan of every code point must agree.
    import sys
    import unicodedata

    from drift.words import MARKS

    marks = {chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) in ("Mn", "Mc", "Me")}
    assert all(re.fullmatch(f"[{MARKS}]", m) for m in marks)
    assert not re.fullmatch(f"[{MARKS}]", "a") and not re.fullmatch(f"[{MARKS}]", "\U000e0041")
