"""drift: find where N versions of one story (any languages) differ in meaning."""

__version__ = "0.1.0"
