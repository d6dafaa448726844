"""A small deterministic stand-in for the encoder, so unit tests run without building the model.

``FakeEncoder`` implements what the pipeline asks of ``drift.encoders.Encoder``: ``encode``
(unit sentence vectors), ``token_embeddings`` (located token vectors), ``name``, ``dimension``,
``prefix`` and ``spec``. A vector is a hashed bag of the character trigrams of the lowercased
text (each trigram adds +1 or -1 to one of ``dimension`` slots), so texts that share words are
close and unrelated ones are not, for any language and with no randomness between runs.

Its similarities are on another scale than e5's, so it comes with its own registry entry
(``FAKE_SPEC``) whose thresholds suit it; ``fake_config()`` is the shipped config with that
entry as the model.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

from drift.config import Config, ModelSpec, load_config
from drift.encoders import TokenVectors
from drift.words import TOKEN

FAKE_MODEL = "fake-trigrams"
# Measured on this encoder: unrelated news sentences score about 0.0-0.2, a sentence with one
# word changed about 0.8-0.9, the same sentence 1.0.
FAKE_SPEC = ModelSpec(
    name=FAKE_MODEL, source="sentence-transformers", path=None, prefix="",
    thresholds={"align_min": 0.35, "align_merge": 0.025, "align_anchor": 0.02, "align_hub": 1.0,
                "align_gain": -0.0875, "align_length": 0.3, "align_part": 1.0,
                "unrelated": 0.15, "equivalent": 0.97,
                "span_layer": 0, "span_word": 0.45, "span_min": 0.5, "span_max_share": 0.6})


def fake_config(config: Config | None = None) -> Config:
    """``config`` (default: the shipped one) with the fake encoder's entry as the model."""
    config = config or load_config()
    return config.replace(model=FAKE_MODEL, models={**config.models, FAKE_MODEL: FAKE_SPEC})


def _slot(trigram: str, dimension: int) -> tuple[int, float]:
    digest = hashlib.blake2b(trigram.encode("utf-8"), digest_size=8).digest()
    value = int.from_bytes(digest, "little")
    return value % dimension, 1.0 if (value >> 40) & 1 else -1.0


class FakeEncoder:
    """Hashed character-trigram vectors; see the module docstring."""

    def __init__(self, dimension: int = 512, spec: ModelSpec = FAKE_SPEC) -> None:
        self.dimension = dimension
        self.spec = spec
        self.name = spec.name
        self.batch_size = 32
        self.batch_sizes: list[int] = []  # the batch size of every call, for tests of the settings

    @property
    def prefix(self) -> str:
        return self.spec.prefix

    def _vector(self, text: str) -> np.ndarray:
        vector = np.zeros(self.dimension, dtype=np.float32)
        for word in text.lower().split():
            padded = f" {word} "
            for k in range(max(1, len(padded) - 2)):
                slot, sign = _slot(padded[k:k + 3], self.dimension)
                vector[slot] += sign
        return vector

    def encode(self, texts: Sequence[str], *, batch_size: int | None = None,
               show_progress: bool = False) -> np.ndarray:
        if isinstance(texts, str):
            raise TypeError("encode() takes a sequence of texts, not a single string")
        self.batch_sizes.append(batch_size or self.batch_size)
        out = np.stack([self._vector(t) for t in texts]) if len(texts) else np.zeros((0, self.dimension),
                                                                                       dtype=np.float32)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return (out / np.maximum(norms, 1e-9)).astype(np.float32)

    def token_embeddings(self, texts: Sequence[str], *, layer: int = -1,
                         batch_size: int | None = None) -> list[TokenVectors]:
        """One token per word or punctuation mark (drift.words.TOKEN); its vector is the word's."""
        self.batch_sizes.append(batch_size or self.batch_size)
        out = []
        for text in texts:
            spans = [(m.start(), m.end()) for m in TOKEN.finditer(text)]
            vectors = (np.stack([self._vector(text[s:e]) for s, e in spans]) if spans
                       else np.zeros((0, self.dimension), dtype=np.float32))
            out.append(TokenVectors(text=text, vectors=vectors.astype(np.float32),
                                    offsets=np.array(spans, dtype=np.int64).reshape(-1, 2)))
        return out
