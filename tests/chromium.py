"""Headless Debian Chromium (``apt-get install -y chromium``) driven by Playwright (``pip install
playwright``, no browser download), for the tests that open drift's HTML pages: every background
network feature is off, and a page that requests anything but local files records an error.

Import ``sync_api`` from here at the top of a browser test module: without Chromium or
Playwright the whole module is skipped.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is missing (apt-get install -y chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")


def launch() -> Iterator[Any]:
    """A browser for a module-scoped fixture (``yield from launch()``)."""
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


def open_page(browser: Any, path: Path) -> tuple[Any, list[str]]:
    """The loaded page of a local file and the list its console errors, page errors and
    non-file requests are recorded in."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("request", lambda request: None if request.url.startswith("file:")
            else errors.append(f"request {request.url}"))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return page, errors
