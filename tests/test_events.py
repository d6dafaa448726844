"""Collation and story-level events, on hand-made alignments and findings (no model needed)."""

from __future__ import annotations

import numpy as np
import pytest

from drift.align import Link, PairAlignment
from drift.collate import Unit, collate, link_margins, pair_alignment
from drift.documents import Document
from drift.events import Event, build_events
from drift.findings import Finding, Side
from drift.segment import Sentence

IDS = ["a", "b", "c", "d"]
TEXTS = {
    "a": ["At least 14 people died in the blast on Tuesday.", "The mayor said the port would reopen."],
    "b": ["At least 14 people died in the blast on Tuesday.", "The mayor said the port would reopen."],
    "c": ["At least 17 people died in the blast on Tuesday.", "The mayor said the port would reopen."],
    "d": ["At least 14 people died in the blast on Tuesday.", "The mayor said the port would reopen.",
          "Police have arrested two suspects."],
}


def _documents(versions: list[tuple[str, str, list[str]]]) -> tuple[list[Document], dict[str, list[Sentence]]]:
    """Documents of one sentence a line, from (id, language, lines)."""
    documents, sentences = [], {}
    for doc_id, language, lines in versions:
        text, sents = "", []
        for k, line in enumerate(lines):
            sents.append(Sentence(k, len(text), len(text) + len(line), line))
            text += line + "\n"
        documents.append(Document(doc_id, text, language=language))
        sentences[doc_id] = sents
    return documents, sentences


def _story() -> tuple[list[Document], dict[str, list[Sentence]]]:
    return _documents([(doc_id, "en", TEXTS[doc_id]) for doc_id in IDS])


def _same(n: int, sim: float = 0.95) -> PairAlignment:
    return PairAlignment([Link((k,), (k,), sim) for k in range(n)], [], [])


def _alignments(ids: list[str] = IDS, shared: int = 2, extra: tuple[str, ...] = ("d",),
                ) -> dict[tuple[int, int], PairAlignment]:
    """Every pair of ``ids`` linking its first ``shared`` sentences one to one; the versions in
    ``extra`` have one more sentence, which no pair links."""
    out = {}
    for i in range(len(ids)):
        for j in range(i + 1, len(ids)):
            out[(i, j)] = _same(shared)
            if ids[i] in extra:
                out[(i, j)].unaligned_source.append(shared)
            if ids[j] in extra:
                out[(i, j)].unaligned_target.append(shared)
    return out


def _story_table() -> tuple[list[Document], dict[str, list[Sentence]], list[Unit]]:
    """The story and its collation table from the hand-made alignments."""
    documents, sentences = _story()
    return documents, sentences, collate(IDS, [len(sentences[d]) for d in IDS], _alignments(), THRESHOLDS)


def _side(doc: str, sentence: int, needle: str) -> Side:
    documents, sentences = _story()
    s = sentences[doc][sentence]
    start = s.start + s.text.index(needle)
    return Side(doc, sentence, start, start + len(needle), needle)


def _number(a: str, b: str, severity: float = 0.8) -> Finding:
    return Finding("number", _side(a, 0, "17" if a == "c" else "14"), _side(b, 0, "17" if b == "c" else "14"),
                   "The figure differs.", severity=severity, detector="numbers")


THRESHOLDS = {"collate_alone": 0.9}


def test_every_sentence_in_exactly_one_unit_and_links_read_off_units() -> None:
    documents, sentences, units = _story_table()
    seen = [(d, k) for u in units for d, cell in u.cells.items() for k in cell]
    assert sorted(seen) == sorted((d, k) for d in IDS for k in range(len(sentences[d])))
    assert [u.cells for u in units][:2] == [{d: (0,) for d in IDS}, {d: (1,) for d in IDS}]
    lone = units[2]
    assert lone.present == ["d"] and lone.missing == ["a", "b", "c"]
    derived = pair_alignment(units, "a", "d")
    assert [(link.source, link.target) for link in derived.links] == [((0,), (0,)), ((1,), (1,))]
    assert derived.unaligned_target == [2]


def test_an_unconfirmed_weak_link_leaves_the_sentence_alone() -> None:
    # Two versions agree on sentence 0; a third version's sentence 2 is linked to it by one weak,
    # unconfirmed link only: it must not be glued onto that unit.
    alignments = {(0, 1): _same(2), (0, 2): PairAlignment([Link((0,), (0,), 0.95), Link((1,), (2,), 0.82)], [], [1]),
                  (1, 2): PairAlignment([Link((0,), (0,), 0.95)], [1], [1, 2])}
    units = collate(["a", "b", "c"], [2, 2, 3], alignments, THRESHOLDS)
    cells = [u.cells for u in units]
    assert {"a": (1,), "b": (1,), "c": ()} in cells
    assert {"a": (), "b": (), "c": (2,)} in cells
    # The same weak link, confirmed by the third version, is kept.
    alignments[(1, 2)] = PairAlignment([Link((0,), (0,), 0.95), Link((1,), (2,), 0.83)], [], [1])
    cells = [u.cells for u in collate(["a", "b", "c"], [2, 2, 3], alignments, THRESHOLDS)]
    assert {"a": (1,), "b": (1,), "c": (2,)} in cells


def test_chains_of_one_to_one_links_do_not_glue_neighbours() -> None:
    # a0~b0, b0~c0, c0~a1: without a bead joining a0 and a1, a1 must not join a0's unit.
    alignments = {(0, 1): PairAlignment([Link((0,), (0,), 0.95)], [1], []),
                  (1, 2): PairAlignment([Link((0,), (0,), 0.95)], [], []),
                  (0, 2): PairAlignment([Link((1,), (0,), 0.94)], [0], [])}
    units = collate(["a", "b", "c"], [2, 1, 1], alignments, {})
    assert all(len(u.cells["a"]) <= 1 for u in units)


def test_a_version_that_splits_what_a_swapped_block_merges_joins_the_whole_block() -> None:
    # a tells the blast in two sentences, then the hospital; b tells the blast in one, then the
    # hospital; c swaps them (hospital, then blast), so b-c is one 2-2 bead. All of a's three
    # sentences belong with that block: left apart, its two blast sentences read as lacking in
    # every other version. Without such a bead, one-to-one chains still glue nothing (above).
    alignments = {(0, 1): PairAlignment([Link((0, 1), (0,), 0.95), Link((2,), (1,), 0.95)], [], []),
                  (1, 2): PairAlignment([Link((0, 1), (0, 1), 0.95)], [], []),
                  (0, 2): PairAlignment([Link((0, 1), (1,), 0.95), Link((2,), (0,), 0.95)], [], [])}
    cells = [u.cells for u in collate(["a", "b", "c"], [3, 2, 2], alignments, THRESHOLDS)]
    assert cells == [{"a": (0, 1, 2), "b": (0, 1), "c": (0, 1)}]


def _topic_vectors(rows: list[list[int]], dim: int = 16, topic: float = 1.2) -> list[np.ndarray]:
    """Unit sentence vectors of versions on one topic: each sentence is the shared topic
    direction plus its fact's own direction (sentences of one fact are near copies)."""
    rng = np.random.default_rng(0)
    facts = np.linalg.qr(rng.normal(size=(dim, dim)))[0]
    out = []
    for row in rows:
        m = np.stack([topic * facts[0] + facts[1 + fact] + 0.05 * rng.normal(size=dim) for fact in row])
        out.append(m / np.linalg.norm(m, axis=1, keepdims=True))
    return out


def test_link_margins_separate_a_counterpart_from_the_least_unrelated_sentence() -> None:
    vectors = _topic_vectors([[0, 1, 2, 3], [0, 1, 2, 9]])
    alignments = {(0, 1): PairAlignment([Link((2,), (2,), 0.9), Link((3,), (3,), 0.85)], [], [])}
    margins = link_margins(vectors, alignments)
    (true_a, true_b), (forced_a, forced_b) = margins[(0, 1, 0)], margins[(0, 1, 1)]
    # Same-topic sentences are all fairly similar; only the ratio to the neighbours tells them apart.
    assert float(vectors[0][3] @ vectors[1][3]) > 0.5
    assert min(true_a + true_b) > 1.1 > 1.0 > max(forced_a + forced_b)


def test_a_sentence_swept_into_a_merge_stays_out_of_the_unit() -> None:
    # Version c's sentence 3 says something no other version says, but both pairwise aligners
    # merged it with c's sentence 2 into one bead against fact 2 (and the beads confirm each other).
    vectors = _topic_vectors([[0, 1, 2, 3], [0, 1, 2, 3], [0, 1, 2, 9]])
    same = [Link((k,), (k,), 0.95) for k in range(2)]
    alignments = {(0, 1): PairAlignment([Link((k,), (k,), 0.95) for k in range(4)], [], []),
                  (0, 2): PairAlignment(same + [Link((2,), (2, 3), 0.9)], [3], []),
                  (1, 2): PairAlignment(same + [Link((2,), (2, 3), 0.9)], [3], [])}
    thresholds = {"collate_alone": 0.85, "collate_margin": 1.03}
    glued = [u.cells for u in collate(["a", "b", "c"], [4, 4, 4], alignments, thresholds)]
    assert {"a": (2,), "b": (2,), "c": (2, 3)} in glued          # without vectors the bead stands
    cells = [u.cells for u in collate(["a", "b", "c"], [4, 4, 4], alignments, thresholds, vectors=vectors)]
    assert {"a": (2,), "b": (2,), "c": (2,)} in cells
    assert {"a": (), "b": (), "c": (3,)} in cells
    assert {"a": (3,), "b": (3,), "c": ()} in cells


def test_third_versions_vouch_for_a_lone_sentence_below_the_margin_floor() -> None:
    # Four versions of three facts, every pair linking fact to fact. With the margin floor set
    # above every member's margin, a link stands only where the other versions link both of its
    # sentences the same way; a fact only one pair links stays apart.
    vectors = _topic_vectors([[0, 1, 2]] * 4)
    ids = ["a", "b", "c", "d"]
    alignments = {(i, j): _same(3) for i in range(4) for j in range(i + 1, 4)}
    margins = link_margins(vectors, alignments)
    assert min(m for sides in margins.values() for side in sides for m in side) > 1.0
    floor = max(m for sides in margins.values() for side in sides for m in side) + 0.01
    thresholds = {"collate_alone": 0.9, "collate_margin": floor}
    cells = [u.cells for u in collate(ids, [3] * 4, alignments, thresholds, vectors=vectors)]
    assert cells == [{d: (k,) for d in ids} for k in range(3)]
    # Fact 2 linked by the a-b pair alone: nobody vouches for it, the floor keeps it apart.
    for key in alignments:
        if key != (0, 1):
            alignments[key] = PairAlignment(_same(2).links, [2], [2])
    cells = [u.cells for u in collate(ids, [3] * 4, alignments, thresholds, vectors=vectors)]
    assert {d: (0,) for d in ids} in cells
    assert {"a": (2,), "b": (), "c": (), "d": ()} in cells and {"a": (), "b": (2,), "c": (), "d": ()} in cells


def _gap_story(similarities: list[float]) -> tuple[list[Unit], dict[str, np.ndarray]]:
    """Units carried by four versions: a, b and c identical, z at the given cosine to them."""
    rng = np.random.default_rng(1)
    basis = np.linalg.qr(rng.normal(size=(2 * len(similarities), 2 * len(similarities))))[0]
    vectors: dict[str, list[np.ndarray]] = {d: [] for d in ("a", "b", "c", "z")}
    for k, sim in enumerate(similarities):
        fact, aside = basis[2 * k], basis[2 * k + 1]
        for d in ("a", "b", "c"):
            vectors[d].append(fact)
        vectors["z"].append(sim * fact + np.sqrt(1 - sim * sim) * aside)
    units = [Unit(f"U{k + 1}", {d: (k,) for d in vectors}) for k in range(len(similarities))]
    return units, {d: np.stack(v) for d, v in vectors.items()}


def test_a_version_whose_gaps_swing_widely_needs_a_larger_gap_to_stand_apart() -> None:
    from drift.events import EVENT_DEFAULTS, _Gaps

    # z sits 0.04 further from the others in the last unit than it usually does, in both stories;
    # in the second its faithful sentences already scatter by that much (a distant language).
    steady = _gap_story([0.90] * 8 + [0.86])
    swinging = _gap_story([0.86, 0.94] * 3 + [0.90, 0.90, 0.86])
    factors = []
    for units, embeddings in (steady, swinging):
        gaps = _Gaps(units, embeddings)
        assert gaps.gap("U9", ["z"]) == pytest.approx(0.04, abs=0.002)
        factors.append(gaps.factor("U9", ["z"], EVENT_DEFAULTS))
    assert factors[0] == pytest.approx(1.0)
    assert factors[0] - factors[1] > 0.2


def test_one_changed_figure_is_one_event_naming_the_deviating_version() -> None:
    documents, sentences, units = _story_table()
    findings = [_number("a", "c"), _number("b", "c"), _number("c", "d")]
    events = build_events(documents, sentences, units, findings, {}, {}, reference="a")
    numbers = [e for e in events if e.category == "number"]
    assert len(numbers) == 1
    event = numbers[0]
    assert event.deviating == ["c"] and event.unit == units[0].id and event.absent == []
    assert [r.docs for r in event.readings] == [["a", "b", "d"], ["c"]]
    assert [s.text for s in event.readings[1].spans] == ["17"]
    assert "c has “17” where a, b and d have “14”" in event.explanation
    assert all(f.event == event.id for f in findings)


def test_a_one_pair_wobble_ranks_below_a_drift_every_version_shows() -> None:
    documents, sentences, units = _story_table()
    def number_event(findings: list[Finding], sentences: dict[str, list[Sentence]] = sentences) -> float:
        events = build_events(documents, sentences, units, findings, {}, {}, reference="a")
        return next(e.severity for e in events if e.category == "number")

    consistent = number_event([_number("a", "c"), _number("b", "c"), _number("c", "d")])
    # One pair sets c's "17" against a's "14"; c writes "14" too, so its figure may have moved
    # rather than changed, and the other pairs, which show nothing, do not bear the pair out.
    moved = {**sentences, "c": [Sentence(0, sentences["c"][0].start, sentences["c"][0].end,
                                         "At least 17 people died in the blast, 14 on Tuesday.")]}
    wobble = number_event([_number("a", "c")], moved)
    assert consistent > 0.5 > wobble


def _figure_story(figures: dict[str, str]) -> tuple[list[Document], dict[str, list[Sentence]], list[Unit]]:
    """One sentence per version, in five languages, each writing its figure for one anniversary."""
    lines = {"en": "She added that the {} anniversary of the book was bittersweet.",
             "fr": "Elle a ajouté que le {} anniversaire du livre avait une saveur douce-amère.",
             "de": "Sie fügte hinzu, dass der {} Jahrestag des Buches bittersüß gewesen sei.",
             "es": "Agregó que el {} aniversario del libro fue agridulce.",
             "bg": "Тя добави, че {} годишнина на книгата е със смесени чувства."}
    ids = list(lines)
    documents, sentences = _documents([(d, d, [lines[d].format(figures[d])]) for d in ids])
    units = collate(ids, [1] * len(ids), {(i, j): _same(1) for i in range(5) for j in range(i + 1, 5)}, THRESHOLDS)
    return documents, sentences, units


def _figure_finding(sentences: dict[str, list[Sentence]], a: str, b: str, figures: dict[str, str]) -> Finding:
    def side(doc: str) -> Side:
        s = sentences[doc][0]
        start = s.start + s.text.index(figures[doc])
        return Side(doc, 0, start, start + len(figures[doc]), figures[doc])
    return Finding("number", side(a), side(b), "The figure differs.", severity=0.848, detector="numbers",
                   evidence={"confidence": 1.0})


def test_the_figure_the_other_versions_write_bears_out_the_pairs_that_compared_it() -> None:
    # Only the en and de pairs compared the Bulgarian "45-тата" with their "60th" / "60."; the fr
    # and es pairs declined (their counted words read as unrelated to the Bulgarian one). The
    # French and Spanish versions write 60 all the same: the Bulgarian one stands apart, as
    # firmly as if every pair had said so.
    figures = {"en": "60th", "fr": "60è", "de": "60.", "es": "60", "bg": "45-тата"}
    documents, sentences, units = _figure_story(figures)
    findings = [_figure_finding(sentences, d, "bg", figures) for d in ("en", "de")]
    (borne_out,) = [e for e in build_events(documents, sentences, units, findings, {}, {}, reference="en")
                    if e.category == "number"]
    assert borne_out.deviating == ["bg"]
    assert borne_out.evidence["consistency"] == 1.0
    # Versions that write no such figure ("the book's anniversary") say nothing either way: only
    # the two pairs that compared it bear it out.
    vague = {**figures, "fr": "", "es": ""}
    documents, sentences, units = _figure_story(vague)
    findings = [_figure_finding(sentences, d, "bg", vague) for d in ("en", "de")]
    (event,) = [e for e in build_events(documents, sentences, units, findings, {}, {}, reference="en")
                if e.category == "number"]
    assert event.evidence["consistency"] == 0.5
    assert borne_out.severity > event.severity



def _hedge_story(lines: dict[str, str]) -> tuple[list[Document], dict[str, list[Sentence]], list[Unit]]:
    ids = list(lines)
    documents, sentences = _documents([(d, d, [lines[d]]) for d in ids])
    n = len(ids)
    units = collate(ids, [1] * n, {(i, j): _same(1) for i in range(n) for j in range(i + 1, n)}, THRESHOLDS)
    return documents, sentences, units


def _hedge_finding(sentences: dict[str, list[Sentence]], plain: str, hedged: str, word: str) -> Finding:
    s = sentences[hedged][0]
    start = s.start + s.text.index(word)
    return Finding("modality", Side(plain, 0, sentences[plain][0].start, sentences[plain][0].end,
                                    sentences[plain][0].text),
                   Side(hedged, 0, start, start + len(word), word), "This version hedges.", severity=0.704,
                   detector="modality", evidence={"confidence": 0.7, "kind_hedge": 1.0})


def test_a_version_that_hedges_by_its_grammar_bears_out_a_dropped_hedge() -> None:
    # The Bulgarian version states as fact what the English and German ones hedge ("may",
    # "könnten"); the French and Spanish ones put it in their reported conditional, which the
    # modality detector compares with no hedge, so their pairs with the Bulgarian one are silent.
    # They hedge all the same: the Bulgarian version stands apart as if every pair had said so.
    lines = {"en": "Investigators believe the hackers may have used a contractor's account.",
             "de": "Die Ermittler gehen davon aus, dass die Hacker das Konto eines Dienstleisters genutzt "
                   "haben könnten.",
             "fr": "Les pirates auraient utilisé le compte d'un prestataire, selon les enquêteurs.",
             "es": "Se cree que los piratas usaron la cuenta de un contratista, según los investigadores.",
             "bg": "Хакерите са използвали акаунта на външен изпълнител, съобщиха разследващите."}
    documents, sentences, units = _hedge_story(lines)
    findings = [_hedge_finding(sentences, "bg", "en", "may"), _hedge_finding(sentences, "bg", "de", "könnten")]
    (borne_out,) = [e for e in build_events(documents, sentences, units, findings, {}, {}, reference="en")
                    if e.category == "modality"]
    assert borne_out.deviating == ["bg"] and borne_out.evidence["consistency"] == 1.0
    # Versions that state it as fact too say nothing either way: only the two pairs bear it out.
    plain = {**lines, "fr": "Les pirates ont utilisé le compte d'un prestataire, selon les enquêteurs.",
             "es": "Los piratas usaron la cuenta de un contratista, según los investigadores."}
    documents, sentences, units = _hedge_story(plain)
    findings = [_hedge_finding(sentences, "bg", "en", "may"), _hedge_finding(sentences, "bg", "de", "könnten")]
    (event,) = [e for e in build_events(documents, sentences, units, findings, {}, {}, reference="en")
                if e.category == "modality"]
    assert event.evidence["consistency"] == 0.5
    assert borne_out.severity > event.severity
    # A Bulgarian version that writes the hedge in its next sentence (split elsewhere) may say the
    # same: nothing is borne out for it.
    assert _bulgarian_next_sentence(lines, "Възможно е това да е станало чрез подизпълнител.") == 0.5
    # A reported conditional in its next sentence reports another claim ("клиентите биха били
    # пренасочени" is not listed as a hedge): the drop is borne out as before.
    assert _bulgarian_next_sentence(lines, "Клиентите биха били пренасочени.") == 1.0


def _bulgarian_next_sentence(lines: dict[str, str], after: str) -> float:
    """Consistency of the dropped-hedge event when the Bulgarian version goes on with ``after``."""
    ids = list(lines)
    documents, sentences = _documents([(d, d, [lines[d]] if d != "bg" else [lines[d], after]) for d in ids])
    units = collate(ids, [len(sentences[d]) for d in ids],
                    {(i, j): _same(1) for i in range(len(ids)) for j in range(i + 1, len(ids))}, THRESHOLDS)
    findings = [_hedge_finding(sentences, "bg", "en", "may"), _hedge_finding(sentences, "bg", "de", "könnten")]
    (event,) = [e for e in build_events(documents, sentences, units, findings, {}, {}, reference="en")
                if e.category == "modality"]
    return float(event.evidence["consistency"])


def _headline_story(headline: str, lead: str) -> tuple[list[Document], dict[str, list[Sentence]], list[Unit]]:
    """Three versions of a headline and its lead; ``c`` writes the two figures given."""
    lines = {d: ["Floods kill 23 in the north.", "At least 23 people were killed on Tuesday."] for d in ("a", "b")}
    lines["c"] = [f"Floods kill {headline} in the north.", f"At least {lead} people were killed on Tuesday."]
    documents, sentences = _documents([(d, "en", lines[d]) for d in ("a", "b", "c")])
    units = collate(["a", "b", "c"], [2, 2, 2], {(i, j): _same(2) for i in range(3) for j in range(i + 1, 3)},
                    THRESHOLDS)
    return documents, sentences, units


def _figure_at(sentences: dict[str, list[Sentence]], a: str, b: str, k: int) -> Finding:
    def side(doc: str) -> Side:
        s = sentences[doc][k]
        start = s.start + [m for m in range(len(s.text)) if s.text[m].isdigit()][0]
        end = start
        while end < s.end and s.text[end - s.start].isdigit():
            end += 1
        return Side(doc, k, start, end, s.text[start - s.start:end - s.start])
    return Finding("number", side(a), side(b), "The figure differs.", severity=0.8, detector="numbers",
                   evidence={"confidence": 1.0})


def test_a_figure_changed_alike_in_two_places_is_one_drift() -> None:
    # The headline and the lead both give the toll; the third version writes 32 for 23 in both.
    # A reader is told once that c has 32 where a and b have 23, with both places behind it.
    documents, sentences, units = _headline_story("32", "32")
    findings = [_figure_at(sentences, d, "c", k) for d in ("a", "b") for k in (0, 1)]
    (event,) = build_events(documents, sentences, units, findings, {}, {}, reference="a")
    assert (event.category, event.deviating, event.unit) == ("number", ["c"], None)
    assert [s.text for r in event.readings for s in r.spans] == ["23", "23", "32"]
    assert {(f.target.sentence, f.source.doc) for f in event.supporting} == {(0, "a"), (1, "a"), (0, "b"), (1, "b")}
    # Every version is quoted from one place, the one most pairs showed it in (here the lead: the
    # b pair compared only the lead's figures).
    findings = [_figure_at(sentences, d, "c", k) for d, k in (("a", 0), ("a", 1), ("b", 1))]
    (event,) = build_events(documents, sentences, units, findings, {}, {}, reference="a")
    assert {(s.doc, s.sentence) for r in event.readings for s in r.spans} == {("a", 1), ("b", 1), ("c", 1)}
    # Two different figures are two drifts, each in its own place.
    documents, sentences, units = _headline_story("32", "33")
    findings = [_figure_at(sentences, d, "c", k) for d in ("a", "b") for k in (0, 1)]
    events = build_events(documents, sentences, units, findings, {}, {}, reference="a")
    assert sorted(r.spans[0].text for e in events for r in e.readings if r.docs == ["c"]) == ["32", "33"]
    assert all(e.unit is not None for e in events)


def _respelt_story(later: str) -> list[Event]:
    """Events where c writes "Ioanna Karamalli" in the lead and ``later`` in the next sentence, and
    a and b "Ioanna Karamanli", then "Karamanli"."""
    lines = {d: ["Spokeswoman Ioanna Karamanli said the fire spread fast.", "Karamanli said crews were tired."]
             for d in ("a", "b")}
    lines["c"] = ["Spokeswoman Ioanna Karamalli said the fire spread fast.", f"{later} said crews were tired."]
    documents, sentences = _documents([(d, "en", lines[d]) for d in ("a", "b", "c")])
    units = collate(["a", "b", "c"], [2, 2, 2], {(i, j): _same(2) for i in range(3) for j in range(i + 1, 3)},
                    THRESHOLDS)

    def name(doc: str, k: int, words: str) -> Side:
        s = sentences[doc][k]
        start = s.start + s.text.index(words)
        return Side(doc, k, start, start + len(words), words)

    findings = [Finding("entity", name(d, 0, "Ioanna Karamanli"), name("c", 0, "Ioanna Karamalli"),
                        "The name differs.", severity=0.6, detector="entities") for d in ("a", "b")]
    findings += [Finding("entity", name(d, 1, "Karamanli"), name("c", 1, later), "The name differs.",
                         severity=0.6, detector="entities") for d in ("a", "b")]
    return build_events(documents, sentences, units, findings, {}, {}, reference="a")


def test_a_name_misspelt_alike_whole_and_in_part_is_one_drift() -> None:
    # c writes the spokeswoman's name with one slip, whole in the lead and the surname alone
    # later: one misspelling, told once, with both places behind it.
    (event,) = _respelt_story("Karamalli")
    assert (event.category, event.deviating, len(event.supporting)) == ("entity", ["c"], 4)
    # Another slip in the second place is another drift.
    assert len(_respelt_story("Karamanlis")) == 2


def test_a_sentence_only_one_version_has_is_its_addition() -> None:
    documents, sentences, units = _story_table()
    events = build_events(documents, sentences, units, [], {}, {}, reference="a")
    (event,) = events
    assert (event.category, event.deviating) == ("addition", ["d"])
    assert event.readings[0].spans[0].text == "Police have arrested two suspects."
    assert event.readings[1].docs == ["a", "b", "c"] and event.readings[1].spans == []


def _bilingual(zh_facts: list[int]) -> tuple[list[Document], dict[str, list[Sentence]], dict[str, np.ndarray]]:
    """An English story of four facts and a Chinese version telling the given facts, with the
    sentence vectors of a story on one topic."""
    english = ["The port reopened on Monday after a week.", "Fourteen people died in the blast.",
               "The mayor promised an inquiry into the fire.", "Police arrested two suspects."]
    chinese = ["港口在关闭一周后于周一重新开放。", "爆炸造成十四人死亡。",
               "市长承诺调查这场火灾。", "警方逮捕了两名嫌疑人。"]
    documents, sentences = _documents([("en", "en", english), ("zh", "zh", [chinese[k] for k in zh_facts])])
    en_vectors, zh_vectors = _topic_vectors([[0, 1, 2, 3], zh_facts])
    return documents, sentences, {"en": en_vectors, "zh": zh_vectors}


def test_a_sentence_a_chinese_version_drops_is_its_omission() -> None:
    # Word alignment cannot tell whether a Chinese version carries an English sentence: the
    # sentence vectors do. Dropped: nothing in it comes near the mayor's promise.
    documents, sentences, vectors = _bilingual([0, 1, 3])
    alignments = {(0, 1): PairAlignment([Link((0,), (0,), 0.9), Link((1,), (1,), 0.9), Link((3,), (2,), 0.9)],
                                        [2], [])}
    units = collate(["en", "zh"], [4, 3], alignments, THRESHOLDS)
    events = build_events(documents, sentences, units, [], vectors, {}, reference="en")
    (event,) = [e for e in events if e.category == "omission"]
    assert event.deviating == ["zh"] and "The mayor promised" in event.explanation
    assert event.severity >= 0.5
    # Moved: the Chinese version tells it elsewhere, where the aligner did not link it.
    documents, sentences, vectors = _bilingual([0, 1, 3, 2])
    alignments = {(0, 1): PairAlignment([Link((0,), (0,), 0.9), Link((1,), (1,), 0.9), Link((3,), (2,), 0.9)],
                                        [2], [3])}
    units = collate(["en", "zh"], [4, 4], alignments, THRESHOLDS)
    events = build_events(documents, sentences, units, [], vectors, {}, reference="en")
    assert not [e for e in events if e.category in ("omission", "addition")]


def _added_beside_chinese(chinese_tells_it: bool) -> list[Event]:
    """Events of a story of three English versions and a Chinese one where version "d" adds a
    sentence, near in its vector to the story's last fact (one more detail of the arrests), that
    the Chinese version tells too (an unaligned sentence of its own) or not."""
    english = ["The port reopened on Monday after a week.", "Fourteen people died in the blast.",
               "The mayor promised an inquiry into the fire.", "Police arrested two suspects."]
    added = "Both suspects were released on bail on Friday."
    chinese = ["港口在关闭一周后于周一重新开放。", "爆炸造成十四人死亡。", "市长承诺调查这场火灾。",
               "警方逮捕了两名嫌疑人。", *(["两名嫌疑人周五获得保释。"] if chinese_tells_it else [])]
    documents, sentences = _documents([("a", "en", english), ("b", "en", english), ("d", "en", [*english, added]),
                                       ("zh", "zh", chinese)])
    facts = _topic_vectors([[0, 1, 2, 3, 4]])[0]
    # The added sentence: the arrests' direction with a little of its own (cosine 0.97 to them).
    near = facts[3] + 0.25 * facts[4] - 0.25 * float(facts[3] @ facts[4]) * facts[3]
    near /= np.linalg.norm(near)
    vectors = {"a": facts[:4], "b": facts[:4], "d": np.vstack([facts[:4], near]),
               "zh": np.vstack([facts[:4], near]) if chinese_tells_it else facts[:4]}
    ids = ["a", "b", "d", "zh"]
    alignments = _alignments(ids, 4, ("d", "zh") if chinese_tells_it else ("d",))
    units = collate(ids, [len(sentences[d]) for d in ids], alignments, THRESHOLDS)
    events = build_events(documents, sentences, units, [], vectors, {}, reference="a")
    return [e for e in events if e.category in ("addition", "omission")]


def test_a_chinese_version_sides_with_a_sentence_one_version_adds_only_if_it_tells_it() -> None:
    # The Chinese version is judged by sentence vectors alone, and on one topic it has a sentence
    # about as near the added one as a counterpart: its account of the arrests. That is no telling
    # of the bail unless the two are each other's nearest; "d" alone adds it.
    (alone,) = _added_beside_chinese(chinese_tells_it=False)
    assert (alone.category, alone.deviating) == ("addition", ["d"])
    assert alone.severity >= 0.5
    # Told by the Chinese version in a sentence of its own, the addition is the two versions'.
    told = [e for e in _added_beside_chinese(chinese_tells_it=True) if e.category == "addition"]
    assert told and all(e.deviating != ["d"] for e in told)
    assert any(set(e.deviating) == {"d", "zh"} for e in told)


def _left_out(english: str, other: str, words: str, target_language: str, severity: float) -> float:
    """The severity of the event for ``words`` of ``english`` that a two-version story's second
    version (``other``, in ``target_language``) leaves out, found by one pair at ``severity``."""
    documents = [Document("a", english + "\n", language="en"),
                 Document("b", other + "\n", language=target_language)]
    sentences = {"a": [Sentence(0, 0, len(english), english)], "b": [Sentence(0, 0, len(other), other)]}
    units = collate(["a", "b"], [1, 1], {(0, 1): _same(1)}, THRESHOLDS)
    start = english.index(words)
    finding = Finding("omission", Side("a", 0, start, start + len(words), words), Side("b"),
                      "b leaves out words.", severity=severity, detector="spans")
    (event,) = build_events(documents, sentences, units, [finding], {}, {}, reference="a")
    return event.severity


def _left_out_word(target_language: str, severity: float) -> float:
    """The severity of the event for one word a two-version story's second version leaves out."""
    other = {"ru": "Порт вновь открылся в понедельник.", "en": "The port reopened on Monday."}[target_language]
    return _left_out("Meanwhile, the port reopened on Monday.", other, "Meanwhile", target_language, severity)


def test_a_word_a_translation_leaves_out_is_weak_evidence_alone() -> None:
    # Word alignment across languages misses words a translation renders freely: one word
    # left out, in a story of two versions in two languages, stays below the threshold unless
    # the finding is confident; within one language the words compare directly.
    assert _left_out_word("ru", 0.6) < 0.5 <= _left_out_word("en", 0.6)
    assert _left_out_word("ru", 0.75) >= 0.5


def test_a_split_vouches_for_its_sentences_despite_the_bead_s_lower_similarity() -> None:
    from drift.events import Span, _LinkVotes

    # Translation b splits a's sentence 1 in two (b1, b2): the bead embeds a little further from a1
    # than one-to-one links do, by about the aligner's own allowance per extra sentence.
    links = [Link((0,), (0,), 0.90), Link((1,), (1, 2), 0.875), Link((2,), (3,), 0.90), Link((3,), (4,), 0.91)]
    alignments = {(0, 1): PairAlignment(links, [], [])}
    fragment = [Span("b", 2, 0, 10, "the fragment")]
    translation = {"a": "en", "b": "fr"}
    assert not _LinkVotes(["a", "b"], alignments, 0.02, 0.0, translation).carries("a", fragment)
    assert _LinkVotes(["a", "b"], alignments, 0.02, 0.025, translation).carries("a", fragment)
    # Two rewrites in one language regroup content loosely: their beads get nothing back.
    assert not _LinkVotes(["a", "b"], alignments, 0.02, 0.025, {"a": "en", "b": "en"}).carries("a", fragment)
    # A sentence forced into a link well below the pair's usual one still vouches for nothing.
    links[1] = Link((1,), (1, 2), 0.84)
    assert not _LinkVotes(["a", "b"], alignments, 0.02, 0.025, translation).carries("a", fragment)


def test_with_two_versions_the_non_reference_side_deviates() -> None:
    documents, sentences = _story()
    docs = [documents[0], documents[2]]
    units = collate(["a", "c"], [2, 2], {(0, 1): _same(2)}, THRESHOLDS)
    (event,) = build_events(docs, {d.id: sentences[d.id] for d in docs}, units, [_number("a", "c")], {}, {},
                            reference="a")
    assert event.deviating == ["c"]
    (event,) = build_events(docs, {d.id: sentences[d.id] for d in docs}, units, [_number("a", "c")], {}, {},
                            reference="c")
    assert event.deviating == ["a"]


def test_an_event_against_a_whole_sentence_says_the_others_do_not_have_it() -> None:
    # A hedge one version adds has no counterpart words: quoting the others' whole sentence as
    # what they "have" instead would say nothing to a reader.
    documents, sentences, units = _story_table()
    whole = sentences["a"][1]
    findings = [Finding("modality", Side(other, 1, whole.start, whole.end, whole.text), _side("c", 1, "would"),
                        "The certainty differs.", severity=0.8, detector="modality") for other in ("a", "b", "d")]
    event = next(e for e in build_events(documents, sentences, units, findings, {}, {}, reference="a")
                 if e.category == "modality")
    assert event.deviating == ["c"]
    assert event.explanation == "The certainty differs: c has “would”, which a, b and d do not have here."


def test_an_event_whose_deviating_side_is_a_whole_sentence_says_what_it_lacks() -> None:
    documents, sentences, units = _story_table()
    whole = sentences["c"][1]
    findings = [Finding("attribution", _side(other, 1, "The mayor said"), Side("c", 1, whole.start, whole.end,
                                                                            whole.text),
                        "The source differs.", severity=0.8, detector="attribution") for other in ("a", "b", "d")]
    event = next(e for e in build_events(documents, sentences, units, findings, {}, {}, reference="a")
                 if e.category == "attribution")
    assert event.deviating == ["c"]
    assert event.explanation == "The source differs: a, b and d have “The mayor said”, which c does not have here."


def test_a_coverage_check_does_not_lift_one_pairs_weak_omission_over_the_threshold() -> None:
    # Two versions: the check re-measures the one pair's word alignment, so a span the detector
    # scored below the flag threshold stays below it (DEMETR clean lines were flagged that way);
    # a span scored above it keeps the check's severity.
    documents, sentences = _story()
    docs = [documents[0], documents[1]]
    units = collate(["a", "b"], [2, 2], {(0, 1): _same(2)}, THRESHOLDS)

    def omission(severity: float) -> float:
        finding = Finding("omission", _side("a", 1, "said the port would reopen"), Side("b"),
                          "Left out.", severity=severity, detector="spans")
        (event,) = build_events(docs, {d.id: sentences[d.id] for d in docs}, units, [finding], {}, {},
                                reference="a")
        assert (event.category, event.deviating) == ("omission", ["b"])
        return event.severity

    assert omission(0.45) <= 0.45
    assert omission(0.7) >= 0.5


def test_an_added_clause_that_brings_a_new_name_needs_no_unit_gap() -> None:
    # Every version's sentence vector is the same (no version stands apart in the unit), which
    # quiets a reworded clause; a clause naming what no other version names is a claim all the same.
    texts = {"a": "The mayor said the port would reopen soon.", "b": "The mayor said the port would reopen soon.",
             "c": "The mayor said the port would reopen soon.",
             "d": "The mayor, once a commander of Al-Shabaab militias, said the port would reopen soon."}
    clause = {"with a name": "once a commander of Al-Shabaab militias",
              "without one": "once a commander of local militias"}
    severities = {}
    for label, added in clause.items():
        documents = [Document(k, v.replace("once a commander of Al-Shabaab militias", added), language="en")
                     for k, v in texts.items()]
        sentences = {d.id: [Sentence(0, 0, len(d.text), d.text)] for d in documents}
        units = collate(IDS, [1, 1, 1, 1], {(i, j): _same(1) for i in range(4) for j in range(i + 1, 4)}, THRESHOLDS)
        start = documents[3].text.index(added)
        findings = [Finding("addition", Side(other, 0, 0, len(documents[0].text), documents[0].text),
                            Side("d", 0, start, start + len(added), added), "Added.", severity=0.7, detector="spans")
                    for other in ("a", "b", "c")]
        vectors = {d.id: np.ones((1, 4)) / 2.0 for d in documents}
        events = build_events(documents, sentences, units, findings, vectors, {}, reference="a")
        severities[label] = max(e.severity for e in events if e.category == "addition" and e.deviating == ["d"])
    assert severities["with a name"] >= 0.5 > severities["without one"]


def _credited_story(source_of_d: str, language_of_d: str = "en", added_in: tuple[str, ...] = ()) -> float:
    """Severity of the source event where ``d`` credits the quote to ``source_of_d`` and a, b, c to
    Governor Adam Glapiński; every version's sentence vector is the same (no unit gap). The
    versions of ``added_in`` credit it in a sentence of their own: their pairs see d's source added."""
    said = " said inflation would stay high."
    lines = {d: ["Governor Adam Glapiński" + said, "Andrzej Domański agreed."] for d in ("a", "b", "c")}
    lines["d"] = [source_of_d + said, "The finance ministry agreed."]
    documents, sentences = _documents([(d, language_of_d if d == "d" else "en", lines[d]) for d in IDS])
    units = collate(IDS, [2] * 4, {(i, j): _same(2) for i in range(4) for j in range(i + 1, 4)}, THRESHOLDS)
    evidence = {"changed": 1.0, "named_source": 1.0, "named_target": 1.0, "name_similarity": 0.3}
    d_side = Side("d", 0, 0, len(source_of_d), source_of_d)
    added = {"changed": 0.0, "added": 1.0, "named_source": 0.0, "named_target": 1.0, "name_similarity": 0.0}
    findings = [Finding("attribution", Side(other, 0, 0, len(lines[other][0]), lines[other][0]), d_side,
                        "A source is added.", severity=0.3, evidence=dict(added), detector="attribution")
                if other in added_in else
                Finding("attribution", Side(other, 0, 9, 23, "Adam Glapiński"), d_side, "The source differs.",
                        severity=0.85, evidence=dict(evidence), detector="attribution") for other in ("a", "b", "c")]
    vectors = {d: np.ones((2, 4)) / 2.0 for d in IDS}
    (event,) = [e for e in build_events(documents, sentences, units, findings, vectors, {}, reference="a")
                if e.category == "attribution"]
    assert event.deviating == ["d"]
    return event.severity


def test_a_quote_credited_to_someone_no_other_version_names_needs_no_unit_gap() -> None:
    # Only the name changes, which barely moves a sentence vector: the source is still changed when
    # d credits the words to a person none of the others mentions.
    assert _credited_story("Finance minister Jan Kowalczyk") >= 0.5
    # A person the others name elsewhere in the story may be a reading of the same sentence; a
    # capitalised common word names nobody ("Ihrem Brief zufolge", in her letter; "Die
    # Beschuldigungen", the accusations, in a language that capitalises its nouns; "Президентът",
    # the president, opening the sentence): all need the sentences to stand apart, as a source put
    # another way does.
    assert _credited_story("Finance minister Andrzej Domański") < 0.5
    assert _credited_story("Ihrem Brief zufolge", "de") < 0.5
    assert _credited_story("Nach die Beschuldigungen", "de") < 0.5
    assert _credited_story("Президентът", "bg") < 0.5


def _certainty_story(versions: int, carrier_word: str, kind: str = "kind_hedge", lacking: bool = True,
                     silent: int = 0, silent_language: str = "pl") -> float:
    return _certainty_event(versions, carrier_word, kind, lacking, silent, silent_language).severity


def _certainty_event(versions: int, carrier_word: str, kind: str = "kind_hedge", lacking: bool = True,
                     silent: int = 0, silent_language: str = "pl") -> Event:
    """Severity of the modality event where the last of ``versions`` versions lacks (or, with
    ``lacking`` False, alone has) ``carrier_word``; every version's sentence vector is the same (no
    unit gap), as when a single word is all that differs. The first ``silent`` versions write the
    word but no finding links them with the odd one; they are in ``silent_language``."""
    ids = [*IDS, "e", "f"][:versions]
    odd = ids[-1]
    with_word, without = f"Inflation will {carrier_word} stay high.", "Inflation will stay high."
    holders = [d for d in ids if (d != odd) == lacking]
    lines = {d: [with_word if d in holders else without] for d in ids}
    documents, sentences = _documents([(d, silent_language if d in ids[:silent] else "en", lines[d]) for d in ids])
    units = collate(ids, [1] * versions, {(i, j): _same(1) for i in range(versions) for j in range(i + 1, versions)},
                    THRESHOLDS)
    at = with_word.index(carrier_word)
    findings = []
    for other in ids[silent:-1]:
        word = Side(holders[0] if lacking else odd, 0, at, at + len(carrier_word), carrier_word)
        whole = Side(odd if lacking else other, 0, 0, len(without), without)
        if lacking:
            word = Side(other, 0, at, at + len(carrier_word), carrier_word)
        findings.append(Finding("modality", word if lacking else whole, whole if lacking else word,
                                "The certainty differs.", severity=0.7,
                                evidence={"confidence": 0.7, kind: 1.0}, detector="modality"))
    vectors = {d: np.ones((1, 4)) / 2.0 for d in ids}
    (event,) = [e for e in build_events(documents, sentences, units, findings, vectors, {}, reference="a")
                if e.category == "modality"]
    assert event.deviating == [odd]
    return event


def test_a_hedge_every_other_version_writes_dropped_by_one_needs_no_unit_gap() -> None:
    # "probably" in three versions, nothing in d: a certainty dropped, though one word barely
    # moves d's sentence vector.
    assert _certainty_story(4, "probably") >= 0.5
    # A hedge d alone has may be its language's grammar (a modal future), and with two other
    # versions only, or a negation, the sentences must still stand apart.
    assert _certainty_story(4, "probably", lacking=False) < 0.5
    assert _certainty_story(3, "probably") < 0.5
    assert _certainty_story(4, "not", kind="kind_negation") < 0.5


def test_versions_silent_on_a_dropped_hedge_neither_confirm_nor_dispute_it() -> None:
    # One version's language (Polish) lists no hedge words, so its pair with d shows nothing: three
    # others writing "probably" still show d dropping it. Two writers are too few.
    assert _certainty_story(5, "probably", silent=1) >= 0.5
    assert _certainty_story(5, "probably", silent=2) < 0.5
    # A version whose language lists hedges and still shows nothing against d answers the hedge
    # some other way (a mood), as d may: no drop to believe without the unit gap.
    assert _certainty_story(5, "probably", silent=1, silent_language="en") < 0.5
    # Nor does the silent version count against the pairs that show the drop.
    assert _certainty_event(5, "probably", silent=1).evidence["consistency"] == 1.0
    assert _certainty_event(5, "probably", silent=1, silent_language="en").evidence["consistency"] == 0.75


def test_a_quote_credited_to_someone_new_where_a_version_credits_it_elsewhere_needs_no_unit_gap() -> None:
    # c credits the quote in a sentence of its own ("..., the governor told reporters"): its pair
    # with d sees d's source added, not another name; the two other pairs each read a name for a
    # name. No pair says the same source: d still credits it to someone new.
    assert _credited_story("Finance minister Jan Kowalczyk", added_in=("c",)) >= 0.5
    # One pair alone reading a name for a name is too little.
    assert _credited_story("Finance minister Jan Kowalczyk", added_in=("b", "c")) < 0.5


def test_a_fitted_event_model_sets_the_severity_and_keeps_the_provisional_one() -> None:
    # eval/calibrate.py --events writes `event:<category>` models into the model's severity file:
    # a cut above the provisional severity takes the event below the flag threshold, and the
    # provisional severity stays in the evidence as the model's input.
    documents, sentences = _story()
    docs = [documents[0], documents[2]]
    units = collate(["a", "c"], [2, 2], {(0, 1): _same(2)}, THRESHOLDS)
    args = (docs, {d.id: sentences[d.id] for d in docs}, units, [_number("a", "c")], {}, {})
    (plain,) = build_events(*args, reference="a")
    assert plain.severity >= 0.5
    (strict,) = build_events(*args, reference="a", calibration={"event:number": {"cut": 0.99}})
    assert strict.severity < 0.5
    assert strict.evidence["prior"] == pytest.approx(plain.severity)
    (other,) = build_events(*args, reference="a", calibration={"event:time": {"cut": 0.99}})
    assert other.severity == pytest.approx(plain.severity)


@pytest.mark.parametrize(("merge_similarity", "added"), [(0.95, False), (0.80, True)])
def test_a_version_s_own_alignment_vouches_for_a_sentence_it_splits(merge_similarity: float, added: bool) -> None:
    # d's third sentence stands alone in the table (the collation left it out), but every other
    # version's alignment with d links it, with d's second sentence, to their second sentence: at
    # that pair's usual similarity it is a split of the same content (no addition); far below it,
    # a sentence forced into a link (an addition still).
    documents, sentences, units = _story_table()
    alignments = _alignments()
    for i in range(3):
        alignments[(i, 3)] = PairAlignment([Link((0,), (0,), 0.95), Link((1,), (1, 2), merge_similarity)], [], [])
    events = build_events(documents, sentences, units, [], {}, {}, reference="a", alignments=alignments)
    assert [(e.category, e.deviating) for e in events] == ([("addition", ["d"])] if added else [])


def test_versions_that_carry_a_sentence_elsewhere_side_with_its_carrier() -> None:
    # Only b's and c's alignments vouch that they carry d's lone sentence (in a split); a's does
    # not link it at all. Three versions have the content, one lacks it: a's omission, not d's
    # addition.
    documents, sentences, units = _story_table()
    alignments = _alignments()
    for i in (1, 2):
        alignments[(i, 3)] = PairAlignment([Link((0,), (0,), 0.95), Link((1,), (1, 2), 0.95)], [], [])
    (event,) = build_events(documents, sentences, units, [], {}, {}, reference="b", alignments=alignments)
    assert (event.category, event.deviating) == ("omission", ["a"])
    assert event.readings[0].docs == ["b", "c", "d"]


@pytest.mark.parametrize(("severity", "languages", "lowered"), [
    (0.6, ("en", "fr"), True),   # one pair across languages, not confident: weak evidence
    (0.6, ("en", "en"), False),  # within one language a single pair's span stands
    (0.8, ("en", "fr"), False),  # a confident finding stands on its own
])
def test_one_cross_lingual_pair_s_clause_omission_among_many_pairs_is_weak(
        severity: float, languages: tuple[str, str], lowered: bool) -> None:
    documents, sentences, units = _story_table()

    def omission(language_of_b: str) -> float:
        docs = [Document(d.id, d.text, language=language_of_b if d.id == "b" else languages[0]) for d in documents]
        finding = Finding("omission", _side("a", 1, "said the port would reopen"), Side("b"),
                          "Left out.", severity=severity, detector="spans")
        events = build_events(docs, sentences, units, [finding], {}, {}, reference="a")
        # (No encoder here: every other version counts as lacking the clause, so a's addition.)
        return next(e.severity for e in events if finding in e.supporting)

    same = omission(languages[0])
    assert (omission(languages[1]) < same) is lowered


def test_weak_findings_of_two_pairs_among_many_are_not_lifted_over_the_threshold() -> None:
    # Six versions: two pairs show a weak clause difference, three would be half of what could.
    # The coverage check re-measures those pairs, so it does not lift them over the threshold;
    # shown by every pair, it may.
    ids = ["a", "b", "c", "d", "e", "f"]
    texts = ["At least 14 people died in the blast on Tuesday.", "The mayor said the port would reopen."]
    documents, sentences = [], {}
    for doc_id in ids:
        text = "".join(t + "\n" for t in texts)
        documents.append(Document(doc_id, text, language="en"))
        sentences[doc_id] = [Sentence(k, text.index(t), text.index(t) + len(t), t) for k, t in enumerate(texts)]
    alignments = {(i, j): _same(2) for i in range(6) for j in range(i + 1, 6)}
    units = collate(ids, [2] * 6, alignments, THRESHOLDS)
    clause = "said the port would reopen"
    start = sentences["a"][1].start + texts[1].index(clause)

    def severity(others: list[str]) -> float:
        findings = [Finding("addition", Side(o, 1), Side("a", 1, start, start + len(clause), clause), "Added.",
                            severity=0.45, detector="spans") for o in others]
        events = build_events(documents, sentences, units, findings, {}, {}, reference="b")
        return max(e.severity for e in events if e.category == "addition")

    assert severity(["b", "c"]) <= 0.45
    assert severity(["b", "c", "d", "e", "f"]) > 0.45


def test_a_change_only_one_pair_shows_unconfidently_is_weighted_down() -> None:
    # In a story of four versions, one pair's number finding below single_pair_confident is a
    # rewording between two versions; a confident one keeps its weight.
    documents, sentences, units = _story_table()

    def severity(finding_severity: float, **settings: float) -> float:
        events = build_events(documents, sentences, units, [_number("a", "c", finding_severity)], {}, {},
                              settings or None, reference="a")
        return next(e.severity for e in events if e.category == "number")

    assert severity(0.6) == pytest.approx(0.75 * severity(0.6, single_pair_weight=1.0))
    assert severity(0.8) == pytest.approx(severity(0.8, single_pair_weight=1.0))


PairStory = tuple[list[Document], dict[str, list[Sentence]], list[Unit], dict[str, np.ndarray]]


def _pair_story(extra_gap: float, language_b: str = "fr") -> PairStory:
    """Two versions of four sentences, the second in ``language_b``; the last unit's vectors stand
    ``extra_gap`` further apart than the others (cosines 0.95 elsewhere)."""
    texts = ["The port reopened on Monday.", "The mayor said the strike was over.",
             "Dockers returned to work.", "Ships were waiting outside the harbour."]
    documents, sentences = _documents([("a", "en", texts), ("b", language_b, texts)])
    units = collate(["a", "b"], [4, 4], {(0, 1): _same(4)}, THRESHOLDS)

    def unit_vector(cosine: float) -> np.ndarray:
        return np.array([cosine, np.sqrt(1.0 - cosine ** 2), 0.0])
    base = np.array([1.0, 0.0, 0.0])
    vectors = {"a": np.stack([base] * 4),
               "b": np.stack([unit_vector(0.95)] * 3 + [unit_vector(0.95 - extra_gap)])}
    return documents, sentences, units, vectors


@pytest.mark.parametrize("extra_gap, language_b, flagged", [(0.0, "fr", False), (0.06, "fr", True),
                                                            (0.0, "en", True)])
def test_with_two_versions_a_word_one_side_lacks_needs_the_unit_to_stand_apart(
        extra_gap: float, language_b: str, flagged: bool) -> None:
    # No third version to compare with: across languages the pair's usual similarity over the
    # story stands in. A negation the other sentence lacks, in a unit as close as every other, is
    # how a faithful translation puts a thing ("n'a pas faibli" / "remained high"); in a unit that
    # falls below the pair's usual similarity it is a change. Two rewrites in one language compare
    # word for word: the words are evidence enough.
    documents, sentences, units, vectors = _pair_story(extra_gap, language_b)
    whole = sentences["a"][3]
    s = sentences["b"][3]
    start = s.start + s.text.index("were")
    finding = Finding("modality", Side("a", 3, whole.start, whole.end, whole.text),
                      Side("b", 3, start, start + 4, "were"), "The certainty differs.", severity=0.7,
                      detector="modality")
    (event,) = build_events(documents, sentences, units, [finding], vectors, {}, reference="a")
    assert event.deviating == ["b"]
    assert (event.severity >= 0.5) is flagged


@pytest.mark.parametrize("detector, flagged", [("untranslated", True), ("spans", False)])
def test_a_word_left_untranslated_needs_no_unit_gap(detector: str, flagged: bool) -> None:
    # A source word written verbatim in a translation is seen in the words: the sentence vectors,
    # which read across languages, do not move for it, and need not.
    documents, sentences, units, vectors = _pair_story(0.0)
    sides = []
    for doc in ("a", "b"):
        s = sentences[doc][1]
        start = s.start + s.text.index("strike")
        sides.append(Side(doc, 1, start, start + 6, "strike"))
    finding = Finding("other", *sides,
                      "The wording differs.", severity=0.7, detector=detector)
    (event,) = build_events(documents, sentences, units, [finding], vectors, {}, reference="a")
    assert (event.severity >= 0.5) is flagged


def test_with_two_versions_a_sentence_the_other_lacks_entirely_is_its_omission() -> None:
    # No other version can carry it less plainly: the one sentence's absence is the omission.
    documents, sentences = _story()
    docs = [documents[0], documents[3]]
    units = collate(["a", "d"], [2, 3], {(0, 1): PairAlignment([Link((0,), (0,), 0.95), Link((1,), (1,), 0.95)],
                                                              [], [2])}, THRESHOLDS)
    (event,) = build_events(docs, {d.id: sentences[d.id] for d in docs}, units, [], {}, {}, reference="d")
    assert (event.category, event.deviating) == ("omission", ["a"])
    assert event.severity >= 0.5


def test_two_whole_sentences_that_differ_are_not_said_to_lack_each_other() -> None:
    # A weak link locates neither side to words: saying the others "do not have" the deviating
    # sentence would read as an omission.
    documents, sentences, units = _story_table()
    findings = [Finding("other", Side(other, 1, sentences[other][1].start, sentences[other][1].end,
                                      sentences[other][1].text),
                        Side("c", 1, sentences["c"][1].start, sentences["c"][1].end, sentences["c"][1].text),
                        "These corresponding sentences differ.", severity=0.8, detector="weak-link")
                for other in ("a", "b", "d")]
    event = next(e for e in build_events(documents, sentences, units, findings, {}, {}, reference="a")
                 if e.category == "other")
    assert event.deviating == ["c"]
    assert "not have" not in event.explanation
    assert event.explanation.startswith("The wording differs: c has “The mayor said the port would reopen.”")


def _negated_port_story() -> tuple[dict[str, str], list[Document], dict[str, list[Sentence]], list[Unit],
                                   dict[str, np.ndarray]]:
    """Four one-sentence versions, "d" adding "not"; every version's sentence vector the same (an
    inserted word barely moves one)."""
    texts = {"a": "The port is open to ships again.", "b": "The port is open to ships again.",
             "c": "The port is open to ships again.", "d": "The port is not open to ships again."}
    documents = [Document(k, v, language="en") for k, v in texts.items()]
    sentences = {d.id: [Sentence(0, 0, len(d.text), d.text)] for d in documents}
    units = collate(IDS, [1, 1, 1, 1], {(i, j): _same(1) for i in range(4) for j in range(i + 1, 4)}, THRESHOLDS)
    vectors = {d.id: np.ones((1, 4)) / 2.0 for d in documents}
    return texts, documents, sentences, units, vectors


def test_a_one_sided_negation_the_words_show_inserted_needs_no_unit_gap() -> None:
    # One word inserted ("is" / "is not") barely moves a sentence vector: every version's vector
    # here is the same. Left to the unit gap it stays quiet; when the word alignment of most pairs
    # shows the others saying the same thing without it, it is flagged.
    texts, documents, sentences, units, vectors = _negated_port_story()
    start = texts["d"].index("not")
    severities = {}
    for label, plain in (("inserted", {"plain_counterpart": 1.0}), ("put otherwise", {})):
        findings = [Finding("modality", Side(other, 0, 0, len(texts[other]), texts[other]),
                            Side("d", 0, start, start + 3, "not"), "A negation.", severity=0.7,
                            evidence={"kind_negation": 1.0, **plain}, detector="modality")
                    for other in ("a", "b", "c")]
        events = build_events(documents, sentences, units, findings, vectors, {}, reference="a")
        severities[label] = max(e.severity for e in events if e.category == "modality" and e.deviating == ["d"])
    assert severities["inserted"] >= 0.5 > severities["put otherwise"]


def _apart_last_sentence_story(last: str, last_of_d: str) -> tuple[list[Document], dict[str, list[Sentence]],
                                                                     list[Unit], dict[str, np.ndarray]]:
    """Four three-sentence versions alike but for "d"'s last sentence: its vector stands apart
    in that unit only (every other sentence vector is the same)."""
    shared = ["Dockers went on strike on Tuesday.", "The mayor spoke to them.", last]
    texts = {doc: shared for doc in IDS}
    texts["d"] = shared[:2] + [last_of_d]
    documents, sentences = [], {}
    for doc, lines in texts.items():
        text = " ".join(lines)
        documents.append(Document(doc, text, language="en"))
        sentences[doc] = [Sentence(k, text.index(line), text.index(line) + len(line), line)
                          for k, line in enumerate(lines)]
    units = collate(IDS, [3, 3, 3, 3], {(i, j): _same(3) for i in range(4) for j in range(i + 1, 4)}, THRESHOLDS)
    vectors = {doc: np.tile(np.ones(4) / 2.0, (3, 1)) for doc in IDS}
    vectors["d"][2] = [1.0, 0.0, 0.0, 0.0]
    return documents, sentences, units, vectors


def test_a_negation_most_pairs_see_in_a_clause_put_otherwise_weighs_as_a_rewording() -> None:
    # "There was no time to save ourselves." / "Alles ging viel zu schnell.": one version puts a
    # clause another way, so every pair shows a negation on one side, and the sentence vector shows
    # the version standing apart (it says it differently). With no pair whose words show the same
    # statement without the word, that is a rewording, not a reversed statement; a negation the
    # words show inserted in most pairs keeps its weight.
    documents, sentences, units, vectors = _apart_last_sentence_story("There was no time to leave.",
                                                                      "It all happened far too fast.")
    severities = {}
    for label, plain in (("inserted", {"plain_counterpart": 1.0}), ("put otherwise", {})):
        findings = []
        for other in ("a", "b", "c"):
            own, theirs = sentences[other][2], sentences["d"][2]
            at = own.start + own.text.index("no")
            findings.append(Finding("modality", Side(other, 2, at, at + 2, "no"),
                                    Side("d", 2, theirs.start, theirs.end, theirs.text), "A negation.",
                                    severity=0.65, evidence={"kind_negation": 1.0, **plain}, detector="modality"))
        events = build_events(documents, sentences, units, findings, vectors, {}, reference="a")
        severities[label] = max(e.severity for e in events if e.category == "modality" and e.deviating == ["d"])
    assert severities["inserted"] >= 0.5 > severities["put otherwise"]


def test_a_word_or_two_one_version_adds_that_some_pairs_do_not_show_weighs_as_a_rewording() -> None:
    # "Es siempre lo mismo, no veo nada nuevo": one version adds a turn of phrase of two content
    # words (too few for the coverage check), which some of its pairs' word alignment shows and
    # others do not. However many pairs repeat it, that is a translator's phrasing; the same words
    # every pair shows keep their weight.
    added = "Nothing new has changed, always the same."
    documents, sentences, units, vectors = _apart_last_sentence_story("Nothing new has changed.", added)
    theirs = sentences["d"][2]
    at = theirs.start + added.index("always the same")
    severities = {}
    for label, showing in (("every pair", ("a", "b", "c")), ("some pairs", ("a", "b"))):
        # An added phrase has nothing to point at in the other version: its side is the sentence.
        findings = [Finding("addition", Side(other, 2),
                            Side("d", 2, at, at + len("always the same"), "always the same"), "Added words.",
                            severity=0.65, detector="spans")
                    for other in showing]
        events = build_events(documents, sentences, units, findings, vectors, {}, reference="a")
        severities[label] = max(e.severity for e in events if e.category == "addition" and e.deviating == ["d"])
    assert severities["every pair"] >= 0.5 > severities["some pairs"]


def test_a_negation_one_version_adds_is_not_joined_with_a_hedge_it_lacks() -> None:
    # "could be seen" / "non sono stati visti": the version lacks a hedge that another also lacks,
    # and adds a negation no other version has. A lacking side is located to its whole sentence, so
    # their words overlap; joined, the hedge's pairs hide the negation's (few of them show a word
    # inserted, and "c" and "d" would deviate together). Two changes, two events.
    texts, documents, sentences, units, vectors = _negated_port_story()
    start = texts["d"].index("not")
    findings = [Finding("modality", Side(other, 0, 0, len(texts[other]), texts[other]),
                        Side("d", 0, start, start + 3, "not"), "A negation.", severity=0.7,
                        evidence={"kind_negation": 1.0, "plain_counterpart": 1.0}, detector="modality")
                for other in ("a", "b", "c")]
    findings += [Finding("modality", Side(hedged, 0, 4, 8, "port"),
                         Side(lacking, 0, 0, len(texts[lacking]), texts[lacking]), "A hedge.", severity=0.7,
                         evidence={"kind_hedge": 1.0}, detector="modality")
                 for hedged in ("a", "b") for lacking in ("c", "d")]
    events = [e for e in build_events(documents, sentences, units, findings, vectors, {}, reference="a")
              if e.category == "modality"]
    negation = next(e for e in events if any("kind_negation" in f.evidence for f in e.supporting))
    assert not any("kind_hedge" in f.evidence for f in negation.supporting)
    assert negation.deviating == ["d"] and negation.severity >= 0.5


def _dropped_sentence_event(encoder, carriers: int) -> object:
    """A sentence every version but the last carries; the last one's other sentences repeat half
    its content words (the port, the day), as news sentences do."""
    from drift.config import load_config

    config = load_config()
    spec = config.model_spec()
    ids = [chr(ord("a") + k) for k in range(carriers)] + ["z"]
    lead = "Dockers at the port of Burgas went on strike on Tuesday over unpaid wages."
    dropped = "Police arrested two dockers at the port of Burgas on Tuesday night."
    tail = "The mayor said the port of Burgas would reopen on Thursday."
    documents, sentences = _documents([(d, "en", [lead, tail] if d == "z" else [lead, dropped, tail]) for d in ids])
    alignments = {}
    for i in range(len(ids)):
        for j in range(i + 1, len(ids)):
            alignments[(i, j)] = (PairAlignment([Link((0,), (0,), 0.95), Link((2,), (1,), 0.95)], [1], [])
                                  if ids[j] == "z" else _same(3))
    units = collate(ids, [len(sentences[d]) for d in ids], alignments, THRESHOLDS)
    embeddings = {d: np.asarray(encoder.encode([s.text for s in sentences[d]])) for d in ids}
    settings = {"flag_threshold": config.threshold, **config.section("events")}
    (event,) = build_events(documents, sentences, units, [], embeddings, dict(spec.thresholds), settings,
                            reference="a", alignments=alignments, encoder=encoder)
    assert (event.category, event.deviating) == ("omission", ["z"])
    assert event.evidence["moved"] > 0.3  # its words recur in the version's other sentences
    return event


def test_a_sentence_one_version_alone_drops_is_flagged_though_its_words_recur(encoder) -> None:
    # Four versions carry it by their own alignments, one lacks it: the recurring words of the
    # story do not make it a move.
    assert _dropped_sentence_event(encoder, 4).severity >= 0.5
    # With two carriers a move the collation did not join is as likely as a drop.
    assert _dropped_sentence_event(encoder, 2).severity < 0.5


def _left_out_phrase(phrase: str, target_language: str) -> float:
    """The severity of the event for a phrase a two-version story's second version leaves out."""
    other = {"ru": "Мэр сказал, что город готовится к параду в понедельник.",
             "en": "The mayor said the city prepared for the parade on Monday."}[target_language]
    return _left_out(f"The mayor said the city {phrase} for the parade on Monday.", other, phrase,
                     target_language, 0.6)


def test_a_short_phrase_a_translation_leaves_out_is_weak_evidence_alone() -> None:
    # Three content words a translation renders freely (an idiom), in a story of two versions in
    # two languages, stay below the threshold; within one language, or a longer clause, they do not.
    phrase = "pulled every stop"
    assert _left_out_phrase(phrase, "ru") < 0.5 <= _left_out_phrase(phrase, "en")
    assert _left_out_phrase("certainly pulled every stop after long tense negotiations", "ru") >= 0.5


def _events_of_added_words(english: str, other: str, language: str, added: str) -> list:
    """The events of one sentence pair where the other version adds ``added`` (a spans finding)."""
    documents = [Document("a", english + "\n", language="en"), Document("b", other + "\n", language=language)]
    sentences = {"a": [Sentence(0, 0, len(english), english)], "b": [Sentence(0, 0, len(other), other)]}
    units = collate(["a", "b"], [1, 1], {(0, 1): _same(1)}, THRESHOLDS)
    start = other.index(added)
    finding = Finding("addition", Side("a"), Side("b", 0, start, start + len(added), added),
                      "b adds words.", severity=0.8, detector="spans")
    return build_events(documents, sentences, units, [finding], {}, {}, reference="a")


@pytest.mark.parametrize(("added", "event"), [("Seitenanfang", False), ("Zum Seitenanfang", False),
                                              ("Bundesamt", True)])
def test_page_navigation_a_flattened_page_leaves_in_a_sentence_is_no_addition(added: str, event: bool) -> None:
    events = _events_of_added_words("Last modification 14.01.2025", f"Letzte Änderung 14.01.2025 {added}", "de", added)
    assert bool(events) is event


@pytest.mark.parametrize(("language", "own", "credit", "event"), [
    ("uk", "Про це повідомив головний ветеринарний лікар Польщі",
     "передає власний кореспондент Укрінформу у Варшаві", False),
    ("ru", "Об этом сообщил главный ветеринарный врач Польши", "передает корреспондент ТАСС", False),
    ("bg", "Това съобщи главният ветеринарен лекар на Полша", "съобщи кореспондентът на БТА във Варшава", False),
    # Words that are no such credit stay an addition.
    ("uk", "Про це повідомив головний ветеринарний лікар Польщі", "після наради з фермерами у Гданську", True),
])
def test_the_outlets_own_correspondent_credited_in_a_sentence_is_no_addition(language: str, own: str, credit: str,
                                                                               event: bool) -> None:
    events = _events_of_added_words("Poland's chief veterinary officer said so on Thursday.", f"{own}, {credit}.",
                                    language, credit)
    assert bool(events) is event


def test_the_boilerplate_rules_the_story_was_segmented_with_decide_its_page_furniture(tmp_path) -> None:
    from drift.segment import boilerplate_rules

    english, german = "Last modification 14.01.2025", "Letzte Änderung 14.01.2025 Kontaktinformationen drucken"
    documents = [Document("a", english + "\n", language="en"), Document("b", german + "\n", language="de")]
    sentences = {"a": [Sentence(0, 0, len(english), english)], "b": [Sentence(0, 0, len(german), german)]}
    units = collate(["a", "b"], [1, 1], {(0, 1): _same(1)}, THRESHOLDS)
    added = "Kontaktinformationen drucken"
    start = german.index(added)
    finding = Finding("addition", Side("a"), Side("b", 0, start, start + len(added), added),
                      "b adds words.", severity=0.8, detector="spans")
    assert build_events(documents, sentences, units, [finding], {}, {}, reference="a")  # shipped rules
    mine = tmp_path / "mine.toml"
    mine.write_text("[patterns]\nen = []\n[inline]\nde = ['kontaktinformationen drucken']\n", encoding="utf-8")
    rules = boilerplate_rules({"boilerplate": {"file": str(mine)}})
    assert build_events(documents, sentences, units, [finding], {}, {}, reference="a", boilerplate=rules) == []


def test_a_one_sided_negation_of_two_translations_weighs_as_a_rewording_unless_inserted() -> None:
    # Two versions in two languages ("не хотят походить на маппетов" / "се тревожат, че изглеждат
    # като мъпети"): a negation in a clause put another way is as often a rewording as a changed
    # statement, with no further pair to tell; one the words show inserted keeps its weight.
    texts = {"bg": "Членовете се тревожат, че изглеждат като мъпети.", "ru": "Члены не хотят походить на маппетов."}
    documents = [Document(k, v, language=k) for k, v in texts.items()]
    sentences = {d.id: [Sentence(0, 0, len(d.text), d.text)] for d in documents}
    units = collate(["bg", "ru"], [1, 1], {(0, 1): _same(1)}, THRESHOLDS)
    start = texts["ru"].index("не")
    severities = {}
    for label, plain in (("inserted", {"plain_counterpart": 1.0}), ("put otherwise", {})):
        findings = [Finding("modality", Side("bg", 0, 0, len(texts["bg"]), texts["bg"]),
                            Side("ru", 0, start, start + 2, "не"), "A negation.", severity=0.656,
                            evidence={"kind_negation": 1.0, **plain}, detector="modality")]
        events = build_events(documents, sentences, units, findings, {}, {}, reference="bg")
        severities[label] = max(e.severity for e in events if e.category == "modality")
    assert severities["inserted"] >= 0.5 > severities["put otherwise"]


def test_a_sentence_a_version_merged_with_its_neighbour_is_no_omission(encoder) -> None:
    # The French version has the goal sentence, but its alignment with every other version joined
    # it to the next sentence's link, so the goal's unit has no cell of "z", and the word check
    # across languages finds little of it (NTREX: "Ha toccato la palla di sinistro ..." for "He
    # tapped the ball to his left ..."). Its sentence and the others' are each other's nearest, as
    # near as the versions' counterparts usually are: "z" carries it.
    from drift.config import load_config

    config = load_config()
    spec = config.model_spec()
    ids = ["a", "b", "c", "d", "z"]
    english = ["Dockers at the port of Burgas went on strike on Tuesday over unpaid wages.",
               "The tapped ball flew past the keeper into the far corner of the net.",
               "The mayor said the port of Burgas would reopen on Thursday."]
    french = ["Les dockers du port de Bourgas se sont mis en grève mardi pour des salaires impayés.",
              "Il a frappé le ballon, qui a filé dans la lucarne opposée hors de portée du gardien.",
              "Le maire a déclaré que le port de Bourgas rouvrirait jeudi."]
    documents, sentences = _documents([(d, "fr", french) if d == "z" else (d, "en", english) for d in ids])
    alignments = {}
    for i in range(len(ids)):
        for j in range(i + 1, len(ids)):
            alignments[(i, j)] = (PairAlignment([Link((0,), (0,), 0.95), Link((2,), (1, 2), 0.9)], [1], [])
                                  if ids[j] == "z" else _same(3))
    units = collate(ids, [3] * len(ids), alignments, THRESHOLDS)
    assert next(u for u in units if "a" in u.present and u.cells["a"] == (1,)).cells["z"] == ()
    embeddings = {d: np.asarray(encoder.encode([s.text for s in sentences[d]])) for d in ids}
    settings = {"flag_threshold": config.threshold, **config.section("events")}
    events = build_events(documents, sentences, units, [], embeddings, dict(spec.thresholds), settings,
                          reference="a", alignments=alignments, encoder=encoder)
    assert not [e for e in events if e.category == "omission" and e.deviating == ["z"]]


def test_a_characterisation_one_version_adds_is_explained_as_added() -> None:
    # d alone writes "hardline" before the party every version names: the event names d as adding
    # the characterisation, and quotes the plain name the others write.
    ids = IDS
    plain, characterised = "The Agrarian Bloc won 9.1%.", "The hardline Agrarian Bloc won 9.1%."
    documents, sentences = _documents([(d, "en", [characterised if d == "d" else plain]) for d in ids])
    units = collate(ids, [1] * 4, {(i, j): _same(1) for i in range(4) for j in range(i + 1, 4)}, THRESHOLDS)
    at, name = characterised.index("hardline"), plain.index("Agrarian")
    findings = [Finding("framing", Side(other, 0, name, name + len("Agrarian"), "Agrarian"),
                        Side("d", 0, at, at + len("hardline"), "hardline"), "This version characterises it.",
                        severity=0.7, evidence={"confidence": 0.7, "register_added": 1.0, "plain_counterpart": 1.0,
                                                "characterised_source": 0.0}, detector="framing")
                for other in ids[:-1]]
    (event,) = build_events(documents, sentences, units, findings, {d: np.ones((1, 4)) / 2.0 for d in ids}, {},
                            reference="a")
    assert event.deviating == ["d"]
    assert event.explanation == "d adds the characterisation “hardline” where a, b and c have “Agrarian” alone."



def test_a_word_put_for_its_contrary_is_its_own_event_beside_the_loose_wording_around_it() -> None:
    lines = {"en": "Retailers in the northern districts could lose millions.",
             "de": "Einzelhändler in den nördlichen Stadtteilen könnten Millionen verlieren.",
             "pl": "Handlowcy z południowych dzielnic mogą stracić miliony."}
    documents, sentences, units = _hedge_story(lines)

    def word(doc: str, text: str) -> Side:
        s = sentences[doc][0]
        start = s.start + s.text.index(text)
        return Side(doc, 0, start, start + len(text), text)

    def whole(doc: str) -> Side:
        s = sentences[doc][0]
        return Side(doc, 0, s.start, s.end, s.text)

    contrast = [Finding("other", word(ref, north), word("pl", "południowych"), "The reference says ...",
                        severity=0.8, detector="contrast", evidence={"confidence": 0.9, "kind_contrast": 1.0})
                for ref, north in (("en", "northern"), ("de", "nördlichen"))]
    # A weak link of the Polish sentence with the German one, on the whole sentences.
    loose = Finding("other", whole("de"), whole("pl"), "The wording differs.", severity=0.45, detector="weak-link",
                    evidence={"confidence": 0.4})
    events = [e for e in build_events(documents, sentences, units, [*contrast, loose], {}, {}, reference="en")
              if e.category == "other"]
    (changed,) = [e for e in events if any("kind_contrast" in f.evidence for f in e.supporting)]
    assert changed.deviating == ["pl"]
    assert all("kind_contrast" in f.evidence for f in changed.supporting)
    assert [sp.text for r in changed.readings for sp in r.spans] == ["northern", "nördlichen", "południowych"]


def test_two_versions_alone_in_a_unit_are_told_apart_by_the_versions_outside_it() -> None:
    # Only the French and Russian sentences share the unit; the English and German ones sit in
    # units of their own, and both say March 6: the French "9 mars" stands apart, not the Russian.
    ids = ["en", "fr", "ru", "de"]
    lines = {"en": ["The first irregular results date back to March 6, the association said."],
             "fr": ["Les premiers résultats anormaux remontent au 9 mars."],
             "ru": ["Первые отклонения восходят к 6 марта."],
             "de": ["Die ersten auffälligen Ergebnisse stammten vom 6. März, sagte der Verband."]}
    documents, sentences = _documents([(d, d, lines[d]) for d in ids])
    none = PairAlignment([], [0], [0])
    alignments = {(i, j): (_same(1) if {ids[i], ids[j]} == {"fr", "ru"} else none)
                  for i in range(4) for j in range(i + 1, 4)}
    units = collate(ids, [1] * 4, alignments, THRESHOLDS)

    def at(doc: str, text: str) -> Side:
        s = sentences[doc][0]
        start = s.start + s.text.index(text)
        return Side(doc, 0, start, start + len(text), text)

    finding = Finding("time", at("fr", "9 mars"), at("ru", "6 марта"), "The time differs.", severity=0.9,
                      detector="time", evidence={"confidence": 1.0})
    (event,) = [e for e in build_events(documents, sentences, units, [finding], {}, {}, reference="en")
                if e.category == "time"]
    assert event.deviating == ["fr"]


def _unsourced_story(versions: int = 4, **evidence: float) -> float:
    """Severity of the source event where the last of ``versions`` versions states the claim bare
    and every other one credits it to "a person familiar with the matter"; every version's
    sentence vector is the same (no unit gap), as when a few words are all that differ.
    ``evidence`` is added to every finding's."""
    ids = [*IDS, "e"][:versions]
    odd = ids[-1]
    claim = "The group is demanding 2 million euros"
    sourced = claim + ", according to a person familiar with the matter."
    lines = {d: [claim + "." if d == odd else sourced] for d in ids}
    documents, sentences = _documents([(d, "en", lines[d]) for d in ids])
    units = collate(ids, [1] * versions, {(i, j): _same(1) for i in range(versions) for j in range(i + 1, versions)},
                    THRESHOLDS)
    at = sourced.index("a person")
    findings = [Finding("attribution", Side(other, 0, at, at + 22, sourced[at:at + 22]),
                        Side(odd, 0, 0, len(claim) + 1, claim + "."), "The source is missing here.", severity=0.55,
                        evidence={"confidence": 0.55, "changed": 0.0, "added": 0.0, "dropped": 1.0, **evidence},
                        detector="attribution")
                for other in ids[:-1]]
    vectors = {d: np.ones((1, 4)) / 2.0 for d in ids}
    (event,) = [e for e in build_events(documents, sentences, units, findings, vectors, {}, reference="a")
                if e.category == "attribution"]
    assert event.deviating == [odd]
    return event.severity


def test_a_source_every_other_version_gives_dropped_by_one_needs_no_unit_gap() -> None:
    # Three versions credit the claim to a person familiar with the matter, d states it bare: the
    # dropped words barely move its sentence vector, and the three pairs are the evidence.
    assert _unsourced_story() >= 0.5
    # Two other versions are too few; a version that names another source in that sentence, or
    # whose other side gives an implicit one ("it was reported"), may say the same: the sentences
    # must still stand apart.
    assert _unsourced_story(3) < 0.5
    assert _unsourced_story(other_source=1.0) < 0.5
    assert _unsourced_story(implicit_other=1.0) < 0.5


def test_a_negation_one_version_lacks_is_explained_as_a_negation_not_a_certainty() -> None:
    # "would not reopen" / "would reopen" reverses the claim: the reader is told the negation
    # differs, not the certainty.
    lines = {"a": "The mayor said the port would not reopen.", "c": "The mayor said the port would reopen."}
    documents, sentences = _documents([(d, "en", [lines.get(d, lines["a"])]) for d in IDS])
    units = collate(IDS, [1] * len(IDS), {key: _same(1) for key in _alignments()}, THRESHOLDS)
    whole = sentences["c"][0]
    findings = []
    for other in ("a", "b", "d"):
        s = sentences[other][0]
        at = s.start + s.text.index("not")
        findings.append(Finding("modality", Side(other, 0, at, at + 3, "not"),
                                Side("c", 0, whole.start, whole.end, whole.text),
                                "This version has a negation.", severity=0.8, detector="modality",
                                evidence={"kind_negation": 1.0}))
    event = next(e for e in build_events(documents, sentences, units, findings, {}, {}, reference="a")
                 if e.category == "modality")
    assert event.deviating == ["c"]
    assert event.explanation == "The negation differs: a, b and d have “not”, which c does not have here."


def _lone_telling_events(encoder, telling: str, linked: bool, z_language: str = "sv") -> list[Event]:
    """Four English versions carry a sentence; the Swedish fifth tells it in a sentence the
    collation left alone, which every carrier's own alignment links (``linked``) or leaves out."""
    from drift.config import load_config

    config = load_config()
    spec = config.model_spec()
    ids = ["a", "b", "c", "d", "z"]
    english = ["A tram carrying about 60 passengers collided with a delivery lorry in central Brussels on Tuesday.",
               "The other 12 people hurt were treated at the scene for cuts and bruises.",
               "Investigators believe the driver may have run a red light."]
    swedish = ["En spårvagn med omkring 60 passagerare kolliderade med en lastbil i centrala Bryssel i tisdags.",
               telling, "Utredarna tror att föraren kan ha kört mot rött ljus."]
    documents, sentences = _documents([(d, z_language if d == "z" else "en", swedish if d == "z" else english)
                                       for d in ids])
    alignments = {}
    for i in range(len(ids)):
        for j in range(i + 1, len(ids)):
            if ids[j] != "z":
                alignments[(i, j)] = _same(3)
            elif linked:
                alignments[(i, j)] = PairAlignment([Link((0,), (0,), 0.95), Link((1,), (1,), 0.8),
                                                    Link((2,), (2,), 0.95)], [], [])
            else:
                alignments[(i, j)] = PairAlignment([Link((0,), (0,), 0.95), Link((2,), (2,), 0.95)], [1], [1])
    units = [Unit("U1", {d: (0,) for d in ids}), Unit("U2", {d: () if d == "z" else (1,) for d in ids}),
             Unit("U3", {d: (1,) if d == "z" else () for d in ids}), Unit("U4", {d: (2,) for d in ids})]
    embeddings = {d: np.asarray(encoder.encode([s.text for s in sentences[d]])) for d in ids}
    settings = {"flag_threshold": config.threshold, **config.section("events")}
    return build_events(documents, sentences, units, [], embeddings, dict(spec.thresholds), settings,
                        reference="a", alignments=alignments, encoder=encoder)


def test_a_lone_sentence_the_carriers_alignments_link_tells_the_sentence_the_version_seems_to_lack(
        encoder) -> None:
    # z's "Övriga tolv behandlades på plats ..." stands in a unit of its own (its sentence vector
    # was too weak for the collation), yet every carrier's alignment links it with their
    # sentence: z tells it, it does not lack it.
    telling = "Övriga tolv behandlades på plats för skärsår och blåmärken."
    assert not [e for e in _lone_telling_events(encoder, telling, linked=True) if e.category == "omission"]
    # Unlinked, the word check and the sentence vectors alone judge, and find it lacking.
    (unlinked,) = [e for e in _lone_telling_events(encoder, telling, linked=False) if e.category == "omission"]
    assert unlinked.deviating == ["z"]
    # A lone sentence about something else, which the alignments linked all the same, is still
    # told: as what z adds in the place of the sentence.
    other = "Vädret i Göteborg var soligt och varmt hela veckan."
    (added,) = [e for e in _lone_telling_events(encoder, other, linked=True) if e.category == "addition"]
    assert added.deviating == ["z"] and added.severity >= 0.5


def test_rewrites_in_one_language_do_not_vote_a_lone_sentence_into_telling_what_it_replaced(encoder) -> None:
    # Within one language the word check reads the words themselves: alignments linking the
    # carriers' sentence to another claim z put in its place do not make z carry it.
    other = "The Associated Press reported that the driver had been arrested at the scene."
    omissions = [e for e in _lone_telling_events(encoder, other, linked=True, z_language="en")
                 if e.category == "omission"]
    assert [e.deviating for e in omissions] == [["z"]]


def test_one_alignment_linking_two_leftovers_does_not_tell_a_sentence_one_version_adds(encoder) -> None:
    # Only a's alignment with z links a's lone sentence, to z's lone sentence (two leftovers of
    # that pair): one link is no evidence that z tells it, so a still adds it.
    from drift.config import load_config

    config = load_config()
    spec = config.model_spec()
    ids = ["a", "b", "c", "z"]
    lead = "Dockers at the port of Burgas went on strike on Tuesday over unpaid wages."
    added = "According to sources close to the union, its leader is also considering resigning."
    tail = "The mayor said the port of Burgas would reopen on Thursday."
    byline = "By Daniel Reyes, Sports Desk"
    texts = {"a": [lead, added, tail], "b": [lead, tail], "c": [lead, tail], "z": [byline, lead, tail]}
    documents, sentences = _documents([(d, "en", texts[d]) for d in ids])
    alignments = {(0, 1): PairAlignment([Link((0,), (0,), 0.95), Link((2,), (1,), 0.95)], [1], []),
                  (0, 2): PairAlignment([Link((0,), (0,), 0.95), Link((2,), (1,), 0.95)], [1], []),
                  (0, 3): PairAlignment([Link((1,), (0,), 0.84), Link((0,), (1,), 0.95), Link((2,), (2,), 0.95)],
                                        [], []),
                  (1, 2): _same(2),
                  (1, 3): PairAlignment([Link((0,), (1,), 0.95), Link((1,), (2,), 0.95)], [], [0]),
                  (2, 3): PairAlignment([Link((0,), (1,), 0.95), Link((1,), (2,), 0.95)], [], [0])}
    units = [Unit("U1", {"a": (), "b": (), "c": (), "z": (0,)}),
             Unit("U2", {"a": (0,), "b": (0,), "c": (0,), "z": (1,)}),
             Unit("U3", {"a": (1,), "b": (), "c": (), "z": ()}),
             Unit("U4", {"a": (2,), "b": (1,), "c": (1,), "z": (2,)})]
    embeddings = {d: np.asarray(encoder.encode([s.text for s in sentences[d]])) for d in ids}
    settings = {"flag_threshold": config.threshold, **config.section("events")}
    events = build_events(documents, sentences, units, [], embeddings, dict(spec.thresholds), settings,
                          reference="a", alignments=alignments, encoder=encoder)
    (event,) = [e for e in events if e.unit == "U3"]
    assert (event.category, event.deviating) == ("addition", ["a"])
