"""The consistency analysis, run beside the server within a time budget.

Parsing and checking take milliseconds and run as the author types; the
analysis can take seconds (a solver, or a search), so it runs in a worker
process of its own after the text has been still for a moment.  A worker that
has not answered within the budget is ended (a thread could not be), and the
author is told that the analysis was cut short rather than shown nothing; the
next analysis starts a fresh worker.

The worker gives back exactly what ``rectilaw check`` reports for the text,
as :meth:`~rectilaw.errors.Diagnostic.to_dict` mappings.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
import threading
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

import attrs

__all__ = ["AnalysisResult", "AnalysisRunner"]


@attrs.frozen
class AnalysisResult:
    """The diagnostics of ``rectilaw check`` for one text, or why there are none."""

    diagnostics: tuple[dict[str, Any], ...] = ()
    timed_out: bool = False
    failure: str | None = None


def _serve(connection: Connection) -> None:
    """The worker: analyse each ``(text, filename, prover)`` received, until told to stop.

    Its standard output is the server's channel to the editor: anything printed
    there would corrupt it, so it goes to standard error instead.  It runs at a
    lower priority than the server, whose checks keep pace with the typing.
    """
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    if hasattr(os, "nice"):
        os.nice(10)  # the checks the author waits for come first
    from rectilaw.lsp import adapter

    while True:
        try:
            request = connection.recv()
        except EOFError:
            return
        if request is None:
            return
        text, filename, prover = request
        try:
            found = [d.to_dict() for d in adapter.diagnose(text, filename, prover)]
            connection.send(("ok", found))
        except Exception as error:  # reported to the author as a message, never a traceback
            connection.send(("failed", f"{type(error).__name__}: {error}"))


class AnalysisRunner:
    """One worker process, started on first use and replaced when it overruns its budget."""

    def __init__(self, budget: float, prover: str = "auto") -> None:
        self.budget = budget
        self.prover = prover
        self._lock = threading.Lock()
        self._process: BaseProcess | None = None
        self._connection: Connection | None = None

    def _start(self) -> Connection:
        context = multiprocessing.get_context("spawn")
        ours, theirs = context.Pipe()
        process = context.Process(target=_serve, args=(theirs,), daemon=True,
                                  name="rectilaw-analysis")
        process.start()
        theirs.close()
        self._process, self._connection = process, ours
        return ours

    def run(self, text: str, filename: str) -> AnalysisResult:
        """Analyse ``text`` (blocking, at most about ``budget`` seconds); one at a time."""
        with self._lock:
            connection = self._connection or self._start()
            try:
                connection.send((text, filename, self.prover))
                if not connection.poll(self.budget):
                    self._stop()
                    return AnalysisResult(timed_out=True)
                status, payload = connection.recv()
            except (EOFError, OSError, BrokenPipeError) as error:
                self._stop()
                return AnalysisResult(failure=f"the analysis stopped: {error or 'no answer'}")
            if status != "ok":
                return AnalysisResult(failure=str(payload))
            return AnalysisResult(tuple(payload))

    def _stop(self) -> None:
        process, connection = self._process, self._connection
        self._process = self._connection = None
        if connection is not None:
            connection.close()
        if process is not None:
            process.terminate()
            process.join(timeout=2)
            if process.is_alive():
                process.kill()
                process.join(timeout=2)

    def close(self) -> None:
        """End the worker, politely first."""
        with self._lock:
            if self._connection is not None:
                with contextlib.suppress(OSError, BrokenPipeError):
                    self._connection.send(None)
            if self._process is not None:
                self._process.join(timeout=1)
            self._stop()
