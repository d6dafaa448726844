"""Attribution detector: changed, added and dropped sources in English, French and Bulgarian."""

from __future__ import annotations

import pytest

from drift.detect.attribution import AttributionDetector, AttributionExtractor
from drift.detect.base import AlignedPair, Story
from drift.documents import Document
from drift.segment import Sentence


def _pair(source: str, target: str, s_lang: str = "en", t_lang: str = "en") -> tuple[AlignedPair, Story]:
    a = Document(id="a", text=source, language=s_lang)
    b = Document(id="b", text=target, language=t_lang)
    sa, sb = Sentence(0, 0, len(source), source), Sentence(0, 0, len(target), target)
    story = Story(documents=[a, b], sentences={"a": [sa], "b": [sb]})
    return AlignedPair(a, b, [sa], [sb], 0.9), story


def _detect(source: str, target: str, s_lang: str = "en", t_lang: str = "en") -> list:
    pair, story = _pair(source, target, s_lang, t_lang)
    return AttributionDetector().detect(pair, story)


def _flagged(findings: list) -> list:
    return [f for f in findings if f.severity >= 0.5]


@pytest.mark.parametrize("text, lang, source", [
    ("Fighting continued in the north, the monitor said.", "en", "the monitor"),
    ("The UN says nearly 50,000 people have fled.", "en", "The UN"),
    ("According to the Syrian Defense Ministry, the army held its positions.", "en",
     "the Syrian Defense Ministry"),
    ("Selon l'OSDH, les combats continuent.", "fr", "l'OSDH"),
    ("« Nous avançons », a déclaré le ministère de la Défense.", "fr", "le ministère de la Défense"),
    ("Според ООН над 50 000 души са разселени.", "bg", "ООН"),
    ("Боевете продължават, заяви говорителят на министерството.", "bg", "говорителят на министерството"),
])
def test_extract_source(text: str, lang: str, source: str) -> None:
    found = AttributionExtractor().extract(text, 0, lang)
    assert [a.text for a in found if a.role == "speaker"] == [source]


def test_relay_is_weaker() -> None:
    found = AttributionExtractor().extract("Fighting continued, the SOHR said, quoted by AFP.", 0, "en")
    assert [(a.text, a.role) for a in found] == [("the SOHR", "speaker"), ("AFP", "relay")]
    findings = _detect("Fighting continued, the SOHR said, quoted by AFP.",
                       "Fighting continued, the SOHR said, quoted by Reuters.")
    assert len(findings) == 1 and findings[0].evidence["relay"] == 1.0
    speaker = _detect("Fighting continued, the SOHR said, quoted by AFP.",
                      "Fighting continued, the HRW said, quoted by AFP.")
    assert speaker[0].severity > findings[0].severity


def test_changed_source_en() -> None:
    findings = _detect("Fighting continued in the north, the monitor said.",
                       "Fighting continued in the north, the ministry said.")
    assert len(findings) == 1
    finding = findings[0]
    assert finding.category == "attribution" and finding.severity >= 0.5
    assert finding.source.text == "the monitor" and finding.target.text == "the ministry"
    assert finding.evidence["changed"] == 1.0


def test_changed_named_source_cross_language() -> None:
    findings = _flagged(_detect("Violent clashes are taking place, announced the Syrian Observatory "
                                "for Human Rights (OSDH).",
                                "“There are fierce clashes in the north,“ the HRW said."))
    assert len(findings) == 1 and findings[0].target.text == "the HRW"


@pytest.mark.parametrize("with_source, without, lang", [
    ("The UN says nearly 50,000 people have been displaced.",
     "Nearly 50,000 people have been displaced.", "en"),
    ("Selon l'ONU, près de 50 000 personnes ont été déplacées.",
     "Près de 50 000 personnes ont été déplacées.", "fr"),
    ("Според ООН близо 50 000 души са разселени.", "Близо 50 000 души са разселени.", "bg"),
])
def test_dropped_and_added(with_source: str, without: str, lang: str) -> None:
    dropped = _flagged(_detect(with_source, without, lang, lang))
    assert len(dropped) == 1 and dropped[0].evidence["dropped"] == 1.0
    assert dropped[0].source.text in with_source and dropped[0].target.text == without
    added = _flagged(_detect(without, with_source, lang, lang))
    assert len(added) == 1 and added[0].evidence["added"] == 1.0


def test_implicit_source_lowers_confidence() -> None:
    findings = _detect("The rebels took several towns, the Syrian Observatory for Human Rights added.",
                       "The rebels took several towns, it added.")
    assert not _flagged(findings)


@pytest.mark.parametrize("a, b, la, lb", [
    ("Fighting continued, the Syrian Observatory for Human Rights said.",
     "Les combats continuent, a indiqué l'OSDH.", "en", "fr"),
    ("The UN says 50,000 people fled.", "Според ООН 50 000 души са избягали.", "en", "bg"),
    ("The monitor said the fighting continued.",
     "The Britain-based monitor said fighting went on.", "en", "en"),
    ("A rebel fighter, Abu al-Huda al-Sourani, told AFP they would advance.",
     "A rebel fighter who identified himself as Aboul Houda Sourani told AFP they would advance.",
     "en", "en"),
])
def test_same_source_written_differently(a: str, b: str, la: str, lb: str) -> None:
    assert not _flagged(_detect(a, b, la, lb))


def test_identical_sentences_give_no_findings() -> None:
    text = "Fighting continued in the north, the monitor said, quoted by AFP."
    assert _detect(text, text) == []
