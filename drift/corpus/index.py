"""The corpus index page: every story ranked by its strongest flagged event, linking its report.

A media monitor reads the index first, so each row says what stands apart in a few words: the
category, the version(s) that differ (language and source), what they say and what the other
versions say, rather than the event's full explanation (which lists every version's id; it is
kept as the cell's tooltip and in the story's own page).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

# How much of a reading the index quotes.
QUOTE_CHARS = 90


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_CHARS else text[:QUOTE_CHARS - 1].rstrip() + "…"


def _version(doc: Mapping[str, Any]) -> str:
    """A version as a reader knows it: its language and its source (else its id)."""
    return f"{doc.get('language') or '?'} · {doc.get('source') or doc['id']}"


def _readings(event: Mapping[str, Any], order: Sequence[str]) -> tuple[str | None, str | None, int]:
    """What the deviating version says, what most other versions say, and how many say it, each
    quoted from the first version of ``order`` that has it."""
    deviating = set(event.get("deviating", []))
    readings = event.get("readings", [])

    def text(reading: Mapping[str, Any], prefer: Sequence[str]) -> str | None:
        spans = {s["doc"]: s["text"] for s in reading.get("spans", []) if s.get("text")}
        doc = next((d for d in prefer if d in spans), None)
        return _quote(spans[doc]) if doc else None

    mine = next((r for r in readings if deviating & set(r.get("docs", []))), None)
    others = [r for r in readings if not deviating & set(r.get("docs", []))]
    theirs = max(others, key=lambda r: len(r.get("docs", [])), default=None)
    said = text(mine, [d for d in order if d in deviating]) if mine else None
    told = text(theirs, order) if theirs else None
    return said, told, len(theirs.get("docs", [])) if theirs else 0


def _title(documents: Sequence[Mapping[str, Any]], languages: Sequence[str], story_id: str) -> tuple[str, str | None]:
    """The story's headline: a title (else first sentence) in the first of ``languages`` that has
    one, else the reference's."""
    def headline(doc: Mapping[str, Any]) -> str | None:
        if doc.get("title"):
            return str(doc["title"])
        sentences = doc.get("sentences") or []
        return str(sentences[0]["text"]) if sentences else None

    for language in languages:
        for doc in documents:
            if doc.get("language") == language and headline(doc):
                return str(headline(doc)), language
    for doc in documents:
        if headline(doc):
            return str(headline(doc)), doc.get("language")
    return story_id, None


def story_summary(story_id: str, report: Mapping[str, Any], href: str,
                  title_languages: Sequence[str] = ()) -> dict[str, Any]:
    """What the index shows of one story, from its report (a schema-2 dict)."""
    from drift.report.html import COLOURS, LABELS

    threshold = float(report["settings"]["threshold"])
    flagged = [e for e in report.get("events", []) if float(e["severity"]) >= threshold]
    flagged.sort(key=lambda e: -float(e["severity"]))
    documents = report["documents"]
    by_id = {d["id"]: d for d in documents}
    title, title_lang = _title(documents, title_languages, story_id)
    top = None
    if flagged:
        event = flagged[0]
        colour, tint = COLOURS.get(event["category"], ("#444", "#eee"))
        # Quoted from a version in the reader's languages when one has the reading, else in story order.
        preferred = sorted(documents, key=lambda d: (title_languages.index(d["language"])
                                                     if d.get("language") in title_languages else len(title_languages)))
        said, told, count = _readings(event, [d["id"] for d in preferred])
        top = {"label": LABELS.get(event["category"], event["category"]), "severity": float(event["severity"]),
               "explanation": event.get("explanation", ""), "colour": colour, "tint": tint,
               "deviating": [_version(by_id.get(d, {"id": d})) for d in event.get("deviating", [])],
               "absent": [_version(by_id.get(d, {"id": d})) for d in event.get("absent", [])],
               "said": said, "told": told, "others": count}
    return {"id": story_id, "href": href, "title": title[:160], "title_lang": title_lang,
            "versions": len(documents), "languages": ", ".join(sorted({d["language"] for d in documents})),
            "flagged": len(flagged), "top": top, "strength": [float(e["severity"]) for e in flagged]}


def rank(summaries: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Strongest flagged event first; ties by the next strongest, then more flagged events, then id."""
    return sorted(summaries, key=lambda s: ([-v for v in s["strength"]] + [0.0], s["id"]))


def render_index(summaries: Sequence[dict[str, Any]], *, unmatched: Sequence[str], articles: int, errors: int,
                 signature: str) -> str:
    from drift import __version__

    env = Environment(loader=PackageLoader("drift.corpus", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    stories = rank(summaries)
    return env.get_template("index.html.j2").render(
        stories=stories, unmatched=list(unmatched), articles=articles, errors=errors, signature=signature,
        flagged_total=sum(s["flagged"] for s in stories), version=__version__)
