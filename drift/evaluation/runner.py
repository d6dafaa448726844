"""``drift eval``: run the evaluation suites and report them under one signature.

``evaluate(["stories", "speed"], quick=True)`` returns the JSON object of report-format.md
(``{"signature": ..., "results": {suite: ...}}``; suites not run are absent). ``run_eval`` is
the CLI wrapper: a table per suite plus the signature line (sacrebleu style), or the JSON.

Each suite is a module of this package; its data live outside the wheel (``eval/`` of a source
checkout, ``../shared/data`` for the external sets), so an installed drift without them fails
with one clear message (data not found) rather than an ImportError.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from drift import __version__
from drift.config import Config, load_config
from drift.errors import DriftError
from drift.evaluation import corpus, demetr, ntrex, refresd, rsd, stories, synthetic, textberg
from drift.evaluation.paths import DATA, EVAL_DIR, SHARED
from drift.io import write_atomic

SUITES = ("alignment", "refresd", "demetr", "ntrex", "rsd", "synthetic", "stories", "speed", "corpus")
DEFAULT_DATA: dict[str, Path] = {
    "alignment": DATA / "textberg",
    "refresd": DATA / "refresd" / "refresd_dev.tsv",
    "demetr": demetr.DEFAULT_DATA,
    "ntrex": ntrex.DEFAULT_DATA,
    "rsd": rsd.DEFAULT_DATA,
    "stories": EVAL_DIR / "stories",
    "speed": SHARED / "seeds",
    "corpus": corpus.DEFAULT_DATA,
}

# --quick sizes: small enough for CI (about a minute in all), big enough that a broken suite
# still shows (both Text+Berg documents have null beads and 1-2 merges).
QUICK_TEXTBERG_DOCS = 2
QUICK_REFRESD_PAIRS = 100
QUICK_SYNTHETIC_PER_CATEGORY = 5
# The external sets: documents with the real model, a few in --quick (every code path runs).
QUICK_DEMETR_DOCUMENTS = 2
QUICK_NTREX = {"max_documents": 1, "languages": ("en", "fr", "de")}
QUICK_RSD = {"max_documents": 1, "languages": ("de",)}
# The corpus feed in --quick: the 3 shortest documents x 3 languages (9 articles, 3 injections).
QUICK_CORPUS = {"documents": 3, "languages": ("en", "fr", "de")}
# A full DEMETR run samples this many rows per perturbation (35 perturbations, 3 a document of
# 10 lines): all 15,000 rows would take days on a laptop CPU.
DEMETR_PER_PERTURBATION = 30
# The full synthetic run: the per-category size of ``python -m drift.evaluation.synthetic``.
SYNTHETIC_PER_CATEGORY = 20


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far (ru_maxrss is KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


@dataclass
class _Context:
    """What every suite needs: settings, and the encoder, loaded on first use and shared."""

    config: Config
    model: str | None
    quick: bool
    data: Path | None
    _encoder: Any = field(default=None, repr=False)

    @property
    def spec(self) -> Any:
        return self.config.model_spec(self.model)

    @property
    def encoder(self) -> Any:
        if self._encoder is None:
            from drift.encoders import load_encoder
            self._encoder = load_encoder(self.spec)
        return self._encoder

    def path(self, suite: str) -> Path:
        path = self.data or DEFAULT_DATA[suite]
        if not path.exists():
            raise DriftError(f"{suite}: data not found: {path}")
        return path


def _r(value: Any) -> Any:
    return round(float(value), 4) if isinstance(value, float) else value


# --- suites -----------------------------------------------------------------------------------


def _alignment(ctx: _Context) -> dict[str, Any]:
    data = ctx.path("alignment")
    if not (data / "gold").is_dir():
        raise DriftError(f"alignment: {data} is not a Text+Berg folder (de/, fr/, gold/)")
    with tempfile.TemporaryDirectory(prefix="drift-textberg-") as tmp:
        if ctx.quick:
            # The smallest documents, linked into a Text+Berg-shaped folder: evaluate_textberg
            # scores every document of the folder it is given.
            names = sorted((p.name for p in (data / "gold").iterdir() if not p.name.startswith(".")),
                           key=lambda n: ((data / "de" / n).stat().st_size, n))[:QUICK_TEXTBERG_DOCS]
            for part in ("de", "fr", "gold"):
                (Path(tmp) / part).mkdir()
                for name in names:
                    (Path(tmp) / part / name).symlink_to((data / part / name).resolve())
            data = Path(tmp)
        # The aligner as drift score runs it: reordering-tolerant (news rewrites move paragraphs).
        res = textberg.evaluate_textberg(data, ctx.encoder, ctx.spec.thresholds, monotonic=False)
    out: dict[str, Any] = {
        kind: {m: _r(res[f"{m}_{kind}"]) for m in ("precision", "recall", "f1")} for kind in ("strict", "lax")}
    out["seconds"] = round(float(res["seconds"]), 1)
    out["documents"] = int(res.get("documents", 0))
    out["mode"] = "reordering"
    return {"textberg": out}


def _refresd(ctx: _Context) -> dict[str, Any]:
    path = ctx.path("refresd")
    thresholds = ctx.spec.thresholds
    if "span_layer" not in thresholds:
        raise DriftError(f"refresd: model '{ctx.spec.name}' has no span_layer threshold in the registry")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="drift-refresd-") as tmp:
        if ctx.quick:
            lines = [ln for ln in path.read_text(encoding="utf-8").splitlines()
                     if ln.strip() and not ln.startswith("#")]
            # Evenly spaced rather than the first N: the file is grouped by label, and both
            # folds of the two-fold scoring need every label.
            step = max(1, len(lines) // QUICK_REFRESD_PAIRS)
            path = Path(tmp) / "quick.tsv"
            path.write_text("\n".join(lines[::step][:QUICK_REFRESD_PAIRS]) + "\n", encoding="utf-8")
        result = {k: _r(v) for k, v in refresd.evaluate_refresd(path, ctx.encoder, thresholds).items()}
    result["seconds"] = round(time.perf_counter() - started, 1)
    return result


def _compare_fn(ctx: _Context) -> Callable[[Sequence[Any]], Any]:
    from drift.api import compare

    encoder, config, model = ctx.encoder, ctx.config, ctx.model

    def compare_fn(docs: Sequence[Any]) -> Any:
        return compare(docs, config=config, model=model, encoder=encoder)

    return compare_fn


def _demetr(ctx: _Context) -> dict[str, Any]:
    return demetr.evaluate_demetr(ctx.path("demetr"), _compare_fn(ctx),
                                  per_perturbation=1 if ctx.quick else DEMETR_PER_PERTURBATION,
                                  max_documents=QUICK_DEMETR_DOCUMENTS if ctx.quick else None)


def _ntrex(ctx: _Context) -> dict[str, Any]:
    options: dict[str, Any] = dict(QUICK_NTREX) if ctx.quick else {}
    return ntrex.evaluate_ntrex(ctx.path("ntrex"), _compare_fn(ctx), **options)


def _rsd(ctx: _Context) -> dict[str, Any]:
    options: dict[str, Any] = dict(QUICK_RSD) if ctx.quick else {}
    return rsd.evaluate_rsd(ctx.path("rsd"), _compare_fn(ctx), ctx.encoder, **options)


def _synthetic(ctx: _Context) -> dict[str, Any]:
    from drift.api import compare
    from drift.segment import segment

    problems = synthetic.check_units()
    if problems:
        raise DriftError("synthetic: clean data problems: " + "; ".join(problems))
    per_category = QUICK_SYNTHETIC_PER_CATEGORY if ctx.quick else SYNTHETIC_PER_CATEGORY
    if ctx.data is not None:
        dataset = synthetic.load_dataset_file(ctx.path("synthetic"))
    else:
        dataset = synthetic.load_or_build(0, per_category)
    encoder, config, model = ctx.encoder, ctx.config, ctx.model
    # One batched encode of every sentence up front (as synthetic.make_compare_fn does): each
    # comparison then reads the encoder's cache instead of running the model on 2 sentences.
    texts = [s.text for row in dataset for doc in synthetic.row_documents(row) for s in segment(doc)]
    encoder.encode(list(dict.fromkeys(texts)))

    def compare_fn(docs: list[Any]) -> Any:
        return compare(docs, config=config, model=model, encoder=encoder)

    result = dict(synthetic.evaluate_synthetic(dataset, compare_fn))
    result["settings"] = {"seed": 0, "per_category": None if ctx.data else per_category,
                          "data": str(ctx.data) if ctx.data else synthetic.data_fingerprint()}
    return result


def _stories(ctx: _Context) -> dict[str, Any]:
    return dict(stories.evaluate_stories(ctx.path("stories"), ctx.encoder, config=ctx.config,
                                         model=ctx.model))


def _speed(ctx: _Context) -> dict[str, Any]:
    """Sentences/second of scoring the seeds (all pairs) against the encoder alone on them."""
    from drift.api import compare
    from drift.documents import load_documents
    from drift.segment import segment

    documents = load_documents([ctx.path("speed")])
    texts = [s.text for d in documents for s in segment(d)]
    encoder = ctx.encoder
    # Cold caches for both timings, so neither is served from vectors the other computed.
    encoder.clear_cache()
    started = time.perf_counter()
    encoder.encode(texts)
    encode_seconds = time.perf_counter() - started
    encoder.clear_cache()
    started = time.perf_counter()
    compare(documents, all_pairs=True, config=ctx.config, model=ctx.model, encoder=encoder)
    score_seconds = time.perf_counter() - started
    return {"sentences": len(texts), "documents": len(documents),
            "sentences_per_second": round(len(texts) / score_seconds, 1),
            "encoder_only_sentences_per_second": round(len(texts) / encode_seconds, 1),
            "seconds": round(score_seconds, 2),
            "peak_rss_mb": round(peak_rss_mb())}


def _corpus(ctx: _Context) -> dict[str, Any]:
    options: dict[str, Any] = dict(QUICK_CORPUS) if ctx.quick else {}
    return corpus.evaluate_corpus(ctx.path("corpus"), encoder=ctx.encoder, config=ctx.config, model=ctx.model,
                                  **options)


RUNNERS: dict[str, Callable[[_Context], dict[str, Any]]] = {
    "alignment": _alignment, "refresd": _refresd, "demetr": _demetr, "ntrex": _ntrex, "rsd": _rsd,
    "synthetic": _synthetic,
    "stories": _stories, "speed": _speed, "corpus": _corpus,
}


# --- API --------------------------------------------------------------------------------------


def signature(config: Config, model: str | None, quick: bool, data: str | None = None) -> str:
    """The report signature (model, thresholds, version) plus what the eval itself changed."""
    parts = [config.signature(__version__, model), f"quick:{'yes' if quick else 'no'}"]
    if data is not None:
        parts.append(f"data:{Path(data).name}")
    return "|".join(parts)


def evaluate(suites: Sequence[str], *, data: str | None = None, quick: bool = False,
             model: str | None = None, encoder: Any = None,
             config: Config | str | None = None) -> dict[str, Any]:
    """Run ``suites`` ("all" means every one) and return the ``drift eval`` JSON object.

    ``data`` replaces the default data of a single suite; ``encoder`` shares an already loaded
    encoder (tests, notebooks), otherwise the model's is loaded once for every suite.
    """
    wanted = list(SUITES) if "all" in suites else list(dict.fromkeys(suites))
    unknown = [s for s in wanted if s not in SUITES]
    if unknown:
        raise DriftError(f"unknown suite(s) {', '.join(unknown)} (known: {', '.join(SUITES)}, all)")
    if data is not None and len(wanted) != 1:
        raise DriftError("--data points one suite at other data: name the suite")
    if not isinstance(config, Config):
        config = load_config(config)
    config.model_spec(model)  # an unknown model fails before any suite runs
    ctx = _Context(config=config, model=model, quick=quick, data=Path(data) if data else None,
                   _encoder=encoder)
    results: dict[str, Any] = {}
    for suite in SUITES:  # the report order, whatever order they were asked in
        if suite in wanted:
            results[suite] = RUNNERS[suite](ctx)
    return {"signature": signature(config, model, quick, data), "results": results}


# --- text output ------------------------------------------------------------------------------


def _num(value: Any, digits: int = 3) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def _per_category_table(result: Mapping[str, Any]) -> list[str]:
    lines = [f"  {'category':<12} {'precision':>9} {'recall':>7} {'support':>7}"]
    for category, m in result.get("per_category", {}).items():
        lines.append(f"  {category:<12} {_num(m.get('precision')):>9} {_num(m.get('recall')):>7} "
                     f"{m.get('support', 0):>7}")
    return lines


def format_text(result: Mapping[str, Any]) -> str:
    """A table per suite, then the signature line (sacrebleu style)."""
    lines: list[str] = []
    results = result["results"]
    if "alignment" in results:
        tb = results["alignment"]["textberg"]
        lines += [f"alignment: Text+Berg de-fr, {tb.get('documents', '?')} documents, {tb['seconds']:.1f} s",
                  f"  {'':<8} {'precision':>9} {'recall':>7} {'f1':>7}"]
        for kind in ("strict", "lax"):
            m = tb[kind]
            lines.append(f"  {kind:<8} {_num(m['precision']):>9} {_num(m['recall']):>7} {_num(m['f1']):>7}")
    if "refresd" in results:
        rf = results["refresd"]
        lines.append(f"refresd: {rf.get('pairs')} pairs")
        lines += [f"  {k:<18} {_num(v)}" for k, v in rf.items() if k not in ("pairs",)]
    if "demetr" in results:
        lines += demetr.format_text(results["demetr"])
    if "ntrex" in results:
        lines += ntrex.format_text(results["ntrex"])
    if "rsd" in results:
        lines += rsd.format_text(results["rsd"])
    if "synthetic" in results:
        sy = results["synthetic"]
        lines.append(f"synthetic: {sy.get('pairs', '?')} pairs, {_num(sy.get('seconds'), 1)} s")
        lines += _per_category_table(sy)
        if "benign" in sy:
            b = sy["benign"]
            lines.append(f"  benign pairs flagged: {b['flagged_pairs']}/{b['pairs']}")
    if "stories" in results:
        st = results["stories"]
        lines.append(f"stories: {len(st.get('stories', {}))} stories, {_num(st.get('seconds'), 1)} s")
        lines += _per_category_table(st)
        if "overall" in st:
            o = st["overall"]
            lines.append(f"  {'overall':<12} {_num(o['precision']):>9} {_num(o['recall']):>7} "
                         f"{o['support']:>7}")
        if "benign_flagged" in st:
            lines.append(f"  benign items flagged: {st['benign_flagged']}/{st.get('benign', '?')}")
    if "speed" in results:
        sp = results["speed"]
        lines += [f"speed: {sp.get('sentences')} sentences of {sp.get('documents')} seeds, all pairs",
                  f"  {'drift score':<22} {sp['sentences_per_second']:>8.1f} sentences/s",
                  f"  {'encoder only':<22} {sp['encoder_only_sentences_per_second']:>8.1f} sentences/s",
                  f"  {'peak RSS':<22} {sp['peak_rss_mb']:>8} MB"]
    if "corpus" in results:
        lines += corpus.format_text(results["corpus"])
    lines.append(result["signature"])
    return "\n".join(lines) + "\n"


def run_eval(args: argparse.Namespace) -> int:
    """``drift eval``: run, then print (or write atomically) the text table or the JSON."""
    result = evaluate([args.suite], data=args.data, quick=args.quick, model=args.model)
    content = (json.dumps(result, ensure_ascii=False, indent=2) + "\n" if args.format == "json"
               else format_text(result))
    if args.output:
        write_atomic(args.output, content)
    else:
        sys.stdout.write(content)
    return 0
