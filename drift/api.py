"""The one entry point: ``compare(docs) -> Report``. The CLI and the notebook call it too.

documents -> sentences -> embeddings -> alignment -> findings -> report, each stage a plain
function of the stage before.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from drift import __version__
from drift.align import PairAlignment, align_pair, top_k
from drift.collate import collate
from drift.config import Config, ModelSpec, load_config
from drift.detect import build_detectors, story_detectors
from drift.detect.base import AlignedPair, Story
from drift.detect.coverage import unaligned_findings
from drift.documents import Document, document_from_text, load_document, make_unique_ids
from drift.encoders import Encoder, load_encoder
from drift.errors import DriftError
from drift.findings import Finding
from drift.report.base import PairResult, Report
from drift.score import finalize, pair_drift_score
from drift.segment import Sentence, segment

DocumentLike = Document | str | os.PathLike[str]


def as_documents(docs: Iterable[DocumentLike] | Any) -> list[Document]:
    """Documents from Document objects, paths, raw strings or a ``datasets.Dataset`` of articles.

    A string that names an existing file is read as a file; any other string is the text itself.
    """
    if type(docs).__name__ == "Dataset" and hasattr(docs, "column_names"):
        from drift.documents import documents_from_dataset
        return documents_from_dataset(docs)
    documents: list[Document] = []
    for position, item in enumerate(docs):
        if isinstance(item, Document):
            documents.append(item)
        elif isinstance(item, os.PathLike) or (isinstance(item, str) and "\n" not in item
                                               and len(item) < 4096 and Path(item).is_file()):
            documents.append(load_document(item))
        elif isinstance(item, str):
            documents.append(document_from_text(item, doc_id=f"doc{position}"))
        else:
            raise DriftError(f"cannot read a document from {type(item).__name__}")
    return make_unique_ids(documents)


def _reference_index(documents: Sequence[Document], reference: str | int | os.PathLike[str] | None) -> int:
    if reference is None:
        return 0
    if isinstance(reference, int):
        if not 0 <= reference < len(documents):
            raise DriftError(f"reference index {reference} is out of range")
        return reference
    wanted = str(reference)
    for i, doc in enumerate(documents):
        if doc.id == wanted or (doc.path and Path(doc.path).resolve() == Path(wanted).resolve()):
            return i
    stem = Path(wanted).stem
    for i, doc in enumerate(documents):
        if doc.id == stem:
            return i
    raise DriftError(f"reference '{wanted}' is not one of the versions given")


def _support(story: Story, embeddings: Mapping[str, np.ndarray], min_similarity: float,
             ) -> dict[tuple[str, int], float]:
    """Share of the *other* versions that carry each sentence's fact (best match >= align_min)."""
    support: dict[tuple[str, int], float] = {}
    ids = [d.id for d in story.documents]
    for doc_id in ids:
        others = [o for o in ids if o != doc_id and len(embeddings[o])]
        if not others or not len(embeddings[doc_id]):
            continue
        hits = np.zeros(len(embeddings[doc_id]))
        for other in others:
            hits += best_match(embeddings[doc_id], embeddings[other]) >= min_similarity
        for index, share in enumerate(hits / len(others)):
            support[(doc_id, index)] = float(share)
    return support


def compare(
    docs: Iterable[DocumentLike] | Any,
    *,
    reference: str | int | os.PathLike[str] | None = None,
    all_pairs: bool | None = None,
    config: Config | str | os.PathLike[str] | None = None,
    model: str | None = None,
    threshold: float | None = None,
    encoder: Encoder | None = None,
    progress: bool = False,
) -> Report:
    """Compare N versions of one story and return the Report (``.to_json()`` for the contract).

    ``reference`` is a document id, path or position (default: the first); with ``all_pairs``
    every pair of versions is compared once. ``model`` names a registry entry or a local
    sentence-transformers folder.
    """
    if not isinstance(config, Config):
        config = load_config(config)
    if threshold is not None:
        if not 0.0 <= threshold <= 1.0:
            raise DriftError(f"threshold must be in [0, 1], got {threshold}")
        config = config.replace(threshold=threshold)
    if all_pairs is not None:
        config = config.replace(all_pairs=all_pairs)
    spec: ModelSpec = config.model_spec(model)

    documents = as_documents(docs)
    if len(documents) < 2:
        raise DriftError(f"need at least two versions to compare, got {len(documents)}")
    ref = _reference_index(documents, reference)
    # The reference goes first: it is the source side of every reference pair and the first column.
    documents = [documents[ref]] + documents[:ref] + documents[ref + 1:]

    sentences: dict[str, list[Sentence]] = {d.id: segment(d) for d in documents}
    encoder = encoder or load_encoder(spec, progress=progress)
    thresholds = spec.thresholds

    # Encode every sentence of every version in one batch: the aligner's calls hit the cache.
    all_texts = [s.text for d in documents for s in sentences[d.id]]
    encoder.encode(all_texts, show_progress=progress)
    embeddings = {d.id: encoder.encode([s.text for s in sentences[d.id]]) for d in documents}
    if "span_layer" in thresholds:
        # The span detector compares token vectors of aligned sentences: compute them in one batch.
        encoder.token_embeddings([s.text for d in documents for s in sentences[d.id] if not s.boilerplate],
                                 layer=int(thresholds["span_layer"]))

    story = Story(documents=documents, sentences=sentences,
                  settings={"thresholds": dict(thresholds), "config": config, "encoder": encoder})
    support = _support(story, embeddings, thresholds["align_min"])

    if config.all_pairs:
        pair_indices = list(itertools.combinations(range(len(documents)), 2))
    else:
        pair_indices = [(0, j) for j in range(1, len(documents))]

    detectors = build_detectors(config, spec)
    story_level = story_detectors(config, spec)
    pair_results: list[PairResult] = []
    alignments: dict[tuple[int, int], PairAlignment] = {}
    findings: list[Finding] = []
    for i, j in pair_indices:
        source_doc, target_doc = documents[i], documents[j]
        src, tgt = sentences[source_doc.id], sentences[target_doc.id]
        alignment = align_pair([s.text for s in src], [s.text for s in tgt], encoder, thresholds,
                               skip_source=[s.index for s in src if s.boilerplate],
                               skip_target=[s.index for s in tgt if s.boilerplate])
        alignments[(i, j)] = alignment
        pair_findings: list[Finding] = []
        for link in alignment.links:
            pair = AlignedPair(source_doc=source_doc, target_doc=target_doc,
                               source=[src[k] for k in link.source], target=[tgt[k] for k in link.target],
                               similarity=link.similarity)
            for detector in detectors:
                pair_findings.extend(detector.detect(pair, story))
        a, b = embeddings[source_doc.id], embeddings[target_doc.id]
        pair_findings.extend(unaligned_findings(
            source_doc, target_doc, src, tgt, alignment.unaligned_source, alignment.unaligned_target,
            best_match(a[alignment.unaligned_source], b), best_match(b[alignment.unaligned_target], a),
            support, thresholds))
        for detector in story_level:
            pair_findings.extend(detector.detect_story(story, source_doc.id, target_doc.id))
        pair_findings = finalize(pair_findings, sentences, config.section("severity"))
        findings.extend(pair_findings)
        pair_results.append(PairResult(
            source=source_doc.id, target=target_doc.id,
            similarity=_document_similarity(alignment),
            drift_score=pair_drift_score(pair_findings, alignment, config.threshold),
            links=alignment.links, unaligned_source=alignment.unaligned_source,
            unaligned_target=alignment.unaligned_target))

    findings = finalize(findings, sentences, {})  # re-rank across pairs; severities are final
    units = collate([d.id for d in documents], [len(sentences[d.id]) for d in documents], alignments,
                    thresholds, {d.id: [s.index for s in sentences[d.id] if s.boilerplate] for d in documents})
    return Report(
        tool_version=__version__, model_name=spec.name, model_dimension=encoder.dimension,
        threshold=config.threshold, reference=documents[0].id, all_pairs=config.all_pairs,
        documents=documents, sentences=sentences, pairs=pair_results, findings=findings, units=units,
        signature=config.signature(__version__, model))


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
