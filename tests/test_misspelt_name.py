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


def _side(names: dict[str, str], doc: str) -> Side:
    return Side(doc, 0, 0, len(names[doc]), names[doc])


def _slips(names: dict[str, str], odd: str, severity: float, odd_ones: tuple[str, ...] = ()) -> list[Finding]:
    """The entity detector's findings: the odd version against every other Latin-script one (the
    other odd ones aside). Their evidence says a third version attests the odd form too (a
    transliteration in another script matches either spelling), which the version's words must
    overrule."""
    return [Finding("entity", _side(names, other), _side(names, odd), "The name differs.", severity=severity,
                    evidence={"support": 0.67, "target_support": 0.17, "source_deviant": 0.0},
                    detector="entities")
            for other in IDS if other not in (odd, "e", *odd_ones)]


def _event(names: dict[str, str], odd: str = "c"):
    documents, sentences, units = _story(names)
    findings = _slips(names, odd, 0.42)
    events = build_events(documents, sentences, units, findings, {}, {}, reference="a")
    return next(e for e in events if e.category == "entity")


AGREED = {"a": "John Street", "b": "John Street", "d": "John Street", "e": "Джон-стрит", "f": "John Street"}


def test_a_name_misspelt_by_one_letter_in_one_version_is_flagged_naming_it() -> None:
    event = _event({**AGREED, "c": "Jonh Street"})
    assert event.deviating == ["c"]
    assert event.severity > 0.5
    assert "c has “Jonh Street” where" in event.explanation


def test_an_article_written_with_the_name_is_no_part_of_its_spelling() -> None:
    # German writes the article the entity detector takes into the mention ("der ... Bard").
    event = _event({**AGREED, "c": "der Jonh Street"})
    assert event.deviating == ["c"]
    assert event.severity > 0.5


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
    assert _misspelt_word("der Brentwood Imperial Youth Bard", "Brentwood Imperial Youth Band") == ("bard", "band")
    assert _misspelt_word("Robyn Christie of Melrose", "Robyn Chrystie di Melrose") == ("christie", "chrystie")
    assert _misspelt_word("Trump", "Trumpa") is None  # a case ending added
    assert _misspelt_word("Warszawa", "Warszawy") is None  # a case ending changed
    assert _misspelt_word("Obama", "Obamy") is None
    assert _misspelt_word("Giants", "Giant") is None  # an ending dropped
    assert _misspelt_word("Yunnan", "Junnan") is None  # the first letter: a language's own spelling
    assert _misspelt_word("Wales", "Gales") is None
    assert _misspelt_word("Kim", "Kin") is None  # too short to tell
    assert _misspelt_word("Jeff Flake", "Jeff Blakes") is None  # more than one edit
    assert _misspelt_word("John Smith", "Jonh Smyth") is None  # two words differ


# ---------------------------------------------------------------- one vowel (the entity detector)
# A vowel put for another inside a name ("Kennody") keeps its consonant skeleton, so the names
# compare as a transliteration variant; the entity detector asks the story whether it is a slip.

SPOKE = {"en": "{} spoke to reporters on Monday.", "fr": "{} a parlé aux journalistes lundi.",
         "de": "{} sprach am Montag mit Reportern.", "es": "{} habló con los periodistas el lunes.",
         "it": "{} ha parlato con i giornalisti lunedì.", "pl": "{} rozmawiał w poniedziałek z dziennikarzami.",
         "ru": "{} поговорил с журналистами в понедельник.", "pt": "{} falou aos jornalistas na segunda-feira."}
# The severity model of the entity findings: a cut on the detector's score at the flag threshold
# (the shipped fit's form: one pair's near-miss stays below it unless the story confirms it).
CUT = {"entity:entities": {"cut": 0.95}}


def _detected(names: dict[str, str], languages: dict[str, str]):
    """The entity detector on every pair of a one-sentence story, calibrated, then the events."""
    from drift.detect.base import AlignedPair, Story
    from drift.detect.entities import EntityDetector
    from drift.score import finalize

    ids = list(names)
    documents, sentences = [], {}
    for doc_id in ids:
        sentence = SPOKE[languages[doc_id]].format(names[doc_id])
        documents.append(Document(doc_id, sentence + "\n", language=languages[doc_id]))
        sentences[doc_id] = [Sentence(0, 0, len(sentence), sentence)]
    story = Story(documents=documents, sentences=sentences)
    detector = EntityDetector()
    findings = []
    for i, a in enumerate(documents):
        for b in documents[i + 1:]:
            pair = AlignedPair(a, b, sentences[a.id], sentences[b.id], 0.95)
            findings += detector.detect(pair, story) + detector.detect_story(story, a.id, b.id)
    findings = finalize(findings, sentences, CUT)
    alignments = {(i, j): PairAlignment([Link((0,), (0,), 0.95)], [], [])
                  for i in range(len(ids)) for j in range(i + 1, len(ids))}
    units = collate(ids, [1] * len(ids), alignments, {"collate_alone": 0.9})
    events = build_events(documents, sentences, units, findings, {}, {}, reference=ids[0])
    return findings, [e for e in events if e.category == "entity"]


TRANSLATIONS = {"a": "en", "b": "fr", "c": "es", "d": "de", "e": "ru", "f": "pl", "g": "it"}


def test_a_name_one_version_alone_misspells_by_a_vowel_is_flagged_naming_it() -> None:
    names = {"a": "Kennedy", "b": "Kennedy", "c": "Kennody", "d": "Kennedy", "e": "Кеннеди", "f": "Kennedy",
             "g": "Kennedy"}
    findings, events = _detected(names, TRANSLATIONS)
    # Each pair of the odd version with a Latin-script one holds the slip, below the threshold.
    slips = [f for f in findings if f.category == "entity"]
    assert {frozenset((f.source.doc, f.target.doc)) for f in slips} == {
        frozenset(("c", other)) for other in "abdfg"}
    assert all(f.severity < 0.5 and f.evidence["vowel_respelt"] == 1.0 for f in slips)
    flagged = [e for e in events if e.severity >= 0.5]
    assert [e.deviating for e in flagged] == [["c"]]
    assert "c has “Kennody” where" in flagged[0].explanation


def test_a_vowel_slip_in_an_unseen_form_needs_the_other_versions_to_agree() -> None:
    # Two versions write "Kennody": two established forms, nobody's slip.
    names = {"a": "Kennedy", "b": "Kennedy", "c": "Kennody", "d": "Kennody", "e": "Кеннеди", "f": "Kennedy",
             "g": "Kennedy"}
    findings, events = _detected(names, TRANSLATIONS)
    assert not [f for f in findings if f.category == "entity"]
    assert all(e.severity < 0.5 for e in events)


def test_a_spelling_in_use_is_a_transliteration_not_a_slip() -> None:
    # The Spanish name of Gorbachev, one vowel from the others', and an outlet writing "Ahmad" where
    # the others write "Ahmed": spellings in use (wordfreq lists them), reported as variants only.
    gorbachev = {"a": "Gorbachev", "b": "Gorbachev", "c": "Gorbachov", "d": "Gorbachev", "e": "Горбачёв",
                 "f": "Gorbachev", "g": "Gorbachev"}
    ahmed = {f"o{k}": "Ahmed Hassan" for k in range(5)} | {"o5": "Ahmad Hassan"}
    for names, languages in ((gorbachev, TRANSLATIONS), (ahmed, dict.fromkeys(ahmed, "en"))):
        findings, events = _detected(names, languages)
        assert not [f for f in findings if f.category == "entity"], names
        assert any(f.category == "variant" for f in findings)
        assert all(e.severity < 0.5 for e in events)


def test_a_name_respelt_into_a_word_of_another_version_s_language_is_a_slip() -> None:
    # "Torresi" is an Italian word wordfreq knows (a surname too), but not a Polish or English
    # spelling: the Polish version alone writing it where the others write "Torrisi" slipped.
    names = {"a": "Giuseppina Torrisi", "b": "Giuseppina Torrisi", "c": "Giuseppina Torrisi",
             "d": "Giuseppina Torrisi", "e": "Джузеппина Торризи", "f": "Giuseppina Torresi",
             "g": "Giuseppina Torrisi"}
    findings, events = _detected(names, TRANSLATIONS)
    flagged = [e for e in events if e.severity >= 0.5]
    assert [e.deviating for e in flagged] == [["f"]]
    # The Italian version writing it: a spelling of its own language, not called a slip.
    findings, events = _detected(dict(names, f="Giuseppina Torrisi", g="Giuseppina Torresi"), TRANSLATIONS)
    assert all(e.severity < 0.5 for e in events)


def test_a_form_two_languages_write_alike_is_their_exonym_not_a_slip() -> None:
    # The Spanish and Portuguese versions write "Lisboa" where the English ones write "Lisbon":
    # the name of those languages, which two versions would not misspell alike.
    names = {"a": "Lisbon", "b": "Lisbon", "c": "Lisboa", "d": "Lisboa", "e": "Lisbonne", "f": "Лиссабон"}
    languages = {"a": "en", "b": "en", "c": "es", "d": "pt", "e": "fr", "f": "ru"}
    findings, events = _detected(names, languages)
    assert not [f for f in findings if f.category == "entity"]
    assert all(e.severity < 0.5 for e in events)


def test_other_transliterations_across_languages_and_outlets_stay_quiet() -> None:
    # German and Polish -ow for Russian -ov; a consonant doubled across outlets.
    kadyrov = {"a": "Kadyrov", "b": "Kadyrov", "c": "Kadyrov", "d": "Kadyrow", "e": "Кадыров", "f": "Kadyrow",
               "g": "Kadyrov"}
    mohamed = {f"o{k}": "Mohamed Salah" for k in range(5)} | {"o5": "Mohammed Salah"}
    for names, languages in ((kadyrov, TRANSLATIONS), (mohamed, dict.fromkeys(mohamed, "en"))):
        findings, events = _detected(names, languages)
        assert all(e.severity < 0.5 for e in events), [(e.deviating, e.explanation) for e in events]


def test_a_vowel_respelling_is_one_vowel_inside_a_word() -> None:
    from drift.names import vowel_respelt

    assert vowel_respelt("Kennedy", "Kennody") == ("kennedy", "kennody")
    assert vowel_respelt("West Virginia", "West Virginoa") == ("virginia", "virginoa")
    assert vowel_respelt("Osama", "Usama") is None  # the first letter
    assert vowel_respelt("Obama", "Obamy") is None  # the last (a declension swaps it)
    assert vowel_respelt("Risa", "Risu") is None
    assert vowel_respelt("Elin", "Elan") == ("elin", "elan")
    assert vowel_respelt("Ali", "Ale") is None  # too short to tell
    assert vowel_respelt("Kennedy", "Kennidy Smith") is None  # another number of words
    assert vowel_respelt("Kennedy", "Kenmedy") is None  # a consonant (the near-miss rules' case)
    assert vowel_respelt("Kennedy", "Кеннеди") is None  # across scripts


def test_a_misspelt_name_others_translate_is_confirmed_by_the_versions_that_keep_it() -> None:
    # French and Russian translate the name; English, German and Polish keep it as written. Only
    # two pairs show the slip (German writes it inside a longer capitalised phrase), and the
    # versions that keep the name's other words all write the agreed form.
    names = {"a": "Aviation Safety Network", "b": "Réseau de la sécurité aérienne", "c": "Aviatiof Safety Network",
             "d": "Daten des Aviation Safety Network", "e": "Сеть безопасности полетов", "f": "Aviation Safety Network"}
    documents, sentences, units = _story(names)
    findings = [Finding("entity", _side(names, other), _side(names, "c"), "The name differs.", severity=0.39,
                        evidence={"support": 0.33, "target_support": 0.0, "source_deviant": 0.0},
                        detector="entities") for other in ("a", "f")]
    events = build_events(documents, sentences, units, findings, {}, {}, reference="a")
    event = next(e for e in events if e.category == "entity")
    assert event.deviating == ["c"]
    assert event.severity >= 0.5


def test_two_versions_each_misspelling_a_name_their_own_way_are_two_events() -> None:
    # "Jonh Street" in one version, "John Stneet" in another, "John Street" in the rest: the
    # agreeing versions' spans join both slips into one group, where neither version deviates
    # alone; each slip is its own drift, named once, on its own version.
    names = {**AGREED, "c": "Jonh Street", "b": "John Stneet"}
    documents, sentences, units = _story(names)
    findings = _slips(names, "b", 0.45, ("c",)) + _slips(names, "c", 0.45, ("b",))
    findings.append(Finding("entity", _side(names, "b"), _side(names, "c"), "The name differs.", severity=0.45,
                            evidence={"support": 0.17, "target_support": 0.17}, detector="entities"))
    events = [e for e in build_events(documents, sentences, units, findings, {}, {}, reference="a")
              if e.category == "entity" and e.severity >= 0.5]
    assert sorted(e.deviating for e in events) == [["b"], ["c"]]
