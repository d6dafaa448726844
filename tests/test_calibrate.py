"""eval/calibrate.py's severity file: finding and event models live in one file per model, and
re-fitting one kind keeps the other."""

from __future__ import annotations

from pathlib import Path

from drift.config import read_toml
from eval.calibrate import fit, flag_quality, write_models


def test_fitting_events_keeps_the_finding_models_and_back(tmp_path: Path) -> None:
    path = tmp_path / "model.toml"
    finding_models = {"omission:spans": {"cut": 0.7, "positives": 9, "negatives": 12}}
    event_models = {"event:modality": {"cut": 0.3, "positives": 6, "negatives": 40}}
    write_models(path, finding_models, "findings", events=False)
    write_models(path, event_models, "events", events=True)
    table = read_toml(path)
    assert table["omission:spans"]["cut"] == 0.7 and table["event:modality"]["cut"] == 0.3
    write_models(path, {"omission:spans": {"cut": 0.6, "positives": 9, "negatives": 12}}, "again", events=False)
    table = read_toml(path)
    assert table["omission:spans"]["cut"] == 0.6 and table["event:modality"]["cut"] == 0.3
    write_models(path, {}, "no event model", events=True)
    assert set(read_toml(path)) == {"omission:spans"}


def test_an_event_cut_is_fitted_where_it_separates_real_drift_from_noise() -> None:
    # Real injected hedges score 0.30-0.40 provisionally, grammatical ones 0.05-0.20: the fitted
    # cut flags the first and not the second; framing, with too few labelled events, keeps its prior.
    samples = [("event:modality", {"prior": 0.30 + 0.01 * k}, 1) for k in range(10)]
    samples += [("event:modality", {"prior": 0.05 + 0.01 * k}, 0) for k in range(16)]
    samples += [("event:framing", {"prior": 0.7}, 1), ("event:framing", {"prior": 0.2}, 0)]
    models = fit(samples, silence_unseen=False)
    assert 0.2 < models["event:modality"]["cut"] <= 0.30 and "event:framing" not in models
    quality = flag_quality(samples, models)
    assert quality["modality"]["precision"] == 1.0 and quality["modality"]["recall"] == 1.0
    assert flag_quality(samples, {})["modality"]["recall"] == 0.0


def test_a_fitted_cut_is_kept_only_where_the_held_out_half_confirms_it() -> None:
    from eval.calibrate import confirmed

    models = {"event:omission": {"cut": 0.7}, "event:addition": {"cut": 0.3}}
    # Held out: omissions at 0.6 are noise (the cut removes them: better); additions at 0.4 are noise
    # too, and the lowered cut would flag them (worse).
    held_out = [("event:omission", {"prior": 0.6}, 0)] * 4 + [("event:omission", {"prior": 0.8}, 1)]
    held_out += [("event:addition", {"prior": 0.4}, 0)] * 4 + [("event:addition", {"prior": 0.6}, 1)]
    assert set(confirmed(models, held_out)) == {"event:omission"}
