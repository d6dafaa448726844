"""Hand-built aligned pairs for detector tests (no model, no segmenter)."""

from __future__ import annotations

from drift.detect.base import AlignedPair, Story
from drift.documents import Document
from drift.segment import Sentence


def make_pair(src: str, tgt: str, src_lang: str = "en", tgt_lang: str = "en", *,
              settings: dict | None = None, prefix: str = "Intro. ") -> tuple[AlignedPair, Story]:
    """A one-sentence link; the sentence sits after a prefix so offsets are document-absolute."""
    docs, sents = [], {}
    for doc_id, text, lang in (("ref", src, src_lang), ("other", tgt, tgt_lang)):
        doc = Document(id=doc_id, text=prefix + text, language=lang)
        docs.append(doc)
        sents[doc_id] = [Sentence(0, 0, len(prefix) - 1, prefix[:-1]),
                         Sentence(1, len(prefix), len(doc.text), text)]
    pair = AlignedPair(docs[0], docs[1], [sents["ref"][1]], [sents["other"][1]], 0.9)
    return pair, Story(docs, sents, settings or {})
