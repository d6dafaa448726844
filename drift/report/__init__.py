"""Views of a Report: JSON (the contract), text, HTML and CSV."""

from __future__ import annotations

from drift.errors import DriftError
from drift.report.base import PairResult, Report

FORMATS = ("json", "text", "html", "csv")


def render(report: Report, fmt: str, *, terminal: bool | None = None, findings: bool = False) -> str:
    """The report as a string in one of ``FORMATS``.

    ``terminal`` only matters for ``text``: colours and the terminal's width when true, stable
    plain text when false, and by default whether standard output is a terminal (a caller
    writing to ``--output`` should pass False so no colour codes land in the file).
    Views lead with the story-level events; ``findings`` puts the pairwise findings in the text
    view's second section and makes the CSV one finding a row.
    """
    # Views are imported on use: the JSON path stays free of jinja2/rich imports.
    if fmt == "json":
        return report.to_json()
    if fmt == "text":
        from drift.report.text import render_text
        return render_text(report, terminal=terminal, findings=findings)
    if fmt == "html":
        from drift.report.html import render_html
        return render_html(report)
    if fmt == "csv":
        from drift.report.csv_format import render_csv
        return render_csv(report, findings=findings)
    raise DriftError(f"unknown format '{fmt}' (choose from {', '.join(FORMATS)})")


__all__ = ["FORMATS", "PairResult", "Report", "render"]
