"""DEMETR: perturbed machine translations (Karpinska et al. 2022), scored as whole documents.

    python -m drift.evaluation.demetr [--data FILE] [--per-perturbation N] [--quick] [--json]

DEMETR gives, for 500 source sentences in 10 languages, an English machine translation and 35
perturbed copies of it (``../shared/data/demetr/README.md``). drift reads documents, not
sentence pairs, so the suite builds documents: ``LINES`` sentences of one source language, one
a line, against their English translation in which ``PERTURBED_PER_DOC`` lines are replaced by
perturbed copies (distinct perturbations) and the rest are the clean machine translation. Each
document is one ``drift.compare`` of two versions (the source first, as the reference).

Per line the suite asks: does a flagged event touch it (``detected``), and with the category the
README maps the perturbation to (``strict``)? Critical and major perturbations should be
detected; minor ones (case, punctuation, a misspelt common word, repetition...), the human
reference translation in place of the MT (``base_id35_reference``) and the untouched clean lines
should not: their detection rates are the false-alarm rates.

Everything is deterministic for a seed; documents never mix languages.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from drift.evaluation.flags import flag_lines, line_starts, pct, ratio, report_flags, sentence_line_map, uses_events
from drift.evaluation.paths import DATA

DEFAULT_DATA = DATA / "demetr" / "demetr_dev.jsonl.gz"
LANGUAGES = {"chinese_simple": "zh", "german": "de", "hindi": "hi", "japanese": "ja", "polish": "pl",
             "russian": "ru", "czech": "cs", "french": "fr", "spanish": "es", "italian": "it"}
LINES = 10
PERTURBED_PER_DOC = 3
CLEAN = "clean"
REFERENCE = "base_id35_reference"

# The category each perturbation should be flagged with (the data set README's mapping); None:
# any flagged category will do (the text is broken or unrelated). Minor ones and the reference
# translation are absent: nothing should be flagged on them.
EXPECTED: dict[str, frozenset[str] | None] = {
    # Numbers replaced include years and days of the month ("1985" -> "1995", "June 20" -> "June
    # 4"): drift reports a changed date as ``time``, a changed count or amount as ``number``.
    "critical_id10_numbers_replaced": frozenset({"number", "time"}),
    "critical_id9_ne_replaced": frozenset({"entity"}),
    "critical_id11_gender": frozenset({"entity"}),
    "critical_id25_ne_removed": frozenset({"omission"}),
    "critical_id22_verb_removed": frozenset({"omission"}),
    "critical_id23_noun_removed": frozenset({"omission"}),
    "critical_id24_subj_removed": frozenset({"omission"}),
    "critical_id21_adj_adv_removed": frozenset({"omission"}),
    "major_id5_pp_removed": frozenset({"omission"}),
    "major_id3_hypernym": frozenset({"omission"}),
    "critical_id6_addition": frozenset({"addition"}),
    "critical_id8_negation": frozenset({"modality", "other"}),
    "critical_id7_antonym": frozenset({"modality", "other"}),
    "major_id17_tense": frozenset({"time", "modality"}),
    "major_id18_aspect": frozenset({"time", "modality"}),
    "major_id19_question": frozenset({"time", "modality"}),
    "critical_id20_shuffled": None,
    "critical_id4_codemix": None,
    "base_id33_empty": None,
    "base_id33_shuffle_trans": None,
}


def severity_class(name: str) -> str:
    """critical | major | minor | reference | broken (base rows that must be flagged) | clean."""
    if name == CLEAN:
        return CLEAN
    if name == REFERENCE:
        return "reference"
    if name.startswith("base_"):
        return "broken"
    return name.split("_", 1)[0]


@dataclass(frozen=True)
class DemetrDocument:
    """A built document: source lines, English lines, and per line what was done to it."""

    id: str
    language: str
    source: tuple[str, ...]
    english: tuple[str, ...]
    kinds: tuple[str, ...]  # a pert_name, or CLEAN


def load_demetr(path: str | Path) -> list[dict[str, Any]]:
    """The rows whose perturbation could be applied (``pert_check``), in file order."""
    opener = gzip.open if str(path).endswith(".gz") else open
    rows = []
    with opener(path, "rt", encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{number}: {exc}") from None
            if row.get("pert_check") and row["lang_tag"] in LANGUAGES:
                rows.append(row)
    return rows


def _sample(rows: Sequence[dict[str, Any]], per_perturbation: int | None, rng: random.Random) -> list[dict[str, Any]]:
    """Up to ``per_perturbation`` rows of each perturbation, spread evenly over the languages."""
    by_pert: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        by_pert[row["pert_name"]][row["lang_tag"]].append(row)
    chosen: list[dict[str, Any]] = []
    for name in sorted(by_pert):
        pools = {lang: rng.sample(items, len(items)) for lang, items in sorted(by_pert[name].items())}
        taken: list[dict[str, Any]] = []
        while any(pools.values()) and (per_perturbation is None or len(taken) < per_perturbation):
            for lang in sorted(pools):
                if pools[lang] and (per_perturbation is None or len(taken) < per_perturbation):
                    taken.append(pools[lang].pop())
        chosen += taken
    return chosen


def build_documents(rows: Sequence[dict[str, Any]], *, per_perturbation: int | None = None, seed: int = 0,
                    lines: int = LINES, perturbed: int = PERTURBED_PER_DOC) -> list[DemetrDocument]:
    """Documents of ``lines`` sentences of one language, ``perturbed`` of them perturbed (distinct
    sentences and perturbations), the others the clean MT; every sampled row is used once."""
    rng = random.Random(seed)
    sentences: dict[str, dict[int, dict[str, Any]]] = defaultdict(dict)
    for row in rows:
        sentences[row["lang_tag"]].setdefault(row["id"], row)
    tasks: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in _sample(rows, per_perturbation, rng):
        tasks[row["lang_tag"]].append(row)
    documents: list[DemetrDocument] = []
    for lang in sorted(tasks):
        todo = rng.sample(tasks[lang], len(tasks[lang]))
        ids = sorted(sentences[lang])
        while todo:
            picked: list[dict[str, Any]] = []
            for row in list(todo):
                if len(picked) == perturbed:
                    break
                if all(row["id"] != p["id"] and row["pert_name"] != p["pert_name"] for p in picked):
                    picked.append(row)
                    todo.remove(row)
            clean_ids = rng.sample([i for i in ids if i not in {p["id"] for p in picked}],
                                   min(lines - len(picked), len(ids) - len(picked)))
            items = [(p, p["pert_name"]) for p in picked] + [(sentences[lang][i], CLEAN) for i in clean_ids]
            rng.shuffle(items)
            documents.append(DemetrDocument(
                id=f"demetr-{lang}-{len(documents):04d}", language=LANGUAGES[lang],
                source=tuple(r["src_sent"].strip() for r, _ in items),
                english=tuple((r["pert_sent"] if kind != CLEAN else r["mt_sent"]).strip() or "." for r, kind in items),
                kinds=tuple(kind for _, kind in items)))
    return documents


CompareFn = Callable[[Sequence[Any]], Any]


def score_documents(documents: Iterable[DemetrDocument], compare_fn: CompareFn) -> dict[str, Any]:
    """Per line kind: lines, detected (a flagged event touches the line) and strict (with the
    expected category); the summary rates of the module docstring."""
    from drift.documents import document_from_text

    counts: dict[str, dict[str, int]] = defaultdict(lambda: {"lines": 0, "detected": 0, "strict": 0})
    categories: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    n_docs, flags_total, counted = 0, 0, "events"
    for doc in documents:
        source_text, english_text = "\n".join(doc.source), "\n".join(doc.english)
        versions = [document_from_text(source_text, "source", language=doc.language),
                    document_from_text(english_text, "english", language="en")]
        report = compare_fn(versions)
        counted = "events" if uses_events(report) else "findings"
        starts = {"source": line_starts(doc.source), "english": line_starts(doc.english)}
        sentence_lines = sentence_line_map(report, starts)
        touched: dict[int, set[str]] = defaultdict(set)
        flags = report_flags(report)
        flags_total += len(flags)
        for flag in flags:
            for line in flag_lines(flag, starts, sentence_lines):
                touched[line].add(flag.category)
        for line, kind in enumerate(doc.kinds):
            c = counts[kind]
            c["lines"] += 1
            if touched.get(line):
                c["detected"] += 1
                expected = EXPECTED.get(kind)
                if expected is None or touched[line] & expected:
                    c["strict"] += 1
                for category in touched[line]:
                    categories[kind][category] += 1
        n_docs += 1
    return summarise(counts, categories, documents=n_docs, flags=flags_total, counted=counted)


def summarise(counts: Mapping[str, Mapping[str, int]], categories: Mapping[str, Mapping[str, int]], *,
              documents: int, flags: int, counted: str) -> dict[str, Any]:
    per = {}
    pooled: dict[str, dict[str, int]] = defaultdict(lambda: {"lines": 0, "detected": 0, "strict": 0})
    for kind in sorted(counts, key=lambda k: (severity_class(k), k)):
        c = counts[kind]
        per[kind] = {"lines": c["lines"], "detected": ratio(c["detected"], c["lines"]),
                     "strict": ratio(c["strict"], c["lines"]) if kind in EXPECTED else None,
                     "categories": dict(sorted(categories.get(kind, {}).items()))}
        totals = pooled[severity_class(kind)]
        for key in ("lines", "detected", "strict"):
            totals[key] += c[key]
    rates = {group: {"lines": c["lines"], "detected": ratio(c["detected"], c["lines"])}
             for group, c in sorted(pooled.items())}
    for group in ("critical", "major", "broken"):
        if group in rates:
            rates[group]["strict"] = ratio(pooled[group]["strict"], pooled[group]["lines"])
    lines = sum(c["lines"] for c in counts.values())

    def rate(group: str) -> float | None:
        return rates.get(group, {}).get("detected")

    return {"documents": documents, "lines": lines, "counted": counted,
            "critical_detected": rate("critical"), "critical_strict": rates.get("critical", {}).get("strict"),
            "major_detected": rate("major"), "major_strict": rates.get("major", {}).get("strict"),
            "false_alarm_clean": rate(CLEAN), "false_alarm_minor": rate("minor"),
            "false_alarm_reference": rate("reference"),
            "flags_per_100_lines": ratio(100 * flags, lines),
            "by_class": rates, "per_perturbation": per}


def evaluate_demetr(path: str | Path, compare_fn: CompareFn, *, per_perturbation: int | None = None,
                    seed: int = 0, max_documents: int | None = None,
                    languages: Sequence[str] | None = None) -> dict[str, Any]:
    """``languages`` (codes: "de", "zh"...) keeps only those source languages: fixing detectors on
    some languages and measuring on the others keeps the measured figures out of sample."""
    started = time.perf_counter()
    rows = load_demetr(path)
    if languages:
        unknown = set(languages) - set(LANGUAGES.values())
        if unknown:
            raise ValueError(f"unknown DEMETR language(s) {', '.join(sorted(unknown))} "
                             f"(known: {', '.join(sorted(LANGUAGES.values()))})")
        rows = [r for r in rows if LANGUAGES[r["lang_tag"]] in languages]
    documents = build_documents(rows, per_perturbation=per_perturbation, seed=seed)
    if max_documents is not None:
        # Spread over the languages rather than the first N (documents come grouped by language).
        step = max(1, len(documents) // max_documents)
        documents = documents[::step][:max_documents]
    result = score_documents(documents, compare_fn)
    result["settings"] = {"seed": seed, "per_perturbation": per_perturbation, "lines_per_document": LINES,
                          "perturbed_per_document": PERTURBED_PER_DOC,
                          "languages": sorted(languages) if languages else sorted(LANGUAGES.values())}
    result["seconds"] = round(time.perf_counter() - started, 1)
    return result


def format_text(result: Mapping[str, Any]) -> list[str]:
    lines = [f"demetr: {result['documents']} documents, {result['lines']} lines, counting {result['counted']}, "
             f"{result.get('seconds', 0):.1f} s",
             f"  critical detected {pct(result['critical_detected'])} "
             f"(right category {pct(result['critical_strict'])}); "
             f"major detected {pct(result['major_detected'])} (right category {pct(result['major_strict'])})",
             f"  false alarms: clean lines {pct(result['false_alarm_clean'])}, minor-perturbed "
             f"{pct(result['false_alarm_minor'])}, human reference {pct(result['false_alarm_reference'])}",
             f"  {'perturbation':<32} {'lines':>5} {'detected':>8} {'strict':>7}  flagged as"]
    for kind, m in result["per_perturbation"].items():
        flagged = ", ".join(f"{c} {n}" for c, n in m["categories"].items())
        lines.append(f"  {kind:<32} {m['lines']:>5} {pct(m['detected']):>8} {pct(m['strict']):>7}  {flagged}")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    from drift.api import compare
    from drift.config import load_config
    from drift.encoders import load_encoder

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(DEFAULT_DATA))
    parser.add_argument("--per-perturbation", type=int, default=30, help="rows sampled per perturbation")
    parser.add_argument("--documents", type=int, default=None, help="at most N documents (spread over languages)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--languages", default=None,
                        help="comma-separated source languages to keep (default: all ten)")
    parser.add_argument("--model", default=None)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    config = load_config()
    encoder = load_encoder(config.model_spec(args.model))
    result = evaluate_demetr(args.data, lambda docs: compare(docs, config=config, model=args.model, encoder=encoder),
                             per_perturbation=args.per_perturbation, seed=args.seed, max_documents=args.documents,
                             languages=args.languages.split(",") if args.languages else None)
    print(json.dumps(result, indent=2) if args.json else "\n".join(format_text(result)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
