"""Corpus mode: a feed of articles in, stories found, every story scored (``drift corpus``).

>>> import drift
>>> result = drift.compare_corpus("feed.jsonl", "out/")            # or engine="ray"
>>> result.index_path, result.events_path
"""

from drift.corpus.run import ENGINES, CorpusResult, compare_corpus

__all__ = ["ENGINES", "CorpusResult", "compare_corpus"]
