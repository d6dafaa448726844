"""NTREX-128 news documents: faithful professional translations, quiet and with injected drifts.

    python -m drift.evaluation.ntrex [--data DIR] [--documents N] [--versions en,fr,...] [--json]

Each document of ``../shared/data/ntrex/`` is a folder with one file per version (``en.txt``, the
original, and its translations), one sentence a line, lines corresponding across versions.

- quiet: all versions of a document scored together, the first of ``--versions`` as the
  reference (English by default; two translations, ``--versions ru,pl``, as a media monitor
  compares two outlets' versions of one wire story). They are faithful translations, so every
  flagged event is a false alarm: the suite prints flagged events per 100 sentences (sentences
  of the reference, i.e. per 100 facts of the story).
- injected: the injector below changes one version of the document in one line (a number, a
  name, a date, a source, a hedge, a negation; a sentence or a clause added or removed), then
  all versions are scored together. Per injected category: recall (a flagged event touches the
  changed line), strict recall (with the expected category), whether the event names the changed
  version, and only it, as deviating; and false alarms (flagged events that touch only
  untouched lines, per 100 untouched reference lines).

The injector's word lists (``eval/injections.toml``) are evaluation data written independently of
the detectors' lexicons. Everything is deterministic for a seed.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import time
import tomllib
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from drift.evaluation.flags import flag_lines, line_starts, pct, ratio, report_flags, sentence_line_map, uses_events
from drift.evaluation.paths import DATA, EVAL_DIR

DEFAULT_DATA = DATA / "ntrex"
INJECTIONS = EVAL_DIR / "injections.toml"
REFERENCE = "en"
LANGUAGES = ("en", "fr", "de", "es", "it", "ru", "bg", "pl", "zh")
KINDS = ("number", "name", "date", "source", "hedge", "negation", "sentence_added", "sentence_removed",
         "clause_added", "clause_removed")
# What a reader should see flagged for each injection. A swapped source is also a changed name.
EXPECTED: dict[str, frozenset[str]] = {
    "number": frozenset({"number"}), "name": frozenset({"entity"}), "date": frozenset({"time"}),
    "source": frozenset({"attribution", "entity"}), "hedge": frozenset({"modality"}),
    "negation": frozenset({"modality", "other"}),
    "sentence_added": frozenset({"addition"}), "clause_added": frozenset({"addition"}),
    "sentence_removed": frozenset({"omission"}), "clause_removed": frozenset({"omission"}),
}


@dataclass(frozen=True)
class NtrexDocument:
    id: str
    versions: dict[str, tuple[str, ...]]  # language -> lines


@dataclass(frozen=True)
class Injection:
    kind: str
    language: str
    line: int
    before: str
    after: str


def load_ntrex(folder: str | Path, languages: Sequence[str] = LANGUAGES) -> list[NtrexDocument]:
    """Every document folder with all of ``languages`` and the same number of lines in each."""
    documents = []
    for path in sorted(Path(folder).iterdir()):
        if not path.is_dir():
            continue
        versions = {}
        for lang in languages:
            file = path / f"{lang}.txt"
            if file.is_file():
                versions[lang] = tuple(line.strip() for line in file.read_text(encoding="utf-8").splitlines())
        if len(versions) == len(languages) and len({len(v) for v in versions.values()}) == 1:
            documents.append(NtrexDocument(path.name, versions))
    if not documents:
        raise ValueError(f"{folder}: no NTREX document folders with {', '.join(languages)}")
    return documents


# --- the injector -----------------------------------------------------------------------------


@cache
def lexicon() -> dict[str, dict[str, Any]]:
    with open(INJECTIONS, "rb") as fh:
        return tomllib.load(fh)


def _spaced(lang: str) -> bool:
    return lang != "zh"


def _word(word: str, lang: str) -> re.Pattern[str]:
    if not _spaced(lang):
        return re.compile(re.escape(word))
    return re.compile(r"(?<![\w'’-])" + re.escape(word) + r"(?![\w'’-])")


def _sentence_initial(line: str, start: int) -> bool:
    before = line[:start].rstrip(" «\"„“'‘(")
    return not before or before[-1] in ".!?:;—–-"


NAME = re.compile(r"\b[A-ZÀ-ÖØ-ÞА-ЯЁ][a-zà-öø-ÿа-яё]+(?:[-’'][A-ZÀ-ÖØ-ÞА-ЯЁ]?[a-zà-öø-ÿа-яё]+)?\b")


def names(line: str, lang: str, english: str) -> list[tuple[int, int]]:
    """Spans of likely proper names in a line: capitalised, not sentence-initial; in a Latin
    script language other than English also found in the English line (German capitalises every
    noun), in English found in no lowercase form in the line."""
    out = []
    for m in NAME.finditer(line):
        if len(m.group()) < 3 or _sentence_initial(line, m.start()):
            continue
        latin = not re.search(r"[А-Яа-яЁё]", m.group())
        if latin and lang != REFERENCE and m.group() not in english:
            continue
        out.append((m.start(), m.end()))
    return out


def misspell(name: str, rng: random.Random) -> str:
    """One letter changed inside the name (not the first): "Daley" -> "Dalay"."""
    positions = [i for i in range(1, len(name)) if name[i].isalpha()]
    i = rng.choice(positions)
    vowels = "aeiou" if name[i].lower() in "aeiou" else "bcdfgklmnprst"
    if re.match(r"[а-яё]", name[i], re.IGNORECASE):
        vowels = "аеиоу" if name[i].lower() in "аеиоуяю" else "бвгдклмнпрст"
    choices = [c for c in vowels if c != name[i].lower()]
    return name[:i] + rng.choice(choices) + name[i + 1:]


Candidate = tuple[int, int, int, str]  # line, start, end, replacement


_GROUP_AFTER_SPACE = re.compile(r"\d[ \u00a0\u202f]$")


def _number_candidates(lines: Sequence[str], rng: random.Random) -> list[Candidate]:
    out = []
    for k, line in enumerate(lines):
        for m in re.finditer(r"(?<![\d.,])\d+(?![\d])", line):
            value = int(m.group())
            if 1900 <= value <= 2100:
                continue  # a year: the date injection's business
            new = value + rng.randint(1, 4) if value < 10 else value + rng.choice([-1, 1]) * max(1, value // 4)
            if _GROUP_AFTER_SPACE.search(line, 0, m.start()):
                # A group of thousands after a space ("1 127", "1\u202f127"): changed alone it
                # would read "1 96", which no translator writes; its leading group may change.
                # (Drawn all the same, so that the other injections of a run stay as they were.)
                continue
            out.append((k, m.start(), m.end(), str(max(new, 0) if new != value else value + 1)))
    return out


def _date_candidates(lines: Sequence[str], lang: str, rng: random.Random) -> list[Candidate]:
    out = []
    words = lexicon()[lang]
    for k, line in enumerate(lines):
        for table in (words["weekdays"], words["months"]):
            for i, word in enumerate(table):
                for m in _word(word, lang).finditer(line):
                    other = table[(i + rng.randint(1, len(table) - 1)) % len(table)]
                    out.append((k, m.start(), m.end(), other))
        for m in re.finditer(r"(?<!\d)(19|20)\d\d(?!\d)", line):
            out.append((k, m.start(), m.end(), str(int(m.group()) + rng.choice([-2, -1, 1, 2]))))
    return out


def _swap_candidates(lines: Sequence[str], lang: str, table: str) -> list[Candidate]:
    out = []
    for k, line in enumerate(lines):
        for before, after in lexicon()[lang][table]:
            for m in _word(before, lang).finditer(line):
                out.append((k, m.start(), m.end(), after))
    return out


def _name_candidates(doc: NtrexDocument, lang: str, others: Sequence[str], rng: random.Random,
                     near_cue: bool) -> list[Candidate]:
    lines, english = doc.versions[lang], doc.versions[REFERENCE]
    cues = [_word(c, lang) for c in lexicon()[lang]["cues"]]
    out = []
    for k, line in enumerate(lines):
        spans = names(line, lang, english[k])
        if near_cue:
            cue_spans = [m.span() for c in cues for m in c.finditer(line)]
            spans = [(s, e) for s, e in spans if any(abs(s - ce) < 40 or abs(cs - e) < 40 for cs, ce in cue_spans)]
        for start, end in spans:
            name = line[start:end]
            pool = [o for o in others if o != name and o not in line]
            if near_cue or (pool and rng.random() < 0.5):
                if not pool:
                    continue
                replacement = rng.choice(pool)
            else:
                replacement = misspell(name, rng)
            out.append((k, start, end, replacement))
    return out


def _clause_candidates(lines: Sequence[str], lang: str, removed: bool) -> list[Candidate]:
    comma = "," if _spaced(lang) else "，"
    out = []
    for k, line in enumerate(lines):
        if removed:
            for m in re.finditer(re.escape(comma) + r"([^,，.;:!?。]{12,}?)" + re.escape(comma), line):
                if len(m.group(1).split()) >= 3 or not _spaced(lang):
                    out.append((k, m.start(), m.end(), ""))
        else:
            end = re.search(r"[.!?。]?[\"»”“]?\s*$", line)
            if end and len(line) > 40:
                clause = lexicon()[lang]["clause"].rstrip(",，")
                out.append((k, end.start(), end.start(), clause))
    return out


def inject(doc: NtrexDocument, lang: str, kind: str, rng: random.Random,
           pool: Mapping[str, Sequence[str]]) -> Injection | None:
    """One injection of ``kind`` into version ``lang`` of ``doc``, or None when it has no place
    for it. ``pool`` holds, per language, lines and names of *other* documents to draw from."""
    lines = doc.versions[lang]
    candidates: list[Candidate]
    if kind == "number":
        candidates = _number_candidates(lines, rng)
    elif kind == "date":
        candidates = _date_candidates(lines, lang, rng)
    elif kind in ("hedge", "negation"):
        candidates = _swap_candidates(lines, lang, kind)
    elif kind in ("name", "source"):
        if not _spaced(lang):
            return None
        candidates = _name_candidates(doc, lang, pool.get(f"{lang}:names", []), rng, near_cue=kind == "source")
    elif kind == "sentence_added":
        extra = [s for s in pool.get(f"{lang}:lines", []) if 40 <= len(s) <= 200]
        candidates = [(k, len(line), len(line), (" " if _spaced(lang) else "") + rng.choice(extra))
                      for k, line in enumerate(lines) if line and extra]
    elif kind == "sentence_removed":
        candidates = [(k, 0, len(line), "") for k, line in enumerate(lines)
                      if len(line) >= 40 and k > 0]
    elif kind in ("clause_added", "clause_removed"):
        candidates = _clause_candidates(lines, lang, removed=kind == "clause_removed")
    else:
        raise ValueError(f"unknown injection kind {kind!r}")
    if not candidates:
        return None
    k, start, end, replacement = rng.choice(candidates)
    before = lines[k]
    after = (before[:start] + replacement + before[end:]).strip()
    after = re.sub(r"  +", " ", after)
    if after == before:
        return None
    return Injection(kind, lang, k, before, after)


def build_pool(documents: Sequence[NtrexDocument]) -> dict[str, dict[str, list[str]]]:
    """Per document id: lines and names of every other document, per language."""
    own: dict[str, dict[str, set[str]]] = {}
    for doc in documents:
        found: dict[str, set[str]] = defaultdict(set)
        for lang, lines in doc.versions.items():
            found[f"{lang}:lines"].update(line for line in lines if line)
            for k, line in enumerate(lines):
                found[f"{lang}:names"].update(line[s:e] for s, e in names(line, lang, doc.versions[REFERENCE][k]))
        own[doc.id] = found
    by_doc: dict[str, dict[str, list[str]]] = {}
    for doc in documents:
        pool: dict[str, set[str]] = defaultdict(set)
        for other_id, found in own.items():
            if other_id != doc.id:
                for key, values in found.items():
                    pool[key] |= values
        by_doc[doc.id] = {key: sorted(values) for key, values in pool.items()}
    return by_doc


# --- scoring ----------------------------------------------------------------------------------

CompareFn = Callable[[Sequence[Any]], Any]


def _versions(doc: NtrexDocument, languages: Sequence[str], injection: Injection | None) -> list[Any]:
    from drift.documents import document_from_text

    out = []
    for lang in languages:
        lines = list(doc.versions[lang])
        if injection is not None and injection.language == lang:
            lines[injection.line] = injection.after
        out.append(document_from_text("\n".join(lines), lang, language=lang))
    return out


def _starts(doc: NtrexDocument, languages: Sequence[str], injection: Injection | None) -> dict[str, list[int]]:
    starts = {}
    for lang in languages:
        lines = list(doc.versions[lang])
        if injection is not None and injection.language == lang:
            lines[injection.line] = injection.after
        starts[lang] = line_starts(lines)
    return starts


def score_quiet(documents: Sequence[NtrexDocument], compare_fn: CompareFn, languages: Sequence[str]) -> dict[str, Any]:
    flags_total, sentences, all_sentences, counted = 0, 0, 0, "events"
    by_category: dict[str, int] = defaultdict(int)
    for doc in documents:
        report = compare_fn(_versions(doc, languages, None))
        counted = "events" if uses_events(report) else "findings"
        flags = report_flags(report)
        flags_total += len(flags)
        for flag in flags:
            by_category[flag.category] += 1
        sentences += len(report.sentences[languages[0]])
        all_sentences += sum(len(s) for s in report.sentences.values())
    return {"documents": len(documents), "versions": len(languages), "sentences": sentences,
            "flagged": flags_total, "counted": counted,
            "flagged_per_100_sentences": ratio(100 * flags_total, sentences),
            "flagged_per_100_sentences_all_versions": ratio(100 * flags_total, all_sentences),
            "by_category": dict(sorted(by_category.items()))}


def plan_injections(documents: Sequence[NtrexDocument], languages: Sequence[str], *, per_document: int,
                    seed: int, corpus: Sequence[NtrexDocument] | None = None) -> list[tuple[NtrexDocument, Injection]]:
    """``per_document`` injections per document, kinds taken in turn over the whole run (so every
    kind gets its share), each into a version drawn at random among those that have a place.
    Added sentences and substituted names come from the other documents of ``corpus``."""
    rng = random.Random(seed)
    pools = build_pool(corpus or documents)
    plan = []
    turn = 0
    for doc in documents:
        for _ in range(per_document):
            for attempt in range(len(KINDS)):
                kind = KINDS[(turn + attempt) % len(KINDS)]
                langs = rng.sample(list(languages), len(languages))
                injection = next((i for lang in langs
                                  if (i := inject(doc, lang, kind, rng, pools[doc.id])) is not None), None)
                if injection is not None:
                    plan.append((doc, injection))
                    turn += attempt + 1
                    break
    return plan


def score_injected(plan: Sequence[tuple[NtrexDocument, Injection]], compare_fn: CompareFn,
                   languages: Sequence[str]) -> dict[str, Any]:
    counts: dict[str, dict[str, int]] = defaultdict(lambda: {"injected": 0, "detected": 0, "strict": 0,
                                                            "right_version": 0})
    false_alarms, untouched = 0, 0
    for doc, injection in plan:
        report = compare_fn(_versions(doc, languages, injection))
        starts = _starts(doc, languages, injection)
        sentence_lines = sentence_line_map(report, starts)
        c = counts[injection.kind]
        c["injected"] += 1
        hits = []
        for flag in report_flags(report):
            lines = flag_lines(flag, starts, sentence_lines)
            if injection.line in lines:
                hits.append(flag)
            elif lines:
                false_alarms += 1
        untouched += len(doc.versions[REFERENCE]) - 1
        if hits:
            c["detected"] += 1
            right = [f for f in hits if f.category in EXPECTED[injection.kind]]
            if right:
                c["strict"] += 1
            best = max(right or hits, key=lambda f: f.severity)
            if set(best.deviating) == {injection.language}:
                c["right_version"] += 1
    per_kind = {kind: {"injected": c["injected"], "recall": ratio(c["detected"], c["injected"]),
                       "strict": ratio(c["strict"], c["injected"]),
                       "right_version": ratio(c["right_version"], c["detected"])}
                for kind, c in sorted(counts.items(), key=lambda kv: KINDS.index(kv[0]))}
    total = {k: sum(c[k] for c in counts.values()) for k in ("injected", "detected", "strict", "right_version")}
    return {"injections": total["injected"], "recall": ratio(total["detected"], total["injected"]),
            "strict": ratio(total["strict"], total["injected"]),
            "right_version": ratio(total["right_version"], total["detected"]),
            "false_alarms": false_alarms, "false_alarms_per_100_lines": ratio(100 * false_alarms, untouched),
            "per_kind": per_kind}


def evaluate_ntrex(folder: str | Path, compare_fn: CompareFn, *, languages: Sequence[str] = LANGUAGES,
                   max_documents: int | None = None, per_document: int = 1, seed: int = 0,
                   skip: int = 0) -> dict[str, Any]:
    """``skip`` leaves out the ``skip`` shortest documents (with ``max_documents``: a development
    slice next to the documents a reported figure is measured on)."""
    started = time.perf_counter()
    # English is read whatever is scored: the injector finds the names it may swap through it.
    corpus = load_ntrex(folder, list(dict.fromkeys([*languages, REFERENCE])))
    documents = corpus
    if max_documents is not None or skip:
        # The shortest documents first: the same code path at a fraction of the cost.
        ordered = sorted(corpus, key=lambda d: (len(d.versions[REFERENCE]), d.id))[skip:]
        documents = ordered if max_documents is None else ordered[:max_documents]
    result: dict[str, Any] = {"quiet": score_quiet(documents, compare_fn, languages)}
    plan = plan_injections(documents, languages, per_document=per_document, seed=seed, corpus=corpus)
    result["injected"] = score_injected(plan, compare_fn, languages)
    result["settings"] = {"seed": seed, "versions": list(languages), "documents": len(documents),
                          "per_document": per_document, "skip": skip}
    result["seconds"] = round(time.perf_counter() - started, 1)
    return result


def format_text(result: Mapping[str, Any]) -> list[str]:
    q, inj = result["quiet"], result["injected"]
    lines = [f"ntrex: {q['documents']} documents x {q['versions']} versions, {result.get('seconds', 0):.1f} s",
             f"  quiet: {q['flagged']} flagged {q['counted']} over {q['sentences']} reference sentences = "
             f"{q['flagged_per_100_sentences']} per 100 sentences ({q['by_category']})"]
    if not inj["injections"]:
        return lines  # --per-document 0: the quiet count alone
    lines += [f"  injected: {inj['injections']} drifts, recall {pct(inj['recall'])}, right category "
              f"{pct(inj['strict'])}, right version named {pct(inj['right_version'])}; false alarms "
              f"{inj['false_alarms_per_100_lines']} per 100 untouched lines",
              f"  {'kind':<18} {'n':>3} {'recall':>7} {'strict':>7} {'version':>7}"]
    for kind, m in inj["per_kind"].items():
        lines.append(f"  {kind:<18} {m['injected']:>3} {pct(m['recall']):>7} {pct(m['strict']):>7} "
                     f"{pct(m['right_version']):>7}")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    from drift.api import compare
    from drift.config import load_config
    from drift.encoders import load_encoder

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(DEFAULT_DATA))
    parser.add_argument("--documents", type=int, default=None, help="the N shortest documents")
    parser.add_argument("--skip", type=int, default=0, help="leave out the N shortest documents first")
    parser.add_argument("--versions", default=",".join(LANGUAGES))
    parser.add_argument("--per-document", type=int, default=1)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--model", default=None)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    config = load_config()
    encoder = load_encoder(config.model_spec(args.model))
    result = evaluate_ntrex(args.data, lambda docs: compare(docs, config=config, model=args.model, encoder=encoder),
                            languages=args.versions.split(","), max_documents=args.documents,
                            per_document=args.per_document, seed=args.seed, skip=args.skip)
    print(json.dumps(result, indent=2) if args.json else "\n".join(format_text(result)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
