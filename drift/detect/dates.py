"""Time detector: dates, weekdays, years, relative days, clock times and durations.

Month, weekday, unit and relative-day words of ~200 languages come from dateparser's locale
data (offline, loaded once per language); ``configs/lexicons/<lang>.toml`` ``[time]`` adds
what dateparser lacks ("this morning", clock suffixes) and removes words that are ordinary
words too ("may", "morgen"). Candidates are found with regular expressions built from those
words, so no per-sentence dateparser search runs (it is slow and merges neighbouring
expressions).

A relative expression ("yesterday") and an absolute one ("on Monday") can only be compared
when the story gives the publication date of the versions (``story.settings["published"]``:
a date or ``{doc_id: date}``, ISO strings or ``datetime.date``); without it they are reported
as an unchecked ``variant``.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from drift.config import ModelSpec, load_lexicon
from drift.detect.base import DETECTORS, AlignedPair, Story, once_per_story
from drift.documents import Document
from drift.findings import Finding
from drift.quantities import (
    Quantity,
    number_lexicon,
    page_notes,
    parse_quantities,
    same_as,
    spaced_figures,
    word_before,
)
from drift.words import MARKS, UNSPACED, overlaps

_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# A month is a twelfth of a year, so that "12 months" is "1 Jahr" ("30 days" is within
# ``_DURATION_TOLERANCE`` of "a month", "52 weeks" of "a year").
_UNITS = {"year": 365.25 * 86400.0, "month": 365.25 / 12 * 86400.0, "week": 7 * 86400.0, "day": 86400.0,
          "hour": 3600.0, "minute": 60.0}
# Relative difference within which two durations written in different units are one.
_DURATION_TOLERANCE = 0.02
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTH_NAMES = tuple(m.capitalize() for m in _MONTHS)
# The end of a word: no letter, digit or combining mark follows (Hindi "वर्ष" is "year", but
# "वर्षीय", "-year-old", goes on with a vowel sign that \\w does not match).
_END = rf"(?![\w{MARKS}])"
# Digits may touch a character of a script written without spaces ("于1985年"), not another word.
_NOT_GLUED = rf"(?<![^\W{UNSPACED}])"
# Characters after a figure in Chinese or Japanese that make it a count: a scale word ("2000万",
# twenty million), "more than" ("2000多") or a classifier ("2000人", two thousand people).
_CJK_COUNT = "万萬亿億千百多余个名人"
_CJK_DATE = re.compile(rf"{_NOT_GLUED}(?<![\d.,])(?:(?P<year>1[5-9]\d\d|20\d\d)\s?年\s?)?"
                       # The day's character may be left out before "和" ("7月17和7月22日"), and the
                       # day itself ("2009年9月" = September 2009).
                       r"(?P<mon>\d{1,2})\s?月(?:\s?(?P<day>\d{1,2})(?:\s?[日号]|(?![\d.," + _CJK_COUNT + r"])))?")
# The day of the month alone, as Chinese and Japanese news write it ("当局12日（周二）宣布" = on
# the 12th): the character of the day after the figure. Not the yen ("12日元"), nor a number of
# days ("5日内", "3日后", "10日間").
_CJK_DAY = re.compile(rf"{_NOT_GLUED}(?<![\d.,])(?P<day>\d{{1,2}})\s?日(?![元内內间間后後前来來])")

# Clock times written with the character of the hour ("上午9点半" = 9:30 a.m., "13点10分"), a
# part of the day before them saying a.m. or p.m.
_CJK_CLOCK = re.compile(rf"{_NOT_GLUED}(?<![\d.,])(?P<part>上午|早上|凌晨|下午|晚上|傍晚)?(?<!第)(?P<h>[0-2]?\d)\s?"
                        r"(?:[点點](?:\s?(?P<m>[0-5]?\d)\s?分|(?P<half>半))?|[时時]\s?(?P<m2>[0-5]?\d)\s?分)")
_CJK_AFTERNOON = ("下午", "晚上", "傍晚")


@dataclass(frozen=True)
class TimeExpression:
    """A time expression; ``start``/``end`` are offsets into the text given to the extractor."""

    start: int
    end: int
    text: str
    kind: str  # date | weekday | month | year | relative | clock | duration
    weekday: int | None = None  # 0 = Monday
    month: int | None = None
    day: int | None = None
    year: int | None = None
    offset: int | None = None  # relative: how many ``unit`` from the publication date
    unit: str | None = None  # relative and duration unit: day, week, month, year, hour, ...
    minutes: int | None = None  # clock: minutes after midnight
    meridiem: bool = False  # clock: written with a.m./p.m. (so 24-hour ambiguity is gone)
    seconds: tuple[float, float] | None = None  # duration: [low, high]
    # clock: the moment of the clock time before it given in another time zone ("(0515 GMT)"):
    # still a time (its digits are no count), but compared with nothing.
    converted: bool = False

    @property
    def group(self) -> str:
        """Which expressions are comparable with each other."""
        if self.kind in ("date", "weekday") or (self.kind == "relative" and self.unit == "day"):
            return "day"
        if self.kind == "relative" and self.seconds is not None:
            # "15,000 years ago" is an amount of time like "vor ungefähr 10.000 Jahren" (read as
            # a duration: a word stands between "vor" and the figure): comparable by amount.
            return "duration"
        if self.kind == "relative":
            return "period"
        return self.kind

    @property
    def amount(self) -> bool:
        """A counted amount of time ("three weeks", "15,000 years ago"): a changed figure in it
        is a changed number, not another date."""
        return self.seconds is not None

    def describe(self) -> str:
        if self.kind == "relative":
            return f'"{self.text}"'
        parts = []
        if self.weekday is not None:
            parts.append(_WEEKDAY_NAMES[self.weekday])
        if self.month is not None:
            parts.append(f"{_MONTH_NAMES[self.month - 1]} {self.day or ''}".strip())
        elif self.day is not None:
            parts.append(f"day {self.day} of the month")
        if self.year is not None:
            parts.append(str(self.year))
        return f'"{self.text}"' + (f" ({', '.join(parts)})" if parts and self.kind != "year" else "")


@dataclass(frozen=True)
class TimeLexicon:
    language: str
    months: dict[str, int]
    weekdays: dict[str, int]
    units: dict[str, str]
    relative: dict[str, tuple[int, str]]
    ago: tuple[str, ...]
    ambiguous: frozenset[str]
    clock: dict[str, int]
    # Words written before an hour that make it a clock time ("o godz. 6", the Polish "hour"):
    # without them a bare hour reads as a count.
    clock_prefixes: tuple[str, ...] = ()
    # Words of a time zone named after a clock time ("за київським часом", "по московскому
    # времени", "Kyiv time"): the word for "time" such a phrase holds, and the words that make it
    # the local time, which every version gives alike (lowercase; ``_mark_conversions``).
    zone_words: tuple[str, ...] = ()
    local_words: tuple[str, ...] = ()


# Written as they are in any language ("5:30pm" in a Bulgarian text); not the bare "am", which
# is a word of its own in some ("um 5 am Samstag").
_LATIN_MERIDIEM = {"a.m.": 0, "p.m.": 12, "pm": 12}


def _dateparser_info(language: str) -> dict[str, Any]:
    try:
        from dateparser.languages.loader import default_loader
        return dict(default_loader.get_locale(language).info)
    except Exception:  # an unknown or "und" language: dateparser has nothing for it
        return {}


def _full_forms(forms: list[str]) -> list[str]:
    """Drop abbreviations: dateparser lists "tue", "tu", "Tues" beside "tuesday"."""
    low = [f.lower() for f in forms if len(f) >= 3 and "." not in f]
    return [f for f in low if not any(o != f and o.startswith(f) for o in low)]


@functools.cache
def time_lexicon(language: str) -> TimeLexicon:
    lang = (language or "und").lower().split("-")[0]
    info = _dateparser_info(lang) if lang != "und" else _dateparser_info("en")
    cfg = load_lexicon(lang if lang != "und" else "en").get("time", {})
    # A language with no tables of its own reads those of the one it shares them with ("no":
    # Bokmål's, which dateparser knows and "no" not).
    shared = same_as(lang)
    if shared:
        info = info or _dateparser_info(shared)
        cfg = cfg or load_lexicon(shared).get("time", {})
    exclude = {w.lower() for w in cfg.get("exclude", [])}
    months = {f: i + 1 for i, m in enumerate(_MONTHS) for f in _full_forms(info.get(m, []))}
    months.update({k.lower(): int(v) for k, v in cfg.get("months", {}).items()})
    weekdays = {f: i for i, d in enumerate(_WEEKDAYS) for f in _full_forms(info.get(d, []))}
    weekdays.update({k.lower(): int(v) for k, v in cfg.get("weekdays", {}).items()})
    units = {f.lower(): u for u in _UNITS for f in info.get(u, []) if len(f) >= 3}
    units.update({k.lower(): str(v) for k, v in cfg.get("units", {}).items()})
    relative: dict[str, tuple[int, str]] = {}
    for key, forms in info.get("relative-type", {}).items():
        m = re.fullmatch(r"(in )?(\d+) (\w+?)s?( ago)?", key)
        if not m or m.group(3) not in _UNITS:
            continue  # "last monday": the weekday itself is extracted on its own
        n = int(m.group(2)) * (-1 if m.group(4) else 1)
        longest = max(forms, key=len) if forms else ""
        for f in forms:
            # Short tokens mark abbreviations ("мин м"); the longest form is the written one.
            if f == longest or (len(f) >= 3 and not re.search(r"\b\w{1,2}\b", f.lower().replace("l'", ""))):
                relative[f.lower()] = (n, m.group(3))
    for k, v in cfg.get("relative", {}).items():
        count, unit = str(v).split()
        relative[k.lower()] = (int(count), unit)
    for table in (months, weekdays, units, relative):
        for w in exclude:
            table.pop(w, None)
    return TimeLexicon(
        language=lang, months=months, weekdays=weekdays, units=units, relative=relative,
        ago=tuple(a.lower() for a in info.get("ago", []) if len(a) >= 3),
        ambiguous=frozenset(w.lower() for w in cfg.get("ambiguous", [])),
        clock={**_LATIN_MERIDIEM, **{k: int(v) for k, v in cfg.get("clock", {}).items()}},
        clock_prefixes=tuple(cfg.get("clock_prefixes", [])),
        zone_words=tuple(w.lower() for w in cfg.get("zone_words", [])),
        local_words=tuple(w.lower() for w in cfg.get("local_words", [])),
    )


@functools.cache
def _count_qualifiers(language: str) -> tuple[str, ...]:
    """The words that qualify a count in ``language`` ("fast", "nearly", "more than": the number
    lexicon's ``approximately`` and ``at_least``), lowercase: a four-digit figure after one of them
    is a count ("fast 1500 Menschen"), not a year."""
    lex = number_lexicon(language)
    return tuple(w.lower() for w in (*lex.approximately, *lex.at_least))


def _alt(words: Any) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _taken(a: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(overlaps(a, t) for t in taken)


@dataclass(frozen=True)
class _TimePatterns:
    """The regular expressions of one language's time words, compiled once per language (an
    alternation of a few hundred month, weekday and unit forms takes longer to build than to
    run over a sentence)."""

    dates: tuple[re.Pattern[str], ...]  # day and month (and year), month and day, month and year
    month: re.Pattern[str] | None
    relative: re.Pattern[str] | None
    weekday: re.Pattern[str] | None
    clock: re.Pattern[str]
    unit: re.Pattern[str] | None  # a unit of time after a figure
    ago_after: re.Pattern[str] | None  # "ago" after the unit ("two days ago")
    ago_before: re.Pattern[str] | None  # "ago" before the figure ("il y a deux jours")


# Any figure: a text without one holds no date, clock time or year (``extract_times``).
_DIGIT = re.compile(r"\d")
_YEAR = re.compile(rf"(?<![.,]){_NOT_GLUED}(1[5-9]\d\d|20\d\d)(?![\w.,]\d|\d|\s?[{_CJK_COUNT}])")


@functools.cache
def _time_patterns(language: str) -> _TimePatterns:
    lex = time_lexicon(language)
    flags = re.IGNORECASE
    wd_re = f"(?P<wd>{_alt(lex.weekdays)})" if lex.weekdays else "(?P<wd>(?!))"
    dates: tuple[re.Pattern[str], ...] = ()
    month = None
    if lex.months:
        mon = _alt(lex.months)
        day_re = r"(?P<day>[0-3]?\d)(?:er|st|nd|rd|th|\.|-?(?:ви|ри|ти|ми|ти)|º)?"
        year_re = r"(?:,?\s+(?:de\s+|del\s+)?(?P<year>1[5-9]\d\d|20\d\d)(?:\s?г\.?|\s?года)?)?"
        lead = rf"(?:{wd_re}[\s,]+(?:(?:le|the|el|den|il)\s+)?)?"
        dates = tuple(re.compile(pat, flags) for pat in (
            rf"(?<!\w){lead}{day_re}\s+(?:de\s+|of\s+)?(?P<mon>{mon}){_END}{year_re}",
            rf"(?<!\w){lead}(?P<mon>{mon})\s+{day_re}(?!\d){year_re}",
            rf"(?<!\w)(?P<mon>{mon}){_END}\s+(?:de\s+|del\s+)?(?P<year>1[5-9]\d\d|20\d\d)(?!\d)",
        ))
        month = re.compile(rf"(?<!\w)(?P<mon>{mon}){_END}", flags)
    clock_suffix = _alt(lex.clock) if lex.clock else "(?!)"
    # Where the decimal mark is a comma, "14.00" and "17.30" (a full stop, two digits) are times:
    # a decimal would be "14,00", a thousands group three digits.
    separators = "[:h.]" if number_lexicon(language).decimal == "," else "[:h]"
    # "3 h 42" and "10 Uhr 30" (hour, suffix, minutes) and "0142 GMT" (four digits and a zone)
    # before the shorter forms, which would read them as "3 h" and a stray "42".
    # Not right after a figure: there the word is that figure's unit ("2 saat 10 dakika" = two hours
    # and ten minutes).
    prefix = (rf"(?<!\w)(?<!\d\s)(?P<pre>{_alt(lex.clock_prefixes)})\s?(?P<h5>[0-2]?\d)(?:[:.](?P<m5>[0-5]\d))?"
              r"(?!\d|[.,]\d)|" if lex.clock_prefixes else "")
    clock_re = (prefix + rf"(?<![\w.,:])(?P<h3>[0-2]?\d)\s?(?P<suf3>{clock_suffix})\s?(?P<m3>[0-5]\d)(?![\d.,:]?\d)"
                rf"|(?<![\w.,:])(?P<h4>[0-2]\d)(?P<m4>[0-5]\d)\s?(?P<suf4>{clock_suffix}){_END}"
                rf"|(?<![\w.,:])(?P<h>[0-2]?\d)(?:[:.h](?P<m>[0-5]\d))?\s?(?P<suf>{clock_suffix}){_END}"
                r"|(?<![\w.,:])(?P<h2>[0-2]?\d)" + separators + r"(?P<m2>[0-5]\d)(?![\d])")
    return _TimePatterns(
        dates=dates, month=month,
        relative=re.compile(rf"(?<!\w)(?:{_alt(lex.relative)}){_END}", flags) if lex.relative else None,
        weekday=re.compile(rf"(?<!\w){wd_re}{_END}", flags) if lex.weekdays else None,
        clock=re.compile(clock_re, flags),
        # A unit in an unspaced script ("2ヶ月間") runs on into the next word without a break.
        # A hyphen joins them in a compound ("a 44-year-old").
        unit=(re.compile(rf"[\s\u00a0]*-?(?:{_alt(lex.units)})(?:{_END}|(?<=[{UNSPACED}]))", flags)
              if lex.units else None),
        ago_after=re.compile(rf"\s+(?:{_alt(lex.ago)}){_END}", flags) if lex.ago else None,
        ago_before=re.compile(rf"(?<!\w)(?:{_alt(lex.ago)})\s+$", flags) if lex.ago else None,
    )


def extract_times(text: str, language: str = "und",
                  quantities: Sequence[Quantity] | None = None) -> list[TimeExpression]:
    """Every time expression of ``text`` (offsets into ``text``), sorted by position;
    ``quantities`` are ``parse_quantities(text, language)`` when the caller has read them."""
    lex = time_lexicon(language)
    patterns = _time_patterns(language)
    out: list[TimeExpression] = []
    taken: list[tuple[int, int]] = []

    def add(e: TimeExpression) -> None:
        out.append(e)
        taken.append((e.start, e.end))

    # Every alternative of the CJK date and clock, date, clock and year patterns needs a digit
    # (``\d``, as they write it): most sentences have none, and each of these patterns tries its
    # month or weekday alternation at every position of the text before it fails.
    figures = _DIGIT.search(text) is not None
    # Dates written with the characters of year, month and day ("2020年6月20日", "7月17日"):
    # Chinese and Japanese in any locale (the characters say what the digits are).
    for m in _CJK_DATE.finditer(text) if figures else ():
        cjk_month = int(m.group("mon"))
        cjk_day = int(m.group("day")) if m.group("day") else None
        if 1 <= cjk_month <= 12 and (cjk_day is None or 1 <= cjk_day <= 31):
            year = int(m.group("year")) if m.group("year") else None
            add(TimeExpression(m.start(), m.end(), m.group(0),
                               "month" if cjk_day is None and year is None else "date",
                               month=cjk_month, day=cjk_day, year=year))
    for m in _CJK_DAY.finditer(text) if figures else ():
        if 1 <= int(m.group("day")) <= 31 and not _taken(m.span(), taken):
            add(TimeExpression(m.start(), m.end(), m.group(0), "date", day=int(m.group("day"))))
    for m in _CJK_CLOCK.finditer(text) if figures else ():
        h = int(m.group("h"))
        mins = 30 if m.group("half") else int(m.group("m") or m.group("m2") or 0)
        part = m.group("part")
        if h > 24 or (part and h > 12) or _taken(m.span(), taken):
            continue
        hour = (h % 12 + (12 if part in _CJK_AFTERNOON else 0)) if part else h
        add(TimeExpression(m.start(), m.end(), m.group(0), "clock", minutes=hour * 60 + mins, meridiem=bool(part)))
    for pattern in patterns.dates if figures else ():
        for m in pattern.finditer(text):
            if _taken(m.span(), taken):
                continue
            g = m.groupdict()
            d = int(g["day"]) if g.get("day") else None
            if d is not None and not 1 <= d <= 31:
                continue
            add(TimeExpression(
                m.start(), m.end(), m.group(0), "date",
                weekday=lex.weekdays.get(g["wd"].lower()) if g.get("wd") else None,
                month=lex.months[g["mon"].lower()], day=d,
                year=int(g["year"]) if g.get("year") else None))
    if patterns.month is not None:
        for m in patterns.month.finditer(text):
            # A bare month name that is also a common word ("may", "march") is not a date.
            if _taken(m.span(), taken) or m.group(0).lower() in lex.ambiguous:
                continue
            add(TimeExpression(m.start(), m.end(), m.group(0), "month",
                               month=lex.months[m.group(0).lower()]))
    if patterns.relative is not None:
        for m in patterns.relative.finditer(text):
            if not _taken(m.span(), taken):
                n, unit = lex.relative[m.group(0).lower()]
                add(TimeExpression(m.start(), m.end(), m.group(0), "relative", offset=n, unit=unit))
    if patterns.weekday is not None:
        for m in patterns.weekday.finditer(text):
            if not _taken(m.span(), taken):
                add(TimeExpression(m.start(), m.end(), m.group(0), "weekday",
                                   weekday=lex.weekdays[m.group(0).lower()]))
    for m in patterns.clock.finditer(text) if figures else ():
        if _taken(m.span(), taken):
            continue
        prefixed = m.groupdict()  # "h5"/"m5" exist only where the language has clock prefixes
        h = int(m.group("h") or m.group("h2") or m.group("h3") or m.group("h4") or prefixed.get("h5") or 0)
        mins = int(m.group("m") or m.group("m2") or m.group("m3") or m.group("m4") or prefixed.get("m5") or 0)
        suf = m.group("suf") or m.group("suf4") or m.group("suf3")
        shift = lex.clock.get(suf, lex.clock.get(suf.lower(), 0)) if suf else None
        meridiem = bool(suf) and suf.lower().rstrip(".") in ("a.m", "p.m", "am", "pm")
        if h > 24 or (meridiem and h > 12):
            continue
        hour = (h % 12 + (shift or 0)) if meridiem else h
        add(TimeExpression(m.start(), m.end(), m.group(0), "clock", minutes=hour * 60 + mins,
                           meridiem=meridiem))
    qualifiers = _count_qualifiers(language)
    for m in _YEAR.finditer(text) if figures else ():
        if not _taken(m.span(), taken) and word_before(text, m.start(), qualifiers) is None:
            add(TimeExpression(m.start(), m.end(), m.group(0), "year", year=int(m.group(0))))
    if patterns.unit is not None:
        for q in parse_quantities(text, language) if quantities is None else quantities:
            if q.kind not in ("cardinal", "vague") or q.year_like:
                continue
            named = patterns.unit.match(text, q.end)
            if not named or _taken((q.start, named.end()), taken):
                continue
            unit = lex.units[named.group(0).strip().lstrip("-").lower()]
            ago = patterns.ago_after.match(text[named.end():]) if patterns.ago_after else None
            # "ago" follows in some languages ("two days ago") and precedes in others ("il y a").
            before = patterns.ago_before.search(text[:q.start]) if patterns.ago_before else None
            if (ago or before) and q.exact:
                s_ = before.start() if before else q.start
                e_ = named.end() + (ago.end() if ago else 0)
                if not _taken((s_, e_), taken):
                    add(TimeExpression(s_, e_, text[s_:e_], "relative", offset=-int(q.low), unit=unit,
                                       seconds=(q.low * _UNITS[unit], q.high * _UNITS[unit])))
                    continue
            add(TimeExpression(q.start, named.end(), text[q.start:named.end()], "duration", unit=unit,
                               seconds=(q.low * _UNITS[unit], q.high * _UNITS[unit])))
    out.sort(key=lambda e: e.start)
    return _mark_conversions(text, out, lex)


# Characters between a clock time and the bracket that gives it in another time zone ("7:15 a.m.
# (0515 GMT)", "7:15 ч. местно време (8:15 ч. българско време)", "05:30 по местному времени
# (07:30 мск)").
_CONVERSION_REACH = 40


# Time zones written alike in any language ("06H00 GMT", "07:30 мск").
_ZONE_ABBREVIATIONS = frozenset({"gmt", "utc", "мск", "msk", "cet", "cest", "eet", "eest", "bst", "wet", "west"})
# Words after a clock time (its own suffix words included) a zone name may stand among.
_ZONE_REACH = 3


def _mark_conversions(text: str, found: list[TimeExpression], lex: TimeLexicon | None = None) -> list[TimeExpression]:
    """``found`` with the clock times given in another time zone marked ``converted``: those that
    open a bracket right after another clock time, and those followed by a zone's name ("7:00 за
    київським часом", "05H00 GMT"; not "local time"). Each outlet gives the moment in its own
    readers' time (GMT, Moscow, Kyiv, Sofia), which would otherwise be compared with the other
    versions' local time."""
    clocks = [e for e in found if e.kind == "clock"]
    converted = {id(e) for e in clocks if _zoned(text, e, lex)}
    for before, after in zip(clocks, clocks[1:], strict=False):
        between = text[before.end:after.start]
        if (len(between) <= _CONVERSION_REACH and between.rstrip().endswith(("(", "["))
                and not any(c in between for c in ").;!?")):
            converted.add(id(after))
    return [replace(e, converted=True) if id(e) in converted else e for e in found]


def _zoned(text: str, clock: TimeExpression, lex: TimeLexicon | None) -> bool:
    """Whether a zone's name follows the clock time (within ``_ZONE_REACH`` words, no punctuation
    but full stops between): a zone abbreviation, or a word of ``lex.zone_words`` with no word of
    ``lex.local_words`` before it; or stands right before its figures, as Turkish writes it
    ("TSİ 10.00")."""
    # From the figures on: the word before them ("klockan 7.40 svensk tid") is none of the words after.
    digits = re.search(r"\d[\d:.h]*", clock.text)
    before = (text[max(0, clock.start - 30):clock.start] + clock.text[:digits.start() if digits else 0]).split()
    if before:
        word = before[-1].strip(".,;:()").lower()
        if word in _ZONE_ABBREVIATIONS or (lex is not None and word in lex.zone_words):
            return True
    tail = clock.text[digits.end() if digits else 0:] + text[clock.end:clock.end + 60]
    tail = re.split(r"[,;:!?()\[\]«»\"“”„]", tail, maxsplit=1)[0]
    words = [w.strip(".").lower() for w in tail.split()][:_ZONE_REACH]
    for k, word in enumerate(words):
        if word in _ZONE_ABBREVIATIONS:
            return True
        if lex is not None and word in lex.zone_words:
            return not any(w in lex.local_words for w in words[:k])
    return False


def compared_times(found: Sequence[TimeExpression]) -> list[TimeExpression]:
    """The time expressions a comparison reads: all but the conversions (``converted``)."""
    return [e for e in found if not e.converted]


def _outside_notes(story: Story, found: list[Any], text: str) -> list[Any]:
    """``found`` (quantities or times) without those inside a page's notes (``page_notes``) or
    figures of tokenised text that no parser reads whole (``spaced_figures``); the spans read
    once per story, for the quantities and the times alike."""
    notes = once_per_story(story, ("notes", text), lambda: page_notes(text) + spaced_figures(text))
    return [x for x in found if not any(s <= x.start and x.end <= e for s, e in notes)] if notes else found


def story_quantities(story: Story, text: str, language: str) -> list[Quantity]:
    """``parse_quantities(text, language)``, read once per story (drift.detect.base.once_per_story):
    the time and the number detectors both read a text's quantities. Figures of a page's notes (a
    download link's file size and date, a modification stamp) and spaced figures are left out."""
    return once_per_story(story, ("quantities", text, language),
                          lambda: _outside_notes(story, parse_quantities(text, language), text))


def story_times(story: Story, text: str, language: str) -> list[TimeExpression]:
    """``extract_times(text, language)``, read once per story: the time and the number detectors
    both read a text's times, and a sentence is met by every pair of versions it takes part in."""
    return once_per_story(story, ("times", text, language), lambda: _outside_notes(story, extract_times(
        text, language, quantities=story_quantities(story, text, language)), text))


def _in_document(e: TimeExpression, doc: Document, story: Story) -> bool:
    """Whether a time equal to ``e`` occurs anywhere in a whole document."""
    return any(o.group == e.group and compare_times(o, e)
               for o in compared_times(story_times(story, doc.text, doc.language)))


def _publication(story: Story, doc_id: str) -> dt.date | None:
    pub = story.settings.get("published")
    if isinstance(pub, dict):
        pub = pub.get(doc_id)
    if isinstance(pub, dt.datetime):
        return pub.date()
    if isinstance(pub, dt.date):
        return pub
    if isinstance(pub, str):
        try:
            return dt.date.fromisoformat(pub[:10])
        except ValueError:
            return None
    return None


def _resolve(e: TimeExpression, pub: dt.date | None) -> TimeExpression:
    """A relative day made absolute with the publication date (unchanged without one)."""
    if e.kind != "relative" or e.unit != "day" or pub is None or e.offset is None:
        return e
    d = pub + dt.timedelta(days=e.offset)
    return TimeExpression(e.start, e.end, e.text, "date", weekday=d.weekday(), month=d.month,
                          day=d.day, year=d.year)


def compare_times(a: TimeExpression, b: TimeExpression) -> bool | None:
    """True = same time, False = different, None = cannot be told apart from the text."""
    if a.kind == "duration" or b.kind == "duration" or (a.amount and b.amount and a.unit != b.unit):
        if a.seconds is None or b.seconds is None:
            return None
        slack = 1.0 + _DURATION_TOLERANCE
        return a.seconds[0] <= b.seconds[1] * slack and b.seconds[0] <= a.seconds[1] * slack
    if a.kind == "relative" and b.kind == "relative":
        return (a.offset, a.unit) == (b.offset, b.unit)
    if a.kind == "relative" or b.kind == "relative":
        return None
    checks = []
    if a.weekday is not None and b.weekday is not None:
        checks.append(a.weekday == b.weekday)
    if a.month is not None and b.month is not None:
        checks.append(a.month == b.month)
        if a.day is not None and b.day is not None:
            checks.append(a.day == b.day)
    elif a.day is not None and b.day is not None and a.kind == b.kind == "date":
        # A day of the month written without its month ("12日") against a date: the days.
        checks.append(a.day == b.day)
    if a.year is not None and b.year is not None:
        checks.append(a.year == b.year)
    if a.minutes is not None and b.minutes is not None:
        # A time without a.m./p.m. may be either ("5:30" / "5.30pm"), unless it is past 12:59
        # and so on a 24-hour clock ("17:30" / "5.30am"). Two unmarked ones twelve hours apart
        # are one time on a 24-hour and a 12-hour clock ("17:30" / "las 5.30 de la tarde").
        unmarked = [m for e in (a, b) if not e.meridiem and (m := e.minutes) is not None]
        if not unmarked or (len(unmarked) == 1 and unmarked[0] >= 13 * 60):
            checks.append(a.minutes == b.minutes)
        else:
            checks.append(a.minutes % (12 * 60) == b.minutes % (12 * 60))
    if not checks:
        # "Tuesday" vs "December 3" without a year: the weekday of the date is unknown.
        if a.weekday is not None and b.month is not None and b.day is not None and b.year:
            return dt.date(b.year, b.month, b.day).weekday() == a.weekday
        if b.weekday is not None and a.month is not None and a.day is not None and a.year:
            return dt.date(a.year, a.month, a.day).weekday() == b.weekday
        return None
    return all(checks)


def _dated(year: TimeExpression, others: Sequence[TimeExpression]) -> bool:
    """Whether a bare year is the year of one of ``others``' dates."""
    return any(o.group == "day" and o.year is not None and o.year == year.year for o in others)


@dataclass(frozen=True)
class TimeSettings:
    """Provisional severities (drift.score's calibration replaces them where it has a model)."""

    # A changed time: base + weight x pairing confidence.
    change_base: float = 0.3
    change_weight: float = 0.6
    # Possibly the same day, unresolvable without the publication dates: base + weight x confidence.
    unresolved_base: float = 0.15
    unresolved_weight: float = 0.15
    # The same duration written differently.
    variant_severity: float = 0.1


@DETECTORS.register("time", settings=TimeSettings)
class TimeDetector:
    """Reports dates, days, times and durations that differ across an aligned pair."""

    name = "time"

    def __init__(self, settings: TimeSettings | None = None, spec: ModelSpec | None = None) -> None:
        self.settings = settings or TimeSettings()

    def detect(self, pair: AlignedPair, story: Story) -> list[Finding]:
        s0, t0 = pair.source_span[0], pair.target_span[0]
        src = compared_times(story_times(story, pair.source_text, pair.source_doc.language))
        tgt = compared_times(story_times(story, pair.target_text, pair.target_doc.language))
        if not src or not tgt:
            return []
        s_pub = _publication(story, pair.source_doc.id)
        t_pub = _publication(story, pair.target_doc.id)
        s_len, t_len = max(1, len(pair.source_text)), max(1, len(pair.target_text))
        cfg = self.settings
        findings: list[Finding] = []
        for group in sorted({e.group for e in src} & {e.group for e in tgt}):
            a_list = [_resolve(e, s_pub) for e in src if e.group == group]
            b_list = [_resolve(e, t_pub) for e in tgt if e.group == group]
            if group == "year":
                # A bare year the other side gives as part of a date is that same year ("Born in
                # 1966" / "geboren am 20. April 1966"): not left over to pair with another year
                # of the sentence ("... 1991 mit dem Lizenziat abgeschlossen").
                a_list = [a for a in a_list if not _dated(a, tgt)]
                b_list = [b for b in b_list if not _dated(b, src)]
            # Same value first (wherever it sits), then the rest by relative position.
            candidates = sorted(
                ((0 if compare_times(a, b) else 1, abs(a.start / s_len - b.start / t_len), i, j)
                 for i, a in enumerate(a_list) for j, b in enumerate(b_list)))
            used_a: set[int] = set()
            used_b: set[int] = set()
            for rank, dist, i, j in candidates:
                if i in used_a or j in used_b:
                    continue
                if rank == 1 and dist > 0.5 and not (len(a_list) == 1 and len(b_list) == 1):
                    continue  # far apart and unequal, among others: more likely two facts than one changed
                used_a.add(i)
                used_b.add(j)
                a, b = a_list[i], b_list[j]
                verdict = compare_times(a, b)
                if verdict is True and not (a.kind == "duration" and a.text.lower() != b.text.lower()
                                            and a.unit != b.unit):
                    continue
                # Pairs far apart in their sentences are less surely the same fact.
                ambiguity = max(len(a_list), len(b_list)) - 1
                confidence = max(0.3, 1.0 - 0.6 * dist - 0.1 * ambiguity)
                # Each value also present elsewhere in the other version: the fact probably
                # moved to another sentence (or the link is loose), not changed.
                tdoc, sdoc = pair.target_doc, pair.source_doc
                elsewhere = (verdict is False and _in_document(a, tdoc, story)
                             and _in_document(b, sdoc, story))
                if elsewhere:
                    confidence *= 0.35
                side_a = pair.source_side(s0 + a.start, s0 + a.end)
                side_b = pair.target_side(t0 + b.start, t0 + b.end)
                evidence = {"confidence": confidence, "position_gap": dist,
                            "candidates": float(len(a_list) + len(b_list)),
                            "resolved": float(s_pub is not None and t_pub is not None),
                            "uncertain": float(verdict is None), "found_elsewhere": float(elsewhere)}
                if verdict is False:
                    # A changed amount of time ("10 years" / "15 years") is a figure; a changed
                    # date or day is a time.
                    amount = bool(a.amount and b.amount)
                    findings.append(Finding(
                        "number" if amount else "time", side_a, side_b,
                        f"The {'amount of time' if amount else 'time'} changes: {b.describe()} here is "
                        f"{a.describe()} in the reference.",
                        severity=round(cfg.change_base + cfg.change_weight * confidence, 3), evidence=evidence,
                        detector=self.name))
                elif verdict is None:
                    findings.append(Finding(
                        "variant", side_a, side_b,
                        f"{b.describe()} here is {a.describe()} in the reference; they may be the same "
                        f"day but cannot be checked without the publication date.",
                        severity=round(cfg.unresolved_base + cfg.unresolved_weight * confidence, 3),
                        evidence=evidence,
                        detector=self.name))
                else:
                    findings.append(Finding(
                        "variant", side_a, side_b,
                        f"The same duration is written differently: {b.describe()} here, "
                        f"{a.describe()} in the reference.",
                        severity=cfg.variant_severity, evidence=evidence, detector=self.name))
        return findings
