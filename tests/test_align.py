"""Behaviour of the aligner with a fake embedder: no model, deterministic, fast.

A sentence is a list of topic tokens ("t12 t13"); its vector is the normalised sum of fixed
random unit vectors, one per topic. Unrelated sentences are near-orthogonal, a sentence and a
split of it into two are near-identical once the split is joined, like a real encoder does.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from drift.align import Link, PairAlignment, align_pair
from drift.collate import collate

DIM = 64
TOPICS = np.random.default_rng(7).standard_normal((20_000, DIM)).astype(np.float32)
TOPICS /= np.linalg.norm(TOPICS, axis=1, keepdims=True)

# Calibrated for this geometry (unrelated sentences near 0 cosine), as a registry entry would be.
THRESHOLDS = {"align_min": 0.5, "align_merge": 0.02, "align_anchor": 0.05, "align_hub": 0.0,
              "align_gain": 0.3, "align_length": 0.0, "align_part": 0.3}


class TopicEmbedder:
    def __init__(self) -> None:
        self.calls: list[int] = []

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.append(len(texts))
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        for row, text in enumerate(texts):
            ids = [int(tok[1:]) for tok in text.split()]
            out[row] = TOPICS[ids].sum(axis=0)
        return out / np.linalg.norm(out, axis=1, keepdims=True)


def topics(*ids: int) -> list[str]:
    return [f"t{i}" for i in ids]


def pairs_of(alignment: PairAlignment) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(link.source, link.target) for link in alignment.links]


@pytest.mark.parametrize("monotonic", [True, False])
def test_identity(monotonic: bool) -> None:
    doc = topics(*range(12))
    result = align_pair(doc, doc, TopicEmbedder(), THRESHOLDS, monotonic=monotonic)
    assert pairs_of(result) == [((i,), (i,)) for i in range(12)]
    assert result.unaligned_source == [] and result.unaligned_target == []
    assert all(link.similarity > 0.99 for link in result.links)


def test_joined_runs_are_encoded_only_when_the_alignment_may_take_them() -> None:
    embedder = TopicEmbedder()
    align_pair(topics(*range(10)), topics(*range(10)), embedder, THRESHOLDS)
    assert embedder.calls[:2] == [10, 10]   # the sentences of each side, one call each
    # Then one call per round for the joined runs a merge could use: few of the 48 runs of
    # 2-4 neighbours, since every sentence here has an exact counterpart.
    assert sum(embedder.calls[2:]) <= 12


def test_split_is_one_to_two() -> None:
    source = ["t0", "t1 t2", "t3", "t4"]
    target = topics(0, 1, 2, 3, 4)
    result = align_pair(source, target, TopicEmbedder(), THRESHOLDS, monotonic=True)
    assert pairs_of(result) == [((0,), (0,)), ((1,), (1, 2)), ((2,), (3,)), ((3,), (4,))]


def test_merge_is_two_to_one() -> None:
    source = topics(0, 1, 2, 3, 4)
    target = ["t0", "t1 t2", "t3", "t4"]
    result = align_pair(source, target, TopicEmbedder(), THRESHOLDS)
    assert ((1, 2), (1,)) in pairs_of(result)


def test_insertions_and_deletions() -> None:
    source = topics(0, 1, 2, 900, 3, 4)       # 900: only in the source
    target = topics(0, 1, 950, 2, 3, 4)       # 950: only in the target
    result = align_pair(source, target, TopicEmbedder(), THRESHOLDS)
    assert result.unaligned_source == [3]
    assert result.unaligned_target == [2]
    assert pairs_of(result) == [((0,), (0,)), ((1,), (1,)), ((2,), (3,)), ((4,), (4,)), ((5,), (5,))]


def test_moved_paragraph_is_still_aligned() -> None:
    source = topics(*range(15))
    target = topics(*range(5), *range(10, 15), *range(5, 10))     # paragraph 5-9 moved to the end
    result = align_pair(source, target, TopicEmbedder(), THRESHOLDS)
    expected = {((i,), (target.index(f"t{i}"),)) for i in range(15)}
    assert set(pairs_of(result)) == expected
    assert result.unaligned_source == [] and result.unaligned_target == []
    # The monotonic mode keeps order, so it has to leave one of the two paragraphs out.
    strict = align_pair(source, target, TopicEmbedder(), THRESHOLDS, monotonic=True)
    assert len(strict.links) == 10 and len(strict.unaligned_source) == 5


@pytest.mark.parametrize(("shared", "glue", "position"), [
    (0, 0, 7),    # the moved sentence glued onto its new neighbour, its counterpart left unaligned
    (1, 1, 5),    # its counterpart glued onto its old neighbour, the moved sentence left unaligned
    (2, 0, 6),    # both glued onto their neighbours
])
def test_a_moved_sentence_a_merge_swallowed_is_linked_where_it_belongs(shared: int, glue: int, position: int) -> None:
    # Every sentence shares ``shared`` story-wide topics (a story's sentences all sit near each
    # other in a real encoder); the moved one shares ``glue`` topics with its new neighbour.
    source = [" ".join(["t999"] * shared + [f"t{i}", f"t{i + 100}"]) for i in range(10)]
    target = list(source)
    moved = target.pop(3) + " t507" * glue
    target[position - 1] += " t507" * glue
    target.insert(position, moved)
    result = align_pair(source, target, TopicEmbedder(), THRESHOLDS)
    expected = {((i,), (target.index(next(t for t in target if t.split()[shared] == f"t{i}")),)) for i in range(10)}
    assert set(pairs_of(result)) == expected
    assert result.unaligned_source == [] and result.unaligned_target == []
    # A real split stays a merge (``test_merge_is_two_to_one``); the monotonic mode keeps order.
    strict = align_pair(source, target, TopicEmbedder(), THRESHOLDS, monotonic=True)
    assert ((3,), (position,)) not in pairs_of(strict)


@pytest.mark.parametrize("shared", [0, 2])
def test_two_swapped_sentences_are_linked_across(shared: int) -> None:
    # The monotonic pass can only take two swapped sentences as one 2-2 bead; each is linked to
    # its own counterpart instead, so that a third version's one-to-one links can join them.
    source = [" ".join(["t999"] * shared + [f"t{i}", f"t{i + 100}"]) for i in range(10)]
    target = list(source)
    target[4], target[5] = target[5], target[4]
    result = align_pair(source, target, TopicEmbedder(), THRESHOLDS)
    assert ((4,), (5,)) in pairs_of(result) and ((5,), (4,)) in pairs_of(result)
    assert all(len(link.source) == len(link.target) == 1 for link in result.links)


def test_skipped_sentences_are_never_linked() -> None:
    doc = topics(*range(8))
    result = align_pair(doc, doc, TopicEmbedder(), THRESHOLDS, skip_source=[2, 5], skip_target=[6])
    linked_s = {i for link in result.links for i in link.source}
    linked_t = {j for link in result.links for j in link.target}
    assert not linked_s & {2, 5} and 6 not in linked_t
    assert not {2, 5} & set(result.unaligned_source) and 6 not in result.unaligned_target
    assert result.unaligned_target == [2, 5]     # their counterparts are skipped on the other side
    assert result.unaligned_source == [6]


def test_empty_sides() -> None:
    result = align_pair([], topics(1, 2), TopicEmbedder(), THRESHOLDS)
    assert result.links == [] and result.unaligned_target == [0, 1]


def test_missing_threshold_is_an_error() -> None:
    from drift.errors import DriftError
    with pytest.raises(DriftError, match="align_anchor"):
        align_pair(topics(1), topics(1), TopicEmbedder(), {"align_min": 0.5})


LARGE = """
import resource
import drift.align as align
from tests.test_align import THRESHOLDS, TopicEmbedder
n = 5000
align.MAX_DENSE_CELLS = 1 << 20
# An insertion every 250 sentences on the source side, a deletion every 100 on the target side.
source = [f"t{i}" for i in range(n)]
for k in range(0, n, 250):
    source[k] = f"t{15_000 + k // 250}"
target = [f"t{i}" for i in range(n) if i % 100 != 50]
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
result = align.align_pair(source, target, TopicEmbedder(), THRESHOLDS, monotonic=True)
print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) * 1024)   # peak growth, bytes
where = {t: j for j, t in enumerate(target)}
print(sum(1 for link in result.links
          if len(link.source) == 1 and link.target == (where.get(source[link.source[0]], -1),)))
print(sorted(result.unaligned_source))
"""


def test_large_input_stays_out_of_quadratic_memory() -> None:
    # A fresh interpreter, so its peak resident memory is the aligner's own (tracemalloc would
    # measure the same but makes numpy several times slower).
    import subprocess
    import sys
    from pathlib import Path
    out = subprocess.run([sys.executable, "-c", LARGE], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parent.parent).stdout.splitlines()
    peak, correct, unaligned = int(out[0]), int(out[1]), eval(out[2])
    n, m = 5000, 5000 - 50
    # Embeddings and joined runs are linear (~30 MB here); one dense float32 matrix alone is 99 MB.
    assert peak < n * m * 4 / 2, f"peak {peak / 1e6:.0f} MB: a dense similarity matrix was built"
    assert correct >= 0.99 * (n - n // 100 - n // 250)
    assert set(unaligned) >= {k for k in range(0, n, 250) if k % 100 != 50}


def group_units(n: int, counts: Sequence[int], alignments: dict) -> list[dict[int, tuple[int, ...]]]:
    """The collation table with versions by position and only the versions present (as the
    tests below state them)."""
    ids = [f"v{k}" for k in range(n)]
    units = collate(ids, counts, alignments, {})
    return [{k: u.cells[d] for k, d in enumerate(ids) if u.cells[d]} for u in units]


def _check_units(units: list[dict[int, tuple[int, ...]]], counts: Sequence[int]) -> None:
    seen: set[tuple[int, int]] = set()
    for unit in units:
        for doc, sents in unit.items():
            assert list(sents) == list(range(sents[0], sents[0] + len(sents))), "not contiguous"
            for s in sents:
                assert (doc, s) not in seen, "sentence in two units"
                seen.add((doc, s))
    assert seen == {(d, s) for d, c in enumerate(counts) for s in range(c)}


def test_group_units_chain_joins_three_docs() -> None:
    counts = [3, 3, 4]
    links01 = PairAlignment([Link((i,), (i,), 0.9) for i in range(3)], [], [])
    links12 = PairAlignment([Link((0,), (0,), 0.9), Link((1,), (1, 2), 0.9), Link((2,), (3,), 0.9)], [], [])
    units = group_units(3, counts, {(0, 1): links01, (1, 2): links12})
    _check_units(units, counts)
    assert units == [{0: (0,), 1: (0,), 2: (0,)}, {0: (1,), 1: (1,), 2: (1, 2)},
                                        {0: (2,), 1: (2,), 2: (3,)}]


def test_group_units_conflicts_and_orphans() -> None:
    counts = [4, 5, 3]
    # Doc 1 sentence 2 exists nowhere else (an orphan); doc 2 links sentence 0 of doc 0 to two
    # places that cannot share a unit (sentences 0 and 3 of doc 0 are not neighbours).
    a01 = PairAlignment([Link((0,), (0,), 0.95), Link((1,), (1,), 0.9), Link((2,), (3,), 0.9),
                         Link((3,), (4,), 0.9)], [], [2])
    a02 = PairAlignment([Link((0, 3), (0,), 0.85), Link((1,), (1,), 0.9)], [], [2])
    a12 = PairAlignment([Link((4,), (0,), 0.8)], [], [])
    units = group_units(3, counts, {(0, 1): a01, (0, 2): a02, (1, 2): a12})
    _check_units(units, counts)
    cells = units
    # Reference order first, the orphan right after its predecessor in doc 1.
    assert [c.get(0) for c in cells if 0 in c] == [(0,), (1,), (2,), (3,)]
    assert cells.index({1: (2,)}) == cells.index(next(c for c in cells if c.get(1) == (1,))) + 1
    assert {2: (2,)} in cells


class ContextEmbedder(TopicEmbedder):
    """Topics plus a direction of the text's own (as context shifts a real joined text), so a
    joined run's vector differs from the estimate made of its sentences' vectors."""

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        out = super().encode(texts)
        for row, text in enumerate(texts):
            out[row] += 0.6 * TOPICS[10_000 + sum(map(ord, text)) * 7919 % 9_000]
        return out / np.linalg.norm(out, axis=1, keepdims=True)


def _bead_story(seed: int, pairs: int, *, replaced: bool = False) -> tuple[list[str], list[str]]:
    """Two texts of ``pairs`` sentence pairs each, drawn as 2-1 and 1-2 merges, 2-0 drops and
    (``replaced``) sentences one side replaces with an unrelated one."""
    rng = np.random.default_rng(seed)
    source: list[str] = []
    target: list[str] = []
    for k in range(pairs):
        a, b = 2 * k, 2 * k + 1
        kind = rng.integers(5 if replaced else 4)
        source += [f"t{a} t{b}"] if kind == 1 else ([f"t{5_000 + k}"] if kind == 4 else [f"t{a}", f"t{b}"])
        target += [f"t{a} t{b}"] if kind == 2 else ([] if kind == 3 else [f"t{a}", f"t{b}"])
    return source, target


def test_bead_scores_kept_between_rounds_give_the_alignment_of_a_fresh_dp(monkeypatch: pytest.MonkeyPatch) -> None:
    import drift.align as align

    source, target = _bead_story(3, 60)
    embedder = ContextEmbedder()
    kept = align_pair(source, target, embedder, THRESHOLDS)
    assert len(embedder.calls) > 4        # several rounds of joined runs: scores were reused
    monkeypatch.setattr(align._BeadMemo, "forget", lambda self, changed: self.__init__())
    fresh = align_pair(source, target, ContextEmbedder(), THRESHOLDS)
    assert kept == fresh


def _cell_by_cell_pass(src, tgt, p, anchors=None, memo=None):  # type: ignore[no-untyped-def]
    """The monotonic pass's DP written plainly, one cell and one candidate at a time, as the
    reference the vectorised ``_monotonic_pass`` must agree with."""
    import drift.align as align

    n, m = len(src.single), len(tgt.single)
    if n == 0 or m == 0:
        return []
    lo, hi = align._band(n, m, align._anchor_path(src, tgt, p, anchors))

    def relative(sim: float, background: float) -> float:
        return (sim - p.hub * background) / max(1 - p.hub * background, 1e-6)

    def bead(i: int, a: int, j: int, b: int) -> tuple[float, float]:
        sim = float(tgt.spans[b][j] @ src.spans[a][i]) if tgt.ok[b][j] else -1.0
        bs, bt = float(src.bg[a][i]), float(tgt.bg[b][j])
        joint = relative(sim, (bs + bt) / 2)
        own = 2 * joint
        if a + b > 2:
            own = sum(relative(float(tgt.spans[b][j] @ src.single[k]), (float(src.bg[1][k]) + bt) / 2)
                      for k in range(i, i + a))
            at = [min(j + k, j + b - 1, m - 1) for k in range(b)]
            own += sum(relative(float(tgt.single[t] @ src.spans[a][i]), (bs + float(tgt.bg[1][t])) / 2) for t in at)
        gain = ((1 - p.part) * (a + b) * joint + p.part * own - (a + b) * p.gain
                - (a + b) / 2 * p.length * abs(src.loglen[a][i] - tgt.loglen[b][j]) - p.merge * (a + b - 2))
        guess = bool(src.guess[a][i] or tgt.guess[b][j])
        if sim + align.ESTIMATE_SIMILARITY * guess < p.min_sim:
            return sim, -np.inf
        allowance = align.ESTIMATE_GAIN if p.allowance is None else p.allowance
        one_of_two = a > 1 and b > 1 and not (src.guess[a][i] and tgt.guess[b][j])
        return sim, gain + allowance[(a, b, 1) if one_of_two else (a, b)] * guess

    def held(i: int, j: int) -> float:
        return score.get((i, j), -np.inf) if i >= 0 and lo[i] <= j <= hi[i] else -np.inf

    score: dict[tuple[int, int], float] = {}
    back: dict[tuple[int, int], tuple[int, int, float]] = {}
    for i in range(n + 1):
        for j in range(lo[i], hi[i] + 1):
            best, step = (0.0, (0, 0, 0.0)) if (i, j) == (0, 0) else (-np.inf, (0, 0, 0.0))
            options = [(held(i - 1, j), (1, 0, 0.0))]
            for a, b in align.BEADS:
                if i >= a and j >= b and src.ok[a][i - a]:
                    sim, gain = bead(i - a, a, j - b, b)
                    options.append((held(i - a, j - b) + gain, (a, b, sim)))
            options.append((held(i, j - 1), (0, 1, 0.0)))
            for value, option in options:
                if value > best:
                    best, step = value, option
            score[(i, j)], back[(i, j)] = best, step
    links = []
    i, j = n, m
    while (i, j) != (0, 0):
        a, b, sim = back[(i, j)]
        if a and b:
            links.append((i - a, a, j - b, b, sim))
        i, j = i - a, j - b
    return links[::-1]


def test_vectorised_dp_agrees_with_the_cell_by_cell_dp(monkeypatch: pytest.MonkeyPatch) -> None:
    import drift.align as align

    source, target = _bead_story(11, 40, replaced=True)
    target[10:16] = target[10:16][::-1]       # a moved stretch, for the leftover passes
    fast_pass = align._monotonic_pass
    passes = []

    def both(src, tgt, p, anchors=None, memo=None):  # type: ignore[no-untyped-def]
        fast, plain = fast_pass(src, tgt, p, anchors, memo), _cell_by_cell_pass(src, tgt, p, anchors)
        passes.append((fast, plain))
        return fast

    monkeypatch.setattr(align, "_monotonic_pass", both)
    # Background, length and merge terms all weigh in, so that beads compete closely.
    thresholds = {**THRESHOLDS, "align_hub": 0.5, "align_length": 0.2, "align_merge": 0.0, "align_gain": 0.2}
    result = align_pair(source, target, ContextEmbedder(), thresholds)
    assert len(passes) > 3 and any(len(s) > 1 or len(t) > 1 for s, t in pairs_of(result))
    for fast, plain in passes:
        assert [link[:4] for link in fast] == [link[:4] for link in plain]
        assert [link[4] for link in fast] == pytest.approx([link[4] for link in plain], abs=1e-5)


class CountingTopicEmbedder(TopicEmbedder):
    """TopicEmbedder that also counts each text's tokens, as drift.encoders.Encoder does."""

    def token_counts(self, texts: Sequence[str]) -> list[int]:
        return [len(text.split()) + 2 for text in texts]


def test_runs_are_estimated_from_token_counts_when_the_embedder_counts_them(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import drift.align as align

    # Long topic names: a sentence's characters and its tokens disagree.
    source = ["t1 t2", "t3", "t100 t101 t102", "t4"]
    target = ["t1 t2 t3", "t100", "t101 t102 t4"]
    weights: list[list[float]] = []
    allowances: list[object] = []
    estimate, scores = align.estimated_runs, align._bead_scores

    def recording(vectors: np.ndarray, lengths: np.ndarray) -> dict[int, np.ndarray]:
        weights.append(lengths.tolist())
        return estimate(vectors, lengths)

    def scoring(src, tgt, p, items, lo, hi):  # type: ignore[no-untyped-def]
        allowances.append(p.allowance)
        return scores(src, tgt, p, items, lo, hi)

    monkeypatch.setattr(align, "estimated_runs", recording)
    monkeypatch.setattr(align, "_bead_scores", scoring)
    counted = align_pair(source, target, CountingTopicEmbedder(), THRESHOLDS)
    assert weights == [[4, 3, 5, 3], [5, 3, 5]]
    assert allowances and all(a is None for a in allowances)      # ESTIMATE_GAIN, for token counts
    weights.clear()
    allowances.clear()
    plain = align_pair(source, target, TopicEmbedder(), THRESHOLDS)
    assert weights[0] == [len(t) + 1 for t in source]
    assert allowances and all(a is align.ESTIMATE_GAIN_BY_CHARACTERS for a in allowances)
    assert pairs_of(counted) == pairs_of(plain)


def test_a_two_to_two_bead_with_one_run_encoded_gets_the_one_run_allowance() -> None:
    # A 2-2 bead whose target run was encoded for another bead has only its source run estimated:
    # its error is that of one estimate, not two (whose optimism adds up), so it gets
    # ESTIMATE_GAIN[(2, 2, 1)], not the both-estimated ESTIMATE_GAIN[(2, 2)].
    import dataclasses

    import drift.align as align

    rng = np.random.default_rng(0)
    vectors = [rng.normal(size=(5, 8)) for _ in range(2)]
    e_s, e_t = (v / np.linalg.norm(v, axis=1, keepdims=True) for v in vectors)
    p = dataclasses.replace(align._Params.from_thresholds(THRESHOLDS), min_sim=-9.0)
    code = align.BEADS.index((2, 2)) + 3
    lo, hi = np.zeros(6, dtype=np.int64), np.full(6, 5, dtype=np.int64)

    def side(e: np.ndarray, other: np.ndarray, estimated: bool) -> align._Side:
        spans = {1: e, **align.estimated_runs(e, np.ones(len(e)))}
        guess = {length: np.full(len(v), estimated and length > 1) for length, v in spans.items()}
        bg = {length: v @ other.mean(axis=0) for length, v in spans.items()}
        return align._side(spans, bg, np.zeros(len(e)), np.ones(len(e)), np.arange(len(e)), guess)

    def gains(source_estimated: bool, target_estimated: bool) -> np.ndarray:
        scores = align._bead_scores(side(e_s, e_t, source_estimated), side(e_t, e_s, target_estimated),
                                    p, [(4, code)], lo, hi)
        return scores[(4, code)][1]

    real = gains(False, False)
    np.testing.assert_allclose(gains(True, True) - real, align.ESTIMATE_GAIN[(2, 2)], atol=1e-9)
    np.testing.assert_allclose(gains(True, False) - real, align.ESTIMATE_GAIN[(2, 2, 1)], atol=1e-9)
    np.testing.assert_allclose(gains(False, True) - real, align.ESTIMATE_GAIN[(2, 2, 1)], atol=1e-9)
    assert align.ESTIMATE_GAIN[(2, 2, 1)] > align.ESTIMATE_GAIN[(2, 2)]
