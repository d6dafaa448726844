"""Severity calibration, ranking and the pair drift score."""

from __future__ import annotations

import pytest

from drift.align import Link, PairAlignment
from drift.findings import Finding, Side
from drift.score import BENIGN_CEILING, calibrate, finalize, pair_drift_score
from drift.segment import Sentence

SENTENCES = {
    "a": [Sentence(0, 0, 10, "x" * 10), Sentence(1, 11, 21, "y" * 10), Sentence(2, 22, 32, "With AFP", True)],
    "b": [Sentence(0, 0, 10, "x" * 10), Sentence(1, 11, 21, "y" * 10)],
}


def finding(category: str, severity: float, source: tuple[int, int, int] | None = (0, 0, 5),
            target: tuple[int, int, int] | None = (0, 0, 5), detector: str = "test") -> Finding:
    def side(doc: str, where: tuple[int, int, int] | None) -> Side:
        if where is None:
            return Side(doc=doc)
        sentence, start, end = where
        return Side(doc=doc, sentence=sentence, start=start, end=end, text="t")
    return Finding(category=category, source=side("a", source), target=side("b", target), explanation="e",
                   severity=severity, detector=detector)


@pytest.mark.parametrize("prior, cut, expected", [(0.95, 0.95, 0.5), (1.0, 0.6, 1.0), (0.3, 0.6, 0.25),
                                                  (0.6, 0.6, 0.5), (0.8, 0.6, 0.75)])
def test_cut_maps_the_detector_score_onto_the_threshold(prior: float, cut: float, expected: float) -> None:
    f = finding("entity", prior)
    f.evidence["prior"] = prior
    assert calibrate(f, {"cut": cut}) == pytest.approx(expected)


def test_benign_findings_stay_below_the_threshold() -> None:
    assert calibrate(finding("variant", 0.99), None) == BENIGN_CEILING < 0.5


def test_finalize_sorts_numbers_and_drops_boilerplate_duplicates_and_explained_other() -> None:
    findings = [
        finding("number", 0.6, (1, 11, 13), (1, 11, 13)),
        finding("number", 0.4, (1, 12, 14), (1, 12, 15)),            # overlaps the first: a duplicate
        finding("other", 0.9, (1, 11, 20), (1, 11, 20)),             # explained by the number finding
        finding("entity", 0.8, (2, 22, 25), (0, 0, 3)),              # touches a boilerplate line
        finding("omission", 0.7, (0, 0, 10), None),
    ]
    out = finalize(findings, SENTENCES, {})
    assert [(f.category, f.severity) for f in out] == [("omission", 0.7), ("number", 0.6)]
    assert [f.id for f in out] == ["F0001", "F0002"]
    assert all("prior" in f.evidence for f in out)


def test_pair_drift_score_is_the_mean_worst_flagged_severity_per_unit() -> None:
    alignment = PairAlignment(links=[Link((0,), (0,), 0.9), Link((1,), (1,), 0.9)], unaligned_source=[2],
                              unaligned_target=[])
    assert pair_drift_score([], alignment, 0.5) == 0.0
    findings = [finding("number", 0.8, (0, 0, 5), (0, 0, 5)), finding("time", 0.6, (0, 6, 8), (0, 6, 8)),
                finding("variant", 0.4, (1, 11, 13), (1, 11, 13)), finding("omission", 0.3, (2, 22, 30), None)]
    # Unit 0 counts its worst flagged finding (0.8); the variant and the unflagged omission count 0.
    assert pair_drift_score(findings, alignment, 0.5) == pytest.approx(0.8 / 3)


def test_an_other_finding_is_explained_only_by_a_typed_finding_that_touches_it_in_its_pair() -> None:
    def other(source: tuple[int, int, int] | None, target: tuple[int, int, int] | None, doc: str = "b") -> Finding:
        f = finding("other", 0.9, source, target)
        f.target = Side(doc=doc, sentence=f.target.sentence, start=f.target.start, end=f.target.end, text="t")
        return f

    typed = finding("number", 0.6, (0, 2, 4), (1, 12, 14))
    elsewhere = finding("entity", 0.6, (0, 7, 9), (1, 17, 19))
    elsewhere.target = Side(doc="c", sentence=1, start=17, end=19, text="t")   # another pair of versions
    kept = [other((0, 4, 6), (1, 14, 16)),        # ranges touch end to start: no shared position
            other(None, (1, 15, 18)),             # no source span, target apart
            other((1, 11, 13), None),             # the typed finding's target range, but on the source side
            other((0, 3, 4), (1, 12, 13), "c")]   # the typed finding's place, in another pair
    dropped = [other((0, 3, 5), None),            # source overlaps
               other(None, (1, 13, 20)),          # target overlaps
               other((0, 0, 10), (1, 0, 30)),     # both
               other((0, 8, 9), (1, 0, 1), "c")]  # source overlaps the finding of its pair
    sentences = {"a": SENTENCES["a"], "b": SENTENCES["b"], "c": SENTENCES["b"]}
    out = finalize([typed, elsewhere, *kept, *dropped], sentences, {})
    def where(f: Finding) -> tuple:
        return f.source.span, f.target.doc, f.target.span
    assert sorted(map(str, map(where, (f for f in out if f.category == "other")))) == sorted(map(str, map(where, kept)))
