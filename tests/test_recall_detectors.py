"""Detector recall across languages (issue 10): negation lists of more languages, a negation
answered by an affix, names that neither version carries, German postposed sources."""

from __future__ import annotations

import pytest
from pairs import make_pair

from drift.config import load_config
from drift.detect.attribution import AttributionExtractor
from drift.detect.base import AlignedPair, Story
from drift.detect.entities import UNMATCHED, EntityDetector
from drift.detect.modality import FramingDetector, ModalityDetector, find_hits
from drift.documents import Document
from drift.names import compare_names, extract_mentions, load_name_data, mention_from_text
from drift.segment import Sentence


def negations(text: str, lang: str) -> list[str]:
    return [h.text for h in find_hits(text, lang) if h.cls == "negation"]


@pytest.mark.parametrize(("lang", "text", "negated"), [
    ("pl", "Rząd nie przyjął ustawy.", ["nie"]),
    ("cs", "Vláda nepřijala zákon a nemůže ho změnit.", ["nepřijala", "nemůže"]),
    ("zh", "政府没有通过这项法律。", ["没"]),
    ("ja", "政府は法案を可決しなかった。", ["なかった"]),
    ("hi", "सरकार ने कानून पारित नहीं किया।", ["नहीं"]),
    ("fr", "un individu adulte, et non un jeune", ["et non"]),
    # "ne ... plus" (no longer) holds no negation word of its own: the particle and the verb between.
    ("fr", "Je ne pouvais plus marcher, il n’est plus là.", ["ne pouvais plus", "n’est plus"]),
])
def test_negation_lists_of_more_languages(lang: str, text: str, negated: list[str]) -> None:
    assert negations(text, lang) == negated


@pytest.mark.parametrize(("lang", "text"), [
    ("cs", "Největší nemocnice je nedaleko nebo v Německu."),    # superlative, noun, adverb, "or"
    ("cs", "Bylo to nesnesitelný a nepříznivého počasí."),       # adjectives negated by the prefix
    ("zh", "这是前所未有的，不过情况不同。"),                      # "unprecedented", "but", "different"
    ("ja", "人数は少ないが、行かなければならない。"),               # "few", "must"
    ("hi", "न केवल वह आया।"),                                   # "not only"
    ("pl", "Nie tylko rząd to poparł."),                         # "not only"
    ("fr", "Il ne reste plus que deux candidats."),              # "only two are left"
    ("fr", "Il y a plus de trois morts."),                        # "more than"
])
def test_words_that_only_look_negated_are_not(lang: str, text: str) -> None:
    assert negations(text, lang) == []


def test_combining_marks_are_part_of_a_word() -> None:
    # Hindi "न" (not) must not match the start of "नाम" (name): the vowel sign is part of the word.
    assert negations("उसका नाम राम है।", "hi") == []


def test_a_language_listing_only_negation_is_not_said_to_lack_hedges() -> None:
    # Polish lists negation words, no hedges: an English hedge against it is no finding, the negation is.
    pair, story = make_pair("The minister may resign.", "Minister poda się do dymisji.", "en", "pl")
    assert ModalityDetector().detect(pair, story) == []
    pair, story = make_pair("The minister did not resign.", "Minister podał się do dymisji.", "en", "pl")
    assert [f.source.text for f in ModalityDetector().detect(pair, story)] == ["not"]


def _story_settings(encoder: object) -> dict:
    return {"encoder": encoder, "thresholds": dict(load_config().model_spec().thresholds)}


def test_negation_answered_by_a_word_negated_with_an_affix(encoder) -> None:
    source, target = "Команда не проиграла ни разу в сезоне.", "The team stayed unbeaten in the season."
    pair, story = make_pair(source, target, "ru", "en", settings=_story_settings(encoder))
    assert ModalityDetector().detect(pair, story) == []
    # Without the affix the negation stands unanswered.
    pair, story = make_pair(source, "The team stayed strong in the season.", "ru", "en",
                            settings=_story_settings(encoder))
    assert [f.source.text for f in ModalityDetector().detect(pair, story)] == ["не"]


def test_a_word_of_absence_answers_a_negation_and_is_none_by_itself() -> None:
    # "without" / "not": the same polarity put two ways; "without intrigue" for "one-sided" is no
    # negation the other version lacks.
    pair, story = make_pair("He was released without charge.", "Il a été libéré, il n'a pas été inculpé.",
                            "en", "fr")
    assert ModalityDetector().detect(pair, story) == []
    pair, story = make_pair("After three one-sided sessions, the foursomes were what the cup needed.",
                            "След три сесии без интрига мачовете бяха това, от което купата се нуждаеше.",
                            "en", "bg")
    assert ModalityDetector().detect(pair, story) == []
    # A plain negation the other version lacks stays a finding.
    pair, story = make_pair("He was released.", "Il n'a pas été libéré.", "en", "fr")
    assert [f.target.text for f in ModalityDetector().detect(pair, story)] == ["pas"]


def test_a_name_neither_version_carries_is_a_substitution(encoder) -> None:
    pair, story = make_pair("Deux millions de personnes vivent sous le blocus de Gaza depuis 2007.",
                            "Two million people have lived under the blockade of Fujiang River since 2007.",
                            "fr", "en", settings=_story_settings(encoder))
    found = [f for f in EntityDetector().detect(pair, story) if f.detector == UNMATCHED]
    assert [(f.category, f.source.text, f.target.text) for f in found] == [("entity", "Gaza", "Fujiang River")]
    assert found[0].severity >= 0.5


def test_a_substituted_name_is_read_from_the_sentence_pass_alone(encoder) -> None:
    # The pass compares the names' token vectors from the planned sentence pass: with the story's
    # vectors planned, it sends nothing more to the encoder.
    from drift.plan import plan_vectors

    pair, story = make_pair("Deux millions de personnes vivent sous le blocus de Gaza depuis 2007.",
                            "Two million people have lived under the blockade of Fujiang River since 2007.",
                            "fr", "en", settings=_story_settings(encoder))
    vectors = plan_vectors(story.documents, story.sentences, encoder, story.settings["thresholds"], pairs=[])
    story.settings.update(encoder=vectors, vectors=vectors)
    found = [f for f in EntityDetector().detect(pair, story) if f.detector == UNMATCHED]
    assert [(f.source.text, f.target.text) for f in found] == [("Gaza", "Fujiang River")]
    assert vectors.stats.late == 0


def test_a_name_whose_context_aligns_it_with_a_common_word_is_still_substituted(encoder) -> None:
    # "Donald Trump" aligns closer to "President" than to "Erwin Huber": among the names the
    # two still face each other. Across languages this pass, not the neighbouring names, decides.
    pair, story = make_pair("US-Präsident Donald Trump schrieb per Twitter, dass seine Regierung die Stürme beobachte.",
                            "US President Erwin Huber wrote on Twitter that his government is monitoring the storms.",
                            "de", "en", settings=_story_settings(encoder))
    found = [f for f in EntityDetector().detect(pair, story) if f.category == "entity"]
    assert [(f.detector, f.source.text, f.target.text) for f in found] == [(UNMATCHED, "Donald Trump", "Erwin Huber")]
    assert found[0].severity >= 0.5


def _story_of(versions: list[tuple[str, str, str]], encoder) -> Story:
    """A story of one sentence per version, from (id, language, sentence)."""
    documents = [Document(id=doc_id, text=text, language=lang) for doc_id, lang, text in versions]
    return Story(documents, {d.id: [Sentence(0, 0, len(d.text), d.text)] for d in documents},
                 _story_settings(encoder))


def test_a_name_beside_a_title_is_substituted_though_it_aligns_with_the_title(encoder) -> None:
    # "Humphreys" aligns closest to "Président", not to "Trump": among the names the two still
    # face each other, where third versions write the name the slot holds.
    versions = [("fr", "fr", "« Pourquoi le Président Trump a-t-il autant cédé ? »"),
                ("en", "en", "Why has President Humphreys given up so much?"),
                ("de", "de", "„Warum hat Präsident Trump so viel nachgegeben?“"),
                ("es", "es", "«¿Por qué el presidente Trump ha cedido tanto?»")]
    story = _story_of(versions, encoder)
    pair = AlignedPair(story.documents[0], story.documents[1], story.sentences["fr"], story.sentences["en"], 0.8)
    found = [f for f in EntityDetector().detect(pair, story) if f.category == "entity"]
    assert [(f.detector, f.source.text, f.target.text) for f in found] == [(UNMATCHED, "Trump", "Humphreys")]
    assert found[0].severity >= 0.5


def test_two_names_each_version_writes_elsewhere_are_no_substitution(encoder) -> None:
    # The same slot holds "Trump" in one version and "Humphreys" in the other, but each of the two
    # versions names the other's man in its next sentence: two people of the story, put in
    # different sentences (a headline naming one, the other another), not one put in the other's
    # place. (Without those next sentences it is a substitution: the test above.)
    versions = [("fr", "fr", "« Pourquoi le Président Trump a-t-il autant cédé ? » Humphreys n'a pas répondu."),
                ("en", "en", "Why has President Humphreys given up so much? Trump did not answer."),
                ("de", "de", "„Warum hat Präsident Trump so viel nachgegeben?“ Die Antwort blieb aus."),
                ("es", "es", "«¿Por qué el presidente Trump ha cedido tanto?» No hubo respuesta.")]
    documents = [Document(id=doc_id, text=text, language=lang) for doc_id, lang, text in versions]
    first = {d.id: d.text.index("?") + (2 if d.id in ("fr", "de", "es") else 1) for d in documents}
    story = Story(documents, {d.id: [Sentence(0, 0, first[d.id], d.text[:first[d.id]]),
                                     Sentence(1, first[d.id], len(d.text), d.text[first[d.id]:])] for d in documents},
                  _story_settings(encoder))
    assert story.sentences["en"][1].text == " Trump did not answer."
    pair = AlignedPair(story.documents[0], story.documents[1], story.sentences["fr"][:1], story.sentences["en"][:1],
                       0.8)
    assert not [f for f in EntityDetector().detect(pair, story) if f.detector == UNMATCHED]


@pytest.mark.parametrize(("src", "tgt"), [
    ('"Standing as a candidate is the best way to denounce the repression we have seen from the Spanish '
     'government," he said.',
     "“Ser candidato es la mejor manera de denunciar la represión que hemos visto del Gobierno español”, afirmó."),
    ("I called him after this happened, that allegation came out, said, 'Did you do it?'",
     "Lo llamé después de que todo esto pasara, de que saliera la alegación y le pregunté: '¿Lo hiciste?'"),
])
def test_between_two_versions_a_capitalised_word_facing_a_name_is_no_substitution(encoder, src: str, tgt: str) -> None:
    # Nothing but the two versions to read the slot: "Gobierno" faces "Spanish", "Lo" faces "Did"
    # only among the capitalised words, not as the best aligned word.
    pair, story = make_pair(src, tgt, "en", "es", settings=_story_settings(encoder))
    assert [f for f in EntityDetector().detect(pair, story) if f.detector == UNMATCHED] == []


def test_a_languages_own_acronym_is_no_substitution(encoder) -> None:
    # "WM" is the German initials of "World Championship": an acronym in another language.
    pair, story = make_pair("Am ersten November kämpfen Lewis Hamilton und Co. auf der italienischen "
                            "Traditionsrennstrecke in Imola um WM-Punkte.",
                            "On November 1st, Lewis Hamilton and Co. will be fighting for World Championship "
                            "points on the traditional Italian circuit in Imola.",
                            "de", "en", settings=_story_settings(encoder))
    assert [f for f in EntityDetector().detect(pair, story) if f.detector == UNMATCHED] == []


def test_an_acronym_keeping_a_few_letters_of_its_words_is_no_substitution(encoder) -> None:
    # "LApGaz" is the French acronym of the Gas Supply Act (Loi sur l'approvisionnement en gaz),
    # given in brackets after the law's name, "GasVG" the German one: each faces the English name
    # in the slot, where third versions write no name of their own either.
    versions = [("en", "en", "The Federal Gas Supply Act, which underwent a consultation until February 2020, "
                             "is to open the gas market."),
                ("fr", "fr", "La loi sur l’approvisionnement en gaz (LApGaz), en consultation jusqu’en "
                             "février 2020, doit ouvrir le marché du gaz."),
                ("de", "de", "Das Gasversorgungsgesetz (GasVG), das bis Februar 2020 in der Vernehmlassung war, "
                             "soll den Gasmarkt öffnen."),
                ("it", "it", "La legge sull’approvvigionamento di gas (LApGas), in consultazione fino a "
                             "febbraio 2020, deve aprire il mercato del gas.")]
    story = _story_of(versions, encoder)
    for other in story.documents[1:]:
        pair = AlignedPair(story.documents[0], other, story.sentences["en"], story.sentences[other.id], 0.8)
        assert [f for f in EntityDetector().detect(pair, story) if f.category == "entity"] == []


def test_two_acronyms_each_given_after_the_words_it_abbreviates_are_no_substitution(encoder) -> None:
    # Each language's own acronym of the same law, in brackets after the law's name: "LApEl"
    # (Loi sur l'approvisionnement en électricité) against "StromVG" (Stromversorgungsgesetz).
    versions = [("en", "en", "46b Effizienzsteigerungen durch Elektrizitätslieferanten Stromversorgungsgesetz "
                             "( StromVG ) , Art ."),
                ("de", "de", "46b Effizienzsteigerungen durch Elektrizitätslieferanten Stromversorgungsgesetz "
                             "( StromVG ) , Art ."),
                ("fr", "fr", "46b Gains d’efficacité par les fournisseurs d’électricité Loi sur l’approvisionnement "
                             "en électricité ( LApEl ) , Art ."),
                ("it", "it", "46b Miglioramenti dell’efficienza energetica da parte dei fornitori di elettricità "
                             "Legge sull’approvvigionamento elettrico ( LAEl ) , Art .")]
    story = _story_of(versions, encoder)
    for source in ("en", "de", "it"):
        pair = AlignedPair(story.document(source), story.document("fr"), story.sentences[source],
                           story.sentences["fr"], 0.8)
        assert [f for f in EntityDetector().detect(pair, story) if f.category == "entity"] == []


def test_a_name_put_into_common_words_is_no_substitution_of_the_slots_other_name(encoder) -> None:
    # Facing among the names only (third versions read the slot), the German law's name meets the
    # one other name of the French sentence, the section's, which the others call "it"; but French
    # writes the law in common words ("l'ordonnance sur le contrôle des biens"), and they align
    # with it as a translation does.
    versions = {
        "en": ("The Safeguards Section advises SECO .",
               "It issues licences itself in cases where SFOE takes the place of SECO in accordance with the "
               "Goods Control Ordinance ( GCO ) ."),
        "de": ("Die Sektion Safeguards berät das SECO .",
               "Sie erteilt selbst Bewilligungen in Fällen , in denen das BFE gemäss Güterkontrollverordnung "
               "( GKV ) an die Stelle des SECO tritt ."),
        "fr": ("La section Safeguards conseille le SECO .",
               "Dans les cas prévus par l’ordonnance sur le contrôle des biens ( OCB ) , la section Safeguards "
               "accorde elle - même , au nom de l’OFEN , les autorisations en lieu et place du SECO ."),
        "it": ("La Sezione Safeguards consiglia la SECO .",
               "Essa rilascia autonomamente le autorizzazioni nei casi in cui l’UFE sostituisce la SECO ai sensi "
               "dell’Ordinanza sul controllo dei beni a duplice impiego ( OBDI ) ."),
    }
    documents = [Document(id=lang, text=" ".join(texts), language=lang) for lang, texts in versions.items()]
    sentences = {}
    for doc, (first, second) in zip(documents, versions.values(), strict=True):
        sentences[doc.id] = [Sentence(0, 0, len(first), first),
                             Sentence(1, len(first) + 1, len(doc.text), second)]
    story = Story(documents, sentences, _story_settings(encoder))
    pair = AlignedPair(story.document("de"), story.document("fr"), sentences["de"][1:], sentences["fr"][1:], 0.8)
    assert [f for f in EntityDetector().detect(pair, story) if f.category == "entity"] == []


@pytest.mark.parametrize(("src", "tgt"), [
    ("Il vit à Londres depuis 2007 avec sa famille.", "He has lived in London since 2007 with his family."),
    ("Die Ingenieure aus Deutschland kamen nach Warschau.", "The engineers from Germany came to Warsaw."),
    ("Американский танк подбил танк на учениях в Техасе.",
     "An American tank knocked out a tank during training in Texas."),
])
def test_translated_and_inflected_names_are_no_substitution(encoder, src: str, tgt: str) -> None:
    lang = "ru" if "танк" in src else ("de" if "Deutschland" in src else "fr")
    pair, story = make_pair(src, tgt, lang, "en", settings=_story_settings(encoder))
    found = [f for f in EntityDetector().detect(pair, story) if f.detector == UNMATCHED and f.severity >= 0.5]
    assert found == []


def test_german_postposed_source_stands_before_zufolge() -> None:
    text = "Der Polizei zufolge wurden drei Menschen verletzt."
    [att] = AttributionExtractor().extract(text, 0, "de")
    assert att.text == "Der Polizei"


def test_german_separable_reporting_verb_names_its_subject() -> None:
    text = "Das sind 21 Prozent mehr, teilte der Netzbetreiber Tennet mit."
    sources = [a.text for a in AttributionExtractor().extract(text, 0, "de")]
    assert any("Netzbetreiber Tennet" in s for s in sources)


@pytest.mark.parametrize(("a", "b", "kind"), [
    ("Plaid Cymru", "Fear Cymru", "near"),                          # one word of the name replaced
    ("Кристин Блейзи Форд", "Atlanta Blasey Ford", "near"),          # the rest the same in another script
    ("Роб Дьюар", "Rob Dewar", "variant"),                          # a word respelt by its sound, not replaced
    ("Чарльз Коркоран", "Charles Corcoran", "variant"),             # z/s of a transliteration
    ("Дональдом Трампом", "Donald Trump", "variant"),               # declined (instrumental)
    ("Kimiowi Raikkonenowi", "Kimi Raikkonen", "variant"),          # declined (dative)
    ("Hayat Tahrir al-Sham", "Hayat Tahrir al-Shams", "near"),      # a letter added is no case ending
    ("John Smith", "Peter Brown", "different"),
])
def test_a_word_replaced_in_a_name(a: str, b: str, kind: str) -> None:
    assert compare_names(mention_from_text(a), mention_from_text(b)).kind == kind


def test_a_shorter_name_does_not_attest_a_first_name() -> None:
    from drift.detect.entities import _attests

    data = load_name_data()
    surname = mention_from_text("Kavanaugh")
    assert not _attests(surname, mention_from_text("Daniel Kavanaugh"), data)
    assert _attests(mention_from_text("Brett Kavanaugh"), surname, data)


def test_a_name_one_version_leaves_out_is_an_omission(encoder) -> None:
    from drift.detect.entities import DROPPED

    pair, story = make_pair("Je vis à Dublin depuis 14 ans, la reprise est évidente dans les bouchons quotidiens.",
                            "I have lived in for 14 years, the recovery is evident in the daily traffic jams.",
                            "fr", "en", settings=_story_settings(encoder))
    found = [f for f in EntityDetector().detect(pair, story) if f.detector == DROPPED]
    assert [(f.category, f.source.text, f.target.doc) for f in found] == [("omission", "Dublin", pair.target_doc.id)]
    assert found[0].severity >= 0.5
    # The other way round it is a name added.
    pair, story = make_pair("I have lived in for 14 years, the recovery is evident in the daily traffic jams.",
                            "Je vis à Dublin depuis 14 ans, la reprise est évidente dans les bouchons quotidiens.",
                            "en", "fr", settings=_story_settings(encoder))
    assert [(f.category, f.target.text) for f in EntityDetector().detect(pair, story)
            if f.detector == DROPPED] == [("addition", "Dublin")]


def test_a_name_translated_or_kept_is_not_left_out(encoder) -> None:
    from drift.detect.entities import DROPPED

    for source, target, lang in [
        ("Je vis à Londres depuis 14 ans, la reprise est évidente.",
         "I have lived in London for 14 years, the recovery is evident.", "fr"),
        ("Die Windernte macht fast 19 Prozent des Windstroms in Deutschland aus.",
         "The wind harvest accounts for almost 19 percent of wind power in Germany.", "de"),
    ]:
        pair, story = make_pair(source, target, lang, "en", settings=_story_settings(encoder))
        assert [f for f in EntityDetector().detect(pair, story) if f.detector == DROPPED] == [], source


def test_a_model_without_a_dropped_name_level_reads_no_dropped_names(encoder) -> None:
    from drift.detect.entities import DROPPED

    settings = _story_settings(encoder)
    settings["thresholds"] = {k: v for k, v in settings["thresholds"].items() if k != "name_dropped"}
    pair, story = make_pair("Je vis à Dublin depuis 14 ans, la reprise est évidente dans les bouchons quotidiens.",
                            "I have lived in for 14 years, the recovery is evident in the daily traffic jams.",
                            "fr", "en", settings=settings)
    assert [f for f in EntityDetector().detect(pair, story) if f.detector == DROPPED] == []


def test_a_name_the_other_version_writes_elsewhere_is_not_left_out(encoder) -> None:
    # "he" for a name the version gave before: it knows the entity, nothing is left out.
    from drift.detect.entities import DROPPED

    source = "Je vis à Dublin depuis 14 ans, la reprise est évidente dans les bouchons quotidiens."
    target = "I have lived in for 14 years, the recovery is evident in the daily traffic jams."
    pair, story = make_pair(source, target, "fr", "en", settings=_story_settings(encoder), prefix="Dublin. ")
    assert [f for f in EntityDetector().detect(pair, story) if f.detector == DROPPED] == []


def test_a_common_noun_of_a_language_that_capitalises_nouns_is_no_name_left_out(encoder) -> None:
    # German capitalises "Hab und Gut" (belongings): a noun, not a name the English leaves out.
    from drift.detect.entities import DROPPED

    pair, story = make_pair("Nach dem Sturm sammelten die Bewohner ihr Hab und Gut ein.",
                            "After the storm the residents collected their belongings.",
                            "de", "en", settings=_story_settings(encoder))
    assert [f for f in EntityDetector().detect(pair, story) if f.detector == DROPPED] == []


def test_a_common_noun_of_a_language_that_capitalises_nouns_faces_no_name(encoder) -> None:
    # German "Geschenke" (presents) is no name the Spanish "Navidad" stands in place of.
    pair, story = make_pair("Als die Kinder ihre Geschenke auspackten sah er ihnen nicht in die Augen.",
                            "El día de Navidad, cuando los niños abrieron sus regalos, él ni siquiera los miró.",
                            "de", "es", settings=_story_settings(encoder))
    assert [f for f in EntityDetector().detect(pair, story) if f.detector == UNMATCHED] == []


@pytest.mark.parametrize(("text", "word", "noun"), [
    # "des dreitägigen Ausstands" (of the three-day walkout): a genitive the word list does not
    # know, read as a name in the slot of "Portugal" (a story's German version, which names the
    # country in the sentence it split off before).
    ("Am ersten Tag des dreitägigen Ausstands fielen 1.840 Züge aus.", "Ausstands", True),
    ("Am ersten Tag fielen in Portugal 1.840 Züge aus.", "Portugal", False),      # after a preposition
    ("Am ersten Tag fielen in ganz Portugal 1.840 Züge aus.", "Portugal", False),  # "ganz" inflects not
    ("Der Streik des dreitägigen Ausstands traf Lisboa.", "Lisboa", False),      # after a verb
])
def test_a_capitalised_word_after_an_inflected_adjective_is_a_german_noun(text: str, word: str, noun: bool) -> None:
    from drift.detect.entities import _noun_after_adjective

    (mention,) = [m for m in extract_mentions(text, 0, data=load_name_data()) if m.text == word]
    assert _noun_after_adjective(mention, text, 0, "de") is noun
    assert not _noun_after_adjective(mention, text, 0, "en")   # English does not capitalise its nouns


def test_a_town_put_for_another_that_both_languages_write_alike_is_flagged(encoder) -> None:
    # "Dublin" and "Madrid" are written as they are in French and English texts alike: had the
    # slot held one town, the English would spell it as the French does.
    from drift.detect.entities import _written_alike

    pair, story = make_pair("Je vis à Dublin depuis 14 ans, la reprise est évidente dans les bouchons.",
                            "I have lived in Madrid for 14 years, the recovery is evident in the traffic jams.",
                            "fr", "en", settings=_story_settings(encoder))
    found = [f for f in EntityDetector().detect(pair, story) if f.detector == UNMATCHED]
    assert [(f.source.text, f.target.text) for f in found] == [("Dublin", "Madrid")]
    assert found[0].severity >= 0.5
    # A name each language translates is no such evidence.
    assert not _written_alike("Christmas", "Noël", "en", "fr")
    assert not _written_alike("London", "Londres", "en", "fr")
    assert _written_alike("Dublin", "Madrid", "fr", "en")


def test_a_german_noun_phrase_is_no_name_but_a_famous_name_is() -> None:
    from drift.detect.entities import _common_noun

    assert _common_noun("Geschenke", "de") and _common_noun("Unsere Ergebnisse", "de")
    assert not _common_noun("Donald Trump", "de") and not _common_noun("Bethesda", "de")
    assert not _common_noun("Geschenke", "en")  # English does not capitalise its nouns


@pytest.mark.parametrize(("a", "b"), [
    ("Олбенс", "Mr. Albence"),   # an opening vowel written as heard, a soft c, a title
    ("Грэм", "Graham"),          # a silent h after a vowel
    ("Винсент", "Vincent"),      # a soft c
    ("Мерриуэзера", "Merriweather"),  # "th" written "з", a "w" inside the word "у", a case ending
    ("Стоян Кирилов", "Stojan Kirilow"),  # German spelling: "j" for "й"/"я", "w" for "в"
    ("Ленка Дворжакова", "Lenka Dvořáková"),  # the Czech "ř" written "рж"
    ("Джулии Санторо", "Giulia Santoro"),  # an Italian soft "g" written "дж", a case ending
    ("Джон Смит", "John Smith"),  # an English "j" written "дж"
    ("Unii Europejskiej", "European Union"),  # a known body's name in another language and case
    ("Евросоюза", "EU"),
    ("Rosica Kolevová", "Rositsa Koleva"),  # Czech "c" for "ts" (Росица), the feminine "-ová"
    ("Cvetan Cvetkov", "Tsvetan Tsvetkov"),
    ("Томаш Вєжбицький", "Tomasz Wierzbicki"),  # Polish "rz" for "ж", "c" for "ц" before "k"
    ("Новицкий", "Nowicki"),
    ("Ντιντιέ Μπρουσέ", "Didier Bruchez"),  # Greek "ντ" for d, "μπ" opening a word for b, "ου" for u
    ("Ντόναλντ Τραμπ", "Donald Trump"),      # inside a word "μπ" stays mp
    ("Σολτς", "Scholz"),
])
def test_a_name_transliterated_as_heard_is_a_variant(a: str, b: str) -> None:
    assert compare_names(mention_from_text(a), mention_from_text(b)).kind in ("same", "variant")


def test_an_opening_vowel_tells_two_names_of_one_script_apart() -> None:
    assert compare_names(mention_from_text("Iran"), mention_from_text("Oran")).kind != "variant"
    # Nor is a soft "g" one sound with "j" within one script: another name.
    assert compare_names(mention_from_text("Gina Lopez"), mention_from_text("Jina Lopez")).kind != "variant"
    assert compare_names(mention_from_text("Alice"), mention_from_text("Elise")).kind != "variant"
    # A "c" read as "ts" is still no other letter: "Rosica" / "Rosina" is a near-miss.
    assert compare_names(mention_from_text("Rosica"), mention_from_text("Rosina")).kind == "near"


@pytest.mark.parametrize(("source", "target", "languages", "plain"), [
    # The other versions have the same verb without the negation or hedge: a word inserted.
    ("A 45-year-old man has been charged with attempted murder after a stabbing.",
     "45-летний мужчина не был обвинен в покушении на убийство после нападения с ножом.", ("en", "ru"), True),
    ("The High Breed: What is conscious hip hop?", "The High Breed: ¿Qué podría ser el hip hop consciente?",
     ("en", "es"), True),
    # An auxiliary between the hedge and its verb ("potrebbe essere finita"): the verb it governs is
    # the participle after it, which the other version says plainly ("ended").
    ("Sainsbury's tested a joint venture with Boots in the early 2000s, but the tie-up ended after a row over "
     "how to split the revenues.",
     "Sainsbury's ha provato una joint venture con Boots all’inizio degli anni 2000 ma la sinergia potrebbe "
     "essere finita in una disputa sulla suddivisione delle entrate.", ("en", "it"), True),
    # The other side written without spaces: the governed word finds its partner among its characters
    # ("reopen" / "重新开放"), while a rendering that puts the negation otherwise does not ("难以").
    ("On June 1, local time, the Colosseum did not reopen in Rome, the capital of Italy.",
     "当地时间6月1日，意大利首都罗马，罗马斗兽场重新开放。", ("en", "zh"), True),
    ("The company has not been able to hire enough staff.", "公司一直难以招聘足够的员工。", ("en", "zh"), False),
    ("The situation is not good.", "情况很糟糕。", ("en", "zh"), False),
    # A word of the other side puts the negation otherwise ("ignorait" for "never knew", "hard" for
    # "non è facile"), which the lexicons do not list.
    ("However, he was killed by a sniper four days later and never knew he had won the award.",
     "Il a cependant été tué par un tireur d’élite quatre jours plus tard et ignorait qu’il avait obtenu "
     "la distinction.", ("en", "fr"), False),
    ("It's hard to tell.", "Non è facile dirlo.", ("en", "it"), False),
    # A finite auxiliary between the negation and its participle ("no había detenido"): the
    # participle is what the other version says plainly.
    ("The police arrested the suspect on Friday.", "La policía no había detenido al sospechoso el viernes.",
     ("en", "es"), True),
    ("Полиция арестовала подозреваемого в пятницу.", "La polizia non aveva arrestato il sospettato venerdì.",
     ("ru", "it"), True),
    # In a compound tense the auxiliary stands before "pas" or "nicht" and the participle after it
    # ("n'est pas accusé", "wurde nicht angeklagt"): that participle is what they negate.
    ("A 45-year-old man has been charged with attempted murder after a man was stabbed in a restaurant.",
     "Un homme de 45 ans n'est pas accusé de tentative de meurtre après qu'un homme a été poignardé dans un "
     "restaurant.", ("en", "fr"), True),
    ("The man was arrested at the scene on Friday evening.",
     "Der Mann wurde nicht am Freitagabend am Tatort festgenommen.", ("en", "de"), True),
    # After a full verb, German and French "nicht" and "pas" (the lexicon's after_verb) follow it:
    # the word after them is not what they negate ("touristes" aligns with "tourists" all the same).
    ("„Er war ein sehr stiller Mann und prahlte nicht“, so Jankel.",
     "«Он был тихим и скромным человеком», — рассказывает его дочь.", ("de", "ru"), False),
    ("Des séparatistes masqués leur ont jeté des œufs, créant des nuages de poussière dans les rues, qui ne "
     "désemplissent habituellement pas de touristes.",
     "Masked separatists pelted them with eggs, creating dark clouds of dust in streets that would usually be "
     "thronged with tourists.", ("fr", "en"), False),
])
def test_a_one_sided_word_the_other_version_says_nothing_for_is_plain(
        source: str, target: str, languages: tuple[str, str], plain: bool, encoder) -> None:
    pair, story = make_pair(source, target, *languages, settings=_story_settings(encoder))
    (finding,) = ModalityDetector().detect(pair, story)
    assert (finding.evidence.get("plain_counterpart") == 1.0) is plain


@pytest.mark.parametrize(("src", "tgt", "langs", "names"), [
    # "Shenyang" aligns best with no word of "Dublin"'s (a substituted name is unrelated to the one
    # it replaces); the words around the two align, so they fill one slot, and English writes
    # "Dublin" as French does.
    ("Je vis a Dublin depuis 14 ans, la reprise est évidente dans les bouchons quotidiens depuis la rentrée.",
     "I have lived in Shenyang for 14 years, the recovery is evident in the daily traffic jams since the start "
     "of the school year.", ("fr", "en"), ("Dublin", "Shenyang")),
    # French writes the article and the name as one word ("l'Amazone"): the word holds the name.
    ("Pas moins de 20 % de l'eau qui se jette des rivières de la planète dans les océans provient de l'Amazone.",
     "No less than 20% of the water that flows from the planet's rivers into the oceans comes from the Czech "
     "Republic.", ("fr", "en"), ("Amazone", "Czech Republic")),
    # So does a possessive ("Bolivia's"). A real error of a published translation: the French puts
    # Chile where the English has Bolivia.
    ("But some analysts believe that the court is unlikely to decide in Bolivia's favour - and that little would "
     "change if it did.",
     "Mais certains analystes pensent qu’il y a peu de chances que le tribunal se prononce en faveur du Chili.",
     ("en", "fr"), ("Bolivia", "Chili")),
])
def test_a_name_put_in_another_s_place_is_read_between_two_versions(encoder, src: str, tgt: str,
                                                                   langs: tuple[str, str],
                                                                   names: tuple[str, str]) -> None:
    pair, story = make_pair(src, tgt, *langs, settings=_story_settings(encoder))
    found = [f for f in EntityDetector().detect(pair, story) if f.detector == UNMATCHED]
    assert [(f.source.text, f.target.text) for f in found] == [names]
    assert found[0].severity >= 0.5


@pytest.mark.parametrize(("word", "noun"), [("Wiedervereinigungsministeriums", True), ("Nachrichtenmagazin", True),
                                            ("Schaffhausen", False), ("Zuckerberg", False),
                                            ("Schwarzenegger", False)])
def test_a_long_german_word_ending_in_a_common_noun_is_a_noun(word: str, noun: bool) -> None:
    from drift.detect.entities import _common_noun

    assert _common_noun(word, "de") is noun


@pytest.mark.parametrize(("src", "tgt", "langs"), [
    # Each language abbreviates its own words, whether or not an article or a possessive is
    # written onto the acronym ("AI" / "l'IA", "ICJ's" / "IGH", the Internationaler Gerichtshof).
    ("As for the NSF, it currently invests more than $100 million per year in AI research.",
     "Le NSF, quant à lui, investit actuellement plus de 100 millions de dollars par an pour la recherche dans "
     "l’IA.", ("en", "fr")),
    ("That the ICJ's ruling comes only six months after the final arguments were heard indicates the case "
     "\"wasn't complicated,\" said Paz Zárate, a Chilean expert in international law.",
     "Dass das Urteil des IGH schon sechs Monate nach dem Schlussplädoyer vorliegt, lässt nach Ansicht von Paz "
     "Zárate, einer chilenischen Expertin für internationales Recht, darauf schließen, dass der Fall „nicht "
     "kompliziert“ war.", ("en", "de")),
    # A club's short name the Spanish writes out.
    ("While Livi's 34th-minute opener may have been against the run of play, no one can deny they deserved it "
     "for their graft alone.",
     "Aunque el gol marcado en el minuto 34 por el Livingston llegó contra todo pronóstico, nadie puede negar que "
     "se lo merecían por el esfuerzo dedicado.", ("en", "es")),
    # A German compound, rare as a whole, a common noun by its head ("-ministeriums").
    ("Park Byeong-seug, citant des données du ministère de l’unification du Sud, a déclaré que 1 127 désertions "
     "avaient eu lieu l’an dernier, contre 2 706 en 2011.",
     "Park Byeong-seug, der sich auf Daten des südkoreanischen Wiedervereinigungsministeriums beruft, erklärte, "
     "dass letztes Jahr 1127 Überläufer registriert wurden, im Vergleich zu 2706 im Jahr 2011.", ("fr", "de")),
    # Verbs opening a quoted sentence ("Lloró" after "¿«", "Pianse" after a quotation mark).
    ("¿«Lloró»?”", 'Forse "Pianse molto".', ("es", "it")),
])
def test_words_two_translations_put_in_one_slot_are_no_substitution(encoder, src: str, tgt: str,
                                                                    langs: tuple[str, str]) -> None:
    # Found on NTREX pairs of faithful translations, each a false "different name" before.
    pair, story = make_pair(src, tgt, *langs, settings=_story_settings(encoder))
    assert [f for f in EntityDetector().detect(pair, story) if f.detector == UNMATCHED] == []


def _ferry_story(versions: dict[str, str], encoder):
    from drift.api import compare
    from drift.documents import Document

    return compare([Document(lang, text, language=lang) for lang, text in versions.items()], encoder=encoder)


FERRY = {
    "en": "Storm Ciara closed ports along the east coast on Sunday. The ferry from Harwich was held in port "
          "for six hours by the storm, the operator said. Passengers were offered hotel rooms for the night.",
    "de": "Sturm Ciara hat am Sonntag Häfen an der Ostküste geschlossen. Die Fähre aus Harwich wurde wegen des "
          "Sturms sechs Stunden im Hafen festgehalten, teilte der Betreiber mit. Den Fahrgästen wurden "
          "Hotelzimmer für die Nacht angeboten.",
    "es": "La tormenta Ciara cerró el domingo puertos de la costa este. El ferri procedente de Harwich quedó "
          "retenido seis horas en el puerto por la tormenta, según el operador. A los pasajeros se les "
          "ofrecieron habitaciones de hotel para pasar la noche.",
    "it": "La tempesta Ciara ha chiuso domenica i porti della costa orientale. Il traghetto da Harwich è rimasto "
          "bloccato in porto per sei ore a causa della tempesta, ha detto l'operatore. Ai passeggeri sono "
          "state offerte camere d'albergo per la notte.",
    "pl": "Burza Ciara zamknęła w niedzielę porty na wschodnim wybrzeżu. Prom z Harwich był przez burzę "
          "zatrzymany w porcie przez sześć godzin, poinformował przewoźnik. Pasażerom zaproponowano pokoje "
          "hotelowe na noc.",
    "fr": "La tempête Ciara a fermé dimanche les ports de la côte est. Le ferry en provenance de Harwich a été "
          "retenu au port pendant six heures par la tempête, a indiqué l'opérateur. Des chambres d'hôtel ont "
          "été proposées aux passagers pour la nuit.",
}


def test_a_town_every_other_version_writes_replaced_in_one_is_flagged(encoder) -> None:
    # Five versions write "Harwich"; the French puts "Brixham" in its place. Two towns of one slot
    # align as closely as a name and its translation, so the pairs alone did not tell; the other
    # versions' spelling does.
    swapped = dict(FERRY, fr=FERRY["fr"].replace("Harwich", "Brixham"))
    report = _ferry_story(swapped, encoder)
    flagged = [e for e in report.events if e.severity >= report.threshold]
    assert [(e.category, e.deviating) for e in flagged] == [("entity", ["fr"])]
    # The reference itself may be the version that swapped it.
    swapped_first = dict(FERRY, en=FERRY["en"].replace("Harwich", "Brixham"))
    flagged = [e for e in _ferry_story(swapped_first, encoder).events if e.severity >= 0.5]
    assert [(e.category, e.deviating) for e in flagged] == [("entity", ["en"])]
    # The story as written, and with too few other versions to say, stays quiet.
    assert not [e for e in _ferry_story(FERRY, encoder).events if e.severity >= 0.5]
    few = {k: swapped[k] for k in ("en", "de", "fr")}
    assert not [e for e in _ferry_story(few, encoder).events if e.category == "entity" and e.severity >= 0.5]


def test_a_hedge_dropped_is_read_in_the_sentence_it_qualifies_not_a_neighbour_s_report(encoder) -> None:
    # The other side's part of the link holds two sentences (the collation put the company's
    # statement with it): its "said" belongs to the statement, not to the arrest. The hedge stands
    # against the sentence that states the arrest plainly.
    source = "The captain was reportedly detained on Friday morning."
    statement = "The company said in a statement that it was cooperating with the authorities."
    arrest = "The captain was detained on Friday morning."
    documents = [Document(id="ref", text=source, language="en"),
                 Document(id="other", text=f"{statement} {arrest}", language="en")]
    second = len(statement) + 1
    sentences = {"ref": [Sentence(0, 0, len(source), source)],
                 "other": [Sentence(0, 0, len(statement), statement),
                           Sentence(1, second, second + len(arrest), arrest)]}
    story = Story(documents, sentences, _story_settings(encoder))
    pair = AlignedPair(documents[0], documents[1], sentences["ref"], sentences["other"], 0.8)
    (found,) = ModalityDetector().detect(pair, story)
    assert (found.source.text, found.target.text) == ("reportedly", arrest)


@pytest.mark.parametrize(("lang", "text"), [
    ("fr", "Selon la presse, le capitaine a été placé en garde à vue."),
    ("es", "Según la prensa, el capitán fue detenido."),
    ("it", "Secondo la stampa, il capitano è stato fermato."),
    ("de", "Medienberichten zufolge wurde der Kapitän festgenommen."),
    ("ru", "По сообщениям СМИ, капитан был задержан."),
    ("bg", "Според медиите капитанът е бил задържан."),
    ("en", "According to media reports, the captain was detained."),
])
def test_press_reports_as_the_source_of_a_claim_are_a_hedge(lang: str, text: str) -> None:
    # "reportedly" put as "according to the press": the same hedge, not a plain attribution.
    assert "hedge" in {h.cls for h in find_hits(text, lang)}


def _turnout_story(encoder, city: str, polish: str, russian: str) -> Story:
    """One sentence in five versions, naming the city where the commission's chair spoke."""
    return _story_of([
        ("en", "en", f"The commission's chair told reporters in {city} that turnout was 52.4%."),
        ("pl", "pl", f"Przewodnicząca komisji powiedziała dziennikarzom w {polish}, że frekwencja wyniosła 52,4 proc."),
        ("de", "de", f"Die Vorsitzende der Kommission sagte Journalisten in {city}, die Beteiligung liege bei 52,4 "
                     "Prozent."),
        ("it", "it", f"La presidente della commissione ha detto ai giornalisti a {city} che l'affluenza è stata del "
                     "52,4%."),
        ("ru", "ru", f"Председатель комиссии сообщила журналистам в {russian}, что явка составила 52,4%.")], encoder)


@pytest.mark.parametrize(("city", "polish", "russian", "substituted"), [
    # The Russian version writes the city as the Polish one does: an exonym of the Slavic languages.
    ("Chișinău", "Kiszyniowie", "Кишинёве", False),
    # No version in another script writes the Polish name: a city put in another's place.
    ("Chișinău", "Krakowie", "Кишинёве", True),
    # The Russian version writes the city the other Latin-script versions write: the Polish name
    # stands alone.
    ("Bethesda", "Plaid", "Бетесде", True),
])
def test_a_name_a_version_in_another_script_writes_alike_is_no_substitution(encoder, city: str, polish: str,
                                                                             russian: str, substituted: bool) -> None:
    story = _turnout_story(encoder, city, polish, russian)
    pair = AlignedPair(story.documents[0], story.documents[1], story.sentences["en"], story.sentences["pl"], 0.8)
    found = [(f.source.text, f.target.text) for f in EntityDetector().detect(pair, story) if f.detector == UNMATCHED]
    assert found == ([(city, polish)] if substituted else [])


@pytest.mark.parametrize(("city", "russian", "substituted"), [
    ("Bethesda", "Бетесде", False),       # the city transliterated (and declined)
    ("Bethesda", "Балтиморе", True),      # another city: its transliteration is nothing like it
    ("Kyiv", "Киеве", False),             # an exonym of the other script, spelt close enough
    ("Fleetwood", "Флитууд", False),      # transliterated as it sounds: its reading is no known name
    ("Cownie", "Коуни", False),
])
def test_a_name_every_latin_version_writes_replaced_in_another_script_is_flagged(
        encoder, city: str, russian: str, substituted: bool) -> None:
    # Every third Latin-script version writes the city as it is; the Russian version writes a name
    # whose transliteration is nothing like it, and no other version writes that name.
    story = _turnout_story(encoder, city, city, russian)
    pair = AlignedPair(story.documents[0], story.documents[4], story.sentences["en"], story.sentences["ru"], 0.8)
    found = [(f.source.text, f.target.text) for f in EntityDetector().detect(pair, story) if f.detector == UNMATCHED]
    assert found == ([(city, russian)] if substituted else [])


_BLOC = "The ruling Civic Union came second with 33.8% and 38 seats, while the {}Agrarian Bloc won 9.1% and 16 seats."
_BLOC_DE = ("Die regierende Bürgerunion kam mit 33,8 Prozent und 38 Sitzen auf Platz zwei, der {}Agrarblock "
            "erhielt 9,1 Prozent.")


@pytest.mark.parametrize(("german", "english", "added"), [
    ("prorussische ", "", True),              # a characterisation only the German version writes
    ("prorussische ", "pro-Russian ", False),  # both write it
    ("", "", False),
    ("moskaufreundliche ", "", False),         # a word the lexicon lacks: nothing to say it is one
    ("berüchtigte ", "", True),                # "notorious": a characterisation of repute, not politics
])
def test_a_characterisation_one_version_alone_writes_is_framing_added(encoder, german: str, english: str,
                                                                      added: bool) -> None:
    pair, story = make_pair(_BLOC_DE.format(german), _BLOC.format(english), "de", "en",
                            settings=_story_settings(encoder))
    found = [f for f in FramingDetector().detect(pair, story) if "register_added" in f.evidence]
    assert [(f.source.text, f.target.text) for f in found] == ([(german.strip(), "Agrarian")] if added else [])
    assert all(f.severity >= 0.5 for f in found)


@pytest.mark.parametrize(("english", "added"), [("The troubled carrier", "troubled"), ("The carrier", None),
                                               ("The cash-strapped carrier", "cash-strapped"),
                                               ("The loss-making carrier", "loss-making")])
def test_a_characterisation_of_repute_one_version_adds_is_framing_added(encoder, english: str,
                                                                        added: str | None) -> None:
    # "troubled", "embattled", "cash-strapped", "проблемный банк": a judgement of the actor that
    # the wire did not make.
    pair, story = make_pair(f"{english} Aerolis grounded nine of its 22 aircraft on Tuesday.",
                            "Die Fluggesellschaft Aerolis hat am Dienstag neun ihrer 22 Flugzeuge stillgelegt.",
                            "en", "de", settings=_story_settings(encoder))
    found = [f for f in FramingDetector().detect(pair, story) if "register_added" in f.evidence]
    assert [f.source.text for f in found] == ([added] if added else [])


def test_a_characterisation_of_a_named_actor_is_read_against_the_name(encoder) -> None:
    # "Notenbankchef" and "Governor" align loosely; the name after them is the same word: the
    # phrase is named plainly on the other side, and the finding quotes the name there.
    pair, story = make_pair("Das Votum sei einstimmig gewesen, sagte der umstrittene Notenbankchef Gábor Szentesi.",
                            "Governor Gábor Szentesi said the vote had been unanimous.", "de", "en",
                            settings=_story_settings(encoder))
    found = [f for f in FramingDetector().detect(pair, story) if "register_added" in f.evidence]
    assert [(f.source.text, f.target.text) for f in found] == [("umstrittene", "Gábor Szentesi")]


def test_a_characterisation_inside_a_quotation_is_the_speakers(encoder) -> None:
    # Quoted, the word is the speaker's, not the outlet's: reported, below the flag threshold.
    pair, story = make_pair("„Der prorussische Agrarblock hat 9,1 Prozent erhalten“, sagte Rusu.",
                            '"The Agrarian Bloc won 9.1%," Rusu said.', "de", "en", settings=_story_settings(encoder))
    (found,) = [f for f in FramingDetector().detect(pair, story) if "register_added" in f.evidence]
    assert found.source.text == "prorussische" and found.evidence["quoted"] == 1.0
    assert found.severity < 0.5


@pytest.mark.parametrize(("a", "b", "same"), [
    ("Wiedeń", "Vienna", True),           # a place's own name in Polish (configs/places.toml)
    ("Wiedniu", "Wien", True),            # declined
    ("Rapid Wiedeń", "Rapid Vienna", True),  # inside a club's name
    ("Rapid Graz", "Rapid Vienna", False),   # another city
])
def test_a_place_each_language_names_its_own_way_is_the_same_place(a: str, b: str, same: bool) -> None:
    kind = compare_names(mention_from_text(a), mention_from_text(b)).kind
    assert (kind in ("same", "variant")) is same
