"""Severity: turn each finding's evidence into a calibrated score in [0, 1], rank, de-duplicate.

The models are fitted per category and detector on labelled data by ``eval/calibrate.py``
and stored per model in ``configs/severity/<model>.toml`` (``Config.calibration``): either a
cut on the detector's own score that maps to the flag threshold (the default), or a logistic
model over the evidence. A category with no fitted model keeps its detector's provisional
severity. Informational categories (``variant``,
``paraphrase``) are capped below the flag threshold: they are never drift.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from drift.align import PairAlignment
from drift.categories import EXPLAINING
from drift.findings import BENIGN, Finding
from drift.segment import Sentence

# The ceiling of informational findings: strictly below the default flag threshold of 0.5.
BENIGN_CEILING = 0.45


def fitted_score(prior: float, evidence: Mapping[str, float], model: Mapping[str, Any] | None) -> float:
    """A provisional score ``prior`` through a fitted severity model (findings and events alike):
    a cut that maps to the flag threshold, or a logistic model over the evidence."""
    if not model:
        return min(max(prior, 0.0), 1.0)
    if "cut" in model:
        # Threshold calibration of the detector's own score: the cut chosen on labelled data maps
        # to the flag threshold 0.5, and the scores on either side stretch linearly, so the
        # detector's ranking and spread are kept.
        cut = float(model["cut"])
        severity = 0.5 + 0.5 * (prior - cut) / max(1.0 - cut, 1e-6) if prior >= cut else 0.5 * prior / max(cut, 1e-6)
    else:
        z = float(model.get("bias", 0.0))
        for key, weight in model.get("weights", {}).items():
            z += float(weight) * float(evidence.get(key, 0.0))
        severity = 1.0 / (1.0 + math.exp(-z))
    return min(max(severity, 0.0), 1.0)


def calibrate(finding: Finding, model: Mapping[str, Any] | None) -> float:
    """Severity of one finding under its fitted model (or its provisional severity)."""
    prior = float(finding.evidence.get("prior", finding.severity)) if model else finding.severity
    severity = fitted_score(prior, finding.evidence, model)
    if finding.category in BENIGN:
        severity = min(severity, BENIGN_CEILING)
    return severity


def severity_model(calibration: Mapping[str, Any], finding: Finding) -> Mapping[str, Any] | None:
    """The fitted model for a finding: per category and detector (their evidence differs), else
    per category."""
    return calibration.get(f"{finding.category}:{finding.detector}") or calibration.get(finding.category)


# A side without a span (the whole document): an inverted range that overlaps no span.
_NO_SPAN = (np.inf, -np.inf)


class _KeptSpans:
    """The source and target spans of the findings kept so far in one (category, source,
    target) group: a finding repeats one of them (the same category, documents and place) when
    its spans overlap theirs on both sides, or both sides are whole documents alike."""

    def __init__(self) -> None:
        # Columns: source start, end, target start, end, source whole-document, target whole-document.
        self._rows = np.zeros((8, 6))
        self._count = 0

    def add(self, finding: Finding) -> None:
        if self._count == len(self._rows):
            self._rows = np.concatenate([self._rows, np.zeros_like(self._rows)])
        s, t = finding.source.span, finding.target.span
        self._rows[self._count] = (*(s or _NO_SPAN), *(t or _NO_SPAN), s is None, t is None)
        self._count += 1

    def repeats(self, finding: Finding) -> bool:
        a = self._rows[:self._count]
        same = np.ones(len(a), dtype=bool)
        for side, (lo, hi, whole) in ((finding.source, (0, 1, 4)), (finding.target, (2, 3, 5))):
            if side.span is None:
                same &= a[:, whole] == 1
            else:
                same &= (a[:, lo] < side.span[1]) & (side.span[0] < a[:, hi])
        return bool(same.any())


def _explained(findings: Sequence[Finding]) -> set[int]:
    """The ``id`` of every ``other`` finding where a typed finding already says what changed (same
    pair of documents, overlapping spans on at least one side): a repeat. The typed findings'
    spans are held in arrays per pair of documents, as a long document pair has thousands."""
    typed: dict[tuple[str, str], list[Finding]] = {}
    for f in findings:
        if f.category in EXPLAINING:
            typed.setdefault((f.source.doc, f.target.doc), []).append(f)
    # Per pair and side: start and end of each typed finding's span (none: an empty, inverted range).
    ranges = {key: [np.array([(side.span or (np.inf, -np.inf)) for side in sides], dtype=np.float64).reshape(-1, 2)
                    for sides in ([f.source for f in group], [f.target for f in group])]
              for key, group in typed.items()}
    out: set[int] = set()
    for finding in findings:
        key = (finding.source.doc, finding.target.doc)
        if finding.category != "other" or key not in typed:
            continue
        touched = np.zeros(len(typed[key]), dtype=bool)
        for side, spans in zip((finding.source, finding.target), ranges[key], strict=True):
            if side.span is not None:
                touched |= (spans[:, 0] < side.span[1]) & (side.span[0] < spans[:, 1])
        # (a finding never explains itself)
        if any(touched[k] and typed[key][k] is not finding for k in np.flatnonzero(touched)):
            out.add(id(finding))
    return out


def in_boilerplate(finding: Finding, sentences: Mapping[str, Sequence[Sentence]]) -> bool:
    for side in (finding.source, finding.target):
        if side.sentence is not None and sentences[side.doc][side.sentence].boilerplate:
            return True
    return False


def finalize(findings: Iterable[Finding], sentences: Mapping[str, Sequence[Sentence]],
             calibration: Mapping[str, Any]) -> list[Finding]:
    """Calibrate, drop boilerplate and duplicates, sort by severity (highest first), number them."""
    kept: list[Finding] = []
    for finding in findings:
        if in_boilerplate(finding, sentences):
            continue
        # The detector's own score is a feature of the fitted model (eval/calibrate.py).
        finding.evidence.setdefault("prior", finding.severity)
        finding.severity = calibrate(finding, severity_model(calibration, finding))
        kept.append(finding)
    explained = _explained(kept)
    kept = [f for f in kept if id(f) not in explained]
    kept.sort(key=lambda f: (-f.severity, f.source.doc, f.target.doc, f.target.start or -1,
                             f.source.start or -1, f.category))
    unique: list[Finding] = []
    # Duplicates share category and documents: only those are compared, as spans in arrays (a
    # long document pair has thousands of findings of one category).
    alike: dict[tuple[str, str, str], _KeptSpans] = {}
    for finding in kept:
        group = alike.setdefault((finding.category, finding.source.doc, finding.target.doc), _KeptSpans())
        if not group.repeats(finding):
            unique.append(finding)
            group.add(finding)
    for number, finding in enumerate(unique, 1):
        finding.id = f"F{number:04d}"
    return unique


def pair_drift_score(findings: Sequence[Finding], alignment: PairAlignment, threshold: float) -> float:
    """How much of a pair drifted, in [0, 1]: the mean over the pair's units (links and
    unaligned sentences) of the highest flagged severity of real drift in that unit (0 if none).

    One severe finding in a ten-unit pair gives about 0.09; drift in every unit gives about its
    mean severity. Informational and unflagged findings do not count.
    """
    units: list[tuple[set[int], set[int]]] = [(set(link.source), set(link.target)) for link in alignment.links]
    units += [({i}, set()) for i in alignment.unaligned_source]
    units += [(set(), {j}) for j in alignment.unaligned_target]
    if not units:
        return 0.0
    worst = [0.0] * len(units)
    for finding in findings:
        if finding.category in BENIGN or finding.severity < threshold:
            continue
        for k, (src, tgt) in enumerate(units):
            if finding.source.sentence in src or finding.target.sentence in tgt:
                worst[k] = max(worst[k], finding.severity)
    return sum(worst) / len(units)
