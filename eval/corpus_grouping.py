"""Corpus mode on the NTREX feed: does ``drift corpus`` find the stories, and the drifts in them?

    python eval/corpus_grouping.py [--ntrex DIR] [--languages en,fr,...] [--documents N]
                                   [--score --out DIR [--engine local|ray]] [--inject N] [--format text|json]

The 62 NTREX development documents in 9 languages, shuffled together without their folder
names, are a 558-article multilingual feed whose true stories are known. Without ``--score``
only the grouping runs (the leads are encoded, the stories found) and is measured:

- purity: the share of articles whose predicted story's majority is their own true story
  (an unmatched article counts as a story of its own);
- recall: the share of articles in the largest piece of their true story;
- ARI: the adjusted Rand index of predicted vs true stories (target >= 0.95).

With ``--score`` the whole corpus mode runs into ``--out`` (reports, events table, index), and
``--inject N`` first changes one number in one non-English version of N documents: the report
then says how many of those drifts were flagged under the right story with the right version
standing apart. The translations are faithful, so other flagged events are false alarms.
These are figures on the development half of NTREX: in-sample for the grouping settings in
configs/default.toml, which were chosen on it.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

NTREX = ROOT.parent / "shared" / "data" / "ntrex"
LANGUAGES = ("en", "fr", "bg", "de", "es", "ru", "it", "pl", "zh")
_NUMBER = re.compile(r"(?<![\d.,])\d{2,}(?![\d.,])")


def ntrex_feed(root: Path, languages: Sequence[str], documents: int | None = None, seed: int = 0,
               ) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """The feed rows (id, text; no story, no language) and the true story of each row id."""
    folders = sorted(p for p in root.iterdir() if p.is_dir())[:documents]
    rows, gold = [], {}
    rng = random.Random(seed)
    for folder in folders:
        for language in languages:
            path = folder / f"{language}.txt"
            if not path.is_file():
                continue
            row_id = f"a{rng.randrange(16**8):08x}"  # opaque: the id says nothing about the story
            rows.append({"id": row_id, "text": path.read_text(encoding="utf-8")})
            gold[row_id] = folder.name
    rng.shuffle(rows)
    return rows, gold


def inject_numbers(rows: list[dict[str, Any]], gold: Mapping[str, str], count: int, seed: int = 0,
                   ) -> dict[str, tuple[str, str, str]]:
    """Change one number in one version of ``count`` stories: {row id: (story, old, new)}."""
    from drift.documents import detect_language

    rng = random.Random(seed)
    by_story: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_story.setdefault(gold[row["id"]], []).append(row)
    injected: dict[str, tuple[str, str, str]] = {}
    for story in sorted(by_story):
        if len(injected) >= count:
            break
        candidates = [r for r in by_story[story] if _NUMBER.search(r["text"]) and detect_language(r["text"]) != "en"]
        if not candidates:
            continue
        row = rng.choice(candidates)
        match = _NUMBER.search(row["text"])
        assert match is not None
        old = match.group()
        new = str(int(old) * 2 + 3)
        row["text"] = row["text"][:match.start()] + new + row["text"][match.end():]
        injected[row["id"]] = (story, old, new)
    return injected


def grouping_scores(gold: Mapping[str, str], predicted: Mapping[str, str | None]) -> dict[str, float]:
    """Purity, recall and ARI of predicted stories (None: unmatched, a story of its own)."""
    from sklearn.metrics import adjusted_rand_score

    ids = sorted(gold)
    pred = [predicted.get(i) or f"unmatched:{i}" for i in ids]
    true = [gold[i] for i in ids]
    pairs = Counter(zip(pred, true, strict=True))
    best_true: dict[str, int] = {}
    best_pred: dict[str, int] = {}
    for (p, t), n in pairs.items():
        best_true[p] = max(best_true.get(p, 0), n)
        best_pred[t] = max(best_pred.get(t, 0), n)
    return {"articles": len(ids), "stories_true": len(set(true)),
            "stories_found": len({p for p in predicted.values() if p is not None}),
            "unmatched": sum(1 for i in ids if predicted.get(i) is None),
            "purity": round(sum(best_true.values()) / len(ids), 4),
            "recall": round(sum(best_pred.values()) / len(ids), 4),
            "ari": round(float(adjusted_rand_score(true, pred)), 4)}


def group_only(rows: Sequence[Mapping[str, Any]], model: str | None = None) -> dict[str, str | None]:
    """The story of each row, from the corpus mode's own reading and grouping stages."""
    from drift.config import load_config
    from drift.corpus.articles import article_documents, read_articles
    from drift.corpus.grouping import GroupingSettings, group_documents, grouping_inputs
    from drift.encoders import load_encoder

    config = load_config()
    grouping = GroupingSettings.from_config(config, model)
    articles, _ = read_articles(rows)
    documents, _ = article_documents(articles)
    encoder = load_encoder(config.model_spec(model))
    vectors = encoder.encode(grouping_inputs(documents, grouping))
    return group_documents(documents, vectors, grouping)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ntrex", type=Path, default=NTREX)
    parser.add_argument("--languages", default=",".join(LANGUAGES))
    parser.add_argument("--documents", type=int, help="only the first N documents (a quick run)")
    parser.add_argument("--model")
    parser.add_argument("--score", action="store_true", help="run the whole corpus mode, not only grouping")
    parser.add_argument("--out", type=Path, help="output folder of --score (default: a temporary folder)")
    parser.add_argument("--engine", choices=["local", "ray"], default="local")
    parser.add_argument("--inject", type=int, default=0, help="change one number in N stories (with --score)")
    parser.add_argument("--format", choices=["text", "json"], default="text")
    args = parser.parse_args(argv)

    rows, gold = ntrex_feed(args.ntrex, args.languages.split(","), args.documents)
    injected = inject_numbers(rows, gold, args.inject) if args.inject else {}
    started = time.perf_counter()
    result: dict[str, Any] = {}
    if args.score:
        from drift.corpus import compare_corpus

        out = args.out or Path(tempfile.mkdtemp(prefix="drift-corpus-"))
        feed = out.parent / f"{out.name}-feed.jsonl"
        out.parent.mkdir(parents=True, exist_ok=True)
        feed.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        run = compare_corpus(feed, out, engine=args.engine, model=args.model, progress=sys.stderr.isatty())
        predicted = run.assignment
        events = [json.loads(line) for line in (out / "events.jsonl").read_text(encoding="utf-8").splitlines()]
        flagged = [e for e in events if e["flagged"]]
        found = sum(1 for row_id, (story, _, _) in injected.items()
                    if any(row_id in e["deviating"] and e["story"] == predicted.get(row_id) for e in flagged))
        result["scoring"] = {
            "out": str(out), "engine": args.engine, "stories_scored": len(run.scored),
            "stories_skipped": len(run.skipped), "errors": len(run.errors), "events": len(events),
            "flagged_events": len(flagged),
            "flagged_per_story": round(len(flagged) / max(len(run.stories), 1), 3),
            "injected": len(injected), "injected_found": found,
        }
    else:
        predicted = group_only(rows, args.model)
    seconds = time.perf_counter() - started
    result["grouping"] = grouping_scores(gold, predicted)
    result["seconds"] = round(seconds, 1)
    result["articles_per_minute"] = round(len(rows) / seconds * 60, 1)
    if args.format == "json":
        print(json.dumps(result, indent=2))
    else:
        g = result["grouping"]
        print(f"NTREX feed: {g['articles']} articles, {g['stories_true']} true stories; found {g['stories_found']} "
              f"stories, {g['unmatched']} unmatched")
        print(f"  purity {g['purity']:.4f}  recall {g['recall']:.4f}  ARI {g['ari']:.4f}  (in-sample)")
        if "scoring" in result:
            s = result["scoring"]
            print(f"  scored {s['stories_scored']} stories ({s['stories_skipped']} already done, "
                  f"{s['errors']} errors): {s['events']} events, {s['flagged_events']} flagged "
                  f"({s['flagged_per_story']} per story)")
            if s["injected"]:
                print(f"  injected number drifts flagged under the right story and version: "
                      f"{s['injected_found']}/{s['injected']}")
            print(f"  outputs in {s['out']}")
        print(f"  {result['seconds']} s, {result['articles_per_minute']} articles/min")
    return 0


if __name__ == "__main__":
    sys.exit(main())
