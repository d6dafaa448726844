"""The CSV view: one story-level event a row (the default), or one pairwise finding a row
(``findings=True``), the JSON fields of report-format.md flattened.

For spreadsheets and quick filtering. An event row names the versions that stand apart, the
versions that agree and the absent ones (``;``-separated) with each side's first span. In a
finding row, null sides (the empty source of an ``addition``, the empty target of an
``omission``) are empty cells. Rows come in the report's order (severity).

Every cell goes through ``spreadsheet_safe``: article text and file names are untrusted, and a
spreadsheet runs a cell that begins with ``=``, ``+``, ``-`` or ``@`` as a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from typing import Any

from drift.events import Event
from drift.findings import Finding
from drift.report.base import Report

FIELDS = ("id", "category", "severity",
          "source_doc", "source_sentence", "source_start", "source_end", "source_text",
          "target_doc", "target_sentence", "target_start", "target_end", "target_text",
          "explanation")


EVENT_FIELDS = ("id", "category", "severity", "unit", "deviating", "agreeing", "absent",
                "deviating_text", "agreeing_text", "explanation", "findings")


def _event_row(event: Event) -> dict[str, object]:
    apart = [s.text for r in event.readings if set(r.docs) <= set(event.deviating) for s in r.spans]
    agree = [r for r in event.readings if not set(r.docs) & set(event.deviating)]
    agree_text = [s.text for r in agree for s in r.spans]
    return {"id": event.id, "category": event.category, "severity": f"{round(float(event.severity), 4):g}",
            "unit": event.unit or "", "deviating": ";".join(event.deviating),
            "agreeing": ";".join(d for r in agree for d in r.docs), "absent": ";".join(event.absent),
            "deviating_text": apart[0] if apart else "", "agreeing_text": agree_text[0] if agree_text else "",
            "explanation": event.explanation, "findings": ";".join(event.findings)}


# The OWASP rule for CSV injection: cells starting with these are formulas (or, for tab and
# carriage return, become one after a spreadsheet trims them).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> object:
    """A cell that no spreadsheet runs as a formula: text starting with = + - @ tab or CR gets a
    leading ``'`` (shown as text, not executed). Numbers are data, not text, and pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeDictWriter(csv.DictWriter):
    """``csv.DictWriter`` that passes every cell through ``spreadsheet_safe``."""

    def writerow(self, rowdict: Mapping[str, Any]) -> Any:
        return super().writerow({key: spreadsheet_safe(value) for key, value in rowdict.items()})

    def writerows(self, rowdicts: Iterable[Mapping[str, Any]]) -> None:
        for rowdict in rowdicts:
            self.writerow(rowdict)


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


def render_csv(report: Report, *, findings: bool = False) -> str:
    """The events (or with ``findings`` the pairwise findings) of ``report`` as CSV text with a
    header row (RFC 4180 quoting, ``\\r\\n`` rows)."""
    out = io.StringIO()
    writer = SafeDictWriter(out, fieldnames=FIELDS if findings else EVENT_FIELDS, quoting=csv.QUOTE_MINIMAL)
    writer.writeheader()
    if findings:
        for finding in report.findings:
            writer.writerow(_row(finding))
    else:
        for event in report.events:
            writer.writerow(_event_row(event))
    return out.getvalue()


__all__ = ["EVENT_FIELDS", "FIELDS", "SafeDictWriter", "render_csv", "spreadsheet_safe"]
