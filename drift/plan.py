"""The encode plan: every text a story's later stages need goes through the encoder once.

After segmentation, ``plan_vectors`` collects what alignment and detection will ask for,
de-duplicates it and encodes it in full, length-sorted batches, once per document rather than
once per pair:

1. every sentence of every version, with the token vectors of the span detector's layer
   (``span_layer``) from the same forward pass, and the source phrases the attribution
   detector compares by embedding;
2. then the joined runs of neighbouring sentences the aligner actually needs: merges are
   scored first from their sentences' vectors, and only runs an alignment could take are
   encoded (``drift.align.alignment_steps``), each round's runs of all pairs in one batch.

Stages then look vectors up in the returned ``StoryVectors``: ``sentence(doc_id)``,
``text(s)``/``texts(ss)``, ``tokens(s)``. It also answers the ``Encoder`` calls
(``encode``, ``token_embeddings``), so a stage written against an encoder reads the plan
unchanged. The token vectors of a text spanning several sentences (a merged link) are put
together from its sentences' token vectors; a text nobody foresaw is encoded on demand and
counted in ``stats.late``, so a benchmark shows when the plan misses something.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Generator, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from drift.align import PairAlignment, alignment_steps
from drift.detect.base import AlignedPair
from drift.documents import Document
from drift.encoders import Encoder, TokenVectors
from drift.errors import DriftError
from drift.segment import Sentence


@dataclass
class PlanStats:
    """What the plan sent to the encoder, against the story's size."""

    sentences: int = 0          # sentences of all versions
    planned: int = 0            # distinct texts the plan asked for (sentences, sources, runs)
    merge_runs: int = 0         # of which joined runs of neighbouring sentences
    encoded: int = 0            # texts that went through the model (planned ones not yet cached)
    late: int = 0               # texts asked for later that the plan had not foreseen
    composed: int = 0           # merged links whose token vectors came from their joined run

    def to_dict(self) -> dict[str, int]:
        return dict(vars(self))


class StoryVectors:
    """The vectors of one story, looked up by text (see the module docstring)."""

    def __init__(self, encoder: Encoder | Any, documents: Sequence[Document],
                 sentences: Mapping[str, Sequence[Sentence]], token_layer: int | None) -> None:
        self.encoder = encoder
        self.token_layer = token_layer
        self.documents = list(documents)
        self.sentences = {doc_id: list(items) for doc_id, items in sentences.items()}
        self.stats = PlanStats(sentences=sum(len(v) for v in self.sentences.values()))
        self._vectors: dict[str, np.ndarray] = {}
        self._tokens: dict[str, TokenVectors] = {}
        self._by_doc: dict[str, np.ndarray] = {}
        self._sentence_starts: dict[str, list[int]] = {}
        self._weights: dict[str, np.ndarray | None] = {}
        # Pair alignments the plan computed on the way, by (source, target) document positions.
        self.alignments: dict[tuple[int, int], PairAlignment] = {}

    # Encoder-compatible attributes, for stages that take an encoder.
    @property
    def name(self) -> str:
        return self.encoder.name

    @property
    def dimension(self) -> int:
        return self.encoder.dimension

    @property
    def prefix(self) -> str:
        return self.encoder.prefix

    def __repr__(self) -> str:
        return f"StoryVectors({self.encoder.name!r}, {len(self._vectors)} texts)"

    # --- filling (plan_vectors) ----------------------------------------------------------------

    def _add(self, texts: Sequence[str], *, tokens: bool, progress: bool = False) -> None:
        todo = [t for t in dict.fromkeys(texts) if t not in self._vectors]
        if not todo:
            return
        before = getattr(self.encoder, "texts_encoded", 0)
        layer = self.token_layer if tokens else None
        # By length, so batches hold texts of similar size (the encoder also sorts by tokens).
        todo.sort(key=len)
        embed = getattr(self.encoder, "embed", None)
        if embed is not None:
            vectors, token_vectors = embed(todo, token_layer=layer, show_progress=progress)
        else:  # an encoder with only the two separate calls (another implementation, a test fake)
            vectors = np.asarray(self.encoder.encode(todo), dtype=np.float32)
            token_vectors = self.encoder.token_embeddings(todo, layer=layer) if layer is not None else None
        for k, text in enumerate(todo):
            self._vectors[text] = vectors[k]
        if token_vectors is not None:
            self._tokens.update(zip(todo, token_vectors, strict=True))
        self.stats.planned += len(todo)
        self.stats.encoded += getattr(self.encoder, "texts_encoded", before + len(todo)) - before

    def add_detector_texts(self, detectors: Sequence[Any], pairs: Sequence[AlignedPair], *,
                           progress: bool = False) -> None:
        """Encode, in one batch, the texts ``detectors`` will embed for these aligned pairs (those
        with a ``planned_texts(pairs)`` method: attribution's source phrases)."""
        texts: list[str] = []
        for detector in detectors:
            plan = getattr(detector, "planned_texts", None)
            if plan is not None:
                texts.extend(plan(pairs))
        self._add(texts, tokens=False, progress=progress)

    # --- lookups -------------------------------------------------------------------------------

    def sentence(self, doc_id: str) -> np.ndarray:
        """``(n_sentences, d)`` vectors of one version's sentences; row k is sentence k."""
        if doc_id not in self._by_doc:
            texts = [s.text for s in self.sentences[doc_id]]
            self._by_doc[doc_id] = (self.texts(texts) if texts
                                    else np.zeros((0, self.dimension), dtype=np.float32))
        return self._by_doc[doc_id]

    def weights(self, doc_id: str) -> np.ndarray | None:
        """Each sentence's weight in the aligner's estimates of joined runs: its token count
        (``Encoder.token_counts``), or None for an encoder that cannot count tokens."""
        counts = getattr(self.encoder, "token_counts", None)
        if counts is None:
            return None
        if doc_id not in self._weights:
            self._weights[doc_id] = np.asarray(counts([s.text for s in self.sentences[doc_id]]), dtype=np.float64)
        return self._weights[doc_id]

    def text(self, text: str) -> np.ndarray:
        """The sentence vector of one text."""
        return self.texts([text])[0]

    def texts(self, texts: Sequence[str]) -> np.ndarray:
        """``(len(texts), d)`` sentence vectors; texts the plan lacks are encoded in one call."""
        missing = [t for t in dict.fromkeys(texts) if t not in self._vectors]
        if missing:
            self.stats.late += len(missing)
            self._vectors.update(zip(missing, self.encoder.encode(missing), strict=True))
        out = np.empty((len(texts), self.dimension), dtype=np.float32)
        for k, text in enumerate(texts):
            out[k] = self._vectors[text]
        return out

    def tokens(self, text: str, layer: int | None = None) -> TokenVectors:
        """Token vectors of ``text`` at ``layer`` (default: the plan's layer)."""
        chosen = self.token_layer if layer is None else layer
        if chosen is None:
            raise DriftError(f"model '{self.name}' has no span_layer: no token vectors were planned")
        return self.token_embeddings([text], layer=chosen)[0]

    # --- the Encoder interface -----------------------------------------------------------------

    def encode(self, texts: Sequence[str], **_: Any) -> np.ndarray:
        if isinstance(texts, str):
            raise TypeError("encode() takes a sequence of texts, not a single string")
        return self.texts(list(texts))

    def token_embeddings(self, texts: Sequence[str], *, layer: int = -1, **_: Any) -> list[TokenVectors]:
        if isinstance(texts, str):
            raise TypeError("token_embeddings() takes a sequence of texts, not a single string")
        if layer != self.token_layer:
            self.stats.late += len(texts)
            return self.encoder.token_embeddings(list(texts), layer=layer)
        out: list[TokenVectors] = []
        for text in texts:
            if text not in self._tokens:
                composed = self._compose(text)
                if composed is None:
                    self.stats.late += 1
                    composed = self.encoder.token_embeddings([text], layer=layer)[0]
                self._tokens[text] = composed
            out.append(self._tokens[text])
        return out

    def _compose(self, text: str) -> TokenVectors | None:
        """Token vectors of a merged link's text (``doc.text[first.start:last.end]``) from the
        joined run of its sentences the aligner had encoded: the same tokens, only the
        whitespace between sentences differs, so only offsets move."""
        for doc in self.documents:
            sentences = self.sentences[doc.id]
            at = doc.text.find(text)
            while at >= 0:
                end = at + len(text)
                # A document's sentences are in text order and do not overlap: those inside
                # at..end are the ones from the first starting at or after ``at``, up to ``end``.
                first = last = bisect.bisect_left(self._starts(doc.id), at)
                while last < len(sentences) and sentences[last].end <= end:
                    last += 1
                inside = sentences[first:last]
                joined = " ".join(s.text for s in inside)
                if (len(inside) > 1 and inside[0].start == at and inside[-1].end == end
                        and joined in self._tokens):
                    return self._moved(self._tokens[joined], text, inside, at)
                at = doc.text.find(text, at + 1)
        return None

    def _starts(self, doc_id: str) -> list[int]:
        if doc_id not in self._sentence_starts:
            self._sentence_starts[doc_id] = [s.start for s in self.sentences[doc_id]]
        return self._sentence_starts[doc_id]

    def _moved(self, run: TokenVectors, text: str, inside: Sequence[Sentence], at: int) -> TokenVectors:
        # Sentence k starts at ``joined_starts[k]`` in the joined run, at ``s.start - at`` in text.
        joined_starts = np.cumsum([0] + [len(s.text) + 1 for s in inside[:-1]])
        shift = np.asarray([s.start - at for s in inside]) - joined_starts
        which = np.searchsorted(joined_starts, run.offsets[:, 0], side="right") - 1
        self.stats.composed += 1
        return TokenVectors(text=text, vectors=run.vectors, offsets=run.offsets + shift[which][:, None])


def plan_vectors(documents: Sequence[Document], sentences: Mapping[str, Sequence[Sentence]],
                 encoder: Encoder | Any, thresholds: Mapping[str, float], *,
                 pairs: Iterable[tuple[int, int]] | None = None, monotonic: bool = False,
                 extra_texts: Iterable[str] = (), detectors: Sequence[Any] = (),
                 progress: bool = False) -> StoryVectors:
    """Encode everything a story's stages will ask for, once (see the module docstring).

    ``pairs``: the (source, target) positions in ``documents`` that will be aligned (default:
    every pair), as ``align_pair(..., monotonic=monotonic)`` will align them; their alignments
    are kept in ``alignments``. ``detectors`` that have a ``planned_texts(aligned_pairs)``
    method add the texts they will embed for the aligned pairs; ``extra_texts`` adds others.
    """
    layer = int(thresholds["span_layer"]) if "span_layer" in thresholds else None
    vectors = StoryVectors(encoder, documents, sentences, layer)
    vectors._add([s.text for d in documents for s in sentences[d.id]] + list(extra_texts),
                  tokens=layer is not None, progress=progress)

    if pairs is None:
        pairs = itertools.combinations(range(len(documents)), 2)
    # The aligner's rounds (drift.align.alignment_steps) of every pair run side by side, so that
    # the joined runs all pairs ask for in a round are encoded in one batch. A joined run is the
    # text of a merged link too, so its token vectors come from the same pass.
    steps: dict[tuple[int, int], Generator[list[str], np.ndarray, PairAlignment]] = {}
    requests: dict[tuple[int, int], list[str]] = {}
    for i, j in pairs:
        src, tgt = sentences[documents[i].id], sentences[documents[j].id]
        w_s, w_t = vectors.weights(documents[i].id), vectors.weights(documents[j].id)
        steps[(i, j)] = alignment_steps(
            [s.text for s in src], [s.text for s in tgt], thresholds,
            sentence_vectors=(vectors.sentence(documents[i].id), vectors.sentence(documents[j].id)),
            sentence_weights=(w_s, w_t) if w_s is not None and w_t is not None else None,
            skip_source=[s.index for s in src if s.boilerplate],
            skip_target=[s.index for s in tgt if s.boilerplate], monotonic=monotonic)
        _advance(steps, requests, vectors, (i, j), None)
    while requests:
        fresh = [t for t in dict.fromkeys(t for r in requests.values() for t in r) if t not in vectors._vectors]
        vectors.stats.merge_runs += len(fresh)
        vectors._add(fresh, tokens=layer is not None, progress=progress)
        for key, request in list(requests.items()):
            _advance(steps, requests, vectors, key, vectors.texts(request))

    vectors.add_detector_texts(detectors, aligned_pairs(documents, sentences, vectors.alignments),
                               progress=progress)
    return vectors


def aligned_pairs(documents: Sequence[Document], sentences: Mapping[str, Sequence[Sentence]],
                  alignments: Mapping[tuple[int, int], PairAlignment]) -> list[AlignedPair]:
    """Every link of the alignments as the ``AlignedPair`` detectors see."""
    return [AlignedPair(source_doc=documents[i], target_doc=documents[j],
                        source=[sentences[documents[i].id][k] for k in link.source],
                        target=[sentences[documents[j].id][k] for k in link.target],
                        similarity=link.similarity)
            for (i, j), alignment in alignments.items() for link in alignment.links]


def _advance(steps: dict[tuple[int, int], Generator[list[str], np.ndarray, PairAlignment]],
             requests: dict[tuple[int, int], list[str]], vectors: StoryVectors, key: tuple[int, int],
             answer: np.ndarray | None) -> None:
    """One step of a pair's alignment: its next request, or its finished alignment."""
    try:
        requests[key] = next(steps[key]) if answer is None else steps[key].send(answer)
    except StopIteration as done:
        requests.pop(key, None)
        vectors.alignments[key] = done.value
