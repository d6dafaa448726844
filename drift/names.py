"""Names: find named-entity mentions in any cased script and tell when two mentions are one name.

No model and no per-story list: a mention is a run of capitalised words (with connectors such
as "al-", "de", "of"), an acronym, or a form of a well-known organisation listed in
``configs/aliases.toml``. Two mentions are compared after transliteration (anyascii), so
"Хаят Тахрир ал Шам" and "Hayat Tahrir al-Sham" are the same name, and on a
transliteration-insensitive *skeleton* (consonants, common digraphs folded), so "Aboul Houda
Sourani" is a variant of "Abu al-Huda al-Sourani" while "al-Shams" is a near-miss of "al-Sham".
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from anyascii import anyascii
from rapidfuzz import fuzz, process

from drift.config import CONFIG_DIR, read_toml
from drift.words import JOINT, SCRIPT_WORD, overlaps

ALIASES_PATH = CONFIG_DIR / "aliases.toml"
PLACES_PATH = CONFIG_DIR / "places.toml"

# Words: letters only, joined by hyphens or apostrophes ("al-Sham", "l'OSDH", "Syria's").
# Characters after which a capitalised word may be capitalised only because a sentence or a
# quotation starts there.
_OPENERS = set(".!?:;\"“”«»„‘'(—–-|")
_VOWELS = set("aeiou")


@dataclass(frozen=True)
class AliasGroup:
    """Forms (any language) of one well-known organisation."""

    id: str
    kind: str
    forms: tuple[str, ...]
    heads: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False)  # hashed by identity: it keys the caches below
class NameData:
    """The word lists and alias groups of ``configs/aliases.toml``, compiled."""

    connectors: frozenset[str]
    articles: frozenset[str]
    titles: frozenset[str]
    not_names: frozenset[str]
    stopwords: frozenset[str]
    token_rules: tuple[tuple[re.Pattern[str], str], ...]
    alternate_rules: tuple[tuple[re.Pattern[str], str], ...]
    groups: dict[str, AliasGroup]
    form_index: dict[str, str]
    alias_exact: re.Pattern[str] | None
    alias_folded: re.Pattern[str] | None
    heads_index: dict[str, frozenset[str]] = field(default_factory=dict)
    inflection_endings: frozenset[str] = frozenset()
    # Letter rules of the alternate reading, applied to a name as written, before transliteration:
    # a letter of one script that writes another script's sound ("Г" for a foreign "H").
    alternate_letters: tuple[tuple[re.Pattern[str], str], ...] = ()
    # Languages whose versions decline names with ``inflection_endings``; empty: every language.
    declining_languages: frozenset[str] = frozenset()
    # Rules of a third reading, only between two scripts (``compare_names``).
    cross_script_rules: tuple[tuple[re.Pattern[str], str], ...] = ()
    language_endings: dict[str, frozenset[str]] = field(default_factory=dict)
    # Titles of offices with a portfolio ("minister", "secretario"): ``_drop_portfolios``.
    office_titles: frozenset[str] = frozenset()
    # Articles, pronouns and determiners: a capitalised run of them alone is no name
    # (``_function_word``).
    function_words: frozenset[str] = frozenset()
    # Forms with an open ending ("ministr* obrany"), whole-match patterns: their group is found
    # by trying them where ``form_index`` (one key per literal form) has none.
    open_forms: tuple[tuple[re.Pattern[str], str], ...] = ()
    # ``open_forms`` by the first letters of their form (``_open_head``), each with its place in
    # ``open_forms``: a lookup tries the few a name can match, not the hundreds of the place list.
    open_index: dict[str, tuple[tuple[int, re.Pattern[str], str], ...]] = field(default_factory=dict)
    # Words a language translates inside a place's name ("South" / "Sud" / "Южной" Carolina),
    # as name keys; an entry ending in "*" is a stem. ``translated_word``.
    translated_words: frozenset[str] = frozenset()
    translated_stems: tuple[str, ...] = ()

    def translated_word(self, key: str) -> bool:
        """Whether a word of a name key is one the languages translate (``translated_words``)."""
        return key in self.translated_words or key.startswith(self.translated_stems)

    def alias_of(self, surface: str, key: str | None = None) -> str | None:
        """The alias group a name's surface form belongs to, if any."""
        found = self.form_index.get(key if key is not None else _key_with(surface, self.articles))
        if found is None:
            # A head no form opens with still meets the forms opening on "*" (``open_index[""]``).
            candidates = self.open_index.get(_open_head(surface)) or self.open_index.get("", ())
            found = next((group for _, pattern, group in candidates if pattern.fullmatch(surface)), None)
        return found

    def declines(self, language: str | None) -> bool:
        """Whether a version in ``language`` may write a name with a case ending (an unknown
        language may)."""
        code = (language or "").lower().split("-")[0]
        return not code or not self.declining_languages or code in self.declining_languages

    def endings_of(self, language: str | None) -> frozenset[str]:
        """The ``language_endings`` of a language (ISO 639-1, region ignored)."""
        return self.language_endings.get((language or "").lower().split("-")[0], frozenset())


@dataclass(frozen=True)
class Mention:
    """One name in a text. ``start``/``end`` are offsets into the text the caller passed
    (plus its ``offset``), so ``document.text[start:end] == text`` when offsets are absolute."""

    start: int
    end: int
    text: str
    key: str
    skeleton: tuple[str, ...]
    acronym: bool = False
    alias: str | None = None
    sentence: int | None = None


@dataclass(frozen=True)
class NameMatch:
    """How two mentions relate.

    ``kind``: ``same`` (identical after normalisation, or one is part of the other),
    ``variant`` (the same name written otherwise: transliteration, acronym, other language),
    ``near`` (a small spelling change that makes it another name: a near-miss),
    ``different`` (unrelated names).
    """

    kind: str
    similarity: float
    reason: str


def _rules(pairs: Iterable[Sequence[str]]) -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(p), r) for p, r in pairs)


def _is_exact_form(form: str) -> bool:
    # Acronyms and very short forms ("UN", "dpa", "ООН") must match with their case, or "un"
    # (French article) and "ap" would match everywhere; so must a one-word form, a name only as
    # written ("Armada", the Spanish navy, not "armada", armed; "Amnesty", not "an amnesty").
    letters = [c for c in form if c.isalpha()]
    return len(letters) <= 4 or all(c.isupper() for c in letters) or not any(c.isspace() for c in form)


# A form's word ending in "*" takes any ending ("ministr* obrany": "ministr", "ministra",
# "ministrem"...): the case endings of declining languages, listed once.
_ANY_ENDING = "*"


# Letters of a form's head that index its open forms (``NameData.open_index``).
_OPEN_HEAD = 3


def _open_head(text: str) -> str:
    """The first letters of a name or form, case-folded one by one (as a case-insensitive pattern
    compares them) and with either apostrophe as one; "" when a form's "*" comes sooner."""
    head = text[:_OPEN_HEAD]
    if _ANY_ENDING in head or len(head) < _OPEN_HEAD:
        return ""
    return "".join(c.casefold()[:1] for c in head).replace("’", "'")


def _atoms(form: str) -> list[str]:
    """A form as regex pieces, one per character: either apostrophe for one ("dell'Interno",
    "dell’Interno"), any word ending for "*"."""
    return ["['’]" if c in "'’" else r"\w*" if c == _ANY_ENDING else re.escape(c) for c in form]


def _form_pattern(form: str) -> str:
    return "".join(_atoms(form))


def _trie_pattern(node: dict[str, dict]) -> str:
    """The regex of a trie of atoms (``_alternation``): a node that ends a form makes the rest
    optional, longer forms tried first."""
    branches = [atom + _trie_pattern(child) for atom, child in node.items() if atom]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


def _alternation(forms: Iterable[str], flags: int) -> re.Pattern[str] | None:
    # A trie, not a flat alternation: a thousand forms tried one by one at every position cost
    # more than the rest of name extraction; sharing their prefixes ("ministr", "Министерств")
    # keeps it a few character tests per position.
    fold = bool(flags & re.IGNORECASE)
    trie: dict[str, dict] = {}
    for form in sorted(set(forms)):
        node = trie
        for atom in _atoms(form.lower() if fold else form):
            node = node.setdefault(atom, {})
        node[""] = {}
    if not trie:
        return None
    return re.compile(rf"(?<![\w.])(?:{_trie_pattern(trie)})(?![\w])", flags)


@lru_cache(maxsize=8)
def load_name_data(path: str | None = None) -> NameData:
    """Load and compile ``configs/aliases.toml`` (or another file in the same format); by default
    with the place groups of ``configs/places.toml`` too (the exonyms of countries and cities)."""
    raw = read_toml(path or ALIASES_PATH)
    if path is None and PLACES_PATH.is_file():
        raw = {**raw, "group": [*raw.get("group", []), *read_toml(PLACES_PATH).get("group", [])]}
    names = raw.get("names", {})
    stop = names.get("stopwords", {})
    translated = [w for words in names.get("translated_words", {}).values() for w in words]
    groups: dict[str, AliasGroup] = {}
    form_index: dict[str, str] = {}
    heads_index: dict[str, set[str]] = {}
    open_forms: list[tuple[re.Pattern[str], str]] = []
    open_heads: list[str] = []
    exact: list[str] = []
    folded: list[str] = []
    for entry in raw.get("group", []):
        group = AliasGroup(id=str(entry["id"]), kind=str(entry.get("kind", "org")),
                           forms=tuple(entry.get("forms", ())), heads=tuple(entry.get("heads", ())))
        groups[group.id] = group
        for form in group.forms:
            if _ANY_ENDING in form:
                open_forms.append((re.compile(_form_pattern(form), 0 if _is_exact_form(form) else re.IGNORECASE),
                                   group.id))
                open_heads.append(_open_head(form))
            else:
                form_index.setdefault(_key_with(form, frozenset(names.get("articles", ()))), group.id)
            (exact if _is_exact_form(form) else folded).append(form)
        for head in group.heads:
            heads_index.setdefault(head.lower(), set()).add(group.id)
    open_index: dict[str, list[tuple[int, re.Pattern[str], str]]] = {}
    for index, ((pattern, group_id), head) in enumerate(zip(open_forms, open_heads, strict=True)):
        open_index.setdefault(head, []).append((index, pattern, group_id))
    # Forms opening on "*" or on fewer letters may match any name: every head's list holds them
    # too, in the order of ``open_forms``, merged once here rather than at every lookup.
    always = open_index.get("", [])
    if always:
        for head, listed in open_index.items():
            if head:
                listed[:] = sorted((*listed, *always), key=lambda c: c[0])
    return NameData(
        connectors=frozenset(w.lower() for w in names.get("connectors", ())),
        articles=frozenset(names.get("articles", ())),
        titles=frozenset(w.lower() for w in names.get("titles", ())),
        not_names=frozenset(w.lower() for w in names.get("not_names", ())),
        stopwords=frozenset(w.lower() for words in stop.values() for w in words),
        token_rules=_rules(raw.get("translit", {}).get("token_rules", ())),
        alternate_rules=_rules(raw.get("translit", {}).get("alternate_rules", ())),
        alternate_letters=_rules(raw.get("translit", {}).get("alternate_letters", ())),
        cross_script_rules=_rules(raw.get("translit", {}).get("cross_script_rules", ())),
        groups=groups,
        form_index=form_index,
        alias_exact=_alternation(exact, 0),
        alias_folded=_alternation(folded, re.IGNORECASE),
        heads_index={k: frozenset(v) for k, v in heads_index.items()},
        inflection_endings=frozenset(names.get("inflection_endings", ())),
        declining_languages=frozenset(names.get("declining_languages", ())),
        language_endings={lang: frozenset(v) for lang, v in names.get("language_endings", {}).items()},
        open_forms=tuple(open_forms),
        open_index={head: tuple(entries) for head, entries in open_index.items()},
        office_titles=frozenset(w.lower() for w in names.get("office_titles", ())),
        function_words=frozenset(w.lower() for words in names.get("function_words", {}).values() for w in words),
        translated_words=frozenset(_key_with(w, frozenset()) for w in translated if not w.endswith(_ANY_ENDING)),
        translated_stems=tuple(sorted({_key_with(w[:-len(_ANY_ENDING)], frozenset())
                                       for w in translated if w.endswith(_ANY_ENDING)})),
    )


# --------------------------------------------------------------------------- normalisation

# Cyrillic hard and soft signs: anyascii writes them as apostrophes, which would split a name in
# two ("Уорън" -> "uor n"). The soft sign and a hard sign before a vowel letter (Russian "подъезд")
# are silent; elsewhere the hard sign is the Bulgarian vowel, romanised "a" ("Уорън" -> "Uoran").
_SILENT_SIGN = re.compile(r"[ьЬ]|[ъЪ](?=[еёюяЕЁЮЯ])")
_BULGARIAN_VOWEL = re.compile(r"[ъЪ]")


_ASCII_WORD = re.compile(r"[a-z0-9]+")
_GREEK_LETTER = re.compile(r"[\u0370-\u03ff]")
# Texts up to this long have their tokens kept (``_cached_ascii_tokens``): names and sentences,
# which every pair and check transliterates again; a whole document is read once and not pinned.
_CACHED_TEXT = 2_000


def ascii_tokens(text: str) -> list[str]:
    """Lowercase ASCII word tokens of ``text`` in any script (dots of "U.N." removed)."""
    if len(text) <= _CACHED_TEXT:
        return list(_cached_ascii_tokens(text))
    return _ascii_tokens(text)


# Greek spells a foreign name's sounds with letter pairs anyascii reads letter by letter: "μπ"
# opening a word for b, "ντ" for d, "γκ" for g, "ου" for u ("Μπρουσέ" is Bruchez, "Ντιντιέ"
# Didier, "Γκρέγκορι" Gregory; inside a word "μπ" stays mp: "Τραμπ"). Read so, a transliterated
# name meets its Latin spelling.
_GREEK_PAIRS = (("μπ", "b"), ("ντ", "d"), ("γκ", "g"), ("ου", "u"), ("τσ", "ts"), ("τζ", "dz"))
_GREEK_PAIR = re.compile(r"(?<![^\W\d_])μπ|ντ|γκ|ου|τσ|τζ", re.IGNORECASE)
_GREEK_READING = {a: b for a, b in _GREEK_PAIRS}


def _greek_pairs(text: str) -> str:
    return _GREEK_PAIR.sub(lambda m: _GREEK_READING[m.group().lower().replace("ς", "σ")], text)


def _ascii_tokens(text: str) -> list[str]:
    text = _BULGARIAN_VOWEL.sub("a", _SILENT_SIGN.sub("", unicodedata.normalize("NFC", text)))
    if _GREEK_LETTER.search(text):
        text = _greek_pairs(unicodedata.normalize("NFD", text).replace("\u0301", "").replace("\u0308", ""))
    flat = anyascii(text).lower().replace(".", "")
    return _ASCII_WORD.findall(flat)


@lru_cache(maxsize=1 << 15)
def _cached_ascii_tokens(text: str) -> tuple[str, ...]:
    return tuple(_ascii_tokens(text))


def _key_with(text: str, articles: frozenset[str]) -> str:
    tokens = ascii_tokens(text)
    kept = [t for t in tokens if t not in articles]
    # A name made only of articles ("La", "Al") keeps them rather than vanishing.
    return " ".join(kept or tokens)


def name_key(text: str, data: NameData | None = None) -> str:
    """Matching key: transliterated, lowercase, without diacritics, hyphens and articles."""
    data = data or load_name_data()
    return _key_with(text, data.articles)


def _fold_token(token: str, rules: Sequence[tuple[re.Pattern[str], str]]) -> str:
    for pattern, replacement in rules:
        token = pattern.sub(replacement, token)
    if not token:
        return token
    # Vowels are where transliterations disagree most (u/ou, e/a, i/ee): keep only the first
    # letter and the consonants, with doubled letters collapsed.
    out = [token[0]]
    for char in token[1:]:
        if char in _VOWELS:
            continue
        if char != out[-1]:
            out.append(char)
    return "".join(out)


def skeleton(text: str, data: NameData | None = None, *, alternate: bool = False) -> tuple[str, ...]:
    """Transliteration-insensitive form of a name: one folded string per content token."""
    return _skeleton(text, data or load_name_data(), alternate)


@lru_cache(maxsize=65536)  # a story names the same people again and again; each fold runs dozens of rules
def _skeleton(text: str, data: NameData, alternate: bool) -> tuple[str, ...]:
    if not alternate:
        return _fold_name(text, data, data.token_rules)
    for pattern, replacement in data.alternate_letters:
        text = pattern.sub(replacement, text)
    return _fold_name(text, data, (*data.alternate_rules, *data.token_rules))


def _fold_name(text: str, data: NameData, rules: Sequence[tuple[re.Pattern[str], str]]) -> tuple[str, ...]:
    """One folded string per content token of a name, under one reading's ``rules``."""
    return tuple(t for t in (_fold_token(tok, rules) for tok in name_key(text, data).split()) if t)


def is_acronym(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


# --------------------------------------------------------------------------- extraction

def story_vocabulary(texts: Iterable[str]) -> set[str]:
    """Words that occur in lowercase somewhere: a capitalised sentence opener among them is a
    common word, not a name ("Fierce fighting..." when "fierce" occurs elsewhere)."""
    vocab: set[str] = set()
    for text in texts:
        for match in SCRIPT_WORD.finditer(text):
            word = match.group()
            if word[0].islower():
                vocab.update(part.lower() for part in re.split(r"[-'’]", word))
    return vocab


@dataclass
class _Token:
    start: int
    end: int
    text: str
    cap: bool
    connector: bool
    acronym: bool
    initial: bool


_WORD_JOINT_SPLIT = re.compile(r"([-'’])")


def _trim_word(text: str, start: int, end: int, data: NameData) -> tuple[int, int] | None:
    """The name part of one hyphen/apostrophe word: "l'OSDH" -> "OSDH", "UK-based" -> "UK",
    "Syria's" -> "Syria", "al-Sham" kept whole; None when no part is capitalised."""
    word = text[start:end]
    for suffix in ("'s", "’s"):
        if word.endswith(suffix) and len(word) > len(suffix) + 1:
            end -= len(suffix)
            word = word[: -len(suffix)]
    if not JOINT.search(word):
        # One part (most words): the whole word is the name part when it is capitalised.
        return (start, end) if word[:1].isupper() else None
    parts = _WORD_JOINT_SPLIT.split(word)
    # parts alternates word, separator, word...
    words = parts[0::2]
    offsets = []
    pos = start
    for i, part in enumerate(parts):
        if i % 2 == 0:
            offsets.append((pos, pos + len(part)))
        pos += len(part)
    first = None
    for i, part in enumerate(words):
        if part[:1].isupper():
            first = i
            break
    if first is None:
        return None
    # A leading lowercase connector stays with the name ("al-Sham"); an elided article
    # ("l'", "d'") or any other lowercase prefix ("pro-", "anti-") does not.
    begin = first
    if first > 0 and words[first - 1].lower() in data.connectors and parts[2 * first - 1] == "-":
        begin = first - 1
    last = first
    for j in range(first + 1, len(words)):
        if words[j][:1].isupper():
            last = j
        elif words[j].lower() in data.connectors and j + 1 < len(words) and words[j + 1][:1].isupper():
            continue
        else:
            break
    return offsets[begin][0], offsets[last][1]


def _inside_any(start: int, end: int, ranges: list[tuple[int, int]]) -> bool:
    """Whether ``[start, end)`` overlaps one of ``ranges`` (sorted, not overlapping one another)."""
    at = bisect.bisect_right(ranges, (start, float("inf")))
    return (at > 0 and overlaps((start, end), ranges[at - 1])) \
        or (at < len(ranges) and overlaps((start, end), ranges[at]))


def _tokens(text: str, data: NameData, blocked: list[tuple[int, int]]) -> list[_Token]:
    tokens: list[_Token] = []
    for match in SCRIPT_WORD.finditer(text):
        start, end = match.span()
        if blocked and _inside_any(start, end, blocked):
            # An alias form sits here: a hard boundary for capitalised runs.
            tokens.append(_Token(start, end, match.group(), False, False, False, False))
            continue
        before = text[max(0, start - 64):start]
        stripped = before.rstrip()
        # A line break also starts a sentence (headings and paragraphs without a final stop).
        initial = not stripped or stripped[-1] in _OPENERS or "\n" in before[len(stripped):]
        word = match.group()
        trimmed = _trim_word(text, start, end, data)
        if trimmed is None:
            lower = word.lower()
            tokens.append(_Token(start, end, word, False, lower in data.connectors, False, initial))
            continue
        t0, t1 = trimmed
        piece = text[t0:t1]
        tokens.append(_Token(t0, t1, piece, True, False, is_acronym(piece), initial))
    return tokens


def _is_blocker(token: _Token, data: NameData, vocab: set[str] | None) -> bool:
    """A capitalised token that is not part of any name: a title, a day, a sentence opener."""
    lower = token.text.lower()
    if lower in data.titles or lower in data.not_names:
        return True
    if token.initial and not token.acronym:
        head = re.split(r"[-'’]", lower)[0]
        if head in data.stopwords or lower in data.stopwords:
            return True
        if vocab is not None and (lower in vocab or head in vocab):
            return True
    return False


def _function_word(token: _Token, data: NameData) -> bool:
    """A capitalised function word of some language (an article, a pronoun, a determiner:
    ``[names.function_words]``), not at a sentence start: a heading run into its text without a
    stop ("range hoods This label provides", "pour les hottes L’étiquette"), the German polite
    "Sie". Such a word is a name only beside other capitalised words ("Le Monde", "Die Linke");
    a run of nothing else is no name. Initials are not function words ("IT", "US"); the other
    sentence openers of ``stopwords`` ("Today", "Meanwhile") may well be names inside a sentence."""
    text = token.text
    if len(text) > 1 and text.isupper():
        return False
    return text.lower() in data.function_words


# A portfolio after its office and connectors is one or two words ("el Secretario de Industria",
# "ministre de la Culture"); a longer capitalised run there holds the holder's name too
# ("ministro dell'Economia Giovanni Tria") and stays a name.
_PORTFOLIO_WORDS = 2


def _drop_portfolios(tokens: list[_Token], text: str, data: NameData) -> None:
    """Capitalised words that name an office's portfolio are part of the title, not names: the
    word before a capitalised office title ("Business Secretary", "Trade Minister") and the
    capitalised run of one or two words after an office title and its connectors ("el Secretario
    de Industria", "ministre de la Culture", "ministro dell'Ambiente"). Known offices
    ("Foreign Minister") are alias forms, matched before this."""
    for k, token in enumerate(tokens):
        if token.text.lower() not in data.office_titles:
            continue
        before = tokens[k - 1] if k else None
        if (before is not None and before.cap and not before.acronym and token.text[:1].isupper()
                and text[before.end:token.start] == " "):
            before.cap = False
        j = k + 1
        while j < len(tokens) and tokens[j].connector and not tokens[j].cap:
            j += 1
        if j >= len(tokens) or not tokens[j].cap or tokens[j].acronym:
            continue
        elided = text[max(0, tokens[j].start - 1):tokens[j].start] in ("'", "’")
        if j == k + 1 and not elided:
            continue  # no connector: "Minister Lavrov" is a title and a name
        run = [j]
        while run[-1] + 1 < len(tokens) and tokens[run[-1] + 1].cap \
                and text[tokens[run[-1]].end:tokens[run[-1] + 1].start] == " ":
            run.append(run[-1] + 1)
        if len(run) <= _PORTFOLIO_WORDS:
            for r in run:
                tokens[r].cap = False


def _alias_matches(text: str, data: NameData) -> list[tuple[int, int, str | None]]:
    """The alias forms of ``text`` as (start, end, group), in text order and not overlapping: of
    two that overlap, the longer. A place's name of several words (matched in any case) holds
    another's one-word form (matched as written): "Lake Geneva" is not "Geneva", "South Sudan"
    not "Sudan", "Northern Ireland" not "Ireland"."""
    candidates = [m for pattern in (data.alias_exact, data.alias_folded) if pattern is not None
                  for m in pattern.finditer(text)]
    if len(candidates) > 1:
        candidates.sort(key=lambda m: (m.start() - m.end(), m.start()))
    starts: list[int] = []
    ends: list[int] = []
    groups: list[str | None] = []
    for m in candidates:
        start, end = m.span()
        at = bisect.bisect_left(starts, start)
        # Taken ranges do not overlap one another: only the neighbours on each side can overlap.
        if (at and ends[at - 1] > start) or (at < len(starts) and starts[at] < end):
            continue
        starts.insert(at, start)
        ends.insert(at, end)
        groups.insert(at, data.alias_of(m.group()))
    return list(zip(starts, ends, groups, strict=True))


def extract_mentions(text: str, offset: int = 0, *, vocabulary: set[str] | None = None,
                     sentence: int | None = None, data: NameData | None = None) -> list[Mention]:
    """Named-entity mentions of ``text`` (one sentence or more), offsets shifted by ``offset``.

    ``vocabulary`` (from :func:`story_vocabulary`) lets a capitalised sentence opener that the
    story also uses in lowercase be recognised as a common word.
    """
    data = data or load_name_data()
    found = _alias_matches(text, data)
    blocked = [(s, e) for s, e, _ in found]
    runs: list[tuple[int, int]] = []
    current: list[_Token] = []
    pending: list[_Token] = []

    def close() -> None:
        if current and not all(_function_word(token, data) for token in current):
            runs.append((current[0].start, current[-1].end))
        current.clear()
        pending.clear()

    previous_end = 0
    tokens = _tokens(text, data, blocked)
    if data.office_titles:
        _drop_portfolios(tokens, text, data)
    for index, token in enumerate(tokens):
        if token.cap and token.initial and not token.acronym and index + 1 < len(tokens) \
                and tokens[index + 1].connector:
            # "Rebels of Hayat Tahrir al-Sham", "Residents of Aleppo": an opener joined to a name
            # by "of"/"de" is a common noun far more often than part of the name.
            token.cap = False
        gap = text[previous_end:token.start]
        joined = bool(current) and (gap == " " or (gap.isspace() and "\n" not in gap))
        previous_end = token.end
        if token.cap and not _is_blocker(token, data, vocabulary):
            if token.acronym:
                # Acronyms stand alone ("AFP photographer", "UN chief"), never glued to a run.
                close()
                runs.append((token.start, token.end))
                continue
            if not joined:
                close()
            current.extend(pending)
            pending.clear()
            current.append(token)
        elif token.connector and joined and len(pending) < 2:
            pending.append(token)
        else:
            close()
    close()
    for s, e in runs:
        found.append((s, e, None))
    mentions = []
    for s, e, alias in sorted(found):
        surface = text[s:e]
        key = name_key(surface, data)
        if not key:
            continue
        mentions.append(Mention(
            start=s + offset, end=e + offset, text=surface, key=key, skeleton=skeleton(surface, data),
            acronym=is_acronym(surface), alias=alias or data.form_index.get(key), sentence=sentence))
    return mentions


def name_windows(mention: Mention, data: NameData | None = None, *, shortest: int = 2) -> list[Mention]:
    """Every run of ``shortest`` or more of the mention's words short of the whole that ends on a
    capitalised word, the tails first: a capitalised word glued to the front of a name
    ("Najpierw Scott Robinson" opening a Polish sentence, "Firma Coffer Peach Tracker",
    "Branchen-Umsatzmonitor Coffer Peach Tracker") or capitalised words it runs on into ("Luca
    Ferrante von der Universität Padua", German capitalising its nouns) hide the name from a
    comparison word by word."""
    data = data or load_name_data()
    words = list(re.finditer(r"\S+", mention.text))
    windows = []
    for last in range(len(words), shortest - 1, -1):
        for first in range(0 if last < len(words) else 1, last - shortest + 1):
            if not words[last - 1].group()[:1].isupper():
                continue
            text = mention.text[words[first].start():words[last - 1].end()]
            key = name_key(text, data)
            if key:
                windows.append(Mention(start=mention.start + words[first].start(),
                                       end=mention.start + words[last - 1].end(), text=text, key=key,
                                       skeleton=skeleton(text, data), acronym=False,
                                       alias=data.form_index.get(key), sentence=mention.sentence))
    return windows


# --------------------------------------------------------------------------- comparison

def _initials(key: str) -> str:
    return "".join(t[0] for t in key.split() if t)


def _acronym_of(short: Mention, long: Mention) -> bool:
    letters = short.key.replace(" ", "")
    return len(letters) >= 2 and not long.acronym and len(long.key.split()) >= 2 \
        and _initials(long.key) == letters


def _token_near(a: str, b: str) -> bool:
    # One or two letters of a word ("sham"/"shams", "smith"/"smyth"); "syrian"/"britain" is not.
    return fuzz.ratio(a, b) >= 75.0


def _declined(a: tuple[str, ...], b: tuple[str, ...], endings: frozenset[str]) -> bool:
    """The same name, some words with a case ending ("trmp" / "trmpm"): every word the same or
    one the other plus an ending of ``endings``."""
    if not a or len(a) != len(b) or a == b:
        return False
    for x, y in zip(a, b, strict=True):
        short, long = sorted((x, y), key=len)
        if x != y and not (len(short) >= 2 and _with_ending(long, short, endings)):
            return False
    return True


def _declining_side(a: Mention, b: Mention, declines: tuple[bool, bool]) -> bool:
    """Whether the mention with the longer skeleton (the one carrying the ending) is in a version
    whose language declines names."""
    longer_is_a = sum(map(len, a.skeleton)) >= sum(map(len, b.skeleton))
    return declines[0] if longer_is_a else declines[1]


def _ended(longer: list[str], shorter: list[str], endings: frozenset[str]) -> bool:
    """Every word of ``longer`` that of ``shorter``, some with one of ``endings`` added."""
    if len(longer) != len(shorter) or longer == shorter:
        return False
    return all(x == y or _with_ending(x, y, endings) for x, y in zip(longer, shorter, strict=True))


def _with_ending(word: str, stem: str, endings: frozenset[str]) -> bool:
    """``word`` is ``stem`` with one of ``endings`` added."""
    return word.startswith(stem) and word[len(stem):] in endings


def _skeleton_near(a: str, b: str) -> bool:
    # Folded consonants of one word transliterated differently ("blz" for "Блейзи", "bls" for
    # "Blasey"): the same first letter and at most one consonant apart.
    return a == b or (a[:1] == b[:1] and len(a) >= 3 and fuzz.ratio(a, b) >= 66.0)


def _one_word_translated(words_a: list[str], words_b: list[str], data: NameData) -> bool:
    """Two names of as many words, two or more, that differ in one word only, a word each
    language translates inside a place's name in both ("South Carolina" / "Sud Carolina") or a
    place's own name in each language ("Rapid Wiedeń" / "Rapid Vienna")."""
    if len(words_a) != len(words_b) or len(words_a) < 2:
        return False
    differing = [(x, y) for x, y in zip(words_a, words_b, strict=True) if x != y]
    if len(differing) != 1:
        return False
    (x, y), = differing
    # Or a word that is a place each language writes its own way ("Rapid Wiedeń" / "Rapid Vienna").
    place = data.alias_of(x, x)
    return (data.translated_word(x) and data.translated_word(y)) or (place is not None and place == data.alias_of(y, y))


def compare_names(a: Mention, b: Mention, data: NameData | None = None, *,
                  endings: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset()),
                  declines: tuple[bool, bool] = (True, True)) -> NameMatch:
    """Relate two mentions (any scripts): same, variant, near(-miss) or different. ``endings``:
    the word endings the language of ``a``'s version and of ``b``'s add to a name
    (``NameData.endings_of``): "Manaforts" in a German version is "Manafort" in its genitive.
    ``declines``: whether ``a``'s version and ``b``'s may decline names (``NameData.declines``);
    a case ending is read only on the side whose language has cases."""
    data = data or load_name_data()
    similarity = fuzz.ratio(a.key, b.key) / 100.0
    for longer, shorter, added in ((a, b, endings[0]), (b, a, endings[1])):
        if added and _ended(longer.key.split(), shorter.key.split(), added):
            return NameMatch("variant", max(similarity, 0.8), "inflection")
    if a.alias and b.alias:
        if a.alias == b.alias:
            return NameMatch("same" if a.key == b.key else "variant", max(similarity, 0.9), "alias")
        return NameMatch("different", similarity, "distinct known organisations")
    if a.key == b.key:
        return NameMatch("same", 1.0, "identical")
    if _one_word_translated(a.key.split(), b.key.split(), data):
        # Before any spelling test: "Erlenmatt Est" / "Erlenmatt Ost" spell alike, and are one
        # place's name with its compass word translated.
        return NameMatch("variant", max(similarity, 0.8), "translation")
    if (a.acronym and _acronym_of(a, b)) or (b.acronym and _acronym_of(b, a)):
        return NameMatch("variant", max(similarity, 0.8), "acronym")
    if a.skeleton and a.skeleton == b.skeleton:
        return NameMatch("variant", max(similarity, 0.8), "transliteration")
    alt_a, alt_b = _alternate_skeleton(a.text, data), _alternate_skeleton(b.text, data)
    if alt_a and alt_a == alt_b:
        return NameMatch("variant", max(similarity, 0.8), "transliteration")
    if _declined(a.skeleton, b.skeleton, data.inflection_endings) and _declining_side(a, b, declines):
        return NameMatch("variant", max(similarity, 0.8), "inflection")
    sa, sb = set(a.skeleton), set(b.skeleton)
    if sa and sb and (sa <= sb or sb <= sa) and not (a.acronym or b.acronym):
        # "Assad" / "Bashar al-Assad": one mention is a shorter reference to the other.
        return NameMatch("same", similarity, "partial")
    if data.cross_script_rules and _latin_name(a.text) != _latin_name(b.text) and not (a.acronym or b.acronym):
        # A third reading across scripts ("Олбенс" / "Albence"), tried last: the readings above
        # decide whatever they can.
        cross_a, cross_b = cross_script_skeleton(a.text, data), cross_script_skeleton(b.text, data)
        if cross_a and cross_a == cross_b:
            return NameMatch("variant", max(similarity, 0.8), "transliteration")
        ca, cb = set(cross_a), set(cross_b)
        if ca and cb and (ca < cb or cb < ca):
            return NameMatch("same", similarity, "partial")  # "Олбенс" / "Mr. Albence"
    if a.acronym or b.acronym:
        return NameMatch("different", similarity, "acronym mismatch")
    if len(a.skeleton) == len(b.skeleton):
        differing = [(x, y) for x, y in zip(a.key.split(), b.key.split(), strict=False) if x != y]
        skeleton_diff = sum(x != y for x, y in zip(a.skeleton, b.skeleton, strict=True))
        if skeleton_diff == 1 and len(a.key.split()) == len(b.key.split()) \
                and all(_token_near(x, y) for x, y in differing):
            return NameMatch("near", similarity, "one word spelt differently")
    if similarity >= 0.85 and min(len(a.key), len(b.key)) >= 4:
        return NameMatch("near", similarity, "similar spelling")
    words_a, words_b = a.key.split(), b.key.split()
    if len(words_a) == len(words_b) >= 2:
        # "Plaid Cymru" / "Fear Cymru", "Christine Blasey Ford" / "Atlanta Blasey Ford": one word of
        # a name put in place of another while the rest stands is a near-miss too (whether it is
        # drift is the story's call: the entity detector asks which form the other versions use).
        # Words kept are the same word in any script ("Блейзи" / "Blasey"): same key, skeleton or
        # a near spelling; a plain transliteration of every word was a variant above.
        skeletons = len(a.skeleton) == len(words_a) and len(b.skeleton) == len(words_b)
        # Positions, not words: a name may repeat a word ("Schweiz Die Schweiz", a heading run in).
        kept = [k for k, (x, y) in enumerate(zip(words_a, words_b, strict=True))
                if x == y or _token_near(x, y) or (skeletons and _skeleton_near(a.skeleton[k], b.skeleton[k]))]
        if len(kept) == len(words_a) and _latin_name(a.text) != _latin_name(b.text):
            # Every word the same word in another script ("Томи Флитууд" / "Tommy Fleetwood",
            # where the letters fold to slightly different skeletons): a transliteration.
            return NameMatch("variant", similarity, "transliteration")
        if len(kept) == len(words_a) - 1 and all(len(words_a[k]) >= 3 for k in kept):
            (x, y), = [(x, y) for k, (x, y) in enumerate(zip(words_a, words_b, strict=True)) if k not in kept]
            if data.translated_word(x) and data.translated_word(y):
                # "South Carolina" / "Sud Carolina" / "Южной Каролины": a word each language
                # translates inside a place's name.
                return NameMatch("variant", similarity, "translation")
            if _latin_name(a.text) != _latin_name(b.text) and fuzz.ratio(x, y) >= RESPELT_WORD:
                # Across scripts a word is written by its sound ("Dewar" / "Дьюар", D'yuar): the
                # same word respelt, not another one put in its place ("Christine" / "Atlanta").
                return NameMatch("variant", similarity, "transliteration")
            return NameMatch("near", similarity, "one word replaced")
    return NameMatch("different", similarity, "different names")


# Ratio (transliterated) at or above which the one differing word of two names in different
# scripts is that word respelt by its sound ("dewar" / "dyuar" 60), not a word replaced
# ("plaid" / "fear" 22, "christine" / "atlanta" under 30).
RESPELT_WORD = 50.0


def is_latin(text: str, share: float = 1.0) -> bool:
    """Whether every letter of ``text`` is Latin, or at least ``share`` of them (a coarse script
    test: enough to tell a transliteration from a respelling, or a version's script when a quoted
    foreign word must not change it)."""
    letters = [c for c in text if c.isalpha()]
    if share >= 1.0:
        return bool(letters) and all(ord(c) < 0x250 for c in letters)
    return bool(letters) and sum(ord(c) < 0x250 for c in letters) >= share * len(letters)


@lru_cache(maxsize=65536)
def _latin_name(text: str) -> bool:
    """``is_latin`` of a name, cached: ``compare_names`` asks it of the same mentions for every
    pair of names a long document's sentences hold."""
    return is_latin(text)


def vowel_respelt(a: str, b: str, shortest: int = 4) -> tuple[str, str] | None:
    """The one word in which two Latin-script names of as many words differ, when it differs only
    by one vowel put for another inside it ("Kennedy" / "Kennody", "Ahmed" / "Ahmad"): not its
    first letter (an exonym's or a transliteration's own start, "Osama" / "Usama") nor its last (a
    declension swaps a final vowel), in a word of at least ``shortest`` letters. The two words,
    transliterated and lowercased; else None.

    The skeleton drops vowels, so such names compare as a ``transliteration`` variant: whether
    the vowel is a transliteration's or a slip is for the story to say (which form the other
    versions agree on, and whether the odd form is a spelling anyone uses)."""
    if not (is_latin(a) and is_latin(b)):
        return None
    x, y = ascii_tokens(a), ascii_tokens(b)
    if len(x) != len(y):
        return None
    differ = [(u, v) for u, v in zip(x, y, strict=True) if u != v]
    if len(differ) != 1:
        return None
    u, v = differ[0]
    if len(u) != len(v) or len(u) < shortest:
        return None
    changed = [k for k in range(len(u)) if u[k] != v[k]]
    if len(changed) != 1 or changed[0] in (0, len(u) - 1):
        return None
    k = changed[0]
    return (u, v) if u[k] in _VOWELS and v[k] in _VOWELS else None


@lru_cache(maxsize=65536)
def _alternate_skeleton(text: str, data: NameData) -> tuple[str, ...]:
    return skeleton(text, data, alternate=True)


@lru_cache(maxsize=65536)
def cross_script_skeleton(text: str, data: NameData) -> tuple[str, ...]:
    """The reading of a name transliterated from another script: the alternate one, and what a
    transliteration writes as heard ("Олбенс" for "Albence": an opening vowel)."""
    return _fold_name(text, data, (*data.cross_script_rules, *data.alternate_rules, *data.token_rules))


def _as_mention(text: str, data: NameData) -> Mention:
    key = name_key(text, data)
    return Mention(0, len(text), text, key, skeleton(text, data), is_acronym(text),
                   data.alias_of(text, key))


def mention_from_text(text: str, data: NameData | None = None) -> Mention:
    """A Mention for a free-standing name string (offsets 0..len)."""
    return _as_mention(text, data or load_name_data())


# Partial ratio at which a name's transliterated key counts as written in another text.
_SPELT = 80.0
_SPELT_WORD = 70.0


def spelt_in(mention: Mention, text: str) -> bool:
    """Whether the name is written in ``text`` in some form: its transliterated key found by a
    fuzzy match in the transliterated text ("Japon" in "Japan", "israélien" for "Israeli"), or
    half its words found one by one, inflected ("Сергеем Шойгу" for "Sergei Shoigu")."""
    tokens = ascii_tokens(text)
    if len(mention.key) < 3:
        return mention.key in tokens
    # A short name would be "found" inside any longer word ("Ray" in "rayonne"): whole words only.
    if len(mention.key) >= 6 and fuzz.partial_ratio(mention.key, " ".join(tokens)) >= _SPELT:
        return True
    words = [w for w in mention.key.split() if len(w) >= 3]
    # Each word against every token in one rapidfuzz call (``score_cutoff`` keeps scores at or
    # above it): a long sentence has dozens of tokens, and a long document thousands of names.
    found = sum(process.extractOne(w, tokens, scorer=fuzz.ratio, score_cutoff=_SPELT_WORD) is not None
                or (len(w) >= 5 and process.extractOne(w, [t[:len(w)] for t in tokens], scorer=fuzz.ratio,
                                                       score_cutoff=_SPELT) is not None)
                for w in words)
    return bool(words) and 2 * found >= len(words)
