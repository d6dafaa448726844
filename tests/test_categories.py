"""The one category table: it matches the contract, and every view and stage reads it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from drift.categories import BY_NAME, DRIFT, EXPLAINING, INFORMATIONAL, NAMES
from drift.findings import Finding, Side
from drift.report.html import COLOURS, LABELS
from drift.report.text import STYLES
from drift.score import BENIGN_CEILING, calibrate


def _enums(node: Any) -> list[list[str]]:
    if isinstance(node, dict):
        found = [node["enum"]] if "paraphrase" in node.get("enum", []) else []
        return found + [e for value in node.values() for e in _enums(value)]
    if isinstance(node, list):
        return [e for value in node for e in _enums(value)]
    return []


def test_table_is_the_contracts_list_of_categories(shared_dir: Path) -> None:
    schema = shared_dir / "docs" / "report.schema.json"
    if not schema.is_file():
        pytest.skip("the shared contract is not beside the checkout")
    enums = _enums(json.loads(schema.read_text("utf-8")))
    assert enums and all(enum == list(NAMES) for enum in enums)


def test_views_and_scoring_follow_the_table() -> None:
    assert list(COLOURS) == list(LABELS) == list(STYLES) == list(NAMES)
    assert INFORMATIONAL == {"variant", "paraphrase"} and "other" in DRIFT and "other" not in EXPLAINING
    assert LABELS["other"] == BY_NAME["other"].label
    for name in NAMES:
        finding = Finding(name, Side("a", 0, 0, 3, "abc"), Side("b", 0, 0, 3, "abd"), "", 0.99)
        # An informational category is capped below the flag threshold, whatever its detector says.
        assert (calibrate(finding, None) == BENIGN_CEILING) == (name in INFORMATIONAL)


def test_an_unknown_category_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown finding category"):
        Finding("rumour", Side("a"), Side("b"), "")
