"""The ONNX Runtime backend: chosen when a plain model folder has the graph, the same vectors as
the torch backend, and a default scoring process that never imports torch or transformers.

The selection and equivalence tests run on a tiny random BERT folder exported here (seconds, no
built model); the ``slow`` ones compare both backends on the built default model.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import drift.convert
from drift.config import ModelSpec, load_config
from drift.convert import (
    ONNX_DATA_FILE,
    ONNX_FILE,
    ONNX_INT8_FILE,
    ONNX_MARKER_NAME,
    default_model_dir,
    ensure_onnx,
    export_onnx,
    quantise_onnx,
)
from drift.documents import load_documents
from drift.encoders import Encoder, OnnxBackend, TokenVectors, TransformerBackend, _load_backend, _plain_shape
from drift.errors import DriftError
from drift.segment import segment

pytest.importorskip("onnxruntime")
pytest.importorskip("onnx")

REPO = Path(__file__).resolve().parent.parent
STORY = REPO / "eval" / "stories" / "burgas-port-strike"
TEXTS = [
    "Dockers in Burgas walked out on Monday, the union said.",
    "The strike, the third this year, halted grain exports for two days.",
    "Port officials said talks would resume on Thursday.",
    "Short one.",
    "",
]


def _cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    na, nb = np.linalg.norm(a, axis=-1), np.linalg.norm(b, axis=-1)
    return np.sum(a * b, axis=-1) / np.maximum(na * nb, 1e-12)


def _tiny_folder(target: Path) -> Path:
    """A sentence-transformers folder of the plain shape around a small random BERT and a
    word-level tokenizer: what export_onnx and both backends need, built in a second."""
    import torch
    from tokenizers import Tokenizer, models, pre_tokenizers, processors
    from transformers import BertConfig, BertModel

    words = sorted({w for t in TEXTS for w in t.replace(",", " ,").replace(".", " .").split()})
    vocab = {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3, **{w: i + 4 for i, w in enumerate(words)}}
    tok = Tokenizer(models.WordLevel(vocab, unk_token="<unk>"))
    tok.pre_tokenizer = pre_tokenizers.Sequence([pre_tokenizers.WhitespaceSplit(), pre_tokenizers.Punctuation()])
    tok.post_processor = processors.TemplateProcessing(single="<s> $A </s>", special_tokens=[("<s>", 0), ("</s>", 2)])
    target.mkdir(parents=True)
    tok.save(str(target / "tokenizer.json"))
    torch.manual_seed(0)
    config = BertConfig(vocab_size=len(vocab), hidden_size=32, num_hidden_layers=3, num_attention_heads=4,
                        intermediate_size=64, max_position_embeddings=64, type_vocab_size=1, pad_token_id=1,
                        bos_token_id=0, eos_token_id=2)
    BertModel(config).eval().save_pretrained(target)
    (target / "1_Pooling").mkdir()
    (target / "1_Pooling" / "config.json").write_text(json.dumps({"word_embedding_dimension": 32,
                                                                 "pooling_mode_mean_tokens": True}))
    (target / "2_Normalize").mkdir()
    modules = [{"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
               {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
               {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"}]
    (target / "modules.json").write_text(json.dumps(modules))
    (target / "sentence_bert_config.json").write_text(json.dumps({"max_seq_length": 64}))
    return target


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = _tiny_folder(tmp_path_factory.mktemp("tiny") / "model")
    assert export_onnx(folder) == folder / ONNX_FILE
    return folder


def _spec(folder: Path) -> ModelSpec:
    return ModelSpec(name="tiny-test", source="sentence-transformers", path=str(folder), prefix="query: ",
                     thresholds={})


def test_export_writes_a_graph_with_external_weights(tiny: Path) -> None:
    assert (tiny / ONNX_FILE).stat().st_size < 100_000          # the graph alone
    assert (tiny / ONNX_DATA_FILE).stat().st_size > 4 * 32 * 32  # the weights beside it


def test_backend_follows_the_folder_and_drift_backend(tiny: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DRIFT_BACKEND", raising=False)
    assert isinstance(_load_backend(_spec(tiny), progress=False), OnnxBackend)
    monkeypatch.setenv("DRIFT_BACKEND", "torch")
    assert isinstance(_load_backend(_spec(tiny), progress=False), TransformerBackend)
    monkeypatch.setenv("DRIFT_BACKEND", "cuda")
    with pytest.raises(DriftError, match="DRIFT_BACKEND"):
        _load_backend(_spec(tiny), progress=False)
    # Without the graph: torch, or a one-line error when ONNX was demanded.
    bare = tmp_path / "bare"
    bare.mkdir()
    for path in tiny.rglob("*"):
        if path.is_file() and path.name not in (ONNX_FILE, ONNX_DATA_FILE):
            (bare / path.relative_to(tiny)).parent.mkdir(parents=True, exist_ok=True)
            (bare / path.relative_to(tiny)).write_bytes(path.read_bytes())
    monkeypatch.delenv("DRIFT_BACKEND")
    assert isinstance(_load_backend(_spec(bare), progress=False), TransformerBackend)
    monkeypatch.setenv("DRIFT_BACKEND", "onnx")
    with pytest.raises(DriftError, match="no ONNX graph") as info:
        _load_backend(_spec(bare), progress=False)
    assert "\n" not in str(info.value)
    # A corrupt graph is a one-line error naming the model, not a traceback.
    (bare / ONNX_FILE).write_bytes(b"not a graph")
    (bare / ONNX_DATA_FILE).write_bytes(b"")
    with pytest.raises(DriftError, match="tiny-test") as info:
        _load_backend(_spec(bare), progress=False)
    assert "\n" not in str(info.value)


def _copy_without_graph(tiny: Path, target: Path) -> Path:
    for path in tiny.rglob("*"):
        if path.is_file() and not path.name.startswith(("model.onnx", "model.int8", ONNX_MARKER_NAME)):
            (target / path.relative_to(tiny)).parent.mkdir(parents=True, exist_ok=True)
            (target / path.relative_to(tiny)).write_bytes(path.read_bytes())
    return target


def test_a_build_without_the_graph_gains_it_once(tiny: Path, tmp_path: Path) -> None:
    folder = _copy_without_graph(tiny, tmp_path / "old-build")
    assert ensure_onnx(folder) == folder
    assert isinstance(_load_backend(_spec(folder), progress=False), OnnxBackend)
    assert json.loads((folder / ONNX_MARKER_NAME).read_text("utf-8"))["exported"] is True
    assert not [p.name for p in folder.iterdir() if p.name.startswith(".")]   # no temporary left
    before = (folder / ONNX_FILE).stat().st_mtime_ns
    ensure_onnx(folder)
    assert (folder / ONNX_FILE).stat().st_mtime_ns == before


def test_a_failed_export_warns_once_and_leaves_torch(tiny: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    folder = _copy_without_graph(tiny, tmp_path / "no-export")
    calls = []

    def broken(*args: object, **kwargs: object) -> None:
        calls.append(1)
        raise RuntimeError("exporter broke")

    monkeypatch.setattr(drift.convert, "export_onnx", broken)
    ensure_onnx(folder)
    ensure_onnx(folder)
    assert calls == [1]                                   # recorded, not retried by every process
    assert "exporter broke" in capsys.readouterr().err
    assert not (folder / ONNX_FILE).exists() and not (folder / ONNX_DATA_FILE).exists()
    monkeypatch.delenv("DRIFT_BACKEND", raising=False)
    assert isinstance(_load_backend(_spec(folder), progress=False), TransformerBackend)


def _both(folder: Path) -> tuple[OnnxBackend, TransformerBackend]:
    pooling, normalize, max_length = _plain_shape(folder) or ("", False, 0)
    return (OnnxBackend(folder, max_length=max_length),
            TransformerBackend(folder, pooling=pooling, normalize=normalize, max_length=max_length))


def _assert_same(texts: list[str], onnx: OnnxBackend, torch_: TransformerBackend, layer: int,
                 min_cos: float, batch_size: int = 4) -> None:
    ours, our_tokens = onnx.run(texts, "query: ", token_layer=layer, need_vectors=True, batch_size=batch_size)
    ref, ref_tokens = torch_.run(texts, "query: ", token_layer=layer, need_vectors=True, batch_size=batch_size)
    assert ours is not None and ref is not None and our_tokens is not None and ref_tokens is not None
    assert ours.dtype == np.float32 and ours.shape == ref.shape
    assert _cosines(ours, ref).min() >= min_cos
    for a, b in zip(our_tokens, ref_tokens, strict=True):
        assert isinstance(a, TokenVectors) and a.text == b.text
        np.testing.assert_array_equal(a.offsets, b.offsets)
        if len(a):
            assert _cosines(a.vectors, b.vectors).min() >= min_cos


def test_onnx_matches_torch_on_every_layer(tiny: Path) -> None:
    onnx, torch_ = _both(tiny)
    assert onnx.dimension == torch_.dimension == 32 and onnx.layers == torch_.layers == 4
    # Batches of mixed lengths (padding), every hidden state, negative indices too.
    for layer in (0, 1, 2, 3, -1):
        _assert_same(TEXTS, onnx, torch_, layer, 0.9999, batch_size=3)
    with pytest.raises(DriftError, match="layer 4"):
        onnx.run(TEXTS, "", token_layer=4, need_vectors=True, batch_size=4)
    assert onnx.token_ids("query: Short one.") == torch_.token_ids("query: Short one.")


def test_encoder_on_onnx_serves_the_same_caches(tiny: Path) -> None:
    encoder = Encoder(OnnxBackend(tiny, max_length=64), _spec(tiny))
    vectors, tokens = encoder.embed(TEXTS[:3], token_layer=2)
    assert tokens is not None and encoder.texts_encoded == 3
    again = encoder.encode(TEXTS[:3])
    np.testing.assert_array_equal(vectors, again)
    assert encoder.texts_encoded == 3  # served from the cache


def test_int8_graph_is_an_option(tiny: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DRIFT_BACKEND", "onnx-int8")
    if not (tiny / ONNX_INT8_FILE).is_file():
        with pytest.raises(DriftError, match="no int8 graph"):
            _load_backend(_spec(tiny), progress=False)
    assert quantise_onnx(tiny) == tiny / ONNX_INT8_FILE
    assert (tiny / ONNX_INT8_FILE).is_file() and not [p for p in tiny.iterdir() if p.name.startswith(".")]
    int8 = _load_backend(_spec(tiny), progress=False)
    assert isinstance(int8, OnnxBackend)
    monkeypatch.delenv("DRIFT_BACKEND")
    fp32 = _load_backend(_spec(tiny), progress=False)   # the default stays the fp32 graph
    assert isinstance(fp32, OnnxBackend)
    ours = int8.run(TEXTS, "", token_layer=None, need_vectors=True, batch_size=8)[0]
    ref = fp32.run(TEXTS, "", token_layer=None, need_vectors=True, batch_size=8)[0]
    assert ours is not None and ref is not None
    assert _cosines(ours, ref).min() > 0.99
    import onnx

    ops = {node.op_type for node in onnx.load(str(tiny / ONNX_INT8_FILE), load_external_data=False).graph.node}
    assert "MatMulInteger" in ops and "MatMulInteger" not in {
        node.op_type for node in onnx.load(str(tiny / ONNX_FILE), load_external_data=False).graph.node}


# --- the built default model ------------------------------------------------------------------


def _default_folder() -> Path:
    folder = default_model_dir()
    if not (folder / ONNX_FILE).is_file():
        pytest.skip(f"the default model at {folder} has no ONNX graph (make model)")
    return folder


@pytest.mark.slow
def test_default_model_onnx_matches_torch_on_seeds_and_a_story(seeds_dir: Path) -> None:
    folder = _default_folder()
    layer = int(load_config().model_spec().thresholds["span_layer"])
    texts = [s.text for d in load_documents([seeds_dir, STORY]) for s in segment(d)]
    assert len(texts) > 100
    onnx, torch_ = _both(folder)
    _assert_same(texts, onnx, torch_, layer, 0.999, batch_size=32)


@pytest.mark.slow
def test_default_scoring_imports_neither_torch_nor_transformers(seeds_dir: Path, tmp_path: Path) -> None:
    _default_folder()
    code = (
        "import sys\n"
        "from drift import cli, encoders\n"
        "code = cli.main(['score', *sys.argv[2:], '--all-pairs', '--format', 'json', '-o', sys.argv[1], '-q'])\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & {'torch', 'transformers', 'sentence_transformers'})\n"
        "print(code, [type(e.backend).__name__ for e in encoders._ENCODERS.values()], heavy)\n"
    )
    files = [str(p) for p in sorted(seeds_dir.glob("*.txt"))[:2]]
    env = {k: v for k, v in os.environ.items() if k != "DRIFT_BACKEND"}
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "r.json"), *files], cwd=REPO, env=env,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip().splitlines()[-1] == "0 ['OnnxBackend'] []"
    assert json.loads((tmp_path / "r.json").read_text("utf-8"))["events"] is not None
