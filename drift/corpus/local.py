"""The local engine: one process, the encoder loaded once, encoding batched across stories."""

from __future__ import annotations

import time
from collections.abc import Sequence

from drift.corpus.articles import Article, ErrorRecord, article_documents, one_line
from drift.corpus.grouping import GroupingSettings, grouping_inputs
from drift.corpus.outputs import OutputDir
from drift.corpus.run import EngineResult, assign_given, assign_grouped, has_stories
from drift.corpus.stories import ScoreSettings, Story, build_stories, score_story, warm_encoder
from drift.encoders import Encoder, load_encoder
from drift.progress import progress_bar

# Versions whose sentences are encoded in one pass before their stories are scored one by one:
# a few hundred sentences fill the model's batches (many small stories share a pass), and the
# encoder's cache keeps every vector of a pass; a pass ends with a whole story.
DOCUMENTS_PER_PASS = 32


def run_local(articles: Sequence[Article], settings: ScoreSettings, grouping: GroupingSettings,
              output: OutputDir, *, encoder: Encoder | None = None, progress: bool = False) -> EngineResult:
    documents, errors = article_documents(articles)
    encoder = encoder or load_encoder(settings.config.model_spec(settings.model), progress=progress)
    if has_stories(articles):
        assignment = assign_given(articles, documents)
    else:
        vectors = encoder.encode(grouping_inputs(documents, grouping), show_progress=progress)
        assignment = assign_grouped(documents, vectors, grouping)
    stories = build_stories(documents, assignment)
    signatures = {s.id: s.signature(settings) for s in stories}
    skipped = [s.id for s in stories if output.is_done(s, signatures[s.id])]
    pending = [s for s in stories if s.id not in set(skipped)]
    scored = score_all(pending, signatures, encoder, settings, output, errors, progress=progress)
    return EngineResult(documents=documents, assignment=assignment, stories=stories, scored=scored,
                        skipped=skipped, errors=errors)


def passes(stories: Sequence[Story]) -> list[list[Story]]:
    """Consecutive stories, cut into passes of about DOCUMENTS_PER_PASS versions."""
    out: list[list[Story]] = [[]]
    size = 0
    for story in stories:
        if out[-1] and size + len(story.documents) > DOCUMENTS_PER_PASS:
            out.append([])
            size = 0
        out[-1].append(story)
        size += len(story.documents)
    return [p for p in out if p]


def score_all(stories: Sequence[Story], signatures: dict[str, str], encoder: Encoder, settings: ScoreSettings,
              output: OutputDir, errors: list[ErrorRecord], *, progress: bool) -> list[str]:
    """Score and write each story; a story that fails is recorded and the others go on."""
    from drift.report.html import render_html

    scored: list[str] = []
    flagged = 0
    started = time.monotonic()
    with progress_bar(len(stories), "Scoring stories", enabled=progress, delay=0.5) as bar:
        for batch in passes(stories):
            try:
                warm_encoder(batch, encoder, settings)
            except Exception:  # only a speed-up: a story that cannot be encoded fails (and is recorded) below
                pass
            for story in batch:
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
