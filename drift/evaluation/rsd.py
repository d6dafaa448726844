"""SwissGov-RSD: token-level semantic differences between separately written document versions.

    python -m drift.evaluation.rsd [--data DIR] [--documents N] [--languages de,fr,it] [--json]

Each item of ``../shared/data/swissgov_rsd/dev_{de,fr,it}.jsonl`` is an English document and its
German, French or Italian counterpart (written or adapted separately), tokenised with single
spaces, with a human label per token (0 = no difference, up to 1 = strongly part of one, -1 =
ignore). The benchmark metric is Spearman's correlation between predicted token scores and the
labels over all tokens of both sides of all documents together, -1 left out.

drift's prediction: both versions scored together by ``drift.compare``; each token gets the
severity of the strongest difference (a story-level event or a pairwise finding; flagged or not)
whose span covers it on its side, 0 where none does. The baseline beside it: each token
gets one minus the cosine of its sentence to the most similar sentence of the other version.

Beside the correlation, the precision of what a reader sees: of the flagged events, the share
located on at least one token the annotators marked as part of a difference (label above 0), and
the share of marked tokens inside the flagged spans against the share of marked tokens overall
(what spans laid at random would cover).
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy.stats import spearmanr

from drift.evaluation.flags import report_flags, uses_events
from drift.evaluation.paths import DATA
from drift.findings import BENIGN

DEFAULT_DATA = DATA / "swissgov_rsd"
LANGUAGES = ("de", "fr", "it")


@dataclass(frozen=True)
class RsdItem:
    id: str
    language: str
    text_a: str
    text_b: str
    labels_a: tuple[float, ...]
    labels_b: tuple[float, ...]


def load_rsd(folder: str | Path, languages: Sequence[str] = LANGUAGES) -> list[RsdItem]:
    items = []
    for lang in languages:
        path = Path(folder) / f"dev_{lang}.jsonl"
        if not path.is_file():
            raise ValueError(f"{path}: not found")
        with open(path, encoding="utf-8") as fh:
            for number, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                row = json.loads(line)
                item = RsdItem(str(row.get("id", number)), lang, row["text_a"], row["text_b"],
                               tuple(float(x) for x in row["labels_a"]), tuple(float(x) for x in row["labels_b"]))
                if (len(item.text_a.split(" ")) != len(item.labels_a)
                        or len(item.text_b.split(" ")) != len(item.labels_b)):
                    raise ValueError(f"{path}:{number}: token and label counts differ")
                items.append(item)
    return items


def token_offsets(text: str) -> list[tuple[int, int]]:
    """Character span of each single-space-separated token."""
    spans, position = [], 0
    for token in text.split(" "):
        spans.append((position, position + len(token)))
        position += len(token) + 1
    return spans


def span_scores(offsets: Sequence[tuple[int, int]], spans: Sequence[tuple[int, int, float]]) -> np.ndarray:
    """Per token, the highest score of a span overlapping it (0 where none does)."""
    scores = np.zeros(len(offsets))
    starts = np.array([s for s, _ in offsets])
    ends = np.array([e for _, e in offsets])
    for start, end, score in spans:
        hit = (starts < end) & (ends > start)
        scores[hit] = np.maximum(scores[hit], score)
    return scores


CompareFn = Callable[[Sequence[Any]], Any]


def _documents(item: RsdItem) -> list[Any]:
    from drift.documents import document_from_text

    return [document_from_text(item.text_a, "en", language="en"),
            document_from_text(item.text_b, item.language, language=item.language)]


def drift_scores(item: RsdItem, report: Any) -> tuple[np.ndarray, np.ndarray]:
    spans: dict[str, list[tuple[int, int, float]]] = {"en": [], item.language: []}
    for flag in report_flags(report, flagged_only=False):
        for doc, start, end in flag.spans:
            spans[doc].append((start, end, flag.severity))
    # Every located difference counts, not only the story-level events: a pairwise finding (a
    # reworded clause below the event threshold) is still where the versions differ.
    for finding in report.findings:
        if finding.category in BENIGN:
            continue
        for side in (finding.source, finding.target):
            if side.start is not None and side.doc in spans:
                spans[side.doc].append((side.start, side.end, finding.severity))
    return (span_scores(token_offsets(item.text_a), spans["en"]),
            span_scores(token_offsets(item.text_b), spans[item.language]))


def flag_support(item: RsdItem, report: Any) -> dict[str, int]:
    """The report's flagged events against the labels: how many, how many touch a token marked as
    different, and the marked and labelled (not -1) tokens inside their spans."""
    offsets = {"en": token_offsets(item.text_a), item.language: token_offsets(item.text_b)}
    labels = {"en": np.asarray(item.labels_a), item.language: np.asarray(item.labels_b)}
    counts = dict.fromkeys(("flags", "on_marked", "marked_tokens", "labelled_tokens"), 0)
    for flag in report_flags(report):
        # The tokens a flag's spans overlap: those ``span_scores`` gives a score.
        inside = {doc: span_scores(offsets[doc], [(s, e, 1.0) for d, s, e in flag.spans if d == doc]) > 0
                  for doc in offsets}
        marked = sum(int(((labels[d] > 0) & inside[d]).sum()) for d in inside)
        counts["flags"] += 1
        counts["on_marked"] += int(marked > 0)
        counts["marked_tokens"] += marked
        counts["labelled_tokens"] += sum(int(((labels[d] != -1) & inside[d]).sum()) for d in inside)
    return counts


def cosine_scores(item: RsdItem, encoder: Any) -> tuple[np.ndarray, np.ndarray]:
    """The baseline: 1 - best sentence cosine to the other side, spread over the sentence's tokens."""
    from drift.segment import segment

    docs = _documents(item)
    sentences = [segment(d) for d in docs]
    vectors = [np.asarray(encoder.encode([s.text for s in ss]), dtype=np.float64) for ss in sentences]
    vectors = [v / np.linalg.norm(v, axis=1, keepdims=True) for v in vectors]
    out = []
    for side, text in ((0, item.text_a), (1, item.text_b)):
        best = (vectors[side] @ vectors[1 - side].T).max(axis=1)
        out.append(span_scores(token_offsets(text), [(s.start, s.end, 1.0 - float(b))
                                                     for s, b in zip(sentences[side], best, strict=True)]))
    return out[0], out[1]


def spearman(predicted: Sequence[np.ndarray], labels: Sequence[Sequence[float]]) -> float:
    scores = np.concatenate(predicted)
    gold = np.concatenate([np.asarray(x) for x in labels])
    keep = gold != -1
    return float(spearmanr(scores[keep], gold[keep]).statistic)


def evaluate_rsd(folder: str | Path, compare_fn: CompareFn, encoder: Any, *, languages: Sequence[str] = LANGUAGES,
                 max_documents: int | None = None) -> dict[str, Any]:
    """Spearman of drift's token scores and of the cosine baseline, overall and per language.

    ``max_documents`` keeps the N shortest documents of each language (a dev subset)."""
    started = time.perf_counter()
    items = load_rsd(folder, languages)
    if max_documents is not None:
        kept = []
        for lang in languages:
            ours = sorted((i for i in items if i.language == lang), key=lambda i: (len(i.text_a) + len(i.text_b), i.id))
            kept += ours[:max_documents]
        items = kept
    drift_pred: dict[str, list[np.ndarray]] = {lang: [] for lang in languages}
    base_pred: dict[str, list[np.ndarray]] = {lang: [] for lang in languages}
    gold: dict[str, list[Sequence[float]]] = {lang: [] for lang in languages}
    counted = "events"
    support: Counter[str] = Counter()
    for item in items:
        report = compare_fn(_documents(item))
        counted = "events" if uses_events(report) else "findings"
        support.update(flag_support(item, report))
        drift_pred[item.language] += drift_scores(item, report)
        base_pred[item.language] += cosine_scores(item, encoder)
        gold[item.language] += [item.labels_a, item.labels_b]
    every = [lang for lang in languages if gold[lang]]
    result: dict[str, Any] = {
        "documents": len(items), "counted": counted,
        "tokens": int(sum((np.asarray(g) != -1).sum() for lang in every for g in gold[lang])),
        "spearman": round(spearman([p for lang in every for p in drift_pred[lang]],
                                   [g for lang in every for g in gold[lang]]), 4),
        "cosine_baseline_spearman": round(spearman([p for lang in every for p in base_pred[lang]],
                                                   [g for lang in every for g in gold[lang]]), 4),
        "per_language": {lang: {"documents": len(gold[lang]) // 2,
                                "spearman": round(spearman(drift_pred[lang], gold[lang]), 4),
                                "cosine_baseline_spearman": round(spearman(base_pred[lang], gold[lang]), 4)}
                         for lang in every},
    }
    labelled = np.concatenate([np.asarray(g) for lang in every for g in gold[lang]]) if every else np.zeros(0)
    result["flags"] = {
        "flagged": support["flags"], "on_marked_tokens": support["on_marked"],
        "precision": round(support["on_marked"] / support["flags"], 4) if support["flags"] else None,
        "marked_share_in_flags": (round(support["marked_tokens"] / support["labelled_tokens"], 4)
                                  if support["labelled_tokens"] else None),
        "marked_share_overall": round(float((labelled > 0).sum() / max(1, (labelled != -1).sum())), 4),
    }
    result["seconds"] = round(time.perf_counter() - started, 1)
    return result


def format_text(result: Mapping[str, Any]) -> list[str]:
    lines = [f"rsd: {result['documents']} documents, {result['tokens']} labelled tokens, counting "
             f"{result['counted']}, {result.get('seconds', 0):.1f} s",
             f"  {'':<10} {'drift':>8} {'cosine':>8}",
             f"  {'all':<10} {result['spearman']:>8.3f} {result['cosine_baseline_spearman']:>8.3f}"]
    for lang, m in result["per_language"].items():
        lines.append(f"  {lang:<10} {m['spearman']:>8.3f} {m['cosine_baseline_spearman']:>8.3f}")
    flags = result.get("flags")
    if flags and flags["flagged"]:
        lines.append(f"  flagged {flags['flagged']}: {flags['on_marked_tokens']} on tokens marked as different "
                     f"(precision {flags['precision']:.3f}); marked tokens inside the flags "
                     f"{flags['marked_share_in_flags']:.3f}, overall {flags['marked_share_overall']:.3f}")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    from drift.api import compare
    from drift.config import load_config
    from drift.encoders import load_encoder

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(DEFAULT_DATA))
    parser.add_argument("--documents", type=int, default=None, help="the N shortest documents per language")
    parser.add_argument("--languages", default=",".join(LANGUAGES))
    parser.add_argument("--model", default=None)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    config = load_config()
    encoder = load_encoder(config.model_spec(args.model))
    result = evaluate_rsd(args.data, lambda docs: compare(docs, config=config, model=args.model, encoder=encoder),
                          encoder, languages=args.languages.split(","), max_documents=args.documents)
    print(json.dumps(result, indent=2) if args.json else "\n".join(format_text(result)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
