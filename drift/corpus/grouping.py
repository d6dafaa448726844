"""Stories from a feed: which articles tell the same story, across languages.

Three signals, none of them story-specific:

- the encoder on each article's title and lead (its first sentences), with the feed's mean
  vector of each language removed first: e5's vectors share a large common direction (two
  unrelated texts sit near 0.75 cosine) and a per-language one, and both hide the event a
  lead is about; what is left after centring compares events across languages;
- entity overlap: names (transliterated to a spelling-insensitive skeleton, so "Трамп" and
  "Trump" meet) and numbers shared by the two leads;
- publication time: two articles published more than ``window_days`` apart are never one
  story (articles without a date are not constrained);
- and a floor: leads whose raw cosine is below the model's ``unrelated`` similarity are never
  one story, which keeps a tiny feed (where centring has nothing to average) honest.

Grouping is average-linkage agglomerative clustering (scipy) over the combined score, run
inside the connected components of a sparse graph of each article's nearest neighbours, so a
large feed never builds a dense N x N matrix. A cluster of one article is "unmatched": a story
has at least two versions.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from drift.config import Config
from drift.documents import Document
from drift.errors import DriftError


@dataclass(frozen=True)
class GroupingSettings:
    """The ``[corpus]`` section of the config (see configs/default.toml)."""

    story_min: float  # combined score at or above which two articles are one story
    floor: float  # raw cosine below which two leads are unrelated whatever the centring says
    entity_weight: float  # weight of the entity overlap added to the centred cosine
    window_days: float  # articles further apart in time are never one story
    lead_sentences: int  # how much of an article's start is its lead
    lead_chars: int  # a cap on the lead, for articles without line breaks
    neighbours: int  # candidates kept per article in the sparse graph

    @classmethod
    def from_config(cls, config: Config, model: str | None = None) -> GroupingSettings:
        section = config.section("corpus")
        spec = config.model_spec(model)
        per_model = section.get("story_min", {})
        if not isinstance(per_model, Mapping):
            raise DriftError("malformed config: [corpus.story_min] must map model names to numbers")
        story_min = per_model.get(spec.name, per_model.get("default"))
        if story_min is None:
            raise DriftError(f"model '{spec.name}' has no [corpus.story_min] entry in the config")
        try:
            return cls(story_min=float(story_min), floor=spec.threshold("unrelated"),
                       entity_weight=float(section.get("entity_weight", 0.0)),
                       window_days=float(section.get("window_days", 3)),
                       lead_sentences=int(section.get("lead_sentences", 3)),
                       lead_chars=int(section.get("lead_chars", 600)),
                       neighbours=int(section.get("neighbours", 30)))
        except (TypeError, ValueError) as exc:
            raise DriftError(f"malformed config: [corpus] {exc}") from None


def lead(doc: Document, settings: GroupingSettings) -> str:
    """The title (when the text does not start with it) and the first lines or sentences."""
    text = doc.text.strip()
    if doc.title and not text.startswith(doc.title.strip()):
        text = f"{doc.title.strip()}\n{text}"
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    head = " ".join(lines[: settings.lead_sentences])
    return head[: settings.lead_chars]


_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


def entity_keys(text: str) -> frozenset[str]:
    """Names (as transliteration-insensitive skeleton tokens) and numbers (digits only) of a lead."""
    from drift.names import extract_mentions, load_name_data

    data = load_name_data()
    keys = {"#" + re.sub(r"[.,]", "", m.group()) for m in _NUMBER.finditer(text)}
    for mention in extract_mentions(text, data=data):
        # Short skeletons ("k", "ms") are initials and particles, not names: they match anything.
        keys.update(f"@{token}" for token in mention.skeleton if len(token) >= 3)
    return frozenset(keys)


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def centre(vectors: np.ndarray, languages: Sequence[str]) -> np.ndarray:
    """Vectors with their language's mean removed, re-normalised (see the module docstring).

    The mean of n articles is shrunk by n / (n + 1): a language with a single article keeps its
    vector's direction (its own mean says nothing about the language), a language with many
    loses almost all of its mean."""
    out = np.array(vectors, dtype=np.float32, copy=True)
    langs = np.asarray(languages)
    for language in np.unique(langs):
        rows = langs == language
        n = int(rows.sum())
        out[rows] -= out[rows].mean(axis=0) * (n / (n + 1))
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.maximum(norms, 1e-12)


def pair_scores(vectors: np.ndarray, raw: np.ndarray, keys: Sequence[frozenset[str]], dates: Sequence[dt.date | None],
                settings: GroupingSettings, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """The combined score of the article pairs (rows[k], cols[k]); -inf where never one story."""
    cos = np.einsum("ij,ij->i", vectors[rows], vectors[cols])
    unrelated = np.einsum("ij,ij->i", raw[rows], raw[cols]) < settings.floor
    overlap = np.array([_overlap(keys[i], keys[j]) for i, j in zip(rows, cols, strict=True)], dtype=np.float32)
    score = cos + settings.entity_weight * overlap
    apart = np.array([dates[i] is not None and dates[j] is not None
                      and abs((dates[i] - dates[j]).days) > settings.window_days
                      for i, j in zip(rows, cols, strict=True)], dtype=bool)
    score[apart | unrelated] = -np.inf
    return score


def cluster(vectors: np.ndarray, raw: np.ndarray, keys: Sequence[frozenset[str]], dates: Sequence[dt.date | None],
            settings: GroupingSettings) -> np.ndarray:
    """A cluster label per article (-1: unmatched), from centred and raw vectors, keys and dates."""
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    from drift.align import top_k

    n = len(vectors)
    labels = np.full(n, -1, dtype=np.int64)
    if n < 2:
        return labels
    # Candidate edges: each article's nearest neighbours by cosine, kept when the combined score
    # could reach the threshold (the entity bonus is at most entity_weight).
    neighbours, sims = top_k(vectors, vectors, min(n, settings.neighbours + 1))
    rows = np.repeat(np.arange(n), neighbours.shape[1])
    cols = neighbours.ravel()
    keep = (rows != cols) & (sims.ravel() + settings.entity_weight >= settings.story_min)
    rows, cols = rows[keep], cols[keep]
    scores = pair_scores(vectors, raw, keys, dates, settings, rows, cols)
    linked = scores >= settings.story_min
    graph = coo_matrix((np.ones(int(linked.sum())), (rows[linked], cols[linked])), shape=(n, n))
    count, component = connected_components(graph, directed=False)
    next_label = 0
    for c in range(count):
        members = np.flatnonzero(component == c)
        if len(members) < 2:
            continue
        # Inside a component, average linkage: a chain of near neighbours is not one story unless
        # the articles are close on average.
        i, j = np.triu_indices(len(members), k=1)
        similarity = pair_scores(vectors, raw, keys, dates, settings, members[i], members[j])
        distance = np.clip(1.0 + settings.entity_weight - np.where(np.isfinite(similarity), similarity, -1.0),
                           0.0, None)
        tree = linkage(distance, method="average")
        parts = fcluster(tree, t=1.0 + settings.entity_weight - settings.story_min, criterion="distance")
        for part in np.unique(parts):
            chosen = members[parts == part]
            if len(chosen) >= 2:
                labels[chosen] = next_label
                next_label += 1
    return labels


def story_ids(documents: Sequence[Document], labels: np.ndarray) -> dict[str, str | None]:
    """Each document's story id (None: unmatched). A story is named after its first article in
    feed order, so the ids stay put when articles are added to the feed later."""
    first: dict[int, str] = {}
    for doc, label in zip(documents, labels, strict=True):
        if label >= 0 and int(label) not in first:
            first[int(label)] = doc.id
    return {doc.id: (f"story-{first[int(label)]}" if label >= 0 else None)
            for doc, label in zip(documents, labels, strict=True)}


def group_documents(documents: Sequence[Document], lead_vectors: np.ndarray, settings: GroupingSettings,
                    ) -> dict[str, str | None]:
    """Each document's story id, from the encoder's vectors of the documents' leads."""
    if len(documents) != len(lead_vectors):
        raise ValueError("one lead vector per document")
    raw = np.asarray(lead_vectors, dtype=np.float32)
    vectors = centre(raw, [d.language for d in documents])
    keys = [entity_keys(lead(d, settings)) for d in documents]
    dates = [_date(d.published) for d in documents]
    return story_ids(documents, cluster(vectors, raw, keys, dates, settings))


def grouping_inputs(documents: Sequence[Document], settings: GroupingSettings) -> list[str]:
    """The texts to encode for grouping (one lead per document)."""
    return [lead(d, settings) for d in documents]


# Leads are encoded in fixed chunks of the feed (by the article's position in it), each on a
# cold cache: a vector's last bits depend on the batch it was computed in, so both engines
# compute every lead in the same batch and group the same feed alike.
LEAD_CHUNK = 64


def lead_chunk(position: int) -> int:
    """The chunk of the article at ``position`` (from 0) in the feed."""
    return position // LEAD_CHUNK


def lead_chunks(articles: Sequence[Any], documents: Sequence[Document]) -> list[list[Document]]:
    """The documents (in feed order, ``articles`` having an ``id``) cut into their lead chunks."""
    position = {a.id: i for i, a in enumerate(articles)}
    chunks: dict[int, list[Document]] = {}
    for doc in documents:
        chunks.setdefault(lead_chunk(position[doc.id]), []).append(doc)
    return [chunks[k] for k in sorted(chunks)]


def encode_leads(documents: Sequence[Document], encoder: Any, settings: GroupingSettings) -> np.ndarray:
    """The lead vectors of one chunk's documents, in order, encoded together on a cold cache."""
    if not documents:
        return np.zeros((0, encoder.dimension), dtype=np.float32)
    clear = getattr(encoder, "clear_cache", None)  # an encoder without a cache has nothing stale
    if clear is not None:
        clear()
    return np.asarray(encoder.encode(grouping_inputs(documents, settings)), dtype=np.float32)

