"""Wall time and peak memory of drift, against the encoder alone on the same sentences.

    python eval/benchmark.py [--seeds DIR] [--textberg DIR] [--sentences N] [--model NAME]

Two workloads:

1. ``drift.compare`` on the seed stories, all pairs (the full pipeline: segmentation,
   alignment, every detector);
2. ``drift.align.align_pair`` on two documents of N (default 1,000) sentences each, built
   from Text+Berg German and French sentences (the gold-parallel test documents, repeated
   until N), so the aligner runs at scale on real translations.

For each, the encoder's own time on the same sentences (cold cache) is measured, and the time
spent outside the encoder is printed as a ratio of it: the target is <= 0.5x, i.e. drift adds
at most half again to what embedding costs anyway. Peak RSS (target <= 2 GB) is the process
maximum from getrusage, so it includes the model.

Each timing starts from a cold encoder cache, and the pipeline's own encoder calls are timed
separately (by wrapping ``encode``), so "outside the encoder" is measured, not inferred.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from drift.evaluate import peak_rss_mb  # noqa: E402

SEEDS = ROOT.parent / "shared" / "seeds"
TEXTBERG = ROOT.parent / "shared" / "data" / "textberg"
RATIO_TARGET = 0.5
RSS_TARGET_MB = 2048


class TimedEncoder:
    """Wraps an encoder: counts the seconds spent inside ``encode`` (the rest is drift's own)."""

    def __init__(self, encoder: Any) -> None:
        self.inner = encoder
        self.seconds = 0.0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def _timed_call(self, method: str, texts: Sequence[str], **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return getattr(self.inner, method)(texts, **kwargs)
        finally:
            self.seconds += time.perf_counter() - started

    def encode(self, texts: Sequence[str], **kwargs: Any) -> Any:
        return self._timed_call("encode", texts, **kwargs)

    # Token vectors (span detectors) are model time too, not drift's own.
    def token_embeddings(self, texts: Sequence[str], **kwargs: Any) -> Any:
        return self._timed_call("token_embeddings", texts, **kwargs)


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def encoder_only(encoder: Any, texts: Sequence[str]) -> float:
    """Seconds the encoder takes on ``texts`` from a cold cache."""
    encoder.clear_cache()
    seconds, _ = _timed(lambda: encoder.encode(list(texts)))
    return seconds


def long_documents(textberg: Path, n: int) -> tuple[list[str], list[str]]:
    """Two parallel documents of ``n`` sentences each from Text+Berg (de, fr), repeated to length.

    Each repetition is tagged ("[2]") so the texts differ: repeated sentences would be served
    from the encoder's cache and make the aligner look faster than it is.
    """
    names = sorted(p.name for p in (textberg / "de").iterdir() if not p.name.startswith("."))
    de: list[str] = []
    fr: list[str] = []
    for name in names:
        de += [s for s in (textberg / "de" / name).read_text(encoding="utf-8").splitlines() if s.strip()]
        fr += [s for s in (textberg / "fr" / name).read_text(encoding="utf-8").splitlines() if s.strip()]
    source: list[str] = []
    target: list[str] = []
    round_ = 1
    while len(source) < n or len(target) < n:
        tag = f" [{round_}]" if round_ > 1 else ""
        source += [s + tag for s in de]
        target += [s + tag for s in fr]
        round_ += 1
    return source[:n], target[:n]


def report_line(name: str, sentences: int, total: float, inside: float, encoder_alone: float) -> str:
    outside = max(total - inside, 0.0)
    ratio = outside / encoder_alone if encoder_alone else float("inf")
    verdict = "ok" if ratio <= RATIO_TARGET else "over target"
    return (f"{name}: {sentences} sentences, wall {total:.1f} s (encoder inside {inside:.1f} s), "
            f"encoder alone {encoder_alone:.1f} s, outside the encoder {outside:.1f} s "
            f"= {ratio:.2f}x the encoder ({verdict}, target <= {RATIO_TARGET}x)")


def tree_rss_mb() -> float:
    """Resident memory of this process and all its descendants (Ray's workers included), in MB."""
    import psutil

    me = psutil.Process()
    total = 0
    for proc in [me, *me.children(recursive=True)]:
        try:
            total += proc.memory_info().rss
        except psutil.Error:  # a worker that just exited
            pass
    return total / (1024 * 1024)


def _with_peak_rss(fn: Callable[[], Any]) -> tuple[float, Any, float]:
    """Seconds, result and the process tree's peak RSS (MB, sampled every 0.2 s) of ``fn()``."""
    import threading

    peak = [tree_rss_mb()]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.2):
            peak[0] = max(peak[0], tree_rss_mb())

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        seconds, result = _timed(fn)
    finally:
        done.set()
        sampler.join()
    return seconds, result, peak[0]


def corpus_throughput(documents: int, languages: Sequence[str], engines: Sequence[str],
                      model: str | None = None) -> None:
    """Articles per minute of ``drift corpus`` (grouping and scoring) on an NTREX feed, per engine,
    with the peak memory of the whole process tree (sampled every 0.2 s)."""
    import json
    import tempfile

    from corpus_grouping import NTREX, ntrex_feed

    from drift.corpus import compare_corpus

    rows, _ = ntrex_feed(NTREX, languages, documents)
    with tempfile.TemporaryDirectory(prefix="drift-bench-") as tmp:
        feed = Path(tmp) / "feed.jsonl"
        feed.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        for engine in engines:
            out = Path(tmp) / engine
            seconds, result, peak = _with_peak_rss(lambda e=engine, o=out: compare_corpus(feed, o, engine=e,
                                                                                            model=model))
            print(f"corpus ({engine}): {len(rows)} articles, {len(result.stories)} stories in {seconds:.1f} s "
                  f"= {len(rows) / seconds * 60:.1f} articles/min (model load included), "
                  f"peak RSS of the process tree {peak:.0f} MB")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=SEEDS)
    parser.add_argument("--textberg", type=Path, default=TEXTBERG)
    parser.add_argument("--sentences", type=int, default=1000, help="sentences per long document")
    parser.add_argument("--model", default=None)
    parser.add_argument("--corpus-documents", type=int, default=0, metavar="N",
                        help="also time drift corpus on N NTREX documents (local and Ray engines)")
    parser.add_argument("--corpus-languages", default="en,fr,bg", help="languages of the corpus feed")
    parser.add_argument("--corpus-only", action="store_true", help="only the corpus throughput")
    args = parser.parse_args(argv)

    if args.corpus_only:
        corpus_throughput(args.corpus_documents or 10, args.corpus_languages.split(","), ("local", "ray"),
                          args.model)
        return 0

    from drift.align import align_pair
    from drift.api import compare
    from drift.config import load_config
    from drift.documents import load_documents
    from drift.encoders import load_encoder
    from drift.segment import segment

    config = load_config()
    spec = config.model_spec(args.model)
    seconds, encoder = _timed(lambda: load_encoder(spec))
    print(f"model {spec.name}: loaded in {seconds:.1f} s, peak RSS {peak_rss_mb():.0f} MB")

    # 1. the seeds, all pairs, through the whole pipeline
    documents = load_documents([args.seeds])
    texts = [s.text for d in documents for s in segment(d)]
    alone = encoder_only(encoder, texts)
    encoder.clear_cache()
    timed = TimedEncoder(encoder)
    total, _ = _timed(lambda: compare(documents, all_pairs=True, config=config, model=args.model,
                                      encoder=timed))  # type: ignore[arg-type]
    print(report_line(f"seeds ({len(documents)} versions, all pairs)", len(texts), total, timed.seconds, alone))
    print(f"  peak RSS so far {peak_rss_mb():.0f} MB")

    # 2. two long documents through the aligner
    source, target = long_documents(args.textberg, args.sentences)
    alone = encoder_only(encoder, source + target)
    encoder.clear_cache()
    timed = TimedEncoder(encoder)
    total, alignment = _timed(lambda: align_pair(source, target, timed, spec.thresholds, monotonic=False))
    linked = sum(len(link.source) for link in alignment.links)
    print(report_line(f"align {len(source)} x {len(target)}", len(source) + len(target), total,
                      timed.seconds, alone))
    print(f"  {len(alignment.links)} links covering {linked}/{len(source)} source sentences")
    rss = peak_rss_mb()
    print(f"peak RSS {rss:.0f} MB ({'ok' if rss <= RSS_TARGET_MB else 'over target'}, "
          f"target <= {RSS_TARGET_MB} MB)")
    if args.corpus_documents:
        corpus_throughput(args.corpus_documents, args.corpus_languages.split(","), ("local", "ray"), args.model)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
