"""Reading a feed: JSONL, Parquet, CSV and in-memory rows give the same articles; bad rows are
recorded, never fatal (no model needed)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from drift.corpus.articles import Article, article_documents, read_articles
from drift.errors import DriftError

PAGES = Path(__file__).parent / "data" / "html"
ROWS = [
    {"id": "a1", "text": "Port workers went on strike in Burgas on Tuesday.", "language": "en",
     "published": "2026-03-14", "source": "Wire"},
    {"id": "a2", "text": "Les dockers de Bourgas se sont mis en grève mardi.", "language": "fr",
     "published": None, "source": None},
    {"id": 3, "text": "Пристанищните работници в Бургас стачкуваха във вторник.", "language": None,
     "published": None, "source": None},
]


@pytest.mark.parametrize("kind", ["jsonl", "parquet", "csv", "rows"])
def test_every_format_gives_the_same_articles(kind: str, tmp_path: Path) -> None:
    path = tmp_path / f"feed.{kind}"
    if kind == "jsonl":
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in ROWS), encoding="utf-8")
    elif kind == "parquet":
        pd.DataFrame([{**r, "id": str(r["id"])} for r in ROWS]).to_parquet(path)
    elif kind == "csv":
        pd.DataFrame(ROWS).to_csv(path, index=False)
    articles, errors = read_articles(ROWS if kind == "rows" else path)
    assert errors == []
    assert [a.id for a in articles] == ["a1", "a2", "3"]
    assert articles[0].published == "2026-03-14" and articles[0].source == "Wire"
    assert articles[1].published is None and articles[2].language is None  # empty cells, NaN included


def test_bad_rows_are_recorded_and_the_rest_is_read(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text('{"id": "ok", "text": "Fine."}\n[1, 2]\n{"text": "no id"}\n{"id": "ok", "text": "again"}\n'
                    '{"id": "empty", "text": ""}\n{broken\n', encoding="utf-8")
    articles, errors = read_articles(path)
    assert [a.id for a in articles] == ["ok"]
    assert [(e.id, e.reason) for e in errors] == [
        ("line 2", "not a JSON object"), ("line 3", "no id"),
        ("ok", "duplicate id (the first row with it is kept)"), ("empty", "no text, html or url"),
        ("line 6", "not valid JSON (Expecting property name enclosed in double quotes)")]


def test_unreadable_feeds_are_one_line_errors(tmp_path: Path) -> None:
    with pytest.raises(DriftError, match="no such file"):
        read_articles(tmp_path / "missing.jsonl")
    bad = tmp_path / "feed.parquet"
    bad.write_bytes(b"not parquet at all")
    with pytest.raises(DriftError, match="cannot read as Parquet"):
        read_articles(bad)


def test_articles_become_documents_or_errors() -> None:
    html = (PAGES / "burgas-fr.html").read_text(encoding="utf-8")
    articles = [Article(id="page", html=html, source="Feed name"),
                Article(id="menu", html="<html><body><nav>Home News</nav></body></html>"),
                Article(id="text", text="Plain text of an article, in English.", title="Title")]
    documents, errors = article_documents(articles)
    assert [d.id for d in documents] == ["page", "text"]
    assert documents[0].source == "Feed name"  # the feed's metadata wins over the page's
    assert documents[0].published == "2026-03-15" and documents[0].language == "fr"
    assert documents[1].title == "Title"
    assert [(e.id, e.stage) for e in errors] == [("menu", "extract")]
    assert "no article text found" in errors[0].reason
