"""Stories: the documents of each story, its signature, and scoring it exactly as ``drift score`` does.

Both engines call ``score_story`` (through the one public entry point ``drift.compare``) with
an encoder they loaded once, so they produce the same report for the same story.

A text's vector depends, in its last float bits, on the batch it was encoded in (the padded
width and the order of the sums change with the other texts of the batch), and a bit can move
a severity in its fourth decimal. So a story is encoded on its own, on a cold cache: its
vectors are then a function of its versions alone, whichever engine, worker or earlier story
ran before, and whether the run was resumed; the report is byte for byte the one ``drift
score`` writes for the same versions.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from drift.config import Config
from drift.documents import Document
from drift.encoders import Encoder
from drift.report.base import Report


@dataclass(frozen=True)
class ScoreSettings:
    """What ``drift.compare`` needs besides the documents (one per corpus run)."""

    config: Config
    model: str | None = None

    def signature(self) -> str:
        from drift import __version__
        config = self.config
        return config.signature(__version__, self.model) + f"|all_pairs:{config.all_pairs}"


@dataclass(frozen=True)
class Story:
    """A story's id and its versions, the reference first (earliest published, then feed order)."""

    id: str
    documents: tuple[Document, ...]

    def signature(self, settings: ScoreSettings) -> str:
        """Changes when anything that changes the report changes: settings, members, their text."""
        digest = hashlib.sha256(settings.signature().encode("utf-8"))
        for doc in self.documents:
            record = {"id": doc.id, "language": doc.language, "text": doc.text, **doc.metadata()}
            digest.update(json.dumps(record, ensure_ascii=False, sort_keys=True).encode("utf-8"))
        return digest.hexdigest()


def build_stories(documents: Sequence[Document], assignment: Mapping[str, str | None]) -> list[Story]:
    """The stories of at least two documents, in order of their first document in the feed.

    A story's versions are ordered earliest published first (undated after dated), then in feed
    order; the first is the reference, as the first file is for ``drift score``.
    """
    members: dict[str, list[tuple[int, Document]]] = {}
    for position, doc in enumerate(documents):
        story = assignment.get(doc.id)
        if story is not None:
            members.setdefault(story, []).append((position, doc))
    stories = []
    for story_id, docs in members.items():
        if len(docs) < 2:
            continue
        ordered = sorted(docs, key=lambda item: (item[1].published is None, item[1].published or "", item[0]))
        stories.append(Story(story_id, tuple(d for _, d in ordered)))
    return stories


def score_story(story: Story, encoder: Encoder, settings: ScoreSettings) -> Report:
    """The story's report, as ``drift score`` writes it for the same versions (see the module
    docstring for why the encoder's cache is emptied first)."""
    from drift.api import compare
    clear = getattr(encoder, "clear_cache", None)  # an encoder without a cache has nothing stale
    if clear is not None:
        clear()
    return compare(list(story.documents), config=settings.config, model=settings.model, encoder=encoder)


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def file_stem(story_id: str) -> str:
    """A file name for a story id: the id itself when it is safe, else a slug plus a short hash."""
    slug = _UNSAFE.sub("-", story_id).strip("-.")[:80]
    if slug == story_id and slug:
        return slug
    return f"{slug or 'story'}-{hashlib.sha1(story_id.encode('utf-8')).hexdigest()[:8]}"

