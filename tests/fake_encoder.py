"""A tiny stand-in for ``drift.encoders.Encoder`` so that ``drift.compare`` runs end to end in
milliseconds: a sentence is the normalised sum of its words' fixed pseudo-random vectors, and a
word's token vector is its own vector. Tests of error handling need the whole pipeline to run,
not a good model.

``python tests/fake_encoder.py ARGS...`` runs the ``drift`` command with it (for tests that need
a real process: standard output on a full device, the exit code, what is left on disk).
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Sequence

import numpy as np

from drift.config import load_config
from drift.encoders import TokenVectors

DIM = 16
_WORD = re.compile(r"\w+|[^\w\s]")


class FakeEncoder:
    """The methods and attributes of ``Encoder`` that the pipeline uses."""

    dimension = DIM
    prefix = ""

    def __init__(self) -> None:
        self.spec = load_config().model_spec()
        self.name = self.spec.name
        self._words: dict[str, np.ndarray] = {}

    def _vector(self, word: str) -> np.ndarray:
        if word not in self._words:
            seed = int.from_bytes(hashlib.blake2b(word.encode("utf-8", "surrogatepass"), digest_size=8).digest(),
                                  "little")
            self._words[word] = np.random.default_rng(seed).standard_normal(DIM).astype(np.float32)
        return self._words[word]

    def encode(self, texts: Sequence[str], *, batch_size: int = 32, show_progress: bool = False) -> np.ndarray:
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in _WORD.findall(text.lower()) or [""]:
                out[row] += self._vector(word)
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)

    def token_embeddings(self, texts: Sequence[str], *, layer: int = -1, batch_size: int = 32) -> list[TokenVectors]:
        result = []
        for text in texts:
            matches = list(_WORD.finditer(text))
            vectors = np.array([self._vector(m.group().lower()) for m in matches], dtype=np.float32)
            offsets = np.array([m.span() for m in matches], dtype=np.int64).reshape(-1, 2)
            result.append(TokenVectors(text=text, vectors=vectors.reshape(-1, DIM), offsets=offsets))
        return result

    def clear_cache(self) -> None:
        self._words.clear()


if __name__ == "__main__":
    import drift.api
    from drift.cli import main

    drift.api.load_encoder = lambda spec, **kwargs: FakeEncoder()  # type: ignore[assignment]
    sys.exit(main(sys.argv[1:]))
