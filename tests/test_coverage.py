"""Whole-sentence additions and omissions: sides, boilerplate, evidence."""

from __future__ import annotations

import numpy as np
import pytest

from drift.detect.coverage import _is_heading, unaligned_findings
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


def test_a_claim_is_not_carried_by_a_version_that_shares_only_the_story_topic_words() -> None:
    # Every sentence of the story names the rebels and Hama; only the claim's own words (who saw
    # what, where) say whether another version carries it.
    from drift.events import EVENT_DEFAULTS, Span, _Coverage
    from tests.fake_encoder import FakeEncoder

    texts = {"a": ["rebels shelled Hama today.", "rebels near Hama said the monitor.",
                   "reporters saw rebels reach Hama outskirts."],
             "b": ["rebels shelled Hama today.", "rebels near Hama said the monitor."]}
    documents, sentences, embeddings = [], {}, {}
    encoder = FakeEncoder()
    for doc, sents in texts.items():
        text = " ".join(sents)
        starts = [text.index(s) for s in sents]
        documents.append(Document(doc, text))
        sentences[doc] = [Sentence(k, st, st + len(s), s) for k, (st, s) in enumerate(zip(starts, sents, strict=True))]
        embeddings[doc] = encoder.encode(sents)
    coverage = _Coverage(documents, sentences, embeddings, encoder, {"span_layer": 7, "span_word": 0.45},
                         EVENT_DEFAULTS)
    claim = sentences["a"][2]
    share = coverage.share(Span("a", 2, claim.start, claim.end, claim.text), "b", 0.3)
    # Two of its six content words ("rebels", "Hama") align in b: a third unweighted, but they
    # are in every sentence of a, so they weigh little.
    assert share < 0.15
    repeated = sentences["a"][1]
    assert coverage.share(Span("a", 1, repeated.start, repeated.end, repeated.text), "b", 0.3) == 1.0


@pytest.mark.parametrize(("text", "heading"), [
    ("दोनों एजेंसियों ने केबल बिछाए।", False),  # the danda ends a Hindi sentence
    ("两家机构铺设了光缆。", False),
    ("Zwei Agenturen verlegten Kabel, sagte er „heute“", False),
    ("Two agencies lay fibre cables", True),
])
def test_a_sentence_ending_in_its_own_script_s_full_stop_is_no_heading(text: str, heading: bool) -> None:
    assert _is_heading(text) is heading


def test_a_sentence_in_a_script_without_spaces_is_as_long_as_its_words_not_one_word() -> None:
    # A whole Chinese sentence has no space: counted by whitespace it was one word long, and a
    # claim only it makes weighed as little as a one-word line.
    zh_text = "这是科隆今年以来第二座因安全隐患而封闭的桥梁。"
    en_text = "This is the second bridge in Cologne closed this year over safety concerns."
    findings = []
    for doc_id, text in (("zh", zh_text), ("en", en_text)):
        added = Document(doc_id, text)
        other = Document("x", "Another fact.")
        findings += unaligned_findings(other, added, [Sentence(0, 0, 13, "Another fact.")],
                                       [Sentence(0, 0, len(text), text)], [], [0], [], [0.5], {}, THRESHOLDS)
    zh, en = findings
    assert zh.evidence["length"] == pytest.approx(en.evidence["length"], abs=0.1)
    assert zh.severity == pytest.approx(en.severity, abs=0.05)
    assert not _is_heading("德国科隆一座莱茵河大桥因钢梁出现裂缝全面封闭，交通受阻")
