"""Time expressions per language and the time detector on hand-built aligned pairs."""

from __future__ import annotations

import pytest
from pairs import make_pair

from drift.detect.dates import TimeDetector, compared_times, extract_times
from drift.detect.numbers import NumberDetector


@pytest.mark.parametrize(("lang", "text", "kind", "fields"), [
    ("en", "on Tuesday, December 3", "date", {"weekday": 1, "month": 12, "day": 3}),
    ("en", "on December 3, 2024", "date", {"month": 12, "day": 3, "year": 2024}),
    ("fr", "le mardi 3 décembre", "date", {"weekday": 1, "month": 12, "day": 3}),
    ("bg", "на 3 декември", "date", {"month": 12, "day": 3}),
    ("de", "am Dienstag, 3. Dezember", "date", {"weekday": 1, "month": 12, "day": 3}),
    ("ru", "3 декабря", "date", {"month": 12, "day": 3}),
    ("en", "on Monday", "weekday", {"weekday": 0}),
    ("fr", "lundi", "weekday", {"weekday": 0}),
    ("bg", "в понеделник", "weekday", {"weekday": 0}),
    ("en", "since 2011", "year", {"year": 2011}),
    ("en", "today", "relative", {"offset": 0, "unit": "day"}),
    ("en", "yesterday", "relative", {"offset": -1, "unit": "day"}),
    ("en", "last week", "relative", {"offset": -1, "unit": "week"}),
    ("fr", "aujourd'hui", "relative", {"offset": 0, "unit": "day"}),
    ("fr", "hier", "relative", {"offset": -1, "unit": "day"}),
    ("fr", "la semaine dernière", "relative", {"offset": -1, "unit": "week"}),
    ("bg", "днес", "relative", {"offset": 0, "unit": "day"}),
    ("bg", "вчера", "relative", {"offset": -1, "unit": "day"}),
    ("bg", "миналата седмица", "relative", {"offset": -1, "unit": "week"}),
    ("en", "this morning", "relative", {"offset": 0, "unit": "day"}),
    ("en", "two days ago", "relative", {"offset": -2, "unit": "day"}),
    ("fr", "il y a deux jours", "relative", {"offset": -2, "unit": "day"}),
    ("en", "at 10 a.m.", "clock", {"minutes": 600}),
    ("en", "at 10 p.m.", "clock", {"minutes": 22 * 60}),
    ("fr", "à 10h30", "clock", {"minutes": 630}),
    ("fr", "à 10h", "clock", {"minutes": 600}),
    ("bg", "в 10 ч.", "clock", {"minutes": 600}),
    ("en", "over the past two days", "duration", {"unit": "day", "seconds": (172800.0, 172800.0)}),
    ("en", "for 48 hours", "duration", {"unit": "hour", "seconds": (172800.0, 172800.0)}),
    ("bg", "два дни", "duration", {"unit": "day"}),
])
def test_extract(lang: str, text: str, kind: str, fields: dict) -> None:
    found = extract_times(text, lang)
    assert len(found) == 1, found
    e = found[0]
    assert e.kind == kind
    for key, value in fields.items():
        assert getattr(e, key) == value, (key, e)
    assert text[e.start:e.end] == e.text


def test_modal_may_is_not_a_month() -> None:
    assert extract_times("He may resign.", "en") == []
    assert extract_times("on May 5", "en")[0].month == 5


def test_weekday_changed_is_time() -> None:
    pair, story = make_pair("The army said clashes took place on Tuesday.",
                            "The army said clashes took place on Monday.")
    findings = TimeDetector().detect(pair, story)
    assert [f.category for f in findings] == ["time"]
    assert findings[0].source.text == "Tuesday" and findings[0].target.text == "Monday"
    assert findings[0].severity >= 0.5


def test_translated_weekday_is_silent() -> None:
    pair, story = make_pair("Clashes took place on Tuesday.", "Des combats ont eu lieu mardi.", "en", "fr")
    assert TimeDetector().detect(pair, story) == []


@pytest.mark.parametrize(("src", "tgt"), [
    ("Fighting raged today.", "Fighting raged on Tuesday, December 3."),
    ("Guterres said yesterday he was alarmed.", "Guterres said on Monday he was alarmed."),
])
def test_relative_vs_absolute_without_dateline_is_uncertain(src: str, tgt: str) -> None:
    findings = TimeDetector().detect(*make_pair(src, tgt))
    assert [f.category for f in findings] == ["variant"]
    assert findings[0].severity < 0.5 and findings[0].evidence["uncertain"] == 1.0


def test_relative_resolved_with_publication_date() -> None:
    settings = {"published": "2024-12-03"}  # a Tuesday
    ok = make_pair("Guterres said yesterday he was alarmed.", "Guterres said on Monday he was alarmed.",
                   settings=settings)
    assert TimeDetector().detect(*ok) == []
    wrong = make_pair("Guterres said yesterday he was alarmed.", "Guterres said on Sunday he was alarmed.",
                      settings=settings)
    assert [f.category for f in TimeDetector().detect(*wrong)] == ["time"]


@pytest.mark.parametrize(("src", "tgt", "category"), [
    # A changed amount of time is a changed figure (DEMETR's and NTREX's number changes).
    ("It slowed them over the past two days.", "It slowed them over the past three days.", "number"),
    ("It slowed them over the past two days.", "It slowed them over the past 48 hours.", "variant"),
    # A month is a twelfth of a year; units that do not divide evenly are one within a little.
    ("The traineeship lasts 12 months.", "The traineeship lasts 1 year.", "variant"),
    ("The contract runs for 52 weeks.", "The contract runs for 1 year.", "variant"),
    ("The contract runs for 10 months.", "The contract runs for 1 year.", "number"),
    ("The war started in 2011.", "The war started in 2012.", "time"),
    ("They met on December 3.", "They met on December 4.", "time"),
    ("They met yesterday.", "They met today.", "time"),
    ("The offensive began last week.", "The offensive began last month.", "time"),
    ("They met at 10 a.m.", "They met at 11 a.m.", "time"),
])
def test_time_changes(src: str, tgt: str, category: str) -> None:
    findings = TimeDetector().detect(*make_pair(src, tgt))
    assert [f.category for f in findings] == [category]
    assert (findings[0].severity >= 0.5) == (category in ("time", "number"))


def test_cross_language_same_date_is_silent() -> None:
    pair, story = make_pair("The offensive began last week, on December 3, 2024.",
                            "L'offensive a commencé la semaine dernière, le 3 décembre 2024.", "en", "fr")
    assert TimeDetector().detect(pair, story) == []
    pair, story = make_pair("The offensive began last week, on December 3.",
                            "Офанзивата започна миналата седмица, на 3 декември.", "en", "bg")
    assert TimeDetector().detect(pair, story) == []


def test_identical_sentences_produce_nothing() -> None:
    text = "On Tuesday, December 3, since 2011, yesterday at 10 a.m., over two days."
    assert TimeDetector().detect(*make_pair(text, text)) == []


@pytest.mark.parametrize(("src", "tgt", "src_lang", "tgt_lang"), [
    # A time without a.m./p.m. may be the afternoon one.
    ("Perfect time for a pint is 5.30pm on a Saturday.", "Идеалното време за бира е 5:30pm в събота.", "en", "bg"),
    ("Perfect time for a pint is 5.30pm on a Saturday.", "L'heure idéale pour une pinte est 17 h 30 le samedi.",
     "en", "fr"),
    # "44-year-old" is the 44 years of "44 anni".
    ("The 44-year-old was found at 7.55am.", "La donna di 44 anni è stata trovata alle 7.55 del mattino.", "en", "it"),
    # "7月17" without its day character, "2009年9月" without a day.
    ("On July 17 and July 22, the office issued funds.", "7月17和7月22日，江西省财政先后下达资金。", "en", "zh"),
    ("He was sentenced to life in prison in September 2009.", "最终于2009年9月被判终身监禁。", "en", "zh"),
])
def test_same_time_in_other_writing_is_silent(src: str, tgt: str, src_lang: str, tgt_lang: str) -> None:
    findings = TimeDetector().detect(*make_pair(src, tgt, src_lang, tgt_lang))
    assert [f for f in findings if f.category == "time" and f.severity >= 0.5] == []


@pytest.mark.parametrize(("lang", "text", "kind", "fields"), [
    ("en", "The 44-year-old was found", "duration", {"unit": "year"}),
    ("zh", "7月17和", "date", {"month": 7, "day": 17}),
    ("zh", "最终于2009年9月被判", "date", {"year": 2009, "month": 9, "day": None}),
    # "Last year" and "this year" as the languages write them.
    ("fr", "avait menacé l’an dernier", "relative", {"offset": -1, "unit": "year"}),
    ("fr", "avait menacé l'an passé", "relative", {"offset": -1, "unit": "year"}),
    ("de", "drohte im vergangenen Jahr", "relative", {"offset": -1, "unit": "year"}),
    ("it", "ha lodato quest’anno", "relative", {"offset": 0, "unit": "year"}),
    ("pl", "groził w ubiegłym roku", "relative", {"offset": -1, "unit": "year"}),
])
def test_extract_more_forms(lang: str, text: str, kind: str, fields: dict) -> None:
    found = extract_times(text, lang)
    assert [e.kind for e in found] == [kind]
    assert {k: getattr(found[0], k) for k in fields} == fields


def test_a_marked_time_against_a_24_hour_one_still_differs() -> None:
    findings = TimeDetector().detect(*make_pair("The shop opens at 5.30am.", "Le magasin ouvre à 17 h 30.", "en", "fr"))
    assert [f.category for f in findings] == ["time"]


def test_latin_meridiem_in_any_language() -> None:
    found = extract_times("Идеалното време за бира е 5:30pm в събота", "bg")
    assert [(e.kind, e.minutes) for e in found if e.kind == "clock"] == [("clock", 17 * 60 + 30)]


@pytest.mark.parametrize(("lang", "text", "minutes"), [
    ("it", "è stata trovata alle 14.00 del pomeriggio", 14 * 60),
    ("pl", "najlepszą porą jest godzina 17.30 w sobotę", 17 * 60 + 30),
])
def test_a_full_stop_clock_where_the_decimal_mark_is_a_comma(lang: str, text: str, minutes: int) -> None:
    assert [e.minutes for e in extract_times(text, lang) if e.kind == "clock"] == [minutes]
    assert [e.kind for e in extract_times("15.000 Menschen und 2.5 Tonnen", "de")] == []


def test_two_unmarked_times_twelve_hours_apart_are_one_time() -> None:
    findings = TimeDetector().detect(*make_pair("Die beste Zeit ist samstags um 17:30 Uhr.",
                                                "La hora perfecta son las 5.30 de la tarde en sábado.", "de", "es"))
    assert [f for f in findings if f.category == "time" and f.severity >= 0.5] == []
    changed = TimeDetector().detect(*make_pair("Die beste Zeit ist samstags um 17:30 Uhr.",
                                               "La hora perfecta son las 6.30 de la tarde en sábado.", "de", "es"))
    assert [f.category for f in changed] == ["time"]


@pytest.mark.parametrize(("text", "minutes", "meridiem"), [
    ("7月26日上午9点半，记者在现场看到", 9 * 60 + 30, True),
    ("沙利文在13点10分将主队带回比赛", 13 * 60 + 10, False),
    ("晚上8点", 20 * 60, True),
])
def test_cjk_clock_times(text: str, minutes: int, meridiem: bool) -> None:
    clocks = [e for e in extract_times(text, "zh") if e.kind == "clock"]
    assert [(e.minutes, e.meridiem) for e in clocks] == [(minutes, meridiem)]
    assert [e.kind for e in extract_times("第3点建议", "zh")] == []


def test_a_cjk_clock_time_is_no_figure_to_compare() -> None:
    # "9点半" was a 9 set against the 26 of a garbled English date.
    pair, story = make_pair("7月26日上午9点半，记者在蒋口河联圩现场看到，当地已做好分洪前各项准备。",
                            "At 9:30 a.m. July on 26, the reporter saw that the area had made preparations.",
                            "zh", "en")
    assert [f for f in NumberDetector().detect(pair, story) if f.category == "number"] == []


@pytest.mark.parametrize(("text", "lang"), [("周四，超过 2000万人通过六套电视网络收看了听证会。", "zh"),
                                            ("有2000人参加了集会。", "zh"), ("2000万円の寄付", "ja")])
def test_a_figure_counted_in_chinese_or_japanese_is_no_year(text: str, lang: str) -> None:
    # "2000万" is twenty million, "2000人" two thousand people: a scale word or a classifier
    # after the figure makes it a count (it stood as the year 2000 against "the 1980s").
    assert [t.kind for t in extract_times(text, lang)] == []
    assert [t.year for t in extract_times("在2000年，他去了北京。", "zh")] == [2000]


def test_a_bare_year_the_other_side_dates_in_full_is_not_paired_with_another_year() -> None:
    # "Born in 1966" / "geboren am 20. April 1966 ... und 1991 abgeschlossen": the birth year is the
    # German date's year; the German's graduation year is a fact the English leaves out, not the
    # birth year changed.
    pair, story = make_pair("Born in 1966, he studied business administration in St. Gallen.",
                            "Geboren am 20. April 1966, hat er in St. Gallen Betriebswirtschaft studiert und 1991 "
                            "abgeschlossen.", "en", "de")
    assert [f for f in TimeDetector().detect(pair, story) if f.category == "time"] == []
    # A year the other side has in no date still differs.
    pair, story = make_pair("Born in 1966, he studied business administration in St. Gallen.",
                            "Geboren am 20. April 1967, hat er in St. Gallen Betriebswirtschaft studiert und 1991 "
                            "abgeschlossen.", "en", "de")
    assert [f.category for f in TimeDetector().detect(pair, story)] == ["time"]


def test_a_chinese_day_of_the_month_is_a_date_not_a_figure() -> None:
    # "当局12日（周二）" = the authorities, on the 12th (Tuesday): no count of anything.
    zh = "德国科隆市当局12日（周二）因检查人员在大桥两根钢梁上发现裂缝，对大桥实施全面封闭。"
    assert [(e.kind, e.day, e.month) for e in extract_times(zh, "zh")] == [("date", 12, None)]
    assert [e.text for e in extract_times("花了100日元，5日内完成", "zh")] == []
    pair, story = make_pair("Authorities closed the bridge after cracks were found in 2 girders.", zh, "en", "zh")
    assert [f for f in NumberDetector().detect(pair, story) if f.category == "number"] == []
    # Against a date with its month, the day is compared.
    same = make_pair("The bridge was closed on March 12.", "大桥12日封闭。", "en", "zh")
    other = make_pair("The bridge was closed on March 13.", "大桥12日封闭。", "en", "zh")
    assert [f.category for f in TimeDetector().detect(*same)] == []
    assert [f.category for f in TimeDetector().detect(*other)] == ["time"]


@pytest.mark.parametrize(("text", "language", "kept"), [
    ("The leak began at about 7:15 a.m. (0515 GMT) when a forklift punctured the drums.", "en", "7:15 a.m."),
    ("Изтичането е започнало около 7:15 ч. местно време (8:15 ч. българско време), когато мотокар пробил бъчвите.",
     "bg", "7:15 ч."),
    ("Пропажу обнаружили в 05:30 по местному времени (07:30 мск).", "ru", "05:30"),
])
def test_a_time_given_again_in_another_zone_is_not_a_second_time(text: str, language: str, kept: str) -> None:
    # Each outlet converts the local time for its own readers (GMT, Sofia, Moscow): compared with
    # the other versions' local time, the bracketed one read as a changed time. It stays a time
    # (its digits are no count for the number detector), compared with nothing.
    clocks = [e for e in extract_times(text, language) if e.kind == "clock"]
    assert [e.text for e in compared_times(clocks)] == [kept]
    assert len(clocks) == 2 and clocks[1].converted
    pair, story = make_pair("The leak began at about 7:15 a.m. when a forklift punctured the drums.", text,
                            "en", language)
    assert not [f for f in NumberDetector().detect(pair, story) if f.category == "number"]


@pytest.mark.parametrize(("text", "language", "zoned"), [
    ("Забій розпочався в четвер о 7:00 за київським часом.", "uk", True),
    ("Забій розпочався в четвер о 6:00 за місцевим часом.", "uk", False),
    ("Забой начался в четверг в 8:00 по московскому времени.", "ru", True),
    ("Забой начался в четверг в 6:00 по местному времени.", "ru", False),
    ("Culling began at 7 a.m. Kyiv time on Thursday.", "en", True),
    ("Culling began at 6 a.m. local time on Thursday.", "en", False),
    ("Culling began at 0500 GMT on Thursday.", "en", True),
    ("Die Keulung begann um 6 Uhr MEZ.", "de", True),
    ("Utracení začalo ve čtvrtek v 6:00 SEČ.", "cs", True),
    ("Culling began at 6 a.m. on Thursday.", "en", False),
    # Turkish names the zone before the hour.
    ("Bakanlık perşembe günü TSİ 10.00'dan itibaren harita yayımlayacak.", "tr", True),
])
def test_a_time_given_in_a_named_zone_is_compared_with_nothing(text: str, language: str, zoned: bool) -> None:
    # An outlet gives the moment in its readers' zone (Kyiv, Moscow, GMT) where the others give the
    # local time: compared, an hour apart, it read as a changed time.
    (clock,) = [e for e in extract_times(text, language) if e.kind == "clock"]
    assert clock.converted == zoned
    pair, story = make_pair("Culling began at 6 a.m. on Thursday.", text, "en", language)
    assert not [f for f in TimeDetector().detect(pair, story) if f.category == "time"]


def test_an_hour_after_the_polish_word_for_hour_is_a_clock_time() -> None:
    # "o godz. 6" (at 6 o'clock): without the word before it the bare hour read as a count, which
    # the number detector then compared with the other version's figures.
    (clock,) = [e for e in extract_times("Ubój rozpoczął się w czwartek o godz. 6.", "pl") if e.kind == "clock"]
    assert (clock.text, clock.minutes) == ("godz. 6", 360)
    pair, story = make_pair("Culling of the 98,000 hens began at 6 a.m. on Thursday.",
                            "Ubój 98 tys. kur rozpoczął się w czwartek o godz. 6.", "en", "pl")
    assert not [f for f in NumberDetector().detect(pair, story) if f.category == "number"]
    assert not [f for f in TimeDetector().detect(pair, story) if f.category == "time"]


def test_a_four_digit_count_after_an_approximation_or_a_floor_is_no_year() -> None:
    # "fast 1500 Menschen" (nearly 1,500 people) is a count written without a thousands separator;
    # "im Jahr 1500" is a year.
    years = [e.text for e in extract_times("Seit Januar kamen fast 1500 Menschen ums Leben.", "de") if e.kind == "year"]
    assert years == []
    assert [e.text for e in extract_times("Im Jahr 1500 kamen mehr als 2000 Menschen.", "de") if e.kind == "year"] == [
        "1500"]
    pair, story = make_pair("Nearly 1,500 people have died since January 2024.",
                            "Seit Januar 2024 kamen fast 1500 Menschen ums Leben.", "en", "de")
    assert not [f for f in TimeDetector().detect(pair, story) if f.category == "time"]


def test_two_times_of_a_sentence_are_both_read() -> None:
    assert [e.text for e in extract_times("The road was closed between 7:15 and 9:30.", "en")] == ["7:15", "9:30"]
