"""A feed of articles in: JSONL, Parquet or CSV files, a ``datasets.Dataset``, or rows in memory.

Each article is one row with an ``id`` and one of ``text``, ``html`` or ``url``, and optionally
``title``, ``published``, ``source``, ``language`` and ``story`` (when the feed already knows
which articles tell the same story, grouping is skipped). A row that cannot be used (no id, no
text, a duplicate id, an HTML page with no article, a URL that cannot be fetched) becomes an
error record and the rest of the feed goes on.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from drift.documents import Document, document_from_text
from drift.errors import DriftError

COLUMNS = ("id", "text", "html", "url", "title", "published", "source", "language", "story")
SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".parquet": "parquet", ".csv": "csv"}


@dataclass(frozen=True)
class Article:
    """One row of the feed, checked: an id and exactly the content it gave (text, html or url)."""

    id: str
    text: str | None = None
    html: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = None
    source: str | None = None
    language: str | None = None
    story: str | None = None

    def to_row(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class ErrorRecord:
    """A line of ``errors.jsonl``: what failed (an article or a story id), where, and why."""

    id: str
    stage: str  # read | extract | group | score
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"id": self.id, "stage": self.stage, "reason": self.reason}


def one_line(exc: BaseException) -> str:
    """An exception as the one line an error record carries."""
    lines = str(exc).strip().splitlines()
    text = lines[0] if lines else ""
    return (text if isinstance(exc, DriftError) else f"{type(exc).__name__}: {text}".rstrip(": "))[:500]


# --- reading rows ------------------------------------------------------------------------------

# A row is (where, fields): "line N" in a JSONL file, "row N" (from 1) in a table or a list.
Row = tuple[str, dict[str, Any]]


def _jsonl_rows(path: Path) -> Iterator[Row | ErrorRecord]:
    with open(path, encoding="utf-8", errors="replace") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                yield ErrorRecord(f"line {number}", "read", f"not valid JSON ({exc.msg})")
                continue
            if not isinstance(row, dict):
                yield ErrorRecord(f"line {number}", "read", "not a JSON object")
                continue
            yield f"line {number}", row


def _numbered(rows: Iterable[Any]) -> Iterator[Row | ErrorRecord]:
    for number, row in enumerate(rows, 1):
        yield (f"row {number}", dict(row)) if isinstance(row, Mapping) else \
            ErrorRecord(f"row {number}", "read", "not a mapping")


def _table_rows(path: Path, kind: str) -> Iterator[Row | ErrorRecord]:
    if kind == "parquet":
        import pyarrow.parquet as pq
        try:
            table = pq.read_table(path)
        except Exception as exc:  # pyarrow raises several types for a broken file
            raise DriftError(f"{path}: cannot read as Parquet ({one_line(exc)})") from None
        yield from _numbered(table.to_pylist())
        return
    import csv
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            yield from _numbered(csv.DictReader(fh))
    except (UnicodeDecodeError, csv.Error) as exc:
        raise DriftError(f"{path}: cannot read as UTF-8 CSV ({one_line(exc)})") from None


def raw_rows(source: str | os.PathLike[str] | Any) -> Iterator[Row | ErrorRecord]:
    """The feed's rows with where they are (or an ErrorRecord for a line that is not a row), in
    input order. A ``datasets.Dataset`` or any iterable of mappings is read as it is."""
    if not isinstance(source, str | os.PathLike):
        yield from _numbered(source)  # a datasets.Dataset iterates as dicts too
        return
    path = Path(source)
    if not path.is_file():
        raise DriftError(f"{path}: no such file" if not path.exists() else f"{path}: not a file")
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise DriftError(f"{path}: unknown feed format (expected {', '.join(sorted(SUFFIXES))})")
    yield from (_jsonl_rows(path) if kind == "jsonl" else _table_rows(path, kind))


def _cell(row: Mapping[str, Any], key: str) -> str | None:
    value = row.get(key)
    if value is None or value != value:  # NaN: an empty cell of a float column (pandas, Parquet)
        return None
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    value = str(value)
    return value if value.strip() else None


def check_row(row: Mapping[str, Any]) -> Article:
    """An Article from a raw row, or DriftError saying what is wrong with it."""
    doc_id = _cell(row, "id")
    if doc_id is None:
        raise DriftError("no id")
    cells = {key: _cell(row, key) for key in COLUMNS if key != "id"}
    if not any(cells[key] for key in ("text", "html", "url")):
        raise DriftError("no text, html or url")
    return Article(id=doc_id.strip(), **cells)


def read_articles(source: str | os.PathLike[str] | Any) -> tuple[list[Article], list[ErrorRecord]]:
    """Every usable row of the feed, and an error record for each row that is not."""
    articles: list[Article] = []
    errors: list[ErrorRecord] = []
    seen: set[str] = set()
    for item in raw_rows(source):
        if isinstance(item, ErrorRecord):
            errors.append(item)
            continue
        where, row = item
        try:
            article = check_row(row)
        except DriftError as exc:
            errors.append(ErrorRecord(_cell(row, "id") or where, "read", one_line(exc)))
            continue
        if article.id in seen:
            errors.append(ErrorRecord(article.id, "read", "duplicate id (the first row with it is kept)"))
            continue
        seen.add(article.id)
        articles.append(article)
    if not articles and not errors:
        raise DriftError(f"{source if isinstance(source, str | os.PathLike) else 'feed'}: no articles")
    return articles, errors


# --- articles as documents ---------------------------------------------------------------------

def article_document(article: Article) -> Document:
    """The Document of an article: its text as given, or the article extracted from its page.

    Raises DriftError (one line) when the page has no article or the URL cannot be fetched.
    """
    from drift.html_input import document_from_html, fetch_page

    if article.text:
        doc = document_from_text(article.text, article.id, language=article.language)
    elif article.html:
        doc = document_from_html(article.html, article.id, url=article.url, language=article.language)
    else:
        assert article.url is not None  # check_row guarantees one of the three
        doc = document_from_html(fetch_page(article.url), article.id, url=article.url, language=article.language)
    # The feed's own metadata wins over what was read from the page.
    return replace(doc, url=article.url or doc.url, title=article.title or doc.title,
                   published=article.published or doc.published, source=article.source or doc.source)


def article_documents(articles: Iterable[Article]) -> tuple[list[Document], list[ErrorRecord]]:
    """Documents for the articles that have one; an error record for each that does not."""
    documents: list[Document] = []
    errors: list[ErrorRecord] = []
    for article in articles:
        try:
            documents.append(article_document(article))
        except DriftError as exc:
            errors.append(ErrorRecord(article.id, "extract", one_line(exc)))
    return documents, errors
