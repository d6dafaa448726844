"""The whole pipeline on the fake encoder (tests/fakes.py): alignment, detection, scoring and the
views in a second or two, no model. The same behaviours on the real model are in test_pipeline."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from fakes import FakeEncoder, fake_config

import drift
from drift.align import align_pair
from drift.detect import dates, modality
from drift.report import FORMATS, render

REFERENCE = """Floods hit the port city of Galati on Monday.
At least 30 people were killed, the regional governor said.
Rescue teams evacuated 2,000 residents from the lower town.
The port will reopen next week, officials said."""
# A figure changed, a hedge added, a new sentence at the end. (No reordering here: a bag of
# trigrams cannot tell two swapped neighbours from a merged pair; test_align covers reordering.)
VERSION = """Floods hit the port city of Galati on Monday.
At least 13 people were killed, the regional governor said.
Rescue teams evacuated 2,000 residents from the lower town.
The port may reopen next week, officials said.
The mayor resigned after a vote of the city council."""


@pytest.fixture(scope="module")
def report() -> drift.Report:
    return drift.compare([REFERENCE, VERSION], config=fake_config(), encoder=FakeEncoder())


def test_counterparts_align_and_the_new_sentence_stays_unaligned(fake_encoder: FakeEncoder) -> None:
    src, tgt = REFERENCE.splitlines(), VERSION.splitlines()
    alignment = align_pair(src, tgt, fake_encoder, fake_config().model_spec().thresholds)
    assert [(link.source, link.target) for link in alignment.links] == [((k,), (k,)) for k in range(4)]
    assert alignment.unaligned_source == [] and alignment.unaligned_target == [4]


def test_typed_findings_are_located_and_ranked(report: drift.Report) -> None:
    flagged = {(f.category, f.source.text, f.target.text) for f in report.flagged_findings}
    assert ("number", "30", "13") in flagged
    assert any(c == "modality" and t == "may" for c, _, t in flagged)
    assert any(c == "addition" and t and t.startswith("The mayor") for c, _, t in
               {(f.category, f.source.text, f.target.text) for f in report.findings})
    severities = [f.severity for f in report.findings]
    assert severities == sorted(severities, reverse=True)
    assert [f.id for f in report.findings] == [f"F{k:04d}" for k in range(1, len(report.findings) + 1)]
    for finding in report.findings:  # every located side quotes its document exactly
        for side in (finding.source, finding.target):
            if side.start is not None:
                assert report.document(side.doc).text[side.start:side.end] == side.text


def test_story_events_name_the_deviating_version(report: drift.Report) -> None:
    number = next(e for e in report.flagged if e.category == "number")
    assert number.deviating == ["doc1"] and "13" in number.explanation and "30" in number.explanation


def test_identical_versions_flag_nothing_and_score_zero() -> None:
    same = drift.compare([REFERENCE, REFERENCE], config=fake_config(), encoder=FakeEncoder())
    assert same.flagged == [] and same.flagged_findings == [] and same.pairs[0].drift_score == 0.0
    assert same.pairs[0].similarity == pytest.approx(1.0)


def test_pair_drift_score_grows_with_the_drift(report: drift.Report) -> None:
    one_change = drift.compare([REFERENCE, REFERENCE.replace("30", "13")], config=fake_config(),
                               encoder=FakeEncoder())
    assert 0.0 < one_change.pairs[0].drift_score < report.pairs[0].drift_score <= 1.0


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_view_renders_the_report(report: drift.Report, fmt: str) -> None:
    out = render(report, fmt, terminal=False)
    number = next(e for e in report.flagged if e.category == "number")
    if fmt == "json":
        data = json.loads(out)
        assert [f["id"] for f in data["findings"]] == [f.id for f in report.findings]
        assert data["events"][0]["id"] == report.events[0].id
    elif fmt == "csv":  # one event a row
        rows = list(csv.DictReader(io.StringIO(out)))
        assert [r["id"] for r in rows] == [e.id for e in report.events]
    else:
        assert number.id in out and "13" in out


def test_a_story_reads_each_text_once_whatever_pairs_and_detectors_meet_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """A text's times, quantities and lexicon words are read once per story (the time and number
    detectors share the first two, the modality and framing detectors the third), not once per
    pair of versions or per detector: with three versions every sentence takes part in two pairs."""
    calls: dict[str, Counter[tuple[str, str]]] = {"times": Counter(), "quantities": Counter(), "hits": Counter()}

    def counting(name: str, read: Callable[..., Any]) -> Callable[..., Any]:
        def counted(text: str, language: str, *args: Any, **kwargs: Any) -> Any:
            calls[name][(text, language)] += 1
            return read(text, language, *args, **kwargs)
        return counted

    monkeypatch.setattr(dates, "extract_times", counting("times", dates.extract_times))
    monkeypatch.setattr(dates, "parse_quantities", counting("quantities", dates.parse_quantities))
    monkeypatch.setattr(modality, "find_hits", counting("hits", modality.find_hits))
    third = VERSION.replace("2,000", "3,000")
    report = drift.compare([REFERENCE, VERSION, third], config=fake_config(), encoder=FakeEncoder())
    assert {("number", "2,000", "3,000"), ("number", "30", "13")} <= {
        (f.category, f.source.text, f.target.text) for f in report.findings}
    for name, counter in calls.items():
        assert counter, name
        assert counter.most_common(1)[0][1] == 1, (name, counter.most_common(1))


def test_full_collections_are_put_off_during_a_comparison_only(monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    from drift import pipeline

    seen: list[tuple[int, int, int]] = []
    collate_story = pipeline.collate_story

    def watched(*args: Any, **kwargs: Any) -> Any:
        seen.append(gc.get_threshold())
        return collate_story(*args, **kwargs)

    monkeypatch.setattr(pipeline, "collate_story", watched)
    before = gc.get_threshold()
    try:
        gc.set_threshold(before[0], before[1], 10)
        drift.compare([REFERENCE, VERSION], config=fake_config(), encoder=FakeEncoder())
        assert gc.get_threshold() == (before[0], before[1], 10)          # restored
    finally:
        gc.set_threshold(*before)
    assert seen == [(before[0], before[1], pipeline.FULL_COLLECTION_THRESHOLD)]


def test_overlapping_comparisons_restore_the_collector_when_the_last_one_ends() -> None:
    import gc

    from drift.pipeline import FULL_COLLECTION_THRESHOLD, fewer_full_collections

    before = gc.get_threshold()
    try:
        gc.set_threshold(before[0], before[1], 10)
        first, second = fewer_full_collections(), fewer_full_collections()
        first.__enter__()
        second.__enter__()
        first.__exit__(None, None, None)       # the first one ends while the second still runs
        assert gc.get_threshold()[2] == FULL_COLLECTION_THRESHOLD
        second.__exit__(None, None, None)
        assert gc.get_threshold() == (before[0], before[1], 10)
    finally:
        gc.set_threshold(*before)
