"""The pipeline, one readable flow of plain functions:

read -> segment -> encode -> align pairs -> collate -> detect per unit -> events -> report.

Every stage takes the previous stage's output; ``drift.api.compare`` resolves the settings and
the inputs, then calls ``run``. The corpus mode and the evaluation suites call the same stages.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import numpy as np

from drift import __version__
from drift.align import PairAlignment, top_k
from drift.collate import Unit, collate, pair_alignment
from drift.config import Config, ModelSpec
from drift.detect import build_detectors, story_detectors, unaligned_detectors
from drift.detect.base import AlignedPair, Story, word_vector_cache
from drift.documents import Document
from drift.encoders import Encoder
from drift.events import build_events
from drift.findings import Finding
from drift.plan import aligned_pairs, plan_vectors
from drift.report.base import PairResult, Report
from drift.score import finalize, pair_drift_score
from drift.segment import Sentence, boilerplate_rules, segment

Pair = tuple[int, int]


def segment_all(documents: Sequence[Document], config: Config) -> dict[str, list[Sentence]]:
    # The config's [boilerplate] table (file, extra) decides what is page furniture.
    return {d.id: segment(d, config=config.sections) for d in documents}


def encode_story(documents: Sequence[Document], sentences: Mapping[str, Sequence[Sentence]],
                 encoder: Encoder, thresholds: Mapping[str, float], *, progress: bool = False,
                 ) -> dict[str, np.ndarray]:
    """Sentence vectors of every version (one batch), and the token vectors the span detector
    needs, so later stages only look them up in the encoder's cache."""
    encoder.encode([s.text for d in documents for s in sentences[d.id]], show_progress=progress)
    embeddings = {d.id: encoder.encode([s.text for s in sentences[d.id]]) for d in documents}
    if "span_layer" in thresholds:
        encoder.token_embeddings([s.text for d in documents for s in sentences[d.id] if not s.boilerplate],
                                 layer=int(thresholds["span_layer"]))
    return embeddings


def collate_story(documents: Sequence[Document], sentences: Mapping[str, Sequence[Sentence]],
                  alignments: Mapping[Pair, PairAlignment], thresholds: Mapping[str, float],
                  embeddings: Mapping[str, np.ndarray] | None = None) -> list[Unit]:
    return collate([d.id for d in documents], [len(sentences[d.id]) for d in documents], alignments,
                   thresholds, {d.id: [s.index for s in sentences[d.id] if s.boilerplate] for d in documents},
                   [embeddings[d.id] for d in documents] if embeddings is not None else None)


def support_of(documents: Sequence[Document], units: Sequence[Unit]) -> dict[tuple[str, int], float]:
    """Share of the *other* versions whose cell in a sentence's unit is not empty."""
    support: dict[tuple[str, int], float] = {}
    others = max(len(documents) - 1, 1)
    for unit in units:
        present = unit.present
        for doc in present:
            for index in unit.cells[doc]:
                support[(doc, index)] = (len(present) - 1) / others
    return support


def detect_pair(story: Story, i: int, j: int, alignment: PairAlignment, embeddings: Mapping[str, np.ndarray],
                support: Mapping[tuple[str, int], float], detectors: Sequence[Any],
                story_level: Sequence[Any], thresholds: Mapping[str, float],
                unaligned_level: Sequence[Any]) -> list[Finding]:
    """The pairwise findings of versions ``i`` (source side) and ``j`` over their links."""
    source_doc, target_doc = story.documents[i], story.documents[j]
    src, tgt = story.sentences[source_doc.id], story.sentences[target_doc.id]
    findings: list[Finding] = []
    for link in alignment.links:
        pair = AlignedPair(source_doc=source_doc, target_doc=target_doc,
                           source=[src[k] for k in link.source], target=[tgt[k] for k in link.target],
                           similarity=link.similarity)
        for detector in detectors:
            findings.extend(detector.detect(pair, story))
    a, b = embeddings[source_doc.id], embeddings[target_doc.id]
    for detector in unaligned_level:
        findings.extend(detector.detect_unaligned(
            source_doc, target_doc, src, tgt, alignment.unaligned_source, alignment.unaligned_target,
            best_match(a[alignment.unaligned_source], b), best_match(b[alignment.unaligned_target], a),
            support, thresholds))
    for detector in story_level:
        findings.extend(detector.detect_story(story, source_doc.id, target_doc.id))
    return findings


# Full collections of the cyclic garbage collector are put off while a comparison runs (young
# ones still run as usual): it allocates hundreds of thousands of small objects (words, spans,
# mentions, findings) that live until the report is built, and each full pass over them and
# the process's long-lived objects found nothing to free, yet on two 1,000-sentence documents
# four such passes took 0.5 of the 4.2 CPU-s outside the model (issue #11).
FULL_COLLECTION_THRESHOLD = 1_000


class _FullCollections:
    """Puts full collections off while at least one comparison runs (comparisons may overlap in
    threads): the first to start raises the threshold, the last to finish restores it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running = 0
        self._saved = gc.get_threshold()

    @contextlib.contextmanager
    def put_off(self) -> Iterator[None]:
        with self._lock:
            if not self._running:
                self._saved = young, middle, old = gc.get_threshold()
                gc.set_threshold(young, middle, max(old, FULL_COLLECTION_THRESHOLD))
            self._running += 1
        try:
            yield
        finally:
            with self._lock:
                self._running -= 1
                if not self._running:
                    gc.set_threshold(*self._saved)


fewer_full_collections = _FullCollections().put_off


def run(documents: Sequence[Document], config: Config, spec: ModelSpec, encoder: Encoder, *,
        model_label: str | None = None, progress: bool = False) -> Report:
    """Compare the versions (the first is the reference) and return the Report."""
    with fewer_full_collections():
        return _run(documents, config, spec, encoder, model_label=model_label, progress=progress)


def _run(documents: Sequence[Document], config: Config, spec: ModelSpec, encoder: Encoder, *,
         model_label: str | None, progress: bool) -> Report:
    documents = list(documents)
    thresholds = spec.thresholds
    sentences = segment_all(documents, config)
    encoder.batch_size = config.batch_size  # every encode of this comparison, the aligner's too
    # The encode plan (drift.plan): every text the stages below need goes through the encoder
    # once; they only look vectors up in ``vectors`` (it answers the Encoder calls too). Its
    # alignments are align_pair's for every pair, computed while planning the merges.
    vectors = plan_vectors(documents, sentences, encoder, thresholds, progress=progress)
    embeddings = {d.id: vectors.sentence(d.id) for d in documents}
    alignments = vectors.alignments
    units = collate_story(documents, sentences, alignments, thresholds, embeddings)

    # A version's publication date (web pages, feeds) lets the time detector resolve "yesterday".
    published = {d.id: d.published for d in documents if d.published}
    story = Story(documents=documents, sentences=sentences,
                  settings={"thresholds": dict(thresholds), "config": config, "encoder": vectors,
                            "vectors": vectors, "published": published})
    support = support_of(documents, units)
    detectors = build_detectors(config, spec)
    derived_pairs = {key: pair_alignment(units, documents[key[0]].id, documents[key[1]].id) for key in alignments}
    vectors.add_detector_texts(detectors, aligned_pairs(documents, sentences, derived_pairs), progress=progress)
    story_level = story_detectors(config, spec)
    unaligned_level = unaligned_detectors(config, spec)
    calibration = config.calibration(spec.name).table  # the model's own, or provisional
    # Every pair is compared (the events need all versions' evidence); the report lists the
    # findings of the pairs the user asked for.
    requested = (set(alignments) if config.all_pairs
                 else {(0, j) for j in range(1, len(documents))})
    by_pair: dict[Pair, PairAlignment] = {}
    pair_findings: dict[Pair, list[Finding]] = {}
    for i, j in alignments:
        derived = derived_pairs[(i, j)]
        by_pair[(i, j)] = derived
        found = detect_pair(story, i, j, derived, embeddings, support, detectors, story_level, thresholds,
                            unaligned_level)
        pair_findings[(i, j)] = finalize(found, sentences, calibration)

    every = [f for key in sorted(pair_findings) for f in pair_findings[key]]
    every = finalize(every, sentences, {})  # numbered across pairs; severities are final
    events = build_events(documents, sentences, units, every, embeddings, thresholds,
                          {"flag_threshold": config.threshold, **config.section("events")},
                          reference=documents[0].id, encoder=vectors, calibration=calibration,
                          alignments=alignments, word_vectors=word_vector_cache(story, vectors),
                          boilerplate=boilerplate_rules(config.sections))
    reported = [f for f in every if _pair_of(f, documents) in requested]
    for number, finding in enumerate(reported, 1):
        finding.id = f"F{number:04d}"
    visible = {id(f) for f in reported}
    for event in events:
        event.findings = [f.id for f in event.supporting if id(f) in visible]

    pair_results = []
    for i, j in sorted(requested):
        derived = by_pair[(i, j)]
        pair_results.append(PairResult(
            source=documents[i].id, target=documents[j].id, similarity=_document_similarity(derived),
            drift_score=pair_drift_score(pair_findings[(i, j)], derived, config.threshold),
            links=derived.links, unaligned_source=derived.unaligned_source,
            unaligned_target=derived.unaligned_target))
    return Report(
        tool_version=__version__, model_name=spec.name, model_dimension=encoder.dimension,
        threshold=config.threshold, reference=documents[0].id, all_pairs=config.all_pairs,
        documents=documents, sentences=sentences, pairs=pair_results, findings=reported, units=units,
        events=events, signature=config.signature(__version__, model_label))


def _pair_of(finding: Finding, documents: Sequence[Document]) -> Pair:
    position = {d.id: k for k, d in enumerate(documents)}
    return position[finding.source.doc], position[finding.target.doc]


def best_match(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Each row of ``a``'s highest similarity to a row of ``b`` (0 when ``b`` is empty), computed in
    blocks so that long documents never build a dense N x M matrix."""
    if not len(b):
        return np.zeros(len(a), dtype=np.float32)
    return top_k(a, b, 1)[1][:, 0]


def _document_similarity(alignment: PairAlignment) -> float:
    """Mean link similarity, with unaligned sentences counted as zero: 1.0 only for full coverage."""
    sims = [link.similarity for link in alignment.links]
    total = len(alignment.links) + len(alignment.unaligned_source) + len(alignment.unaligned_target)
    return float(sum(sims) / total) if total else 0.0
