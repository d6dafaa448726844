"""What drift does with awkward input: each case of the matrix with its expected outcome.

| input                   | expected                                                      |
| ----------------------- | ------------------------------------------------------------- |
| empty file              | exit 2, one line on stderr, no report                         |
| whitespace only         | exit 2 (empty)                                                |
| binary                  | exit 2                                                        |
| malformed config        | exit 2                                                        |
| latin-1                 | decoded (not rejected), accents intact, compared              |
| one sentence each       | one link, nothing unaligned                                   |
| identical documents     | nothing flagged                                               |
| unknown script          | Georgian / Tamil text works (language may be "und")           |
| 20,000 sentences        | align_pair completes with bounded memory (no dense matrix)    |

The CLI (``drift.cli.main``) is used where no model is needed; the session ``encoder`` where
it is; the 20,000-sentence case calls ``drift.align`` with a cheap fake embedder.
"""

from __future__ import annotations

import hashlib
import time
import tracemalloc
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from test_align import THRESHOLDS  # the fake embedders' calibration, defined once

from drift.align import align_pair
from drift.api import compare
from drift.cli import main
from drift.documents import load_document
from drift.encoders import Encoder

FRENCH = ("Le port de Bourgas a été fermé lundi après une grève des dockers. "
          "Quatorze navires attendaient au large, a précisé la capitainerie.\n")
ENGLISH = ("The port of Burgas was closed on Monday after a dockers' strike. "
           "Fourteen ships were waiting offshore, the harbour master said.\n")


@pytest.fixture
def good(tmp_path: Path) -> Path:
    path = tmp_path / "good.txt"
    path.write_text(ENGLISH, encoding="utf-8")
    return path


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


REJECTED = {
    "empty": ("empty.txt", b"", "empty"),
    "whitespace only": ("blank.txt", b"  \n\t\r\n   \n", "empty"),
    "binary": ("blob.txt", bytes(range(256)) * 16, "binary"),
    "nul bytes in text": ("nul.txt", b"Some words\x00 and more\x00 words.\n", "binary"),
}


@pytest.mark.parametrize("case", sorted(REJECTED))
def test_unreadable_input_exits_2_with_one_line(case: str, tmp_path: Path, good: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    name, data, message = REJECTED[case]
    bad = _write(tmp_path, name, data)
    out = tmp_path / "report.json"
    code = main(["score", str(bad), str(good), "--format", "json", "--output", str(out), "--quiet"])
    captured = capsys.readouterr()
    assert code == 2
    assert message in captured.err and name in captured.err
    assert captured.err.count("\n") == 1 and "Traceback" not in captured.err
    assert not out.exists()


@pytest.mark.parametrize("content", ["[drift\nthreshold = ", "[drift]\nthreshold = 'high'\n",
                                     "[drift]\nthreshold = 7\n", "[drift]\nmodel = 'nope'\n",
                                     "drift = 3\n"])
def test_malformed_config_exits_2(content: str, tmp_path: Path, good: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "bad.toml"
    config.write_text(content, encoding="utf-8")
    code = main(["score", str(good), str(good), "--config", str(config), "--format", "json"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("drift: error:") and err.count("\n") == 1


def test_latin1_is_decoded_not_rejected(tmp_path: Path) -> None:
    path = _write(tmp_path, "fr_latin1.txt", FRENCH.encode("latin-1"))
    doc = load_document(path)
    assert doc.text == FRENCH
    assert "été" in doc.text and "précisé" in doc.text


def test_latin1_version_is_compared(tmp_path: Path, good: Path, encoder: Encoder) -> None:
    latin1 = _write(tmp_path, "fr_latin1.txt", FRENCH.encode("latin-1"))
    report = compare([good, latin1], encoder=encoder)
    document = report.document("fr_latin1")
    assert document.language == "fr"
    assert all(document.text[s.start:s.end] == s.text for s in report.sentences["fr_latin1"])
    assert report.pairs[0].links, "the two opening sentences should align"


def test_one_sentence_each(encoder: Encoder) -> None:
    report = compare(["The port of Burgas was closed on Monday.",
                      "Le port de Bourgas a été fermé lundi."], encoder=encoder)
    pair = report.pairs[0]
    assert [(link.source, link.target) for link in pair.links] == [((0,), (0,))]
    assert pair.unaligned_source == [] and pair.unaligned_target == []
    assert not report.flagged_findings


def test_identical_documents_flag_nothing(tmp_path: Path, encoder: Encoder) -> None:
    text = (Path(__file__).resolve().parents[1] / "eval" / "stories" / "galati-floods"
            / "en_wire.txt").read_text(encoding="utf-8")
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text(text, encoding="utf-8")
    b.write_text(text, encoding="utf-8")
    report = compare([a, b], encoder=encoder)
    assert report.flagged_findings == []
    pair = report.pairs[0]
    assert pair.unaligned_source == [] and pair.unaligned_target == []
    assert all(link.source == link.target for link in pair.links)


@pytest.mark.parametrize("text", [
    # Georgian (Mkhedruli) and Tamil: scripts the language detector and pysbd may not know.
    "თბილისში ორშაბათს დიდი აქცია გაიმართა. პოლიციამ თქვა, რომ აქცია მშვიდობიანი იყო.",
    "சென்னையில் திங்கள்கிழமை பெரிய போராட்டம் நடந்தது. போராட்டம் அமைதியாக நடந்தது என்று காவல்துறை கூறியது.",
])
def test_unknown_script_works(text: str, tmp_path: Path, encoder: Encoder) -> None:
    other = tmp_path / "other.txt"
    other.write_text(text + "\n", encoding="utf-8")
    report = compare([ENGLISH, other], encoder=encoder)
    document = report.document("other")
    assert document.language is None or isinstance(document.language, str)  # "und" is fine
    sentences = report.sentences["other"]
    assert sentences and all(document.text[s.start:s.end] == s.text for s in sentences)
    assert all(0.0 <= f.severity <= 1.0 for f in report.findings)


# --- 20,000 sentences ---------------------------------------------------------------------------

DIM = 32
N_LONG = 20_000


class CheapEmbedder:
    """A sentence "s123" is a fixed random unit vector; a joined pair is their normalised sum."""

    def __init__(self) -> None:
        self.table = np.random.default_rng(0).standard_normal((N_LONG + 1, DIM)).astype(np.float32)
        self.table /= np.linalg.norm(self.table, axis=1, keepdims=True)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        for row, text in enumerate(texts):
            for token in text.split():
                out[row] += self.table[int(token[1:])]
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)


def test_twenty_thousand_sentences_align_in_bounded_memory() -> None:
    rng = np.random.default_rng(1)
    source = [f"s{i}" for i in range(N_LONG)]
    # A realistic other version: a few sentences dropped and a few unrelated ones added.
    dropped = set(rng.choice(N_LONG, 200, replace=False).tolist())
    target = [s for i, s in enumerate(source) if i not in dropped]
    embedder = CheapEmbedder()
    tracemalloc.start()
    started = time.perf_counter()
    try:
        result = align_pair(source, target, embedder, THRESHOLDS, monotonic=True)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    seconds = time.perf_counter() - started
    dense = N_LONG * len(target) * 4  # one float32 similarity matrix: 1.6 GB
    assert peak < dense / 8, f"peak {peak / 2**20:.0f} MiB: a dense matrix was built"
    assert seconds < 300
    linked = sum(len(link.source) for link in result.links)
    assert linked >= 0.95 * len(target)
    assert len(result.unaligned_source) + linked == N_LONG


def test_hash_of_inputs_unchanged(tmp_path: Path, good: Path) -> None:
    """A rejected run never touches its inputs."""
    bad = _write(tmp_path, "blob.txt", bytes(range(256)) * 4)
    before = hashlib.sha256(bad.read_bytes()).hexdigest()
    assert main(["score", str(bad), str(good), "--quiet"]) == 2
    assert hashlib.sha256(bad.read_bytes()).hexdigest() == before
