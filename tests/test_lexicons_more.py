"""The word lists and attribution frames of Portuguese, Dutch, Ukrainian, Czech and Romanian
(configs/lexicons/{pt,nl,uk,cs,ro}.toml, configs/attribution.toml).

Each case reads a word or a frame of these files: without them a language is compared on nothing
(the modality detector reads only the classes both languages list) and its sources are read with
every language's frames merged. Where a case asserts silence (a faithful translation, an idiom, a
word that only looks like a lexicon word), it also asserts what the lists do read there, so that
the silence is the lists' doing, not their absence.
"""

from __future__ import annotations

import pytest
from pairs import make_pair

from drift.config import load_config
from drift.detect.attribution import AttributionDetector, AttributionExtractor
from drift.detect.dates import extract_times
from drift.detect.modality import ContrastDetector, FramingDetector, ModalityDetector, find_hits
from drift.detect.spans import _is_function_word
from drift.segment import split_line

LANGUAGES = ("pt", "nl", "uk", "cs", "ro")


def _modality(src: str, tgt: str, src_lang: str, tgt_lang: str) -> list:
    return ModalityDetector().detect(*make_pair(src, tgt, src_lang, tgt_lang))


def _classes(text: str, lang: str) -> set[str]:
    return {h.cls for h in find_hits(text, lang)}


def _negations(text: str, lang: str) -> list[str]:
    return [h.text for h in find_hits(text, lang) if h.cls == "negation"]


def _speakers(text: str, lang: str) -> list[str]:
    return [a.text for a in AttributionExtractor().extract(text, 0, lang) if a.role == "speaker"]


# --- Hedges -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("lang", "hedged", "hedge", "plain"), [
    ("pt", "O ministro poderá demitir-se na próxima semana.", "poderá", "O ministro demite-se na próxima semana."),
    ("pt", "O alegado autor do ataque foi detido.", "alegado", "O autor do ataque foi detido."),
    ("pt", "Uma fonte admitiu que a fissura possa ter sido causada por um defeito.", "possa ter",
     "Uma fonte admitiu que a fissura foi causada por um defeito."),
    ("nl", "De minister treedt volgende week waarschijnlijk af.", "waarschijnlijk",
     "De minister treedt volgende week af."),
    ("nl", "De man heeft naar verluidt twee mensen neergestoken.", "naar verluidt",
     "De man heeft twee mensen neergestoken."),
    ("uk", "Міністр, можливо, піде у відставку наступного тижня.", "можливо",
     "Міністр піде у відставку наступного тижня."),
    ("uk", "Чоловік нібито поранив двох людей.", "нібито", "Чоловік поранив двох людей."),
    ("cs", "Ministr by mohl příští týden rezignovat.", "by mohl", "Ministr příští týden rezignuje."),
    ("cs", "Muž údajně zranil dva lidi.", "údajně", "Muž zranil dva lidi."),
    ("ro", "Ministrul ar putea demisiona săptămâna viitoare.", "ar putea",
     "Ministrul demisionează săptămâna viitoare."),
    ("ro", "Presupusul autor al atacului a fost reținut.", "Presupusul", "Autorul atacului a fost reținut."),
])
def test_a_hedge_dropped_against_english_is_found(lang: str, hedged: str, hedge: str, plain: str) -> None:
    # English "could" against a plain statement, and the language's own hedge against an English one.
    (found,) = _modality("The minister could resign next week.", plain, "en", lang)
    assert (found.source.text, found.evidence["kind_hedge"]) == ("could", 1.0)
    (found,) = _modality(hedged, "The minister resigns next week.", lang, "en")
    assert (found.source.text, found.evidence["kind_hedge"]) == (hedge, 1.0)


@pytest.mark.parametrize(("lang", "weighed"), [
    ("pt", "O governo pondera oferecer-lhe um desconto."),
    ("nl", "De regering overweegt hem korting te geven."),
    ("uk", "Уряд розглядає можливість надати йому знижку."),
    ("cs", "Vláda zvažuje, že mu nabídne slevu."),
    ("ro", "Guvernul ia în calcul să îi ofere o reducere."),
])
def test_a_decision_weighed_is_a_hedge(lang: str, weighed: str) -> None:
    assert "hedge" in _classes(weighed, lang)


# --- A reported conditional or a future is grammar, not a hedge or an intent -----------------

@pytest.mark.parametrize(("lang", "conditional", "stated"), [
    ("pt", "A fábrica fecharia em maio, disse o ministro.", "A fábrica fechou em maio, disse o ministro."),
    # The subjunctive after "estima que": the union "estimates the plant may close".
    ("pt", "O ministro estima que a fábrica possa fechar em maio.", "O ministro disse que a fábrica fechou em maio."),
    ("nl", "De fabriek zou in mei sluiten, zei de minister.", "De fabriek sloot in mei, zei de minister."),
    ("uk", "Завод можуть закрити в травні, сказав міністр.", "Завод закрили в травні, сказав міністр."),
    ("cs", "Továrna se může v květnu zavřít, řekl ministr.", "Továrna se v květnu zavřela, řekl ministr."),
    ("ro", "Fabrica s-ar închide în mai, a spus ministrul.", "Fabrica s-a închis în mai, a spus ministrul."),
])
def test_a_reported_conditional_answers_a_hedge_and_is_none_by_itself(lang: str, conditional: str,
                                                                     stated: str) -> None:
    assert "conditional" in _classes(conditional, lang)
    assert _modality("The plant could close in May, the minister said.", conditional, "en", lang) == []
    assert _modality("The plant would close in May, the minister said.", conditional, "en", lang) == []
    # Stated as done, the English hedge stands unanswered.
    assert [f.source.text for f in _modality("The plant could close in May, the minister said.", stated,
                                             "en", lang)] == ["could"]


@pytest.mark.parametrize(("lang", "likely", "stated"), [
    # "Deverá" is "is expected to", "is likely to", as much as a future.
    ("pt", "A decisão deverá ser anunciada na segunda-feira.", "A decisão será anunciada na segunda-feira."),
    ("nl", "Het besluit wordt naar verwachting maandag bekendgemaakt.", "Het besluit wordt maandag bekendgemaakt."),
    ("uk", "Рішення, ймовірно, оголосять у понеділок.", "Рішення оголосять у понеділок."),
    ("cs", "Rozhodnutí bude pravděpodobně oznámeno v pondělí.", "Rozhodnutí bude oznámeno v pondělí."),
    ("ro", "Decizia ar urma să fie anunțată luni.", "Decizia va fi anunțată luni."),
])
def test_a_likelihood_put_in_the_language_s_own_words_answers_likely(lang: str, likely: str, stated: str) -> None:
    english = "The decision is likely to be announced on Monday."
    assert _modality(english, likely, "en", lang) == []
    assert [f.source.text for f in _modality(english, stated, "en", lang)] == ["likely"]


def test_the_portuguese_evidential_future_perfect_answers_allegedly() -> None:
    # European "terá disparado" (reportedly shot), as French "aurait tiré".
    english = "The suspect allegedly shot the victim."
    assert _modality(english, "O suspeito terá disparado contra a vítima.", "en", "pt") == []
    assert [f.source.text for f in _modality(english, "O suspeito disparou contra a vítima.", "en", "pt")] == [
        "allegedly"]


@pytest.mark.parametrize(("lang", "reported"), [
    ("pt", "O ministro disse que a fábrica fecharia em maio."),
    ("nl", "De minister zei dat de fabriek in mei zou sluiten."),
    ("uk", "Міністр сказав, що завод буде закрито в травні."),
    ("cs", "Ministr řekl, že továrna bude v květnu uzavřena."),
    ("ro", "Ministrul a spus că fabrica se va închide în mai."),
])
def test_reported_speech_put_as_would_is_no_hedge_or_intent(lang: str, reported: str) -> None:
    assert _classes(reported, lang) & {"conditional", "future"}
    assert "report" in _classes(reported, lang)
    assert _modality("The minister said the plant would close in May.", reported, "en", lang) == []


@pytest.mark.parametrize(("lang", "future", "intent", "past"), [
    ("pt", "O governo vai aumentar os impostos.", "O governo quer aumentar os impostos.",
     "O governo aumentou os impostos."),
    ("nl", "De regering zal de belastingen verhogen.", "De regering wil de belastingen verhogen.",
     "De regering verhoogde de belastingen."),
    ("uk", "Уряд підвищуватиме податки.", "Уряд планує підвищити податки.", "Уряд підвищив податки."),
    ("cs", "Vláda bude zvyšovat daně.", "Vláda chce zvýšit daně.", "Vláda zvýšila daně."),
    ("ro", "Guvernul va majora taxele.", "Guvernul intenționează să majoreze taxele.", "Guvernul a majorat taxele."),
])
def test_a_future_answers_an_intent_and_is_none_by_itself(lang: str, future: str, intent: str, past: str) -> None:
    assert _modality("The government plans to raise taxes.", future, "en", lang) == []
    assert _modality("The government will raise taxes.", future, "en", lang) == []
    assert _modality(intent, "The government will raise taxes.", lang, "en") == []
    # Done already, the plan is gone: the intent stands unanswered, on either side.
    assert [f.source.text for f in _modality("The government plans to raise taxes.", past, "en", lang)] == [
        "plans to"]
    (found,) = _modality(intent, "The government raised taxes.", lang, "en")
    assert found.evidence["kind_intent"] == 1.0


# --- Negation ---------------------------------------------------------------------------------

_TOLL = "The police confirmed the death toll."
_HURT = "Several people were hurt in the accident."


@pytest.mark.parametrize(("english", "lang", "negated", "word"), [
    (_TOLL, "pt", "A polícia não confirmou o número de mortos.", "não"),
    (_HURT, "pt", "Ninguém ficou ferido no acidente.", "Ninguém"),
    (_TOLL, "nl", "De politie heeft het dodental niet bevestigd.", "niet"),
    (_HURT, "nl", "Bij het ongeluk raakte niemand gewond.", "niemand"),
    (_TOLL, "uk", "Поліція не підтвердила кількість загиблих.", "не"),
    (_HURT, "uk", "Ніхто не постраждав під час аварії.", "Ніхто"),
    # Czech negates with the prefix "ne-" (listed before); "nikoli" is a word of its own.
    ("The government and parliament approved the law.", "cs", "Zákon schválila vláda, nikoli parlament.", "nikoli"),
    (_TOLL, "ro", "Poliția nu a confirmat numărul morților.", "nu"),
    (_TOLL, "ro", "Poliţia n-a confirmat numărul morţilor.", "n-a"),
    (_HURT, "ro", "Nimeni nu a fost rănit în accident.", "Nimeni"),
])
def test_a_negation_the_english_lacks_is_found(english: str, lang: str, negated: str, word: str) -> None:
    found = _modality(english, negated, "en", lang)
    assert [f.evidence.get("kind_negation") for f in found] == [1.0]
    assert found[0].target.text == word


@pytest.mark.parametrize(("lang", "idiom", "negated"), [
    # "Not only", "no more than", "without a doubt", "not the first time": nothing denied.
    ("pt", "Não só os médicos vieram ajudar.", "Os médicos não vieram ajudar."),
    ("pt", "Ele jogará não mais de 48 minutos.", "Ele não jogará 48 minutos."),
    ("pt", "Não é a primeira vez que isto acontece.", "Isto não acontece."),
    ("pt", "É, sem dúvida, o melhor jogador.", "Não é o melhor jogador."),
    ("nl", "Niet alleen artsen kwamen helpen.", "Artsen kwamen niet helpen."),
    ("nl", "Hij speelt niet meer dan 48 minuten.", "Hij speelt niet."),
    ("nl", "Het is niet de eerste keer dat dit gebeurt.", "Dit gebeurt niet."),
    ("nl", "De niet-gouvernementele organisatie meldde het.", "De organisatie meldde het niet."),
    ("uk", "Не тільки лікарі прийшли допомогти.", "Лікарі не прийшли допомогти."),
    ("uk", "Він зіграє не більше 48 хвилин.", "Він не зіграє."),
    ("uk", "Це стається не вперше.", "Це не стається."),
    ("cs", "Odehraje ne více než 48 minut.", "Neodehraje ani minutu."),
    ("cs", "Není to poprvé, co se to stalo.", "To se nestalo."),
    ("ro", "Nu doar medicii au venit să ajute.", "Medicii nu au venit să ajute."),
    ("ro", "Va juca nu mai mult de 48 de minute.", "Nu va juca."),
    ("ro", "Nu este prima dată când se întâmplă asta.", "Asta nu se întâmplă."),
])
def test_a_phrase_whose_negation_word_negates_nothing(lang: str, idiom: str, negated: str) -> None:
    assert _negations(idiom, lang) == []
    assert _negations(negated, lang) != []


_CAME = "Doctors and nurses came to help."


@pytest.mark.parametrize(("english", "lang", "idiom", "negated"), [
    (_CAME, "pt", "Não só os médicos, mas também os enfermeiros vieram ajudar.",
     "Os médicos e os enfermeiros não vieram ajudar."),
    (_CAME, "nl", "Niet alleen de artsen, maar ook de verpleegkundigen kwamen helpen.",
     "De artsen en de verpleegkundigen kwamen niet helpen."),
    (_CAME, "uk", "Не тільки лікарі, а й медсестри прийшли допомогти.", "Лікарі й медсестри не прийшли допомогти."),
    # "Nejen" (not only) was listed before; "ne více než" (no more than) is new.
    ("He will play no more than 48 minutes.", "cs", "Hráč odehraje ne více než 48 minut.", "Hráč neodehraje 48 minut."),
    (_CAME, "ro", "Nu doar medicii, ci și asistentele au venit să ajute.",
     "Medicii și asistentele nu au venit să ajute."),
])
def test_an_idiom_against_english_is_no_negation_dropped(english: str, lang: str, idiom: str, negated: str) -> None:
    assert _modality(english, idiom, "en", lang) == []
    assert [f.evidence.get("kind_negation") for f in _modality(english, negated, "en", lang)] == [1.0]


# --- Words that only look like lexicon words ----------------------------------------------------

@pytest.mark.parametrize(("lang", "text", "cls", "lookalike"), [
    # The ordinal "segundo" (second) is no "according to".
    ("pt", "Segundo a polícia, o suspeito fugiu.", "report", "A equipa ficou em segundo lugar no campeonato."),
    # "É suposto" (is supposed to) hedges nothing; "suposto" (alleged) does.
    ("pt", "O suposto autor fugiu.", "hedge", "É suposto chegar amanhã."),
    # "Irão" (Iran) is no "irão" (they will).
    ("pt", "Os ministros irão reunir-se amanhã.", "future", "O Irão reúne-se amanhã."),
    # "Junta de Freguesia" is a parish council, no junta.
    ("pt", "A junta militar tomou o poder.", "framing:government.loaded", "A Junta de Freguesia aprovou o plano."),
    # "Lijken" is also "corpses"; "lijkt op" "resembles".
    ("nl", "De verdachte lijkt te zijn gevlucht.", "hedge", "Er werden drie lijken gevonden."),
    ("nl", "De verdachte lijkt gevlucht.", "hedge", "Het lijkt op een ongeluk."),
    # "Zeker tien doden" is "at least ten dead", no certainty.
    ("nl", "Dit staat onomstotelijk vast.", "certainty", "Er vielen zeker tien doden."),
    # "Схоже" alone is also "similar".
    ("uk", "Схоже, що підозрюваний утік.", "hedge", "Схоже рішення ухвалили торік."),
    # "Захід" is also an event or a measure.
    ("uk", "Пожежа сталася на заході країни.", "contrast:direction.west", "Захід відбувся в неділю."),
    # "Asi" (about) is no "probably"; "podle všeho" (by all accounts) is.
    ("cs", "Podle všeho utekl.", "hedge", "Přišlo asi 50 lidí."),
    # "Východ" alone is also an exit.
    ("cs", "Požár vypukl na východě země.", "contrast:direction.east", "Nouzový východ byl zablokován."),
    # "Susține" alone is "supports"; "susține că" is "claims that".
    ("ro", "Ministrul susține că documentul este fals.", "claim", "Partidul susține proiectul."),
])
def test_a_lookalike_is_not_read_as_the_word(lang: str, text: str, cls: str, lookalike: str) -> None:
    assert cls in _classes(text, lang)
    assert cls not in _classes(lookalike, lang)


# --- Framing and contrast ---------------------------------------------------------------------

def _thresholds() -> dict:
    return dict(load_config().model_spec().thresholds)


_BLOC = "The ruling Civic Union came second with 33.8% and 38 seats, while the {}Agrarian Bloc won 9.1% and 16 seats."
_BLOCS = {
    "pt": ("A União Cívica ficou em segundo lugar com 33,8% e 38 lugares, enquanto o {}Bloco Agrário obteve 9,1% e "
           "16 lugares.", "polémico "),
    "nl": ("De regerende Burgerunie werd tweede met 33,8 procent en 38 zetels, terwijl het {}Agrarisch Blok 9,1 "
           "procent en 16 zetels haalde.", "prorussische "),
    "uk": ("Правляча Громадянська унія посіла друге місце з 33,8% і 38 місцями, тоді як {}Аграрний блок отримав "
           "9,1% і 16 місць.", "проросійський "),
    "cs": ("Vládnoucí Občanská unie skončila druhá s 33,8 % a 38 mandáty, zatímco {}Agrární blok získal 9,1 % a "
           "16 mandátů.", "proruský "),
    # Romanian writes the article on the first word of the phrase: "Blocul Agrar", "controversatul Bloc Agrar".
    "ro": ("Uniunea Civică, aflată la guvernare, s-a clasat pe locul doi cu 33,8% și 38 de mandate, în timp ce "
           "{}Bloc{} Agrar a obținut 9,1% și 16 mandate.", "controversatul "),
}


def _characterisations(src: str, tgt: str, lang: str, encoder: object) -> list[tuple[str, str]]:
    pair, story = make_pair(src, tgt, "en", lang, settings={"encoder": encoder, "thresholds": _thresholds()})
    return [(f.source.text, f.target.text) for f in FramingDetector().detect(pair, story)
            if "register_added" in f.evidence]


def _bloc(lang: str, characterised: bool) -> str:
    text, word = _BLOCS[lang]
    if lang == "ro":
        return text.format(word, "") if characterised else text.format("", "ul")
    return text.format(word if characterised else "")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_characterisation_one_version_adds_is_found(encoder, lang: str) -> None:
    word = _BLOCS[lang][1].strip()
    added = _characterisations(_BLOC.format(""), _bloc(lang, True), lang, encoder)
    assert [target for _, target in added] == [word]
    # Both write one, or neither: nothing added.
    assert _characterisations(_BLOC.format("controversial "), _bloc(lang, True), lang, encoder) == []
    assert _characterisations(_BLOC.format(""), _bloc(lang, False), lang, encoder) == []
    # The English one against the plain name: read only where the other language lists such words.
    assert [source for source, _ in _characterisations(_BLOC.format("populist "), _bloc(lang, False), lang,
                                                       encoder)] == ["populist"]


@pytest.mark.parametrize(("lang", "neutral", "loaded"), [
    ("pt", "A polícia dispersou os manifestantes.", "A polícia dispersou os desordeiros."),
    ("nl", "De politie dreef de demonstranten uiteen.", "De politie dreef de relschoppers uiteen."),
    ("uk", "Поліція розігнала протестувальників.", "Поліція розігнала погромників."),
    ("cs", "Policie rozehnala demonstranty.", "Policie rozehnala výtržníky."),
    ("ro", "Poliția i-a dispersat pe protestatari.", "Poliția i-a dispersat pe huligani."),
])
def test_protesters_called_rioters_is_framing(lang: str, neutral: str, loaded: str) -> None:
    english = "Police dispersed the protesters."
    assert FramingDetector().detect(*make_pair(english, neutral, "en", lang)) == []
    (found,) = FramingDetector().detect(*make_pair(english, loaded, "en", lang))
    assert found.source.text == "protesters" and found.evidence["register_loaded"] == 1.0


@pytest.mark.parametrize(("lang", "killed", "south", "north"), [
    ("pt", "Duas pessoas morreram.", "O deslizamento ocorreu a sul da aldeia.",
     "O deslizamento ocorreu a norte da aldeia."),
    ("nl", "Twee mensen kwamen om het leven.", "De aardverschuiving vond plaats ten zuiden van het dorp.",
     "De aardverschuiving vond plaats ten noorden van het dorp."),
    ("uk", "Двоє людей загинули.", "Зсув стався на південь від села.", "Зсув стався на північ від села."),
    ("cs", "Dva lidé zemřeli.", "Sesuv nastal jižně od vesnice.", "Sesuv nastal severně od vesnice."),
    ("ro", "Două persoane au murit.", "Alunecarea a avut loc la sud de sat.", "Alunecarea a avut loc la nord de sat."),
])
def test_a_word_put_for_its_contrary_is_found(lang: str, killed: str, south: str, north: str) -> None:
    (found,) = ContrastDetector().detect(*make_pair("Two people were injured.", killed, "en", lang))
    assert found.source.text == "injured" and found.evidence["kind_contrast"] == 1.0
    (found,) = ContrastDetector().detect(*make_pair("The slide came down south of the village.", north, "en", lang))
    assert found.source.text == "south"
    assert ContrastDetector().detect(*make_pair("The slide came down south of the village.", south, "en", lang)) == []


# --- Attribution --------------------------------------------------------------------------------

@pytest.mark.parametrize(("lang", "text", "source"), [
    ("pt", "A economia cresceu, disse o ministro das Finanças, João Leão.", "o ministro das Finanças, João Leão"),
    ("pt", "Segundo a polícia, três pessoas morreram no incêndio.", "polícia"),
    ("pt", "O porta-voz da polícia disse que não houve feridos.", "O porta-voz da polícia"),
    ("pt", "De acordo com os bombeiros, o fogo está controlado.", "os bombeiros"),
    ("nl", "Volgens de politie zijn drie mensen omgekomen.", "de politie"),
    ("nl", "Dat meldt de brandweer in een verklaring.", "de brandweer"),
    ("nl", "Het vuur is onder controle, aldus de brandweer.", "de brandweer"),
    ("nl", "“We gaan door”, zei de minister van Buitenlandse Zaken.", "de minister van Buitenlandse Zaken"),
    ("uk", "За словами міністра, ситуація під контролем.", "міністра"),
    ("uk", "За даними поліції, троє людей загинули.", "поліції"),
    ("uk", "Про це повідомив речник Повітряних сил Юрій Ігнат.", "речник Повітряних сил Юрій Ігнат"),
    ("uk", "«Ми продовжимо роботу», — сказав міністр.", "міністр"),
    ("cs", "Podle policie zemřeli tři lidé.", "policie zemřeli tři lidé"),
    ("cs", "Uvedla to policie.", "policie"),
    ("cs", "Mluvčí policie řekla, že nikdo nebyl zraněn.", "Mluvčí policie"),
    ("ro", "Potrivit poliției, trei persoane au murit.", "poliției"),
    ("ro", "Potrivit poliţiei, trei persoane au murit.", "poliţiei"),
    ("ro", "Purtătorul de cuvânt al Poliției a spus că nu au existat victime.", "Purtătorul de cuvânt al Poliției"),
    ("ro", "„Vom continua”, a declarat ministrul pentru Agerpres.", "ministrul"),
])
def test_extract_source(lang: str, text: str, source: str) -> None:
    assert _speakers(text, lang) == [source]


@pytest.mark.parametrize(("lang", "text", "lookalike"), [
    # "Diz respeito" (concerns), "em segundo lugar" (second): no one said anything.
    ("pt", "O ministro diz que o caso está encerrado.", "O caso diz respeito a três funcionários."),
    ("pt", "Segundo o ministro, a equipa venceu.", "A equipa ficou em segundo lugar no campeonato."),
    # "Volgens mij" (I think) is the writer's view.
    ("nl", "Volgens de politie is het veilig.", "Volgens mij is het veilig."),
    # "Podle zákona" (under the law), "podle mého názoru" (in my view): no source.
    ("cs", "Podle ministra musí vláda rozhodnout do pátku.", "Podle zákona musí vláda rozhodnout do pátku."),
    ("cs", "Podle ministra je to chyba.", "Podle mého názoru je to chyba."),
    # "Conform legii" (under the law), "susține" alone (supports): no source.
    ("ro", "Conform ministerului, termenul expiră mâine.", "Conform legii, termenul expiră mâine."),
    ("ro", "Partidul susține că proiectul este bun.", "Partidul susține proiectul."),
    # "Передає зброю" (hands over weapons) relays no claim.
    ("uk", "Ворог втратив три танки, як передає Укрінформ.", "Країна передає зброю союзникам."),
])
def test_a_lookalike_of_a_frame_reads_no_source(lang: str, text: str, lookalike: str) -> None:
    assert AttributionExtractor().extract(text, 0, lang) != []
    assert AttributionExtractor().extract(lookalike, 0, lang) == []


_FIRE = "Three people died in the fire, the police said."


@pytest.mark.parametrize(("lang", "same", "changed", "changed_source"), [
    ("pt", "Três pessoas morreram no incêndio, disse a polícia.",
     "Três pessoas morreram no incêndio, disse o ministério.", "o ministério"),
    ("nl", "Bij de brand kwamen drie mensen om, zei de politie.",
     "Bij de brand kwamen drie mensen om, zei het ministerie.", "het ministerie"),
    ("uk", "За словами поліції, під час пожежі загинули троє людей.",
     "За словами міністерства, під час пожежі загинули троє людей.", "міністерства"),
    ("cs", "Při požáru zemřeli tři lidé, uvedla policie.", "Při požáru zemřeli tři lidé, uvedlo ministerstvo.",
     "ministerstvo"),
    ("ro", "Trei persoane au murit în incendiu, a declarat poliția.",
     "Trei persoane au murit în incendiu, a declarat ministerul.", "ministerul"),
])
def test_a_changed_source_across_languages_is_reported_and_the_same_one_is_not(lang: str, same: str, changed: str,
                                                                               changed_source: str) -> None:
    assert AttributionDetector().detect(*make_pair(_FIRE, same, "en", lang)) == []
    (found,) = AttributionDetector().detect(*make_pair(_FIRE, changed, "en", lang))
    assert (found.source.text, found.target.text) == ("the police", changed_source)
    assert found.evidence["changed"] == 1.0 and found.severity >= 0.5


@pytest.mark.parametrize(("lang", "with_source", "without"), [
    ("pt", "Segundo a polícia, três pessoas morreram.", "Três pessoas morreram."),
    ("nl", "Volgens de politie zijn drie mensen omgekomen.", "Drie mensen zijn omgekomen."),
    ("uk", "За даними поліції, загинули троє людей.", "Загинули троє людей."),
    ("cs", "Při požáru zemřeli tři lidé, uvedla policie.", "Při požáru zemřeli tři lidé."),
    ("ro", "Potrivit poliției, trei persoane au murit.", "Trei persoane au murit."),
])
def test_a_source_one_version_drops_is_reported(lang: str, with_source: str, without: str) -> None:
    (found,) = AttributionDetector().detect(*make_pair("Three people died, according to the police.", without,
                                                       "en", lang))
    assert found.evidence["dropped"] == 1.0
    (found,) = AttributionDetector().detect(*make_pair("Three people died.", with_source, "en", lang))
    assert found.evidence["added"] == 1.0


# --- Faithful translations: nothing to report ----------------------------------------------------

_BRIDGE = "The minister said the bridge could reopen next week, but engineers have not yet finished the inspection."
_SUSPECT = "According to the police, the suspect allegedly fired at the officers and did not surrender."
_COMPANY = "The company said it was considering closing the plant, but no decision had been taken."
_FIREFIGHTERS = "Three people were killed and dozens injured in the explosion, firefighters said."


@pytest.mark.parametrize(("english", "lang", "text"), [
    (_BRIDGE, "pt", "O ministro disse que a ponte poderá reabrir na próxima semana, mas os engenheiros ainda não "
                    "concluíram a inspeção."),
    (_SUSPECT, "pt", "Segundo a polícia, o suspeito terá disparado contra os agentes e não se rendeu."),
    (_FIREFIGHTERS, "pt", "Três pessoas morreram e dezenas ficaram feridas na explosão, disseram os bombeiros."),
    (_BRIDGE, "nl", "De minister zei dat de brug volgende week weer open zou kunnen, maar ingenieurs hebben de "
                    "inspectie nog niet afgerond."),
    (_SUSPECT, "nl", "Volgens de politie zou de verdachte op de agenten hebben geschoten en heeft hij zich niet "
                     "overgegeven."),
    (_COMPANY, "nl", "Het bedrijf zei dat het overweegt de fabriek te sluiten, maar er is nog geen besluit genomen."),
    (_BRIDGE, "uk", "Міністр сказав, що міст можуть відкрити наступного тижня, але інженери ще не завершили "
                    "перевірку."),
    (_SUSPECT, "uk", "За даними поліції, підозрюваний нібито стріляв у поліцейських і не здався."),
    (_FIREFIGHTERS, "uk", "Троє людей загинули й десятки були поранені внаслідок вибуху, повідомили рятувальники."),
    (_BRIDGE, "cs", "Ministr řekl, že most by mohl být znovu otevřen příští týden, ale inženýři dosud nedokončili "
                    "kontrolu."),
    (_SUSPECT, "cs", "Podle policie podezřelý údajně střílel na policisty a nevzdal se."),
    (_COMPANY, "cs", "Společnost uvedla, že zvažuje uzavření závodu, ale žádné rozhodnutí zatím nepadlo."),
    (_BRIDGE, "ro", "Ministrul a spus că podul ar putea fi redeschis săptămâna viitoare, dar inginerii nu au "
                    "finalizat încă inspecția."),
    (_SUSPECT, "ro", "Potrivit poliției, suspectul ar fi tras asupra agenților și nu s-a predat."),
    (_FIREFIGHTERS, "ro", "Trei persoane au murit și zeci au fost rănite în explozie, au declarat pompierii."),
])
def test_a_faithful_translation_reports_nothing(english: str, lang: str, text: str) -> None:
    # The lists read the translation (its source, its modal words), and find nothing changed.
    assert AttributionExtractor().extract(text, 0, lang) != []
    assert _classes(text, lang) & {"hedge", "conditional", "negation", "contrast:harm.killed"}
    pair, story = make_pair(english, text, "en", lang)
    for detector in (ModalityDetector(), FramingDetector(), ContrastDetector(), AttributionDetector()):
        assert detector.detect(pair, story) == [], detector.name


# --- Time, abbreviations, function words -------------------------------------------------------

@pytest.mark.parametrize(("lang", "text", "kind", "written"), [
    ("pt", "O acidente ocorreu esta manhã.", "relative", "esta manhã"),
    ("pt", "A polícia chegou ontem à noite.", "relative", "ontem à noite"),
    ("pt", "A explosão ocorreu às 14h.", "clock", "14h"),
    ("nl", "De politie kwam gisteravond.", "relative", "gisteravond"),
    ("uk", "Вибух стався о 14 годині.", "clock", "14 годині"),
    ("uk", "Поліція прибула вчора ввечері.", "relative", "вчора ввечері"),
    ("ro", "Ministrul a vorbit aseară.", "relative", "aseară"),
    ("ro", "Atacul a avut loc la ora 14.", "clock", "ora 14"),
])
def test_time_words(lang: str, text: str, kind: str, written: str) -> None:
    assert [(e.kind, e.text) for e in extract_times(text, lang)] == [(kind, written)]


@pytest.mark.parametrize(("lang", "text"), [
    ("pt", "Cinco pessoas ficaram feridas, 3 sem gravidade."),  # "sem" is "without", no weeks
    ("ro", "Mai mulți oameni au fost răniți."),                  # "mai" is "more", no May
])
def test_a_common_word_is_no_time(lang: str, text: str) -> None:
    assert extract_times(text, lang) == []


def test_a_time_given_in_dutch_time_is_a_conversion() -> None:
    (converted,) = extract_times("De aanval begon om 14.00 uur Nederlandse tijd.", "nl")
    (local,) = extract_times("De aanval begon om 14.00 uur lokale tijd.", "nl")
    assert converted.converted and not local.converted


@pytest.mark.parametrize(("lang", "line"), [
    ("pt", "O acidente envolveu aprox. 120 pessoas, disse a polícia."),
    ("pt", "A reunião com o dep. Silva correu bem."),
    ("nl", "Er waren ong. 300 mensen aanwezig."),
    ("nl", "Volgens dhr. Jansen is het veilig."),
    ("uk", "Мітинг відбувся на вул. Хрещатик у Києві."),
    ("uk", "Лекцію прочитав проф. Іваненко."),
    ("ro", "Potrivit dlui. Popescu, totul e bine."),
    ("ro", "Atacul a avut loc pe str. Victoriei din București."),
])
def test_no_sentence_starts_after_an_abbreviation_of_the_language(lang: str, line: str) -> None:
    assert len(split_line(line, lang)) == 1


@pytest.mark.parametrize(("words", "not_function"), [
    (["uma", "pelos", "het", "een", "від", "щоб", "unei", "pentru"], ["van", "met", "die", "ai", "este", "dos"]),
])
def test_function_words_of_the_languages(words: list[str], not_function: list[str]) -> None:
    # The list is one for every language: words that are content words of another stay out.
    assert all(_is_function_word(w) for w in words)
    assert not any(_is_function_word(w) for w in not_function)
