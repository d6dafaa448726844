"""Wall time, encoder work and peak memory of drift, against the encoder alone on the same sentences.

    python eval/benchmark.py [--seeds DIR] [--story DIR] [--textberg DIR] [--ntrex DIR]
                             [--sentences N] [--stories K] [--model NAME] [--skip NAME ...]
                             [--backend auto|onnx|torch|onnx-int8]

Workloads (each from a cold encoder cache):

- ``cli``: ``drift score`` on the seeds, all pairs, as a new process: process start to written
  report, and that process's peak RSS;
- ``seeds``: ``drift.compare`` on the seed stories, all pairs;
- ``story``: a bundled story (``eval/stories/burgas-port-strike``), all pairs;
- ``long``: two documents of N (default 1,000) sentences each, built from the Text+Berg German
  and French test documents (repeated, each repetition tagged so that no text repeats);
- ``corpus``: K (default 10) NTREX documents (en, fr, bg versions), scored one story after
  another in one process (what a corpus batch does per story).

Per workload it prints the wall time, the encoder's own time on the same sentences (sentence
vectors only, cold cache), their ratio, the time inside the model and outside it (wall time
minus model time, and the process CPU time of a second run with every vector cached, which does
not swing with the machine's load), the texts
sent to the encoder against the number of sentences (from the encoder's own counter: it does
not depend on the machine's load), and the process's peak RSS so far (it includes the model).
The model line names the backend that ran (``OnnxBackend``: ONNX Runtime, ``TransformerBackend``:
torch); ``--backend`` forces one (``DRIFT_BACKEND``, for the ``cli`` process too), so the two can
be compared back to back. One workload alone in a fresh process (its own peak RSS): ``--skip`` the
others, e.g.
``python eval/benchmark.py --skip cli seeds story corpus`` for the two long documents.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from drift.evaluation.runner import peak_rss_mb

ROOT = Path(__file__).resolve().parents[1]

SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
STORY = ROOT / "eval" / "stories" / "burgas-port-strike"
TEXTBERG = SHARED / "data" / "textberg"
NTREX = SHARED / "data" / "ntrex"
WORKLOADS = ("cli", "seeds", "story", "long", "corpus")


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def long_documents(textberg: Path, n: int) -> tuple[list[str], list[str]]:
    """Two parallel documents of ``n`` sentences each from Text+Berg (de, fr), repeated to length.

    Each repetition is tagged ("[2]") so the texts differ: repeated sentences would be served
    from the encoder's cache and make drift look faster than it is.
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


def ntrex_stories(ntrex: Path, count: int, versions: Sequence[str]) -> list[list[Any]]:
    from drift.documents import load_document

    folders = sorted(p for p in ntrex.iterdir() if p.is_dir())[:count]
    return [[load_document(folder / f"{v}.txt", doc_id=f"{folder.name}.{v}", language=v) for v in versions]
            for folder in folders]


class Workload:
    """One measured run: wall time, encoder counters and the encoder alone on its sentences."""

    def __init__(self, encoder: Any) -> None:
        self.encoder = encoder

    def measure(self, name: str, sentences: Sequence[str], run: Callable[[], Any]) -> None:
        encoder = self.encoder
        encoder.clear_cache()
        alone, _ = _timed(lambda: encoder.encode(list(sentences)))
        encoder.clear_cache()
        texts, model = encoder.texts_encoded, encoder.model_seconds
        wall, _ = _timed(run)
        texts, model = encoder.texts_encoded - texts, encoder.model_seconds - model
        # The same run again with every vector in the encoder's cache: all of its CPU time is
        # outside the model. Process CPU time, unlike wall time, does not swing with the load of
        # a shared machine.
        cpu = time.process_time()
        run()
        cpu = time.process_time() - cpu
        n = len(sentences)
        print(f"{name}: {n} sentences; wall {wall:.1f} s; encoder alone on them {alone:.1f} s; "
              f"ratio {wall / alone if alone else float('inf'):.2f}x; inside the model {model:.1f} s, "
              f"outside it {wall - model:.1f} s (CPU outside the model, vectors cached: {cpu:.1f} s); "
              f"texts sent to the encoder {texts} = {texts / n if n else 0:.2f}x the sentences; "
              f"peak RSS so far {peak_rss_mb():.0f} MB", flush=True)


def cli_run(seeds: Path, model: str | None) -> None:
    """``drift score`` as a user runs it: a new process, from start to the written report."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        files = sorted(str(p) for p in seeds.glob("*.txt"))
        command = [sys.executable, "-m", "drift.cli", "score", *files, "--all-pairs", "--format", "json",
                   "-o", str(out), "--quiet"] + (["--model", model] if model else [])
        wall, done = _timed(lambda: subprocess.run(command, cwd=ROOT, capture_output=True, text=True,
                                                   env={**os.environ}, check=False))
        if done.returncode != 0:
            print(f"cli: failed ({done.returncode}): {done.stderr.strip()[:300]}")
            return
        child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"cli: drift score seeds --all-pairs, process start to written report {wall:.1f} s; "
              f"peak RSS of the process {child:.0f} MB", flush=True)


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
    parser.add_argument("--story", type=Path, default=STORY)
    parser.add_argument("--textberg", type=Path, default=TEXTBERG)
    parser.add_argument("--ntrex", type=Path, default=NTREX)
    parser.add_argument("--sentences", type=int, default=1000, help="sentences per long document")
    parser.add_argument("--stories", type=int, default=10, help="NTREX documents in the corpus batch")
    parser.add_argument("--versions", default="en,fr,bg", help="NTREX versions per story")
    parser.add_argument("--model", default=None)
    parser.add_argument("--skip", nargs="*", default=[], choices=WORKLOADS)
    parser.add_argument("--backend", choices=("auto", "onnx", "torch", "onnx-int8"), default=None,
                        help="the default model's runtime (sets DRIFT_BACKEND; default: as the environment says)")
    parser.add_argument("--corpus-documents", type=int, default=0, metavar="N",
                        help="also time drift corpus on N NTREX documents (local and Ray engines)")
    parser.add_argument("--corpus-languages", default="en,fr,bg", help="languages of the corpus feed")
    parser.add_argument("--corpus-only", action="store_true", help="only the corpus throughput")
    args = parser.parse_args(argv)
    if args.backend:
        os.environ["DRIFT_BACKEND"] = args.backend

    if args.corpus_only:
        corpus_throughput(args.corpus_documents or 10, args.corpus_languages.split(","), ("local", "ray"),
                          args.model)
        return 0
    if "cli" not in args.skip:
        cli_run(args.seeds, args.model)

    from drift.api import compare
    from drift.config import load_config
    from drift.documents import document_from_text, load_documents
    from drift.encoders import load_encoder
    from drift.segment import segment

    config = load_config()
    spec = config.model_spec(args.model)
    seconds, encoder = _timed(lambda: load_encoder(spec))
    print(f"model {spec.name} ({type(encoder.backend).__name__}): loaded in {seconds:.1f} s, "
          f"peak RSS {peak_rss_mb():.0f} MB", flush=True)
    bench = Workload(encoder)

    def story(name: str, documents: list[Any], *, all_pairs: bool = True) -> None:
        texts = [s.text for d in documents for s in segment(d)]
        bench.measure(name, texts, lambda: compare(documents, all_pairs=all_pairs, config=config,
                                                   model=args.model, encoder=encoder))

    if "seeds" not in args.skip:
        story("seeds (5 versions, all pairs)", load_documents([args.seeds]))
    if "story" not in args.skip:
        documents = load_documents([args.story])
        story(f"story {args.story.name} ({len(documents)} versions, all pairs)", documents)
    if "long" not in args.skip:
        source, target = long_documents(args.textberg, args.sentences)
        documents = [document_from_text("\n".join(source), "long_de", language="de"),
                     document_from_text("\n".join(target), "long_fr", language="fr")]
        story(f"long ({args.sentences} + {args.sentences} sentences, Text+Berg de/fr)", documents)
    if "corpus" not in args.skip:
        versions = [v.strip() for v in args.versions.split(",") if v.strip()]
        stories = ntrex_stories(args.ntrex, args.stories, versions)
        texts = [s.text for docs in stories for d in docs for s in segment(d)]
        bench.measure(f"corpus ({len(stories)} NTREX stories x {len(versions)} versions, one after another)",
                      texts, lambda: [compare(docs, config=config, model=args.model, encoder=encoder)
                                      for docs in stories])
    if args.corpus_documents:
        corpus_throughput(args.corpus_documents, args.corpus_languages.split(","), ("local", "ray"), args.model)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
