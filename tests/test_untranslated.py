"""Untranslated words: a version carrying words in the other version's (non-Latin) script."""

from __future__ import annotations

from drift.align import Link, PairAlignment
from drift.collate import collate
from drift.config import load_config
from drift.detect import enabled_detectors
from drift.detect.base import AlignedPair, Story
from drift.detect.untranslated import UntranslatedDetector, main_scripts, script_runs
from drift.documents import Document
from drift.events import build_events
from drift.segment import Sentence

# A document's own scripts are those of most of its letters: the tested sentence follows an
# introduction in each version's language, as it would in a real document.
INTRO = {"en": "This is the first sentence of a longer story in English, which goes on for a while. ",
         "bg": "Това е първото изречение на дълга статия на български език, която продължава. ",
         "de": "Dies ist der erste Satz eines längeren Berichts auf Deutsch, der noch weitergeht. ",
         "fr": "Ceci est la première phrase d'un long article en français, qui continue encore. ",
         "ru": "Это первое предложение длинной статьи на русском языке, которая продолжается. ",
         "zh": "这是一篇较长的中文报道的第一句话，后面还有很多内容。", "hi": "यह एक लंबी हिंदी रिपोर्ट का पहला वाक्य है। ",
         "ja": "これは長い日本語の記事の最初の文で、まだ続きます。"}


def run(src: str, tgt: str, src_lang: str, tgt_lang: str) -> list:
    return run_langs(src, tgt, src_lang, tgt_lang)


def run_langs(src: str, tgt: str, src_lang: str, tgt_lang: str) -> list:
    """``run`` with any language code; an introduction only for the languages INTRO has."""
    return run_story(src, tgt, src_lang, tgt_lang)[2]


def run_story(src: str, tgt: str, src_lang: str, tgt_lang: str) -> tuple[list, dict, list]:
    """The two documents, their sentences and the detector's findings."""
    docs, sentences = [], {}
    for doc_id, text, lang in (("ref", src, src_lang), ("other", tgt, tgt_lang)):
        intro = INTRO.get(lang, "")
        docs.append(Document(id=doc_id, text=intro + text, language=lang))
        sentences[doc_id] = [Sentence(0, 0, len(intro), intro), Sentence(1, len(intro), len(intro) + len(text), text)]
    pair = AlignedPair(docs[0], docs[1], [sentences["ref"][1]], [sentences["other"][1]], 0.9)
    return docs, sentences, UntranslatedDetector().detect(pair, Story(docs, sentences, {}))


def story_event(src: str, tgt: str, src_lang: str, tgt_lang: str) -> str:
    """The explanation of the story's one event, the two versions' sentences aligned in order."""
    docs, sentences, findings = run_story(src, tgt, src_lang, tgt_lang)
    alignment = PairAlignment([Link((0,), (0,), 0.95), Link((1,), (1,), 0.9)], [], [])
    units = collate(["ref", "other"], [2, 2], {(0, 1): alignment}, {"collate_alone": 0.9})
    (event,) = build_events(docs, sentences, units, findings, {}, {}, reference="ref")
    return event.explanation


def test_words_left_in_the_originals_script_are_located_in_the_translation() -> None:
    findings = run("现在每月5000多的工资让郭梅越来越有干劲。",
                   "现在 the monthly salary of more than 5,000 yuan makes Guo Mei more and more motivated.",
                   "zh", "en")
    # Both sides located: the words, and the same words in the original (where they came from).
    assert [(f.category, f.target.text, f.source.text) for f in findings] == [("other", "现在", "现在")]
    assert findings[0].severity >= 0.5
    # A Hindi word (letters and vowel signs) inside an English sentence, mid-sentence.
    findings = run("यह गुफा मक्का के उत्तर में एक पहाड़ की चोटी पर स्थित है।",
                   "The गुफा, located on top of one of the mountains north of Mecca, is cut off.", "hi", "en")
    assert [f.target.text for f in findings] == ["गुफा"]


def test_the_same_holds_from_the_other_side() -> None:
    findings = run("The cave, located north of Mecca, is cut off from the world.",
                   "Пещера, расположенная к северу от Мекки, is cut off from the world.", "en", "ru")
    # The Russian version leaves English words: Latin is borrowed by every script, never reported.
    assert findings == []
    findings = run("Пещера, расположенная к северу от Мекки, отрезана от мира.",
                   "The cave, located north of Mecca, is отрезана from the world.", "ru", "en")
    assert [(f.target.text, f.source.text) for f in findings] == [("отрезана", "отрезана")]
    # Words the original does not hold verbatim (traditional characters for its simplified
    # ones): the other side is its whole sentence.
    source = "现在每月5000多的工资让郭梅越来越有干劲。"
    findings = run(source, "現在 the monthly salary makes Guo Mei more and more motivated.", "zh", "en")
    assert [(f.target.text, f.source.text) for f in findings] == [("現在", source)]


def test_conventional_and_deliberate_foreign_words_stay_quiet() -> None:
    # Latin names and brands in a Cyrillic or Chinese translation are how those scripts write them.
    assert run("Trump wrote on Twitter that the BBC was wrong.",
               "Трамп написал в Twitter, что BBC ошиблась.", "en", "ru") == []
    assert run("Trump wrote on Twitter that the BBC was wrong.", "特朗普在Twitter上写道，BBC错了。", "en", "zh") == []
    # Han is one of Japanese's own scripts: a Japanese version of a Chinese text shares it.
    assert run("东京的人口很多。", "東京の人口は多いです。", "zh", "ja") == []
    # A gloss in brackets or a quoted original word is a deliberate mention.
    assert run("习近平说，现在是改革的时候。", "Xi Jinping (习近平) said that now is the time for reform.",
               "zh", "en") == []
    assert run("Он сказал слово «дружба».", "He said the word «дружба».", "ru", "en") == []
    # A script neither version is written in (a Greek letter in an English version of a Russian
    # text) is not the original's text left untranslated.
    assert run("Частица α распалась.", "The α particle decayed.", "ru", "en") == []


def test_words_of_the_other_language_in_the_same_script() -> None:
    # An English version carrying German words of its original ("plötzlich", "sagte").
    findings = run("Als plötzlich viele Betriebe Kurzarbeit anmeldeten, musste die BA schnell reagieren.",
                   "When many companies plötzlich applied for part-time work, the BA had to react quickly.", "de", "en")
    assert [(f.category, f.target.text) for f in findings] == [("other", "plötzlich")]
    assert findings[0].severity >= 0.5
    findings = run("La saison a pu être jouée jusqu'au bout, mais sans spectateurs.",
                   "The season could be played to the end, but without spectateurs.", "fr", "en")
    assert [f.target.text for f in findings] == ["spectateurs"]


def test_shared_words_names_and_titles_stay_quiet() -> None:
    # Words both languages use (a cognate spelt alike, an international word), names and
    # capitalised titles of works, kept as they are, are not untranslated text.
    assert run("Le président a visité un hôtel à Berlin avec Angela Merkel.",
               "The president visited a hotel in Berlin with Angela Merkel.", "fr", "en") == []
    assert run("She spoke on Desert Island Discs about her Brexit campaign.",
               "Sie sprach in Desert Island Discs über ihre Brexit-Kampagne.", "en", "de") == []
    # A name the original capitalises, lowercased in the translation, is a slip of case.
    assert run("Die Lage in Großbritannien bleibt angespannt.", "the situation in großbritannien remains tense.",
               "de", "en") == []
    # A word the other version does not have is a translation choice, however rare in English.
    assert run("Er sagte, es werde schnell gehen.", "He said it would go plötzlich fast.", "de", "en") == []
    # Languages wordfreq does not know or cannot read here (Chinese needs a word segmenter), or an
    # unknown language, are not guessed at: no finding, no error.
    assert run_langs("苹果公司发布了 iphone 手机， iphone 很受欢迎。",
                     "Apple released the iphone, and the iphone is popular.", "zh", "en") == []
    # A word a small word list lacks may still be the language's own (Bulgarian "налог", also
    # Russian): only a language with a large list tells an unknown word.
    assert run("Он заплатил налог на землю.", "Той плати налог за земята.", "ru", "bg") == []
    pair_langs = [("de", "und"), ("und", "en")]
    for src_lang, tgt_lang in pair_langs:
        assert run_langs("Als plötzlich viele Betriebe anmeldeten.", "When plötzlich many companies applied.",
                         src_lang, tgt_lang) == []


def test_a_phrase_of_the_other_language_set_off_or_glossed_is_kept_on_purpose() -> None:
    # A translator keeps a term or a quotation in the original on purpose: between quotation marks
    # ("„settled status”", a tweet quoted in English) or followed by its gloss in brackets. A
    # word of it alone is not set off, so the phrase it stands in is what is read.
    english = "The government will meet the cost of settled status applications for EU citizens."
    assert run(english, "Die Regierung trägt die Kosten der Anträge auf „settled status” für EU-Bürger.",
               "en", "de") == []
    assert run(english, "Die Regierung trägt die Kosten der Anträge auf settled status (Daueraufenthalt) "
                        "für EU-Bürger.", "en", "de") == []
    tweet = 'He wrote: "The being formally known as Kanye West", and left it there.'
    assert run(tweet, "Er schrieb: „The being formally known as Kanye West“, und beließ es dabei.", "en", "de") == []
    # Left in the running text, the same words are words left behind.
    left = run(english, "Die Regierung trägt die Kosten der Anträge auf settled status für EU-Bürger.", "en", "de")
    assert [f.target.text for f in left] == ["settled"]


def test_words_a_third_version_writes_too_are_kept_by_convention() -> None:
    # An institution's name with lowercase words, kept in Italian by the English, German and
    # French pages alike: no version left it behind. Between the Italian and the English pages
    # alone the same word is untranslated text.
    texts = {"it": "Il premio è assegnato alla Scuola universitaria professionale della Svizzera italiana.",
             "en": "The prize was awarded to Scuola universitaria professionale della Svizzera italiana.",
             "de": "Der Preis geht an die Scuola universitaria professionale della Svizzera italiana.",
             "fr": "Le prix est attribué à la Scuola universitaria professionale della Svizzera italiana."}
    docs = [Document(id=lang, text=INTRO.get(lang, "Questa è la prima frase di un lungo articolo. ") + text,
                     language=lang) for lang, text in texts.items()]
    sentences = {d.id: [Sentence(0, 0, len(d.text) - len(texts[d.id]), d.text[:len(d.text) - len(texts[d.id])]),
                        Sentence(1, len(d.text) - len(texts[d.id]), len(d.text), texts[d.id])] for d in docs}
    pair = AlignedPair(docs[0], docs[1], [sentences["it"][1]], [sentences["en"][1]], 0.9)
    alone = UntranslatedDetector().detect(pair, Story(docs[:2], {k: sentences[k] for k in ("it", "en")}, {}))
    assert "professionale" in [f.target.text for f in alone]
    assert UntranslatedDetector().detect(pair, Story(docs, sentences, {})) == []


def test_the_story_event_says_the_words_were_left_untranslated() -> None:
    # Both versions hold the same words; "other has “sagte” where ref has “sagte”" would read as
    # no difference at all.
    explanation = story_event("„Wir machen weiter“, sagte der Trainer am Montag.",
                              "\"We will carry on,\" sagte the coach on Monday.", "de", "en")
    assert explanation == "other leaves “sagte” untranslated (ref's own word)."
    explanation = story_event("Пещера, расположенная к северу от Мекки, отрезана от мира.",
                              "The cave, located north of Mecca, is cut off от мира.", "ru", "en")
    assert explanation == "other leaves “от мира” untranslated (ref's own words)."
    # Words the original does not hold verbatim are written as in it.
    explanation = story_event("现在每月5000多的工资让郭梅越来越有干劲。",
                              "現在 the monthly salary makes Guo Mei more and more motivated.", "zh", "en")
    assert explanation == "other leaves “現在” untranslated (written as in ref)."
    # The reference may be the version that leaves words of the other's language.
    explanation = story_event("The cave is отрезана from the world.", "Пещера отрезана от мира.", "en", "ru")
    assert explanation == "ref leaves “отрезана” untranslated (other's own word)."


def test_scripts_and_runs() -> None:
    assert main_scripts("東京の人口は多いです。", 0.1) == {"Han", "Hiragana", "Katakana"}
    assert main_scripts("Trump wrote on Twitter: 特朗普", 0.4) == {"Latin"}
    # Vowel signs belong to their letter; a space joins a phrase; punctuation ends a run.
    runs = script_runs("The गुफा है, cut")
    assert [(r.script, "The गुफा है, cut"[r.start:r.end]) for r in runs] == [
        ("Latin", "The"), ("Devanagari", "गुफा है"), ("Latin", "cut")]


def test_the_detector_runs_by_default() -> None:
    assert "untranslated" in enabled_detectors(load_config())
