"""Components registered with their settings: detectors, views and encoder sources by name; the
loaded config is the config used."""

from __future__ import annotations

from pathlib import Path

import pytest
from fakes import FakeEncoder, fake_config
from pairs import make_pair

import drift
from drift.cli import _parser, main
from drift.config import MODEL_SOURCES, load_config
from drift.detect import DETECTORS, build_detectors, detector_settings, enabled_detectors
from drift.detect.numbers import NumberDetector, NumberSettings
from drift.encoders import SOURCES
from drift.errors import DriftError
from drift.report import FORMATS, VIEWS

CHANGED = ("At least 30 people were killed in the strikes.", "At least 13 people were killed in the strikes.")


def _user_config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "user.toml"
    path.write_text(text, "utf-8")
    return path


def test_every_detector_is_registered_with_settings_and_enabled_by_default() -> None:
    assert set(enabled_detectors(load_config())) == set(DETECTORS.names())
    for component in DETECTORS:
        defaults = component.defaults()
        assert component.factory(defaults, None).settings == defaults


def test_a_users_detector_settings_change_the_provisional_severity(tmp_path: Path) -> None:
    pair, story = make_pair(*CHANGED)
    [before] = NumberDetector().detect(pair, story)
    config = load_config(_user_config(tmp_path, "[detectors.numbers]\nchange_base = 0.05\n"))
    assert detector_settings(config, "numbers") == NumberSettings(change_base=0.05)
    [numbers] = [d for d in build_detectors(config, config.model_spec()) if isinstance(d, NumberDetector)]
    [after] = numbers.detect(pair, story)
    assert after.category == before.category == "number"
    assert after.severity == pytest.approx(before.severity - 0.20, abs=1e-3)


@pytest.mark.parametrize(("table", "message"), [
    ("[detectors.numbers]\nchange_bas = 0.3\n", "detector 'numbers' has no setting 'change_bas'"),
    ("[detectors.numbers]\nchange_base = \"high\"\n", "detector 'numbers': change_base must be float"),
    ("[detectors.entities]\nreport_variants = 1\n", "detector 'entities': report_variants must be bool"),
    ("[detectors]\nenabled = [\"numbers\", \"rumours\"]\n", "unknown detector.* rumours"),
])
def test_bad_detector_settings_are_one_line_errors(tmp_path: Path, table: str, message: str) -> None:
    config = load_config(_user_config(tmp_path, table))
    with pytest.raises(DriftError, match=message) as caught:
        build_detectors(config, config.model_spec())
    assert "\n" not in str(caught.value)


def test_only_the_enabled_detectors_run() -> None:
    config = load_config().with_detectors(["time", "numbers"])
    assert enabled_detectors(config) == ("time", "numbers")
    assert [d.name for d in build_detectors(config, config.model_spec())] == ["time", "numbers"]


def test_cli_choices_come_from_the_registries(capsys: pytest.CaptureFixture[str]) -> None:
    score = next(a for a in _parser()._subparsers._group_actions[0].choices["score"]._actions  # type: ignore[union-attr]
                 if a.dest == "format")
    assert tuple(score.choices) == FORMATS == VIEWS.names()
    assert main(["score", "a.txt", "b.txt", "--detectors", "numbers,rumours"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unknown detector(s) rumours" in err
    assert SOURCES.names() == MODEL_SOURCES


def test_the_loaded_boilerplate_and_batch_size_are_used(tmp_path: Path) -> None:
    a = "The port reopened on Monday.\nSponsored by Acme Shipping Ltd\n"
    b = "The port reopened on Monday.\nSponsored by Acme Shipping Ltd\n"
    shipped = fake_config()
    assert not any(s.boilerplate for s in drift.compare([a, b], config=shipped, encoder=FakeEncoder())
                   .sentences["doc0"])
    user = fake_config(load_config(_user_config(
        tmp_path, "[drift]\nbatch_size = 7\n[boilerplate]\nextra = ['sponsored by .{1,40}']\n")))
    encoder = FakeEncoder()
    report = drift.compare([a, b], config=user, encoder=encoder)
    assert [s.boilerplate for s in report.sentences["doc0"]] == [False, True]
    assert encoder.batch_sizes and set(encoder.batch_sizes) == {7}
