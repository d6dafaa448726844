"""Corpus mode: a small multilingual feed in, stories found, every story scored, outputs written.

The feed: two NTREX news documents in English, French and Bulgarian (their first lines, so the
model work stays small), one with a number changed in its French version; one more NTREX
document in English only (nothing else tells its story: unmatched); the two saved web pages of
tests/data/html as ``html`` rows (a story in English and French); an article with no text and a
line that is not JSON. The rows are shuffled, and there is no ``story`` column.
"""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path
from typing import Any

import pytest

from drift.cli import main
from drift.corpus import compare_corpus
from drift.corpus import local as local_engine
from drift.corpus.run import CorpusResult
from drift.encoders import Encoder

NTREX_LINES = 4
PAGES = Path(__file__).parent / "data" / "html"
# (NTREX document, languages): two stories told in three languages, one told once.
FEED = (("bbc.381669", ("en", "fr", "bg")), ("cnn.304400", ("en", "fr", "bg")), ("reuters.218861", ("en",)))
DRIFTED = "bbc.381669-fr"  # "plus de 820 000 personnes" becomes "plus de 280 000 personnes" (NBSP)


def _ntrex_rows(shared_dir: Path) -> list[dict[str, Any]]:
    rows = []
    for folder, languages in FEED:
        for language in languages:
            lines = (shared_dir / "data" / "ntrex" / folder / f"{language}.txt").read_text(encoding="utf-8")
            text = "\n".join(lines.split("\n")[:NTREX_LINES])
            if f"{folder}-{language}" == DRIFTED:
                assert "820\u00a0000" in text
                text = text.replace("820\u00a0000", "280\u00a0000")
            rows.append({"id": f"{folder}-{language}", "text": text, "language": language})
    return rows


@pytest.fixture(scope="module")
def feed(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    rows = _ntrex_rows(shared_dir)
    for page in ("burgas-en", "burgas-fr"):
        rows.append({"id": page, "html": (PAGES / f"{page}.html").read_text(encoding="utf-8")})
    rows.append({"id": "empty-one", "text": "   "})
    random.Random(7).shuffle(rows)
    path = tmp_path_factory.mktemp("feed") / "feed.jsonl"
    lines = [json.dumps(r, ensure_ascii=False) for r in rows]
    lines.insert(3, "{this is not json")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def local_run(feed: Path, encoder: Encoder, tmp_path_factory: pytest.TempPathFactory) -> CorpusResult:
    return compare_corpus(feed, tmp_path_factory.mktemp("local") / "out", encoder=encoder)


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _story_of(result: CorpusResult) -> dict[str, str | None]:
    return {row["id"]: row["story"] for row in _jsonl(result.out / "articles.jsonl")}


def test_articles_are_grouped_into_their_stories_across_languages(local_run: CorpusResult) -> None:
    story = _story_of(local_run)
    for folder, languages in FEED[:2]:
        assert len({story[f"{folder}-{language}"] for language in languages}) == 1
    assert story["burgas-en"] == story["burgas-fr"]
    found = {story["bbc.381669-en"], story["cnn.304400-en"], story["burgas-en"]}
    assert None not in found and len(found) == 3
    assert story["reuters.218861-en"] is None  # told once: no story
    assert story["empty-one"] is None
    assert local_run.unmatched == ["reuters.218861-en"]
    assert sorted(local_run.stories) == sorted(found)


def test_one_report_per_story_and_an_index_linking_them(local_run: CorpusResult) -> None:
    out = local_run.out
    for story_id in local_run.stories:
        report = json.loads((out / "stories" / f"{story_id}.json").read_text(encoding="utf-8"))
        assert report["schema_version"] == "2"
        assert (out / "stories" / f"{story_id}.html").is_file()
    index = (out / "index.html").read_text(encoding="utf-8")
    for story_id in local_run.stories:
        assert f'href="stories/{story_id}.html"' in index
    assert "reuters.218861-en" in index  # listed as unmatched


def test_bad_article_and_bad_line_are_recorded_and_the_run_goes_on(local_run: CorpusResult) -> None:
    errors = {e["id"]: e for e in _jsonl(local_run.out / "errors.jsonl")}
    assert errors["empty-one"]["reason"] == "no text, html or url"
    assert errors["line 4"]["stage"] == "read" and errors["line 4"]["reason"].startswith("not valid JSON")
    assert len(local_run.stories) == 3


def test_events_table_in_parquet_and_jsonl_reads_in_pandas_and_datasets(local_run: CorpusResult,
                                                                     tmp_path: Path) -> None:
    import datasets
    import pandas as pd

    table = pd.read_parquet(local_run.out / "events.parquet")
    lines = pd.read_json(local_run.out / "events.jsonl", lines=True)
    assert len(table) == len(lines) == local_run.events > 0
    assert {"story", "event", "category", "severity", "flagged", "deviating", "deviating_source",
            "spans"} <= set(table.columns)
    assert list(table["event"]) == list(lines["event"])
    ds = datasets.Dataset.from_parquet(str(local_run.out / "events.parquet"), cache_dir=str(tmp_path))
    assert ds.num_rows == len(table) and ds[0]["spans"][0].keys() >= {"doc", "start", "end", "text"}
    # The table is the stories' events: each row is an event of the report it names.
    for row in _jsonl(local_run.out / "events.jsonl"):
        report = json.loads((local_run.out / "stories" / f"{row['story']}.json").read_text(encoding="utf-8"))
        event = next(e for e in report["events"] if e["id"] == row["event"])
        assert (event["category"], event["severity"], event["deviating"]) == \
            (row["category"], row["severity"], row["deviating"])


def test_injected_number_is_reported_under_its_story_and_version(local_run: CorpusResult) -> None:
    story = _story_of(local_run)[DRIFTED]
    rows = [r for r in _jsonl(local_run.out / "events.jsonl") if r["flagged"] and DRIFTED in r["deviating"]]
    assert rows, "the changed number is not flagged"
    assert {r["story"] for r in rows} == {story}
    spans = [s["text"] for r in rows for s in r["spans"] if s["doc"] == DRIFTED]
    assert any("280" in text for text in spans)


def test_the_page_metadata_reaches_the_story_report(local_run: CorpusResult) -> None:
    story = _story_of(local_run)["burgas-fr"]
    report = json.loads((local_run.out / "stories" / f"{story}.json").read_text(encoding="utf-8"))
    documents = {d["id"]: d for d in report["documents"]}
    assert documents["burgas-fr"]["source"] == "Le Quotidien de la mer"
    assert documents["burgas-en"]["published"] == "2026-03-14"
    assert report["settings"]["reference"] == "burgas-en"  # the earliest published version leads


def test_ray_engine_gives_identical_events(local_run: CorpusResult, feed: Path, tmp_path: Path) -> None:
    pytest.importorskip("ray", reason="the ray engine needs pip install 'drift[ray]'")
    ray_run = compare_corpus(feed, tmp_path / "out", engine="ray", concurrency=1)
    assert (ray_run.out / "events.jsonl").read_text(encoding="utf-8") == \
        (local_run.out / "events.jsonl").read_text(encoding="utf-8")
    assert (ray_run.out / "articles.jsonl").read_bytes() == (local_run.out / "articles.jsonl").read_bytes()
    assert sorted(ray_run.stories) == sorted(local_run.stories)
    for story_id in local_run.stories:
        name = f"stories/{story_id}.json"
        assert (ray_run.out / name).read_bytes() == (local_run.out / name).read_bytes()


def test_interrupted_run_resumes_without_redoing_finished_stories(
        local_run: CorpusResult, feed: Path, encoder: Encoder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = tmp_path / "out"
    scored: list[str] = []
    real = local_engine.score_story

    def killed_after_one(story: Any, *args: Any, **kwargs: Any) -> Any:
        if scored:
            raise KeyboardInterrupt  # as Ctrl-C or a kill would, half-way
        scored.append(story.id)
        return real(story, *args, **kwargs)

    monkeypatch.setattr(local_engine, "score_story", killed_after_one)
    with pytest.raises(KeyboardInterrupt):
        compare_corpus(feed, out, encoder=encoder)
    finished = [p.stem for p in (out / "stories").glob("*.sig")]
    assert finished == scored
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]  # no half-written file

    def counted(story: Any, *args: Any, **kwargs: Any) -> Any:
        scored.append(story.id)
        return real(story, *args, **kwargs)

    monkeypatch.setattr(local_engine, "score_story", counted)
    resumed = compare_corpus(feed, out, encoder=encoder)
    assert resumed.skipped == finished
    assert sorted(resumed.scored) == sorted(set(local_run.stories) - set(finished))
    assert len(scored) == len(local_run.stories)  # every story scored exactly once over both runs
    assert (out / "events.jsonl").read_text(encoding="utf-8") == \
        (local_run.out / "events.jsonl").read_text(encoding="utf-8")


def test_a_failing_story_is_recorded_and_the_others_finish(
        local_run: CorpusResult, feed: Path, encoder: Encoder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = tmp_path / "out"
    shutil.copytree(local_run.out, out)
    victim = sorted(local_run.stories)[0]
    (out / "stories" / f"{victim}.sig").write_text("another signature\n")  # must be scored again
    real = local_engine.score_story

    def broken(story: Any, *args: Any, **kwargs: Any) -> Any:
        if story.id == victim:
            raise RuntimeError("model exploded\nwith a second line")
        return real(story, *args, **kwargs)

    monkeypatch.setattr(local_engine, "score_story", broken)
    result = compare_corpus(feed, out, encoder=encoder)
    assert result.scored == [] and sorted(result.skipped) == sorted(set(local_run.stories) - {victim})
    errors = [e for e in _jsonl(out / "errors.jsonl") if e["id"] == victim]
    assert errors == [{"id": victim, "stage": "score", "reason": "RuntimeError: model exploded"}]
    assert victim not in result.stories
    assert all(row["story"] != victim for row in _jsonl(out / "events.jsonl"))
    assert all(story != victim for story in _story_of(result).values())


def test_dataset_with_a_story_column_skips_grouping(shared_dir: Path, encoder: Encoder, tmp_path: Path) -> None:
    import datasets

    rows = [r | {"story": r["id"].rsplit("-", 1)[0]} for r in _ntrex_rows(shared_dir)[:3]]
    rows.append({"id": "alone", "text": "Nothing else in this feed tells this story at all.", "story": "solo"})
    result = compare_corpus(datasets.Dataset.from_list(rows), tmp_path / "out", encoder=encoder)
    assert result.stories == ["bbc.381669"] and result.unmatched == ["alone"]


def test_cli_corpus_and_its_one_line_errors(feed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["corpus", str(tmp_path / "missing.jsonl"), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "missing.jsonl: no such file" in err
    odd = tmp_path / "feed.xml"
    odd.write_text("<feed/>")
    assert main(["corpus", str(odd), "--out", str(tmp_path / "o")]) == 2
    assert "unknown feed format" in capsys.readouterr().err
