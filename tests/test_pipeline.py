"""End to end on the real seeds and the bundled stories: the JSON contract and the alignment."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

import drift
from drift.documents import document_from_text

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = ROOT.parent / "shared" / "docs" / "report.schema.json"


@pytest.fixture(scope="module")
def seed_report(seeds_dir: Path, encoder: object) -> dict:
    report = drift.compare(sorted(seeds_dir.glob("*.txt")), all_pairs=True, encoder=encoder)
    return json.loads(report.to_json())


def test_seed_report_is_valid_against_the_schema(seed_report: dict) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validate(seed_report, schema)
    assert seed_report["settings"]["all_pairs"] is True
    assert len(seed_report["pairs"]) == 10  # 5 versions, every pair once


def test_every_sentence_offset_round_trips(seed_report: dict, seeds_dir: Path) -> None:
    for doc in seed_report["documents"]:
        text = (seeds_dir / f"{doc['id']}.txt").read_text(encoding="utf-8").replace("\r\n", "\n")
        assert doc["sentences"], doc["id"]
        for sentence in doc["sentences"]:
            assert text[sentence["start"]:sentence["end"]] == sentence["text"]
    for finding in seed_report["findings"]:
        for side in (finding["source"], finding["target"]):
            if side["start"] is not None:
                text = (seeds_dir / f"{side['doc']}.txt").read_text(encoding="utf-8").replace("\r\n", "\n")
                assert text[side["start"]:side["end"]] == side["text"]


def test_findings_are_sorted_and_in_range(seed_report: dict) -> None:
    severities = [f["severity"] for f in seed_report["findings"]]
    assert severities == sorted(severities, reverse=True)
    assert all(0.0 <= s <= 1.0 for s in severities)
    assert len({f["id"] for f in seed_report["findings"]}) == len(severities)


def test_opening_sentences_of_the_translations_align(seed_report: dict) -> None:
    ids = [d["id"] for d in seed_report["documents"]]
    opening = {doc_id for doc_id in ids if doc_id[:3] in ("000", "001", "002")}
    for pair in seed_report["pairs"]:
        if {pair["source"], pair["target"]} <= opening:
            assert any(0 in link["source"] and 0 in link["target"] for link in pair["alignment"]), pair


def test_identical_copy_produces_nothing_flagged(seeds_dir: Path, encoder: object) -> None:
    text = next(iter(sorted(seeds_dir.glob("*.txt")))).read_text(encoding="utf-8")
    report = drift.compare([document_from_text(text, "a"), document_from_text(text, "b")], encoder=encoder)
    assert report.flagged_findings == []
    assert report.pairs[0].drift_score == 0.0
