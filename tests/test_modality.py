"""Modality and framing lexicons and detectors on hand-built aligned pairs."""

from __future__ import annotations

import pytest
from pairs import make_pair

from drift.detect.modality import FramingDetector, ModalityDetector, find_hits


def run(src: str, tgt: str, src_lang: str = "en", tgt_lang: str = "en") -> list:
    pair, story = make_pair(src, tgt, src_lang, tgt_lang)
    return ModalityDetector().detect(pair, story) + FramingDetector().detect(pair, story)


@pytest.mark.parametrize(("lang", "text", "cls"), [
    ("en", "He may resign", "hedge"),
    ("en", "the allegedly stolen car", "hedge"),
    ("en", "the deal appears to hold", "hedge"),
    ("es", "el voto parece inamovible", "hedge"),
    ("fr", "il pourrait démissionner", "hedge"),
    ("fr", "le présumé coupable", "hedge"),
    ("bg", "той би могъл да подаде оставка", "hedge"),
    ("bg", "предполагаемият извършител", "hedge"),
    ("en", "the test confirmed it", "certainty"),
    ("fr", "le ministère a confirmé", "certainty"),
    ("bg", "министерството потвърди", "certainty"),
    ("en", "he claimed", "claim"),
    ("fr", "il prétend", "claim"),
    # The Romance "affirm" verbs are how translations say "said": a report, not a contested claim.
    ("fr", "il a affirmé", "report"),
    ("it", "ha affermato", "report"),
    ("es", "afirmó", "report"),
    ("bg", "той твърди", "claim"),
    ("en", "they will attack", "future"),
    ("bg", "те ще нападнат", "future"),
    ("en", "he didn't go", "negation"),
    ("en", "protesters gathered", "framing:protest.neutral"),
    ("fr", "des émeutiers", "framing:protest.loaded"),
    ("bg", "размирниците", "framing:protest.loaded"),
    ("bg", "терористичните организации", "framing:armed.loaded"),
    ("bg", "бунтовниците", "framing:armed.neutral"),
    ("bg", "боевиците", "framing:armed.loaded"),
])
def test_lexicon_classes(lang: str, text: str, cls: str) -> None:
    assert cls in {h.cls for h in find_hits(text, lang)}


def test_hedge_dropped_is_modality() -> None:
    findings = run("The minister may resign.", "The minister resigned.")
    assert [f.category for f in findings] == ["modality"]
    assert findings[0].source.text == "may" and findings[0].severity >= 0.5


def test_claim_to_certainty_is_modality() -> None:
    findings = run("The ministry claimed the strike hit a depot.",
                   "The ministry showed the strike hit a depot.")
    assert [f.category for f in findings] == ["modality"]
    assert findings[0].source.text == "claimed" and findings[0].target.text == "showed"


def test_protesters_to_rioters_is_framing() -> None:
    findings = run("Police dispersed the protesters.", "Police dispersed the rioters.")
    assert [f.category for f in findings] == ["framing"]
    f = findings[0]
    assert (f.source.text, f.target.text) == ("protesters", "rioters")
    assert f.severity >= 0.5


def test_cross_language_framing() -> None:
    findings = run("Police dispersed the protesters.", "La police a dispersé les émeutiers.", "en", "fr")
    assert [f.category for f in findings] == ["framing"]
    assert findings[0].target.text == "émeutiers"


def test_translation_of_neutral_word_is_silent() -> None:
    assert run("La police a dispersé les manifestants.", "Police dispersed the protesters.", "fr", "en") == []
    assert run("Полицията разпръсна протестиращите.", "Police dispersed the protesters.", "bg", "en") == []


def test_paraphrase_within_a_class_is_silent() -> None:
    assert run("He might resign.", "He could resign.") == []
    assert run("Rebels advanced.", "Rebel fighters advanced.") == []


def test_quoted_loaded_word_is_weaker() -> None:
    plain = run("The army fought the rebels.", "The army fought the terrorists.")
    quoted = run("The army fought the rebels.", 'The army fought "terrorist organizations".')
    assert [f.category for f in plain] == [f.category for f in quoted] == ["framing"]
    assert quoted[0].evidence["quoted"] == 1.0
    assert quoted[0].severity < plain[0].severity
    assert quoted[0].evidence["confidence"] < plain[0].evidence["confidence"]


def test_unknown_language_is_silent() -> None:
    assert run("The minister may resign.", "Ministri jep dorëheqjen.", "en", "sq") == []


def test_identical_sentences_produce_nothing() -> None:
    text = "The regime may have killed protesters, the ministry claimed, and will not confirm it."
    assert run(text, text) == []


@pytest.mark.parametrize("lang, text", [
    ("en", "The Syrian regime welcomed help."), ("fr", "Le régime syrien a salué l'aide."),
    ("it", "Il regime siriano ha accolto l'aiuto."), ("ru", "Сирийский режим приветствовал помощь."),
    ("bg", "Сирийският режим приветства помощта."), ("es", "El régimen sirio acogió la ayuda."),
])
def test_regime_for_government_is_house_style_in_every_language(lang: str, text: str) -> None:
    # "regime" where another outlet writes "government" is an outlet's habit, the same in every
    # language's lexicon: below the flag threshold however the translation renders it.
    findings = FramingDetector().detect(*make_pair("Die syrische Regierung begrüßte die Hilfe.", text, "de", lang))
    assert findings and all(f.severity < 0.5 for f in findings)


@pytest.mark.parametrize("lang, text", [
    ("es", "Sin embargo, el puerto abrió."), ("es", "Escocia es, sin lugar a dudas, vuestro hogar."),
    ("it", "I colleghi provenienti da tutta l’UE, e non solo, portano esperienza."),
    ("en", "Colleagues not only from the EU bring experience."), ("de", "Nicht nur Kollegen aus der EU kamen."),
    ("ru", "Помогают не только врачи."), ("fr", "Non seulement les médecins sont venus."),
    # "not the only": an "also" put another way, no claim denied.
    ("ru", "Это не единственная авария со смертельным исходом в данном районе."),
    ("en", "It is not the only fatal crash in the area."), ("fr", "Ce n'est pas le seul accident mortel."),
    ("de", "Es ist nicht der einzige tödliche Unfall."), ("pl", "To nie jedyny śmiertelny wypadek."),
    # "not always": a frequency, no claim denied; "не последний человек": a prominent one.
    ("fr", "Nielsen ne parvient pas toujours à estimer le nombre de personnes."),
    ("ru", "Рейтинг Nielsen не всегда учитывает зрителей на работе."),
    ("ru", "В этом спорте я не последний человек."),
    ("it", "Da noi non trovate soltanto attività appassionanti, ma anche condizioni attrattive."),
    # "that's not all": a "moreover", no claim denied.
    ("it", "Ma non è tutto : le pubblicazioni elettroniche hanno la preminenza."),
    ("en", "But that's not all: electronic publications take precedence."),
    ("fr", "Mais ce n’est pas tout : les publications électroniques priment."),
    ("de", "Doch das ist nicht alles: Die elektronische Publikation geht vor."),
    ("es", "Pero eso no es todo: las publicaciones electrónicas prevalecen."),
])
def test_negation_words_inside_idioms_negate_nothing(lang: str, text: str) -> None:
    assert [h.cls for h in find_hits(text, lang) if h.cls == "negation"] == []


@pytest.mark.parametrize(("text", "negations"), [
    ("Commission Regulation ( EU ) No 813 / 2013 of 2 August 2013 applies.", []),
    ("Resolution No. 2254 was adopted.", []),
    ("No, the council did not adopt it.", ["No", "not"]),
    ("There were no 18-year-olds among them.", ["no"]),
])
def test_no_before_a_figure_is_the_number_sign(text: str, negations: list[str]) -> None:
    # "No 813/2013" cites a regulation by number; read as a negation, every version that writes
    # "Nr." or "n°" there looked like it had dropped one.
    assert [h.text for h in find_hits(text, "en") if h.cls == "negation"] == negations


def test_unless_answers_a_negated_condition() -> None:
    # "unless the port agreed" = "si l'autorité n'acceptait pas": the same condition, no negation drift.
    findings = ModalityDetector().detect(*make_pair(
        "The strike would last 48 hours unless the port authority agreed to raise wages.",
        "La grève durerait 48 heures si l'autorité portuaire n'acceptait pas d'augmenter les salaires.", "en", "fr"))
    assert [f for f in findings if f.evidence.get("kind_negation")] == []


def test_an_ability_modal_answers_a_hedge() -> None:
    # "the most the company could afford" / "ce que l'entreprise peut se permettre": the French
    # present of pouvoir renders the English "could" here, as the English "can" does.
    findings = run("The operator offered the most the company could afford this year.",
                   "L'opérateur a proposé le maximum de ce que l'entreprise peut se permettre cette année.",
                   "en", "fr")
    assert [f for f in findings if f.category == "modality"] == []


@pytest.mark.parametrize(("reference", "version", "lang"), [
    # The German reported-speech subjunctive of "können" renders a reported "could".
    ("They added that the move could compound trauma that many are already struggling with.",
     "Sie erklärten auch, dass der Umzug Traumata verstärken könne, an denen viele bereits leiden.", "de"),
    # "are at risk of" renders "are likely to".
    ("The longer they remain in custody, the more likely they are to become anxious.",
     "Quanto più a lungo rimangono in affidamento, tanto più rischiano di soffrire di ansia.", "it"),
    # An impersonal estimate renders "is believed to".
    ("The accident is believed to have been caused by a hostile fire.",
     "Se estima que el accidente fue causado por un incendio hostil.", "es"),
    # A likelihood put as an adjective ("de forma probable" for "probably").
    ("35 percent said they definitely or probably believed him.",
     "Un 35 % afirma creerle de forma definitiva o probable.", "es"),
    # "appears" without "to" renders the Spanish "parece" (seems).
    ("Graham's vote, however, appears set in stone.", "El voto de Graham, sin embargo, parece inamovible.", "es"),
    # "voraussichtlich" (expected) renders "likely".
    ("The launch will be postponed, likely into the second half of 2026.",
     "Der Start wird verschoben, voraussichtlich in die zweite Jahreshälfte 2026.", "de"),
])
def test_a_reported_or_risk_modal_answers_a_hedge(reference: str, version: str, lang: str) -> None:
    assert [f for f in run(reference, version, "en", lang) if f.category == "modality"] == []


def test_a_certainty_adverb_answers_a_certainty() -> None:
    # "probably or definitely lied" / "вероятно или със сигурност е излъгал": both kept; the
    # Bulgarian "твърдят" for "said" is no claim set against an unanswered certainty.
    findings = run("38 percent said they thought he has probably or definitely lied, while 30 percent said the same.",
                   "38 процента казват, че според тях той вероятно или със сигурност е излъгал, докато 30 процента "
                   "твърдят същото.", "en", "bg")
    assert [f for f in findings if f.severity >= 0.5] == []


def test_spanish_por_supuesto_is_not_a_hedge() -> None:
    # "por supuesto" (of course) holds "supuesto" (alleged) but asserts, it does not hedge.
    from drift.detect.modality import find_hits
    assert not [h for h in find_hits("Por supuesto, el ministro lo sabía.", "es") if h.cls == "hedge"]
    assert [h.cls for h in find_hits("El supuesto ataque ocurrió ayer.", "es")] == ["hedge"]


def test_a_failing_verb_is_no_negation_by_itself() -> None:
    # "ha fallito con un tiro" = "missed with a shot": nothing negated.
    findings = run("The Gladbach player entered the game late and missed with a shot over the crossbar.",
                   "Il giocatore del Gladbach è entrato tardi in gioco e ha fallito con un tiro sulla traversa.",
                   "en", "it")
    assert [f for f in findings if f.category == "modality"] == []


def test_a_name_inside_a_sentence_is_no_prefix_negation() -> None:
    text = "Napsal to na transparent a odkazoval na Netanjahuovu známou přezdívku."
    assert [h.text for h in find_hits(text, "cs") if h.cls == "negation"] == []
    assert [h.text for h in find_hits("Nechci to. Vláda nepřijala zákon.", "cs") if h.cls == "negation"] == [
        "Nechci", "nepřijala"]


def test_an_ambiguous_intent_verb_is_no_intent_by_itself() -> None:
    # "qui compte de nombreux grands joueurs" = "which has many great players".
    findings = run("He had so many heroes.", "Un club qui compte de nombreux grands joueurs.", "en", "fr")
    assert [f for f in findings if f.category == "modality"] == []


def test_demonstrated_for_protested_is_no_certainty() -> None:
    findings = run("Protesters chanted as they demonstrated in the hallway of the Senate, Mic reported.",
                   "Demonstranten skandierten im Flur des Senats, berichtete Mic.", "en", "de")
    assert [f for f in findings if f.category == "modality"] == []


def test_a_near_negation_answers_a_negation() -> None:
    # "вряд ли смог бы" (could hardly) for "could never": the same polarity, put more softly.
    findings = run("He said it was something he could never live up to.",
                   "Он сказал, что вряд ли смог бы поступить так же.", "en", "ru")
    assert [f for f in findings if f.category == "modality"] == []
    # Without it the negation stands unanswered.
    findings = run("He said it was something he could never live up to.",
                   "Он сказал, что смог бы поступить так же.", "en", "ru")
    assert [f.source.text for f in findings if f.category == "modality"] == ["never"]


def test_a_loss_answers_a_negation() -> None:
    # "утратил способность передвигаться" (lost the ability to move) for "could not walk": the same
    # polarity, put as a loss.
    findings = run("I could not walk.", "Я утратил способность передвигаться.", "en", "ru")
    assert [f for f in findings if f.evidence.get("kind_negation")] == []


def test_a_double_negation_keeps_the_polarity() -> None:
    # English "no reason she shouldn't" says "she may": nothing to flip against "może rozważyć".
    double = "She figured there was no reason she shouldn't explore the idea of running herself."
    findings = run(double, "Zdała sobie sprawę, że może rozważyć pomysł samodzielnego kandydowania.", "en", "pl")
    assert [f for f in findings if f.category == "modality"] == []
    # Two negations in two clauses are two statements: one left out is still a finding.
    two = "She did not run, and she never explained why."
    findings = run(two, "Zdała sobie sprawę, że może kandydować.", "en", "pl")
    assert [f.category for f in findings if f.category == "modality"] == ["modality"]
    # "Neither ... nor" is one negation in two words.
    findings = run("Neither the mayor nor the police came.", "Der Bürgermeister und die Polizei kamen.", "en", "de")
    assert [f.category for f in findings if f.category == "modality"] == ["modality"]
    # Negations that agree (Russian "никогда не" is one negation, "never") are no double negation.
    findings = run("Он никогда не был в Москве.", "He has been to Moscow.", "ru", "en")
    assert [f.category for f in findings if f.category == "modality"] == ["modality"]


@pytest.mark.parametrize("lang", ["en", "fr", "de", "ru", "pl", "cs", "hi", "zh"])
def test_ruling_classes_out_by_their_words_changes_no_hit(lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # find_hits skips the classes none of whose words stands in the text, case aside; "case aside"
    # must be re.IGNORECASE's (which also equates "ı" and "i", "ſ" and "s", "ᲀ" and "в", "İ" and
    # "i"), or a word written so would be lost. Every entry, in such spellings, is found as when
    # every class is run.
    import random

    from drift.detect import modality

    swaps = {"i": "ıİI", "s": "ſS", "в": "ᲀВ", "о": "ᲂО", "с": "ᲃС", "т": "ᲄТ", "k": "K", "ß": "ẞ"}
    rng = random.Random(lang)
    # Idioms first: they take the words inside them and report nothing.
    tables = modality._class_tables(lang)
    entries = [e for cls, words in tables.items() if cls != modality.IDIOM for e in words]
    idioms = tables.get(modality.IDIOM, [])
    texts = []
    for entry in idioms + entries:
        word = "".join(rng.choice(swaps[c]) if c in swaps and rng.random() < 0.7 else c
                       for c in entry.replace("*", "ab"))
        texts.append(f"He said {word} and «{word.upper()}» here.")
    gated = [find_hits(text, lang) for text in texts]
    assert sum(1 for hits in gated[len(idioms):] if hits) * 4 >= 3 * len(entries)  # the spellings are found
    monkeypatch.setattr(modality, "_EXTRA_CASES", None)  # no folding: every class is run
    assert gated == [find_hits(text, lang) for text in texts]


def test_a_word_re_matches_case_aside_is_not_ruled_out() -> None:
    # re.IGNORECASE takes "mıght" (dotless i) for "might", "ſhall" for "shall": so must the test
    # that rules a class out before its pattern is run.
    assert [h.cls for h in find_hits("He mıght resign.", "en")] == ["hedge"]
    assert [h.text for h in find_hits("Ona İS NOT here.", "en")] == ["NOT"]


@pytest.mark.parametrize("text", ["Elle a été élue directrice non exécutive.", "Les personnes jugées non éligibles.",
                                  "Un grand pas vers la dénucléarisation.", "Il a franchi le pas hier."])
def test_french_non_before_a_word_and_the_noun_pas_are_no_negation(text: str) -> None:
    # "non exécutive" negates a word as English "non-executive" does; "un grand pas" is a step.
    assert not [h for h in find_hits(text, "fr") if h.cls == "negation"]


def test_french_clause_negation_still_reads_as_one() -> None:
    assert [h.text for h in find_hits("On ne sait pas encore combien de minutes il jouera.", "fr")
            if h.cls == "negation"] == ["pas"]


@pytest.mark.parametrize(("lang", "text"), [
    # "Keep doing", "not the first time": a negation word that negates nothing.
    ("es", "No deja de repetir que es terrible."),
    ("fr", "Vous n’arrêtez pas de vous rappeler que nous menions."),
    ("it", "Non smette di ripetere che è terribile."),
    ("en", "It is not the first time pigs have attacked people."),
    ("es", "No es la primera vez que un cerdo ataca a una persona."),
    ("de", "Es ist nicht das erste Mal, dass Schweine Menschen angreifen."),
    ("ru", "Свиньи нападают на людей не впервые."),
    ("pl", "To nie pierwszy raz, gdy świnie atakują ludzi."),
    # A bound put with a negation ("no more than", "不会超过"): a figure's limit, no reversed statement.
    ("en", "He will play no more than 48 minutes."),
    ("en", "The vote is expected not later than Friday."),
    ("fr", "Il ne jouera pas plus de 48 minutes."),
    ("de", "Er wird nicht mehr als 48 Minuten spielen."),
    ("es", "Jugará no más de 48 minutos."),
    ("it", "Giocherà non più di 48 minuti."),
    ("ru", "Он сыграет не более 48 минут."),
    ("bg", "Той ще играе не повече от 48 минути."),
    ("pl", "Zagra nie więcej niż 48 minut."),
    ("zh", "他出场时间不止 1 分钟，但不会超过 48 分钟。"),
])
def test_phrases_whose_negation_word_negates_nothing(lang: str, text: str) -> None:
    assert not [h for h in find_hits(text, lang) if h.cls == "negation"]


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "The company said it was considering whether to resume dosing."),
    ("fr", "Le gouvernement étudie la possibilité de lui offrir un rabais."),
    ("de", "Die Regierung erwäge, dem Konzern billigeren Strom anzubieten."),
    ("es", "El Gobierno estudia ofrecer electricidad a precio reducido."),
    ("it", "Il governo sta valutando la possibilità di offrire uno sconto."),
    ("ru", "Правительство рассматривает возможность снизить тарифы."),
    ("bg", "Правителството обмисля да предложи по-евтин ток."),
])
def test_a_decision_weighed_is_a_hedge(lang: str, text: str) -> None:
    assert "hedge" in {h.cls for h in find_hits(text, lang)}


def test_a_decision_taken_where_the_other_version_weighs_it_drops_the_hedge() -> None:
    findings = run("The company said it was considering whether to resume dosing.",
                   "La empresa ha decidido reanudar la vacunación.", "en", "es")
    assert [f.category for f in findings] == ["modality"]
    assert findings[0].source.text == "was considering" and findings[0].evidence["kind_hedge"] == 1.0


@pytest.mark.parametrize(("lang", "text", "cls"), [
    ("es", "Nadie puede negar que lo merecían.", "negation"),
    ("en", "Zinke alleged that Russia's engagement is a pretext.", "claim"),  # a verb: a claim, not a hedge
    ("en", "the alleged killer", "hedge"),
    ("es", "Según parece, viajó con su primo.", "hedge"),
    ("it", "Il presunto assassino.", "hedge"),
    ("it", "Secondo la polizia, è fuggito.", "report"),
    ("bg", "Аз нямам представа.", "negation"),
    ("bg", "Никой не знае.", "negation"),
    ("fr", "Il ne sait rien.", "negation"),
    ("it", "Temono che possano arrivare.", "conditional"),
    ("bg", "Твърди се, че е използвал камион под наем.", "hedge"),  # "allegedly"
    ("bg", "Треньорът и отборът му могат да бъдат доволни.", "conditional"),  # "can", as English "can"
    ("ru", "Потребители могут выбирать поставщиков.", "conditional"),
    ("ru", "Это может быть опасно.", "hedge"),  # "may be", where "может" alone is "can"
    ("ru", "Такое ощущение, что юмор рассчитан на детей.", "conditional"),  # "it seems", put as a feeling
    # Reported by a named source, no press hedge: "as a police spokeswoman reported".
    ("it", "Due feriti, secondo quanto riferito da una portavoce della polizia.", "report"),
    ("it", "Secondo quanto riferito dall'agenzia, è fuggito.", "report"),
    ("fr", "Selon des informations du ministère, il a fui.", "report"),
    ("es", "Según informaciones de la policía, huyó.", "report"),
    ("bg", "Комплексът се смята, че датира от III век.", "conditional"),  # "is believed to date"
])
def test_lexicon_classes_of_words_translations_use(lang: str, text: str, cls: str) -> None:
    assert cls in {h.cls for h in find_hits(text, lang)}


@pytest.mark.parametrize(("lang", "text", "hedge"), [
    ("it", "Secondo quanto riferito, è fuggito.", True),
    ("it", "Secondo quanto riferito da una portavoce, è fuggito.", False),
    ("es", "Según informaciones, huyó.", True),
    ("es", "Según informaciones de la policía, huyó.", False),
])
def test_a_press_report_with_a_named_source_is_no_hedge(lang: str, text: str, hedge: bool) -> None:
    assert ("hedge" in {h.cls for h in find_hits(text, lang)}) is hedge


@pytest.mark.parametrize(("lang", "text", "cls"), [
    ("it", "Non una persona presuntuosa.", "hedge"),  # "presumptuous" is no "presumed"
    ("it", "Nel secondo tempo abbiamo giocato meglio.", "report"),  # the ordinal, not "according to"
    ("es", "Daley se mostró como un marginado.", "certainty"),  # "appeared as", not "showed that"
    ("bg", "Треньорът и отборът му могат да бъдат доволни.", "hedge"),  # "can": ability, no hedge
    ("ru", "Потребители могут выбирать поставщиков.", "hedge"),
    ("bg", "Ще бъдат депортирани възможно най-бързо.", "hedge"),  # "as fast as possible"
    ("en", "A group calling itself NightHarbor claimed responsibility for the attack.", "claim"),
    ("en", "The fire claimed the lives of 12 people.", "claim"),
])
def test_lookalikes_of_lexicon_words_are_not_read_as_them(lang: str, text: str, cls: str) -> None:
    assert cls not in {h.cls for h in find_hits(text, lang)}


def test_may_and_the_word_for_can_and_may_answer_each_other() -> None:
    # Bulgarian and Russian say "may" and "can" with one verb ("може", "может"): it answers an
    # English hedge, and is none by itself where the English has "can" or nothing.
    assert not [f for f in run("He may resign next week.", "Той може да подаде оставка следващата седмица.",
                               "en", "bg") if f.category == "modality"]
    assert not [f for f in run("The coach had every right to be pleased.",
                               "Треньорът и отборът му могат да бъдат много доволни.", "en", "bg")
                if f.category == "modality"]


def test_rather_than_answers_the_other_version_s_negation() -> None:
    # "one gray check mark, rather than a pair of blue checks" / "una marca en gris, no dos en azul"
    findings = run("His messages only resulted in one gray check mark, rather than a pair of blue checks.",
                   "Sus mensajes solo mostraban una marca de verificación en gris, no dos en azul.", "en", "es")
    assert not [f for f in findings if f.category == "modality"]


def test_a_report_both_sides_make_is_not_what_answers_a_hedge() -> None:
    # Both versions attribute the arrest to the report: the hedge "may" stands against the whole
    # statement (so the plain-counterpart test can read it), not against "according to".
    pair, story = make_pair("Palin was arrested, according to a police report.",
                            "Palin may have been arrested, according to a police report.", "en", "en")
    found = ModalityDetector().detect(pair, story)
    assert [(f.source.text, f.target.text) for f in found] == [
        ("Palin was arrested, according to a police report.", "may")]
    # A report only the other side makes is still its way of putting it.
    pair, story = make_pair("Palin was arrested, police said.", "Palin may have been arrested.", "en", "en")
    assert [(f.source.text, f.target.text) for f in ModalityDetector().detect(pair, story)] == [("said", "may")]



@pytest.mark.parametrize(("entries", "text", "expected"), [
    # A longer entry with an open end wins over the shorter whole word it starts with.
    (["secondo", "secondo quanto riferito da*"], "secondo quanto riferito dalla portavoce",
     "secondo quanto riferito dalla"),
    # ... and a longer whole word over a shorter open-ended one.
    (["alleg*", "allegedly stolen"], "the allegedly stolen car", "allegedly stolen"),
    # A word ending ("*rait") and whole words are each still held to their own boundaries.
    (["*rait", "serait"], "il serait parti", "serait"),
    (["*rait", "no"], "nord", None),
])
def test_the_longest_entry_that_matches_is_the_one_found(entries: list[str], text: str, expected: str | None) -> None:
    from drift.detect.modality import _alternation

    match = _alternation(entries).search(text)
    assert (match.group(0) if match else None) == expected


def _contrasts(src: str, tgt: str, src_lang: str = "en", tgt_lang: str = "en") -> list:
    from drift.detect.modality import ContrastDetector

    return ContrastDetector().detect(*make_pair(src, tgt, src_lang, tgt_lang))


@pytest.mark.parametrize(("src", "tgt", "lang", "words"), [
    ("It could cost retailers in the northern districts millions.",
     "Może kosztować handlowców z południowych dzielnic miliony.", "pl", ("northern", "południowych")),
    ("The train left the tracks 3 km upstream of the town.",
     "El tren descarriló a unos 3 km aguas abajo del centro.", "es", ("upstream", "aguas abajo")),
    ("Workers found bronze coins.", "Los obreros hallaron monedas de oro.", "es", ("bronze", "oro")),
    ("Two people were injured.", "Zwei Menschen wurden getötet.", "de", ("injured", "getötet")),
    ("The slide came down south of the village.", "山体滑坡发生在该村以北。", "zh", ("south", "以北")),
    ("Two people were injured.", "两人死亡。", "zh", ("injured", "死亡")),
])
def test_a_word_put_for_its_contrary_is_located(src: str, tgt: str, lang: str, words: tuple[str, str]) -> None:
    (finding,) = _contrasts(src, tgt, "en", lang)
    assert (finding.category, finding.source.text, finding.target.text) == ("other", *words)
    assert finding.severity >= 0.5 and finding.evidence["kind_contrast"] == 1.0


@pytest.mark.parametrize(("src", "tgt", "lang"), [
    ("It could cost retailers in the northern districts millions.",
     "Może kosztować handlowców z północnych dzielnic miliony.", "pl"),
    # A member each side writes is no change, whatever else one side adds.
    ("Three people were killed and two injured.", "Trois personnes ont été tuées.", "fr"),
    # "est" is also French for "is": no direction.
    ("The bridge in the west of the city is closed.", "Le pont à l'ouest de la ville est fermé.", "fr"),
    # A name holding a direction ("North Rhine-Westphalia") against one that holds fewer.
    ("The state of North Rhine-Westphalia pays.", "Kraj Nadrenia Północna-Westfalia zapłaci.", "pl"),
    # Nothing of the concept on one side.
    ("The bridge in the north closed.", "Le pont a fermé.", "fr"),
    # Compounds name directions too ("северокорейских", "südkoreanische"); a death told as fatal
    # wounds is a death.
    ("Most defectors from the North are offered South Korean citizenship.",
     "Большинству северокорейских перебежчиков предлагается гражданство Южной Кореи.", "ru"),
    ("Most defectors from the North are offered South Korean citizenship.",
     "Den Überläufern aus dem Norden wird die südkoreanische Staatsbürgerschaft angeboten.", "de"),
    ("A man was arrested after a woman was stabbed to death.",
     "Арестован мужчина, подозреваемый в нанесении смертельных ножевых ранений женщине.", "ru"),
    # A word that fits either member ("mortales" of injuries) decides nothing.
    ("His injuries are not life-threatening.", "Sus lesiones no son mortales.", "es"),
    ("The man was left with critical injuries.", "Mężczyzna odniósł rany śmiertelne.", "pl"),
    # Chinese is written without spaces: a bare "北" is inside names ("北京", Beijing) and "金"
    # inside words ("资金", funds); only compounds that name the member count.
    ("The storm hit the south of the country.", "风暴袭击了北京。", "zh"),
    ("The gold price rose.", "资金价格上涨。", "zh"),
    ("The bridge in the north closed.", "北部的桥梁关闭了。", "zh"),
    # A death from a wound is a death on both sides.
    ("The cause of death is a gunshot wound to the head.",
     "La causa de la muerte había sido una herida de bala en la cabeza.", "es"),
])
def test_the_same_member_or_none_is_no_contrast(src: str, tgt: str, lang: str) -> None:
    assert _contrasts(src, tgt, "en", lang) == []


@pytest.mark.parametrize(("src", "tgt", "languages"), [
    # A direction between two is written as one word or two, and French "est" is also "is": each
    # version would read as holding another half of it ("sud" / "восточной").
    ("L'accident a eu lieu dans le sud-est de la ville.", "Авария случилась в юго-восточной части города.",
     ("fr", "ru")),
    ("Der Unfall geschah im Südosten der Stadt.", "Авария случилась в юго-восточной части города.", ("de", "ru")),
    ("事故发生在该市东南部。", "Авария случилась в юго-восточной части города.", ("zh", "ru")),
])
def test_a_direction_between_two_decides_nothing(src: str, tgt: str, languages: tuple[str, str]) -> None:
    assert _contrasts(src, tgt, *languages) == []


@pytest.mark.parametrize(("text", "word"), [("le tristement célèbre Bloc agrarien", "tristement célèbre"),
                                            ("le Bloc agrarien prorusse", "prorusse")])
def test_the_french_characterisations_are_read(text: str, word: str) -> None:
    # The French list sits in [framing] like every language's (it once stood outside any table).
    assert ("framing:characterisation.added", word) in {(h.cls, h.text) for h in find_hits(text, "fr")}
