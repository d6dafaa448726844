"""N-way collation: the story's alignment table, one row (unit) per fact, one cell per version.

Collation comes first and the pairwise links are read off it (CollateX's alignment table). The
input is every pair's sentence alignment (``drift.align.align_pair``); the N versions are the
evidence that decides which links are real:

- a link that a third version confirms (A~B, A~C and B~C all hold) is strong;
- a link no third version confirms is kept only if it is confident on its own (similarity at or
  above the model's ``collate_alone``), so a sentence with no confident counterpart stays alone
  in its own unit instead of being glued to its nearest neighbour (with two versions there is no
  third to ask, and the pairwise aligner's decision stands);
- with the versions' sentence vectors, every member of a link is measured by its ratio margin
  (bitext mining's cosine over the nearest neighbours' mean): in a story on one topic every
  sentence is fairly similar to every other, so a sentence merely least unrelated to its
  partner, or swept into a merge bead it does not belong to, scores about 1 and stays out of the
  unit (``collate_margin``); only a lone sentence that most third versions link the same way
  (``VOUCHED_SHARE``) needs no more than a margin above 1, since in a story of many similar
  sentences (a match report) a faithful counterpart's margin is low too;
- links are merged strongest first; a merge is refused when a unit would hold several sentences
  of a version that no single link joins as a bead (a split or merge of that version), that are
  not one contiguous run (unlinked sentences in between do not count) or more than
  ``MAX_UNIT_GROUP`` of them; so splits and merges are kept, chains of one-to-one links never glue
  neighbours together, and a sentence two versions link to different places stays with its
  stronger partner.

Every non-boilerplate sentence lands in exactly one unit; boilerplate is in none.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from drift.align import Link, PairAlignment, top_k

# Largest group of one version's sentences a collation unit may hold.
MAX_UNIT_GROUP = 4
# How much one confirming version adds to a link's strength when links are merged strongest first.
CONFIRMATION_BONUS = 0.05
# Nearest neighbours averaged for a sentence's margin scale.
MARGIN_NEIGHBOURS = 4
# Share of the third versions whose links vouch for a link's lone sentences (see ``collate``).
VOUCHED_SHARE = 0.75


@dataclass
class Unit:
    """A row of the collation table: the sentences that carry one fact in each version.

    ``cells`` has an entry for every version, ``()`` where the version does not carry the fact.
    ``confidence`` is the mean strength of the links that hold the row together (0 for a row with
    one version).
    """

    id: str
    cells: dict[str, tuple[int, ...]]
    confidence: float = 0.0
    links: list[tuple[str, str, Link]] = field(default_factory=list, repr=False)

    @property
    def present(self) -> list[str]:
        return [doc for doc, cell in self.cells.items() if cell]

    @property
    def missing(self) -> list[str]:
        return [doc for doc, cell in self.cells.items() if not cell]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "cells": {doc: list(cell) for doc, cell in self.cells.items()}}


def _touches(a: Sequence[int], b: Sequence[int]) -> bool:
    return bool(set(a) & set(b))


def _confirmations(doc_ids: Sequence[str], alignments: Mapping[tuple[int, int], PairAlignment],
                   a: int, b: int, link: Link) -> int:
    """How many third versions link both sides of ``link`` to the same sentences."""
    def partners(x: int, sents: Sequence[int], c: int) -> set[int]:
        key, flip = ((x, c), False) if (x, c) in alignments else ((c, x), True)
        if key not in alignments:
            return set()
        out: set[int] = set()
        for other in alignments[key].links:
            mine, theirs = (other.target, other.source) if flip else (other.source, other.target)
            if _touches(mine, sents):
                out.update(theirs)
        return out

    count = 0
    for c in range(len(doc_ids)):
        if c in (a, b):
            continue
        if partners(a, link.source, c) & partners(b, link.target, c):
            count += 1
    return count


def link_margins(vectors: Sequence[np.ndarray], alignments: Mapping[tuple[int, int], PairAlignment],
                 ) -> dict[tuple[int, int, int], tuple[list[float], list[float]]]:
    """Each link's members' ratio margins (cosine to the other side over the mean of both sides'
    nearest neighbours, as in bitext mining): a sentence that is merely the least unrelated one of
    the other version scores about 1, a true counterpart clearly above. Keyed by
    ``(a, b, position of the link)``; a member of a bead is measured against the whole other side,
    so one sentence swept into a merge shows up on its own."""
    out: dict[tuple[int, int, int], tuple[list[float], list[float]]] = {}
    for (a, b), alignment in alignments.items():
        va, vb = vectors[a], vectors[b]
        if not len(va) or not len(vb):
            continue
        k_ab, k_ba = min(MARGIN_NEIGHBOURS, len(vb)), min(MARGIN_NEIGHBOURS, len(va))
        knn_a = top_k(va, vb, k_ab)[1].mean(axis=1)
        knn_b = top_k(vb, va, k_ba)[1].mean(axis=1)
        for n, link in enumerate(alignment.links):
            side_a, side_b = list(link.source), list(link.target)
            joined_a = va[side_a].mean(axis=0)
            joined_b = vb[side_b].mean(axis=0)
            joined_a /= np.linalg.norm(joined_a) or 1.0
            joined_b /= np.linalg.norm(joined_b) or 1.0
            scale_a, scale_b = float(knn_a[side_a].mean()), float(knn_b[side_b].mean())
            out[(a, b, n)] = (
                [float(va[s] @ joined_b) / ((float(knn_a[s]) + scale_b) / 2) for s in side_a],
                [float(vb[t] @ joined_a) / ((float(knn_b[t]) + scale_a) / 2) for t in side_b])
    return out


def collate(doc_ids: Sequence[str], sentence_counts: Sequence[int],
            alignments: Mapping[tuple[int, int], PairAlignment], thresholds: Mapping[str, float],
            boilerplate: Mapping[str, Sequence[int]] | None = None,
            vectors: Sequence[np.ndarray] | None = None) -> list[Unit]:
    """The collation table of N versions from their pairwise alignments (keys ``(i, j)``, i < j,
    positions in ``doc_ids``). Units come in the reference's (first version's) reading order.
    With the versions' sentence ``vectors`` (3+ versions), a link member whose margin is below
    the model's ``collate_margin`` is not glued into the unit, unless it is its side's only
    sentence, most third versions confirm the link, and its margin is above 1."""
    alone = float(thresholds.get("collate_alone", 0.0))
    n_docs = len(doc_ids)
    floor = float(thresholds.get("collate_margin", 0.0))
    margins = link_margins(vectors, alignments) if vectors is not None and n_docs > 2 and floor else {}
    skip = [set(boilerplate.get(d, ())) if boilerplate else set() for d in doc_ids]
    node_base = np.concatenate([[0], np.cumsum(sentence_counts)]).astype(np.int64)
    total = int(node_base[-1])

    kept: list[tuple[float, int, int, Link, list[bool]]] = []
    for (a, b), alignment in alignments.items():
        for n, link in enumerate(alignment.links):
            # Two versions have no third to confirm a link: the aligner's own decision stands.
            confirmed = _confirmations(doc_ids, alignments, a, b, link) if n_docs > 2 else 0
            if n_docs > 2 and not confirmed and link.similarity < alone:
                continue
            keep = [True] * (len(link.source) + len(link.target))
            if (a, b, n) in margins:
                source_margins, target_margins = margins[(a, b, n)]
                # Most third versions link both sides the same way: a lone sentence on a side is
                # then vouched for by them, and needs only to be nearer its partner than its
                # neighbours are on average (a sentence swept into a merge bead still needs the floor).
                vouched = confirmed >= max(1, VOUCHED_SHARE * (n_docs - 2))
                keep = [m >= (1.0 if vouched and len(side) == 1 else floor)
                        for side, sides in ((link.source, source_margins), (link.target, target_margins))
                        for m in sides]
                if not any(keep[:len(link.source)]) or not any(keep[len(link.source):]):
                    continue
            kept.append((link.similarity + CONFIRMATION_BONUS * confirmed, a, b, link, keep))

    linked = [np.zeros(c, dtype=bool) for c in sentence_counts]
    # Multi-sentence groups some bead links as one (a split or merge): the only way a unit may
    # hold several sentences of one version, so chains of 1-1 links never glue neighbours together.
    beads: list[list[frozenset[int]]] = [[] for _ in range(n_docs)]
    edges: list[tuple[float, int, int, int, int, Link]] = []
    for strength, a, b, link, glued in kept:
        for d, side in ((a, link.source), (b, link.target)):
            if len(side) > 1:
                beads[d].append(frozenset(side))
        nodes = [int(node_base[a] + s) for s in link.source] + [int(node_base[b] + t) for t in link.target]
        # A member below the margin floor (a sentence swept into a merge) is not glued in.
        nodes = [node for node, ok in zip(nodes, glued, strict=True) if ok]
        for node in nodes:
            d = a if node_base[a] <= node < node_base[a + 1] else b
            linked[d][node - int(node_base[d])] = True
        edges.extend((strength, nodes[0], other, a, b, link) for other in nodes[1:])
    # Linked sentences before each position, per version: contiguity ignores unlinked sentences.
    prefix = [np.concatenate([[0], np.cumsum(f)]) for f in linked]

    parent = list(range(total))
    doc_of = np.repeat(np.arange(n_docs), sentence_counts)
    # Per root: version -> [first, last, count] of its sentences in the unit.
    spans: dict[int, dict[int, list[int]]] = {}
    for node in range(total):
        d = int(doc_of[node])
        spans[node] = {d: [node - int(node_base[d])] * 2 + [1]}
    cell: dict[int, dict[int, set[int]]] = {node: {int(doc_of[node]): {node - int(node_base[int(doc_of[node])])}}
                                            for node in range(total)}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def _through_bead(a: int, b: int, d: int, ru: int, rv: int) -> bool:
        """Whether a link of versions ``a`` and ``b`` joins two parts of version ``d`` through a
        merge of another of them: the other version's cell of the joined unit is one bead, so
        what each part of ``d`` is linked to is one group of sentences there. A version that
        swaps two sentences is aligned to its neighbour as a 2-2 bead ("hospital, then blast" /
        "blast, then hospital"); a third version that splits the blast in two must join the
        whole block, or its two sentences about the blast read as lacking everywhere."""
        for e in (a, b):
            if e == d:
                continue
            group = cell[ru].get(e, set()) | cell[rv].get(e, set())
            if len(group) > 1 and any(group == bead for bead in beads[e]):
                return True
        return False

    strengths: dict[int, list[float]] = {}
    unit_links: dict[int, list[tuple[str, str, Link]]] = {}
    for strength, u, v, a, b, link in sorted(edges, key=lambda e: -e[0]):
        ru, rv = find(u), find(v)
        if ru != rv:
            merged = {d: list(r) for d, r in spans[ru].items()}
            ok = True
            for d, (lo, hi, count) in spans[rv].items():
                if d in merged:
                    lo, hi, count = min(lo, merged[d][0]), max(hi, merged[d][1]), count + merged[d][2]
                if count > MAX_UNIT_GROUP or prefix[d][hi + 1] - prefix[d][lo] != count:
                    ok = False
                    break
                merged[d] = [lo, hi, count]
                if d in cell[ru] and d in cell[rv]:
                    joined = cell[ru][d] | cell[rv][d]
                    if not any(joined <= bead for bead in beads[d]) and not _through_bead(a, b, d, ru, rv):
                        ok = False
                        break
            if not ok:
                continue
            parent[rv] = ru
            spans[ru] = merged
            del spans[rv]
            for d, sents in cell.pop(rv).items():
                cell[ru].setdefault(d, set()).update(sents)
            strengths[ru] = strengths.pop(ru, []) + strengths.pop(rv, []) + [strength]
            unit_links[ru] = unit_links.pop(ru, []) + unit_links.pop(rv, [])
        root = find(u)
        triple = (doc_ids[a], doc_ids[b], link)
        if all(t[2] is not link for t in unit_links.get(root, [])):
            unit_links.setdefault(root, []).append(triple)

    members: dict[int, dict[int, list[int]]] = {}
    for node in range(total):
        d = int(doc_of[node])
        s = node - int(node_base[d])
        if s in skip[d]:
            continue
        members.setdefault(find(node), {}).setdefault(d, []).append(s)
    rows: dict[int, dict[int, tuple[int, ...]]] = {
        root: {d: tuple(sorted(v)) for d, v in sorted(cells.items())} for root, cells in members.items()}
    order = _reading_order(n_docs, sentence_counts, rows)
    units: list[Unit] = []
    for number, root in enumerate(order, 1):
        cells = {doc_ids[d]: rows[root].get(d, ()) for d in range(n_docs)}
        # Links that ended up inside the unit on both sides (a refused merge leaves a link across units).
        inside = [t for t in unit_links.get(root, [])
                  if set(t[2].source) <= set(cells[t[0]]) and set(t[2].target) <= set(cells[t[1]])]
        sims = strengths.get(root, [])
        units.append(Unit(id=f"U{number}", cells=cells, confidence=float(np.mean(sims)) if sims else 0.0,
                          links=inside))
    return units


def _reading_order(n_docs: int, sentence_counts: Sequence[int],
                   rows: Mapping[int, Mapping[int, tuple[int, ...]]]) -> list[int]:
    """Reference order; a unit the reference lacks follows the unit that holds the previous
    sentence of the first version that has it (so it sits where it occurs in its text)."""
    where: list[dict[int, int]] = [{} for _ in range(n_docs)]     # version -> sentence -> row
    for root, cells in rows.items():
        for d, sents in cells.items():
            for s in sents:
                where[d][s] = root
    followers: dict[int, list[int]] = {}
    roots: list[tuple[int, int]] = []
    placed: set[int] = set()
    for d in range(n_docs):
        previous = -1
        for s in range(sentence_counts[d]):
            row = where[d].get(s)
            if row is None:
                continue
            if row not in placed:
                placed.add(row)
                if d == 0:
                    roots.append((s, row))
                else:
                    followers.setdefault(previous, []).append(row)
            previous = row
    order: list[int] = []

    def emit(root: int) -> None:
        stack = [root]
        while stack:
            u = stack.pop()
            order.append(u)
            stack.extend(reversed(followers.get(u, [])))

    for f in followers.get(-1, []):
        emit(f)
    for _, root in sorted(roots):
        emit(root)
    return order


def pair_alignment(units: Sequence[Unit], source: str, target: str) -> PairAlignment:
    """The links between two versions read off the collation table: one link per unit both carry,
    with the similarity of the strongest pairwise link inside it (or the unit's confidence)."""
    links: list[Link] = []
    unaligned_source: list[int] = []
    unaligned_target: list[int] = []
    for unit in units:
        s, t = unit.cells.get(source, ()), unit.cells.get(target, ())
        if s and t:
            direct = [link.similarity for a, b, link in unit.links if {a, b} == {source, target}]
            links.append(Link(source=s, target=t, similarity=max(direct) if direct else unit.confidence))
        elif s:
            unaligned_source.extend(s)
        elif t:
            unaligned_target.extend(t)
    links.sort(key=lambda link: (link.source, link.target))
    return PairAlignment(links=links, unaligned_source=sorted(unaligned_source),
                         unaligned_target=sorted(unaligned_target))
