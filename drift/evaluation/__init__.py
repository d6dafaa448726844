"""Evaluation suites of ``drift eval``, one module each, and the runner that reports them.

- ``textberg``: sentence alignment on Text+Berg (German-French);
- ``refresd``: sentence- and token-level divergence on REFreSD (English-French);
- ``synthetic``: drifts injected into clean one-sentence units written for this project;
- ``stories``: the bundled stories against their answer keys;
- ``runner``: ``evaluate`` (the JSON object of report-format.md) and ``run_eval`` (the CLI).

Import the suite modules directly (``from drift.evaluation import refresd``); this package
itself imports nothing heavy.
"""
