"""The corpus index page: every story ranked by its strongest flagged event, linking its report."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined


def story_summary(story_id: str, report: Mapping[str, Any], href: str) -> dict[str, Any]:
    """What the index shows of one story, from its report (a schema-2 dict)."""
    from drift.report.html import COLOURS, LABELS

    threshold = float(report["settings"]["threshold"])
    flagged = [e for e in report.get("events", []) if float(e["severity"]) >= threshold]
    flagged.sort(key=lambda e: -float(e["severity"]))
    documents = report["documents"]
    first = documents[0]
    # The reference's headline names the story: its title, else its first sentence.
    title = next((d.get("title") for d in documents if d.get("title")), None)
    if title is None:
        sentences = first.get("sentences") or [{"text": story_id}]
        title = sentences[0]["text"]
    top = None
    if flagged:
        event = flagged[0]
        colour, tint = COLOURS.get(event["category"], ("#444", "#eee"))
        top = {"label": LABELS.get(event["category"], event["category"]), "severity": float(event["severity"]),
               "explanation": event.get("explanation", ""), "colour": colour, "tint": tint}
    return {"id": story_id, "href": href, "title": title[:160], "title_lang": first.get("language"),
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
