"""What a corpus run writes into its output folder, every file atomically:

    DIR/stories/<story>.json   the story's report (report-format.md, schema 2)
    DIR/stories/<story>.html   the same report for a person
    DIR/stories/<story>.sig    the story's signature: a finished story with the same one is
                               not scored again when the run is repeated (resume)
    DIR/events.parquet         every event of every story, one row each (pandas, datasets)
    DIR/events.jsonl           the same rows as JSON lines
    DIR/articles.jsonl         one line per input article: its id and its story (null: none)
    DIR/errors.jsonl           one line per article or story that failed: id, stage, reason
    DIR/index.html             the stories ranked by their strongest flagged event

A story's signature file is removed before its report is rewritten and written after it, so
a run killed in between only scores that story again (and never pairs a new report with an old
signature). A run killed hard (SIGKILL) can leave a temporary file of the write it was in: the
next run on the folder removes them.
"""

from __future__ import annotations

import functools
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from drift.corpus.articles import ErrorRecord
from drift.corpus.stories import Story, file_stem
from drift.errors import DriftError
from drift.io import write_atomic


def write_bytes_atomic(path: Path, write: Callable[[str], None]) -> None:
    """Let ``write`` fill a temporary file beside ``path``, then rename it over ``path``."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write(tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _jsonl(rows: Iterable[Mapping[str, Any]]) -> str:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


@dataclass(frozen=True)
class StoryFiles:
    json: Path
    html: Path
    sig: Path


class OutputDir:
    """The output folder of one corpus run."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)
        if self.root.exists() and not self.root.is_dir():
            raise DriftError(f"output path is not a folder: {self.root}")
        try:
            (self.root / "stories").mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DriftError(f"cannot create the output folder {self.root}: {exc.strerror or exc}") from None
        self.remove_stale_temporaries()

    def remove_stale_temporaries(self) -> None:
        """The temporary files (``.NAME.*.tmp``) a killed run left half-written."""
        for folder in (self.root, self.root / "stories"):
            for path in folder.glob(".*.tmp"):
                path.unlink(missing_ok=True)

    def story_files(self, story_id: str) -> StoryFiles:
        folder, stem = self.root / "stories", file_stem(story_id)  # ids may contain dots: no with_suffix
        return StoryFiles(folder / f"{stem}.json", folder / f"{stem}.html", folder / f"{stem}.sig")

    def is_done(self, story: Story, signature: str) -> bool:
        """Whether the story's report exists and was made from the same versions and settings."""
        files = self.story_files(story.id)
        try:
            return files.sig.read_text(encoding="utf-8").strip() == signature and files.json.is_file() \
                and files.html.is_file()
        except OSError:
            return False

    def write_story(self, story_id: str, report_json: str, report_html: str, signature: str) -> None:
        files = self.story_files(story_id)
        files.sig.unlink(missing_ok=True)  # until the new signature is written, the story is not done
        write_atomic(files.json, report_json)
        write_atomic(files.html, report_html)
        write_atomic(files.sig, signature + "\n")  # last: it marks the story finished

    def read_report(self, story_id: str) -> dict[str, Any]:
        from drift.report.base import read_report
        return read_report(self.story_files(story_id).json.read_text(encoding="utf-8"))

    def write_articles(self, ids: Sequence[str], assignment: Mapping[str, str | None]) -> None:
        write_atomic(self.root / "articles.jsonl", _jsonl({"id": i, "story": assignment.get(i)} for i in ids))

    def write_errors(self, errors: Sequence[ErrorRecord]) -> None:
        write_atomic(self.root / "errors.jsonl", _jsonl(e.to_dict() for e in errors))

    def write_events(self, rows: Sequence[Mapping[str, Any]]) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.Table.from_pylist(list(rows), schema=event_schema())
        write_bytes_atomic(self.root / "events.parquet", lambda tmp: pq.write_table(table, tmp))
        write_atomic(self.root / "events.jsonl", _jsonl(rows))

    def write_index(self, html: str) -> None:
        write_atomic(self.root / "index.html", html)


@functools.cache
def event_schema() -> Any:
    """The Arrow schema of the events table (explicit, so an empty table has typed columns)."""
    import pyarrow as pa

    span = pa.struct([("doc", pa.string()), ("sentence", pa.int64()), ("start", pa.int64()),
                      ("end", pa.int64()), ("text", pa.string())])
    return pa.schema([
        ("story", pa.string()), ("event", pa.string()), ("category", pa.string()),
        ("severity", pa.float64()), ("flagged", pa.bool_()), ("unit", pa.string()),
        ("deviating", pa.list_(pa.string())), ("deviating_source", pa.list_(pa.string())),
        ("deviating_language", pa.list_(pa.string())), ("absent", pa.list_(pa.string())),
        ("explanation", pa.string()), ("spans", pa.list_(span)),
    ])


def event_rows(story_id: str, report: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The events of one story's report (a schema-2 dict) as rows of the events table."""
    threshold = float(report["settings"]["threshold"])
    documents = {d["id"]: d for d in report["documents"]}
    rows = []
    for event in report.get("events", []):
        deviating = list(event.get("deviating", []))
        rows.append({
            "story": story_id, "event": event["id"], "category": event["category"],
            "severity": float(event["severity"]), "flagged": float(event["severity"]) >= threshold,
            "unit": event.get("unit"), "deviating": deviating,
            "deviating_source": [documents.get(d, {}).get("source") or d for d in deviating],
            "deviating_language": [documents.get(d, {}).get("language") for d in deviating],
            "absent": list(event.get("absent", [])), "explanation": event.get("explanation", ""),
            "spans": [dict(span) for reading in event.get("readings", []) for span in reading.get("spans", [])],
        })
    return rows
