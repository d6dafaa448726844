"""The two drifts the user named on the real seeds are flagged, typed and located."""

from __future__ import annotations

from pathlib import Path

import pytest

import drift
from drift.findings import Finding


@pytest.fixture(scope="module")
def seed_report(seeds_dir: Path, encoder: object) -> drift.Report:
    return drift.compare(sorted(seeds_dir.glob("*.txt")), all_pairs=True, encoder=encoder)


def _covers(finding: Finding, doc_prefix: str, words: str) -> bool:
    """A side of the finding lies in the document and its span contains ``words``."""
    return any(side.doc.startswith(doc_prefix) and side.text is not None and words in side.text
               for side in (finding.source, finding.target))


def test_misspelt_group_name_in_000_is_entity_drift(seed_report: drift.Report) -> None:
    hits = [f for f in seed_report.flagged_findings if f.category == "entity" and _covers(f, "000", "al-Shams")]
    assert hits, "Hayat Tahrir al-Shams (000) is not flagged as entity drift"
    # It is the odd spelling against several versions, not only one.
    assert len({f.target.doc if f.source.doc.startswith("000") else f.source.doc for f in hits}) >= 2


def test_added_characterisation_in_001_is_an_addition(seed_report: drift.Report) -> None:
    hits = [f for f in seed_report.flagged_findings if f.category == "addition"
            and _covers(f, "001", "emanation of Al-Qaeda")]
    assert hits, "'an emanation of Al-Qaeda' (001) is not flagged as an addition"
    assert all(f.source.start is None or f.source.doc.startswith("001") for f in hits if f.target.doc.startswith("001"))


def test_flagged_findings_explain_themselves(seed_report: drift.Report) -> None:
    assert seed_report.flagged_findings
    for finding in seed_report.flagged_findings:
        assert finding.explanation and "\n" not in finding.explanation
