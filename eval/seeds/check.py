"""Score a report's flagged events against the hand-labelled seeds answer key.

    drift score ../shared/seeds/*.txt --all-pairs --format json -o seeds.json
    python eval/seeds/check.py seeds.json [--verbose]

An event is counted real when a labelled drift names one of its deviating versions (ids are
matched on their prefix, "000" for "000_eab01c185ccb4be9") and the labelled text overlaps a span
of a deviating version (fuzzy partial match, so a span inside the labelled text or around it
counts; a span shorter than a third of the labelled text or 15 characters must also have the
labelled category).
Prints flagged events, how many are real, how many labelled drifts are found, and with
--verbose each flagged event with its verdict.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from rapidfuzz import fuzz

KEY = Path(__file__).with_name("answer_key.json")


def _matches(event: dict, drift: dict) -> bool:
    deviating = {d.split("_")[0] for d in event["deviating"]}
    if not deviating & set(drift["deviating"]):
        return False
    # The deviating versions' own spans (for an omission, the words the others carry), long
    # enough to say something of the labelled text.
    if event["category"] == "omission":
        texts = [s["text"] for r in event["readings"] for s in r["spans"] if s["doc"] not in event["deviating"]]
    else:
        texts = [s["text"] for r in event["readings"] for s in r["spans"] if s["doc"] in event["deviating"]]
    wanted = drift["text"].lower()
    # A short span (a word or two) must also carry the labelled category: a lone "regime" inside a
    # labelled sentence is not that sentence's drift.
    long_enough = min(len(wanted) / 3, 15)
    return any(fuzz.partial_ratio(wanted, t.lower()) >= 80 for t in texts
               if len(t) >= long_enough or (len(t) >= 3 and event["category"] == drift["category"]))


def score(report: dict, key: dict, threshold: float | None = None) -> dict:
    threshold = report["settings"]["threshold"] if threshold is None else threshold
    flagged = [e for e in report["events"] if e["severity"] >= threshold]
    verdicts = [(e, [d["id"] for d in key["drifts"] if _matches(e, d)]) for e in flagged]
    found = {i for _, ids in verdicts for i in ids}
    real = sum(1 for _, ids in verdicts if ids)
    return {"flagged": len(flagged), "real": real, "precision": real / len(flagged) if flagged else 1.0,
            "labelled": len(key["drifts"]), "found": len(found),
            "recall": len(found) / len(key["drifts"]), "verdicts": verdicts}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("report")
    parser.add_argument("--verbose", "-v", action="store_true")
    args = parser.parse_args()
    result = score(json.loads(Path(args.report).read_text(encoding="utf-8")),
                   json.loads(KEY.read_text(encoding="utf-8")))
    print(f"flagged events {result['flagged']}, real {result['real']} (precision {result['precision']:.2f}); "
          f"labelled drifts found {result['found']}/{result['labelled']} (recall {result['recall']:.2f})")
    if args.verbose:
        for event, ids in result["verdicts"]:
            print(f"  {'REAL ' + ','.join(ids) if ids else 'false'}\t{event['severity']:.2f} {event['category']}\t"
                  f"{event['explanation'][:150]}")


if __name__ == "__main__":
    main()
