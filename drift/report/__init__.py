"""Views of a Report: JSON (the contract), text, HTML and CSV, registered by format name."""

from __future__ import annotations

from drift.registry import Registry
from drift.report.base import PairResult, Report

# format name -> render(report, terminal=..., findings=...) -> str. The CLI's --format choices
# come from here.
VIEWS: Registry[str] = Registry("format")


# Views are imported on use: the JSON path stays free of jinja2/rich imports.
@VIEWS.register("json")
def _json(report: Report, *, terminal: bool | None = None, findings: bool = False) -> str:
    return report.to_json()


@VIEWS.register("text")
def _text(report: Report, *, terminal: bool | None = None, findings: bool = False) -> str:
    from drift.report.text import render_text
    return render_text(report, terminal=terminal, findings=findings)


@VIEWS.register("html")
def _html(report: Report, *, terminal: bool | None = None, findings: bool = False) -> str:
    from drift.report.html import render_html
    return render_html(report)


@VIEWS.register("csv")
def _csv(report: Report, *, terminal: bool | None = None, findings: bool = False) -> str:
    from drift.report.csv_format import render_csv
    return render_csv(report, findings=findings)


FORMATS = VIEWS.names()


def render(report: Report, fmt: str, *, terminal: bool | None = None, findings: bool = False) -> str:
    """The report as a string in one of ``FORMATS``.

    ``terminal`` only matters for ``text``: colours and the terminal's width when true, stable
    plain text when false, and by default whether standard output is a terminal (a caller
    writing to ``--output`` should pass False so no colour codes land in the file).
    Views lead with the story-level events; ``findings`` puts the pairwise findings in the text
    view's second section and makes the CSV one finding a row.
    """
    return VIEWS.get(fmt).factory(report, terminal=terminal, findings=findings)


__all__ = ["FORMATS", "VIEWS", "PairResult", "Report", "render"]
