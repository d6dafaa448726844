"""Whole-sentence additions and omissions: sides, boilerplate, evidence."""

from __future__ import annotations

import numpy as np

from drift.detect.coverage import unaligned_findings
from drift.documents import Document
from drift.segment import Sentence

THRESHOLDS = {"unrelated": 0.78, "equivalent": 0.92}


def test_unaligned_sentences_become_omissions_and_additions() -> None:
    a = Document("a", "One fact here. Read also this.\nA claim only a has.")
    b = Document("b", "One fact here. A claim only b makes, about something else.")
    src = [Sentence(0, 0, 14, "One fact here."), Sentence(1, 15, 30, "Read also this.", True),
           Sentence(2, 31, 51, "A claim only a has.")]
    tgt = [Sentence(0, 0, 14, "One fact here."), Sentence(1, 15, 59, b.text[15:59])]
    sim = np.array([[1.0, 0.95], [0.7, 0.7], [0.79, 0.80]])
    findings = unaligned_findings(a, b, src, tgt, [1, 2], [1], sim[[1, 2]].max(axis=1), sim[:, [1]].max(axis=0),
                                  {("b", 1): 1.0}, THRESHOLDS)
    assert [(f.category, f.source.sentence, f.target.sentence) for f in findings] == [
        ("omission", 2, None), ("addition", None, 1)]  # the boilerplate sentence 1 of a is skipped
    omission, addition = findings
    assert omission.source.text == a.text[omission.source.start:omission.source.end]
    assert omission.target.doc == "b" and omission.target.start is None
    assert addition.source.doc == "a" and addition.source.text is None
    # b's sentence is close to a's sentence 0 (0.95): its content is largely there.
    assert addition.evidence["best_match"] == 1.0 and omission.evidence["best_match"] < 0.2
    assert addition.evidence["support"] == 1.0
    assert addition.severity < omission.severity
