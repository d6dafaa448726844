"""Number detector: quantities that differ across an aligned pair ("at least 30" vs "13").

Quantities come from ``drift.quantities`` in each side's own locale. Years, dates, clock
times and durations are left to the time detector (``drift.detect.dates``): any quantity
inside a date or a clock time, and any bare four-digit year, is skipped here; a figure inside
a duration is compared only with a bare figure (an age is "31-year-old" in one language and
"der 24-Jährige" in another), two durations being the time detector's.

Translators convert units and round ("130 miles" / "209 km", "200 miles" / "300 km",
"80 degrees" / "26 degrés"), and two translators round one conversion each their own way:
none of that is a changed figure.

Matching: equal values are paired first wherever they sit (a translation may reorder a
sentence); the rest are paired by kind and relative position in the sentence. A pair with
the same value written differently ("1,200" / "1 200", "two" / "2") is a ``variant``; an
exact value inside the other side's vague range ("30" / "dozens") is a low-severity
``variant`` (precision lost, not changed); anything else is ``number`` drift.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from drift.config import ModelSpec
from drift.detect.base import DETECTORS, AlignedPair, Story, once_per_story, word_alignment
from drift.detect.dates import TimeExpression, story_quantities, story_times
from drift.documents import Document
from drift.findings import Finding
from drift.quantities import (
    Quantity,
    UnitSize,
    currency_of,
    number_lexicon,
    parse_quantities,
    unit_readings,
    word_before,
)
from drift.tokens import WordScore
from drift.words import mostly_unspaced

# Time expressions whose figure is also an amount: an age is "the 31-year-old" in one language
# and "der 24-Jährige" (no time) or "West, 41" in another.
_AMOUNTS = ("duration", "relative")


def _quantities(story: Story, text: str, language: str) -> tuple[list[Quantity], set[int]]:
    """The figures of ``text`` that are the number detector's: none inside a date or a clock
    time, nor a bare year; and which of them sit inside a duration (two of those are the time
    detector's). The story's one reading of the text's quantities and times serves both, and
    the time detector."""
    return once_per_story(story, ("numbers", text, language), lambda: _figures(
        story_quantities(story, text, language), story_times(story, text, language)))


def _gloss_positions(story: Story, text: str, language: str) -> set[int]:
    """Positions, among ``_quantities``, of the amounts ``text`` glosses in brackets (``_glosses``)."""
    return once_per_story(story, ("glosses", text, language),
                          lambda: _glosses(text, _quantities(story, text, language)[0]))


# What may stand between an amount and its gloss in brackets: the amount's unit or currency
# words, the bracket, a word or two ("umgerechnet rund", "about") and a currency sign.
_GLOSS_BETWEEN = re.compile(r"[^\d()\[\]]{0,30}[(\[][^\d()\[\]]{0,30}\Z")


def _glosses(text: str, quantities: Sequence[Quantity]) -> set[int]:
    """Positions of amounts a version adds in brackets as its own conversion of the amount just
    before them ("20 kilometers (12 miles)", "18 million zlotys ($4.5 million)", "18 Millionen
    Zloty (umgerechnet rund 4,2 Millionen Euro)"): the same amount in another unit of the
    dimension, or in another currency, right or not. Versions gloss in their own units, so a gloss
    is compared with a gloss in the same unit only ("(100 feet)" / "(75 Fuß)"), never with an
    amount."""
    found: set[int] = set()
    for k in range(1, len(quantities)):
        amount, gloss = quantities[k - 1], quantities[k]
        if not _GLOSS_BETWEEN.fullmatch(text[amount.end:gloss.start]):
            continue
        # Whether the conversion is right is not asked: a gloss changed is compared with the others'.
        if _readings(amount, gloss) or _other_currency(text, amount, text, gloss):
            found.add(k)
    return found


def _unit_end(text: str, q: Quantity) -> int:
    """Where the unit name right after a figure ends ("20 miles", "32km"); the figure's end
    when no unit follows it."""
    if not q.unit:
        return q.end
    found = re.match(r"[\s\u00a0]*" + re.escape(q.unit), text[q.end:], re.IGNORECASE)
    return q.end + found.end() if found else q.end


def _same_gloss_unit(text_a: str, a: Quantity, text_b: str, b: Quantity) -> bool:
    """Whether two glosses are in one unit ("feet" / "Fuß") or one currency ("$" / "dollars")."""
    ca, cb = currency_of(text_a, a), currency_of(text_b, b)
    if ca is not None or cb is not None:
        return ca == cb
    ua, ub = unit_readings(a.unit), unit_readings(b.unit)
    return bool(set(ua) & set(ub))


def _other_currency(text_a: str, a: Quantity, text_b: str, b: Quantity) -> bool:
    """Whether two amounts name two different currencies: two amounts, not one changed."""
    ca, cb = currency_of(text_a, a), currency_of(text_b, b)
    return ca is not None and cb is not None and ca != cb


def _figures(parsed: list[Quantity], times: list[TimeExpression]) -> tuple[list[Quantity], set[int]]:
    fixed = [(t.start, t.end) for t in times if t.kind not in _AMOUNTS]
    spans = [(t.start, t.end) for t in times if t.kind in _AMOUNTS]
    quantities = [q for q in parsed if not q.year_like and not any(q.start < e and s < q.end for s, e in fixed)]
    timed = {i for i, q in enumerate(quantities) if any(q.start < e and s < q.end for s, e in spans)}
    return quantities, timed


def _in_document(q: Quantity, doc: Document, story: Story) -> bool:
    """Whether ``doc`` writes ``q``'s amount somewhere: the same value, or an approximation narrow
    enough to round it ("une soixantaine" for 60; not "many")."""
    return any(_compatible(q, o) and (q.same_value(o) or (_narrow(q) and _narrow(o) and q.overlaps(o)))
               for o in _quantities(story, doc.text, doc.language)[0])


def _narrow(q: Quantity) -> bool:
    """An exact amount, or an approximation whose top is at most twice its bottom."""
    return q.exact or q.high <= 2 * max(q.low, 1.0)


# How far a converted amount may be rounded ("130 miles" is 209.2 km, written "209").
CONVERSION_TOLERANCE = 0.03


def _readings(a: Quantity, b: Quantity) -> list[tuple[UnitSize, UnitSize]]:
    """Every reading of the two unit names that is one dimension in two different units ("80
    degrees" / "26 degrees": Fahrenheit and Celsius); empty when the units are unknown, the same,
    or of different dimensions."""
    if not (a.exact and b.exact):
        return []
    return [(ua, ub) for ua in _as_lengths(unit_readings(a.unit), unit_readings(b.unit))
            for ub in _as_lengths(unit_readings(b.unit), unit_readings(a.unit))
            if ua.dimension == ub.dimension and ua != ub]


def _as_lengths(readings: Sequence[UnitSize], others: Sequence[UnitSize]) -> list[UnitSize]:
    """``readings``, with a speed also read as the length it covers in an hour where the other
    amount is a length: many versions leave "per hour" out or put it where it is not read
    ("每小时 85 英里", "85 miglia", "85 miles per hour")."""
    if not any(u.dimension == "length" for u in others):
        return list(readings)
    return [*readings, *(UnitSize("length", u.factor * 3600.0) for u in readings if u.dimension == "speed")]


def _overlap_in_units(a: Quantity, b: Quantity) -> bool:
    """A vague amount in one unit that may be an amount in another ("kilka dekad" = a few
    decades; "30 лет" = 30 years)."""
    if a.exact and b.exact:
        return False
    for ua in unit_readings(a.unit):
        for ub in unit_readings(b.unit):
            if ua.dimension == ub.dimension and ua != ub:
                lo_a, hi_a = sorted((ua.base(a.low), ua.base(a.high)))
                lo_b, hi_b = sorted((ub.base(b.low), ub.base(b.high)))
                if lo_a <= hi_b and lo_b <= hi_a:
                    return True
    return False


# How far a converted amount rounded to one significant figure may be from the exact one.
ROUNDED_TOLERANCE = 0.1


# An approximate figure ("almost 30", "quasi 30 gradi" for 80 degrees Fahrenheit, 26.7 °C) says
# itself that it is rounded: it may be this far from the exact conversion.
APPROXIMATE_TOLERANCE = 0.2


def _rounded(x: float, y: float, tolerance: float = ROUNDED_TOLERANCE) -> bool:
    """``y`` is ``x`` converted and rounded: within the tolerance, to a whole number either way
    ("3 inches" = 7.62 cm, written "7"), or to one significant figure ("200 miles" = 322 km,
    written "300 km"; "12 mph" = 19.3 km/h, written "20")."""
    gap = abs(x - y) / max(abs(x), abs(y), 1e-9)
    if gap <= CONVERSION_TOLERANCE:
        return True
    if not x or gap > tolerance:
        return False
    return y in (math.floor(x), math.ceil(x)) or round(x, -math.floor(math.log10(abs(x)))) == y


def _converted(a: Quantity, b: Quantity, tolerance: float = ROUNDED_TOLERANCE) -> bool:
    """The same amount in two units of one dimension ("10 miles" / "16 kilometres")."""
    if a.value == b.value:
        return False  # the figure kept and the unit changed ("30 yards" / "30 mètres")
    for ua, ub in _readings(a, b):
        a_in_b = (ua.base(a.value) - ub.offset) / ub.factor
        b_in_a = (ub.base(b.value) - ua.offset) / ua.factor
        if _rounded(a_in_b, b.value, tolerance) or _rounded(b_in_a, a.value, tolerance):
            return True
    return False


def _word_before(text: str, q: Quantity, words: Sequence[str]) -> int | None:
    """Where a word of ``words`` ends right before the figure (only spaces between): its start."""
    return word_before(text, q.start, words)


def _approximate(text: str, q: Quantity, language: str | None) -> bool:
    """Whether a word of the language's ``approximately`` list stands right before the figure."""
    return _word_before(text, q, number_lexicon(language or "und").approximately) is not None


# Characters around a bare figure read for a word that qualifies it in another order ("3人以上",
# "trois au moins", "30 or more"): such a figure is not bare.
QUALIFIER_REACH = 14


def _floor_dropped(pair: AlignedPair, a: Quantity, b: Quantity,
                   story: Story | None = None) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """The same count written as a floor on one side ("at least three", "mindestens drei") and
    bare on the other ("tres personas"), both languages listing floor words
    (``at_least``): the spans (floor side from its floor word) in the pair's texts, source side
    first. None when both or neither write a floor, or when a floor, approximation or "over" word
    stands near the bare figure in some other order."""
    if not (a.exact and b.exact and a.kind == b.kind == "cardinal"):
        return None
    sides = ((pair.source_text, a, pair.source_doc.language), (pair.target_text, b, pair.target_doc.language))
    lexicons = [number_lexicon(language or "und") for _, _, language in sides]
    if not all(lex.at_least for lex in lexicons):
        return None
    floors = [_word_before(text, q, lex.at_least) for (text, q, _), lex in zip(sides, lexicons, strict=True)]
    if (floors[0] is None) == (floors[1] is None):
        return None
    bare = 0 if floors[0] is None else 1
    text, q, _ = sides[bare]
    around = text[max(0, q.start - QUALIFIER_REACH):q.end + QUALIFIER_REACH].lower()
    if any(w in around for w in (*lexicons[bare].at_least, *lexicons[bare].over, *lexicons[bare].approximately)):
        return None
    doc = pair.source_doc if bare == 0 else pair.target_doc
    language = doc.language or "und"
    # The whole document's figures, read once per story (every floor pair of the version asks).
    figures = (parse_quantities(doc.text, language) if story is None else
               once_per_story(story, ("document figures", doc.text, language),
                              lambda: parse_quantities(doc.text, language)))
    if any(o.exact and o.value == q.value and _word_before(doc.text, o, lexicons[bare].at_least) is not None
           for o in figures):
        # The version gives the floor elsewhere ("buries 5 skiers" in a headline over "burying at
        # least five skiers"): the bare figure is shorthand, not the floor dropped.
        return None
    spans = [(q.start, q.end) if floor is None else (floor, q.end)
             for floor, (_, q, _) in zip(floors, sides, strict=True)]
    return spans[0], spans[1]


# Two translators converting one amount from a third version round it each their own way
# ("80 degrees": 26 and 27 degrés; "200 miles": 320 and 321 km).
SAME_UNIT_ROUNDING = 0.05


def _rounded_alike(a: Quantity, b: Quantity) -> bool:
    """The same unit of measure with amounts as far apart as two roundings of one conversion."""
    if not (a.exact and b.exact and a.value != b.value):
        return False
    shared = set(unit_readings(a.unit)) & set(unit_readings(b.unit))
    # Spans of time are counted, not converted from another system of units ("24-year-old").
    if not any(u.dimension != "time" for u in shared):
        return False
    x, y = a.value, b.value
    return abs(x - y) <= SAME_UNIT_ROUNDING * max(abs(x), abs(y)) or _rounded(x, y) or _rounded(y, x)


def _other_unit(a: Quantity, b: Quantity) -> bool:
    """The same figure in two units of one dimension that are not a conversion of each other
    ("30 yards" / "30 mètres"): the amount changed. A unit name with two readings ("degrees")
    says nothing here."""
    ua, ub = unit_readings(a.unit), unit_readings(b.unit)
    return (a.exact and b.exact and len(ua) == 1 and len(ub) == 1 and ua[0].dimension == ub[0].dimension
            and ua[0] != ub[0] and not _converted(a, b))


def _compatible(a: Quantity, b: Quantity) -> bool:
    """Which kinds may stand for each other: an ordinal is never a count, a percent never a count."""
    counts = ("cardinal", "vague")
    return a.kind == b.kind or (a.kind in counts and b.kind in counts)


def _rank_or_count(a: Quantity, b: Quantity) -> bool:
    """An ordinal and a count: of the same value they are one figure put two ways ("seventh" /
    "auf Platz sieben", "his 21st birthday" / "ses 21 ans"); of different values, a different
    figure only where they count the very same word (``_UnitRelation.aligned``: "el 60 aniversario"
    / "45-тата годишнина", where languages differ in writing an anniversary as a rank or a count)."""
    return {a.kind, b.kind} == {"ordinal", "cardinal"}


def _written(q: Quantity) -> str:
    """How a quantity is written, values aside: "1,200" -> "9,999", "1 200" -> "9 999"."""
    if q.form in ("words", "vague"):
        return q.form
    return re.sub(r"\d", "9", re.sub(r"\s", " ", q.text.lower()))


def _digits(q: Quantity) -> bool:
    return q.form in ("digits", "mixed")


def _may_be_time(q: Quantity) -> bool:
    """A bare figure that may be a span of time: nothing counted after it ("West, 41"), or a
    word of time ("der 24-Jährige", "38岁")."""
    return not q.unit or any(u.dimension == "time" for u in unit_readings(q.unit))


def _first_word(q: Quantity) -> bool:
    """An ordinal "first" written as a word ("first", "primo", "Первый")."""
    return q.kind == "ordinal" and q.form == "words" and q.value == 1


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.6g}"


def _describe(q: Quantity) -> str:
    if q.exact:
        shown = _fmt(q.value)
        return f'"{q.text}"' + ("" if q.text.replace(",", "") == shown.replace(",", "") else f" ({shown})")
    hi = "…" if q.high >= 1e11 else _fmt(q.high)
    return f'"{q.text}" ({_fmt(q.low)}–{hi})'


def _rel_diff(a: Quantity, b: Quantity) -> float:
    """Relative difference of the closest readings (0 = same, 1 = one is zero)."""
    if not (a.exact and b.exact):
        gap = max(a.low - b.high, b.low - a.high, 0.0)
        return min(1.0, gap / max(abs(a.high), abs(b.high), 1e-9))
    return min(abs(x - y) / max(abs(x), abs(y), 1e-9) for x in a.values() for y in b.values())


@dataclass(frozen=True)
class NumberSettings:
    """Provisional severities (drift.score's calibration replaces them where it has a model)."""

    # The same value written differently ("40" / "forty").
    variant_severity: float = 0.1
    # A figure made vaguer ("30" / "dozens"): base + weight x pairing confidence.
    vaguer_base: float = 0.2
    vaguer_weight: float = 0.2
    # A changed figure: base + weight x confidence + difference_weight x min(1, 2 x relative difference).
    change_base: float = 0.25
    change_weight: float = 0.5
    difference_weight: float = 0.2
    # A floor on one side only ("at least three" / "three"): base + floor_weight x confidence.
    # Below a changed figure: most pairs of a story must show it (a translator who renders
    # "about 200" as "barely more than 200" is one version against a few bare ones).
    floor_weight: float = 0.35


def _scale_only(a: Quantity, b: Quantity) -> bool:
    """The same digits a thousand, million or billion apart: "3,5" before a scale word the parser
    does not know ("3,5 milionu") against "3.5 million", one figure read at two scales."""
    if not (a.exact and b.exact) or not a.value or not b.value:
        return False
    ratio = max(abs(a.value), abs(b.value)) / min(abs(a.value), abs(b.value))
    return any(abs(ratio / scale - 1.0) < 1e-6 for scale in (1e3, 1e6, 1e9))


class _UnitRelation:
    """Whether the words counted by two quantities ("tanks", "километра"; "kilometres", "tanks") name
    different things, by the story's sentence encoder on the two words. Across languages the bar
    is the midpoint of the registry's ``unrelated`` and ``equivalent`` levels (single words embed
    closer than sentences, so it sits higher than for sentences). In one language a figure kept
    for the same thing keeps its word or a close synonym ("tanks" / "vehicles"), so two different
    words must come within ``SAME_LANGUAGE_MARGIN`` of ``equivalent``. Without an encoder nothing
    is unrelated."""

    SAME_LANGUAGE_MARGIN = 0.05

    def __init__(self, story: Story, *, same_language: bool = False) -> None:
        self.story = story
        self.encoder = story.settings.get("encoder")
        thresholds = story.settings.get("thresholds") or {}
        self.reads_words = bool(self.encoder is not None and "span_layer" in thresholds)
        unrelated = float(thresholds.get("unrelated", 0.78))
        equivalent = float(thresholds.get("equivalent", 0.92))
        self.level = (equivalent - self.SAME_LANGUAGE_MARGIN if same_language
                      else (unrelated + equivalent) / 2 - 0.01)

    def unrelated(self, a: str | None, b: str | None) -> bool:
        if self.encoder is None or not a or not b or not a.isalpha() or not b.isalpha():
            return False
        if mostly_unspaced(a) or mostly_unspaced(b):
            return False  # the "word" after a figure in Chinese is the rest of the clause
        va, vb = self.encoder.encode([a, b])
        return float(va @ vb) < self.level

    def aligned(self, pair: AlignedPair, a: Quantity, b: Quantity) -> bool:
        """Whether the words the two quantities count are each other's partners in the pair's
        word alignment (contextual token vectors, as the span detector reads them): the same
        thing counted, whatever a single word's embedding says ("holes" / "лунок", a golf hole
        in the genitive, embeds below the bar on its own)."""
        if not self.reads_words or not a.unit or not b.unit:
            return False
        alignment = word_alignment(pair, self.story, self.story.settings.get("vectors") or self.encoder)
        i, j = _counted_word(alignment.source, a), _counted_word(alignment.target, b)
        return (i is not None and j is not None
                and int(alignment.source_partner[i]) == j and int(alignment.target_partner[j]) == i)


def _counted_word(words: list[WordScore], q: Quantity) -> int | None:
    """Position of the word a quantity counts (its ``unit``, the first word after it)."""
    for k, w in enumerate(words):
        if w.start >= q.end:
            return k if w.text.casefold() == (q.unit or "").casefold() else None
    return None


@DETECTORS.register("numbers", settings=NumberSettings)
class NumberDetector:
    """Reports quantities whose values differ (``number``) or whose writing differs (``variant``)."""

    name = "numbers"

    def __init__(self, settings: NumberSettings | None = None, spec: ModelSpec | None = None) -> None:
        self.settings = settings or NumberSettings()

    def detect(self, pair: AlignedPair, story: Story) -> list[Finding]:
        src, src_timed = _quantities(story, pair.source_text, pair.source_doc.language)
        tgt, tgt_timed = _quantities(story, pair.target_text, pair.target_doc.language)
        if not src or not tgt:
            return []
        src_glosses = _gloss_positions(story, pair.source_text, pair.source_doc.language)
        tgt_glosses = _gloss_positions(story, pair.target_text, pair.target_doc.language)
        s_len, t_len = max(1, len(pair.source_text)), max(1, len(pair.target_text))
        same_language = pair.source_doc.language == pair.target_doc.language != "und"

        def dist(a: Quantity, b: Quantity) -> float:
            return abs(a.start / s_len - b.start / t_len)

        related = _UnitRelation(story, same_language=same_language)

        def pairing(a: Quantity, b: Quantity) -> int:
            """0: the same amount; 1: an exact one inside a vague one ("30" / "dozens"); 2: a
            different one; 3: an overlap across the sentence, which is no reason to pass over a
            nearer figure ("six longs mois ... beaucoup de gens" / "four long months ... many")."""
            if (a.same_value(b) and not _other_unit(a, b)) or _converted(a, b) or _rounded_alike(a, b):
                return 0
            if (a.overlaps(b) and not _other_unit(a, b)) or _overlap_in_units(a, b):
                return 1 if dist(a, b) <= 0.5 else 3
            return 2

        def glossed_apart(i: int, j: int) -> bool:
            # A version's own conversion in brackets meets only another's in the same unit.
            if (i in src_glosses) != (j in tgt_glosses):
                return True
            return i in src_glosses and not _same_gloss_unit(pair.source_text, src[i], pair.target_text, tgt[j])

        candidates = sorted((rank, dist(a, b), i, j)
                            for i, a in enumerate(src) for j, b in enumerate(tgt)
                            if not glossed_apart(i, j)
                            for rank in [pairing(a, b)]
                            if _compatible(a, b) or (_rank_or_count(a, b)
                                                     and (rank == 0 or related.aligned(pair, a, b))))
        used_a: set[int] = set()
        used_b: set[int] = set()
        findings: list[Finding] = []
        cfg = self.settings
        s0, t0 = pair.source_span[0], pair.target_span[0]
        for rank, gap, i, j in candidates:
            if i in used_a or j in used_b:
                continue
            a, b = src[i], tgt[j]
            if rank == 3:
                continue
            if rank == 2 and gap > 0.5 and not (len(src) == 1 and len(tgt) == 1 and a.kind == b.kind == "cardinal"
                                                and ((_digits(a) and _digits(b)) or (a.unit and b.unit))):
                # Far apart and unequal: more likely two different facts than a change, unless
                # each side has this one figure (word order differs most between distant
                # languages: "超过2300人" ends the sentence, "more than 2,300" opens it; "Three
                # people were injured when ..." / "... wurden drei Personen verletzt"), in digits
                # or with the words they count, which the unit check below compares.
                continue
            if rank != 0 and (i in src_timed) != (j in tgt_timed) and not _may_be_time(b if i in src_timed else a):
                # A span of time against a count of something else ("10 лет позже" / "las dos
                # iglesias"): two facts.
                continue
            if rank == 2 and a.kind == "ordinal" and (_first_word(a) or _first_word(b)):
                # "first" is the idiom of many words that are no rank ("opener", "initial",
                # "halftime" = "la primera mitad"): set against another rank it is no changed figure.
                continue
            if rank == 2 and _other_currency(pair.source_text, a, pair.target_text, b):
                continue  # "4,2 Millionen Euro" / "$4.5 million": two amounts, rates change
            if (rank == 2 and not (same_language and a.unit and b.unit and a.unit.casefold() == b.unit.casefold())
                    and related.unrelated(a.unit, b.unit) and not related.aligned(pair, a, b)):
                # "12 tanks" / "12 километра", "10 kilometres" / "dozens of tanks": counts of
                # different things, not one figure changed.
                continue
            used_a.add(i)
            used_b.add(j)
            if i in src_timed and j in tgt_timed:
                continue  # two durations: the time detector compares them
            if _converted(a, b) or _rounded_alike(a, b):
                continue  # the same amount in another unit, or rounded otherwise: a translator's conversion
            if ((_approximate(pair.source_text, a, pair.source_doc.language)
                 or _approximate(pair.target_text, b, pair.target_doc.language))
                    and _converted(a, b, APPROXIMATE_TOLERANCE)):
                continue  # a conversion the version itself says is approximate
            floor = _floor_dropped(pair, a, b, story) if rank == 0 else None
            if floor is not None:
                (fa0, fa1), (fb0, fb1) = floor
                # One figure a side of the same value is the same figure wherever the language
                # puts it; among several, the nearer in place.
                sure = 1.0 if len(src) == len(tgt) == 1 else max(0.2, 1.0 - 0.8 * gap)
                findings.append(Finding(
                    "number", pair.source_side(s0 + fa0, s0 + fa1), pair.target_side(t0 + fb0, t0 + fb1),
                    f"The figure is a floor in one version and not in the other: "
                    f"\"{pair.target_text[fb0:fb1]}\" here, \"{pair.source_text[fa0:fa1]}\" in the reference.",
                    severity=round(cfg.change_base + cfg.floor_weight * sure, 3),
                    evidence={"confidence": round(sure, 4), "floor_dropped": 1.0,
                              "position_gap": round(gap, 4)}, detector=self.name))
                continue
            if rank == 0 and (_written(a) == _written(b) or not (a.exact and b.exact)):
                continue  # same value, same way of writing it ("deux" / "two" is translation)
            if rank == 1 and not a.exact and not b.exact:
                continue  # two overlapping vague amounts ("dozens" / "numerous"): a paraphrase
            # Unpaired leftovers on either side make a positional pairing less certain.
            ambiguity = (len(src) - 1) + (len(tgt) - 1)
            unit_match = 0.5 if not same_language or not (a.unit and b.unit) else float(a.unit == b.unit)
            confidence = max(0.2, min(1.0, 1.0 - 0.8 * gap - 0.08 * ambiguity + 0.2 * (unit_match - 0.5)))
            if unit_match == 0.0:
                confidence *= 0.6  # "dozens of strikes" / "several towns": likely two facts
            # Both values also occur elsewhere in the other version: moved, not changed.
            elsewhere = (rank == 2 and not a.same_value(b) and _in_document(a, pair.target_doc, story)
                         and _in_document(b, pair.source_doc, story))
            if elsewhere:
                confidence *= 0.35
            evidence = {
                "confidence": round(confidence, 4),
                "relative_difference": round(_rel_diff(a, b), 4),
                "position_gap": round(gap, 4),
                "source_exact": float(a.exact),
                "target_exact": float(b.exact),
                "unit_match": unit_match,
                "candidates": float(len(src) + len(tgt)),
                "found_elsewhere": float(elsewhere),
            }
            side_a = pair.source_side(s0 + a.start, s0 + a.end)
            side_b = pair.target_side(t0 + b.start, t0 + b.end)
            if rank == 0:
                findings.append(Finding(
                    "variant", side_a, side_b,
                    f"The same figure is written differently: {_describe(b)} here, {_describe(a)} "
                    f"in the reference.", severity=cfg.variant_severity, evidence=evidence, detector=self.name))
            elif _scale_only(a, b):
                findings.append(Finding(
                    "variant", side_a, side_b,
                    f"The same digits at another scale: {_describe(b)} here, {_describe(a)} in the reference "
                    f"(a scale word read on one side only).", severity=cfg.vaguer_base, evidence=evidence,
                    detector=self.name))
            elif rank == 1:
                # "30" vs "dozens": the figure is vaguer, not different.
                findings.append(Finding(
                    "variant", side_a, side_b,
                    f"The figure is less precise: {_describe(b)} here, {_describe(a)} in the reference.",
                    severity=round(cfg.vaguer_base + cfg.vaguer_weight * confidence, 3), evidence=evidence,
                    detector=self.name))
            else:
                rel = evidence["relative_difference"]
                said = f"{_describe(b)} here is {_describe(a)} in the reference"
                if _other_unit(a, b):
                    # "30 yards" / "30 mètres": the digits agree, the amount does not. The spans
                    # take in the units, so that the story's event quotes what changed.
                    ua, ub = _readings(a, b)[0]
                    x, y = ua.base(a.value), ub.base(b.value)
                    rel = abs(x - y) / max(abs(x), abs(y), 1e-9)
                    said = f'"{b.text} {b.unit}" here is "{a.text} {a.unit}" in the reference'
                    side_a = pair.source_side(s0 + a.start, s0 + _unit_end(pair.source_text, a))
                    side_b = pair.target_side(t0 + b.start, t0 + _unit_end(pair.target_text, b))
                # Both figures written elsewhere in the other version (moved, not changed): how far
                # apart they are says nothing of a change.
                severity = (cfg.change_base + cfg.change_weight * confidence
                            + (0.0 if elsewhere else cfg.difference_weight * min(1.0, rel * 2)))
                findings.append(Finding(
                    "number", side_a, side_b,
                    f"The figure changes: {said}.",
                    severity=round(min(1.0, severity), 3), evidence=evidence, detector=self.name))
        return findings
