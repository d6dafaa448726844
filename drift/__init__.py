"""drift: find where N versions of one story (any languages) differ in meaning.

>>> import drift
>>> report = drift.compare(["wire.txt", "le_monde.txt", "bta.txt"], all_pairs=True)
>>> print(report.to_json())
"""

__version__ = "0.1.0"


def __getattr__(name: str):
    # Lazy: `import drift` stays cheap (no torch) until the pipeline is actually used.
    if name in ("compare", "as_documents"):
        from drift import api
        return getattr(api, name)
    if name == "compare_corpus":
        from drift.corpus import compare_corpus
        return compare_corpus
    if name == "Report":
        from drift.report.base import Report
        return Report
    if name == "load_config":
        from drift.config import load_config
        return load_config
    raise AttributeError(f"module 'drift' has no attribute {name!r}")


__all__ = ["__version__", "compare", "compare_corpus", "as_documents", "Report", "load_config"]
