"""The ``drift`` command: a thin layer over ``drift.compare`` (and ``drift eval``).

Bad input exits 2 with one line on stderr; ``--fail-on`` exits 1 when a flagged event
reaches the given severity; the report is written atomically.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from drift import __version__
from drift.errors import DriftError
from drift.io import check_output, write_atomic, write_stdout

EXTENSIONS = {".json": "json", ".html": "html", ".htm": "html", ".csv": "csv", ".txt": "text"}


def _parser() -> argparse.ArgumentParser:
    # The choices come from the registries: formats (drift.report.VIEWS), detectors
    # (drift.detect.DETECTORS) and the shipped model registry (configs/models.toml).
    from drift.config import load_config
    from drift.detect import DETECTORS
    from drift.report import FORMATS

    models = ", ".join(n for n in load_config().models if n != "default-fallback")
    parser = argparse.ArgumentParser(prog="drift", description="Find meaning drift across versions of a story.")
    parser.add_argument("--version", action="version", version=f"drift {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    score = sub.add_parser("score", help="compare versions of one story and report drift")
    score.add_argument("files", nargs="+", metavar="FILE",
                       help="one version per file (.txt/.md); a directory means its *.txt/*.md; - is stdin")
    score.add_argument("--reference", help="the version the others are compared against (default: first FILE)")
    score.add_argument("--all-pairs", action="store_true", help="compare every pair of versions")
    score.add_argument("--format", choices=FORMATS,
                       help="output format (default: text on a terminal, else from --output's extension, else json)")
    score.add_argument("--output", "-o", help="where to write (default: standard output)")
    score.add_argument("--config", help="a TOML file overlaying configs/default.toml")
    score.add_argument("--model", help=f"a model of the registry ({models}) or a local model folder")
    score.add_argument("--detectors", metavar="NAME[,NAME...]",
                       help=f"the detectors to run (default: all; from {', '.join(DETECTORS.names())})")
    score.add_argument("--threshold", type=float, help="severity at or above which an event (or finding) is flagged")
    score.add_argument("--fail-on", type=float, metavar="SEVERITY",
                       help="exit 1 when a flagged event has at least this severity")
    score.add_argument("--findings", action="store_true",
                       help="also show the pairwise findings behind the events (text: a second section; "
                            "csv: one finding a row instead of one event a row)")
    score.add_argument("--quiet", "-q", action="store_true", help="no progress output")

    _corpus_parser(sub)

    ev = sub.add_parser("eval", help="run the evaluation suites")
    ev.add_argument("suite", nargs="?", default="all",
                    choices=["alignment", "refresd", "demetr", "ntrex", "rsd", "synthetic", "stories", "speed",
                             "corpus", "all"])
    ev.add_argument("--data", help="another file or folder in the suite's format")
    ev.add_argument("--format", choices=["text", "json"], default="text")
    ev.add_argument("--output", "-o")
    ev.add_argument("--model", help=f"a model of the registry ({models}) or a local model folder")
    ev.add_argument("--quick", action="store_true", help="a small version of each suite (as CI runs it)")
    return parser


def _score(args: argparse.Namespace) -> int:
    from drift.config import load_config
    from drift.detect import enabled_detectors
    from drift.documents import load_documents

    for flag, value in (("--threshold", args.threshold), ("--fail-on", args.fail_on)):
        if value is not None and not 0.0 <= value <= 1.0:  # also false for nan
            raise DriftError(f"{flag} must be in [0, 1], got {value}")
    if args.output:
        _refuse_input_as_output(args.output, [*args.files, *([args.config] if args.config else [])])
    config = load_config(args.config)
    if args.detectors is not None:
        config = config.with_detectors([n.strip() for n in args.detectors.split(",") if n.strip()])
    config.model_spec(args.model)  # an unknown model fails here, before any file is read
    enabled_detectors(config)  # so does an unknown detector
    fmt = args.format
    if fmt is None:
        if args.output:
            fmt = EXTENSIONS.get(Path(args.output).suffix.lower(), "json")
        else:
            fmt = "text" if sys.stdout.isatty() else "json"
    documents = load_documents(args.files)
    # Imported only now, so that bad input (above) is reported before numpy, torch and the
    # pipeline are loaded.
    from drift.api import compare
    from drift.report import render

    progress = not args.quiet and sys.stderr.isatty()
    report = compare(documents, reference=args.reference, all_pairs=args.all_pairs or None, config=config,
                     model=args.model, threshold=args.threshold, progress=progress)
    content = render(report, fmt, terminal=args.output is None and sys.stdout.isatty(), findings=args.findings)
    if args.output:
        write_atomic(args.output, content)
    else:
        write_stdout(content)
    if args.fail_on is not None and any(e.severity >= args.fail_on for e in report.flagged):
        return 1
    return 0


def _refuse_input_as_output(output: str, inputs: Sequence[str]) -> None:
    """Before any work: the report must not replace an input (same file after links, hard links
    included), and its folder must be writable."""
    from drift.documents import STDIN, expand_sources

    check_output(output)
    if not os.path.exists(output):
        return
    for name in expand_sources(inputs):
        try:
            same = name != STDIN and os.path.samefile(name, output)
        except OSError:  # a missing or unreadable input is reported when it is read
            same = False
        if same:
            raise DriftError(f"output {output} is the input {name}; refusing to overwrite an input")


def _corpus_parser(sub: argparse._SubParsersAction) -> None:
    corpus = sub.add_parser("corpus", help="group a feed of articles into stories and score every story")
    corpus.add_argument("input", metavar="INPUT", help="articles as JSONL, Parquet or CSV (id, text|html|url, ...)")
    corpus.add_argument("--out", required=True, metavar="DIR",
                        help="folder for the story reports, events table, articles.jsonl, errors.jsonl, index.html")
    corpus.add_argument("--engine", choices=["local", "ray"], default="local",
                        help="local: one process (default); ray: Ray Data (RAY_ADDRESS for a cluster)")
    corpus.add_argument("--all-pairs", action="store_true", help="compare every pair of versions of each story")
    corpus.add_argument("--config", help="a TOML file overlaying configs/default.toml")
    corpus.add_argument("--model", help="a model of the registry (configs/models.toml) or a local model folder")
    corpus.add_argument("--threshold", type=float, help="severity at or above which an event is flagged")
    corpus.add_argument("--concurrency", type=int, help="model actors of the ray engine (default: half the CPUs)")
    corpus.add_argument("--quiet", "-q", action="store_true", help="no progress output")


def _corpus(args: argparse.Namespace) -> int:
    from drift.corpus import compare_corpus

    result = compare_corpus(args.input, args.out, engine=args.engine, config=args.config, model=args.model,
                            threshold=args.threshold, all_pairs=args.all_pairs or None,
                            progress=not args.quiet and sys.stderr.isatty(), concurrency=args.concurrency)
    if not args.quiet:
        print(f"drift corpus: {result.articles} articles, {len(result.stories)} stories "
              f"({len(result.scored)} scored, {len(result.skipped)} already done), "
              f"{len(result.unmatched)} unmatched, {result.flagged} flagged events, "
              f"{len(result.errors)} errors -> {result.index_path}", file=sys.stderr)
    return 0


def _eval(args: argparse.Namespace) -> int:
    from drift.evaluation.runner import run_eval
    return run_eval(args)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "score":
            return _score(args)
        if args.command == "corpus":
            return _corpus(args)
        return _eval(args)
    except DriftError as exc:
        message = str(exc).replace("\r", "\\r").replace("\n", "\\n")  # one line, whatever a file is called
        print(f"drift: error: {message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("drift: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
