"""Documents: decoded text with an id, a path and a language; the original text is never altered.

The *document text* is the decoded file with line endings normalised to ``"\\n"`` (``"\\r\\n"``
and lone ``"\\r"`` become ``"\\n"``) and a leading UTF-8 byte-order mark removed; nothing else is
changed (no Unicode normalisation, no whitespace trimming). Every character offset in drift (the
sentences, the findings, the report) points into that text, so
``document.text[start:end] == span_text`` always holds. Input files are only ever read.

Decoding, in order: a UTF-16/32 byte-order mark decides the encoding; bytes containing NUL or
many control characters are rejected as binary; strict UTF-8 (BOM stripped) is tried next; any
other encoding is accepted only when charset-normalizer is confident about it, otherwise the
file is rejected rather than decoded into mojibake.

Reading is bounded, so that no input can exhaust memory or hang the run:

- at most ``MAX_DOCUMENT_BYTES`` (10 MiB; the environment variable ``DRIFT_MAX_DOCUMENT_BYTES``
  changes it) are read per document, in chunks; a larger or endless input (``/dev/zero``,
  ``yes |``) is rejected with a one-line error once the limit is passed;
- a NUL byte (outside UTF-16/32) ends the read at once as binary, however long the input;
- a named pipe, terminal or device (anything but a regular file or ``-``, standard input) is
  read with an idle timeout of ``READ_TIMEOUT_SECONDS`` (10 s; ``DRIFT_READ_TIMEOUT``): a pipe
  that nobody writes to is an error after that long, never a silent hang.
"""

from __future__ import annotations

import codecs
import os
import select
import stat
import sys
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from drift.errors import DriftError

if TYPE_CHECKING:  # datasets is heavy to import; only the dataset entry point needs it.
    import datasets
    from lingua import LanguageDetector


@dataclass(frozen=True)
class Document:
    """One version of a story. ``text`` is the decoded text that every offset points into."""

    id: str
    text: str
    path: str | None = None
    language: str = "und"
    # Where the article came from, when known (a web page, a feed row): kept in the report, and
    # ``published`` (ISO date) lets the time detector resolve "yesterday".
    url: str | None = None
    title: str | None = None
    published: str | None = None
    source: str | None = None
    author: str | None = None

    def metadata(self) -> dict[str, str]:
        """The metadata fields that are set (url, title, published, source, author)."""
        fields = {"url": self.url, "title": self.title, "published": self.published,
                  "source": self.source, "author": self.author}
        return {k: v for k, v in fields.items() if v}

    def with_id(self, new_id: str) -> Document:
        """The same document under another id (used to make ids unique)."""
        return replace(self, id=new_id)


# Directory expansion picks these; a file named explicitly is read whatever its extension,
# because the user chose it.
TEXT_SUFFIXES = (".txt", ".md")
STDIN = "-"
STDIN_ID = "stdin"

# --- decoding --------------------------------------------------------------------------------

# Control characters that real text contains (tab, newline, vertical tab, form feed, carriage
# return, escape is not among them). Anything else below 0x20 is a sign of binary data.
_TEXT_CONTROLS = frozenset(b"\t\n\x0b\x0c\r")
# A text file may carry a stray control byte or two (a pasted form feed, a terminal escape);
# past this share of all bytes it is not text.
_MAX_CONTROL_SHARE = 0.05
# charset-normalizer's ``chaos`` is the share of "messy" characters in its decoding and
# ``coherence`` how well the character frequencies fit a language. A wrong single-byte code
# page still decodes "cleanly" (chaos 0) but fits no language (coherence 0), as measured on a
# short latin-1 French line that it guessed as cp1250; so both must pass.
_MAX_CHAOS = 0.1
_MIN_COHERENCE = 0.1
_TIE = 0.01
# Tie-break order for legacy encodings (names as charset-normalizer spells them): the
# Windows code pages that legacy news text actually comes in, Western European first.
_PREFERRED_ENCODINGS = ("cp1252", "latin_1", "iso8859_15", "cp1251", "koi8_r", "cp1250", "iso8859_2",
                        "cp1253", "cp1254", "cp1257", "cp1256", "cp1255", "gb18030", "big5", "shift_jis",
                        "euc_jp", "euc_kr")

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its little-endian BOM starts with UTF-16's.
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


_BINARY_CONTROLS = bytes(b for b in range(0x20) if b not in _TEXT_CONTROLS)


def _looks_binary(data: bytes) -> bool:
    if b"\x00" in data:
        return True
    controls = len(data) - len(data.translate(None, _BINARY_CONTROLS))
    return controls > _MAX_CONTROL_SHARE * len(data)


def normalize_newlines(text: str) -> str:
    """``"\\r\\n"`` and lone ``"\\r"`` become ``"\\n"``; the only change drift makes to a text."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_bytes(data: bytes, name: str) -> str:
    """Decode a file's bytes into document text, or raise DriftError naming ``name``."""
    if not data.strip():
        raise DriftError(f"{name}: file is empty")
    text: str | None = None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)  # the codec consumes the BOM itself
            except UnicodeDecodeError:
                raise DriftError(f"{name}: cannot decode the text as {encoding}") from None
            break
    if text is None:
        if _looks_binary(data):
            raise DriftError(f"{name}: looks like a binary file, not text")
        try:
            text = data.decode("utf-8-sig")  # strips a UTF-8 BOM when there is one
        except UnicodeDecodeError:
            text = _detect_and_decode(data, name)
    if not text.strip():
        raise DriftError(f"{name}: file is empty")
    if text.startswith("\ufeff"):  # a BOM that survived a non-UTF-8 codec
        text = text[1:]
    return normalize_newlines(text)


def _detect_and_decode(data: bytes, name: str) -> str:
    from charset_normalizer import from_bytes

    matches = [m for m in from_bytes(data)
               if m.encoding is not None and m.chaos <= _MAX_CHAOS and m.coherence >= _MIN_COHERENCE]
    if not matches:
        raise DriftError(f"{name}: not UTF-8 and its encoding cannot be detected with confidence; "
                         "convert it to UTF-8")
    best = min(matches, key=lambda m: (m.chaos, -m.coherence))
    # Single-byte code pages often tie on short texts (cp1250 and cp1252 both "fit" a French
    # line but differ on è/č). A tie whose decodings agree is harmless; otherwise the
    # encoding most used for news on the web wins, and with none of those it is a guess.
    tied = [m for m in matches if m.chaos <= best.chaos + _TIE and m.coherence >= best.coherence - _TIE]
    texts = {str(m) for m in tied}
    if len(texts) > 1:
        ranked = sorted((_PREFERRED_ENCODINGS.index(e), m) for m in tied
                        for e in [m.encoding, *m.could_be_from_charset] if e in _PREFERRED_ENCODINGS)
        if not ranked:
            raise DriftError(f"{name}: not UTF-8 and its encoding is ambiguous "
                             f"({', '.join(sorted(m.encoding for m in tied))}); convert it to UTF-8")
        best = ranked[0][1]
    text = str(best)
    # Decoded text that is still full of control characters was binary after all.
    if _looks_binary(text.encode("utf-8", "surrogatepass")):
        raise DriftError(f"{name}: looks like a binary file, not text")
    return text


# --- reading, bounded ------------------------------------------------------------------------

# A version of a news story is a few kilobytes to a few hundred; 10 MiB is a long book, far
# beyond what one comparison can usefully align, yet well within memory.
MAX_DOCUMENT_BYTES = 10 * 2**20
# Seconds a named pipe or device may stay silent before its read is abandoned.
READ_TIMEOUT_SECONDS = 10.0
_CHUNK = 64 * 1024


def _env_number(variable: str, default: float) -> float:
    value = os.environ.get(variable)
    if not value:
        return default
    try:
        number = float(value)
    except ValueError:
        number = float("nan")
    if not number > 0 or number == float("inf"):
        raise DriftError(f"{variable} must be a positive number, got '{value}'")
    return number


def max_document_bytes() -> int:
    """The per-document size limit in bytes (``DRIFT_MAX_DOCUMENT_BYTES`` or 10 MiB)."""
    return int(_env_number("DRIFT_MAX_DOCUMENT_BYTES", MAX_DOCUMENT_BYTES))


def read_timeout() -> float:
    """The idle timeout in seconds for non-regular files (``DRIFT_READ_TIMEOUT`` or 10)."""
    return _env_number("DRIFT_READ_TIMEOUT", READ_TIMEOUT_SECONDS)


def _size_text(limit: int) -> str:
    return f"{limit / 2**20:g} MiB" if limit >= 2**20 else f"{limit} bytes"


def _too_large(name: str, limit: int) -> DriftError:
    return DriftError(f"{name}: larger than {_size_text(limit)}, the limit for one document "
                      "(DRIFT_MAX_DOCUMENT_BYTES changes it)")


class _BoundedBuffer:
    """Collects the chunks of one input, stopping it as soon as it is too large or binary."""

    def __init__(self, name: str, limit: int) -> None:
        self.name = name
        self.limit = limit
        self.data = bytearray()
        self.has_bom: bool | None = None  # decided once four bytes are in

    def add(self, chunk: bytes) -> None:
        self.data += chunk
        if len(self.data) > self.limit:
            raise _too_large(self.name, self.limit)
        if self.has_bom is None and len(self.data) >= 4:
            self.has_bom = any(self.data.startswith(bom) for bom, _ in _BOMS)
            chunk = bytes(self.data)  # check what came before the decision too
        if self.has_bom is False and b"\x00" in chunk:
            # NUL never occurs in text outside UTF-16/32 (decode_bytes rejects it too): stop now
            # rather than read the rest of an endless or huge binary input.
            raise DriftError(f"{self.name}: looks like a binary file, not text")


def _read_regular(path: Path, name: str, limit: int) -> bytes:
    buffer = _BoundedBuffer(name, limit)
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            buffer.add(chunk)
    return bytes(buffer.data)


def _read_special(path: Path, name: str, limit: int, timeout: float) -> bytes:
    """A named pipe, terminal or device, with an idle timeout instead of a blocking read.

    Opening a named pipe for reading blocks until a writer opens it, so it is opened
    non-blocking and polled; poll() stays silent while there is no writer, and reports
    end of input once a writer has closed.
    """
    if not hasattr(select, "poll"):
        raise DriftError(f"{name}: not a regular file")
    buffer = _BoundedBuffer(name, limit)
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        poller = select.poll()
        poller.register(fd, select.POLLIN)
        while True:
            if not poller.poll(int(timeout * 1000)):
                raise DriftError(f"{name}: no data for {timeout:g} s (a named pipe nobody writes to?); "
                                 "give a regular file, or - for standard input")
            try:
                chunk = os.read(fd, _CHUNK)
            except BlockingIOError:
                continue
            if not chunk:
                break
            buffer.add(chunk)
    finally:
        os.close(fd)
    return bytes(buffer.data)


def read_bytes(source: str | os.PathLike[str]) -> bytes:
    """The bytes of one input file, bounded as the module docstring says; DriftError otherwise."""
    path = Path(source)
    name = str(source)
    limit = max_document_bytes()
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise DriftError(f"{name}: is a directory, not a file")
        if stat.S_ISREG(info.st_mode):
            if info.st_size > limit:  # known before reading a byte
                raise _too_large(name, limit)
            return _read_regular(path, name, limit)
        return _read_special(path, name, limit, read_timeout())
    except FileNotFoundError:
        raise DriftError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise DriftError(f"{name}: is a directory, not a file") from None
    except PermissionError:
        raise DriftError(f"{name}: permission denied") from None
    except OSError as exc:
        raise DriftError(f"{name}: cannot read ({exc.strerror or exc})") from None


def names_a_file(text: str) -> bool:
    """Does ``text`` name an existing regular file? False, not an error, for text that cannot be a
    path at all (a name component too long, a NUL byte): the API takes paths and raw text alike."""
    try:
        return Path(text).is_file()
    except (OSError, ValueError):
        return False


def _check_length(text: str, name: str) -> None:
    limit = max_document_bytes()
    if len(text) > limit:
        raise DriftError(f"{name}: longer than {limit} characters, the limit for one document "
                         "(DRIFT_MAX_DOCUMENT_BYTES changes it)")


# --- language identification ------------------------------------------------------------------

# Languages lingua chooses among, as ISO 639-1 codes: the languages of international news that
# the default encoder covers. Restricting the set avoids exotic confusions on short texts, and
# keeps close pairs (bg/mk/ru/sr/uk, hr/bs/sr, da/nb/nn) decidable because all members are in.
DETECTABLE_LANGUAGES: tuple[str, ...] = (
    "en", "fr", "de", "es", "it", "pt", "nl", "ru", "uk", "bg", "sr", "mk", "pl", "cs", "sk",
    "sl", "hr", "bs", "ro", "hu", "el", "tr", "ar", "fa", "he", "zh", "ja", "ko", "hi", "ur",
    "id", "ms", "vi", "th", "sv", "da", "nb", "nn", "fi", "et", "lv", "lt", "sq", "ca", "eu",
    "ga", "cy", "is", "ka", "hy", "az", "kk", "be", "bn", "ta", "sw", "af", "tl",
)
UNDETERMINED = "und"
# Below this confidence of the top language the answer is "und": a guess would mislead the
# per-language rules downstream more than "unknown" does.
MIN_LANGUAGE_CONFIDENCE = 0.5
# Language identification needs a few words; names alone ("Hama") are not a language.
MIN_LETTERS = 10
# The start of an article identifies its language; reading all of a long one only costs time.
MAX_LANGUAGE_CHARS = 5000

_detector_lock = threading.Lock()
_detector_instance: LanguageDetector | None = None


def _detector() -> LanguageDetector:
    """lingua's detector, built once on first use (under a lock: building is the slow part).

    Low-accuracy mode (trigram models only), measured here for these 58 languages: models load
    lazily on the first query, about 0.3 s and +50 MB of resident memory, then about 6 ms per
    2 KB article. High-accuracy mode (1- to 5-gram models) took about 6 s and +430 MB for just 25
    languages (11 s and 1.2 GB for all 75). On whole news articles both agree (all five seeds
    score 1.0 English either way); the larger models only help on texts of a few words, which
    drift does not identify (see MIN_LETTERS).
    """
    global _detector_instance
    with _detector_lock:
        if _detector_instance is None:
            from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

            languages = [Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper()))
                         for code in DETECTABLE_LANGUAGES]
            _detector_instance = (LanguageDetectorBuilder.from_languages(*languages)
                                  .with_low_accuracy_mode().build())
        return _detector_instance


def _enough_letters(text: str) -> bool:
    letters = 0
    for char in text:
        if char.isalpha():
            letters += 1
            if letters >= MIN_LETTERS:
                return True
    return False


def detect_language(text: str) -> str:
    """The ISO 639-1 code of the text's language ("en", "fr", "bg", ...), or "und" when unsure."""
    sample = text[:MAX_LANGUAGE_CHARS]
    if not _enough_letters(sample):
        return UNDETERMINED
    values = _detector().compute_language_confidence_values(sample)
    if not values or values[0].value < MIN_LANGUAGE_CONFIDENCE:
        return UNDETERMINED
    return values[0].language.iso_code_639_1.name.lower()


def detect_languages(texts: Sequence[str]) -> list[str]:
    """``detect_language`` over many texts, using lingua's parallel batch call."""
    samples = [t[:MAX_LANGUAGE_CHARS] for t in texts]
    todo = [i for i, s in enumerate(samples) if _enough_letters(s)]
    result = [UNDETERMINED] * len(samples)
    if todo:
        batch = _detector().compute_language_confidence_values_in_parallel([samples[i] for i in todo])
        for i, values in zip(todo, batch, strict=True):
            if values and values[0].value >= MIN_LANGUAGE_CONFIDENCE:
                result[i] = values[0].language.iso_code_639_1.name.lower()
    return result


def _check_language(language: str | None, where: str) -> str | None:
    if language is None:
        return None
    code = language.strip().lower()
    if not code:
        return None
    if not code.replace("-", "").replace("_", "").isalpha():
        raise DriftError(f"{where}: invalid language code '{language}'")
    return code


# --- building documents ---------------------------------------------------------------------


def document_from_text(text: str, doc_id: str, *, path: str | os.PathLike[str] | None = None,
                       language: str | None = None) -> Document:
    """A document from text already in memory. Line endings are normalised as for files."""
    name = str(path) if path is not None else doc_id
    if not isinstance(text, str):
        raise DriftError(f"{name}: text must be a string, got {type(text).__name__}")
    if not text.strip():
        raise DriftError(f"{name}: text is empty")
    _check_length(text, name)
    text = normalize_newlines(text)
    if text.startswith("\ufeff"):
        text = text[1:]
    lang = _check_language(language, name) or detect_language(text)
    return Document(id=doc_id, text=text, path=str(path) if path is not None else None, language=lang)


def load_document(source: str | os.PathLike[str], *, doc_id: str | None = None,
                  language: str | None = None) -> Document:
    """Read one text file (any extension; .txt/.md expected), an HTML page (.html/.htm) or a URL.

    The id defaults to the file stem (for a URL, its last path segment)."""
    from drift.html_input import is_html_path, is_url, load_html_document
    if is_url(source) or is_html_path(source):
        return load_html_document(source, doc_id=doc_id, language=language)
    path = Path(source)
    name = str(source)
    text = decode_bytes(read_bytes(path), name)
    lang = _check_language(language, name) or detect_language(text)
    return Document(id=doc_id or path.stem, text=text, path=name, language=lang)


def _read_stdin(language: str | None) -> Document:
    """Standard input, in bounded chunks (no timeout: waiting for a pipe's writer is expected)."""
    name = "standard input"
    if sys.stdin is None:
        raise DriftError(f"{name} is closed")
    limit = max_document_bytes()
    buffer = _BoundedBuffer(name, limit)
    stream = getattr(sys.stdin, "buffer", None)
    try:
        if stream is None:  # a text stream put in place of stdin (a notebook, a test)
            buffer.add(sys.stdin.read(limit + 1).encode("utf-8"))
        else:
            while chunk := stream.read(_CHUNK):
                buffer.add(chunk)
    except OSError as exc:
        raise DriftError(f"{name}: cannot read ({exc.strerror or exc})") from None
    text = decode_bytes(bytes(buffer.data), name)
    lang = _check_language(language, "standard input") or detect_language(text)
    return Document(id=STDIN_ID, text=text, path=None, language=lang)


def expand_sources(sources: Iterable[str | os.PathLike[str]]) -> list[str]:
    """Paths to read: a directory becomes its *.txt/*.md files (sorted, not recursive)."""
    paths: list[str] = []
    for source in sources:
        name = os.fspath(source)
        if name == STDIN or _is_url(name):
            paths.append(name)
            continue
        path = Path(name)
        if path.is_dir():
            # Hidden files (editor backups, .DS_Store-like leftovers) are not versions of the story.
            found = sorted(p for p in path.iterdir() if p.is_file()
                           and p.suffix.lower() in TEXT_SUFFIXES and not p.name.startswith("."))
            if not found:
                raise DriftError(f"{name}: directory has no .txt or .md files")
            paths.extend(str(p) for p in found)
        else:
            paths.append(name)
    return paths


def _is_url(name: str) -> bool:
    from drift.html_input import is_url
    return is_url(name)


def make_unique_ids(documents: Sequence[Document]) -> list[Document]:
    """Documents with unique ids: a repeated id gets ``-2``, ``-3``, ... in input order.

    The first occurrence keeps its id, so ids stay the file stems whenever they can. A suffix
    that would clash with another document's real id is skipped.
    """
    taken = {d.id for d in documents}
    seen: set[str] = set()
    result: list[Document] = []
    for doc in documents:
        new_id = doc.id
        if new_id in seen:
            n = 2
            while f"{doc.id}-{n}" in seen or f"{doc.id}-{n}" in taken:
                n += 1
            new_id = f"{doc.id}-{n}"
            doc = doc.with_id(new_id)
        seen.add(new_id)
        result.append(doc)
    return result


def load_documents(sources: Sequence[str | os.PathLike[str]]) -> list[Document]:
    """Read every source: files, directories (their *.txt/*.md) and "-" (standard input, once)."""
    if isinstance(sources, (str, os.PathLike)):  # a lone path would iterate over characters
        sources = [sources]
    documents: list[Document] = []
    stdin_used = False
    for name in expand_sources(sources):
        if name == STDIN:
            if stdin_used:
                raise DriftError("'-' (standard input) given more than once")
            stdin_used = True
            documents.append(_read_stdin(None))
        else:
            documents.append(load_document(name))
    return make_unique_ids(documents)


def documents_from_dataset(ds: datasets.Dataset, text_column: str = "text", id_column: str | None = "id",
                           language_column: str | None = None) -> list[Document]:
    """One document per row of a ``datasets.Dataset``.

    Without an id column (``id_column=None``, or the default "id" absent from the dataset) the
    ids are ``row0``, ``row1``, ... Languages come from ``language_column`` when given (empty
    cells are detected) and are otherwise detected in one parallel batch.
    """
    columns = set(ds.column_names)
    for column, what in ((text_column, "text"), (language_column, "language")):
        if column is not None and column not in columns:
            raise DriftError(f"dataset: no {what} column '{column}' (columns: {', '.join(sorted(columns))})")
    if id_column is not None and id_column not in columns:
        if id_column != "id":
            raise DriftError(f"dataset: no id column '{id_column}' (columns: {', '.join(sorted(columns))})")
        id_column = None
    texts: list[Any] = ds[text_column]
    ids = [str(v) for v in ds[id_column]] if id_column else [f"row{i}" for i in range(len(texts))]
    given: list[Any] = ds[language_column] if language_column else [None] * len(texts)
    clean: list[str] = []
    for row, (doc_id, text) in enumerate(zip(ids, texts, strict=True)):
        if not isinstance(text, str) or not text.strip():
            raise DriftError(f"dataset row {row} (id {doc_id}): text is empty")
        _check_length(text, f"dataset row {row} (id {doc_id})")
        text = normalize_newlines(text)
        clean.append(text[1:] if text.startswith("\ufeff") else text)
    languages = [_check_language(lang, f"dataset row {row}") if isinstance(lang, str) else None
                 for row, lang in enumerate(given)]
    missing = [i for i, lang in enumerate(languages) if lang is None]
    if missing:
        for i, lang in zip(missing, detect_languages([clean[i] for i in missing]), strict=True):
            languages[i] = lang
    return make_unique_ids([Document(id=i, text=t, path=None, language=lang or UNDETERMINED)
                            for i, t, lang in zip(ids, clean, languages, strict=True)])
