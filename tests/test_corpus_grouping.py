"""Grouping a feed into stories, on hand-made lead vectors (no model): each signal counts."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from drift.config import load_config
from drift.corpus.grouping import GroupingSettings, centre, entity_keys, group_documents, lead
from drift.corpus.stories import build_stories, file_stem
from drift.documents import Document

DIM = 16


def _settings(**changes: float) -> GroupingSettings:
    return dataclasses.replace(GroupingSettings.from_config(load_config()), **changes)


def _vectors(topics: list[int], noise: float = 0.05, seed: int = 0) -> np.ndarray:
    """Unit vectors sharing a common direction (as e5's do), one direction per topic on top."""
    rng = np.random.default_rng(seed)
    common = np.zeros(DIM)
    common[0] = 1.7  # unrelated leads near 0.75 cosine, as with e5
    v = np.array([common + np.eye(DIM)[1 + t] + rng.normal(0, noise, DIM) for t in topics])
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def _docs(n: int, languages: list[str], published: list[str | None] | None = None) -> list[Document]:
    published = published or [None] * n
    return [Document(id=f"a{i}", text=f"Article {i}.", language=languages[i], published=published[i])
            for i in range(n)]


def test_same_topic_across_languages_is_one_story_and_a_lone_article_is_unmatched() -> None:
    topics = [0, 0, 0, 1, 1, 2]
    docs = _docs(6, ["en", "fr", "bg", "en", "fr", "bg"])
    story = group_documents(docs, _vectors(topics), _settings())
    assert story["a0"] == story["a1"] == story["a2"] == "story-a0"
    assert story["a3"] == story["a4"] == "story-a3"
    assert story["a5"] is None


def test_publication_window_separates_the_same_topic_weeks_apart() -> None:
    docs = _docs(4, ["en", "fr", "en", "fr"], ["2026-03-01", "2026-03-02", "2026-03-20", "2026-03-21"])
    story = group_documents(docs, _vectors([0, 0, 0, 0]), _settings())
    assert story["a0"] == story["a1"] != story["a2"] == story["a3"]
    no_window = group_documents(docs, _vectors([0, 0, 0, 0]), _settings(window_days=365))
    assert len(set(no_window.values())) == 1


def test_floor_keeps_unrelated_leads_apart_in_a_tiny_feed() -> None:
    # Two articles only: centring has nothing to average, so the raw similarity decides.
    docs = _docs(2, ["en", "fr"])
    related = group_documents(docs, _vectors([0, 0]), _settings(floor=0.9))
    assert related["a0"] == related["a1"] is not None
    unrelated = group_documents(docs, _vectors([0, 1]), _settings(floor=0.95))
    assert unrelated == {"a0": None, "a1": None}


def test_language_centring_removes_what_a_language_shares() -> None:
    # Every French lead carries a strong "French" direction: raw, two French articles on
    # different topics look closer than the same topic across languages; centred they do not.
    topics = [0, 1, 2, 3]
    v = _vectors(topics + topics)
    v[4:] += 2.0 * np.eye(DIM)[10]
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    languages = ["en"] * 4 + ["fr"] * 4
    en0, fr0, fr1 = 0, 4, 5
    assert v[fr1] @ v[fr0] > v[en0] @ v[fr0]
    c = centre(v, languages)
    assert c[en0] @ c[fr0] > c[fr1] @ c[fr0] + 0.3


def test_entity_keys_meet_across_scripts() -> None:
    en = entity_keys("Donald Trump met Vladimir Putin in Helsinki on 16 July 2018")
    bg = entity_keys("Доналд Тръмп се срещна с Владимир Путин в Хелзинки на 16 юли 2018")
    assert {"#16", "#2018"} <= en & bg
    assert len(en & bg) >= 4  # the names too, through transliteration


def test_lead_is_the_title_else_the_first_line() -> None:
    settings = _settings(lead_sentences=1, lead_chars=300)
    titled = Document(id="x", text="Body first line.\nSecond.", title="The headline")
    assert lead(titled, settings) == "The headline"
    assert lead(Document(id="y", text="\n  First line.\nSecond."), settings) == "First line."


def test_stories_put_the_earliest_published_version_first() -> None:
    docs = [Document(id="late", text="t", published="2026-03-02"), Document(id="undated", text="t"),
            Document(id="early", text="t", published="2026-03-01"), Document(id="alone", text="t")]
    assignment = {"late": "s", "undated": "s", "early": "s", "alone": "t"}
    [story] = build_stories(docs, assignment)
    assert [d.id for d in story.documents] == ["early", "late", "undated"]


@pytest.mark.parametrize(("story_id", "safe"), [("story-a1.b", True), ("AP/Reuters: 12", False), ("", False)])
def test_story_file_names_are_safe_and_distinct(story_id: str, safe: bool) -> None:
    stem = file_stem(story_id)
    assert (stem == story_id) is safe
    assert "/" not in stem and stem and not stem.startswith(".")
