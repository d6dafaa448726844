"""Detectors, one module each, each registered at its top in ``DETECTORS`` with its settings.

``[detectors] enabled = [...]`` (a config file, or ``drift score --detectors``) picks which ones
run, by name (default: all); ``[detectors.<name>]`` overrides that detector's settings.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from drift.config import Config, ModelSpec

# Importing the modules registers their detectors (configs/default.toml lists the order they run in).
from drift.detect import attribution, coverage, dates, entities, modality, numbers, spans, untranslated  # noqa: F401, I001
from drift.detect.base import DETECTORS
from drift.errors import DriftError

__all__ = ["DETECTORS", "build_detectors", "detector_settings", "enabled_detectors", "settings_overrides",
           "story_detectors", "unaligned_detectors"]


def enabled_detectors(config: Config) -> tuple[str, ...]:
    """The names of the detectors that run, in the order listed (configs/default.toml lists them
    all; the order decides which of two equal findings is kept); unknown names are an error."""
    section = config.section("detectors")
    names = section.get("enabled", DETECTORS.names())
    if isinstance(names, str) or not all(isinstance(n, str) for n in names):
        raise DriftError("malformed config: [detectors] enabled must be a list of detector names")
    unknown = [n for n in names if n not in DETECTORS]
    if unknown:
        raise DriftError(f"malformed config: unknown detector(s) {', '.join(unknown)} "
                         f"(known: {', '.join(DETECTORS.names())})")
    return tuple(dict.fromkeys(names))


def detector_settings(config: Config, name: str) -> Any:
    """The typed settings of one detector: its defaults with ``[detectors.<name>]`` applied."""
    overrides = config.section("detectors").get(name, {})
    return DETECTORS.settings(name, overrides)


def settings_overrides(config: Config) -> dict[str, Mapping[str, Any]]:
    """``[detectors.<name>]`` tables of the enabled detectors that change a setting (for the signature)."""
    out: dict[str, Mapping[str, Any]] = {}
    for name in enabled_detectors(config):
        resolved = detector_settings(config, name)
        defaults = DETECTORS.get(name).defaults()
        changed = {k: v for k, v in vars(resolved).items() if vars(defaults)[k] != v}
        if changed:
            out[name] = changed
    return out


def _build(config: Config, spec: ModelSpec, method: str) -> list[Any]:
    built = []
    for name in enabled_detectors(config):
        component = DETECTORS.get(name)
        if hasattr(component.factory, method):
            built.append(component.factory(detector_settings(config, name), spec))
    return built


def build_detectors(config: Config, spec: ModelSpec) -> list[Any]:
    """The enabled detectors of aligned pairs (``detect(pair, story)``)."""
    return _build(config, spec, "detect")


def story_detectors(config: Config, spec: ModelSpec) -> list[Any]:
    """The enabled detectors that also look at the story as a whole (``detect_story``)."""
    return _build(config, spec, "detect_story")


def unaligned_detectors(config: Config, spec: ModelSpec) -> list[Any]:
    """The enabled detectors of sentences with no counterpart (``detect_unaligned``)."""
    return _build(config, spec, "detect_unaligned")
