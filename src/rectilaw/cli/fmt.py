"""``rectilaw fmt FILE...``: print, check or rewrite rule files in the canonical layout."""

from __future__ import annotations

import argparse
import difflib
import os
import tempfile
from collections.abc import Iterable
from typing import Any

from rectilaw.cli.command import (
    ERROR,
    FAILED,
    OK,
    Command,
    CommandError,
    Console,
    paint_diagnostic,
    to_json,
)
from rectilaw.cli.inputs import read_text

__all__ = ["COMMAND"]


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE",
                        help="rule files to format; `-` reads one from standard input")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true",
                      help="change nothing; exit 1 and name the files that are not formatted")
    mode.add_argument("--write", "-w", action="store_true",
                      help="rewrite the files that are not formatted, in place")
    parser.add_argument("--diff", "-d", action="store_true",
                        help="show the changes as a unified diff instead of the formatted text")


def _write(path: str, text: str) -> None:
    """Replace ``path`` atomically, so that an interrupted run never leaves half a file."""
    directory = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=".rectilaw-fmt-")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        os.chmod(temporary, os.stat(path).st_mode & 0o7777)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def _run(args: argparse.Namespace, console: Console) -> int:
    from rectilaw.dsl.formatter import format_source
    from rectilaw.errors import PolicyError

    code = OK
    records: list[dict[str, Any]] = []
    for path in args.files:
        name = "<stdin>" if path == "-" else path
        try:
            original = read_text(path)
            formatted = format_source(original, name)
        except CommandError as problem:
            console.print(f"rectilaw fmt: {problem}", err=True)
            records.append({"file": name, "changed": None, "error": str(problem)})
            code = ERROR
            continue
        except PolicyError as error:
            for diagnostic in error.diagnostics:
                console.print(paint_diagnostic(console, diagnostic, err=True), err=True)
            console.print(f"rectilaw fmt: `{name}` not formatted: it does not parse", err=True)
            records.append({"file": name, "changed": None,
                            "error": "it does not parse: " + "; ".join(
                                f"{d.span.line}:{d.span.column}: {d.message}"
                                if d.span is not None else d.message
                                for d in error.diagnostics)})
            code = ERROR
            continue
        changed = formatted != original
        if args.format == "json":
            record: dict[str, Any] = {"file": name, "changed": changed, "error": None}
            if args.write and changed and path != "-":
                _write(path, formatted)
            elif not (args.check or args.write):
                record["formatted"] = formatted
            records.append(record)
        elif args.diff:
            if changed:
                diff = difflib.unified_diff(
                    original.splitlines(keepends=True), formatted.splitlines(keepends=True),
                    f"{name} (original)", f"{name} (formatted)",
                )
                console.out.write("".join(_painted(console, diff)))
        elif args.check:
            if changed:
                console.print(f"would reformat {name}")
        elif args.write:
            if changed and path != "-":
                _write(path, formatted)
                console.print(f"reformatted {name}", err=True)
            elif path == "-":
                console.out.write(formatted)
        else:
            console.out.write(formatted)
        if changed and args.check and code == OK:
            code = FAILED
    if args.format == "json":
        console.print(to_json({
            "changed": sum(1 for r in records if r["changed"]),
            "errors": sum(1 for r in records if r["error"] is not None),
            "files": records,
        }))
    return code


def _painted(console: Console, lines: Iterable[str]) -> list[str]:
    out = []
    for line in lines:
        text = line if line.endswith("\n") else line + "\n"
        if text.startswith(("+++", "---")):
            out.append(console.paint(text.rstrip("\n"), "bold") + "\n")
        elif text.startswith("+"):
            out.append(console.paint(text.rstrip("\n"), "green") + "\n")
        elif text.startswith("-"):
            out.append(console.paint(text.rstrip("\n"), "red") + "\n")
        else:
            out.append(text)
    return out


COMMAND = Command(
    name="fmt",
    summary="format rule files in the one canonical layout",
    description=(
        "Format rule files in the one canonical layout, keeping every comment. Formatting\n"
        "never changes what a policy means, and formatting twice changes nothing.\n"
        "Without options the formatted text is printed; --check only reports (exit 1 if a\n"
        "file is not formatted), --write rewrites the files, --diff shows the changes.\n"
        "A file that does not parse is reported and left alone (exit 2). --format json says\n"
        "for each file whether it changes (and, printing, its formatted text)."
    ),
    examples=(
        "rectilaw fmt policies/sasac.rules            # print the formatted text",
        "rectilaw fmt --check policies/*.rules        # in CI: exit 1 if any is not formatted",
        "rectilaw fmt --check --diff policies/*.rules # ... and show what would change",
        "rectilaw fmt --write policies/*.rules        # rewrite them in place",
        "rectilaw fmt - < draft.rules > formatted.rules",
    ),
    configure=_configure,
    run=_run,
    formats=("text", "json"),
)
