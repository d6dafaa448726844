"""Score drift on the bundled stories against their answer keys (see eval/stories/README.md).

    python -m drift.evaluation.stories [STORIES_DIR] [--json]

All versions of a story are compared together, as ``drift score`` does, and the story-level
events are counted (what a reader of the report sees). The key is written against the reference
version (the key's ``reference``). Counting:

- a drift of the key is recalled when a flagged event of the same category sets that version
  and the reference on different sides (one of them deviating) and one of its spans overlaps the
  drift's span: in the version, or in the reference for an omission, which has no version text;
- a flagged event that matches no drift of the key is a false positive of its category; benign
  items (variants, paraphrases) are not drifts, so a flagged event on one is a false positive
  too, and ``benign_flagged`` counts how many benign items were hit.

``hits`` keeps the same test for one pairwise finding (the calibration of finding severities).

Spans are located by finding ``version_text`` / ``reference_text`` in the decoded documents
(the key guarantees each occurs once), so they share the report's character offsets.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from drift.errors import DriftError
from drift.evaluation.paths import EVAL_DIR
from drift.events import Event
from drift.findings import Finding
from drift.report.base import Report

DEFAULT_STORIES = EVAL_DIR / "stories"
Span = tuple[int, int]


@dataclass(frozen=True)
class KeyItem:
    """One answer-key entry located in the documents: which side and where."""

    version: str
    category: str  # a drift category, or "benign"
    side: str      # "source" (reference) or "target" (version)
    span: Span
    id: str


def _locate(text: str, needle: str, where: str) -> Span:
    start = text.find(needle)
    if start < 0:
        raise DriftError(f"answer key out of date: {needle!r} not found in {where}")
    return start, start + len(needle)


def key_items(report: Report, key: Mapping[str, Any]) -> tuple[list[KeyItem], list[KeyItem]]:
    """The key's drifts and benign items with their spans in the report's documents."""
    reference = report.document(key["reference"]).text

    def item(entry: Mapping[str, Any], category: str, number: int) -> KeyItem:
        version = entry["version"]
        if entry.get("version_text") is not None:
            text = report.document(version).text
            span = _locate(text, entry["version_text"], version)
            side = "target"
        else:  # an omission: only the reference has the words
            span = _locate(reference, entry["reference_text"], key["reference"])
            side = "source"
        return KeyItem(version, category, side, span, entry.get("id", f"B{number}"))

    drifts = [item(d, d["category"], n) for n, d in enumerate(key["drifts"], 1)]
    benign = [item(b, "benign", n) for n, b in enumerate(key.get("benign", []), 1)]
    return drifts, benign


def _span_of(finding: Finding, side: str) -> Span | None:
    s = finding.source if side == "source" else finding.target
    return (s.start, s.end) if s.start is not None and s.end is not None else None


def _overlaps(a: Span | None, b: Span) -> bool:
    return a is not None and a[0] < b[1] and b[0] < a[1]


def hits(finding: Finding, item: KeyItem, reference: str) -> bool:
    """Whether ``finding`` lies on ``item``: same pair of versions, overlapping spans."""
    return (finding.source.doc == reference and finding.target.doc == item.version
            and _overlaps(_span_of(finding, item.side), item.span))


def event_hits(event: Event, item: KeyItem, reference: str) -> bool:
    """Whether ``event`` lies on ``item``: it sets the version and the reference apart, and one of
    its spans in the version (the reference, for an omission) overlaps the item's span."""
    if (item.version in event.deviating) == (reference in event.deviating):
        return False
    doc = item.version if item.side == "target" else reference
    return any(s.doc == doc and _overlaps((s.start, s.end), item.span)
               for r in event.readings for s in r.spans)


def score_story(report: Report, key: Mapping[str, Any]) -> dict[str, Any]:
    """Counts for one story: per category support, recalled drifts, flagged events, true positives."""
    drifts, benign = key_items(report, key)
    reference = key["reference"]
    flagged = list(report.flagged)
    support: Counter[str] = Counter(d.category for d in drifts)
    recalled: Counter[str] = Counter()
    predicted: Counter[str] = Counter()
    correct: Counter[str] = Counter()
    missed: list[str] = []
    for drift in drifts:
        if any(e.category == drift.category and event_hits(e, drift, reference) for e in flagged):
            recalled[drift.category] += 1
        else:
            missed.append(drift.id)
    false_positives = []
    for event in flagged:
        predicted[event.category] += 1
        if any(d.category == event.category and event_hits(event, d, reference) for d in drifts):
            correct[event.category] += 1
        else:
            false_positives.append(event)
    benign_flagged = sum(any(event_hits(e, b, reference) for e in false_positives) for b in benign)
    return {"support": support, "recalled": recalled, "predicted": predicted, "correct": correct,
            "missed": missed, "benign": len(benign), "benign_flagged": benign_flagged}


def _ratio(hit: int, total: int) -> float:
    return round(hit / total, 4) if total else 0.0


def evaluate_stories(stories_dir: str | Path, encoder: Any, *, config: Any = None,
                     model: str | None = None) -> dict[str, Any]:
    """Per-category precision / recall / support over every story folder with an answer key.

    Precision of a category with no flagged event is 0.0 (as scikit-learn's
    ``zero_division=0``); a category appears when it has support or flagged findings.
    """
    from drift.api import compare
    from drift.findings import BENIGN, CATEGORIES

    started = time.perf_counter()
    folders = sorted(p.parent for p in Path(stories_dir).glob("*/answer_key.json"))
    if not folders:
        raise DriftError(f"stories: no */answer_key.json under {stories_dir}")
    totals: dict[str, Counter[str]] = {k: Counter() for k in ("support", "recalled", "predicted", "correct")}
    per_story: dict[str, Any] = {}
    benign = benign_flagged = 0
    for folder in folders:
        key = json.loads((folder / "answer_key.json").read_text(encoding="utf-8"))
        files = [folder / f"{version}.txt" for version in key["versions"]]
        report = compare(files, reference=key["reference"], config=config, model=model, encoder=encoder)
        counts = score_story(report, key)
        for name in totals:
            totals[name].update(counts[name])
        benign += counts["benign"]
        benign_flagged += counts["benign_flagged"]
        per_story[folder.name] = {"drifts": sum(counts["support"].values()),
                                  "recalled": sum(counts["recalled"].values()),
                                  "flagged": sum(counts["predicted"].values()),
                                  "missed": counts["missed"]}
    order = [c for c in CATEGORIES if c not in BENIGN]
    used = [c for c in CATEGORIES if totals["support"][c] or totals["predicted"][c]]
    per_category = {
        c: {"precision": _ratio(totals["correct"][c], totals["predicted"][c]),
            "recall": _ratio(totals["recalled"][c], totals["support"][c]),
            "support": totals["support"][c], "flagged": totals["predicted"][c]}
        for c in sorted(used, key=lambda c: (c not in order, CATEGORIES.index(c)))}
    support = sum(totals["support"].values())
    overall = {"precision": _ratio(sum(totals["correct"].values()), sum(totals["predicted"].values())),
               "recall": _ratio(sum(totals["recalled"].values()), support), "support": support,
               "flagged": sum(totals["predicted"].values())}
    return {"per_category": per_category, "overall": overall, "benign": benign,
            "benign_flagged": benign_flagged, "stories": per_story,
            "seconds": round(time.perf_counter() - started, 1)}


def main(argv: Sequence[str] | None = None) -> int:
    import argparse

    from drift.config import load_config
    from drift.encoders import load_encoder

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stories", nargs="?", default=str(DEFAULT_STORIES))
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    result = evaluate_stories(args.stories, load_encoder(load_config().model_spec()))
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for category, m in result["per_category"].items():
            print(f"{category:<12} P {m['precision']:.2f}  R {m['recall']:.2f}  n={m['support']}")
        print(f"benign flagged {result['benign_flagged']}/{result['benign']}, {result['seconds']} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
