"""The CLI contract of report-format.md: exit codes, one-line errors, atomic output, inputs untouched."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from drift.cli import main, write_atomic
from drift.errors import DriftError

ROOT = Path(__file__).resolve().parents[1]


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def story(tmp_path: Path) -> list[Path]:
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text("The port of Varna closed on Monday after a strike. Ten ships waited at sea.\n",
                 encoding="utf-8")
    b.write_text("Le port de Varna a fermé lundi après une grève. Dix navires attendaient en mer.\n",
                 encoding="utf-8")
    return [a, b]


def _bad_inputs(tmp_path: Path, story: list[Path]) -> dict[str, list[str]]:
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n\n", encoding="utf-8")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(bytes(range(256)) * 8)
    config = tmp_path / "bad.toml"
    config.write_text("[drift\nthreshold = ", encoding="utf-8")
    return {
        "missing file": [str(tmp_path / "nope.txt"), str(story[0])],
        "empty file": [str(empty), str(story[0])],
        "binary file": [str(binary), str(story[0])],
        "one version": [str(story[0])],
        "unknown model": [str(story[0]), str(story[1]), "--model", "no-such-model"],
        "malformed config": [str(story[0]), str(story[1]), "--config", str(config)],
        "threshold out of range": [str(story[0]), str(story[1]), "--threshold", "1.5"],
    }


@pytest.mark.parametrize("case", ["missing file", "empty file", "binary file", "one version", "unknown model",
                                  "malformed config", "threshold out of range"])
def test_bad_input_exits_2_with_one_line_and_no_output(case: str, tmp_path: Path, story: list[Path],
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    args = _bad_inputs(tmp_path, story)[case]
    out_file = tmp_path / "report.json"
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in tmp_path.iterdir() if p.is_file()}
    code, out, err = _run(["score", *args, "--format", "json", "-o", str(out_file)], capsys)
    assert code == 2, err
    assert err.startswith("drift: error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err
    assert not out_file.exists()
    assert not list(tmp_path.glob(".report.json.*"))
    after = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in before}
    assert after == before  # inputs are never modified


def test_bad_input_in_a_subprocess_has_no_traceback(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "drift.cli", "score", str(tmp_path / "missing.txt"),
                           str(tmp_path / "missing2.txt")], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "missing.txt" in proc.stderr


def test_write_atomic_leaves_old_file_when_interrupted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "r.json"
    target.write_text("old", encoding="utf-8")

    def boom(src: str, dst: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("os.replace", boom)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"]


def test_write_atomic_rejects_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(DriftError):
        write_atomic(tmp_path / "no" / "r.json", "x")


def test_score_writes_a_report_and_fail_on(tmp_path: Path, story: list[Path], encoder: object,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    out_file = tmp_path / "report.json"
    code, _, err = _run(["score", str(story[0]), str(story[1]), "-o", str(out_file)], capsys)
    assert code == 0, err
    report = json.loads(out_file.read_text(encoding="utf-8"))
    assert [d["id"] for d in report["documents"]] == ["a", "b"]
    assert report["settings"]["reference"] == "a"
    # --fail-on 0 fails whenever anything is flagged; --threshold 1.01 is rejected, 1.0 flags ~nothing.
    code, _, _ = _run(["score", str(story[0]), str(story[1]), "--format", "json", "--threshold", "0",
                       "--fail-on", "0"], capsys)
    assert code == (1 if report["findings"] else 0)
    code, out, _ = _run(["score", str(story[1]), str(story[0]), "--reference", str(story[0]), "--format", "json"],
                        capsys)
    assert code == 0 and json.loads(out)["settings"]["reference"] == "a"
