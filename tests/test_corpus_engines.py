"""The corpus mode's runs are reproducible: a story's report depends on its versions only.

A real encoder's vector of a text moves in its last float bits with the other texts of its
batch (padding, summation order), and that can move a severity in its fourth decimal. These
tests use an encoder that makes the effect large (a perturbation seeded by the whole batch):
a story's report must still be byte for byte what ``drift.compare`` gives on the story alone,
whatever other stories were encoded before it, so the engines agree and a resumed run equals
an uninterrupted one. Then real processes are interrupted (SIGINT, SIGKILL) half-way and run
again: finished stories are not scored again and every output is whole.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from fakes import FakeEncoder, fake_config

from drift.api import compare
from drift.corpus import compare_corpus
from drift.documents import document_from_text
from drift.encoders import TokenVectors

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent


class BatchSensitiveEncoder(FakeEncoder):
    """The fake encoder, with a cache by text like the real one, and each fresh text's vector
    nudged by noise seeded from the whole batch it is encoded in (as padding and summation order
    nudge a real model's, only much more)."""

    def __init__(self) -> None:
        super().__init__()
        self._cache: dict[str, np.ndarray] = {}
        self._token_cache: dict[str, TokenVectors] = {}

    def _nudge(self, batch: Sequence[str]) -> np.random.Generator:
        digest = hashlib.blake2b("\x00".join(batch).encode("utf-8"), digest_size=8).digest()
        return np.random.default_rng(int.from_bytes(digest, "little"))

    def encode(self, texts: Sequence[str], *, batch_size: int | None = None,
               show_progress: bool = False) -> np.ndarray:
        fresh = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if fresh:
            vectors = super().encode(fresh) + self._nudge(fresh).normal(0, 0.05, (len(fresh), self.dimension))
            vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
            self._cache.update(zip(fresh, vectors.astype(np.float32), strict=True))
        return np.array([self._cache[t] for t in texts], dtype=np.float32).reshape(len(texts), self.dimension)

    def token_embeddings(self, texts: Sequence[str], *, layer: int = -1,
                         batch_size: int | None = None) -> list[TokenVectors]:
        fresh = [t for t in dict.fromkeys(texts) if t not in self._token_cache]
        rng = self._nudge(fresh)
        for tv in super().token_embeddings(fresh, layer=layer):
            noise = rng.normal(0, 0.5, tv.vectors.shape).astype(np.float32)
            self._token_cache[tv.text] = TokenVectors(text=tv.text, vectors=tv.vectors + noise, offsets=tv.offsets)
        return [self._token_cache[t] for t in texts]

    def clear_cache(self) -> None:
        self._cache.clear()
        self._token_cache.clear()


def _story_rows(shared_dir: Path, stories: int, lines: int = 4) -> list[dict[str, Any]]:
    """NTREX documents (their first lines) in English, French and German, with their story."""
    folders = sorted(p for p in (shared_dir / "data" / "ntrex").iterdir() if p.is_dir())[:stories]
    rows = []
    for folder in folders:
        for language in ("en", "fr", "de"):
            text = "\n".join((folder / f"{language}.txt").read_text(encoding="utf-8").split("\n")[:lines])
            rows.append({"id": f"{folder.name}-{language}", "text": text, "language": language,
                         "story": folder.name})
    return rows


def _alone(out: Path, story: str, rows: Sequence[dict[str, Any]]) -> str:
    """The report ``drift.compare`` gives for the story's versions alone, on a fresh encoder."""
    report = json.loads((out / "stories" / f"{story}.json").read_text(encoding="utf-8"))
    by_id = {r["id"]: r for r in rows}
    documents = [document_from_text(by_id[d["id"]]["text"], d["id"], language=by_id[d["id"]]["language"])
                 for d in report["documents"]]
    return compare(documents, config=fake_config(), encoder=BatchSensitiveEncoder()).to_json()


def test_each_story_report_is_the_story_scored_alone(shared_dir: Path, tmp_path: Path) -> None:
    rows = _story_rows(shared_dir, 4)
    encoder = BatchSensitiveEncoder()
    encoder.encode([r["text"].split("\n")[0] for r in rows])  # a cache a story must not read from
    result = compare_corpus(rows, tmp_path / "out", config=fake_config(), encoder=encoder)
    assert len(result.stories) == 4 and result.events > 0
    for story in result.stories:
        assert (tmp_path / "out" / "stories" / f"{story}.json").read_text(encoding="utf-8") == \
            _alone(tmp_path / "out", story, rows)


def test_a_resumed_run_equals_an_uninterrupted_one(shared_dir: Path, tmp_path: Path) -> None:
    rows = _story_rows(shared_dir, 4)
    whole = compare_corpus(rows, tmp_path / "whole", config=fake_config(), encoder=BatchSensitiveEncoder())
    # The first run saw only half the stories (as a run killed half-way has finished only those).
    half = [r for r in rows if r["story"] in whole.stories[:2]]
    compare_corpus(half, tmp_path / "resumed", config=fake_config(), encoder=BatchSensitiveEncoder())
    resumed = compare_corpus(rows, tmp_path / "resumed", config=fake_config(), encoder=BatchSensitiveEncoder())
    assert resumed.skipped == whole.stories[:2] and resumed.scored == whole.stories[2:]
    for name in ("events.jsonl", "articles.jsonl", "index.html"):
        assert (tmp_path / "resumed" / name).read_bytes() == (tmp_path / "whole" / name).read_bytes()


# --- real processes, interrupted -------------------------------------------------------------

_RUNNER = """
import sys
sys.path.insert(0, {tests!r})
from fakes import FakeEncoder, fake_config
import drift.corpus.local as local
from drift.corpus import compare_corpus
import signal
import time
# A shell that starts a job in the background makes it ignore SIGINT, and so would this child:
# Ctrl-C in a terminal is what the test stands for.
signal.signal(signal.SIGINT, signal.default_int_handler)
_encode = FakeEncoder.encode
def _slow_encode(self, *args, **kwargs):
    # A real model takes time per batch; without it a loaded machine may let the whole run end
    # between two polls of the parent, before the signal arrives.
    time.sleep(0.02)
    return _encode(self, *args, **kwargs)
FakeEncoder.encode = _slow_encode
local.load_encoder = lambda spec, **kwargs: FakeEncoder()
result = compare_corpus(sys.argv[1], sys.argv[2], config=fake_config())
print(len(result.scored), len(result.skipped))
"""


def _run(feed: Path, out: Path, *, kill: signal.Signals | None = None) -> subprocess.CompletedProcess[str] | int:
    """Run the corpus mode on ``feed`` in a new process; with ``kill``, send it that signal as soon
    as a first story is finished and return how many were finished then."""
    command = [sys.executable, "-c", _RUNNER.format(tests=str(TESTS)), str(feed), str(out)]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    if kill is None:
        return subprocess.run(command, capture_output=True, text=True, env=env, cwd=REPO, timeout=300, check=True)
    process = subprocess.Popen(command, env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 300
    while not list((out / "stories").glob("*.sig")):
        assert process.poll() is None and time.monotonic() < deadline, "the run ended before a first story"
        time.sleep(0.005)
    process.send_signal(kill)
    process.wait(timeout=60)
    assert process.returncode != 0  # it was stopped, not finished
    return len(list((out / "stories").glob("*.sig")))


@pytest.mark.parametrize("kill", [signal.SIGINT, signal.SIGKILL], ids=["sigint", "sigkill"])
def test_a_killed_process_resumes_without_scoring_finished_stories_again(
        shared_dir: Path, tmp_path: Path, kill: signal.Signals) -> None:
    rows = _story_rows(shared_dir, 30, lines=8)
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    whole = _run(feed, tmp_path / "whole")
    assert isinstance(whole, subprocess.CompletedProcess) and whole.stdout.split() == ["30", "0"]

    out = tmp_path / "out"
    finished = _run(feed, out, kill=kill)
    assert isinstance(finished, int) and 0 < finished < 30
    done = {p.with_suffix(".json"): p.with_suffix(".json").stat().st_mtime_ns
            for p in (out / "stories").glob("*.sig")}
    for path in (out / "stories").glob("*.json"):  # what a killed run left is whole: every report parses
        json.loads(path.read_text(encoding="utf-8"))

    resumed = _run(feed, out)
    assert isinstance(resumed, subprocess.CompletedProcess)
    assert resumed.stdout.split() == [str(30 - finished), str(finished)]  # scored, skipped
    for path, stamp in done.items():  # a finished story was not scored (nor rewritten) again
        assert path.stat().st_mtime_ns == stamp
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]
    for name in ("events.jsonl", "articles.jsonl", "index.html"):
        assert (out / name).read_bytes() == (tmp_path / "whole" / name).read_bytes()
    for path in (tmp_path / "whole" / "stories").iterdir():
        assert (out / "stories" / path.name).read_bytes() == path.read_bytes()


# --- the Ray workers run the driver's code -----------------------------------------------------

def test_workers_with_other_code_or_settings_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    import drift.config
    from drift.corpus.ray_engine import _check_code, code_fingerprint
    from drift.errors import DriftError

    driver = code_fingerprint()
    _check_code(driver)  # the same code and settings: accepted
    with pytest.raises(DriftError, match="another drift than the driver"):
        _check_code("0" * 16)
    # A worker whose shipped settings differ in one file has another fingerprint.
    configs = tmp_path / "configs"
    shutil.copytree(Path(str(drift.config.CONFIG_DIR)), configs)
    assert code_fingerprint() == driver
    monkeypatch.setattr(drift.config, "CONFIG_DIR", configs)
    assert code_fingerprint() == driver
    (configs / "default.toml").write_text((configs / "default.toml").read_text(encoding="utf-8") + "\n# edited\n",
                                          encoding="utf-8")
    assert code_fingerprint() != driver
