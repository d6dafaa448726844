"""The SwissGov-RSD reading list: each document's four pages as one story."""

from __future__ import annotations

import json
from pathlib import Path

from eval.swissgov_stories import load_stories


def _write(folder: Path, lang: str, rows: list[tuple[str, str, str]]) -> None:
    with (folder / f"dev_{lang}.jsonl").open("w", encoding="utf-8") as out:
        for page, english, other in rows:
            out.write(json.dumps({"page_en": page, "text_a": english, "text_b": other}) + "\n")


def test_a_story_holds_the_four_pages_of_one_english_page(tmp_path: Path) -> None:
    # The second line's English pages differ between the files: not one story, left out.
    _write(tmp_path, "de", [("p1", "The Council met .", "Der Rat tagte ."), ("p2", "A", "B")])
    _write(tmp_path, "fr", [("p1", "The Council met .", "Le Conseil a siégé ."), ("p9", "A", "C")])
    _write(tmp_path, "it", [("p1", "The Council met .", "Il Consiglio si è riunito ."), ("p2", "A", "D")])
    assert load_stories(tmp_path) == [(0, {"en": "The Council met .", "de": "Der Rat tagte .",
                                           "fr": "Le Conseil a siégé .", "it": "Il Consiglio si è riunito ."})]
