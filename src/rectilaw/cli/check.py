"""``rectilaw check FILE...``: parse, check and analyse rule files; report every problem."""

from __future__ import annotations

import argparse

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
from rectilaw.dsl.checker import check
from rectilaw.dsl.parser import parse
from rectilaw.errors import Diagnostic, PolicyError

__all__ = ["COMMAND", "diagnose"]


def diagnose(text: str, filename: str) -> list[Diagnostic]:
    """Every error and warning of a rule file, sorted by position.

    Errors stop at the parser's first syntax error, else the checker reports all
    of its problems at once; a policy that checks gets its warnings.
    """
    try:
        model = check(parse(text, filename))
    except PolicyError as error:
        return list(error.diagnostics)
    diagnostics = list(model.warnings)
    return sorted(diagnostics, key=lambda d: d.sort_key)


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE",
                        help="rule files to check; `-` reads one from standard input")
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="text for people (default), json for editors and CI")


def _run(args: argparse.Namespace, console: Console) -> int:
    found: list[Diagnostic] = []
    unreadable = False
    for path in args.files:
        try:
            text = read_text(path)
        except CommandError as problem:
            console.print(f"rectilaw check: {problem}", err=True)
            unreadable = True
            continue
        found.extend(diagnose(text, "<stdin>" if path == "-" else path))
    errors = sum(1 for d in found if d.severity == "error")
    warnings = len(found) - errors
    if args.format == "json":
        console.print(to_json({
            "errors": errors,
            "warnings": warnings,
            "diagnostics": [d.to_dict() for d in found],
        }))
    elif found:
        for diagnostic in found:
            console.print(paint_diagnostic(console, diagnostic))
            console.print()
        console.print(_summary(errors, warnings, len(args.files)))
    if unreadable:
        return ERROR
    return FAILED if errors else OK


def _summary(errors: int, warnings: int, files: int) -> str:
    def count(n: int, what: str) -> str:
        return f"{n} {what}{'' if n == 1 else 's'}"

    return f"{count(errors, 'error')} and {count(warnings, 'warning')} in {count(files, 'file')}"


COMMAND = Command(
    name="check",
    summary="parse, check and analyse rule files",
    description=(
        "Parse, check and analyse rule files (.rules). Silent when a file is clean; otherwise\n"
        "each error and warning as `file:line:col: code: message` with the source line, a\n"
        "caret under the problem and, where there is one, a hint. Exit code 1 if any file has\n"
        "an error (warnings alone do not fail), 2 if a file cannot be read."
    ),
    examples=(
        "rectilaw check policies/sasac.rules",
        "rectilaw check policies/*.rules",
        "rectilaw check --format json policies/*.rules      # for editors and CI",
        "rectilaw check - < draft.rules",
    ),
    configure=_configure,
    run=_run,
)
