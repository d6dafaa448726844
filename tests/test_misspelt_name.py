"""A name one version alone misspells by one edit ("John" / "Jonh"), confirmed on the versions'
own words (drift/events.py ``_misspelt_word`` and ``_lone_spelling``): flagged naming that version,
while a language's own form of a name (an exonym, a case ending, a commoner word) is not."""

from __future__ import annotations

from drift.align import Link, PairAlignment
from drift.collate import collate
from drift.documents import Document
from drift.events import _misspelt_word, build_events
from drift.findings import Finding, Side
from drift.segment import Sentence

IDS = ["a", "b", "c", "d", "e", "f"]
LANG = {"a": "en", "b": "fr", "c": "es", "d": "de", "e": "ru", "f": "pl"}


def _story(names: dict[str, str]) -> tuple[list[Document], dict[str, list[Sentence]], list]:
    documents, sentences = [], {}
    for doc_id in IDS:
        sentence = f"{names[doc_id]} spoke to reporters on Monday."
        documents.append(Document(doc_id, sentence + "\n", language=LANG[doc_id]))
        sentences[doc_id] = [Sentence(0, 0, len(sentence), sentence)]
    alignments = {(i, j): PairAlignment([Link((0,), (0,), 0.95)], [], [])
                  for i in range(len(IDS)) for j in range(i + 1, len(IDS))}
    return documents, sentences, collate(IDS, [1] * len(IDS), alignments, {"collate_alone": 0.9})


def _event(names: dict[str, str], odd: str = "c"):
    """The entity detector's findings: the odd version against every other Latin-script one. Its
    evidence says a third version attests the odd form too (a transliteration in another script
    matches either spelling), which the version's words must overrule."""
    documents, sentences, units = _story(names)

    def side(doc: str) -> Side:
        return Side(doc, 0, 0, len(names[doc]), names[doc])

    findings = [Finding("entity", side(other), side(odd), "The name differs.", severity=0.42,
                        evidence={"support": 0.67, "target_support": 0.17, "source_deviant": 0.0},
                        detector="entities")
                for other in IDS if other not in (odd, "e")]
    events = build_events(documents, sentences, units, findings, {}, {}, reference="a")
    return next(e for e in events if e.category == "entity")


AGREED = {"a": "John Street", "b": "John Street", "d": "John Street", "e": "Джон-стрит", "f": "John Street"}


def test_a_name_misspelt_by_one_letter_in_one_version_is_flagged_naming_it() -> None:
    event = _event({**AGREED, "c": "Jonh Street"})
    assert event.deviating == ["c"]
    assert event.severity > 0.5
    assert "c has “Jonh Street” where" in event.explanation


def test_a_single_word_name_misspelt_is_flagged_too() -> None:
    event = _event({"a": "Childers", "b": "Childers", "c": "Chiders", "d": "Childers", "e": "Чилдерс",
                    "f": "Childers"})
    assert event.deviating == ["c"]
    assert event.severity > 0.5


def test_a_form_another_version_writes_too_is_not_flagged() -> None:
    event = _event({**AGREED, "c": "Jonh Street", "d": "Jonh Street"})
    assert event.severity < 0.5


def test_the_language_s_own_commoner_word_is_not_a_misspelling() -> None:
    # The Spanish version writes a common Spanish word ("chico") one letter from the name: the
    # way a language renders a name (Italian "Cina" for "China") or a word, not a slip.
    event = _event({"a": "Chino", "b": "Chino", "c": "Chico", "d": "Chino", "e": "Чино", "f": "Chino"})
    assert event.severity < 0.5


def test_one_edit_forms_that_are_endings_or_exonyms_do_not_count() -> None:
    assert _misspelt_word("Wayde Sims", "Wayne Sims") == ("wayde", "wayne")
    assert _misspelt_word("John", "Jonh") == ("john", "jonh")
    assert _misspelt_word("Childers", "Chiders") == ("childers", "chiders")
    assert _misspelt_word("Kim Jong-un", "Kim Jopg-un") == ("jong", "jopg")
    assert _misspelt_word("Maryland", "Marylanm") == ("maryland", "marylanm")  # no declension
    assert _misspelt_word("Trump", "Trumpa") is None  # a case ending added
    assert _misspelt_word("Warszawa", "Warszawy") is None  # a case ending changed
    assert _misspelt_word("Obama", "Obamy") is None
    assert _misspelt_word("Giants", "Giant") is None  # an ending dropped
    assert _misspelt_word("Yunnan", "Junnan") is None  # the first letter: a language's own spelling
    assert _misspelt_word("Wales", "Gales") is None
    assert _misspelt_word("Kim", "Kin") is None  # too short to tell
    assert _misspelt_word("Jeff Flake", "Jeff Blakes") is None  # more than one edit
    assert _misspelt_word("John Smith", "Jonh Smyth") is None  # two words differ
