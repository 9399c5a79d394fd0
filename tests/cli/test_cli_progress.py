"""The progress line of long runs: drawn on a terminal only, seldom, and wiped afterwards."""

from __future__ import annotations

import functools
import io
import sys

import pytest
from cli_golden import ROOT, run

import rectilaw.cli.ledger
from rectilaw.cli import main
from rectilaw.cli.progress import RowProgress


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_nothing_is_drawn_before_the_delay() -> None:
    clock, stream = _Clock(), io.StringIO()
    progress = RowProgress(stream, "run", delay=1.0, clock=clock)
    clock.now = 0.9
    progress(100, 1000)
    progress.clear()
    assert stream.getvalue() == ""


def test_redraws_are_throttled_and_the_line_is_wiped() -> None:
    clock, stream = _Clock(), io.StringIO()
    progress = RowProgress(stream, "run", delay=0.5, interval=0.25, clock=clock)
    clock.now = 0.6
    progress(8192, 100000)
    clock.now = 0.7
    progress(16384, 100000)        # too soon after the last: skipped
    clock.now = 0.9
    progress(24576, None)
    first, second = "run: 8,192 rows of 100,000 (8%)", "run: 24,576 rows"
    drawn = stream.getvalue()
    assert drawn == f"\r{first}\r{second}" + " " * (len(first) - len(second))
    progress.clear()
    assert stream.getvalue() == drawn + "\r" + " " * len(first) + "\r"


def test_the_percentage_never_passes_100() -> None:
    clock, stream = _Clock(), io.StringIO()
    progress = RowProgress(stream, "run", delay=0, clock=clock)
    progress(12, 10)
    assert stream.getvalue() == "\rrun: 12 rows of 10 (100%)"


ARGV = ["ledger", "tests/golden/inputs/ledger.csv", "-p", "mini", "-t", "2024-05-29", "--json",
        "--lang", "en"]
NOTE = ("rectilaw ledger: 2 of 10 rows could not be evaluated (listed with their row numbers "
        "and fields in the summary)")


@pytest.mark.usefixtures("fixture_builtins")
def test_ledger_shows_progress_on_a_terminal_only(capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rectilaw.cli.ledger, "RowProgress",
                        functools.partial(RowProgress, delay=0))
    piped = run(ARGV, capsys, monkeypatch)
    assert piped.err == NOTE + "\n"
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    shown = run(ARGV, capsys, monkeypatch)
    assert shown.out == piped.out
    line = "rectilaw ledger: 10 rows of 10 (100%)"
    assert terminal.getvalue() == f"\r{line}\r{' ' * len(line)}\r\x1b[33m{NOTE}\x1b[0m\n"


@pytest.mark.usefixtures("fixture_builtins")
def test_no_color_keeps_the_progress_line_but_drops_colour(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rectilaw.cli.ledger, "RowProgress",
                        functools.partial(RowProgress, delay=0))
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("NO_COLOR", "1")
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(ARGV) == 0
    line = "rectilaw ledger: 10 rows of 10 (100%)"
    assert terminal.getvalue() == f"\r{line}\r{' ' * len(line)}\r{NOTE}\n"
