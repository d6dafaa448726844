"""Read SwissGov-RSD pages as a media monitor would: each document as one four-version story.

    python eval/swissgov_stories.py [--data DIR] [--documents 1,5,22]

Every development document of ``../shared/data/swissgov_rsd/`` exists in English and in German,
French and Italian (``dev_{de,fr,it}.jsonl``, one line per document, the same English page on
the same line of each file). The four pages are scored together with ``drift.compare`` and the
flagged events are printed, one line each ("d<line> severity category explanation"), then the
count of stories, of flags per category, and of stories that raised an error (printed with the
error; the run goes on). The pages were written separately, so many flags are real: this is a
reading list for checking precision by eye on text nobody here wrote, not a score (the ``rsd``
suite scores the flags against the human labels).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from drift.evaluation.paths import DATA

LANGUAGES = ("de", "fr", "it")


def load_stories(folder: Path) -> list[tuple[int, dict[str, str]]]:
    """(line number, {language: text}) of every document whose English page is the same in the
    three files."""
    rows = {lang: [json.loads(line) for line in (folder / f"dev_{lang}.jsonl").open(encoding="utf-8")]
            for lang in LANGUAGES}
    stories = []
    for k in range(min(len(r) for r in rows.values())):
        if len({rows[lang][k]["page_en"] for lang in LANGUAGES}) != 1:
            continue
        texts = {"en": rows["de"][k]["text_a"]}
        texts.update({lang: rows[lang][k]["text_b"] for lang in LANGUAGES})
        stories.append((k, texts))
    return stories


def main(argv: Sequence[str] | None = None) -> int:
    from drift.api import compare
    from drift.config import load_config
    from drift.documents import document_from_text
    from drift.encoders import load_encoder

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA / "swissgov_rsd")
    parser.add_argument("--documents", default=None, help="comma-separated line numbers (default: all)")
    args = parser.parse_args(argv)
    only = {int(x) for x in args.documents.split(",")} if args.documents else None
    config = load_config()
    encoder = load_encoder(config.model_spec())
    flags: Counter[str] = Counter()
    stories = errors = 0
    for k, texts in load_stories(args.data):
        if only is not None and k not in only:
            continue
        stories += 1
        documents = [document_from_text(text, lang, language=lang) for lang, text in texts.items()]
        try:
            report = compare(documents, config=config, encoder=encoder)
        except Exception as error:  # a reading list: one story's error must not end the run
            errors += 1
            print(f"d{k} ERROR {error!r}", flush=True)
            continue
        for event in report.flagged:
            flags[event.category] += 1
            print(f"d{k} {event.severity:.2f} {event.category} {event.explanation[:160]}", flush=True)
    by_category = ", ".join(f"{category} {n}" for category, n in flags.most_common())
    print(f"{stories} stories, {sum(flags.values())} flagged ({by_category}); {errors} raised an error")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
