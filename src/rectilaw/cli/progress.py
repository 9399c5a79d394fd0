"""A progress line on standard error for long runs: rows done, rewritten in place.

A ledger of a few hundred thousand rows takes tens of seconds; without a sign
of life people interrupt it.  The line is drawn only on a terminal (a log
file or a pipe would fill with carriage returns), only once a run has lasted
long enough to need it, and at most a few times a second; it is wiped before
anything else is printed, so the summary is never mixed with it.
"""

from __future__ import annotations

import time
import unicodedata
from collections.abc import Callable
from typing import TextIO

__all__ = ["RowProgress"]


class RowProgress:
    """Called as ``progress(rows_done, rows_expected_or_None)``; :meth:`clear` wipes the line.

    ``delay`` is how long a run goes before the line appears, ``interval`` the
    least time between two redraws (seconds, measured by ``clock``).
    """

    def __init__(self, stream: TextIO, label: str, *, delay: float = 0.5,
                 interval: float = 0.25, clock: Callable[[], float] = time.monotonic,
                 lang: str = "en") -> None:
        self.stream = stream
        self.label = label
        self.lang = lang
        self.delay = delay
        self.interval = interval
        self.clock = clock
        self.started = clock()
        self.drawn_at: float | None = None
        self.width = 0

    def __call__(self, done: int, total: int | None) -> None:
        now = self.clock()
        if now - self.started < self.delay:
            return
        if self.drawn_at is not None and now - self.drawn_at < self.interval:
            return
        from rectilaw.ledger.messages import message

        if total:
            count = message("progress.of", self.lang, done=f"{done:,}", total=f"{total:,}",
                            percent=min(done * 100 // total, 100))
        else:
            count = message("progress.rows", self.lang, done=f"{done:,}")
        text = f"{self.label}: {count}"
        width = _width(text)
        self.stream.write("\r" + text + " " * max(self.width - width, 0))
        self.stream.flush()
        self.width = max(self.width, width)
        self.drawn_at = now

    def clear(self) -> None:
        """Wipe the line, if one was drawn."""
        if self.drawn_at is None:
            return
        self.stream.write("\r" + " " * self.width + "\r")
        self.stream.flush()
        self.drawn_at = None
        self.width = 0


def _width(text: str) -> int:
    """Terminal columns of ``text``: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
