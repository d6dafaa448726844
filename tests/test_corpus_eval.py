"""``drift eval corpus``: the NTREX feed, its grouping figures and the injected-drift check."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import drift.evaluation.runner as ev
from drift.cli import main
from drift.encoders import Encoder
from drift.evaluation.corpus import Injected, grouping_scores, injected_scores, ntrex_feed


@pytest.fixture(scope="module")
def quick(encoder: Encoder) -> dict[str, Any]:
    return ev.evaluate(["corpus"], quick=True, encoder=encoder)


def test_the_feed_has_no_story_and_one_injected_version_per_document(shared_dir: Path) -> None:
    folder = shared_dir / "data" / "ntrex"
    rows, gold, injected = ntrex_feed(folder, documents=5, inject=True)
    assert len(rows) == 5 * 9 and all(set(row) == {"id", "text"} for row in rows)
    assert len(set(gold.values())) == 5
    assert sorted(change.story for change in injected.values()) == sorted(set(gold.values()))
    clean, _, _ = ntrex_feed(folder, documents=5)
    texts = {row["id"]: row["text"] for row in clean}
    for row in rows:
        change = injected.get(row["id"])
        if change is None:
            assert row["text"] == texts[row["id"]]
        else:  # the changed line is where the record says
            assert row["text"] != texts[row["id"]]
            assert row["text"][change.start:change.end] not in texts[row["id"]].split("\n")
            assert "\n" not in row["text"][change.start:change.end]


def test_grouping_scores_count_merged_split_and_unmatched_articles() -> None:
    gold = {"a1": "A", "a2": "A", "a3": "A", "b1": "B", "b2": "B", "c1": "C"}
    perfect = grouping_scores(gold, {"a1": "s1", "a2": "s1", "a3": "s1", "b1": "s2", "b2": "s2", "c1": None})
    assert (perfect["purity"], perfect["recall"], perfect["ari"]) == (1.0, 1.0, 1.0)
    assert (perfect["stories_found"], perfect["unmatched"]) == (2, 1)
    merged = grouping_scores(gold, {"a1": "s1", "a2": "s1", "a3": "s1", "b1": "s1", "b2": "s1", "c1": None})
    assert merged["purity"] == round(4 / 6, 4) and merged["recall"] == 1.0 and merged["ari"] < 1.0
    split = grouping_scores(gold, {"a1": "s1", "a2": "s1", "a3": None, "b1": "s2", "b2": "s2", "c1": None})
    assert split["purity"] == 1.0 and split["recall"] == round(5 / 6, 4) and split["unmatched"] == 2


def test_an_injected_drift_counts_only_under_its_story_and_version_on_its_line() -> None:
    gold = {"a1": "A", "a2": "A", "a3": "A", "b1": "B", "b2": "B"}
    predicted = {"a1": "s1", "a2": "s1", "a3": "s1", "b1": "s2", "b2": "s2"}
    changes = {"a2": Injected("a2", "A", "number", 10, 30), "b2": Injected("b2", "B", "name", 0, 5)}

    def event(story: str, deviating: list[str], start: int, *, flagged: bool = True) -> dict[str, Any]:
        return {"story": story, "flagged": flagged, "deviating": deviating,
                "spans": [{"doc": deviating[0], "start": start, "end": start + 4}]}

    right = event("s1", ["a2"], 12)
    assert injected_scores(changes, gold, predicted, [right])["found"] == 1
    for wrong in (event("s2", ["a2"], 12), event("s1", ["a2", "a3"], 12), event("s1", ["a2"], 40),
                  event("s1", ["a2"], 12, flagged=False)):
        assert injected_scores(changes, gold, predicted, [wrong])["found"] == 0
    # An article put in another story than its siblings' is not in the right story.
    moved = injected_scores(changes, gold, predicted | {"a2": "s2"}, [event("s2", ["a2"], 12)])
    assert moved["right_story"] == 1 and moved["found"] == 0
    assert moved["per_kind"] == {"number": {"injected": 1, "right_story": 0, "found": 0},
                                 "name": {"injected": 1, "right_story": 1, "found": 0}}


def test_quick_suite_finds_the_stories_and_reports_the_injected_drifts(quick: dict[str, Any]) -> None:
    result = quick["results"]["corpus"]
    assert result["feed"]["articles"] == 9 and result["feed"]["documents"] == 3
    grouping = result["grouping"]
    assert (grouping["stories_found"], grouping["unmatched"], grouping["ari"]) == (3, 0, 1.0)
    injected = result["injected"]
    assert injected["injections"] == 3 and injected["right_story"] == 3
    assert injected["found"] >= 1  # the detectors' own recall decides the rest
    assert result["scoring"]["stories_scored"] == 3 and result["scoring"]["errors"] == 0
    assert "quick:yes" in quick["signature"]


def test_cli_eval_corpus_text_and_json(quick: dict[str, Any], monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setitem(ev.RUNNERS, "corpus", lambda ctx: quick["results"]["corpus"])
    assert main(["eval", "corpus", "--quick", "--format", "json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == quick
    assert main(["eval", "corpus", "--quick"]) == 0
    text = capsys.readouterr().out.splitlines()
    assert text[-1] == quick["signature"]
    assert any("purity 1.0000, recall 1.0000, ARI 1.0000" in line for line in text)
    assert any("injected: 3 drifts; article in the right story 3" in line for line in text)
