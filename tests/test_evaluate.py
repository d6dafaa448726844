"""``drift eval``: the JSON object of report-format.md, its signature, the CLI, stories scoring.

The stories suite runs for real with the session encoder; the heavy suites (Text+Berg, REFreSD,
synthetic, speed) run through the runner's own code with the suite modules' expensive calls
replaced by canned results, so the shape of what the runner builds from them is tested.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

import drift.api
import drift.evaluation.runner as ev
from drift.cli import main
from drift.config import load_config
from drift.documents import Document
from drift.encoders import Encoder
from drift.errors import DriftError
from drift.evaluation import refresd, stories, synthetic, textberg
from drift.events import Event, Reading
from drift.events import Span as EventSpan
from drift.findings import CATEGORIES
from drift.report.base import Report
from drift.segment import segment

REPO = Path(__file__).resolve().parents[1]


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _prf(block: Any) -> None:
    assert set(block) >= {"precision", "recall", "f1"}
    assert all(_number(block[k]) and 0.0 <= block[k] <= 1.0 for k in ("precision", "recall", "f1"))


def _per_category(block: Any) -> None:
    assert isinstance(block["per_category"], dict)
    for category, m in block["per_category"].items():
        assert category in CATEGORIES
        assert _number(m["precision"]) and 0.0 <= m["precision"] <= 1.0
        assert m["recall"] is None or (_number(m["recall"]) and 0.0 <= m["recall"] <= 1.0)
        assert isinstance(m["support"], int) and m["support"] >= 0


def check_eval_shape(result: dict[str, Any], suites: set[str]) -> None:
    """The ``drift eval`` JSON of report-format.md: signature, results of exactly ``suites``."""
    assert set(result) == {"signature", "results"}
    assert isinstance(result["signature"], str) and result["signature"].startswith("drift ")
    results = result["results"]
    assert set(results) == suites  # keys of suites not run are absent
    if "alignment" in results:
        textberg = results["alignment"]["textberg"]
        _prf(textberg["strict"])
        _prf(textberg["lax"])
        assert _number(textberg["seconds"])
    if "refresd" in results:
        refresd = results["refresd"]
        assert isinstance(refresd["pairs"], int)
        for key in ("sentence_auc", "sentence_f1", "token_f1", "token_f1_partial", "token_spearman"):
            assert _number(refresd[key]), key
    for suite in ("synthetic", "stories"):
        if suite in results:
            _per_category(results[suite])
    if "demetr" in results:
        for key in ("critical_detected", "false_alarm_clean", "false_alarm_minor"):
            assert results["demetr"][key] is None or 0.0 <= results["demetr"][key] <= 1.0, key
        assert isinstance(results["demetr"]["per_perturbation"], dict)
    if "ntrex" in results:
        assert _number(results["ntrex"]["quiet"]["flagged_per_100_sentences"])
        assert isinstance(results["ntrex"]["injected"]["per_kind"], dict)
    if "rsd" in results:
        assert _number(results["rsd"]["spearman"]) and _number(results["rsd"]["cosine_baseline_spearman"])
    if "corpus" in results:
        grouping = results["corpus"]["grouping"]
        assert all(_number(grouping[k]) for k in ("purity", "recall", "ari", "stories_found", "unmatched"))
        assert results["corpus"]["injected"]["found"] <= results["corpus"]["injected"]["injections"]
    if "speed" in results:
        speed = results["speed"]
        for key in ("sentences_per_second", "encoder_only_sentences_per_second", "peak_rss_mb"):
            assert _number(speed[key]) and speed[key] > 0, key
    json.loads(json.dumps(result))  # plain JSON all the way down


# --- fakes for the heavy suites -------------------------------------------------------------

TEXTBERG = {"precision_strict": 0.9, "recall_strict": 0.8, "f1_strict": 0.847, "precision_lax": 0.99,
            "recall_lax": 0.98, "f1_lax": 0.985, "seconds": 1.5, "documents": 2}
REFRESD = {"pairs": 100, "sentence_auc": 0.9, "sentence_f1": 0.8, "token_f1": 0.7,
           "token_f1_partial": 0.6, "token_spearman": 0.5}
# What the external suites return (the real thing runs in tests/test_external_suites.py).
EXTERNAL = {
    "demetr": {"documents": 2, "lines": 20, "counted": "events", "critical_detected": 0.5, "critical_strict": 0.5,
               "major_detected": None, "major_strict": None, "false_alarm_clean": 0.0, "false_alarm_minor": 0.0,
               "false_alarm_reference": None, "flags_per_100_lines": 5.0, "by_class": {}, "per_perturbation": {},
               "seconds": 1.0},
    "ntrex": {"quiet": {"documents": 1, "versions": 3, "sentences": 5, "flagged": 0, "counted": "events",
                        "flagged_per_100_sentences": 0.0, "by_category": {}},
              "injected": {"injections": 1, "recall": 1.0, "strict": 1.0, "right_version": 1.0, "false_alarms": 0,
                           "false_alarms_per_100_lines": 0.0, "per_kind": {}}, "seconds": 1.0},
    "rsd": {"documents": 1, "counted": "events", "tokens": 90, "spearman": 0.5, "cosine_baseline_spearman": 0.2,
            "per_language": {}, "seconds": 1.0},
    # (the real corpus suite runs in tests/test_corpus_eval.py)
    "corpus": {"feed": {"documents": 3, "languages": ["en", "fr", "de"], "articles": 9, "seed": 0, "engine": "local"},
               "grouping": {"articles": 9, "stories_true": 3, "stories_found": 3, "unmatched": 0, "purity": 1.0,
                            "recall": 1.0, "ari": 1.0},
               "injected": {"injections": 3, "right_story": 3, "found": 2, "found_share": 0.6667, "per_kind": {}},
               "scoring": {"stories_scored": 3, "stories_skipped": 0, "errors": 0, "events": 5, "flagged": 2,
                           "flagged_per_story": 0.6667}, "seconds": 1.0, "articles_per_minute": 540.0},
}
SYNTHETIC = {"per_category": {"number": {"precision": 1.0, "recall": 0.8, "support": 5, "tp": 4, "fp": 0,
                                         "fn": 1}},
             "benign": {"pairs": 10, "flagged_pairs": 0, "false_alarm_rate": 0.0, "by_kind": {}},
             "by_language_pair": {}, "pairs": 50, "seconds": 0.1}


@pytest.fixture
def heavy_suites_faked(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, Any]:
    """Canned results for the expensive calls; records what the runner passed to them."""
    seen: dict[str, Any] = {}

    def fake_textberg(data_dir: Path, embedder: Any, thresholds: Any, **_: Any) -> dict[str, Any]:
        seen["textberg_docs"] = sorted(p.name for p in (Path(data_dir) / "gold").iterdir())
        return dict(TEXTBERG)

    def fake_refresd(path: Path, encoder: Any, thresholds: Any) -> dict[str, Any]:
        seen["refresd_rows"] = len(Path(path).read_text(encoding="utf-8").splitlines())
        return dict(REFRESD)

    monkeypatch.setattr(textberg, "evaluate_textberg", fake_textberg)
    monkeypatch.setattr(refresd, "evaluate_refresd", fake_refresd)
    monkeypatch.setattr(synthetic, "load_or_build", lambda seed, per_category: [])
    monkeypatch.setattr(synthetic, "evaluate_synthetic", lambda dataset, compare_fn: dict(SYNTHETIC))
    # speed: the real encoder timing, but not a full comparison of the seeds.
    monkeypatch.setattr(drift.api, "compare", lambda *args, **kwargs: None)
    # REFreSD needs its span layer from the registry; give it one whatever the registry holds.
    config = tmp_path / "eval.toml"
    config.write_text(f"[models.{load_config().model}.thresholds]\nspan_layer = 8\n", encoding="utf-8")
    seen["config"] = str(config)
    return seen


@pytest.fixture(scope="module")
def stories_result(encoder: Encoder) -> dict[str, Any]:
    """The stories suite, for real, once for the module."""
    return ev.evaluate(["stories"], quick=True, encoder=encoder)


def test_stories_suite_shape_and_signature(stories_result: dict[str, Any]) -> None:
    check_eval_shape(stories_result, {"stories"})
    stories = stories_result["results"]["stories"]
    # Every drift of both keys is counted once (33 in the README's table).
    keys = [json.loads(p.read_text(encoding="utf-8")) for p in (REPO / "eval" / "stories").glob("*/answer_key.json")]
    assert stories["overall"]["support"] == sum(len(k["drifts"]) for k in keys)
    assert sum(m["support"] for m in stories["per_category"].values()) == stories["overall"]["support"]
    config = load_config()
    assert f"model:{config.model}" in stories_result["signature"]
    assert f"threshold:{config.threshold:g}" in stories_result["signature"]
    assert "quick:yes" in stories_result["signature"]


def test_all_suites_quick_shape(stories_result: dict[str, Any], heavy_suites_faked: dict[str, Any],
                                encoder: Encoder, monkeypatch: pytest.MonkeyPatch) -> None:
    # Stories already ran for real above: reuse its result rather than scoring the stories twice.
    monkeypatch.setitem(ev.RUNNERS, "stories", lambda ctx: stories_result["results"]["stories"])
    for suite, canned in EXTERNAL.items():
        monkeypatch.setitem(ev.RUNNERS, suite, lambda ctx, canned=canned: canned)
    result = ev.evaluate(["all"], quick=True, encoder=encoder, config=heavy_suites_faked["config"])
    check_eval_shape(result, set(ev.SUITES))
    assert list(result["results"]) == list(ev.SUITES)
    assert len(heavy_suites_faked["textberg_docs"]) == ev.QUICK_TEXTBERG_DOCS
    assert heavy_suites_faked["refresd_rows"] == ev.QUICK_REFRESD_PAIRS
    assert result["results"]["alignment"]["textberg"]["strict"]["f1"] == 0.847
    speed = result["results"]["speed"]
    assert speed["sentences"] > 50 and speed["documents"] == 5
    text = ev.format_text(result)
    assert text.rstrip("\n").splitlines()[-1] == result["signature"]
    for suite in ev.SUITES:
        assert suite in text


def test_cli_eval_stories_prints_json(stories_result: dict[str, Any], monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    monkeypatch.setitem(ev.RUNNERS, "stories", lambda ctx: stories_result["results"]["stories"])
    assert main(["eval", "stories", "--format", "json", "--quick"]) == 0
    printed = json.loads(capsys.readouterr().out)
    check_eval_shape(printed, {"stories"})
    assert printed["results"] == stories_result["results"]
    # --output writes the same object atomically, nothing on stdout.
    out = tmp_path / "eval.json"
    assert main(["eval", "stories", "--format", "json", "--quick", "--output", str(out)]) == 0
    assert capsys.readouterr().out == ""
    assert json.loads(out.read_text(encoding="utf-8")) == printed
    assert main(["eval", "stories", "--quick"]) == 0
    assert capsys.readouterr().out.rstrip("\n").splitlines()[-1] == printed["signature"]


@pytest.mark.parametrize(("args", "message"), [
    (["eval", "all", "--data", "x"], "name the suite"),
    (["eval", "stories", "--model", "no-such-model"], "unknown model"),
    (["eval", "refresd", "--data", "/nonexistent/refresd.tsv"], "not found"),
])
def test_cli_eval_errors_exit_2(args: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(args) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_unknown_suite_is_an_error() -> None:
    with pytest.raises(DriftError, match="unknown suite"):
        ev.evaluate(["bogus"])


# --- stories scoring, without a model -------------------------------------------------------


def _report(reference: str, version: str, events: list[Event]) -> Report:
    docs = [Document(id="ref", text=reference, language="en"), Document(id="v", text=version, language="en")]
    return Report(tool_version="0", model_name="m", model_dimension=1, threshold=0.5, reference="ref",
                  all_pairs=False, documents=docs, sentences={d.id: segment(d) for d in docs}, pairs=[],
                  findings=[], events=events)


def test_score_story_counts_recall_precision_and_benign_on_events() -> None:
    reference = "Fourteen ships waited. The minister may resign. Police said it was calm."
    version = "Seventeen ships waited. The minister will resign. It was calm. Extra words here."
    key = {"reference": "ref", "versions": {"ref": {}, "v": {}},
           "drifts": [{"id": "D1", "version": "v", "category": "number", "reference_text": "Fourteen",
                       "version_text": "Seventeen"},
                      {"id": "D2", "version": "v", "category": "modality", "reference_text": "may resign",
                       "version_text": "will resign"},
                      {"id": "D3", "version": "v", "category": "omission",
                       "reference_text": "Police said", "version_text": None}],
           "benign": [{"version": "v", "kind": "paraphrase", "reference_text": "it was calm",
                       "version_text": "It was calm"}]}

    def span(doc: str, text: str, needle: str) -> EventSpan:
        start = text.index(needle)
        return EventSpan(doc, 0, start, start + len(needle), needle)

    def event(category: str, severity: float, ref: str | None, ver: str | None, deviating: str = "v") -> Event:
        readings = [Reading(["ref"], [span("ref", reference, ref)] if ref else []),
                    Reading(["v"], [span("v", version, ver)] if ver else [])]
        return Event(category, severity, "U1", [deviating], readings, [], "")

    events = [
        event("number", 0.9, "Fourteen", "Seventeen ships"),
        # right place, wrong category: a false positive of "time", D2 not recalled by it
        event("time", 0.8, "may", "will"),
        event("omission", 0.7, "Police said it", None),
        # flagged on a benign paraphrase: a false positive
        event("attribution", 0.6, "it was calm", "It was calm"),
        # below the threshold: ignored
        event("modality", 0.4, "may", "will"),
    ]
    counts = stories.score_story(_report(reference, version, events), key)
    assert counts["support"] == {"number": 1, "modality": 1, "omission": 1}
    assert counts["recalled"] == {"number": 1, "omission": 1}
    assert counts["predicted"] == {"number": 1, "time": 1, "omission": 1, "attribution": 1}
    assert counts["correct"] == {"number": 1, "omission": 1}
    assert counts["missed"] == ["D2"]
    assert counts["benign_flagged"] == 1
    # An event that does not set the version apart from the reference is not that version's drift.
    both = Event("number", 0.9, "U1", ["ref", "v"], [Reading(["ref", "v"], [span("v", version, "Seventeen")])],
                 [], "")
    assert stories.score_story(_report(reference, version, [both]), key)["recalled"] == {}


def test_answer_key_span_missing_is_reported() -> None:
    key = {"reference": "ref", "versions": {"ref": {}, "v": {}}, "benign": [],
           "drifts": [{"id": "D1", "version": "v", "category": "number", "reference_text": "one",
                       "version_text": "not in the text"}]}
    with pytest.raises(DriftError, match="answer key out of date"):
        stories.score_story(_report("One ship.", "Two ships.", []), key)
