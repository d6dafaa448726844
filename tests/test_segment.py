"""Sentences: exact offsets, full coverage, language rules, boilerplate marking."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import drift.segment as segment_module
from drift.documents import Document, load_document
from drift.errors import DriftError
from drift.segment import Sentence, boilerplate_rules, load_boilerplate, pysbd_language, segment, split_line

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
SEED_FILES = sorted(SEEDS.glob("*.txt"))

FRENCH = "\n".join([
    "Des combats violents ont opposé mardi 3 décembre l’armée syrienne à une coalition de rebelles, "
    "selon l’OSDH. « Nous avançons vers Hama », a déclaré M. Aboul Houda Sourani à l’AFP.",
    "Progression des groupes anti-régime",
    "L’armée a dit avoir envoyé des renforts, etc. Selon le ministère de la Défense, les combats ont eu lieu "
    "lundi.",
    "Lire aussi | Article réservé à nos abonnés En Syrie, un revers pour Vladimir Poutine",
    "Lire plus tard",
    "Le Monde avec AFP",
    "Commentaires",
    "",
])

BULGARIAN = "\n".join([
    "Ожесточени боеве се водят днес между сирийската армия и коалиция от бунтовници, съобщи БТА. "
    "Г-н Абдел Рахман каза: „Бунтовниците напредват.“ Според ООН около 50 000 души са разселени.",
    "",
    "Напредък на бунтовниците",
    "Хама е стратегически град в Централна Сирия, на пътя между Алепо и столицата Дамаск.",
    "Прочетете още: Русия и войната в Сирия",
    "Коментари",
    "с AFP",
    "",
])


def check_invariants(doc: Document, sentences: list[Sentence]) -> None:
    """Offsets round-trip, order, no overlap, nothing lost."""
    assert sentences, "no sentences"
    covered = [False] * len(doc.text)
    previous_end = 0
    for i, s in enumerate(sentences):
        assert s.index == i
        assert doc.text[s.start:s.end] == s.text
        assert s.text and s.text == s.text.strip()
        assert s.start >= previous_end  # ordered, non-overlapping
        previous_end = s.end
        for k in range(s.start, s.end):
            covered[k] = True
    lost = [c for c, hit in zip(doc.text, covered, strict=True) if not hit and not c.isspace()]
    assert not lost, f"characters outside every sentence: {''.join(lost)!r}"


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.stem)
def test_seed_offsets_round_trip(path: Path) -> None:
    doc = load_document(path)
    sentences = segment(doc)
    check_invariants(doc, sentences)
    # Every line is at least one sentence: no sentence crosses a line break.
    assert all("\n" not in s.text for s in sentences)
    assert len(sentences) >= len([line for line in doc.text.splitlines() if line.strip()])


def test_seeds_are_present() -> None:
    assert len(SEED_FILES) == 5


def test_seed_boilerplate_and_heading() -> None:
    doc = load_document(SEEDS / "001_1303be2f307863c3.txt")
    by_text = {s.text: s for s in segment(doc)}
    assert by_text["Progression of anti-regime groups"].boilerplate is False
    assert by_text["Read later"].boilerplate is True
    teaser = next(s for s in by_text.values() if s.text.startswith("Read also"))
    assert teaser.boilerplate is True
    assert [s.text for s in segment(doc) if s.boilerplate] == [teaser.text, "Read later"]

    doc = load_document(SEEDS / "002_87cb24ee38d30ef1.txt")
    marked = [s.text for s in segment(doc) if s.boilerplate]
    assert marked == ["With AFP", "Comments"]


def test_french_sentences_and_boilerplate() -> None:
    doc = Document("fr", FRENCH, language="fr")
    sentences = segment(doc)
    check_invariants(doc, sentences)
    texts = [s.text for s in sentences]
    assert texts[:2] == [
        "Des combats violents ont opposé mardi 3 décembre l’armée syrienne à une coalition de rebelles, "
        "selon l’OSDH.",
        "« Nous avançons vers Hama », a déclaré M. Aboul Houda Sourani à l’AFP.",  # "M." is no end
    ]
    assert texts[2] == "Progression des groupes anti-régime"
    marked = {s.text for s in sentences if s.boilerplate}
    assert marked == {"Lire aussi | Article réservé à nos abonnés En Syrie, un revers pour Vladimir Poutine",
                      "Lire plus tard", "Le Monde avec AFP", "Commentaires"}


def test_bulgarian_sentences_and_boilerplate() -> None:
    doc = Document("bg", BULGARIAN, language="bg")
    sentences = segment(doc)
    check_invariants(doc, sentences)
    texts = [s.text for s in sentences]
    # "Г-н" is an abbreviation; the closing „…“ quote stays with its sentence.
    assert "Г-н Абдел Рахман каза: „Бунтовниците напредват.“" in texts
    assert "Според ООН около 50 000 души са разселени." in texts
    assert not any(t.startswith("“") for t in texts)
    marked = [s.text for s in sentences if s.boilerplate]
    assert marked == ["Прочетете още: Русия и войната в Сирия", "Коментари", "с AFP"]
    assert not next(s for s in sentences if s.text == "Напредък на бунтовниците").boilerplate


def test_realistic_english_boilerplate() -> None:
    text = "\n".join([
        "Rebels advanced on the city on Tuesday, the monitor said. The statement read: “We will not stop.”",
        "READ MORE: Why the offensive surprised the regime",
        "The ministry read out a list of the dead, and officials said they would read the report later.",
        "Article reserved for our subscribers",
        "Photo: Omar Haj Kadour/AFP",
        "Share",
        "12 comments",
        "Rami Abdel Rahman said in an interview with AFP.",
        "An AFP photographer saw dozens of abandoned tanks. With AFP and Reuters",
        "***",
    ])
    doc = Document("en", text, language="en")
    sentences = segment(doc)
    check_invariants(doc, sentences)
    marked = [s.text for s in sentences if s.boilerplate]
    assert marked == ["READ MORE: Why the offensive surprised the regime",
                      "Article reserved for our subscribers", "Photo: Omar Haj Kadour/AFP", "Share",
                      "12 comments", "With AFP and Reuters", "***"]
    content = [s.text for s in sentences if not s.boilerplate]
    assert "The ministry read out a list of the dead, and officials said they would read the report later." \
        in content
    assert "The statement read: “We will not stop.”" in content
    assert "Rami Abdel Rahman said in an interview with AFP." in content


def test_sentence_split_inside_boilerplate_line_is_all_boilerplate() -> None:
    # The headline of the teased article has its own full stop; the whole line is still the teaser.
    doc = Document("en", "Body text here.\nRead also: Syria. Why Putin is losing ground", language="en")
    sentences = segment(doc)
    assert [s.boilerplate for s in sentences] == [False] + [True] * (len(sentences) - 1)
    assert len(sentences) >= 2


def test_offsets_follow_leading_whitespace_and_blank_lines() -> None:
    text = "\n\n   Mr. Smith arrived. He left.  \n\t\n  Second para.\n"
    doc = Document("x", text, language="en")
    sentences = segment(doc)
    check_invariants(doc, sentences)
    assert [s.text for s in sentences] == ["Mr. Smith arrived.", "He left.", "Second para."]
    assert sentences[0].start == text.index("Mr.")


def test_repeated_sentences_get_distinct_offsets() -> None:
    # pysbd's own char spans point at the first occurrence of a repeated sentence.
    text = "Yes. No. Yes. No. Yes."
    doc = Document("x", text, language="en")
    sentences = segment(doc)
    check_invariants(doc, sentences)
    assert [s.start for s in sentences] == [0, 5, 9, 14, 18]


def test_wrong_pysbd_offsets_are_repaired(monkeypatch: pytest.MonkeyPatch) -> None:
    # pysbd's char_span can point at an earlier occurrence, or at text it normalised: every
    # sentence is searched forward from the previous one instead of trusting the offset.
    line = "Yes.  No. Yes. Then  he  left."
    spans = [(0, "Yes.  "), (0, "No. "), (0, "Yes. "), (0, "Then he left.")]  # last one rewritten
    monkeypatch.setattr(segment_module, "_pysbd_spans", lambda text, language: spans)
    assert [line[a:b] for a, b in split_line(line, "en")] == ["Yes.", "No.", "Yes.", "Then  he  left."]


def test_unsupported_language_falls_back_to_english() -> None:
    assert pysbd_language("sw") == "en"
    assert pysbd_language("und") == "en"
    assert pysbd_language("fr") == "fr"
    assert pysbd_language("bg-BG") == "bg"
    doc = Document("sw", "Waasi walisonga mbele. Jeshi lilirudi nyuma.", language="sw")
    assert [s.text for s in segment(doc)] == ["Waasi walisonga mbele.", "Jeshi lilirudi nyuma."]


def test_split_line_never_loses_text() -> None:
    for line in ["  ", "a", "“Quoted.” Then", "Dr. No. Mr. Yes! (Really?) Fine…", "… ” »", "a . . . b"]:
        spans = split_line(line, "en")
        kept = "".join(line[a:b] for a, b in spans)
        assert "".join(line.split()) == "".join(kept.split())


def test_config_extra_patterns_and_bad_config(tmp_path: Path) -> None:
    doc = Document("en", "Rebels advanced.\nSponsored by ACME", language="en")
    assert [s.boilerplate for s in segment(doc)] == [False, False]
    config = {"boilerplate": {"extra": [r"sponsored by .{1,40}"]}}
    assert [s.boilerplate for s in segment(doc, config=config)] == [False, True]
    bad = tmp_path / "bad.toml"
    bad.write_text("[patterns]\nen = ['(unclosed']\n")
    with pytest.raises(DriftError, match="bad.toml: invalid boilerplate pattern"):
        segment(doc, config={"boilerplate": {"file": str(bad)}})


def test_boilerplate_config_loads_every_language() -> None:
    rules = load_boilerplate()
    for line in ["Read later", "Lire plus tard", "Прочетете още: нещо", "Lesen Sie auch: X", "Leggi anche X",
                 "Читайте также: X", "Lee también: X", "Czytaj także: Niemieckie banki pod lupą nadzoru.",
                 "Leia também: X", "Lees ook: X", "相关阅读：某某", "（责任编辑：王某）"]:
        assert rules.matches(line), line
    for line in ["Progression of anti-regime groups", "He spoke with AFP",
                 "Comments by the minister angered Ankara.",
                 "An AFP photographer on Tuesday morning saw dozens of abandoned tanks.",
                 "Zdjęcie przedstawia most na Renie.", "Delen van de stad bleven zonder stroom."]:
        assert not rules.matches(line), line



@pytest.mark.parametrize(("text", "language", "dateline"), [
    ("Cologne shuts bridge\nCOLOGNE, Germany, March 12 (Wire) - Authorities closed the bridge on Tuesday.", "en",
     "COLOGNE, Germany, March 12 (Wire) -"),
    ("Köln (dpa/lnw) – Wegen Rissen ist die Brücke gesperrt.", "de", "Köln (dpa/lnw) –"),
    ("(ANSA) - LIONE, 08 OTT - Hacker hanno sottratto i dati.", "it", "(ANSA) - LIONE, 08 OTT -"),
    ("COLONIA (ALEMANIA), 12 Mar. (EUROPA PRESS) - Las autoridades cerraron el puente.", "es",
     "COLONIA (ALEMANIA), 12 Mar. (EUROPA PRESS) -"),
    ("Sofía, 14 oct (EFE).- La minera cerrará la mina.", "es", "Sofía, 14 oct (EFE).-"),
    ("КЁЛЬН, 12 мар — РИА Новости. Власти Кёльна закрыли мост.", "ru", "КЁЛЬН, 12 мар — РИА Новости."),
    ("ПАРИЖ, 6 ноября. Французская полиция нашла картину.", "ru", "ПАРИЖ, 6 ноября."),
    ("中新网3月12日电 德国科隆市当局12日封闭大桥。", "zh", "中新网3月12日电"),
    ("Мадрид, 14 октомври /БТА/ Най-малко трима души загинаха.", "bg", "Мадрид, 14 октомври /БТА/"),
    ("МОСКВА, 4 марта. /ТАСС/. Трое погибли при взрыве.", "ru", "МОСКВА, 4 марта. /ТАСС/."),
    ("ANTWERPEN 14/10 (BELGA) = De douane heeft 7,2 ton cocaïne in beslag genomen.", "nl",
     "ANTWERPEN 14/10 (BELGA) ="),
])
def test_a_dateline_is_a_boilerplate_sentence_of_its_own(text: str, language: str, dateline: str) -> None:
    # Every outlet writes its own place, date and agency: one version's dateline is no claim the
    # others lack, while the sentence it opens stays content.
    doc = Document("x", text, language=language)
    sentences = segment(doc)
    check_invariants(doc, sentences)
    marked = [s.text for s in sentences if s.boilerplate]
    assert marked == [dateline]
    after = sentences[[s.text for s in sentences].index(dateline) + 1]
    assert not after.boilerplate and text[after.start:].startswith(after.text)


@pytest.mark.parametrize("line", [
    "Brexit - what happens next",
    "Die Polizei - 12 Beamte - kam.",
    "Mr. Smith said 500 people came.",
    "Hayat Tahrir al-Sham (HTS) and its allies fought on Tuesday.",
    "Violent fighting pitted the Syrian army on Tuesday, December 3, against rebels.",
    "Turnout 52 = lowest since 1990",
])
def test_an_opening_line_without_a_dateline_keeps_its_words(line: str) -> None:
    assert not any(s.boilerplate for s in segment(Document("x", line, language="en")))


def test_only_the_first_lines_are_read_for_a_dateline() -> None:
    # Deep in an article a line of that shape is the story's own text (a quoted list, a heading).
    lines = ["Headline", "First paragraph.", "Second paragraph.", "Third paragraph.",
             "PARIS, Nov 6 - A line of that shape later on."]
    sentences = segment(Document("x", "\n".join(lines), language="en"))
    assert not any(s.boilerplate for s in sentences)
    assert segment(Document("x", "\n".join(lines[-1:] + lines[:-1]), language="en"))[0].boilerplate


@pytest.mark.parametrize("line", [
    "mdw/jlr", "jm/ mal/", "(PAP)", "(EUROPA PRESS)", "dpa-infocom/lnw/jm", "/ЕД/", "/ТАСС/.", "（完）",
    "RIPRODUZIONE RISERVATA © Copyright ANSA",
    "Associated Press writer Jane Roe in Athens contributed to this report.", "Z Wiednia Tomasz Wrona (PAP)",
    "Associated Press writer Jane Roe contributed from Rome.",
    "(Reporting by Jonas Meier; Editing by Clare Whitfield)", "By a staff reporter", "By Jane Doe",
])
def test_agency_sign_offs_credits_and_bylines_are_boilerplate(line: str) -> None:
    assert load_boilerplate().matches(line)
    assert not load_boilerplate().matches(f"Ministers met on Monday, {line[:1].lower()}{line[1:]} said.")

PIECES = ["Mr.", "Dr.", "Г-н", "a", "Word", "AFP", ".", "!", "?", "…", " ", "  ", "\n", "\t", "“", "”", "„",
          "«", "»", '"', "'", "(", ")", "|", "–", "Read also | ", "With AFP", "\u00a0", "1,5", "3."]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=40), st.sampled_from(["en", "fr", "bg", "und"]))
def test_property_offsets_and_coverage(pieces: list[str], language: str) -> None:
    text = "".join(pieces)
    if not text.strip():
        assert segment(Document("x", text or " ", language=language)) == []
        return
    doc = Document("x", text, language=language)
    check_invariants(doc, segment(doc))


@pytest.mark.parametrize(("language", "text", "first"), [
    ("pl", "Ayr wyszedł na prowadzenie w 14. minucie po przyłożeniu. Potem nic.",
     "Ayr wyszedł na prowadzenie w 14. minucie po przyłożeniu."),
    ("cs", "Stalo se 14. května v Praze. Pak ne.", "Stalo se 14. května v Praze."),
    # An abbreviation pysbd does not know ("r." for "rok", year) before a comma: the clause goes on.
    ("pl", "Droga była zamknięta w 2020 r., kiedy obryw ją zablokował. Potem nic.",
     "Droga była zamknięta w 2020 r., kiedy obryw ją zablokował."),
    ("fr", "Il date de la fin du IIIe siècle après J.-C., selon Eleni Papadimitriou. Puis rien.",
     "Il date de la fin du IIIe siècle après J.-C., selon Eleni Papadimitriou."),
])
def test_an_ordinal_with_a_full_stop_does_not_end_the_sentence(language: str, text: str, first: str) -> None:
    # Polish and Czech write ordinals "14." before a lowercase word; a split there cut a sentence
    # in two halves that no other version's sentence matches.
    spans = split_line(text, language)
    assert [text[a:b] for a, b in spans] == [first, text[len(first) + 1:]]


def test_a_run_of_initials_ends_no_sentence() -> None:
    # pysbd ends a Spanish sentence inside "la I. A." (artificial intelligence).
    line = "El siguiente gran logro en I. A. se alcance en EE. UU., tal como declaró Lee."
    assert [line[s:e] for s, e in split_line(line, "es")] == [line]
    line = "It was written by J. R. R. Tolkien. He died in 1973."
    assert [line[s:e] for s, e in split_line(line, "en")] == ["It was written by J. R. R. Tolkien.", "He died in 1973."]


@pytest.mark.parametrize(("language", "line"), [
    ("fr", "La loi sur l ' énergie entre en vigueur . Elle règle l ' approvisionnement du pays . "
           "Le Conseil fédéral l ' a adoptée hier ."),
    ("it", "Il piano d ' azione è pronto . L ' ordinanza resta in vigore . Dell ' anno scorso nulla ."),
    ("en", "The federal government ' s plan is ready . It doesn ' t change the law . Nothing else ."),
])
def test_tokenised_apostrophes_do_not_hide_sentence_ends(language: str, line: str) -> None:
    # Tokenised text writes an apostrophe with a space on each side; pysbd read the lone mark as
    # an opening quotation and ended no sentence until another one, so a whole paragraph stood
    # against one sentence of the other version. The sentences must be those of the text written
    # without the spaces, at the text's own offsets.
    spans = split_line(line, language)
    assert [line[a:b] for a, b in spans] == [part.strip() + " ." for part in line.split(" .") if part.strip()]
    joined = line.replace(" ' ", "'")
    assert len(spans) == len(split_line(joined, language))


@pytest.mark.parametrize("language", ["en", "de", "fr"])
def test_a_tokenised_date_ends_no_sentence(language: str) -> None:
    # "01 . 10 . 2003", "Annex 1 . 16": the same tokenisation writes the stops of dates and section
    # numbers apart, and pysbd ended a sentence at each, so "from 01 ." stood as a sentence no
    # other version has.
    line = "Head of the unit from 01 . 10 . 2003 to 31 . 05 . 2008 under Annex 1 . 16 . Then he retired ."
    assert [line[a:b] for a, b in split_line(line, language)] == [line[:line.index(" Then")], "Then he retired ."]


@pytest.mark.parametrize("line", [
    "Yes. No. Yes. Then he left.",                     # a repeated sentence: its second place
    "Er kam um 9 Uhr.  Dann ging er.\tEr kam um 9 Uhr. ",  # whitespace runs and tabs kept with it
    "“Go,” he said. “Go,” he said. Dr. Smith agreed.",
    "No terminal punctuation at all",
])
@pytest.mark.parametrize("language", ["en", "de"])
def test_sentence_spans_are_pysbds_char_spans(line: str, language: str) -> None:
    # The spans are found without pysbd's regular expression per sentence, at the same places.
    import pysbd

    expected = [(span.start, span.sent)
                for span in pysbd.Segmenter(language=language, clean=False, char_span=True).segment(line)]
    assert segment_module._pysbd_spans(line, language) == expected


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["Yes.", "No.", "Dr.", "He left!", "“Go,”", "he said.", "9 Uhr.", " ", "  ", "\t",
                                 "\u00a0"]), max_size=12))
def test_sentence_spans_are_pysbds_char_spans_on_any_mix(words: list[str]) -> None:
    import pysbd

    line = " ".join(words)
    expected = [(span.start, span.sent)
                for span in pysbd.Segmenter(language="en", clean=False, char_span=True).segment(line)]
    assert segment_module._pysbd_spans(line, "en") == expected


@pytest.mark.parametrize(("line", "furniture"), [
    ("Seitenanfang", True), ("Nach oben", True), ("Back to top", True), ("Haut de page", True),
    ("Inizio pagina", True), ("Torna all'inizio", True), ("Volver arriba", True),
    ("Letzte Änderung 14.01.2025", True), ("Last modification 14.01.2025", True),
    ("Dernière modification 14.01.2025", True), ("Ultima modifica 14.01.2025", True),
    # Prose that only begins like a page's furniture.
    ("Die letzte Änderung des Gesetzes trat 2020 in Kraft.", False),
    ("The top court ruled on 3 May.", False),
])
def test_page_navigation_and_modification_lines_are_boilerplate(line: str, furniture: bool) -> None:
    text = f"The agreement was signed in Bern.\n{line}\n"
    (_, sentence) = segment(Document("d", text, language="en"))
    assert sentence.boilerplate is furniture


def test_page_navigation_phrases_are_removed_from_running_text() -> None:
    rules = load_boilerplate()
    assert rules.without_inline("Letzte Änderung 14.01.2025 Zum Seitenanfang Kontakt").split() == [
        "Letzte", "Änderung", "14.01.2025", "Kontakt"]
    # Whole words only: a phrase inside a longer word stays.
    assert rules.without_inline("Die Seitenanfangsmarke blieb.") == "Die Seitenanfangsmarke blieb."
    assert rules.without_inline("Contact Back to top").split() == ["Contact"]


def test_a_users_boilerplate_file_lists_its_own_inline_phrases(tmp_path: Path) -> None:
    mine = tmp_path / "mine.toml"
    mine.write_text("[patterns]\nen = []\n[inline]\nen = ['nach oben', 'zurück nach oben']\n", encoding="utf-8")
    rules = boilerplate_rules({"boilerplate": {"file": str(mine)}})
    # Longest first: the longer phrase goes whole, whatever the order of the list.
    assert rules.without_inline("Kontakt zurück nach oben").split() == ["Kontakt"]
    assert rules.without_inline("Zum Seitenanfang") == "Zum Seitenanfang"  # not in this file
    bad = tmp_path / "bad.toml"
    bad.write_text("[patterns]\nen = []\n[inline]\nen = 'back to top'\n", encoding="utf-8")
    with pytest.raises(DriftError, match="bad.toml: expected an \\[inline\\] table of lists of phrases"):
        boilerplate_rules({"boilerplate": {"file": str(bad)}})


@pytest.mark.parametrize(("language", "line", "count"), [
    # "ok." (about) and "godz." (hour) stand before what they qualify: no sentence ends there.
    ("pl", "Ogień pojawił się ok. godz. 4.40 w hali. Policja ewakuowała ok. 1200 mieszkańców.", 2),
    ("ru", "Полиция эвакуировала ок. 1200 жителей. Пожар потушили к полудню.", 2),
    ("de", "Die Polizei brachte rd. 1200 Anwohner in Sicherheit. Das Feuer ist gelöscht.", 2),
    # A sentence that really ends before a figure still does.
    ("pl", "Pożar opanowano w południe. 17 osób zostało rannych.", 2),
])
def test_no_sentence_starts_after_an_abbreviation_of_the_language(language: str, line: str, count: int) -> None:
    assert len(split_line(line, language)) == count
