"""Cross-lingual word alignment of two sentences with contextual token vectors (DiffAlign style).

Each word of one sentence is scored by how well it aligns to the words of the other sentence:
a word that nothing in the other sentence expresses is *divergent* (score near 1), a word with
a clear counterpart is not (score near 0). Vamvas & Sennrich (2023, "Towards unsupervised
recognition of token-level semantic differences in related documents") show that the plain
form of this (one minus the best cosine) already locates meaning differences; this module adds
what measured better on REFreSD (see drift/evaluation/refresd.py):

- subword vectors from a middle layer (lexical correspondence is strongest there; the last
  layer of a sentence encoder is pulled towards the sentence meaning and blurs the words);
- a soft mutual (forward x backward) alignment on top of the plain best match, so that a word
  only counts as aligned when its best partner also picks it back;
- light smoothing over neighbouring words, since differences come in phrases, not lone words.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from drift.words import TOKEN


@dataclass(frozen=True)
class Word:
    """A word of a sentence: ``text == sentence[start:end]``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class WordScore:
    """A word with its divergence in [0, 1] (1 = nothing on the other side expresses it)."""

    start: int
    end: int
    text: str
    score: float


@dataclass(frozen=True)
class AlignParams:
    """How word vectors are compared; the defaults are the best REFreSD setting (drift/evaluation/refresd.py).

    ``center`` subtracts the pair's mean word vector before the cosine (no gain measured with
    e5, kept for other encoders); ``temperature`` is the softmax temperature of the mutual
    alignment; ``mutual`` the weight of the mutual score against the plain best cosine;
    ``smoothing`` the weight given to the mean of the two neighbours' scores.
    """

    center: bool = False
    mutual: float = 0.4
    temperature: float = 0.05
    smoothing: float = 0.5


DEFAULT_PARAMS = AlignParams()


def params_from_thresholds(thresholds: Mapping[str, float]) -> AlignParams:
    """Alignment parameters from a registry entry; keys it lacks keep the measured defaults."""
    return AlignParams(
        center=bool(thresholds.get("span_center", DEFAULT_PARAMS.center)),
        mutual=float(thresholds.get("span_mutual", DEFAULT_PARAMS.mutual)),
        temperature=float(thresholds.get("span_temperature", DEFAULT_PARAMS.temperature)),
        smoothing=float(thresholds.get("span_smoothing", DEFAULT_PARAMS.smoothing)))


def split_words(text: str) -> list[Word]:
    """Words (letter/digit runs with inner hyphens and apostrophes, so "al-Qaeda" and
    "aujourd'hui" stay whole) and punctuation marks of ``text``, with their character offsets."""
    return [Word(m.start(), m.end(), m.group()) for m in TOKEN.finditer(text)]


def space_words(text: str) -> list[Word]:
    """Whitespace-separated tokens (for pre-tokenised corpora such as REFreSD)."""
    return [Word(m.start(), m.end(), m.group()) for m in re.finditer(r"\S+", text)]


def pool_words(vectors: np.ndarray, offsets: np.ndarray, words: Sequence[Word]) -> np.ndarray:
    """Mean of the subword vectors overlapping each word; NaN rows for words with no subword.

    A subword counts for every word it overlaps (a tokenizer piece can straddle a word boundary,
    e.g. "l'" in French); empty or whitespace-only pieces overlap nothing and are dropped.
    """
    vectors = np.asarray(vectors, dtype=np.float32)
    offsets = np.asarray(offsets, dtype=np.int64).reshape(-1, 2)
    out = np.full((len(words), vectors.shape[1] if vectors.ndim == 2 else 0), np.nan, dtype=np.float32)
    if not len(words) or not len(offsets):
        return out
    starts = np.array([w.start for w in words])
    ends = np.array([w.end for w in words])
    # overlap[t, w]: token t and word w share at least one character.
    overlap = (offsets[:, :1] < ends[None, :]) & (starts[None, :] < offsets[:, 1:])
    counts = overlap.sum(axis=0)
    has = counts > 0
    if has.any():
        out[has] = (overlap[:, has].T.astype(np.float32) @ vectors) / counts[has, None]
    return out


def _unit(x: np.ndarray) -> np.ndarray:
    return x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-8)


def _softmax(x: np.ndarray, axis: int) -> np.ndarray:
    x = x - x.max(axis=axis, keepdims=True)
    e = np.exp(x)
    return e / e.sum(axis=axis, keepdims=True)


def _smooth(scores: np.ndarray, weight: float) -> np.ndarray:
    if weight <= 0 or len(scores) < 2:
        return scores
    padded = np.concatenate([scores[:1], scores, scores[-1:]])
    neighbours = (padded[:-2] + padded[2:]) / 2
    return (1 - weight) * scores + weight * neighbours


@dataclass
class WordAlignment:
    """Both sentences' words with their divergence, and each word's best partner on the other side.

    ``similarity`` is the (source words x target words) cosine matrix the scores come from;
    ``source_partner[i]`` is the target word most similar to source word i (-1 if none).
    """

    source: list[WordScore]
    target: list[WordScore]
    similarity: np.ndarray
    source_partner: np.ndarray
    target_partner: np.ndarray


def _align(source: np.ndarray, target: np.ndarray,
           params: AlignParams) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Divergences of both sides and the cosine matrix (NaN rows/columns for vector-less words)."""
    src_ok = ~np.isnan(source).any(axis=1) if source.size else np.zeros(len(source), bool)
    tgt_ok = ~np.isnan(target).any(axis=1) if target.size else np.zeros(len(target), bool)
    src_div = np.full(len(source), np.nan)
    tgt_div = np.full(len(target), np.nan)
    full = np.full((len(source), len(target)), np.nan)
    if src_ok.any() and tgt_ok.any():
        x, y = source[src_ok].astype(np.float64), target[tgt_ok].astype(np.float64)
        if params.center:
            mean = np.concatenate([x, y]).mean(axis=0, keepdims=True)
            x, y = x - mean, y - mean
        sim = _unit(x) @ _unit(y).T
        full[np.ix_(src_ok, tgt_ok)] = sim
        # Plain best match (DiffAlign): cosine is in [-1, 1]; below 0 is no match at all.
        fwd_best = np.clip(sim.max(axis=1), 0.0, 1.0)
        bwd_best = np.clip(sim.max(axis=0), 0.0, 1.0)
        if params.mutual > 0:
            # Soft mutual alignment: a pair counts only as much as both directions agree on it.
            mutual = np.sqrt(_softmax(sim / params.temperature, axis=1)
                             * _softmax(sim / params.temperature, axis=0))
            fwd_best = (1 - params.mutual) * fwd_best + params.mutual * mutual.max(axis=1)
            bwd_best = (1 - params.mutual) * bwd_best + params.mutual * mutual.max(axis=0)
        src_div[src_ok] = 1.0 - fwd_best
        tgt_div[tgt_ok] = 1.0 - bwd_best
    for div in (src_div, tgt_div):
        missing = np.isnan(div)
        if missing.any():
            div[missing] = np.nanmedian(div) if (~missing).any() else 0.5
    return (np.clip(_smooth(src_div, params.smoothing), 0.0, 1.0),
            np.clip(_smooth(tgt_div, params.smoothing), 0.0, 1.0), full)


def _partners(sim: np.ndarray, axis: int) -> np.ndarray:
    if sim.shape[axis] == 0:
        return np.full(sim.shape[1 - axis], -1)
    filled = np.where(np.isnan(sim), -np.inf, sim)
    best = filled.argmax(axis=axis)
    return np.where(np.isinf(filled.max(axis=axis)), -1, best)


def _layers(layer: int | Sequence[int]) -> list[int]:
    return [int(layer)] if isinstance(layer, int | float | np.integer) else [int(x) for x in layer]


def word_vectors_batch(texts: Sequence[str], words: Sequence[Sequence[Word]], encoder: Any, *,
                       layer: int | Sequence[int]) -> list[np.ndarray]:
    """Word vectors of many sentences in one ``token_embeddings`` call per layer.

    Several layers are averaged (after per-layer unit normalisation, so no layer dominates).
    """
    pooled: list[np.ndarray] | None = None
    for layer_index in _layers(layer):
        tokens = encoder.token_embeddings(list(texts), layer=layer_index)
        current = []
        for tv, ws in zip(tokens, words, strict=True):
            vecs = pool_words(np.asarray(tv.vectors), np.asarray(tv.offsets), ws)
            current.append(vecs / np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-8))
        pooled = current if pooled is None else [a + b for a, b in zip(pooled, current, strict=True)]
    assert pooled is not None
    return pooled


# A text's words and their vectors, by (text, layers): see ``align_words_batch``.
WordVectorCache = dict[tuple[str, tuple[int, ...]], tuple[list[Word], np.ndarray]]


def align_words_batch(pairs: Sequence[tuple[str, str]], encoder: Any, *,
                      layer: int | Sequence[int],
                      words: Sequence[tuple[Sequence[Word], Sequence[Word]]] | None = None,
                      params: AlignParams = DEFAULT_PARAMS,
                      cache: WordVectorCache | None = None) -> list[WordAlignment]:
    """Word alignments of many (source, target) pairs, encoding all sentences at once.

    ``words`` overrides the word segmentation (e.g. the given tokens of a tokenised corpus).
    Offsets are character offsets into each sentence. ``cache`` keeps each text's words and word
    vectors (they depend on the text alone) for later calls with the same encoder: a sentence
    meets many others, in every pair of versions and in the events' coverage checks.
    """
    texts = [text for pair in pairs for text in pair]
    if words is None and cache is not None:
        layers = tuple(_layers(layer))
        missing = [t for t in dict.fromkeys(texts) if (t, layers) not in cache]
        if missing:
            split = [split_words(t) for t in missing]
            cache.update(((t, layers), (w, v)) for t, w, v in zip(
                missing, split, word_vectors_batch(missing, split, encoder, layer=layer), strict=True))
        words = [(cache[(s, layers)][0], cache[(t, layers)][0]) for s, t in pairs]
        vectors = [cache[(t, layers)][1] for t in texts]
    else:
        if words is None:
            words = [(split_words(s), split_words(t)) for s, t in pairs]
        flat_words = [w for pair_words in words for w in pair_words]
        vectors = word_vectors_batch(texts, flat_words, encoder, layer=layer)
    results = []
    for k, (src_words, tgt_words) in enumerate(words):
        src_div, tgt_div, sim = _align(vectors[2 * k], vectors[2 * k + 1], params)
        # ``tolist`` gives the same Python floats as ``float`` of each element, without a numpy
        # scalar per word (every pair of sentences and every coverage check builds these).
        results.append(WordAlignment(
            source=[WordScore(w.start, w.end, w.text, s) for w, s in zip(src_words, src_div.tolist(), strict=True)],
            target=[WordScore(w.start, w.end, w.text, s) for w, s in zip(tgt_words, tgt_div.tolist(), strict=True)],
            similarity=sim, source_partner=_partners(sim, 1), target_partner=_partners(sim, 0)))
    return results


def word_divergence_batch(pairs: Sequence[tuple[str, str]], encoder: Any, *,
                          layer: int | Sequence[int],
                          words: Sequence[tuple[Sequence[Word], Sequence[Word]]] | None = None,
                          params: AlignParams = DEFAULT_PARAMS,
                          ) -> list[tuple[list[WordScore], list[WordScore]]]:
    """``word_divergence`` for many (source, target) pairs, encoding all sentences at once."""
    return [(a.source, a.target) for a in align_words_batch(pairs, encoder, layer=layer, words=words,
                                                             params=params)]


def word_divergence(source: str, target: str, encoder: Any, *, layer: int | Sequence[int],
                    params: AlignParams = DEFAULT_PARAMS) -> tuple[list[WordScore], list[WordScore]]:
    """Per-word divergence of ``source`` against ``target`` and of ``target`` against ``source``.

    Offsets are character offsets into each sentence.
    """
    return word_divergence_batch([(source, target)], encoder, layer=layer, params=params)[0]
