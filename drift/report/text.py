"""The text view: a short summary for a terminal (rich tables) or for a pipe (plain text).

On a terminal: coloured tables of the pairs and of the flagged findings. Anywhere else: the
same tables in ASCII with no colour codes and a fixed width, so the output is stable (tests,
logs, ``grep F0001``).
"""

from __future__ import annotations

import io
import shutil
import sys

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from drift.categories import TABLE
from drift.events import Event
from drift.findings import BENIGN, Finding
from drift.report.base import Report

# rich styles per category (drift/categories.py), close to the HTML report's colours.
STYLES: dict[str, str] = {c.name: c.style for c in TABLE}
PLAIN_WIDTH = 120  # fixed so that piped output does not depend on the terminal it came from


def _clip(text: str | None, width: int = 70) -> str:
    if text is None:
        return "—"
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _severity_style(severity: float) -> str:
    return "bold red" if severity >= 0.8 else "red" if severity >= 0.65 else "yellow"


def _pairs_table(report: Report, terminal: bool) -> Table:
    table = Table(box=box.SIMPLE_HEAD if terminal else box.ASCII, title_justify="left",
                  title="Pairs" if terminal else None, header_style="bold" if terminal else "")
    table.add_column("source", overflow="fold")
    table.add_column("target", overflow="fold")
    table.add_column("similarity", justify="right")
    table.add_column("drift", justify="right")
    table.add_column("flagged", justify="right")
    flagged = report.flagged_findings
    for pair in report.pairs:
        count = sum(1 for f in flagged if f.source.doc == pair.source and f.target.doc == pair.target)
        drift = Text(f"{pair.drift_score:.2f}",
                     style=_severity_style(pair.drift_score) if terminal and pair.drift_score >= 0.3 else "")
        table.add_row(pair.source, pair.target, f"{pair.similarity:.3f}", drift,
                      Text(str(count), style="bold" if terminal and count else ""))
    return table


def _findings_table(findings: list[Finding], terminal: bool) -> Table:
    table = Table(box=box.SIMPLE_HEAD if terminal else box.ASCII, show_lines=not terminal,
                  header_style="bold" if terminal else "")
    # ids and categories never wrap: `grep F0003` must find the whole id on one line.
    table.add_column("id", no_wrap=True)
    table.add_column("sev", justify="right", no_wrap=True)
    table.add_column("category", no_wrap=True)
    table.add_column("versions", overflow="fold", max_width=28)
    table.add_column("source span", ratio=1, overflow="fold")
    table.add_column("target span", ratio=1, overflow="fold")
    for f in findings:
        style = STYLES.get(f.category, "") if terminal else ""
        table.add_row(f.id, Text(f"{f.severity:.2f}", style=_severity_style(f.severity) if terminal else ""),
                      Text(f.category, style=style), f"{f.source.doc} → {f.target.doc}",
                      _clip(f.source.text, 160), _clip(f.target.text, 160))
    return table


def _events_table(events: list[Event], terminal: bool) -> Table:
    table = Table(box=box.SIMPLE_HEAD if terminal else box.ASCII, show_lines=not terminal,
                  header_style="bold" if terminal else "")
    table.add_column("id", no_wrap=True)
    table.add_column("sev", justify="right", no_wrap=True)
    table.add_column("category", no_wrap=True)
    table.add_column("stands apart", overflow="fold", max_width=28)
    table.add_column("its reading", ratio=1, overflow="fold")
    table.add_column("the others' reading", ratio=1, overflow="fold")
    for e in events:
        style = STYLES.get(e.category, "") if terminal else ""
        apart = [s.text for r in e.readings if set(r.docs) <= set(e.deviating) for s in r.spans]
        others = [s.text for r in e.readings if not set(r.docs) & set(e.deviating) for s in r.spans]
        table.add_row(e.id, Text(f"{e.severity:.2f}", style=_severity_style(e.severity) if terminal else ""),
                      Text(e.category, style=style), ", ".join(e.deviating),
                      _clip(apart[0] if apart else "—", 160), _clip(others[0] if others else "—", 160))
    return table


def render_text(report: Report, *, terminal: bool | None = None, findings: bool = False) -> str:
    """The summary as a string: rich colours when ``terminal`` (default: stdout is a tty).

    The flagged story-level events lead; ``findings`` adds the flagged pairwise findings behind
    them as a second section."""
    if terminal is None:
        terminal = sys.stdout.isatty()
    out = io.StringIO()
    if terminal:
        # Respects NO_COLOR / the terminal's colour depth through rich's own detection.
        console = Console(file=out, force_terminal=True, width=shutil.get_terminal_size((120, 40)).columns,
                          highlight=False, emoji=False)
    else:
        console = Console(file=out, force_terminal=False, no_color=True, color_system=None,
                          width=PLAIN_WIDTH, highlight=False, emoji=False, soft_wrap=False)
    flagged = report.flagged_findings
    events = report.flagged
    benign = sum(1 for f in report.findings if f.category in BENIGN)
    header = Text()
    header.append(f"drift {report.tool_version}", style="bold" if terminal else "")
    header.append(f" · {len(report.documents)} versions · reference {report.reference}")
    console.print(header)
    if report.signature:
        console.print(Text(report.signature, style="dim" if terminal else ""))
    console.print()
    summary = (f"{len(events)} flagged event(s) at severity >= {report.threshold:g} "
               f"({len(report.events)} in all, {len(report.units)} units); "
               f"{len(flagged)} flagged pairwise finding(s) behind them")
    console.print(Text(summary, style="bold" if terminal else ""))
    if events:
        console.print(_events_table(events, terminal))
        if not terminal:
            for e in events:
                console.print(Text(f"{e.id} {e.category} {e.severity:.2f}: {e.explanation}"),
                              overflow="ignore", crop=False)
    console.print(_pairs_table(report, terminal))
    if findings and flagged:
        console.print()
        console.print(Text(f"Pairwise findings ({len(flagged)} flagged, {len(report.findings)} in all, "
                           f"{benign} informational)", style="bold" if terminal else ""))
        console.print(_findings_table(flagged, terminal))
        if not terminal:
            # One line per finding with its explanation: the table folds long text, this does not.
            for f in flagged:
                console.print(Text(f"{f.id} {f.category} {f.source.doc} -> {f.target.doc}: {f.explanation}"),
                              overflow="ignore", crop=False)
    return out.getvalue()


__all__ = ["render_text"]
