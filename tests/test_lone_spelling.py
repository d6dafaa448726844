"""One version spelling a name its own way where the other versions agree (drift/events.py
``_lone_spelling``): the event names that version alone and the agreeing pairs confirm it."""

from __future__ import annotations

from drift.align import Link, PairAlignment
from drift.collate import collate
from drift.documents import Document
from drift.events import _one_word_apart, build_events
from drift.findings import Finding, Side
from drift.segment import Sentence

IDS = ["a", "b", "c", "d", "e"]
NAME = {"a": "Park Byeong", "b": "Park Byeong", "c": "Park Parts", "d": "Park Byeong", "e": "Пак Бён"}


def _story() -> tuple[list[Document], dict[str, list[Sentence]], list]:
    documents, sentences = [], {}
    for doc_id in IDS:
        sentence = f"{NAME[doc_id]} said the talks would resume."
        documents.append(Document(doc_id, sentence + "\n", language="en"))
        sentences[doc_id] = [Sentence(0, 0, len(sentence), sentence)]
    alignments = {(i, j): PairAlignment([Link((0,), (0,), 0.95)], [], [])
                  for i in range(len(IDS)) for j in range(i + 1, len(IDS))}
    units = collate(IDS, [1] * len(IDS), alignments, {"collate_alone": 0.9})
    return documents, sentences, units


def _side(doc: str) -> Side:
    return Side(doc, 0, 0, len(NAME[doc]), NAME[doc])


def _finding(other: str, odd_support: float, severity: float = 0.47) -> Finding:
    # The entity detector's evidence: "c" is the deviant side, "support" the agreeing form's share.
    return Finding("entity", _side(other), _side("c"), "The name differs.", severity=severity,
                   evidence={"support": 0.83, "target_support": odd_support, "source_deviant": 0.0},
                   detector="entities")


def _event(findings: list[Finding]):
    documents, sentences, units = _story()
    events = build_events(documents, sentences, units, findings, {}, {}, reference="a")
    return next(e for e in events if e.category == "entity")


def test_a_name_one_version_alone_spells_is_flagged_naming_that_version() -> None:
    # Every same-script pair shows it, the cross-script pair ("Пак Бён") too, below the threshold.
    cross = Finding("entity", _side("e"), _side("c"), "The name differs.", severity=0.3,
                    evidence={"support": 0.5, "target_support": 0.0, "source_deviant": 0.0}, detector="entities")
    event = _event([_finding("a", 0.0), _finding("b", 0.0), _finding("d", 0.0), cross])
    assert event.deviating == ["c"]
    assert event.severity > 0.5
    assert "c has “Park Parts” where a, b, d and e have “Park Byeong”" in event.explanation


def test_a_form_other_versions_also_carry_is_not_lifted() -> None:
    # The deviant form is found in another version too: two established forms, no lone spelling.
    event = _event([_finding("a", 0.2), _finding("b", 0.2), _finding("d", 0.2)])
    assert event.severity < 0.5


def test_two_pairs_are_not_enough_to_lift_a_name() -> None:
    event = _event([_finding("a", 0.0), _finding("b", 0.0)])
    assert event.severity < 0.5


def test_only_names_one_word_apart_beyond_an_ending_count() -> None:
    assert _one_word_apart("Park Byeong", "Park Parts")
    assert _one_word_apart("Christine Blasey Ford", "Atlanta Blasey Ford")
    assert not _one_word_apart("Nations unies", "Nazioni Unite")  # translated: both words differ
    assert not _one_word_apart("Trump Organization", "Organización Trump")  # another order
    assert not _one_word_apart("Taiwan", "Tajwanu")  # one word
    assert not _one_word_apart("Grant Anderson", "Grant Andersons")  # an ending
    assert not _one_word_apart("Grant Anderson", "Grant Andersons Versuch")  # another length
