"""The local engine: one process, the encoder loaded once, the feed's leads encoded in batches
across stories, then each story scored on its own (``drift.corpus.stories`` says why)."""

from __future__ import annotations

import time
from collections.abc import Sequence

import numpy as np

from drift.corpus.articles import Article, ErrorRecord, article_documents, one_line
from drift.corpus.grouping import GroupingSettings, encode_leads, lead_chunks
from drift.corpus.outputs import OutputDir
from drift.corpus.run import EngineResult, assign_given, assign_grouped
from drift.corpus.stories import ScoreSettings, Story, build_stories, score_story
from drift.documents import Document
from drift.encoders import Encoder, load_encoder
from drift.progress import progress_bar


def run_local(articles: Sequence[Article], settings: ScoreSettings, grouping: GroupingSettings | None,
              output: OutputDir, *, encoder: Encoder | None = None, progress: bool = False) -> EngineResult:
    """``grouping`` None: the feed gives each article's story."""
    documents, errors = article_documents(articles)
    encoder = encoder or load_encoder(settings.config.model_spec(settings.model), progress=progress)
    if grouping is None:
        assignment = assign_given(articles, documents)
    else:
        vectors = lead_vectors(articles, documents, encoder, grouping, progress=progress)
        assignment = assign_grouped(documents, vectors, grouping)
    stories = build_stories(documents, assignment)
    signatures = {s.id: s.signature(settings) for s in stories}
    skipped = [s.id for s in stories if output.is_done(s, signatures[s.id])]
    pending = [s for s in stories if s.id not in set(skipped)]
    scored = score_all(pending, signatures, encoder, settings, output, errors, progress=progress)
    return EngineResult(documents=documents, assignment=assignment, stories=stories, scored=scored,
                        skipped=skipped, errors=errors)


def lead_vectors(articles: Sequence[Article], documents: Sequence[Document], encoder: Encoder,
                 grouping: GroupingSettings, *, progress: bool = False) -> np.ndarray:
    """Every document's lead vector, encoded chunk by chunk of the feed as the Ray engine does."""
    chunks = lead_chunks(articles, documents)
    parts = []
    with progress_bar(len(documents), "Reading leads", enabled=progress, delay=0.5) as bar:
        for chunk in chunks:
            parts.append(encode_leads(chunk, encoder, grouping))
            bar.advance(len(chunk))
    return np.concatenate(parts) if parts else np.zeros((0, encoder.dimension), dtype=np.float32)


def score_all(stories: Sequence[Story], signatures: dict[str, str], encoder: Encoder, settings: ScoreSettings,
              output: OutputDir, errors: list[ErrorRecord], *, progress: bool) -> list[str]:
    """Score and write each story; a story that fails is recorded and the others go on."""
    from drift.report.html import render_html

    scored: list[str] = []
    flagged = 0
    started = time.monotonic()
    with progress_bar(len(stories), "Scoring stories", enabled=progress, delay=0.5) as bar:
        for story in stories:
            try:
                report = score_story(story, encoder, settings)
                output.write_story(story.id, report.to_json(), render_html(report), signatures[story.id])
            except Exception as exc:  # one failing story never stops the run
                errors.append(ErrorRecord(story.id, "score", one_line(exc)))
            else:
                scored.append(story.id)
                flagged += len(report.flagged)
            bar.advance(1)
            per_minute = bar.completed / max(time.monotonic() - started, 1e-9) * 60
            bar.set_description(f"Scoring stories · {flagged} flagged events · {per_minute:.1f} stories/min")
    return scored
