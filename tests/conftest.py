"""Shared fixtures. The default encoder is built once per machine (into drift.convert.default_model_dir())
and loaded once per test session; unit tests use the fake encoder of tests/fakes.py instead.

Markers: ``slow`` marks a test that needs the built model (set here for every test that takes the
``encoder`` fixture); ``make test`` runs them, ``make test-fast`` (``-m "not slow"``) leaves them
out. ``benchmark`` marks full benchmarks, out of the default run (``-m benchmark``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fakes import FakeEncoder

from drift.config import load_config
from drift.encoders import Encoder, load_encoder

REPO = Path(__file__).resolve().parent.parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "encoder" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def encoder() -> Encoder:
    return load_encoder(load_config().model_spec())


@pytest.fixture
def fake_encoder() -> FakeEncoder:
    return FakeEncoder()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    return (REPO.parent / "shared").resolve()


@pytest.fixture(scope="session")
def seeds_dir(shared_dir: Path) -> Path:
    return shared_dir / "seeds"
