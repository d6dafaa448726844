"""The one small interface every detector implements (one module per detector in drift/detect/).

A detector looks at one aligned pair of sentence groups (a link of a pair alignment) and at
the story as a whole, and returns findings with raw ``evidence``; ``drift.score`` turns the
evidence into a calibrated severity.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from drift.documents import Document
from drift.findings import Finding, Side
from drift.registry import Registry
from drift.segment import Sentence
from drift.tokens import WordAlignment, WordVectorCache, align_words_batch, params_from_thresholds

# Every detector, by name, with the dataclass of its default settings. Each module registers its
# detector at its top: ``@DETECTORS.register("numbers", settings=NumberSettings)``. The class is
# built as ``cls(settings, spec=model_spec)``.
DETECTORS: Registry[Any] = Registry("detector")


@dataclass
class Story:
    """All versions of the story, segmented; detectors may build story-level tables from it."""

    documents: list[Document]
    sentences: dict[str, list[Sentence]]
    settings: dict[str, Any] = field(default_factory=dict)

    def document(self, doc_id: str) -> Document:
        return next(d for d in self.documents if d.id == doc_id)


@dataclass
class AlignedPair:
    """One link: sentences of ``source_doc`` (reference side) <-> sentences of ``target_doc``."""

    source_doc: Document
    target_doc: Document
    source: Sequence[Sentence]
    target: Sequence[Sentence]
    similarity: float

    @property
    def boilerplate(self) -> bool:
        """True when a side holds a boilerplate sentence: detectors report nothing there."""
        return any(s.boilerplate for s in (*self.source, *self.target))

    @property
    def source_span(self) -> tuple[int, int]:
        return self.source[0].start, self.source[-1].end

    @property
    def target_span(self) -> tuple[int, int]:
        return self.target[0].start, self.target[-1].end

    @property
    def source_text(self) -> str:
        start, end = self.source_span
        return self.source_doc.text[start:end]

    @property
    def target_text(self) -> str:
        start, end = self.target_span
        return self.target_doc.text[start:end]

    def source_side(self, start: int, end: int) -> Side:
        """A Side for document offsets [start, end) of the source (absolute offsets)."""
        return _side(self.source_doc, self.source, start, end)

    def target_side(self, start: int, end: int) -> Side:
        return _side(self.target_doc, self.target, start, end)


def _side(doc: Document, sentences: Sequence[Sentence], start: int, end: int) -> Side:
    sentence = next((s.index for s in sentences if s.start <= start < s.end), sentences[0].index)
    return Side(doc=doc.id, sentence=sentence, start=start, end=end, text=doc.text[start:end])


class Detector(Protocol):
    """An aligned pair and the story in, findings out. A detector may also implement
    ``detect_story(story, source_id, target_id)`` (the story as a whole) or ``detect_unaligned``
    (sentences without a counterpart, drift.detect.coverage)."""

    name: str

    def detect(self, pair: AlignedPair, story: Story) -> list[Finding]: ...


_WORD_ALIGNMENTS = "_word_alignments"
_READINGS = "_readings"
_WORD_VECTORS = "_word_vectors"
T = TypeVar("T")


def once_per_story(story: Story, key: Hashable, read: Callable[[], T]) -> T:
    """``read()`` the first time ``key`` is asked for in this story, the stored value after.

    A text's language-level readings (its times, quantities, lexicon words) depend on the text
    and its language alone, not on the pair it was aligned in nor on the detector asking: keyed
    by (reading, text, language) each is made once per story however many pairs and detectors
    meet the text. Callers must not modify what it returns."""
    cache: dict[Hashable, Any] = story.settings.setdefault(_READINGS, {})
    if key not in cache:
        cache[key] = read()
    value: T = cache[key]
    return value


def word_alignment(pair: AlignedPair, story: Story, encoder: Any) -> WordAlignment:
    """The words of the pair's two texts aligned at the model's span layer (``span_layer`` and
    the ``span_*`` alignment parameters of the story's thresholds), once per pair: the span,
    modality and entity detectors all read it."""
    cache = story.settings.setdefault(_WORD_ALIGNMENTS, {})
    key = (pair.source_text, pair.target_text, id(encoder))
    if key not in cache:
        thresholds = story.settings["thresholds"]
        cache[key] = align_words_batch([(pair.source_text, pair.target_text)], encoder,
                                       layer=int(thresholds["span_layer"]),
                                       params=params_from_thresholds(thresholds),
                                       cache=word_vector_cache(story, encoder))[0]
    return cache[key]


def word_vector_cache(story: Story, encoder: Any) -> WordVectorCache:
    """The story's cache of each text's words and word vectors from ``encoder`` (they depend on
    the text alone): filled once per story, whichever pairs a text takes part in, and read by
    the events' coverage checks too."""
    cache: WordVectorCache = story.settings.setdefault(_WORD_VECTORS, {}).setdefault(id(encoder), {})
    return cache
