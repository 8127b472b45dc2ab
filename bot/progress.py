"""Progress of long work (backup, restore, import, export) for the person at the terminal.

On a TTY one line is redrawn in place (`\\r`), at most a few times a second so the
terminal is not the bottleneck; elsewhere (systemd, cron, a pipe into a log file) plain
lines are printed every few seconds, e.g. "imported 10000/50000 rows", because `\\r`
turns a log into one unreadable line.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from types import TracebackType
from typing import TextIO

BAR_WIDTH = 24


class Progress:
    """Makes `Task`s that write to one stream; `Progress.silent()` writes nothing."""

    def __init__(
        self,
        stream: TextIO | None = None,
        *,
        tty: bool | None = None,
        redraw_every: float = 0.2,
        line_every: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.tty = _isatty(self.stream) if tty is None else tty
        self.redraw_every = redraw_every
        self.line_every = line_every
        self.clock = clock
        self.enabled = True

    @classmethod
    def silent(cls) -> Progress:
        progress = cls()
        progress.enabled = False
        return progress

    def task(self, verb: str, total: int | None = None, unit: str = "rows") -> Task:
        """`verb` is past tense: `task("imported", 50000)` reports "imported 10000/50000 rows"."""
        return Task(self, verb, total, unit)


class Task:
    """One counted piece of work; use as a context manager so the last count is always shown."""

    def __init__(self, progress: Progress, verb: str, total: int | None, unit: str) -> None:
        self.progress = progress
        self.verb = verb
        self.total = total
        self.unit = unit
        self.done = 0
        self._shown_at: float | None = None
        self._shown_done: int | None = None
        self._closed = False

    def __enter__(self) -> Task:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def advance(self, count: int = 1) -> None:
        self.update(self.done + count)

    def update(self, done: int, total: int | None = None) -> None:
        self.done = done
        if total is not None:
            self.total = total
        if not self.progress.enabled or self._closed:
            return
        now = self.progress.clock()
        every = self.progress.redraw_every if self.progress.tty else self.progress.line_every
        if self._shown_at is None or now - self._shown_at >= every:
            self._show(now)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if not self.progress.enabled:
            return
        if self._shown_done != self.done or self._shown_at is None:
            self._show(self.progress.clock())
        if self.progress.tty:
            self.progress.stream.write("\n")
            self.progress.stream.flush()

    def text(self) -> str:
        if self.total is None:
            return f"{self.verb} {self.done} {self.unit}"
        return f"{self.verb} {self.done}/{self.total} {self.unit}"

    def _show(self, now: float) -> None:
        stream = self.progress.stream
        if self.progress.tty:
            stream.write("\r" + self._bar() + self.text() + "\x1b[K")
        else:
            stream.write(self.text() + "\n")
        stream.flush()
        self._shown_at = now
        self._shown_done = self.done

    def _bar(self) -> str:
        if not self.total:
            return ""
        fraction = min(1.0, self.done / self.total)
        filled = round(fraction * BAR_WIDTH)
        return f"[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {fraction:4.0%} "


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
