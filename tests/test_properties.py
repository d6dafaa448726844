"""Property tests (hypothesis) of the invariants every stage promises, with no model.

Documents and segmentation run as they are; alignment gets a fake embedder (bag-of-words
vectors from a hash, so sentences sharing words are similar, as with a real encoder); severity
finalisation gets random findings.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence

import numpy as np
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from test_align import THRESHOLDS  # the fake embedders' calibration, defined once

from drift.align import PairAlignment, align_pair
from drift.collate import collate
from drift.documents import Document, decode_bytes, normalize_newlines
from drift.findings import CATEGORIES, Finding, Side
from drift.score import finalize
from drift.segment import Sentence, segment

DIM = 48
# Thresholds for the fake embedder's geometry (random sentences are near 0 cosine), as a registry
# entry calibrates them for a real model.

# DRIFT_HYPOTHESIS_EXAMPLES=1000 for a deeper search than the default run's. The default run draws
# the same examples every time (a test run, CI's included, passes or fails the same way on the same
# code); DRIFT_HYPOTHESIS_RANDOM=1 explores new ones (that is how "A.:" was found), and a case found
# that way is kept as an @example.
FAST = settings(max_examples=int(os.environ.get("DRIFT_HYPOTHESIS_EXAMPLES", "60")), deadline=None,
                derandomize=not os.environ.get("DRIFT_HYPOTHESIS_RANDOM"),
                suppress_health_check=[HealthCheck.too_slow])


class HashEmbedder:
    """Bag of words: each word a fixed pseudo-random unit vector, the sentence their normalised sum."""

    def _word(self, word: str) -> np.ndarray:
        seed = int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")
        return np.random.default_rng(seed).standard_normal(DIM).astype(np.float32)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in text.split() or [""]:
                out[row] += self._word(word)
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)


# --- documents and segmentation -------------------------------------------------------------

# Random text biased towards what breaks segmenters: quotes of every tradition, abbreviations,
# newlines and other scripts, mixed with arbitrary unicode.
PIECES = ["The", "minister", "said", "Mr.", "U.S.", "3.5", "1,200", ".", "!", "?", "…", " ", "  ",
          "\n", "\n\n", "\r\n", "\t", "“", "”", "„", "«", "»", "\"", "'", "(", ")", "—", "Пловдив",
          "каза", "é", "Ελλάδα", "東京", "ქართული", "தமிழ்", "🙂", "\u00a0", "\u200b"]
TEXT = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), min_size=1, max_size=60).map("".join)


def _check_sentences(text: str, sentences: Sequence[Sentence]) -> None:
    previous_end = 0
    for number, s in enumerate(sentences):
        assert s.index == number
        assert s.text == text[s.start:s.end]          # the offsets round-trip
        assert s.text.strip() and s.text == s.text.strip()
        assert s.start >= previous_end                  # in order, never overlapping
        previous_end = s.end


@FAST
@given(TEXT, st.sampled_from(["en", "fr", "bg", "und"]))
@example("A.:", "en")  # a sentence start two characters from the end after an initial ("A.")
def test_sentence_offsets_round_trip(raw: str, language: str) -> None:
    text = normalize_newlines(raw)
    sentences = segment(Document("x", text, language=language))
    _check_sentences(text, sentences)
    # Every non-space character is in some sentence: segmentation loses nothing.
    covered = np.zeros(len(text), dtype=bool)
    for s in sentences:
        covered[s.start:s.end] = True
    assert all(covered[i] or ch.isspace() or ch in "\u200b\ufeff" for i, ch in enumerate(text))


@FAST
@given(TEXT)
def test_decoded_bytes_round_trip_offsets(raw: str) -> None:
    data = raw.encode("utf-8")
    if not raw.strip() or "\x00" in raw:
        return  # empty and binary input are rejected; test_bad_inputs covers them
    try:
        text = decode_bytes(data, "x")
    except Exception:
        return  # control-heavy noise may be rejected as binary; never silently mangled
    assert text == normalize_newlines(raw.removeprefix("\ufeff"))
    _check_sentences(text, segment(Document("x", text, language="und")))


# --- alignment ------------------------------------------------------------------------------

WORDS = [f"w{i}" for i in range(40)]
SENTENCE = st.lists(st.sampled_from(WORDS), min_size=1, max_size=6).map(" ".join)
DOC = st.lists(SENTENCE, min_size=0, max_size=14)


def _check_alignment(result: PairAlignment, n: int, m: int, skip_s: set[int], skip_t: set[int]) -> None:
    seen_s: list[int] = [i for link in result.links for i in link.source]
    seen_t: list[int] = [j for link in result.links for j in link.target]
    assert all(0 <= i < n for i in seen_s) and all(0 <= j < m for j in seen_t)
    assert len(seen_s) == len(set(seen_s)) and len(seen_t) == len(set(seen_t))  # no sentence twice
    assert all(link.source and link.target for link in result.links)
    assert not (set(seen_s) & skip_s) and not (set(seen_t) & skip_t)
    # Unaligned is exactly the complement of the linked sentences, skipped ones excluded.
    assert sorted(result.unaligned_source) == sorted(set(range(n)) - set(seen_s) - skip_s)
    assert sorted(result.unaligned_target) == sorted(set(range(m)) - set(seen_t) - skip_t)
    assert all(np.isfinite(link.similarity) for link in result.links)


@FAST
@given(DOC, DOC, st.booleans(), st.data())
def test_align_pair_invariants(source: list[str], target: list[str], monotonic: bool,
                               data: st.DataObject) -> None:
    skip_s = set(data.draw(st.sets(st.integers(0, max(len(source) - 1, 0)), max_size=2))) & set(
        range(len(source)))
    skip_t = set(data.draw(st.sets(st.integers(0, max(len(target) - 1, 0)), max_size=2))) & set(
        range(len(target)))
    result = align_pair(source, target, HashEmbedder(), THRESHOLDS, skip_source=skip_s,
                        skip_target=skip_t, monotonic=monotonic)
    _check_alignment(result, len(source), len(target), skip_s, skip_t)


@FAST
@given(DOC.filter(bool), st.randoms(use_true_random=False))
def test_shuffled_copy_aligns_within_bounds(source: list[str], rnd: object) -> None:
    target = list(source)
    rnd.shuffle(target)  # type: ignore[attr-defined]
    result = align_pair(source, target, HashEmbedder(), THRESHOLDS)
    _check_alignment(result, len(source), len(target), set(), set())


@FAST
@given(st.lists(DOC, min_size=2, max_size=4))
def test_each_sentence_in_exactly_one_unit_per_version(docs: list[list[str]]) -> None:
    embedder = HashEmbedder()
    alignments = {(i, j): align_pair(docs[i], docs[j], embedder, THRESHOLDS)
                  for i in range(len(docs)) for j in range(i + 1, len(docs))}
    ids = [f"v{k}" for k in range(len(docs))]
    units = collate(ids, [len(d) for d in docs], alignments, THRESHOLDS)
    for version, doc in enumerate(docs):
        cells = [i for unit in units for i in unit.cells[ids[version]]]
        assert len(cells) == len(set(cells))             # at most one unit per sentence
        assert sorted(cells) == list(range(len(doc)))    # and every sentence in one
    assert all(unit.present for unit in units)


# --- severity finalisation ------------------------------------------------------------------


def _sentences(n: int) -> list[Sentence]:
    return [Sentence(index=i, start=10 * i, end=10 * i + 9, text="x" * 9) for i in range(n)]


@st.composite
def findings(draw: st.DrawFn) -> Finding:
    category = draw(st.sampled_from(CATEGORIES))
    s = draw(st.integers(0, 4))
    t = draw(st.integers(0, 4))
    source = (Side("a") if category == "addition"
              else Side("a", s, 10 * s, 10 * s + draw(st.integers(1, 9)), "x"))
    target = (Side("b") if category == "omission"
              else Side("b", t, 10 * t, 10 * t + draw(st.integers(1, 9)), "x"))
    return Finding(category=category, source=source, target=target, explanation="",
                   severity=draw(st.floats(-2.0, 3.0, allow_nan=False)),
                   evidence={"similarity": draw(st.floats(-1, 1))})


CALIBRATION = st.dictionaries(
    st.sampled_from(CATEGORIES),
    st.fixed_dictionaries({"bias": st.floats(-50, 50), "weights": st.fixed_dictionaries(
        {"similarity": st.floats(-50, 50)})}), max_size=4)


@FAST
@given(st.lists(findings(), max_size=25), CALIBRATION)
def test_finalize_sorts_and_bounds_severities(items: list[Finding], calibration: dict) -> None:
    sentences = {"a": _sentences(5), "b": _sentences(5)}
    out = finalize(items, sentences, calibration)
    severities = [f.severity for f in out]
    assert severities == sorted(severities, reverse=True)
    assert all(0.0 <= s <= 1.0 for s in severities)
    assert all(f.severity < 0.5 for f in out if f.category in ("variant", "paraphrase"))
    assert [f.id for f in out] == [f"F{n:04d}" for n in range(1, len(out) + 1)]
    # Finalising again changes nothing but may only drop more duplicates: it is idempotent.
    again = finalize(list(out), sentences, {})
    assert [(f.category, f.severity) for f in again] == [(f.category, f.severity) for f in out]
