"""The synthetic drift generator and its evaluator (drift.evaluation.synthetic): fast, no model."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from drift.evaluation import synthetic

PER_CATEGORY = 12


@pytest.fixture(scope="module")
def rows() -> list[dict[str, Any]]:
    return synthetic.generate_rows(seed=0, per_category=PER_CATEGORY)


def test_clean_data_is_consistent_across_languages() -> None:
    # Every annotated span is found and every fact (number, date, hedge, name) is in all three.
    assert synthetic.check_units() == []
    assert 40 <= len(synthetic.load_units()) <= 60


def test_generation_is_deterministic(rows: list[dict[str, Any]]) -> None:
    assert synthetic.generate_rows(seed=0, per_category=PER_CATEGORY) == rows
    assert synthetic.generate_rows(seed=1, per_category=PER_CATEGORY) != rows


def test_size_and_unique_ids(rows: list[dict[str, Any]]) -> None:
    assert len(rows) == PER_CATEGORY * len(synthetic.CATEGORIES)
    assert len({r["id"] for r in rows}) == len(rows)


def test_every_label_points_at_the_changed_text(rows: list[dict[str, Any]]) -> None:
    for row in rows:
        ref, tgt = row["reference"], row["target"]
        if row["tgt_start"] >= 0:
            assert tgt[row["tgt_start"]:row["tgt_end"]] == row["new"] != "", row
        if row["ref_start"] >= 0:
            assert 0 <= row["ref_start"] < row["ref_end"] <= len(ref), row
        if row["mode"] == "monolingual" and row["ref_start"] >= 0:
            assert ref[row["ref_start"]:row["ref_end"]] == row["original"], row
        if row["category"] == "control":
            continue
        assert tgt != synthetic.load_units()[[u["id"] for u in synthetic.load_units()].index(
            row["unit_id"])][row["target_lang"]], row


def test_span_sides_follow_the_report_contract(rows: list[dict[str, Any]]) -> None:
    for row in rows:
        has_ref, has_tgt = row["ref_start"] >= 0, row["tgt_start"] >= 0
        if row["category"] == "addition":
            assert not has_ref and has_tgt
        elif row["category"] == "omission":
            assert has_ref and not has_tgt
        elif row["category"] == "control":
            assert not has_ref and not has_tgt
        else:
            assert has_ref and has_tgt, row


def test_every_category_in_every_target_language(rows: list[dict[str, Any]]) -> None:
    seen = {(r["category"], r["target_lang"]) for r in rows}
    for category in synthetic.CATEGORIES:
        for lang in synthetic.LANGS:
            assert (category, lang) in seen, (category, lang)
    kinds = {r["kind"] for r in rows}
    assert kinds == {k for ks in synthetic.KINDS.values() for k in ks}
    assert {r["mode"] for r in rows} == {"monolingual", "cross-lingual"}


def test_control_is_identical(rows: list[dict[str, Any]]) -> None:
    controls = [r for r in rows if r["category"] == "control"]
    assert controls
    for row in controls:
        if row["mode"] == "monolingual":
            assert row["target"] == row["reference"]
        else:  # the faithful translation, untouched
            unit = next(u for u in synthetic.load_units() if u["id"] == row["unit_id"])
            assert row["target"] == unit[row["target_lang"]]


def test_every_kind_works_on_every_unit_that_offers_it() -> None:
    # Not only the sampled rows: each injectable item of each unit yields a valid label.
    for unit in synthetic.load_units():
        for lang in synthetic.LANGS:
            for kind in (k for ks in synthetic.KINDS.values() for k in ks):
                for pair in ((lang, lang), ("en", lang)):
                    row = synthetic.make_row(unit, pair, kind, random.Random(7), "x")
                    if row is None or row["tgt_start"] < 0:
                        continue
                    assert row["target"][row["tgt_start"]:row["tgt_end"]] == row["new"]


@pytest.mark.parametrize("name,expected_one_of", [
    ("Elena Markova", None), ("Георги Стоянов", None), ("la Banque mondiale", None)])
def test_misspelling_is_a_one_character_edit(name: str, expected_one_of: None) -> None:
    for seed in range(20):
        out = synthetic.misspell(name, random.Random(seed))
        assert out != name
        assert abs(len(out) - len(name)) <= 1
        assert out.startswith("la ") == name.startswith("la ")  # the article is never touched


@pytest.mark.parametrize("text,lang,expected", [
    ("1,200", "en", "1 200"), ("4.5", "en", "4,5"), ("1 350", "fr", "1350"),
    ("1350", "bg", "1 350"), ("2,4", "bg", "2.4"), ("87", "en", None)])
def test_number_reformat_keeps_the_value(text: str, lang: str, expected: str | None) -> None:
    assert synthetic.reformat_number(text, lang) == expected


def test_bulgarian_weekday_keeps_its_preposition_right() -> None:
    unit = {"id": "t", "bg": "Стачката започна в сряда, съобщи полицията.", "entities": []}
    item = synthetic.find_times(unit["bg"], "bg")[0]
    for seed in range(30):
        edit = synthetic.inject(unit, "bg", "time_change", random.Random(seed), item)
        assert edit is not None
        new = edit.replacement
        assert new.startswith("във ") == new.split()[1].startswith(("в", "ф")), new


def test_dataset_columns_and_round_trip(tmp_path: Path) -> None:
    dataset = synthetic.build_dataset(seed=0, per_category=2)
    assert tuple(dataset.column_names) == synthetic.COLUMNS
    assert len(dataset) == 2 * len(synthetic.CATEGORIES)
    path = synthetic.save(dataset, tmp_path / "synthetic.parquet")
    import datasets

    again = datasets.Dataset.from_parquet(str(path))
    assert again.to_list() == dataset.to_list()


# --- the evaluator, with a fake compare function ---------------------------------------------------


def _row(category: str, pair: str = "en-en", *, ref: tuple[int, int] = (-1, -1),
         tgt: tuple[int, int] = (-1, -1), kind: str | None = None) -> dict[str, Any]:
    return {"id": f"r-{category}-{ref}-{tgt}", "category": category, "kind": kind or category,
            "language_pair": pair, "reference": "Reference text here.", "reference_lang": "en",
            "target": "Target text here, longer.", "target_lang": "en",
            "ref_start": ref[0], "ref_end": ref[1], "tgt_start": tgt[0], "tgt_end": tgt[1]}


def _finding(category: str, severity: float, source: tuple[int, int] | None,
             target: tuple[int, int] | None) -> dict[str, Any]:
    def side(doc: str, span: tuple[int, int] | None) -> dict[str, Any]:
        if span is None:
            return {"doc": doc, "sentence": None, "start": None, "end": None, "text": None}
        return {"doc": doc, "sentence": 0, "start": span[0], "end": span[1], "text": "x"}
    return {"category": category, "severity": severity, "source": side("reference", source),
            "target": side("target", target), "explanation": ""}


def test_evaluator_counts_tp_fp_fn(monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [
        _row("number", ref=(0, 4), tgt=(0, 4)),          # TP: number finding on the span
        _row("number", ref=(5, 9), tgt=(5, 9)),          # FN: number finding in the wrong place -> also FP
        _row("entity", ref=(0, 9), tgt=(0, 6)),          # FN: finding below the threshold
        _row("omission", ref=(10, 14)),                  # TP on the source side
        _row("addition", tgt=(7, 12)),                   # TP on the target side
        _row("control"),                                 # FP: anything flagged here
        _row("variant", ref=(0, 4), tgt=(0, 4), kind="transliteration"),  # FP entity
    ]
    answers = {
        rows[0]["id"]: [_finding("number", 0.9, (0, 3), (1, 3)), _finding("time", 0.7, (0, 2), (0, 2))],
        rows[1]["id"]: [_finding("number", 0.8, (12, 14), (12, 14))],
        rows[2]["id"]: [_finding("entity", 0.3, (0, 9), (0, 6))],
        rows[3]["id"]: [_finding("omission", 0.6, (9, 20), None)],
        rows[4]["id"]: [_finding("addition", 0.55, None, (0, 8))],
        rows[5]["id"]: [_finding("framing", 0.9, (0, 2), (0, 2)), _finding("paraphrase", 0.1, (0, 2), (0, 2))],
        rows[6]["id"]: [_finding("entity", 0.6, (0, 4), (0, 4)), _finding("variant", 0.2, (0, 4), (0, 4))],
    }
    by_text: dict[str, str] = {}
    for row in rows:  # make every row's texts unique so the fake can tell the rows apart
        row["target"] = f"{row['target']} {row['id']}"
        by_text[row["target"]] = row["id"]

    def fake_compare(docs: list[Any]) -> dict[str, Any]:
        return {"settings": {"threshold": 0.5}, "findings": answers[by_text[docs[1].text]]}

    result = synthetic.evaluate_synthetic(rows, fake_compare)
    per = result["per_category"]
    assert per["number"] == {"precision": 0.5, "recall": 0.5, "support": 2, "tp": 1, "fp": 1, "fn": 1}
    assert per["entity"]["support"] == 1 and per["entity"]["tp"] == 0 and per["entity"]["fp"] == 1
    assert per["entity"]["precision"] == 0.0 and per["entity"]["recall"] == 0.0
    assert per["omission"]["recall"] == 1.0 and per["omission"]["precision"] == 1.0
    assert per["addition"]["recall"] == 1.0
    # Categories never injected appear only through their false positives, with no recall.
    assert per["time"] == {"precision": 0.0, "recall": None, "support": 0, "tp": 0, "fp": 1, "fn": 0}
    assert per["framing"]["fp"] == 1 and per["framing"]["recall"] is None
    assert "variant" not in per and "paraphrase" not in per  # below the threshold: informational
    assert result["benign"]["pairs"] == 2 and result["benign"]["flagged_pairs"] == 2
    assert result["pairs"] == len(rows)


def test_evaluator_reads_report_objects_and_threshold_override() -> None:
    from drift.findings import Finding, Side

    row = _row("time", ref=(0, 4), tgt=(0, 6))

    class FakeReport:
        threshold = 0.5
        findings = [Finding("time", Side("reference", 0, 0, 4, "x"), Side("target", 0, 2, 6, "y"),
                            "", severity=0.45)]

    result = synthetic.evaluate_synthetic([row], lambda docs: FakeReport())
    assert result["per_category"]["time"]["tp"] == 0
    result = synthetic.evaluate_synthetic([row], lambda docs: FakeReport(), threshold=0.4)
    assert result["per_category"]["time"]["tp"] == 1
