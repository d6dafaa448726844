"""Where the evaluation data live: ``eval/`` of the source checkout (bundled stories, synthetic
clean text) and ``../shared/data`` beside it (the external data sets, not redistributed here)."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
EVAL_DIR = REPO / "eval"
SHARED = REPO.parent / "shared"
DATA = SHARED / "data"
