"""The number lexicons of Swedish, Danish, Norwegian Bokmål, Finnish, Hungarian, Turkish, Greek,
Slovak and Croatian (configs/numbers.toml), the languages that share one ([same_as]: "no" reads
"nb", "sr" and "bs" read "hr"), and their clock times (configs/lexicons/<lang>.toml [time]).

Each parse case is one that a language without a lexicon (the [und] fallback: digits and "%"
only, no decimal separator, no floor or approximation words) reads otherwise.
"""

from __future__ import annotations

import pytest
from pairs import make_pair

from drift.detect.dates import TimeDetector, extract_times
from drift.detect.numbers import NumberDetector, _approximate
from drift.quantities import Quantity, parse_quantities

LANGUAGES = ["sv", "da", "nb", "fi", "hu", "tr", "el", "sk", "hr"]


def _one(text: str, lang: str) -> Quantity:
    qs = parse_quantities(text, lang)
    assert len(qs) == 1, qs
    assert text[qs[0].start:qs[0].end] == qs[0].text
    return qs[0]


@pytest.mark.parametrize(("lang", "text", "written", "value"), [
    ("sv", "540 miljoner kronor", "540 miljoner", 540e6),
    ("sv", "1,2 miljarder kronor", "1,2 miljarder", 1.2e9),
    ("sv", "ett lån på 5 milj. kr", "5 milj.", 5e6),
    ("sv", "vinsten blev 12 mnkr", "12 mnkr", 12e6),
    ("sv", "3 mdr kronor", "3 mdr", 3e9),
    # Spaces group the thousands before the scale word.
    ("sv", "1 200 miljoner kronor", "1 200 miljoner", 1.2e9),
    ("da", "540 millioner kroner", "540 millioner", 540e6),
    ("da", "et underskud på 3,5 mio. kr.", "3,5 mio.", 3.5e6),
    ("da", "2 mia. kr.", "2 mia.", 2e9),
    ("nb", "540 millioner kroner", "540 millioner", 540e6),
    ("nb", "2,5 mill. kroner", "2,5 mill.", 2.5e6),
    ("nb", "3 mrd. kroner", "3 mrd.", 3e9),
    ("no", "2,5 mill. kroner", "2,5 mill.", 2.5e6),
    ("fi", "540 miljoonaa euroa", "540 miljoonaa", 540e6),
    ("fi", "1,5 miljoonan euron vahingot", "1,5 miljoonan", 1.5e6),
    ("fi", "1,5 milj. euroa", "1,5 milj.", 1.5e6),
    ("fi", "2 mrd. euroa", "2 mrd.", 2e9),
    ("fi", "12 500 miljoonaa euroa", "12 500 miljoonaa", 12.5e9),
    ("hu", "18 millió forint", "18 millió", 18e6),
    ("hu", "500 ezer ember", "500 ezer", 500e3),
    ("hu", "5 mrd forint", "5 mrd", 5e9),
    ("hu", "1,2 milliárd forint", "1,2 milliárd", 1.2e9),
    ("hu", "3 ezer milliárd forint", "3 ezer milliárd", 3e12),
    ("tr", "1,5 milyon lira", "1,5 milyon", 1.5e6),
    ("tr", "500 bin kişi", "500 bin", 500e3),
    ("tr", "2 milyar dolar", "2 milyar", 2e9),
    # A figure after a figure and its scale word goes on with the amount.
    ("tr", "2 bin 400 bina", "2 bin 400", 2400),
    ("tr", "1 milyon 200 bin kişi", "1 milyon 200 bin", 1.2e6),
    ("tr", "5 milyonluk bir ihale", "5 milyonluk", 5e6),
    ("el", "540 εκατομμύρια ευρώ", "540 εκατομμύρια", 540e6),
    ("el", "2,5 εκατ. ευρώ", "2,5 εκατ.", 2.5e6),
    ("el", "1,2 δισ. ευρώ", "1,2 δισ.", 1.2e9),
    ("el", "5 χιλιάδες άνθρωποι", "5 χιλιάδες", 5000),
    ("sk", "540 miliónov eur", "540 miliónov", 540e6),
    ("sk", "škoda 2,3 mil. eur", "2,3 mil.", 2.3e6),
    ("sk", "1,2 mld. eur", "1,2 mld.", 1.2e9),
    ("sk", "5 tis. ľudí", "5 tis.", 5000),
    ("hr", "540 milijuna eura", "540 milijuna", 540e6),
    ("hr", "1,2 mlrd. kuna", "1,2 mlrd.", 1.2e9),
    ("hr", "5 tisuća ljudi", "5 tisuća", 5000),
    ("sr", "540 miliona evra", "540 miliona", 540e6),
    ("sr", "5 hiljada ljudi", "5 hiljada", 5000),
    ("bs", "2 miliona maraka", "2 miliona", 2e6),
])
def test_a_figure_and_its_scale_word_are_one_amount(lang: str, text: str, written: str, value: float) -> None:
    q = _one(text, lang)
    assert (q.text, q.kind, q.form) == (written, "cardinal", "mixed")
    assert q.exact and q.value == pytest.approx(value)


@pytest.mark.parametrize(("lang", "text", "value"), [
    ("sv", "sex personer", 6),
    ("sv", "tjugofem personer", 25),
    ("sv", "tvåhundra personer", 200),
    ("sv", "fyra tusen personer", 4000),
    ("sv", "en miljon personer", 1e6),
    ("da", "ni ansatte", 9),
    ("da", "femogtyve mennesker", 25),
    ("da", "fireoghalvtreds mennesker", 54),
    ("da", "to hundrede mennesker", 200),
    ("da", "halvanden million kroner", 1.5e6),
    ("nb", "fem personer", 5),
    ("nb", "tjuefem personer", 25),
    ("nb", "tre hundre personer", 300),
    ("nb", "halvannen million kroner", 1.5e6),
    ("no", "tjuefem personer", 25),
    ("fi", "kolme ihmistä", 3),
    ("fi", "kahden miljoonan euron", 2e6),
    ("fi", "kaksikymmentäviisi ihmistä", 25),
    ("fi", "kolmesataa ihmistä", 300),
    ("fi", "puolitoista miljoonaa euroa", 1.5e6),
    ("hu", "hat ember", 6),
    ("hu", "két ember", 2),
    ("hu", "huszonöt ember", 25),
    ("hu", "háromszáz ember", 300),
    ("hu", "kétezer-ötszáz ember", 2500),
    ("hu", "másfél millió forint", 1.5e6),
    ("tr", "altı kişi", 6),
    ("tr", "yirmi beş kişi", 25),
    ("tr", "iki yüz kişi", 200),
    ("tr", "iki bin dört yüz kişi", 2400),
    ("tr", "İki kişi", 2),  # a capital İ, whose lowercase is an i with a combining dot
    ("el", "τρία χωριά", 3),
    ("el", "είκοσι πέντε άνθρωποι", 25),
    ("el", "διακόσιοι άνθρωποι", 200),
    ("el", "πέντε χιλιάδες άνθρωποι", 5000),
    ("el", "ενάμισι εκατομμύριο ευρώ", 1.5e6),
    ("sk", "päť hasičov", 5),
    ("sk", "v dvoch krajinách", 2),
    ("sk", "dvadsaťpäť ľudí", 25),
    ("sk", "dvadsať päť ľudí", 25),
    ("sk", "tristo ľudí", 300),
    ("sk", "dve tisíce ľudí", 2000),
    ("hr", "sedam osoba", 7),
    ("hr", "dvadeset pet osoba", 25),
    ("hr", "dvije tisuće ljudi", 2000),
    ("hr", "tristo ljudi", 300),
    ("hr", "petorica muškaraca", 5),
    ("sr", "dve hiljade ljudi", 2000),
])
def test_number_words_are_counts(lang: str, text: str, value: float) -> None:
    q = _one(text, lang)
    assert (q.kind, q.form) == ("cardinal", "words")
    assert q.exact and q.value == pytest.approx(value)


@pytest.mark.parametrize("lang", [*LANGUAGES, "no", "sr", "bs"])
def test_the_decimal_separator_is_a_comma(lang: str) -> None:
    # "6.480" groups thousands (a reading [und] gives too); "1,250" is a decimal first, where
    # [und] reads 1250.
    grouped = _one("6.480", lang)
    assert grouped.value == 6480 and grouped.alternatives == pytest.approx((6.48,))
    decimal = _one("1,250", lang)
    assert decimal.value == pytest.approx(1.25) and decimal.alternatives == (1250,)
    assert _one("6,5", lang).value == pytest.approx(6.5)


@pytest.mark.parametrize("lang", ["da", "tr", "el", "hr"])
def test_where_a_stop_groups_thousands_a_space_need_not(lang: str) -> None:
    # "12.500" is how these languages group; "100 100" may be one figure or a figure repeated.
    q = _one("100 100", lang)
    assert q.value == 100100 and 100 in q.alternatives


@pytest.mark.parametrize(("lang", "text", "written"), [
    ("sv", "en ökning med 3,5 procent", "3,5 procent"),
    ("da", "en stigning på 3,5 procent", "3,5 procent"),
    ("da", "en stigning på 3,5 pct.", "3,5 pct."),
    ("nb", "en økning på 3,5 prosent", "3,5 prosent"),
    ("fi", "3,5 prosentin kasvu", "3,5 prosentin"),
    ("fi", "kasvoi 3,5 prosenttia", "3,5 prosenttia"),
    ("hu", "3,5 százalékkal nőtt", "3,5 százalékkal"),
    ("hu", "3,5 százalékos növekedés", "3,5 százalékos"),
    # Turkish writes the sign or the word before the figure.
    ("tr", "%3,5 arttı", "%3,5"),
    ("tr", "yüzde 3,5 arttı", "yüzde 3,5"),
    ("el", "αύξηση 3,5 τοις εκατό", "3,5 τοις εκατό"),
    ("sk", "rast o 3,5 percenta", "3,5 percenta"),
    ("hr", "rast od 3,5 posto", "3,5 posto"),
    ("sr", "rast od 3,5 odsto", "3,5 odsto"),
])
def test_a_percent_word_makes_a_percentage(lang: str, text: str, written: str) -> None:
    q = _one(text, lang)
    assert (q.text, q.kind, q.value) == (written, "percent", 3.5)


@pytest.mark.parametrize(("lang", "text", "written"), [
    ("sv", "på 3:e plats", "3:e"),
    ("sv", "den tredje platsen", "tredje"),
    ("da", "på 3. plads", "3."),
    ("da", "den tredje plads", "tredje"),
    ("nb", "på 3. plass", "3."),
    ("nb", "den tredje plassen", "tredje"),
    ("fi", "3. sijalla", "3."),
    ("fi", "kolmannella sijalla", "kolmannella"),
    ("hu", "a 3. helyen", "3."),
    ("hu", "a harmadik helyen", "harmadik"),
    ("tr", "3. sırada", "3."),
    ("tr", "3'üncü sırada", "3'üncü"),
    ("tr", "üçüncü sırada", "üçüncü"),
    ("el", "στην 3η θέση", "3η"),
    ("el", "ο τρίτος γύρος", "τρίτος"),
    ("sk", "na 3. mieste", "3."),
    ("sk", "tretieho kola", "tretieho"),
    ("hr", "na 3. mjestu", "3."),
    ("hr", "na trećem mjestu", "trećem"),
])
def test_an_ordinal_is_a_rank_not_a_count(lang: str, text: str, written: str) -> None:
    q = _one(text, lang)
    assert (q.text, q.kind, q.value) == (written, "ordinal", 3)


@pytest.mark.parametrize(("lang", "other", "rank"), [
    # Ordinals that are other words too: "andra" (other), "anden" (other), "toinen" (another),
    # "Τρίτη" (Tuesday), "drugi" and "druhý" (other).
    ("sv", "andra länder", "den fjärde platsen"),
    ("da", "den anden side", "den fjerde plads"),
    ("nb", "andre land", "den fjerde plassen"),
    ("fi", "toinen puoli", "neljäs sija"),
    ("el", "την Τρίτη", "ο τέταρτος γύρος"),
    ("sk", "na druhej strane", "štvrté miesto"),
    ("hr", "s druge strane", "četvrto mjesto"),
])
def test_an_ordinal_that_is_another_word_too_is_no_rank(lang: str, other: str, rank: str) -> None:
    assert parse_quantities(other, lang) == []
    assert [(q.kind, q.value) for q in parse_quantities(rank, lang)] == [("ordinal", 4)]


@pytest.mark.parametrize(("lang", "article", "run", "value"), [
    ("sv", "en bil", "en miljon kronor", 1e6),
    ("sv", "ett hus", "ett hundra hus", 100),
    ("da", "et hus", "en million kroner", 1e6),
    ("nb", "ei bok", "en million kroner", 1e6),
    ("fi", "yksi heistä", "yksi miljoona euroa", 1e6),
    ("hu", "egy ház", "egy millió forint", 1e6),
    # "hét" is seven and "week".
    ("hu", "a jövő hét elején", "hét millió forint", 7e6),
    ("tr", "bir ev", "bir milyon kişi", 1e6),
    # "yüz" is a hundred and "face", "bin" a thousand and a part of names.
    ("tr", "yüz yüze görüştüler", "iki yüz kişi", 200),
    ("tr", "Usame bin Ladin", "on bin kişi", 10000),
    ("el", "ένα σπίτι", "ένα εκατομμύριο ευρώ", 1e6),
    ("sk", "jeden z nich", "jeden milión ľudí", 1e6),
    ("hr", "jedan od njih", "jedan milijun ljudi", 1e6),
    # "sto" is a hundred, "table" in Serbian, and "what" written without its accent.
    ("hr", "sto je rekao", "sto tisuća ljudi", 100000),
])
def test_the_word_for_one_is_a_number_only_inside_a_run(lang: str, article: str, run: str, value: float) -> None:
    assert parse_quantities(article, lang) == []
    assert [q.value for q in parse_quantities(run, lang)] == [value]


@pytest.mark.parametrize(("lang", "text", "low", "high"), [
    ("sv", "dussintals döda", 24, 99),
    ("sv", "hundratals människor", 200, 999),
    ("sv", "tusentals människor", 2000, 9999),
    ("sv", "flera personer", 3, 9),
    ("da", "hundredvis af mennesker", 200, 999),
    ("da", "tusindvis af mennesker", 2000, 9999),
    ("nb", "hundrevis av mennesker", 200, 999),
    ("nb", "tusenvis av mennesker", 2000, 9999),
    ("fi", "kymmeniä kuolleita", 24, 99),
    ("fi", "satoja ihmisiä", 200, 999),
    ("fi", "tuhansia ihmisiä", 2000, 9999),
    ("hu", "több tucat halott", 24, 99),
    ("hu", "több száz ember", 200, 999),
    ("hu", "több ezer ember", 2000, 9999),
    ("hu", "néhány száz ember", 200, 900),
    ("tr", "onlarca ölü", 24, 99),
    ("tr", "yüzlerce kişi", 200, 999),
    ("tr", "binlerce kişi", 2000, 9999),
    ("tr", "BİNLERCE KİŞİ", 2000, 9999),
    ("tr", "on binlerce kişi", 20000, 99999),
    ("el", "δεκάδες νεκροί", 24, 99),
    ("el", "εκατοντάδες άνθρωποι", 200, 999),
    ("el", "χιλιάδες άνθρωποι", 2000, 9999),
    ("el", "δεκάδες χιλιάδες άνθρωποι", 20000, 99999),
    ("sk", "desiatky mŕtvych", 24, 99),
    ("sk", "stovky ľudí", 200, 999),
    ("sk", "desiatky tisíc ľudí", 20000, 99999),
    ("hr", "desetak ljudi", 8, 13),
    ("hr", "stotine ljudi", 200, 999),
    ("hr", "tisuće ljudi", 2000, 9999),
    ("sr", "hiljade ljudi", 2000, 9999),
])
def test_vague_quantities(lang: str, text: str, low: float, high: float) -> None:
    q = _one(text, lang)
    assert (q.kind, q.low, q.high) == ("vague", low, high)


@pytest.mark.parametrize(("lang", "approximate", "bare"), [
    ("sv", "omkring 300 personer", "300 personer"),
    ("sv", "cirka 300 personer", "300 personer"),
    ("sv", "nästan 300 personer", "300 personer"),
    ("da", "omkring 300 mennesker", "300 mennesker"),
    ("da", "næsten 300 mennesker", "300 mennesker"),
    ("nb", "rundt 300 personer", "300 personer"),
    ("nb", "nesten 300 personer", "300 personer"),
    ("fi", "noin 300 ihmistä", "300 ihmistä"),
    ("fi", "lähes 300 ihmistä", "300 ihmistä"),
    ("hu", "mintegy 300 ember", "300 ember"),
    ("hu", "körülbelül 300 ember", "300 ember"),
    ("hu", "csaknem 300 ember", "300 ember"),
    ("tr", "yaklaşık 300 kişi", "300 kişi"),
    ("tr", "neredeyse 300 kişi", "300 kişi"),
    ("el", "περίπου 300 άνθρωποι", "300 άνθρωποι"),
    ("el", "σχεδόν 300 άνθρωποι", "300 άνθρωποι"),
    ("sk", "približne 300 ľudí", "300 ľudí"),
    ("sk", "takmer 300 ľudí", "300 ľudí"),
    ("hr", "oko 300 ljudi", "300 ljudi"),
    ("hr", "gotovo 300 ljudi", "300 ljudi"),
])
def test_an_approximation_word_marks_the_figure_approximate(lang: str, approximate: str, bare: str) -> None:
    # The figure the parser finds, read by the number detector for the word before it.
    assert _approximate(approximate, _one(approximate, lang), lang)
    assert not _approximate(bare, _one(bare, lang), lang)


@pytest.mark.parametrize(("lang", "floor", "written", "approximate"), [
    ("sv", "Minst 300 personer flydde.", "Minst 300", "Omkring 300 personer flydde."),
    ("sv", "Mer än 300 personer flydde.", "Mer än 300", "Nästan 300 personer flydde."),
    ("da", "Mindst 300 mennesker flygtede.", "Mindst 300", "Omkring 300 mennesker flygtede."),
    ("da", "Mere end 300 mennesker flygtede.", "Mere end 300", "Næsten 300 mennesker flygtede."),
    ("nb", "Minst 300 personer flyktet.", "Minst 300", "Rundt 300 personer flyktet."),
    ("nb", "Mer enn 300 personer flyktet.", "Mer enn 300", "Nesten 300 personer flyktet."),
    ("fi", "Vähintään 300 ihmistä pakeni.", "Vähintään 300", "Noin 300 ihmistä pakeni."),
    ("fi", "Ainakin 300 ihmistä pakeni.", "Ainakin 300", "Lähes 300 ihmistä pakeni."),
    ("hu", "Legalább 300 ember elmenekült.", "Legalább 300", "Mintegy 300 ember elmenekült."),
    ("hu", "Több mint 300 ember elmenekült.", "Több mint 300", "Csaknem 300 ember elmenekült."),
    ("tr", "En az 300 kişi kaçtı.", "En az 300", "Yaklaşık 300 kişi kaçtı."),
    ("el", "Τουλάχιστον 300 άνθρωποι διέφυγαν.", "Τουλάχιστον 300", "Περίπου 300 άνθρωποι διέφυγαν."),
    ("el", "Περισσότεροι από 300 άνθρωποι διέφυγαν.", "Περισσότεροι από 300", "Σχεδόν 300 άνθρωποι διέφυγαν."),
    ("sk", "Najmenej 300 ľudí utieklo.", "Najmenej 300", "Približne 300 ľudí utieklo."),
    ("sk", "Viac ako 300 ľudí utieklo.", "Viac ako 300", "Takmer 300 ľudí utieklo."),
    ("hr", "Najmanje 300 ljudi je pobjeglo.", "Najmanje 300", "Oko 300 ljudi je pobjeglo."),
    ("hr", "Više od 300 ljudi je pobjeglo.", "Više od 300", "Gotovo 300 ljudi je pobjeglo."),
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


@pytest.mark.parametrize("after", ["300'den fazla kişi kaçtı.", "300'ü aşkın kişi kaçtı."])
def test_a_turkish_floor_after_the_figure_is_no_bare_figure(after: str) -> None:
    # Turkish writes "more than" after the figure as often as "at least" before it: a figure so
    # qualified is no bare one against the reference's floor, as "En az 300" is a floor dropped
    # against a bare "300".
    (finding,) = NumberDetector().detect(*make_pair("300 people fled.", "En az 300 kişi kaçtı.", "en", "tr"))
    assert finding.evidence["floor_dropped"] == 1.0
    assert not NumberDetector().detect(*make_pair("More than 300 people fled.", after, "en", "tr"))
    assert not NumberDetector().detect(*make_pair("At least 300 people fled.", after, "en", "tr"))


# Each pair: an English sentence, its faithful translation with the figures written the
# language's way (decimal comma, scale abbreviation, space groups, number words), and the same
# translation with one figure changed, which is the English figure given here.
PAIRS = [
    ("sv", "Police seized 12,500 kilograms of cocaine worth 1.2 billion kronor, and six people were arrested.",
     "Polisen beslagtog 12 500 kilo kokain värt 1,2 mdr kronor, och sex personer greps.",
     "Polisen beslagtog 12 500 kilo kokain värt 1,2 mdr kronor, och sju personer greps.", "six"),
    ("da", "The company lost 3.5 million kroner, and nine employees were laid off.",
     "Virksomheden tabte 3,5 mio. kr., og ni ansatte blev fyret.",
     "Virksomheden tabte 3,5 mio. kr., og otte ansatte blev fyret.", "nine"),
    ("nb", "Police seized 2.5 million kroner and arrested five people.",
     "Politiet beslagla 2,5 mill. kroner og arresterte fem personer.",
     "Politiet beslagla 2,5 mill. kroner og arresterte fire personer.", "five"),
    ("no", "Police seized 2.5 million kroner and arrested five people.",
     "Politiet beslagla 2,5 mill. kroner og arresterte fem personer.",
     "Politiet beslagla 2,5 mill. kroner og arresterte fire personer.", "five"),
    ("fi", "The storm caused damage worth 1.5 million euros, and three people died.",
     "Myrsky aiheutti 1,5 miljoonan euron vahingot, ja kolme ihmistä kuoli.",
     "Myrsky aiheutti 1,5 miljoonan euron vahingot, ja neljä ihmistä kuoli.", "three"),
    ("hu", "The government will spend 18 million forints, 500,000 people will benefit, and five ministries "
     "will take part.",
     "A kormány 18 millió forintot költ, 500 ezer ember részesül belőle, és öt minisztérium vesz részt.",
     "A kormány 18 millió forintot költ, 500 ezer ember részesül belőle, és hat minisztérium vesz részt.",
     "five"),
    ("tr", "The earthquake destroyed 2,400 buildings and caused damage of 1.5 million lira; six people died.",
     "Deprem 2 bin 400 binayı yıktı ve 1,5 milyon liralık hasara yol açtı; altı kişi hayatını kaybetti.",
     "Deprem 2 bin 300 binayı yıktı ve 1,5 milyon liralık hasara yol açtı; altı kişi hayatını kaybetti.",
     "2,400"),
    ("el", "The damage is estimated at 2.5 million euros and three villages were evacuated.",
     "Η ζημιά εκτιμάται σε 2,5 εκατ. ευρώ και τρία χωριά εκκενώθηκαν.",
     "Η ζημιά εκτιμάται σε 2,5 εκατ. ευρώ και τέσσερα χωριά εκκενώθηκαν.", "three"),
    ("sk", "Five firefighters were injured and the damage reached 2.3 million euros.",
     "Päť hasičov bolo zranených a škoda dosiahla 2,3 mil. eur.",
     "Šesť hasičov bolo zranených a škoda dosiahla 2,3 mil. eur.", "Five"),
    ("hr", "Seven people were injured and the damage is estimated at 1.2 million euros.",
     "Sedam osoba je ozlijeđeno, a šteta se procjenjuje na 1,2 milijuna eura.",
     "Osam osoba je ozlijeđeno, a šteta se procjenjuje na 1,2 milijuna eura.", "Seven"),
    ("sr", "Seven people were injured and the damage is estimated at 1.2 million euros.",
     "Sedam osoba je povređeno, a šteta se procenjuje na 1,2 miliona evra.",
     "Osam osoba je povređeno, a šteta se procenjuje na 1,2 miliona evra.", "Seven"),
]


@pytest.mark.parametrize(("lang", "reference", "faithful", "changed", "figure"), PAIRS)
def test_a_faithful_translation_keeps_its_figures_and_a_changed_one_is_flagged(
        lang: str, reference: str, faithful: str, changed: str, figure: str) -> None:
    assert [(f.category, f.explanation) for f in NumberDetector().detect(*make_pair(reference, faithful, "en", lang))
            if f.severity >= 0.5] == []
    found = [f for f in NumberDetector().detect(*make_pair(reference, changed, "en", lang))
             if f.category == "number" and f.severity >= 0.5]
    assert [f.source.text for f in found] == [figure]


@pytest.mark.parametrize(("lang", "text", "written", "minutes"), [
    ("sv", "Mötet börjar klockan 7.40.", "klockan 7.40", 460),
    ("sv", "Mötet börjar kl. 7 i morgon.", "kl. 7", 420),
    ("da", "Mødet begynder klokken 7.", "klokken 7", 420),
    ("nb", "Møtet begynner klokka 7.", "klokka 7", 420),
    ("fi", "Kokous alkaa klo 7.40.", "klo 7.40", 460),
    ("fi", "Kokous alkaa kello 7.", "kello 7", 420),
    ("hu", "Az ülés 10 órakor kezdődik.", "10 órakor", 600),
    ("tr", "Toplantı saat 10.00'da başlayacak.", "saat 10.00", 600),
    ("tr", "Toplantı saat 10'da başlayacak.", "saat 10", 600),
    ("tr", "Toplantı 10.00'da başlayacak.", "10.00", 600),
    ("el", "Η συνεδρίαση αρχίζει στις 10.00.", "10.00", 600),
])
def test_a_clock_time_is_read_as_one(lang: str, text: str, written: str, minutes: int) -> None:
    (clock,) = [e for e in extract_times(text, lang) if e.kind == "clock"]
    assert (clock.text, clock.minutes) == (written, minutes)


@pytest.mark.parametrize(("reference", "version", "lang"), [
    ("At 10 a.m., forty delegates arrived.", "Saat 10.00'da kırk delege geldi.", "tr"),
    ("At 10 a.m., forty delegates arrived.", "Saat 10'da kırk delege geldi.", "tr"),
    ("At 7.40 a.m., three men were arrested.", "Klockan 7.40 greps tre män.", "sv"),
    ("At 7 a.m., three men were arrested.", "Kl. 7 greps tre män.", "sv"),
])
def test_a_clock_time_is_no_count(reference: str, version: str, lang: str) -> None:
    # Read as counts, "10.00" and "7.40" stood against the reference's forty and three.
    pair, story = make_pair(reference, version, "en", lang)
    assert [f for f in NumberDetector().detect(pair, story) if f.severity >= 0.5] == []
    assert not [f for f in TimeDetector().detect(pair, story) if f.category == "time"]


def test_a_clock_word_after_a_figure_is_its_unit() -> None:
    # "2 saat 10 dakika" is two hours and ten minutes: "saat" (hour) after a figure makes no clock;
    # before one it does.
    found = extract_times("Saat 10'da başlayan ameliyat 2 saat 10 dakika sürdü.", "tr")
    assert [(e.text, e.kind) for e in found] == [("Saat 10", "clock"), ("2 saat", "duration"),
                                                 ("10 dakika", "duration")]


@pytest.mark.parametrize(("lang", "zoned", "local"), [
    ("sv", "Mötet börjar kl. 7.40 svensk tid.", "Mötet börjar kl. 7.40 lokal tid."),
    ("da", "Mødet begynder kl. 7.40 dansk tid.", "Mødet begynder kl. 7.40 lokal tid."),
    ("nb", "Møtet begynner kl. 7.40 norsk tid.", "Møtet begynner kl. 7.40 lokal tid."),
    ("fi", "Kokous alkaa klo 7.40 Suomen aikaa.", "Kokous alkaa klo 7.40 paikallista aikaa."),
    ("hu", "Az ülés 10 órakor magyar idő szerint kezdődik.", "Az ülés 10 órakor helyi idő szerint kezdődik."),
    ("tr", "Toplantı 10.00 TSİ itibarıyla başladı.", "Toplantı 10.00'da başladı."),
    ("el", "Η συνεδρίαση αρχίζει στις 10:00 ώρα Ελλάδας.", "Η συνεδρίαση αρχίζει στις 10:00 τοπική ώρα."),
    ("sk", "Zasadnutie sa začne o 10:00 SEČ.", "Zasadnutie sa začne o 10:00 miestneho času."),
    ("hr", "Sastanak počinje u 10.30 po kijevskom vremenu.", "Sastanak počinje u 10.30 po lokalnom vremenu."),
    ("sr", "Sastanak počinje u 10.30 po kijevskom vremenu.", "Sastanak počinje u 10.30 po lokalnom vremenu."),
])
def test_a_time_given_in_a_named_zone_is_compared_with_nothing(lang: str, zoned: str, local: str) -> None:
    # An outlet gives the moment in its readers' zone where the others give the local time.
    assert [e.converted for e in extract_times(zoned, lang) if e.kind == "clock"] == [True]
    assert [e.converted for e in extract_times(local, lang) if e.kind == "clock"] == [False]
