"""The CSV view: one finding a row, the JSON fields of report-format.md flattened.

For spreadsheets and quick filtering. Null sides (the empty source of an ``addition``, the
empty target of an ``omission``) are empty cells; the order of rows is the report's (severity).
"""

from __future__ import annotations

import csv
import io

from drift.findings import Finding
from drift.report.base import Report

FIELDS = ("id", "category", "severity",
          "source_doc", "source_sentence", "source_start", "source_end", "source_text",
          "target_doc", "target_sentence", "target_start", "target_end", "target_text",
          "explanation")


def _row(finding: Finding) -> dict[str, object]:
    row: dict[str, object] = {"id": finding.id, "category": finding.category,
                              # The JSON rounds to 4 places; the CSV says the same number.
                              "severity": f"{round(float(finding.severity), 4):g}",
                              "explanation": finding.explanation}
    for name, side in (("source", finding.source), ("target", finding.target)):
        row[f"{name}_doc"] = side.doc
        for key in ("sentence", "start", "end", "text"):
            value = getattr(side, key)
            row[f"{name}_{key}"] = "" if value is None else value
    return row


def render_csv(report: Report) -> str:
    """The findings of ``report`` as CSV text with a header row (RFC 4180 quoting, ``\\r\\n`` rows)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FIELDS, quoting=csv.QUOTE_MINIMAL)
    writer.writeheader()
    for finding in report.findings:
        writer.writerow(_row(finding))
    return out.getvalue()


__all__ = ["FIELDS", "render_csv"]
