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


def _story(names: dict[str, str] = NAME) -> tuple[list[Document], dict[str, list[Sentence]], list]:
    documents, sentences = [], {}
    for doc_id in IDS:
        sentence = f"{names[doc_id]} said the talks would resume."
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


def _event(findings: list[Finding], names: dict[str, str] = NAME):
    documents, sentences, units = _story(names)
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
    # The versions outside the two pairs write the name otherwise: nothing bears the pairs out.
    event = _event([_finding("a", 0.0), _finding("b", 0.0)], {**NAME, "d": "Kim Chol", "e": "Ким Чол"})
    assert event.severity < 0.5


def test_two_pairs_the_other_versions_words_bear_out_lift_a_name() -> None:
    # "d" writes "Park Byeong" too, though no finding of its pair was made: its words count.
    event = _event([_finding("a", 0.0), _finding("b", 0.0)])
    assert event.deviating == ["c"] and event.severity > 0.5


def test_only_names_one_word_apart_beyond_an_ending_count() -> None:
    assert _one_word_apart("Park Byeong", "Park Parts")
    assert _one_word_apart("Christine Blasey Ford", "Atlanta Blasey Ford")
    assert not _one_word_apart("Nations unies", "Nazioni Unite")  # translated: both words differ
    assert not _one_word_apart("Trump Organization", "Organización Trump")  # another order
    assert not _one_word_apart("Taiwan", "Tajwanu")  # one word
    assert not _one_word_apart("Grant Anderson", "Grant Andersons")  # an ending
    assert not _one_word_apart("Grant Anderson", "Grant Andersons Versuch")  # another length


# A word of a place's name replaced in one version, the others translating the rest of the name:
# only one pair shows it, the versions' words say which side changed it.
PLACE = {"en": "his colleague from South Carolina.", "de": "sein Kollege aus South Atlanta.",
         "fr": "sa collègue de Caroline du Sud.", "es": "su colega de Carolina del Sur.",
         "it": "il suo collega della Carolina del Sud.", "bg": "колегата му от Южна Каролина."}


def _place_event(texts: dict[str, str], agreed: str = "South Carolina", odd: str = "South Atlanta"):
    ids = list(texts)
    documents = [Document(d, texts[d] + "\n", language=d) for d in ids]
    sentences = {d: [Sentence(0, 0, len(texts[d]), texts[d])] for d in ids}
    alignments = {(i, j): PairAlignment([Link((0,), (0,), 0.95)], [], [])
                  for i in range(len(ids)) for j in range(i + 1, len(ids))}
    units = collate(ids, [1] * len(ids), alignments, {"collate_alone": 0.9})

    def side(doc: str, name: str) -> Side:
        start = texts[doc].index(name)
        return Side(doc, 0, start, start + len(name), name)

    odd_doc = next(d for d in ids if odd in texts[d])
    finding = Finding("entity", side("en", agreed), side(odd_doc, odd),
                      "The name differs.", severity=0.42,
                      evidence={"support": 0.5, "target_support": 0.0, "source_deviant": 0.0}, detector="entities")
    events = build_events(documents, sentences, units, [finding], {}, {}, reference="en")
    return next(e for e in events if e.category == "entity")


def test_a_word_of_a_name_replaced_is_told_by_the_words_of_every_version() -> None:
    event = _place_event(PLACE)
    assert event.deviating == ["de"]
    assert event.severity >= 0.5


def test_a_replaced_word_another_version_writes_too_is_not_lifted() -> None:
    # The Spanish version writes "Atlanta" too: the story knows both words, nothing says which
    # version changed the name.
    event = _place_event({**PLACE, "es": "su colega de Atlanta, Carolina del Sur."})
    assert event.severity < 0.5


def test_a_replaced_word_the_version_itself_writes_elsewhere_is_not_lifted() -> None:
    # The German version knows "Carolina": in this slot it names the state otherwise (a title for a
    # first name, "Oppositionsführer Corbyn" for "Jeremy Corbyn", is the same case).
    event = _place_event({**PLACE, "de": "sein Kollege aus South Atlanta, Carolina."})
    assert event.severity < 0.5



def test_a_replaced_word_that_opens_the_sentence_is_not_lifted() -> None:
    # A heading run into the text ("Links" / "Diritto" before the programme's name) or a
    # capitalised opener: the first word of a name that opens its sentence may be no part of it.
    verbs = {"en": "funds projects.", "de": "fördert Projekte.", "fr": "finance des projets.",
             "es": "financia proyectos.", "it": "finanzia progetti.", "bg": "финансира проекти."}
    texts = {d: f"Links Clean Energy Partnership {v}" for d, v in verbs.items()}
    texts["de"] = "Diritto Clean Energy Partnership fördert Projekte."
    event = _place_event(texts, "Links Clean Energy Partnership", "Diritto Clean Energy Partnership")
    assert event.severity < 0.5
    # The same word inside the sentence is lifted.
    texts["de"] = "Die Diritto Clean Energy Partnership fördert Projekte."
    event = _place_event(texts, "Links Clean Energy Partnership", "Diritto Clean Energy Partnership")
    assert event.deviating == ["de"] and event.severity >= 0.5


def test_a_replaced_word_of_a_name_each_language_joins_with_its_own_particle_is_lifted() -> None:
    # "of" / "di" / "von" between the person and the club is no word of the name: the two names
    # differ in "Christie" / "Karine" alone, which every other version bears out.
    texts = {"en": "Robyn Christie of Melrose said it.", "it": "Robyn Karine di Melrose ha detto.",
             "de": "Robyn Christie von Melrose sagte es.", "fr": "Robyn Christie, de Melrose, a dit.",
             "es": "Robyn Christie, del Melrose, dijo.", "pl": "Robyn Christie z Melrose powiedział."}
    event = _place_event(texts, "Robyn Christie of Melrose", "Robyn Karine di Melrose")
    assert event.deviating == ["it"] and event.severity >= 0.5
