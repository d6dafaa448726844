"""``compare_corpus``: a feed of articles in, every story found and scored, the outputs written.

    articles -> documents -> (grouping: lead vectors -> stories) -> one report per story
             -> events table, articles.jsonl, errors.jsonl, index.html

The engines (``local``: one process; ``ray``: Ray Data) run the middle stages; reading the
feed and writing the tables and the index are shared, so both write the same files.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from drift.config import Config, resolve_config
from drift.corpus.articles import Article, ErrorRecord, one_line, read_articles
from drift.corpus.grouping import GroupingSettings, group_documents
from drift.corpus.index import render_index, story_summary
from drift.corpus.outputs import OutputDir, event_rows
from drift.corpus.stories import ScoreSettings, Story
from drift.documents import Document
from drift.encoders import Encoder
from drift.errors import DriftError

ENGINES = ("local", "ray")


@dataclass
class CorpusResult:
    """What a corpus run did: where it wrote, which stories it found, scored and skipped."""

    out: Path
    articles: int
    stories: list[str]
    scored: list[str]
    skipped: list[str]  # finished in an earlier run with the same signature (resume)
    unmatched: list[str]
    errors: list[ErrorRecord]
    events: int = 0  # events of all stories
    flagged: int = 0  # events at or above the threshold
    assignment: dict[str, str | None] = field(default_factory=dict)

    @property
    def events_path(self) -> Path:
        return self.out / "events.parquet"

    @property
    def index_path(self) -> Path:
        return self.out / "index.html"


@dataclass
class EngineResult:
    """What an engine hands back: documents read, each document's story, what it (re)scored."""

    documents: list[Document]
    assignment: dict[str, str | None]
    stories: list[Story]
    scored: list[str]
    skipped: list[str]
    errors: list[ErrorRecord]


def has_stories(articles: Sequence[Article]) -> bool:
    """Whether the feed says which story each article tells (a ``story`` column): no grouping then."""
    return any(a.story for a in articles)


def assign_given(articles: Sequence[Article], documents: Sequence[Document]) -> dict[str, str | None]:
    """Each document's story from the feed's own ``story`` column."""
    given = {a.id: a.story for a in articles}
    return {d.id: given.get(d.id) for d in documents}


def assign_grouped(documents: Sequence[Document], vectors: np.ndarray,
                   grouping: GroupingSettings) -> dict[str, str | None]:
    return group_documents(documents, vectors, grouping) if documents else {}


def compare_corpus(
    articles: str | os.PathLike[str] | Any,
    out: str | os.PathLike[str],
    *,
    engine: str = "local",
    config: Config | str | os.PathLike[str] | None = None,
    model: str | None = None,
    threshold: float | None = None,
    all_pairs: bool | None = None,
    encoder: Encoder | None = None,
    progress: bool = False,
    ray_address: str | None = None,
    concurrency: int | None = None,
) -> CorpusResult:
    """Find the stories of a feed of articles and score each one as ``drift.compare`` does.

    ``articles``: a JSONL, Parquet or CSV file, a ``datasets.Dataset`` or an iterable of dicts,
    with columns ``id`` and ``text``, ``html`` or ``url`` (optional ``title``, ``published``,
    ``source``, ``language``, ``story``). Without a ``story`` column the articles are grouped
    into stories first. ``out`` receives one report per story, ``events.parquet`` /
    ``events.jsonl``, ``articles.jsonl``, ``errors.jsonl`` and ``index.html``; a story already
    reported there with the same signature is not scored again. ``engine="ray"`` runs on Ray
    Data (``ray_address``, else ``RAY_ADDRESS``, else a local Ray); ``concurrency`` is its number
    of model actors. A bad article or a failing story is recorded in ``errors.jsonl`` and the
    run goes on.
    """
    if engine not in ENGINES:
        raise DriftError(f"unknown engine '{engine}' (choose from {', '.join(ENGINES)})")
    config = resolve_config(config, threshold=threshold, all_pairs=all_pairs)
    config.model_spec(model)  # an unknown model fails before any work
    settings = ScoreSettings(config=config, model=model)
    rows, read_errors = read_articles(articles)  # a missing or unreadable feed fails before DIR is made
    # A feed that says each article's story needs no grouping (nor grouping settings for the model).
    grouping = None if has_stories(rows) else GroupingSettings.from_config(config, model)
    output = OutputDir(out)

    if engine == "local":
        from drift.corpus.local import run_local
        result = run_local(rows, settings, grouping, output, encoder=encoder, progress=progress)
    else:
        from drift.corpus.ray_engine import run_ray
        result = run_ray(rows, settings, grouping, output, address=ray_address, concurrency=concurrency,
                         progress=progress)
    return finish(rows, read_errors, result, output, settings)


def finish(articles: Sequence[Article], read_errors: Sequence[ErrorRecord], result: EngineResult,
           output: OutputDir, settings: ScoreSettings) -> CorpusResult:
    """Write the tables and the index from the stories' reports on disk (fresh and resumed alike)."""
    errors = list(read_errors) + list(result.errors)
    failed = {e.id for e in result.errors if e.stage == "score"}
    # The index's headlines, in the first of these languages a story has (a reader's languages).
    title_languages = [str(x) for x in settings.config.section("corpus").get("title_languages", [])]
    rows: list[dict[str, Any]] = []
    summaries: list[dict[str, Any]] = []
    reported: list[str] = []
    for story in result.stories:
        if story.id in failed:
            continue
        try:
            report = output.read_report(story.id)
        except (OSError, ValueError, DriftError) as exc:
            errors.append(ErrorRecord(story.id, "write", one_line(exc)))
            continue
        reported.append(story.id)
        rows.extend(event_rows(story.id, report))
        href = f"stories/{output.story_files(story.id).html.name}"
        summaries.append(story_summary(story.id, report, href, title_languages))
    assignment = dict(result.assignment)
    # A story that failed puts no article anywhere: its articles are reported as without story.
    done = set(reported)
    final = {a.id: (assignment.get(a.id) if assignment.get(a.id) in done else None) for a in articles}
    unmatched = [d.id for d in result.documents if final.get(d.id) is None]
    output.write_events(rows)
    output.write_articles([a.id for a in articles] + [e.id for e in read_errors if e.id not in final],
                          final)
    output.write_errors(errors)
    output.write_index(render_index(summaries, unmatched=unmatched, articles=len(articles) + len(read_errors),
                                    errors=len(errors), signature=settings.signature()))
    return CorpusResult(out=output.root, articles=len(articles), stories=reported, scored=result.scored,
                        skipped=result.skipped, unmatched=unmatched, errors=errors, events=len(rows),
                        flagged=sum(1 for r in rows if r["flagged"]), assignment=final)

