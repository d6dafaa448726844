"""The Ray engine: the same stages as the local engine, on Ray Data.

    read (rows) -> extract (tasks) -> group by lead chunk -> encode leads (actor pool: the model
      loaded once per actor) -> group (driver: clustering needs every lead) -> group by story
      -> score (actor pool: one story per call, as the local engine scores it)
      -> write (driver, as results stream in, so an interrupted run keeps what it finished)

``ray.init()`` starts a local Ray on a laptop; with ``RAY_ADDRESS`` (or ``ray_address``) the
same code runs on a cluster, whose nodes need drift installed (``pip install drift[ray]``) and
the model available (``DRIFT_MODEL_DIR`` is passed on to the workers). Scheduling, retries and
back-pressure are Ray's: drift adds no scheduler, queue or process pool of its own.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

import numpy as np

from drift.corpus.articles import Article, ErrorRecord, article_document, check_row, one_line
from drift.corpus.grouping import GroupingSettings, encode_leads, lead_chunk
from drift.corpus.outputs import OutputDir
from drift.corpus.run import EngineResult, assign_given, assign_grouped
from drift.corpus.stories import ScoreSettings, Story, build_stories, score_story
from drift.documents import Document
from drift.errors import DriftError
from drift.progress import progress_bar

# Environment the workers need to find the model and behave like the driver.
_PASSED_ENV = ("DRIFT_MODEL_DIR", "DRIFT_NUM_THREADS", "DRIFT_FETCH_TIMEOUT", "HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")


def _ray() -> Any:
    try:
        import ray
    except ImportError:
        raise DriftError("the ray engine needs Ray: pip install 'drift[ray]'") from None
    return ray


def code_fingerprint() -> str:
    """A digest of the drift code and shipped settings this process runs. Workers that import
    another drift than the driver (another install, an editable checkout elsewhere, an older
    version on a node) would score differently: each actor checks it against the driver's."""
    import drift
    from drift.config import CONFIG_DIR

    digest = hashlib.sha256()
    package = os.path.dirname(os.path.abspath(drift.__file__))
    for root, dirs, files in os.walk(package):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(f for f in files if f.endswith((".py", ".j2", ".toml"))):
            path = os.path.join(root, name)
            digest.update(os.path.relpath(path, package).encode("utf-8"))
            with open(path, "rb") as fh:
                digest.update(fh.read())

    def settings(folder: Any, prefix: str) -> None:
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            if entry.is_dir():
                settings(entry, f"{prefix}{entry.name}/")
            elif entry.name.endswith(".toml"):
                digest.update(f"configs/{prefix}{entry.name}".encode())
                digest.update(entry.read_bytes())

    settings(CONFIG_DIR, "")
    return digest.hexdigest()[:16]


def _check_code(expected: str) -> None:
    found = code_fingerprint()
    if found != expected:
        raise DriftError(f"a Ray worker runs another drift than the driver (code {found}, driver {expected}): "
                         "install the same drift on every node")


def _source_checkout() -> str | None:
    """The folder holding the driver's ``drift`` package when it is a source checkout rather than
    an install (site-packages): local workers are pointed at it so they import the same code."""
    import drift
    folder = os.path.dirname(os.path.dirname(os.path.abspath(drift.__file__)))
    return None if "site-packages" in folder or "dist-packages" in folder else folder


def _init(address: str | None) -> Any:
    ray = _ray()
    if not ray.is_initialized():
        env = {k: os.environ[k] for k in _PASSED_ENV if k in os.environ}
        checkout = _source_checkout()
        if checkout is not None:
            # A worker's sys.path does not start with the driver's folder: without this it would
            # import whatever drift the environment has installed (an editable install elsewhere).
            env["PYTHONPATH"] = os.pathsep.join([checkout, *filter(None, [os.environ.get("PYTHONPATH")])])
        for name in ("ray", "ray.data"):  # Ray's progress chatter would bury drift's own one-line messages
            logging.getLogger(name).setLevel(logging.WARNING)
        try:
            ray.init(address=address or os.environ.get("RAY_ADDRESS") or None, include_dashboard=False,
                     log_to_driver=False, logging_level=logging.WARNING,
                     runtime_env={"env_vars": env} if env else None)
        except Exception as exc:  # a cluster that cannot be reached: one line, exit 2
            raise DriftError(f"cannot start or reach Ray: {one_line(exc)}") from None
    ctx = ray.data.DataContext.get_current()
    ctx.enable_progress_bars = False
    # Ray Data configures its loggers when it is first used: quiet them again afterwards.
    for name in ("ray", "ray.data"):
        logging.getLogger(name).setLevel(logging.WARNING)
    return ray


def _doc_json(doc: Document) -> str:
    # Documents travel between stages as JSON text: no column type guessing, no None/NaN mix-ups.
    return json.dumps(asdict(doc), ensure_ascii=False)


def _doc(text: str) -> Document:
    return Document(**json.loads(text))


def _missing(value: Any) -> bool:
    return value is None or value != value  # NaN is what an empty cell of a float column holds


def extract_batch(batch: dict[str, np.ndarray]) -> dict[str, list[Any]]:
    """Ray task: each article row becomes a document (JSON), or an error (one line)."""
    out: dict[str, list[Any]] = {"id": [], "position": [], "chunk": [], "document": [], "error": []}
    for i in range(len(batch["id"])):
        row = {k: (None if _missing(batch[k][i]) else str(batch[k][i])) for k in batch}
        try:
            document, error = _doc_json(article_document(check_row(row))), ""
        except DriftError as exc:
            document, error = "", one_line(exc)
        out["id"].append(row["id"])
        out["position"].append(int(batch["position"][i]))
        out["chunk"].append(int(batch["chunk"][i]))
        out["document"].append(document)
        out["error"].append(error)
    return out


def _use_threads(threads: int) -> None:
    """Let an actor's model use ``threads`` cores: Ray sets OMP_NUM_THREADS=1 in its workers, which
    would leave one core of each actor's share idle (unless the user pinned DRIFT_NUM_THREADS)."""
    os.environ.setdefault("DRIFT_NUM_THREADS", str(threads))


class LeadEncoder:
    """Ray actor: the encoder loaded once, then the lead vectors of one chunk of the feed per call
    (the chunk the local engine encodes them in: ``drift.corpus.grouping.LEAD_CHUNK``)."""

    def __init__(self, settings: ScoreSettings, grouping: GroupingSettings, threads: int, code: str) -> None:
        from drift.encoders import load_encoder
        _check_code(code)
        _use_threads(threads)
        self.encoder = load_encoder(settings.config.model_spec(settings.model))
        self.grouping = grouping

    def __call__(self, group: dict[str, np.ndarray]) -> dict[str, Any]:
        order = np.argsort(group["position"])
        group = {k: np.asarray(v)[order] for k, v in group.items()}
        ok = [i for i, error in enumerate(group["error"]) if not error]
        vectors = np.zeros((len(group["id"]), self.encoder.dimension), dtype=np.float32)
        if ok:
            vectors[ok] = encode_leads([_doc(group["document"][i]) for i in ok], self.encoder, self.grouping)
        return {**group, "lead": vectors}


class StoryScorer:
    """Ray actor: the encoder loaded once, then one story (a group of document rows) per call."""

    def __init__(self, settings: ScoreSettings, threads: int, code: str) -> None:
        from drift.encoders import load_encoder
        _check_code(code)
        _use_threads(threads)
        self.settings = settings
        self.encoder = load_encoder(settings.config.model_spec(settings.model))

    def __call__(self, group: dict[str, np.ndarray]) -> dict[str, list[Any]]:
        from drift.report.html import render_html

        order = np.argsort(group["position"])
        docs = tuple(_doc(group["document"][i]) for i in order)
        story = Story(id=str(group["story"][0]), documents=docs)
        try:
            report = score_story(story, self.encoder, self.settings)
            result = {"json": report.to_json(), "html": render_html(report), "error": "",
                      "flagged": len(report.flagged)}
        except Exception as exc:  # one failing story never stops the run
            result = {"json": "", "html": "", "error": one_line(exc), "flagged": 0}
        return {"story": [story.id], **{k: [v] for k, v in result.items()}}


def run_ray(articles: Sequence[Article], settings: ScoreSettings, grouping: GroupingSettings | None, output: OutputDir,
            *, address: str | None = None, concurrency: int | None = None, progress: bool = False) -> EngineResult:
    started_here = not _ray().is_initialized()
    ray = _init(address)
    try:
        return _run(ray, articles, settings, grouping, output, concurrency=concurrency, progress=progress)
    finally:
        if started_here:  # a Ray the caller started is the caller's to stop
            ray.shutdown()


def _run(ray: Any, articles: Sequence[Article], settings: ScoreSettings, grouping: GroupingSettings | None,
         output: OutputDir, *, concurrency: int | None, progress: bool) -> EngineResult:
    cpus = int(ray.available_resources().get("CPU", 1))
    actors = concurrency or max(1, cpus // 2)
    threads = max(1, cpus // actors)  # each actor's model gets its share of the cores
    code = code_fingerprint()
    # One task first: a worker with other code fails the run at once, in one line.
    remote = ray.remote(code_fingerprint)
    try:
        found = ray.get(remote.remote())
    except Exception as exc:  # a worker that cannot even import drift
        raise DriftError(f"a Ray worker cannot run drift: {one_line(exc)}") from None
    if found != code:
        raise DriftError(f"a Ray worker runs another drift than the driver (code {found}, driver {code}): "
                         "install the same drift on every node")
    rows = [a.to_row() | {"position": i, "chunk": lead_chunk(i)} for i, a in enumerate(articles)]
    docs_ds = ray.data.from_items(rows).map_batches(extract_batch, batch_format="numpy")
    if grouping is not None:
        docs_ds = docs_ds.groupby("chunk").map_groups(
            LeadEncoder, batch_format="numpy", compute=ray.data.ActorPoolStrategy(size=actors),
            fn_constructor_kwargs={"settings": settings, "grouping": grouping, "threads": threads,
                                   "code": code})
    records = docs_ds.take_all()
    position = {a.id: i for i, a in enumerate(articles)}
    records.sort(key=lambda r: position[r["id"]])  # feed order, as the local engine sees it
    errors = [ErrorRecord(r["id"], "extract", r["error"]) for r in records if r["error"]]
    good = [r for r in records if not r["error"]]
    documents = [_doc(r["document"]) for r in good]
    if grouping is not None:
        vectors = np.array([r["lead"] for r in good], dtype=np.float32).reshape(len(good), -1)
        assignment = assign_grouped(documents, vectors, grouping)
    else:
        assignment = assign_given(articles, documents)
    stories = build_stories(documents, assignment)
    signatures = {s.id: s.signature(settings) for s in stories}
    skipped = [s.id for s in stories if output.is_done(s, signatures[s.id])]
    pending = [s for s in stories if s.id not in set(skipped)]
    scored: list[str] = []
    if pending:
        members = [{"story": s.id, "position": k, "document": _doc_json(d)}
                   for s in pending for k, d in enumerate(s.documents)]
        results = (ray.data.from_items(members).groupby("story")
                   .map_groups(StoryScorer, batch_format="numpy", compute=ray.data.ActorPoolStrategy(size=actors),
                               fn_constructor_kwargs={"settings": settings, "threads": threads, "code": code}))
        flagged = 0
        started = time.monotonic()
        with progress_bar(len(pending), "Scoring stories (ray)", enabled=progress, delay=0.5) as bar:
            for row in results.iter_rows():
                story_id = str(row["story"])
                if not row["error"]:
                    try:
                        output.write_story(story_id, row["json"], row["html"], signatures[story_id])
                        scored.append(story_id)
                        flagged += int(row["flagged"])
                    except DriftError as exc:
                        errors.append(ErrorRecord(story_id, "score", one_line(exc)))
                else:
                    errors.append(ErrorRecord(story_id, "score", str(row["error"])))
                bar.advance(1)
                per_minute = bar.completed / max(time.monotonic() - started, 1e-9) * 60
                bar.set_description(f"Scoring stories (ray) · {flagged} flagged events · {per_minute:.1f} stories/min")
    return EngineResult(documents=documents, assignment=assignment, stories=stories, scored=scored,
                        skipped=skipped, errors=errors)
