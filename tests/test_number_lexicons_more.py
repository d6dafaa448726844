"""The number lexicons of Dutch, Portuguese, Czech, Ukrainian and Romanian (configs/numbers.toml).

Each case is one that a language without a lexicon (the [und] fallback: digits and "%" only, no
decimal separator, no floor or approximation words) reads otherwise.
"""

from __future__ import annotations

import pytest
from pairs import make_pair

from drift.detect.numbers import NumberDetector, _approximate
from drift.quantities import Quantity, parse_quantities


def _one(text: str, lang: str) -> Quantity:
    qs = parse_quantities(text, lang)
    assert len(qs) == 1, qs
    assert text[qs[0].start:qs[0].end] == qs[0].text
    return qs[0]


@pytest.mark.parametrize(("lang", "text", "written", "value"), [
    ("nl", "540 miljoen euro", "540 miljoen", 540e6),
    ("nl", "een schuld van 1,2 mld euro", "1,2 mld", 1.2e9),
    ("pt", "540 milhões de euros", "540 milhões", 540e6),
    # Portugal's billion is "mil milhões", Brazil's "bilhão"; the Brazilian press writes "mi".
    ("pt", "2 mil milhões de euros", "2 mil milhões", 2e9),
    ("pt", "2 bilhões de reais", "2 bilhões", 2e9),
    ("pt", "R$ 5 mi", "5 mi", 5e6),
    ("cs", "540 milionů eur", "540 milionů", 540e6),
    ("cs", "škoda 5 mil. Kč", "5 mil.", 5e6),
    ("cs", "1,2 mld. Kč", "1,2 mld.", 1.2e9),
    ("uk", "540 мільйонів євро", "540 мільйонів", 540e6),
    ("uk", "5 тис. осіб", "5 тис.", 5000),
    ("uk", "1,5 млрд гривень", "1,5 млрд", 1.5e9),
    # From twenty on, a Romanian figure takes "de" before what it counts.
    ("ro", "540 de milioane de euro", "540 de milioane", 540e6),
    ("ro", "540 milioane euro", "540 milioane", 540e6),
    ("ro", "1,2 mld. lei", "1,2 mld.", 1.2e9),
])
def test_a_figure_and_its_scale_word_are_one_amount(lang: str, text: str, written: str, value: float) -> None:
    q = _one(text, lang)
    assert (q.text, q.kind, q.form) == (written, "cardinal", "mixed")
    assert q.exact and q.value == pytest.approx(value)


@pytest.mark.parametrize(("lang", "text", "value"), [
    ("nl", "zes containers", 6),
    ("nl", "één huis", 1),
    ("nl", "vijfentwintig mensen", 25),
    ("nl", "tweeëntwintig jaar", 22),
    ("nl", "driehonderd mensen", 300),
    ("nl", "honderd en twintig doden", 120),
    ("pt", "seis contentores", 6),
    ("pt", "duas mulheres", 2),
    ("pt", "vinte e cinco pessoas", 25),
    ("pt", "cento e vinte mortos", 120),
    ("pt", "mil e quinhentos soldados", 1500),
    ("pt", "dois milhões de pessoas", 2e6),
    ("cs", "šest kontejnerů", 6),
    ("cs", "ve dvou zemích", 2),
    ("cs", "dvacet pět lidí", 25),
    ("cs", "dvě stě lidí", 200),
    ("cs", "tři sta lidí", 300),
    ("cs", "dva tisíce lidí", 2000),
    ("uk", "шість контейнерів", 6),
    ("uk", "дві жінки", 2),
    ("uk", "два чоловіки", 2),
    ("uk", "у трьох областях", 3),
    ("uk", "двоє загиблих", 2),
    ("uk", "двадцять пʼять осіб", 25),  # the apostrophe as the letter U+02BC
    ("uk", "двісті осіб", 200),
    ("uk", "дві тисячі осіб", 2000),
    ("ro", "șase containere", 6),
    ("ro", "şase containere", 6),  # the cedilla spelling
    ("ro", "douăzeci și cinci de persoane", 25),
    ("ro", "două sute de oameni", 200),
    ("ro", "trei mii de oameni", 3000),
])
def test_number_words_are_counts(lang: str, text: str, value: float) -> None:
    q = _one(text, lang)
    assert (q.kind, q.form) == ("cardinal", "words")
    assert q.exact and q.value == pytest.approx(value)


@pytest.mark.parametrize("lang", ["nl", "pt", "cs", "uk", "ro"])
def test_the_decimal_separator_is_a_comma(lang: str) -> None:
    # "6.480" groups thousands (a reading [und] gives too); "1,250" is a decimal first, where
    # [und] reads 1250.
    grouped = _one("6.480", lang)
    assert grouped.value == 6480 and grouped.alternatives == pytest.approx((6.48,))
    decimal = _one("1,250", lang)
    assert decimal.value == pytest.approx(1.25) and decimal.alternatives == (1250,)
    assert _one("6,5", lang).value == pytest.approx(6.5)


@pytest.mark.parametrize(("lang", "text", "written"), [
    ("nl", "een stijging van 3,5 procent", "3,5 procent"),
    ("pt", "uma subida de 3,5 por cento", "3,5 por cento"),
    ("cs", "růst o 3,5 procenta", "3,5 procenta"),
    ("cs", "růst o 3,5 proc.", "3,5 proc."),
    ("uk", "зростання на 3,5 відсотка", "3,5 відсотка"),
    ("uk", "зростання на 3,5 відсотків", "3,5 відсотків"),
    ("ro", "o creștere de 3,5 la sută", "3,5 la sută"),
    ("ro", "o creștere de 3,5 procente", "3,5 procente"),
])
def test_a_percent_word_makes_a_percentage(lang: str, text: str, written: str) -> None:
    q = _one(text, lang)
    assert (q.text, q.kind, q.value) == (written, "percent", 3.5)


@pytest.mark.parametrize(("lang", "text"), [
    ("cs", "růst o 3 procenta, tedy o 3 procentní body"),
    ("uk", "зростання на 3 відсотки, тобто на 3 відсоткових пункти"),
])
def test_percentage_points_are_no_percent(lang: str, text: str) -> None:
    assert [(q.kind, q.value) for q in parse_quantities(text, lang)] == [("percent", 3), ("cardinal", 3)]


@pytest.mark.parametrize(("lang", "text", "written"), [
    ("nl", "de derde plaats", "derde"),
    ("nl", "de 3e plaats", "3e"),
    ("nl", "de 3de plaats", "3de"),
    ("pt", "o terceiro lugar", "terceiro"),
    ("pt", "a terceira vez", "terceira"),
    ("pt", "o 3.º lugar", "3.º"),
    ("pt", "a 3ª vez", "3ª"),
    ("cs", "třetí místo", "třetí"),
    ("cs", "třetího kola", "třetího"),
    ("cs", "na 3. místě", "3."),
    ("uk", "третій раунд", "третій"),
    ("uk", "на третьому місці", "третьому"),
    ("uk", "на 3-й хвилині", "3-й"),
    ("uk", "3-тя спроба", "3-тя"),
    ("ro", "al treilea loc", "treilea"),
    ("ro", "a treia oară", "treia"),
    ("ro", "al 3-lea loc", "3-lea"),
    ("ro", "a 3-a oară", "3-a"),
])
def test_an_ordinal_is_a_rank_not_a_count(lang: str, text: str, written: str) -> None:
    q = _one(text, lang)
    assert (q.text, q.kind, q.value) == (written, "ordinal", 3)


@pytest.mark.parametrize(("lang", "text", "value"), [
    ("nl", "in de vijfde minuut", 5),
    ("pt", "o vigésimo quinto aniversário", 25),
    ("cs", "v páté minutě", 5),
    ("cs", "dvacátý pátý ročník", 25),
    ("uk", "на четвертій хвилині", 4),
    ("uk", "сорок пʼятий день", 45),
    ("ro", "a cincea oară", 5),
])
def test_ordinals_in_their_cases_and_compounds(lang: str, text: str, value: float) -> None:
    assert [(q.kind, q.value) for q in parse_quantities(text, lang)] == [("ordinal", value)]


@pytest.mark.parametrize(("lang", "article", "run", "value"), [
    ("nl", "een huis", "een miljoen mensen", 1e6),
    ("pt", "um carro", "um milhão de pessoas", 1e6),
    ("cs", "jeden z nich", "jeden milion lidí", 1e6),
    ("uk", "одна з них", "одна тисяча осіб", 1000),
    ("ro", "o casă", "o sută de oameni", 100),
    # "nouă" is nine and "new": alone no count, inside a run a number.
    ("ro", "o nouă lege", "nouă sute de oameni", 900),
])
def test_the_word_for_one_is_a_number_only_inside_a_run(lang: str, article: str, run: str, value: float) -> None:
    assert parse_quantities(article, lang) == []
    assert [q.value for q in parse_quantities(run, lang)] == [value]


@pytest.mark.parametrize(("lang", "text", "low", "high"), [
    ("nl", "tientallen doden", 24, 99),
    ("nl", "duizenden mensen", 2000, 9999),
    ("nl", "een paar honderd mensen", 200, 600),
    ("pt", "dezenas de mortos", 24, 99),
    ("pt", "centenas de milhares de pessoas", 200000, 999999),
    ("cs", "desítky mrtvých", 24, 99),
    ("cs", "desítky tisíc lidí", 20000, 99999),
    ("cs", "několik set lidí", 200, 999),
    ("uk", "десятки загиблих", 24, 99),
    ("uk", "кілька тисяч людей", 2000, 9999),
    ("ro", "zeci de morți", 24, 99),
    ("ro", "zeci de mii de oameni", 20000, 99999),
    ("ro", "câteva sute de oameni", 200, 999),
])
def test_vague_quantities(lang: str, text: str, low: float, high: float) -> None:
    q = _one(text, lang)
    assert (q.kind, q.low, q.high) == ("vague", low, high)


@pytest.mark.parametrize(("lang", "text"), [
    ("cs", "do tisíce lidí"),
    ("uk", "до тисячі осіб"),
])
def test_a_vague_word_after_a_genitive_preposition_is_the_noun(lang: str, text: str) -> None:
    # "do tisíce", "до тисячі": up to a thousand, not thousands.
    q = _one(text, lang)
    assert (q.kind, q.value) == ("cardinal", 1000)


@pytest.mark.parametrize(("lang", "approximate", "bare"), [
    ("nl", "ongeveer 300 mensen", "300 mensen"),
    ("nl", "zo'n 300 mensen", "300 mensen"),
    ("nl", "bijna 300 mensen", "300 mensen"),
    ("pt", "cerca de 300 pessoas", "300 pessoas"),
    ("pt", "quase 300 pessoas", "300 pessoas"),
    ("cs", "přibližně 300 lidí", "300 lidí"),
    ("cs", "asi 300 lidí", "300 lidí"),
    ("cs", "zhruba 300 lidí", "300 lidí"),
    ("uk", "близько 300 осіб", "300 осіб"),
    ("uk", "майже 300 осіб", "300 осіб"),
    ("uk", "приблизно 300 осіб", "300 осіб"),
    ("ro", "aproximativ 300 de persoane", "300 de persoane"),
    ("ro", "aproape 300 de persoane", "300 de persoane"),
    ("ro", "circa 300 de persoane", "300 de persoane"),
])
def test_an_approximation_word_marks_the_figure_approximate(lang: str, approximate: str, bare: str) -> None:
    # The figure the parser finds, read by the number detector for the word before it.
    assert _approximate(approximate, _one(approximate, lang), lang)
    assert not _approximate(bare, _one(bare, lang), lang)


@pytest.mark.parametrize(("lang", "floor", "written", "approximate"), [
    ("nl", "Minstens 300 mensen zijn gevlucht.", "Minstens 300", "Ongeveer 300 mensen zijn gevlucht."),
    ("nl", "Meer dan 300 mensen zijn gevlucht.", "Meer dan 300", "Zo'n 300 mensen zijn gevlucht."),
    ("pt", "Pelo menos 300 pessoas fugiram.", "Pelo menos 300", "Cerca de 300 pessoas fugiram."),
    ("pt", "Mais de 300 pessoas fugiram.", "Mais de 300", "Quase 300 pessoas fugiram."),
    ("cs", "Nejméně 300 lidí uprchlo.", "Nejméně 300", "Přibližně 300 lidí uprchlo."),
    ("cs", "Více než 300 lidí uprchlo.", "Více než 300", "Asi 300 lidí uprchlo."),
    ("uk", "Щонайменше 300 людей втекли.", "Щонайменше 300", "Близько 300 людей втекли."),
    ("uk", "Понад 300 людей втекли.", "Понад 300", "Майже 300 людей втекли."),
    ("ro", "Cel puțin 300 de oameni au fugit.", "Cel puțin 300", "Aproximativ 300 de oameni au fugit."),
    ("ro", "Cel puţin 300 de oameni au fugit.", "Cel puţin 300", "Aproape 300 de oameni au fugit."),
])
def test_an_at_least_word_makes_the_figure_a_floor(lang: str, floor: str, written: str, approximate: str) -> None:
    # A bare "300" in the reference against a floor in the version: the count was told as final
    # in one and as a minimum in the other.
    (finding,) = NumberDetector().detect(*make_pair("300 people fled.", floor, "en", lang))
    assert finding.category == "number" and finding.evidence["floor_dropped"] == 1.0
    assert (finding.source.text, finding.target.text) == ("300", written)
    # A floor against an approximation is not a bare figure; a floor on both sides is none dropped.
    assert not NumberDetector().detect(*make_pair("More than 300 people fled.", approximate, "en", lang))
    assert not NumberDetector().detect(*make_pair("At least 300 people fled.", floor, "en", lang))


@pytest.mark.parametrize(("lang", "faithful", "changed"), [
    ("nl", "Zes containers ter waarde van 540 miljoen euro werden in beslag genomen.",
     "Zeven containers ter waarde van 540 miljoen euro werden in beslag genomen."),
    ("pt", "Foram apreendidos seis contentores no valor de 540 milhões de euros.",
     "Foram apreendidos sete contentores no valor de 540 milhões de euros."),
    ("cs", "Bylo zabaveno šest kontejnerů v hodnotě 540 milionů eur.",
     "Bylo zabaveno sedm kontejnerů v hodnotě 540 milionů eur."),
    ("uk", "Було вилучено шість контейнерів вартістю 540 мільйонів євро.",
     "Було вилучено вісім контейнерів вартістю 540 мільйонів євро."),
    ("ro", "Au fost confiscate șase containere în valoare de 540 de milioane de euro.",
     "Au fost confiscate șapte containere în valoare de 540 de milioane de euro."),
])
def test_a_faithful_translation_keeps_its_figures_and_a_changed_one_is_flagged(lang: str, faithful: str,
                                                                              changed: str) -> None:
    reference = "Six containers worth 540 million euros were seized."
    assert [f for f in NumberDetector().detect(*make_pair(reference, faithful, "en", lang))
            if f.category == "number"] == []
    found = [f for f in NumberDetector().detect(*make_pair(reference, changed, "en", lang)) if f.category == "number"]
    assert [f.source.text for f in found] == ["Six"]
