"""Fit the severity model of a model (configs/severity/<model>.toml) on labelled data.

    python -m eval.calibrate [--per-category N] [--seed S] [--dry-run]

Each detector reports raw ``evidence`` for its findings; this script runs the pipeline with
calibration switched off (every finding kept, severity = the detector's provisional score,
recorded as the ``prior`` feature) over:

- the bundled stories (eval/stories/*/answer_key.json): a finding is a positive when it lies
  on a key drift of the same category between the reference and that version;
- the synthetic drift-injection set (drift/evaluation/synthetic.py): a positive when it is of the injected
  category and overlaps the injected span.

With ``--external`` the external development sets are the main data (``drift eval demetr`` and
``ntrex`` documents, built as those suites build them): a finding is a positive when it touches a
perturbed or injected line with the expected category (or ``other``), a negative when it touches
only clean, minor-perturbed or untouched lines (every finding of a quiet NTREX document is one).
Documents alternate between a fitting half and a held-out half, and the flagging quality is
printed for both, so the figures quoted from it are not in-sample.

Then it fits, per category, an L2-regularised logistic regression P(real drift | evidence)
(scikit-learn) and writes the weights. ``drift.score.calibrate`` applies them. Severity is
thus a calibrated probability that a finding is real drift, and the flag threshold 0.5 means
"more likely real than not". A category with too few examples of either class keeps the
detector's provisional score. The held-out synthetic seed is scored and printed so the fit
can be judged on data it did not see.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from drift.config import CONFIG_DIR, Config, load_config
from drift.evaluation.paths import EVAL_DIR
from drift.findings import BENIGN, Finding
from drift.score import BENIGN_CEILING

STORIES = EVAL_DIR / "stories"
# One calibration per model (configs/severity/<model>.toml): evidence scales differ per model.
SEVERITY_DIR = Path(str(CONFIG_DIR / "severity"))
# A category needs this many positives and negatives for a fit; below, the prior stands.
MIN_CLASS = 5
# Inverse L2 strength: the data are small, so keep the weights modest.
C = 1.0

# "prior": Platt scaling of each detector's own score (two parameters per model; robust on small,
# synthetic-heavy data, keeps the detectors' ranking). "all": every evidence key (--features all);
# on this data it overfits the synthetic set, e.g. it learnt to favour plural-suffix name changes.
FEATURES = "prior"

Sample = tuple[str, dict[str, float], int]  # "category:detector", evidence, label


def uncalibrated(config: Config) -> Config:
    """The same config with no fitted severity model: findings keep their provisional scores."""
    return config.replace(threshold=0.0, sections={**config.sections, "severity": {}})


def _story_reports(config: Config, encoder: Any) -> Iterator[tuple[Any, list[Any], str]]:
    """Each bundled story's report, its key's drifts and its reference version."""
    from drift.api import compare
    from drift.evaluation.stories import key_items

    for key_file in sorted(STORIES.glob("*/answer_key.json")):
        key = json.loads(key_file.read_text(encoding="utf-8"))
        files = [key_file.parent / f"{v}.txt" for v in key["versions"]]
        report = compare(files, reference=key["reference"], config=config, encoder=encoder)
        drifts, _ = key_items(report, key)
        yield report, drifts, key["reference"]


def story_samples(config: Config, encoder: Any) -> list[Sample]:
    from drift.evaluation.stories import hits

    return [(_key(finding), dict(finding.evidence),
             int(any(d.category == finding.category and hits(finding, d, reference) for d in drifts)))
            for report, drifts, reference in _story_reports(config, encoder) for finding in report.findings]


def story_event_samples(config: Config, encoder: Any) -> list[Sample]:
    """Labelled events of the bundled stories (a minor, in-sample part of the event fit)."""
    from drift.evaluation.stories import event_hits

    return [(f"event:{event.category}", dict(event.evidence),
             int(any(d.category == event.category and event_hits(event, d, reference) for d in drifts)))
            for report, drifts, reference in _story_reports(config, encoder) for event in report.events]


def synthetic_samples(config: Config, encoder: Any, *, seed: int, per_category: int) -> list[Sample]:
    from drift.evaluation.synthetic import (
        Flag,
        _side_span,
        load_or_build,
        make_compare_fn,
        matches,
        row_documents,
    )

    dataset = load_or_build(seed, per_category)
    compare_fn = make_compare_fn(dataset, config=config, encoder=encoder)
    samples: list[Sample] = []
    for row in dataset:
        report = compare_fn(row_documents(row))
        for finding in report.findings:
            flag = Flag(finding.category, _side_span(finding.source), _side_span(finding.target))
            samples.append((_key(finding), dict(finding.evidence), int(matches(flag, row))))
    return samples


# A labeller: ``good(lines, category, deviating)`` is True (a positive), False (a negative) or
# None (neither: e.g. a perturbed line flagged with the wrong category).
Labeller = Callable[[set[int], str, tuple[str, ...]], bool | None]


def _labelled(report: Any, starts: dict[str, Sequence[int]], good: Labeller) -> list[Sample]:
    """Samples of a report's pairwise findings, labelled by ``good``."""
    from drift.evaluation.flags import finding_flag, flag_lines, sentence_line_map

    sentence_lines = sentence_line_map(report, starts)
    samples: list[Sample] = []
    for finding in report.findings:
        if finding.category in BENIGN:
            continue
        flag = finding_flag(finding)
        label = good(flag_lines(flag, starts, sentence_lines), finding.category, flag.deviating)
        if label is not None:
            samples.append((_key(finding), dict(finding.evidence), int(label)))
    return samples


def _event_samples(report: Any, starts: dict[str, Sequence[int]], good: Labeller) -> list[Sample]:
    """Samples of a report's story-level events (evidence with the provisional severity as
    ``prior``), labelled by ``good``."""
    from drift.evaluation.flags import flag_lines, report_flags, sentence_line_map

    if not report.events:
        return []
    sentence_lines = sentence_line_map(report, starts)
    flags = report_flags(report, flagged_only=False)  # every event, in the report's order
    samples: list[Sample] = []
    for event, flag in zip(report.events, flags, strict=True):
        label = good(flag_lines(flag, starts, sentence_lines), event.category, tuple(event.deviating))
        if label is not None:
            samples.append((f"event:{event.category}", dict(event.evidence), int(label)))
    return samples


def _external_cases(config: Config, encoder: Any, *, demetr_documents: int, ntrex_documents: int,
                    per_document: int, seed: int, ntrex_versions: Sequence[str] | None,
                    demetr_languages: Sequence[str] | None = None, ntrex_skip: int = 0,
                    progress: Callable[[str], Any] = print,
                    ) -> Iterator[tuple[int, Any, dict[str, Sequence[int]], Labeller]]:
    """(half, report, line starts, labeller) for DEMETR documents (perturbed lines of a critical
    or major kind flagged with the expected category are positives, clean and minor lines
    negatives) and NTREX documents (quiet: every flag a negative; injected: a flag on the
    injected line naming the injected version is a positive). Documents alternate halves."""
    from drift.api import compare
    from drift.documents import document_from_text
    from drift.evaluation import demetr, ntrex
    from drift.evaluation.flags import line_starts

    rows = demetr.load_demetr(demetr.DEFAULT_DATA)
    if demetr_languages:
        rows = [r for r in rows if demetr.LANGUAGES[r["lang_tag"]] in demetr_languages]
    documents = demetr.build_documents(rows, per_perturbation=30, seed=seed)
    step = max(1, len(documents) // max(demetr_documents, 1))
    must = {"critical", "major", "broken"}
    for k, doc in enumerate(documents[::step][:demetr_documents]):
        versions = [document_from_text("\n".join(doc.source), "source", language=doc.language),
                    document_from_text("\n".join(doc.english), "english", language="en")]

        def good(lines: set[int], category: str, deviating: tuple[str, ...], doc: Any = doc) -> bool | None:
            kinds = [doc.kinds[i] for i in lines if i < len(doc.kinds)]
            perturbed = [kd for kd in kinds if demetr.severity_class(kd) in must]
            if not perturbed:
                return False if kinds else None
            expected = [demetr.EXPECTED.get(kd) for kd in perturbed]
            return True if any(e is None or category in e or category == "other" for e in expected) else None

        starts = {"source": line_starts(doc.source), "english": line_starts(doc.english)}
        yield k % 2, compare(versions, config=config, encoder=encoder), starts, good
        progress(f"demetr {doc.id}")
    languages = list(ntrex_versions or ntrex.LANGUAGES)
    corpus = ntrex.load_ntrex(ntrex.DEFAULT_DATA, languages)
    ranked = sorted(corpus, key=lambda d: (len(d.versions[ntrex.REFERENCE]), d.id))
    chosen = ranked[ntrex_skip:ntrex_skip + ntrex_documents]
    for k, doc in enumerate(chosen):
        report = compare(ntrex._versions(doc, languages, None), config=config, encoder=encoder)
        yield k % 2, report, ntrex._starts(doc, languages, None), lambda *_: False
        progress(f"ntrex quiet {doc.id}")
    plan = ntrex.plan_injections(chosen, languages, per_document=per_document, seed=seed, corpus=corpus)
    index = {d.id: k for k, d in enumerate(chosen)}
    for doc, injection in plan:
        report = compare(ntrex._versions(doc, languages, injection), config=config, encoder=encoder)

        def hit(lines: set[int], category: str, deviating: tuple[str, ...],
                injection: Any = injection) -> bool | None:
            if injection.line not in lines:
                return False if lines else None
            if category not in ntrex.EXPECTED[injection.kind] and category != "other":
                return None
            # Naming the wrong version is a false alarm about that version.
            return injection.language in deviating

        yield index[doc.id] % 2, report, ntrex._starts(doc, languages, injection), hit
        progress(f"ntrex {injection.kind} {doc.id}")


# Severity is fitted on data none of the suites' figures are measured on: DEMETR's development
# source languages (the suite's figures are quoted on the other five) and the NTREX documents
# after the suite's shortest ones.
DEV_DEMETR_LANGUAGES = ("de", "fr", "ru", "zh", "hi")
DEV_NTREX_SKIP = 12


def _dev_halves(label: Callable[..., list[Sample]], config: Config, encoder: Any, *, demetr_documents: int,
                ntrex_documents: int, per_document: int = 2, seed: int = 0,
                ntrex_versions: Sequence[str] | None = None) -> tuple[list[Sample], list[Sample]]:
    """(fitting half, held-out half) of the samples ``label(report, starts, good)`` makes of the
    development documents: DEMETR in its development languages, NTREX after the suite's
    shortest documents, quiet and injected."""
    halves: tuple[list[Sample], list[Sample]] = ([], [])
    for half, report, starts, good in _external_cases(
            config, encoder, demetr_documents=demetr_documents, ntrex_documents=ntrex_documents,
            per_document=per_document, seed=seed, ntrex_versions=ntrex_versions,
            demetr_languages=DEV_DEMETR_LANGUAGES, ntrex_skip=DEV_NTREX_SKIP):
        halves[half].extend(label(report, starts, good))
    return halves


def external_samples(config: Config, encoder: Any, **documents: Any) -> tuple[list[Sample], list[Sample]]:
    """Labelled pairwise findings of the development documents (``_dev_halves``)."""
    return _dev_halves(_labelled, config, encoder, **documents)


# An event model moves what a reader is shown for every story: fit one only on enough labelled
# events of each class (six injected times against five would set a cut by chance).
EVENT_MIN_CLASS = 10


def event_samples(config: Config, encoder: Any, **documents: Any) -> tuple[list[Sample], list[Sample]]:
    """Labelled story-level events of the development documents (``_dev_halves``)."""
    return _dev_halves(_event_samples, config, encoder, **documents)


def _key(finding: Finding) -> str:
    # One model per category and detector: two detectors of one category report different evidence.
    return f"{finding.category}:{finding.detector}"


def fit(samples: Iterable[Sample], *, silence_unseen: bool = True, min_class: int = 0) -> dict[str, dict[str, Any]]:
    """Per key, a cut on the provisional score (or a logistic model, ``--features all``).
    ``silence_unseen``: a detector whose every finding was a false alarm is cut above them all;
    off for events, whose categories the external sets do not all inject (framing). ``min_class``:
    positives and negatives a key needs for a fit (default ``MIN_CLASS``)."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    by_category: dict[str, list[Sample]] = defaultdict(list)
    for sample in samples:
        by_category[sample[0]].append(sample)
    models: dict[str, dict[str, Any]] = {}
    for category, rows in sorted(by_category.items()):
        labels = np.array([r[2] for r in rows])
        positives, negatives = int(labels.sum()), int(len(labels) - labels.sum())
        if silence_unseen and positives == 0 and negatives >= MIN_CLASS and category.split(":")[0] not in BENIGN:
            # Every finding of this detector on labelled data was a false alarm: keep reporting
            # them, below the flag threshold, until labelled data shows otherwise.
            top = max(r[1].get("prior", 0.0) for r in rows)
            models[category] = {"cut": round(top + 0.01, 6), "positives": 0, "negatives": negatives}
            print(f"{category:<12} no positive among {negatives}: cut above every score ({top + 0.01:.3f})")
            continue
        if category.split(":")[0] in BENIGN or min(positives, negatives) < (min_class or MIN_CLASS):
            print(f"{category:<12} kept the prior ({positives} positives, {negatives} negatives)")
            continue
        prior = np.array([r[1].get("prior", 0.0) for r in rows])
        kept = _f_beta(prior >= 0.5, labels)
        if FEATURES == "prior":
            cut, fitted = _best_cut(prior, labels)
            if fitted < kept + MIN_GAIN:
                print(f"{category:<12} kept the prior (F{BETA:g} {kept:.2f}, {fitted:.2f} at the best cut)")
                continue
            models[category] = {"cut": round(cut, 6), "positives": positives, "negatives": negatives}
            print(f"{category:<12} cut at {cut:.3f} on {positives} positives, {negatives} negatives "
                  f"(F{BETA:g} {kept:.2f} -> {fitted:.2f})")
            continue
        keys = sorted({k for r in rows for k in r[1]})
        X = np.array([[float(r[1].get(k, 0.0)) for k in keys] for r in rows])
        model = LogisticRegression(C=C, max_iter=2000).fit(X, labels)
        # Shift the logit so that the F-beta-best cut on the training findings lands on 0.5, the flag
        # threshold: a rare class would otherwise never be flagged by a plain probability.
        z = model.decision_function(X)
        cut, fitted = _best_cut(z, labels)
        if fitted <= kept:
            print(f"{category:<12} kept the prior (F{BETA:g} {kept:.2f} >= fitted {fitted:.2f})")
            continue
        # Logit of the cut minus a hair, so that the cut's own findings land at or above 0.5.
        shift = cut - 1e-3
        weights = {k: round(float(w), 6) for k, w in zip(keys, model.coef_[0], strict=True) if abs(w) > 1e-4}
        models[category] = {"bias": round(float(model.intercept_[0] - shift), 6), "weights": weights,
                            "positives": positives, "negatives": negatives}
        print(f"{category:<12} fitted on {positives} positives, {negatives} negatives (cut {shift:+.2f})")
    return models


# F-beta of the cut: 0.5 weighs precision twice as much as recall. A newsroom reads every flag,
# so a false alarm costs more than a miss that the full report still lists below the threshold.
BETA = 0.5
# A fitted cut replaces the detector's own 0.5 only when it gains this much F-beta: a marginal gain
# on small data is noise, and moving the cut then changes many flags for nothing.
MIN_GAIN = 0.05


def _f_beta(flagged: Any, labels: Any) -> float:
    tp = float((flagged & (labels == 1)).sum())
    if tp == 0:
        return 0.0
    precision, recall = tp / flagged.sum(), tp / (labels == 1).sum()
    b2 = BETA * BETA
    return (1 + b2) * precision * recall / (b2 * precision + recall)


def _best_cut(scores: Any, labels: Any) -> tuple[float, float]:
    """The cut (flag scores >= cut) with the best F-beta, and that F-beta. Ties stay together."""
    import numpy as np

    best = (float(scores.max()) + 1.0, 0.0)
    for cut in np.unique(scores):
        f = _f_beta(scores >= cut, labels)
        if f > best[1]:
            best = (float(cut), f)
    return best


def flag_quality(samples: Iterable[Sample], models: dict[str, dict[str, Any]], threshold: float = 0.5,
                 ) -> dict[str, dict[str, float]]:
    """Precision/recall of flagging (severity >= threshold) among the findings (or events) produced."""
    from drift.score import fitted_score

    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for key, evidence, label in samples:
        parts = key.split(":")
        category = parts[1] if parts[0] == "event" else parts[0]
        prior = evidence.get("prior", 0.0)
        severity = fitted_score(prior, evidence, models.get(key))
        if category in BENIGN:
            severity = min(severity, BENIGN_CEILING)
        flagged = severity >= threshold
        counts[category]["tp"] += flagged and label
        counts[category]["fp"] += flagged and not label
        counts[category]["fn"] += (not flagged) and label
    out = {}
    for category, c in sorted(counts.items()):
        p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
        r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
        out[category] = {"precision": round(p, 3), "recall": round(r, 3), "positives": c["tp"] + c["fn"],
                         "flagged": c["tp"] + c["fp"]}
    return out


def to_toml(models: dict[str, dict[str, Any]], note: str) -> str:
    lines = ["# Severity model per category:detector: `cut` maps the detector's score (evidence.prior) to 0.5",
             "# (drift.score.calibrate); or severity = sigmoid(bias + sum(weight * evidence[key])).",
             "# Written by eval/calibrate.py; do not edit by hand, re-run it.", f"# {note}", ""]
    for category, model in models.items():
        lines.append(f'["{category}"]')
        lines.append(f"# fitted on {model['positives']} positives, {model['negatives']} negatives")
        if "cut" in model:
            lines += [f"cut = {model['cut']}", ""]
            continue
        lines.append(f"bias = {model['bias']}")
        lines.append(f'["{category}".weights]')
        lines += [f"{key} = {value}" for key, value in model["weights"].items()]
        lines.append("")
    return "\n".join(lines)


# Event models follow the finding models in the model's file, under this line, so that either
# fit can be re-run without losing the other (and the signature's hash covers both).
EVENT_PART = "# --- story-level events (eval/calibrate.py --events) ---"


def write_models(path: Path, models: dict[str, dict[str, Any]], note: str, *, events: bool) -> None:
    """Replace the finding models (or, with ``events``, the event models) of a severity file."""
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    findings_part, _, events_part = text.partition(EVENT_PART)
    if events:
        body = to_toml(models, note).split("\n", 3)[3]  # the note and the models, without the file header
        text = findings_part.rstrip("\n") + f"\n\n{EVENT_PART}\n" + body
    else:
        text = to_toml(models, note) + (f"\n{EVENT_PART}{events_part}" if events_part else "")
    path.write_text(text.rstrip("\n") + "\n", encoding="utf-8")


def _write_unless_dry(args: argparse.Namespace, model: str, models: dict[str, dict[str, Any]], note: str, *,
                      events: bool) -> int:
    """Write the fitted models into the model's severity file, unless ``--dry-run``."""
    if not args.dry_run:
        output = SEVERITY_DIR / f"{model}.toml"
        write_models(output, models, note, events=events)
        print(f"wrote {output}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    from drift.encoders import load_encoder

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-category", type=int, default=30)
    parser.add_argument("--seed", type=int, default=0, help="synthetic seed to fit on (seed+1 is held out)")
    parser.add_argument("--features", choices=["prior", "all"], default="prior",
                        help="fit on the detector's own score (default) or on every evidence key")
    parser.add_argument("--dry-run", action="store_true", help="print, do not write configs/severity/<model>.toml")
    parser.add_argument("--external", action="store_true",
                        help="fit on the external development sets (DEMETR, NTREX) plus the stories, "
                             "with a held-out half of the documents")
    parser.add_argument("--demetr-documents", type=int, default=24)
    parser.add_argument("--ntrex-documents", type=int, default=6)
    parser.add_argument("--ntrex-versions", default="en,fr,de,es,it,ru,bg,pl,zh")
    parser.add_argument("--samples", default=None, help="a JSON file caching the collected samples")
    parser.add_argument("--events", action="store_true",
                        help="fit the story-level events' severity (event:<category>) on the external "
                             "development sets plus the stories, with a held-out half of the documents")
    args = parser.parse_args(argv)
    if args.events:
        return main_events(args)
    if args.external:
        return main_external(args)

    global FEATURES
    FEATURES = args.features
    base = load_config()
    config = uncalibrated(base)
    encoder = load_encoder(base.model_spec())
    train = story_samples(config, encoder) + synthetic_samples(config, encoder, seed=args.seed,
                                                                per_category=args.per_category)
    held_out = synthetic_samples(config, encoder, seed=args.seed + 1, per_category=args.per_category)
    models = fit(train)
    print("\nflagging quality among produced findings (train | held-out synthetic seed):")
    before_train, after_train = flag_quality(train, {}), flag_quality(train, models)
    after_held = flag_quality(held_out, models)
    before_held = flag_quality(held_out, {})
    def fmt(d: dict[str, dict[str, float]], category: str) -> str:
        m = d.get(category)
        return f"P {m['precision']:.2f} R {m['recall']:.2f}" if m else "      -      "

    for c in sorted(set(after_train) | set(after_held)):
        print(f"{c:<12} prior {fmt(before_train, c)} -> fit {fmt(after_train, c)} | "
              f"held-out prior {fmt(before_held, c)} -> fit {fmt(after_held, c)}")
    note = (f"stories + synthetic seed {args.seed} x {args.per_category}/category; features {FEATURES}; "
            f"model {base.model}")
    return _write_unless_dry(args, base.model, models, note, events=False)


def _print_quality(train: list[Sample], held_out: list[Sample], models: dict[str, dict[str, Any]],
                   current: dict[str, dict[str, Any]], labels: tuple[str, str]) -> None:
    def fmt(d: dict[str, dict[str, float]], category: str) -> str:
        m = d.get(category)
        return (f"P {m['precision']:.2f} R {m['recall']:.2f} n+{m['positives']:<3} f{m['flagged']:<3}"
                if m else " " * 24)

    rows = {labels[0]: train, labels[1]: held_out}
    quality = {name: (flag_quality(data, current), flag_quality(data, models)) for name, data in rows.items()}
    print(f"\nflagging quality among produced samples, current calibration -> fitted ({labels[0]} | {labels[1]}):")
    for c in sorted({c for q in quality.values() for d in q for c in d}):
        cells = [f"{fmt(q[0], c)} -> {fmt(q[1], c)}" for q in quality.values()]
        print(f"{c:<12} " + " | ".join(cells))


def _halves(samples: Callable[..., tuple[list[Sample], list[Sample]]], config: Config, encoder: Any,
            args: argparse.Namespace) -> dict[str, list[Sample]]:
    """The fitting and held-out halves of ``samples`` (external_samples or event_samples) on the
    external documents the command line asks for."""
    fit_half, held_out = samples(config, encoder, demetr_documents=args.demetr_documents,
                                 ntrex_documents=args.ntrex_documents, seed=args.seed,
                                 ntrex_versions=args.ntrex_versions.split(","))
    return {"fit": fit_half, "held_out": held_out}


def _cached_samples(path: str | None, collect: Callable[[], dict[str, list[Sample]]]) -> dict[str, list[Sample]]:
    """Labelled samples from ``path`` (a JSON cache) when it exists, else collected (and cached)."""
    cache = Path(path) if path else None
    if cache is not None and cache.is_file():
        data = json.loads(cache.read_text(encoding="utf-8"))
        return {name: [tuple(x) for x in rows] for name, rows in data.items()}  # type: ignore[misc]
    data = collect()
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_text(json.dumps(data), encoding="utf-8")
    return data


def main_external(args: argparse.Namespace) -> int:
    """Fit on one half of the external documents (plus the stories), report the other half."""
    from drift.encoders import load_encoder

    base = load_config()
    config = uncalibrated(base)
    encoder = load_encoder(base.model_spec())
    data = _cached_samples(args.samples, lambda: _halves(external_samples, config, encoder, args))
    fit_half, held_out = data["fit"], data["held_out"]
    stories = story_samples(config, encoder)
    models = fit(list(fit_half) + stories)
    current = dict(base.calibration().table)
    _print_quality(list(fit_half) + stories, list(held_out), models, current,
                   ("fitted half + stories", "held-out half"))
    note = (f"external dev sets: DEMETR {args.demetr_documents} documents ({', '.join(DEV_DEMETR_LANGUAGES)}) + "
            f"NTREX {args.ntrex_documents} documents after the {DEV_NTREX_SKIP} shortest (odd half held out) + "
            f"stories; features {FEATURES}; model {base.model}")
    return _write_unless_dry(args, base.model, models, note, events=False)


def without_event_models(config: Config) -> Config:
    """The same config with the finding models kept and no event model: events keep their
    provisional severity (the fitted models' input)."""
    table = {k: v for k, v in config.calibration().table.items() if not k.startswith("event:")}
    return config.replace(sections={**config.sections, "severity": table})


def confirmed(models: dict[str, dict[str, Any]], held_out: list[Sample]) -> dict[str, dict[str, Any]]:
    """The fitted models that flag the held-out half better (F-beta) than the provisional severity:
    a cut that only fits the half it was chosen on would move every story's flags for nothing."""
    import numpy as np

    from drift.score import fitted_score

    kept = {}
    for key, model in models.items():
        rows = [r for r in held_out if r[0] == key]
        if not rows:
            continue
        labels = np.array([r[2] for r in rows])
        prior = np.array([r[1].get("prior", 0.0) for r in rows])
        after = np.array([fitted_score(r[1].get("prior", 0.0), r[1], model) for r in rows])
        before_f, after_f = _f_beta(prior >= 0.5, labels), _f_beta(after >= 0.5, labels)
        verdict = "kept" if after_f > before_f else "dropped"
        print(f"{key:<20} held-out F{BETA:g} {before_f:.2f} -> {after_f:.2f}: {verdict}")
        if after_f > before_f:
            kept[key] = model
    return kept


def main_events(args: argparse.Namespace) -> int:
    """Fit the events' severity on one half of the external documents (plus the stories), report
    the other half."""
    global FEATURES
    from drift.encoders import load_encoder

    FEATURES = args.features
    base = load_config()
    config = without_event_models(base)
    encoder = load_encoder(base.model_spec())
    data = _cached_samples(args.samples, lambda: {**_halves(event_samples, config, encoder, args),
                                                  "stories": story_event_samples(config, encoder)})
    fit_half, held_out, stories = data["fit"], data["held_out"], data["stories"]
    fitted = fit(list(fit_half) + list(stories), silence_unseen=False, min_class=EVENT_MIN_CLASS)
    _print_quality(list(fit_half) + list(stories), list(held_out), fitted, {},
                   ("fitted half + stories", "held-out half"))
    models = confirmed(fitted, list(held_out))
    note = (f"events: DEMETR {args.demetr_documents} documents ({', '.join(DEV_DEMETR_LANGUAGES)}) + NTREX "
            f"{args.ntrex_documents} documents after the {DEV_NTREX_SKIP} shortest (odd half held out) + "
            f"stories; features {FEATURES}; model {base.model}")
    return _write_unless_dry(args, base.model, models, note, events=True)


if __name__ == "__main__":
    raise SystemExit(main())
