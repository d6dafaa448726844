"""The encode plan: each text through the encoder once, the aligner unchanged, token vectors
from the shared forward pass equal to a separate pass."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import drift.align as align
from drift.config import load_config
from drift.documents import document_from_text, load_documents
from drift.encoders import Encoder, SentenceTransformerBackend
from drift.plan import plan_vectors
from drift.segment import segment

EN = ("The army said 15 soldiers were killed in Aleppo on Tuesday. Rebels denied it.\n"
      "The United Nations called for a ceasefire, a spokesman said. Talks resume on Friday.\n"
      "Thousands fled towards the Turkish border overnight.")
FR = ("L'armée a affirmé que 15 soldats avaient été tués à Alep mardi. Les rebelles ont démenti.\n"
      "Les Nations unies ont appelé à un cessez-le-feu, selon un porte-parole. Les pourparlers "
      "reprennent vendredi.\n"
      "Des milliers de personnes ont fui vers la frontière turque pendant la nuit.")


class CountingEncoder:
    """The real encoder, recording every text its model is asked to run (embed is the only path
    to the model: encode and token_embeddings go through it)."""

    def __init__(self, inner: Encoder) -> None:
        self.inner = inner
        self.sent: list[str] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def embed(self, texts: Sequence[str], **kwargs: Any) -> Any:
        before = self.inner.texts_encoded
        result = self.inner.embed(texts, **kwargs)
        # The encoder's own counter says how many of them missed its cache.
        assert self.inner.texts_encoded - before <= len(set(texts))
        self.sent.extend(texts)
        return result

    def encode(self, texts: Sequence[str], **kwargs: Any) -> np.ndarray:
        return self.embed(texts, **kwargs)[0]

    def token_embeddings(self, texts: Sequence[str], *, layer: int = -1, **kwargs: Any) -> Any:
        return self.embed(texts, token_layer=layer, need_vectors=False, **kwargs)[1]


def _story(*texts: str) -> tuple[list[Any], dict[str, list[Any]]]:
    docs = [document_from_text(text, f"v{k}") for k, text in enumerate(texts)]
    return docs, {d.id: segment(d) for d in docs}


def test_plan_encodes_each_text_once(encoder: Encoder) -> None:
    spec = load_config().model_spec()
    # Three versions, two of them identical: their sentences are one set of texts.
    docs, sentences = _story(EN, FR, EN)
    encoder.clear_cache()
    counting = CountingEncoder(encoder)
    vectors = plan_vectors(docs, sentences, counting, spec.thresholds)  # type: ignore[arg-type]
    assert len(counting.sent) == len(set(counting.sent)), "a text was sent to the encoder twice"
    distinct = {s.text for items in sentences.values() for s in items}
    assert distinct <= set(counting.sent)
    assert vectors.stats.planned == len(counting.sent)
    # Everything later stages ask for is a lookup: nothing more goes to the encoder.
    sent = len(counting.sent)
    for (i, j), planned in vectors.alignments.items():
        src, tgt = sentences[docs[i].id], sentences[docs[j].id]
        again = align.align_pair([s.text for s in src], [s.text for s in tgt], vectors, spec.thresholds,
                                 sentence_vectors=(vectors.sentence(docs[i].id), vectors.sentence(docs[j].id)))
        assert again == planned
    vectors.token_embeddings([s.text for s in sentences["v1"]], layer=int(spec.thresholds["span_layer"]))
    assert len(counting.sent) == sent and vectors.stats.late == 0
    np.testing.assert_allclose(vectors.sentence("v0"), vectors.sentence("v2"))
    np.testing.assert_allclose(vectors.text(sentences["v1"][0].text), encoder.encode([sentences["v1"][0].text])[0],
                               atol=1e-6)


class Asking:
    """An embedder that records what it is asked for."""

    def __init__(self, encoder: Encoder) -> None:
        self.encoder = encoder
        self.asked: list[str] = []

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.asked.extend(texts)
        return self.encoder.encode(texts)


def _every_run_alignment(source: list[str], target: list[str], embedder: Any,
                         thresholds: dict[str, float]) -> align.PairAlignment:
    """The aligner as it was before the plan: every joined run of 2-4 neighbours encoded."""
    p = align._Params.from_thresholds(thresholds)
    e_s, e_t = embedder.encode(source), embedder.encode(target)
    g = align._Geometry.of(e_s, e_t, source, target)
    spans: list[dict[int, np.ndarray]] = []
    for texts, vectors in ((source, e_s), (target, e_t)):
        side = {1: vectors}
        for length in range(2, align.MAX_SPAN + 1):
            runs = [" ".join(texts[k:k + length]) for k in range(len(texts) - length + 1)]
            side[length] = embedder.encode(runs) if runs else np.zeros((0, vectors.shape[1]), np.float32)
        spans.append(side)
    guess = tuple({length: np.zeros(len(v), dtype=bool) for length, v in side.items()} for side in spans)
    found, left_s, left_t = align._passes(g, (spans[0], spans[1]), guess, p, monotonic=False)
    found, left_s, left_t = align._detach_moved(found, left_s, left_t, g, p)
    links = sorted((align.Link(source=s, target=t, similarity=float(sim)) for s, t, sim in found),
                   key=lambda link: (link.source, link.target))
    return align.PairAlignment(links=links, unaligned_source=left_s.tolist(), unaligned_target=left_t.tolist())


def test_align_pair_with_planned_vectors_gives_the_links_of_every_run_encoded(
        encoder: Encoder, seeds_dir: Path) -> None:
    spec = load_config().model_spec()
    docs = load_documents(sorted(seeds_dir.glob("*.txt"))[:3])
    for a, b in itertools.combinations(docs, 2):
        source, target = [s.text for s in segment(a)], [s.text for s in segment(b)]
        before = _every_run_alignment(source, target, encoder, spec.thresholds)
        merged = [link for link in before.links if len(link.source) + len(link.target) > 2]
        vectors = (encoder.encode(source), encoder.encode(target))
        asking = Asking(encoder)
        after = align.align_pair(source, target, asking, spec.thresholds, sentence_vectors=vectors)
        asked = asking.asked
        assert [(x.source, x.target) for x in after.links] == [(x.source, x.target) for x in before.links]
        assert after.unaligned_source == before.unaligned_source
        assert after.unaligned_target == before.unaligned_target
        # Far fewer joined runs than the 3 per sentence and side the old aligner encoded.
        every_run = sum(max(len(t) - k + 1, 0) for t in (source, target) for k in range(2, align.MAX_SPAN + 1))
        assert len(set(asked)) < every_run / 3
        for link in merged:   # the runs of every merge taken were encoded, not estimated
            for texts, run in ((source, link.source), (target, link.target)):
                assert len(run) == 1 or " ".join(texts[k] for k in run) in asked


def test_shared_pass_token_vectors_match_a_separate_pass(encoder: Encoder) -> None:
    if type(encoder.backend).__name__ != "TransformerBackend":
        pytest.skip("the shared pass is the transformers backend's")
    from sentence_transformers import SentenceTransformer

    from drift.convert import default_model_dir

    layer = int(load_config().model_spec().thresholds["span_layer"])
    texts = [s.text for s in segment(document_from_text(FR, "fr"))]
    encoder.clear_cache()
    vectors, tokens = encoder.embed(texts, token_layer=layer)
    assert tokens is not None
    separate = SentenceTransformerBackend(SentenceTransformer(str(default_model_dir()), device="cpu"))
    ref_vectors, ref_tokens = separate.run(texts, encoder.prefix, token_layer=layer, need_vectors=True,
                                           batch_size=4)
    assert ref_vectors is not None and ref_tokens is not None
    assert np.sum(vectors * ref_vectors, axis=1).min() > 0.9999
    for ours, ref in zip(tokens, ref_tokens, strict=True):
        np.testing.assert_array_equal(ours.offsets, ref.offsets)
        np.testing.assert_allclose(ours.vectors, ref.vectors, atol=1e-3)


def test_merged_link_token_vectors_come_from_the_joined_run(encoder: Encoder) -> None:
    spec = load_config().model_spec()
    layer = int(spec.thresholds["span_layer"])
    docs, sentences = _story(EN, FR)
    vectors = plan_vectors(docs, sentences, encoder, spec.thresholds)
    # Two sentences across a line break: the link's text has "\n" where the joined run has " ".
    doc, first, second = docs[0], sentences["v0"][1], sentences["v0"][2]
    assert doc.text[first.end:second.start] == "\n"
    vectors._add([f"{first.text} {second.text}"], tokens=True)   # as for a run the aligner takes
    link_text = doc.text[first.start:second.end]
    [composed] = vectors.token_embeddings([link_text], layer=layer)
    assert vectors.stats.late == 0 and vectors.stats.composed == 1
    encoder.clear_cache()
    [direct] = encoder.token_embeddings([link_text], layer=layer)
    assert composed.text == link_text
    np.testing.assert_array_equal(composed.offsets, direct.offsets)
    np.testing.assert_allclose(composed.vectors, direct.vectors, atol=1e-3)


def test_two_to_two_merges_are_not_encoded_on_estimates_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    # Clusters of two near-identical sentences on each side: a 2-2 bead over a cluster scores just
    # below its two 1-1 links, so the alignment is all 1-1. Estimated 2-2 beads get no allowance
    # (both runs are estimates, whose errors add), so none of their runs is encoded; with the
    # 1-2 beads' allowance they were, and then not taken.
    from tests.test_align import THRESHOLDS, TopicEmbedder

    doc: list[str] = []
    for c in range(4):
        common = " ".join([f"t{1100 + c}"] * 3)
        doc += [f"t{1000 + 2 * c} {common}", f"t{1001 + 2 * c} {common}", f"t{1200 + c} t{1300 + c} t{1400 + c}"]

    def aligned(allowance: Any) -> tuple[align.PairAlignment, set[str]]:
        monkeypatch.setattr(align, "ESTIMATE_GAIN_BY_CHARACTERS", allowance)   # TopicEmbedder counts no tokens
        asking = Asking(TopicEmbedder())  # type: ignore[arg-type]
        vectors = (TopicEmbedder().encode(doc), TopicEmbedder().encode(doc))
        return align.align_pair(doc, doc, asking, THRESHOLDS, sentence_vectors=vectors), set(asking.asked)

    every_run = _every_run_alignment(doc, doc, TopicEmbedder(), THRESHOLDS)
    assert [(x.source, x.target) for x in every_run.links] == [((k,), (k,)) for k in range(len(doc))]
    table = align.ESTIMATE_GAIN_BY_CHARACTERS
    planned, asked = aligned(table)
    uniform, asked_uniform = aligned(dict.fromkeys(table, table[(1, 2)]))
    assert planned == uniform and [(x.source, x.target) for x in planned.links] == [
        (x.source, x.target) for x in every_run.links]
    assert asked_uniform and not asked


def test_plan_estimates_runs_from_the_sentences_token_counts(encoder: Encoder,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    spec = load_config().model_spec()
    docs, sentences = _story(EN, FR)
    weights: list[list[float]] = []
    estimate = align.estimated_runs

    def recording(vectors: np.ndarray, lengths: np.ndarray) -> dict[int, np.ndarray]:
        weights.append(lengths.tolist())
        return estimate(vectors, lengths)

    monkeypatch.setattr(align, "estimated_runs", recording)
    plan_vectors(docs, sentences, encoder, spec.thresholds)
    assert weights == [encoder.token_counts([s.text for s in sentences[d.id]]).tolist() for d in docs]
