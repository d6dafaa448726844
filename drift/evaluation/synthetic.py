"""Synthetic drift: inject one labelled difference into a clean parallel sentence, then score drift.

    python -m drift.evaluation.synthetic [--per-category N] [--quick] [--seed S] [--model NAME] [--json]

The clean text (``eval/synthetic_data/clean.jsonl``) is ~50 one-sentence news units written for
this project, each in English, French and Bulgarian as faithful translations of one another.
The injector changes exactly one thing in one version and records what and where:

- ``entity``: a name swapped for another of the same type (and gender), or misspelt by one
  character ("Markova" -> "Markkova");
- ``attribution``: the speaker swapped ("the police said" -> "the opposition said") or the
  whole attribution dropped;
- ``number``: a value changed, its format kept; ``time``: a weekday, month, day or year changed;
- ``addition`` / ``omission``: a characterising clause inserted after a name / a clause deleted;
- ``modality``: a hedge made certain ("may" -> "will") or dropped ("allegedly");
- ``framing``: a neutral word made loaded ("protesters" -> "rioters");
- ``variant`` (benign): a number reformatted ("1,200" -> "1 200") or a name transliterated
  between Latin and Cyrillic; ``control``: no change at all.

Monolingual rows compare a version with its own drifted copy (en-en, fr-fr, bg-bg);
cross-lingual rows compare the English original with a drifted French or Bulgarian translation
(en-fr, en-bg), so the detector has to see the drift through the translation. Everything is
deterministic for a seed. The dataset is rebuilt on demand into ``eval/results/`` (gitignored):
nothing generated is committed.

``evaluate_synthetic`` runs a compare function on every pair and counts, per category, pairs
where a flagged finding of the injected category overlaps the injected span (true positives)
and pairs with a flagged finding of a category that was not injected there (false positives;
on variant and control rows everything flagged is one).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from drift.evaluation.paths import EVAL_DIR

if TYPE_CHECKING:  # datasets and the drift pipeline are heavy; only the functions that use them import.
    import datasets

from drift.categories import DRIFT  # light modules: no model, no pipeline
from drift.words import overlaps

DATA_DIR = EVAL_DIR / "synthetic_data"
CLEAN_PATH = DATA_DIR / "clean.jsonl"
LEXICON_PATH = DATA_DIR / "lexicon.json"
RESULTS_DIR = EVAL_DIR / "results" / "synthetic"
# Bump when the injection logic changes, so a cached dataset of the old logic is never reused.
GENERATOR_VERSION = "1"

LANGS = ("en", "fr", "bg")
# Monolingual pairs first, then cross-lingual (reference always English, the original language
# of the wire); the round-robin below covers every pair within any five rows of a category.
LANGUAGE_PAIRS: tuple[tuple[str, str], ...] = (("en", "en"), ("fr", "fr"), ("bg", "bg"),
                                               ("en", "fr"), ("en", "bg"))
KINDS: dict[str, tuple[str, ...]] = {
    "entity": ("entity_substitute", "entity_misspell"),
    "attribution": ("attribution_swap", "attribution_drop"),
    "number": ("number_change",),
    "time": ("time_change",),
    "addition": ("clause_addition",),
    "omission": ("clause_deletion",),
    "modality": ("modality_swap", "modality_drop"),
    "framing": ("framing_swap",),
    "variant": ("number_format", "transliteration"),
    "control": ("no_change",),
}
CATEGORIES = tuple(KINDS)
DRIFT_CATEGORIES = tuple(c for c in CATEGORIES if c in DRIFT)  # "control" is no finding category
BENIGN_CATEGORIES = ("variant", "control")
NO_SPAN = -1

COLUMNS = ("id", "unit_id", "category", "kind", "language_pair", "mode", "reference",
           "reference_lang", "target", "target_lang", "ref_start", "ref_end", "tgt_start", "tgt_end",
           "original", "new")


# --- data ----------------------------------------------------------------------------------------


@cache
def load_lexicon() -> dict[str, Any]:
    return json.loads(LEXICON_PATH.read_text(encoding="utf-8"))


@cache
def _load_units_cached() -> tuple[dict[str, Any], ...]:
    units = []
    for number, line in enumerate(CLEAN_PATH.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                units.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ValueError(f"{CLEAN_PATH}:{number}: {exc}") from None
    return tuple(units)


def load_units() -> list[dict[str, Any]]:
    """The clean parallel units (one dict per line of clean.jsonl)."""
    return list(_load_units_cached())


def data_fingerprint() -> str:
    """Hash of the clean text, the lexicon and the generator version: names the dataset cache."""
    digest = hashlib.sha256(GENERATOR_VERSION.encode())
    for path in (CLEAN_PATH, LEXICON_PATH):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


# --- finding the spans an injection can target --------------------------------------------------


@dataclass(frozen=True)
class Item:
    """A span of one language's clean text that an injector can change.

    ``key`` names the same item in the other languages (a number by its value, a weekday by its
    index, a hedge by its position among the sentence's hedges), which is how a cross-lingual row
    finds the English counterpart of what it changed in the translation.
    """

    key: tuple[Any, ...]
    start: int
    end: int
    text: str
    info: Any = None


def _alternation(words: Iterable[str]) -> str:
    # Longest first so "could" never wins over a longer phrase sharing its start.
    return "(?:" + "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)) + ")"


def _word_pattern(words: Iterable[str]) -> str:
    return r"(?<!\w)" + _alternation(words) + r"(?!\w)"


def _find_surface(text: str, surface: str) -> int:
    """Offset of a name or phrase in the text, also when it opens the sentence (capitalised)."""
    for variant in (surface, surface[:1].upper() + surface[1:]):
        match = re.search(r"(?<!\w)" + re.escape(variant) + r"(?!\w)", text)
        if match:
            return match.start()
    return -1


_THOUSANDS = {"en": ",", "fr": " \u00a0\u202f", "bg": " \u00a0\u202f"}
_DECIMAL = {"en": ".", "fr": ",", "bg": ","}


def _number_regex(lang: str) -> re.Pattern[str]:
    group = "[" + re.escape(_THOUSANDS[lang]) + "]"
    decimal = re.escape(_DECIMAL[lang])
    # Not glued to letters ("5G", "COVID-19") or to another number's separator.
    return re.compile(rf"(?<![\w.,])(?:\d{{1,3}}(?:{group}\d{{3}})+|\d+)(?:{decimal}\d+)?(?![\w])"
                      rf"(?!{decimal}\d)")


def number_value(text: str, lang: str) -> float:
    """The value of a digit string written in ``lang``'s format ("1 200,5" in fr -> 1200.5)."""
    cleaned = "".join(ch for ch in text if ch not in _THOUSANDS[lang])
    return float(cleaned.replace(_DECIMAL[lang], "."))


def find_times(text: str, lang: str) -> list[Item]:
    """Weekdays, months, years and day-of-month numbers, keyed by kind and value."""
    lex = load_lexicon()
    items: list[Item] = []
    flags = 0 if lang == "en" else re.IGNORECASE  # English "May" the month, never "may" the hedge
    for kind in ("weekdays", "months"):
        names = lex[kind][lang]
        for match in re.finditer(_word_pattern(names), text, flags):
            index = [n.lower() for n in names].index(match.group().lower())
            items.append(Item((kind[:-1], index), match.start(), match.end(), match.group()))
    months = _alternation(lex["months"][lang])
    for match in re.finditer(r"(?<![\w.,])(?:19|20)\d\d(?![\w.,]\d|\w)", text):
        items.append(Item(("year", int(match.group())), match.start(), match.end(), match.group()))
    for match in re.finditer(rf"(?<![\w.,])(\d{{1,2}}) (?={months}(?!\w))", text, flags):
        items.append(Item(("day", int(match.group(1))), match.start(1), match.end(1), match.group(1)))
    return sorted(items, key=lambda i: i.start)


def find_numbers(text: str, lang: str) -> list[Item]:
    """Quantities in digits or number words, keyed by value; years and dates are time, not numbers."""
    taken = [(t.start, t.end) for t in find_times(text, lang)]
    items = []
    for match in _number_regex(lang).finditer(text):
        if any(s < match.end() and match.start() < e for s, e in taken):
            continue
        items.append(Item(("number", number_value(match.group(), lang)), match.start(), match.end(),
                          match.group(), "digits"))
    words = load_lexicon()["number_words"][lang]["values"]
    for match in re.finditer(_word_pattern(words), text, re.IGNORECASE):
        value = words[match.group().lower()]
        items.append(Item(("number", float(value)), match.start(), match.end(), match.group(), "word"))
    return sorted(items, key=lambda i: i.start)


def _find_ordinal(text: str, words: Mapping[str, Any], name: str, flags: int = 0) -> list[Item]:
    items = []
    for position, match in enumerate(re.finditer(_word_pattern(words), text, flags)):
        info = words.get(match.group(), words.get(match.group().lower()))
        items.append(Item((name, position), match.start(), match.end(), match.group(), info))
    return items


def find_hedges(text: str, lang: str) -> list[Item]:
    """Hedges in order; ``info`` is ("swap", certainty) or ("drop", neighbour side)."""
    table = load_lexicon()["modality"][lang]
    words = {w: ("swap", c) for w, c in table["swap"].items()}
    words.update({w: ("drop", side) for w, side in table["drop"].items()})
    # Case-sensitive: "May" is a month in English.
    return _find_ordinal(text, words, "hedge")


def find_framing(text: str, lang: str) -> list[Item]:
    """Neutral words that have a loaded counterpart, in order; ``info`` is the loaded word."""
    return _find_ordinal(text, load_lexicon()["framing"][lang], "framing", re.IGNORECASE)


def find_entities(unit: Mapping[str, Any], lang: str) -> list[Item]:
    """The unit's annotated names as they occur in ``lang`` (info = the pool key)."""
    names = load_lexicon()["names"]
    text = unit[lang]
    items = []
    for key in unit.get("entities", []):
        surface = names[key][lang]
        start = _find_surface(text, surface)
        if start < 0:
            raise ValueError(f"{unit['id']}/{lang}: entity {surface!r} not found")
        items.append(Item(("entity", key), start, start + len(surface), text[start:start + len(surface)], key))
    return items


def find_annotated(unit: Mapping[str, Any], lang: str, field: str) -> list[Item]:
    """The unit's annotated speaker / attribution / clause span in ``lang``, if any."""
    if field not in unit:
        return []
    surface = unit[field][lang]
    start = unit[lang].find(surface)
    if start < 0:
        raise ValueError(f"{unit['id']}/{lang}: {field} {surface!r} not found")
    return [Item((field,), start, start + len(surface), surface)]


def items_for(unit: Mapping[str, Any], lang: str, what: str) -> list[Item]:
    text = unit[lang]
    if what == "number":
        return find_numbers(text, lang)
    if what == "time":
        return find_times(text, lang)
    if what == "hedge":
        return find_hedges(text, lang)
    if what == "framing":
        return find_framing(text, lang)
    if what == "entity":
        return find_entities(unit, lang)
    return find_annotated(unit, lang, what)


def counterpart(unit: Mapping[str, Any], lang: str, key: tuple[Any, ...]) -> Item | None:
    """The item of ``lang`` with the same key (the same fact in that translation)."""
    what = {"weekday": "time", "month": "time", "year": "time", "day": "time"}.get(key[0], key[0])
    for item in items_for(unit, lang, what):
        if item.key == key:
            return item
    return None


def check_units(units: Sequence[Mapping[str, Any]] | None = None) -> list[str]:
    """Problems with the clean data: spans not found, translations that disagree on a fact."""
    problems = []
    verbs = load_lexicon()["attribution_verbs"]
    for unit in units if units is not None else load_units():
        for what in ("number", "time", "hedge", "framing", "entity", "speaker", "attribution", "clause"):
            try:
                keys = {lang: sorted(map(str, (i.key for i in items_for(unit, lang, what)))) for lang in LANGS}
            except ValueError as exc:
                problems.append(str(exc))
                continue
            if not keys["en"] == keys["fr"] == keys["bg"]:
                problems.append(f"{unit['id']}: {what} differ across languages: {keys}")
        for lang in LANGS:
            phrase = unit.get("attribution", {}).get(lang)
            if phrase and not any(v in phrase for v in verbs[lang]):
                problems.append(f"{unit['id']}/{lang}: attribution {phrase!r} has no attribution verb")
    return problems


# --- injections ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Edit:
    """One change to a clean text: ``text[start:end]`` becomes ``replacement``.

    ``orig`` is the labelled original span in the clean text (None for an addition); ``new`` the
    labelled span inside ``replacement`` (None for an omission); ``whole_target`` marks a dropped
    attribution, whose target span is the claim now stated without a source. ``anchor`` is the
    key of the changed item, to find its counterpart in a reference of another language.
    """

    kind: str
    start: int
    end: int
    replacement: str
    orig: tuple[int, int] | None
    new: tuple[int, int] | None
    anchor: tuple[Any, ...] | None
    whole_target: bool = False


def _match_case(template: str, word: str) -> str:
    """``word`` capitalised like ``template`` (a replaced sentence opener stays capitalised)."""
    if template[:1].isupper() and word[:1].islower():
        return word[:1].upper() + word[1:]
    if template[:1].islower() and word[:1].isupper() and not template[:1].isupper():
        return word[:1].lower() + word[1:]
    return word


def _as_placed(item: Item, surface: str) -> str:
    """A pool form (name, speaker) as written at the item's place: capitalised only as the
    sentence opener, since "Федерацията" in mid-sentence does not make a speaker a proper name."""
    return surface[:1].upper() + surface[1:] if item.start == 0 else surface


def _replace(kind: str, item: Item, new_text: str) -> Edit:
    return Edit(kind, item.start, item.end, new_text, (item.start, item.end), (0, len(new_text)), item.key)


def _is_cyrillic(text: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in text)


_VOWEL_SWAPS = {"a": "o", "o": "a", "e": "i", "i": "e", "u": "o",
                "а": "о", "о": "а", "е": "и", "и": "е", "у": "ю"}
_VOWELS = set(_VOWEL_SWAPS)


def misspell(name: str, rng: random.Random) -> str:
    """A one-character edit that keeps the name name-like: a doubled consonant, a swapped vowel
    or an extra final letter ("Sham" -> "Shams"); never the article of a French org."""
    words = [(m.start(), m.group()) for m in re.finditer(r"\w+", name)
             if len(m.group()) >= 4 and m.group()[0].isupper()]
    offset, word = rng.choice(words)
    ops = ["double", "vowel", "append"]
    rng.shuffle(ops)
    for op in ops:
        inner = range(1, len(word) - 1)
        if op == "double":
            spots = [i for i in inner if word[i].lower() not in _VOWELS and word[i] != word[i - 1]
                     and word[i] != word[i + 1]]
            if spots:
                i = rng.choice(spots)
                new_word = word[:i + 1] + word[i] + word[i + 1:]
                break
        elif op == "vowel":
            spots = [i for i in inner if word[i] in _VOWELS]
            if spots:
                i = rng.choice(spots)
                new_word = word[:i] + _VOWEL_SWAPS[word[i]] + word[i + 1:]
                break
        else:
            last = word[-1]
            extra = "с" if _is_cyrillic(word) else "s"
            if last.lower() not in {"s", "с"}:
                new_word = word + extra
                break
    else:  # pragma: no cover - every name of four letters has a vowel or a consonant to double
        raise ValueError(f"cannot misspell {name!r}")
    return name[:offset] + new_word + name[offset + len(word):]


# Latin -> Cyrillic for names without a pool form; digraphs before single letters.
_LATIN_TO_CYRILLIC = [("sht", "щ"), ("sh", "ш"), ("ch", "ч"), ("zh", "ж"), ("ts", "ц"), ("yu", "ю"),
                      ("ya", "я"), ("kh", "х"), ("a", "а"), ("b", "б"), ("c", "к"), ("d", "д"),
                      ("e", "е"), ("f", "ф"), ("g", "г"), ("h", "х"), ("i", "и"), ("j", "дж"),
                      ("k", "к"), ("l", "л"), ("m", "м"), ("n", "н"), ("o", "о"), ("p", "п"),
                      ("q", "к"), ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"), ("v", "в"),
                      ("w", "у"), ("x", "кс"), ("y", "й"), ("z", "з")]


def to_cyrillic(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        for latin, cyr in _LATIN_TO_CYRILLIC:
            chunk = text[i:i + len(latin)]
            if chunk.lower() == latin:
                out.append(cyr.capitalize() if chunk[0].isupper() else cyr)
                i += len(latin)
                break
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def transliterate(name: str, key: str | None = None) -> str:
    """The other script's form of a name: the pool's Bulgarian spelling for a Latin name (what a
    Bulgarian outlet prints), anyascii for a Cyrillic one."""
    if _is_cyrillic(name):
        from anyascii import anyascii
        return anyascii(name)
    if key is not None:
        return load_lexicon()["names"][key]["bg"]
    return to_cyrillic(name)


def _change_digit(text: str, rng: random.Random) -> str:
    digits = [i for i, ch in enumerate(text) if ch.isdigit()]
    significant = [i for i in digits if text[i] != "0"][:2] or digits[:1]
    i = rng.choice(significant)
    leading = i == digits[0] and len(digits) > 1
    choices = [d for d in "0123456789" if d != text[i] and not (leading and d == "0")]
    return text[:i] + rng.choice(choices) + text[i + 1:]


def reformat_number(text: str, lang: str) -> str | None:
    """The same value in another common format ("1,200" -> "1 200", "4,5" -> "4.5"), or None."""
    if lang == "en":
        if "," in text:
            return text.replace(",", " ")
        if "." in text:
            return text.replace(".", ",")
        return None
    if any(sep in text for sep in _THOUSANDS[lang]):
        return "".join(ch for ch in text if ch not in _THOUSANDS[lang])
    if "," in text:
        return text.replace(",", ".")
    whole = text
    if len(whole) >= 4:  # 1350 -> 1 350
        head = len(whole) % 3 or 3
        return whole[:head] + "".join(" " + whole[i:i + 3] for i in range(head, len(whole), 3))
    return None


def _word_after(text: str, end: int) -> tuple[int, int] | None:
    match = re.compile(r"\s+(\w+)").match(text, end)
    return (match.start(1), match.end(1)) if match else None


def _word_before(text: str, start: int) -> tuple[int, int] | None:
    match = re.search(r"(\w+)\s+$", text[:start])
    return (match.start(1), match.end(1)) if match else None


def _insertion_slots(unit: Mapping[str, Any], lang: str) -> list[Item]:
    """Names (people, organisations) after which an appositive clause reads naturally."""
    names = load_lexicon()["names"]
    text = unit[lang]
    slots = []
    for item in find_entities(unit, lang):
        if names[item.info]["type"] not in ("person", "org"):
            continue
        after = text[item.end:item.end + 2]
        if after.startswith(",") or (after[:1] == " " and after[1:2].isalpha()):
            slots.append(item)
    return slots


def _bg_weekday_preposition(text: str, item: Item) -> tuple[int, str] | None:
    """Bulgarian writes "във вторник" but "в сряда": the preposition must follow the new day."""
    match = re.search(r"(?<!\w)(във|в) $", text[:item.start], re.IGNORECASE)
    return (match.start(), match.group(1)) if match else None


def candidates(unit: Mapping[str, Any], lang: str, kind: str) -> list[Item]:
    """The items of ``unit`` in ``lang`` that ``kind`` can change (empty: not injectable)."""
    names = load_lexicon()["names"]
    if kind in ("entity_substitute", "entity_misspell"):
        items = find_entities(unit, lang)
        if kind == "entity_misspell":
            items = [i for i in items if re.search(r"(?<!\w)[A-ZÀ-ÞА-Я]\w{3,}", i.text)]
        return items
    if kind == "transliteration":
        return [i for i in find_entities(unit, lang) if names[i.info]["type"] in ("person", "place")]
    if kind == "attribution_swap":
        return find_annotated(unit, lang, "speaker")
    if kind == "attribution_drop":
        return find_annotated(unit, lang, "attribution")
    if kind == "number_change":
        return find_numbers(unit[lang], lang)
    if kind == "number_format":
        return [i for i in find_numbers(unit[lang], lang)
                if i.info == "digits" and reformat_number(i.text, lang) is not None]
    if kind == "time_change":
        return find_times(unit[lang], lang)
    if kind == "clause_addition":
        return _insertion_slots(unit, lang)
    if kind == "clause_deletion":
        return find_annotated(unit, lang, "clause")
    if kind in ("modality_swap", "modality_drop"):
        wanted = kind.split("_")[1]
        return [i for i in find_hedges(unit[lang], lang) if i.info[0] == wanted]
    if kind == "framing_swap":
        return find_framing(unit[lang], lang)
    if kind == "no_change":
        return [Item(("none",), 0, 0, "")]
    raise ValueError(f"unknown injection kind {kind!r}")


def inject(unit: Mapping[str, Any], lang: str, kind: str, rng: random.Random,
           item: Item | None = None) -> Edit | None:
    """One edit of ``kind`` to the ``lang`` version of ``unit`` (None when nothing fits)."""
    lex = load_lexicon()
    text = unit[lang]
    if item is None:
        options = candidates(unit, lang, kind)
        if not options:
            return None
        item = rng.choice(options)

    if kind == "no_change":
        return Edit(kind, 0, 0, "", None, None, None)
    if kind == "entity_substitute":
        pool = lex["names"]
        own = pool[item.info]
        taken = set(unit.get("entities", []))
        choices = [k for k, v in pool.items() if v["type"] == own["type"] and k not in taken
                   and v.get("gender") == own.get("gender")]
        return _replace(kind, item, _as_placed(item, pool[rng.choice(choices)][lang]))
    if kind == "entity_misspell":
        return _replace(kind, item, misspell(item.text, rng))
    if kind == "transliteration":
        return _replace(kind, item, transliterate(item.text, item.info))
    if kind == "attribution_swap":
        speakers = [s[lang] for s in lex["speakers"] if s[lang].lower() != item.text.lower()]
        return _replace(kind, item, _as_placed(item, rng.choice(speakers)))
    if kind in ("attribution_drop", "clause_deletion"):
        # The labelled span is the phrase without its joining comma, dash or space.
        lead = len(item.text) - len(item.text.lstrip(" ,–—"))
        orig = (item.start + lead, item.end)
        return Edit(kind, item.start, item.end, "", orig, None, item.key,
                    whole_target=kind == "attribution_drop")
    if kind == "number_change":
        if item.info == "word":
            group = next(g for g in lex["number_words"][lang]["groups"] if item.text.lower() in g)
            new = _match_case(item.text, rng.choice([w for w in group if w != item.text.lower()]))
        else:
            new = _change_digit(item.text, rng)
        return _replace(kind, item, new)
    if kind == "number_format":
        formatted = reformat_number(item.text, lang)
        assert formatted is not None  # candidates() keeps only reformattable numbers
        return _replace(kind, item, formatted)
    if kind == "time_change":
        return _change_time(text, lang, item, rng)
    if kind == "clause_addition":
        clause = rng.choice(lex["clauses"][lang])
        glue = ", " + clause if text[item.end:item.end + 1] == "," else ", " + clause + ","
        return Edit(kind, item.end, item.end, glue, None, (2, 2 + len(clause)), None)
    if kind == "modality_swap":
        return _replace(kind, item, _match_case(item.text, item.info[1]))
    if kind == "modality_drop":
        side = item.info[1]
        word = _word_after(text, item.end) if side == "next" else _word_before(text, item.start)
        if word is None:
            return None
        start, end = min(item.start, word[0]), max(item.end, word[1])
        kept = _match_case(text[start:end], text[word[0]:word[1]])
        return Edit(kind, start, end, kept, (start, end), (0, len(kept)), item.key)
    if kind == "framing_swap":
        return _replace(kind, item, _match_case(item.text, item.info))
    raise ValueError(f"unknown injection kind {kind!r}")


def _change_time(text: str, lang: str, item: Item, rng: random.Random) -> Edit:
    lex = load_lexicon()
    kind, value = item.key
    if kind == "year":
        new = str(value + rng.choice([-3, -2, -1, 1, 2, 3]))
    elif kind == "day":
        new = str(rng.choice([d for d in range(1, 29) if d != value]))
    else:
        names = lex[kind + "s"][lang]
        new = _match_case(item.text, rng.choice([n for i, n in enumerate(names) if i != value]))
        if lang == "bg" and kind == "weekday":
            prep = _bg_weekday_preposition(text, item)
            if prep is not None:
                start, old = prep
                word = "във" if new[:1].lower() in "вф" else "в"
                replacement = _match_case(old, word) + " " + new
                return Edit("time_change", start, item.end, replacement, (start, item.end),
                            (0, len(replacement)), item.key)
    return _replace("time_change", item, new)


# --- rows ----------------------------------------------------------------------------------------


def apply_edit(text: str, edit: Edit) -> tuple[str, tuple[int, int] | None]:
    """The drifted text and its labelled target span."""
    target = text[:edit.start] + edit.replacement + text[edit.end:]
    if edit.start == 0 and not edit.replacement and target:
        target = target[:1].upper() + target[1:]  # a dropped sentence opener leaves a lowercase start
    if edit.whole_target:
        return target, (0, len(target.rstrip(" .")))
    if edit.new is None:
        return target, None
    return target, (edit.start + edit.new[0], edit.start + edit.new[1])


def make_row(unit: Mapping[str, Any], pair: tuple[str, str], kind: str, rng: random.Random,
             row_id: str) -> dict[str, Any] | None:
    """One labelled (reference, drifted) pair, or None when ``kind`` does not fit this unit."""
    ref_lang, tgt_lang = pair
    edit = inject(unit, tgt_lang, kind, rng)
    if edit is None:
        return None
    clean = unit[tgt_lang]
    target, tgt_span = apply_edit(clean, edit)
    reference = unit[ref_lang]
    ref_span: tuple[int, int] | None = None
    if edit.orig is not None:
        if ref_lang == tgt_lang:
            ref_span = edit.orig
        else:
            other = counterpart(unit, ref_lang, edit.anchor) if edit.anchor else None
            if other is None:
                return None
            lead = len(other.text) - len(other.text.lstrip(" ,–—"))
            ref_span = (other.start + lead, other.end)
    category = next(c for c, kinds in KINDS.items() if kind in kinds)
    return {
        "id": row_id, "unit_id": unit["id"], "category": category, "kind": kind,
        "language_pair": f"{ref_lang}-{tgt_lang}",
        "mode": "monolingual" if ref_lang == tgt_lang else "cross-lingual",
        "reference": reference, "reference_lang": ref_lang, "target": target, "target_lang": tgt_lang,
        "ref_start": ref_span[0] if ref_span else NO_SPAN, "ref_end": ref_span[1] if ref_span else NO_SPAN,
        "tgt_start": tgt_span[0] if tgt_span else NO_SPAN, "tgt_end": tgt_span[1] if tgt_span else NO_SPAN,
        "original": clean[edit.orig[0]:edit.orig[1]] if edit.orig else "",
        "new": target[tgt_span[0]:tgt_span[1]] if tgt_span else "",
    }


def generate_rows(seed: int = 0, per_category: int = 50,
                  categories: Sequence[str] = CATEGORIES) -> list[dict[str, Any]]:
    """``per_category`` rows for each category, cycling through every (language pair, kind)."""
    units = load_units()
    rows: list[dict[str, Any]] = []
    for category in categories:
        kinds = KINDS[category]
        # 5 pairs and 1-2 kinds are coprime: j -> (pair, kind) visits every combination.
        combos = [(LANGUAGE_PAIRS[j % len(LANGUAGE_PAIRS)], kinds[j % len(kinds)])
                  for j in range(len(LANGUAGE_PAIRS) * len(kinds))]
        queues: dict[tuple[tuple[str, str], str], Iterator[dict[str, Any]]] = {}
        for pair, kind in combos:
            fitting = [u for u in units if candidates(u, pair[1], kind)]
            random.Random(f"{seed}|{category}|{pair}|{kind}").shuffle(fitting)
            queues[(pair, kind)] = _cycle(fitting)
        made, attempts, seen = 0, 0, set()
        # Past this many attempts the category has run out of distinct pairs (framing has only
        # a few units): repeats are then accepted rather than failing.
        patience = 20 * (per_category + len(combos))
        while made < per_category:
            pair, kind = combos[attempts % len(combos)]
            attempts += 1
            if attempts > 3 * patience:
                raise RuntimeError(f"cannot make {per_category} rows of {category}")
            unit = next(queues[(pair, kind)], None)
            if unit is None:
                continue
            row_id = f"s{seed}-{category}-{made:04d}"
            row = make_row(unit, pair, kind, random.Random(f"{seed}|{row_id}|{attempts}"), row_id)
            if row is None or ((row["reference"], row["target"]) in seen and attempts < patience):
                continue
            seen.add((row["reference"], row["target"]))
            rows.append(row)
            made += 1
    return rows


def _cycle(items: Sequence[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    while items:
        yield from items


def build_dataset(seed: int = 0, per_category: int = 50) -> datasets.Dataset:
    """The labelled pairs as a ``datasets.Dataset`` (columns: ``COLUMNS``; -1 where no span)."""
    import datasets

    rows = generate_rows(seed, per_category)
    features = datasets.Features({
        name: datasets.Value("int32") if name.endswith(("_start", "_end")) else datasets.Value("string")
        for name in COLUMNS})
    return datasets.Dataset.from_dict({name: [row[name] for row in rows] for name in COLUMNS},
                                      features=features)


def dataset_path(seed: int, per_category: int) -> Path:
    return RESULTS_DIR / f"seed{seed}-n{per_category}-{data_fingerprint()}"


def load_or_build(seed: int = 0, per_category: int = 50, *, rebuild: bool = False) -> datasets.Dataset:
    """The dataset from its cache folder under eval/results/, built (and saved) when missing."""
    import datasets

    path = dataset_path(seed, per_category)
    if path.exists() and not rebuild:
        return datasets.load_from_disk(str(path))
    dataset = build_dataset(seed, per_category)
    save(dataset, path)
    return dataset


def save(dataset: datasets.Dataset, path: str | Path) -> Path:
    """``save_to_disk`` for a folder, Parquet for a ``*.parquet`` path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".parquet":
        dataset.to_parquet(str(path))
    else:
        dataset.save_to_disk(str(path))
    return path


# --- evaluation ----------------------------------------------------------------------------------

Span = tuple[int, int] | None


@dataclass(frozen=True)
class Flag:
    """A flagged finding reduced to what the counting needs."""

    category: str
    source: Span
    target: Span


def _side_span(side: Any) -> Span:
    if side is None:
        return None
    start = side.get("start") if isinstance(side, Mapping) else getattr(side, "start", None)
    end = side.get("end") if isinstance(side, Mapping) else getattr(side, "end", None)
    return None if start is None or end is None else (int(start), int(end))


def flagged_findings(report: Any, threshold: float | None = None) -> list[Flag]:
    """Findings at or above the threshold, from a ``Report`` or its JSON dict."""
    if isinstance(report, Mapping):
        findings = report.get("findings", [])
        default = report.get("settings", {}).get("threshold", 0.5)
    else:
        findings = report.findings
        default = getattr(report, "threshold", 0.5)
    cut = default if threshold is None else threshold
    out = []
    for f in findings:
        get: Any = f.get if isinstance(f, Mapping) else lambda name, f=f: getattr(f, name)
        if float(get("severity")) >= cut:
            out.append(Flag(get("category"), _side_span(get("source")), _side_span(get("target"))))
    return out


def matches(flag: Flag, row: Mapping[str, Any]) -> bool:
    """Whether a flagged finding of the row's category points at the injected span.

    The target side decides (the source side for an omission, which has no target span); a
    finding that has no span on that side is judged on its other side.
    """
    if flag.category != row["category"]:
        return False
    tgt: Span = (row["tgt_start"], row["tgt_end"]) if row["tgt_start"] >= 0 else None
    ref: Span = (row["ref_start"], row["ref_end"]) if row["ref_start"] >= 0 else None
    if tgt is not None:
        return overlaps(flag.target, tgt) if flag.target is not None else overlaps(flag.source, ref)
    return overlaps(flag.source, ref) if flag.source is not None else False


CompareFn = Callable[[list[Any]], Any]


def row_documents(row: Mapping[str, Any]) -> list[Any]:
    from drift.documents import document_from_text

    return [document_from_text(row["reference"], "reference", language=row["reference_lang"]),
            document_from_text(row["target"], "target", language=row["target_lang"])]


def evaluate_synthetic(dataset: Iterable[Mapping[str, Any]], compare_fn: CompareFn, *,
                       threshold: float | None = None) -> dict[str, Any]:
    """Per-category precision and recall of ``compare_fn`` on the labelled pairs.

    ``compare_fn`` takes ``[reference_doc, target_doc]`` (drift Documents) and returns a
    ``Report`` or its JSON dict. Counting is per pair: a pair is a true positive of its category
    when a flagged finding of that category overlaps the injected span; a pair is a false
    positive of category K when it has a flagged K finding and is not a true positive of K
    (K not injected there, or found in the wrong place). Support counts the pairs injected
    with each drift category; variant and control pairs have none and feed only false positives.
    """
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    support: Counter[str] = Counter()
    by_pair: dict[str, Counter[str]] = defaultdict(Counter)
    benign: Counter[str] = Counter()
    benign_flagged: Counter[str] = Counter()
    start = time.perf_counter()
    rows = 0
    for row in dataset:
        rows += 1
        flags = flagged_findings(compare_fn(row_documents(row)), threshold)
        injected = row["category"]
        hit = any(matches(f, row) for f in flags)
        if injected in DRIFT_CATEGORIES:
            support[injected] += 1
            by_pair[row["language_pair"]]["support"] += 1
            if hit:
                tp[injected] += 1
                by_pair[row["language_pair"]]["tp"] += 1
        else:
            benign[row["kind"]] += 1
            benign_flagged[row["kind"]] += bool(flags)
        for category in {f.category for f in flags}:
            if not (category == injected and hit):
                fp[category] += 1
    per_category: dict[str, dict[str, Any]] = {}
    for category in [c for c in DRIFT_CATEGORIES if support[c]] + sorted(set(fp) - set(support)):
        predicted = tp[category] + fp[category]
        per_category[category] = {
            "precision": round(tp[category] / predicted, 4) if predicted else 0.0,
            # A category never injected here (e.g. "other") has no recall to report.
            "recall": round(tp[category] / support[category], 4) if support[category] else None,
            "support": support[category], "tp": tp[category], "fp": fp[category],
            "fn": support[category] - tp[category],
        }
    n_benign = sum(benign.values())
    return {
        "per_category": per_category,
        "benign": {"pairs": n_benign, "flagged_pairs": sum(benign_flagged.values()),
                   "false_alarm_rate": round(sum(benign_flagged.values()) / n_benign, 4) if n_benign else 0.0,
                   "by_kind": {k: {"pairs": benign[k], "flagged_pairs": benign_flagged[k]} for k in sorted(benign)}},
        "by_language_pair": {p: {"recall": round(c["tp"] / c["support"], 4) if c["support"] else 0.0,
                                 "support": c["support"]} for p, c in sorted(by_pair.items())},
        "pairs": rows,
        "seconds": round(time.perf_counter() - start, 2),
    }


def make_compare_fn(dataset: Iterable[Mapping[str, Any]] | None = None, *, model: str | None = None,
                    config: Any = None, encoder: Any = None) -> CompareFn:
    """``drift.compare`` over one shared encoder (``encoder`` or loaded once); with ``dataset``,
    every sentence of every pair is encoded up front in one batch so each comparison reads the
    encoder's cache instead of running the model on two sentences at a time."""
    from drift.api import compare
    from drift.config import Config, load_config
    from drift.encoders import load_encoder
    from drift.segment import segment

    cfg = config if isinstance(config, Config) else load_config(config)
    encoder = encoder or load_encoder(cfg.model_spec(model))
    if dataset is not None:
        texts = [s.text for row in dataset for doc in row_documents(row) for s in segment(doc)]
        encoder.encode(list(dict.fromkeys(texts)))

    def compare_fn(docs: list[Any]) -> Any:
        return compare(docs, config=cfg, model=model, encoder=encoder)

    return compare_fn


# --- command line --------------------------------------------------------------------------------


def format_table(result: Mapping[str, Any]) -> str:
    lines = [f"{'category':<12} {'support':>7} {'tp':>4} {'fp':>4} {'precision':>9} {'recall':>7}"]
    for category, m in result["per_category"].items():
        recall = "-" if m["recall"] is None else f"{m['recall']:.2f}"
        lines.append(f"{category:<12} {m['support']:>7} {m['tp']:>4} {m['fp']:>4} "
                     f"{m['precision']:>9.2f} {recall:>7}")
    b = result["benign"]
    kinds = ", ".join(f"{k} {v['flagged_pairs']}/{v['pairs']}" for k, v in b["by_kind"].items())
    lines.append(f"benign pairs flagged: {b['flagged_pairs']}/{b['pairs']} ({kinds})")
    lines.append("recall by language pair: " + ", ".join(
        f"{p} {m['recall']:.2f} (n={m['support']})" for p, m in result["by_language_pair"].items()))
    lines.append(f"{result['pairs']} pairs in {result['seconds']:.1f}s")
    return "\n".join(lines)


def load_dataset_file(path: str | Path) -> datasets.Dataset:
    """A saved dataset: a ``save_to_disk`` folder or a Parquet file (``--data``)."""
    import datasets

    path = Path(path)
    if path.is_dir():
        return datasets.load_from_disk(str(path))
    return datasets.Dataset.from_parquet(str(path))


def run_synthetic(*, per_category: int = 20, seed: int = 0, model: str | None = None,
                  config: str | None = None, threshold: float | None = None,
                  data: str | Path | None = None, rebuild: bool = False) -> dict[str, Any]:
    """The ``synthetic`` block of ``drift eval`` (report-format.md), with the settings it used."""
    problems = check_units()
    if problems:
        raise ValueError("clean data problems:\n  " + "\n  ".join(problems))
    dataset = load_dataset_file(data) if data else load_or_build(seed, per_category, rebuild=rebuild)
    result = evaluate_synthetic(dataset, make_compare_fn(dataset, model=model, config=config),
                                threshold=threshold)
    result["settings"] = {"seed": seed, "per_category": per_category, "model": model,
                          "threshold": threshold, "data": str(data) if data else data_fingerprint()}
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--per-category", type=int, default=20, help="pairs per category (default 20)")
    parser.add_argument("--quick", action="store_true", help="5 pairs per category, for CI")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--model", default=None, help="model registry name (default from the config)")
    parser.add_argument("--config", default=None)
    parser.add_argument("--threshold", type=float, default=None, help="flag threshold (default: the report's)")
    parser.add_argument("--data", default=None, help="evaluate a saved dataset (folder or .parquet) instead")
    parser.add_argument("--rebuild", action="store_true", help="regenerate the cached dataset")
    parser.add_argument("--json", action="store_true", help="print the drift-eval JSON object")
    parser.add_argument("--generate-only", action="store_true", help="build and save the dataset, no model")
    args = parser.parse_args(argv)
    per_category = 5 if args.quick else args.per_category

    import datasets

    datasets.disable_progress_bars()  # a save bar per run is noise in CI logs
    if args.generate_only:
        problems = check_units()
        if problems:
            print("clean data problems:\n  " + "\n  ".join(problems), file=sys.stderr)
            return 1
        dataset = load_or_build(args.seed, per_category, rebuild=args.rebuild)
        print(f"{len(dataset)} pairs at {dataset_path(args.seed, per_category)}")
        return 0
    result = run_synthetic(per_category=per_category, seed=args.seed, model=args.model, config=args.config,
                           threshold=args.threshold, data=args.data, rebuild=args.rebuild)
    print(json.dumps(result, indent=2, ensure_ascii=False) if args.json else format_table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
