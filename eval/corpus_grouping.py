"""Corpus mode on the NTREX feed: does ``drift corpus`` find the stories, and the drifts in them?

    python eval/corpus_grouping.py [--documents N] [--languages en,fr,...] [--engine local|ray]
                                   [--out DIR] [--format text|json]          # the whole corpus mode
    python eval/corpus_grouping.py --group-only [--documents N] ...          # grouping only (fast)
    python eval/corpus_grouping.py --write-feed FEED.jsonl [--no-inject]     # a feed for drift corpus
    python eval/corpus_grouping.py --assess DIR --gold FEED.gold.json        # a drift corpus run's figures

The measures and the feed are ``drift eval corpus``'s (``drift/evaluation/corpus.py``): the
NTREX documents in 9 languages shuffled into one feed without their story (558 articles), one
drift injected into one version of each document. ``--write-feed`` and ``--assess`` measure a
``drift corpus`` command run by hand (another engine, a run killed and resumed). Grouping
figures are in-sample for the [corpus] settings, which were chosen on this feed.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from drift.evaluation import corpus  # noqa: E402

NTREX = ROOT.parent / "shared" / "data" / "ntrex"
LANGUAGES = corpus.FEED_LANGUAGES


def ntrex_feed(root: Path, languages: Sequence[str], documents: int | None = None, seed: int = 0,
               ) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """The feed rows (id, text; no story, no language) and the true story of each row id."""
    rows, gold, _ = corpus.ntrex_feed(root, languages, documents, seed=seed)
    return rows, gold


def group_only(rows: Sequence[dict[str, Any]], model: str | None = None) -> dict[str, str | None]:
    """The story of each row, from the corpus mode's own reading and grouping stages."""
    from drift.config import load_config
    from drift.corpus.articles import article_documents, read_articles
    from drift.corpus.grouping import GroupingSettings, group_documents
    from drift.corpus.local import lead_vectors
    from drift.encoders import load_encoder

    config = load_config()
    grouping = GroupingSettings.from_config(config, model)
    articles, _ = read_articles(rows)
    documents, _ = article_documents(articles)
    encoder = load_encoder(config.model_spec(model))
    return group_documents(documents, lead_vectors(articles, documents, encoder, grouping), grouping)


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def assess(out: Path, gold_file: Path) -> dict[str, Any]:
    """Grouping and injected-drift figures of a finished ``drift corpus`` run in ``out``."""
    gold = json.loads(gold_file.read_text(encoding="utf-8"))
    stories = gold.get("stories", gold) if isinstance(gold.get("stories"), dict) else gold
    injected = {k: corpus.Injected(**v) for k, v in gold.get("injected", {}).items()}
    predicted = {row["id"]: row["story"] for row in _jsonl(out / "articles.jsonl")}
    events = _jsonl(out / "events.jsonl")
    result: dict[str, Any] = {"grouping": corpus.grouping_scores(stories, predicted),
                              "events": len(events), "flagged": sum(1 for e in events if e["flagged"]),
                              "errors": len(_jsonl(out / "errors.jsonl"))}
    if injected:
        result["injected"] = corpus.injected_scores(injected, stories, predicted, events)
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ntrex", type=Path, default=NTREX)
    parser.add_argument("--languages", default=",".join(LANGUAGES))
    parser.add_argument("--documents", type=int, help="only the N shortest documents (a quick run)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--model")
    parser.add_argument("--engine", choices=["local", "ray"], default="local")
    parser.add_argument("--out", type=Path, help="keep the run's outputs here (default: a temporary folder)")
    parser.add_argument("--group-only", action="store_true", help="only the grouping (leads encoded, stories found)")
    parser.add_argument("--write-feed", type=Path, metavar="FEED", help="write the feed and its .gold.json")
    parser.add_argument("--no-inject", action="store_true", help="with --write-feed: the faithful feed")
    parser.add_argument("--assess", type=Path, metavar="DIR", help="the figures of a drift corpus run into DIR")
    parser.add_argument("--gold", type=Path, help="with --assess: the .gold.json written with the feed")
    parser.add_argument("--format", choices=["text", "json"], default="text")
    args = parser.parse_args(argv)
    languages = args.languages.split(",")

    if args.write_feed:
        rows, gold, injected = corpus.ntrex_feed(args.ntrex, languages, args.documents, inject=not args.no_inject,
                                                 seed=args.seed)
        args.write_feed.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        gold_file = args.write_feed.with_suffix(".gold.json")
        gold_file.write_text(json.dumps({"stories": gold, "injected": {k: asdict(v) for k, v in injected.items()}},
                                        indent=1), encoding="utf-8")
        print(f"{len(rows)} articles of {len(set(gold.values()))} stories, {len(injected)} injected drifts -> "
              f"{args.write_feed}, {gold_file}")
        return 0
    if args.assess:
        if not args.gold:
            parser.error("--assess needs --gold")
        result = assess(args.assess, args.gold)
    elif args.group_only:
        rows, gold, _ = corpus.ntrex_feed(args.ntrex, languages, args.documents, seed=args.seed)
        started = time.perf_counter()
        result = {"grouping": corpus.grouping_scores(gold, group_only(rows, args.model)),
                  "seconds": round(time.perf_counter() - started, 1)}
    else:
        result = corpus.evaluate_corpus(args.ntrex, languages=languages, documents=args.documents, seed=args.seed,
                                        engine=args.engine, out=args.out, model=args.model,
                                        progress=sys.stderr.isatty())
        if args.format == "text":
            print("\n".join(corpus.format_text(result)))
            return 0
    if args.format == "json":
        print(json.dumps(result, indent=2))
    else:
        g = result["grouping"]
        print(f"NTREX feed: {g['articles']} articles, {g['stories_true']} true stories; found {g['stories_found']} "
              f"stories, {g['unmatched']} unmatched")
        print(f"  purity {g['purity']:.4f}  recall {g['recall']:.4f}  ARI {g['ari']:.4f}  (in-sample)")
        if "flagged" in result:
            print(f"  {result['events']} events, {result['flagged']} flagged, {result['errors']} errors")
        if "injected" in result:
            inj = result["injected"]
            print(f"  injected drifts: {inj['injections']}; article in the right story {inj['right_story']}; "
                  f"flagged there with that version alone on the changed line {inj['found']}")
        if "seconds" in result:
            print(f"  {result['seconds']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
