"""Documents: decoding, rejection of bad input, language detection, ids, directories, datasets."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from drift.documents import (
    Document,
    detect_language,
    document_from_text,
    documents_from_dataset,
    load_document,
    load_documents,
    make_unique_ids,
)
from drift.errors import DriftError

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

FRENCH = ("Des combats violents ont opposé mardi l’armée syrienne à une coalition de rebelles menée par "
          "des islamistes radicaux, qui tentent d’avancer vers la ville stratégique de Hama, selon l’OSDH. "
          "« Nous avançons vers Hama », a déclaré un combattant à l’AFP.")
# Latin-1 cannot encode the typographic apostrophe: the same text with plain apostrophes.
FRENCH_LATIN1 = FRENCH.replace("’", "'")
BULGARIAN = ("Ожесточени боеве се водят днес между сирийската армия и коалиция от бунтовници, "
             "водени от радикална ислямистка групировка, които се опитват да напреднат към Хама.")
ENGLISH = ("Islamist-led rebels battled army troops on Tuesday as they advanced towards the city of Hama "
           "in central Syria, a war monitor said.")


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- decoding ---------------------------------------------------------------------------------


def test_utf8(tmp_path: Path) -> None:
    doc = load_document(write(tmp_path, "a.txt", FRENCH.encode("utf-8")))
    assert doc.text == FRENCH
    assert doc.id == "a"
    assert doc.path == str(tmp_path / "a.txt")


def test_utf8_bom_is_stripped(tmp_path: Path) -> None:
    doc = load_document(write(tmp_path, "a.txt", b"\xef\xbb\xbf" + FRENCH.encode("utf-8")))
    assert doc.text == FRENCH


def test_utf16_with_bom(tmp_path: Path) -> None:
    doc = load_document(write(tmp_path, "a.txt", BULGARIAN.encode("utf-16")))
    assert doc.text == BULGARIAN


@pytest.mark.parametrize(("text", "encoding"), [(FRENCH, "cp1252"), (FRENCH_LATIN1, "latin-1")])
def test_legacy_french_encodings_are_detected(tmp_path: Path, text: str, encoding: str) -> None:
    data = text.encode(encoding)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # the test only means something if the bytes are not UTF-8
    doc = load_document(write(tmp_path, "a.txt", data))
    assert doc.text == text


def test_short_cp1252_french_prefers_cp1252_over_tied_cp1250(tmp_path: Path) -> None:
    # On a line this short charset-normalizer ties cp1250 ("Élčve ŕ") with cp1252 ("Élève à").
    text = "Élève à Noël, façade. Le garçon est allé à l’école près du château."
    doc = load_document(write(tmp_path, "a.txt", text.encode("cp1252")))
    assert doc.text == text


def test_cp1251_bulgarian_is_detected(tmp_path: Path) -> None:
    doc = load_document(write(tmp_path, "a.txt", BULGARIAN.encode("cp1251")))
    assert doc.text == BULGARIAN


def test_crlf_and_cr_are_normalised_and_nothing_else(tmp_path: Path) -> None:
    raw = "  First line.\r\nSecond line.  \r\rThird\tline.\n"
    path = write(tmp_path, "a.txt", raw.encode("utf-8"))
    doc = load_document(path)
    assert doc.text == "  First line.\nSecond line.  \n\nThird\tline.\n"
    assert path.read_bytes() == raw.encode("utf-8")  # the input file is never modified


@pytest.mark.parametrize("data", [
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
    bytes(range(1, 32)) * 20 + b"some text",  # no NUL, but mostly control bytes
])
def test_binary_is_rejected(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(DriftError, match=r"bin\.txt: looks like a binary file, not text"):
        load_document(write(tmp_path, "bin.txt", data))


@pytest.mark.parametrize("data", [b"", b"  \n\t\r\n ", b"\xef\xbb\xbf \n"])
def test_empty_is_rejected(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(DriftError, match=r"e\.txt: file is empty"):
        load_document(write(tmp_path, "e.txt", data))


def test_missing_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(DriftError, match=r"nope\.txt: no such file"):
        load_document(tmp_path / "nope.txt")


def test_undecodable_is_rejected(tmp_path: Path) -> None:
    # Random high bytes: not UTF-8 and no language fits any code page.
    data = bytes((i * 73 + 128) % 256 for i in range(600) if (i * 73 + 128) % 256 >= 0x80)
    with pytest.raises(DriftError, match=r"x\.txt: .*(encoding|binary)"):
        load_document(write(tmp_path, "x.txt", data))


def test_errors_are_one_line(tmp_path: Path) -> None:
    with pytest.raises(DriftError) as info:
        load_document(write(tmp_path, "bin.txt", b"\x00\x01\x02"))
    assert "\n" not in str(info.value)


# --- language ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "code"), [(ENGLISH, "en"), (FRENCH, "fr"), (BULGARIAN, "bg")])
def test_language_detection(text: str, code: str) -> None:
    assert detect_language(text) == code
    assert document_from_text(text, "x").language == code


# "Bonjour" alone gets 0.94 for French from lingua: a single word is still too little to trust.
@pytest.mark.parametrize("text", ["123 456 — 2024", "Hama", "...!", "Bonjour"])
def test_language_undetermined_without_enough_letters(text: str) -> None:
    assert detect_language(text) == "und"


def test_language_given_is_kept(tmp_path: Path) -> None:
    doc = load_document(write(tmp_path, "a.txt", ENGLISH.encode()), language="FR", doc_id="custom")
    assert (doc.language, doc.id) == ("fr", "custom")


def test_seed_languages() -> None:
    docs = load_documents([SEEDS])
    assert [d.language for d in docs] == ["en"] * 5


# --- ids, directories, stdin ------------------------------------------------------------------


def test_ids_are_file_stems_and_directory_is_sorted() -> None:
    docs = load_documents([SEEDS])
    assert [d.id for d in docs] == sorted(p.stem for p in SEEDS.glob("*.txt"))
    assert docs[2].id == "002_87cb24ee38d30ef1"
    assert docs[2].text == (SEEDS / "002_87cb24ee38d30ef1.txt").read_text("utf-8")


def test_directory_expansion_only_txt_and_md(tmp_path: Path) -> None:
    (tmp_path / "b.md").write_text(ENGLISH)
    (tmp_path / "a.txt").write_text(FRENCH)
    (tmp_path / "c.json").write_text('{"not": "a version"}')
    (tmp_path / ".hidden.txt").write_text(ENGLISH)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "d.txt").write_text(ENGLISH)
    assert [d.id for d in load_documents([tmp_path])] == ["a", "b"]


def test_empty_directory_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(DriftError, match="no .txt or .md files"):
        load_documents([tmp_path])


def test_colliding_stems_get_suffixes(tmp_path: Path) -> None:
    for folder in ("x", "y", "z"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "story.txt").write_text(ENGLISH)
    (tmp_path / "story-2.txt").write_text(FRENCH)
    docs = load_documents([tmp_path / "x" / "story.txt", tmp_path / "y", tmp_path / "story-2.txt",
                           tmp_path / "z" / "story.txt"])
    ids = [d.id for d in docs]
    assert ids == ["story", "story-3", "story-2", "story-4"]
    assert len(set(ids)) == len(ids)


def test_make_unique_ids_keeps_order_and_text() -> None:
    docs = [Document("a", "one"), Document("a", "two"), Document("a", "three")]
    out = make_unique_ids(docs)
    assert [(d.id, d.text) for d in out] == [("a", "one"), ("a-2", "two"), ("a-3", "three")]


def test_stdin(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(BULGARIAN.encode("utf-8") + b"\r\n")))
    path = write(tmp_path, "a.txt", ENGLISH.encode())
    docs = load_documents(["-", path])
    assert [d.id for d in docs] == ["stdin", "a"]
    assert docs[0].text == BULGARIAN + "\n"
    assert docs[0].language == "bg"


def test_document_from_text_normalises_newlines_only() -> None:
    doc = document_from_text("  A line.\r\nB line. ", "x", language="en")
    assert doc.text == "  A line.\nB line. "
    with pytest.raises(DriftError, match="x: text is empty"):
        document_from_text(" \n ", "x")


# --- datasets ---------------------------------------------------------------------------------


def test_documents_from_dataset() -> None:
    datasets = pytest.importorskip("datasets")
    ds = datasets.Dataset.from_dict({
        "id": ["a", "b", "a"],
        "text": [ENGLISH, FRENCH + "\r\n", BULGARIAN],
        "lang": ["en", None, ""],
    })
    docs = documents_from_dataset(ds, language_column="lang")
    assert [d.id for d in docs] == ["a", "b", "a-2"]
    assert [d.language for d in docs] == ["en", "fr", "bg"]  # empty cells are detected
    assert docs[1].text == FRENCH + "\n"
    assert all(d.path is None for d in docs)


def test_dataset_without_id_column_and_bad_columns() -> None:
    datasets = pytest.importorskip("datasets")
    ds = datasets.Dataset.from_dict({"body": [ENGLISH, FRENCH]})
    docs = documents_from_dataset(ds, text_column="body")
    assert [(d.id, d.language) for d in docs] == [("row0", "en"), ("row1", "fr")]
    with pytest.raises(DriftError, match="no text column 'text'"):
        documents_from_dataset(ds)
    with pytest.raises(DriftError, match="no id column 'key'"):
        documents_from_dataset(ds, text_column="body", id_column="key")
    empty = datasets.Dataset.from_dict({"text": [ENGLISH, "  "]})
    with pytest.raises(DriftError, match="row 1"):
        documents_from_dataset(empty)
