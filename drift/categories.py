"""The finding categories of report-format.md and everything known about each: one table.

Detectors, scoring, the report views and the evaluation read it; adding a category is one row
here (and the contract's schema).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Category:
    """One finding category.

    ``informational`` categories are reported for transparency and never flagged;
    ``explains`` marks a typed category that says what changed (``other`` is what none of them
    explains); ``colour`` and ``tint`` are the HTML view's underline and background, ``style``
    the terminal's (rich) style.
    """

    name: str
    label: str
    colour: str
    tint: str
    style: str
    informational: bool = False
    explains: bool = True
    # What differs, in an event's explanation ("The figure differs: ...").
    noun: str = ""


# Order is the legend order of the reports. Informational categories are grey: not drift.
TABLE: tuple[Category, ...] = (
    Category("entity", "Entity", "#1f5fa8", "#dbe8f7", "bold blue", noun="name"),
    Category("attribution", "Attribution", "#7b3fa0", "#ece0f4", "bold magenta", noun="source"),
    Category("number", "Number", "#c0262d", "#f9dcdc", "bold red", noun="figure"),
    Category("time", "Time", "#c76a00", "#fde7cc", "bold dark_orange", noun="time"),
    Category("addition", "Addition", "#23803a", "#dcf0e0", "bold green", noun="addition"),
    Category("omission", "Omission", "#7a5230", "#efe4d8", "bold yellow", noun="omission"),
    Category("modality", "Modality", "#b8327a", "#f7dcea", "bold deep_pink3", noun="certainty"),
    Category("framing", "Framing", "#8a7f00", "#f2efc8", "bold yellow4", noun="wording"),
    Category("other", "Other change", "#137a86", "#d5eef0", "bold cyan", explains=False, noun="wording"),
    Category("variant", "Variant (benign)", "#8a8a8a", "#efefef", "dim", informational=True, explains=False,
             noun="variant"),
    Category("paraphrase", "Paraphrase (benign)", "#8a8a8a", "#efefef", "dim", informational=True,
             explains=False, noun="paraphrase"),
)

BY_NAME: dict[str, Category] = {c.name: c for c in TABLE}
NAMES: tuple[str, ...] = tuple(BY_NAME)
INFORMATIONAL: frozenset[str] = frozenset(c.name for c in TABLE if c.informational)
DRIFT: tuple[str, ...] = tuple(c.name for c in TABLE if not c.informational)
EXPLAINING: frozenset[str] = frozenset(c.name for c in TABLE if c.explains)
