"""Registries of named components (detectors, encoders, report views), each with typed settings.

A component registers itself beside its code with the dataclass of its default settings
(spaCy's ``@Language.factory(name, default_config=...)``); a config file refers to it by name
and may override those settings (``[detectors.numbers] change_base = 0.3``); the CLI takes its
choices from the registry instead of copying them.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from drift.errors import DriftError

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class NoSettings:
    """The settings of a component that has none."""


@dataclass(frozen=True)
class Component(Generic[T]):
    """A registered component: its name, what builds it, and the dataclass of its settings."""

    name: str
    factory: Callable[..., T]
    settings: type = NoSettings

    def defaults(self) -> Any:
        return self.settings()


class Registry(Generic[T]):
    """Components of one kind by name, in registration order."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._components: dict[str, Component[T]] = {}

    def register(self, name: str, *, settings: type = NoSettings) -> Callable[[F], F]:
        """Decorator: ``@DETECTORS.register("numbers", settings=NumberSettings)`` on a class or
        function that builds the component."""
        if not (isinstance(settings, type) and dataclasses.is_dataclass(settings)):
            raise TypeError(f"{self.kind} '{name}': settings must be a dataclass")

        def add(factory: F) -> F:
            if name in self._components:
                raise ValueError(f"{self.kind} '{name}' is registered twice")
            self._components[name] = Component(name, factory, settings)
            return factory

        return add

    def names(self) -> tuple[str, ...]:
        return tuple(self._components)

    def __contains__(self, name: object) -> bool:
        return name in self._components

    def __iter__(self) -> Iterator[Component[T]]:
        return iter(self._components.values())

    def get(self, name: str) -> Component[T]:
        try:
            return self._components[name]
        except KeyError:
            known = ", ".join(self._components)
            raise DriftError(f"unknown {self.kind} '{name}' (known: {known})") from None

    def settings(self, name: str, overrides: Mapping[str, Any] | None = None) -> Any:
        """The component's default settings with ``overrides`` (a config table) applied, typed."""
        component = self.get(name)
        return parse_settings(component.settings, overrides or {}, f"{self.kind} '{name}'")


def parse_settings(cls: type[T], raw: Mapping[str, Any], where: str) -> T:
    """An instance of the settings dataclass ``cls`` from a TOML table: unknown keys and values of
    the wrong type are one-line errors (an int is accepted for a float)."""
    if not isinstance(raw, Mapping):
        raise DriftError(f"malformed config: settings of {where} must be a table")
    hints = typing.get_type_hints(cls)
    fields = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in fields:
            known = ", ".join(sorted(fields)) or "none"
            raise DriftError(f"malformed config: {where} has no setting '{key}' (settings: {known})")
        values[key] = _typed(value, hints[key], f"{where}: {key}")
    return cls(**values)


def _typed(value: Any, hint: Any, where: str) -> Any:
    origin = typing.get_origin(hint)
    if hint is float:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
    elif hint is int or hint is bool or hint is str:
        if type(value) is hint:
            return value
    elif origin is tuple and isinstance(value, list | tuple):
        (item,) = {a for a in typing.get_args(hint) if a is not Ellipsis}
        return tuple(_typed(v, item, where) for v in value)
    elif origin in (typing.Union, types.UnionType):
        for option in typing.get_args(hint):
            if option is type(None) and value is None:
                return None
            try:
                return _typed(value, option, where)
            except DriftError:
                continue
    raise DriftError(f"malformed config: {where} must be {_type_name(hint)}, got {value!r}")


def _type_name(hint: Any) -> str:
    return getattr(hint, "__name__", None) or str(hint)
