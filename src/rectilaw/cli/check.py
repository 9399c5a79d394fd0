"""``rectilaw check FILE...``: parse, check and analyse rule files; report every problem."""

from __future__ import annotations

import argparse

from rectilaw.analysis import PROVERS, analyze
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
from rectilaw.errors import Diagnostic, PolicyError
from rectilaw.loader import policy_from_text

__all__ = ["COMMAND", "diagnose"]


def diagnose(text: str, filename: str, *, prover: str | None = "auto") -> list[Diagnostic]:
    """Every error and warning of a rule file, sorted by position.

    Errors stop at the parser's first syntax error, else the checker reports all
    of its problems at once; a policy that checks gets its warnings and then the
    consistency analysis (:func:`rectilaw.analysis.analyze`) with ``prover``,
    whose errors and warnings are reported alike.  ``prover=None`` skips the
    analysis.  Notes of the analysis (overlaps resolved by first match,
    warnings the rule file explains) are not problems and are left out.  The file is
    loaded as :func:`rectilaw.load_policy` loads it (the evaluator compiled too), so that
    a file that checks also loads.
    """
    try:
        model = policy_from_text(text, filename=filename).model
    except PolicyError as error:
        return list(error.diagnostics)
    diagnostics = list(model.warnings)
    if prover is not None:
        report = analyze(model, prover=prover)
        seen = {(d.code, d.span) for d in diagnostics}
        diagnostics += [d for d in (*report.errors, *report.warnings)
                        if (d.code, d.span) not in seen]
    return sorted(diagnostics, key=lambda d: d.sort_key)


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE",
                        help="rule files to check; `-` reads one from standard input")
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="text for people (default), json for editors and CI")
    parser.add_argument("--prover", choices=PROVERS, default="auto",
                        help="how the consistency analysis decides: z3 (exact, needs the "
                             "`analysis` extra), search (a bounded search for counterexamples: "
                             "finding none proves nothing) or auto (z3 where installed; default)")
    parser.add_argument("--no-analysis", action="store_true",
                        help="parse and check only: skip the consistency analysis")


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
        try:
            found.extend(diagnose(text, "<stdin>" if path == "-" else path,
                                  prover=None if args.no_analysis else args.prover))
        except ImportError as missing:
            raise CommandError(str(missing)) from None
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
        "an error (warnings alone do not fail), 2 if a file cannot be read.\n\n"
        "A file that checks is analysed for consistency: status and stage rules that can never\n"
        "decide, findings no rule decides, actions that can never fire, ladder steps never\n"
        "reached, unused parameters, uncited clauses, decisions that change when only `today`\n"
        "moves. Each problem a finding can show comes with that finding, as JSON. A warning the\n"
        "text justifies is explained in the rule file with `# analysis: CODE: why` and is then\n"
        "no longer reported."
    ),
    examples=(
        "rectilaw check policies/sasac.rules",
        "rectilaw check policies/*.rules",
        "rectilaw check --format json policies/*.rules      # for editors and CI",
        "rectilaw check - < draft.rules",
        "rectilaw check --prover search draft.rules         # no solver: a search, not a proof",
        "rectilaw check --no-analysis draft.rules           # syntax, names and types only",
    ),
    configure=_configure,
    run=_run,
)
