"""Quantity parsing per language and the number detector on hand-built aligned pairs."""

from __future__ import annotations

import pytest
from pairs import make_pair

from drift.detect.numbers import NumberDetector
from drift.quantities import parse_quantities, read_digits


@pytest.mark.parametrize(("lang", "text", "value", "kind"), [
    ("en", "50,000 people", 50000, "cardinal"),
    ("fr", "50 000 personnes", 50000, "cardinal"),
    ("fr", "15\u202f000 personnes", 15000, "cardinal"),
    ("fr", "15\u00a0000 personnes", 15000, "cardinal"),
    ("de", "15.000 Menschen", 15000, "cardinal"),
    ("fr", "une hausse de 6,1", 6.1, "cardinal"),
    ("en", "a rise of 6.1", 6.1, "cardinal"),
    ("en", "1.2 million people", 1.2e6, "cardinal"),
    ("fr", "1,2 million de personnes", 1.2e6, "cardinal"),
    ("fr", "3 millions de personnes", 3e6, "cardinal"),
    ("bg", "1,5 млн души", 1.5e6, "cardinal"),
    ("bg", "5 хиляди души", 5000, "cardinal"),
    ("en", "two men", 2, "cardinal"),
    ("fr", "deux hommes", 2, "cardinal"),
    ("bg", "два танка", 2, "cardinal"),
    ("ru", "два танка", 2, "cardinal"),
    ("de", "zwei Panzer", 2, "cardinal"),
    ("es", "dos tanques", 2, "cardinal"),
    ("it", "due carri", 2, "cardinal"),
    ("en", "twenty-five men", 25, "cardinal"),
    ("en", "two hundred and five men", 205, "cardinal"),
    ("fr", "vingt-et-un morts", 21, "cardinal"),
    ("fr", "deux cent cinq morts", 205, "cardinal"),
    ("bg", "двеста и петдесет души", 250, "cardinal"),
    ("bg", "две хиляди души", 2000, "cardinal"),
    ("en", "45% of voters", 45, "percent"),
    ("fr", "6,1 % des voix", 6.1, "percent"),
    ("de", "6,1 Prozent", 6.1, "percent"),
    ("en", "the second largest city", 2, "ordinal"),
    ("fr", "la deuxième ville", 2, "ordinal"),
    ("bg", "втория по големина град", 2, "ordinal"),
    ("en", "the 2nd city", 2, "ordinal"),
    ("fr", "la 2e ville", 2, "ordinal"),
])
def test_parse_exact(lang: str, text: str, value: float, kind: str) -> None:
    qs = parse_quantities(text, lang)
    assert len(qs) == 1, qs
    assert qs[0].exact and qs[0].value == pytest.approx(value)
    assert qs[0].kind == kind
    assert text[qs[0].start:qs[0].end] == qs[0].text


@pytest.mark.parametrize(("lang", "text", "low", "high"), [
    ("en", "dozens of strikes", 24, 99),
    ("fr", "des dizaines de frappes", 24, 99),
    ("bg", "десетки удари", 24, 99),
    ("de", "Dutzende Angriffe", 24, 99),
    ("ru", "десятки ударов", 24, 99),
    ("en", "hundreds of deaths", 200, 999),
    ("en", "a dozen tanks", 10, 15),
    ("en", "tens of thousands of people", 20000, 99999),
    ("bg", "хиляди хора", 2000, 9999),
    ("fr", "des dizaines de milliers de personnes", 20000, 99999),
    ("fr", "millions de personnes", 2e6, 9.99e8),
    # The genitive plural a vague quantity governs ("tens of millions"), no figure of one million.
    ("ru", "десятки миллионов крон", 2e6, 9.99e8),
    ("pl", "dziesiątki milionów koron", 2e6, 9.99e8),
    # Japanese writes no spaces: a vague word touches the words around it.
    ("ja", "建てられた数多くのピラミッド", 3, 1e12),
    ("ja", "数十万人が避難した", 200000, 999999),
    ("ja", "多くの人が集まった", 3, 1e12),
])
def test_parse_vague(lang: str, text: str, low: float, high: float) -> None:
    qs = parse_quantities(text, lang)
    assert len(qs) == 1, qs
    assert (qs[0].kind, qs[0].low, qs[0].high) == ("vague", low, high)


@pytest.mark.parametrize(("lang", "text", "value"), [
    ("ru", "5 миллионов рублей", 5e6), ("pl", "5 milionów złotych", 5e6)])
def test_a_vague_plural_after_a_figure_still_multiplies(lang: str, text: str, value: float) -> None:
    qs = parse_quantities(text, lang)
    assert len(qs) == 1 and qs[0].kind == "cardinal" and qs[0].value == pytest.approx(value)


def test_the_genitive_plural_alone_is_no_vague_quantity() -> None:
    # "двух с половиной миллионов" (two and a half million): only after a vague word is it "millions".
    assert all(q.kind != "vague" for q in parse_quantities("более двух с половиной миллионов тенге", "ru"))


@pytest.mark.parametrize(("token", "decimal", "value", "alternatives"), [
    ("1,200", ".", 1200, (1.2,)),      # English: grouping, but a French reading exists
    ("1,2", ",", 1.2, ()),
    ("1,200", ",", 1.2, (1200,)),      # French: decimal first
    ("15.000", ",", 15000, (15,)),
    ("1.234.567", ",", 1234567, ()),
    ("1,234.5", ".", 1234.5, ()),
    ("1.234,5", ",", 1234.5, ()),
    ("50 000", ",", 50000, ()),
])
def test_read_digits_locale(token: str, decimal: str, value: float, alternatives: tuple) -> None:
    got, alts = read_digits(token, decimal)
    assert got == pytest.approx(value)
    assert alts == pytest.approx(alternatives)


def test_articles_are_not_counts() -> None:
    assert parse_quantities("une attaque contre un convoi", "fr") == []
    assert parse_quantities("un million", "fr")[0].value == 1e6


def test_unknown_language_gets_digits() -> None:
    qs = parse_quantities("ca 1 200 persones", "und")
    assert [q.value for q in qs] == [1200]


def test_number_changed_is_flagged_with_spans() -> None:
    pair, story = make_pair("At least 30 people were killed in the strikes.",
                            "At least 13 people were killed in the strikes.")
    findings = NumberDetector().detect(pair, story)
    assert [f.category for f in findings] == ["number"]
    f = findings[0]
    assert f.source.text == "30" and f.target.text == "13"
    assert pair.source_doc.text[f.source.start:f.source.end] == "30"
    assert pair.target_doc.text[f.target.start:f.target.end] == "13"
    assert f.severity >= 0.5 and 0 < f.evidence["confidence"] <= 1
    assert "30" in f.explanation and "13" in f.explanation


@pytest.mark.parametrize(("src", "tgt", "lang", "spans"), [
    ("The explosion killed at least three people.", "Tres personas han muerto en la explosión.", "es",
     ("at least three", "Tres")),
    ("The explosion killed three people.", "Bei der Explosion starben mindestens drei Menschen.", "de",
     ("three", "mindestens drei")),
    ("More than 300 people fled.", "300 человек бежали.", "ru", ("More than 300", "300")),
])
def test_a_floor_one_version_alone_writes_is_a_changed_figure(src: str, tgt: str, lang: str,
                                                             spans: tuple[str, str]) -> None:
    # A toll "at least three" given as "three": the count is told as final.
    pair, story = make_pair(src, tgt, "en", lang)
    (finding,) = NumberDetector().detect(pair, story)
    assert finding.category == "number" and finding.evidence["floor_dropped"] == 1.0
    assert (finding.source.text, finding.target.text) == spans
    assert finding.severity >= 0.5


@pytest.mark.parametrize(("src", "tgt", "lang"), [
    ("The explosion killed at least three people.", "Al menos tres personas han muerto.", "es"),
    ("More than 300 people fled.", "Über 300 Menschen flohen.", "de"),
    # A floor written after the figure, or an approximation: the figure is not bare.
    ("More than 300 people fled.", "300人以上逃离。", "zh"),
    ("The bank hired more than 150 staff.", "该行已增聘150多名合规人员。", "zh"),
    ("It cares for more than 270 historical buildings.", "它负责管理270多座历史建筑。", "zh"),
    # A preposition that may mean "more than" marks no floor ("verfügt über 34 Sitze": has 34 seats).
    ("The coalition controls 34 of the 55 seats.", "Die Koalition verfügt über 34 der 55 Sitze.", "de"),
    # "More than" said by a verb or a comparison ("Toll Soars Above 800", "superior a 800"): not bare.
    ("The toll rose to more than 800.", "El número de víctimas es superior a 800.", "es"),
    ("The toll rose to more than 800.", "Число жертв цунами превышает 800.", "ru"),
    ("More than 300 people fled.", "Около 300 человек бежали.", "ru"),
    ("Three people were killed.", "Tres personas han muerto.", "es"),
])
def test_a_floor_both_or_neither_write_is_no_change(src: str, tgt: str, lang: str) -> None:
    pair, story = make_pair(src, tgt, "en", lang)
    assert not [f for f in NumberDetector().detect(pair, story) if f.category == "number"]


def test_format_variant_is_not_flagged() -> None:
    pair, story = make_pair("Some 1,200 people fled.", "Quelque 1 200 personnes ont fui.", "en", "fr")
    findings = NumberDetector().detect(pair, story)
    assert all(f.category == "variant" and f.severity < 0.5 for f in findings)
    assert len(findings) == 1


@pytest.mark.parametrize(("src", "tgt", "tgt_lang"), [
    ("Two men were arrested.", "2 men were arrested.", "en"),
    ("Some 1.2 million people fled.", "Some 1 200 000 people fled.", "en"),
    ("Some 1.2 million people fled.", "Quelque 1,2 million de personnes ont fui.", "fr"),
])
def test_same_value_other_writing_is_variant(src: str, tgt: str, tgt_lang: str) -> None:
    pair, story = make_pair(src, tgt, "en", tgt_lang)
    findings = NumberDetector().detect(pair, story)
    assert all(f.category == "variant" and f.severity < 0.5 for f in findings)


def test_translation_of_number_words_is_silent() -> None:
    pair, story = make_pair("Two men were arrested.", "Deux hommes ont été arrêtés.", "en", "fr")
    assert NumberDetector().detect(pair, story) == []


def test_vague_quantities() -> None:
    det = NumberDetector()
    same = make_pair("Warplanes carried out dozens of strikes.",
                     "Des avions ont mené des dizaines de frappes.", "en", "fr")
    assert det.detect(*same) == []
    changed = make_pair("Warplanes carried out dozens of strikes.", "Warplanes carried out a few strikes.")
    assert [f.category for f in det.detect(*changed)] == ["number"]
    outside = make_pair("Warplanes carried out dozens of strikes.", "Warplanes carried out 5 strikes.")
    assert [f.category for f in det.detect(*outside)] == ["number"]
    inside = make_pair("Warplanes carried out dozens of strikes.", "Warplanes carried out 30 strikes.")
    assert all(f.category == "variant" and f.severity < 0.5 for f in det.detect(*inside))


def test_years_and_dates_are_left_to_the_time_detector() -> None:
    pair, story = make_pair("The war began in 2011 and on December 3 they fled.",
                            "The war began in 2012 and on December 4 they fled.")
    assert NumberDetector().detect(pair, story) == []


def test_ordinal_changed() -> None:
    pair, story = make_pair("They took the second largest city.", "They took the third largest city.")
    assert [f.category for f in NumberDetector().detect(pair, story)] == ["number"]


@pytest.mark.parametrize(("reference", "version", "lang"), [
    # A rank put as a count of the same value, and the reverse, beside another figure.
    ("was in seventh by the end of the first lap on his 21st birthday.",
     "lag an seinem 21. Geburtstag nach dem Ende der ersten Runde auf Platz sieben.", "de"),
    ("était septième à la fin du tout premier tour pour fêter ses 21 ans.",
     "lag an seinem 21. Geburtstag nach dem Ende der ersten Runde auf Platz sieben.", "de"),
])
def test_a_rank_and_a_count_of_the_same_value_are_one_figure(reference: str, version: str, lang: str) -> None:
    pair, story = make_pair(reference, version, "fr" if "était" in reference else "en", lang)
    assert [f for f in NumberDetector().detect(pair, story) if f.category == "number"] == []


def test_a_rank_against_another_count_still_changes() -> None:
    pair, story = make_pair("He finished seventh.", "Il a terminé huit.", "en", "fr")
    assert [f.category for f in NumberDetector().detect(pair, story)] == []  # rank vs count: two facts
    pair, story = make_pair("He finished seventh.", "Il a terminé huitième.", "en", "fr")
    assert [f.category for f in NumberDetector().detect(pair, story)] == ["number"]


def test_a_count_and_a_rank_of_one_counted_word_are_one_figure(encoder) -> None:
    # Spanish writes an anniversary as a count, Bulgarian as a rank: with the counted words each
    # other's partners ("aniversario" / "годишнина"), a different value is a changed figure.
    from drift.config import load_config

    settings = {"encoder": encoder, "thresholds": dict(load_config().model_spec().thresholds)}
    spanish = "Agregó que el 60 aniversario de la publicación del libro fue agridulce."
    for bulgarian, changed in (("Тя добави, че 45-тата годишнина от публикуването на книгата е горчива.", True),
                               ("Тя добави, че 60-тата годишнина от публикуването на книгата е горчива.", False)):
        pair, story = make_pair(spanish, bulgarian, "es", "bg", settings=settings)
        found = [f for f in NumberDetector().detect(pair, story) if f.category == "number"]
        assert [(f.source.text, f.target.text) for f in found] == ([("60", "45-тата")] if changed else [])


def test_identical_sentences_produce_nothing() -> None:
    text = "Nearly 50,000 people, dozens of tanks and 3 cities in 2011, the second city."
    assert NumberDetector().detect(*make_pair(text, text)) == []


@pytest.mark.parametrize("reference, version, lang, changed", [
    ("A bloom extends approximately 130 miles of coastline.",
     "Rozciąga się na długości około 209 kilometrów linii brzegowej.", "pl", False),
    ("Patches can be found about 10 miles offshore.", "Des nappes se trouvent à environ 16 kilomètres des côtes.",
     "fr", False),
    ("Patches can be found about 10 miles offshore.", "Wykwity można napotkać około 26 kilometrów od wybrzeży.",
     "pl", True),
])
def test_a_converted_unit_is_the_same_amount(reference: str, version: str, lang: str, changed: bool) -> None:
    # A translator converting miles to kilometres rounds the figure; a different distance is drift.

    findings = NumberDetector().detect(*make_pair(reference, version, "en", lang))
    assert any(f.category == "number" for f in findings) is changed


@pytest.mark.parametrize("text, lang, value", [
    ("Больше одного и меньше сорока восьми", "ru", 48.0),
    ("nie przyspieszył w pozostałych ośmiu okrążeniach", "pl", 8.0),
    ("ponad dwa tysiące osób", "pl", 2000.0),
    ("已有550多万叙利亚人逃离该国", "zh", 5_500_000.0),
])
def test_number_words_in_other_cases_and_scale_words_after_more_than(text: str, lang: str, value: float) -> None:
    assert value in [q.value for q in parse_quantities(text, lang)]


def test_the_same_digits_in_another_unit_are_another_amount() -> None:
    # 30 yards is 27 metres: a German "27 Meter" is the same distance, a French "30 mètres" is not.
    en = "Sturridge received a pass while about 30 yards out from the Chelsea goal."
    german = "Er erhielt in ca. 27 Meter Entfernung einen Pass."
    assert NumberDetector().detect(*make_pair(en, german, "en", "de")) == []
    findings = NumberDetector().detect(*make_pair(en, "Il se trouvait à 30 mètres environ des buts.", "en", "fr"))
    assert [f.category for f in findings] == ["number"]
    assert "yards" in findings[0].explanation and "mètres" in findings[0].explanation


def test_the_word_for_some_is_no_quantity() -> None:
    # "some of her supporters who gave $1,000" / "einige ihrer Unterstützer, die 1000 Dollar": the
    # German "einige" (some) was set against the 1,000 the English has.
    en = "She discovered that some of her supporters who gave $1,000 to men would give her only $250."
    de = "Sie fand heraus, dass einige ihrer Unterstützer, die Männern 1000 Dollar spendeten, ihr nur 250 Dollar gaben."
    assert NumberDetector().detect(*make_pair(en, de, "en", "de")) == []


# Faithful professional translations (NTREX-like) that were read as changed figures.

def _numbers(reference: str, version: str, lang: str) -> list:
    return [f for f in NumberDetector().detect(*make_pair(reference, version, "en", lang)) if f.category == "number"]


@pytest.mark.parametrize(("lang", "text", "value"), [
    ("ru", "на четвертой минуте", 4),
    ("ru", "в пятом раунде", 5),
    ("bg", "на шесто място", 6),
    ("pl", "w czwartej minucie", 4),
    ("de", "im siebten Spiel", 7),
    ("de", "in der 28. Minute", 28),
    ("pl", "w 34. minucie", 34),
    ("zh", "队史第3000场比赛", 3000),
    ("zh", "自19世纪初以来", 19),
    ("es", "fue su trigésimo sexta reunión", 36),
    ("bg", "посреща 60-тата годишнина", 60),  # digits with a gender and article ending
    ("bg", "на 2-рата минута", 2),
    ("bg", "7-мият кръг", 7),
    ("ru", "с 5-ую попытку", 5),
])
def test_ordinals_in_every_case_and_written_form(lang: str, text: str, value: float) -> None:
    qs = parse_quantities(text, lang)
    assert [(q.kind, q.value) for q in qs] == [("ordinal", value)]


@pytest.mark.parametrize(("lang", "text"), [("bg", "през 60-те години"), ("ru", "в 90-х годах")])
def test_a_decade_is_no_ordinal(lang: str, text: str) -> None:
    assert [q.kind for q in parse_quantities(text, lang)] == ["cardinal"]


def test_a_bulgarian_ordinal_with_its_article_is_compared_with_a_rank() -> None:
    # "60-тата" was no ordinal (its article ending unknown), so it was never set against "60th".
    found = _numbers("She added the 60th anniversary of the publication was bittersweet.",
                     "Тя добави, че 45-тата годишнина от публикуването е горчива.", "bg")
    assert [(f.source.text, f.target.text) for f in found] == [("60th", "45-тата")]


def test_a_full_stop_at_the_end_of_a_sentence_makes_no_ordinal() -> None:
    assert [q.kind for q in parse_quantities("Es gab 28.", "de")] == ["cardinal"]


@pytest.mark.parametrize(("reference", "version", "lang"), [
    # "Первый гол" is the opener; the fourth minute is "четвертой минуте".
    ("Dwyer's opener came in the fourth minute on 3:35 from a Kendall McFaull assist.",
     "Первый гол Дуайера пришелся на четвертой минуте на 3:35 после голевого паса Кендалла Макфолла.", "ru"),
    # "first" stands for words that are no rank ("opener", "initial", "halftime").
    ("Dwyer's opener came in the fourth minute from a Kendall McFaull assist.",
     "Dwyer ha segnato il primo gol al minuto 3:35 su assist di Kendall McFaull.", "it"),
    ("Kim is interested in a second meeting after their initial meeting in Singapore.",
     "Ким заинтересован в повторной встрече, после того как их первый саммит в Сингапуре.", "ru"),
    ("Chelsea led 1-0 at halftime after a score in the 25th minute from Eden Hazard.",
     "Chelsea iba ganando 1-0 en la primera mitad después de un gol en el minuto 25 de Eden Hazard.", "es"),
    # The German ordinal "28." against a game clock.
    ("Bouchard put them on level terms with a power play goal on 27:37.",
     "Bouchard glich erneut aus mit einem Power-Play-Treffer in der 28. Minute.", "de"),
    # "десятки" after a noun is the genitive of "десятка" (the top ten), no "dozens".
    ("They now top the table, the only unbeaten side of the ten.",
     "Теперь они возглавляют таблицу, единственная непобедимая команда десятки.", "ru"),
    # The pronoun "one" against a figure of the other sentence.
    ("He is one of a number of famous rappers to change their name.",
     "Es uno de los numerosos raperos famosos que se ha cambiado el nombre.", "es"),
    ("While Livi's 34th-minute opener may have been against the run of play, no one can deny it.",
     "Obwohl Livingstons Treffer in der 34. Minute nicht dem Spielverlauf entsprach, ist es nicht zu leugnen.", "de"),
    ("His messages only resulted in one gray check mark, rather than a pair of blue checks.",
     "Однако его сообщения отображались с одной серой галочкой, а не двумя голубыми.", "ru"),
    # "three one-sided sessions" is three sessions, not the number 31 or 4.
    ("After three one-sided sessions, the foursomes were what this Ryder Cup needed.",
     "Après trois simples, les foursomes représentaient ce qu'il manquait à cette Ryder Cup.", "fr"),
    # "трите" is "the three".
    ("The minister highlighted three meetings between Kim and Moon in the past five months.",
     "Министърът акцентира върху трите срещи между Ким и Мун през последните пет месеца.", "bg"),
    # "£125m" is 125 million.
    ("Sainsbury's sold its pharmacy business to Celesio for £125m, three years ago.",
     "Сейнсбери продал фармацевтический бизнес компании Селесио за 125 млн фунтов стерлингов.", "ru"),
    # "многих" is "many".
    ("They can then 'see' a protein common to many cancers.",
     "Клетки получают способность «увидеть» белок, характерный для многих видов рака.", "ru"),
])
def test_faithful_translations_keep_their_figures(reference: str, version: str, lang: str) -> None:
    assert _numbers(reference, version, lang) == []


@pytest.mark.parametrize(("reference", "version", "lang"), [
    ("The models predict 2 to 4 inches of rainfall, with isolated amounts up to 6 inches.",
     "Les modèles prévoient 5 à 10 cm de précipitations, et jusqu'à 15 cm par endroits.", "fr"),
    ("A forensic examination confirmed that the 550 pound hog had mauled the farmer.",
     "Un rapport médico-légal confirme que l'animal pesant 250 kg a mutilé l'éleveur.", "fr"),
    ("A 650 pound pig pinned a Welsh farmer to his tractor.",
     "300-килограммовое животное пригвоздило валлийского крестьянина к трактору.", "ru"),
    ("It was a sunny 80 degrees outside his home on the north shore of Kauai.",
     "Il faisait 26 degrés chez lui sur la rive nord de Kauai.", "fr"),
    ("Rosa has maximum winds of 85 miles per hour and moves north at 12 miles per hour.",
     "Ураган с максимальной скоростью 137 км/ч движется на север со скоростью 19 км/ч.", "ru"),
    # Rounded to one significant figure: 200 miles is 322 km.
    ("Ten cyclones kept storm status within 200 miles of Phoenix.",
     "Dix cyclones ont conservé le stade de tempête dans un périmètre de 300 km autour de Phoenix.", "fr"),
    ("The 6-foot-6 forward grew up in Baton Rouge.", "Der 1,98 m große Flügelspieler wuchs in Baton Rouge auf.", "de"),
    ("The 6-foot-6 forward grew up in Baton Rouge.", "Високият 6 фута и 6 инча играч е отраснал в Батън Руж.", "bg"),
    ("The straw hat with a two-foot wide brim.", "Der Strohhut mit 60 Zentimeter breitem Rand.", "de"),
])
def test_a_converted_and_rounded_amount_is_the_same(reference: str, version: str, lang: str) -> None:
    assert _numbers(reference, version, lang) == []


def test_a_conversion_that_does_not_hold_is_a_change() -> None:
    # 4 inches is 10 cm, not 25 cm; 10 degrees Fahrenheit is neither 26 nor 80 degrees Celsius.
    assert _numbers("Up to 4 inches of rain.", "Jusqu'à 25 cm de pluie.", "fr")
    assert _numbers("It was 10 degrees outside.", "Il faisait 26 degrés dehors.", "fr")


@pytest.mark.parametrize(("lang", "text", "values"), [
    ("en", "for £125m", [125e6]),
    ("en", "a $3bn deal", [3e9]),
    ("en", "a 100m sprint", [100]),
    ("en", "After three one-sided sessions", [3]),
    ("fr", "soixante-dix-sept morts", [77]),
    ("ru", "штраф до тысячи МРП", [1000]),
    ("ru", "арестовало десятки людей", [61.5]),
    ("en", "no one can deny it", []),
    ("en", "one hundred people", [100]),
    ("pl", "ograł jednego z nich", []),
    ("bg", "трите срещи", [3]),
    ("bg", "тримата служители", [3]),
    ("de", "einschließlich zweier Diplomaten", [2]),
    ("ru", "с 1,7 миллионами", [1.7e6]),
    ("ru", "11 миллиардов долларов", [11e9]),
    ("ru", "многотысячный митинг", [(2000 + 1e12) / 2]),
    ("ru", "для многих видов рака", [(3 + 1e12) / 2]),
    ("en", "The 6-foot-6 forward", [6.5]),
    ("en", "2 to 4 inches", [2, 4]),
])
def test_parse_values(lang: str, text: str, values: list) -> None:
    assert [q.value for q in parse_quantities(text, lang)] == pytest.approx(values)


def test_the_first_end_of_a_range_takes_the_unit_of_the_second() -> None:
    assert [q.unit for q in parse_quantities("2 to 4 inches", "en")] == ["inches", "inches"]
    assert [q.unit for q in parse_quantities("de 5 à 10 cm", "fr")] == ["cm", "cm"]


def test_a_repeated_figure_is_no_other_figure() -> None:
    # "surpassed 100 100" (a repetition) and a phone number "116 123" read as grouped elsewhere.
    findings = NumberDetector().detect(*make_pair("佛州的每日死亡人数超过100人。",
                                                  "The daily toll has surpassed 100 100.", "zh", "en"))
    assert [f for f in findings if f.category == "number"] == []
    assert _numbers("Call Samaritans free on 116 123.", "Appelez les Samaritains au 116 123.", "fr") == []


def test_a_distant_overlap_does_not_hide_the_changed_figure() -> None:
    # "six" overlaps "many" at the other end of the sentence; "four" stands where "six" stands.
    findings = NumberDetector().detect(*make_pair(
        "Mais l'automne marque le début de six longs mois sombres qui affectent l'humeur de beaucoup de gens.",
        "But autumn marks the start of four long, dark months that affect the mood of many people.", "fr", "en"))
    assert [(f.source.text, f.target.text) for f in findings if f.category == "number"] == [("six", "four")]


def test_one_of_many_is_no_count_against_many() -> None:
    # "数多くの…の1つ" is "one of many": the Japanese "many" answers the English one, and the
    # English "one" is no count (an article or a pronoun), so the "1" has nothing to differ from.
    findings = NumberDetector().detect(*make_pair(
        "紀元前3世紀に建設された大ピラミッドは、ファラオを祀るために建てられた数多くのピラミッドの1つです。",
        "Built in the 3rd century BC, the Great Pyramid is one of many pyramids built to worship the Pharaoh.",
        "ja", "en"))
    assert [f for f in findings if f.category == "number"] == []
    # A changed figure beside the vague word is still one.
    findings = NumberDetector().detect(*make_pair(
        "数多くの住民のうち、5人が負傷した。", "Of the many residents, 8 were injured.", "ja", "en"))
    assert [(f.source.text, f.target.text) for f in findings if f.category == "number"] == [("5", "8")]


def test_zh_ordinal_changed() -> None:
    findings = NumberDetector().detect(*make_pair(
        "国际米兰与热那亚的比赛是蓝黑军团队史第3000场比赛。",
        "The match between Inter Milan and Genoa is the 2,000th match in the history of the team.", "zh", "en"))
    assert [f.category for f in findings] == ["number"]


@pytest.mark.parametrize(("reference", "version", "lang", "changed"), [
    # An age is a duration in one language ("31-year-old", "51 ans") and a bare figure in another.
    ('"It was a good point for us," said the 31-year-old.', "„Das war ein wichtiger Punkt für uns“, so der 24-Jährige.",
     "de", True),
    ("West, 41, has been nicknamed Ye for some time.", "Âgé de 51 ans, West se fait appeler Ye depuis quelque temps.",
     "fr", True),
    ("West, 41, has been nicknamed Ye for some time.", "Âgé de 41 ans, West se fait appeler Ye depuis quelque temps.",
     "fr", False),
    # Two durations are the time detector's.
    ("The talks lasted three days.", "Les négociations ont duré quatre jours.", "fr", False),
])
def test_a_figure_in_a_duration_against_a_bare_one(reference: str, version: str, lang: str, changed: bool) -> None:
    assert bool(_numbers(reference, version, lang)) is changed


@pytest.mark.parametrize(("lang", "text"), [
    ("ru", "Китай объявил о 11-процентном увеличении"),
    ("pl", "Chiny ogłosiły 11-procentowy wzrost"),
    ("de", "eine 11-prozentige Steigerung"),
])
def test_a_percent_inside_a_compound_adjective(lang: str, text: str) -> None:
    assert [(q.kind, q.value) for q in parse_quantities(text, lang)] == [("percent", 11)]


@pytest.mark.parametrize(("reference", "version", "ref_lang", "lang"), [
    # Two translators convert one amount from a third version, each rounding their own way.
    ("Il faisait 26 degrés chez lui sur la rive nord de Kauai.", "Es war 27 Grad bei ihm an der Nordküste von Kauai.",
     "fr", "de"),
    ("dans un périmètre de 300 km autour de Phoenix", "в радиусе 320 км от Феникса", "fr", "ru"),
    # 3 inches are 7.62 cm: "7,5 cm" in one version, "7 см" in another.
    ("Au total, 7,5 cm de précipitations sont attendus.", "Может выпасть до 7 см осадков.", "fr", "ru"),
    # The scale is named after the word for "degree".
    ("Il faisait 26 degrés chez lui.", "Беше слънчево, 80 градуса по Фаренхайт пред дома му.", "fr", "bg"),
    # A unit in a script without spaces runs on into the next word ("磅的野猪").
    ("A forensic examination confirmed that the 550 pound hog had mauled the farmer.",
     "法医检查证实，这头250公斤重的猪咬死了农民。", "en", "zh"),
    ("法医检查证实，这头550磅的野猪咬死了农民。", "Un rapport confirme que l'animal pesant 250 kg a mutilé l'éleveur.",
     "zh", "fr"),
    ("Rainfall totals of 3 to 6 inches are expected.", "预计总降雨量为7.5到15厘米。", "en", "zh"),
    # Two decades are 20 years; a few decades may be 30 years.
    ("За последние два десятилетия в авиакатастрофах погибло 111 человек.", "在过去20年里，已有111人死于空难。",
     "ru", "zh"),
    ("Кавано отверг обвинение в том, что он домогался ее более 30 лет назад, когда оба были подростками.",
     "Kavanaugh zaprzeczał oskarżeniom. Kobieta twierdzi, że kilka dekad temu, gdy oboje byli nastolatkami, "
     "mężczyzna dopuścił się napaści.", "ru", "pl"),
    # Case forms of the collective numerals.
    ("Ein Sprecher lehnte eine Stellungnahme zu der Debatte ab, die von den drei amerikanischen Beamten, "
     "einschließlich zweier Diplomaten, beschrieben wurde.",
     "Говорителят отказа коментар относно разискването, описани от тримата американски служители, "
     "включително двама дипломати.", "de", "bg"),
])
def test_more_faithful_figures(reference: str, version: str, ref_lang: str, lang: str) -> None:
    findings = NumberDetector().detect(*make_pair(reference, version, ref_lang, lang))
    assert [f for f in findings if f.category == "number"] == []


def test_a_same_unit_figure_beyond_rounding_is_a_change() -> None:
    assert _numbers("within 200 kilometres of Phoenix", "dans un périmètre de 250 km autour de Phoenix", "fr")


@pytest.mark.parametrize(("lang", "text", "value"), [
    ("ru", "на сорок пятой минуте", 45),
    ("en", "in the forty-fifth minute", 45),
])
def test_compound_ordinals(lang: str, text: str, value: float) -> None:
    assert [(q.kind, q.value) for q in parse_quantities(text, lang)] == [("ordinal", value)]


def test_hindi_number_words() -> None:
    qs = parse_quantities("न्यायालय के चार अन्य उदारवादी सदस्यों का समर्थन किया", "hi")
    assert [(q.value, q.unit) for q in qs] == [(4, "अन्य")]
    assert [q.value for q in parse_quantities("पाँच सौ लोग", "hi")] == [500]
    assert parse_quantities("दो साल पहले एक आदमी आया", "hi")[0].value == 2  # "पहले" is "before" here


def test_one_figure_each_at_opposite_ends_is_compared() -> None:
    findings = NumberDetector().detect(*make_pair(
        "Als am Samstag ein Mitglied einer Gruppe einen Schuss abgab, wurden drei Personen verletzt.",
        "Five people were injured when a member of a group fired a shot on Saturday.", "de", "en"))
    assert [(f.source.text, f.target.text) for f in findings if f.category == "number"] == [("drei", "Five")]


@pytest.mark.parametrize(("reference", "version", "ref_lang", "lang", "changed"), [
    # An age is counted, not converted: 24 and 23 years are two ages.
    ("Hierbei übersah sie den aus Richtung Nellingen kommenden 24jährigen Motoradfahrer.",
     "Here she overlooked the 23-year-old motorcyclist coming from the direction of Nellingen.", "de", "en", True),
    ("इस दौरान, 35 वर्षीय श्रीलंकाई शरण साधक की मौत हो गई।", "Meanwhile, a 53-year-old Sri Lankan asylum seeker died.",
     "hi", "en", True),
    # A span of time against a count of something else is two facts.
    ("Обе церкви были построены еще до того: Метрополитен в 1870 г., а церковь Св. Мартина — на 10 лет позже.",
     "Las dos iglesias fueron construidas antes: la Metropolitana en 1870 y San Martín una década más tarde.",
     "ru", "es", False),
])
def test_ages_and_spans_of_time(reference: str, version: str, ref_lang: str, lang: str, changed: bool) -> None:
    findings = NumberDetector().detect(*make_pair(reference, version, ref_lang, lang))
    assert bool([f for f in findings if f.category == "number"]) is changed


def test_a_conversion_the_version_calls_approximate_may_be_rounded_further() -> None:
    # 80 degrees Fahrenheit is 26.7 °C: "quasi 30 gradi" (almost 30) says itself it is rounded;
    # a plain "30 gradi" is 12% off, more than a conversion rounds.
    assert _numbers("It was a sunny 80 degrees outside.", "Era una giornata di sole con quasi 30 gradi.",
                    "it") == []
    assert len(_numbers("It was a sunny 80 degrees outside.", "Era una giornata di sole con 30 gradi.",
                        "it")) == 1


def test_the_notes_a_web_page_leaves_in_its_text_are_not_compared() -> None:
    # Each language's page links to its own file: the size and date in the link's note differ
    # with the file, not with the story. A figure outside the note still counts.
    from drift.detect.dates import TimeDetector

    pair, story = make_pair("Digital Switzerland Strategy 2023 ( PDF , 237 kB , 04 . 12 . 2023 ) lists 12 goals .",
                            "Strategie Digitale Schweiz 2023 ( PDF , 223 kB , 29 . 11 . 2023 ) nennt 12 Ziele .",
                            "en", "de")
    assert NumberDetector().detect(pair, story) == [] and TimeDetector().detect(pair, story) == []
    # A page's modification stamp, flattened into its text, dates the page.
    pair, story = make_pair("It is first among equals . Federal Presidency Last modification 10 . 12 . 2024",
                            "Er ist Primus inter pares . Bundespräsidium Letzte Änderung 27 . 11 . 2024", "en", "de")
    assert NumberDetector().detect(pair, story) == [] and TimeDetector().detect(pair, story) == []
    pair, story = make_pair("Digital Switzerland Strategy 2023 ( PDF , 237 kB ) lists 12 goals .",
                            "Strategie Digitale Schweiz 2023 ( PDF , 237 kB ) nennt 15 Ziele .", "en", "de")
    assert [(f.source.text, f.target.text) for f in NumberDetector().detect(pair, story)] == [("12", "15")]


@pytest.mark.parametrize(("lang", "text", "value"), [
    ("en", "a daily circulation of 70 , 000 users", 70000),
    ("en", "grants of up to 2 , 500 francs", 2500),
    ("de", "Beiträge bis 2 ' 500 Franken", 2500),
    # Swiss grouping with the opening quotation mark, untokenised or not.
    ("de", "Jährlich erwerben rund 27‘500 Personen einen Abschluss", 27500),
    ("de", "Jährlich erwerben rund 27 ‘ 500 Personen einen Abschluss", 27500),
])
def test_a_group_separator_standing_apart_in_tokenised_text(lang: str, text: str, value: float) -> None:
    # Tokenised text writes "2 , 500"; read as 2 and 500, it made "500" stand against "2500".
    assert [q.value for q in parse_quantities(text, lang)] == [value]


def test_a_stop_apart_between_figures_still_ends_a_sentence() -> None:
    assert [q.value for q in parse_quantities("It rose in May 12 . 500 people came .", "en")] == [12, 500]


def test_figures_joined_by_stops_written_apart_are_not_compared() -> None:
    # Tokenised text writes "16 . 00", "9 : 00", "25 . 08 . 2023": read as separate numbers, the
    # hour stood against another version's minutes. A score ("3 : 1") is still a figure.
    from drift.quantities import spaced_figures

    text = "Monday , 16 June 2025 , 9 : 00 or at 16 . 00 on 25 . 08 . 2023 ; it ended 3 : 1 ."
    assert [text[a:b] for a, b in spaced_figures(text)] == ["9 : 00", "16 . 00", "25 . 08 . 2023"]
    pair, story = make_pair("The session starts on Monday , 16 June 2025 , 9 : 00 .",
                            "Die Sitzung beginnt am Montag , 16 . Juni 2025 , 16 . 00 Uhr .", "en", "de")
    assert NumberDetector().detect(pair, story) == []


@pytest.mark.parametrize(("lang", "text", "value"), [
    ("ru", "шестеро участников беспорядков попали под стражу", 6),  # a collective numeral counts people
    ("ru", "трое погибших", 3),
    ("pl", "troje dzieci zostało rannych", 3),
])
def test_collective_numerals_are_counts(lang: str, text: str, value: float) -> None:
    assert [q.value for q in parse_quantities(text, lang)] == [value]


@pytest.mark.parametrize(("lang", "text", "low", "high"), [
    ("en", "several million euros", 3e6, 9e6),
    ("en", "a few hundred people", 200, 600),
    ("de", "mehrere Tausend Menschen", 3000, 9000),
    ("fr", "plusieurs milliers de personnes", 2000, 9999),
    ("ru", "несколько тысяч человек", 2000, 9999),
    ("pl", "kilkaset osób", 200, 999),
])
def test_a_vague_word_before_a_scale_is_one_vague_amount_of_that_scale(lang: str, text: str, low: float,
                                                                      high: float) -> None:
    qs = parse_quantities(text, lang)
    assert [(q.kind, q.low, q.high) for q in qs] == [("vague", low, high)]


@pytest.mark.parametrize(("version", "lang"), [
    ("Die Sperrung könnte den Einzelhandel mehrere Millionen Euro pro Monat kosten.", "de"),
    ("Закрытие может обходиться ритейлерам в несколько миллионов евро в месяц.", "ru"),
    ("El cierre podría costar varios millones de euros al mes.", "es"),
])
def test_several_million_is_the_millions_of_another_language(version: str, lang: str) -> None:
    # Read apart, "several" (3-9) and "million" (1,000,000) each differed from "Millionen".
    reference = "The closure could cost retailers several million euros a month."
    assert [f for f in NumberDetector().detect(*make_pair(reference, version, "en", lang))
            if f.category == "number"] == []
    assert [f.category for f in NumberDetector().detect(*make_pair(
        reference, "The closure could cost retailers 500 euros a month."))] == ["number"]


@pytest.mark.parametrize(("text", "value"), [
    ("It holds a 12-million-euro contract with the agency.", 12_000_000),
    ("It signed a 3-billion-dollar deal.", 3_000_000_000),
])
def test_a_scale_joined_to_its_figure_by_a_hyphen_is_read(text: str, value: float) -> None:
    # "a 12-million-euro contract": read as 12 and a stray "million", it faced "zwölf Millionen".
    assert [q.value for q in parse_quantities(text, "en")] == [value]


@pytest.mark.parametrize(("approximate", "figure", "quiet"), [
    ("une soixantaine", "about 60", True),
    ("une dizaine", "around 10", True),
    ("une quarantaine", "some 40", True),
    ("un millier", "about 1,000", True),
    ("une soixantaine", "about 30", False),
    ("une dizaine", "around 40", False),
])
def test_a_french_approximate_number_noun_answers_the_figure_it_rounds(approximate: str, figure: str,
                                                                       quiet: bool) -> None:
    # "une soixantaine de passagers" is how French writes "about 60 passengers".
    pair, story = make_pair(f"The tram was carrying {figure} passengers.",
                            f"Le tram transportait {approximate} de passagers.", "en", "fr")
    flagged = [f for f in NumberDetector().detect(pair, story) if f.severity >= 0.5]
    assert (flagged == []) is quiet


@pytest.mark.parametrize(("reference", "version", "lang", "changed"), [
    # A version's own conversion in brackets, in another currency: nothing to compare.
    ("It could cost up to 18 million zlotys ($4.5 million), she added.",
     "Das könne bis zu 18 Millionen Zloty (umgerechnet rund 4,2 Millionen Euro) kosten, sagte sie.", "de", False),
    # In another unit of the dimension: each version glosses in its readers' unit.
    ("The town lies about 20 kilometers (12 miles) south of Plovdiv.",
     "La ville se trouve à environ 20 kilomètres au sud de Plovdiv.", "fr", False),
    # An amount in one currency against an amount in another, outside brackets: two amounts.
    ("The repairs could cost 4.5 million dollars.", "Les réparations pourraient coûter 4,2 millions d'euros.",
     "fr", False),
    # The same currency: one amount changed.
    ("The repairs could cost 4.5 million dollars.", "Les réparations pourraient coûter 4,2 millions de dollars.",
     "fr", True),
    # Brackets that are no conversion are compared like any figure.
    ("Tickets cost 30 euros (for 4 people).", "Les billets coûtent 30 euros (pour 5 personnes).", "fr", True),
])
def test_amounts_in_other_currencies_and_bracketed_conversions_are_not_one_figure_changed(
        reference: str, version: str, lang: str, changed: bool) -> None:
    pair, story = make_pair(reference, version, "en", lang)
    flagged = [f for f in NumberDetector().detect(pair, story) if f.category == "number" and f.severity >= 0.5]
    assert bool(flagged) is changed, flagged


def test_a_figure_kept_in_another_unit_is_quoted_with_its_units() -> None:
    # "20 miles (32km)" for "20 kilometers (12 miles)": the event must show the units, not "20"
    # against "20"; the bracketed conversions are glosses and make no second finding.
    pair, story = make_pair("The caterer is based about 20 kilometers (12 miles) south of Plovdiv.",
                            "The caterer is based about 20 miles (32km) south of Plovdiv.")
    (finding,) = [f for f in NumberDetector().detect(pair, story) if f.category == "number"]
    assert (finding.source.text, finding.target.text) == ("20 kilometers", "20 miles")


@pytest.mark.parametrize(("version", "lang", "changed"), [
    ("По ее словам, скорость ветра достигала 80 м/с.", "ru", ("80 kph", "80 м/с")),  # metres a second
    ("Según ella, vientos de hasta 80 km/h azotaron la nieve.", "es", None),
    ("Elle a indiqué que des vents soufflant jusqu'à 50 mph avaient balayé la neige.", "fr", None),
    # "per hour" with a typographic apostrophe, and left out: a length per hour all the same.
    ("Ha detto che venti fino a 50 miglia all’ora avevano spazzato la neve.", "it", None),
    ("她说，每小时50英里的大风席卷了积雪。", "zh", None),
])
def test_a_speed_is_read_with_its_unit_and_compared_as_a_speed(version: str, lang: str,
                                                               changed: tuple[str, str] | None) -> None:
    # "80 kph (50 mph)": the bracketed speed is the version's conversion; "80 м/с" is another speed.
    pair, story = make_pair("She said winds of up to 80 kph (50 mph) had whipped the snow.", version, "en", lang)
    flagged = [(f.source.text, f.target.text) for f in NumberDetector().detect(pair, story)
               if f.category == "number" and f.severity >= 0.5]
    assert flagged == ([changed] if changed else [])


@pytest.mark.parametrize(("version", "changed"), [
    ("bevor das Flugzeug in circa 30 Meter (75 Fuß) tiefem Wasser sank.", ("100", "75")),
    ("bevor das Flugzeug in circa 30 Meter (100 Fuß) tiefem Wasser sank.", None),
    ("bevor das Flugzeug in circa 30 Meter tiefem Wasser sank.", None),
])
def test_a_bracketed_conversion_is_compared_with_the_others_in_its_unit_only(
        version: str, changed: tuple[str, str] | None) -> None:
    # Each version may gloss an amount in its readers' unit or not at all; a gloss changed
    # ("(75 Fuß)" for "(100 feet)") is still a changed figure.
    pair, story = make_pair("The U.S. Navy said the plane sank in about 30 meters (100 feet) of water.", version,
                            "en", "de")
    flagged = [(f.source.text, f.target.text) for f in NumberDetector().detect(pair, story)
               if f.category == "number" and f.severity >= 0.5]
    assert flagged == ([changed] if changed else [])


@pytest.mark.parametrize(("body", "dropped"), [
    ("Intro. ", True),
    ("An avalanche buried at least five skiers near Verbier on Saturday. ", False),
])
def test_a_floor_the_version_gives_elsewhere_is_not_dropped_in_its_headline(body: str, dropped: bool) -> None:
    # "Avalanche buries 5 skiers" over a story that says "at least five": the headline's
    # shorthand, not the floor dropped.
    pair, story = make_pair("Avalanche near Verbier buries 5 skiers",
                            "Almeno cinque sciatori travolti vicino a Verbier", "en", "it", prefix=body)
    found = [f for f in NumberDetector().detect(pair, story) if f.evidence.get("floor_dropped")]
    assert bool(found) is dropped


@pytest.mark.parametrize(("before", "moved"), [
    ("Veertien mensen raakten gewond. Le tram transportait une soixantaine de passagers. ", True),
    ("Intro. ", False),
])
def test_figures_each_version_writes_in_the_other_s_next_sentence_moved(before: str, moved: bool) -> None:
    # Dutch gives the passengers in the collision's sentence, French the injured; each writes the
    # other's figure next door ("une soixantaine" rounds 60): moved, not changed.
    pair, story = make_pair("Een tram met zo'n zestig passagiers is dinsdag in botsing gekomen met een vrachtwagen.",
                            "Quatorze personnes ont été blessées mardi dans une collision entre un tram et un camion.",
                            "nl", "fr", prefix=before)
    flagged = [f for f in NumberDetector().detect(pair, story) if f.category == "number" and f.severity >= 0.5]
    assert (flagged == []) is moved
