"""What every command shares: its description, the console it writes to, its exit codes.

Exit codes separate "the answer is bad" from "the command failed":
:data:`OK` (0), :data:`FAILED` (1: a failing check or test) and :data:`ERROR`
(2: a usage or input error).  A command signals an input error by raising
:class:`CommandError` (or letting a PolicyError, FindingError or OSError
through); :func:`rectilaw.cli.main` turns it into a message and exit code 2,
never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple, TextIO

if TYPE_CHECKING:
    from rectilaw.errors import Diagnostic, PolicyError

__all__ = [
    "ERROR", "FAILED", "OK", "Command", "CommandError", "Console", "paint_diagnostic",
    "render_policy_error", "to_json",
]

OK = 0
FAILED = 1
ERROR = 2


class CommandError(Exception):
    """A usage or input error: shown as ``rectilaw <command>: <message>``, exit code 2."""


class Command(NamedTuple):
    """One ``rectilaw`` command: its help texts, its options and what it does.

    ``configure`` adds the command's own arguments to its parser; ``run`` does
    the work and returns the exit code.  ``examples`` are shown by ``--help``.

    The options every command spells alike are declared, not written, and
    :mod:`rectilaw.cli.options` adds them: ``formats`` (the first is not the
    default: ``default_format`` is) gives ``--format/-f`` and ``--output/-o``,
    the report then being written to the file the command prints to standard
    output (``short_output=False`` where ``-o`` already meant something else);
    ``evaluates`` gives ``--calendar``.  A command keeps its module's imports
    light and imports the engine in ``run``, so that ``--help`` and
    ``--version`` stay fast (a named tuple, not a dataclass, for the same reason).
    """

    name: str
    summary: str
    description: str
    examples: tuple[str, ...]
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace, Console], int]
    formats: tuple[str, ...] = ()
    default_format: str = "text"
    short_output: bool = True
    evaluates: bool = False


_STYLES = {"red": "31", "green": "32", "yellow": "33", "bold": "1", "dim": "2"}


class Console:
    """Where a command writes: standard output and error, coloured only on a terminal.

    Colour is used on a stream only if it is a terminal and ``NO_COLOR`` is not
    set (https://no-color.org), so piped and captured output is plain text.
    ``err_terminal`` says whether standard error is a terminal, colour or not:
    only there is a progress line that rewrites itself readable.
    """

    def __init__(self, out: TextIO, err: TextIO,
                 environ: Mapping[str, str] | None = None) -> None:
        self.out = out
        self.err = err
        env = os.environ if environ is None else environ
        plain = bool(env.get("NO_COLOR")) or env.get("TERM") == "dumb"
        self.err_terminal = _is_tty(err)
        self.color_out = not plain and _is_tty(out)
        self.color_err = not plain and self.err_terminal

    def print(self, text: str = "", *, err: bool = False) -> None:
        """Write ``text`` and a newline; control characters are shown escaped (see
        :func:`visible`), so that no ledger cell or finding field can drive the terminal."""
        stream = self.err if err else self.out
        stream.write(visible(text) + "\n")

    def paint(self, text: str, style: str, *, err: bool = False) -> str:
        """``text`` in ``style`` (red, green, yellow, bold, dim) if that stream takes colour."""
        if not (self.color_err if err else self.color_out):
            return text
        return f"\x1b[{_STYLES[style]}m{text}\x1b[0m"


#: Control characters but newline and tab (C0, DEL, C1), and the line and paragraph
#: separators; an escape that starts one of our own colours (SGR, ``ESC [ … m``) is kept.
_CONTROL = re.compile("\x1b(?!\\[[0-9;]*m)|[\x00-\x08\x0b-\x1a\x1c-\x1f\x7f-\x9f\u2028\u2029]")


def visible(text: str) -> str:
    """``text`` with every control character written as its ``\\uXXXX`` escape.

    Values from a ledger or a finding may hold terminal escapes (clearing the screen,
    setting the window title, writing the clipboard with OSC 52): printed raw, the terminal
    would obey them.  The escape form is valid JSON too, inside a string.
    """
    return _CONTROL.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def _is_tty(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty()) if isatty is not None else False
    except ValueError:
        return False


def to_json(data: Any) -> str:
    """Stable JSON for machines: keys in the documented order, UTF-8 text kept readable."""
    return json.dumps(data, ensure_ascii=False, indent=2)


def render_policy_error(error: PolicyError, command: str) -> str:
    """Each diagnostic of ``error``; one without a place in a file names the command instead."""
    return "\n\n".join(
        d.render() if d.span is not None else f"rectilaw {command}: {d.render()}"
        for d in error.diagnostics
    )


def paint_diagnostic(console: Console, diagnostic: Diagnostic, *, err: bool = False) -> str:
    """A diagnostic as :meth:`Diagnostic.render` gives it, its first line coloured by severity."""
    head, newline, rest = diagnostic.render().partition("\n")
    style = "red" if diagnostic.severity == "error" else "yellow"
    return console.paint(head, style, err=err) + newline + rest
