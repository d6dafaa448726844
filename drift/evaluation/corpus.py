"""The corpus mode on the NTREX feed: are the stories found, and the drifts in them?

    drift eval corpus [--quick] [--format json]
    python eval/corpus_grouping.py [--documents N] [--languages en,fr,...] [--engine local|ray] [--out DIR]

The NTREX documents, each in several languages, shuffled together under opaque ids and without
their folder names (no ``story`` column, no ``language`` column), are a multilingual feed whose
true stories are known (62 documents x 9 languages = 558 articles). The NTREX injector
(``drift.evaluation.ntrex``) first changes one line of one version of each document (a number,
a name, a date, a source, a hedge, a negation, an added or removed sentence or clause, kinds in
turn); then ``drift corpus`` runs on the feed and is measured:

- grouping: purity (the share of articles whose predicted story's majority is their own true
  story; an unmatched article counts as a story of its own), recall (the share of articles in
  the largest piece of their true story), adjusted Rand index (target >= 0.95), stories found,
  articles unmatched;
- injected drifts: how many changed articles were put in the right story (the one where most of
  their true story's articles are), and how many of their drifts are flagged there with the
  changed version, and only it, standing apart, on the changed line. The translations are
  faithful, so the other flagged events are false alarms (counted per story).

In-sample for the grouping settings of ``configs/default.toml`` ([corpus]), which were chosen
on this feed.
"""

from __future__ import annotations

import json
import random
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from drift.evaluation.flags import pct, ratio
from drift.evaluation.ntrex import DEFAULT_DATA, KINDS, LANGUAGES, load_ntrex, plan_injections

# The feed's languages: every NTREX version drift has a language profile for.
FEED_LANGUAGES = LANGUAGES


@dataclass(frozen=True)
class Injected:
    """An article changed by the injector: its story, kind, and the changed line's characters."""

    id: str
    story: str
    kind: str
    start: int
    end: int


def ntrex_feed(folder: str | Path, languages: Sequence[str] = FEED_LANGUAGES, documents: int | None = None,
               *, inject: bool = False, seed: int = 0,
               ) -> tuple[list[dict[str, Any]], dict[str, str], dict[str, Injected]]:
    """The feed rows (``id``, ``text`` only), the true story of each row id, and the injected rows.

    ``documents``: the N shortest documents (as the ntrex suite picks them). With ``inject``, one
    version of each document gets one drift from the NTREX injector (seeded).
    """
    corpus = load_ntrex(folder, languages)
    chosen = corpus
    if documents:
        chosen = sorted(sorted(corpus, key=lambda d: (len(d.versions[languages[0]]), d.id))[:documents],
                        key=lambda d: d.id)
    changes = {doc.id: injection for doc, injection in
               plan_injections(chosen, languages, per_document=1, seed=seed, corpus=corpus)} if inject else {}
    rng = random.Random(seed)
    rows: list[dict[str, Any]] = []
    gold: dict[str, str] = {}
    injected: dict[str, Injected] = {}
    for doc in chosen:
        for language in languages:
            row_id = f"a{rng.randrange(16**8):08x}"  # opaque: the id says nothing about the story
            lines = list(doc.versions[language])
            change = changes.get(doc.id)
            if change is not None and change.language == language:
                lines[change.line] = change.after
                start = sum(len(line) + 1 for line in lines[:change.line])
                injected[row_id] = Injected(row_id, doc.id, change.kind, start, start + len(change.after))
            rows.append({"id": row_id, "text": "\n".join(lines)})
            gold[row_id] = doc.id
    rng.shuffle(rows)
    return rows, gold, injected


def grouping_scores(gold: Mapping[str, str], predicted: Mapping[str, str | None]) -> dict[str, Any]:
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
            "stories_found": len({predicted.get(i) for i in ids} - {None}),
            "unmatched": sum(1 for i in ids if predicted.get(i) is None),
            "purity": round(sum(best_true.values()) / len(ids), 4),
            "recall": round(sum(best_pred.values()) / len(ids), 4),
            "ari": round(float(adjusted_rand_score(true, pred)), 4)}


def home_stories(gold: Mapping[str, str], predicted: Mapping[str, str | None]) -> dict[str, str | None]:
    """The predicted story where most of each true story's articles are (None: mostly unmatched)."""
    votes: dict[str, Counter[str | None]] = defaultdict(Counter)
    for row_id, story in gold.items():
        votes[story][predicted.get(row_id)] += 1
    return {story: counts.most_common(1)[0][0] for story, counts in votes.items()}


def injected_scores(injected: Mapping[str, Injected], gold: Mapping[str, str], predicted: Mapping[str, str | None],
                    events: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Per injected article: put in its story's home? a flagged event there with it alone deviating,
    on the changed line?"""
    home = home_stories(gold, predicted)
    per_kind: dict[str, Counter[str]] = defaultdict(Counter)
    for row_id, change in injected.items():
        counts = per_kind[change.kind]
        counts["injected"] += 1
        story = predicted.get(row_id)
        if story is None or story != home[change.story]:
            continue
        counts["right_story"] += 1
        if any(e["flagged"] and e["story"] == story and e["deviating"] == [row_id]
               and any(s["doc"] == row_id and s["start"] < change.end and s["end"] > change.start
                       for s in e["spans"])
               for e in events):
            counts["found"] += 1
    total = Counter[str]()
    for counts in per_kind.values():
        total.update(counts)
    return {"injections": total["injected"], "right_story": total["right_story"], "found": total["found"],
            "found_share": ratio(total["found"], total["injected"]),
            "per_kind": {kind: {k: per_kind[kind][k] for k in ("injected", "right_story", "found")}
                         for kind in KINDS if kind in per_kind}}


def evaluate_corpus(folder: str | Path, *, languages: Sequence[str] = FEED_LANGUAGES, documents: int | None = None,
                    seed: int = 0, engine: str = "local", out: str | Path | None = None, encoder: Any = None,
                    config: Any = None, model: str | None = None, progress: bool = False) -> dict[str, Any]:
    """Run ``drift corpus`` on the (injected) NTREX feed and measure it (see the module docstring).
    ``out`` keeps the run's outputs (default: a temporary folder, removed)."""
    from drift.corpus import compare_corpus

    rows, gold, injected = ntrex_feed(folder, languages, documents, inject=True, seed=seed)
    with tempfile.TemporaryDirectory(prefix="drift-corpus-eval-") as tmp:
        target = Path(out) if out is not None else Path(tmp) / "out"
        feed = Path(tmp) / "feed.jsonl"
        feed.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        started = time.perf_counter()
        run = compare_corpus(feed, target, engine=engine, config=config, model=model, encoder=encoder,
                             progress=progress)
        seconds = time.perf_counter() - started
        events = [json.loads(line) for line in (target / "events.jsonl").read_text(encoding="utf-8").splitlines()]
    flagged = sum(1 for e in events if e["flagged"])
    return {
        "feed": {"documents": len(set(gold.values())), "languages": list(languages), "articles": len(rows),
                 "seed": seed, "engine": engine},
        "grouping": grouping_scores(gold, run.assignment),
        "injected": injected_scores(injected, gold, run.assignment, events),
        "scoring": {"stories_scored": len(run.scored), "stories_skipped": len(run.skipped),
                    "errors": len(run.errors), "events": len(events), "flagged": flagged,
                    "flagged_per_story": ratio(flagged, len(run.stories))},
        "seconds": round(seconds, 1),
        "articles_per_minute": round(len(rows) / max(seconds, 1e-9) * 60, 1),
    }


def format_text(result: Mapping[str, Any]) -> list[str]:
    feed, g, inj, sc = result["feed"], result["grouping"], result["injected"], result["scoring"]
    lines = [f"corpus: NTREX feed, {feed['articles']} articles ({feed['documents']} documents x "
             f"{len(feed['languages'])} languages, no story column), engine {feed['engine']}, "
             f"{result['seconds']:.1f} s = {result['articles_per_minute']} articles/min",
             f"  grouping: {g['stories_found']} stories found ({g['stories_true']} true), {g['unmatched']} "
             f"articles unmatched; purity {g['purity']:.4f}, recall {g['recall']:.4f}, ARI {g['ari']:.4f}",
             f"  scoring: {sc['stories_scored']} stories scored ({sc['stories_skipped']} already done), "
             f"{sc['errors']} errors, {sc['events']} events, {sc['flagged']} flagged "
             f"({sc['flagged_per_story']} per story)",
             f"  injected: {inj['injections']} drifts; article in the right story {inj['right_story']}, "
             f"flagged there with that version alone on the changed line {inj['found']} "
             f"({pct(inj['found_share'])})",
             f"  {'kind':<18} {'n':>3} {'story':>6} {'found':>6}"]
    for kind, m in inj["per_kind"].items():
        lines.append(f"  {kind:<18} {m['injected']:>3} {m['right_story']:>6} {m['found']:>6}")
    return lines


__all__ = ["DEFAULT_DATA", "evaluate_corpus", "format_text", "grouping_scores", "injected_scores", "ntrex_feed"]
