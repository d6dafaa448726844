"""configs/places.toml: the names each language gives a place are one place; two places are two.

The data is read with the alias groups of configs/aliases.toml (drift/names.py,
``load_name_data``): a form may belong to one group only, may not be a common word, and its
declined forms must be found in running text with their group.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache

import pytest
from wordfreq import zipf_frequency

from drift.names import (
    ALIASES_PATH,
    PLACES_PATH,
    _form_pattern,
    _is_exact_form,
    _key_with,
    compare_names,
    extract_mentions,
    load_name_data,
    mention_from_text,
)

OPEN = "*"


@cache
def _groups(path: str) -> tuple[dict, ...]:
    with open(path, "rb") as handle:
        return tuple(tomllib.load(handle).get("group", []))


def _places() -> tuple[dict, ...]:
    return _groups(str(PLACES_PATH))


def _all_groups() -> tuple[dict, ...]:
    return _groups(str(ALIASES_PATH)) + _places()


def _key(form: str) -> str:
    """The key ``load_name_data`` indexes a form by (transliterated, lowercase, no articles)."""
    return _key_with(form, load_name_data().articles)


def _open_pattern(form: str) -> re.Pattern[str]:
    return re.compile(_form_pattern(form), 0 if _is_exact_form(form) else re.IGNORECASE)


# --------------------------------------------------------------------------- (a) one group per form

def test_places_are_place_groups_with_ids_of_their_own() -> None:
    ids = [group["id"] for group in _all_groups()]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    assert all(group.get("kind") == "place" and group.get("forms") for group in _places())
    assert 250 <= len(_places()) <= 400


def test_every_form_belongs_to_one_group_only_across_places_and_aliases() -> None:
    owners: dict[str, set[str]] = {}
    for group in _all_groups():
        for form in group["forms"]:
            if OPEN not in form:
                owners.setdefault(_key(form), set()).add(group["id"])
    shared = {key: ids for key, ids in owners.items() if len(ids) > 1}
    assert not shared


def test_no_open_form_takes_another_groups_form_or_stem() -> None:
    literal = [(form, group["id"]) for group in _all_groups() for form in group["forms"] if OPEN not in form]
    stems = [(form.split(OPEN)[0], group["id"]) for group in _all_groups() for form in group["forms"] if OPEN in form]
    caught = []
    for group in _places():
        for form in (f for f in group["forms"] if OPEN in f):
            pattern, stem = _open_pattern(form), form.split(OPEN)[0]
            caught += [(form, other) for other, owner in literal if owner != group["id"] and pattern.fullmatch(other)]
            caught += [(form, other) for other, owner in stems
                       if owner != group["id"] and (other.startswith(stem) or stem.startswith(other))]
    assert not caught


def test_open_forms_stand_on_stems_of_five_letters_or_more() -> None:
    short = [form for group in _places() for form in group["forms"]
             if OPEN in form and sum(c.isalpha() for c in form.split(OPEN)[0]) < 5]
    assert not short


def test_each_form_is_listed_once_per_transliteration() -> None:
    # "Zürich" needs no "Zurich", "Москва" no "Moskva": a name is looked up by its key.
    twice = []
    for group in _places():
        keys: dict[str, str] = {}
        for form in (f for f in group["forms"] if OPEN not in f):
            if _key(form) in keys:
                twice.append((keys[_key(form)], form))
            keys.setdefault(_key(form), form)
    assert not twice


def test_every_form_names_its_own_group() -> None:
    data = load_name_data()
    wrong = [(form, group["id"], data.alias_of(form)) for group in _places() for form in group["forms"]
             if OPEN not in form and data.alias_of(form) != group["id"]]
    assert not wrong


def test_open_forms_are_looked_up_as_a_scan_of_all_of_them_would() -> None:
    # NameData.open_index tries only the open forms sharing a name's first letters.
    data = load_name_data()
    names = {form.replace(OPEN, ending) for group in _all_groups() for form in group["forms"] if OPEN in form
             for ending in ("a", "ie")}
    names |= {name[0].swapcase() + name[1:] for name in names}
    wrong = []
    for name in sorted(names):
        scanned = next((group for pattern, group in data.open_forms if pattern.fullmatch(name)), None)
        if data.alias_of(name, "\0") != scanned:
            wrong.append(name)
    assert not wrong


# --------------------------------------------------------------------------- (b) no common words

# Place names that are also common words or other names in the project's languages: none may be
# a form (the spelling comparison still reads most of them as their place's name).
FALSE_FRIENDS = [
    "Nice", "Split", "Bath", "Reading", "Mobile", "Hull", "Sale",  # English words
    "Mons", "Bergen", "Georgia", "Géorgie", "Geórgia", "Granada", "Grenada", "Valencia", "Valence",
    "Córdoba", "Tripoli", "Tunis", "Túnez", "Тунис", "Monaco", "Galicia",   # two places
    "Roma", "Israel", "Jordan", "Chad", "Sofia", "София", "Sofía", "Kuba", "Hesse", "Assia", "Riad",
    "Riyad", "Jadran", "Ren", "Nils", "Vratislav", "Milanu", "Lyons", "Rhodes", "Lorraine",  # names
    "Manche", "Haga", "Damas", "Chili", "Chiles", "Kina", "Katar", "Catar", "Seul", "Seúl", "Island",
    "Oder", "Tuna", "Pola", "Kassa", "Reno", "Bordo", "Tunisien", "Roms", "Viro", "Alpe", "Lesbo",
    "Zug", "Sitten", "Het Kanaal", "la Manche", "Irã", "Şam", "Fas", "Soul", "Kubie", "Elba", "Lille",
]


def test_known_false_friends_are_not_forms() -> None:
    forms = {form for group in _places() for form in group["forms"]}
    assert not forms & set(FALSE_FRIENDS)


# The languages whose word frequencies are checked, and the bound above which a lowercase word is
# too common to be a form unless it is listed below: wordfreq counts a name with the words, so a
# place's own name is frequent too ("paris"), and only the listed ones may be.
LANGUAGES = ("en", "fr", "de", "es", "it", "pt", "nl", "pl", "ru")
COMMON = 5.0
# Forms more frequent than COMMON in some language because they are that place's name there.
FREQUENT_NAMES = {
    # countries, in their own or a neighbour's language
    "Brasil", "France", "Francia", "Frankreich", "Frankrijk", "Italia", "Polsce", "España", "Argentina", "Portugal",
    "Chile", "Venezuela", "Österreich", "Canada", "England", "Colombia", "China", "Rosji", "Schweiz", "België",
    "Francji", "Франции", "Australia", "India", "California",
    # cities and regions
    "Paris", "Berlin", "Milano", "München", "London", "Bayern", "Napoli", "Wien", "Hamburg", "Torino", "Frankfurt",
    "Köln", "Firenze", "Haag",
    # the continent
    "Europe", "Europa", "Europy", "Europie",
}


def _frequency(form: str) -> tuple[float, str]:
    return max((zipf_frequency(form.lower(), language), language) for language in LANGUAGES)


def test_no_form_is_a_common_word() -> None:
    frequent = {}
    for group in _places():
        for form in group["forms"]:
            # One word, not an acronym (matched in capitals only: "EAU", "РФ").
            if OPEN in form or " " in form or form.isupper():
                continue
            score, language = _frequency(form)
            if score >= COMMON:
                frequent[form] = (round(score, 2), language)
    assert set(frequent) - FREQUENT_NAMES == set(), {f: frequent[f] for f in set(frequent) - FREQUENT_NAMES}
    assert FREQUENT_NAMES <= set(frequent), FREQUENT_NAMES - set(frequent)  # no stale entry


# --------------------------------------------------------------------------- (c) one place, two names

SAME_PLACE = [
    ("Vienna", "Wiedeń"), ("Wiedniu", "Wien"), ("Vienne", "Bécsben"), ("Вене", "Vídni"),
    ("Lisbon", "Lisboa"), ("Lizbonie", "Lisbonne"), ("Kiszyniów", "Chișinău"), ("Кишинёве", "Chisinau"),
    ("Мюнхен", "Munich"), ("Monaco di Baviera", "München"), ("Monachium", "Mnichově"), ("Köln", "Cologne"),
    ("Keulen", "Kolonii"), ("Milan", "Mailand"), ("Mediolanie", "Milano"), ("Florence", "Firenze"),
    ("Florencji", "Флоренции"), ("Venice", "Benátky"), ("Naples", "Neapel"), ("Turin", "Torino"),
    ("Genoa", "Janov"), ("Prague", "Praze"), ("Praha", "Prag"), ("Warsaw", "Warszawie"), ("Varsovie", "Варшаве"),
    ("Kraków", "Krakau"), ("Cracow", "Krakowie"), ("Brussels", "Bruxelles"), ("Brussel", "Brukseli"),
    ("Antwerp", "Anvers"), ("The Hague", "Den Haag"), ("La Haye", "Hadze"), ("Moscow", "Moskau"),
    ("Moskwie", "Moscou"), ("Москвы", "Moszkvában"), ("Saint-Pétersbourg", "Петербурге"), ("Kyiv", "Kiev"),
    ("Kijowie", "Києві"), ("Kharkiv", "Charków"), ("Lviv", "Lemberg"), ("Lwów", "Львове"), ("Belgrade", "Beograd"),
    ("Bucharest", "Bukareszcie"), ("Budapest", "Budapeszcie"), ("Athens", "Αθήνα"), ("Ateny", "Athènes"),
    ("Thessaloniki", "Salonique"), ("Istanbul", "Κωνσταντινούπολη"), ("Jerusalem", "Иерусалиме"),
    ("Beijing", "Pékin"), ("北京", "Peking"), ("Tokyo", "東京"), ("Saragossa", "Zaragoza"), ("Corunna", "A Coruña"),
    ("Gothenburg", "Göteborg"), ("Copenhagen", "København"), ("Kopenhadze", "Kööpenhamina"),
    ("Nuremberg", "Norymberdze"), ("Aachen", "Aix-la-Chapelle"), ("Strasbourg", "Straßburg"),
    ("Mulhouse", "Mülhausen"), ("Bolzano", "Bozen"), ("Ljubljana", "Laibach"), ("Bratislava", "Pozsony"),
    ("Gdańsk", "Danzig"), ("Wrocław", "Breslau"), ("Vilnius", "Wilno"), ("Lake Geneva", "Léman"),
    ("Danube", "Donau"), ("Dunaju", "Duna"), ("Rhine", "Rhein"), ("Alps", "Alpy"), ("Bavaria", "Bayern"),
    ("Catalonia", "Katalonien"), ("Andalusia", "Andalucía"), ("Lombardy", "Lombardei"), ("Tuscany", "Toskana"),
    ("Sicily", "Sycylii"), ("Sardinia", "Cerdeña"), ("Corsica", "Korsika"), ("Brittany", "Bretagne"),
    ("Silesia", "Śląsku"), ("Transylvania", "Erdélyben"), ("Crimea", "Крыму"), ("Donbas", "Донбассе"),
    ("Gaza Strip", "Strefie Gazy"), ("West Bank", "Cisjordanie"), ("Baltic Sea", "Ostsee"),
    ("Black Sea", "Morzu Czarnym"), ("Mediterranean", "Méditerranée"), ("Hungary", "Magyarországon"),
    ("Poland", "Polsce"), ("Russia", "Rosji"), ("Россию", "Russland"), ("Ukraine", "Україні"), ("Ukrainy", "Ucrania"),
    ("Belarus", "Białorusi"), ("Moldova", "Mołdawii"), ("Georgien", "Грузии"), ("Turkey", "Türkiye"),
    ("Greece", "Ελλάδα"), ("Egypt", "Mısır"), ("Morocco", "Maroc"), ("Ethiopia", "Äthiopien"),
    ("South Africa", "ЮАР"), ("Croatia", "Hrvatskoj"), ("Czechia", "Českou republikou"),
    ("Switzerland", "Szwajcarii"), ("Finland", "Suomessa"), ("China", "中国"), ("Japan", "Japonii"),
    ("Mexico", "Meksyku"), ("Saudi Arabia", "Arabii Saudyjskiej"), ("United Arab Emirates", "ОАЭ"),
    ("Israel", "Израиля"), ("Jordanien", "Иорданию"), ("Lebanon", "Liban"), ("Syria", "Сирии"),
    ("Iran", "Ирана"), ("Netherlands", "Holland"), ("Zurich", "Zurigo"),
]


@pytest.mark.parametrize(("a", "b"), SAME_PLACE)
def test_a_place_each_language_names_its_own_way_is_one_place(a: str, b: str) -> None:
    match = compare_names(mention_from_text(a), mention_from_text(b))
    assert match.kind in ("same", "variant"), match


# --------------------------------------------------------------------------- (d) two places

TWO_PLACES = [
    ("Vienna", "Venice"), ("Wien", "Venedig"), ("Wiedniu", "Wenecji"), ("Austria", "Australia"),
    ("Австрии", "Австралии"), ("Sudan", "South Sudan"), ("Mexico", "Mexico City"), ("Mexico", "New Mexico"),
    ("Ireland", "Northern Ireland"), ("Slovakia", "Slovenia"), ("Słowacji", "Słowenii"), ("Slovensko", "Slovinsko"),
    ("Iran", "Iraq"), ("Ирак", "Иран"), ("Algérie", "Alger"), ("Lyon", "Lille"), ("Genua", "Genf"),
    ("Bern", "Berlin"), ("Tirol", "Südtirol"), ("Bayern", "Baden-Württemberg"), ("Danzig", "Dresden"),
    ("Prag", "Pressburg"), ("Kijów", "Charków"), ("Baltic Sea", "Black Sea"), ("Ostsee", "Nordsee"),
    ("Gaza", "West Bank"), ("Golanhöhen", "Westjordanland"), ("Rhein", "Donau"), ("Alps", "Pyrenees"),
    ("Moscow", "Saint Petersburg"), ("Kherson", "Kharkiv"), ("Lake Geneva", "Lake Constance"),
]


@pytest.mark.parametrize(("a", "b"), TWO_PLACES)
def test_two_places_are_not_one(a: str, b: str) -> None:
    assert compare_names(mention_from_text(a), mention_from_text(b)).kind not in ("same", "variant")


# --------------------------------------------------------------------------- (e) in running text

SENTENCES = [
    ("Premier spotkał się w Warszawie z ministrem z Kijowa, a potem poleciał do Wiednia.",
     {"Warszawie": "warsaw", "Kijowa": "kyiv", "Wiednia": "vienna"}),
    ("Переговоры в Москве продолжились, а делегация из Киева вылетела в Вену.",
     {"Москве": "moscow", "Киева": "kyiv", "Вену": "vienna"}),
    ("Premiér přiletěl z Prahy do Bratislavy a večer do Vídně.",
     {"Prahy": "prague", "Bratislavy": "bratislava", "Vídně": "vienna"}),
    ("A miniszter Budapesten, majd Bécsben és Moszkvában tárgyalt.",
     {"Budapesten": "budapest", "Bécsben": "vienna", "Moszkvában": "moscow"}),
    ("Делегація з Києва прибула до Львова, а потім до Одеси.",
     {"Києва": "kyiv", "Львова": "lviv", "Одеси": "odesa"}),
    ("Ο πρωθυπουργός ταξίδεψε από την Αθήνα στη Θεσσαλονίκη και στη Βιέννη.",
     {"Αθήνα": "athens", "Θεσσαλονίκη": "thessaloniki", "Βιέννη": "vienna"}),
    ("Sastanak je održan u Beču, a nastavak u Zagrebu i Hrvatskoj.",
     {"Beču": "vienna", "Zagrebu": "zagreb", "Hrvatskoj": "croatia"}),
    ("Kokous pidettiin Helsingissä ja Tukholmassa.", {"Helsingissä": "helsinki", "Tukholmassa": "stockholm"}),
    # "İstanbul" is keyed like the listed "Istanbul": found by its key where it stands alone.
    ("Dışişleri Bakanı dün İstanbul'da ve Ankara'da görüştü.", {"İstanbul": "istanbul", "Ankara": "ankara"}),
    ("Der Kanzler reiste nach München, Köln und Nürnberg.",
     {"München": "munich", "Köln": "cologne", "Nürnberg": "nuremberg"}),
    ("Il ministro è volato da Monaco di Baviera a Firenze.", {"Monaco di Baviera": "munich", "Firenze": "florence"}),
    ("Премиерът пристигна в Букурещ и Белград.", {"Букурещ": "bucharest", "Белград": "belgrade"}),
    ("Il a longé le lac Léman avant de rejoindre Bruxelles et Anvers.",
     {"lac Léman": "lake-geneva", "Bruxelles": "brussels", "Anvers": "antwerp"}),
    ("Talks in Lake Geneva on South Sudan and Northern Ireland.",
     {"Lake Geneva": "lake-geneva", "South Sudan": "south-sudan", "Northern Ireland": "northern-ireland"}),
    ("Visitó Ciudad de México, Nuevo México y la Franja de Gaza.",
     {"Ciudad de México": "mexico-city", "Nuevo México": "new-mexico", "Franja de Gaza": "gaza"}),
]


@pytest.mark.parametrize(("sentence", "expected"), SENTENCES)
def test_declined_forms_are_found_in_running_text_with_their_place(sentence: str, expected: dict[str, str]) -> None:
    found = {m.text: m.alias for m in extract_mentions(sentence)}
    assert {text: found.get(text) for text in expected} == expected


def test_a_first_name_that_is_a_place_stays_in_the_persons_name() -> None:
    # "Israel" is no form (a first name): the person keeps their name; the country alone is found
    # by its key ("Israël").
    found = {m.text: m.alias for m in extract_mentions("Israel Katz said Israel would respond.")}
    assert found == {"Israel Katz": None, "Israel": "israel"}
