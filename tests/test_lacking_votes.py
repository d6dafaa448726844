"""A clause one version lacks, told by the vote of its pairs (drift/events.py ``_clause_votes``):
each pair locates the clause in its own version's telling, and the word check of any one telling
against every version reads translations unevenly; most pairs agreeing that one version lacks a
clause at one place of the sentence make it that version's omission. And the mirror: a clause
one version alone carries, which most of its pairs show the others lacking."""

from __future__ import annotations

import numpy as np

from drift.align import Link, PairAlignment
from drift.collate import collate
from drift.config import load_config
from drift.documents import Document
from drift.events import build_events
from drift.findings import Finding, Side
from drift.segment import Sentence

LANG = {"a": "en", "b": "fr", "c": "de", "d": "es", "e": "it", "f": "pl"}
OPENING = "The mayor said on Monday that the bridge would reopen"
CLAUSE = "after engineers finished checking every cable and pillar of the old structure"
CLOSING = "before the winter."


def _story(texts: dict[str, str], split: str | None = None):
    """One sentence per version, but ``split``'s text holds two, the second linked to nothing."""
    ids = list(texts)
    documents = [Document(d, texts[d] + "\n", language=LANG[d]) for d in ids]
    sentences = {d: [Sentence(0, 0, len(texts[d]), texts[d])] for d in ids}
    if split is not None:
        cut = texts[split].index(". ") + 1
        sentences[split] = [Sentence(0, 0, cut, texts[split][:cut]),
                            Sentence(1, cut + 1, len(texts[split]), texts[split][cut + 1:])]
    alignments = {(i, j): PairAlignment([Link((0,), (0,), 0.95)], [k for k in (1,) if ids[i] == split],
                                        [k for k in (1,) if ids[j] == split])
                  for i in range(len(ids)) for j in range(i + 1, len(ids))}
    counts = [len(sentences[d]) for d in ids]
    return documents, sentences, collate(ids, counts, alignments, {"collate_alone": 0.9})


def _events(carriers: dict[str, str], lacking: str = "c", lacking_text: str = f"{OPENING} {CLOSING}"):
    """Every other version's pair with ``lacking`` shows the words it marks in ``carriers`` added."""
    texts = {d: f"{OPENING} {CLAUSE} {CLOSING}" for d in LANG}
    texts[lacking] = lacking_text
    documents, sentences, units = _story(texts, lacking if ". " in lacking_text else None)
    findings = []
    for doc, words in carriers.items():
        start = texts[doc].index(words)
        findings.append(Finding("addition", Side(lacking), Side(doc, 0, start, start + len(words), words),
                                f"“{words}” has no counterpart in {lacking}.", severity=0.62,
                                evidence={"confidence": 0.6}, detector="spans"))
    return build_events(documents, sentences, units, findings, {}, {}, reference="a")


def test_a_clause_most_pairs_show_one_version_lacking_is_its_omission() -> None:
    events = _events({d: CLAUSE for d in "abdef"})
    (event,) = [e for e in events if e.severity >= 0.5]
    assert (event.category, event.deviating) == ("omission", ["c"])


def test_the_pairs_must_agree_on_where_the_clause_sits() -> None:
    # Each pair finds the version lacking something else: its rendering differs here and there.
    events = _events({"a": OPENING, "b": CLAUSE, "d": CLOSING.rstrip("."), "e": OPENING, "f": CLOSING.rstrip(".")})
    assert not [e for e in events if e.deviating == ["c"] and e.severity >= 0.5]


def test_two_pairs_are_no_vote() -> None:
    events = _events({"a": CLAUSE, "b": CLAUSE})
    assert not [e for e in events if e.deviating == ["c"] and e.severity >= 0.5]


def test_a_version_that_split_the_sentence_may_carry_the_clause_in_its_next_one() -> None:
    # The lacking version put the clause in a sentence of its own, which no other version's
    # sentence is linked with: the pairs' vote says nothing of it.
    events = _events({d: CLAUSE for d in "abdef"}, lacking_text=f"{OPENING} {CLOSING} It came {CLAUSE}.")
    assert not [e for e in events if e.category == "omission" and e.deviating == ["c"] and e.severity >= 0.5]


# Words of c's clause that f tells elsewhere.
ASIDE = "Engineers checked the old structure of the bridge last spring."


def _carried_by_one(pairs: str, encoder):
    """Version c alone carries the clause; each version of ``pairs`` shows it in their pair (an
    addition where c is the pair's second version, an omission where it is the first). Each
    version has a second sentence; f's is ``ASIDE``."""
    ids = list(LANG)
    texts = {d: [f"{OPENING} {CLOSING}", "The council met on Friday."] for d in ids}
    texts["c"][0] = f"{OPENING} {CLAUSE} {CLOSING}"
    texts["f"][1] = ASIDE
    documents = [Document(d, " ".join(texts[d]) + "\n", language=LANG[d]) for d in ids]
    sentences = {}
    for d in ids:
        first = texts[d][0]
        sentences[d] = [Sentence(0, 0, len(first), first),
                        Sentence(1, len(first) + 1, len(first) + 1 + len(texts[d][1]), texts[d][1])]
    alignments = {(i, j): PairAlignment([Link((0,), (0,), 0.95), Link((1,), (1,), 0.95)], [], [])
                  for i in range(len(ids)) for j in range(i + 1, len(ids))}
    units = collate(ids, [2] * len(ids), alignments, {"collate_alone": 0.9})
    start = texts["c"][0].index(CLAUSE)
    carried = Side("c", 0, start, start + len(CLAUSE), CLAUSE)
    findings = [Finding("addition", Side(d), carried, "", severity=0.62, detector="spans")
                if ids.index(d) < ids.index("c") else
                Finding("omission", carried, Side(d), "", severity=0.62, detector="spans") for d in pairs]
    config = load_config()
    embeddings = {d: np.asarray(encoder.encode([s.text for s in sentences[d]])) for d in ids}
    settings = {"flag_threshold": config.threshold, **config.section("events")}
    return build_events(documents, sentences, units, findings, embeddings, dict(config.model_spec().thresholds),
                        settings, reference="a", alignments=alignments, encoder=encoder)


def test_a_clause_most_pairs_show_one_version_alone_carrying_is_not_bounded_by_one_loose_word_check(
        encoder) -> None:
    # f tells elsewhere of engineers checking a structure: the word check of c's clause against
    # the whole of f finds some of its words there, though f does not carry the clause. With the
    # vote of most of c's pairs (one event, whether a pair called it added or left out, which
    # only the pair's order decides), f's partial match no longer bounds the words the others
    # lack.
    (voted,) = [e for e in _carried_by_one("abdef", encoder) if e.deviating == ["c"]]
    (unvoted,) = [e for e in _carried_by_one("ab", encoder) if e.deviating == ["c"]]
    assert voted.evidence["pairs"] == 5
    assert voted.evidence["missing_words"] >= 0.8 * voted.evidence["content_words"]
    assert unvoted.evidence["missing_words"] < 0.8 * unvoted.evidence["content_words"]
    assert voted.severity >= 0.5


def test_three_pairs_are_no_vote_on_a_clause_one_version_alone_carries(encoder) -> None:
    # A version's own free rendering of a clause is its words alone in every pair: three of its
    # pairs show that as readily as an added claim (a vote on a clause it lacks needs three).
    (event,) = [e for e in _carried_by_one("abd", encoder) if e.deviating == ["c"]]
    assert event.evidence["missing_words"] < 0.8 * event.evidence["content_words"]
    (event,) = [e for e in _carried_by_one("abde", encoder) if e.deviating == ["c"]]
    assert event.evidence["missing_words"] >= 0.8 * event.evidence["content_words"]
