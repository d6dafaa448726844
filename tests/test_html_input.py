"""Web pages as inputs: saved HTML files and URLs (served from this machine: no network).

The pages under tests/data/html/ were written for these tests around an invented article, with
the clutter real news pages carry: a menu, a byline, a photo credit, "read also" teasers,
readers' comments and a footer.
"""

from __future__ import annotations

import functools
import http.server
import json
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from drift.api import as_documents
from drift.cli import main
from drift.documents import load_document, load_documents
from drift.errors import DriftError
from drift.html_input import extract_article, load_html_document, url_id

PAGES = Path(__file__).parent / "data" / "html"
EN, FR = PAGES / "burgas-en.html", PAGES / "burgas-fr.html"


def test_article_text_without_navigation_teasers_comments_or_credits() -> None:
    doc = load_document(EN)
    assert doc.id == "burgas-en" and doc.language == "en"
    assert doc.text.startswith("Dockworkers strike halts Burgas port\n")
    assert "About 1,200 dockworkers walked off the job" in doc.text
    assert "since the port announced a new shift system" not in doc.text  # not invented text
    assert doc.text.rstrip().endswith("which began after the port announced a new shift system in February.")
    for clutter in ("Subscribe now", "Read also", "Varna ferry line", "Finally someone stands up",
                    "shame on the union", "All rights reserved", "Privacy policy", "Photo: Ivan Ivanov"):
        assert clutter not in doc.text, clutter


def test_metadata_is_read_from_the_page() -> None:
    doc = load_document(FR)
    assert doc.language == "fr"
    assert doc.title == "Grève des dockers : le port de Bourgas à l'arrêt"
    assert doc.published == "2026-03-15"
    assert doc.author == "Claire Martin"
    assert doc.source == "Le Quotidien de la mer"
    assert doc.url == "https://quotidien.example/monde/greve-port-bourgas"
    assert "À lire aussi" not in doc.text and "Bravo aux dockers" not in doc.text


def test_headline_leads_the_text_when_the_body_lacks_it() -> None:
    page = ("<html><head><title>Floods close the Danube bridge</title></head><body><article>"
            "<p>The bridge between Ruse and Giurgiu was closed on Monday after the river rose two metres "
            "overnight, the border police said in a statement.</p>"
            "<p>Trucks were diverted to the ferry at Vidin, where queues reached eight kilometres by the "
            "evening, according to the regional traffic authority.</p></article></body></html>")
    article = extract_article(page, "page")
    assert article.title == "Floods close the Danube bridge"
    assert article.text.startswith("Floods close the Danube bridge\n\nThe bridge between Ruse and Giurgiu")


def test_page_without_an_article_is_one_clear_error(tmp_path: Path) -> None:
    empty = tmp_path / "menu.html"
    empty.write_text("<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav></body></html>")
    with pytest.raises(DriftError, match="menu.html: no article text found"):
        load_document(empty)
    blank = tmp_path / "blank.html"
    blank.write_text("  \n")
    with pytest.raises(DriftError, match="blank.html: file is empty"):
        load_document(blank)


def test_score_reads_html_pages_and_keeps_their_metadata(tmp_path: Path, encoder: object) -> None:
    out = tmp_path / "report.json"
    assert main(["score", str(EN), str(FR), "--format", "json", "--output", str(out), "--quiet"]) == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    documents = {d["id"]: d for d in report["documents"]}
    assert documents["burgas-en"]["url"] == "https://courier.example/news/2026/03/14/burgas-port-strike"
    assert documents["burgas-fr"]["published"] == "2026-03-15"
    assert documents["burgas-en"]["title"] == "Dockworkers strike halts Burgas port"
    # Offsets point into the extracted text.
    text = load_document(EN).text
    for sentence in documents["burgas-en"]["sentences"]:
        assert text[sentence["start"]:sentence["end"]] == sentence["text"]
    # 48 hours in English, 72 in French: the drift is found in the pages' article text.
    flagged = [e for e in report["events"] if e["severity"] >= report["settings"]["threshold"]]
    spans = [(s["doc"], s["text"]) for e in flagged for r in e["readings"] for s in r["spans"]]
    assert any(doc == "burgas-en" and "48" in text for doc, text in spans)
    assert any(doc == "burgas-fr" and "72" in text for doc, text in spans)


# --- URLs, served from this machine -------------------------------------------------------------

@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(PAGES))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        pass


def test_url_is_fetched_and_read_as_a_page(server: str) -> None:
    doc = load_html_document(f"{server}/burgas-fr.html")
    assert doc.id == "burgas-fr"
    assert doc.url == f"{server}/burgas-fr.html" and doc.path == doc.url
    assert "Environ 1 200 dockers" in doc.text
    # A URL among files: load_documents passes it through to the page reader.
    docs = load_documents([str(EN), f"{server}/burgas-fr.html"])
    assert [d.id for d in docs] == ["burgas-en", "burgas-fr"]
    # And through the Python API: a URL string is a page to read, not the text of an article.
    docs = as_documents([f"{server}/burgas-en.html", str(FR)])
    assert [d.title for d in docs] == ["Dockworkers strike halts Burgas port",
                                       "Grève des dockers : le port de Bourgas à l'arrêt"]


def test_url_not_found_is_one_line(server: str) -> None:
    with pytest.raises(DriftError, match=r"/missing.html: cannot fetch \(HTTP 404"):
        load_html_document(f"{server}/missing.html")


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_unreachable_url_exits_2_with_one_line_and_writes_nothing(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    url = f"http://127.0.0.1:{_closed_port()}/news/strike.html"
    out = tmp_path / "report.json"
    assert main(["score", str(EN), url, "--output", str(out), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(f"drift: error: {url}: cannot fetch (")
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_url_ids() -> None:
    assert url_id("https://example.org/news/2026/03/14/port-strike.html") == "port-strike"
    assert url_id("https://example.org/") == "example.org"
