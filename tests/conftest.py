"""Shared fixtures. The default encoder is built once per machine (into drift.convert.default_model_dir())
and loaded once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from drift.config import load_config
from drift.encoders import Encoder, load_encoder

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def encoder() -> Encoder:
    return load_encoder(load_config().model_spec())


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    return (REPO.parent / "shared").resolve()


@pytest.fixture(scope="session")
def seeds_dir(shared_dir: Path) -> Path:
    return shared_dir / "seeds"
