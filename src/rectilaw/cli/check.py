"""``rectilaw check FILE...``: parse, check and analyse rule files; report every problem."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

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

if TYPE_CHECKING:
    from rectilaw.errors import Diagnostic

__all__ = ["COMMAND", "PROVERS", "diagnose"]

#: How the analysis decides (:data:`rectilaw.analysis.PROVERS`, named here so that ``--help``
#: does not import the analysis).
PROVERS = ("auto", "z3", "search")


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
    from rectilaw.analysis import analyze
    from rectilaw.errors import PolicyError
    from rectilaw.loader import policy_from_text

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
    parser.add_argument("--prover", choices=PROVERS, default="auto",
                        help="how the consistency analysis decides: z3 (exact, needs the "
                             "`analysis` extra), search (a bounded search for counterexamples: "
                             "finding none proves nothing) or auto (z3 where installed; default)")
    parser.add_argument("--no-analysis", action="store_true",
                        help="parse and check only: skip the consistency analysis")


def _run(args: argparse.Namespace, console: Console) -> int:
    found: list[Diagnostic] = []
    by_file: dict[str, list[Diagnostic]] = {}
    unreadable: dict[str, str] = {}
    for path in args.files:
        name = "<stdin>" if path == "-" else path
        try:
            text = read_text(path)
        except CommandError as problem:
            console.print(f"rectilaw check: {problem}", err=True)
            unreadable[name] = str(problem)
            continue
        try:
            diagnostics = diagnose(text, name, prover=None if args.no_analysis else args.prover)
        except ImportError as missing:
            raise CommandError(str(missing)) from None
        by_file[name] = diagnostics
        found.extend(diagnostics)
    errors = sum(1 for d in found if d.severity == "error")
    warnings = len(found) - errors
    if args.format == "json":
        console.print(to_json({
            "errors": errors,
            "warnings": warnings,
            "diagnostics": [d.to_dict() for d in found],
        }))
    elif args.format == "junit":
        console.out.write(_junit(args.files, by_file, unreadable))
    elif args.format == "sarif":
        from rectilaw import __version__
        from rectilaw.cli.sarif import sarif_log

        console.print(to_json(sarif_log(found, list(unreadable.values()), __version__)))
    elif found:
        for diagnostic in found:
            console.print(paint_diagnostic(console, diagnostic))
            console.print()
        console.print(_summary(errors, warnings, len(args.files)))
    if unreadable:
        return ERROR
    return FAILED if errors else OK


def _junit(paths: list[str], by_file: dict[str, list[Diagnostic]],
           unreadable: dict[str, str]) -> str:
    """One test case per file: failing with its errors, its warnings as output."""
    from rectilaw.cli.junit import JUnitCase, JUnitSuite, junit_xml

    cases = []
    for path in paths:
        name = "<stdin>" if path == "-" else path
        if name in unreadable:
            cases.append(JUnitCase(name, "rectilaw.check", file=name,
                                   error=(unreadable[name], unreadable[name])))
            continue
        diagnostics = by_file[name]
        failing = [d for d in diagnostics if d.severity == "error"]
        warned = [d for d in diagnostics if d.severity != "error"]
        failure = None
        if failing:
            head = failing[0]
            where = f"{head.span.line}:{head.span.column}: " if head.span is not None else ""
            count = f"{len(failing)} error{'' if len(failing) == 1 else 's'}"
            message = f"{count}; the first at {where}{head.code}: {head.message}"
            failure = (message, "\n\n".join(d.render() for d in failing))
        output = "\n\n".join(d.render() for d in warned) or None
        cases.append(JUnitCase(name, "rectilaw.check", file=name, failure=failure,
                               output=output))
    return junit_xml("rectilaw check", [JUnitSuite("rectilaw check", cases)])


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
        "no longer reported.\n\n"
        "--format json lists the diagnostics with their places; junit gives one test case\n"
        "per file, failing with its errors; sarif gives SARIF 2.1.0 with the diagnostic codes\n"
        "as rule ids."
    ),
    examples=(
        "rectilaw check policies/sasac.rules",
        "rectilaw check policies/*.rules",
        "rectilaw check --format json policies/*.rules      # for editors and CI",
        "rectilaw check -f junit -o check.xml policies/*.rules   # a CI test report",
        "rectilaw check -f sarif -o check.sarif policies/*.rules # for code scanning",
        "rectilaw check - < draft.rules",
        "rectilaw check --prover search draft.rules         # no solver: a search, not a proof",
        "rectilaw check --no-analysis draft.rules           # syntax, names and types only",
    ),
    configure=_configure,
    run=_run,
    formats=("text", "json", "junit", "sarif"),
)
