"""A progress line on standard error for long runs over many files.

It shows files done out of the total, records per second and MB per second. It appears
only after a short delay (quick runs never show it), redraws at most a few times a second
and erases itself before any report line is written and at the end, so the terminal keeps
only the report. The CLI creates one only when standard error is a terminal and the output
format is ``text``: never in machine output, never in a pipe or a CI log.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from typing import TextIO

_WIDTH = 24
_ERASE = "\r\x1b[K"


class Progress:
    """Progress of a run over ``total`` files.

    Args:
        total: number of files.
        stream: where to draw (standard error).
        delay: seconds before the line first appears.
        interval: least seconds between two redraws.
        clock: a monotonic clock (tests pass a fake one).
        columns: width of the terminal; ``None`` asks the terminal at each draw. The line
            is cut to fit, since a wrapped line could no longer be erased.
    """

    def __init__(
        self,
        total: int,
        stream: TextIO,
        *,
        delay: float = 0.5,
        interval: float = 0.1,
        clock: Callable[[], float] = time.monotonic,
        columns: int | None = None,
    ) -> None:
        self.total = total
        self.stream = stream
        self.delay = delay
        self.interval = interval
        self.clock = clock
        self.columns = columns
        self.started = clock()
        self.files = 0
        self.records = 0
        self.bytes = 0
        self._drawn = False
        self._last_draw: float | None = None

    def advance(self, *, records: int | None = None, size: int | None = None) -> None:
        """Count one more file done, then redraw if it is time to."""
        self.files += 1
        self.records += records or 0
        self.bytes += size or 0
        now = self.clock()
        if now - self.started < self.delay:
            return
        if self._last_draw is not None and now - self._last_draw < self.interval and self.files < self.total:
            return
        self._draw(now)

    def line(self, now: float | None = None) -> str:
        """The progress text as it would be drawn now."""
        now = self.clock() if now is None else now
        elapsed = max(now - self.started, 1e-9)
        done = int(_WIDTH * self.files / self.total) if self.total else _WIDTH
        bar = "#" * done + "." * (_WIDTH - done)
        return (
            f"[{bar}] {self.files}/{self.total} files  "
            f"{self.records / elapsed:,.0f} records/s  {self.bytes / elapsed / 1e6:,.1f} MB/s"
        )

    def _draw(self, now: float) -> None:
        columns = self.columns or shutil.get_terminal_size().columns
        self.stream.write(_ERASE + self.line(now)[: max(columns - 1, 1)])
        self.stream.flush()
        self._drawn = True
        self._last_draw = now

    @property
    def drawn(self) -> bool:
        """The line is showing now."""
        return self._drawn

    def clear(self) -> None:
        """Erase the line (before report text goes to the same terminal)."""
        if self._drawn:
            self.stream.write(_ERASE)
            self.stream.flush()
            self._drawn = False

    def redraw(self) -> None:
        """Draw the line again after :meth:`clear`, if it was showing."""
        if self._last_draw is not None:
            self._draw(self.clock())

    def close(self) -> None:
        """Erase the line for good."""
        self.clear()
        self._last_draw = None
