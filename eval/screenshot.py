"""Render a drift report to HTML and save a PNG screenshot of it (the README's pictures).

    python eval/screenshot.py report.json -o docs/report.png          # a saved JSON report
    python eval/screenshot.py eval/stories/harbour-strike --all-pairs -o shot.png   # runs drift.compare

Needs Debian's Chromium (``apt-get install -y chromium``) and ``pip install playwright``;
Playwright drives the system browser (no ``playwright install`` download), headless and with
every background network feature off, so a screenshot never touches the network.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from drift.align import Link
from drift.documents import Document
from drift.errors import DriftError
from drift.findings import Finding, Side
from drift.report.base import PairResult, Report
from drift.report.html import render_html
from drift.segment import Sentence

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def report_from_dict(data: dict[str, Any]) -> Report:
    """A Report from the JSON contract (schema_version 2, or 1 read as 2: no units nor events,
    and the HTML view rebuilds the collation rows from the pairwise alignments)."""
    from drift.collate import Unit
    from drift.events import Event, Reading, Span
    from drift.report.base import read_report

    try:
        data = read_report(data)
    except DriftError as exc:
        raise SystemExit(str(exc)) from None
    settings = data["settings"]
    documents, sentences = [], {}
    for doc in data["documents"]:
        sents = [Sentence(s["index"], s["start"], s["end"], s["text"], bool(s.get("boilerplate")))
                 for s in doc["sentences"]]
        # The JSON carries sentences, not the full text: rebuild a text in which every sentence
        # sits at its own offsets (gaps become spaces), so offsets stay valid for the view.
        length = max((s.end for s in sents), default=0)
        chars = [" "] * length
        for s in sents:
            chars[s.start:s.end] = list(s.text)
        documents.append(Document(doc["id"], "".join(chars), doc.get("path"), doc.get("language") or "und"))
        sentences[doc["id"]] = sents
    pairs = [PairResult(p["source"], p["target"], p["similarity"], p["drift_score"],
                        [Link(tuple(a["source"]), tuple(a["target"]), a["similarity"])
                         for a in p["alignment"]],
                        list(p["unaligned_source"]), list(p["unaligned_target"]))
             for p in data["pairs"]]
    findings = [Finding(f["category"], Side(**f["source"]), Side(**f["target"]), f["explanation"],
                        severity=f["severity"], id=f["id"], event=f.get("event")) for f in data["findings"]]
    units = [Unit(u["id"], {doc: tuple(cell) for doc, cell in u["cells"].items()}) for u in data["units"]]
    events = [Event(category=e["category"], severity=e["severity"], unit=e["unit"], deviating=list(e["deviating"]),
                    readings=[Reading(list(r["docs"]), [Span(**sp) for sp in r["spans"]]) for r in e["readings"]],
                    absent=list(e["absent"]), explanation=e["explanation"], findings=list(e["findings"]), id=e["id"])
              for e in data["events"]]
    return Report(tool_version=data["tool"]["version"], model_name=data["model"]["name"],
                  model_dimension=data["model"]["dimension"], threshold=settings["threshold"],
                  reference=settings["reference"], all_pairs=settings["all_pairs"], documents=documents,
                  sentences=sentences, pairs=pairs, findings=findings, units=units, events=events,
                  signature=settings.get("signature", ""))


def load_report(inputs: list[str], all_pairs: bool) -> Report:
    if len(inputs) == 1 and inputs[0].endswith(".json"):
        return report_from_dict(json.loads(Path(inputs[0]).read_text(encoding="utf-8")))
    import drift
    from drift.documents import load_documents
    return drift.compare(load_documents(inputs), all_pairs=all_pairs, progress=sys.stderr.isatty())


def screenshot(html_path: Path, png_path: Path, *, width: int = 1400, height: int = 900, scale: float = 1.0,
               full_page: bool = True) -> list[str]:
    """Open ``html_path`` in headless Chromium and save ``png_path``; returns the console errors."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} is missing: apt-get install -y chromium")
    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": width, "height": height}, device_scale_factor=scale)
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(html_path.resolve().as_uri())
            page.screenshot(path=str(png_path), full_page=full_page)
        finally:
            browser.close()
    return errors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("inputs", nargs="+", help="a report .json, or the story's files / folder")
    parser.add_argument("-o", "--output", default="report.png", help="the PNG to write")
    parser.add_argument("--html", help="also keep the rendered HTML here")
    parser.add_argument("--all-pairs", action="store_true", help="when running a story: compare every pair")
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=900)
    parser.add_argument("--scale", type=float, default=1.0,
                        help="device pixel ratio (2 for a sharp README image)")
    parser.add_argument("--viewport-only", action="store_true",
                        help="only the first screen, not the full page")
    args = parser.parse_args(argv)

    try:
        html = render_html(load_report(args.inputs, args.all_pairs))
    except DriftError as exc:  # bad input: one line, as the drift CLI does
        print(f"screenshot: error: {exc}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        html_path = Path(args.html) if args.html else Path(tmp) / "report.html"
        html_path.write_text(html, encoding="utf-8")
        errors = screenshot(html_path, Path(args.output), width=args.width, height=args.height,
                            scale=args.scale, full_page=not args.viewport_only)
    for error in errors:
        print(f"browser: {error}", file=sys.stderr)
    print(f"wrote {args.output}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
