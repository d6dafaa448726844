"""Web pages as documents: an HTML file or a URL becomes one Document with its metadata.

trafilatura finds the article in the page (main text, title, publication date, byline, site
name) and leaves out what is not the article: navigation, teasers and related links, comments,
photo credits, footers. The document text is the headline, a blank line, then the main text as
trafilatura extracts it (paragraphs one per line); every offset in the report points into that
text. The page itself is never modified.

A URL is fetched once with the standard library (no retries, a timeout): a page that cannot be
fetched (no network, time-out, HTTP error, not HTML, no article text) is a one-line DriftError
naming the URL, so ``drift score URL`` exits 2 with nothing written.
"""

from __future__ import annotations

import functools
import os
import socket
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from drift.documents import Document, _check_language, detect_language, normalize_newlines
from drift.errors import DriftError

URL_SCHEMES = ("http://", "https://")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
# Seconds to wait for a server (override with DRIFT_FETCH_TIMEOUT); a news page answers in a few.
FETCH_TIMEOUT = 20.0
# A news page is well under this; anything larger is not one article (and would eat memory).
MAX_PAGE_BYTES = 20 * 1024 * 1024
# Shorter extracted text is a menu or a teaser, not an article (trafilatura's own setting).
MIN_ARTICLE_CHARS = 80
USER_AGENT = "drift (translation-drift analyzer; +https://pypi.org/project/drift)"


@dataclass(frozen=True)
class ExtractedArticle:
    """What trafilatura found in a page: the document text and the page's metadata."""

    text: str
    title: str | None
    published: str | None  # ISO date (YYYY-MM-DD)
    author: str | None
    source: str | None  # the site's name
    url: str | None


def is_url(source: str | os.PathLike[str]) -> bool:
    """True for an http(s) URL (a path never starts with a scheme)."""
    return isinstance(source, str) and source.lower().startswith(URL_SCHEMES)


def is_html_path(source: str | os.PathLike[str]) -> bool:
    return Path(source).suffix.lower() in HTML_SUFFIXES


def extract_article(page: str | bytes, name: str, *, url: str | None = None) -> ExtractedArticle:
    """The article in an HTML page, or DriftError naming ``name`` when the page has none."""
    import trafilatura

    if not (page.strip() if isinstance(page, str) else page.strip()):
        raise DriftError(f"{name}: page is empty")
    try:
        # favor_precision: a teaser or a comment taken for article text would show up as drift
        # (an "addition"), which is worse than a missed paragraph.
        found = trafilatura.bare_extraction(
            page, url=url, with_metadata=True, include_comments=False, include_tables=False,
            include_images=False, favor_precision=True, config=_trafilatura_config(), as_dict=True,
            date_extraction_params={"original_date": True, "extensive_search": False})
    except Exception as exc:  # lxml parse errors and the like: one line naming the page
        raise DriftError(f"{name}: cannot parse the page as HTML ({type(exc).__name__})") from None
    meta: dict[str, Any] = found if isinstance(found, dict) else {}
    body = normalize_newlines(meta.get("text") or "").strip()
    if not body:
        raise DriftError(f"{name}: no article text found in the page")
    title = _clean(meta.get("title"))
    # The headline is part of what a reader compares across versions, so it leads the text.
    text = body if not title or body.startswith(title) else f"{title}\n\n{body}"
    return ExtractedArticle(text=text, title=title, published=_clean(meta.get("date")),
                            author=_clean(meta.get("author")), source=_clean(meta.get("sitename")),
                            url=url or _clean(meta.get("url")))


@functools.cache
def _trafilatura_config() -> Any:
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "MIN_OUTPUT_SIZE", str(MIN_ARTICLE_CHARS))
    return config


def _clean(value: object) -> str | None:
    return " ".join(value.split()) or None if isinstance(value, str) else None


def document_from_html(page: str | bytes, doc_id: str, *, name: str | None = None, url: str | None = None,
                       path: str | None = None, language: str | None = None) -> Document:
    """A Document from an HTML page already in memory (a corpus row's ``html``)."""
    where = name or url or path or doc_id
    article = extract_article(page, where, url=url)
    lang = _check_language(language, where) or detect_language(article.text)
    return Document(id=doc_id, text=article.text, path=path or url, language=lang, url=article.url,
                    title=article.title, published=article.published, source=article.source,
                    author=article.author)


def fetch_page(url: str, *, timeout: float | None = None) -> bytes:
    """The bytes of a web page, or a one-line DriftError saying why it could not be had."""
    if timeout is None:
        try:
            timeout = float(os.environ.get("DRIFT_FETCH_TIMEOUT", FETCH_TIMEOUT))
        except ValueError:
            raise DriftError("DRIFT_FETCH_TIMEOUT must be a number of seconds") from None
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "text/html,*/*;q=0.5"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            kind = response.headers.get_content_type()
            if kind not in ("text/html", "application/xhtml+xml", "text/plain"):
                raise DriftError(f"{url}: not a web page (content type {kind})")
            data = response.read(MAX_PAGE_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise DriftError(f"{url}: cannot fetch (HTTP {exc.code} {exc.reason})") from None
    except urllib.error.URLError as exc:
        raise DriftError(f"{url}: cannot fetch ({_reason(exc.reason)})") from None
    except TimeoutError:
        raise DriftError(f"{url}: cannot fetch (no answer within {timeout:g} s)") from None
    except (OSError, ValueError) as exc:  # a reset connection, an invalid URL
        raise DriftError(f"{url}: cannot fetch ({_reason(exc)})") from None
    if len(data) > MAX_PAGE_BYTES:
        raise DriftError(f"{url}: page is larger than {MAX_PAGE_BYTES // (1024 * 1024)} MB, not an article")
    return data


def _reason(reason: object) -> str:
    if isinstance(reason, socket.gaierror):
        return "host not found, or no network"
    if isinstance(reason, TimeoutError | socket.timeout):
        return "timed out"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    text = str(getattr(reason, "strerror", None) or reason).strip().splitlines()
    return text[0][:200] if text else type(reason).__name__


def url_id(url: str) -> str:
    """A readable document id for a URL: its last path segment without extension, else its host."""
    parts = urllib.parse.urlsplit(url)
    segment = next((s for s in reversed(parts.path.split("/")) if s), "")
    return Path(urllib.parse.unquote(segment)).stem or parts.hostname or "page"


def load_html_document(source: str | os.PathLike[str], *, doc_id: str | None = None,
                       language: str | None = None) -> Document:
    """An HTML file or a URL as a Document (id: the file stem, or the URL's last segment)."""
    name = os.fspath(source)
    if is_url(name):
        return document_from_html(fetch_page(name), doc_id or url_id(name), url=name, language=language)
    path = Path(name)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DriftError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise DriftError(f"{name}: is a directory, not a file") from None
    except OSError as exc:
        raise DriftError(f"{name}: cannot read ({exc.strerror or exc})") from None
    if not data.strip():
        raise DriftError(f"{name}: file is empty")
    return document_from_html(data, doc_id or path.stem, name=name, path=name, language=language)
