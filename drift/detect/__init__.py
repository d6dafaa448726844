"""Detectors, one module each, all behind the ``Detector`` interface of ``drift.detect.base``.

``configs/default.toml`` ``[detectors] enabled`` picks which ones run, by name.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from drift.config import Config, ModelSpec
from drift.detect.attribution import AttributionDetector
from drift.detect.coverage import WeakLinkDetector
from drift.detect.dates import TimeDetector
from drift.detect.entities import EntityDetector
from drift.detect.modality import FramingDetector, ModalityDetector
from drift.detect.numbers import NumberDetector
from drift.detect.spans import SpanDetector
from drift.errors import DriftError

# name -> factory(config, spec). Each factory builds one detector for a comparison.
PAIR_DETECTORS: dict[str, Callable[[Config, ModelSpec], Any]] = {
    "entities": lambda config, spec: EntityDetector(),
    "attribution": lambda config, spec: AttributionDetector(),
    "numbers": lambda config, spec: NumberDetector(),
    "time": lambda config, spec: TimeDetector(),
    "modality": lambda config, spec: ModalityDetector(),
    "framing": lambda config, spec: FramingDetector(),
    "spans": lambda config, spec: SpanDetector(spec=spec),
    "weak-link": lambda config, spec: WeakLinkDetector(spec.thresholds),
}
# Detectors that also look at the story as a whole: detect_story(story, source_id, target_id).
STORY_DETECTORS: dict[str, Callable[[Config, ModelSpec], Any]] = {
    "entities": lambda config, spec: EntityDetector(),
}


def _enabled(config: Config, registry: dict[str, Any]) -> list[str]:
    every = list(dict.fromkeys([*PAIR_DETECTORS, *STORY_DETECTORS]))
    names = config.section("detectors").get("enabled", every)
    unknown = [n for n in names if n not in PAIR_DETECTORS and n not in STORY_DETECTORS]
    if unknown:
        raise DriftError(f"malformed config: unknown detector(s) {', '.join(unknown)}")
    return [n for n in names if n in registry]


def build_detectors(config: Config, spec: ModelSpec) -> list[Any]:
    return [PAIR_DETECTORS[name](config, spec) for name in _enabled(config, PAIR_DETECTORS)]


def story_detectors(config: Config, spec: ModelSpec) -> list[Any]:
    return [STORY_DETECTORS[name](config, spec) for name in _enabled(config, STORY_DETECTORS)]
