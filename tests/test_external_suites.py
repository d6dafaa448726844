"""The external-data suites (DEMETR, NTREX, SwissGov-RSD): document building, the drift injector,
the counting, and a --quick run of each with the real model on a few documents."""

from __future__ import annotations

import random
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from test_evaluate import check_eval_shape

import drift.evaluation.runner as ev
from drift.documents import Document
from drift.encoders import Encoder
from drift.evaluation import demetr, ntrex, rsd
from drift.evaluation.flags import flag_lines, line_starts, report_flags
from drift.findings import Finding, Side
from drift.report.base import Report
from drift.segment import segment

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
needs_data = pytest.mark.skipif(not (DATA / "demetr").is_dir() or not (DATA / "ntrex").is_dir()
                                or not (DATA / "swissgov_rsd").is_dir(), reason="external data sets not present")


def _report(docs: list[Document], findings: list[Finding]) -> Report:
    return Report(tool_version="0", model_name="m", model_dimension=1, threshold=0.5, reference=docs[0].id,
                  all_pairs=False, documents=docs, sentences={d.id: segment(d) for d in docs}, pairs=[],
                  findings=findings)


def _side(doc: Document, needle: str | None) -> Side:
    if needle is None:
        return Side(doc.id)
    start = doc.text.index(needle)
    return Side(doc.id, 0, start, start + len(needle), needle)


# --- counting (no model) ----------------------------------------------------------------------


def test_flags_fall_back_to_findings_and_locate_lines() -> None:
    a = Document(id="a", text="One ship left.\nTwo ships came.\nThree stayed.", language="en")
    b = Document(id="b", text="One ship left.\nFive ships came.\nThree stayed.", language="en")
    findings = [Finding("number", _side(a, "Two"), _side(b, "Five"), "", 0.9),
                Finding("omission", _side(a, "Three stayed."), _side(b, None), "", 0.7),
                Finding("number", _side(a, "One"), _side(b, "One"), "", 0.2),      # below the threshold
                Finding("variant", _side(a, "ship"), _side(b, "ship"), "", 0.9)]   # informational
    report = _report([a, b], findings)
    flags = report_flags(report)
    assert [f.category for f in flags] == ["number", "omission"]
    # A finding names its target as deviating, an omission its source (which carries the content).
    assert flags[0].deviating == ("b",) and flags[1].deviating == ("a",)
    starts = {"a": line_starts(a.text.split("\n")), "b": line_starts(b.text.split("\n"))}
    assert flag_lines(flags[0], starts) == {1}
    assert flag_lines(flags[1], starts) == {2}
    assert len(report_flags(report, flagged_only=False)) == 3


def test_demetr_scores_lines_by_kind_with_expected_categories() -> None:
    doc = demetr.DemetrDocument(
        id="d", language="en",
        source=("The bridge opened in 1990.", "Ten people came.", "It rained."),
        english=("The bridge opened in 1990.", "Twelve people came.", "it rained"),
        kinds=(demetr.CLEAN, "critical_id10_numbers_replaced", "minor_id31_full_lower"))

    def compare_fn(versions: list[Document]) -> Report:
        src, eng = versions
        return _report(versions, [Finding("number", _side(src, "Ten"), _side(eng, "Twelve"), "", 0.9),
                                  Finding("other", _side(src, "It rained."), _side(eng, "it rained"), "", 0.6)])

    result = demetr.score_documents([doc], compare_fn)
    per = result["per_perturbation"]
    assert per["critical_id10_numbers_replaced"] == {"lines": 1, "detected": 1.0, "strict": 1.0,
                                                      "categories": {"number": 1}}
    assert result["critical_detected"] == 1.0 and result["critical_strict"] == 1.0
    assert result["false_alarm_minor"] == 1.0      # the lower-cased line was flagged: a false alarm
    assert result["false_alarm_clean"] == 0.0
    assert result["counted"] == "findings"


@needs_data
def test_demetr_documents_mix_clean_and_distinct_perturbations() -> None:
    rows = demetr.load_demetr(demetr.DEFAULT_DATA)
    assert rows and all(r["pert_check"] for r in rows)
    documents = demetr.build_documents(rows, per_perturbation=6, seed=3)
    assert documents == demetr.build_documents(rows, per_perturbation=6, seed=3)
    used = [k for d in documents for k in d.kinds if k != demetr.CLEAN]
    assert len(used) == 6 * len({r["pert_name"] for r in rows})          # every sampled row used once
    for doc in documents:
        perturbed = [k for k in doc.kinds if k != demetr.CLEAN]
        assert len(doc.kinds) == demetr.LINES and len(doc.source) == len(doc.english) == demetr.LINES
        assert 1 <= len(perturbed) <= demetr.PERTURBED_PER_DOC and len(set(perturbed)) == len(perturbed)
        assert doc.kinds.count(demetr.CLEAN) >= demetr.LINES - demetr.PERTURBED_PER_DOC
        assert len(set(doc.source)) == len(doc.source)                   # distinct sentences


# --- the NTREX injector ------------------------------------------------------------------------

DOC = ntrex.NtrexDocument("story", {
    "en": ("Police said on Monday that 42 people were hurt in Lyon.",
           "The mayor, who arrived late, may resign, officials said.",
           "John Smith is not a suspect, according to Paris prosecutors."),
    "fr": ("La police a déclaré lundi que 42 personnes avaient été blessées à Lyon.",
           "Le maire, arrivé en retard, pourrait démissionner, ont déclaré des responsables.",
           "John Smith n'est pas un suspect, selon le parquet de Paris."),
})
POOL = {"en:names": ["Marseille", "Anna Berg"], "fr:names": ["Marseille", "Anna"],
        "en:lines": ["A second fire broke out near the old harbour that night."],
        "fr:lines": ["Un second incendie s'est déclaré près du vieux port cette nuit-là."]}


@pytest.mark.parametrize("kind", ntrex.KINDS)
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_injector_changes_one_line_as_its_kind_says(kind: str, lang: str) -> None:
    injection = ntrex.inject(DOC, lang, kind, random.Random(1), POOL)
    assert injection is not None, (kind, lang)
    lines = DOC.versions[lang]
    assert injection.before == lines[injection.line] != injection.after
    before, after = injection.before, injection.after
    if kind == "number":
        assert re.findall(r"\d+", before) != re.findall(r"\d+", after)
        assert re.sub(r"\d+", "#", before) == re.sub(r"\d+", "#", after)
    elif kind == "date":
        assert ("lundi" in before) != ("lundi" in after) or ("Monday" in before) != ("Monday" in after)
    elif kind in ("sentence_added", "clause_added"):
        assert len(after) > len(before) + 20
    elif kind == "sentence_removed":
        assert after == ""
    elif kind == "clause_removed":
        words = after.split()
        assert len(words) < len(before.split())
        # one contiguous piece taken out: the kept words are a prefix and a suffix of the line
        assert any(before.startswith(" ".join(words[:i]).rstrip(",")) and before.endswith(" ".join(words[i:]))
                   for i in range(1, len(words)))
    elif kind in ("name", "source"):
        changed = set(after.split()) - set(before.split())
        assert changed and all(w[0].isupper() for w in changed)
    else:  # hedge, negation: a word of the lexicon swapped
        assert after != before


def test_injector_leaves_a_group_of_thousands_whole() -> None:
    # "1 127" (French grouping): the group after the space is no figure of its own; changing it
    # alone would write "1 96", which no translator writes.
    lines = ["Il y a eu 1\u202f127 défections et 2 706 en 2011."]
    for seed in range(20):
        for _, start, end, new in ntrex._number_candidates(lines, random.Random(seed)):
            assert lines[0][start:end] in ("1", "2"), new


def test_injected_run_counts_recall_category_and_version() -> None:
    injection = ntrex.Injection("number", "fr", 0, DOC.versions["fr"][0], DOC.versions["fr"][0].replace("42", "47"))

    def compare_fn(versions: list[Document]) -> Report:
        en, fr = versions
        return _report(versions, [Finding("number", _side(en, "42"), _side(fr, "47"), "", 0.9),
                                  Finding("modality", _side(en, "may resign"), _side(fr, "pourrait démissionner"),
                                          "", 0.8)])

    result = ntrex.score_injected([(DOC, injection)], compare_fn, ["en", "fr"])
    assert result["per_kind"]["number"] == {"injected": 1, "recall": 1.0, "strict": 1.0, "right_version": 1.0}
    assert result["false_alarms"] == 1  # the modality flag on an untouched line
    assert result["false_alarms_per_100_lines"] == 50.0


# --- RSD --------------------------------------------------------------------------------------


def test_rsd_token_scores_take_the_strongest_overlapping_span() -> None:
    text = "The Federal Council decided ."
    offsets = rsd.token_offsets(text)
    assert [text[s:e] for s, e in offsets] == ["The", "Federal", "Council", "decided", "."]
    scores = rsd.span_scores(offsets, [(4, 19, 0.4), (12, 27, 0.9)])
    assert scores.tolist() == [0.0, 0.4, 0.9, 0.9, 0.0]
    # -1 labels are left out: a perfect ranking of the rest is 1 whatever the -1 tokens get.
    assert rsd.spearman([np.array([0.1, 0.9, 5.0])], [[0.0, 1.0, -1]]) == pytest.approx(1.0)


def test_rsd_scores_every_located_difference_not_only_the_events() -> None:
    # A reworded clause found by one pair but below any event is still where the versions differ;
    # an informational finding (a transliteration) is not a difference.
    from types import SimpleNamespace

    item = rsd.RsdItem(id="x", language="de", text_a="The Council decided today .",
                       text_b="Der Rat entschied gestern .", labels_a=[0] * 5, labels_b=[0] * 5)
    changed = Finding("time", Side("en", 0, 20, 25, "today"), Side("de", 0, 17, 24, "gestern"), "",
                      severity=0.3, detector="time")
    spelling = Finding("variant", Side("en", 0, 4, 11, "Council"), Side("de", 0, 4, 7, "Rat"), "",
                       severity=0.4, detector="entities")
    report = SimpleNamespace(events=[], findings=[changed, spelling], threshold=0.5, units=[])
    scores_a, scores_b = rsd.drift_scores(item, report)
    assert scores_a.tolist() == [0.0, 0.0, 0.0, 0.3, 0.0]
    assert scores_b.tolist() == [0.0, 0.0, 0.0, 0.3, 0.0]


def test_rsd_flag_precision_counts_flags_on_tokens_marked_as_different() -> None:
    # What a reader sees, against the annotators: a flagged difference on a marked token counts,
    # one on unmarked tokens does not, and one below the threshold is not a flag at all.
    from types import SimpleNamespace

    item = rsd.RsdItem(id="x", language="de", text_a="The Council decided today in Bern .",
                       text_b="Der Rat entschied gestern in Bern .",
                       labels_a=[0, 0, 0, 1, 0, 0, -1], labels_b=[0, 0, 0, 0.5, 0, 0, -1])
    on_marked = Finding("time", Side("en", 0, 20, 25, "today"), Side("de", 0, 17, 24, "gestern"), "",
                        severity=0.8, detector="time")
    unmarked = Finding("entity", Side("en", 0, 29, 33, "Bern"), Side("de", 0, 28, 32, "Bern"), "",
                       severity=0.7, detector="entities")
    weak = Finding("other", Side("en", 0, 4, 11, "Council"), Side("de", 0, 4, 7, "Rat"), "",
                   severity=0.2, detector="spans")
    report = SimpleNamespace(events=[], findings=[on_marked, unmarked, weak], threshold=0.5, units=[])
    assert rsd.flag_support(item, report) == {"flags": 2, "on_marked": 1, "marked_tokens": 2,
                                              "labelled_tokens": 4}


# --- the real model on a few documents --------------------------------------------------------


@pytest.fixture(scope="module")
def external_quick(encoder: Encoder) -> dict[str, Any]:
    return ev.evaluate(["demetr", "ntrex", "rsd"], quick=True, encoder=encoder)


@needs_data
def test_external_suites_quick_run_with_the_model(external_quick: dict[str, Any]) -> None:
    check_eval_shape(external_quick, {"demetr", "ntrex", "rsd"})
    results = external_quick["results"]
    assert list(results) == ["demetr", "ntrex", "rsd"]
    d = results["demetr"]
    assert d["documents"] == ev.QUICK_DEMETR_DOCUMENTS and d["lines"] == demetr.LINES * d["documents"]
    assert sum(m["lines"] for m in d["per_perturbation"].values()) == d["lines"]
    for key in ("false_alarm_clean", "critical_detected"):
        assert d[key] is None or 0.0 <= d[key] <= 1.0
    n = results["ntrex"]
    assert n["quiet"]["documents"] == 1 and n["quiet"]["versions"] == 3
    assert n["quiet"]["flagged_per_100_sentences"] >= 0.0
    assert n["injected"]["injections"] == 1
    r = results["rsd"]
    assert r["documents"] == 1 and r["tokens"] > 20
    assert -1.0 <= r["spearman"] <= 1.0 and -1.0 <= r["cosine_baseline_spearman"] <= 1.0
    assert r["flags"]["flagged"] >= r["flags"]["on_marked_tokens"] >= 0
    assert 0.0 < r["flags"]["marked_share_overall"] < 1.0
    text = ev.format_text(external_quick)
    assert "demetr:" in text and "ntrex:" in text and "rsd:" in text
    assert text.rstrip("\n").splitlines()[-1] == external_quick["signature"]


def test_ntrex_quiet_run_of_two_translations_counts_the_first_as_reference(tmp_path: Path) -> None:
    # A media monitor compares two outlets' translations of one wire story: no English scored.
    for lang, lines in {**DOC.versions, "de": ("Die Polizei sagte am Montag, 42 Menschen seien in Lyon verletzt "
                                                "worden.", "Der Bürgermeister könnte zurücktreten.",
                                                "John Smith ist kein Verdächtiger.")}.items():
        (tmp_path / "story").mkdir(exist_ok=True)
        (tmp_path / "story" / f"{lang}.txt").write_text("\n".join(lines), encoding="utf-8")
    seen = []

    def compare_fn(versions: list[Document]) -> Report:
        seen.append([v.id for v in versions])
        return _report(versions, [])

    result = ntrex.evaluate_ntrex(tmp_path, compare_fn, languages=["fr", "de"], per_document=0)
    assert seen == [["fr", "de"]]
    assert result["quiet"]["sentences"] == 3 and result["injected"]["injections"] == 0
    assert ntrex.format_text(result)[1].startswith("  quiet: 0 flagged")
