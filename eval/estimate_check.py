"""Whether the plan's alignments equal those of every joined run encoded (issue 11).

    PYTHONPATH=. python eval/estimate_check.py STORY [STORY ...]

The plan (``drift.plan``) encodes only the joined runs of neighbouring sentences an alignment may
take, scoring the others on estimates with an allowance (``drift.align.ESTIMATE_GAIN``). This
aligns every pair of each story both ways, the second with every run of 2..MAX_SPAN kept
neighbours encoded, and prints the runs each asked for and the pairs whose beads or link
similarities (to 1e-6) differ. Each argument is one story: a folder of .txt versions, or a
comma-separated list of files.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

import drift.align as align
from drift.config import load_config
from drift.documents import load_documents
from drift.encoders import load_encoder
from drift.plan import plan_vectors
from drift.segment import segment


def every_run_alignment(source: Sequence[str], target: Sequence[str], skip_source: Sequence[int],
                        skip_target: Sequence[int], encoder: object, thresholds: dict[str, float],
                        ) -> tuple[align.PairAlignment, int]:
    """The alignment with every joined run's own vector, and how many runs that encodes."""
    p = align._Params.from_thresholds(thresholds)
    ids = (align._kept(len(source), skip_source), align._kept(len(target), skip_target))
    if not ids[0] or not ids[1]:
        return align.PairAlignment([], ids[0], ids[1]), 0
    encode = encoder.encode  # type: ignore[attr-defined]
    sides, runs = [], 0
    for texts, kept in ((source, ids[0]), (target, ids[1])):
        side = {1: np.asarray(encode([texts[k] for k in kept]), dtype=np.float32)}
        for length in range(2, align.MAX_SPAN + 1):
            joined = [align._join(texts, kept, k, length) for k in range(len(kept) - length + 1)]
            runs += len(joined)
            side[length] = (np.asarray(encode(joined), dtype=np.float32) if joined
                            else np.zeros((0, side[1].shape[1]), dtype=np.float32))
        sides.append(side)
    g = align._Geometry.of(sides[0][1], sides[1][1], [source[i] for i in ids[0]], [target[j] for j in ids[1]])
    guess = tuple({length: np.zeros(len(v), dtype=bool) for length, v in side.items()} for side in sides)
    found, left_s, left_t = align._passes(g, (sides[0], sides[1]), guess, p, False)
    found, left_s, left_t = align._detach_moved(found, left_s, left_t, g, p)  # as alignment_steps does
    links = sorted((align.Link(tuple(ids[0][x] for x in s), tuple(ids[1][x] for x in t), float(sim))
                    for s, t, sim in found), key=lambda link: (link.source, link.target))
    return align.PairAlignment(links, [ids[0][x] for x in left_s.tolist()],
                               [ids[1][x] for x in left_t.tolist()]), runs


def same(a: align.PairAlignment, b: align.PairAlignment) -> bool:
    return ([(x.source, x.target) for x in a.links] == [(x.source, x.target) for x in b.links]
            and all(abs(x.similarity - y.similarity) <= 1e-6 for x, y in zip(a.links, b.links, strict=True))
            and a.unaligned_source == b.unaligned_source and a.unaligned_target == b.unaligned_target)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stories", nargs="+", help="a folder of versions, or FILE,FILE,...")
    args = parser.parse_args(argv)
    config = load_config()
    spec = config.model_spec()
    thresholds = dict(spec.thresholds)
    encoder = load_encoder(spec)
    differing = 0
    for story in args.stories:
        paths = ([Path(story)] if Path(story).is_dir() else [Path(p) for p in story.split(",")])
        documents = load_documents(paths)
        sentences = {d.id: segment(d, config=config.sections) for d in documents}
        planned = plan_vectors(documents, sentences, encoder, thresholds)
        every, bad = 0, []
        for i, j in itertools.combinations(range(len(documents)), 2):
            src, tgt = sentences[documents[i].id], sentences[documents[j].id]
            reference, runs = every_run_alignment(
                [s.text for s in src], [s.text for s in tgt], [s.index for s in src if s.boilerplate],
                [s.index for s in tgt if s.boilerplate], encoder, thresholds)
            every += runs
            if not same(planned.alignments[(i, j)], reference):
                bad.append(f"{documents[i].id}-{documents[j].id}")
        differing += len(bad)
        print(f"{story}: {len(documents)} versions, {len(planned.alignments)} pairs; joined runs asked "
              f"{planned.stats.merge_runs} (every run: {every} over the pairs); pairs differing from every "
              f"run encoded: {len(bad)} {' '.join(bad)}", flush=True)
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
