"""Progress bars for the slow steps (building the model, encoding a large story).

One small API so the pipeline never imports a progress library itself::

    with progress_bar(len(batches), "Encoding sentences", enabled=progress) as bar:
        for batch in batches:
            ...
            bar.advance(1)

The bar draws on standard error, only when it is a terminal and ``enabled`` (the CLI passes
``not --quiet``); it appears only once the work has taken ``delay`` seconds, so a fast run
prints nothing, and it disappears when done, leaving the report output clean.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeRemainingColumn

DEFAULT_DELAY = 2.0  # seconds of silence before a bar appears


class ProgressBar:
    """A bar that starts drawing lazily; a no-op when disabled (same interface either way)."""

    def __init__(self, total: int, description: str, *, enabled: bool, delay: float = DEFAULT_DELAY,
                 stream: TextIO | None = None) -> None:
        self.total = max(int(total), 0)
        self.description = description
        self.completed = 0
        self.delay = delay
        self._started_at = time.monotonic()
        self._progress: Progress | None = None
        self._task: TaskID | None = None
        stream = stream if stream is not None else sys.stderr
        self.enabled = bool(enabled) and _is_terminal(stream)
        self._stream = stream

    def advance(self, n: int = 1) -> None:
        """Record ``n`` more steps done; draws the bar once ``delay`` seconds have passed."""
        self.completed += n
        if not self.enabled:
            return
        if self._progress is None:
            if time.monotonic() - self._started_at < self.delay:
                return
            self._start()
        assert self._progress is not None and self._task is not None
        self._progress.update(self._task, completed=self.completed)

    def set_description(self, description: str) -> None:
        self.description = description
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, description=description)

    def _start(self) -> None:
        console = Console(file=self._stream, force_terminal=True)
        self._progress = Progress(
            TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(),
            TimeRemainingColumn(), console=console, transient=True)
        self._progress.start()
        self._task = self._progress.add_task(self.description, total=self.total or None,
                                             completed=self.completed)

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or fake stream is not a terminal
        return False


@contextmanager
def progress_bar(total: int, description: str, *, enabled: bool, delay: float = DEFAULT_DELAY,
                 stream: TextIO | None = None) -> Iterator[ProgressBar]:
    """A progress bar for ``total`` steps on stderr; silent unless ``enabled`` and on a terminal."""
    bar = ProgressBar(total, description, enabled=enabled, delay=delay, stream=stream)
    try:
        yield bar
    finally:
        bar.close()


__all__ = ["ProgressBar", "progress_bar"]
