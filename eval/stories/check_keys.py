#!/usr/bin/env python3
"""Check the answer keys of the bundled example stories.

Usage: python eval/stories/check_keys.py [STORY_DIR ...] [--strict]

Without arguments every folder under eval/stories/ that holds an
answer_key.json is checked. For each key it verifies:

- the shape: story, reference, versions, drifts, benign;
- every version listed has a UTF-8 file <version>.txt in the folder, every
  *.txt in the folder is listed, and the reference is one of the versions;
- drift ids are unique, each drift names a non-reference version and a valid
  category (entity, attribution, number, time, addition, omission, modality,
  framing, other); an addition has reference_text null, an omission has
  version_text null, every other drift has both;
- benign items have kind variant or paraphrase and both texts;
- every reference_text is an exact substring of the reference file and every
  version_text an exact substring of that version's file.

A span that occurs more than once in its file is a warning (an error with
--strict), since a scorer cannot tell which occurrence is meant.
Exit status 0 when every key is valid, 1 otherwise.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from drift.categories import DRIFT, INFORMATIONAL

DRIFT_CATEGORIES = set(DRIFT)
BENIGN_KINDS = set(INFORMATIONAL)
HERE = Path(__file__).resolve().parent


def check_story(folder: Path, strict: bool) -> tuple[list[str], list[str], dict]:
    errors: list[str] = []
    warnings: list[str] = []
    counts: dict = {"drifts": {}, "benign": {}}
    key_path = folder / "answer_key.json"
    try:
        key = json.loads(key_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return [f"{key_path}: cannot read: {exc}"], warnings, counts

    for field, typ in (("story", str), ("reference", str), ("versions", dict),
                       ("drifts", list), ("benign", list)):
        if not isinstance(key.get(field), typ):
            errors.append(f"{key_path}: '{field}' missing or not a {typ.__name__}")
    if errors:
        return errors, warnings, counts
    extra = set(key) - {"story", "reference", "versions", "drifts", "benign"}
    if extra:
        errors.append(f"{key_path}: unexpected top-level keys {sorted(extra)}")
    if key["story"] != folder.name:
        errors.append(f"{key_path}: story '{key['story']}' differs from folder name '{folder.name}'")

    texts: dict[str, str] = {}
    for vid, meta in key["versions"].items():
        if not isinstance(meta, dict) or not isinstance(meta.get("language"), str):
            errors.append(f"{key_path}: version {vid}: needs a 'language' string")
        path = folder / f"{vid}.txt"
        try:
            texts[vid] = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            errors.append(f"{path}: cannot read as UTF-8: {exc}")
    on_disk = {p.stem for p in folder.glob("*.txt")}
    for stray in sorted(on_disk - set(key["versions"])):
        errors.append(f"{folder}/{stray}.txt is not listed in versions")
    ref = key["reference"]
    if ref not in key["versions"]:
        errors.append(f"{key_path}: reference '{ref}' is not a version")
        return errors, warnings, counts

    def span(where: str, vid: str, text) -> None:
        if not isinstance(text, str) or not text:
            errors.append(f"{where}: expected a non-empty string for {vid}")
            return
        doc = texts.get(vid)
        if doc is None:
            return
        n = doc.count(text)
        if n == 0:
            errors.append(f"{where}: not found in {vid}.txt: {text!r}")
        elif n > 1:
            msg = f"{where}: occurs {n} times in {vid}.txt: {text!r}"
            (errors if strict else warnings).append(msg)

    seen_ids: set[str] = set()
    for i, d in enumerate(key["drifts"]):
        where = f"{key_path}: drift {d.get('id', i)}"
        did = d.get("id")
        if not isinstance(did, str) or did in seen_ids:
            errors.append(f"{where}: missing or duplicate id")
        seen_ids.add(did)
        cat, vid = d.get("category"), d.get("version")
        if cat not in DRIFT_CATEGORIES:
            errors.append(f"{where}: invalid category {cat!r}")
        if vid not in key["versions"] or vid == ref:
            errors.append(f"{where}: version {vid!r} is not a non-reference version")
            continue
        if not isinstance(d.get("note"), str) or not d["note"]:
            errors.append(f"{where}: needs a note")
        rt, vt = d.get("reference_text"), d.get("version_text")
        if cat == "addition":
            if rt is not None:
                errors.append(f"{where}: an addition has reference_text null")
        else:
            span(where + " reference_text", ref, rt)
        if cat == "omission":
            if vt is not None:
                errors.append(f"{where}: an omission has version_text null")
        else:
            span(where + " version_text", vid, vt)
        counts["drifts"][cat] = counts["drifts"].get(cat, 0) + 1

    for i, b in enumerate(key["benign"]):
        where = f"{key_path}: benign #{i + 1}"
        kind, vid = b.get("kind"), b.get("version")
        if kind not in BENIGN_KINDS:
            errors.append(f"{where}: invalid kind {kind!r}")
        if vid not in key["versions"] or vid == ref:
            errors.append(f"{where}: version {vid!r} is not a non-reference version")
            continue
        span(where + " reference_text", ref, b.get("reference_text"))
        span(where + " version_text", vid, b.get("version_text"))
        counts["benign"][kind] = counts["benign"].get(kind, 0) + 1
    return errors, warnings, counts


def main(argv: list[str]) -> int:
    strict = "--strict" in argv
    args = [a for a in argv if a != "--strict"]
    folders = [Path(a) for a in args] or sorted(p.parent for p in HERE.glob("*/answer_key.json"))
    if not folders:
        print("no answer_key.json found", file=sys.stderr)
        return 1
    total_errors = 0
    totals: dict = {"drifts": {}, "benign": {}}
    for folder in folders:
        errors, warnings, counts = check_story(folder, strict)
        for w in warnings:
            print("warning:", w)
        for e in errors:
            print("error:", e)
        total_errors += len(errors)
        nd, nb = sum(counts["drifts"].values()), sum(counts["benign"].values())
        print(f"{folder.name}: {'OK' if not errors else 'FAILED'} "
              f"({nd} drifts, {nb} benign)")
        for part in ("drifts", "benign"):
            for k, v in counts[part].items():
                totals[part][k] = totals[part].get(k, 0) + v
    print("drifts by category:", ", ".join(
        f"{c}={totals['drifts'].get(c, 0)}" for c in sorted(DRIFT_CATEGORIES)))
    print("benign by kind:", ", ".join(
        f"{k}={totals['benign'].get(k, 0)}" for k in sorted(BENIGN_KINDS)))
    return 1 if total_errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
