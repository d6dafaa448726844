"""Locale-aware quantities in running text, with character offsets.

Shared by the number and time detectors. Everything language-specific (number words,
decimal separator, ordinal suffixes, vague quantities such as "dozens" = [24, 99]) comes
from ``configs/numbers.toml``; a language missing there still gets digits and "%".

Values are floats; a vague quantity is a range ``[low, high]`` and an exact one has
``low == high``. Digit strings whose reading depends on the locale ("1,200" is 1200 in
English but 1.2 in French) carry the other reading in ``alternatives`` so that a caller can
treat either as a match instead of reporting a false drift.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from drift.config import CONFIG_DIR, read_toml
from drift.words import MARKS, UNSPACED, WORD, lower

# Characters that group thousands: space, no-break space, narrow no-break space, thin space,
# apostrophe (Swiss), and the two punctuation marks whose role depends on the locale.
_SPACES = " \u00a0\u202f\u2009"
# Apostrophes that group thousands (Swiss "27'500", "27’500", also typed "27‘500").
_GROUP_MARKS = "'’‘"
# Digits glued to a word are part of it ("A320"), except to a character of a script written
# without spaces ("超过100人", "1985年"): there every number touches the words around it.
# A group separator may stand apart in tokenised text ("2 , 500", "2 ' 500": a comma or apostrophe
# with a space on each side, which untokenised text never writes between figures); a stop apart
# is left alone, tokenised text ends its sentences so ("in 12 . 500 people").
_DIGITS = re.compile(
    rf"(?<![.,])(?<![^\W{UNSPACED}])"
    r"(\d{1,3}(?:(?:[" + _SPACES + _GROUP_MARKS + r"]|[.,]| [," + _GROUP_MARKS + r"] )\d{3})+(?:[.,]\d+)?(?!\d)"
    r"|\d+(?:[.,]\d+)?)"
    r"(?![\d])"
)
_APOSTROPHE = re.compile(r"['’]")
# A phrase ending in an unspaced-script character ("万", "亿") ends a word wherever it stops.
_UNSPACED_END = re.compile(rf"[{UNSPACED}]$")
# A full stop after digits with a word after it, in languages that write ordinals so ("28. Minute").
_DOT_ORDINAL = re.compile(r"\.[ \u00a0]+[^\W\d_]")
# A currency sign before an amount, and the scale letters glued after it ("£125m").
_CURRENCY_BEFORE = re.compile(r"[$£€¥₹][ \u00a0]?\Z")
_CURRENCY_SCALE = re.compile(r"([^\W\d_]{1,3})(?![^\W\d_])")
_WORD_FOLLOWS = re.compile(r"[ \u00a0]+[^\W\d_]")


@dataclass(frozen=True)
class Quantity:
    """One quantity found in a text; ``start``/``end`` are offsets into the text given."""

    start: int
    end: int
    text: str
    low: float
    high: float
    kind: str = "cardinal"  # cardinal | ordinal | percent | vague
    form: str = "digits"  # digits | words | mixed (digits + scale word) | vague
    alternatives: tuple[float, ...] = ()
    unit: str | None = None  # the word after the quantity, lower-cased (a cheap head noun)
    year_like: bool = False

    @property
    def exact(self) -> bool:
        return self.low == self.high

    @property
    def value(self) -> float:
        return self.low if self.exact else (self.low + self.high) / 2

    def values(self) -> tuple[float, ...]:
        """Every reading of an exact quantity (the main one first)."""
        return (self.low, *self.alternatives) if self.exact else ()

    def same_value(self, other: Quantity) -> bool:
        if self.exact and other.exact:
            return any(_close(a, b) for a in self.values() for b in other.values())
        if not self.exact and not other.exact:
            return _close(self.low, other.low) and _close(self.high, other.high)
        return False

    def overlaps(self, other: Quantity) -> bool:
        """True when the two can denote the same amount (an exact value inside a range)."""
        if self.exact and other.exact:
            return self.same_value(other)
        lows = [self.low] if not self.exact else list(self.values())
        highs = [self.high] if not self.exact else list(self.values())
        o_lows = [other.low] if not other.exact else list(other.values())
        o_highs = [other.high] if not other.exact else list(other.values())
        return any(lo <= oh and olo <= hi for lo, hi in zip(lows, highs, strict=True)
                   for olo, oh in zip(o_lows, o_highs, strict=True))


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


@dataclass(frozen=True)
class NumberLexicon:
    """The number words of one language (from configs/numbers.toml)."""

    language: str
    decimal: str = ""
    words: dict[str, float] = field(default_factory=dict)
    multipliers: dict[str, float] = field(default_factory=dict)
    connectors: frozenset[str] = frozenset()
    ordinals: dict[str, float] = field(default_factory=dict)
    ordinal_suffixes: tuple[str, ...] = ()
    # What precedes digits in a written ordinal ("第3000场" = the 3,000th match).
    ordinal_prefixes: tuple[str, ...] = ()
    percent: tuple[str, ...] = ("%",)
    vague: dict[str, tuple[float, float]] = field(default_factory=dict)
    # Words that are both "one" and an article ("un", "ein", "един"): a number only inside a
    # longer run ("un million"), otherwise every "une attaque" would be the count 1.
    articles: frozenset[str] = frozenset()
    # Digits and a full stop before a word are an ordinal ("in der 28. Minute").
    ordinal_dot: bool = False
    # Vague words that are also the genitive of a singular noun, with that noun's number
    # ("тысячи": thousands, or of a thousand): the number after a word that governs the genitive
    # ("до тысячи" = up to a thousand), nothing when no counted word follows ("команда десятки" =
    # the team of the top ten), vague otherwise.
    noun_homographs: dict[str, float] = field(default_factory=dict)
    genitive_governors: frozenset[str] = frozenset()
    # Words that mark the figure after them as approximate ("almost 30", "quasi 30 gradi").
    approximately: tuple[str, ...] = ()
    # Words that make the figure after them a floor ("at least 3", "plus de 3"), and prepositions
    # that may ("über 300", "verfügt über 34 Sitze"): no floor, but no bare figure either.
    at_least: tuple[str, ...] = ()
    over: tuple[str, ...] = ()
    # Plain spaces group thousands ("50 000"); false where they need not ("surpassed 100 100").
    space_groups: bool = True
    # Scale words that follow a currency amount without a space ("£125m", "$3bn").
    currency_multipliers: dict[str, float] = field(default_factory=dict)
    # Words between the two ends of a range ("2 to 4 inches", "de 5 à 10 cm").
    range_words: frozenset[str] = frozenset()
    # Words or signs before a figure that make it a percentage ("%5", "yüzde 5").
    percent_prefixes: tuple[str, ...] = ()
    # A figure after a figure and its scale word goes on with the amount ("2 bin 400" = 2,400).
    scale_runs: bool = False


@functools.cache
def _numbers_config() -> dict[str, Any]:
    return read_toml(CONFIG_DIR / "numbers.toml")


# The date after a page's modification stamp: digits with stops, slashes or dashes between
# ("10 . 12 . 2024", "10.12.2024"), or a day, a month's name and a year ("10 December 2024").
_STAMP_DATE = (r"\s*:?\s*(?:\d{1,4}(?:\s*[./-]\s*\d{1,4}){1,2}"
               r"|\d{1,2}\.?\s+[^\W\d]+\.?\s+\d{4}|[^\W\d]+\s+\d{1,2},?\s+\d{4})")


@functools.cache
def _page_note_pattern() -> re.Pattern[str] | None:
    notes = _numbers_config().get("page_notes", {})
    parts = []
    formats = notes.get("formats", [])
    if formats:
        names = "|".join(re.escape(f) for f in formats)
        parts.append(rf"\(\s*(?:{names})\b[^()]{{0,80}}\)")
    stamps = sorted({p for words in notes.get("stamps", {}).values() for p in words}, key=len, reverse=True)
    if stamps:
        phrases = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in stamps)
        parts.append(rf"(?<!\w)(?:{phrases})(?:\s+(?:on|am|le|il|el))?{_STAMP_DATE}")
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


# Figures joined by stops written apart: a tokenised date, clock time or decimal ("25 . 08 .
# 2023", "16 . 00", "9 : 00", "1 . 9 million"), which none of the parsers reads whole. A colon
# only before two digits, a clock's minutes: "3 : 1" is a score.
_SPACED_FIGURES = re.compile(r"(?<![\d.])\d{1,4}(?: \. \d{1,4}| : \d{2}(?!\d))+(?![\d])")


def spaced_figures(text: str) -> list[tuple[int, int]]:
    """Spans of figures joined by stops or a clock's colon with a space on each side (tokenised
    text): read as separate numbers, "16 . 00" stood as "16" against another version's "00";
    not compared."""
    return [m.span() for m in _SPACED_FIGURES.finditer(text)]


def page_notes(text: str) -> list[tuple[int, int]]:
    """Spans of the notes a web page leaves in its running text, whose figures describe the page:
    a download link's note in brackets, the file's format first ("( PDF , 688 kB , 11 . 12 .
    2024 )"), and a modification stamp with its date ("Last modification 10 . 12 . 2024");
    ``[page_notes]`` of configs/numbers.toml."""
    pattern = _page_note_pattern()
    return [] if pattern is None else [m.span() for m in pattern.finditer(text)]


@dataclass(frozen=True)
class UnitSize:
    """One reading of a unit name: its dimension, and the amount in the dimension's base unit is
    ``value * factor + offset`` (an offset only for temperature scales)."""

    dimension: str
    factor: float
    offset: float = 0.0
    # The unit whose figure may follow this one's without a name ("6-foot-6": six feet six inches).
    smaller: str | None = field(default=None, compare=False)

    def base(self, value: float) -> float:
        return value * self.factor + self.offset


# Digits a unit's factor is kept to: the table's and a computed speed's ("km/h") compare equal.
_FACTOR_DIGITS = 9


@functools.cache
def unit_sizes() -> dict[str, tuple[UnitSize, ...]]:
    """Unit of measure (a lower-cased form of its name, any language) -> every unit it may name
    ("degrees" is Fahrenheit or Celsius), from the ``[units]`` tables of configs/numbers.toml."""
    table: dict[str, tuple[UnitSize, ...]] = {}
    for unit in _numbers_config().get("units", {}).values():
        size = UnitSize(str(unit["dimension"]), round(float(unit["factor"]), _FACTOR_DIGITS),
                        float(unit.get("offset", 0.0)), unit.get("smaller"))
        for form in unit.get("forms", []):
            key = str(form).casefold()
            table[key] = (*table.get(key, ()), size)
    return table


# A unit name inside a compound adjective ("250-kilogramowa", "300-килограммовое") is found by
# its longest known form that starts the word, if that form is this long (shorter ones, such as
# "mile" in "milestones", start too many other words).
_UNIT_PREFIX = 6


# Seconds in the time unit after a slash in a speed ("km/h", "м/с", "m/min").
_PER_TIME = {"h": 3600.0, "hr": 3600.0, "ч": 3600.0, "час": 3600.0, "год": 3600.0, "u": 3600.0, "t": 3600.0,
             "std": 3600.0, "s": 1.0, "с": 1.0, "sek": 1.0, "sec": 1.0, "min": 60.0, "мин": 60.0}


def unit_readings(word: str | None) -> tuple[UnitSize, ...]:
    """Every unit that ``word`` (the word after a figure) may name; empty when none. A length
    over a time ("km/h", "м/с", "miles/h" from "miles per hour") is a speed."""
    if not word:
        return ()
    table = unit_sizes()
    key = word.casefold()
    if key in table:
        return table[key]
    if "/" in key:
        length, _, per = key.partition("/")
        seconds = _PER_TIME.get(per)
        if seconds is None:
            return ()
        # Rounded as the table's factors are, so that "km/h" and "kph" are one unit.
        return tuple(UnitSize("speed", round(u.factor / seconds, _FACTOR_DIGITS))
                     for u in unit_readings(length) if u.dimension == "length")
    # In a script without spaces the "word" after a figure is the rest of the clause ("磅的野猪").
    shortest = 1 if re.match(rf"[{UNSPACED}]", key) else _UNIT_PREFIX
    for cut in range(len(key) - 1, shortest - 1, -1):
        if key[:cut] in table:
            return table[key[:cut]]
    return ()


@functools.cache
def _currency_forms() -> tuple[dict[str, str], dict[str, str], tuple[tuple[str, str], ...]]:
    """The ``[currencies]`` table of configs/numbers.toml as signs, whole names and name prefixes
    (a form ending in "*"), each to its currency code; longest signs and prefixes first."""
    signs: dict[str, str] = {}
    names: dict[str, str] = {}
    prefixes: list[tuple[str, str]] = []
    for code, forms in _numbers_config().get("currencies", {}).items():
        for form in forms:
            key = str(form).casefold()
            if key.endswith("*"):
                prefixes.append((key[:-1], code))
            elif any(ch.isalpha() for ch in key) and key.isalpha():
                names[key] = code
            else:
                signs[key] = code
    signs = dict(sorted(signs.items(), key=lambda item: -len(item[0])))
    return signs, names, tuple(sorted(prefixes, key=lambda item: -len(item[0])))


# How far before or after a figure its currency sign may stand ("US$ 3", "4,5 €", "18 zł").
_SIGN_REACH = 4


def currency_of(text: str, q: Quantity) -> str | None:
    """The currency an amount is in, from the ``[currencies]`` table: a sign just before or after
    the figure ("$4.5 million", "4,5 €", "18 mln zł"), or the name it counts ("18 Millionen
    Zloty"); None when it names none."""
    signs, names, prefixes = _currency_forms()
    before = text[max(0, q.start - _SIGN_REACH):q.start].rstrip().casefold()
    after = text[q.end:q.end + _SIGN_REACH + 1].lstrip().casefold()
    for sign, code in signs.items():
        if before.endswith(sign) and not before[:-len(sign)][-1:].isalpha():
            return code
        if after.startswith(sign) and not after[len(sign):len(sign) + 1].isalpha():
            return code
    unit = (q.unit or "").casefold()
    if not unit:
        return None
    if unit in names:
        return names[unit]
    return next((code for prefix, code in prefixes if unit.startswith(prefix)), None)


def _inflected_ordinals(raw: dict[str, Any]) -> dict[str, float]:
    """Ordinal words built from stems and case endings (``[[xx.ordinal_inflections]]``):
    "четверт" + "ой" = 4, as Slavic ordinals inflect like adjectives."""
    words: dict[str, float] = {}
    for group in raw.get("ordinal_inflections", []):
        for stem, value in group.get("stems", {}).items():
            for ending in group.get("endings", []):
                words[f"{stem}{ending}".lower()] = float(value)
    return words


def same_as(language: str | None) -> str | None:
    """The language whose tables ``language`` reads when it has none of its own (``[same_as]`` of
    configs/numbers.toml: "no" reads "nb", "sr" and "bs" read "hr"); None when it names none."""
    base = (language or "").lower().split("-")[0]
    other = _numbers_config().get("same_as", {}).get(base)
    return str(other) if other else None


@functools.cache  # read once per language: every text parsed asks for it
def number_lexicon(language: str) -> NumberLexicon:
    """The lexicon of ``language`` (ISO 639-1); unknown languages get digits only."""
    cfg = _numbers_config()
    raw = (cfg.get((language or "und").lower().split("-")[0]) or cfg.get(same_as(language) or "und")
           or cfg.get("und", {}))
    low = {k.lower(): float(v) for k, v in raw.get("words", {}).items()}
    return NumberLexicon(
        language=language,
        decimal=str(raw.get("decimal", "")),
        words=low,
        multipliers={k.lower(): float(v) for k, v in raw.get("multipliers", {}).items()},
        connectors=frozenset(w.lower() for w in raw.get("connectors", [])),
        ordinals={**_inflected_ordinals(raw), **{k.lower(): float(v) for k, v in raw.get("ordinals", {}).items()}},
        ordinal_suffixes=tuple(sorted(raw.get("ordinal_suffixes", []), key=len, reverse=True)),
        ordinal_prefixes=tuple(sorted(raw.get("ordinal_prefixes", []), key=len, reverse=True)),
        percent=tuple(sorted(raw.get("percent", ["%"]), key=len, reverse=True)),
        vague={k.lower(): (float(v[0]), float(v[1])) for k, v in raw.get("vague", {}).items()},
        articles=frozenset(w.lower() for w in raw.get("articles", [])),
        ordinal_dot=bool(raw.get("ordinal_dot", False)),
        noun_homographs={k.lower(): float(v) for k, v in raw.get("noun_homographs", {}).items()},
        genitive_governors=frozenset(w.lower() for w in raw.get("genitive_governors", [])),
        approximately=tuple(sorted((w.lower() for w in raw.get("approximately", [])), key=len, reverse=True)),
        at_least=tuple(sorted((w.lower() for w in raw.get("at_least", [])), key=len, reverse=True)),
        over=tuple(sorted((w.lower() for w in raw.get("over", [])), key=len, reverse=True)),
        space_groups=bool(raw.get("space_groups", True)),
        currency_multipliers={k.lower(): float(v) for k, v in raw.get("currency_multipliers", {}).items()},
        range_words=frozenset(w.lower() for w in raw.get("range_words", [])),
        percent_prefixes=tuple(sorted((w.lower() for w in raw.get("percent_prefixes", [])), key=len, reverse=True)),
        scale_runs=bool(raw.get("scale_runs", False)),
    )


def read_digits(token: str, decimal: str) -> tuple[float, tuple[float, ...]]:
    """Value of a digit string such as "50 000", "15.000", "6,1", "1,200" in a locale.

    ``decimal`` is the locale's decimal separator ("" when unknown). Returns the main reading
    and, when the string is ambiguous (one "," or "." followed by exactly three digits), the
    other reading as an alternative.
    """
    compact = re.sub(f"[{_SPACES}{_GROUP_MARKS}]", "", token)
    marks = [c for c in compact if c in ".,"]
    if not marks:
        return float(compact), ()
    if len(set(marks)) == 2:
        # Both marks present: the last one is the decimal separator, the other groups.
        dec = compact[max(compact.rfind("."), compact.rfind(","))]
        grp = "," if dec == "." else "."
        return float(compact.replace(grp, "").replace(dec, ".")), ()
    mark = marks[0]
    if len(marks) > 1:
        return float(compact.replace(mark, "")), ()  # "1.234.567": only grouping repeats
    head, tail = compact.split(mark)
    as_decimal = float(f"{head}.{tail}")
    if len(tail) != 3:
        return as_decimal, ()
    as_group = float(head + tail)
    if decimal == mark:
        return as_decimal, (as_group,)
    return as_group, (as_decimal,)


# The word after a figure: a hyphen joins a unit to its figure in compounds ("a two-foot brim",
# "a 44-year-old"); combining marks belong to the word ("चार अन्य"); a slash and a short word
# after it make one unit ("80 km/h", "80 м/с").
_AFTER = re.compile(r"[\s\u00a0\u202f]*-?°?(?:of\s+|de\s+|d['’])?([^\W\d_](?:[^\W\d_]|[" + MARKS
                    + r"])*(?:/[^\W\d_]{1,3}(?![^\W\d_]))?)")


def _word_after(text: str, pos: int) -> str | None:
    m = _AFTER.match(text[pos:pos + 40])
    if not m:
        return None
    word = m.group(1).lower()
    # "85 miles per hour", "137 километров в час": the unit per hour, as "km/h" writes it.
    rest = text[pos + m.end():pos + m.end() + 24].lower()
    if "/" not in word and any(rest.startswith(" " + phrase) and not rest[len(phrase) + 1:len(phrase) + 2].isalpha()
                               for phrase in _per_hour()):
        return f"{word}/h"
    return word


@functools.cache
def _per_hour() -> tuple[str, ...]:
    """Phrases after a unit that make it a speed ("per hour", "в час"): ``per_hour`` of
    configs/numbers.toml, any language, lower-cased."""
    return tuple(str(p).lower() for p in _numbers_config().get("per_hour", []))


def _phrase_at(text: str, pos: int, phrases: tuple[str, ...]) -> str | None:
    """The first of ``phrases`` (longest first) that starts at ``pos`` as whole words."""
    low = text[pos:pos + 40].lower()
    for p in phrases:
        if low.startswith(p.lower()) and (len(low) == len(p) or not low[len(p)].isalnum()
                                          or not p[-1].isalnum() or _UNSPACED_END.search(p)):
            return text[pos:pos + len(p)]
    return None


def _whole(phrase: str) -> str:
    """A pattern for ``phrase`` as a whole word; an end in a script written without spaces
    ("数多くの", "数十人") touches the words around it, so it needs no boundary."""
    before = "" if _UNSPACED_END.search(phrase[:1]) else r"(?<!\w)"
    after = "" if _UNSPACED_END.search(phrase) else r"(?!\w)"
    return before + re.escape(phrase) + after


@functools.cache
def _lexicon_patterns(language: str) -> tuple[tuple[str, ...], re.Pattern[str] | None, re.Pattern[str]]:
    """A language's multipliers (longest first), its vague-quantity pattern and its range joiner,
    built once per language, not once per text."""
    lex = number_lexicon(language)
    mults = tuple(sorted(lex.multipliers, key=len, reverse=True))
    vague = tuple(sorted(lex.vague, key=len, reverse=True))
    pattern = (re.compile("|".join(_whole(v) for v in vague), re.IGNORECASE) if vague else None)
    joiner = re.compile(r"\s*(?:[-–—]|(?:" + "|".join(re.escape(w) for w in lex.range_words) + r")(?![^\W\d_]))\s*"
                        if lex.range_words else r"\s*[-–—]\s*", re.IGNORECASE)
    return mults, pattern, joiner


def word_before(text: str, start: int, words: Sequence[str]) -> int | None:
    """Where a word or phrase of ``words`` (lowercase) ends right before ``start``, only spaces
    between ("about 30", "fast 1500"): its start in ``text``; None when none does."""
    before = text[:start].rstrip()
    low = before.lower()
    for w in words:
        if low.endswith(w) and (len(low) == len(w) or not low[-len(w) - 1].isalnum()):
            return len(before) - len(w)
    return None


def parse_quantities(text: str, language: str = "und") -> list[Quantity]:
    """Every quantity in ``text`` with offsets, sorted by position.

    Three passes, each over what the previous left unclaimed: digits (with a following
    scale word, percent sign or ordinal suffix), then vague quantities ("dozens"), then runs
    of number words ("two hundred and five"). The order matters: "5 хиляди" is 5000 while
    "хиляди" alone is the vague "thousands".
    """
    lex = number_lexicon(language)
    found: list[Quantity] = []
    claimed = [False] * (len(text) + 1)

    def claim(q: Quantity) -> None:
        found.append(q)
        for i in range(q.start, q.end):
            claimed[i] = True

    mults, vague_pattern, _ = _lexicon_patterns(language)
    for m in _DIGITS.finditer(text):
        start, end = m.span()
        if claimed[start]:
            continue  # the figure that went on after a scale word ("2 bin 400")
        value, alts = read_digits(m.group(1), lex.decimal)
        if not lex.space_groups and " " in m.group(1):
            # "surpassed 100 100" (a figure repeated), "116 123" (a phone number): the groups
            # may be one figure as in the languages that group so, or start with one.
            alts = (*alts, read_digits(m.group(1).split(" ")[0], lex.decimal)[0])
        kind, form = "cardinal", "digits"
        gap = re.match(r"[\s\u00a0\u202f]*", text[end:]).end()  # type: ignore[union-attr]
        suffix = _phrase_at(text, end, tuple(s for s in lex.ordinal_suffixes))
        scale = _phrase_at(text, end + gap, mults) if mults else None
        if scale is None and mults and text.startswith("-", end) and (joined := _phrase_at(text, end + 1, mults)):
            gap, scale = 1, joined  # "a 12-million-euro contract": the scale joined by a hyphen
        pct = _phrase_at(text, end + gap, lex.percent)
        money = (_CURRENCY_SCALE.match(text, end) if lex.currency_multipliers
                 and _CURRENCY_BEFORE.search(text, 0, start) else None)
        prefix = next((p for p in lex.ordinal_prefixes if text.endswith(p, 0, start)), None)
        sign = word_before(text, start, lex.percent_prefixes) if lex.percent_prefixes else None
        if sign is not None and not scale:
            kind, start = "percent", sign  # "%5", "yüzde 5": the sign or word before the figure
        elif lex.ordinal_dot and _DOT_ORDINAL.match(text, end):
            kind, end = "ordinal", end + 1
        elif prefix and not scale:
            kind, start = "ordinal", start - len(prefix)
        elif suffix and not any(ch.isspace() for ch in suffix):
            kind, end = "ordinal", end + len(suffix)
        elif money and money.group(1).lower() in lex.currency_multipliers:
            mult = lex.currency_multipliers[money.group(1).lower()]
            value, alts = value * mult, tuple(a * mult for a in alts)
            end, form = money.end(), "mixed"
        elif scale:
            mult = lex.multipliers[scale.lower()]
            whole = value.is_integer()
            value, alts = value * mult, tuple(a * mult for a in alts)
            end, form = end + gap + len(scale), "mixed"
            if lex.scale_runs and whole:
                more, end = _scale_run(text, end, mult, lex, mults)
                value, alts = value + more, tuple(a + more for a in alts)
        if pct and kind == "cardinal":
            pct = _phrase_at(text, end + re.match(r"\s*", text[end:]).end(),  # type: ignore[union-attr]
                             lex.percent)
            if pct:
                end = text.index(pct, end) + len(pct)
                kind = "percent"
        raw = m.group(1)
        year_like = (kind == "cardinal" and form == "digits" and raw.isdigit() and len(raw) == 4
                     and 1000 <= value <= 2100)
        claim(Quantity(start, end, text[start:end], value, value, kind, form, alts,
                       _word_after(text, end), year_like))

    if vague_pattern is not None:
        for m in vague_pattern.finditer(text):
            start, end = m.span()
            if any(claimed[start:end]):
                continue
            before = text[:start].rstrip().lower()
            # "две хиляди" / "two thousands": a number before it makes it a multiplier.
            prev = _letter_words(before[-30:])
            if before.endswith(tuple("0123456789")) or (prev and prev[-1][2] in lex.words):
                continue
            word = _table_key(m.group(0), lex.vague)
            if word is None:
                continue
            if word in lex.noun_homographs:
                if prev and prev[-1][2] in lex.genitive_governors:
                    value = lex.noun_homographs[word]  # "до тысячи": up to a thousand
                    claim(Quantity(start, end, m.group(0), value, value, "cardinal", "words", (),
                                   _word_after(text, end)))
                    continue
                if not _WORD_FOLLOWS.match(text, end):
                    continue  # "команда десятки": the noun "десятка" (the top ten), no amount
            low, high = lex.vague[word]
            claim(Quantity(start, end, m.group(0), low, high, "vague", "vague", (),
                           _word_after(text, end)))

    _word_runs(text, lex, claimed, claim)
    found.sort(key=lambda q: q.start)
    return _range_units(text, _compound_units(text, _vague_scales(text, found, lex), lex), lex)


# A figure after a figure and its scale word ("2 bin 400"): up to three digits standing alone.
_RUN_PART = re.compile(r"[ \u00a0]+(\d{1,3})(?![\d.,:'’]?\d)")


def _scale_run(text: str, end: int, scale: float, lex: NumberLexicon, mults: tuple[str, ...]) -> tuple[float, int]:
    """What goes on after a figure and its scale word, in the languages that write an amount so
    (``scale_runs``: "2 bin 400" = 2,400, "1 milyon 200 bin" = 1,200,000): each figure below the
    scale before it, with its own smaller scale word or last. The amount added, and where it ends."""
    added = 0.0
    while part := _RUN_PART.match(text, end):
        figure, stop = float(part.group(1)), part.end()
        gap = re.match(r"[\s\u00a0\u202f]*", text[stop:]).end()  # type: ignore[union-attr]
        word = _phrase_at(text, stop + gap, mults)
        size = lex.multipliers[word.lower()] if word else 1.0
        if figure * size >= scale:
            break
        added += figure * size
        if not word:
            return added, stop
        end, scale = stop + gap + len(word), size
    return added, end


def _table_key(found: str, table: dict[str, Any]) -> str | None:
    """The key of ``table`` that ``found``, matched case-insensitively, stands for: its lowercase,
    or the key ``re`` matched it to (``re`` equates "ı" and "i": "BİNLERCE", "bırkaç")."""
    low = lower(found)
    if low in table:
        return low
    return next((k for k in table if re.fullmatch(re.escape(k), found, re.IGNORECASE)), None)


def _vague_scales(text: str, found: list[Quantity], lex: NumberLexicon) -> list[Quantity]:
    """A vague quantity right before a scale word is one vague amount of that scale: "several
    million" is 3-9 million, as "mehrere Millionen" or "несколько миллионов" are millions; and
    before a vague scale ("plusieurs milliers", "несколько тысяч") it is that scale's range. Read
    apart, "several" (3-9) and "million" (1,000,000) would each differ from the other version's
    one amount."""
    out: list[Quantity] = []
    for q in found:
        before = out[-1] if out else None
        if (before is not None and before.kind == "vague" and not text[before.end:q.start].strip()
                and (q.kind == "vague" and q.low >= 100
                     or q.kind == "cardinal" and q.form == "words" and q.text.lower() in lex.multipliers)):
            scale = lex.multipliers.get(q.text.lower())
            low, high = (before.low * scale, before.high * scale) if q.kind == "cardinal" and scale else (q.low, q.high)
            out[-1] = dataclasses.replace(before, end=q.end, text=text[before.start:q.end], low=low, high=high,
                                          unit=q.unit)
            continue
        out.append(q)
    return out


def _compound_units(text: str, found: list[Quantity], lex: NumberLexicon) -> list[Quantity]:
    """A figure in a unit followed by a figure in the next smaller one is one amount, in the
    first unit: "6-foot-6" and "6 фута и 6 инча" are 6.5 feet (1.98 m)."""
    units = _numbers_config().get("units", {})
    out: list[Quantity] = []
    k = 0
    while k < len(found):
        q = found[k]
        nxt = found[k + 1] if k + 1 < len(found) else None
        big = next((u for u in unit_readings(q.unit) if u.smaller), None)
        if nxt is not None and big is not None and q.exact and nxt.exact and nxt.kind == q.kind == "cardinal":
            small = units.get(str(big.smaller), {})
            forms = {str(f).casefold() for f in small.get("forms", [])}
            joint = re.fullmatch(r"[\s-]*" + re.escape(str(q.unit)) + r"[\s-]*(?:(?:" + "|".join(
                re.escape(w) for w in lex.connectors) + r")\s+)?", text[q.end:nxt.start], re.IGNORECASE)
            if joint and (nxt.unit is None or nxt.unit.casefold() in forms or not unit_readings(nxt.unit)):
                end = nxt.end
                if nxt.unit and nxt.unit.casefold() in forms:
                    end = nxt.end + re.match(r"[\s-]*", text[nxt.end:]).end() + len(nxt.unit)  # type: ignore[union-attr]
                value = q.value + nxt.value * float(small.get("factor", 0.0)) / big.factor
                out.append(dataclasses.replace(q, end=end, text=text[q.start:end], low=value, high=value,
                                               alternatives=()))
                k += 2
                continue
        out.append(q)
        k += 1
    return out


def _range_units(text: str, found: list[Quantity], lex: NumberLexicon) -> list[Quantity]:
    """The first end of a range takes the unit of the second ("2 to 4 inches" is 2 inches too),
    so that a converted range ("5 à 10 cm") is matched end by end."""
    joiner = _lexicon_patterns(lex.language)[2]
    out = list(found)
    for k in range(len(out) - 1):
        q, nxt = out[k], out[k + 1]
        if (q.kind == nxt.kind == "cardinal" and (q.unit is None or q.unit in lex.range_words)
                and unit_readings(nxt.unit) and joiner.fullmatch(text, q.end, nxt.start)):
            out[k] = dataclasses.replace(q, unit=nxt.unit)
    return out


def _letter_words(text: str) -> list[tuple[int, int, str]]:
    """The letter words of ``text`` split at apostrophes: an elided article ("d'une", "l'un") is
    a word of its own here, so the number word after it is found."""
    words: list[tuple[int, int, str]] = []
    for match in WORD.finditer(text):
        pos, word = match.start(), match.group()
        if "'" not in word and "’" not in word:    # most words: the split would keep them whole
            words.append((pos, match.end(), word))
            continue
        for piece in _APOSTROPHE.split(word):
            words.append((pos, pos + len(piece), piece))
            pos += len(piece) + 1
    return words


def _joins(last: float, word: float) -> bool:
    """Whether number word ``word`` continues a run that ended with ``last``: it fills a place
    that ``last`` left empty ("twenty five", "двеста петдесет"; the teens after a multiple of
    twenty, as in "soixante dix" = 70). "three one-sided" is two numbers, not four."""
    if word >= last:
        return False
    place = 1
    while last and last == int(last) and int(last) % (place * 10) == 0:
        place *= 10
    return word < place or (word < 20 and last % 20 == 0)


def _word_runs(text: str, lex: NumberLexicon, claimed: list[bool], claim: Any) -> None:
    """Compose runs of number words ("twenty-five", "deux cent mille") into values."""
    if not (lex.words or lex.multipliers or lex.ordinals):
        return
    tokens = [(s, e, lower(w)) for s, e, w in _letter_words(text)]
    # Hyphenated compounds ("twenty-five", "vingt-et-un") are split into their parts.
    parts: list[tuple[int, int, str]] = []
    for s, e, w in tokens:
        if "-" in w and w not in lex.words and w not in lex.ordinals:
            pos = s
            for piece in w.split("-"):
                parts.append((pos, pos + len(piece), piece))
                pos += len(piece) + 1
        else:
            parts.append((s, e, w))
    i = 0
    while i < len(parts):
        s, e, w = parts[i]
        if claimed[s]:
            i += 1
            continue
        if w in lex.ordinals:
            v, i = lex.ordinals[w], i + 1
            if i < len(parts) and parts[i][2] in lex.ordinals and not claimed[parts[i][0]] \
                    and _joins(v, lex.ordinals[parts[i][2]]) \
                    and not re.search(r"[^\s\-\u00a0]", text[e:parts[i][0]]):
                # "trigésimo sexto": languages that rank the tens too (36th).
                v, e, i = v + lex.ordinals[parts[i][2]], parts[i][1], i + 1
            claim(Quantity(s, e, text[s:e], v, v, "ordinal", "words", (), _word_after(text, e)))
            continue
        if w not in lex.words and w not in lex.multipliers:
            i += 1
            continue
        total, current, j, last_end = 0.0, 0.0, i, e
        seen_any, substantive = False, False
        # Number words come in falling order ("twenty five", "vingt et un"); a rise starts a
        # new number ("un et deux" is two numbers, not three).
        last_word: float | None = None
        while j < len(parts):
            s2, e2, w2 = parts[j]
            if claimed[s2] or (j > i and re.search(r"[^\s\-\u00a0]", text[last_end:s2])):
                break
            if w2 in lex.words:
                if last_word is not None and not _joins(last_word, lex.words[w2]):
                    break
                current += lex.words[w2]
                last_word = lex.words[w2]
            elif w2 in lex.multipliers:
                mult = lex.multipliers[w2]
                last_word = None
                if mult < 1000:
                    current = (current or 1.0) * mult
                else:
                    total += (current or 1.0) * mult
                    current = 0.0
            elif w2 in lex.connectors and seen_any and j + 1 < len(parts) and (
                    lex.words.get(parts[j + 1][2], float("inf")) < (last_word or float("inf"))):
                last_end = e2  # the connector joins the run only when a number word follows
                j += 1
                continue
            else:
                break
            seen_any, last_end = True, e2
            substantive = substantive or w2 not in lex.articles
            j += 1
        value = total + current
        if not substantive:
            i += 1
            continue
        kind = "cardinal"
        if j < len(parts) and parts[j][2] in lex.ordinals and not claimed[parts[j][0]] and last_word is not None \
                and _joins(last_word, lex.ordinals[parts[j][2]]) \
                and not re.search(r"[^\s\-\u00a0]", text[last_end:parts[j][0]]):
            # "сорок пятой", "forty-fifth": the tens are counted, the last word ranks.
            value += lex.ordinals[parts[j][2]]
            last_end, kind, j = parts[j][1], "ordinal", j + 1
        claim(Quantity(s, last_end, text[s:last_end], value, value, kind, "words", (),
                       _word_after(text, last_end)))
        i = max(j, i + 1)
